//! Message and help templates: `{name}` placeholders and
//! `{name:singular|plural}` choices. A rule's templates are read into
//! pieces once, when the rule loads; each finding then fills the pieces
//! without reading the braces again. Read per finding, the braces cost a
//! twentieth of a check that reports 30,000 findings.

use smallvec::SmallVec;
use std::ops::Range;

/// A template read into its pieces, with the text they are parts of.
#[derive(Clone, Debug)]
pub(super) struct Template {
    text: String,
    pieces: Vec<Piece>,
}

/// One part of a [`Template`], as byte ranges of its text.
#[derive(Clone, Debug, PartialEq, Eq)]
enum Piece {
    /// Text as written, including any `{` that starts no placeholder.
    Text(Range<usize>),
    /// `{name}`: the name, and the whole placeholder, which shows as
    /// written when nothing fills the name.
    Name {
        name: Range<usize>,
        written: Range<usize>,
    },
    /// `{name:one|other}`.
    Choice {
        name: Range<usize>,
        one: Range<usize>,
        other: Range<usize>,
        written: Range<usize>,
    },
}

impl Template {
    /// Reads `text` as [`brace`] reads each `{`: a malformed choice and a
    /// `{` that starts no name are text.
    pub(super) fn new(text: String) -> Template {
        let mut pieces = Vec::new();
        let (mut text_from, mut at) = (0, 0);
        while let Some(open) = text.get(at..).and_then(|rest| rest.find('{')) {
            let start = at + open;
            let (found, len) = brace(text.get(start..).unwrap_or(""));
            let piece = match found {
                Brace::Name(name) => {
                    let name = start + 1..start + 1 + name.len();
                    Piece::Name {
                        name,
                        written: start..start + len,
                    }
                }
                Brace::Choice { name, one, other } => {
                    let name = start + 1..start + 1 + name.len();
                    let one = name.end + 1..name.end + 1 + one.len();
                    let other = one.end + 1..one.end + 1 + other.len();
                    Piece::Choice {
                        name,
                        one,
                        other,
                        written: start..start + len,
                    }
                }
                Brace::Malformed(_) | Brace::Text => {
                    at = start + 1;
                    continue;
                }
            };
            if text_from < start {
                pieces.push(Piece::Text(text_from..start));
            }
            pieces.push(piece);
            at = start + len;
            text_from = at;
        }
        if text_from < text.len() {
            pieces.push(Piece::Text(text_from..text.len()));
        }
        Template { text, pieces }
    }

    /// The template as written.
    pub(super) fn as_str(&self) -> &str {
        &self.text
    }

    fn part(&self, range: &Range<usize>) -> &str {
        self.text.get(range.clone()).unwrap_or("")
    }

    /// The template with each `{name}` replaced by its variable and each
    /// `{name:singular|plural}` by the form its variable's number calls for
    /// ([`Fill::is_one`]); names `vars` does not fill stay as written.
    pub(super) fn fill<'v>(&self, vars: impl Fn(&str) -> Option<Fill<'v>>) -> String {
        self.render(vars, Numbers::Counted).0
    }

    /// [`Template::fill`], choosing by numbers as `numbers` says; with
    /// whether a number chose a singular form (then the message and its
    /// identity differ). Each name is asked once, and the text is made in
    /// one allocation of its final size.
    pub(super) fn render<'v>(
        &self,
        vars: impl Fn(&str) -> Option<Fill<'v>>,
        numbers: Numbers,
    ) -> (String, bool) {
        let mut fills: SmallVec<[Option<Fill<'v>>; 8]> = SmallVec::new();
        let mut len = 0;
        for piece in &self.pieces {
            match piece {
                Piece::Text(range) => len += range.len(),
                Piece::Name { name, written } => {
                    let fill = vars(self.part(name));
                    len += fill.map_or(written.len(), |f| bounded_len(f.text));
                    fills.push(fill);
                }
                Piece::Choice {
                    name,
                    one,
                    other,
                    written,
                } => {
                    let fill = vars(self.part(name));
                    len += fill.map_or(written.len(), |_| one.len().max(other.len()));
                    fills.push(fill);
                }
            }
        }
        let mut out = String::with_capacity(len);
        let mut number_was_one = false;
        let mut fills = fills.into_iter();
        for piece in &self.pieces {
            match piece {
                Piece::Text(range) => out.push_str(self.part(range)),
                Piece::Name { written, .. } => match fills.next().flatten() {
                    Some(fill) => push_bounded(&mut out, fill.text),
                    None => out.push_str(self.part(written)),
                },
                Piece::Choice {
                    one,
                    other,
                    written,
                    ..
                } => match fills.next().flatten() {
                    Some(fill) => {
                        let counted = fill.items.is_none();
                        let singular = fill.is_one() && !(counted && numbers == Numbers::Plural);
                        number_was_one |= counted && fill.is_one();
                        out.push_str(self.part(if singular { one } else { other }));
                    }
                    None => out.push_str(self.part(written)),
                },
            }
        }
        (out, number_was_one)
    }
}

