//! The model's vocabulary for one entity as extracted: its fields, their
//! values and task items, and where each field came from.

use crate::diagnostic::{EntityKind, Span};
use compact_str::CompactString;
use smallvec::SmallVec;
use std::cell::RefCell;
use std::collections::HashSet;
use std::fmt;
use std::sync::Arc;
use thin_vec::ThinVec;

/// One team, goal, issue or pull request as a source extracted it, before
/// the plan gives it an id.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct Record {
    pub kind: EntityKind,
    /// The whole entity (a document, a data table, a heading's section).
    pub span: Span,
    /// Where diagnostics about the entity as a whole point: its title
    /// heading, or the first line of its frontmatter or table.
    pub anchor: Span,
    /// The entity's title, without markup.
    pub title: Option<String>,
    /// Fields by canonical name.
    pub fields: Fields,
}

/// A record's fields by canonical name, kept sorted by name: a map with the
/// methods the extractors and rules use. A record has about ten fields,
/// so a sorted vector (scanned, or searched by halves when it is long)
/// costs no more than a B-tree and
/// holds them in one allocation of their size instead of a B-tree node of
/// eleven slots and a string per name (a third of a 10,000-goal check's
/// memory was B-tree nodes).
#[derive(Clone, Debug, Default, PartialEq, Eq)]
pub struct Fields {
    /// Sorted, unique.
    names: Names,
    /// The field of each name, at the same index.
    fields: Vec<Field>,
}

/// The most names [`Fields::find_prefixed`] scans rather than halves.
const SCANNED_NAMES: usize = 16;

/// A record's field names, apart from its fields: a search then reads a few
/// adjacent names instead of passing over 100-byte fields. Records of one
/// layout have the same names, so a finished record shares one list with
/// the others ([`Fields::shrink_to_fit`]): the list is then held once, not
/// 20,000 times, and stays in the cache while the rules walk the records.
#[derive(Clone, Debug)]
enum Names {
    /// While the record is built.
    Own(Vec<Name>),
    /// Once it is finished.
    Shared(Arc<[Name]>),
}

/// A field name with its first eight bytes as a number: a search step
/// compares two numbers, not two strings (the rules and the model look
/// fields up a million times a check, and a string comparison decoded both
/// strings and called `memcmp`).
#[derive(Clone, Debug, PartialEq, Eq, Hash)]
pub struct Name {
    /// The first eight bytes, big-endian, padded with zeros.
    prefix: u64,
    text: CompactString,
}

impl Name {
    fn new(text: CompactString) -> Name {
        Name {
            prefix: prefix_of(text.as_bytes()),
            text,
        }
    }

    /// The byte order of the names: the prefixes first, and the bytes when
    /// they tie. Zero padding sorts a shorter name first exactly when it
    /// is a prefix of the other, so this is the order of the bytes.
    fn order(&self, prefix: u64, bytes: &[u8]) -> std::cmp::Ordering {
        self.prefix.cmp(&prefix).then_with(|| {
            let own = self.text.as_bytes();
            if own.len() <= 8 && bytes.len() <= 8 {
                // Equal prefixes hold every byte of both: only a trailing
                // NUL can tell them apart, and the longer sorts last.
                own.len().cmp(&bytes.len())
            } else {
                own.cmp(bytes)
            }
        })
    }
}

