//! `planlint report`: the organisation's plan drawn as Markdown — each team
//! with its lead, size and goals (status, owner, quarter, done criteria
//! ticked), and goals whose team is unknown.

use crate::diagnostic::EntityKind;
use crate::model::{key, Entity, Plan};
use crate::text::{markdown_code, markdown_inline};
use std::collections::HashMap;
use std::fmt::Write;

fn first<'a>(entity: &'a Entity, field: &str) -> &'a str {
    entity.values(field).next().unwrap_or("")
}

fn goal_line(goal: &Entity) -> String {
    let title = goal.record.title.as_deref().unwrap_or("");
    let mut line = format!(
        "- **{}** {}",
        markdown_inline(&goal.id),
        markdown_inline(title)
    );
    let status = first(goal, "status");
    if !status.is_empty() {
        let _ = write!(line, " · {}", markdown_inline(status));
    }
    let owners: Vec<String> = goal.values("owner").map(markdown_inline).collect();
    if !owners.is_empty() {
        let _ = write!(line, " · owner {}", owners.join(", "));
    }
    let quarter = first(goal, "quarter");
    if !quarter.is_empty() {
        let _ = write!(line, " · {}", markdown_inline(quarter));
    }
    if let Some(done) = goal.field("done_when").filter(|f| !f.tasks.is_empty()) {
        let ticked = done.tasks.iter().filter(|t| t.checked).count();
        let _ = write!(line, " · {ticked}/{} done", done.tasks.len());
    }
    line
}

/// Renders the plan. Deterministic: teams and goals in path order.
pub fn render(plan: &Plan) -> String {
    let teams: Vec<&Entity> = plan.of_kind(EntityKind::Team).map(|(_, e)| e).collect();
    let goals: Vec<&Entity> = plan.of_kind(EntityKind::Goal).map(|(_, e)| e).collect();
    // Each goal under every team (by id) its `team` values name, found once
    // per goal rather than once per team and goal.
    let mut goals_by_team: HashMap<&str, Vec<&Entity>> = HashMap::new();
    for goal in &goals {
        let mut ids: Vec<&str> = goal
            .values("team")
            .flat_map(|t| plan.lookup(EntityKind::Team, t))
            .map(|i| plan.entities[i].id.as_str())
            .collect();
        ids.sort_unstable();
        ids.dedup();
        for id in ids {
            goals_by_team.entry(id).or_default().push(goal);
        }
    }
    let mut out = format!("# Plan\n\n{} teams, {} goals\n", teams.len(), goals.len());
    for team in &teams {
        let name = first(team, "name");
        let heading = if name.is_empty() {
            markdown_inline(&team.id)
        } else {
            format!("{} ({})", markdown_inline(name), markdown_code(&team.id))
        };
        let _ = write!(out, "\n## {heading}\n\n");
        let members = team.values("members").count();
        let lead = first(team, "lead");
        let _ = writeln!(
            out,
            "Lead {} · {members} members",
            if lead.is_empty() {
                "none".to_string()
            } else {
                markdown_inline(lead)
            }
        );
        let mission = first(team, "mission");
        if !mission.is_empty() {
            let _ = writeln!(out, "\n> {}", markdown_inline(mission));
        }
        let own = goals_by_team
            .get(team.id.as_str())
            .map_or(&[][..], Vec::as_slice);
        out.push('\n');
        if own.is_empty() {
            out.push_str("No goals.\n");
        }
        for &goal in own {
            out.push_str(&goal_line(goal));
            out.push('\n');
        }
    }
    let orphans: Vec<&&Entity> = goals
        .iter()
        .filter(|g| {
            !g.values("team")
                .any(|t| !plan.lookup(EntityKind::Team, t).is_empty())
        })
        .collect();
    if !orphans.is_empty() {
        out.push_str("\n## Goals without a known team\n\n");
        for goal in orphans {
            let teams: Vec<String> = goal
                .values("team")
                .map(|t| markdown_inline(&key(t)))
                .collect();
            let _ = writeln!(
                out,
                "{} · team {}",
                goal_line(goal),
                if teams.is_empty() {
                    "none".into()
                } else {
                    teams.join(", ")
                }
            );
        }
    }
    out
}
