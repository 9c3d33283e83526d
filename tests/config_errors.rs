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

/// A name listed under two fields fed one of them only, silently: a team
/// whose lead was named had "no lead".
#[test]
fn a_name_listed_under_two_fields() {
    assert_eq!(
        config_error(
            "[[source]]\nkind = \"team\"\nmode = \"data\"\npaths = [\"teams.yml\"]\n\
             [source.fields]\nlead = [\"em\"]\nmembers = [\"EM\", \"pm\"]\n"
        ),
        r#"  × source 1: field `members`: `EM` is already a name of field `lead`, and a name feeds one field
   ╭─[planlint.toml:7:12]
 6 │ lead = ["em"]
 7 │ members = ["EM", "pm"]
   ·            ──┬─
   ·              ╰── here
   ╰────
  help: read it for `lead` by where it is written instead: `lead = { key = "EM" }` (data and
        frontmatter) or `{ column = "EM" }` (tables)
"#
    );
}

#[test]
fn unknown_key_with_did_you_mean() {
    assert_eq!(
        config_error("[[source]]\nkind = \"goal\"\npahts = [\"*.md\"]\n"),
        r#"  × unknown field `pahts`, expected one of `kind`, `paths`, `exclude`, `mode`, `level`, `bold-
  │ headings`, `under`, `select`, `columns`, `fields`
   ╭─[planlint.toml:3:1]
 2 │ kind = "goal"
 3 │ pahts = ["*.md"]
   · ──┬──
   ·   ╰── here
   ╰────
  help: did you mean `paths`?
"#
    );
}

#[test]
fn unknown_field_origin() {
    assert_eq!(
        config_error("[[source]]\nkind = \"goal\"\npaths = [\"R.md\"]\n\n[source.fields]\nowner = { colum = \"x\" }\n"),
        r#"  × unknown field `colum`, expected one of `key`, `column`, `heading`, `path`, `enclosing`,
  │ `names`, `default`, `map`
   ╭─[planlint.toml:6:11]
 5 │ [source.fields]
 6 │ owner = { colum = "x" }
   ·           ──┬──
   ·             ╰── here
   ╰────
  help: did you mean `column`?
"#
    );
}

#[test]
fn bad_path_expression() {
    assert_eq!(
        config_error("[[source]]\nkind = \"team\"\nmode = \"data\"\npaths = [\"d.yaml\"]\nselect = \"teams[x]\"\n"),
        r#"  × source 1: bad path expression `teams[x]`: `[x]` is not `[*]`, a list index such as `[0]` or a
  │ filter such as `[kind=Group]`
   ╭─[planlint.toml:5:1]
 4 │ paths = ["d.yaml"]
 5 │ select = "teams[x]"
   · ───┬──
   ·    ╰── here
   ╰────
  help: paths are keys joined by `.`, with `[*]` for every item of a list, `[0]` for one, and `*`
        for every value of a map: `sigs[*]`, `leadership.chairs[*].github`, `teams.*`
"#
    );
    assert_eq!(
        config_error("[[source]]\nkind = \"goal\"\nmode = \"table\"\npaths = [\"R.md\"]\n[source.fields]\nowner = { key = \"a..b\" }\n"),
        r#"  × source 1: field `owner`: bad path expression `a..b`: an empty step (`..` or a `.` at an end)
   ╭─[planlint.toml:6:17]
 5 │ [source.fields]
 6 │ owner = { key = "a..b" }
   ·                 ───┬──
   ·                    ╰── here
   ╰────
  help: paths are keys joined by `.`, with `[*]` for every item of a list, `[0]` for one, and `*`
        for every value of a map: `sigs[*]`, `leadership.chairs[*].github`, `teams.*`
"#
    );
}

#[test]
fn a_regex_without_the_value_group() {
    assert_eq!(
        config_error("[[source]]\nkind = \"goal\"\nmode = \"heading\"\npaths = [\"R.md\"]\n\n[source.fields]\nowner = { heading = '<TeamMember name=\"([^\"]+)\"' }\n"),
        r#"  × source 1: field `owner`: the regex `<TeamMember name="([^"]+)"` has no group named `value` (or
  │ `owner`) to take the value from
   ╭─[planlint.toml:7:22]
 6 │ [source.fields]
 7 │ owner = { heading = '<TeamMember name="([^"]+)"' }
   ·                      ─────────────┬────────────
   ·                                   ╰── here
   ╰────
  help: name the group: `(?P<value>...)`