/// The first eight bytes of `bytes` as a big-endian number, zero-padded.
fn prefix_of(bytes: &[u8]) -> u64 {
    if let Some(first) = bytes.first_chunk::<8>() {
        return u64::from_be_bytes(*first);
    }
    // Shorter (a copy into an array was a `memcpy` call per lookup): four
    // to seven bytes are two four-byte reads that overlap, each put in its
    // place (the bytes they share are the same in both); fewer are
    // shifted in a byte at a time. Names are looked up a million times a
    // check, and most are shorter than eight bytes.
    let len = bytes.len() as u32;
    if let (Some(head), Some(tail)) = (bytes.first_chunk::<4>(), bytes.last_chunk::<4>()) {
        let head = u64::from(u32::from_be_bytes(*head));
        let tail = u64::from(u32::from_be_bytes(*tail));
        return (head << 32) | (tail << (64 - 8 * len));
    }
    let mut word = 0u64;
    for byte in bytes {
        word = (word << 8) | u64::from(*byte);
    }
    // An empty name shifts by 64: all zeros.
    word.checked_shl(8 * (8 - len)).unwrap_or(0)
}

impl Default for Names {
    fn default() -> Names {
        Names::Own(Vec::new())
    }
}

impl PartialEq for Names {
    fn eq(&self, other: &Names) -> bool {
        self.as_slice() == other.as_slice()
    }
}

impl Eq for Names {}

impl Names {
    fn as_slice(&self) -> &[Name] {
        match self {
            Names::Own(names) => names,
            Names::Shared(names) => names,
        }
    }

    /// The names to change: a shared list is copied first.
    fn to_mut(&mut self) -> &mut Vec<Name> {
        match self {
            Names::Own(names) => names,
            Names::Shared(names) => {
                *self = Names::Own(names.to_vec());
                self.to_mut()
            }
        }
    }

    /// Shares the list with any recent record of this thread that has the
    /// same names.
    fn share(&mut self) {
        let Names::Own(names) = self else { return };
        let names = std::mem::take(names);
        *self = Names::Shared(RECENT_NAMES.with_borrow_mut(|recent| {
            // Records of a file mostly follow one layout: the last list is
            // compared before any is hashed.
            if let Some(last) = recent.last.as_ref().filter(|last| ***last == *names) {
                return Arc::clone(last);
            }
            let shared = match recent.lists.get(names.as_slice()) {
                Some(same) => Arc::clone(same),
                None => {
                    // A bound, not an eviction policy: plans have a few
                    // layouts, and a hostile file of distinct names only
                    // stops sharing.
                    if recent.lists.len() >= RECENT_NAME_LISTS {
                        recent.lists.clear();
                    }
                    let shared: Arc<[Name]> = names.into();
                    recent.lists.insert(Arc::clone(&shared));
                    shared
                }
            };
            recent.last = Some(Arc::clone(&shared));
            shared
        }));
    }
}

/// The fields a record is given room for at its first.
const EXPECTED_FIELDS: usize = 12;

/// The most fields a record holds: a new name past it is not kept. Names
/// are kept in order, so a name added in the middle moves those after it:
/// a document of 400,000 sections, each a field, took 20 s. Bounded, a
/// file's fields cost at most this many moves each. Real records have a
/// dozen or two.
pub const MAX_FIELDS: usize = 1_000;

/// How many distinct name lists a thread remembers to share.
const RECENT_NAME_LISTS: usize = 256;

/// The name lists a thread's finished records hold.
#[derive(Default)]
struct RecentNames {
    lists: HashSet<Arc<[Name]>>,
    last: Option<Arc<[Name]>>,
}

thread_local! {
    static RECENT_NAMES: RefCell<RecentNames> = RefCell::default();
}

impl Fields {
    /// No fields.
    pub fn new() -> Fields {
        Fields::default()
    }

    /// Room for `additional` more fields, so that a record given its fields
    /// one by one grows once (its lists grew 40,000 times on
    /// PostHog-1000). [`Fields::shrink_to_fit`] gives back
    /// what is left over.
    pub fn reserve(&mut self, additional: usize) {
        self.names.to_mut().reserve(additional);
        self.fields.reserve(additional);
    }

    /// Where `name` is, or where it would go.
    fn find(&self, name: &str) -> Result<usize, usize> {
        self.find_prefixed(prefix_of(name.as_bytes()), name.as_bytes())
    }

