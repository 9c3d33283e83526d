//! Links between entities — a goal to its team, an issue or pull request
//! to its goals — resolved by id or name, once, when first asked for.

use super::{Plan, Value};
use crate::diagnostic::EntityKind;
use rayon::prelude::*;
use smallvec::SmallVec;

/// The fields that link one kind of entity to another.
const LINK_FIELDS: &[(EntityKind, &str, EntityKind)] = &[
    (EntityKind::Goal, "team", EntityKind::Team),
    (EntityKind::Issue, "goal", EntityKind::Goal),
    (EntityKind::PullRequest, "goal", EntityKind::Goal),
];

/// One value of a link field and the entities it names.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct Link {
    /// Index into [`Plan::entities`] of the entity the link is written in.
    pub from: usize,
    /// The link field (`team`, `goal`).
    pub field: &'static str,
    /// The value as written.
    pub value: Value,
    /// The entities it names (none when the value names nothing).
    pub to: SmallVec<[usize; 1]>,
}

impl Plan {
    /// The links written in an entity, in the order written.
    pub fn links_from(&self, entity: usize) -> &[Link] {
        let links = self.links();
        let start = links.partition_point(|link| link.from < entity);
        let end = links.partition_point(|link| link.from <= entity);
        links.get(start..end).unwrap_or(&[])
    }

    /// The entities an entity's link field names, each once, in plan order.
    pub fn linked(&self, entity: usize, field: &str) -> Vec<usize> {
        let mut to: Vec<usize> = self
            .links_from(entity)
            .iter()
            .filter(|link| link.field == field)
            .flat_map(|link| link.to.iter().copied())
            .collect();
        to.sort_unstable();
        to.dedup();
        to
    }
}

/// Every link of the plan's entities, sorted by the entity it starts from,
/// each value resolved by `lookup` (the plan's indexes). Each entity's
/// links are resolved on its own, on every core.
pub(super) fn derive<L>(plan: &Plan, lookup: L) -> Vec<Link>
where
    L: Fn(EntityKind, &str) -> SmallVec<[usize; 1]> + Sync,
{
    let lookup = &lookup;
    plan.entities
        .par_iter()
        .enumerate()
        .flat_map_iter(|(from, entity)| {
            LINK_FIELDS
                .iter()
                .filter(move |(kind, _, _)| entity.kind == *kind)
                .flat_map(move |(_, field, target)| {
                    entity
                        .field(field)
                        .into_iter()
                        .flat_map(|f| f.values.iter())
                        .map(move |value| Link {
                            from,
                            field,
                            value: value.clone(),
                            to: lookup(*target, &value.text),
                        })
                })
        })
        .collect()
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::model::test_support::{entity, plan_of};

    #[test]
    fn links_resolve_by_id_or_name_once() {
        let (id, mut team) = entity(EntityKind::Team, "web", &[("name", "Web Platform")]);
        team.fields.remove("id");
        let plan = plan_of(vec![
            (id, team),
            entity(EntityKind::Goal, "g1", &[("team", "web platform")]),
            entity(EntityKind::Goal, "g2", &[("team", "mobile")]),
            entity(EntityKind::Issue, "7", &[("goal", "G1")]),
        ]);
        assert_eq!(plan.linked(1, "team"), [0]);
        let unresolved = plan.links_from(2);
        assert_eq!(unresolved.len(), 1);
        assert_eq!(
            (unresolved[0].value.text.as_str(), unresolved[0].to.len()),
            ("mobile", 0)
        );
        assert_eq!(plan.linked(3, "goal"), [1]);
        assert!(plan.links_from(0).is_empty());
    }
}
