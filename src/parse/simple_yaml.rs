//! A fast reader for the one YAML shape nearly every frontmatter has, giving
//! exactly the [`Node`] tree serde-saphyr gives (kinds, texts, byte spans),
//! or nothing, and then [`super::yaml`] asks serde-saphyr.
//!
//! Going through serde-saphyr costs about 12 µs for a six-line frontmatter
//! (events, anchors, budgets, a visitor per value); this reads the same
//! lines in a single pass. It answers only when the meaning is certain, so
//! the grammar it accepts is narrow on purpose:
//!
//! ```text
//! document = { line "\n" } [ line ]        at most 64 KiB; at least one entry
//! line     = "" | entry                    (a blank line is empty: no spaces)
//! entry    = key ":" ( end | " "+ value " "* end )
//! key      = [A-Za-z_] [A-Za-z0-9_-]*      at most 128 bytes, not a word
//!                                          (below), no key twice
//! value    = plain | double | single | flow
//! plain    = [A-Za-z0-9] { char - ":" - "#" }          trailing spaces dropped
//! double   = '"' { char - '"' - "\" } '"'
//! single   = "'" { char - "'" } "'"
//! flow     = "[" " "* [ item { " "* "," " "* item } " "* ] "]"
//! item     = flow-plain | double | single
//! flow-plain = [A-Za-z0-9] { char - ":" - "#" - "," - "[" - "]" - "{" - "}" }
//! char     = " " | printable ASCII | any non-ASCII character that is neither
//!            whitespace, a C1 control, U+FEFF nor U+FFFE/U+FFFF
//! ```
//!
//! `key:` with nothing after it is a null. A plain scalar (a key or a value)
//! must be a string in every YAML schema serde-saphyr applies: it is not one
//! of `y n yes no true false on off null inf nan infinity` in any case, and
//! when it starts with a digit it holds a letter that no number can hold
//! (one outside `a-f`, `o`, `x`), as in `2026-Q4`. Anything else (comments,
//! indentation, block sequences, multi-line or block scalars, escapes,
//! anchors, aliases, tags, directives, `---`, tabs, `\r`, flow mappings,
//! empty flow items, duplicate keys, ...) is left to serde-saphyr.

use super::node::{Node, NodeKind};
use crate::diagnostic::Span;

/// Larger texts go to serde-saphyr, whose node budget must stay the only
/// one that can refuse a document (64 KiB holds far fewer than its 250,000).
const MAX_BYTES: usize = 64 * 1024;

/// YAML limits an implicit key to 1,024 characters; planning keys are short.
const MAX_KEY_BYTES: usize = 128;

/// The frontmatter `text` (which starts at byte `base` of the file) as
/// serde-saphyr would read it, when it has the simple shape; else `None`.
pub(super) fn parse(text: &str, base: usize) -> Option<Node> {
    if text.len() > MAX_BYTES {
        return None;
    }
    let mut entries: Vec<(String, Span, Node)> = Vec::new();
    let mut extent: Option<Span> = None;
    let mut line_start = 0;
    while line_start < text.len() {
        let line_end = text
            .get(line_start..)?
            .find('\n')
            .map_or(text.len(), |at| line_start + at);
        if line_end > line_start {
            let (key, key_span, value) = entry(text, line_start, line_end)?;
            extent = Some(widen(extent, &key_span));
            extent = Some(widen(extent, &value.span));
            entries.push((key, shift(&key_span, base), shift_node(value, base)));
        }
        line_start = line_end + 1;
    }
    let extent = extent?;
    if has_duplicate_keys(&entries) {
        return None;
    }
    Some(Node {
        kind: NodeKind::Map(entries),
        span: shift(&extent, base),
    })
}