    /// [`Fields::find`], with the name's prefix already taken. A record has
    /// a dozen fields or so: a scan of their prefixes, in order, reads each
    /// with one comparison and finds the name in fewer instructions than
    /// the halving's comparisons and jumps (half a million lookups a
    /// check). A record with many fields (sections) is searched by halves.
    fn find_prefixed(&self, prefix: u64, bytes: &[u8]) -> Result<usize, usize> {
        let names = self.names.as_slice();
        if names.len() > SCANNED_NAMES {
            return names.binary_search_by(|key| key.order(prefix, bytes));
        }
        for (at, key) in names.iter().enumerate() {
            if key.prefix < prefix {
                continue;
            }
            return match key.order(prefix, bytes) {
                std::cmp::Ordering::Less => continue,
                std::cmp::Ordering::Equal => Ok(at),
                std::cmp::Ordering::Greater => Err(at),
            };
        }
        Err(names.len())
    }

    /// The field called `name`.
    pub fn get(&self, name: &str) -> Option<&Field> {
        let index = self.find(name).ok()?;
        self.fields.get(index)
    }

    /// The field called `name`, to change.
    pub fn get_mut(&mut self, name: &str) -> Option<&mut Field> {
        let index = self.find(name).ok()?;
        self.fields.get_mut(index)
    }

    /// Whether there is a field called `name`.
    pub fn contains_key(&self, name: &str) -> bool {
        self.find(name).is_ok()
    }

    /// Sets the field called `name`, returning the one it replaces. A new
    /// name past [`MAX_FIELDS`] is not kept.
    pub fn insert(&mut self, name: CompactString, field: Field) -> Option<Field> {
        self.insert_up_to(name, field, MAX_FIELDS)
    }

    fn insert_up_to(&mut self, name: CompactString, field: Field, most: usize) -> Option<Field> {
        // The prefix is taken once, for the search and for the new name.
        let name = Name::new(name);
        match self.find_prefixed(name.prefix, name.text.as_bytes()) {
            Ok(index) => self
                .fields
                .get_mut(index)
                .map(|old| std::mem::replace(old, field)),
            Err(_) if self.fields.len() >= most => None,
            Err(index) => {
                let names = self.names.to_mut();
                // A record gets about ten fields one at a time: room for
                // them at once, not regrown from 4 to 8 to 16 (a realloc
                // costs mimalloc 280 instructions).
                if names.capacity() == 0 {
                    names.reserve_exact(EXPECTED_FIELDS);
                    self.fields.reserve_exact(EXPECTED_FIELDS);
                }
                names.insert(index, name);
                self.fields.insert(index, field);
                None
            }
        }
    }

    /// Takes out the field called `name`.
    pub fn remove(&mut self, name: &str) -> Option<Field> {
        let index = self.find(name).ok()?;
        self.names.to_mut().remove(index);
        Some(self.fields.remove(index))
    }

    /// Names and fields, by name.
    pub fn iter(&self) -> impl DoubleEndedIterator<Item = (&str, &Field)> + ExactSizeIterator {
        self.into_iter()
    }

    /// Names, sorted.
    pub fn keys(&self) -> impl DoubleEndedIterator<Item = &str> + ExactSizeIterator {
        self.names.as_slice().iter().map(|name| name.text.as_str())
    }

    /// Fields, by name.
    pub fn values(&self) -> impl DoubleEndedIterator<Item = &Field> + ExactSizeIterator {
        self.fields.iter()
    }

    /// Fields, by name, to change.
    pub fn values_mut(
        &mut self,
    ) -> impl DoubleEndedIterator<Item = &mut Field> + ExactSizeIterator {
        self.fields.iter_mut()
    }

    /// How many fields.
    pub fn len(&self) -> usize {
        self.fields.len()
    }

    /// Whether there are none.
    pub fn is_empty(&self) -> bool {
        self.fields.is_empty()
    }

