//! Output that a terminal or a CI log would act on: raw control characters,
//! GitHub workflow commands (`::` at a line's start, `##[` anywhere), HTML
//! in Markdown. Every format, `entities`, `report` and config errors.

use crate::common::{Repo, CLEAN_GOAL, CLEAN_TEAM};

/// Formats whose every line is planlint's own text (not `github`).
const PLAIN_FORMATS: [&str; 7] = [
    "human", "concise", "json", "sarif", "gitlab", "junit", "markdown",
];

/// No raw unprintable character (line breaks aside), no line that starts a
/// workflow command, no `##[`. Lines end at `\n` or `\r`, as the runner's do.
fn assert_safe(label: &str, output: &str) {
    for c in output.chars() {
        let unprintable =
            c.is_control() || matches!(c, '\u{202a}'..='\u{202e}' | '\u{2066}'..='\u{2069}');
        assert!(
            c == '\n' || !unprintable,
            "{label}: raw {c:?} in output:\n{output}"
        );
    }
    for line in output.split(['\n', '\r']) {
        assert!(
            !line.trim_start().starts_with("::"),
            "{label}: a workflow command: {line:?}"
        );
        assert!(!line.contains("##["), "{label}: a legacy command: {line:?}");
    }
}

/// The nasty text: escape sequences (OSC 52 writes the clipboard, `ESC[2J`
/// clears the screen), a bell, CR, C1 CSI, a bidi override, workflow
/// commands after line breaks, HTML that would close a `<details>`.
const NASTY: &str = "a\u{1b}]52;c;cHduZWQ=\u{7}b\u{1b}[2J\rc\u{9b}31md\u{202e}e\n::error file=x::pwned\n  ::add-mask::secret ##[group]g </details><script>alert(1)</script> `x` | y";

fn nasty_plan() -> Repo {
    let repo = Repo::git();
    // A JSON string is a YAML double-quoted string, once the characters YAML
    // will not take raw are escaped too.
    let nasty_yaml = serde_json::to_string(NASTY)
        .expect("string")
        .replace('\u{9b}', "\\u009B")
        .replace('\u{202e}', "\\u202E");
    let goal = CLEAN_GOAL
        .replace(
            "# Raise activation of new organisations",
            "# Raise \u{1b}[31mactivation</details>",
        )
        .replace(
            "owner: \"@bob\"",
            &format!("owner: \"@bob\"\nmetric: {nasty_yaml}"),
        );
    repo.write("planning/teams/growth.md", CLEAN_TEAM)
        .write("planning/goals/g-107.md", &goal)
        .write(
            "planlint.toml",
            &format!(
                "[[rule]]\nid = \"hostile\"\non = \"goal\"\nlevel = \"error\"\nfield = \"metric\"\n\
                 matches = '^\\d+$'\nmessage = {msg}\nhelp = {help}\n",
                msg = toml_string("##[warning]{value}"),
                help = toml_string("first\n::error file=x::pwned\n\t::stop-commands::t\r::warning::cr ##[error]e"),
            ),
        )
        .commit("plan");
    repo
}

fn toml_string(text: &str) -> String {
    // A JSON string is a TOML basic string for this text (no `\/`).
    serde_json::to_string(text).expect("string")
}

#[test]
fn no_format_prints_controls_or_workflow_commands() {
    let repo = nasty_plan();
    for format in PLAIN_FORMATS {
        let run = repo.planlint(&["check", "--format", format]);
        assert_eq!(run.code, 1, "{format}: {}", run.stderr);
        assert!(run.stdout.contains("hostile"), "{format}: {}", run.stdout);
        assert_safe(format, &run.stdout);
        assert_eq!(run.stderr, "", "{format}");
    }
}

/// A test viewer decodes XML's character references before it shows a
/// test's name or message: decoded, JUnit holds no control or bidi
/// character either (`&#x202e;` would be a live bidi override there).
#[test]
fn junit_decoded_holds_no_controls() {
    let repo = nasty_plan();
    repo.write(
        "planning/goals/g-\u{202e}\u{1b}[2Jx.md",
        &CLEAN_GOAL
            .replace("id: G-107\n", "")
            .replace("team: growth", "team: nowhere"),
    )
    .commit("a goal whose id holds controls");
    let run = repo.planlint(&["check", "--format", "junit"]);
    assert_eq!(run.code, 1, "{}", run.stderr);
    let reference = regex::Regex::new(r"&#(x[0-9a-fA-F]+|[0-9]+);").expect("regex");
    let decoded = reference.replace_all(&run.stdout, |caps: &regex::Captures| {
        let number = &caps[1];
        let code = match number.strip_prefix('x') {
            Some(hex) => u32::from_str_radix(hex, 16),
            None => number.parse(),
        };
        code.ok()
            .and_then(char::from_u32)
            .map_or_else(String::new, String::from)
    });
    // Workflow commands are the log's concern, and the XML as written is
    // held to that above; decoded, only what a viewer would act on counts.
    for c in decoded.chars() {
        let unprintable =
            c.is_control() || matches!(c, '\u{202a}'..='\u{202e}' | '\u{2066}'..='\u{2069}');
        assert!(
            c == '\n' || !unprintable,
            "raw {c:?} in decoded JUnit:\n{decoded}"
        );
    }
    assert!(
        decoded.contains("name=\"goal-team goal g-\\u{202e}\\u{1b}[2Jx\""),
        "{decoded}"
    );
    assert!(
        decoded.contains("file=\"planning/goals/g-\\u{202e}\\u{1b}[2Jx.md\""),
        "{decoded}"
    );
    assert!(decoded.contains("\\u{9b}31md\\u{202e}e"), "{decoded}");
}

