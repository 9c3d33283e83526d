//! `planlint init`: the files a repository needs to start. With no planning
//! documents, a commented config and an example team and goal in the
//! canonical layout; with documents in another layout, only a config whose
//! `[[source]]` entries are guessed from them. It never overwrites a file.

mod fit;
mod guess;
mod statuses;

pub use fit::{Fit, Misfit};

use crate::config::SCHEMA_URL;
use crate::scaffold::{goal_document, team_document, GoalSpec};
use crate::source::Snapshot;
use std::fmt::Write;

/// One file `init` would write, root-relative with `/`.
#[derive(Debug, PartialEq, Eq)]
pub struct PlannedFile {
    pub path: String,
    pub text: String,
}

/// Everything `init` would write.
#[derive(Debug, PartialEq, Eq)]
pub struct InitPlan {
    pub files: Vec<PlannedFile>,
    /// True when sources were guessed from documents in another layout.
    pub guessed: bool,
    /// How the guessed sources fit the rules, when they were guessed and
    /// a check with them ran.
    pub fit: Option<Fit>,
    /// How many Markdown and data files `init` looked at without finding a
    /// plan in them (0 when it found one, or there were none).
    pub looked_at: usize,
    /// The config file already there, when there is one (then nothing is
    /// planned).
    pub existing: Option<&'static str>,
}

const CONFIG_HEAD: &str = "# planlint configuration: every key is optional.
# `planlint rules` lists the rules; `planlint rule ID` explains one;
# `planlint check --show-config` prints everything in effect.
";

const RULES_EXAMPLE: &str = "
# [rules.team-size]
# max = 6               # the most members a team may have
# level = \"error\"       # \"error\", \"warning\" or \"off\"

# [fields]
# owner = [\"point of contact\"]   # other names your documents use for a field
";

const CANONICAL_SOURCES: &str = "
# Without [[source]] entries, planlint reads the canonical layout:
# planning/teams/<id>.md and planning/goals/**/<id>.md. To read another
# layout, list [[source]] entries (see the README's \"Sources\"); any entry
# replaces the canonical layout:
# [[source]]
# kind = \"goal\"         # team | goal | issue
# paths = [\"roadmap/*.md\"]
";

/// The issue export's source, commented out: for a CI job that writes
/// `planning/issues.json` before it checks.
const ISSUE_EXPORT_OFFER: &str = "
# Issues: a CI job that writes planning/issues.json before the check
# (`gh issue list --json ...`, see the README's \"The issue export\") has
# them read with this source:
# [[source]]
# kind = \"issue\"
# mode = \"data\"
# paths = [\"planning/issues.json\"]
";

/// The canonical places of issues (`planning/issues.json`, the issue
/// files), as `[[source]]` entries for those the repository has: a guessed
/// config replaces the canonical layout, issues included.
fn issue_sources(snapshot: &Snapshot) -> String {
    let mut out = String::new();
    if snapshot.paths.iter().any(|p| p == "planning/issues.json") {
        out.push_str(
            "\n[[source]]\nkind = \"issue\"\nmode = \"data\"\npaths = [\"planning/issues.json\"]\n",
        );
    } else {
        // CI writes the export before the check (see the README's "The
        // issue export"): a source for it now would warn on every run
        // before that, so it is offered, not written.
        out.push_str(ISSUE_EXPORT_OFFER);
    }
    if snapshot
        .paths
        .iter()
        .any(|p| p.starts_with("planning/issues/"))
    {
        out.push_str("\n[[source]]\nkind = \"issue\"\npaths = [\"planning/issues/**/*.md\"]\n");
    }
    out
}