    /// Every field of `stronger` replaces the one of the same name here.
    /// Those are kept even past [`MAX_FIELDS`] (a frontmatter's `owner`
    /// over a document's countless sections): each side is bounded, so
    /// their sum is.
    pub fn extend(&mut self, stronger: Fields) {
        // Nothing to replace (a heading with no sections): taken whole.
        if self.fields.is_empty() {
            *self = stronger;
            return;
        }
        let most = self.fields.len() + stronger.fields.len();
        for (name, field) in stronger {
            self.insert_up_to(name, field, most);
        }
    }

    /// Gives back the room a finished record's fields and their values will
    /// not grow into, and shares its names (see [`Names`]): records are
    /// built a field at a time and then kept to the end of the run.
    pub fn shrink_to_fit(&mut self) {
        // Moved, not `Vec::shrink_to_fit`: mimalloc shrinks a block in
        // place when the new size is at least half the old, so the room
        // stayed taken (15 MB of a 10,000-goal check).
        if self.fields.capacity() > self.fields.len() {
            let mut exact = Vec::with_capacity(self.fields.len());
            exact.append(&mut self.fields);
            self.fields = exact;
        }
        for field in &mut self.fields {
            if field.values.spilled() && field.values.capacity() > field.values.len() {
                field.values = field.values.drain(..).collect();
            }
        }
        self.names.share();
    }
}

impl std::ops::Index<&str> for Fields {
    type Output = Field;

    /// The field called `name`; panics without one (tests).
    fn index(&self, name: &str) -> &Field {
        match self.get(name) {
            Some(field) => field,
            None => panic!("no field `{name}`"),
        }
    }
}

impl IntoIterator for Fields {
    type Item = (CompactString, Field);
    type IntoIter = std::iter::Zip<
        std::iter::Map<std::vec::IntoIter<Name>, fn(Name) -> CompactString>,
        std::vec::IntoIter<Field>,
    >;

    /// Names and fields, by name.
    fn into_iter(mut self) -> Self::IntoIter {
        let names = std::mem::take(self.names.to_mut());
        let text: fn(Name) -> CompactString = |name| name.text;
        names.into_iter().map(text).zip(self.fields)
    }
}

impl<'a> IntoIterator for &'a Fields {
    type Item = (&'a str, &'a Field);
    type IntoIter = std::iter::Map<
        std::iter::Zip<std::slice::Iter<'a, Name>, std::slice::Iter<'a, Field>>,
        fn((&'a Name, &'a Field)) -> (&'a str, &'a Field),
    >;

    fn into_iter(self) -> Self::IntoIter {
        self.names
            .as_slice()
            .iter()
            .zip(&self.fields)
            .map(|(name, field)| (name.text.as_str(), field))
    }
}

impl FromIterator<(CompactString, Field)> for Fields {
    /// Fields from pairs; a later pair of a name replaces an earlier one.
    fn from_iter<I: IntoIterator<Item = (CompactString, Field)>>(pairs: I) -> Fields {
        let mut fields = Fields::new();
        for (name, field) in pairs {
            fields.insert(name, field);
        }
        fields
    }
}

/// A field of an entity.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct Field {
    /// Where the field is written: the key and its value, the section
    /// heading, the cell, the heading the value was captured from.
    pub place: Place,
    /// Its values: one for a scalar, one per item for a list, one per list
    /// item or paragraph for a section. Empty when the field is empty.
    pub values: Values,
    /// Task-list items (`- [ ]`, `- [x]`) found in it.
    pub tasks: ThinVec<Task>,
    /// Which kind of place yielded it.
    pub origin: Origin,
    /// Whether a configured value map replaced some of its values.
    pub mapped: bool,
}

impl Field {
    pub fn span(&self) -> Span {
        self.place.span()
    }

