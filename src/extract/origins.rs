//! Where a source's fields come from ([`crate::config::FieldOrigins`]),
//! compiled once and applied to each entity cut out of a file.

use super::path_expr::PathExpr;
use super::text::plain;
use crate::diagnostic::Span;
use crate::model::{CompactString, Field, Origin, Record, Value, Values};
use crate::parse::node::Node;
use crate::parse::Problem;
use regex::Regex;
use std::cell::{Cell, RefCell};

/// A regex with the group that holds the value, by index: looking a group
/// up by name costs a search of the names at every match.
#[derive(Clone, Debug)]
pub struct Capture {
    pub regex: Regex,
    group: usize,
}

impl Capture {
    /// Compiles `pattern`; it needs a group named `value` or `field`. The
    /// error says why, and whether it is the group that is missing.
    pub fn new(pattern: &str, field: &str) -> Result<Capture, (String, bool)> {
        let regex = crate::pattern::compile(pattern).map_err(|why| (why, false))?;
        let index_of = |wanted: &str| regex.capture_names().position(|name| name == Some(wanted));
        let group = index_of("value").or_else(|| index_of(field)).ok_or_else(|| {
            let why = format!(
                "the regex `{pattern}` has no group named `value` (or `{field}`) to take the value from"
            );
            (why, true)
        })?;
        Ok(Capture { regex, group })
    }

    /// Every match's group in `text[span]`, spans in the whole text.
    fn values(&self, text: &str, span: &Span) -> Vec<Value> {
        let Some(slice) = text.get(span.clone()).map(crate::pattern::haystack) else {
            return Vec::new();
        };
        self.regex
            .captures_iter(slice)
            .filter_map(|caps| caps.get(self.group))
            .filter_map(|m| {
                let text = plain(m.as_str());
                (!text.is_empty()).then(|| Value {
                    text: text.into(),
                    place: (span.start + m.start()..span.start + m.end()).into(),
                })
            })
            .collect()
    }
}

/// What a capture found in one span of one file, kept for the file's
/// other entities: a page's path and the headings around its entities are
/// the same for many of them, and a capture search costs thousands of
/// instructions. A memo lives for one file.
///
/// It also keeps the file's budget for values many entities share (a
/// frontmatter or `$` key, the path, an enclosing heading): each entity
/// gets its own copy, so a value shared by every entity of a file costs
/// their number times its length, and a 437 KB file made 7.6 GB.
pub struct CaptureMemo {
    found: RefCell<foldhash::HashMap<MemoKey, Vec<Value>>>,
    /// A `key` field's value from the document's shared tree, with the
    /// bytes a copy costs, by the field's rule and the tree (both by
    /// address).
    shared: RefCell<foldhash::HashMap<(usize, usize), Option<CostedField>>>,
    /// Bytes of shared values the file's entities may still be given.
    budget: Cell<usize>,
    /// Where the budget ran out, first.
    stopped: RefCell<Option<Span>>,
}

/// The capture (by address: the compiled source outlives the file), whether
/// the span is in the path rather than the text, and the span.
type MemoKey = (usize, bool, usize, usize);

/// A field and the bytes a copy of it costs.
type CostedField = (Field, usize);

/// The bytes of shared values a file's entities may be given in all:
/// this many for each byte of the file, and a floor for small files.
const SHARED_PER_BYTE: usize = 8;
const SHARED_FLOOR: usize = 1 << 20;

impl CaptureMemo {
    /// A memo for a file of `text_len` bytes.
    pub fn for_file(text_len: usize) -> CaptureMemo {
        CaptureMemo {
            found: RefCell::default(),
            shared: RefCell::default(),
            budget: Cell::new(
                SHARED_FLOOR.saturating_add(text_len.saturating_mul(SHARED_PER_BYTE)),
            ),
            stopped: RefCell::new(None),
        }
    }

    /// Whether one more entity may be given `bytes` of a value shared
    /// from `at`; when not, `at` is kept for [`CaptureMemo::stopped`].
    fn spend(&self, bytes: usize, at: &Span) -> bool {
        match self.budget.get().checked_sub(bytes) {
            Some(left) => {
                self.budget.set(left);
                true
            }
            None => {
                self.stopped.borrow_mut().get_or_insert_with(|| at.clone());
                false
            }
        }
    }

