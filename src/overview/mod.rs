//! `planlint report`: the organisation's plan as people want to look at it,
//! with the findings on it. [`Overview::of`] gathers the numbers once (teams
//! against the size limit, goals per team by status, owners against the
//! load limit, what is missing); the renderers only draw them.

mod html;
mod json;
mod markdown;

use crate::check::Outcome;
use crate::diagnostic::{EntityKind, Level};
use crate::model::{key, Entity, Plan, Role};
use std::collections::{BTreeMap, HashMap, HashSet};

pub use html::render as render_html;
pub use json::render as render_json;
pub use markdown::render as render_markdown;

/// Statuses in the order a plan moves through them; others follow, sorted.
const STATUS_ORDER: &[&str] = &[
    "proposed",
    "committed",
    "in-progress",
    "at-risk",
    "done",
    "dropped",
];

/// The row of goals whose teams are all unknown.
pub const NO_TEAM: &str = "(no known team)";

/// The most statuses outside [`STATUS_ORDER`] with a column of their own
/// (the most common first); the goals of the others are counted together
/// under [`OTHER_STATUSES`]. A column for every status written made the
/// table teams × statuses: 4,000 teams with a status each were 64 MB of
/// Markdown and 322 MB of HTML.
const MAX_OTHER_STATUSES: usize = 5;

/// The column of the statuses past [`MAX_OTHER_STATUSES`].
pub const OTHER_STATUSES: &str = "(other statuses)";

/// A goal as the report lists it.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct GoalRef {
    pub id: String,
    pub title: String,
    pub path: String,
}

/// One team, or the row of goals with no known team.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct TeamRow {
    pub id: String,
    pub name: String,
    /// `None` for the row of goals with no known team.
    pub members: Option<usize>,
    /// Goals by status (`(none)` for a goal without one).
    pub goals: BTreeMap<String, usize>,
    pub errors: usize,
    pub warnings: usize,
}

impl TeamRow {
    pub fn goal_count(&self) -> usize {
        self.goals.values().sum()
    }
}

/// A person who owns goals.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct OwnerRow {
    /// As the first goal (in path order) writes it.
    pub owner: String,
    pub active: usize,
    pub goals: usize,
}

/// Everything the report shows.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Overview {
    pub teams: Vec<TeamRow>,
    /// Every status some goal has, in [`STATUS_ORDER`], then the most
    /// common others sorted, then [`OTHER_STATUSES`] when there are more.
    pub statuses: Vec<String>,
    /// How many goals have each of `statuses`, each goal once (a goal of
    /// three teams is in three rows of `teams`).
    pub goals_by_status: Vec<usize>,
    pub owners: Vec<OwnerRow>,
    /// `team-size`'s `max`, when the rule is on.
    pub team_size_limit: Option<i64>,
    /// `owner-load`'s `max-active`, when the rule is on.
    pub owner_load_limit: Option<i64>,
    pub goals_without_owner: Vec<GoalRef>,
    pub goals_without_done_criteria: Vec<GoalRef>,
    /// Open issues that link no goal: `#number` and title.
    pub unlinked_issues: Vec<(String, String)>,
    pub goal_count: usize,
    pub issue_count: usize,
    pub errors: usize,
    pub warnings: usize,
}

fn first<'a>(entity: &'a Entity, field: &str) -> &'a str {
    entity.values(field).next().unwrap_or("").trim()
}

fn goal_ref(plan: &Plan, goal: &Entity) -> GoalRef {
    GoalRef {
        id: goal.id.to_string(),
        title: goal.record.title.clone().unwrap_or_default(),
        path: plan.path_of(goal).to_string(),
    }
}

fn option_of(outcome: &Outcome, rule: &str, option: &str) -> Option<i64> {
    let rule = outcome.rules.get(rule).filter(|r| r.level.is_some())?;
    rule.options.get(option)?.as_integer()
}