    /// A field of these values, written at `span`, from `origin`.
    pub fn new(origin: Origin, span: Span, values: impl Into<Values>) -> Field {
        Field {
            place: span.into(),
            values: values.into(),
            tasks: ThinVec::new(),
            origin,
            mapped: false,
        }
    }
}

/// A field's values: most fields have one, held inline.
pub type Values = SmallVec<[Value; 1]>;

/// One value of a field, with its span.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct Value {
    pub text: CompactString,
    pub place: Place,
}

impl Value {
    pub fn span(&self) -> Span {
        self.place.span()
    }
}

/// A task-list item.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct Task {
    pub checked: bool,
    pub text: CompactString,
    pub place: Place,
}

impl Task {
    pub fn span(&self) -> Span {
        self.place.span()
    }
}

/// Where a field, value or task is written: a [`Span`] in eight bytes,
/// not sixteen. Fields and values are the plan's most numerous structs
/// (275,000 fields on a 10,000-goal plan, each a fifth smaller so), and no
/// file is read past 100 MiB, so an offset fits in 32 bits.
#[derive(Clone, Copy, Debug, Default, PartialEq, Eq)]
pub struct Place {
    start: u32,
    end: u32,
}

impl Place {
    pub fn span(self) -> Span {
        widen(self.start)..widen(self.end)
    }
}

impl From<Span> for Place {
    /// Offsets past 4 GiB (never read) become the largest offset.
    fn from(span: Span) -> Place {
        let narrow = |offset: usize| u32::try_from(offset).unwrap_or(u32::MAX);
        Place {
            start: narrow(span.start),
            end: narrow(span.end),
        }
    }
}

/// A 32-bit offset as a `usize`; on a 16-bit target, the largest one.
fn widen(offset: u32) -> usize {
    usize::try_from(offset).unwrap_or(usize::MAX)
}

/// Where a field's value was found, so that `planlint entities` can say why
/// a value is what it is.
#[derive(Clone, Copy, Debug, PartialEq, Eq, PartialOrd, Ord, Hash)]
pub enum Origin {
    /// A key of a document's frontmatter.
    Frontmatter,
    /// A key of a data file (YAML, TOML, JSON, an issue export).
    DataKey,
    /// A section: a heading and what is under it.
    Section,
    /// A `Key: value`, `**Key:** value` or `- Key: value` line.
    LabelledLine,
    /// A row of a two-column metadata table.
    MetadataTable,
    /// A parenthesised `(Owner: @a)`, or a trailing `{#id}`, in a heading.
    HeadingLabel,
    /// A column of a table row (table mode).
    Column,
    /// A configured regex over the entity's heading.
    HeadingRegex,
    /// A configured regex over the file's path.
    PathRegex,
    /// A configured regex over the nearest enclosing heading.
    EnclosingHeading,
    /// A configured regex over the values of the data entries around the
    /// entity (data mode).
    EnclosingEntry,
    /// A configured constant default.
    Default,
    /// The entity's title (a heading's or row's id is a slug of it).
    Title,
    /// What every entity has, whatever its documents write: its id, kind,
    /// path, title or whether it is active (a rule's virtual field).
    Entity,
    /// An issue's labels (`goal:checkout`).
    Label,
    /// A reference in an issue's body (`Goal: checkout`, `Part of #12`).
    Body,
}

impl Origin {
    /// The name `planlint entities` prints.
    pub fn name(self) -> &'static str {
        match self {
            Origin::Frontmatter => "frontmatter",
            Origin::DataKey => "key",
            Origin::Section => "section",
            Origin::LabelledLine => "labelled line",
            Origin::MetadataTable => "metadata table",
            Origin::HeadingLabel => "heading label",
            Origin::Column => "column",
            Origin::HeadingRegex => "heading regex",
            Origin::PathRegex => "path regex",
            Origin::EnclosingHeading => "enclosing heading",
            Origin::EnclosingEntry => "enclosing entry",
            Origin::Default => "default",
            Origin::Title => "title",
            Origin::Entity => "entity",
            Origin::Label => "label",
            Origin::Body => "body",
        }
    }
}

