//! No input makes planlint panic: arbitrary planning files go through the
//! whole pipeline (parse, model, rules, every reporter), twice, with the same
//! bytes out both times.

use planlint::check::{self, Request};
use planlint::config::Loaded;
use planlint::report::{self, Format, RenderOptions, Report};
use planlint::source::Mode;
use proptest::prelude::*;

/// Pieces that planning documents are made of, to build plausible and
/// implausible documents from.
fn fragment() -> impl Strategy<Value = String> {
    prop_oneof![
        Just("---\n".to_string()),
        Just("+++\n".to_string()),
        Just("# Title\n".to_string()),
        Just("## Done when\n".to_string()),
        Just("## Not doing\n".to_string()),
        Just("- [ ] item\n".to_string()),
        Just("- [x] done\n".to_string()),
        Just("owner: TBD\n".to_string()),
        Just("owner: [\"@a\", \"@b\"]\n".to_string()),
        Just("team: growth\n".to_string()),
        Just("team: [growth, nope]\n".to_string()),
        Just("status: done\n".to_string()),
        Just("status: at-risk\n".to_string()),
        Just("quarter: 2026-Q4\n".to_string()),
        Just("quarter: 9999-Q1\n".to_string()),
        Just("members: [a, b, c, d, e, f, g, h]\n".to_string()),
        Just("id: G-1\n".to_string()),
        Just("id = \"G-1\"\n".to_string()),
        Just("[[goal]]\n".to_string()),
        Just("[[team]]\n".to_string()),
        Just("<!-- planlint-disable goal-owner -->\n".to_string()),
        Just("<!-- planlint-disable-next-line -->\n".to_string()),
        Just("<!-- planlint-enable -->\n".to_string()),
        Just("planlint-ignore: [goal-why]\n".to_string()),
        Just("# planlint-ignore goal-owner\n".to_string()),
        Just("| Point of contact | @x |\n".to_string()),
        Just("- Owner: @bob, @carol\n".to_string()),
        Just("&a [*a, *a]\n".to_string()),
        Just("\u{feff}".to_string()),
        Just("é🙂\u{202e}\r\n".to_string()),
        hostile_field(),
        hostile_field(),
        hostile_text(),
    ]
}

/// Any text, with the characters that break byte arithmetic or reach a
/// terminal drawn often: NUL, CR, ESC, bidi controls, a combining mark, a
/// zero-width joiner, a byte-order mark, multi-byte letters and emoji.
/// (`any::<String>()` alone never draws control or format characters.)
fn hostile_text() -> impl Strategy<Value = String> {
    let special = prop::sample::select(vec![
        '\0', '\r', '\n', '\u{1b}', '\u{202e}', '\u{2066}', '\u{0301}', '\u{200d}', '\u{feff}',
        'é', '🚀', 'Q', '-', '@', ':', '#', '"',
    ]);
    prop::collection::vec(prop_oneof![any::<char>(), special], 0..12)
        .prop_map(|chars| chars.into_iter().collect())
}

/// A value that almost reads as a quarter or a half (`2026-Q4`, `Q4 2026`),
/// with multi-byte characters where the digits go (`Qé123`).
fn quarter_like() -> impl Strategy<Value = String> {
    prop_oneof![
        "[QqHh][é🚀\u{0301}\u{202e}][0-9é]{0,4}",
        "[QqHh][0-9é🚀\u{0301}]{1,4}( [0-9]{4})?",
        "[0-9]{4}[ -]?[QqHh][0-9é🚀\u{0301}]{0,3}",
    ]
}

/// Every field the built-in rules read, with a value that makes the rules
/// look further (an active status, an owner, a team that exists).
const FIELDS: &[(&str, &str)] = &[
    ("id", "G-1"),
    ("title", "Ship"),
    ("team", "growth"),
    ("owner", "@bob"),
    ("status", "in-progress"),
    ("quarter", "2026-Q4"),
    ("members", "@bob"),
    ("focus", "G-1"),
    ("lead", "@bob"),
    ("why", "because"),
    ("done_when", "- [ ] shipped"),
    ("adoption", "support"),
    ("not_doing", "nothing"),
    ("risks", "none"),
    ("number", "12"),
    ("labels", "goal:G-1"),
    ("assignees", "bob"),
];

/// A value for a field: its usual value, arbitrary text, or nearly a quarter.
fn field_value(usual: &'static str) -> impl Strategy<Value = String> {
    prop_oneof![
        2 => Just(usual.to_string()),
        2 => hostile_text(),
        1 => quarter_like(),
    ]
}

/// One field with an arbitrary value, in each way a planning file writes one.
fn hostile_field() -> impl Strategy<Value = String> {
    prop::sample::select(FIELDS)
        .prop_flat_map(|(name, usual)| (Just(name), field_value(usual), 0..7u8))
        .prop_map(|(name, value, shape)| match shape {
            0 => format!("{name}: {value}\n"),
            1 => format!("{name}: {}\n", serde_json::Value::String(value)),
            2 => format!("{name} = {}\n", toml::Value::String(value)),
            3 => format!("## {name}\n{value}\n"),
            4 => format!("- [ ] {value}\n"),
            5 => format!("- {name}: {value}\n"),
            _ => format!(
                "{name}: [{}, {value}]\n",
                serde_json::Value::String(value.clone())
            ),
        })
}

