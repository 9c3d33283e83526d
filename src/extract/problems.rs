//! A file's problems, bounded: the first few reported one by one, the rest
//! counted into one. A file of millions of malformed elements
//! (`[{},{},...]` as an issue export) made a diagnostic each: 3 GB of
//! memory and 12 s for a 9 MB file.

use crate::diagnostic::Span;
use crate::model::{Record, MAX_FIELDS};
use crate::parse::{thousands, Problem};

/// A problem for each record that reached [`MAX_FIELDS`]: the fields past
/// it were not kept, and the user hears so, at the record.
pub(crate) fn full_records(records: &[Record]) -> impl Iterator<Item = Problem> + '_ {
    records
        .iter()
        .filter(|record| record.fields.len() >= MAX_FIELDS)
        .map(|record| Problem {
            message: format!(
                "this {} reached {MAX_FIELDS} fields, the most planlint reads; any after them are not read",
                record.kind
            ),
            span: record.anchor.clone(),
            help: Some(
                "a team or goal has a few dozen fields at most: split the document, or check the source's `mode`"
                    .into(),
            ),
        })
}

/// The most teams, goals and issues planlint reads from one file. A plan
/// keeps a few dozen entities a file; a 10 MiB page of 960,000 one-line
/// headings made 5.8 million findings: 4 GB of memory and 10 s.
pub const MAX_FILE_ENTITIES: usize = 100_000;

/// The most issues read from one issue export: twice the 200,000 of a
/// 100,000-goal plan. Its issues each cost a few hundred bytes of memory
/// however short they are written (`{"number":1}`).
pub const MAX_EXPORT_ISSUES: usize = 500_000;

/// Keeps the first `limit` of `records` (in file order); a problem at the
/// first one left out says the rest are not read.
pub(crate) fn at_most<T>(
    records: &mut Vec<T>,
    limit: usize,
    anchor: impl Fn(&T) -> Span,
) -> Option<Problem> {
    let first_left_out = records.get(limit).map(anchor)?;
    records.truncate(limit);
    Some(too_many(limit, first_left_out, "teams, goals and issues"))
}

/// The problem of a file with more than `limit` entities, the first of
/// those not read at `span`.
pub(crate) fn too_many(limit: usize, span: Span, what: &str) -> Problem {
    Problem {
        message: format!(
            "this file holds more than {} {what}, the most planlint reads from one file; the rest, from here on, are not read",
            thousands(limit)
        ),
        span,
        help: Some(
            "split the plan into files (one a team, a quarter or an area), or check the source's `mode` and `level`"
                .into(),
        ),
    }
}

/// The most problems one file reports one by one.
pub(crate) const MAX_FILE_PROBLEMS: usize = 100;

/// The first [`MAX_FILE_PROBLEMS`] problems pushed, in order, and a count
/// of the rest: memory does not grow with the problems past the limit.
#[derive(Default)]
pub(crate) struct Problems {
    kept: Vec<Problem>,
    more: usize,
    /// Where the first problem not kept is: the count points there.
    first_more: Option<Span>,
}

impl Problems {
    pub(crate) fn push(&mut self, problem: Problem) {
        if self.kept.len() < MAX_FILE_PROBLEMS {
            self.kept.push(problem);
        } else {
            self.more += 1;
            self.first_more.get_or_insert(problem.span);
        }
    }

    /// The kept problems, then one that counts the others, if any.
    pub(crate) fn into_vec(self) -> Vec<Problem> {
        let mut out = self.kept;
        if let Some(span) = self.first_more {
            out.push(Problem {
                message: format!(
                    "{} more problems in this file are not reported one by one",
                    thousands(self.more)
                ),
                span,
                help: Some(format!("fix the first {MAX_FILE_PROBLEMS} and check again")),
            });
        }
        out
    }
}

/// `problems` bounded as [`Problems`] bounds them: at most one more than
/// [`MAX_FILE_PROBLEMS`], so a list bounded already (its last problem the
/// count) is kept as it is, and a count is always of two or more.
pub(crate) fn bounded(problems: Vec<Problem>) -> Vec<Problem> {
    if problems.len() <= MAX_FILE_PROBLEMS + 1 {
        return problems;
    }
    let mut out = Problems::default();
    problems.into_iter().for_each(|problem| out.push(problem));
    out.into_vec()
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn past_the_limit_the_first_left_out_is_where_the_problem_points() {
        let mut spans: Vec<Span> = vec![0..1, 5..6, 9..12];
        let problem = at_most(&mut spans, 2, Clone::clone).expect("over the limit");
        assert_eq!(spans, [0..1, 5..6]);
        assert_eq!(problem.span, 9..12);
        assert_eq!(
            problem.message,
            "this file holds more than 2 teams, goals and issues, the most planlint reads from one file; the rest, from here on, are not read"
        );
        assert!(at_most(&mut spans, 2, Clone::clone).is_none());
        assert_eq!(spans.len(), 2);
    }

    fn problem(at: usize) -> Problem {
        Problem {
            message: format!("problem {at}"),
            span: at..at + 1,
            help: None,
        }
    }

    #[test]
    fn the_first_problems_are_kept_and_the_rest_counted_where_they_start() {
        let mut problems = Problems::default();
        (0..MAX_FILE_PROBLEMS + 7).for_each(|at| problems.push(problem(at)));
        let out = problems.into_vec();
        assert_eq!(out.len(), MAX_FILE_PROBLEMS + 1);
        assert_eq!(out[MAX_FILE_PROBLEMS - 1].message, "problem 99");
        let last = &out[MAX_FILE_PROBLEMS];
        assert_eq!(
            last.message,
            "7 more problems in this file are not reported one by one"
        );
        assert_eq!(last.span, MAX_FILE_PROBLEMS..MAX_FILE_PROBLEMS + 1);
        assert_eq!(
            last.help.as_deref(),
            Some("fix the first 100 and check again")
        );
    }

    #[test]
    fn a_list_within_one_of_the_limit_is_kept_whole() {
        let all: Vec<Problem> = (0..=MAX_FILE_PROBLEMS).map(problem).collect();
        assert_eq!(bounded(all.clone()), all);
        let mut counted = Problems::default();
        (0..MAX_FILE_PROBLEMS + 50).for_each(|at| counted.push(problem(at)));
        let counted = counted.into_vec();
        assert_eq!(bounded(counted.clone()), counted);
        let over: Vec<Problem> = (0..MAX_FILE_PROBLEMS + 2).map(problem).collect();
        let over = bounded(over);
        assert_eq!(over.len(), MAX_FILE_PROBLEMS + 1);
        assert_eq!(
            over[MAX_FILE_PROBLEMS].message,
            "2 more problems in this file are not reported one by one"
        );
    }
}