/// `--show-config` prints TOML: controls and bidi characters in the
/// config's strings as TOML's escapes, so it reads back as the same config
/// and acts on no terminal or log.
#[test]
fn show_config_is_toml_that_reads_back_and_prints_nothing_raw() {
    let repo = nasty_plan();
    let config = std::fs::read_to_string(repo.path().join("planlint.toml")).expect("config");
    repo.write(
        "planlint.toml",
        &format!(
            "{config}\n[[rule]]\nid = \"bidi\"\non = \"goal\"\nfield = \"owner\"\nrequired = true\nmessage = {}\n",
            toml_string("c1 \u{9b} bidi \u{202e} esc \u{1b} music \u{1d173}")
        ),
    );
    let run = repo.planlint(&["check", "--show-config"]);
    assert_eq!(run.code, 0, "{}", run.stderr);
    assert_safe("--show-config", &run.stdout);
    let shown: toml::Table = toml::from_str(&run.stdout).expect("--show-config prints TOML");
    let rules = shown["rule"].as_array().expect("rules");
    assert_eq!(rules[0]["message"].as_str(), Some("##[warning]{value}"));
    assert_eq!(
        rules[0]["help"].as_str(),
        Some("first\n::error file=x::pwned\n\t::stop-commands::t\r::warning::cr ##[error]e")
    );
    assert_eq!(
        rules[1]["message"].as_str(),
        Some("c1 \u{9b} bidi \u{202e} esc \u{1b} music \u{1d173}")
    );
}

#[test]
fn human_shows_the_help_text_escaped_and_no_command_at_a_line_start() {
    let repo = nasty_plan();
    let run = repo.planlint(&["check", "--format", "human"]);
    let out = &run.stdout;
    assert!(
        out.contains(
            "#\\u{23}[warning]a\\u{1b}]52;c;cHduZWQ=\\u{7}b\\u{1b}[2J\\rc\\u{9b}31md\\u{202e}e"
        ),
        "{out}"
    );
    // The message's lines hang under miette's `│`; the help's start with
    // blanks, so their `::` is escaped.
    assert!(out.contains("\n  │ ::error file=x::pwned\n"), "{out}");
    assert!(
        out.contains("\n  │   ::add-mask::secret #\\u{23}[group]g </details>"),
        "{out}"
    );
    assert!(
        out.contains("\n  help: first\n        \\u{3a}:error file=x::pwned\n        \\t::stop-commands::t\\r::warning::cr #\\u{23}[error]e\n"),
        "{out}"
    );
}

#[test]
fn json_keeps_the_exact_text() {
    let repo = nasty_plan();
    let run = repo.planlint(&["check", "--format", "json"]);
    let json: serde_json::Value = serde_json::from_str(&run.stdout).expect("json");
    let hostile = json["diagnostics"]
        .as_array()
        .expect("diagnostics")
        .iter()
        .find(|d| d["rule"] == "hostile")
        .expect("hostile finding");
    assert_eq!(hostile["message"], format!("##[warning]{NASTY}"));
    assert!(
        run.stdout.contains("#\\u0023[warning]a\\u001b]52"),
        "{}",
        run.stdout
    );
}

#[test]
fn markdown_cannot_break_out_of_its_table() {
    let repo = nasty_plan();
    let run = repo.planlint(&["check", "--format", "markdown"]);
    let row = run
        .stdout
        .lines()
        .find(|l| l.starts_with("| error | hostile |"))
        .expect("the finding's row");
    assert_eq!(
        row,
        "| error | hostile | planning/goals/g-107.md:5 | ##\\[warning\\]a\\\\u{1b}\\]52;c;cHduZWQ=\\\\u{7}b\\\\u{1b}\\[2J c\\\\u{9b}31md\\\\u{202e}e ::error file=x::pwned   ::add-mask::secret ##\\[group\\]g &lt;/details&gt;&lt;script&gt;alert(1)&lt;/script&gt; \\`x\\` \\| y |"
    );
}

#[test]
fn github_annotations_carry_the_text_inside_their_own_command() {
    let repo = nasty_plan();
    let run = repo.planlint(&["check", "--format", "github"]);
    for line in run.stdout.split(['\n', '\r']).filter(|l| !l.is_empty()) {
        assert!(
            line.starts_with("::error file=")
                || line.starts_with("::warning file=")
                || line.starts_with("planlint: "),
            "{line:?}"
        );
        assert!(!line.contains("##["), "{line:?}");
        assert!(!line.contains('\u{1b}'), "{line:?}");
    }
}