impl Overview {
    /// Gathers the report from a finished run. Linear in the plan and the
    /// diagnostics: every lookup is a hash map.
    pub fn of(outcome: &Outcome) -> Overview {
        let plan = &outcome.plan;
        let goals: Vec<(usize, &Entity)> = plan.of_kind(EntityKind::Goal).collect();
        let mut teams: Vec<TeamRow> = plan
            .of_kind(EntityKind::Team)
            .map(|(_, team)| TeamRow {
                id: team.id.to_string(),
                name: match first(team, "name") {
                    "" => team.id.to_string(),
                    name => name.to_string(),
                },
                members: Some(plan.people_of(team, "members").len()),
                goals: BTreeMap::new(),
                errors: 0,
                warnings: 0,
            })
            .collect();
        let row_of: HashMap<String, usize> = teams
            .iter()
            .enumerate()
            .map(|(n, t)| (key(&t.id).into_owned(), n))
            .collect();
        let mut no_team = TeamRow {
            id: NO_TEAM.into(),
            name: NO_TEAM.into(),
            members: None,
            goals: BTreeMap::new(),
            errors: 0,
            warnings: 0,
        };
        // The rows each goal counts in, by the goal's id, for its findings.
        let mut rows_of_goal: HashMap<String, Vec<Option<usize>>> = HashMap::new();
        let mut statuses: HashMap<String, usize> = HashMap::new();
        let mut active_goals = HashSet::new();
        let mut without_owner = Vec::new();
        let mut without_done = Vec::new();
        for &(index, goal) in &goals {
            let status = match first(goal, "status") {
                "" => "(none)".to_string(),
                s => key(s).into_owned(),
            };
            *statuses.entry(status.clone()).or_default() += 1;
            let mut rows: Vec<Option<usize>> = plan
                .linked(index, "team")
                .into_iter()
                .filter_map(|i| row_of.get(key(&plan.entities[i].id).as_ref()).copied())
                .map(Some)
                .collect();
            rows.sort_unstable();
            rows.dedup();
            if rows.is_empty() {
                rows.push(None);
            }
            for row in &rows {
                let target = match row {
                    Some(n) => teams.get_mut(*n),
                    None => Some(&mut no_team),
                };
                if let Some(target) = target {
                    *target.goals.entry(status.clone()).or_default() += 1;
                }
            }
            rows_of_goal
                .entry(key(&goal.id).into_owned())
                .or_default()
                .extend(rows.iter().copied());
            let goal_owners = plan.people_of(goal, "owner");
            if goal_owners.is_empty() {
                without_owner.push(goal_ref(plan, goal));
            }
            if plan.active_statuses.contains(&status) {
                active_goals.insert(index);
            }
            let has_done = goal.field("done_when").is_some_and(|f| {
                !f.tasks.is_empty() || f.values.iter().any(|v| !plan.is_placeholder(&v.text))
            });
            if !has_done {
                without_done.push(goal_ref(plan, goal));
            }
        }
        for diagnostic in &outcome.diagnostics {
            let id = key(&diagnostic.entity.id);
            let rows: Vec<Option<usize>> = match diagnostic.entity.kind {
                EntityKind::Team => row_of
                    .get(id.as_ref())
                    .map(|n| vec![Some(*n)])
                    .unwrap_or_default(),
                EntityKind::Goal => rows_of_goal.get(id.as_ref()).cloned().unwrap_or_default(),
                _ => Vec::new(),
            };
            let mut rows = rows;
            rows.sort_unstable();
            rows.dedup();
            for row in rows {
                let target = match row {
                    Some(n) => teams.get_mut(n),
                    None => Some(&mut no_team),
                };
                if let Some(target) = target {
                    match diagnostic.level {
                        Level::Error => target.errors += 1,
                        Level::Warning => target.warnings += 1,
                    }
                }
            }
        }
        if no_team.goal_count() > 0 {
            teams.push(no_team);
        }
        // Each owner as first written, with the goals they own.
        let mut owners: Vec<OwnerRow> = plan
            .people()
            .iter()
            .filter_map(|person| {
                let owned: Vec<&Role> = person
                    .roles
                    .iter()
                    .filter(|role| {
                        role.field == "owner" && plan.entities[role.entity].kind == EntityKind::Goal
                    })
                    .collect();
                Some(OwnerRow {
                    owner: owned.first()?.written.to_string(),
                    goals: owned.len(),
                    active: owned
                        .iter()
                        .filter(|role| active_goals.contains(&role.entity))
                        .count(),
                })
            })
            .collect();
        owners.sort_by(|a, b| {
            b.active
                .cmp(&a.active)
                .then(b.goals.cmp(&a.goals))
                .then_with(|| key(&a.owner).cmp(&key(&b.owner)))
        });
        let unlinked_issues = plan
            .of_kind(EntityKind::Issue)
            .map(|(_, e)| e)
            .filter(|issue| !first(issue, "state").eq_ignore_ascii_case("closed"))
            .filter(|issue| issue.values("goal").all(|g| g.trim().is_empty()))
            .map(|issue| {
                (
                    format!("#{}", issue.id),
                    issue.record.title.clone().unwrap_or_default(),
                )
            })
            .collect();
        let mut ordered: Vec<String> = STATUS_ORDER
            .iter()
            .filter(|s| statuses.contains_key(**s))
            .map(|s| s.to_string())
            .collect();
        let count_of = statuses.clone();
        let mut others: Vec<(String, usize)> = statuses
            .into_iter()
            .filter(|(s, _)| !STATUS_ORDER.contains(&s.as_str()))
            .collect();
        others.sort_by(|(a, x), (b, y)| y.cmp(x).then_with(|| a.cmp(b)));
        let folded = others.split_off(others.len().min(MAX_OTHER_STATUSES));
        let mut shown: Vec<String> = others.into_iter().map(|(s, _)| s).collect();
        shown.sort();
        ordered.extend(shown);
        let mut goals_by_status: Vec<usize> = ordered
            .iter()
            .map(|status| count_of.get(status).copied().unwrap_or(0))
            .collect();
        if !folded.is_empty() {
            goals_by_status.push(folded.iter().map(|(_, count)| count).sum());
            let folded: HashSet<String> = folded.into_iter().map(|(s, _)| s).collect();
            for team in &mut teams {
                let mut other = 0;
                team.goals.retain(|status, count| {
                    let keep = !folded.contains(status);
                    if !keep {
                        other += *count;
                    }
                    keep
                });
                if other > 0 {
                    team.goals.insert(OTHER_STATUSES.to_string(), other);
                }
            }
            ordered.push(OTHER_STATUSES.to_string());
        }
        Overview {
            teams,
            statuses: ordered,
            goals_by_status,
            owners,
            team_size_limit: option_of(outcome, "team-size", "max"),
            owner_load_limit: option_of(outcome, "owner-load", "max-active"),
            goals_without_owner: without_owner,
            goals_without_done_criteria: without_done,
            unlinked_issues,
            goal_count: goals.len(),
            issue_count: plan.of_kind(EntityKind::Issue).count(),
            errors: outcome.summary.errors,
            warnings: outcome.summary.warnings,
        }
    }

    /// Teams proper (not the row of goals with no known team).
    pub fn team_count(&self) -> usize {
        self.teams.iter().filter(|t| t.members.is_some()).count()
    }

    /// Whether `size` is over the team-size limit.
    pub fn over_size(&self, size: usize) -> bool {
        self.team_size_limit
            .is_some_and(|limit| i64::try_from(size).unwrap_or(i64::MAX) > limit)
    }

    /// Whether `active` goals are over the owner-load limit.
    pub fn over_load(&self, active: usize) -> bool {
        self.owner_load_limit
            .is_some_and(|limit| i64::try_from(active).unwrap_or(i64::MAX) > limit)
    }
}
