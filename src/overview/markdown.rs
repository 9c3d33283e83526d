//! The report as GitHub-flavoured Markdown, with Mermaid charts GitHub
//! draws (a bar chart of team sizes against the limit, a pie of goals by
//! status) and tables under them for every number.

use super::{GoalRef, Overview};
use crate::report::plural;
use crate::text::{markdown_cell_code, markdown_code, markdown_inline};
use std::fmt::Write;

/// Plan text as a quoted Mermaid label: Mermaid has no escape for `"` and
/// reads `#`, `;`, `<`, `>` and `&` itself, so only plain characters are
/// kept and the rest become `_`. Bounded, so a long name cannot widen a chart.
fn mermaid_label(text: &str) -> String {
    text.chars()
        .take(40)
        .map(|c| {
            if c.is_alphanumeric() || matches!(c, ' ' | '-' | '_' | '.' | '@' | '/' | '(' | ')') {
                c
            } else {
                '_'
            }
        })
        .collect()
}

fn limit_text(limit: Option<i64>) -> String {
    limit.map_or_else(|| "none".to_string(), |l| l.to_string())
}

fn goal_list(out: &mut String, goals: &[GoalRef]) {
    if goals.is_empty() {
        out.push_str("None.\n");
    }
    for goal in goals {
        let _ = writeln!(
            out,
            "- {} {} ({})",
            markdown_code(&goal.id),
            markdown_inline(&goal.title),
            markdown_code(&goal.path)
        );
    }
}

/// Renders the overview. The same overview gives the same bytes.
pub fn render(overview: &Overview) -> String {
    let mut out = format!(
        "# Plan\n\n{} · {} · {} · {} · {}\n",
        plural(overview.team_count(), "team"),
        plural(overview.goal_count, "goal"),
        plural(overview.issue_count, "issue"),
        plural(overview.errors, "error"),
        plural(overview.warnings, "warning")
    );

    let sized: Vec<_> = overview
        .teams
        .iter()
        .filter_map(|t| t.members.map(|m| (t, m)))
        .collect();
    out.push_str("\n## Teams\n\n");
    if sized.is_empty() {
        out.push_str("No teams.\n");
    } else {
        let limit = overview.team_size_limit;
        let top = sized
            .iter()
            .map(|(_, m)| i64::try_from(*m).unwrap_or(i64::MAX))
            .chain(limit)
            .max()
            .unwrap_or(0)
            .saturating_add(1);
        let labels: Vec<String> = sized
            .iter()
            .map(|(t, _)| format!("\"{}\"", mermaid_label(&t.id)))
            .collect();
        let sizes: Vec<String> = sized.iter().map(|(_, m)| m.to_string()).collect();
        let _ = write!(
            out,
            "```mermaid\nxychart-beta\n    title \"Team size (limit {})\"\n    x-axis [{}]\n    y-axis \"Members\" 0 --> {top}\n    bar [{}]\n",
            limit_text(limit),
            labels.join(", "),
            sizes.join(", ")
        );
        if let Some(limit) = limit {
            let line: Vec<String> = sized.iter().map(|_| limit.to_string()).collect();
            let _ = writeln!(out, "    line [{}]", line.join(", "));
        }
        out.push_str("```\n");
    }

    // The table: one row per team, a column per status.
    out.push_str("\n| Team | Members | Goals |");
    for status in &overview.statuses {
        let _ = write!(out, " {} |", markdown_inline(status));
    }
    out.push_str(" Errors | Warnings |\n|---|---:|---:|");
    for _ in &overview.statuses {
        out.push_str("---:|");
    }
    out.push_str("---:|---:|\n");
    for team in &overview.teams {
        let name = match team.members {
            Some(_) if team.name != team.id => format!(
                "{} ({})",
                markdown_inline(&team.name),
                markdown_cell_code(&team.id)
            ),
            Some(_) => markdown_cell_code(&team.id),
            None => markdown_inline(&team.name),
        };
        let members = match team.members {
            Some(m) if overview.over_size(m) => {
                format!("**{m}** ⚠ over {}", limit_text(overview.team_size_limit))
            }
            Some(m) => m.to_string(),
            None => "–".to_string(),
        };
        let _ = write!(out, "| {name} | {members} | {} |", team.goal_count());
        for status in &overview.statuses {
            let _ = write!(out, " {} |", team.goals.get(status).copied().unwrap_or(0));
        }
        let _ = writeln!(out, " {} | {} |", team.errors, team.warnings);
    }

    out.push_str("\n## Goals by status\n\n");
    if overview.goal_count == 0 {
        out.push_str("No goals.\n");
    } else {
        out.push_str("```mermaid\npie title Goals by status\n");
        for (status, count) in overview.statuses.iter().zip(&overview.goals_by_status) {
            let _ = writeln!(out, "    \"{}\" : {count}", mermaid_label(status));
        }
        out.push_str("```\n");
    }

    let _ = write!(
        out,
        "\n## Owners\n\nActive goals per owner; the limit is {}.\n\n",
        limit_text(overview.owner_load_limit)
    );
    if overview.owners.is_empty() {
        out.push_str("No goal has an owner.\n");
    } else {
        out.push_str("| Owner | Active | Goals |\n|---|---:|---:|\n");
        for owner in &overview.owners {
            let active = if overview.over_load(owner.active) {
                format!("**{}** ⚠", owner.active)
            } else {
                owner.active.to_string()
            };
            let _ = writeln!(
                out,
                "| {} | {active} | {} |",
                markdown_inline(&owner.owner),
                owner.goals
            );
        }
    }

    out.push_str("\n## Goals without an owner\n\n");
    goal_list(&mut out, &overview.goals_without_owner);
    out.push_str("\n## Goals without done criteria\n\n");
    goal_list(&mut out, &overview.goals_without_done_criteria);
    out.push_str("\n## Issues linked to no goal\n\n");
    if overview.unlinked_issues.is_empty() {
        out.push_str("None.\n");
    }
    for (number, title) in &overview.unlinked_issues {
        let _ = writeln!(
            out,
            "- {} {}",
            markdown_inline(number),
            markdown_inline(title)
        );
    }
    out
}

#[cfg(test)]
mod tests {
    use super::*;

    /// A `|` in a team id would end its cell, code span or not: the row's
    /// counts would shift into cells of their own (a spoofed summary).
    #[test]
    fn a_team_id_cannot_split_its_row() {
        assert_eq!(markdown_cell_code("big | 3"), "`big \\| 3`");
        assert_eq!(markdown_cell_code("a`|"), "``a`\\|``");
    }

    #[test]
    fn mermaid_labels_keep_only_plain_characters() {
        assert_eq!(mermaid_label("a\"b;c#d<e>&f\ng"), "a_b_c_d_e__f_g");
        assert_eq!(mermaid_label(&"x".repeat(100)).len(), 40);
    }
}
