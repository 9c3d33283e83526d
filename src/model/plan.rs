//! The plan: every file read, and the entities in them with their ids.

use super::links::{self, Link};
use super::people::{self, Person};
use super::{CompactString, Field, FieldStyle, Origin, Record, Value};
use crate::diagnostic::{EntityKind, EntityRef, LineIndex, Position, Span};
use rayon::prelude::*;
use smallvec::SmallVec;
use std::borrow::Cow;
use std::collections::{BTreeMap, HashMap};
use std::sync::OnceLock;
use unicode_normalization::{is_nfc_quick, IsNormalized, UnicodeNormalization};

/// One parsed file kept in the plan, for spans and snippets.
#[derive(Debug)]
pub struct PlanFile {
    pub path: String,
    pub text: String,
    /// Built on the first position asked for: most files of a plan have no
    /// finding, and indexing all of them was 1.3% of a check.
    lines: OnceLock<LineIndex>,
    /// The number of the configured source that read it, if one did.
    pub source: Option<usize>,
    /// How it writes its entities' fields, for hints.
    pub style: FieldStyle,
}

impl PlanFile {
    /// The line and column of a byte offset in the file's text.
    pub fn position(&self, offset: usize) -> Position {
        self.lines
            .get_or_init(|| LineIndex::new(&self.text))
            .position(&self.text, offset)
    }
}

/// One file as the extract stage hands it to the model: its text and its
/// entities, each with the id its source gave it.
#[derive(Clone, Debug, Default)]
pub struct Document {
    pub path: String,
    /// The number of the configured source that read it, if one did.
    pub source: Option<usize>,
    /// How it writes its entities' fields, for hints.
    pub style: FieldStyle,
    pub text: String,
    /// The entities' ids, one per record, at the same index.
    pub ids: Vec<CompactString>,
    /// The entities as extracted, in file order. Apart from their ids, so
    /// that each record is moved once, from the extractor's list into the
    /// plan's: pairing them up first copied every record twice more, and
    /// those copies were 8 MB of a 10,000-goal check's peak memory.
    pub records: Vec<Record>,
}

/// More entities than this in one file have their lists split on every core.
const MANY_ENTITIES: usize = 256;

/// A team, goal, issue or pull request with its resolved id.
#[derive(Debug)]
pub struct Entity {
    pub kind: EntityKind,
    /// Most ids fit in place: no allocation each (310,000 on a
    /// 100,000-goal plan).
    pub id: CompactString,
    /// Index into [`Plan::files`].
    pub file: usize,
    pub record: Record,
    /// Whether its status is one of the plan's active statuses: found once,
    /// as several rules ask it of every entity.
    active: bool,
}

impl Entity {
    /// What [`Plan::build`] holds a place with until the entity is moved in.
    fn placeholder() -> Entity {
        Entity {
            kind: EntityKind::File,
            id: CompactString::default(),
            file: 0,
            record: Record {
                kind: EntityKind::File,
                span: 0..0,
                anchor: 0..0,
                title: None,
                fields: super::record::Fields::new(),
            },
            active: false,
        }
    }

    pub fn reference(&self) -> EntityRef {
        EntityRef {
            kind: self.kind,
            id: self.id.to_string(),
        }
    }

    pub fn field(&self, name: &str) -> Option<&Field> {
        self.record.fields.get(name)
    }

    /// The texts of a field's values (empty when absent).
    pub fn values(&self, name: &str) -> impl Iterator<Item = &str> {
        self.field(name)
            .into_iter()
            .flat_map(|f| f.values.iter().map(|v| v.text.as_str()))
    }
}

/// The identity used to match people and ids: `@` stripped, lowercase,
/// whitespace collapsed (`Ana  Ruiz ` is `ana ruiz`), and outside ASCII in
/// one Unicode form (NFC: `José` typed on a Mac, `e` and a combining
/// accent, is the `José` typed elsewhere). Most ids and handles
/// are their own key already: those are borrowed, not copied (the rules
/// take a key per value and per lookup); other plain ASCII is copied once.
pub fn key(text: &str) -> Cow<'_, str> {
    let stripped = without_handle_marks(text);
    match plain_ascii(stripped) {
        Some(false) => Cow::Borrowed(stripped),
        Some(true) => Cow::Owned(stripped.to_ascii_lowercase()),
        None => {
            let mut lower = stripped.to_lowercase();
            if is_nfc_quick(lower.chars()) != IsNormalized::Yes {
                lower = lower.nfc().collect();
            }
            if single_spaced(&lower) {
                Cow::Owned(lower)
            } else {
                Cow::Owned(lower.split_whitespace().collect::<Vec<_>>().join(" "))
            }
        }
    }
}

