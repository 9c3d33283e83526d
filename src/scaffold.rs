//! `planlint new`: a team or goal document from a template. The template
//! passes every rule except what a person must write; those parts say `TBD`,
//! a placeholder the rules flag, so `planlint check` points at each of them.

use crate::diagnostic::EntityKind;
use crate::model::{names_one, Plan};
use crate::write::Existing;
use std::path::{Path, PathBuf};

/// What a person must replace: the rules report it as a placeholder.
pub const TO_FILL_IN: &str = "TBD";

/// What a scaffold command did with one path.
#[derive(Debug, PartialEq, Eq)]
pub enum Written {
    Created(PathBuf),
    /// The file existed; it was not touched.
    Kept(PathBuf),
}

/// Creates `path` with `text` unless it exists, never through a symlink
/// below `root` (see [`crate::write`]).
pub fn create(root: &Path, path: &Path, text: &str) -> Result<Written, String> {
    match crate::write::write_file(path, text.as_bytes(), root, Existing::Keep, false) {
        Ok(true) => Ok(Written::Created(path.to_path_buf())),
        Ok(false) => Ok(Written::Kept(path.to_path_buf())),
        Err(e) => Err(e.message),
    }
}

/// A YAML scalar that reads back as exactly `text`: a JSON string is a
/// valid double-quoted YAML scalar, whatever `text` holds.
fn yaml_string(text: &str) -> String {
    serde_json::Value::String(text.to_string()).to_string()
}

/// What `planlint new goal` was told.
pub struct GoalSpec<'a> {
    pub title: &'a str,
    pub team: Option<&'a str>,
    pub owner: Option<&'a str>,
    pub quarter: Option<&'a str>,
}

/// Why `planlint new goal` cannot write what it was told, with a hint: an
/// owner that is several people or a team, a team the plan does not hold,
/// a quarter that names none. The document it writes passes the rules on
/// these; told otherwise, it would write one that fails them.
pub fn goal_problem(plan: &Plan, spec: &GoalSpec) -> Option<(String, &'static str)> {
    if let Some(owner) = spec.owner {
        if !names_one(owner) {
            return Some((
                format!(
                    "`--owner {owner}` names more than one person; a goal has exactly one owner"
                ),
                "name the one person who answers for the goal, e.g. `--owner @ana`",
            ));
        }
        let a_team = plan.first_named(&[EntityKind::Team], owner).is_some();
        if a_team && !plan.names_a_team_member(owner) {
            return Some((
                format!("`--owner {owner}` is a team; a goal's owner is a person"),
                "name the team with `--team`, and one of its people with `--owner`",
            ));
        }
    }
    if let Some(team) = spec.team {
        let teams = plan.count(EntityKind::Team);
        if teams > 0 && plan.first_named(&[EntityKind::Team], team).is_none() {
            return Some((
                format!("`--team {team}` names no team in the plan"),
                "`planlint entities` lists the teams; or leave `--team` out and fill in `team:`",
            ));
        }
    }
    if let Some(quarter) = spec.quarter {
        if crate::rules::parse_quarter(quarter).is_none() {
            return Some((
                format!("`--quarter {quarter}` names no quarter"),
                "write it as `2026-Q4`, `Q4 2026` or a date such as `2026-11-15`",
            ));
        }
    }
    None
}

/// Why `planlint new team` cannot write the lead it was told.
pub fn team_problem(lead: Option<&str>) -> Option<(String, &'static str)> {
    let lead = lead.filter(|lead| !names_one(lead))?;
    Some((
        format!("`--lead {lead}` names more than one person; a team has one lead"),
        "name one person, e.g. `--lead @ana`; add the others to `members:` in the file",
    ))
}

/// A goal document: the structure every goal rule reads, with `TBD` where
/// the why, the done criteria and the adoption step go.
pub fn goal_document(id: &str, spec: &GoalSpec) -> String {
    let mut front = format!(
        "id: {}\nteam: {}\nowner: {}\nstatus: proposed\n",
        yaml_string(id),
        yaml_string(spec.team.unwrap_or(TO_FILL_IN)),
        yaml_string(spec.owner.unwrap_or(TO_FILL_IN)),
    );
    if let Some(quarter) = spec.quarter {
        front.push_str(&format!("quarter: {}\n", yaml_string(quarter)));
    }
    format!(
        "---\n{front}---\n# {title}\n\n\
         ## Why\n<!-- The problem, who has it, and why now. -->\n{TO_FILL_IN}\n\n\
         ## Done when\n<!-- Checkable statements, one per line: `- [ ] 40% of new organisations send an event within a day`. -->\n{TO_FILL_IN}\n\n\
         ## Adoption\n<!-- Who will use the result, and how they confirm it solved their problem. -->\n{TO_FILL_IN}\n\n\
         ## Risks\n<!-- What could stop it. -->\n- None known yet\n",
        title = one_line(spec.title),
    )
}

