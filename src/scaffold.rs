//! `planlint init` and `planlint new`: write starter files. They never
//! overwrite a file: an existing path is left alone and reported.

use crate::write::Existing;
use std::path::{Path, PathBuf};

/// What a scaffold command did with one path.
#[derive(Debug, PartialEq, Eq)]
pub enum Written {
    Created(PathBuf),
    /// The file existed; it was not touched.
    Kept(PathBuf),
}

/// Creates `path` with `text` unless it exists, never through a symlink
/// below `root` (see [`crate::write`]).
fn create(root: &Path, path: &Path, text: &str) -> Result<Written, String> {
    match crate::write::write_file(path, text.as_bytes(), root, Existing::Keep, false) {
        Ok(true) => Ok(Written::Created(path.to_path_buf())),
        Ok(false) => Ok(Written::Kept(path.to_path_buf())),
        Err(e) => Err(e.message),
    }
}

const STARTER_CONFIG: &str = r#"# planlint configuration: every key is optional.
# `planlint rules` lists the rules; `planlint rule ID` explains one.
# `planlint check --show-config` prints everything in effect.

# [rules.team-size]
# max = 6               # the most members a team may have
# level = "error"       # "error", "warning" or "off"

# [[source]]           # where the plan is; any entry replaces the canonical layout
# kind = "goal"         # team | goal | issue
# paths = ["planning/goals/**/*.md"]

# [fields]
# owner = ["dri", "point of contact"]   # other names your documents use
"#;

/// A team document that passes every team rule.
pub fn team_template(id: &str) -> String {
    format!(
        "---\nname: {id}\nlead: \"@lead\"\nmembers: [\"@lead\"]\nmission: One sentence on the outcome this team owns\n---\n# {id}\n\n## Not doing\n- What this team has decided not to take on\n"
    )
}

/// A goal document with every section the rules ask for.
pub fn goal_template(id: &str, team: &str, owner: &str) -> String {
    format!(
        "---\nid: {id}\nteam: {team}\nowner: \"{owner}\"\nstatus: proposed\n---\n# {id}: what this goal achieves\n\n## Why\nThe problem, who has it, and why now.\n\n## Done when\n- [ ] A checkable statement of what is true when this is done\n\n## Adoption\n- Who will use the result, and how they confirm it solved their problem\n\n## Risks\n- What could stop it\n"
    )
}

/// `planlint init`: a starter config, and an example team and goal when
/// there is no `planning/` folder yet.
pub fn init(root: &Path) -> Result<Vec<Written>, String> {
    let mut written = Vec::new();
    let existing = ["planlint.toml", ".planlint.toml"]
        .iter()
        .map(|n| root.join(n))
        .find(|p| p.exists());
    match existing {
        Some(path) => written.push(Written::Kept(path)),
        None => written.push(create(root, &root.join("planlint.toml"), STARTER_CONFIG)?),
    }
    if !root.join("planning").exists() {
        written.push(create(
            root,
            &root.join("planning/teams/example-team.md"),
            &team_template("example-team"),
        )?);
        written.push(create(
            root,
            &root.join("planning/goals/example-goal.md"),
            &goal_template("example-goal", "example-team", "@lead"),
        )?);
    }
    Ok(written)
}

/// Ids become file names, so they must be safe ones.
pub fn check_id(id: &str) -> Result<(), String> {
    let ok = !id.is_empty()
        && id.len() <= 100
        && !id.starts_with('.')
        && id
            .chars()
            .all(|c| c.is_alphanumeric() || matches!(c, '-' | '_' | '.'));
    if ok {
        Ok(())
    } else {
        Err(format!(
            "`{id}` cannot be a file name; use letters, digits, `-`, `_` and `.`"
        ))
    }
}

/// `planlint new team ID` / `planlint new goal ID`.
pub fn new_entity(
    root: &Path,
    kind: &str,
    id: &str,
    team: &str,
    owner: &str,
) -> Result<Written, String> {
    check_id(id)?;
    match kind {
        "team" => create(
            root,
            &root.join(format!("planning/teams/{id}.md")),
            &team_template(id),
        ),
        _ => create(
            root,
            &root.join(format!("planning/goals/{id}.md")),
            &goal_template(id, team, owner),
        ),
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn init_never_overwrites_and_scaffolds_only_an_empty_plan() {
        let dir = tempfile::tempdir().expect("temp dir");
        let first = init(dir.path()).expect("init");
        assert_eq!(first.len(), 3);
        assert!(first.iter().all(|w| matches!(w, Written::Created(_))));
        std::fs::write(dir.path().join("planlint.toml"), "# mine\n").expect("write");
        let second = init(dir.path()).expect("init again");
        assert_eq!(
            second,
            vec![Written::Kept(dir.path().join("planlint.toml"))]
        );
        assert_eq!(
            std::fs::read_to_string(dir.path().join("planlint.toml")).expect("read"),
            "# mine\n"
        );
    }

    #[test]
    fn new_refuses_unsafe_ids_and_keeps_existing_files() {
        let dir = tempfile::tempdir().expect("temp dir");
        assert!(new_entity(dir.path(), "goal", "../escape", "t", "@o").is_err());
        assert!(new_entity(dir.path(), "goal", "a/b", "t", "@o").is_err());
        let created = new_entity(dir.path(), "goal", "G-1", "growth", "@bob").expect("new");
        assert!(matches!(created, Written::Created(_)));
        let again = new_entity(dir.path(), "goal", "G-1", "growth", "@bob").expect("new");
        assert!(matches!(again, Written::Kept(_)));
    }
}
