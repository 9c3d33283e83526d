//! The names fields go by, fields from a frontmatter or data-file mapping,
//! and how fields from several places of one document are combined.

use crate::diagnostic::Span;
use crate::model::{CompactString, Field, Fields, Origin, Record, Task, Value, Values};
use crate::parse;
use crate::parse::markdown::{TaskItem, Text};
use crate::parse::node::{Node, NodeKind};
use std::cell::RefCell;
use std::sync::atomic::{AtomicU64, Ordering};

/// The names fields go by, from the configuration.
#[derive(Clone, Debug, Default)]
pub struct FieldNames {
    /// Normalised field or section name → canonical field name.
    aliases: foldhash::HashMap<String, String>,
    /// The normalised names a source gives its fields (`owner = ["project
    /// leads"]`): a label by one of these is the field wherever it is
    /// written, not only above the first section.
    source_names: foldhash::HashSet<String>,
    /// The fields those names feed, each once, in name order: asked of
    /// every document, so kept rather than gathered each time.
    source_named_fields: Vec<String>,
    /// Which aliases these are, for the memo of [`FieldNames::canonical`]:
    /// a new number whenever they are made or changed (0: none at all).
    generation: u64,
}

/// The last generation handed out.
static GENERATIONS: AtomicU64 = AtomicU64::new(0);

/// The most names one thread's memo holds before it starts afresh: a plan
/// has a few dozen, and a hostile one cannot make it grow.
const MEMO_NAMES: usize = 256;

/// Longer names are not memoized, so the memo stays small.
const MEMO_NAME_BYTES: usize = 64;

/// Canonical names as a thread last found them, for one generation of
/// aliases. The same headings and keys recur in every document, and
/// normalising a name and looking it up cost 500 instructions, 2% of a
/// 10,000-goal check.
#[derive(Default)]
struct Memo {
    generation: u64,
    names: foldhash::HashMap<CompactString, CompactString>,
}

thread_local! {
    static MEMO: RefCell<Memo> = RefCell::default();
}

impl FieldNames {
    /// Field names with these aliases (normalised name → canonical name).
    pub fn new(aliases: foldhash::HashMap<String, String>) -> FieldNames {
        FieldNames {
            aliases,
            source_names: Default::default(),
            source_named_fields: Vec::new(),
            generation: GENERATIONS.fetch_add(1, Ordering::Relaxed) + 1,
        }
    }

    /// Adds a name the source gives field `canonical` (normalised).
    pub fn insert_source_name(&mut self, name: String, canonical: String) {
        self.source_names.insert(name.clone());
        if let Err(at) = self.source_named_fields.binary_search(&canonical) {
            self.source_named_fields.insert(at, canonical.clone());
        }
        self.insert_alias(name, canonical);
    }

    /// Whether `label` is a name the source gave one of its fields.
    pub fn is_source_name(&self, label: &str) -> bool {
        !self.source_names.is_empty()
            && self
                .source_names
                .contains(parse::normalize_name(label).as_str())
    }

    /// The fields the source gave names to, each once, in name order.
    pub fn source_named_fields(&self) -> &[String] {
        &self.source_named_fields
    }

    /// Normalised field or section name → canonical field name.
    pub fn aliases(&self) -> &foldhash::HashMap<String, String> {
        &self.aliases
    }

    /// Adds (or replaces) an alias.
    pub fn insert_alias(&mut self, name: String, canonical: String) {
        self.aliases.insert(name, canonical);
        self.generation = GENERATIONS.fetch_add(1, Ordering::Relaxed) + 1;
    }

    /// The canonical name for a field or section name as written.
    pub fn canonical(&self, name: &str) -> CompactString {
        if name.len() > MEMO_NAME_BYTES {
            return self.canonical_of(name);
        }
        MEMO.with_borrow_mut(|memo| {
            if memo.generation != self.generation {
                memo.names.clear();
                memo.generation = self.generation;
            }
            if let Some(found) = memo.names.get(name) {
                return found.clone();
            }
            let found = self.canonical_of(name);
            if memo.names.len() >= MEMO_NAMES {
                memo.names.clear();
            }
            memo.names.insert(name.into(), found.clone());
            found
        })
    }

    /// [`FieldNames::canonical`], worked out.
    fn canonical_of(&self, name: &str) -> CompactString {
        let normal = parse::normalize_name(name);
        match self.aliases.get(normal.as_str()) {
            Some(alias) => alias.as_str().into(),
            None => normal,
        }
    }
}

/// One field per key: a scalar is one value, a list one value per item,
/// null or an empty string no value. Nested mappings are flattened into
/// `parent.child` fields.
pub(crate) fn from_map(
    entries: &[(String, Span, Node)],
    options: &FieldNames,
    origin: Origin,
) -> Fields {
    let mut out = Fields::new();
    add_entries(entries, None, options, origin, &mut out);
    out
}

