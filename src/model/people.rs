//! The people of the plan: who owns, leads, is a member or is assigned,
//! derived once, when first asked for. A person is named by a handle or a
//! display name; two spellings that differ only in case, `@` or spacing are
//! one person ([`key`]), and placeholders (`TBD`, `?`) are nobody.

use super::{key, CompactString, Entity, Plan, Record, Value, Values};
use rayon::prelude::*;
use smallvec::SmallVec;
use std::borrow::Cow;
use std::collections::HashSet;

/// Up to how many values of a field are compared one by one.
const FEW_VALUES: usize = 16;

/// The fields that name people.
const PEOPLE_FIELDS: &[&str] = &["owner", "lead", "members", "assignees"];

/// Someone named in the plan, with every place they are named.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct Person {
    /// The identity names match on (see [`key`]).
    pub key: String,
    /// Where they are named, in plan order.
    pub roles: Vec<Role>,
}

/// One place a person is named: an entity's people field.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct Role {
    /// Index into [`Plan::entities`].
    pub entity: usize,
    /// The people field: `owner`, `lead`, `members` or `assignees`.
    pub field: &'static str,
    /// The name as written there.
    pub written: CompactString,
}

/// The distinct values of one field, each with its key: an owner or an
/// assignee in place (a list of four moved 10M more bytes than the
/// allocations saved).
pub type KeyedValues<'a> = SmallVec<[(Cow<'a, str>, &'a Value); 2]>;

impl Plan {
    /// The people a field of an entity names: placeholders left out, each
    /// person once (the first spelling), in the order written.
    pub fn people_of<'a>(&self, entity: &'a Entity, field: &str) -> Vec<&'a Value> {
        self.distinct_values(entity, field)
            .into_iter()
            .map(|(_, value)| value)
            .collect()
    }

    /// The values of a field of an entity, each with its [`key`]:
    /// placeholders left out, each key once (the first spelling), in the
    /// order written. What [`Plan::people_of`] lists, and what a group
    /// check counts an entity under. A field holds a few values: their
    /// keys are compared one by one, not hashed, and held in place (the
    /// plan's people are found from 124,000 of these lists); a long list
    /// (a team of thousands) is deduplicated with a set, so it stays
    /// linear.
    pub fn distinct_values<'a>(&self, entity: &'a Entity, field: &str) -> KeyedValues<'a> {
        let values = entity.field(field).map_or(&[][..], |f| f.values.as_slice());
        let people = values
            .iter()
            .filter(|value| !self.is_placeholder(&value.text));
        distinct_by_key(people, values.len())
    }
}

/// `values` (at most `len` of them), each with its [`key`], each key once
/// (the first spelling), in order. A few are compared one by one; a long
/// list is deduplicated with a set, so it stays linear.
pub fn distinct_by_key<'a>(values: impl Iterator<Item = &'a Value>, len: usize) -> KeyedValues<'a> {
    let keyed = values.map(|value| (key(&value.text), value));
    if len > FEW_VALUES {
        let mut seen = HashSet::new();
        return keyed
            .filter(|(person, _)| seen.insert(person.clone()))
            .collect();
    }
    let mut named = KeyedValues::new();
    for (person, value) in keyed {
        if !named.iter().any(|(seen, _)| *seen == person) {
            named.push((person, value));
        }
    }
    named
}

