//! Every format's exact bytes on one small report, plus the properties each
//! format promises (escaping, limits, validity).

use super::*;
use crate::diagnostic::{EntityKind, Level, LineIndex};

const GOAL_PATH: &str = "planning/goals/2026-Q4/G-107.md";
const GOAL_TEXT: &str = "---\nid: G-107\nteam: growth\nowner: \"@zoë\"\nstatus: in-progress\n---\n# Raise activation — ünïcödé 🚀\n## Done when\n- [ ] Activación ≥ 40 %\n- [ ] 日本語 support\n";
const ISSUES_PATH: &str = "planning/issues.json";
const ISSUES_TEXT: &str = "[{\"number\": 1 x]\n";
const TEAM_PATH: &str = "planning/teams/growth.md";
const TEAM_TEXT: &str = "---\nname: Growth\nlead: \"@alice\"\nmembers: [\"@alice\", \"@bob\", \"@carol\", \"@dan\", \"@erin\", \"@frank\", \"@grace\"]\n---\n# Growth\n";
const HOSTILE: &str = "goal has no why: 100% done\r\n::error file=x::pwned, a:b <script>alert(1)</script> | \u{1b}[31mred";

/// A diagnostic at the first occurrence of `at` in `text` (to its end).
fn diag(
    rule: &str,
    level: Level,
    message: &str,
    (path, text): (&str, &str),
    at: &str,
    entity: (EntityKind, &str),
    help: Option<&str>,
) -> Diagnostic {
    let start = text.find(at).unwrap_or(0);
    let span = start..start + at.len();
    let index = LineIndex::new(text);
    Diagnostic {
        rule: rule.into(),
        level,
        message: message.to_string(),
        path: path.into(),
        start: index.position(text, span.start),
        end: index.position(text, span.end),
        span,
        entity: EntityRef {
            kind: entity.0,
            id: entity.1.to_string(),
        },
        help: help.map(Into::into),
        identity_message: None,
    }
}

fn goal() -> EntityRef {
    EntityRef {
        kind: EntityKind::Goal,
        id: "G-107".to_string(),
    }
}

fn team() -> EntityRef {
    EntityRef {
        kind: EntityKind::Team,
        id: "growth".to_string(),
    }
}

/// Owns what a [`Report`] borrows.
struct Fixture {
    diagnostics: Vec<Diagnostic>,
    sources: BTreeMap<&'static str, &'static str>,
    checked: Vec<(EntityRef, String)>,
    rules: Vec<RuleMeta>,
    summary: Summary,
}

impl Fixture {
    fn report(&self) -> Report<'_> {
        Report {
            diagnostics: &self.diagnostics,
            sources: &self.sources,
            checked: &self.checked,
            rules: &self.rules,
            summary: self.summary,
            tool_version: "0.1.0",
            trust: None,
        }
    }
}

/// Two source files, and a third (`issues.json`) that did not parse and so has
/// no text: an error with a Unicode message over several lines, a warning with
/// hostile text, a file-level error without a snippet, a plain error.
fn fixture() -> Fixture {
    let goal_file = (GOAL_PATH, GOAL_TEXT);
    let diagnostics = vec![
        diag(
            "goal-why",
            Level::Warning,
            HOSTILE,
            goal_file,
            "id: G-107",
            (EntityKind::Goal, "G-107"),
            None,
        ),
        diag(
            "done-criteria",
            Level::Error,
            "done criteria of goal `G-107` are vague: “Activación ≥ 40 %” has no date ✗",
            goal_file,
            "## Done when\n- [ ] Activación ≥ 40 %\n- [ ] 日本語 support",
            (EntityKind::Goal, "G-107"),
            Some("say by when, e.g. “≥ 40 % within a day”"),
        ),
        diag(
            "parse-error",
            Level::Error,
            "expected `,` or `]`",
            (ISSUES_PATH, ISSUES_TEXT),
            "x",
            (EntityKind::File, ISSUES_PATH),
            None,
        ),
        diag(
            "team-size",
            Level::Error,
            "team `growth` has 7 members; the limit is 6",
            (TEAM_PATH, TEAM_TEXT),
            "members: [\"@alice\", \"@bob\", \"@carol\", \"@dan\", \"@erin\", \"@frank\", \"@grace\"]",
            (EntityKind::Team, "growth"),
            Some("split the team before it grows past 6"),
        ),
    ];
    let sources = BTreeMap::from([(GOAL_PATH, GOAL_TEXT), (TEAM_PATH, TEAM_TEXT)]);
    let rule = |id: &str, summary: &str, help: &str, default_level| RuleMeta {
        id: id.to_string(),
        summary: summary.to_string(),
        help: help.to_string(),
        default_level,
        why: format!("Why {id} matters."),
        fix: help.to_string(),
        entities: vec![if id == "team-size" {
            EntityKind::Team
        } else {
            EntityKind::Goal
        }],
        failing_example: (id == "goal-why").then(|| RuleExample {
            path: "planning/goals/g-1.md".to_string(),
            text: "# Ship it\n```\ncode\n```\n".to_string(),
        }),
        builtin: id != "team-size",
    };
    Fixture {
        diagnostics,
        sources,
        checked: vec![
            (team(), TEAM_PATH.to_string()),
            (goal(), GOAL_PATH.to_string()),
        ],
        rules: vec![
            rule(
                "done-criteria",
                "A goal states checkably what must be true for it to be done.",
                "\"Basically done\" is not done. Add a `## Done when` section.",
                Level::Error,
            ),
            rule(
                "goal-why",
                "A goal says why it matters.",
                "Add a `## Why` section.",
                Level::Warning,
            ),
            rule(
                "team-size",
                "A team has at most `max` members.",
                "Split the team.",
                Level::Error,
            ),
        ],
        summary: Summary {
            files: 3,
            teams: 1,
            goals: 1,
            issues: 0,
            errors: 3,
            warnings: 1,
        },
    }
}

fn empty() -> Fixture {
    Fixture {
        diagnostics: Vec::new(),
        sources: BTreeMap::new(),
        checked: Vec::new(),
        rules: Vec::new(),
        summary: Summary::default(),
    }
}

fn render_plain(format: Format, fixture: &Fixture) -> String {
    render(format, &fixture.report(), RenderOptions::default())
}

#[test]
fn human_exact_bytes() {
    assert_eq!(
        render_plain(Format::Human, &fixture()),
        r##"warning[goal-why]

  ⚠ goal has no why: 100% done\r
  │ ::error file=x::pwned, a:b <script>alert(1)</script> | \u{1b}[31mred
   ╭─[planning/goals/2026-Q4/G-107.md:2:1]
 1 │ ---
 2 │ id: G-107
   · ─────────
 3 │ team: growth
   ╰────

error[done-criteria]

  × done criteria of goal `G-107` are vague: “Activación ≥ 40 %” has no date ✗
    ╭─[planning/goals/2026-Q4/G-107.md:8:1]
  7 │     # Raise activation — ünïcödé 🚀
  8 │ ╭─▶ ## Done when
  9 │ │   - [ ] Activación ≥ 40 %
 10 │ ╰─▶ - [ ] 日本語 support
    ╰────
  help: say by when, e.g. “≥ 40 % within a day”

error[parse-error]

  × expected `,` or `]`

error[team-size]

  × team `growth` has 7 members; the limit is 6
   ╭─[planning/teams/growth.md:4:1]
 3 │ lead: "@alice"
 4 │ members: ["@alice", "@bob", "@carol", "@dan", "@erin", "@frank", "@grace"]
   · ──────────────────────────────────────────────────────────────────────────
 5 │ ---
   ╰────
  help: split the team before it grows past 6

3 errors, 1 warning in 3 files; checked 3 files (1 team, 1 goal, 0 issues)
"##
    );
}

#[test]
fn concise_exact_bytes() {
    assert_eq!(
        render_plain(Format::Concise, &fixture()),
        r##"planning/goals/2026-Q4/G-107.md:2:1: warning[goal-why] goal has no why: 100% done\r\n::error file=x::pwned, a:b <script>alert(1)</script> | \u{1b}[31mred
planning/goals/2026-Q4/G-107.md:8:1: error[done-criteria] done criteria of goal `G-107` are vague: “Activación ≥ 40 %” has no date ✗
planning/issues.json:1:15: error[parse-error] expected `,` or `]`
planning/teams/growth.md:4:1: error[team-size] team `growth` has 7 members; the limit is 6
"##
    );
}

#[test]
fn json_exact_bytes() {
    assert_eq!(
        render_plain(Format::Json, &fixture()),
        r##"{
  "version": 1,
  "tool": {
    "name": "planlint",
    "version": "0.1.0"
  },
  "diagnostics": [
    {
      "rule": "goal-why",
      "level": "warning",
      "message": "goal has no why: 100% done\r\n::error file=x::pwned, a:b <script>alert(1)</script> | \u001b[31mred",
      "path": "planning/goals/2026-Q4/G-107.md",
      "line": 2,
      "column": 1,
      "end_line": 2,
      "end_column": 10,
      "entity": {
        "kind": "goal",
        "id": "G-107"
      },
      "help": null
    },
    {
      "rule": "done-criteria",
      "level": "error",
      "message": "done criteria of goal `G-107` are vague: “Activación ≥ 40 %” has no date ✗",
      "path": "planning/goals/2026-Q4/G-107.md",
      "line": 8,
      "column": 1,
      "end_line": 10,
      "end_column": 18,
      "entity": {
        "kind": "goal",
        "id": "G-107"
      },
      "help": "say by when, e.g. “≥ 40 % within a day”"
    },
    {
      "rule": "parse-error",
      "level": "error",
      "message": "expected `,` or `]`",
      "path": "planning/issues.json",
      "line": 1,
      "column": 15,
      "end_line": 1,
      "end_column": 16,
      "entity": {
        "kind": "file",
        "id": "planning/issues.json"
      },
      "help": null
    },
    {
      "rule": "team-size",
      "level": "error",
      "message": "team `growth` has 7 members; the limit is 6",
      "path": "planning/teams/growth.md",
      "line": 4,
      "column": 1,
      "end_line": 4,
      "end_column": 75,
      "entity": {
        "kind": "team",
        "id": "growth"
      },
      "help": "split the team before it grows past 6"
    }
  ],
  "summary": {
    "files": 3,
    "teams": 1,
    "goals": 1,
    "issues": 0,
    "errors": 3,
    "warnings": 1
  }
}
"##
    );
}