/// A placeholder's value as a message fills it: its text, and how many
/// items it names when it is a list (`{values}`, `{entities}`,
/// `{allowed}`, an option's array).
#[derive(Clone, Copy, Debug)]
pub(super) struct Fill<'v> {
    pub(super) text: &'v str,
    pub(super) items: Option<usize>,
}

impl<'v> Fill<'v> {
    pub(super) fn text(text: &'v str) -> Self {
        Fill { text, items: None }
    }

    /// Whether a choice keyed on this value takes its singular form: a list
    /// of one item, or the number 1. Anything else (0, 2, a word) is plural.
    fn is_one(self) -> bool {
        match self.items {
            Some(items) => items == 1,
            None => self.text == "1",
        }
    }
}

/// What one `{` of a template starts, as [`brace`] reads it.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
enum Brace<'t> {
    /// `{name}`.
    Name(&'t str),
    /// `{name:singular|plural}`.
    Choice {
        name: &'t str,
        one: &'t str,
        other: &'t str,
    },
    /// `{name:` not followed by two forms and a `}`: the text from the `{`
    /// to where the choice stops (its `}`, the next `{`, or the end).
    Malformed(&'t str),
    /// Anything else: the `{` is text.
    Text,
}

/// Whether `c` may be in a placeholder's name.
fn is_name_char(c: char) -> bool {
    c.is_ascii_alphanumeric() || c == '-' || c == '_'
}

/// Reads the placeholder or choice at the start of `at`, which starts with
/// `{`, and how many bytes of `at` it takes (1, the `{`, when it is text).
/// A name is letters, digits, `-` and `_`, and a choice's forms hold no
/// `{`, `}` or `|`, so the scan stops at the first `{` after this one:
/// reading every `{` of a template is linear in it, whatever it holds.
fn brace(at: &str) -> (Brace<'_>, usize) {
    let after = at.get(1..).unwrap_or("");
    let name_len = after.find(|c| !is_name_char(c)).unwrap_or(after.len());
    let (name, tail) = after.split_at(name_len);
    if name.is_empty() {
        return (Brace::Text, 1);
    }
    if tail.starts_with('}') {
        return (Brace::Name(name), name_len + 2);
    }
    let Some(body) = tail.strip_prefix(':') else {
        return (Brace::Text, 1);
    };
    let stop = body.find(['{', '}']).unwrap_or(body.len());
    let (forms, rest) = body.split_at(stop);
    // `{`, the name, `:`, the forms, and the `}` when there is one.
    let closed = rest.starts_with('}');
    let len = 1 + name_len + 1 + stop + usize::from(closed);
    let written = at.get(..len).unwrap_or(at);
    match forms.split_once('|') {
        Some((one, other)) if closed && !other.contains('|') => {
            (Brace::Choice { name, one, other }, len)
        }
        _ => (Brace::Malformed(written), len),
    }
}

/// How [`Template::render`] chooses by a number (a list chooses by its items
/// either way).
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub(super) enum Numbers {
    /// The singular form for 1, as messages read.
    Counted,
    /// Always the plural form: the message as a finding's identity reads
    /// it, where numbers are masked (`#`) and so are the words they chose.
    Plural,
}

/// The most bytes of one value a message shows: a finding stays a line,
/// whatever an id or a title holds (a 5 MB id made every line of the
/// goal's findings 5 MB).
pub(super) const MAX_VALUE_BYTES: usize = 200;

/// How many bytes [`push_bounded`] appends of `value`.
fn bounded_len(value: &str) -> usize {
    if value.len() <= MAX_VALUE_BYTES {
        value.len()
    } else {
        MAX_VALUE_BYTES + '…'.len_utf8()
    }
}

/// Appends `value`, cut at [`MAX_VALUE_BYTES`] (on a character boundary)
/// with `…` when it is longer.
pub(super) fn push_bounded(out: &mut String, value: &str) {
    if value.len() <= MAX_VALUE_BYTES {
        out.push_str(value);
        return;
    }
    let mut end = MAX_VALUE_BYTES;
    while !value.is_char_boundary(end) {
        end -= 1;
    }
    out.push_str(value.get(..end).unwrap_or(""));
    out.push('…');
}

/// A placeholder or choice a template uses: the name it reads, and the
/// text that uses it (`{count}`, `{count:item|items}`).
pub(super) type Use<'t> = (&'t str, &'t str);

/// The placeholders and choices of a template, as [`render`] finds them;
/// `Err` with the text of the first malformed choice.
pub(super) fn template_uses(template: &str) -> Result<Vec<Use<'_>>, &str> {
    let mut uses = Vec::new();
    let mut rest = template;
    while let Some(open) = rest.find('{') {
        let at = rest.get(open..).unwrap_or("");
        let (found, len) = brace(at);
        match found {
            Brace::Name(name) | Brace::Choice { name, .. } => {
                uses.push((name, at.get(..len).unwrap_or(at)));
            }
            Brace::Malformed(written) => return Err(written),
            Brace::Text => {}
        }
        rest = at.get(1..).unwrap_or("");
    }
    Ok(uses)
}