/// One `key: value` line at `text[start..end]`, spans in `text`.
fn entry(text: &str, start: usize, end: usize) -> Option<(String, Span, Node)> {
    let line = text.get(start..end)?;
    let colon = line.find(':')?;
    let key = line.get(..colon)?;
    if key.len() > MAX_KEY_BYTES || !is_simple_key(key) {
        return None;
    }
    let key_span = start..start + colon;
    let after = line.get(colon + 1..)?;
    if after.is_empty() {
        // serde-saphyr places the null right after the key.
        let null = Node {
            kind: NodeKind::Null,
            span: key_span.end..key_span.end,
        };
        return Some((key.to_owned(), key_span, null));
    }
    let value_from = after.len() - after.trim_start_matches(' ').len();
    if value_from == 0 {
        return None;
    }
    let value_start = start + colon + 1 + value_from;
    let (value, value_end) = value(text, value_start, end)?;
    if !text.get(value_end..end)?.bytes().all(|b| b == b' ') {
        return None;
    }
    Some((key.to_owned(), key_span, value))
}

/// The value starting at `start` on a line ending at `end`, and where it ends.
fn value(text: &str, start: usize, end: usize) -> Option<(Node, usize)> {
    let rest = text.get(start..end)?;
    match rest.as_bytes().first()? {
        b'"' | b'\'' => quoted(text, start, end),
        b'[' => flow(text, start, end),
        _ => {
            let scalar = rest.trim_end_matches(' ');
            plain_is_certain(scalar, false).then(|| {
                let span = start..start + scalar.len();
                (scalar_node(scalar, span), start + scalar.len())
            })
        }
    }
}

/// A quoted scalar without escapes starting at `start`, before `end`.
fn quoted(text: &str, start: usize, end: usize) -> Option<(Node, usize)> {
    let rest = text.get(start..end)?;
    let quote = rest.chars().next()?;
    let inner_len = rest.get(1..)?.find(quote)?;
    let inner = rest.get(1..1 + inner_len)?;
    let escapes = quote == '"' && inner.contains('\\');
    if escapes || !inner.chars().all(is_certain_char) {
        return None;
    }
    let close = start + 1 + inner_len + 1;
    if quote == '\'' && text.get(close..end)?.starts_with('\'') {
        // `''` is a quote inside the string.
        return None;
    }
    Some((scalar_node(inner, start..close), close))
}

/// A one-line flow sequence of scalars starting at `start` (its `[`).
fn flow(text: &str, start: usize, end: usize) -> Option<(Node, usize)> {
    let mut items = Vec::new();
    let mut at = skip_spaces(text, start + 1, end);
    if text.get(at..end)?.starts_with(']') {
        return Some((list_node(items, start..at + 1), at + 1));
    }
    loop {
        let (item, item_end) = match text.as_bytes().get(at)? {
            b'"' | b'\'' => quoted(text, at, end)?,
            _ => {
                let rest = text.get(at..end)?;
                let stop = rest.find([',', ']']).unwrap_or(rest.len());
                let scalar = rest.get(..stop)?.trim_end_matches(' ');
                if !plain_is_certain(scalar, true) {
                    return None;
                }
                (
                    scalar_node(scalar, at..at + scalar.len()),
                    at + scalar.len(),
                )
            }
        };
        items.push(item);
        at = skip_spaces(text, item_end, end);
        match text.as_bytes().get(at).filter(|_| at < end)? {
            b']' => return Some((list_node(items, start..at + 1), at + 1)),
            b',' => at = skip_spaces(text, at + 1, end),
            _ => return None,
        }
    }
}

fn skip_spaces(text: &str, from: usize, end: usize) -> usize {
    let rest = text.get(from..end).unwrap_or("");
    from + (rest.len() - rest.trim_start_matches(' ').len())
}

fn scalar_node(text: &str, span: Span) -> Node {
    Node {
        kind: NodeKind::Scalar(text.to_owned()),
        span,
    }
}

fn list_node(items: Vec<Node>, span: Span) -> Node {
    Node {
        kind: NodeKind::List(items),
        span,
    }
}

