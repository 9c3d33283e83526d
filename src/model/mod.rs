//! Stage 4: the plan model — entities with ids, their fields in the model's
//! own types ([`Record`], [`Field`], [`Value`], [`Task`], [`Origin`]), the
//! people in them and the references between them, each derived once here
//! (the people and links when first asked for) and indexed so that rules
//! never scan quadratically. The model knows nothing of how files were
//! parsed or cut into entities.

mod links;
mod people;
mod plan;
mod record;
mod style;
#[cfg(test)]
pub(crate) mod test_support;

pub use compact_str::CompactString;
pub use links::Link;
pub use people::{distinct_by_key, names_one, split_value, Person, Role};
pub use plan::{ascii_key, bool_text, key, Document, Entity, Plan, PlanFile, VIRTUAL_FIELDS};
pub use record::{Field, Fields, Origin, Place, Record, Task, Value, Values, MAX_FIELDS};
pub use style::{FieldForm, FieldStyle};
