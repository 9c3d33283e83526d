//! The report as one self-contained HTML page: inline CSS and SVG charts,
//! no script, no font or image from the network. It fits a phone (viewport
//! meta, charts that scale, tables that scroll) and prints (print CSS).

use super::{GoalRef, Overview};
use crate::text::xml;
use std::fmt::Write;

/// One colour per status, in [`super::STATUS_ORDER`] order; further statuses
/// cycle through the last ones.
const STATUS_COLOURS: &[&str] = &[
    "#9aa5b1", "#3b82f6", "#10b981", "#f59e0b", "#6366f1", "#d1d5db", "#ec4899", "#14b8a6",
];

const STYLE: &str = "
:root{--ink:#1f2933;--muted:#616e7c;--line:#e4e7eb;--bad:#dc2626;--bg:#fff}
*{box-sizing:border-box}
body{margin:0 auto;max-width:60rem;padding:1rem;font:16px/1.5 system-ui,-apple-system,'Segoe UI',Roboto,sans-serif;color:var(--ink);background:var(--bg)}
h1{font-size:1.6rem;margin:.2rem 0}
h2{font-size:1.2rem;margin:2rem 0 .5rem;border-bottom:1px solid var(--line);padding-bottom:.2rem}
.cards{display:grid;grid-template-columns:repeat(auto-fit,minmax(7rem,1fr));gap:.5rem;margin:1rem 0}
.card{border:1px solid var(--line);border-radius:.5rem;padding:.5rem .75rem}
.card b{display:block;font-size:1.5rem}
.card.bad b{color:var(--bad)}
svg{width:100%;height:auto;display:block}
svg text{font:12px system-ui,sans-serif;fill:var(--ink)}
.scroll{overflow-x:auto}
table{border-collapse:collapse;width:100%;font-size:.9rem}
th,td{border-bottom:1px solid var(--line);padding:.3rem .5rem;text-align:left}
td.n,th.n{text-align:right}
.over{color:var(--bad);font-weight:bold}
.legend span{display:inline-block;margin-right:1rem;font-size:.85rem}
.legend i{display:inline-block;width:.8rem;height:.8rem;margin-right:.3rem;vertical-align:-.1rem;border-radius:2px}
code{font-size:.85em;background:#f5f7fa;padding:0 .2rem;border-radius:3px}
ul{padding-left:1.2rem}
@media (max-width:30rem){body{padding:.5rem;font-size:15px}}
@media print{body{max-width:none;padding:0}h2{break-after:avoid}section,svg,tr{break-inside:avoid}.card{border-color:#999}}
";

/// Label text in a chart, shortened so it fits its column.
fn short(text: &str) -> String {
    let mut out: String = text.chars().take(22).collect();
    if text.chars().nth(22).is_some() {
        out.push('…');
    }
    xml(&out)
}

/// One bar of a chart: a label and coloured segments (colour, value).
struct Bar<'a> {
    label: &'a str,
    segments: Vec<(&'static str, usize)>,
    over: bool,
}

/// `value` of `top` as a length of `width`, without overflow whatever a
/// limit in the config says.
fn scaled(value: usize, top: usize, width: usize) -> usize {
    let length = (value as u128).saturating_mul(width as u128) / (top.max(1) as u128);
    usize::try_from(length).unwrap_or(width)
}

/// A horizontal bar chart with an optional dashed limit line.
fn bar_chart(title: &str, bars: &[Bar], limit: Option<i64>) -> String {
    const LABEL: usize = 170;
    const WIDTH: usize = 400;
    const ROW: usize = 26;
    let limit = limit.and_then(|l| usize::try_from(l).ok());
    let top = bars
        .iter()
        .map(|b| b.segments.iter().map(|s| s.1).sum::<usize>())
        .chain(limit)
        .max()
        .unwrap_or(0)
        .max(1);
    let height = bars.len() * ROW + 24;
    let mut svg = format!(
        "<svg viewBox=\"0 0 {} {height}\" role=\"img\" aria-label=\"{}\">",
        LABEL + WIDTH + 40,
        xml(title)
    );
    for (n, bar) in bars.iter().enumerate() {
        let y = n * ROW + 4;
        let _ = write!(
            svg,
            "<text x=\"{}\" y=\"{}\" text-anchor=\"end\">{}</text>",
            LABEL - 8,
            y + 15,
            short(bar.label)
        );
        let mut x = LABEL;
        for (colour, value) in &bar.segments {
            let w = scaled(*value, top, WIDTH);
            if w > 0 {
                let _ = write!(
                    svg,
                    "<rect x=\"{x}\" y=\"{y}\" width=\"{w}\" height=\"{}\" fill=\"{colour}\"/>",
                    ROW - 8
                );
            }
            x += w;
        }
        let total: usize = bar.segments.iter().map(|s| s.1).sum();
        let class = if bar.over {
            " class=\"over\" style=\"fill:#dc2626\""
        } else {
            ""
        };
        let _ = write!(
            svg,
            "<text x=\"{}\" y=\"{}\"{class}>{total}</text>",
            x + 4,
            y + 15
        );
    }
    if let Some(limit) = limit {
        let x = LABEL + scaled(limit, top, WIDTH);
        let _ = write!(
            svg,
            "<line x1=\"{x}\" y1=\"0\" x2=\"{x}\" y2=\"{}\" stroke=\"#dc2626\" stroke-dasharray=\"4 3\"/><text x=\"{x}\" y=\"{}\" text-anchor=\"middle\" style=\"fill:#dc2626\">limit {limit}</text>",
            bars.len() * ROW + 4,
            bars.len() * ROW + 18
        );
    }
    svg.push_str("</svg>");
    svg
}

fn status_colour(index: usize) -> &'static str {
    STATUS_COLOURS
        .get(index)
        .or(STATUS_COLOURS.last())
        .copied()
        .unwrap_or("#999")
}

fn goal_list(out: &mut String, goals: &[GoalRef]) {
    if goals.is_empty() {
        out.push_str("<p>None.</p>\n");
        return;
    }
    out.push_str("<ul>\n");
    for goal in goals {
        let _ = writeln!(
            out,
            "<li><code>{}</code> {} <small>({})</small></li>",
            xml(&goal.id),
            xml(&goal.title),
            xml(&goal.path)
        );
    }
    out.push_str("</ul>\n");
}

fn card(out: &mut String, label: &str, value: usize, bad: bool) {
    let class = if bad && value > 0 { "card bad" } else { "card" };
    let _ = write!(out, "<div class=\"{class}\"><b>{value}</b>{label}</div>");
}

/// Renders the overview as a whole HTML document. Every plan text is escaped.
pub fn render(overview: &Overview) -> String {
    let mut out = format!(
        "<!DOCTYPE html>\n<html lang=\"en\">\n<head>\n<meta charset=\"utf-8\">\n<meta name=\"viewport\" content=\"width=device-width, initial-scale=1\">\n<meta http-equiv=\"Content-Security-Policy\" content=\"default-src 'none'; style-src 'unsafe-inline'; img-src data:\">\n<title>Plan</title>\n<style>{STYLE}</style>\n</head>\n<body>\n<h1>Plan</h1>\n<div class=\"cards\">"
    );
    card(&mut out, "teams", overview.team_count(), false);
    card(&mut out, "goals", overview.goal_count, false);
    card(&mut out, "issues", overview.issue_count, false);
    card(&mut out, "errors", overview.errors, true);
    card(&mut out, "warnings", overview.warnings, true);
    out.push_str("</div>\n");

    let sized: Vec<Bar> = overview
        .teams
        .iter()
        .filter_map(|t| {
            t.members.map(|m| Bar {
                label: &t.name,
                segments: vec![(
                    if overview.over_size(m) {
                        "#dc2626"
                    } else {
                        "#3b82f6"
                    },
                    m,
                )],
                over: overview.over_size(m),
            })
        })
        .collect();
    out.push_str("<section>\n<h2>Team size</h2>\n");
    if sized.is_empty() {
        out.push_str("<p>No teams.</p>\n");
    } else {
        out.push_str(&bar_chart(
            "Members per team",
            &sized,
            overview.team_size_limit,
        ));
        out.push('\n');
    }
    out.push_str("</section>\n<section>\n<h2>Goals per team, by status</h2>\n");
    if overview.goal_count == 0 {
        out.push_str("<p>No goals.</p>\n");
    } else {
        out.push_str("<p class=\"legend\">");
        for (n, status) in overview.statuses.iter().enumerate() {
            let _ = write!(
                out,
                "<span><i style=\"background:{}\"></i>{}</span>",
                status_colour(n),
                xml(status)
            );
        }
        out.push_str("</p>\n");
        let bars: Vec<Bar> = overview
            .teams
            .iter()
            .map(|t| Bar {
                label: &t.name,
                segments: overview
                    .statuses
                    .iter()
                    .enumerate()
                    .map(|(n, s)| (status_colour(n), t.goals.get(s).copied().unwrap_or(0)))
                    .collect(),
                over: false,
            })
            .collect();
        out.push_str(&bar_chart("Goals per team by status", &bars, None));
        out.push('\n');
    }
    out.push_str("<div class=\"scroll\"><table>\n<tr><th>Team</th><th class=\"n\">Members</th><th class=\"n\">Goals</th>");
    for status in &overview.statuses {
        let _ = write!(out, "<th class=\"n\">{}</th>", xml(status));
    }
    out.push_str("<th class=\"n\">Errors</th><th class=\"n\">Warnings</th></tr>\n");
    for team in &overview.teams {
        let members = match team.members {
            Some(m) if overview.over_size(m) => format!("<span class=\"over\">{m}</span>"),
            Some(m) => m.to_string(),
            None => "–".into(),
        };
        let _ = write!(
            out,
            "<tr><td>{}</td><td class=\"n\">{members}</td><td class=\"n\">{}</td>",
            xml(&team.name),
            team.goal_count()
        );
        for status in &overview.statuses {
            let _ = write!(
                out,
                "<td class=\"n\">{}</td>",
                team.goals.get(status).copied().unwrap_or(0)
            );
        }
        let _ = writeln!(
            out,
            "<td class=\"n\">{}</td><td class=\"n\">{}</td></tr>",
            team.errors, team.warnings
        );
    }
    out.push_str("</table></div>\n</section>\n<section>\n<h2>Active goals per owner</h2>\n");
    if overview.owners.is_empty() {
        out.push_str("<p>No goal has an owner.</p>\n");
    } else {
        let bars: Vec<Bar> = overview
            .owners
            .iter()
            .map(|o| Bar {
                label: &o.owner,
                segments: vec![(
                    if overview.over_load(o.active) {
                        "#dc2626"
                    } else {
                        "#10b981"
                    },
                    o.active,
                )],
                over: overview.over_load(o.active),
            })
            .collect();
        out.push_str(&bar_chart(
            "Active goals per owner",
            &bars,
            overview.owner_load_limit,
        ));
        out.push('\n');
    }
    out.push_str("</section>\n<section>\n<h2>Goals without an owner</h2>\n");
    goal_list(&mut out, &overview.goals_without_owner);
    out.push_str("</section>\n<section>\n<h2>Goals without done criteria</h2>\n");
    goal_list(&mut out, &overview.goals_without_done_criteria);
    out.push_str("</section>\n<section>\n<h2>Issues linked to no goal</h2>\n");
    if overview.unlinked_issues.is_empty() {
        out.push_str("<p>None.</p>\n");
    } else {
        out.push_str("<ul>\n");
        for (number, title) in &overview.unlinked_issues {
            let _ = writeln!(out, "<li>{} {}</li>", xml(number), xml(title));
        }
        out.push_str("</ul>\n");
    }
    out.push_str("</section>\n</body>\n</html>\n");
    out
}