"#
    );
}

#[test]
fn a_mode_that_does_not_fit_the_files() {
    let repo = Repo::git();
    repo.write("ROADMAP.md", "# Roadmap\n");
    repo.write(
        "planlint.toml",
        "[[source]]\nkind = \"goal\"\nmode = \"data\"\npaths = [\"*.md\"]\n",
    );
    let run = repo.planlint(&["check"]);
    assert_eq!(run.code, 2);
    assert_eq!(
        run.stderr,
        r#"  × source 1: `ROADMAP.md` is not a YAML, TOML, JSON, CSV or TSV file, which `mode = "data"`
  │ cannot read
   ╭─[planlint.toml:3:1]
 2 │ kind = "goal"
 3 │ mode = "data"
   · ──┬─
   ·   ╰── here
 4 │ paths = ["*.md"]
   ╰────
  help: data mode reads `.toml`, `.yaml`, `.yml`, `.json`, `.csv` and `.tsv` files; narrow `paths`
        or use `exclude`
"#
    );
}

#[test]
fn source_keys_of_another_mode_and_a_missing_kind() {
    assert_eq!(
        config_error("[[source]]\nkind = \"goal\"\npaths = [\"R.md\"]\nlevel = 2\n"),
        r#"  × source 1: `level` has no meaning in document mode
   ╭─[planlint.toml:4:1]
 3 │ paths = ["R.md"]
 4 │ level = 2
   · ──┬──
   ·   ╰── here
   ╰────
  help: `level` belongs to `mode = "heading"`
"#
    );
    assert_eq!(
        config_error("[[source]]\nkind = \"goal\"\npaths = [\"a.md\"]\n\n[[source]]\nmode = \"heading\"\npaths = [\"R.md\"]\n"),
        r#"  × source 2: `kind` is missing
   ╭─[planlint.toml:5:1]
 4 │ 
 5 │ [[source]]
   · ─────┬────
   ·      ╰── here
 6 │ mode = "heading"
   ╰────
  help: add `kind = "team"`, `"goal"` or `"issue"`
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
   ╭─[planlint.toml:1:8]
 1 │ [rules.goal-ownr]
   ·        ────┬────
   ·            ╰── here
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
fn bad_level_in_the_shorthand() {
    assert_eq!(
        config_error("[rules]\nteam-size = \"loud\"\n"),
        r#"  × rule `team-size`: `level` must be "error", "warning" or "off"
   ╭─[planlint.toml:2:1]
 1 │ [rules]
 2 │ team-size = "loud"
   · ────┬────
   ·     ╰── here
   ╰────
"#
    );
}

#[test]
fn a_rule_tuned_by_a_number() {
    assert_eq!(
        config_error("[rules]\nteam-size = 3\n"),
        r#"  × rule `team-size` is tuned by a table (`[rules.team-size]`) or a level (`team-size = "off"`),
  │ not an integer
   ╭─[planlint.toml:2:13]
 1 │ [rules]
 2 │ team-size = 3
   ·             ┬
   ·             ╰── here
   ╰────
  help: see the configuration reference in the README
"#
    );
}

#[test]
fn a_rule_tuned_by_a_list_in_an_inline_table() {
    assert_eq!(
        config_error("rules = { goal-why = \"off\", team-size = [8] }\n"),
        r#"  × rule `team-size` is tuned by a table (`[rules.team-size]`) or a level (`team-size = "off"`),
  │ not an array
   ╭─[planlint.toml:1:41]
 1 │ rules = { goal-why = "off", team-size = [8] }
   ·                                         ─┬─
   ·                                          ╰── here
   ╰────
  help: see the configuration reference in the README
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

/// An option of the right type that its check cannot take is an error at
/// the user's option, not in the rule's own file, in words of the option.
#[test]
fn an_option_its_check_cannot_take() {
    assert_eq!(
        config_error("[rules.team-size]\nmax = -1\n"),
        r#"  × rule `team-size`: option `max` must be 0 or more, not -1
   ╭─[planlint.toml:2:1]
 1 │ [rules.team-size]
 2 │ max = -1
   · ─┬─
   ·  ╰── here
   ╰────
  help: the default is `max = 6`
"#
    );
    assert_eq!(
        config_error("[rules.plan-horizon]\nmax-quarters = 999\n"),
        r#"  × rule `plan-horizon`: option `max-quarters` cannot be 999: `max-quarters-ahead` is 999: a plan
  │ reaches at most 400 quarters either way
   ╭─[planlint.toml:2:1]
 1 │ [rules.plan-horizon]
 2 │ max-quarters = 999
   · ──────┬─────
   ·       ╰── here
   ╰────
  help: the default is `max-quarters = 4`
"#
    );
}

#[test]
fn a_messages_key_that_is_no_failure_of_the_check() {
    assert_eq!(
        config_error(
            "[[rule]]\nid = \"goal-quarter\"\non = \"goal\"\nfield = \"quarter\"\nrequired = true\nmessages.required = \"goal {id} has no quarter\"\n"
        ),
        "  × rule `goal-quarter`: `messages.required` is not a failure this check can report\n   ╭─[planlint.toml:6:10]\n 5 │ required = true\n 6 │ messages.required = \"goal {id} has no quarter\"\n   ·          ────┬───\n   ·              ╰── here\n   ╰────\n  help: its failures are `missing`, `empty`, `placeholder`\n"
    );
}

#[test]
fn a_message_placeholder_the_check_cannot_fill() {
    assert_eq!(
        config_error(
            "[[rule]]\nid = \"goal-quarter\"\non = \"goal\"\nfield = \"quarter\"\nrequired = true\nmessage = \"goal {id} is {status} without a quarter\"\n"
        ),
        "  × rule `goal-quarter`: `message` uses `{status}`, which is not filled when the check fails with\n  │ `missing`\n   ╭─[planlint.toml:6:25]\n 5 │ required = true\n 6 │ message = \"goal {id} is {status} without a quarter\"\n   ·                         ────┬───\n   ·                             ╰── here\n   ╰────\n  help: it can use `{id}`, `{kind}`, `{path}`, `{field}`, `{field-place}`, `{field-key}`, `{field-\n        tick}`\n"
    );
}

#[test]
fn a_placeholder_only_some_failures_fill() {
    assert_eq!(
        config_error(
            "[[rule]]\nid = \"goal-quarter\"\non = \"goal\"\nfield = \"quarter\"\nrequired = true\nmatches = '^\\d{4}-Q[1-4]$'\nmessage = \"quarter {value} of {id} is not a quarter\"\n"
        ),
        "  × rule `goal-quarter`: `message` uses `{value}`, which is not filled when the check fails with\n  │ `missing`\n   ╭─[planlint.toml:7:20]\n 6 │ matches = '^\\d{4}-Q[1-4]$'\n 7 │ message = \"quarter {value} of {id} is not a quarter\"\n   ·                    ───┬───\n   ·                       ╰── here\n   ╰────\n  help: it can use `{id}`, `{kind}`, `{path}`, `{field}`, `{field-place}`, `{field-key}`, `{field-\n        tick}`\n"
    );
}

#[test]
fn unique_shares_no_check() {
    assert_eq!(
        config_error(
            "[[rule]]\nid = \"one-title\"\non = \"goal\"\nfield = \"title\"\nunique = true\nrequired = true\n"
        ),
        "  × rule `one-title`: `unique` compares entities with each other and cannot share a check with\n  │ other conditions\n   ╭─[planlint.toml:2:6]\n 1 │ [[rule]]\n 2 │ id = \"one-title\"\n   ·      ─────┬─────\n   ·           ╰── here\n 3 │ on = \"goal\"\n   ╰────\n  help: put the other conditions in a `[[check]]` of their own\n"
    );
}

#[test]
fn unknown_engine() {
    assert_eq!(
        config_error("[[rule]]\nid = \"x\"\non = \"goal\"\nengine = \"parse-eror\"\n"),
        "  × rule `x`: unknown engine `parse-eror`\n   ╭─[planlint.toml:4:10]\n 3 │ on = \"goal\"\n 4 │ engine = \"parse-eror\"\n   ·          ──────┬─────\n   ·                ╰── here\n   ╰────\n  help: did you mean `parse-error`? the engines are `parse-error`, `unused-suppression`\n"
    );
}

#[test]
fn an_engine_with_checks() {
    assert_eq!(
        config_error("[[rule]]\nid = \"x\"\non = \"file\"\nengine = \"parse-error\"\nfield = \"owner\"\nrequired = true\n"),
        "  × rule `x`: a rule with an `engine` has no checks: the engine decides what it reports\n   ╭─[planlint.toml:2:6]\n 1 │ [[rule]]\n 2 │ id = \"x\"\n   ·      ─┬─\n   ·       ╰── here\n 3 │ on = \"file\"\n   ╰────\n  help: remove the check keys, or write them in a rule of their own\n"
    );
}

#[test]
fn an_engine_on_goals() {
    assert_eq!(
        config_error("[[rule]]\nid = \"x\"\non = \"goal\"\nengine = \"unused-suppression\"\n"),
        "  × rule `x`: an engine reports on files: a rule with an `engine` has `on = \"file\"`\n   ╭─[planlint.toml:3:1]\n 2 │ id = \"x\"\n 3 │ on = \"goal\"\n   · ─┬\n   ·  ╰── here\n 4 │ engine = \"unused-suppression\"\n   ╰────\n  help: set `on = \"file\"`\n"
    );
}

// A comment holding the offending text comes before it in each config
// below: the place comes from the TOML parser, so it is never the comment.

#[test]
fn a_bad_ignore_glob_is_found_past_a_comment_that_quotes_it() {
    assert_eq!(
        config_error(
            "# paths = [\"legacy/[old\"] was a typo\n[[ignore]]\npaths = [\"legacy/[old\"]\n"
        ),
        r#"  × invalid glob `legacy/[old`: unclosed character class; missing ']'
   ╭─[planlint.toml:3:10]
 2 │ [[ignore]]
 3 │ paths = ["legacy/[old"]
   ·          ──────┬──────
   ·                ╰── here
   ╰────
"#
    );
}

#[test]
fn a_bad_source_glob_is_found_past_a_comment_that_quotes_it() {
    assert_eq!(
        config_error("# \"planning/[x\" is not a glob\n[[source]]\nkind = \"goal\"\npaths = [\"planning/[x\"]\n"),
        r#"  × invalid glob `planning/[x`: unclosed character class; missing ']'
   ╭─[planlint.toml:4:10]
 3 │ kind = "goal"
 4 │ paths = ["planning/[x"]
   ·          ──────┬──────
   ·                ╰── here
   ╰────
  help: globs use `*` (inside a folder), `**` (across folders), `?`, `[abc]` and `{a,b}`
"#
    );
}

#[test]
fn a_bad_rule_regex_is_found_past_a_comment_that_quotes_it() {
    assert_eq!(
        config_error("[[rule]]\nid = \"quarter-format\"\non = \"goal\"\n# matches = '^(' was wrong\nfield = \"quarter\"\nmatches = '^('\n"),
        r#"  × rule `quarter-format`: invalid regex `^(`: unclosed group
   ╭─[planlint.toml:6:12]
 5 │ field = "quarter"
 6 │ matches = '^('
   ·            ─┬
   ·             ╰── here
   ╰────
  help: the syntax is the Rust `regex` crate's (no look-around or backreferences)
"#
    );
}

#[test]
fn a_bad_rule_option_is_found_past_a_comment_that_quotes_it() {
    assert_eq!(
        config_error(
            "# [rules.team-size]\n# max = \"8\" was refused\n[rules.team-size]\nmax = \"8\"\n"
        ),
        r#"  × rule `team-size`: option `max` must be an integer, not a string
   ╭─[planlint.toml:4:1]
 3 │ [rules.team-size]
 4 │ max = "8"
   · ─┬─
   ·  ╰── here
   ╰────
  help: the default is `max = 6`
"#
    );
}

#[test]
fn a_rule_folder_outside_the_root_is_found_past_a_comment_that_quotes_it() {
    assert_eq!(
        config_error(
            "# rule-dirs = [\"../shared\"] leaves the root\nrule-dirs = [\"../shared\"]\n"
        ),
        r#"  × rule folder `../shared` is outside the plan's root
   ╭─[planlint.toml:2:14]
 1 │ # rule-dirs = ["../shared"] leaves the root
 2 │ rule-dirs = ["../shared"]
   ·              ─────┬─────
   ·                   ╰── here
   ╰────
  help: `rule-dirs` are folders inside the plan's root, by relative paths
"#
    );
}

#[test]
fn an_extend_outside_the_repository_is_found_past_a_comment_that_quotes_it() {
    assert_eq!(
        config_error(
            "# extend = \"/etc/planlint.toml\" is refused\nextend = \"/etc/planlint.toml\"\n"
        ),
        r#"  × `extend = "/etc/planlint.toml"` names a file outside the repository
   ╭─[planlint.toml:2:10]
 1 │ # extend = "/etc/planlint.toml" is refused
 2 │ extend = "/etc/planlint.toml"
   ·          ──────────┬─────────
   ·                    ╰── here
   ╰────
  help: a config in the repository can only extend files inside it, by a relative path
"#
    );
}

#[test]
fn an_error_in_a_rule_folder_file_points_into_that_file() {
    let repo = Repo::git();
    repo.write("planlint.toml", "rule-dirs = [\"lint\"]\n");
    repo.write(
        "lint/quarter.toml",
        "# matches = '^(' was wrong\nid = \"quarter-format\"\non = \"goal\"\nfield = \"quarter\"\nmatches = '^('\n",
    );
    let run = repo.planlint(&["check"]);
    assert_eq!(run.code, 2);
    assert_eq!(
        run.stderr,
        r#"  × rule `quarter-format`: invalid regex `^(`: unclosed group
   ╭─[lint/quarter.toml:5:12]
 4 │ field = "quarter"
 5 │ matches = '^('
   ·            ─┬
   ·             ╰── here
   ╰────
  help: the syntax is the Rust `regex` crate's (no look-around or backreferences)
"#
    );
}

/// A rule with no id, or an id that is no rule id, has no id to be found
/// by: it is found by its place among the rules (a rule folder's files,
/// the config's `[[rule]]`s).
#[test]
fn a_rule_without_a_valid_id_points_into_its_file() {
    let repo = Repo::git();
    repo.write("planlint.toml", "rule-dirs = [\"lint\"]\n");
    let rule = "on = \"goal\"\nfield = \"owner\"\nrequired = true\n";
    for n in 1..=3 {
        repo.write(
            &format!("lint/r{n}.toml"),
            &format!("id = \"r{n}\"\n{rule}"),
        );
    }
    repo.write("lint/r2.toml", &format!("# the owner rule\n{rule}"));
    let run = repo.planlint(&["check"]);
    assert_eq!(run.code, 2);
    assert_eq!(
        run.stderr,
        r#"  × a rule needs an `id`
   ╭─[lint/r2.toml:1:1]
 1 │ # the owner rule
   · ▲
   · ╰── here
 2 │ on = "goal"
   ╰────
  help: add `id = "my-rule"`
"#
    );
    repo.write("lint/r2.toml", &format!("id = \"R 2\"\n{rule}"));
    let run = repo.planlint(&["check"]);
    assert_eq!(run.code, 2);
    assert_eq!(
        run.stderr,
        r#"  × `R 2` is not a valid rule id
   ╭─[lint/r2.toml:1:1]
 1 │ id = "R 2"
   · ─┬
   ·  ╰── here
 2 │ on = "goal"
   ╰────
  help: use lowercase letters, digits and `-`, e.g. `quarter-format`
"#
    );
    assert_eq!(
        config_error(&format!(
            "[[rule]]\nid = \"ok\"\n{rule}\n[[rule]]\non = \"goal\"\n"
        )),
        r#"  × a rule needs an `id`
   ╭─[planlint.toml:7:1]
 6 │ 
 7 │ [[rule]]
   · ────┬───
   ·     ╰── here
 8 │ on = "goal"
   ╰────
  help: add `id = "my-rule"`
"#
    );
}

/// The phrases are escaped into one regex: too many of them make it too
/// large, and the error says so without quoting the regex planlint wrote.
#[test]
fn too_many_phrases_in_not_contains_say_so() {
    let phrases: Vec<String> = (0..40_000).map(|i| format!("\"p{i} zz\"")).collect();
    let error = config_error(&format!(
        "[[rule]]\nid = \"vague\"\non = \"goal\"\nfield = \"why\"\nnot-contains = [{}]\n",
        phrases.join(", ")
    ));
    assert!(
        // Its line (a 600,000-character list) is named, not quoted.
        error.starts_with("  × rule `vague`: the 40000 phrases of `not-contains` make a regex planlint cannot use: Compiled\n  │ regex exceeds size limit of 262144 bytes. (at planlint.toml:5:1)\n"),
        "{}",
        &error[..error.len().min(2_000)]
    );
    assert!(
        error
            .ends_with("  help: list fewer or shorter phrases, or split them between two checks\n"),
        "{}",
        &error[error.len().saturating_sub(2_000)..]
    );
    assert!(!error.contains("(?:^|"), "the generated regex is quoted");
}

#[test]
fn an_age_limit_below_zero_is_refused() {
    assert_eq!(
        config_error("[[rule]]\nid = \"old\"\non = \"goal\"\nmax-age-days = -3\n"),
        r#"  × rule `old`: `max-age-days` is -3: an age is 0 days or more
   ╭─[planlint.toml:4:1]
 3 │ on = "goal"
 4 │ max-age-days = -3
   · ──────┬─────
   ·       ╰── here
   ╰────
  help: write a number of days, e.g. 90 (for `stale-goal`: `[rules.stale-goal] days = 90`)
"#
    );
    // Through an option: at the option, in its words.
    assert_eq!(
        config_error("[rules.stale-goal]\ndays = -9\n"),
        "  × rule `stale-goal`: option `days` must be 0 or more, not -9\n   ╭─[planlint.toml:2:1]\n 1 │ [rules.stale-goal]\n 2 │ days = -9\n   · ──┬─\n   ·   ╰── here\n   ╰────\n  help: the default is `days = 30`\n"
    );
}

/// A line too long to quote is named by its place: a config of one
/// 200,000-character line made an error of 200 KB.
#[test]
fn an_error_on_a_line_too_long_to_quote_names_its_place() {
    let config = format!("x = {}{}\n", "[".repeat(100_000), "]".repeat(100_000));
    assert_eq!(
        config_error(&config),
        "  × cannot recurse further; max recursion depth met (at planlint.toml:1:85)\n  help: see the configuration reference in the README\n"
    );
}

/// A quarter bound past a century, either way, is refused: the quarters
/// messages name from it would overflow (`i64::MIN` wrapped to a year of
/// nineteen digits).
#[test]
fn a_quarter_bound_past_a_century_is_refused() {
    assert_eq!(
        config_error("[rules.plan-horizon]\nmax-quarters = -9223372036854775808\n"),
        "  × rule `plan-horizon`: option `max-quarters` cannot be -9223372036854775808: `max-quarters-\n  │ ahead` is -9223372036854775808: a plan reaches at most 400 quarters either way\n   ╭─[planlint.toml:2:1]\n 1 │ [rules.plan-horizon]\n 2 │ max-quarters = -9223372036854775808\n   · ──────┬─────\n   ·       ╰── here\n   ╰────\n  help: the default is `max-quarters = 4`\n"
    );
    let error = config_error(
        "[[rule]]\nid = \"far\"\non = \"goal\"\nfield = \"quarter\"\nmin-quarters-ahead = -401\n",
    );
    assert!(
        error.starts_with("  × rule `far`: `min-quarters-ahead` is -401: a plan reaches at most 400 quarters either way\n"),
        "{error}"
    );
    assert!(
        error.contains(" 5 │ min-quarters-ahead = -401\n"),
        "{error}"
    );
}

#[test]
fn a_list_past_its_limit_is_refused_at_its_first_entry_too_many() {
    let entries: String = (0..1001).map(|i| format!("  \"p{i}\",\n")).collect();
    assert_eq!(
        config_error(&format!("[plan]\nplaceholders = [\n{entries}]\n")),
        r#"  × `plan.placeholders` has 1001 entries; the limit is 1000
      ╭─[planlint.toml:1003:3]
 1002 │   "p999",
 1003 │   "p1000",
      ·   ───┬───
      ·      ╰── here
 1004 │ ]
      ╰────
  help: a config names the plan's vocabulary, not its contents
"#
    );
    let names: String = (0..1001).map(|i| format!("\"n{i}\", ")).collect();
    assert!(config_error(&format!("[fields]\nowner = [{names}]\n"))
        .starts_with("  × `fields` has 1001 entries; the limit is 1000\n"));
}

#[test]
fn the_sources_are_bounded_in_number_and_in_regexes() {
    let sources: String = (0..101)
        .map(|i| format!("[[source]]\nkind = \"goal\"\npaths = [\"a{i}/*.md\"]\n"))
        .collect();
    assert_eq!(
        config_error(&sources),
        r#"  × 101 sources; the limit is 100
     ╭─[planlint.toml:301:1]
 300 │ paths = ["a99/*.md"]
 301 │ [[source]]
     · ─────┬────
     ·      ╰── here
 302 │ kind = "goal"
     ╰────
  help: one source can read many folders: `paths` takes several globs
"#
    );
    let fields = |origin: &str| {
        (0..60)
            .map(|i| format!("f{i} = {{ {origin} = \"(?P<value>x)\" }}\n"))
            .collect::<String>()
    };
    let config = format!(
        "[[source]]\nkind = \"goal\"\npaths = [\"a/*.md\"]\n[source.fields]\n{}\
         [[source]]\nkind = \"goal\"\npaths = [\"b/*.md\"]\n[source.fields]\n{}",
        fields("heading"),
        fields("path")
    );
    assert_eq!(
        config_error(&config),
        r#"  × source 2: the sources have more than 100 regexes
    ╭─[planlint.toml:65:1]
 64 │ f59 = { heading = "(?P<value>x)" }
 65 │ [[source]]
    · ─────┬────
    ·      ╰── here
 66 │ kind = "goal"
    ╰────
  help: every regex reads each entity of its source: combine patterns with `|`
"#
    );
}

#[test]
fn a_config_file_larger_than_a_mebibyte_is_not_parsed() {
    let comment = format!("# {}\n", "x".repeat(1 << 20));
    assert_eq!(
        config_error(&comment),
        "  × config `planlint.toml` is 1048579 bytes; a config file may be at most 1024 KiB
  help: a config names where the plan is and how to check it; long lists belong in the plan
"
    );
}

#[test]
fn rule_folders_are_bounded_in_files_and_in_bytes() {
    let repo = Repo::git();
    repo.write("planlint.toml", "rule-dirs = [\"lint\"]\n");
    for i in 0..201 {
        repo.write(
            &format!("lint/r{i:03}.toml"),
            &format!("id = \"r{i}\"\non = \"goal\"\nfield = \"owner\"\nrequired = true\n"),
        );
    }
    let run = repo.planlint(&["check"]);
    assert_eq!(run.code, 2);
    assert_eq!(
        run.stderr,
        r#"  × the rule folders hold more than 200 rule files, the most custom rules
   ╭─[planlint.toml:1:14]
 1 │ rule-dirs = ["lint"]
   ·              ───┬──
   ·                 ╰── here
   ╰────
  help: every rule reads the whole plan: merge rules that check the same field
"#
    );
    let repo = Repo::git();
    repo.write("planlint.toml", "rule-dirs = [\"lint\"]\n");
    repo.write("lint/big.toml", &format!("# {}\n", "x".repeat(1 << 20)));
    let run = repo.planlint(&["check"]);
    assert_eq!(run.code, 2);
    assert_eq!(
        run.stderr,
        "  × rule file `lint/big.toml` is 1048579 bytes; a rule file may be at most 1024 KiB
  help: a rule is a field, a check and a message: a few KiB
"
    );
}

#[test]
fn a_check_written_as_one_table_is_found_at_its_header() {
    let repo = Repo::git();
    repo.write("planlint.toml", "rule-dirs = [\"rules\"]\n")
        .write(
        "rules/r.toml",
        "id = \"custom\"\non = \"goal\"\nsummary = \"s\"\n[check]\nfield = \"owner\"\nmax = 5\n",
    );
    let run = repo.planlint(&["check"]);
    assert_eq!(run.code, 2, "stdout: {}", run.stdout);
    assert_eq!(
        run.stderr,
        "  × rule `custom`: `check` must be an array of tables\n   ╭─[rules/r.toml:4:2]\n 3 │ summary = \"s\"\n 4 │ [check]\n   ·  ──┬──\n   ·    ╰── here\n 5 │ field = \"owner\"\n   ╰────\n  help: write each check as `[[check]]`, with two brackets\n"
    );
}

#[test]
fn a_helps_key_that_is_no_failure_or_a_placeholder_it_does_not_fill() {
    assert_eq!(
        config_error(
            "[[rule]]\nid = \"goal-quarter\"\non = \"goal\"\nfield = \"quarter\"\nrequired = true\nhelps.required = \"add a quarter\"\n"
        ),
        "  × rule `goal-quarter`: `helps.required` is not a failure this check can report\n   ╭─[planlint.toml:6:7]\n 5 │ required = true\n 6 │ helps.required = \"add a quarter\"\n   ·       ────┬───\n   ·           ╰── here\n   ╰────\n  help: its failures are `missing`, `empty`, `placeholder`\n"
    );
    let error = config_error(
        "[[rule]]\nid = \"goal-quarter\"\non = \"goal\"\nfield = \"quarter\"\nrequired = true\nhelps.missing = \"replace `{value}`\"\n",
    );
    assert!(
        error.contains("`helps.missing` uses `{value}`, which is not filled when the check fails\n  │ with `missing`"),
        "{error}"
    );
}

/// A pull request's config cannot make every entity try thousands of
/// `key` paths, or every sheet carry thousands of column names.
#[test]
fn key_paths_and_columns_are_bounded() {
    let paths = vec!["a"; 17].join(" | ");
    let stderr = config_error(&format!(
        "[[source]]\nkind = \"team\"\nmode = \"data\"\npaths = [\"*.yaml\"]\nselect = \"[*]\"\n\n[source.fields]\nlead = {{ key = \"{paths}\" }}\n"
    ));
    assert!(
        stderr.starts_with("  × source 1: field `lead`: `key` names more than 16 paths\n"),
        "{stderr}"
    );
    let columns = vec!["\"c\""; 1_001].join(", ");
    let stderr = config_error(&format!(
        "[[source]]\nkind = \"goal\"\nmode = \"data\"\npaths = [\"*.csv\"]\nselect = \"[*]\"\ncolumns = [{columns}]\n"
    ));
    assert!(
        stderr.starts_with("  × source 1: `columns` names 1001 columns; the limit is 1000"),
        "{stderr}"
    );
}