/// The people of the built plan's entities. Each entity's names are keyed
/// on every core; only the merge into one list runs in order.
pub(super) fn derive(plan: &Plan) -> Vec<Person> {
    // One list, not a list per entity: the merge below runs alone, and
    // 31,000 small lists made on the other threads were slow to walk and
    // to free there. Each key is copied into the list (a name fits in
    // place): the merge then reads the list in order, where a key borrowed
    // from its entity was a read from anywhere in the plan, from memory
    // rather than the cache on a 100,000-goal plan.
    let named: Vec<(CompactString, Role)> = plan
        .entities
        .par_iter()
        .enumerate()
        .flat_map_iter(|(index, entity)| {
            PEOPLE_FIELDS.iter().flat_map(move |field| {
                plan.distinct_values(entity, field)
                    .into_iter()
                    .map(move |(person, value)| {
                        let role = Role {
                            entity: index,
                            field,
                            written: value.text.clone(),
                        };
                        (CompactString::from(person), role)
                    })
            })
        })
        .collect();
    // Who each mention names, numbered in order of first mention, and how
    // many mentions each has: every person's list is then made at its
    // size, not grown push by push.
    let mut number_of: foldhash::HashMap<CompactString, usize> = Default::default();
    let mut people: Vec<Person> = Vec::new();
    let mut mentions: Vec<usize> = Vec::new();
    let numbers: Vec<usize> = named
        .iter()
        .map(|(person_key, _)| {
            let number = match number_of.get(person_key) {
                Some(&number) => number,
                None => {
                    number_of.insert(person_key.clone(), people.len());
                    people.push(Person {
                        key: person_key.to_string(),
                        roles: Vec::new(),
                    });
                    mentions.push(0);
                    people.len() - 1
                }
            };
            if let Some(count) = mentions.get_mut(number) {
                *count += 1;
            }
            number
        })
        .collect();
    for (person, count) in people.iter_mut().zip(mentions) {
        person.roles.reserve_exact(count);
    }
    for ((_, role), number) in named.into_iter().zip(numbers) {
        if let Some(person) = people.get_mut(number) {
            person.roles.push(role);
        }
    }
    people
}

/// Fields whose single text may list several names (`owner: "@a, @b"`).
const LIST_FIELDS: &[&str] = &["owner", "lead", "members", "assignees", "team"];

/// What separates the names of a people list.
const LIST_SEPARATORS: &[&str] = &[",", ";", " and ", " & "];

/// Splits `@a, @b`, `@a; @b`, `@a and @b`, `@a & @b` into separate values, so
/// that "two owners in one string" counts as two owners.
pub(super) fn split_lists(record: &mut Record, text: &str) {
    for name in LIST_FIELDS {
        let Some(field) = record.fields.get_mut(name) else {
            continue;
        };
        let mut values = Values::with_capacity(field.values.len());
        let people = *name != "team";
        for value in field.values.drain(..) {
            if people {
                if let Some(named) = linked_profile(&value, text) {
                    values.push(named);
                    continue;
                }
                if let Some(handles) = several_handles(&value, text) {
                    values.extend(handles);
                    continue;
                }
            }
            // Most values are one trimmed name: kept as they are, not copied.
            let single = crate::text::trim(&value.text).len() == value.text.len()
                && !has_list_separator(&value.text);
            if single {
                values.push(if people {
                    person_in(value, text)
                } else {
                    value
                });
                continue;
            }
            let parts = split_value(&value, text, LIST_SEPARATORS);
            if parts.is_empty() {
                values.push(value);
            } else if people {
                values.extend(parts.into_iter().map(|part| person_in(part, text)));
            } else {
                values.extend(parts);
            }
        }
        field.values = values;
    }
}

/// The person a people value names when it says more than who:
/// `José Müller (@jmueller)`, `@svetlana (EM)` and a roster row's `Kwame
/// Mensah | @kwame | EM` name `@jmueller`, `@svetlana` and `@kwame` (the one
/// handle written); `Svetlana (EM)` names `Svetlana` (a role after the
/// name). Owners are written by handle or by name, and a team's roster
/// says more: this is what lets the two meet. Other values are kept.
fn person_in(value: Value, text: &str) -> Value {
    let written = value.text.as_str();
    // Most values are a handle or a name alone: one scan passes them.
    let plain = |byte: &u8| !matches!(byte, b'@' | b'(' | b'|');
    if written.bytes().all(|byte| plain(&byte)) || is_handle(written) {
        return value;
    }
    let mut handles = handles_in(written);
    let part = match (handles.next(), handles.next()) {
        (Some(handle), None) => Some(handle),
        (Some(_), Some(_)) => None,
        (None, _) => role_after_name(written).or_else(|| email_after_name(written)),
    };
    drop(handles);
    let Some(part) = part else {
        return value;
    };
    let exact = text.get(value.span()) == Some(written);
    let place = match exact {
        true => value.span().start + part.start..value.span().start + part.end,
        false => value.span(),
    };
    Value {
        text: written.get(part).unwrap_or(written).into(),
        place: place.into(),
    }
}