/// Whether `text`'s only whitespace is single spaces between words: then
/// collapsing its whitespace would give it back unchanged (most names
/// outside ASCII, `Aleksander Błaszkiewicz`), and it is kept, not split
/// and joined into a second copy.
fn single_spaced(text: &str) -> bool {
    let mut after_space = true;
    for c in text.chars() {
        if c.is_whitespace() {
            if c != ' ' || after_space {
                return false;
            }
            after_space = true;
        } else {
            after_space = false;
        }
    }
    !after_space || text.is_empty()
}

/// The text whose ASCII lowercase is [`key`] of `text`, when it is plain
/// ASCII; `None` when only [`key`] gives it. A caller that compares keys
/// then lowercases as it compares, with no copy (the rules compare field
/// values such as `OPEN` against sets of keys 200,000 times a check).
pub fn ascii_key(text: &str) -> Option<&str> {
    let stripped = without_handle_marks(text);
    plain_ascii(stripped).map(|_| stripped)
}

/// `text` trimmed, without its leading `@`s. Counted over bytes (`@` is
/// ASCII): `trim_start_matches` decodes a character at a time.
fn without_handle_marks(text: &str) -> &str {
    let trimmed = crate::text::trim(text);
    let marks = trimmed.bytes().take_while(|byte| *byte == b'@').count();
    trimmed.get(marks..).unwrap_or(trimmed)
}

/// Whether one of the record's statuses is one of `active_statuses` (keys).
fn has_active_status(record: &Record, active_statuses: &[String]) -> bool {
    let statuses = record
        .fields
        .get("status")
        .map_or(&[][..], |f| f.values.as_slice());
    statuses.iter().any(|status| {
        let status = key(&status.text);
        active_statuses.iter().any(|a| *a == status)
    })
}

/// A byte length as one bit of [`Plan::placeholder_lengths`].
fn length_bit(length: usize) -> u64 {
    1 << length.min(63)
}

/// For printable ASCII with single spaces between words and none around
/// them, whether it has uppercase letters; `None` for any other text.
/// Each test is a fold over every byte, with no early exit, so that the
/// compiler checks many bytes at a time: ids and names run to 60 bytes
/// (a slugged PostHog title), and a byte-at-a-time loop with an exit per
/// test cost 500 instructions a key, several keys a goal.
fn plain_ascii(text: &str) -> Option<bool> {
    let bytes = text.as_bytes();
    let printable = bytes
        .iter()
        .fold(true, |ok, byte| ok & (b' '..=b'~').contains(byte));
    let next = bytes.get(1..).unwrap_or_default();
    let double_space = bytes
        .iter()
        .zip(next)
        .fold(false, |found, (a, b)| found | (*a == b' ' && *b == b' '));
    let spaced_end = bytes.first() == Some(&b' ') || bytes.last() == Some(&b' ');
    if !printable || double_space || spaced_end {
        return None;
    }
    Some(
        bytes
            .iter()
            .fold(false, |upper, byte| upper | byte.is_ascii_uppercase()),
    )
}

/// A kind's place in the per-kind arrays below: found by a match, not by
/// hashing the kind on every lookup.
fn slot(kind: EntityKind) -> usize {
    match kind {
        EntityKind::Team => 0,
        EntityKind::Goal => 1,
        EntityKind::Issue => 2,
        EntityKind::PullRequest => 3,
        EntityKind::File => 4,
    }
}

/// The entities of each kind, in path order, by [`slot`]. Listed once as
/// the plan is built: the entities of a 100,000-goal plan are 60 MB, and
/// each pass over all of them to pick out one kind (a dozen per check:
/// the indexes, the rules, the summary's counts) read them from memory
/// again, where a 10,000-goal plan's stay in the cache.
#[derive(Debug, Default)]
struct KindLists([Vec<usize>; 5]);

impl KindLists {
    fn of(&self, kind: EntityKind) -> &[usize] {
        self.0.get(slot(kind)).map_or(&[], Vec::as_slice)
    }
}