/// The config for guessed sources, and how they fit the rules (also said
/// in the config). A first check finds the statuses the goals use; those
/// that mean one of planlint's are mapped, and the check is made again
/// with the map.
fn guessed_config(snapshot: &Snapshot, guess: &guess::Guess) -> (String, Option<Fit>) {
    let issues = issue_sources(snapshot);
    let config_with = |statuses: &[(String, &str)]| {
        let mut config = format!("#:schema {SCHEMA_URL}\n{CONFIG_HEAD}");
        config.push_str("\n# planlint guessed where your plan is from the documents it found:\n");
        // A note quotes paths and keys, which may hold any character.
        for note in guess.notes() {
            let _ = writeln!(config, "# - {}", crate::text::visible(&note));
        }
        if !statuses.is_empty() {
            let pairs: Vec<String> = (statuses.iter())
                .map(|(from, to)| format!("`{}` as `{to}`", comment_text(from, MAX_FIELD_CHARS)))
                .collect();
            config.push_str(&comment_lines(
                &format!("- statuses, read as planlint's: {}", pairs.join(", ")),
                2,
            ));
        }
        config.push_str(
            "# Check the guess with `planlint entities` (every goal it reads, with its\n\
             # owner and the line it is on), then `planlint check`. Fix a source by\n\
             # editing it: see the README's \"Sources\".\n",
        );
        config.push_str(&guess.toml(statuses));
        config.push_str(&issues);
        config
    };
    let config = config_with(&[]);
    let Some(fit) = fit::fit(snapshot, &config) else {
        return (config, None);
    };
    let statuses = statuses::map(&fit.statuses);
    let (mut config, fit) = if statuses.is_empty() {
        (config, Some(fit))
    } else {
        let config = config_with(&statuses);
        let fit = fit::fit(snapshot, &config);
        (config, fit)
    };
    if let Some(fit) = &fit {
        config.push_str(&fit_comment(fit));
    }
    (config, fit)
}

/// What `planlint init` would write in the repository `snapshot` shows.
/// Nothing when a config exists; files that exist are left out.
pub fn plan_init(snapshot: &Snapshot) -> InitPlan {
    let exists = |path: &str| snapshot.paths.iter().any(|p| p == path);
    if let Some(name) = crate::check::CONFIG_NAMES
        .into_iter()
        .find(|name| exists(name))
    {
        return InitPlan {
            files: Vec::new(),
            guessed: false,
            fit: None,
            looked_at: 0,
            existing: Some(name),
        };
    }
    // Issues alone (an export kept where the README says) are not a plan:
    // the goals may be written another way.
    let canonical = snapshot.paths.iter().any(|p| {
        ["planning/teams/", "planning/goals/"]
            .iter()
            .any(|prefix| p.starts_with(prefix))
    });
    // A `planning` entry of any kind (a symlink too) is the user's: no example goes in it.
    let planning_taken = snapshot.paths.iter().any(|p| p.starts_with("planning/"))
        || snapshot.root.join("planning").symlink_metadata().is_ok();
    let guess = if canonical {
        None
    } else {
        Some(guess::sources(snapshot)).filter(|guess| !guess.is_empty())
    };
    let guessed = guess.is_some();
    let looked_at = match (canonical, guessed) {
        (false, false) => guess::documents_read(snapshot),
        _ => 0,
    };
    let (mut config, fit) = match &guess {
        Some(guess) => guessed_config(snapshot, guess),
        None if looked_at > 0 => (
            format!(
                "#:schema {SCHEMA_URL}\n{CONFIG_HEAD}{}{CANONICAL_SOURCES}",
                nothing_found(looked_at)
            ),
            None,
        ),
        None => (
            format!("#:schema {SCHEMA_URL}\n{CONFIG_HEAD}{CANONICAL_SOURCES}"),
            None,
        ),
    };
    config.push_str(RULES_EXAMPLE);
    let mut files = vec![PlannedFile {
        path: "planlint.toml".into(),
        text: config,
    }];
    if !guessed && !planning_taken {
        files.push(PlannedFile {
            path: "planning/teams/example-team.md".into(),
            text: team_document("Example team", Some("@your-handle")),
        });
        files.push(PlannedFile {
            path: "planning/goals/example-goal.md".into(),
            text: goal_document(
                "example-goal",
                &GoalSpec {
                    title: "An example goal: rename it, fill in each TBD",
                    team: Some("example-team"),
                    owner: Some("@your-handle"),
                    quarter: None,
                },
            ),
        });
    }
    InitPlan {
        files,
        guessed,
        fit,
        looked_at,
        existing: None,
    }
}

/// The config's word on documents that hold no plan planlint can read.
fn nothing_found(looked_at: usize) -> String {
    let files = if looked_at == 1 { "file" } else { "files" };
    format!(
        "
# planlint looked at {looked_at} Markdown and data {files} here and found no team
# or goal it can read. It finds a goal by its owner: `owner:` in its
# frontmatter, an `Owner` row of a metadata table, an `Owner:` line above
# its first section, an `Owner` column of a table, or `(Owner: @ana)` in
# its heading; a team by its `members` or `lead`. Name yours with
# [[source]] entries (see the README's \"Sources\"), or start from the
# example team and goal.
"
    )
}

/// The most unknown field names the config lists.
const MAX_FIELDS_LISTED: usize = 12;