impl fmt::Display for Origin {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.write_str(self.name())
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn a_place_gives_back_its_span_and_stops_at_the_largest_offset() {
        assert_eq!(Place::from(3..10).span(), 3..10);
        assert_eq!(Place::from(0..0).span(), 0..0);
        let last = usize::try_from(u32::MAX).unwrap_or(usize::MAX);
        assert_eq!(Place::from(last..last).span(), last..last);
        // Past 4 GiB (only where usize is wider than 32 bits).
        if let Some(past) = last.checked_add(7) {
            assert_eq!(Place::from(5..past).span(), 5..last);
        }
        assert_eq!(std::mem::size_of::<Place>(), 8);
    }

    fn field(text: &str) -> Field {
        Field::new(
            Origin::Frontmatter,
            0..1,
            smallvec::smallvec![Value {
                text: text.into(),
                place: (0..1).into(),
            }],
        )
    }

    fn text(field: &Field) -> &str {
        field.values.first().map_or("", |v| v.text.as_str())
    }

    #[test]
    fn fields_iterate_in_name_order_whatever_the_insertion_order() {
        let mut fields = Fields::new();
        for name in ["status", "owner", "done_when", "title", "owner.team"] {
            fields.insert(name.into(), field(name));
        }
        let names: Vec<&str> = fields.keys().collect();
        assert_eq!(
            names,
            ["done_when", "owner", "owner.team", "status", "title"]
        );
        let texts: Vec<&str> = fields.values().map(text).collect();
        assert_eq!(texts, names);
        let pairs: Vec<(String, String)> = fields
            .clone()
            .into_iter()
            .map(|(name, f)| (name.to_string(), text(&f).to_string()))
            .collect();
        assert_eq!(pairs.len(), 5);
        assert_eq!(pairs[0], ("done_when".to_string(), "done_when".to_string()));
        assert_eq!(
            fields.iter().next_back().map(|(name, _)| name),
            Some("title")
        );
        assert_eq!(fields.len(), 5);
    }

    #[test]
    fn finished_records_share_their_names_and_a_change_to_one_leaves_the_other() {
        let finished = |pairs: &[(&str, &str)]| {
            let mut fields: Fields = pairs
                .iter()
                .map(|(name, value)| ((*name).into(), field(value)))
                .collect();
            fields.shrink_to_fit();
            fields
        };
        let mut first = finished(&[("owner", "@a"), ("status", "active")]);
        let second = finished(&[("status", "done"), ("owner", "@b")]);
        let (Names::Shared(a), Names::Shared(b)) = (&first.names, &second.names) else {
            panic!("finished records share their names");
        };
        assert!(Arc::ptr_eq(a, b));
        let other = finished(&[("owner", "@c")]);
        assert_eq!(other.keys().collect::<Vec<_>>(), ["owner"]);

        first.insert("team".into(), field("core"));
        assert_eq!(first.remove("owner").as_ref().map(text), Some("@a"));
        assert_eq!(first.keys().collect::<Vec<_>>(), ["status", "team"]);
        assert_eq!(second.keys().collect::<Vec<_>>(), ["owner", "status"]);
        assert_eq!(text(&second["owner"]), "@b");
        let pairs: Vec<(String, String)> = second
            .into_iter()
            .map(|(name, f)| (name.to_string(), text(&f).to_string()))
            .collect();
        assert_eq!(
            pairs,
            [
                ("owner".into(), "@b".into()),
                ("status".into(), "done".into())
            ]
        );
    }

    #[test]
    fn inserting_a_name_again_replaces_its_field_and_returns_the_old_one() {
        let mut fields = Fields::new();
        assert_eq!(fields.insert("owner".into(), field("@a")), None);
        let old = fields.insert("owner".into(), field("@b"));
        assert_eq!(old.as_ref().map(text), Some("@a"));
        assert_eq!(fields.len(), 1);
        assert_eq!(text(&fields["owner"]), "@b");
    }