/// Entity indexes by the [`key`] of a text, one map per kind, by [`slot`].
#[derive(Debug, Default)]
struct KeyIndex([foldhash::HashMap<CompactString, SmallVec<[usize; 1]>>; 5]);

impl KeyIndex {
    /// Indexes the entities by the keys `keys_of` gives each. A kind's map
    /// is built apart from the others (on every core) and holds a key's one
    /// entity inline: ids are nearly all unique. When every entity has one
    /// key (`one_each`), each map is sized once.
    fn build<'p, K>(
        entities: &'p [Entity],
        kinds: &KindLists,
        one_each: bool,
        keys_of: K,
    ) -> KeyIndex
    where
        K: Fn(&'p Entity, &mut dyn FnMut(Cow<'p, str>)) + Sync,
    {
        let mut index = KeyIndex::default();
        index
            .0
            .par_iter_mut()
            .zip(&kinds.0)
            .for_each(|(map, of_kind)| {
                if one_each {
                    map.reserve(of_kind.len());
                }
                for &at in of_kind {
                    let Some(entity) = entities.get(at) else {
                        continue;
                    };
                    keys_of(entity, &mut |key| {
                        map.entry(CompactString::from(key)).or_default().push(at);
                    });
                }
            });
        index
    }

    /// The indexes under `key` (already a [`key`]).
    fn get(&self, kind: EntityKind, key: &str) -> &[usize] {
        self.0
            .get(slot(kind))
            .and_then(|map| map.get(key))
            .map_or(&[], SmallVec::as_slice)
    }
}

/// Entities of `kind` whose id or `name` is `text`, in these indexes (a
/// link's targets, resolved before the plan holds the indexes), sorted,
/// each once. Nearly always one: held inline, not in an allocation per
/// link. Sorted rather than checked one by one against those found: a
/// plan where thousands of entities share a name stays linear.
fn lookup_in(
    by_id: &KeyIndex,
    by_name: &KeyIndex,
    kind: EntityKind,
    text: &str,
) -> SmallVec<[usize; 1]> {
    let key = key(text);
    let mut found = SmallVec::from_slice(by_id.get(kind, &key));
    found.extend_from_slice(by_name.get(kind, &key));
    if found.len() > 1 {
        found.sort_unstable();
        found.dedup();
    }
    found
}

/// Fields every entity has, whatever its documents say: a rule may read
/// them like any other ([`Plan::virtual_text`]).
pub const VIRTUAL_FIELDS: [&str; 5] = ["id", "kind", "path", "active", "title"];

/// How a boolean reads as a field's text: `active`, and `when = { active = true }`.
pub fn bool_text(value: bool) -> &'static str {
    if value {
        "true"
    } else {
        "false"
    }
}

/// Everything the rules see.
#[derive(Debug, Default)]
pub struct Plan {
    /// Sorted by path.
    pub files: Vec<PlanFile>,
    /// Sorted by path, then position in the file.
    pub entities: Vec<Entity>,
    /// Unix seconds that count as "now" for date rules.
    pub now: i64,
    /// Unix time of the last commit that changed each file (empty outside git).
    pub last_changed: HashMap<String, i64>,
    /// Lowercased statuses that count as active.
    pub active_statuses: Vec<String>,
    /// Lowercased placeholder values (`tbd`, `?`, ...).
    pub placeholders: Vec<String>,
    /// The byte lengths of the placeholders, bit `n` for length `n` (bit 63
    /// for 63 and more): an ASCII text of any other length is no
    /// placeholder, without a comparison (the rules ask 250,000 times a
    /// check, mostly about values longer than any placeholder).
    placeholder_lengths: u64,
    /// The most chars in a placeholder.
    placeholder_chars: usize,
    /// The entities of each kind.
    kinds: KindLists,
    /// Entities by kind and the [`key`] of their id, then of their `name`s:
    /// looked up by a borrowed key, without building an owned one.
    by_id: KeyIndex,
    by_name: KeyIndex,
    /// Derived when first asked for (the overview asks; a check does not):
    /// on a 100,000-goal plan they were 6% of a check's time.
    people: OnceLock<Vec<Person>>,
    /// The [`key`]s of every team's members and leads, made when a rule
    /// first asks whether a name is one ([`Plan::names_a_team_member`]).
    team_people: OnceLock<foldhash::HashSet<CompactString>>,
    /// Every link, grouped by the entity it starts from; resolved when
    /// first asked for, as the people are.
    links: OnceLock<Vec<Link>>,
    /// Entities by kind and the [`key`] of their id's last part after a
    /// `/` (`q1/launch` under `launch`): built when a link first misses.
    by_id_end: OnceLock<KeyIndex>,
    /// Entities of one kind (by [`slot`]) by their id's [`key`] with one
    /// character left out (and as it is), for ids of at most
    /// [`MAX_TYPO_CHARS`]: an id a typo away shares one with the typo.
    /// Built for a kind when a link to it first misses: a plan of 100,000
    /// goals and 200,000 issues holds 2 million such keys.
    by_id_deletion: [OnceLock<KeyIndex>; 5],
}