#[cfg(test)]
mod tests {
    use super::*;
    use proptest::prelude::*;

    fn render<'v>(template: &str, vars: impl Fn(&str) -> Option<Fill<'v>>) -> String {
        Template::new(template.to_string()).fill(vars)
    }

    fn render_as<'v>(
        template: &str,
        vars: impl Fn(&str) -> Option<Fill<'v>>,
        numbers: Numbers,
    ) -> (String, bool) {
        Template::new(template.to_string()).render(vars, numbers)
    }

    /// What [`Template::render`] makes, the simple way: each `{` read as the
    /// template is filled, as every finding did before templates were read
    /// once. What the pieces must agree with.
    fn render_by_scanning<'v>(
        template: &str,
        vars: impl Fn(&str) -> Option<Fill<'v>>,
        numbers: Numbers,
    ) -> (String, bool) {
        let mut out = String::with_capacity(template.len());
        let mut number_was_one = false;
        let mut rest = template;
        while let Some(open) = rest.find('{') {
            let (before, at) = rest.split_at(open);
            out.push_str(before);
            let (found, len) = brace(at);
            let filled = match found {
                Brace::Name(name) => vars(name).map(|fill| push_bounded(&mut out, fill.text)),
                Brace::Choice { name, one, other } => vars(name).map(|fill| {
                    let counted = fill.items.is_none();
                    let singular = fill.is_one() && !(counted && numbers == Numbers::Plural);
                    number_was_one |= counted && fill.is_one();
                    out.push_str(if singular { one } else { other });
                }),
                Brace::Malformed(_) | Brace::Text => None,
            };
            rest = match filled {
                Some(()) => at.get(len..).unwrap_or(""),
                None => {
                    out.push('{');
                    at.get(1..).unwrap_or("")
                }
            };
        }
        out.push_str(rest);
        (out, number_was_one)
    }

    proptest! {
        /// Any text, braces and names and choices mixed in arbitrary
        /// Unicode, renders as reading each `{` in turn renders it.
        #[test]
        fn pieces_render_as_scanning_renders(
            template in "([{}|:]|[a-c]{1,3}|count|id|\\PC){0,40}",
            count in "1|2|x",
            items in 0usize..3,
            plural in any::<bool>(),
        ) {
            let vars = |name: &str| match name {
                "count" => Some(Fill::text(count.as_str())),
                "a" => Some(Fill { text: "`a`", items: Some(items) }),
                "id" => Some(Fill::text("G-1")),
                _ => None,
            };
            let numbers = if plural { Numbers::Plural } else { Numbers::Counted };
            let made = Template::new(template.clone()).render(vars, numbers);
            prop_assert_eq!(made, render_by_scanning(&template, vars, numbers));
        }
    }

    #[test]
    fn templates_fill_known_names_only() {
        let vars = |name: &str| (name == "id").then_some(Fill::text("G-1"));
        assert_eq!(render("goal `{id}` {x} {", vars), "goal `G-1` {x} {");
        assert_eq!(render("{{id}} {i d} {id", vars), "{G-1} {i d} {id");
    }

    #[test]
    fn a_choice_is_singular_for_one_and_plural_otherwise() {
        let template = "{count} {count:criterion is|criteria are} open";
        assert_eq!(render(template, counted("1", 0)), "1 criterion is open");
        assert_eq!(render(template, counted("2", 0)), "2 criteria are open");
        assert_eq!(render(template, counted("0", 0)), "0 criteria are open");
        // Only the number 1 is one: not `01`, ` 1`, `1.0` or a word.
        for count in ["01", " 1", "1.0", "-1", "11", "one", ""] {
            assert_eq!(render("{count:a|b}", counted(count, 1)), "b", "{count:?}");
        }
        // A list counts its items, whatever its text.
        let template = "names {values:team|teams} {values}, which {values:does|do} not exist";
        assert_eq!(
            render(template, counted("2", 1)),
            "names team `a`, which does not exist"
        );
        assert_eq!(
            render(template, counted("1", 2)),
            "names teams `a`, which do not exist"
        );
        assert_eq!(
            render(template, counted("1", 0)),
            "names teams `a`, which do not exist"
        );
        // A form may be empty, and a value that is no count (`{id}` here is
        // the text `1`) chooses like a number.
        assert_eq!(render("goal{count:|s}", counted("1", 0)), "goal");
        assert_eq!(render("goal{count:|s}", counted("3", 0)), "goals");
        assert_eq!(render("{id:x|y}{kind:x|y}", counted("3", 0)), "xy");
        assert_eq!(render("{count:|}", counted("3", 0)), "");
    }

    /// A finding's identity masks its numbers, and so the words a number
    /// chose: it reads them in the plural. A list's choice is kept: the
    /// list is in the identity, unmasked.
    #[test]
    fn an_identity_reads_the_words_a_number_chose_in_the_plural() {
        let template = "{count} {count:is|are}; {values:team|teams}";
        assert_eq!(
            render_as(template, counted("1", 1), Numbers::Counted),
            ("1 is; team".to_string(), true)
        );
        assert_eq!(
            render_as(template, counted("1", 1), Numbers::Plural),
            ("1 are; team".to_string(), true)
        );
        assert_eq!(
            render_as(template, counted("2", 1), Numbers::Counted),
            ("2 are; team".to_string(), false)
        );
        assert_eq!(
            render_as(template, counted("2", 2), Numbers::Counted),
            ("2 are; teams".to_string(), false)
        );
        // A number that is 1 but chooses nothing leaves the identity alone.
        assert_eq!(
            render_as("{count} {values:a|b}", counted("1", 1), Numbers::Counted),
            ("1 a".to_string(), false)
        );
    }

    #[test]
    fn a_choice_keeps_what_its_forms_say() {
        // Forms may hold spaces, `:`, backticks and text that looks like a
        // name; they are not filled in.
        assert_eq!(
            render("{count:one: `id`|many: `id`}", counted("1", 0)),
            "one: `id`"
        );
        assert_eq!(render("{count: a | b }", counted("5", 0)), " b ");
    }

    #[test]
    fn a_template_lists_its_placeholders_and_choices() {
        assert_eq!(
            template_uses("{id} has {count} {count:item|items} {{kind}} {x y} {:a|b} {}"),
            Ok(vec![
                ("id", "{id}"),
                ("count", "{count}"),
                ("count", "{count:item|items}"),
                ("kind", "{kind}"),
            ])
        );
        assert_eq!(template_uses("no braces"), Ok(vec![]));
    }

    #[test]
    fn a_malformed_choice_is_an_error_and_renders_as_written() {
        for (template, written) in [
            ("{count:criterion} left", "{count:criterion}"),
            ("{count:a|b|c}", "{count:a|b|c}"),
            ("{count:}", "{count:}"),
            ("{count:|}x{count:a|b", "{count:a|b"),
            ("{count:a{id}|b}", "{count:a"),
            ("{count:a|b{", "{count:a|b"),
            ("{count:a}|b}", "{count:a}"),
            // The first malformed one is reported.
            ("{id} {status: done} {count:x}", "{status: done}"),
        ] {
            assert_eq!(template_uses(template), Err(written), "{template}");
        }
        for template in [
            "{count:criterion}",
            "{count:a|b|c} {id}",
            "{count:a|b",
            "{count:}",
        ] {
            let rendered = render(template, counted("1", 1));
            let expected = template.replace("{id}", "1");
            assert_eq!(rendered, expected, "{template}");
        }
    }

    #[test]
    fn choices_of_unknown_names_render_as_written() {
        assert_eq!(render("{other:a|b}", counted("1", 1)), "{other:a|b}");
    }

    #[test]
    fn a_template_of_many_open_choices_is_read_in_linear_time() {
        let template = "{count:a|".repeat(100_000);
        assert_eq!(template_uses(&template), Err("{count:a|"));
        let rendered = render(&template, counted("1", 1));
        assert_eq!(rendered, template);
        let template = "{count:".repeat(100_000) + &"a|b".repeat(100_000);
        assert_eq!(render(&template, counted("1", 1)), template);
        let template = "{count:a|b}".repeat(100_000);
        assert_eq!(render(&template, counted("1", 1)), "a".repeat(100_000));
    }

    #[test]
    fn a_long_value_is_cut_in_a_message() {
        let long = "é".repeat(150) + "tail";
        let vars = |name: &str| (name == "id").then_some(Fill::text(long.as_str()));
        let message = render("goal `{id}` is late", vars);
        assert_eq!(message, format!("goal `{}…` is late", "é".repeat(100)));
        let exact = "x".repeat(MAX_VALUE_BYTES);
        let vars = |name: &str| (name == "id").then_some(Fill::text(exact.as_str()));
        assert_eq!(render("{id}", vars), exact);
    }

    #[test]
    fn a_template_of_many_braces_renders_as_written() {
        let vars = |name: &str| (name == "id").then_some(Fill::text("G-1"));
        let template = "{".repeat(200_000) + &"x".repeat(200_000) + "}";
        assert_eq!(render(&template, vars), template);
    }

    /// `count` is a number and `values` a list of `items` items.
    fn counted<'v>(count: &'v str, items: usize) -> impl Fn(&str) -> Option<Fill<'v>> + Copy {
        move |name: &str| match name {
            "count" => Some(Fill::text(count)),
            "values" => Some(Fill {
                text: "`a`",
                items: Some(items),
            }),
            "id" => Some(Fill::text("1")),
            "kind" => Some(Fill::text("goal")),
            _ => None,
        }
    }
}
