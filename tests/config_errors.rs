//! Every configuration error ends with exit code 2 and a report that points
//! at the line and column in the config file. The exact text is pinned.

mod common;

use common::Repo;

fn config_error(config: &str) -> String {
    let repo = Repo::git();
    repo.write("planlint.toml", config);
    let run = repo.planlint(&["check"]);
    assert_eq!(run.code, 2, "stdout: {}", run.stdout);
    assert_eq!(run.stdout, "");
    run.stderr
}

#[test]
fn toml_syntax_error() {
    assert_eq!(
        config_error("[rules.team-size\nmax = 8\n"),
        r#"  × unclosed table, expected `]`
   ╭─[planlint.toml:1:17]
 1 │ [rules.team-size
   ·                 ▲
   ·                 ╰── here
 2 │ max = 8
   ╰────
  help: see the configuration reference in the README
"#
    );
}

#[test]
fn unknown_key_with_did_you_mean() {
    assert_eq!(
        config_error("[files]\nteems = [\"x\"]\n"),
        r#"  × unknown field `teems`, expected one of `teams`, `goals`, `data`, `issues`, `issue-files`,
  │ `headings`
   ╭─[planlint.toml:2:1]
 1 │ [files]
 2 │ teems = ["x"]
   · ──┬──
   ·   ╰── here
   ╰────
  help: did you mean `teams`?
"#
    );
}

#[test]
fn option_of_the_wrong_type() {
    assert_eq!(
        config_error("[rules.team-size]\nmax = \"eight\"\n"),
        r#"  × rule `team-size`: option `max` must be an integer, not a string
   ╭─[planlint.toml:2:1]
 1 │ [rules.team-size]
 2 │ max = "eight"
   · ─┬─
   ·  ╰── here
   ╰────
  help: the default is `max = 6`
"#
    );
}

#[test]
fn unknown_rule_id_with_did_you_mean() {
    assert_eq!(
        config_error("[rules.goal-ownr]\nlevel = \"off\"\n"),
        r#"  × unknown rule `goal-ownr` in `[rules.goal-ownr]`
   ╭─[planlint.toml:1:1]
 1 │ [rules.goal-ownr]
   · ────────┬────────
   ·         ╰── here
 2 │ level = "off"
   ╰────
  help: did you mean `goal-owner`?
"#
    );
}

#[test]
fn bad_regex_in_a_custom_rule() {
    assert_eq!(
        config_error("[[rule]]\nid = \"quarter-format\"\non = \"goal\"\nfield = \"quarter\"\nmatches = '^\\d{4}-Q[1-4'\n"),
        r#"  × rule `quarter-format`: invalid regex `^\d{4}-Q[1-4`: unclosed character class
   ╭─[planlint.toml:5:12]
 4 │ field = "quarter"
 5 │ matches = '^\d{4}-Q[1-4'
   ·            ──────┬─────
   ·                  ╰── here
   ╰────
  help: the syntax is the Rust `regex` crate's (no look-around or backreferences)
"#
    );
}

#[test]
fn bad_level() {
    assert_eq!(
        config_error("[rules.team-size]\nlevel = \"loud\"\n"),
        r#"  × rule `team-size`: `level` must be "error", "warning" or "off"
   ╭─[planlint.toml:2:1]
 1 │ [rules.team-size]
 2 │ level = "loud"
   · ──┬──
   ·   ╰── here
   ╰────
"#
    );
}

#[test]
fn unknown_rule_in_ignore() {
    assert_eq!(
        config_error("[[ignore]]\npaths = [\"planning/legacy/**\"]\nrules = [\"team-sise\"]\n"),
        r#"  × unknown rule `team-sise` in `[[ignore]]`
   ╭─[planlint.toml:3:10]
 2 │ paths = ["planning/legacy/**"]
 3 │ rules = ["team-sise"]
   ·          ─────┬─────
   ·               ╰── here
   ╰────
  help: did you mean `team-size`?
"#
    );
}

#[test]
fn extend_cycle() {
    assert_eq!(
        config_error("extend = \"planlint.toml\"\n"),
        r#"  × `extend = "planlint.toml"` makes a cycle (or a chain deeper than 8)
   ╭─[planlint.toml:1:10]
 1 │ extend = "planlint.toml"
   ·          ───────┬───────
   ·                 ╰── here
   ╰────
  help: remove the `extend` that points back
"#
    );
}

#[test]
fn value_of_the_wrong_type() {
    assert_eq!(
        config_error("[plan]\nactive-statuses = \"in-progress\"\n"),
        r#"  × invalid type: string "in-progress", expected a list
   ╭─[planlint.toml:2:19]
 1 │ [plan]
 2 │ active-statuses = "in-progress"
   ·                   ──────┬──────
   ·                         ╰── here
   ╰────
  help: see the configuration reference in the README
"#
    );
}

#[test]
fn unknown_option() {
    assert_eq!(
        config_error("[rules.goal-why]\nmax = 3\n"),
        r#"  × rule `goal-why`: unknown option `max`
   ╭─[planlint.toml:2:1]
 1 │ [rules.goal-why]
 2 │ max = 3
   · ─┬─
   ·  ╰── here
   ╰────
  help: this rule has no options; only `level` can be set
"#
    );
}