/// The syntaxes a well-formed planning file is written in.
#[derive(Clone, Copy, Debug)]
enum Syntax {
    /// YAML frontmatter, then a Markdown section per field.
    Markdown,
    /// `key = "value"` lines of one TOML document.
    Toml,
    /// A TOML data file: one `[[goal]]`.
    TomlData,
    /// `key: "value"` lines of one YAML document.
    Yaml,
    /// A YAML data file: one item of `goal:`.
    YamlData,
}

/// A well-formed planning file in which every field holds arbitrary text,
/// quoted as its syntax requires so that the values reach the rules, with
/// the index in [`PATHS`] of a file that is read in that syntax.
fn well_formed_file() -> impl Strategy<Value = (usize, String)> {
    let values: Vec<_> = FIELDS.iter().map(|(_, usual)| field_value(usual)).collect();
    let syntax = prop::sample::select(vec![
        (Syntax::Markdown, 3),
        (Syntax::Markdown, 0),
        (Syntax::Markdown, 9),
        (Syntax::Toml, 5),
        (Syntax::TomlData, 6),
        (Syntax::Yaml, 2),
        (Syntax::YamlData, 7),
    ]);
    (values, hostile_text(), syntax).prop_map(|(values, title, (syntax, path))| {
        let fields = FIELDS.iter().map(|(name, _)| name).zip(&values);
        let json = |value: &String| serde_json::Value::String(value.clone());
        let toml = |value: &String| toml::Value::String(value.clone());
        let text = match syntax {
            Syntax::Markdown => {
                let frontmatter: String = fields
                    .clone()
                    .map(|(name, value)| format!("{name}: {}\n", json(value)))
                    .collect();
                let sections: String = fields
                    .map(|(name, value)| format!("## {name}\n{value}\n- [ ] {value}\n"))
                    .collect();
                format!("---\n{frontmatter}---\n# {title}\n{sections}")
            }
            Syntax::Toml | Syntax::TomlData => {
                let lines: String = fields
                    .map(|(name, value)| format!("{name} = {}\n", toml(value)))
                    .collect();
                match syntax {
                    Syntax::TomlData => format!("[[goal]]\n{lines}"),
                    _ => lines,
                }
            }
            Syntax::Yaml => fields
                .map(|(name, value)| format!("{name}: {}\n", json(value)))
                .collect(),
            Syntax::YamlData => {
                let item: String = fields
                    .map(|(name, value)| format!("    {name}: {}\n", json(value)))
                    .collect();
                format!("goal:\n  -\n{item}")
            }
        };
        (path, text)
    })
}

/// A planning file: pieces thrown together at any path, or well formed.
fn planning_file() -> impl Strategy<Value = (usize, String)> {
    let thrown = prop::collection::vec(fragment(), 0..24).prop_map(|parts| parts.concat());
    prop_oneof![(0usize..PATHS.len(), thrown), well_formed_file()]
}

const PATHS: &[&str] = &[
    "planning/teams/growth.md",
    "planning/teams/growth-2.md",
    "planning/teams/data.yaml",
    "planning/goals/g-1.md",
    "planning/goals/q4/g-2.md",
    "planning/goals/g-3.toml",
    "planning/plan.toml",
    "planning/plan.yaml",
    "planning/issues.json",
    "planning/issues/1.md",
];

fn run_all(files: &[(usize, String)]) -> Vec<String> {
    let dir = tempfile::tempdir().expect("temp dir");
    for (index, text) in files {
        let path = dir.path().join(PATHS[index % PATHS.len()]);
        std::fs::create_dir_all(path.parent().expect("parent")).expect("mkdir");
        std::fs::write(&path, text).expect("write");
    }
    let loaded = Loaded::default();
    let rules = loaded.rule_set(&[]).expect("rules");
    let outcome = check::run(Request {
        root: dir.path(),
        mode: Mode::Worktree,
        loaded: &loaded,
        rules,
    })
    .expect("check runs");
    let sources = outcome.plan.sources();
    let checked = outcome.checked();
    let metas = outcome.rules.metas();
    let report = Report {
        diagnostics: &outcome.diagnostics,
        sources: &sources,
        checked: &checked,
        rules: &metas,
        summary: outcome.summary,
        tool_version: "0.1.0",
        trust: None,
    };
    [
        Format::Human,
        Format::Concise,
        Format::Json,
        Format::Sarif,
        Format::Github,
        Format::Gitlab,
        Format::Junit,
        Format::Markdown,
    ]
    .into_iter()
    .map(|format| report::render(format, &report, RenderOptions::default()))
    .collect()
}

proptest! {
    #![proptest_config(ProptestConfig { cases: 48, failure_persistence: None, ..ProptestConfig::default() })]

    #[test]
    fn any_plan_is_checked_without_panic_and_deterministically(
        files in prop::collection::vec(planning_file(), 1..6)
    ) {
        let first = run_all(&files);
        let second = run_all(&files);
        prop_assert_eq!(first, second);
    }
}