    /// The problem of a file whose entities were not all given a shared
    /// value: the budget ran out.
    pub fn stopped(&self) -> Option<Problem> {
        let span = self.stopped.borrow_mut().take()?;
        Some(Problem {
            message: format!(
                "values shared by many entities (a frontmatter or `$` key, the path, an enclosing heading) came to more than planlint copies from one file ({SHARED_PER_BYTE} bytes for each of its bytes); the entities after this point were not given them"
            ),
            span,
            help: Some(
                "take a shorter value, or write it in each entity: a value every entity shares is usually one a few of them need".into(),
            ),
        })
    }

    /// `with` applied to [`Capture::values`] of `haystack[span]`, found once
    /// per file and lent, not copied: a copy of the values cost an
    /// allocation per entity and field.
    fn with<R>(
        &self,
        capture: &Capture,
        in_path: bool,
        haystack: &str,
        span: &Span,
        with: impl FnOnce(&[Value]) -> R,
    ) -> R {
        let key = (
            std::ptr::from_ref(capture) as usize,
            in_path,
            span.start,
            span.end,
        );
        if let Some(found) = self.found.borrow().get(&key) {
            return with(found);
        }
        let found = capture.values(haystack, span);
        let answer = with(&found);
        self.found.borrow_mut().insert(key, found);
        answer
    }
}

/// The field a `key` path reaches from `root`: every node it reaches, in
/// order, one value or more each.
fn key_field(expr: &PathExpr, root: &Node) -> Option<Field> {
    let mut found: Option<Field> = None;
    for reached in expr.eval(root) {
        let node = &reached.node.span;
        let field = super::fields::data_field(Origin::DataKey, node.clone(), reached.node);
        found = Some(match found {
            None => field,
            Some(mut all) => {
                let span = all.span();
                all.place = (span.start.min(node.start)..span.end.max(node.end)).into();
                all.values.extend(field.values);
                all.tasks.extend(field.tasks);
                all
            }
        });
    }
    found
}

/// One field's compiled origins.
#[derive(Clone, Debug, Default)]
pub struct FieldRule {
    /// `key` paths, in order: the first that reaches a value gives it
    /// (`key = "backend_engineering_manager | em"`); empty for none.
    pub key: Vec<PathExpr>,
    pub column: Option<String>,
    pub heading: Option<Capture>,
    pub path: Option<Capture>,
    pub enclosing: Option<Capture>,
    pub default: Option<String>,
    /// Lowercased, trimmed value → replacement.
    pub map: Vec<(String, String)>,
}

/// What an entity offers the origins besides its record.
pub struct Context<'a> {
    pub text: &'a str,
    pub path: &'a str,
    /// The tree `key` paths start from: the entity's data node, or the
    /// document's frontmatter.
    pub node: Option<&'a Node>,
    /// The document's whole tree (its data, or its frontmatter), where a
    /// `$.` path starts.
    pub root: Option<&'a Node>,
    /// Table mode: the row's cells by normalised header.
    pub cells: &'a [(CompactString, Values, Span)],
    /// The enclosing headings' text, nearest first; in data mode, the
    /// values of the entries around the entity.
    pub enclosing: &'a [Span],
    /// What `enclosing` is: headings, or the entries around a data entity.
    pub enclosing_origin: Origin,
    /// The file's path and heading captures so far.
    pub memo: &'a CaptureMemo,
}

