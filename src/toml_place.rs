//! Where something is in a TOML file, found on the document the TOML parser
//! read, with its spans. Searching the text instead would also find a
//! comment, or another key, holding the same words.

use crate::diagnostic::Span;
use toml::de::{DeTable, DeValue};
use toml::Spanned;

/// One step of a path into a TOML document. Steps walk through arrays of
/// tables: `[Key("source"), Key("paths")]` reaches the `paths` of every
/// `[[source]]`, and the first that leads to the whole path is the place.
#[derive(Clone, Debug, PartialEq, Eq)]
pub enum Step {
    /// The value under this key.
    Key(String),
    /// The item at this index (from 0) of the current array: the place is
    /// the item itself (for a table of `[[name]]`, its header).
    Item(usize),
    /// A key of this name in the current value or at any depth below it.
    Deep(String),
    /// The tables (the current one, or items of the current array) whose
    /// `key` holds this string: `Having("id", "my-rule")`.
    Having(String, String),
    /// A string equal to this: the current value or one anywhere inside it.
    Text(String),
    /// After a string value: these words inside it, when the file writes
    /// them as they are (not through escapes).
    Within(String),
}

impl Step {
    pub fn key(name: &str) -> Step {
        Step::Key(name.to_string())
    }

    pub fn deep(name: &str) -> Step {
        Step::Deep(name.to_string())
    }

    pub fn having(key: &str, value: &str) -> Step {
        Step::Having(key.to_string(), value.to_string())
    }

    pub fn text(value: &str) -> Step {
        Step::Text(value.to_string())
    }

    pub fn within(words: &str) -> Step {
        Step::Within(words.to_string())
    }
}

/// The span of what `steps` lead to in `text`: the last key's name, or the
/// string value a `Having` or `Text` step matched. When the whole path leads
/// nowhere, the span of its longest prefix that leads somewhere; `None` when
/// not even the first step does, or the text is not TOML.
pub fn locate(text: &str, steps: &[Step]) -> Option<Span> {
    locate_prefix(text, steps).map(|(_, span)| span)
}

/// [`locate`], with how many steps the span is the place of.
pub fn locate_prefix(text: &str, steps: &[Step]) -> Option<(usize, Span)> {
    let document = DeTable::parse(text).ok()?;
    let root = Spanned::new(document.span(), DeValue::Table(document.into_inner()));
    (1..=steps.len()).rev().find_map(|len| {
        let path = steps.get(..len)?;
        walk(text, &root, path, None).map(|span| (len, span))
    })
}

/// Follows `steps` from `value`; `last` is the span the previous step matched.
fn walk(
    source: &str,
    value: &Spanned<DeValue<'_>>,
    steps: &[Step],
    last: Option<Span>,
) -> Option<Span> {
    let Some((step, rest)) = steps.split_first() else {
        return last;
    };
    match (step, value.get_ref()) {
        (Step::Item(index), DeValue::Array(items)) => {
            let item = items.get(*index)?;
            walk(source, item, rest, Some(item.span()))
        }
        (_, DeValue::Array(items)) => items
            .iter()
            .find_map(|item| walk(source, item, steps, last.clone())),
        (Step::Key(name), DeValue::Table(table)) => {
            entry(table, name).and_then(|(key, item)| walk(source, item, rest, Some(key.span())))
        }
        (Step::Deep(name), DeValue::Table(table)) => entry(table, name)
            .and_then(|(key, item)| walk(source, item, rest, Some(key.span())))
            .or_else(|| {
                table
                    .values()
                    .find_map(|item| walk(source, item, steps, last.clone()))
            }),
        (Step::Having(key, want), DeValue::Table(table)) => {
            let (_, held) = entry(table, key)?;
            match held.get_ref() {
                DeValue::String(found) if found == want => {
                    walk(source, value, rest, Some(held.span()))
                }
                _ => None,
            }
        }
        (Step::Text(want), DeValue::String(found)) if found == want => {
            walk(source, value, rest, Some(value.span()))
        }
        (Step::Within(words), DeValue::String(_)) => {
            let span = last?;
            let at = source.get(span.clone())?.find(words.as_str())?;
            walk(
                source,
                value,
                rest,
                Some(span.start + at..span.start + at + words.len()),
            )
        }
        (Step::Text(_), DeValue::Table(table)) => table
            .values()
            .find_map(|item| walk(source, item, steps, last.clone())),
        _ => None,
    }
}

fn entry<'t, 'i>(
    table: &'t DeTable<'i>,
    name: &str,
) -> Option<(
    &'t Spanned<toml::de::DeString<'i>>,
    &'t Spanned<DeValue<'i>>,
)> {
    table.iter().find(|(key, _)| key.get_ref() == name)
}

#[cfg(test)]
mod tests {
    use super::*;

    fn shown(text: &str, steps: &[Step]) -> Option<String> {
        locate(text, steps).and_then(|span| text.get(span).map(str::to_string))
    }

    #[test]
    fn a_comment_with_the_same_words_is_not_the_place() {
        let text = "# paths = [\"a[\"] was a mistake\n[[ignore]]\npaths = [\"ok\", \"a[\"]\n";
        let span = locate(
            text,
            &[Step::key("ignore"), Step::key("paths"), Step::text("a[")],
        );
        let value = text.rfind("\"a[\"").map(|at| at..at + 4);
        assert_eq!(span, value);
    }

    #[test]
    fn tables_are_chosen_by_a_key_they_hold() {
        let text = "[[rule]]\nid = \"a\"\nmatches = \"x\"\n[[rule]]\nid = \"b\"\n[[rule.check]]\nmatches = \"x\"\n";
        let steps = [
            Step::key("rule"),
            Step::having("id", "b"),
            Step::deep("matches"),
        ];
        let second = text.rfind("matches").map(|at| at..at + 7);
        assert_eq!(locate(text, &steps), second);
        assert_eq!(shown(text, &steps).as_deref(), Some("matches"));
    }

    #[test]
    fn a_path_that_leads_nowhere_falls_back_to_its_longest_prefix() {
        let text = "[rules.team-size]\nmax = 3\n";
        let steps = [Step::key("rules"), Step::key("team-size"), Step::key("min")];
        assert_eq!(shown(text, &steps).as_deref(), Some("team-size"));
        assert_eq!(locate(text, &[Step::key("ignore")]), None);
        assert_eq!(locate("not = [toml", &[Step::key("not")]), None);
    }
}