#[test]
fn sarif_exact_bytes() {
    assert_eq!(
        render_plain(Format::Sarif, &fixture()),
        r##"{
  "$schema": "https://json.schemastore.org/sarif-2.1.0.json",
  "version": "2.1.0",
  "runs": [
    {
      "tool": {
        "driver": {
          "name": "planlint",
          "version": "0.1.0",
          "informationUri": "https://github.com/planlint/planlint",
          "rules": [
            {
              "id": "done-criteria",
              "name": "DoneCriteria",
              "shortDescription": {
                "text": "A goal states checkably what must be true for it to be done."
              },
              "fullDescription": {
                "text": "\"Basically done\" is not done. Add a `## Done when` section."
              },
              "helpUri": "https://github.com/planlint/planlint/blob/main/rules/done-criteria.toml",
              "help": {
                "text": "\"Basically done\" is not done. Add a `## Done when` section.",
                "markdown": "A goal states checkably what must be true for it to be done.\n\nWhy done-criteria matters.\n\n\"Basically done\" is not done. Add a `## Done when` section."
              },
              "defaultConfiguration": {
                "level": "error"
              },
              "properties": {
                "tags": [
                  "planning",
                  "goal"
                ],
                "precision": "very-high",
                "problem": {
                  "severity": "error"
                }
              }
            },
            {
              "id": "goal-why",
              "name": "GoalWhy",
              "shortDescription": {
                "text": "A goal says why it matters."
              },
              "fullDescription": {
                "text": "Add a `## Why` section."
              },
              "helpUri": "https://github.com/planlint/planlint/blob/main/rules/goal-why.toml",
              "help": {
                "text": "Add a `## Why` section.",
                "markdown": "A goal says why it matters.\n\nWhy goal-why matters.\n\nAdd a `## Why` section.\n\nFails, in `planning/goals/g-1.md`:\n\n````\n# Ship it\n```\ncode\n```\n````"
              },
              "defaultConfiguration": {
                "level": "warning"
              },
              "properties": {
                "tags": [
                  "planning",
                  "goal"
                ],
                "precision": "very-high",
                "problem": {
                  "severity": "warning"
                }
              }
            },
            {
              "id": "team-size",
              "name": "TeamSize",
              "shortDescription": {
                "text": "A team has at most `max` members."
              },
              "fullDescription": {
                "text": "Split the team."
              },
              "help": {
                "text": "Split the team.",
                "markdown": "A team has at most \\`max\\` members.\n\nWhy team-size matters.\n\nSplit the team."
              },
              "defaultConfiguration": {
                "level": "error"
              },
              "properties": {
                "tags": [
                  "planning",
                  "team"
                ],
                "precision": "very-high",
                "problem": {
                  "severity": "error"
                }
              }
            }
          ]
        }
      },
      "columnKind": "unicodeCodePoints",
      "results": [
        {
          "ruleId": "goal-why",
          "ruleIndex": 1,
          "level": "warning",
          "message": {
            "text": "goal has no why: 100% done\r\n::error file=x::pwned, a:b <script>alert(1)</script> | \u001b[31mred"
          },
          "locations": [
            {
              "physicalLocation": {
                "artifactLocation": {
                  "uri": "planning/goals/2026-Q4/G-107.md",
                  "uriBaseId": "%SRCROOT%"
                },
                "region": {
                  "startLine": 2,
                  "startColumn": 1,
                  "endLine": 2,
                  "endColumn": 10
                }
              }
            }
          ],
          "partialFingerprints": {
            "primaryLocationLineHash": "7de657a29de0270a:1"
          },
          "properties": {
            "entity": {
              "kind": "goal",
              "id": "G-107"
            }
          }
        },
        {
          "ruleId": "done-criteria",
          "ruleIndex": 0,
          "level": "error",
          "message": {
            "text": "done criteria of goal `G-107` are vague: “Activación ≥ 40 %” has no date ✗"
          },
          "locations": [
            {
              "physicalLocation": {
                "artifactLocation": {
                  "uri": "planning/goals/2026-Q4/G-107.md",
                  "uriBaseId": "%SRCROOT%"
                },
                "region": {
                  "startLine": 8,
                  "startColumn": 1,
                  "endLine": 10,
                  "endColumn": 18
                }
              }
            }
          ],
          "partialFingerprints": {
            "primaryLocationLineHash": "fdde21de5bb79e75:1"
          },
          "properties": {
            "entity": {
              "kind": "goal",
              "id": "G-107"
            },
            "help": "say by when, e.g. “≥ 40 % within a day”"
          }
        },
        {
          "ruleId": "parse-error",
          "level": "error",
          "message": {
            "text": "expected `,` or `]`"
          },
          "locations": [
            {
              "physicalLocation": {
                "artifactLocation": {
                  "uri": "planning/issues.json",
                  "uriBaseId": "%SRCROOT%"
                },
                "region": {
                  "startLine": 1,
                  "startColumn": 15,
                  "endLine": 1,
                  "endColumn": 16
                }
              }
            }
          ],
          "partialFingerprints": {
            "primaryLocationLineHash": "dd0cc7610b44717b:1"
          },
          "properties": {
            "entity": {
              "kind": "file",
              "id": "planning/issues.json"
            }
          }
        },
        {
          "ruleId": "team-size",
          "ruleIndex": 2,
          "level": "error",
          "message": {
            "text": "team `growth` has 7 members; the limit is 6"
          },
          "locations": [
            {
              "physicalLocation": {
                "artifactLocation": {
                  "uri": "planning/teams/growth.md",
                  "uriBaseId": "%SRCROOT%"
                },
                "region": {
                  "startLine": 4,
                  "startColumn": 1,
                  "endLine": 4,
                  "endColumn": 75
                }
              }
            }
          ],
          "partialFingerprints": {
            "primaryLocationLineHash": "47cfe1c3a75582a8:1"
          },
          "properties": {
            "entity": {
              "kind": "team",
              "id": "growth"
            },
            "help": "split the team before it grows past 6"
          }
        }
      ]
    }
  ]
}
"##
    );
}