/// A key made of letters, digits, `_` and `-` that is a string in any schema.
fn is_simple_key(key: &str) -> bool {
    let mut bytes = key.bytes();
    bytes
        .next()
        .is_some_and(|b| b.is_ascii_alphabetic() || b == b'_')
        && bytes.all(|b| b.is_ascii_alphanumeric() || b == b'_' || b == b'-')
        && !is_special_word(key)
}

/// Whether a plain scalar certainly means the string it is written as:
/// it starts with a letter or digit, holds only [`is_certain_char`]s but
/// no `:` or `#` (nor, `in_flow`, `,[]{}`), and resolves to no other type.
fn plain_is_certain(scalar: &str, in_flow: bool) -> bool {
    let Some(first) = scalar.bytes().next() else {
        return false;
    };
    let indicators: &[char] = if in_flow {
        &[':', '#', ',', '[', ']', '{', '}']
    } else {
        &[':', '#']
    };
    first.is_ascii_alphanumeric()
        && scalar
            .chars()
            .all(|c| is_certain_char(c) && !indicators.contains(&c))
        && !is_special_word(scalar)
        && (!first.is_ascii_digit() || has_non_numeric_letter(scalar))
}

/// Words some YAML schema reads as a boolean, a null or a float.
fn is_special_word(scalar: &str) -> bool {
    [
        "y", "n", "yes", "no", "true", "false", "on", "off", "null", "inf", "nan", "infinity",
    ]
    .iter()
    .any(|word| scalar.eq_ignore_ascii_case(word))
}

/// A letter that no integer or float spelling holds (they hold hex digits,
/// `e`, and the radix prefixes `0o` and `0x`).
fn has_non_numeric_letter(scalar: &str) -> bool {
    scalar.bytes().any(|b| {
        let lower = b.to_ascii_lowercase();
        lower.is_ascii_lowercase() && !matches!(lower, b'a'..=b'f' | b'o' | b'x')
    })
}

/// A character whose meaning inside a one-line scalar is certain: a space,
/// printable ASCII, or printable non-ASCII that is not whitespace (YAML and
/// Rust disagree on what non-ASCII whitespace is) nor a byte-order mark.
fn is_certain_char(c: char) -> bool {
    if c.is_ascii() {
        c == ' ' || c.is_ascii_graphic()
    } else {
        c >= '\u{a0}' && !c.is_whitespace() && !matches!(c, '\u{feff}' | '\u{fffe}' | '\u{ffff}')
    }
}

fn has_duplicate_keys(entries: &[(String, Span, Node)]) -> bool {
    let mut keys: Vec<&str> = entries.iter().map(|(key, _, _)| key.as_str()).collect();
    keys.sort_unstable();
    keys.windows(2).any(|pair| pair.first() == pair.last())
}

fn widen(extent: Option<Span>, span: &Span) -> Span {
    match extent {
        None => span.clone(),
        Some(so_far) => so_far.start.min(span.start)..so_far.end.max(span.end),
    }
}

fn shift(span: &Span, base: usize) -> Span {
    span.start.saturating_add(base)..span.end.saturating_add(base)
}