/// The longest id (in characters) a typo is looked for in: an id of `n`
/// characters adds `n + 1` keys to the index.
const MAX_TYPO_CHARS: usize = 64;

/// `text` with each character left out in turn (`n` strings for `n`
/// characters); none when it is longer than [`MAX_TYPO_CHARS`].
fn deletions(text: &str) -> impl Iterator<Item = String> + '_ {
    let short = text.chars().nth(MAX_TYPO_CHARS).is_none();
    text.char_indices()
        .filter(move |_| short)
        .map(move |(at, c)| {
            let mut out = String::with_capacity(text.len());
            out.push_str(text.get(..at).unwrap_or(""));
            out.push_str(text.get(at + c.len_utf8()..).unwrap_or(""));
            out
        })
}

impl Plan {
    /// Builds the plan from the extracted documents (any order; the plan sorts them).
    pub fn build(
        mut documents: Vec<Document>,
        now: i64,
        last_changed: HashMap<String, i64>,
        active_statuses: &[String],
        placeholders: &[String],
    ) -> Plan {
        documents.sort_by(|a, b| a.path.cmp(&b.path));
        let mut plan = Plan {
            now,
            last_changed,
            active_statuses: active_statuses
                .iter()
                .map(|s| key(s).into_owned())
                .collect(),
            placeholders: placeholders
                .iter()
                .map(|s| s.trim().to_lowercase())
                .collect(),
            ..Plan::default()
        };
        plan.placeholder_chars = plan
            .placeholders
            .iter()
            .map(|p| p.chars().count())
            .max()
            .unwrap_or(0);
        plan.placeholder_lengths = plan
            .placeholders
            .iter()
            .fold(0, |bits, p| bits | length_bit(p.len()));
        // Per file, independent of the others: on every core. The records
        // are changed where they are, and each one's active status noted.
        let active_statuses = &plan.active_statuses;
        let actives: Vec<Vec<bool>> = documents
            .par_iter_mut()
            .map(|document| {
                let text = &document.text;
                let prepare = |record: &mut Record| {
                    people::split_lists(record, text);
                    has_active_status(record, active_statuses)
                };
                // On every core within a file too: an issue export is one
                // file with most of the plan's entities.
                if document.records.len() > MANY_ENTITIES {
                    document.records.par_iter_mut().map(prepare).collect()
                } else {
                    document.records.iter_mut().map(prepare).collect()
                }
            })
            .collect();
        // The plan's largest vector, made at its size and filled on every
        // core, each file's entities in their own run of it: moved one by
        // one on one core, the records and the memory's first touch were
        // 4 ms of a 10,000-goal check while the other core waited.
        // A record without an id has no entity (as the pairing below drops it).
        let entities_of = |document: &Document| document.ids.len().min(document.records.len());
        let total = documents.iter().map(entities_of).sum();
        plan.entities = (0..total)
            .into_par_iter()
            .map(|_| Entity::placeholder())
            .collect();
        let mut runs: Vec<&mut [Entity]> = Vec::with_capacity(documents.len());
        let mut rest = plan.entities.as_mut_slice();
        for document in &documents {
            let Some((run, after)) = rest.split_at_mut_checked(entities_of(document)) else {
                break;
            };
            runs.push(run);
            rest = after;
        }
        plan.files = documents
            .into_par_iter()
            .zip(actives)
            .zip(runs)
            .enumerate()
            .map(|(file, ((document, active), run))| {
                let Document {
                    path,
                    source,
                    style,
                    text,
                    ids,
                    records,
                } = document;
                let entities = ids.into_iter().zip(records).zip(active);
                for (slot, ((id, record), active)) in run.iter_mut().zip(entities) {
                    *slot = Entity {
                        kind: record.kind,
                        active,
                        id,
                        file,
                        record,
                    };
                }
                PlanFile {
                    path,
                    text,
                    lines: OnceLock::new(),
                    source,
                    style,
                }
            })
            .collect();
        for (index, entity) in plan.entities.iter().enumerate() {
            if let Some(list) = plan.kinds.0.get_mut(slot(entity.kind)) {
                list.push(index);
            }
        }
        let (by_id, by_name) = rayon::join(
            || {
                KeyIndex::build(&plan.entities, &plan.kinds, true, |entity, add| {
                    add(key(&entity.id))
                })
            },
            || {
                KeyIndex::build(&plan.entities, &plan.kinds, false, |entity, add| {
                    entity.values("name").map(key).for_each(add)
                })
            },
        );
        plan.by_id = by_id;
        plan.by_name = by_name;
        plan
    }