/// The person of a roster line that links a name to a GitHub or GitLab
/// profile and adds an affiliation, `[Philip Wittrock](https://github.com/
/// pwittrock), Google`, as Kubernetes' SIG pages and OpenTelemetry's member
/// lists write their people: the link's text, `Philip Wittrock` (a link's
/// text is the person, as anywhere), one person and not a name and a
/// company. `None` for any other value: no profile link first, several
/// links, or a comma inside the link's text.
fn linked_profile(value: &Value, text: &str) -> Option<Value> {
    let span = value.span();
    let source = text.get(span.clone())?;
    let inner = source.strip_prefix('[')?;
    let (link_text, after_text) = inner.split_once("](")?;
    let (url, rest) = after_text.split_once(')')?;
    let profile = ["https://github.com/", "https://gitlab.com/"]
        .iter()
        .any(|profiles| url.starts_with(profiles));
    let affiliation = rest.trim_start().starts_with(',') && !rest.contains("](");
    if !profile || !affiliation || link_text.contains(',') {
        return None;
    }
    let (name, _) = value.text.split_once(',')?;
    let name = name.trim();
    let start = span.start + 1;
    (!name.is_empty()).then(|| Value {
        text: name.into(),
        place: (start..start + link_text.len()).into(),
    })
}

/// `@rrschulze @gshriver`: handles written one after another with nothing
/// between them but white space (two lines a `<br>` apart) are as many
/// people. `None` for anything else.
fn several_handles(value: &Value, text: &str) -> Option<Vec<Value>> {
    let written = value.text.as_str();
    if !written.starts_with('@') || !written.contains(char::is_whitespace) {
        return None;
    }
    let mut words = written.split_whitespace();
    let several = words.clone().nth(1).is_some() && words.all(is_handle);
    several.then(|| split_value(value, text, &[" ", "\t", "\n", "\r"]))
}

/// Whether `text` is one handle and nothing else (`@ana`, `@org/team`).
fn is_handle(text: &str) -> bool {
    text.strip_prefix('@')
        .is_some_and(|rest| !rest.is_empty() && rest.chars().all(is_handle_char))
}

fn is_handle_char(c: char) -> bool {
    c.is_alphanumeric() || matches!(c, '_' | '-' | '.' | '/')
}

/// The `@handle`s of a text (an `@` not inside a word, as an email's is),
/// each without trailing punctuation.
fn handles_in(text: &str) -> impl Iterator<Item = std::ops::Range<usize>> + '_ {
    text.match_indices('@').filter_map(move |(at, _)| {
        let before = text.get(..at)?.chars().next_back();
        if before.is_some_and(|c| c.is_alphanumeric() || matches!(c, '.' | '_' | '-' | '+')) {
            return None;
        }
        let rest = text.get(at + 1..)?;
        let len = rest
            .find(|c: char| !is_handle_char(c))
            .unwrap_or(rest.len());
        let handle = rest.get(..len)?.trim_end_matches(['.', '/', '-']);
        (!handle.is_empty()).then(|| at..at + 1 + handle.len())
    })
}

/// `Svetlana (EM)`: the name before a parenthesised role that ends the text.
fn role_after_name(text: &str) -> Option<std::ops::Range<usize>> {
    let (name, role) = name_before_group(text, '(', ')')?;
    (!role.contains(['(', ')'])).then_some(name)
}

/// `Ana Ruiz <ana@example.org>`: the name before an email in angle
/// brackets, as git, PEPs, Cargo and npm write an author.
fn email_after_name(text: &str) -> Option<std::ops::Range<usize>> {
    let (name, email) = name_before_group(text, '<', '>')?;
    let is_email = email.contains('@') && !email.contains([' ', '<', '>']);
    let one_name = !text.get(name.clone())?.contains(['<', '>']);
    (is_email && one_name).then_some(name)
}

/// The name before a last `open`...`close` group that ends `text`, and the
/// group's inside; `None` without such a group or without a name.
fn name_before_group(
    text: &str,
    open: char,
    close: char,
) -> Option<(std::ops::Range<usize>, &str)> {
    let inner = text.strip_suffix(close)?;
    let at = inner.rfind(open)?;
    let name = text.get(..at)?.trim_end();
    let start = name.len() - name.trim_start().len();
    let group = inner.get(at + open.len_utf8()..)?;
    (!name.trim().is_empty()).then_some((start..name.len(), group))
}

/// Whether `text` names one person or thing: no line break and none of the
/// separators a list of names is split at.
pub fn names_one(text: &str) -> bool {
    !text.contains(['\n', '\r']) && !has_list_separator(text)
}

