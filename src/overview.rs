//! `planlint report`: the organisation's plan drawn as Markdown — each team
//! with its lead, size and goals (status, owner, quarter, done criteria
//! ticked), and goals whose team is unknown.

use crate::diagnostic::EntityKind;
use crate::model::{key, Entity, Plan};
use std::fmt::Write;

fn first<'a>(entity: &'a Entity, field: &str) -> &'a str {
    entity.values(field).next().unwrap_or("")
}

fn goal_line(goal: &Entity) -> String {
    let title = goal.record.title.as_deref().unwrap_or("");
    let mut line = format!("- **{}** {}", goal.id, title);
    let status = first(goal, "status");
    if !status.is_empty() {
        let _ = write!(line, " · {status}");
    }
    let owners: Vec<&str> = goal.values("owner").collect();
    if !owners.is_empty() {
        let _ = write!(line, " · owner {}", owners.join(", "));
    }
    let quarter = first(goal, "quarter");
    if !quarter.is_empty() {
        let _ = write!(line, " · {quarter}");
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
    let mut out = format!("# Plan\n\n{} teams, {} goals\n", teams.len(), goals.len());
    for team in &teams {
        let name = first(team, "name");
        let heading = if name.is_empty() {
            team.id.clone()
        } else {
            format!("{name} (`{}`)", team.id)
        };
        let _ = write!(out, "\n## {heading}\n\n");
        let members = team.values("members").count();
        let lead = first(team, "lead");
        let _ = writeln!(
            out,
            "Lead {} · {members} members",
            if lead.is_empty() { "none" } else { lead }
        );
        let mission = first(team, "mission");
        if !mission.is_empty() {
            let _ = writeln!(out, "\n> {mission}");
        }
        let own: Vec<&&Entity> = goals
            .iter()
            .filter(|g| {
                g.values("team").any(|t| {
                    plan.lookup(EntityKind::Team, t)
                        .iter()
                        .any(|&i| plan.entities[i].id == team.id)
                })
            })
            .collect();
        out.push('\n');
        if own.is_empty() {
            out.push_str("No goals.\n");
        }
        for goal in own {
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
            let teams: Vec<String> = goal.values("team").map(key).collect();
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
