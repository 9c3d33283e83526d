//! `--statistics`: how many findings each rule has, most first, as ruff
//! prints them: a tally to decide what to fix or configure first.

use super::Report;
use crate::diagnostic::Level;
use crate::text;
use std::collections::BTreeMap;
use std::fmt::Write as _;

/// One line per rule and level: count, level, rule id, and the rule's
/// summary when the report knows it; columns aligned. Empty when clean.
pub fn render(report: &Report) -> String {
    let mut counts: BTreeMap<(&str, Level), usize> = BTreeMap::new();
    for d in report.diagnostics {
        *counts.entry((&*d.rule, d.level)).or_default() += 1;
    }
    let mut rows: Vec<((&str, Level), usize)> = counts.into_iter().collect();
    // Most findings first; ties by rule id (the map's order, kept by a stable sort).
    rows.sort_by_key(|row| std::cmp::Reverse(row.1));
    let count_width = rows
        .iter()
        .map(|(_, n)| n.to_string().len())
        .max()
        .unwrap_or(0);
    let rule_width = rows
        .iter()
        .map(|((rule, _), _)| text::visible(rule).chars().count())
        .max()
        .unwrap_or(0);
    let mut out = String::new();
    for ((rule, level), count) in rows {
        let summary = report
            .rules
            .iter()
            .find(|meta| meta.id == rule)
            .map_or("", |meta| meta.summary.as_str());
        let line = format!(
            "{count:>count_width$}  {:<7}  {:<rule_width$}  {}",
            level.as_str(),
            text::visible(rule),
            text::visible(summary)
        );
        let _ = writeln!(out, "{}", line.trim_end());
    }
    out
}
