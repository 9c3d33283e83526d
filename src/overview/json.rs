//! The report as JSON for scripts (`"version": 1`).

use super::{GoalRef, Overview};
use serde_json::{json, Value};

fn goals(list: &[GoalRef]) -> Value {
    list.iter()
        .map(|g| json!({"id": g.id, "title": g.title, "path": g.path}))
        .collect()
}

/// Renders the overview as pretty JSON ending in a line break.
pub fn render(overview: &Overview) -> String {
    let teams: Vec<Value> = overview
        .teams
        .iter()
        .map(|t| {
            json!({
                "id": t.members.map(|_| t.id.as_str()),
                "name": t.name,
                "members": t.members,
                "over_limit": t.members.is_some_and(|m| overview.over_size(m)),
                "goals": t.goal_count(),
                "goals_by_status": t.goals,
                "errors": t.errors,
                "warnings": t.warnings,
            })
        })
        .collect();
    let owners: Vec<Value> = overview
        .owners
        .iter()
        .map(|o| {
            json!({
                "owner": o.owner,
                "active": o.active,
                "goals": o.goals,
                "over_limit": overview.over_load(o.active),
            })
        })
        .collect();
    let issues: Vec<Value> = overview
        .unlinked_issues
        .iter()
        .map(|(number, title)| json!({"id": number.trim_start_matches('#'), "title": title}))
        .collect();
    let report = json!({
        "version": 1,
        "limits": {
            "team_size": overview.team_size_limit,
            "owner_active_goals": overview.owner_load_limit,
        },
        "summary": {
            "teams": overview.team_count(),
            "goals": overview.goal_count,
            "issues": overview.issue_count,
            "errors": overview.errors,
            "warnings": overview.warnings,
        },
        "statuses": overview.statuses,
        "teams": teams,
        "owners": owners,
        "goals_without_owner": goals(&overview.goals_without_owner),
        "goals_without_done_criteria": goals(&overview.goals_without_done_criteria),
        "issues_without_goal": issues,
    });
    let mut text = serde_json::to_string_pretty(&report).unwrap_or_default();
    text.push('\n');
    text
}