fn add_entries(
    entries: &[(String, Span, Node)],
    parent: Option<&str>,
    options: &FieldNames,
    origin: Origin,
    out: &mut Fields,
) {
    for (key, key_span, node) in entries {
        // A top-level key is borrowed: only a nested one is a new string.
        let path: std::borrow::Cow<str> = match parent {
            Some(parent) => format!("{parent}.{key}").into(),
            None => key.into(),
        };
        if let NodeKind::Map(children) = &node.kind {
            // Node trees are at most MAX_DEPTH deep, so this recursion is bounded.
            add_entries(children, Some(&path), options, origin, out);
            continue;
        }
        let name = options.canonical(&path);
        if name.is_empty() {
            continue;
        }
        let field = data_field(
            origin,
            key_span.start..key_span.end.max(node.span.end),
            node,
        );
        merge(out, name, field);
    }
}

/// The keys, most telling first, whose scalar stands for a mapping in a
/// list: `members: [{name: Jane Doe, github: jdoe, role: EM}]` names
/// `jdoe` (a handle is how owners are usually written, and `@jdoe` and
/// `jdoe` are one person), `key_results: [{description: ..., target: 0.9}]`
/// its description.
const ITEM_KEYS: &[&str] = &[
    "github",
    "handle",
    "login",
    "username",
    "user",
    "name",
    "email",
    "id",
    "title",
    "description",
    "text",
    "summary",
    "result",
    "value",
];

/// The keys of a list item that say whether it is done: `- metric: ...`
/// with `done: true` is a ticked criterion, as `- [x] ...` is in Markdown.
const DONE_KEYS: &[&str] = &[
    "done",
    "completed",
    "complete",
    "checked",
    "achieved",
    "met",
];

/// The keys of a list item that name its state: `state: DONE` or
/// `status: todo` says whether the item is done when the word is one of
/// [`DONE_STATES`] or [`OPEN_STATES`]; any other word says nothing.
const STATE_KEYS: &[&str] = &["state", "status"];

/// States that mean an item is done, compared without case.
const DONE_STATES: &[&str] = &[
    "done",
    "complete",
    "completed",
    "closed",
    "finished",
    "shipped",
    "delivered",
    "resolved",
    "achieved",
];

/// States that mean an item is not done yet, compared without case.
const OPEN_STATES: &[&str] = &[
    "todo",
    "to do",
    "open",
    "pending",
    "planned",
    "not started",
    "started",
    "in progress",
    "in-progress",
    "doing",
    "wip",
    "blocked",
];

/// Whether `key: text` in a list item's mapping says the item is done
/// (`done: true`, `state: DONE`) or not (`done: false`, `status: todo`);
/// `None` when it is no such flag.
fn done_by(key: &str, text: &str) -> Option<bool> {
    let name = crate::parse::normalize_name(key);
    let word = text.trim();
    let among = |words: &[&str]| words.iter().any(|w| word.eq_ignore_ascii_case(w));
    if DONE_KEYS.contains(&name.as_ref()) {
        Some(among(&["true", "yes", "done", "x"]))
    } else if STATE_KEYS.contains(&name.as_ref()) {
        if among(DONE_STATES) {
            Some(true)
        } else {
            among(OPEN_STATES).then_some(false)
        }
    } else {
        None
    }
}

/// What stands for a mapping in a list: the scalar under the first of
/// [`ITEM_KEYS`] it has; else, leaving out its done flag ([`done_by`]),
/// its only scalar; else its scalars as `key: value` pairs, so that a key
/// result `{metric: refunds, target: 3}` is one criterion, not none.
enum Item<'a> {
    One(&'a Node),
    Pairs(String),
    Nothing,
}

fn item_of(entries: &[(String, Span, Node)]) -> Item<'_> {
    let scalars =
        || (entries.iter()).filter(|(_, _, node)| matches!(node.kind, NodeKind::Scalar(_)));
    // Each key is normalised once, whatever the number of telling keys.
    let rank = |key: &str| {
        let name = crate::parse::normalize_name(key);
        ITEM_KEYS.iter().position(|wanted| *wanted == name)
    };
    let named = scalars()
        .filter_map(|(key, _, node)| rank(key).map(|at| (at, node)))
        .min_by_key(|(at, _)| *at)
        .map(|(_, node)| node);
    if let Some(node) = named {
        return Item::One(node);
    }
    let is_flag = |key: &str, node: &Node| match &node.kind {
        NodeKind::Scalar(text) => done_by(key, text).is_some(),
        _ => false,
    };
    let said: Vec<(&String, &Node)> = scalars()
        .filter(|(key, _, node)| !is_flag(key, node))
        .map(|(key, _, node)| (key, node))
        .collect();
    match said.as_slice() {
        [] => Item::Nothing,
        [(_, only)] => Item::One(only),
        pairs => Item::Pairs(
            pairs
                .iter()
                .filter_map(|(key, node)| match &node.kind {
                    NodeKind::Scalar(text) => Some(format!("{key}: {}", crate::text::trim(text))),
                    _ => None,
                })
                .collect::<Vec<_>>()
                .join("; "),
        ),
    }
}