/// A team document: `lead` (or `TBD`) as its only member, `TBD` for the
/// mission and what the team is not doing.
pub fn team_document(name: &str, lead: Option<&str>) -> String {
    let lead = yaml_string(lead.unwrap_or(TO_FILL_IN));
    format!(
        "---\nname: {}\nlead: {lead}\nmembers: [{lead}]\nmission: {TO_FILL_IN}\n---\n# {}\n\n\
         ## Not doing\n<!-- What this team has decided not to take on. -->\n{TO_FILL_IN}\n",
        yaml_string(name),
        one_line(name),
    )
}

/// A title on one Markdown heading line: line breaks and other control
/// characters become spaces.
fn one_line(text: &str) -> String {
    text.chars()
        .map(|c| if c.is_control() { ' ' } else { c })
        .collect::<String>()
        .trim()
        .to_string()
}

/// The id of a new entity: the slug of its title, which must not name an
/// entity of the same kind anywhere in the plan.
pub fn new_id(plan: &Plan, kind: EntityKind, title: &str) -> Result<String, String> {
    let id = crate::extract::text::slug(title);
    if id.is_empty() {
        return Err(format!(
            "`{title}` has no letters or digits to make an id from"
        ));
    }
    if id.len() > 100 {
        return Err(format!(
            "the id `{id}` made from the title is longer than 100 bytes; use a shorter title"
        ));
    }
    if is_windows_device(&id) {
        return Err(format!(
            "the id `{id}` made from the title names a device on Windows, where no file `{id}.md` can be made; use a longer title"
        ));
    }
    if let Some(&index) = plan.by_id(kind, &id).first() {
        let existing = &plan.entities[index];
        return Err(format!(
            "a {} with the id `{id}` exists already, in {}",
            kind.as_str(),
            plan.path_of(existing)
        ));
    }
    Ok(id)
}

/// Whether a file named `name` (with any extension) cannot exist on
/// Windows: `con`, `prn`, `aux`, `nul`, `com1` to `com9`, `lpt1` to `lpt9`.
fn is_windows_device(name: &str) -> bool {
    let name = name.to_ascii_lowercase();
    match name.as_str() {
        "con" | "prn" | "aux" | "nul" => true,
        _ => ["com", "lpt"].iter().any(|port| {
            name.strip_prefix(port)
                .is_some_and(|n| n.len() == 1 && n.bytes().all(|b| (b'1'..=b'9').contains(&b)))
        }),
    }
}

/// Where the canonical layout keeps an entity of `kind` with `id`.
pub fn canonical_path(kind: EntityKind, id: &str) -> String {
    match kind {
        EntityKind::Team => format!("planning/teams/{id}.md"),
        _ => format!("planning/goals/{id}.md"),
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn windows_device_names_are_told_apart() {
        for name in ["con", "NUL", "com1", "lpt9", "Aux"] {
            assert!(is_windows_device(name), "{name}");
        }
        for name in [
            "cons",
            "com0",
            "com10",
            "lpt",
            "null",
            "console",
            "com1-plan",
        ] {
            assert!(!is_windows_device(name), "{name}");
        }
    }

    #[test]
    fn templates_quote_every_value_and_keep_the_title_on_one_line() {
        let doc = goal_document(
            "a",
            &GoalSpec {
                title: "Line\nbreak",
                team: Some("growth: \"x\""),
                owner: None,
                quarter: Some("2026-Q4"),
            },
        );
        assert_eq!(
            doc.lines().take(8).collect::<Vec<_>>(),
            [
                "---",
                "id: \"a\"",
                "team: \"growth: \\\"x\\\"\"",
                "owner: \"TBD\"",
                "status: proposed",
                "quarter: \"2026-Q4\"",
                "---",
                "# Line break",
            ]
        );
        assert!(team_document("Growth", Some("@ana")).starts_with(
            "---\nname: \"Growth\"\nlead: \"@ana\"\nmembers: [\"@ana\"]\nmission: TBD\n---\n# Growth\n"
        ));
    }

    #[test]
    fn a_title_without_letters_makes_no_id() {
        let plan = Plan::default();
        assert_eq!(
            new_id(&plan, EntityKind::Goal, "Faster onboarding!"),
            Ok("faster-onboarding".to_string())
        );
        assert!(new_id(&plan, EntityKind::Goal, "?!").is_err());
        assert!(new_id(&plan, EntityKind::Goal, &"a".repeat(101)).is_err());
    }
}