impl FieldRule {
    /// The field from the first origin that yields: what the entity itself
    /// says (`key`, `column`, `heading`, then what the document wrote under
    /// the field's names, `existing`), then its context (`path`,
    /// `enclosing`), then the default; then mapped.
    pub fn apply(
        &self,
        record: &Record,
        existing: Option<Field>,
        context: &Context,
    ) -> Option<Field> {
        let found = self
            .key_value(context)
            .or_else(|| self.column_value(context))
            .or_else(|| {
                let capture = self.heading.as_ref()?;
                let values = capture.values(context.text, &record.anchor);
                (!values.is_empty())
                    .then(|| Field::new(Origin::HeadingRegex, record.anchor.clone(), values))
            })
            .or(existing)
            .or_else(|| {
                let capture = self.path.as_ref()?;
                let (memo, whole) = (context.memo, 0..context.path.len());
                let values: Values = memo.with(capture, true, context.path, &whole, |found| {
                    found
                        .iter()
                        .map(|v| Value {
                            text: v.text.clone(),
                            place: record.anchor.clone().into(),
                        })
                        .collect()
                });
                let bytes = (values.iter())
                    .map(|v| v.text.len() + std::mem::size_of::<Value>())
                    .sum();
                (!values.is_empty() && memo.spend(bytes, &record.anchor))
                    .then(|| Field::new(Origin::PathRegex, record.anchor.clone(), values))
            })
            .or_else(|| {
                let capture = self.enclosing.as_ref()?;
                let (memo, text) = (context.memo, context.text);
                context.enclosing.iter().find_map(|heading| {
                    let first = memo.with(capture, false, text, heading, |found| {
                        found.first().cloned()
                    })?;
                    if !memo.spend(first.text.len() + std::mem::size_of::<Value>(), heading) {
                        return None;
                    }
                    Some(Field::new(
                        context.enclosing_origin,
                        first.span(),
                        smallvec::smallvec![first],
                    ))
                })
            })
            .or_else(|| {
                let text = self.default.clone()?;
                Some(Field::new(
                    Origin::Default,
                    record.anchor.clone(),
                    smallvec::smallvec![Value {
                        text: text.into(),
                        place: record.anchor.clone().into(),
                    }],
                ))
            });
        found.map(|mut field| {
            self.map_values(&mut field);
            field
        })
    }

    /// Whether the field has an origin besides the document's own field
    /// under its names: without one, [`FieldRule::apply`] gives that field
    /// back, mapped, and the caller may map it where it is.
    pub fn has_origins(&self) -> bool {
        !self.key.is_empty()
            || self.column.is_some()
            || self.heading.is_some()
            || self.path.is_some()
            || self.enclosing.is_some()
            || self.default.is_some()
    }

    /// Replaces the values the `map` names.
    pub fn map_values(&self, field: &mut Field) {
        // Most fields map no values: no value is lowercased for them.
        if self.map.is_empty() {
            return;
        }
        for value in &mut field.values {
            let key = value.text.trim().to_lowercase();
            if let Some((_, to)) = self.map.iter().find(|(from, _)| *from == key) {
                value.text = to.as_str().into();
                field.mapped = true;
            }
        }
    }

    fn key_value(&self, context: &Context) -> Option<Field> {
        self.key
            .iter()
            .find_map(|expr| Self::path_value(expr, context))
    }

    /// The field one `key` path reaches.
    fn path_value(expr: &PathExpr, context: &Context) -> Option<Field> {
        let root = if expr.starts_at_root() {
            context.root?
        } else {
            context.node?
        };
        // The document's tree is shared by all of its entities: its value
        // is found once per file, and each entity's copy is budgeted.
        if !context.root.is_some_and(|tree| std::ptr::eq(tree, root)) {
            return key_field(expr, root);
        }
        let memo = context.memo;
        let key = (
            std::ptr::from_ref(expr) as usize,
            std::ptr::from_ref(root) as usize,
        );
        if !memo.shared.borrow().contains_key(&key) {
            let found = key_field(expr, root).map(|field| {
                // A value costs its text and its place in memory.
                let bytes = (field.values.iter())
                    .map(|v| v.text.len() + std::mem::size_of::<Value>())
                    .sum::<usize>()
                    + (field.tasks.iter())
                        .map(|t| t.text.len() + std::mem::size_of::<crate::model::Task>())
                        .sum::<usize>();
                (field, bytes)
            });
            memo.shared.borrow_mut().insert(key, found);
        }
        let shared = memo.shared.borrow();
        let (field, bytes) = shared.get(&key)?.as_ref()?;
        // Copied only when the budget allows: the check comes first.
        memo.spend(*bytes, &field.span()).then(|| field.clone())
    }

    fn column_value(&self, context: &Context) -> Option<Field> {
        let wanted = crate::parse::normalize_name(self.column.as_ref()?);
        let (_, values, span) = context.cells.iter().find(|(name, _, _)| *name == wanted)?;
        Some(Field::new(Origin::Column, span.clone(), values.clone()))
    }
}