/// Whether a list item's mapping says it is done ([`done_by`]); `None`
/// when it says nothing of it.
fn done_flag(entries: &[(String, Span, Node)]) -> Option<bool> {
    entries.iter().find_map(|(key, _, node)| match &node.kind {
        NodeKind::Scalar(text) => done_by(key, text),
        _ => None,
    })
}

/// The field a data value makes: its scalars, lists flattened, a mapping
/// inside a list as the scalar [`item_of`] finds in it; the items that
/// carry a done flag are its tasks too.
#[inline]
pub(crate) fn data_field(origin: Origin, span: Span, node: &Node) -> Field {
    let mut field = Field::new(origin, span, Values::new());
    collect_in(node, true, false, &mut field.values, &mut field.tasks);
    field
}

/// Collects `node`'s values (and tasks) into `out`; `top` for the field's
/// own value (a mapping there is no item), `flagged` for the items of a
/// list where some item says whether it is done: those that say nothing
/// are not done.
fn collect_in(
    node: &Node,
    top: bool,
    flagged: bool,
    out: &mut Values,
    tasks: &mut thin_vec::ThinVec<Task>,
) {
    match &node.kind {
        NodeKind::Null => {}
        NodeKind::Map(entries) => {
            if !top {
                let before = out.len();
                match item_of(entries) {
                    Item::One(item) => collect_in(item, false, false, out, tasks),
                    Item::Pairs(text) => out.push(Value {
                        text: text.into(),
                        place: node.span.clone().into(),
                    }),
                    Item::Nothing => {}
                }
                let checked = done_flag(entries).or(flagged.then_some(false));
                if let (Some(checked), Some(value)) = (checked, out.get(before)) {
                    tasks.push(Task {
                        checked,
                        text: value.text.clone(),
                        place: value.place,
                    });
                }
            }
        }
        NodeKind::Scalar(text) => {
            let text = crate::text::trim(text);
            if !text.is_empty() {
                out.push(Value {
                    text: text.into(),
                    place: node.span.clone().into(),
                });
            }
        }
        NodeKind::List(items) => {
            let flagged = items
                .iter()
                .any(|item| matches!(&item.kind, NodeKind::Map(e) if done_flag(e).is_some()));
            for item in items {
                collect_in(item, false, flagged, out, tasks);
            }
        }
    }
}

/// Adds a field; a second field with the same canonical name (an alias of
/// the first, or a repeated section) adds its values and tasks to the first.
pub(crate) fn merge(out: &mut Fields, name: CompactString, field: Field) {
    match out.get_mut(&name) {
        Some(existing) => {
            existing.values.extend(field.values);
            existing.tasks.extend(field.tasks);
        }
        None => {
            out.insert(name, field);
        }
    }
}

/// Layers fields by precedence: a name in `stronger` replaces the same name
/// in `weaker` entirely (its values are not mixed).
pub(crate) fn overlay(weaker: &mut Fields, stronger: Fields) {
    weaker.extend(stronger);
}

/// Clamps every span of a record (see [`clamp`]). Every extractor finishes
/// a record here, so it also gives back the room its field and value lists
/// grew but will not use: the records live to the end of the run.
pub(crate) fn clamp_record(text: &str, record: &mut Record) {
    record.span = parse::clamp(text, &record.span);
    record.anchor = parse::clamp(text, &record.anchor);
    record.fields.shrink_to_fit();
    for field in record.fields.values_mut() {
        field.place = parse::clamp(text, &field.span()).into();
        for value in &mut field.values {
            value.place = parse::clamp(text, &value.span()).into();
        }
        for task in &mut field.tasks {
            task.place = parse::clamp(text, &task.span()).into();
        }
    }
}

impl From<Text> for Value {
    fn from(text: Text) -> Value {
        Value {
            text: text.text.into(),
            place: text.span.into(),
        }
    }
}