#[test]
fn a_file_named_like_a_workflow_command_is_shown_as_dot_slash() {
    let repo = Repo::git();
    repo.write(
        "planlint.toml",
        "[[source]]\nkind = \"goal\"\npaths = [\"*.md\"]\n",
    )
    .write(
        "::error title=x::y.md",
        &CLEAN_GOAL.replace("owner: \"@bob\"", "owner: TBD"),
    )
    .commit("plan");
    let run = repo.planlint(&["check", "--format", "concise"]);
    assert_eq!(run.code, 1, "{}", run.stderr);
    assert!(
        run.stdout
            .lines()
            .all(|l| l.starts_with("./::error title=x::y.md:")),
        "{}",
        run.stdout
    );
    for format in PLAIN_FORMATS {
        let run = repo.planlint(&["check", "--format", format]);
        assert_safe(format, &run.stdout);
    }
}

#[test]
fn config_errors_show_escape_sequences_escaped() {
    let repo = Repo::git();
    repo.write("planning/teams/growth.md", CLEAN_TEAM).write(
        "planlint.toml",
        "[rules.\"\\u001b]52;c;cHduZWQ=\\u0007\\u001b[2J\\r\\n::error::x ##[y]\"]\nlevel = \"off\"\n",
    );
    let run = repo.planlint(&["check"]);
    assert_eq!(run.code, 2);
    assert!(
        run.stderr
            .contains("unknown rule `\\u{1b}]52;c;cHduZWQ=\\u{7}\\u{1b}[2J\\r\\n::error::x"),
        "{}",
        run.stderr
    );
    assert_safe("config error", &run.stderr);

    // Raw control characters in the file itself: shown as `?` in the snippet.
    repo.write(
        "planlint.toml",
        "[plan]\nactive-statuses = [\"a\u{1b}[2J\u{7}\"]\n",
    );
    let run = repo.planlint(&["check"]);
    assert_eq!(run.code, 2);
    assert_safe("config snippet", &run.stderr);
    assert!(run.stderr.contains("a?[2J?"), "{}", run.stderr);
}

#[test]
fn entities_and_report_escape_plan_text() {
    let repo = nasty_plan();
    repo.write(
        "planning/teams/growth.md",
        &CLEAN_TEAM
            .replace("name: Growth", "name: \"Gr\\e[2Jowth </details>\"")
            .replace(
                "mission: Make onboarding effortless for every new organisation",
                "mission: \"Be nice\\n::error file=x::m\\n## Injected ##[x]\"",
            ),
    );
    let run = repo.planlint(&["entities"]);
    assert_eq!(run.code, 0, "{}", run.stderr);
    assert_safe("entities", &run.stdout);
    assert!(
        run.stdout
            .contains("\n    title      Raise \\u{1b}[31mactivation\n"),
        "{}",
        run.stdout
    );
    assert!(
        run.stdout.contains(
            "\n    mission    Be nice\\n::error file=x::m\\n## Injected #\\u{23}[x]  (line 5, frontmatter)\n"
        ),
        "{}",
        run.stdout
    );

    let run = repo.planlint(&["report"]);
    assert_eq!(run.code, 0, "{}", run.stderr);
    assert_safe("report", &run.stdout);
    assert!(
        run.stdout
            .contains("\n| Gr\\\\u{1b}\\[2Jowth &lt;/details&gt; (`growth`) | 3 | 1 | 1 |"),
        "{}",
        run.stdout
    );
}

/// In the github format a tab or a line break of the plan's text is an
/// escape, as in every other format: the one line break an annotation
/// holds (`%0A`) is planlint's own, before its help. A value's line break
/// would show as a line of its own there.
#[test]
fn github_annotations_escape_tabs_and_line_breaks_of_the_plan() {
    let repo = Repo::git();
    repo.write("planning/teams/growth.md", CLEAN_TEAM)
        .write(
            "planning/goals/tab\there.md",
            &CLEAN_GOAL.replace("owner: \"@bob\"", "owner: \"x\\nhelp: fake\\tline\""),
        )
        .commit("plan");
    let run = repo.planlint(&["check", "--format", "github"]);
    assert!(!run.stdout.contains('\t'), "{}", run.stdout);
    let annotations: Vec<&str> = run.stdout.lines().filter(|l| l.starts_with("::")).collect();
    assert!(!annotations.is_empty(), "{}", run.stdout);
    for line in annotations {
        assert_eq!(line.matches("%0A").count(), 1, "{line}");
        assert!(line.contains("%0Ahelp: "), "{line}");
        assert!(line.contains("tab\\there.md"), "{line}");
    }
    assert!(
        run.stdout.contains("`x\\nhelp: fake\\tline`"),
        "{}",
        run.stdout
    );
}