#[test]
fn github_exact_bytes() {
    assert_eq!(
        render_plain(Format::Github, &fixture()),
        r##"::error file=planning/goals/2026-Q4/G-107.md,line=8,endLine=10,title=planlint done-criteria::planning/goals/2026-Q4/G-107.md:8:1: done-criteria done criteria of goal `G-107` are vague: “Activación ≥ 40 %25” has no date ✗%0Ahelp: say by when, e.g. “≥ 40 %25 within a day”
::error file=planning/issues.json,line=1,endLine=1,col=15,endColumn=16,title=planlint parse-error::planning/issues.json:1:15: parse-error expected `,` or `]`
::error file=planning/teams/growth.md,line=4,endLine=4,col=1,endColumn=75,title=planlint team-size::planning/teams/growth.md:4:1: team-size team `growth` has 7 members; the limit is 6%0Ahelp: split the team before it grows past 6
::warning file=planning/goals/2026-Q4/G-107.md,line=2,endLine=2,col=1,endColumn=10,title=planlint goal-why::planning/goals/2026-Q4/G-107.md:2:1: goal-why goal has no why: 100%25 done\r\n::error file=x::pwned, a:b <script>alert(1)</script> | \u{1b}[31mred
planlint: 3 errors, 1 warning
"##
    );
}

/// Rendered with the plan at `examples/demo` in its repository.
fn render_in_subfolder(format: Format, fixture: &Fixture) -> String {
    let options = RenderOptions {
        path_prefix: "examples/demo",
        ..RenderOptions::default()
    };
    render(format, &fixture.report(), options)
}

#[test]
fn github_paths_are_relative_to_the_repository() {
    assert_eq!(
        render_in_subfolder(Format::Github, &fixture()),
        r##"::error file=examples/demo/planning/goals/2026-Q4/G-107.md,line=8,endLine=10,title=planlint done-criteria::examples/demo/planning/goals/2026-Q4/G-107.md:8:1: done-criteria done criteria of goal `G-107` are vague: “Activación ≥ 40 %25” has no date ✗%0Ahelp: say by when, e.g. “≥ 40 %25 within a day”
::error file=examples/demo/planning/issues.json,line=1,endLine=1,col=15,endColumn=16,title=planlint parse-error::examples/demo/planning/issues.json:1:15: parse-error expected `,` or `]`
::error file=examples/demo/planning/teams/growth.md,line=4,endLine=4,col=1,endColumn=75,title=planlint team-size::examples/demo/planning/teams/growth.md:4:1: team-size team `growth` has 7 members; the limit is 6%0Ahelp: split the team before it grows past 6
::warning file=examples/demo/planning/goals/2026-Q4/G-107.md,line=2,endLine=2,col=1,endColumn=10,title=planlint goal-why::examples/demo/planning/goals/2026-Q4/G-107.md:2:1: goal-why goal has no why: 100%25 done\r\n::error file=x::pwned, a:b <script>alert(1)</script> | \u{1b}[31mred
planlint: 3 errors, 1 warning
"##
    );
    // A prefix with a `,` or `:` is escaped like any property value.
    let options = RenderOptions {
        path_prefix: "a,b:c/",
        ..RenderOptions::default()
    };
    let out = render(Format::Github, &fixture().report(), options);
    assert!(out.starts_with("::error file=a%2Cb%3Ac/planning/goals/2026-Q4/G-107.md,line=8,"));
}

#[test]
fn sarif_uris_are_relative_to_the_repository() {
    let plain = render_plain(Format::Sarif, &fixture());
    let prefixed = render_in_subfolder(Format::Sarif, &fixture());
    let uris = |text: &str| -> Vec<String> {
        text.lines()
            .filter(|l| l.trim_start().starts_with("\"uri\""))
            .map(|l| l.trim().to_string())
            .collect()
    };
    assert_eq!(
        uris(&prefixed),
        [
            r#""uri": "examples/demo/planning/goals/2026-Q4/G-107.md","#,
            r#""uri": "examples/demo/planning/goals/2026-Q4/G-107.md","#,
            r#""uri": "examples/demo/planning/issues.json","#,
            r#""uri": "examples/demo/planning/teams/growth.md","#,
        ]
    );
    // Nothing else changes: the base id stays `%SRCROOT%` (the repository).
    assert_eq!(
        prefixed.replace("\"uri\": \"examples/demo/", "\"uri\": \""),
        plain
    );
    assert_valid_sarif(&sarif_validator(), &prefixed);
}

#[test]
fn other_formats_stay_relative_to_the_plan() {
    for format in [
        Format::Human,
        Format::Concise,
        Format::Json,
        Format::Markdown,
    ] {
        assert_eq!(
            render_in_subfolder(format, &fixture()),
            render_plain(format, &fixture()),
            "{format:?}"
        );
    }
}

#[test]
fn only_paths_inside_the_plan_get_the_prefix() {
    for (path, expected) in [
        ("planning/a.md", "plan/planning/a.md"),
        ("(pull request #12)", "(pull request #12)"),
        ("/tmp/issues.json", "/tmp/issues.json"),
        ("../issues.json", "../issues.json"),
        ("C:\\exports\\issues.json", "C:\\exports\\issues.json"),
        ("c:odd.md", "plan/c:odd.md"),
    ] {
        assert_eq!(repository_path("plan/", path), expected);
        assert_eq!(repository_path("", path), path);
    }
}

#[test]
fn gitlab_exact_bytes() {
    assert_eq!(
        render_plain(Format::Gitlab, &fixture()),
        r##"[
  {
    "description": "goal has no why: 100% done\r\n::error file=x::pwned, a:b <script>alert(1)</script> | \u001b[31mred",
    "check_name": "goal-why",
    "fingerprint": "7de657a29de0270a",
    "severity": "minor",
    "location": {
      "path": "planning/goals/2026-Q4/G-107.md",
      "lines": {
        "begin": 2,
        "end": 2
      }
    }
  },
  {
    "description": "done criteria of goal `G-107` are vague: “Activación ≥ 40 %” has no date ✗",
    "check_name": "done-criteria",
    "fingerprint": "fdde21de5bb79e75",
    "severity": "major",
    "location": {
      "path": "planning/goals/2026-Q4/G-107.md",
      "lines": {
        "begin": 8,
        "end": 10
      }
    }
  },
  {
    "description": "expected `,` or `]`",
    "check_name": "parse-error",
    "fingerprint": "dd0cc7610b44717b",
    "severity": "major",
    "location": {
      "path": "planning/issues.json",
      "lines": {
        "begin": 1,
        "end": 1
      }
    }
  },
  {
    "description": "team `growth` has 7 members; the limit is 6",
    "check_name": "team-size",
    "fingerprint": "47cfe1c3a75582a8",
    "severity": "major",
    "location": {
      "path": "planning/teams/growth.md",
      "lines": {
        "begin": 4,
        "end": 4
      }
    }
  }
]
"##
    );
}

#[test]
fn junit_exact_bytes() {
    assert_eq!(
        render_plain(Format::Junit, &fixture()),
        r##"<?xml version="1.0" encoding="UTF-8"?>
<testsuites name="planlint" tests="4" skipped="0" failures="3" errors="0">
    <testsuite name="planlint" tests="4" skipped="0" errors="0" failures="3">
        <testcase name="goal-why goal G-107" classname="goal" file="planning/goals/2026-Q4/G-107.md" line="2">
            <system-out>planning/goals/2026-Q4/G-107.md:2:1: warning[goal-why] goal has no why: 100% done\r\n::error file=x::pwned, a:b &lt;script&gt;alert(1)&lt;/script&gt; | \u{1b}[31mred</system-out>
        </testcase>
        <testcase name="done-criteria goal G-107" classname="goal" file="planning/goals/2026-Q4/G-107.md" line="8">
            <failure message="done criteria of goal `G-107` are vague: “Activación ≥ 40 %” has no date ✗" type="done-criteria">planning/goals/2026-Q4/G-107.md:8:1: error[done-criteria] done criteria of goal `G-107` are vague: “Activación ≥ 40 %” has no date ✗
help: say by when, e.g. “≥ 40 % within a day”</failure>
        </testcase>
        <testcase name="parse-error file planning/issues.json" classname="file" file="planning/issues.json" line="1">
            <failure message="expected `,` or `]`" type="parse-error">planning/issues.json:1:15: error[parse-error] expected `,` or `]`</failure>
        </testcase>
        <testcase name="team-size team growth" classname="team" file="planning/teams/growth.md" line="4">
            <failure message="team `growth` has 7 members; the limit is 6" type="team-size">planning/teams/growth.md:4:1: error[team-size] team `growth` has 7 members; the limit is 6
help: split the team before it grows past 6</failure>
        </testcase>
    </testsuite>
</testsuites>
"##
    );
}

#[test]
fn markdown_exact_bytes() {
    assert_eq!(
        render_plain(Format::Markdown, &fixture()),
        r##"## planlint

3 errors, 1 warning in 3 files; checked 3 files (1 team, 1 goal, 0 issues)

| Rule | Errors | Warnings |
| --- | ---: | ---: |
| done-criteria | 1 | 0 |
| goal-why | 0 | 1 |
| parse-error | 1 | 0 |
| team-size | 1 | 0 |

| Level | Rule | Location | Message |
| --- | --- | --- | --- |
| warning | goal-why | planning/goals/2026-Q4/G-107.md:2 | goal has no why: 100% done ::error file=x::pwned, a:b &lt;script&gt;alert(1)&lt;/script&gt; \| \\u{1b}\[31mred |
| error | done-criteria | planning/goals/2026-Q4/G-107.md:8 | done criteria of goal \`G-107\` are vague: “Activación ≥ 40 %” has no date ✗ |
| error | parse-error | planning/issues.json:1 | expected \`,\` or \`\]\` |
| error | team-size | planning/teams/growth.md:4 | team \`growth\` has 7 members; the limit is 6 |
"##
    );
}

/// `count` diagnostics of `level` on the team file, each on its own line.
fn many(level: Level, count: usize) -> Vec<Diagnostic> {
    (0..count)
        .map(|i| {
            let mut d = diag(
                "team-size",
                level,
                &format!("finding {i} | <b>bold</b>"),
                (TEAM_PATH, TEAM_TEXT),
                "name",
                (EntityKind::Team, "growth"),
                None,
            );
            d.start.line = i + 1;
            d.end.line = i + 1;
            d
        })
        .collect()
}

fn with_diagnostics(diagnostics: Vec<Diagnostic>) -> Fixture {
    let mut f = fixture();
    f.summary.errors = diagnostics
        .iter()
        .filter(|d| d.level == Level::Error)
        .count();
    f.summary.warnings = diagnostics.len() - f.summary.errors;
    f.diagnostics = diagnostics;
    f
}

/// JSON written a part at a time is the rendered JSON, byte for byte,
/// when the parts are many and their findings carry what the guard escapes.
#[test]
fn json_written_in_parts_is_the_rendered_json() {
    let mut diagnostics = many(Level::Error, 3000);
    for (i, d) in diagnostics.iter_mut().enumerate() {
        d.message = format!("##[error]{i} \u{1b}[31m\u{202e}ünï {}", "x".repeat(i % 97));
        d.help = Some(format!("##[group]{i}\r\n::error::").into());
    }
    let f = with_diagnostics(diagnostics);
    let report = f.report();
    let rendered = render(Format::Json, &report, RenderOptions::default());
    // More pieces than one window renders at once.
    assert!(report.diagnostics.len() > 20 * PIECE_FINDINGS);
    assert!(!rendered.contains("##["));
    let mut written = Vec::new();
    write(
        Format::Json,
        &report,
        RenderOptions::default(),
        &mut written,
    )
    .unwrap();
    assert_eq!(String::from_utf8(written).unwrap(), rendered);
    let mut parts = 0;
    json::write(&report, &|part| part.into(), &mut |part| {
        parts += 1;
        assert!(
            part.ends_with("\"diagnostics\": [")
                || part.ends_with("\n    }")
                || part.ends_with("}\n"),
            "{part:.40}"
        );
        Ok(())
    })
    .unwrap();
    assert!(parts > 20, "{parts} parts");
}

/// The human output drawn a window of pieces at a time on every core, each
/// piece guarded on its own, is the whole output guarded at once, with the
/// findings in their order.
#[test]
fn human_written_in_pieces_is_the_rendered_text_in_order() {
    let mut diagnostics = many(Level::Warning, 3000);
    for (i, d) in diagnostics.iter_mut().enumerate() {
        d.message = format!("finding {i:05}\n::error::x ##[group] \u{1b}[31m\u{202e}ünï");
        d.help = Some(format!("##[endgroup]{i}\r\n::add-mask::y").into());
        if i % 7 == 0 {
            d.path = "not/read.md".into();
        }
    }
    let f = with_diagnostics(diagnostics);
    let report = f.report();
    assert!(report.diagnostics.len() > 20 * PIECE_FINDINGS);
    let rendered = render(Format::Human, &report, RenderOptions::default());
    let mut written = Vec::new();
    write(
        Format::Human,
        &report,
        RenderOptions::default(),
        &mut written,
    )
    .unwrap();
    assert_eq!(String::from_utf8(written).unwrap(), rendered);
    assert!(!rendered.contains("##[") && !rendered.contains('\u{1b}'));
    assert!(!rendered
        .lines()
        .any(|line| line.trim_start().starts_with("::")));
    let order: Vec<usize> = rendered
        .match_indices("finding ")
        .filter_map(|(at, _)| rendered.get(at + 8..at + 13)?.parse().ok())
        .collect();
    assert_eq!(order, (0..3000).collect::<Vec<_>>());
    assert!(rendered.ends_with(
        "\n0 errors, 3000 warnings in 2 files; checked 3 files (1 team, 1 goal, 0 issues)\n"
    ));
}

#[test]
fn github_plan_text_cannot_start_a_workflow_command() {
    let hostile = [
        "a\n::error file=x::pwned",
        "b\r::add-mask::secret",
        "c\r\n::stop-commands::token",
        "%0A::error::already escaped",
        "d\u{1b}[2K\r::warning::erased",
    ];
    let mut diagnostics = Vec::new();
    for (i, text) in hostile.iter().enumerate() {
        let mut d = diag(
            &format!("rule{i}\n::error::x"),
            if i % 2 == 0 {
                Level::Error
            } else {
                Level::Warning
            },
            text,
            (&format!("dir,{i}:\n::x/file.md"), TEAM_TEXT),
            "name",
            (EntityKind::Team, text),
            Some(text),
        );
        d.start.line = i + 1;
        diagnostics.push(d);
    }
    let f = with_diagnostics(diagnostics);
    let out = render_plain(Format::Github, &f);
    let lines: Vec<&str> = out.lines().collect();
    assert_eq!(lines.len(), hostile.len() + 1, "{out}");
    let (last, annotations) = lines.split_last().unwrap();
    assert_eq!(*last, "planlint: 3 errors, 2 warnings");
    for line in annotations {
        let command = line
            .strip_prefix("::error file=")
            .or_else(|| line.strip_prefix("::warning file="));
        let command = command.unwrap_or_else(|| panic!("not an annotation: {line}"));
        // The properties end at the first `::`; `%3A` keeps `:` out of them.
        let (properties, _message) = command.split_once("::").unwrap();
        assert!(!properties.contains(':'), "{properties}");
        assert!(!line.contains('\r') && !line.contains('\u{1b}'), "{line:?}");
    }
    assert!(out.contains("file=dir%2C0%3A\\n%3A%3Ax/file.md,"), "{out}");
    assert!(
        out.contains("::x a\\n::error file=x::pwned%0Ahelp: a\\n::error"),
        "{out}"
    );
    assert!(out.contains("%250A::error::already escaped"), "{out}");
    assert!(out.contains("d\\u{1b}[2K\\r::warning::erased"), "{out}");
}

#[test]
fn github_says_when_annotations_go_beyond_what_github_shows() {
    let mut diagnostics = many(Level::Warning, 3);
    diagnostics.extend(many(Level::Error, 14));
    let f = with_diagnostics(diagnostics);
    let out = render_plain(Format::Github, &f);
    let lines: Vec<&str> = out.lines().collect();
    assert_eq!(lines.len(), 18);
    assert!(lines[..14].iter().all(|l| l.starts_with("::error ")));
    assert!(lines[14..17].iter().all(|l| l.starts_with("::warning ")));
    assert_eq!(
        lines[17],
        "planlint: 14 errors and 3 warnings; GitHub shows the first 10 of each kind as \
         annotations, so 4 are not shown there: see the job summary for the rest"
    );

    let f = with_diagnostics(many(Level::Warning, 11));
    let out = render_plain(Format::Github, &f);
    assert!(out.ends_with(
        "\nplanlint: 0 errors and 11 warnings; GitHub shows the first 10 of each kind as \
         annotations, so 1 is not shown there: see the job summary for the rest\n"
    ));

    let f = with_diagnostics(many(Level::Error, 10));
    let out = render_plain(Format::Github, &f);
    assert!(
        out.ends_with("\nplanlint: 10 errors, 0 warnings\n"),
        "{out}"
    );
}

fn sarif_validator() -> jsonschema::Validator {
    let schema: serde_json::Value = serde_json::from_str(include_str!(concat!(
        env!("CARGO_MANIFEST_DIR"),
        "/tests/schemas/sarif-schema-2.1.0.json"
    )))
    .unwrap();
    // Draft 4 and its meta-schema are built into jsonschema: no network.
    jsonschema::options()
        .should_validate_formats(true)
        .build(&schema)
        .unwrap()
}

fn assert_valid_sarif(validator: &jsonschema::Validator, sarif: &str) {
    let instance: serde_json::Value = serde_json::from_str(sarif).unwrap();
    let errors: Vec<String> = validator
        .iter_errors(&instance)
        .map(|e| format!("{} at {}", e, e.instance_path()))
        .collect();
    assert!(errors.is_empty(), "{errors:#?}\n{sarif}");
}

#[test]
fn sarif_is_valid_against_the_schema() {
    let validator = sarif_validator();
    // The validator does reject what the schema forbids.
    let broken =
        render_plain(Format::Sarif, &fixture()).replace("\"startLine\": 2", "\"startLine\": 0");
    assert!(!validator.is_valid(&serde_json::from_str(&broken).unwrap()));
    assert_valid_sarif(&validator, &render_plain(Format::Sarif, &empty()));
    assert_valid_sarif(&validator, &render_plain(Format::Sarif, &fixture()));

    // Paths that are not URI references as they stand, and a position of 0.
    let mut f = fixture();
    f.diagnostics[0].path = "plan ning/goals/ünï #1?.md".into();
    f.diagnostics[1].path = "c:odd/100%.md".into();
    f.diagnostics[2].start.line = 0;
    f.diagnostics[2].start.column = 0;
    f.diagnostics[2].end = f.diagnostics[2].start;
    let out = render_plain(Format::Sarif, &f);
    assert_valid_sarif(&validator, &out);
    assert!(out.contains("\"uri\": \"plan%20ning/goals/%C3%BCn%C3%AF%20%231%3F.md\""));
    assert!(out.contains("\"uri\": \"c%3Aodd/100%25.md\""));
}

/// What GitHub code scanning documents it reads from a SARIF upload: every
/// result with a physical location (one without fails the whole upload),
/// `partialFingerprints.primaryLocationLineHash`, and per rule `id`, `name`,
/// both descriptions, `helpUri`, `help.text`/`help.markdown`,
/// `defaultConfiguration.level` and `properties.tags`/`precision`/
/// `problem.severity` from their documented vocabularies.
#[test]
fn sarif_carries_what_github_code_scanning_reads() {
    let mut f = fixture();
    let mut pull_request = f.diagnostics[3].clone();
    pull_request.path = "(pull request #12)".into();
    pull_request.entity = EntityRef {
        kind: EntityKind::PullRequest,
        id: "12".to_string(),
    };
    f.diagnostics.push(pull_request);
    let out = render_plain(Format::Sarif, &f);
    assert_valid_sarif(&sarif_validator(), &out);
    let sarif: serde_json::Value = serde_json::from_str(&out).unwrap();
    let run = &sarif["runs"][0];
    let results = run["results"].as_array().unwrap();
    assert_eq!(results.len(), 4, "the pull request's finding stays out");
    for result in results {
        let physical = &result["locations"][0]["physicalLocation"];
        assert!(physical["artifactLocation"]["uri"].is_string(), "{result}");
        assert!(physical["region"]["startLine"].as_u64().unwrap() >= 1);
        let hash = result["partialFingerprints"]["primaryLocationLineHash"]
            .as_str()
            .unwrap();
        assert!(hash.ends_with(":1"), "{hash}");
    }
    for rule in run["tool"]["driver"]["rules"].as_array().unwrap() {
        for field in ["id", "name"] {
            assert!(rule[field].is_string(), "{rule}");
        }
        for field in ["shortDescription", "fullDescription"] {
            assert!(rule[field]["text"].is_string(), "{rule}");
        }
        assert!(rule["help"]["text"].is_string() && rule["help"]["markdown"].is_string());
        assert!(["error", "warning", "note"]
            .contains(&rule["defaultConfiguration"]["level"].as_str().unwrap()));
        let properties = &rule["properties"];
        assert!(properties["tags"]
            .as_array()
            .unwrap()
            .iter()
            .all(|t| t.is_string()));
        assert!(["very-high", "high", "medium", "low"]
            .contains(&properties["precision"].as_str().unwrap()));
        assert!(["error", "warning", "recommendation"]
            .contains(&properties["problem"]["severity"].as_str().unwrap()));
    }
    let rules = &run["tool"]["driver"]["rules"];
    assert_eq!(
        rules[0]["helpUri"],
        "https://github.com/planlint/planlint/blob/main/rules/done-criteria.toml"
    );
    // An organisation's own rule has no page in planlint's repository.
    assert_eq!(rules[2]["id"], "team-size");
    assert!(rules[2].get("helpUri").is_none());
}

/// A custom rule's documentation comes from the repository: code scanning
/// renders its `help.markdown`, so its prose makes no HTML, image or link,
/// and a control character in any of its texts shows as an escape. A
/// built-in rule's Markdown is planlint's own and kept.
#[test]
fn sarif_writes_a_custom_rules_prose_as_text() {
    let mut f = fixture();
    let custom = f.rules.iter_mut().find(|r| !r.builtin).unwrap();
    custom.summary = "S \u{202e} gnp.exe <b>bold</b>".into();
    custom.why = "Y <img src=https://evil.example/px.png> <details> ![pixel](https://evil.example/p.png) [click](javascript:alert(1))".into();
    custom.fix = "F </td></tr></table>".into();
    let out = render_plain(Format::Sarif, &f);
    assert_valid_sarif(&sarif_validator(), &out);
    let sarif: serde_json::Value = serde_json::from_str(&out).unwrap();
    let rules = sarif["runs"][0]["tool"]["driver"]["rules"]
        .as_array()
        .unwrap();
    let custom = rules.iter().find(|r| r["id"] == "team-size").unwrap();
    assert_eq!(
        custom["help"]["markdown"],
        "S \\\\u{202e} gnp.exe &lt;b&gt;bold&lt;/b&gt;\n\n\
         Y &lt;img src=https://evil.example/px.png&gt; &lt;details&gt; !\\[pixel\\](https://evil.example/p.png) \\[click\\](javascript:alert(1))\n\n\
         F &lt;/td&gt;&lt;/tr&gt;&lt;/table&gt;"
    );
    assert_eq!(
        custom["shortDescription"]["text"],
        "S \\u{202e} gnp.exe <b>bold</b>"
    );
    let built_in = rules.iter().find(|r| r["id"] == "goal-why").unwrap();
    assert!(built_in["help"]["markdown"].as_str().unwrap().starts_with(
        "A goal says why it matters.\n\nWhy goal-why matters.\n\nAdd a `## Why` section."
    ));
}

/// An alert keeps its identity when its line moves or is edited, and when a
/// number in its message changes (a team growing from 7 to 8); a repeat of
/// one key in a run counts up.
#[test]
fn sarif_fingerprints_survive_edits_to_the_flagged_line() {
    let hashes = |f: &Fixture| -> Vec<String> {
        let sarif: serde_json::Value =
            serde_json::from_str(&render_plain(Format::Sarif, f)).unwrap();
        sarif["runs"][0]["results"]
            .as_array()
            .unwrap()
            .iter()
            .map(|r| r["partialFingerprints"]["primaryLocationLineHash"].to_string())
            .collect()
    };
    let before = fixture();
    let mut after = fixture();
    after.diagnostics[3].message = "team `growth` has 8 members; the limit is 6".to_string();
    after.diagnostics[3].start.line = 40;
    after.diagnostics[3].end.line = 41;
    after.diagnostics[3].start.column = 3;
    assert_eq!(hashes(&before), hashes(&after));
    let mut other = fixture();
    other.diagnostics[3].entity.id = "platform".to_string();
    assert_ne!(hashes(&before)[3], hashes(&other)[3]);

    let mut repeated = fixture();
    let copy = repeated.diagnostics[3].clone();
    repeated.diagnostics.push(copy);
    let all = hashes(&repeated);
    assert_eq!(all[4], all[3].replace(":1", ":2"));
}

/// GitHub code scanning rejects a whole upload whose run holds more than
/// 25,000 results: the log keeps that many, errors first, and says on the
/// run how many it left out; a log under the limit has no such notice.
#[test]
fn sarif_stays_within_the_results_code_scanning_accepts() {
    let mut diagnostics = many(Level::Warning, sarif::MAX_RESULTS);
    diagnostics.extend(many(Level::Error, 3));
    let out = render_plain(Format::Sarif, &with_diagnostics(diagnostics));
    let sarif: serde_json::Value = serde_json::from_str(&out).unwrap();
    let run = &sarif["runs"][0];
    let results = run["results"].as_array().unwrap();
    assert_eq!(results.len(), sarif::MAX_RESULTS);
    let errors = results.iter().filter(|r| r["level"] == "error").count();
    assert_eq!(errors, 3, "every error is kept");
    assert_eq!(results[0]["message"]["text"], "finding 0 | <b>bold</b>");
    assert_eq!(results[sarif::MAX_RESULTS - 4]["level"], "warning");
    assert_eq!(results[sarif::MAX_RESULTS - 3]["level"], "error");
    assert_eq!(
        run["invocations"],
        serde_json::json!([{
            "executionSuccessful": true,
            "toolExecutionNotifications": [{
                "level": "warning",
                "message": {"text": "3 findings were left out of this log: GitHub code scanning rejects a run of more than 25000 results (errors were kept first); `planlint check` lists them all"}
            }]
        }])
    );
    let under = render_plain(Format::Sarif, &with_diagnostics(many(Level::Error, 3)));
    assert!(!under.contains("invocations"), "{under}");
    let validator = sarif_validator();
    let mut small = with_diagnostics(many(Level::Warning, 2));
    small.diagnostics.extend(many(Level::Error, 1));
    let notice = render_plain(Format::Sarif, &small);
    assert_valid_sarif(&validator, &notice);
    // The notice itself is valid SARIF: checked on the shape the big log has.
    let mut shaped: serde_json::Value = serde_json::from_str(&notice).unwrap();
    shaped["runs"][0]["invocations"] = run["invocations"].clone();
    assert!(validator.is_valid(&shaped));
}

/// A region never ends before it starts, even for a finding whose end has
/// no column.
#[test]
fn sarif_regions_end_at_or_after_their_start() {
    let mut f = fixture();
    f.diagnostics[3].end = f.diagnostics[3].start;
    f.diagnostics[3].end.column = 0;
    let sarif: serde_json::Value = serde_json::from_str(&render_plain(Format::Sarif, &f)).unwrap();
    let region = &sarif["runs"][0]["results"][3]["locations"][0]["physicalLocation"]["region"];
    assert_eq!(region["startLine"], region["endLine"]);
    assert_eq!(region["startColumn"], region["endColumn"], "{region}");
}

#[test]
fn json_parses_back_in_the_documented_shape() {
    let f = fixture();
    let value: serde_json::Value = serde_json::from_str(&render_plain(Format::Json, &f)).unwrap();
    let keys = |v: &serde_json::Value| -> Vec<String> {
        let mut keys: Vec<String> = v.as_object().unwrap().keys().cloned().collect();
        keys.sort();
        keys
    };
    assert_eq!(keys(&value), ["diagnostics", "summary", "tool", "version"]);
    assert_eq!(value["version"], 1);
    assert_eq!(value["tool"]["name"], "planlint");
    assert_eq!(value["tool"]["version"], "0.1.0");
    let diagnostics = value["diagnostics"].as_array().unwrap();
    assert_eq!(diagnostics.len(), f.diagnostics.len());
    for (json, d) in diagnostics.iter().zip(&f.diagnostics) {
        assert_eq!(
            keys(json),
            [
                "column",
                "end_column",
                "end_line",
                "entity",
                "help",
                "level",
                "line",
                "message",
                "path",
                "rule"
            ]
        );
        assert_eq!(json["rule"], &*d.rule);
        assert_eq!(json["level"], d.level.as_str());
        assert_eq!(json["message"], d.message.as_str());
        assert_eq!(json["path"], &*d.path);
        assert_eq!(json["line"], d.start.line);
        assert_eq!(json["column"], d.start.column);
        assert_eq!(json["end_line"], d.end.line);
        assert_eq!(json["end_column"], d.end.column);
        assert_eq!(json["entity"]["kind"], d.entity.kind.as_str());
        assert_eq!(json["entity"]["id"], d.entity.id.as_str());
        match &d.help {
            Some(help) => assert_eq!(json["help"], &**help),
            None => assert!(json["help"].is_null()),
        }
    }
    assert_eq!(
        value["summary"],
        serde_json::json!({"files": 3, "teams": 1, "goals": 1, "issues": 0,
                           "errors": 3, "warnings": 1})
    );
}

#[test]
fn markdown_stays_under_a_mebibyte() {
    let mut diagnostics = many(Level::Error, 50_000);
    diagnostics.extend(many(Level::Warning, 2));
    let f = with_diagnostics(diagnostics);
    let out = render_plain(Format::Markdown, &f);
    assert!(out.len() < 1024 * 1024, "{} bytes", out.len());
    assert!(out.len() > 800 * 1024, "{} bytes", out.len());
    assert!(out.contains("<details><summary>49982 more findings</summary>"));
    let rows = out.lines().filter(|l| l.starts_with("| error |")).count();
    let note = format!(
        "{} more findings not listed: a job summary must stay under 1 MiB. \
         The JSON and SARIF outputs have every finding.",
        50_002 - rows
    );
    assert!(
        out.contains(&format!("\n\n{note}\n\n</details>\n")),
        "{}",
        &out[out.len() - 500..]
    );
    assert!(out.ends_with("</details>\n"));
    assert!(!out.contains("<b>"), "plan text must not make HTML");
}

#[test]
fn markdown_folds_findings_after_the_first_twenty() {
    let f = with_diagnostics(many(Level::Warning, 21));
    let out = render_plain(Format::Markdown, &f);
    let (open, folded) = out.split_once("<details>").unwrap();
    assert_eq!(
        open.lines()
            .filter(|l| l.starts_with("| warning |"))
            .count(),
        20
    );
    assert!(folded.starts_with("<summary>1 more finding</summary>\n\n| Level |"));
    assert_eq!(
        folded
            .lines()
            .filter(|l| l.starts_with("| warning |"))
            .count(),
        1
    );
    assert!(
        out.ends_with("finding 20 \\| &lt;b&gt;bold&lt;/b&gt; |\n\n</details>\n"),
        "{out}"
    );
}

/// Checks what a JUnit consumer needs: one root, balanced tags, quoted
/// attributes, and only the five entities and character references.
fn assert_well_formed_xml(xml: &str) {
    let body = xml
        .strip_prefix("<?xml version=\"1.0\" encoding=\"UTF-8\"?>\n")
        .expect("XML declaration");
    for c in body.chars() {
        let allowed = matches!(c, '\t' | '\n' | '\r' | '\u{20}'..='\u{d7ff}' | '\u{e000}'..='\u{fffd}')
            || c >= '\u{10000}';
        assert!(allowed, "character {c:?} is not allowed in XML 1.0");
    }
    let mut stack: Vec<&str> = Vec::new();
    let mut roots = 0;
    let mut rest = body;
    while let Some(open) = rest.find('<') {
        check_text(&rest[..open]);
        let close = rest[open..].find('>').expect("unclosed tag") + open;
        let tag = &rest[open + 1..close];
        rest = &rest[close + 1..];
        if let Some(name) = tag.strip_prefix('/') {
            assert_eq!(stack.pop(), Some(name), "mismatched </{name}>");
            continue;
        }
        let self_closing = tag.ends_with('/');
        let tag = tag.trim_end_matches('/');
        let (name, mut attributes) = tag.split_once(' ').unwrap_or((tag, ""));
        assert!(
            !name.is_empty() && name.chars().all(|c| c.is_ascii_alphabetic() || c == '-'),
            "{name}"
        );
        while !attributes.trim().is_empty() {
            let (key, value) = attributes
                .trim_start()
                .split_once("=\"")
                .expect("attribute");
            assert!(key.chars().all(|c| c.is_ascii_alphabetic()), "{key}");
            let end = value.find('"').expect("unquoted attribute");
            check_text(&value[..end]);
            assert!(!value[..end].contains('<'));
            attributes = &value[end + 1..];
        }
        if stack.is_empty() {
            roots += 1;
        }
        if !self_closing {
            stack.push(name);
        }
    }
    check_text(rest);
    assert!(stack.is_empty(), "unclosed {stack:?}");
    assert_eq!(roots, 1);
}

fn check_text(text: &str) {
    let mut rest = text;
    while let Some(amp) = rest.find('&') {
        let semi = rest[amp..].find(';').expect("unterminated reference") + amp;
        let entity = &rest[amp + 1..semi];
        let known = ["amp", "lt", "gt", "quot", "apos"].contains(&entity)
            || entity
                .strip_prefix('#')
                .is_some_and(|n| !n.is_empty() && n.chars().all(|c| c.is_ascii_digit()));
        assert!(known, "unknown reference &{entity};");
        rest = &rest[semi + 1..];
    }
}

/// The JUnit report as a consumer reads it: one case per finding (GitLab
/// shows only a case's first failure), repository-relative `file`s, a file
/// that fails to parse once, and warnings failing only with `--fail-on warning`.
#[test]
fn junit_parses_as_one_case_per_finding() {
    let parse = |fail_on: FailOn| {
        let options = RenderOptions {
            path_prefix: "examples/demo",
            fail_on,
            ..RenderOptions::default()
        };
        let xml = render(Format::Junit, &fixture().report(), options);
        quick_junit::Report::deserialize_from_str(&xml).unwrap()
    };
    let cases = |report: &quick_junit::Report| -> Vec<(String, String, bool)> {
        report.test_suites[0]
            .test_cases
            .iter()
            .map(|case| {
                let file = case
                    .extra
                    .iter()
                    .find(|(k, _)| k.as_str() == "file")
                    .map(|(_, v)| v.as_str().to_string())
                    .unwrap_or_default();
                let failed = matches!(case.status, quick_junit::TestCaseStatus::NonSuccess { .. });
                (case.name.as_str().to_string(), file, failed)
            })
            .collect()
    };
    let by_error = parse(FailOn::Error);
    assert_eq!(by_error.tests, 4);
    assert_eq!(by_error.failures, 3);
    let goal = "examples/demo/planning/goals/2026-Q4/G-107.md".to_string();
    assert_eq!(
        cases(&by_error),
        [
            ("goal-why goal G-107".to_string(), goal.clone(), false),
            ("done-criteria goal G-107".to_string(), goal.clone(), true),
            (
                "parse-error file planning/issues.json".to_string(),
                "examples/demo/planning/issues.json".to_string(),
                true
            ),
            (
                "team-size team growth".to_string(),
                "examples/demo/planning/teams/growth.md".to_string(),
                true
            ),
        ]
    );
    let by_warning = parse(FailOn::Warning);
    assert_eq!(by_warning.failures, 4);
    assert_eq!(parse(FailOn::Never).failures, 0);

    // A checked entity without findings is one passing case; a file that did
    // not parse and is also a checked entity is listed once, by its finding.
    let mut f = fixture();
    f.checked.push((
        EntityRef {
            kind: EntityKind::File,
            id: ISSUES_PATH.to_string(),
        },
        ISSUES_PATH.to_string(),
    ));
    f.checked.push((
        EntityRef {
            kind: EntityKind::Goal,
            id: "G-200".to_string(),
        },
        "planning/goals/G-200.md".to_string(),
    ));
    let xml = render_plain(Format::Junit, &f);
    let report = quick_junit::Report::deserialize_from_str(&xml).unwrap();
    let names: Vec<(String, bool)> = cases(&report)
        .into_iter()
        .map(|(name, _, failed)| (name, failed))
        .collect();
    assert_eq!(names.len(), 5, "{xml}");
    assert_eq!(names[4], ("G-200".to_string(), false));
    assert_eq!(xml.matches("issues.json\" line").count(), 1, "{xml}");
}

/// GitLab Code Quality as GitLab reads it: repository-relative paths, a
/// severity from its vocabulary, and a fingerprint that stays when a number
/// in the message changes (a team growing from 7 to 8) or the line moves.
#[test]
fn gitlab_reads_repository_paths_and_stable_fingerprints() {
    let issues = |f: &Fixture| -> Vec<serde_json::Value> {
        serde_json::from_str::<Vec<serde_json::Value>>(&render_in_subfolder(Format::Gitlab, f))
            .unwrap()
    };
    let before = issues(&fixture());
    for issue in &before {
        assert!(issue["location"]["path"]
            .as_str()
            .unwrap()
            .starts_with("examples/demo/planning/"));
        assert!(issue["location"]["lines"]["begin"].as_u64().unwrap() >= 1);
        assert!(["info", "minor", "major", "critical", "blocker"]
            .contains(&issue["severity"].as_str().unwrap()));
        assert!(issue["description"].is_string() && issue["check_name"].is_string());
    }
    let mut grown = fixture();
    grown.diagnostics[3].message = "team `growth` has 8 members; the limit is 6".to_string();
    grown.diagnostics[3].start.line = 9;
    grown.diagnostics[3].end.line = 9;
    let after = issues(&grown);
    assert_eq!(before[3]["fingerprint"], after[3]["fingerprint"]);
    assert_ne!(before[3]["location"], after[3]["location"]);
}

/// Many repeats of one finding on one line (a hostile file can make them)
/// still get distinct fingerprints, counted up; a finding without a position
/// points at line 1.
#[test]
fn gitlab_fingerprints_stay_unique_for_many_repeats_on_one_line() {
    let mut twins = many(Level::Error, 2_000);
    for d in &mut twins {
        d.message = "same".to_string();
        d.start.line = 0;
        d.end.line = 0;
    }
    let f = with_diagnostics(twins);
    let issues: Vec<serde_json::Value> =
        serde_json::from_str(&render_plain(Format::Gitlab, &f)).unwrap();
    let fingerprints: std::collections::HashSet<&str> = issues
        .iter()
        .map(|issue| issue["fingerprint"].as_str().unwrap())
        .collect();
    assert_eq!(fingerprints.len(), 2_000);
    let base = fingerprint(&f.diagnostics[0]);
    assert_eq!(issues[1]["fingerprint"], format!("{base}-0"));
    assert_eq!(issues[1_999]["fingerprint"], format!("{base}-0-2000"));
    assert_eq!(
        issues[0]["location"]["lines"],
        serde_json::json!({"begin": 1, "end": 1})
    );
}

#[test]
fn junit_is_well_formed_xml() {
    assert_well_formed_xml(&render_plain(Format::Junit, &fixture()));
    assert_well_formed_xml(&render_plain(Format::Junit, &empty()));
    let mut f = fixture();
    for d in &mut f.diagnostics {
        d.message = "a\u{0}b\u{7}c\u{1b}d\u{fffe}e\"'<>&]]>\t\n".to_string();
        d.rule = "<rule attr=\"x\">".into();
        d.entity.id = "&amp; </testcase>".to_string();
    }
    let out = render_plain(Format::Junit, &f);
    assert_well_formed_xml(&out);
    // Controls show as escapes, as in every plain-text format; U+FFFE,
    // which XML cannot carry at all, is left out.
    assert!(
        out.contains(r#"message="a\0b\u{7}c\u{1b}de&quot;&apos;&lt;&gt;&amp;]]&gt;\t\n""#),
        "{out}"
    );
}

#[test]
fn gitlab_fingerprints_are_unique_and_stable() {
    let mut twins = many(Level::Error, 3);
    for d in &mut twins {
        d.message = "same".to_string();
    }
    twins[2].start.line = 2; // same line as the second: only a counter tells them apart
    let f = with_diagnostics(twins);
    let value: serde_json::Value = serde_json::from_str(&render_plain(Format::Gitlab, &f)).unwrap();
    let fingerprints: Vec<&str> = value
        .as_array()
        .unwrap()
        .iter()
        .map(|issue| issue["fingerprint"].as_str().unwrap())
        .collect();
    let base = fingerprint(&f.diagnostics[0]);
    assert_eq!(
        fingerprints,
        [base.clone(), format!("{base}-2"), format!("{base}-2-3")]
    );

    // A lone finding keeps its fingerprint when its line moves.
    let mut moved = fixture();
    moved.diagnostics[3].start.line += 5;
    moved.diagnostics[3].end.line += 5;
    assert_eq!(
        fingerprint(&moved.diagnostics[3]),
        fingerprint(&fixture().diagnostics[3])
    );
}

#[test]
fn human_has_no_raw_escapes_without_colour_and_some_with() {
    let f = fixture();
    let plain = render_plain(Format::Human, &f);
    assert!(!plain.contains('\u{1b}'), "{plain}");
    let coloured = render(
        Format::Human,
        &f.report(),
        RenderOptions {
            color: true,
            ..RenderOptions::default()
        },
    );
    assert!(coloured.contains("\u{1b}["), "{coloured}");
    // The hostile ESC in the message is still shown escaped, not sent raw.
    assert!(coloured.contains("\\u{1b}[31mred"));
}

#[test]
fn human_draws_no_snippet_for_a_span_it_cannot_show() {
    let mut f = fixture();
    let text_len = TEAM_TEXT.len();
    for span in [
        text_len + 1..text_len + 2,
        std::ops::Range { start: 5, end: 3 },
        0..usize::MAX,
    ] {
        f.diagnostics[3].span = span;
        let out = render_plain(Format::Human, &f);
        assert!(
            out.contains("  × team `growth` has 7 members; the limit is 6\n  help: split"),
            "{out}"
        );
        assert!(!out.contains("planning/teams/growth.md:"), "{out}");
    }
    // Inside the `ë` of `@zoë`: not a char boundary.
    let inside = GOAL_TEXT.find('ë').unwrap() + 1;
    f.diagnostics[1].span = inside..inside + 1;
    let out = render_plain(Format::Human, &f);
    assert!(out.contains("  × done criteria"), "{out}");
    // An empty span at the very end of the file is still drawn.
    f.diagnostics[3].span = text_len..text_len;
    let out = render_plain(Format::Human, &f);
    assert!(out.contains("planning/teams/growth.md:4:1]"), "{out}");
}

#[test]
fn human_source_stays_aligned_when_it_holds_control_characters() {
    let text = "a\u{1b}[2J\u{85}b\rc\r\nteam: x\u{202e}y\n";
    assert_eq!(
        crate::text::printable_source(text),
        "a?[2J??b\nc\r\nteam: x???y\n"
    );
    assert_eq!(crate::text::printable_source(text).len(), text.len());
}

#[test]
fn empty_reports() {
    let f = empty();
    assert_eq!(render_plain(Format::Concise, &f), "");
    assert_eq!(
        render_plain(Format::Human, &f),
        "No problems found in 0 files (0 teams, 0 goals, 0 issues)\n"
    );
    assert_eq!(
        render_plain(Format::Github, &f),
        "planlint: no problems found\n"
    );
    assert_eq!(render_plain(Format::Gitlab, &f), "[]\n");
    assert_eq!(
        render_plain(Format::Markdown, &f),
        "## planlint\n\nNo problems found in 0 files (0 teams, 0 goals, 0 issues)\n"
    );
    assert_eq!(
        render_plain(Format::Junit, &f),
        "<?xml version=\"1.0\" encoding=\"UTF-8\"?>\n\
         <testsuites name=\"planlint\" tests=\"0\" skipped=\"0\" failures=\"0\" errors=\"0\">\n    \
         <testsuite name=\"planlint\" tests=\"0\" skipped=\"0\" errors=\"0\" failures=\"0\"/>\n\
         </testsuites>\n"
    );
    assert_eq!(
        render_plain(Format::Json, &f),
        "{\n  \"version\": 1,\n  \"tool\": {\n    \"name\": \"planlint\",\n    \"version\": \"0.1.0\"\n  },\n  \"diagnostics\": [],\n  \"summary\": {\n    \"files\": 0,\n    \"teams\": 0,\n    \"goals\": 0,\n    \"issues\": 0,\n    \"errors\": 0,\n    \"warnings\": 0\n  }\n}\n"
    );
}

const ALL_FORMATS: [Format; 8] = [
    Format::Human,
    Format::Concise,
    Format::Json,
    Format::Sarif,
    Format::Github,
    Format::Gitlab,
    Format::Junit,
    Format::Markdown,
];

proptest::proptest! {
    #![proptest_config(proptest::test_runner::Config {
        failure_persistence: None,
        ..proptest::test_runner::Config::default()
    })]

    /// Any text, any span, any message: every format renders, twice the same.
    #[test]
    fn no_input_panics_any_format(
        text in "[a \n\r\t|%:,<&é日🚀\u{301}\u{200d}\u{1b}\u{85}\u{202e}]{0,200}|(?s).{0,100}",
        message in "(?s).{0,80}",
        start in 0usize..260,
        len in 0usize..80,
        color: bool,
    ) {
        let mut f = fixture();
        let index = LineIndex::new(&text);
        for d in &mut f.diagnostics {
            d.path = "p.md".into();
            d.message = message.clone();
            d.span = start..start + len;
            d.start = index.position(&text, start);
            d.end = index.position(&text, start + len);
        }
        let mut sources: BTreeMap<&str, &str> = f.sources.clone();
        sources.insert("p.md", text.as_str());
        let report = Report {
            sources: &sources,
            ..f.report()
        };
        for format in ALL_FORMATS {
            let options = RenderOptions {
                color,
                ..RenderOptions::default()
            };
            let once = render(format, &report, options);
            proptest::prop_assert_eq!(&once, &render(format, &report, options));
            let mut written = Vec::new();
            write(format, &report, options, &mut written).unwrap();
            proptest::prop_assert_eq!(String::from_utf8(written).unwrap(), once);
        }
    }
}