impl From<TaskItem> for Task {
    fn from(item: TaskItem) -> Task {
        Task {
            checked: item.checked,
            text: item.text.into(),
            place: item.span.into(),
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn parse(text: &str, options: &FieldNames) -> Fields {
        match crate::parse::data_tree(text, "x.yaml").unwrap().kind {
            NodeKind::Map(entries) => from_map(&entries, options, Origin::DataKey),
            other => panic!("expected a map, got {other:?}"),
        }
    }

    fn texts(field: &Field) -> Vec<&str> {
        field.values.iter().map(|v| v.text.as_str()).collect()
    }

    #[test]
    fn scalars_lists_and_empty_values() {
        let text = "owner: \"@bob\"\nmembers:\n  - \"@a\"\n  - \"@b\"\nrisks:\nwhy: \"\"\nn: 3\n";
        let fields = parse(text, &FieldNames::default());
        assert_eq!(texts(&fields["owner"]), ["@bob"]);
        assert_eq!(fields["owner"].origin, Origin::DataKey);
        assert_eq!(&text[fields["owner"].values[0].span()], "\"@bob\"");
        assert_eq!(&text[fields["owner"].span()], "owner: \"@bob\"");
        assert_eq!(texts(&fields["members"]), ["@a", "@b"]);
        assert_eq!(
            &text[fields["members"].span()],
            "members:\n  - \"@a\"\n  - \"@b\""
        );
        assert!(fields["risks"].values.is_empty());
        assert_eq!(&text[fields["risks"].span()], "risks");
        assert!(fields["why"].values.is_empty());
        assert_eq!(texts(&fields["n"]), ["3"]);
    }

    #[test]
    fn keys_go_through_aliases_and_nested_maps_flatten() {
        let options = FieldNames::new(
            [
                ("dri".to_owned(), "owner".to_owned()),
                ("links.repo".to_owned(), "repository".to_owned()),
            ]
            .into_iter()
            .collect(),
        );
        let text = "DRI: \"@bob\"\nlinks:\n  repo: x\n  Docs Page: y\n";
        let fields = parse(text, &options);
        assert_eq!(texts(&fields["owner"]), ["@bob"]);
        assert_eq!(texts(&fields["repository"]), ["x"]);
        assert_eq!(texts(&fields["links.docs_page"]), ["y"]);
        assert!(!fields.contains_key("links"));
    }

    #[test]
    fn aliased_keys_merge_their_values() {
        let options = FieldNames::new(
            [("dri".to_owned(), "owner".to_owned())]
                .into_iter()
                .collect(),
        );
        let fields = parse("owner: \"@a\"\ndri: \"@b\"\n", &options);
        assert_eq!(texts(&fields["owner"]), ["@a", "@b"]);
    }

    fn names(pairs: &[(&str, &str)]) -> FieldNames {
        FieldNames::new(
            pairs
                .iter()
                .map(|(name, canonical)| (name.to_string(), canonical.to_string()))
                .collect(),
        )
    }

    #[test]
    fn a_memoized_name_follows_the_aliases_it_was_found_with() {
        let mut first = names(&[("dri", "owner")]);
        let second = names(&[("dri", "lead")]);
        // The same thread asks both in turn: each gets its own answer.
        for _ in 0..2 {
            assert_eq!(first.canonical("DRI:"), "owner");
            assert_eq!(second.canonical("DRI:"), "lead");
        }
        // A copy answers as its original; a change is seen at once.
        let copy = first.clone();
        assert_eq!(copy.canonical("DRI:"), "owner");
        first.insert_alias("dri".into(), "sponsor".into());
        assert_eq!(first.canonical("DRI:"), "sponsor");
        assert_eq!(copy.canonical("DRI:"), "owner");
        // Names too long to memoize, and more names than the memo holds.
        let long = format!("Done {}", "when ".repeat(20));
        assert_eq!(first.canonical(&long), first.canonical_of(&long));
        for n in 0..(MEMO_NAMES * 2) {
            let name = format!("Field {n}");
            assert_eq!(first.canonical(&name), format!("field_{n}").as_str());
        }
        assert_eq!(first.canonical("DRI:"), "sponsor");
    }

    /// Names that the aliases above map, in several spellings, among any
    /// Unicode: the same name comes back often, under each alias set.
    fn name() -> impl proptest::strategy::Strategy<Value = String> {
        use proptest::prelude::*;
        prop_oneof![
            proptest::sample::select(vec!["DRI", "dri:", " Dri ", "É", "é", "owner"])
                .prop_map(String::from),
            "\\PC{0,12}",
        ]
    }

    proptest::proptest! {
        /// Asked in any order, on any names, the memo answers what working
        /// the name out answers.
        #[test]
        fn the_memo_answers_what_the_aliases_say(
            asks in proptest::collection::vec((0usize..3, name()), 0..40),
        ) {
            let all = [
                names(&[("dri", "owner")]),
                names(&[("dri", "lead"), ("é", "accent")]),
                names(&[]),
            ];
            for (which, name) in asks {
                let options = &all[which];
                proptest::prop_assert_eq!(options.canonical(&name), options.canonical_of(&name));
            }
        }
    }
}