/// Whether `text` holds one of [`LIST_SEPARATORS`]. A text without any
/// separator's first byte holds none, and most names (`@ana`, `team-3`)
/// have none of `,`, `;` and space: they are passed by one byte scan, not
/// four substring searchers (each `contains` built one per value, 2% of a
/// check).
fn has_list_separator(text: &str) -> bool {
    let may = text.bytes().any(|byte| {
        LIST_SEPARATORS
            .iter()
            .any(|sep| sep.as_bytes().first() == Some(&byte))
    });
    may && LIST_SEPARATORS.iter().any(|sep| text.contains(sep))
}

/// The non-empty, trimmed parts of a value between `separators`. Each part
/// points at itself when the value is written as is in `text`, else at the
/// whole value. Linear in the value: every separator is searched for once.
pub fn split_value(value: &Value, text: &str, separators: &[&str]) -> Vec<Value> {
    let exact = text.get(value.span()) == Some(value.text.as_str());
    let mut cuts: Vec<(usize, usize)> = separators
        .iter()
        .flat_map(|sep| {
            value
                .text
                .match_indices(sep)
                .map(|(at, found)| (at, at + found.len()))
        })
        .collect();
    cuts.sort_unstable();
    let mut parts = Vec::new();
    let mut start = 0;
    let pieces = cuts
        .into_iter()
        .filter_map(|(cut_start, cut_end)| {
            // A separator inside one already cut (`,` in ` and ,`) is text.
            let piece = (cut_start >= start).then_some(start..cut_start);
            if piece.is_some() {
                start = cut_end;
            }
            piece
        })
        .collect::<Vec<_>>();
    let last = start..value.text.len();
    for piece in pieces.into_iter().chain(std::iter::once(last)) {
        let Some(part) = value.text.get(piece.clone()) else {
            continue;
        };
        let trimmed = part.trim();
        if trimmed.is_empty() {
            continue;
        }
        let at = piece.start + (part.len() - part.trim_start().len());
        let span = if exact {
            value.span().start + at..value.span().start + at + trimmed.len()
        } else {
            value.span()
        };
        parts.push(Value {
            text: trimmed.into(),
            place: span.into(),
        });
    }
    parts
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::diagnostic::EntityKind;
    use crate::model::test_support::{entity, plan_with};

    fn plan_of(entities: Vec<(String, Record)>) -> Plan {
        plan_with(entities, &["active".into()], &["TBD".into(), "?".into()])
    }

    /// A role as `(entity, field, written)`.
    type Named<'a> = (usize, &'a str, &'a str);

    #[test]
    fn people_are_derived_once_across_fields_spellings_and_entities() {
        let plan = plan_of(vec![
            entity(
                EntityKind::Team,
                "web",
                &[("lead", "@Ana"), ("members", "@ana, Bo Chen and TBD")],
            ),
            entity(EntityKind::Goal, "g1", &[("owner", "bo  chen; ?")]),
            entity(EntityKind::Issue, "7", &[("assignees", "@ana")]),
        ]);
        let summary: Vec<(&str, Vec<Named>)> = plan
            .people()
            .iter()
            .map(|p| {
                let roles = p
                    .roles
                    .iter()
                    .map(|r| (r.entity, r.field, r.written.as_str()))
                    .collect();
                (p.key.as_str(), roles)
            })
            .collect();
        assert_eq!(
            summary,
            [
                (
                    "ana",
                    vec![
                        (0, "lead", "@Ana"),
                        (0, "members", "@ana"),
                        (2, "assignees", "@ana")
                    ]
                ),
                (
                    "bo chen",
                    vec![(0, "members", "Bo Chen"), (1, "owner", "bo  chen")]
                ),
            ]
        );
    }

    #[test]
    fn a_field_names_each_person_once_and_no_placeholder() {
        let plan = plan_of(vec![entity(
            EntityKind::Goal,
            "g",
            &[("owner", "@a, @A, TBD, @b")],
        )]);
        let owners: Vec<&str> = plan
            .people_of(&plan.entities[0], "owner")
            .iter()
            .map(|v| v.text.as_str())
            .collect();
        assert_eq!(owners, ["@a", "@b"]);
        assert!(plan.people_of(&plan.entities[0], "lead").is_empty());
    }

    #[test]
    fn a_long_list_names_each_person_once_in_order_as_a_short_one_does() {
        // Past FEW_VALUES names the list is deduplicated with a set.
        let names: Vec<String> = (0..3 * FEW_VALUES)
            .map(|n| format!("@p{}", n % (2 * FEW_VALUES)))
            .chain(["TBD".to_string(), "@P0".to_string()])
            .collect();
        let plan = plan_of(vec![entity(
            EntityKind::Team,
            "t",
            &[("members", &names.join(", "))],
        )]);
        let members: Vec<&str> = plan
            .people_of(&plan.entities[0], "members")
            .iter()
            .map(|v| v.text.as_str())
            .collect();
        let expected: Vec<String> = (0..2 * FEW_VALUES).map(|n| format!("@p{n}")).collect();
        assert_eq!(members, expected);
    }

    #[test]
    fn a_person_is_the_one_handle_or_the_name_before_a_role() {
        let person = |written: &str| {
            let text = format!("- {written}\n");
            let value = Value {
                text: written.into(),
                place: (2..2 + written.len()).into(),
            };
            let found = person_in(value, &text);
            (found.text.to_string(), text[found.span()].to_string())
        };
        let same = |written: &str| (written.to_string(), written.to_string());
        assert_eq!(person("José Müller (@jmueller)"), same("@jmueller"));
        assert_eq!(person("@svetlana (EM)"), same("@svetlana"));
        assert_eq!(person("Kwame Mensah | @kwame | EM"), same("@kwame"));
        assert_eq!(person("Ana <@ana.ruiz>."), same("@ana.ruiz"));
        assert_eq!(person("Svetlana (EM)"), same("Svetlana"));
        assert_eq!(person("田中 (リード)"), same("田中"));
        assert_eq!(person("Ana Ruiz <ana@example.org>"), same("Ana Ruiz"));
        assert_eq!(
            person("Zoë Ångström <zoe@example.org>"),
            same("Zoë Ångström")
        );
        // A handle or a name alone, an email, two handles, a bare group or
        // a group inside the text: kept as written.
        for kept in [
            "@ana",
            "@org/platform",
            "Ana Ruiz",
            "ana@example.com",
            "@a (with @b)",
            "(EM)",
            "Ana (EM) Ruiz",
            "Ana ((x))",
            "<ana@example.org>",
            "Ana <not an email>",
            "Ana <a@b> <c@d>",
        ] {
            assert_eq!(person(kept), same(kept), "{kept}");
        }
        // Written otherwise (a data file's unescaped string), the person
        // points at the whole value.
        let moved = Value {
            text: "Bo (@bo)".into(),
            place: (0..3).into(),
        };
        let found = person_in(moved, "xyz");
        assert_eq!((found.text.as_str(), found.span()), ("@bo", 0..3));
    }

    /// One field of `values`, each written at its span in `text`, split
    /// as a plan's people are: each person's text and the text at its span.
    fn members_of(text: &str, values: &[(&str, std::ops::Range<usize>)]) -> Vec<(String, String)> {
        let mut record = Record {
            kind: EntityKind::Team,
            span: 0..text.len(),
            anchor: 0..1,
            title: None,
            fields: Default::default(),
        };
        let values: Values = values
            .iter()
            .map(|(written, span)| Value {
                text: (*written).into(),
                place: span.clone().into(),
            })
            .collect();
        let field = crate::model::Field::new(crate::model::Origin::Section, 0..1, values);
        record.fields.insert("members".into(), field);
        split_lists(&mut record, text);
        let field = record.fields.get("members").unwrap();
        (field.values.iter())
            .map(|v| (v.text.to_string(), text[v.span()].to_string()))
            .collect()
    }

    /// Kubernetes' SIG pages: `[Name](profile), Company` is one person,
    /// the link's text; a line of two links, or a link elsewhere, is no
    /// roster line.
    #[test]
    fn a_profile_links_affiliation_is_dropped() {
        let text = "* [Philip Wittrock](https://github.com/pwittrock), Google\n* [Zoë Ñandú](https://gitlab.com/zoe.n/)\n* [Jo](https://example.com/jo), Acme\n";
        let line = |n: usize| {
            let start = text.match_indices("* ").nth(n).unwrap().0 + 2;
            start..start + text[start..].find('\n').unwrap()
        };
        assert_eq!(
            members_of(
                text,
                &[
                    ("Philip Wittrock, Google", line(0)),
                    ("Zoë Ñandú", line(1)),
                    ("Jo, Acme", line(2)),
                ]
            ),
            [
                ("Philip Wittrock".to_string(), "Philip Wittrock".to_string()),
                (
                    "Zoë Ñandú".to_string(),
                    "[Zoë Ñandú](https://gitlab.com/zoe.n/)".to_string()
                ),
                (
                    "Jo".to_string(),
                    "[Jo](https://example.com/jo), Acme".to_string()
                ),
                (
                    "Acme".to_string(),
                    "[Jo](https://example.com/jo), Acme".to_string()
                ),
            ]
        );
        let two = "[A](https://github.com/a), [B](https://github.com/b)";
        let split = members_of(two, &[("A, B", 0..two.len())]);
        let names: Vec<&str> = split.iter().map(|(name, _)| name.as_str()).collect();
        assert_eq!(names, ["A", "B"]);
    }

    /// OpenTelemetry's `@a <br /> @b`: handles one after another, white
    /// space between, are as many people; a name with a handle is one.
    #[test]
    fn handles_in_a_row_are_as_many_people() {
        let text = "@rrschulze @gshriver\n";
        let people = members_of(text, &[("@rrschulze @gshriver", 0..20)]);
        assert_eq!(
            people,
            [
                ("@rrschulze".to_string(), "@rrschulze".to_string()),
                ("@gshriver".to_string(), "@gshriver".to_string()),
            ]
        );
        let text = "José Müller @jmueller\n";
        let people = members_of(text, &[("José Müller @jmueller", 0..text.len() - 1)]);
        assert_eq!(people.len(), 1, "{people:?}");
    }

    #[test]
    fn a_team_is_not_a_person() {
        let text = "team: core (@a)\nowner: Bo (@bo), Cy (lead)\n";
        let field = |span: std::ops::Range<usize>| {
            crate::model::Field::new(
                crate::model::Origin::Frontmatter,
                span.clone(),
                smallvec::smallvec![Value {
                    text: text[span.clone()].into(),
                    place: span.into(),
                }],
            )
        };
        let mut record = Record {
            kind: EntityKind::Goal,
            span: 0..text.len(),
            anchor: 0..1,
            title: None,
            fields: Default::default(),
        };
        record.fields.insert("team".into(), field(6..15));
        record.fields.insert("owner".into(), field(23..43));
        split_lists(&mut record, text);
        let texts = |name: &str| -> Vec<String> {
            record
                .fields
                .get(name)
                .unwrap()
                .values
                .iter()
                .map(|v| v.text.to_string())
                .collect()
        };
        assert_eq!(texts("team"), ["core (@a)"]);
        assert_eq!(texts("owner"), ["@bo", "Cy"]);
    }

    #[test]
    fn lists_split_at_each_separator_with_exact_spans() {
        let text = "owner: @a, @b and  @c & @d;;";
        let value = Value {
            text: "@a, @b and  @c & @d;;".into(),
            place: (7..text.len()).into(),
        };
        let parts = split_value(&value, text, LIST_SEPARATORS);
        let found: Vec<(&str, &str)> = parts
            .iter()
            .map(|p| (p.text.as_str(), &text[p.span()]))
            .collect();
        assert_eq!(
            found,
            [("@a", "@a"), ("@b", "@b"), ("@c", "@c"), ("@d", "@d")]
        );
        // Written otherwise (unescaped from a quoted string), parts point at the value.
        let moved = Value {
            text: "@a, @b".into(),
            place: (0..3).into(),
        };
        let spans: Vec<_> = split_value(&moved, "xyz", &[","])
            .into_iter()
            .map(|p| p.span())
            .collect();
        assert_eq!(spans, [0..3, 0..3]);
        assert!(split_value(&moved, "", &[";"]).len() == 1);
    }

    #[test]
    fn a_long_list_splits_into_every_name() {
        let text = "@a,".repeat(200_000);
        let value = Value {
            text: text.as_str().into(),
            place: (0..text.len()).into(),
        };
        assert_eq!(split_value(&value, &text, LIST_SEPARATORS).len(), 200_000);
    }

    proptest::proptest! {
        /// The byte pre-check answers what searching every separator answers.
        #[test]
        fn a_list_separator_is_found_as_searching_finds_it(
            text in "([,; &@a-zA-Z\u{e9}]|and|AND|\\PC){0,12}"
        ) {
            let searched = LIST_SEPARATORS.iter().any(|sep| text.contains(sep));
            proptest::prop_assert_eq!(has_list_separator(&text), searched);
        }
    }
}