/// Human and concise paths are relative to the current directory, as rustc
/// and ruff print them; other formats keep theirs.
#[test]
fn human_and_concise_paths_are_relative_to_the_current_directory() {
    let root = std::path::Path::new("/repo/org/plan");
    let concise_from = |cwd: &str| {
        let options = RenderOptions {
            current_dir: Some(CurrentDir {
                root,
                cwd: std::path::Path::new(cwd),
            }),
            ..RenderOptions::default()
        };
        let out = render(Format::Concise, &fixture().report(), options);
        out.lines()
            .map(|l| l.split(':').next().unwrap_or_default().to_string())
            .collect::<Vec<_>>()
    };
    assert_eq!(
        concise_from("/repo"),
        [
            "org/plan/planning/goals/2026-Q4/G-107.md",
            "org/plan/planning/goals/2026-Q4/G-107.md",
            "org/plan/planning/issues.json",
            "org/plan/planning/teams/growth.md",
        ]
    );
    assert_eq!(
        concise_from("/repo/org/plan/planning/teams")[3],
        "growth.md"
    );
    assert_eq!(
        concise_from("/repo/org/plan/planning/teams")[2],
        "../issues.json"
    );
    assert_eq!(
        concise_from("/repo/other")[2],
        "../org/plan/planning/issues.json"
    );
    let options = RenderOptions {
        current_dir: Some(CurrentDir {
            root,
            cwd: std::path::Path::new("/repo"),
        }),
        ..RenderOptions::default()
    };
    let human = render(Format::Human, &fixture().report(), options);
    assert!(
        human.contains("╭─[org/plan/planning/teams/growth.md:4:1]"),
        "{human}"
    );
    assert_eq!(
        render(Format::Json, &fixture().report(), options),
        render_plain(Format::Json, &fixture())
    );
}