    /// Everyone named in a people field, in order of first mention.
    pub fn people(&self) -> &[Person] {
        self.people.get_or_init(|| people::derive(self))
    }

    /// Whether `text` names a member or the lead of some team: a person,
    /// whatever else it names (`@platform` on the platform team).
    pub fn names_a_team_member(&self, text: &str) -> bool {
        let people = self.team_people.get_or_init(|| {
            self.of_kind(EntityKind::Team)
                .flat_map(|(_, team)| {
                    ["members", "lead"].into_iter().flat_map(move |field| {
                        self.distinct_values(team, field)
                            .into_iter()
                            .map(|(person, _)| CompactString::from(person))
                    })
                })
                .collect()
        });
        people.contains(key(text).as_ref())
    }

    /// Every link, grouped by the entity it starts from.
    pub(super) fn links(&self) -> &[Link] {
        self.links.get_or_init(|| {
            links::derive(self, |kind, text| {
                lookup_in(&self.by_id, &self.by_name, kind, text)
            })
        })
    }

    /// Entities of one kind, in path order.
    pub fn of_kind(&self, kind: EntityKind) -> impl Iterator<Item = (usize, &Entity)> {
        self.indexes_of(kind)
            .iter()
            .filter_map(|&index| Some((index, self.entities.get(index)?)))
    }

    /// The indexes of the entities of one kind, in path order.
    pub fn indexes_of(&self, kind: EntityKind) -> &[usize] {
        self.kinds.of(kind)
    }

    /// Entities of `kind` whose id ends in `/` and `text` (`q1/launch` and
    /// `q2/launch` for `launch`): what a link that names no entity may
    /// have meant, where ids were told apart by their folders.
    pub fn ending_in(&self, kind: EntityKind, text: &str) -> &[usize] {
        let index = self.by_id_end.get_or_init(|| {
            KeyIndex::build(&self.entities, &self.kinds, false, |entity, add| {
                if let Some((_, end)) = entity.id.rsplit_once('/') {
                    add(key(end));
                }
            })
        });
        index.get(kind, &key(text))
    }

    /// Entities of `kind` whose id is one edit from `text` (a character
    /// added, left out, changed, or two neighbours swapped), in plan order:
    /// what a link with a typo meant. Found through the ids' one-deletion
    /// keys, so a miss costs the text's length, not the plan's size.
    pub fn one_edit_from(&self, kind: EntityKind, text: &str) -> Vec<usize> {
        let wanted = key(text);
        if wanted.chars().nth(MAX_TYPO_CHARS).is_some() {
            return Vec::new();
        }
        let Some(index) = self.by_id_deletion.get(slot(kind)) else {
            return Vec::new();
        };
        let index = index.get_or_init(|| {
            KeyIndex::build(&self.entities, &self.kinds, false, |entity, add| {
                let id = key(&entity.id);
                if entity.kind == kind && id.chars().nth(MAX_TYPO_CHARS).is_none() {
                    deletions(&id).for_each(|variant| add(Cow::Owned(variant)));
                    add(id);
                }
            })
        });
        let mut found = index.get(kind, &wanted).to_vec();
        for variant in deletions(&wanted) {
            found.extend_from_slice(index.get(kind, &variant));
        }
        found.sort_unstable();
        found.dedup();
        found.retain(|&at| {
            self.entities
                .get(at)
                .is_some_and(|entity| strsim::osa_distance(&key(&entity.id), &wanted) == 1)
        });
        found
    }