fn shift_node(node: Node, base: usize) -> Node {
    let kind = match node.kind {
        NodeKind::List(items) => NodeKind::List(
            items
                .into_iter()
                .map(|item| shift_node(item, base))
                .collect(),
        ),
        other => other,
    };
    Node {
        kind,
        span: shift(&node.span, base),
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::parse::yaml::parse_with_saphyr;
    use proptest::prelude::*;

    /// The fast path answers `text` with exactly serde-saphyr's tree.
    fn assert_fast_and_equal(text: &str, base: usize) {
        let fast = parse(text, base);
        assert!(fast.is_some(), "the fast path declined {text:?}");
        assert_eq!(
            fast.map(Ok),
            Some(parse_with_saphyr(text, base)),
            "{text:?}"
        );
    }

    #[test]
    fn the_generated_plans_frontmatter_takes_the_fast_path() {
        let goal =
            "id: G-107\nteam: team-3\nowner: \"@b3\"\nstatus: in-progress\nquarter: 2026-Q4\n";
        let team =
            "name: Team 3\nlead: \"@lead3\"\nmembers: [\"@lead3\", \"@a3\", \"@b3\", \"@c3\"]\n\
                    mission: Make area 3 effortless for its users\n";
        assert_fast_and_equal(goal, 4);
        assert_fast_and_equal(team, 4);
        let node = parse(goal, 4).unwrap();
        let NodeKind::Map(entries) = &node.kind else {
            panic!("{node:?}")
        };
        let (key, key_span, value) = &entries[4];
        assert_eq!(key, "quarter");
        assert_eq!(&goal[key_span.start - 4..key_span.end - 4], "quarter");
        assert_eq!(value.kind, NodeKind::Scalar("2026-Q4".into()));
        assert_eq!(&goal[value.span.start - 4..value.span.end - 4], "2026-Q4");
        assert_eq!(node.span, 4..4 + goal.len() - 1);
    }

    #[test]
    fn the_examples_frontmatter_takes_the_fast_path() {
        for text in [
            "id: G-111\nteam: [growth, billing]\nowner: [\"@carol\", \"@bob\"]\nstatus: done\n",
            "name: Platform\nlead: \"@dan\"\nmembers: [\"@dan\", \"@erin\"]\n",
            "owner: TBD\nquarter: 2026-Q4\n\nnotes: it's 'fine', \"really\" (10 days)\n",
            "a: []\nb: [ ]\nc: ['x y' , z]\nd:\ne: ''\nf: \"\"\ng: Zoë 🚀\n",
            "last: no newline",
        ] {
            assert_fast_and_equal(text, 0);
        }
    }

    #[test]
    fn nulls_sit_right_after_their_key() {
        let node = parse("a:\nb: c\n", 10).unwrap();
        let NodeKind::Map(entries) = &node.kind else {
            panic!("{node:?}")
        };
        assert_eq!(
            entries[0].2,
            Node {
                kind: NodeKind::Null,
                span: 11..11
            }
        );
        assert_eq!(node.span, 10..17);
    }

    #[test]
    fn every_uncertain_shape_falls_back_to_serde_saphyr() {
        for text in [
            "",
            "\n\n",
            "# comment\na: b\n",
            "a: b # comment\n",
            "a: b\n  c: d\n",
            "a:\n  - b\n",
            "a: b\n  continued\n",
            "a: |\n  block\n",
            "a: >\n  folded\n",
            "a: &x b\n",
            "a: *x\n",
            "a: !tag b\n",
            "%YAML 1.2\n---\na: b\n",
            "---\na: b\n",
            "a: b\n...\n",
            "a:\tb\n",
            "a: b\tc\n",
            "a: b\r\n",
            "a: b\na: c\n",
            "a: 1.0\n",
            "a: 0x1F\n",
            "a: 12\n",
            "a: 1e999\n",
            "a: 10 fee\n",
            "a: yes\n",
            "a: Off\n",
            "a: ~\n",
            "a: null\n",
            "a: .inf\n",
            "a: inf\n",
            "null: a\n",
            "1: a\n",
            "\"a\": b\n",
            "a b: c\n",
            "a : b\n",
            "a:b\n",
            "a:  \n",
            "a: b: c\n",
            "a: b:\n",
            "a: \"b\\nc\"\n",
            "a: 'it''s'\n",
            "a: \"b\" c\n",
            "a: \"b\n  c\"\n",
            "a: [b, [c]]\n",
            "a: [b,]\n",
            "a: [b,,c]\n",
            "a: [b: c]\n",
            "a: [b\n",
            "a: {b: c}\n",
            "a: @bob\n",
            "a: -b\n",
            "a: b\u{a0}\n",
            "a: b\u{85}c\n",
            "a: \u{feff}b\n",
            "\u{feff}a: b\n",
            " a: b\n",
            "a: b\n \n",
            "- a\n",
        ] {
            assert_eq!(parse(text, 0), None, "{text:?}");
        }
        let long_key = format!("{}: b\n", "k".repeat(MAX_KEY_BYTES + 1));
        assert_eq!(parse(&long_key, 0), None);
        let mut huge = String::new();
        for at in 0.. {
            if huge.len() > MAX_BYTES {
                break;
            }
            huge.push_str(&format!("k{at}: v\n"));
        }
        assert_eq!(parse(&huge, 0), None);
    }

    /// Pieces of frontmatter: the simple shape and every reason to leave it.
    const KEYS: &[&str] = &[
        "id", "team", "owner", "a_b", "x-y", "_k", "k1", "yes", "null", "On", "2026", "-a", "a b",
        "é", "a\t", "\"q\"", "? a", "<<", "a.b", "",
    ];
    const SEPARATORS: &[&str] = &[": ", ":", ":  ", " : ", ":\t", ":\n  ", ":\n- ", ": \n"];
    const VALUES: &[&str] = &[
        "growth",
        "in-progress",
        "2026-Q4",
        "G-107",
        "Make area 1 effortless",
        "Team 3",
        "TBD",
        "1.0",
        "0x1F",
        "0o17",
        "0b1",
        "1_000",
        "+1",
        "-1",
        "1e5",
        "1E+5",
        "10 days",
        "10 fee",
        "1 000",
        "yes",
        "No",
        "on",
        "y",
        "~",
        "null",
        "Null",
        ".inf",
        "-.inf",
        ".nan",
        "inf",
        "NaN",
        "infinity",
        "a: b",
        "a #c",
        "a#b",
        "a:b",
        "x,y",
        "[a]",
        "a[b]",
        "a{b}",
        "a]",
        "&x",
        "*x",
        "!x",
        "!!str x",
        "|",
        ">",
        "|-\n  x",
        "@bob",
        "`x`",
        "%x",
        "-x",
        "- x",
        "? x",
        ":x",
        "é",
        "Zoë",
        "🚀",
        "b\u{a0}",
        "b\u{85}c",
        "\u{2028}",
        "\u{feff}",
        "\u{fffe}",
        "tab\tx",
        "\"q\"",
        "\"\"",
        "''",
        "'x'",
        "\"a\\nb\"",
        "'it''s'",
        "\"x\" y",
        "\"a # b\"",
        "'a: b'",
        "\"é\"",
        "[a, \"b\"]",
        "[]",
        "[ ]",
        "[a,]",
        "[a,,b]",
        "[a, [b]]",
        "{a: b}",
        "[a: b]",
        "[yes, 1.0]",
        "['x' , y ]",
        "[a b, c]",
        "[\"a\"b]",
        "[a",
        "[a, 'b''c']",
        "\"multi\n  line\"",
        "plain\n  more",
        "a  b",
        "a ",
        "a'b",
        "a\"b",
        "a\\b",
        "(x)",
        "a - b",
        "a, b",
        "2026-01-02",
        "12:30",
        "0",
        "00",
        "007",
    ];
    const LINES: &[&str] = &[
        "",
        " ",
        "  ",
        "# comment",
        "  indented: x",
        "- item",
        "---",
        "...",
        "%YAML 1.2",
        "a: b # c",
        "\t",
        "\r",
        "a: b\r",
    ];

    fn piece(options: &'static [&'static str]) -> impl Strategy<Value = String> {
        prop_oneof![
            6 => proptest::sample::select(options).prop_map(str::to_owned),
            1 => "\\PC{0,6}",
            1 => any::<String>().prop_map(|s| s.chars().take(6).collect()),
        ]
    }

    /// Keys and values of the simple shape, to build lines around.
    const SIMPLE_KEYS: &[&str] = &["id", "team", "owner", "name", "a_b", "x-y", "_k", "k1"];
    const SIMPLE_VALUES: &[&str] = &[
        "growth",
        "in-progress",
        "2026-Q4",
        "G-107",
        "Make area 1 effortless",
        "TBD",
        "\"@bob\"",
        "'x y'",
        "[a, \"b\"]",
        "[]",
        "Zoë",
        "10 days",
        "a, b",
        "(x)",
        "\"\"",
    ];

    fn line() -> impl Strategy<Value = String> {
        let simple = (
            proptest::sample::select(SIMPLE_KEYS),
            proptest::sample::select(SIMPLE_VALUES),
            any::<bool>(),
        )
            .prop_map(|(key, value, null)| {
                if null {
                    format!("{key}:")
                } else {
                    format!("{key}: {value}")
                }
            });
        let entry = (
            piece(KEYS),
            piece(SEPARATORS),
            piece(VALUES),
            piece(VALUES),
            0..4u8,
        )
            .prop_map(|(key, separator, value, more, joined)| match joined {
                // Two pieces in one value, so that indicators land inside it.
                0 => format!("{key}{separator}{value} {more}"),
                1 => format!("{key}{separator}{value}{more}"),
                _ => format!("{key}{separator}{value}"),
            });
        prop_oneof![
            12 => simple,
            4 => entry,
            1 => proptest::sample::select(LINES).prop_map(str::to_owned),
            1 => any::<String>(),
        ]
    }

    fn document() -> impl Strategy<Value = String> {
        (proptest::collection::vec(line(), 0..6), any::<bool>()).prop_map(|(lines, newline)| {
            let mut text = lines.join("\n");
            if newline {
                text.push('\n');
            }
            text
        })
    }

    /// The mixed grammar does reach the fast path (else the equivalence
    /// property below would hold vacuously), and agrees there.
    #[test]
    fn the_mixed_grammar_often_takes_the_fast_path() {
        use proptest::strategy::ValueTree;
        use proptest::test_runner::TestRunner;
        let mut runner = TestRunner::deterministic();
        let strategy = document();
        let mut answered = 0;
        for _ in 0..2000 {
            let text = strategy.new_tree(&mut runner).unwrap().current();
            if let Some(fast) = parse(&text, 1) {
                answered += 1;
                assert_eq!(Ok(fast), parse_with_saphyr(&text, 1), "{text:?}");
            }
        }
        assert!(
            answered >= 200,
            "only {answered} of 2000 documents took the fast path"
        );
    }

    proptest! {
        #![proptest_config(ProptestConfig {
            cases: 4096,
            failure_persistence: None,
            ..ProptestConfig::default()
        })]

        #[test]
        fn the_fast_path_gives_serde_saphyrs_tree(text in document(), base in 0usize..8) {
            if let Some(fast) = parse(&text, base) {
                prop_assert_eq!(Ok(fast), parse_with_saphyr(&text, base), "{:?}", text);
            }
        }

        #[test]
        fn the_simple_shape_is_always_answered(
            entries in proptest::collection::vec(
                (
                    "[a-z_][a-z0-9_-]{0,12}",
                    prop_oneof![
                        "[a-zA-Z][a-zA-Z0-9 ./()'-]{0,20}[a-zA-Z0-9.)]",
                        "\"[a-zA-Z0-9 @#:,'-]{0,12}\"",
                        "'[a-zA-Z0-9 @#:,\"-]{0,12}'",
                        "\\[(\"@[a-z0-9]{1,6}\", ){0,3}g[a-z0-9-]{0,6}\\]",
                    ],
                ),
                1..8,
            ),
        ) {
            let mut seen = std::collections::BTreeSet::new();
            let text: String = entries
                .iter()
                .filter(|(key, value)| {
                    !is_special_word(key) && !is_special_word(value) && seen.insert(key.clone())
                })
                .map(|(key, value)| format!("{key}: {value}\n"))
                .collect();
            prop_assume!(!text.is_empty());
            let fast = parse(&text, 0);
            prop_assert!(fast.is_some(), "{:?}", text);
            prop_assert_eq!(fast.map(Ok), Some(parse_with_saphyr(&text, 0)), "{:?}", text);
        }

        #[test]
        fn no_input_panics(text in "\\PC{0,200}", bytes in any::<String>()) {
            let _ = parse(&text, 3);
            let _ = parse(&bytes, 0);
        }
    }
}