/// At 80 columns (the width when no terminal and no `COLUMNS`), no line of
/// human output is wider, and each finding names its level in words.
#[test]
fn human_output_fits_80_columns_and_names_levels() {
    let mut f = fixture();
    f.diagnostics[3].message = "team `growth` has 7 members; the limit is 6, and this message goes on for a good while longer than any terminal line so it must wrap".to_string();
    let out = render_plain(Format::Human, &f);
    for line in out.lines() {
        assert!(
            line.chars().count() <= 80,
            "{} columns: {line}",
            line.chars().count()
        );
    }
    assert!(out.contains("\nerror[team-size]\n"), "{out}");
    assert!(out.starts_with("warning[goal-why]\n"), "{out}");
    let wide = RenderOptions {
        width: 200,
        ..RenderOptions::default()
    };
    let out = render(Format::Human, &f.report(), wide);
    assert!(out.lines().any(|l| l.chars().count() > 80), "{out}");
}

#[test]
fn statistics_count_findings_per_rule_most_first() {
    let mut f = fixture();
    let extra = f.diagnostics[3].clone();
    f.diagnostics.push(extra);
    assert_eq!(
        statistics(&f.report()),
        "2  error    team-size      A team has at most `max` members.\n\
         1  error    done-criteria  A goal states checkably what must be true for it to be done.\n\
         1  warning  goal-why       A goal says why it matters.\n\
         1  error    parse-error\n"
    );
    assert_eq!(statistics(&empty().report()), "");
}

#[test]
fn quiet_human_output_has_no_summary() {
    let options = RenderOptions {
        quiet: true,
        ..RenderOptions::default()
    };
    let quiet = render(Format::Human, &fixture().report(), options);
    let full = render_plain(Format::Human, &fixture());
    assert_eq!(
        format!(
            "{quiet}3 errors, 1 warning in 3 files; checked 3 files (1 team, 1 goal, 0 issues)\n"
        ),
        full
    );
    assert_eq!(render(Format::Human, &empty().report(), options), "");
}