/// The most characters of a field name or a message the config quotes.
const MAX_FIELD_CHARS: usize = 40;
const MAX_MESSAGE_CHARS: usize = 200;

/// Text from the documents, fit for one line of a TOML comment: nothing
/// that ends the line or reads differently from what it is, and short.
/// Cut before its characters are escaped, so that no escape is cut in two
/// (`\u{1…`).
fn comment_text(text: &str, max_chars: usize) -> String {
    crate::text::visible(&crate::text::shorten(text, max_chars))
}

/// The longest line of a comment `init` writes, in characters.
const COMMENT_WIDTH: usize = 76;

/// `text` as comment lines, wrapped at spaces; lines after the first are
/// indented by `hang` spaces.
fn comment_lines(text: &str, hang: usize) -> String {
    let mut out = String::new();
    let mut line = String::from("#");
    let mut width = 1;
    for word in text.split(' ') {
        let length = word.chars().count();
        if width > 1 + hang && width + 1 + length > COMMENT_WIDTH {
            out.push_str(&line);
            out.push('\n');
            line = format!("#{}", " ".repeat(hang));
            width = 1 + hang;
        }
        line.push(' ');
        line.push_str(word);
        width += 1 + length;
    }
    out.push_str(&line);
    out.push('\n');
    out
}

/// The config's comment on how the guess fits the rules: each rule every
/// goal fails, ready to turn off, and the fields the rules could read.
fn fit_comment(fit: &Fit) -> String {
    let mut out = String::new();
    if !fit.misfits.is_empty() {
        out.push('\n');
        out.push_str(&comment_lines(
            "Each rule below fails on every goal, or every team, that these \
             sources read. Such a rule asks for something your documents keep \
             under another name (name it in [source.fields]: `planlint rule ID` \
             says which field a rule reads) or do not keep at all (uncomment the \
             rule's two lines to turn it off).",
            0,
        ));
        let mut offered = std::collections::BTreeSet::new();
        // A rule every goal and every team fails is offered once: two
        // `[rules.ID]` tables would not load.
        for misfit in fit.misfits.iter().filter(|m| offered.insert(&m.rule)) {
            out.push_str("#\n");
            out.push_str(&comment_lines(
                &format!(
                    "For instance: {}",
                    comment_text(&misfit.message, MAX_MESSAGE_CHARS)
                ),
                0,
            ));
            let _ = write!(out, "# [rules.{}]\n# level = \"off\"\n", misfit.rule);
        }
    }
    if !fit.unknown_fields.is_empty() {
        let listed: Vec<String> = (fit.unknown_fields.iter())
            .take(MAX_FIELDS_LISTED)
            .map(|name| format!("`{}`", comment_text(name, MAX_FIELD_CHARS)))
            .collect();
        let more = fit.unknown_fields.len().saturating_sub(MAX_FIELDS_LISTED);
        let more = if more > 0 {
            format!(" and {more} more")
        } else {
            String::new()
        };
        out.push('\n');
        out.push_str(&comment_lines(
            &format!(
                "Most of your goals have fields planlint has no name for: {}{more}. \
             To have the rules read one, name it in [source.fields]: for instance, \
             `done_when = [\"deliverables\"]` makes a goal's `Deliverables` its \
             done criteria.",
                listed.join(", "),
            ),
            0,
        ));
    }
    out
}

#[cfg(test)]
mod tests {
    use super::*;
    use proptest::prelude::*;

    /// A quote is cut before it is escaped: an escape is never cut in two.
    #[test]
    fn a_quote_is_cut_before_its_escapes() {
        let text = format!("{}\u{1b}[31m", "x".repeat(8));
        assert_eq!(comment_text(&text, 10), "xxxxxxxx\\u{1b}[…");
        assert_eq!(comment_text("Zoë\u{202e}", 40), "Zoë\\u{202e}");
    }

    proptest! {
        /// Whatever a document says, what `init` quotes of it in the config
        /// is comment lines only, with nothing a terminal would act on.
        #[test]
        fn quoted_text_stays_in_its_comment(text in "(\\PC|\\pC|\n|\r| ){0,300}", hang in 0usize..6) {
            let comment = comment_lines(&comment_text(&text, MAX_MESSAGE_CHARS), hang);
            prop_assert!(comment.ends_with('\n'));
            for line in comment.lines() {
                prop_assert!(line.starts_with('#'), "{:?}", line);
                prop_assert!(!line.chars().any(crate::text::is_unprintable), "{:?}", line);
            }
            prop_assert!(toml::from_str::<toml::Table>(&comment).is_ok());
        }
    }
}