    /// Entities of `kind` whose id is `text` (case-insensitive, `@` optional).
    pub fn by_id(&self, kind: EntityKind, text: &str) -> &[usize] {
        self.by_id.get(kind, &key(text))
    }

    /// The first entity of the first of `kinds` whose id, else whose `name`,
    /// is `text`: what [`Plan::lookup`] would give first, without its list.
    /// The key is made once for every kind and index asked (the rules ask
    /// this per owner, for three kinds, and a key may be a copy).
    pub fn first_named(&self, kinds: &[EntityKind], text: &str) -> Option<usize> {
        let key = key(text);
        kinds.iter().find_map(|&kind| {
            let by_id = self.by_id.get(kind, &key).first();
            by_id
                .or_else(|| self.by_name.get(kind, &key).first())
                .copied()
        })
    }

    pub fn count(&self, kind: EntityKind) -> usize {
        self.indexes_of(kind).len()
    }

    pub fn path_of(&self, entity: &Entity) -> &str {
        &self.files[entity.file].path
    }

    /// Whether a value stands for "nobody / nothing yet".
    pub fn is_placeholder(&self, text: &str) -> bool {
        let t = crate::text::trim(text);
        if t.is_ascii() {
            // The rules ask this per value and per check: no copy for ASCII,
            // and no comparison unless some placeholder has its length.
            return t.is_empty()
                || (self.placeholder_lengths & length_bit(t.len()) != 0
                    && self.placeholders.iter().any(|p| p.eq_ignore_ascii_case(t)));
        }
        // Lowercasing never makes fewer chars: a text with more chars than
        // every placeholder is none of them, and needs no lowercase copy
        // (PostHog's done criteria, `… – <TeamMember …>`, are not ASCII).
        t.chars().nth(self.placeholder_chars).is_none()
            && self.placeholders.contains(&t.to_lowercase())
    }

    /// Whether an entity's status is one of the active statuses.
    pub fn is_active(&self, entity: &Entity) -> bool {
        entity.active
    }

    /// The text of a [`VIRTUAL_FIELDS`] name for `entity` (`Some(None)`
    /// when it has none: an entity without a title), or `None` when `name`
    /// is no virtual field. A title written as a field (an issue's) is
    /// that field, not this.
    #[inline]
    pub fn virtual_text<'a>(&'a self, entity: &'a Entity, name: &str) -> Option<Option<&'a str>> {
        let text = match name {
            "id" => Some(entity.id.as_str()),
            "kind" => Some(entity.kind.as_str()),
            "path" => Some(self.path_of(entity)),
            "active" => Some(bool_text(self.is_active(entity))),
            "title" if entity.record.fields.get("title").is_none() => {
                entity.record.title.as_deref()
            }
            _ => return None,
        };
        Some(text)
    }

    /// Writes each of `names` (virtual fields, as [`Plan::virtual_text`]
    /// reads them, each with the kind of entity it is read of) into every
    /// entity of that kind that does not write it itself, as a
    /// field at the entity's anchor: a check that reads one as its `field`
    /// (`field = "path"`, `field = "title"`) then reads it as any other.
    /// Only the names a rule reads: a field for every entity costs an
    /// allocation each.
    pub fn write_virtual_fields(&mut self, names: &[(EntityKind, &str)]) {
        if names.is_empty() {
            return;
        }
        let written: Vec<Vec<(&str, Field)>> = self
            .entities
            .iter()
            .map(|entity| {
                names
                    .iter()
                    .filter(|(kind, name)| {
                        *kind == entity.kind && entity.record.fields.get(name).is_none()
                    })
                    .filter_map(|&(_, name)| {
                        let text = self.virtual_text(entity, name)??;
                        let anchor = entity.record.anchor.clone();
                        let value = Value {
                            text: text.into(),
                            place: anchor.clone().into(),
                        };
                        Some((name, Field::new(Origin::Entity, anchor, vec![value])))
                    })
                    .collect()
            })
            .collect();
        for (entity, fields) in self.entities.iter_mut().zip(written) {
            for (name, field) in fields {
                entity.record.fields.insert(name.into(), field);
            }
        }
    }