    #[test]
    fn removing_takes_the_field_out_and_keeps_the_rest_sorted() {
        let mut fields: Fields = ["c", "a", "b"]
            .into_iter()
            .map(|name| (name.into(), field(name)))
            .collect();
        assert_eq!(fields.remove("b").as_ref().map(text), Some("b"));
        assert_eq!(fields.remove("b"), None);
        assert!(!fields.contains_key("b"));
        assert!(fields.contains_key("a") && fields.contains_key("c"));
        assert_eq!(fields.keys().collect::<Vec<_>>(), ["a", "c"]);
        assert_eq!(fields.get("zz"), None);
        fields.remove("a");
        fields.remove("c");
        assert!(fields.is_empty());
    }

    #[test]
    fn extending_lets_the_stronger_fields_win_by_name() {
        let mut weaker: Fields = [("owner", "@weak"), ("status", "active")]
            .into_iter()
            .map(|(name, value)| (name.into(), field(value)))
            .collect();
        let stronger: Fields = [("owner", "@strong"), ("quarter", "2025Q1")]
            .into_iter()
            .map(|(name, value)| (name.into(), field(value)))
            .collect();
        weaker.extend(stronger);
        let pairs: Vec<(&str, &str)> = weaker.iter().map(|(n, f)| (n, text(f))).collect();
        assert_eq!(
            pairs,
            [
                ("owner", "@strong"),
                ("quarter", "2025Q1"),
                ("status", "active")
            ]
        );
        if let Some(status) = weaker.get_mut("status") {
            status.mapped = true;
        }
        assert!(weaker["status"].mapped);
        weaker.shrink_to_fit();
        assert_eq!(weaker.len(), 3);
        // Extending no fields gives the stronger ones, findable by name.
        let mut none = Fields::new();
        none.extend(weaker.clone());
        assert_eq!(none, weaker);
        assert_eq!(none.get("quarter").map(text), Some("2025Q1"));
    }

    proptest::proptest! {
        /// Names sort in byte order and are found, whatever they hold: NUL
        /// bytes (where the zero padding could tie), long shared starts
        /// (where the prefixes tie), any Unicode.
        #[test]
        fn names_sort_by_their_bytes_and_are_found(
            names in proptest::collection::vec(
                proptest::prop_oneof![
                    "[a\\x00]{0,10}",
                    "done_when[a-z\\x00]{0,3}",
                    proptest::prelude::any::<String>(),
                ],
                // Past SCANNED_NAMES: both searches.
                0..40,
            ),
            absent in proptest::prop_oneof!["[a\\x00]{0,10}", proptest::prelude::any::<String>()],
        ) {
            let mut fields = Fields::new();
            for name in &names {
                fields.insert(name.as_str().into(), field(name));
            }
            let mut expected: Vec<&str> = names.iter().map(String::as_str).collect();
            expected.sort_unstable();
            expected.dedup();
            proptest::prop_assert_eq!(fields.keys().collect::<Vec<_>>(), expected);
            for name in &names {
                proptest::prop_assert_eq!(fields.get(name).map(text), Some(name.as_str()));
            }
            proptest::prop_assert_eq!(fields.contains_key(&absent), names.contains(&absent));
        }

        /// A prefix is the first eight bytes, big-endian, padded with zeros.
        #[test]
        fn a_prefix_is_the_first_eight_bytes_padded(
            bytes in proptest::collection::vec(proptest::prelude::any::<u8>(), 0..12),
        ) {
            let mut padded = [0u8; 8];
            for (slot, byte) in padded.iter_mut().zip(&bytes) {
                *slot = *byte;
            }
            proptest::prop_assert_eq!(prefix_of(&bytes), u64::from_be_bytes(padded));
        }
    }
}