    /// Entity and file spans for reporting.
    pub fn file_text(&self, entity: &Entity) -> &str {
        &self.files[entity.file].text
    }

    /// Texts by path, for reporters: borrowed, the plan keeps the only copy.
    pub fn sources(&self) -> BTreeMap<&str, &str> {
        self.files
            .iter()
            .map(|f| (f.path.as_str(), f.text.as_str()))
            .collect()
    }

    /// A whole-file span at the start of the file (for file-level findings).
    pub fn file_start(&self, file: usize) -> Span {
        let text = &self.files[file].text;
        0..text.find('\n').unwrap_or(text.len())
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use proptest::prelude::*;

    /// What [`key`] means, written the slow way: every text copied.
    fn key_by_copying(text: &str) -> String {
        let text: String = text
            .trim()
            .trim_start_matches('@')
            .to_lowercase()
            .nfc()
            .collect();
        text.split_whitespace().collect::<Vec<_>>().join(" ")
    }

    #[test]
    fn keys_borrow_only_what_is_already_a_key() {
        for (text, expected, borrowed) in [
            ("ana ruiz", "ana ruiz", true),
            ("@ana", "ana", true),
            ("  g-1  ", "g-1", true),
            ("", "", true),
            ("G-12", "g-12", false),
            ("Ana  Ruiz ", "ana ruiz", false),
            ("ana\truiz", "ana ruiz", false),
            ("@ ana", "ana", false),
            ("ana\u{0b}ruiz", "ana ruiz", false),
            ("ÉLAN", "élan", false),
            ("a\u{85}b", "a b", false),
            ("Aleksander Błaszkiewicz", "aleksander błaszkiewicz", false),
            ("Błaszkiewicz  A", "błaszkiewicz a", false),
            ("ł\u{a0}a", "ł a", false),
            ("ł ", "ł", false),
            ("Jose\u{301} Mu\u{308}ller", "jos\u{e9} m\u{fc}ller", false),
            ("JOSÉ", "jos\u{e9}", false),
        ] {
            let found = key(text);
            assert_eq!(found, expected, "{text:?}");
            assert_eq!(matches!(found, Cow::Borrowed(_)), borrowed, "{text:?}");
        }
    }

    #[test]
    fn placeholders_match_in_any_case_ascii_or_not() {
        let placeholders = ["TBD", "?", "À définir", "ΟΔΟΣ", "TK"].map(String::from);
        let plan = Plan::build(Vec::new(), 0, HashMap::new(), &[], &placeholders);
        // A capital sigma ending a word lowercases to `ς`, by its place;
        // the Kelvin sign lowercases to an ASCII `k`.
        let texts = [
            "tbd",
            "  Tbd ",
            "?",
            "",
            "   ",
            "à DÉFINIR",
            "ΟΔΟΣ",
            "οδος",
            "T\u{212A}",
        ];
        for text in texts {
            assert!(plan.is_placeholder(text), "{text:?}");
        }
        for text in ["tbd2", "@ana", "a définir", "t b d"] {
            assert!(!plan.is_placeholder(text), "{text:?}");
        }
    }

    proptest! {
        /// The length check rejects only texts no placeholder equals, for
        /// placeholders of any length (past 63 bytes they share a bit).
        #[test]
        fn placeholders_are_found_as_comparing_finds_them(
            placeholders in proptest::collection::vec("[a-cA-C?.…-]{0,3}|[a-c]{60,70}|[ασςΣİi̇]{1,3}", 0..4),
            text in "[a-cA-C?.…K -]{0,4}|[a-cA-C]{60,70}|[ ασςΣİKk]{1,4}",
        ) {
            let plan = Plan::build(Vec::new(), 0, HashMap::new(), &[], &placeholders);
            let t = text.trim();
            let compared = t.is_empty()
                || placeholders.iter().any(|p| p.trim().to_lowercase() == t.to_lowercase());
            prop_assert_eq!(plan.is_placeholder(&text), compared);
        }

        #[test]
        fn a_borrowed_key_is_the_copied_key(text in "[ -~\t\n\u{b}\u{85}\u{a0}ÉéİK\u{301}\u{308}]{0,12}") {
            prop_assert_eq!(key(&text), key_by_copying(&text));
        }
    }
}
