//! The guess `init` makes of where a plan in another layout is: each
//! document's shape (frontmatter, a metadata table or a data file that
//! names an owner or a team's members, an owner column, headings that name
//! owners, lists of goals in a data file), then one `[[source]]` per group
//! of documents of the same shape, with a glob that also reads the group's
//! next document.

use crate::parse::node::{Node, NodeKind};
use crate::source::Snapshot;
use std::collections::{BTreeMap, BTreeSet};
use std::fmt::Write;

/// Files read to guess sources, at most: the guess is linear and bounded
/// whatever the repository holds.
const MAX_FILES_READ: usize = 2000;

/// Files read in one folder, at most: a folder of a thousand goal files
/// is known by its first hundred (the others are taken to be like them),
/// and the read limit is left for the rest of the repository.
const MAX_FILES_READ_PER_FOLDER: usize = 100;

/// Folder names whose subfolders are one per team (`teams/search/`).
const TEAM_FOLDERS: &[&str] = &["teams", "team", "squads", "squad", "groups", "group"];

/// Column, row and label names that say "this is who owns it".
const OWNER_NAMES: &[&str] = &[
    "owner",
    "owners",
    "dri",
    "point of contact",
    "champion",
    "responsible",
    "accountable",
    "driver",
    "owner(s)",
    "owned by",
];

/// How one document holds goals or teams, as far as a quick look can tell.
#[derive(Debug, Clone, PartialEq, Eq, PartialOrd, Ord)]
pub(super) enum Shape {
    /// A two-column metadata table with an owner row (one goal per file);
    /// the row's name as written.
    MetadataTable(String),
    /// Labelled lines above the first section, one of them naming the
    /// owner (`Owner: Ana Ruiz`, as a Notion page exports its properties):
    /// one goal per file; the label as written.
    LabelledGoal(String),
    /// A table with an owner column (one goal per row); the header as written.
    OwnerColumn(String),
    /// Headings with an owner label under them (one goal per heading).
    HeadingsWithOwners,
    /// Headings of this level that name their owner, `(Owner: X)`; true when
    /// the owner is a `<TeamMember name="...">` component.
    OwnerInHeading(usize, bool),
    /// Headings of this level over numbered key results that name their
    /// owners (`### KR1.1 ... (Owner: @ana)`): the objectives are the goals,
    /// their key results its done criteria.
    KeyResultsUnder(usize),
    /// Headings of this level below a quarter's heading, each with a list
    /// right under it (`## 2019 Q1`, `### Used in production`, `* p0 -
    /// ...`), as IPFS's OKR pages write objectives: the objectives are the
    /// goals, the bullets their done criteria.
    ObjectivesWithBullets(usize),
    /// Frontmatter that names an owner (one goal per file): the owner key
    /// as written.
    FrontmatterGoal(String),
    /// A document that names members or a lead, in its frontmatter or in
    /// a metadata table or labelled lines above its first section (one
    /// team per file).
    /// The fields it names in a map of its own (`[people]` with `members`
    /// and `leads`), each with its path (`people.members`): the default
    /// names read only the top's keys.
    TeamDocument(Vec<(String, String)>),
    /// A TOML, YAML or JSON file with `goals`/`teams` arrays.
    DataArrays,
    /// A data file's list of maps that name their owner, one goal each.
    DataList {
        /// The path expression that reaches them.
        select: String,
        /// The owner key, as written.
        owner: String,
        /// The key that is the title when it is not `title` or `name` (a
        /// spreadsheet's `Objective` column).
        title: Option<String>,
        /// Whether their quarter is written around them (a roadmap's
        /// `quarter: Q1 2027` above its items), not in each.
        quarter_around: bool,
    },
    /// A data file whose top map names its owner and has a title: one
    /// goal per file. The owner key as written.
    DataDocument(String),
    /// A data file's list of maps that name members or a lead, one team
    /// each: the path expression that reaches them.
    DataTeams(String),
    /// A catalog of resources that say their `kind` and have a
    /// `metadata.name`, as Backstage writes its org (often several
    /// documents to a file: a Group, then its Users): one team per
    /// resource of this kind, as written (`Group`).
    Catalog(String),
}

impl Shape {
    /// Whether documents of this shape hold teams rather than goals.
    fn is_team(&self) -> bool {
        matches!(
            self,
            Shape::TeamDocument(_) | Shape::DataTeams(_) | Shape::Catalog(_)
        )
    }

    /// Whether a document of this shape is one entity.
    fn one_per_file(&self) -> bool {
        matches!(
            self,
            Shape::MetadataTable(_)
                | Shape::LabelledGoal(_)
                | Shape::DataDocument(_)
                | Shape::FrontmatterGoal(_)
                | Shape::TeamDocument(_)
        )
    }
}

/// A cell's or a label's name without its bold marks and colon:
/// `**Owner:**` → `Owner`.
fn label_name(text: &str) -> &str {
    text.trim().trim_matches('*').trim().trim_end_matches(':')
}

/// Whether a cell or a label (`**Owner:**`) says "who owns it".
fn is_owner_name(text: &str) -> bool {
    is_owner_key(label_name(text))
}

/// The documents a guess reads: Markdown and data files, a bounded
/// number in all and in each folder.
fn candidates(snapshot: &Snapshot) -> impl Iterator<Item = &String> {
    let mut read_in_folder: BTreeMap<&str, usize> = BTreeMap::new();
    snapshot
        .paths
        .iter()
        .filter(|p| !skipped(p) && (is_markdown(p) || is_data(p)))
        .filter(move |p| {
            let in_folder = read_in_folder.entry(folder_and_name(p).0).or_insert(0);
            *in_folder += 1;
            *in_folder <= MAX_FILES_READ_PER_FOLDER
        })
        .take(MAX_FILES_READ)
}

/// How many documents a guess reads ([`sources`]): when it finds no plan,
/// `init` says how many it looked at.
pub(super) fn documents_read(snapshot: &Snapshot) -> usize {
    candidates(snapshot).count()
}

/// Whether a table's second header names what its rows explain (`|
/// Field | Description |`, `| Status | Meaning |`): a legend, not a
/// metadata table.
fn is_legend_header(cell: &str) -> bool {
    matches!(
        crate::parse::normalize_name(label_name(cell)).as_str(),
        "description" | "meaning" | "explanation" | "definition" | "notes" | "details" | "purpose"
    )
}

/// Whether a label names a proposal's authors (`Author:`, `Authors:`).
fn is_author_name(text: &str) -> bool {
    matches!(
        crate::parse::normalize_name(label_name(text)).as_str(),
        "author" | "authors" | "author(s)"
    )
}

/// The cells of a Markdown table row, or `None` if `line` is not one.
fn cells(line: &str) -> Option<Vec<&str>> {
    let line = line.trim();
    let inner = line.strip_prefix('|')?;
    let inner = inner.strip_suffix('|').unwrap_or(inner);
    Some(inner.split('|').map(str::trim).collect())
}

fn is_separator(row: &[&str]) -> bool {
    row.iter()
        .all(|c| !c.is_empty() && c.chars().all(|ch| matches!(ch, '-' | ':' | ' ')))
}

/// Whether a cell or a label (`**Members:**`) names a team's members or lead.
fn is_team_name(text: &str) -> bool {
    is_team_key(label_name(text))
}

/// Whether a key names a team's members or lead.
fn is_team_key(key: &str) -> bool {
    matches!(default_field(key), Some("members" | "lead"))
}

/// The field planlint's default names read `key` as (`Members` is
/// `members`, `DRI` is `owner`), if any.
fn default_field(key: &str) -> Option<&'static str> {
    let key = crate::parse::normalize_name(key);
    crate::config::DEFAULT_ALIASES
        .iter()
        .find(|(_, names)| names.contains(&key.as_str()))
        .map(|(canonical, _)| *canonical)
}

/// The shape a Markdown document's frontmatter gives it: a goal when it
/// names an owner, a team when it names members or a lead.
fn frontmatter_shape(text: &str) -> Option<Shape> {
    let front = crate::parse::frontmatter_tree(text)?;
    if let Some(owner) = owner_key(&front) {
        return Some(Shape::FrontmatterGoal(owner.into()));
    }
    let NodeKind::Map(entries) = &front.kind else {
        return None;
    };
    let keys = || entries.iter().map(|(key, _, _)| key.as_str());
    if let Some(lead) = lead_of_a_plan_item(keys()) {
        return Some(Shape::FrontmatterGoal(lead.into()));
    }
    team_document(entries)
}

/// The lead key of a plan item's fields (`lead: @ana` beside `status:` or
/// `quarter:`, and no members): a project's lead is its owner, where a
/// team's lead comes with its members.
fn lead_of_a_plan_item<'k>(keys: impl Iterator<Item = &'k str> + Clone) -> Option<&'k str> {
    let plan_item =
        (keys.clone()).any(|key| matches!(default_field(key), Some("status" | "quarter")));
    let members = (keys.clone()).any(|key| default_field(key) == Some("members"));
    let lead = (keys.clone()).find(|key| default_field(key) == Some("lead"));
    lead.filter(|_| plan_item && !members)
}

/// Looks at a Markdown document's frontmatter, then its lines, for the
/// shapes planlint can read.
fn markdown_shape(text: &str) -> Option<Shape> {
    if let Some(shape) = frontmatter_shape(text) {
        return Some(shape);
    }
    let lines: Vec<&str> = text.lines().collect();
    let mut headings = 0usize;
    let mut labelled_owner_under_heading = false;
    let mut labelled_owner_at_top = None;
    let mut labelled_author_at_top = None;
    let mut labelled_plan_item_at_top = false;
    let mut labelled_at_top: Vec<&str> = Vec::new();
    let mut names_team = false;
    // Whether the current table's rows explain fields rather than hold them.
    let mut in_legend = false;
    // The levels of the headings that enclose the current line.
    let mut enclosing: Vec<usize> = Vec::new();
    for (n, line) in lines.iter().enumerate() {
        let trimmed = line.trim_start();
        if trimmed.starts_with('#') {
            headings += 1;
            let level = trimmed.chars().take_while(|c| *c == '#').count();
            enclosing.retain(|above| *above < level);
            let lower = trimmed.to_lowercase();
            if OWNER_NAMES
                .iter()
                .any(|n| lower.contains(&format!("({n}:")))
            {
                if let (true, Some(parent)) = (is_key_result(trimmed), enclosing.last()) {
                    return Some(Shape::KeyResultsUnder(*parent));
                }
                let component = trimmed.contains("<TeamMember name=\"");
                return Some(Shape::OwnerInHeading(level, component));
            }
            enclosing.push(level);
            continue;
        }
        if let Some(row) = cells(line) {
            let next = lines.get(n + 1).and_then(|l| cells(l));
            let header_row = next.as_deref().is_some_and(is_separator);
            if header_row {
                in_legend = matches!(row.as_slice(), [_, second] if is_legend_header(second));
            }
            // A table that explains fields (`| Field | Description |`, a
            // process page's) names an owner row without being a goal's.
            if in_legend {
                continue;
            }
            if header_row && row.len() > 2 {
                if let Some(owner) = row.iter().find(|c| is_owner_name(c)) {
                    return Some(Shape::OwnerColumn(owner.to_string()));
                }
            }
            let owner_row = row.len() == 2 && is_owner_name(row.first().unwrap_or(&""));
            if owner_row && headings <= 1 {
                return Some(Shape::MetadataTable(
                    label_name(row.first().unwrap_or(&"")).to_string(),
                ));
            }
            // A metadata table under a section's heading: that heading is
            // one goal, as a labelled owner line under it would make it.
            labelled_owner_under_heading |= owner_row && headings >= 2;
            names_team |=
                row.len() == 2 && headings <= 1 && is_team_name(row.first().unwrap_or(&""));
            continue;
        }
        in_legend = false;
        let label = trimmed.trim_start_matches(['-', '*', ' ']);
        if let (true, Some((name, value))) = (headings <= 1, label.split_once(':')) {
            names_team |= is_team_name(name) && !value.trim().is_empty();
            if !value.trim().is_empty() {
                labelled_at_top.push(label_name(name));
            }
            if is_owner_name(name) && !value.trim().is_empty() && labelled_owner_at_top.is_none() {
                labelled_owner_at_top = Some(label_name(name).to_string());
            }
            if is_author_name(name) && !value.trim().is_empty() && labelled_author_at_top.is_none()
            {
                labelled_author_at_top = Some(label_name(name).to_string());
            }
            labelled_plan_item_at_top |= match default_field(label_name(name)) {
                // A status a plan item has: a word or two (`Draft`, `On
                // track`), not a service's note (`M7 complete (v0.7.0) —
                // business layer only`).
                Some("status") => super::statuses::reads_as_status(value),
                Some("quarter") => !value.trim().is_empty(),
                _ => false,
            };
        }
        if headings >= 2 {
            if let Some((name, value)) = label.split_once(':') {
                if is_owner_name(name) && !value.trim().is_empty() {
                    labelled_owner_under_heading = true;
                }
            }
        }
    }
    if labelled_owner_under_heading {
        Some(Shape::HeadingsWithOwners)
    } else if let Some(label) = labelled_owner_at_top.filter(|_| labelled_plan_item_at_top) {
        // An owner alone is any document's (a service's README); with a
        // status or a quarter it is a plan item's.
        Some(Shape::LabelledGoal(label))
    } else if let Some(label) = labelled_author_at_top.filter(|_| labelled_plan_item_at_top) {
        // A proposal with a status (Swift Evolution's, Kotlin's KEEP) is a
        // plan item its authors drive, as a KEP's `kep.yaml` is.
        Some(Shape::LabelledGoal(label))
    } else if let Some(lead) = lead_of_a_plan_item(labelled_at_top.iter().copied()) {
        Some(Shape::LabelledGoal(lead.to_string()))
    } else if names_team {
        Some(Shape::TeamDocument(Vec::new()))
    } else {
        objectives_with_bullets(&lines).map(Shape::ObjectivesWithBullets)
    }
}

/// The level of an OKR page's objectives: headings below a heading that
/// names a quarter, whose first line of content is a bullet; at least two
/// of them at one level (the level with most).
fn objectives_with_bullets(lines: &[&str]) -> Option<usize> {
    let mut quarter_level: Option<usize> = None;
    let mut counts: BTreeMap<usize, usize> = BTreeMap::new();
    // The heading whose first line of content is awaited, by its level.
    let mut awaited: Option<usize> = None;
    for line in lines {
        let trimmed = line.trim_start();
        if trimmed.starts_with('#') {
            let level = trimmed.chars().take_while(|c| *c == '#').count();
            let text = trimmed.trim_start_matches('#');
            if quarter_level.is_some_and(|quarter| level <= quarter) {
                quarter_level = None;
            }
            if QUARTER_SHAPE.is_match(text) {
                quarter_level = Some(level);
                awaited = None;
            } else {
                awaited = quarter_level.map(|_| level);
            }
            continue;
        }
        if trimmed.is_empty() {
            continue;
        }
        if let Some(level) = awaited.take() {
            if trimmed.starts_with("* ") || trimmed.starts_with("- ") {
                *counts.entry(level).or_default() += 1;
            }
        }
    }
    (counts.into_iter())
        .filter(|(_, found)| *found >= 2)
        .max_by_key(|(level, found)| (*found, std::cmp::Reverse(*level)))
        .map(|(level, _)| level)
}

/// Whether a heading is a numbered key result (`### KR1.1 ...`, `## Key
/// result 2: ...`): a word planlint reads as done criteria, then a number.
fn is_key_result(heading: &str) -> bool {
    let text = heading.trim_start_matches(['#', ' ']);
    let Some(digit) = text.find(|c: char| c.is_ascii_digit()) else {
        return false;
    };
    let word = text.get(..digit).unwrap_or("");
    !word.trim().is_empty()
        && word.chars().all(|c| c.is_alphabetic() || c == ' ')
        && default_field(word) == Some("done_when")
}

/// How many entries of a list are looked at for an owner key.
const ENTRIES_LOOKED_AT: usize = 20;

/// Whether a key says "who owns it" (`owner`, `Point of contact`,
/// `point_of_contact`), as field names are compared.
fn is_owner_key(key: &str) -> bool {
    let key = crate::parse::normalize_name(key);
    OWNER_NAMES
        .iter()
        .any(|name| crate::parse::normalize_name(name) == key)
}

/// A key a path expression can name as it is.
fn is_plain_key(key: &str) -> bool {
    !key.is_empty()
        && key
            .chars()
            .all(|c| c.is_ascii_alphanumeric() || matches!(c, '_' | '-'))
}

/// Keys that hold an entity's title in lists that have no `title` or
/// `name`: a spreadsheet's first column, as OKR and roadmap sheets name it.
const TITLE_KEYS: &[&str] = &[
    "objective",
    "initiative",
    "project",
    "goal",
    "okr",
    "summary",
];

/// The key of a map that is its title when it has no `title` or `name`
/// (which data mode reads as the title already), as written.
fn title_key(node: &Node) -> Option<String> {
    let NodeKind::Map(entries) = &node.kind else {
        return None;
    };
    if key_named(entries, &["title", "name"]).is_some() {
        return None;
    }
    key_named(entries, TITLE_KEYS).map(|(key, _, _)| key.clone())
}

/// The first entry of a map whose key is one of `names`, as field names
/// are compared (`Title`, `TITLE` and ` title ` are `title`).
fn key_named<'e>(
    entries: &'e [(String, crate::diagnostic::Span, Node)],
    names: &[&str],
) -> Option<&'e (String, crate::diagnostic::Span, Node)> {
    (entries.iter()).find(|(key, _, _)| names.contains(&crate::parse::normalize_name(key).as_str()))
}

/// The owner key of a map, as written, if it has one.
fn owner_key(node: &Node) -> Option<&str> {
    let NodeKind::Map(entries) = &node.kind else {
        return None;
    };
    entries
        .iter()
        .map(|(key, _, _)| key.as_str())
        .find(|key| is_owner_key(key))
}

/// What the maps of a list (or of a map's values) are, by the keys of
/// its first entries.
enum Listed<'a> {
    /// Goals: a map names an owner (the key as written).
    Goals(&'a str),
    /// Teams: a map names members or a lead, and none an owner.
    Teams,
}

/// What a candidate's entries are, if they are goals or teams. In a list
/// one entry that names an owner (or a team's people) tells; the values
/// of a map are entities only when two of them say so, as any map may
/// hold one map with an `owner` key.
fn listed<'a>(candidate: &Candidate<'a>) -> Option<Listed<'a>> {
    let wanted = if candidate.keyed { 2 } else { 1 };
    let owners: Vec<&str> = candidate
        .entries
        .iter()
        .filter_map(|e| owner_key(e))
        .collect();
    if let Some(owner) = owners.first().filter(|_| owners.len() >= wanted) {
        return Some(Listed::Goals(owner));
    }
    let names_team = |item: &&&Node| match &item.kind {
        NodeKind::Map(entries) => entries.iter().any(|(key, _, _)| is_team_key(key)),
        _ => false,
    };
    (candidate.entries.iter().filter(names_team).count() >= wanted).then_some(Listed::Teams)
}

/// How a TOML, YAML or JSON file holds goals or teams: `goals`/`teams`
/// arrays at the top (planlint's own data layout); a list of maps that
/// name owners (goals) or else members or a lead (teams), at the top or
/// under a key or two; or one goal whose top map names its owner and its
/// title. A file is read by one source: goals are looked for first.
fn data_shape(path: &str, text: &str) -> Option<Shape> {
    let root = crate::parse::data_tree(text, path).ok()?;
    if let Some(kind) = catalog_team_kind(&root) {
        return Some(Shape::Catalog(kind));
    }
    if let NodeKind::Map(entries) = &root.kind {
        let planlint_arrays = ["goal", "goals", "team", "teams"];
        if entries.iter().any(|(key, _, value)| {
            planlint_arrays.contains(&key.as_str())
                && matches!(value.kind, NodeKind::List(_) | NodeKind::Map(_))
        }) {
            return Some(Shape::DataArrays);
        }
    }
    let lists = candidate_lists(&root);
    let found: Vec<(&Candidate, Listed)> = (lists.iter())
        .filter_map(|candidate| Some((candidate, listed(candidate)?)))
        .collect();
    if let Some((candidate, owner)) = found.iter().find_map(|(candidate, listed)| match listed {
        Listed::Goals(owner) => Some((candidate, owner)),
        Listed::Teams => None,
    }) {
        let title = candidate.entries.iter().find_map(|e| title_key(e));
        return Some(Shape::DataList {
            select: candidate.select.clone(),
            owner: owner.to_string(),
            title,
            quarter_around: quarter_around(candidate),
        });
    }
    if let Some((candidate, _)) = found.first() {
        return Some(Shape::DataTeams(candidate.select.clone()));
    }
    let NodeKind::Map(entries) = &root.kind else {
        return None;
    };
    let has = |names: &[&str]| key_named(entries, names);
    let titled = has(&["title", "name"]).is_some();
    // A proposal with a status is a plan item, and its authors drive it
    // (a Kubernetes KEP's `kep.yaml`); elsewhere an author is only who
    // wrote the file.
    let authors = || has(&["status"]).and(has(&["authors", "author"]));
    let owner = owner_key(&root).or_else(|| authors().map(|(key, _, _)| key.as_str()));
    match owner {
        Some(owner) if titled => Some(Shape::DataDocument(owner.into())),
        // A file that names members or a lead at its top is one team, as
        // a Markdown team's frontmatter is (`teams/growth.toml`).
        _ => team_document(entries),
    }
}

/// The kind of a catalog's teams (`Group`, `Team`, as written) when the
/// file is one resource or a stream of them, each a map with a `kind` and
/// a `metadata` map that has a `name`, and one of them is a team.
fn catalog_team_kind(root: &Node) -> Option<String> {
    let documents = match &root.kind {
        NodeKind::List(items) => items.as_slice(),
        NodeKind::Map(_) => std::slice::from_ref(root),
        _ => return None,
    };
    let mut team_kind = None;
    for document in documents {
        let NodeKind::Map(entries) = &document.kind else {
            return None;
        };
        let (_, _, kind) = key_named(entries, &["kind"])?;
        let (_, _, metadata) = key_named(entries, &["metadata"])?;
        let NodeKind::Map(metadata) = &metadata.kind else {
            return None;
        };
        key_named(metadata, &["name"])?;
        if let NodeKind::Scalar(kind) = &kind.kind {
            if ["group", "team"].contains(&kind.to_ascii_lowercase().as_str()) {
                team_kind.get_or_insert_with(|| kind.clone());
            }
        }
    }
    team_kind
}

/// A team's document, when a map's keys name its members or lead: at the
/// top (`members:`), or in a map under one key (`[people]` with `leads`
/// and `members`, as the Rust project's team files write them), whose
/// paths the source then names.
fn team_document(entries: &[(String, crate::diagnostic::Span, Node)]) -> Option<Shape> {
    let flat = |value: &Node| !matches!(value.kind, NodeKind::Map(_));
    if entries
        .iter()
        .any(|(key, _, value)| is_team_key(key) && flat(value))
    {
        return Some(Shape::TeamDocument(Vec::new()));
    }
    let mut nested: Vec<(String, String)> = Vec::new();
    for (outer, _, value) in entries {
        let NodeKind::Map(inner) = &value.kind else {
            continue;
        };
        for (key, _, _) in inner {
            let Some(field) =
                default_field(key.as_str()).filter(|f| matches!(*f, "members" | "lead"))
            else {
                continue;
            };
            if !nested.iter().any(|(seen, _)| seen == field) {
                nested.push((field.to_string(), format!("{outer}.{key}")));
            }
        }
        if !nested.is_empty() {
            break;
        }
    }
    (!nested.is_empty()).then_some(Shape::TeamDocument(nested))
}

/// How many keys deep [`candidate_lists`] looks, and how many of a tree's
/// nodes: enough for a roadmap's quarters and their items, and a bound
/// on any tree.
const LIST_DEPTH: usize = 4;
const NODES_LOOKED_AT: usize = 2_000;

/// A list of a data tree, or a map, whose entries may be goals or teams.
struct Candidate<'a> {
    /// The path expression to the entries: `objectives[*]`, `teams.*`.
    select: String,
    /// Its first entries.
    entries: Vec<&'a Node>,
    /// Whether the entries are a map's values, each named by its key.
    keyed: bool,
    /// The scalar values of the maps around the entries, nearest first
    /// (a roadmap's `quarter: Q1 2027` above its items).
    around: Vec<&'a str>,
}

/// A quarter as written (`Q1 2027`, `2027-Q1`, `H2 2027`): an `enclosing`
/// regex for the entries' quarter, in a TOML literal string.
const QUARTER: &str = r"(?i)(?P<value>\b(?:[QH][1-4][ _/-]?\d{4}|\d{4}[ _/-]?[QH][1-4])\b)";

static QUARTER_SHAPE: std::sync::LazyLock<regex::Regex> = std::sync::LazyLock::new(|| {
    regex::Regex::new(QUARTER).unwrap_or_else(|_| unreachable!("the quarter regex compiles"))
});

/// A name that says when: a quarter, a half, a year or a fiscal year
/// (`2027-Q1.md`, `h2-2026.md`, `2027.md`, `FY27.md`).
static DATED: std::sync::LazyLock<regex::Regex> = std::sync::LazyLock::new(|| {
    regex::Regex::new(r"(?i)(?:^|[^0-9a-z])(?:20\d{2}|fy\d{2}|[qh][1-4])(?:[^0-9a-z]|$)")
        .unwrap_or_else(|_| unreachable!("the dated-name regex compiles"))
});

fn is_dated(name: &str) -> bool {
    DATED.is_match(name)
}

/// The values a map lends the entries inside it, and all of them: the
/// bounds of what extraction's `enclosing` reads.
const AROUND_PER_MAP: usize = 8;
const AROUND: usize = 32;

/// `around` with a map's first scalar values before it.
fn around_of<'a>(
    entries: &'a [(String, crate::diagnostic::Span, Node)],
    around: &[&'a str],
) -> Vec<&'a str> {
    let scalars = entries.iter().filter_map(|(_, _, node)| match &node.kind {
        NodeKind::Scalar(text) => Some(text.as_str()),
        _ => None,
    });
    let mut out: Vec<&str> = scalars.take(AROUND_PER_MAP).collect();
    out.extend(around.iter().copied());
    out.truncate(AROUND);
    out
}

/// Whether the candidate's entries name no quarter, and the maps around
/// them do.
fn quarter_around(candidate: &Candidate) -> bool {
    let names_quarter = |node: &&Node| match &node.kind {
        NodeKind::Map(entries) => {
            (entries.iter()).any(|(key, _, _)| default_field(key) == Some("quarter"))
        }
        _ => false,
    };
    !candidate.entries.iter().any(names_quarter)
        && candidate
            .around
            .iter()
            .any(|text| QUARTER_SHAPE.is_match(text))
}

/// The lists and maps of a data tree whose entries may be goals or teams,
/// shallowest first: the tree itself, under a key or two (`objectives[*]`,
/// `okrs.2027[*]`, a map of teams by name: `teams.*`), and inside the
/// entries of a list (`roadmap[*].items[*]`: a quarter's items).
fn candidate_lists(root: &Node) -> Vec<Candidate<'_>> {
    let mut lists = Vec::new();
    let mut seen = BTreeSet::new();
    let mut queue = std::collections::VecDeque::from([(String::new(), root, 0, Vec::new())]);
    let mut looked_at = 0;
    while let Some((path, node, depth, around)) = queue.pop_front() {
        looked_at += 1;
        if looked_at > NODES_LOOKED_AT {
            break;
        }
        // What is under this node, as far as the queue has room for it.
        let room = match depth < LIST_DEPTH {
            true => NODES_LOOKED_AT.saturating_sub(looked_at + queue.len()),
            false => 0,
        };
        let plain = |(key, _, _): &&(String, _, Node)| is_plain_key(key);
        let (prefix, under): (String, Vec<_>) = match &node.kind {
            NodeKind::List(items) => {
                let select = format!("{path}[*]");
                if !seen.insert(select.clone()) {
                    continue;
                }
                let entries: Vec<&Node> = items.iter().take(ENTRIES_LOOKED_AT).collect();
                let maps = entries.iter().filter_map(|item| match &item.kind {
                    NodeKind::Map(entries) => Some(entries),
                    _ => None,
                });
                let under = maps
                    .flat_map(|entries| {
                        let inside = around_of(entries, &around);
                        entries
                            .iter()
                            .filter(plain)
                            .map(move |e| (e, inside.clone()))
                    })
                    .take(room)
                    .collect();
                lists.push(Candidate {
                    select: select.clone(),
                    entries,
                    keyed: false,
                    around,
                });
                (format!("{select}."), under)
            }
            NodeKind::Map(entries) => {
                let prefix = match path.is_empty() {
                    true => String::new(),
                    false => format!("{path}."),
                };
                let inside = around_of(entries, &around);
                lists.push(Candidate {
                    select: format!("{prefix}*"),
                    entries: entries
                        .iter()
                        .take(ENTRIES_LOOKED_AT)
                        .map(|(_, _, v)| v)
                        .collect(),
                    keyed: true,
                    around,
                });
                let under = (entries.iter().filter(plain).take(room))
                    .map(|e| (e, inside.clone()))
                    .collect();
                (prefix, under)
            }
            NodeKind::Null | NodeKind::Scalar(_) => continue,
        };
        let next = under
            .into_iter()
            .map(|((key, _, value), around)| (format!("{prefix}{key}"), value, depth + 1, around));
        queue.extend(next);
    }
    lists
}

fn is_markdown(path: &str) -> bool {
    [".md", ".mdx", ".markdown"]
        .iter()
        .any(|ext| path.ends_with(ext))
}

fn is_data(path: &str) -> bool {
    [".toml", ".yaml", ".yml", ".json", ".csv", ".tsv"]
        .iter()
        .any(|ext| path.ends_with(ext))
}

/// Files that are never a plan: the repository's own machinery.
fn skipped(path: &str) -> bool {
    let name = path.rsplit('/').next().unwrap_or(path);
    path.starts_with('.')
        || path.contains("/.")
        || ["node_modules/", "target/", "vendor/"]
            .iter()
            .any(|d| path.starts_with(d) || path.contains(&format!("/{d}")))
        || matches!(
            name,
            "planlint.toml" | "Cargo.toml" | "package.json" | "package-lock.json" | "CHANGELOG.md"
        )
}

/// A TOML basic string holding `text`.
/// On one line, with `\uXXXX` for every character that would end the line
/// or read differently from what it is: a path or a key is the
/// repository's, and the config is read by people and editors.
fn toml_string(text: &str) -> String {
    let mut out = String::with_capacity(text.len() + 2);
    out.push('"');
    for c in text.chars() {
        match c {
            '"' => out.push_str("\\\""),
            '\\' => out.push_str("\\\\"),
            c if crate::text::is_unprintable(c) => {
                let _ = write!(out, "\\u{:04X}", u32::from(c));
            }
            c => out.push(c),
        }
    }
    out.push('"');
    out
}

/// The folder and the name of a path: `src/2025h1/a.md` → (`src/2025h1`, `a.md`).
fn folder_and_name(path: &str) -> (&str, &str) {
    path.rsplit_once('/').unwrap_or(("", path))
}

/// The extension of a file name, without its dot (empty without one).
fn extension(name: &str) -> &str {
    name.rsplit_once('.').map_or("", |(_, ext)| ext)
}

/// `pattern` inside `folder` (escaped: a folder may hold glob characters).
fn glob_in(folder: &str, pattern: &str) -> String {
    if folder.is_empty() {
        pattern.to_string()
    } else {
        format!("{}/{pattern}", globset::escape(folder))
    }
}

/// The files one `[[source]]` reads.
#[derive(Debug, Clone, PartialEq, Eq, PartialOrd, Ord)]
enum Reach {
    /// One file.
    File(String),
    /// Every file with this extension in one folder: `folder/*.ext`.
    Folder { folder: String, ext: String },
    /// The file of this name in every folder like `folders`, a `*` where
    /// a part is `None`: `contents/teams/*/objectives.mdx`,
    /// `keps/*/*/kep.yaml`. A team's page in a folder per team is read
    /// this way, and so is the next team's.
    Named {
        folders: Vec<Option<String>>,
        name: String,
    },
}

impl Reach {
    fn glob(&self) -> String {
        match self {
            Reach::File(path) => globset::escape(path),
            Reach::Folder { folder, ext } => {
                glob_in(folder, &format!("*.{}", globset::escape(ext)))
            }
            Reach::Named { folders, name } => {
                let mut glob = String::new();
                for part in folders {
                    glob.push_str(&part.as_deref().map_or("*".into(), globset::escape));
                    glob.push('/');
                }
                glob.push_str(&globset::escape(name));
                glob
            }
        }
    }

    /// Whether the glob reads `path` (a `*` stays within one folder).
    fn reads(&self, path: &str) -> bool {
        let (folder, name) = folder_and_name(path);
        match self {
            Reach::File(file) => file == path,
            Reach::Folder { folder: f, ext } => f == folder && extension(name) == ext,
            Reach::Named { folders, name: n } => {
                let parts: Vec<&str> = folder.split('/').collect();
                n == name
                    && !folder.is_empty()
                    && parts.len() == folders.len()
                    && (folders.iter().zip(parts))
                        .all(|(wanted, part)| wanted.as_deref().is_none_or(|w| w == part))
            }
        }
    }

    /// The folder whose subfolders the glob spans, when they are one per
    /// team: `contents/teams` in `contents/teams/*/objectives.mdx`.
    fn teams_folder(&self) -> Option<String> {
        let Reach::Named { folders, .. } = self else {
            return None;
        };
        let fixed: Vec<&str> = folders.iter().map_while(|f| f.as_deref()).collect();
        let spans = fixed.len() < folders.len();
        let last = fixed.last()?;
        (spans && TEAM_FOLDERS.iter().any(|t| last.eq_ignore_ascii_case(t)))
            .then(|| fixed.join("/"))
    }

    /// A `team` field taken from the path, when the folder the glob spans
    /// is one per team: `teams/<team>/objectives.mdx`.
    fn team_regex(&self) -> Option<String> {
        self.teams_folder()
            .map(|parent| format!("^{}/(?P<value>[^/]+)/", regex::escape(&parent)))
    }
}

/// The folder of `folder` up to its first folder of teams that has a
/// folder below it (`contents/teams` in `contents/teams/search`), else
/// nothing. Pages under a folder of teams are grouped apart from pages of
/// the same name elsewhere, so that their glob spans the teams and the
/// team is read from the path.
fn teams_prefix(folder: &str) -> &str {
    let mut end = 0;
    for part in folder.split('/') {
        end += part.len();
        let is_teams = TEAM_FOLDERS.iter().any(|t| part.eq_ignore_ascii_case(t));
        if is_teams && end < folder.len() {
            return folder.get(..end).unwrap_or_default();
        }
        end += 1;
    }
    ""
}

/// The paths of one name at one depth, each group with two members or
/// more, and the folders they share: `keps/sig-a/1-x/kep.yaml` and
/// `keps/sig-b/2-y/kep.yaml` are `keps/*/*/kep.yaml`.
fn named_alike(paths: &[&str]) -> BTreeMap<Reach, Vec<String>> {
    let mut by_name: BTreeMap<(usize, &str, &str), Vec<&str>> = BTreeMap::new();
    for path in paths {
        let (folder, name) = folder_and_name(path);
        if !folder.is_empty() {
            let depth = folder.split('/').count();
            by_name
                .entry((depth, teams_prefix(folder), name))
                .or_default()
                .push(path);
        }
    }
    let mut out = BTreeMap::new();
    for ((_, _, name), members) in by_name {
        let Some((first, others)) = members.split_first() else {
            continue;
        };
        if others.is_empty() {
            continue;
        }
        let mut folders: Vec<Option<&str>> =
            folder_and_name(first).0.split('/').map(Some).collect();
        for other in others {
            for (slot, part) in folders.iter_mut().zip(folder_and_name(other).0.split('/')) {
                if *slot != Some(part) {
                    *slot = None;
                }
            }
        }
        let reach = Reach::Named {
            folders: folders.into_iter().map(|f| f.map(str::to_string)).collect(),
            name: name.to_string(),
        };
        out.insert(reach, members.iter().map(|m| m.to_string()).collect());
    }
    out
}

/// Groups the paths of one shape into reaches. A document of one goal per
/// file is read with its folder's files of its extension, unless it is
/// its folder's only one and other folders like it hold one of its name
/// (a folder per goal: `keps/*/*/kep.yaml`). Other documents of one name
/// at one depth are read together, then those sharing a folder and
/// extension; any other is read alone.
fn reaches(paths: &[&str], one_per_file: bool) -> BTreeMap<Reach, Vec<String>> {
    let mut out: BTreeMap<Reach, Vec<String>> = BTreeMap::new();
    let folder_of = |path: &str| {
        let (folder, name) = folder_and_name(path);
        Reach::Folder {
            folder: folder.to_string(),
            ext: extension(name).to_string(),
        }
    };
    if one_per_file {
        let mut folders: BTreeMap<Reach, Vec<String>> = BTreeMap::new();
        for path in paths {
            folders
                .entry(folder_of(path))
                .or_default()
                .push(path.to_string());
        }
        let alone: Vec<&str> = (folders.values())
            .filter(|members| members.len() == 1)
            .flatten()
            .map(String::as_str)
            .collect();
        let alike = named_alike(&alone);
        let grouped: BTreeSet<&String> = alike.values().flatten().collect();
        folders.retain(|_, members| !members.iter().any(|m| grouped.contains(m)));
        out.extend(folders);
        out.extend(alike);
        return out;
    }
    let siblings = named_alike(paths);
    let grouped: BTreeSet<String> = siblings.values().flatten().cloned().collect();
    let mut folders: BTreeMap<Reach, Vec<String>> = BTreeMap::new();
    for path in paths.iter().filter(|p| !grouped.contains(**p)) {
        folders
            .entry(folder_of(path))
            .or_default()
            .push(path.to_string());
    }
    for (reach, members) in folders {
        // A folder's one page named for its quarter or year
        // (`okrs/2027-Q1.md`) is the first of its kind: the next
        // quarter's page will be written beside it.
        let dated = || members.iter().any(|m| is_dated(folder_and_name(m).1));
        if members.len() > 1 || dated() {
            out.insert(reach, members);
        } else {
            for member in members {
                out.insert(Reach::File(member.clone()), vec![member]);
            }
        }
    }
    out.extend(siblings);
    out
}

/// One guessed `[[source]]`.
struct Guessed {
    reach: Reach,
    shape: Shape,
    members: Vec<String>,
    /// Files the glob reads that are not of its shape.
    exclude: Vec<String>,
    /// The names the members give their owner (a metadata table's row, a
    /// data key), lowercased.
    owner_rows: Vec<String>,
}

impl Guessed {
    /// The source as TOML, after a blank line. A goal source maps
    /// `statuses` (as written) onto planlint's.
    fn toml(&self, statuses: &[(String, &str)]) -> String {
        let mut out = String::from("\n[[source]]\n");
        let (kind, mode, level) = match &self.shape {
            Shape::MetadataTable(_) | Shape::LabelledGoal(_) => (true, None, None),
            Shape::OwnerColumn(_) => (true, Some("table"), None),
            Shape::HeadingsWithOwners => (true, Some("heading"), None),
            Shape::OwnerInHeading(level, _)
            | Shape::KeyResultsUnder(level)
            | Shape::ObjectivesWithBullets(level) => (true, Some("heading"), Some(*level)),
            Shape::DataArrays => (false, Some("data"), None),
            Shape::DataList { .. } | Shape::DataTeams(_) | Shape::Catalog(_) => {
                (true, Some("data"), None)
            }
            Shape::DataDocument(_) | Shape::FrontmatterGoal(_) | Shape::TeamDocument(_) => {
                (true, None, None)
            }
        };
        if kind {
            let kind = if self.shape.is_team() { "team" } else { "goal" };
            let _ = writeln!(out, "kind = \"{kind}\"");
        }
        if let Some(mode) = mode {
            let _ = writeln!(out, "mode = \"{mode}\"");
        }
        let _ = writeln!(out, "paths = [{}]", toml_string(&self.reach.glob()));
        if !self.exclude.is_empty() {
            let exclude: Vec<String> = self.exclude.iter().map(|p| toml_string(p)).collect();
            let _ = writeln!(out, "exclude = [{}]", exclude.join(", "));
        }
        if let Some(level) = level {
            let _ = writeln!(out, "level = {level}");
        }
        if let Shape::DataList { select, .. } | Shape::DataTeams(select) = &self.shape {
            let _ = writeln!(out, "select = {}", toml_string(select));
        }
        if let Shape::Catalog(kind) = &self.shape {
            let _ = writeln!(out, "select = {}", toml_string(&format!("[kind={kind}]")));
        }
        let mut fields = Vec::new();
        match &self.shape {
            Shape::MetadataTable(_)
            | Shape::LabelledGoal(_)
            | Shape::DataList { .. }
            | Shape::DataDocument(_)
            | Shape::FrontmatterGoal(_) => {
                let unknown: Vec<String> = (self.owner_rows.iter())
                    .filter(|n| default_field(n) != Some("owner"))
                    .map(|n| toml_string(n))
                    .collect();
                if !unknown.is_empty() {
                    fields.push(format!("owner = [{}]", unknown.join(", ")));
                }
            }
            Shape::OwnerColumn(header) => {
                fields.push(format!("owner = {{ column = {} }}", toml_string(header)));
            }

            Shape::OwnerInHeading(_, true) => fields
                .push("owner = { heading = '<TeamMember name=\"(?P<value>[^\"]+)\"' }".to_string()),
            Shape::ObjectivesWithBullets(_) => fields.extend([
                "done_when = [\"items\"]".to_string(),
                format!("quarter = {{ enclosing = '{QUARTER}' }}"),
            ]),
            Shape::OwnerInHeading(_, false)
            | Shape::KeyResultsUnder(_)
            | Shape::HeadingsWithOwners
            | Shape::DataArrays
            | Shape::DataTeams(_) => {}
            Shape::TeamDocument(paths) => {
                for (field, path) in paths {
                    fields.push(format!("{field} = {{ key = {} }}", toml_string(path)));
                }
            }
            Shape::Catalog(_) => fields.extend(
                [
                    "id = { key = \"metadata.name\" }",
                    "title = { key = \"spec.profile.displayName\" }",
                    "mission = { key = \"metadata.description\" }",
                    "members = { key = \"spec.members\" }",
                ]
                .map(String::from),
            ),
        }
        if let Shape::DataList {
            title: Some(title), ..
        } = &self.shape
        {
            fields.push(format!("title = [{}]", toml_string(title)));
        }
        if let Shape::DataList {
            quarter_around: true,
            ..
        } = &self.shape
        {
            fields.push(format!("quarter = {{ enclosing = '{QUARTER}' }}"));
        }
        if let Some(team) = self.reach.team_regex() {
            fields.push(format!("team = {{ path = {} }}", toml_string(&team)));
        }
        if let Some(id) = self.id_regex() {
            fields.push(format!("id = {{ path = {} }}", toml_string(&id)));
        }
        if !statuses.is_empty() && !self.shape.is_team() {
            let pairs: Vec<String> = (statuses.iter())
                .map(|(from, to)| format!("{} = {}", toml_string(from), toml_string(to)))
                .collect();
            fields.push(format!("status = {{ map = {{ {} }} }}", pairs.join(", ")));
        }
        if !fields.is_empty() {
            out.push_str("\n[source.fields]\n");
            for field in fields {
                out.push_str(&field);
                out.push('\n');
            }
        }
        out
    }

    /// The id from the path when each file is its folder's only one and
    /// all have one name (`keps/*/*/kep.yaml`): by default the id is the
    /// file's name, the same for every entity. The folder's name is the
    /// id unless the document writes its own.
    fn id_regex(&self) -> Option<String> {
        let Reach::Named { folders, name } = &self.reach else {
            return None;
        };
        let per_folder = folders.last().is_some_and(Option::is_none);
        (per_folder && self.shape.one_per_file())
            .then(|| format!("(?:^|/)(?P<value>[^/]+)/{}$", regex::escape(name)))
    }

    /// One line for the config's comment: what the source reads.
    fn note(&self) -> String {
        let glob = self.reach.glob();
        let count = self.members.len();
        let what = match &self.shape {
            Shape::MetadataTable(_) => {
                return format!(
                    "{glob}: one goal per file ({count} files read have a metadata table with an owner row)"
                );
            }
            Shape::LabelledGoal(_) => format!(
                "one goal per file: labelled lines above its first section name its owner (`{}`)",
                self.owner_rows.join("`, `")
            ),
            Shape::OwnerColumn(header) => {
                let article = match header.chars().next() {
                    Some(c) if "aeiouAEIOU".contains(c) => "an",
                    _ => "a",
                };
                format!("one goal per table row (a table with {article} `{header}` column)")
            }
            Shape::HeadingsWithOwners => "one goal per heading that names an owner".to_string(),
            Shape::OwnerInHeading(level, _) => {
                format!("one goal per level-{level} heading, which names its owner")
            }
            Shape::ObjectivesWithBullets(level) => format!(
                "one goal per level-{level} heading under a quarter's heading; the bullets right under it are its done criteria"
            ),
            Shape::KeyResultsUnder(level) => format!(
                "one goal per level-{level} heading; the numbered key results under it, which name their owners, are its done criteria"
            ),
            Shape::DataArrays => "teams and goals from its data arrays".to_string(),
            Shape::DataList { select, owner, .. } => {
                format!(
                    "one goal per {}, whose `{owner}` is its owner",
                    entries_of(select)
                )
            }
            Shape::FrontmatterGoal(_) => format!(
                "one goal per file: frontmatter that names an owner (`{}`)",
                self.owner_rows.join("`, `")
            ),
            Shape::TeamDocument(_) => "one team per file, which names its members or lead".to_string(),
            Shape::DataTeams(select) => {
                format!(
                    "one team per {}, which names members or a lead",
                    entries_of(select)
                )
            }
            Shape::DataDocument(_) => format!(
                "one goal per file: a data file with a title and an owner (`{}`)",
                self.owner_rows.join("`, `")
            ),
            Shape::Catalog(kind) => format!(
                "one team per `kind: {kind}` resource of a catalog, its members in `spec.members`"
            ),
        };
        let files = if count > 1 {
            format!(" ({count} files)")
        } else {
            String::new()
        };
        let team = match self.reach.teams_folder() {
            Some(parent) => format!("; the team is the folder in `{parent}`"),
            None => String::new(),
        };
        let id = match self.id_regex() {
            Some(_) => "; the id is its folder's name",
            None => "",
        };
        format!("{glob}{files}: {what}{team}{id}")
    }
}

/// What a data source's `select` reads, in words: `entry of
/// \`okrs[*]\``, `key of \`teams\``, `key of the top map`.
fn entries_of(select: &str) -> String {
    match select.strip_suffix('*').filter(|rest| !rest.ends_with('[')) {
        Some("") => "key of the top map".to_string(),
        Some(map) => format!("key of `{}`", map.trim_end_matches('.')),
        None => format!("entry of `{select}`"),
    }
}

/// The guessed sources, in the order the config lists them.
pub(super) struct Guess(Vec<Guessed>);

impl Guess {
    /// Whether nothing looked like a plan.
    pub(super) fn is_empty(&self) -> bool {
        self.0.is_empty()
    }

    /// One line per source for the config's comment.
    pub(super) fn notes(&self) -> Vec<String> {
        self.0.iter().map(Guessed::note).collect()
    }

    /// The `[[source]]` entries, each goal source mapping `statuses`.
    pub(super) fn toml(&self, statuses: &[(String, &str)]) -> String {
        self.0.iter().map(|g| g.toml(statuses)).collect()
    }
}

/// Guesses `[[source]]` entries from the documents in `snapshot`.
pub(super) fn sources(snapshot: &Snapshot) -> Guess {
    let mut shapes: BTreeMap<String, Shape> = BTreeMap::new();
    let mut read = BTreeSet::new();
    for path in candidates(snapshot) {
        read.insert(path.as_str());
        let Ok(bytes) = snapshot.read_named(path) else {
            continue;
        };
        let Ok(text) = crate::parse::decode(bytes) else {
            continue;
        };
        let shape = if is_markdown(path) {
            markdown_shape(&text)
        } else {
            data_shape(path, &text)
        };
        if let Some(shape) = shape {
            shapes.insert(path.clone(), shape);
        }
    }
    // The paths of each shape; metadata tables are one shape whatever
    // their owner row is called.
    let mut by_shape: BTreeMap<Shape, Vec<&str>> = BTreeMap::new();
    for (path, shape) in &shapes {
        let key = match shape {
            Shape::MetadataTable(_) => Shape::MetadataTable(String::new()),
            Shape::LabelledGoal(_) => Shape::LabelledGoal(String::new()),
            Shape::DataDocument(_) => Shape::DataDocument(String::new()),
            Shape::FrontmatterGoal(_) => Shape::FrontmatterGoal(String::new()),
            other => other.clone(),
        };
        by_shape.entry(key).or_default().push(path);
    }
    let mut guessed = Vec::new();
    for (shape, paths) in &by_shape {
        for (reach, members) in reaches(paths, shape.one_per_file()) {
            // A file read but not of this source's shape (an index page, a
            // page of another shape) is left out; past the read limit, a
            // file is taken to be like the others.
            let exclude = (read.iter())
                .filter(|p| reach.reads(p) && !members.iter().any(|m| m == *p))
                .map(|p| p.to_string())
                .collect();
            let owner_rows = (members.iter())
                .filter_map(|p| match shapes.get(p) {
                    Some(
                        Shape::MetadataTable(name)
                        | Shape::LabelledGoal(name)
                        | Shape::DataDocument(name)
                        | Shape::FrontmatterGoal(name)
                        | Shape::DataList { owner: name, .. },
                    ) => Some(name.to_lowercase()),
                    _ => None,
                })
                .collect::<BTreeSet<_>>()
                .into_iter()
                .collect();
            guessed.push(Guessed {
                reach,
                shape: shape.clone(),
                members,
                exclude,
                owner_rows,
            });
        }
    }
    guessed.sort_by_key(|g| g.reach.glob());
    Guess(guessed)
}

#[cfg(test)]
mod tests {
    use super::*;

    /// A list of goals whose titles and quarters are written as planlint's.
    fn list(select: &str, owner: &str) -> Shape {
        Shape::DataList {
            select: select.into(),
            owner: owner.into(),
            title: None,
            quarter_around: false,
        }
    }

    /// [`list`], whose quarter is written around the entries.
    fn list_in_quarters(select: &str, owner: &str) -> Shape {
        match list(select, owner) {
            Shape::DataList {
                select,
                owner,
                title,
                ..
            } => Shape::DataList {
                select,
                owner,
                title,
                quarter_around: true,
            },
            other => other,
        }
    }
    use proptest::prelude::*;

    proptest! {
        /// Any document, however broken its tables and headings, is looked at without a panic.
        #[test]
        fn any_text_has_a_shape_or_none(text in "([#|*: \\-\n]|[a-zA-Z]{1,6}|Owner|é){0,60}") {
            let _ = markdown_shape(&text);
            let _ = data_shape("a.toml", &text);
            let _ = data_shape("a.json", &text);
        }

        /// Any Unicode, in documents and data files (frontmatter, lists of
        /// maps, keys of any kind), is looked at without a panic.
        #[test]
        fn any_unicode_has_a_shape_or_none(
            text in "(---\n|\\+\\+\\+\n|owner: |  - |\\[\\{\"|\"owner\": |\\PC|\n){0,80}"
        ) {
            let _ = markdown_shape(&text);
            for path in ["a.toml", "a.yaml", "a.json"] {
                let _ = data_shape(path, &text);
            }
        }
    }

    #[test]
    fn shapes_of_documents() {
        assert_eq!(
            markdown_shape("# Goal\n\n| Metadata | |\n|---|---|\n| Point of contact | @a |\n"),
            Some(Shape::MetadataTable("Point of contact".into()))
        );
        assert_eq!(
            markdown_shape(
                "# Roadmap\n\n| Goal | Owner | Status |\n|---|---|---|\n| A | @a | x |\n"
            ),
            Some(Shape::OwnerColumn("Owner".into()))
        );
        assert_eq!(
            markdown_shape("# Roadmap\n\n## Faster builds\n**Owner:** @a\n"),
            Some(Shape::HeadingsWithOwners)
        );
        assert_eq!(
            markdown_shape("## Q4\n#### Search (Owner: <TeamMember name=\"A\" />)\n"),
            Some(Shape::OwnerInHeading(4, true))
        );
        assert_eq!(markdown_shape("# Notes\n\nOwner: me\n| a |\n"), None);
        // A page whose properties name its owner and its status (a Notion
        // export) is one goal.
        assert_eq!(
            markdown_shape("# Failover\n\nOwner: Ana Ruiz\nStatus: In progress\n\n## Why\nx\n"),
            Some(Shape::LabelledGoal("Owner".into()))
        );
        assert_eq!(
            markdown_shape("# Failover\n\n**DRI:** @a\n**Quarter:** Q1 2027\n"),
            Some(Shape::LabelledGoal("DRI".into()))
        );
        // A proposal with a status is driven by its authors (Swift
        // Evolution); a service's README with an owner and a note on its
        // state is no plan item.
        assert_eq!(
            markdown_shape("# Remove `++`\n\n* Proposal: [SE-0004](0004.md)\n* Author: [Chris](https://github.com/c)\n* Status: **Implemented in Swift 3.0** ([Commit](https://github.com/x))\n\n## Introduction\n"),
            Some(Shape::LabelledGoal("Author".into()))
        );
        assert_eq!(
            markdown_shape("# SEO service\n\n**Owner:** @atoz/seo\n**Status:** M7 complete (v0.7.0) — business layer only.\n\n## Run it\n"),
            None
        );
        assert_eq!(
            markdown_shape("# Notes\n\nAuthor: Ana\nUpdated: today\n"),
            None
        );
        // A table that explains fields is a process page's, not a goal's.
        let legend = "| Field | Description |\n|---|---|\n| **status** | Its state. |\n| **owners** | Who drives it. |\n";
        assert_eq!(
            markdown_shape(&format!("# Process\n\n### Metadata\n\n{legend}")),
            None
        );
        assert_eq!(markdown_shape(&format!("# Proposal\n\n{legend}")), None);
        assert_eq!(
            markdown_shape(&format!(
                "# Proposal\n\n{legend}\n| Field | Value |\n|---|---|\n| Owner | @a |\n"
            )),
            Some(Shape::MetadataTable("Owner".into()))
        );
        assert_eq!(
            markdown_shape("---\nDRI: '@a'\nstatus: x\n---\n# Search\n"),
            Some(Shape::FrontmatterGoal("DRI".into()))
        );
        assert_eq!(
            markdown_shape("+++\nteam_lead = \"@a\"\n+++\n# Search\n"),
            Some(Shape::TeamDocument(Vec::new()))
        );
        assert_eq!(
            markdown_shape("# Search\n\n**Lead:** @a\n**Members:** @a, @b\n\n## Mission\nx\n"),
            Some(Shape::TeamDocument(Vec::new()))
        );
        assert_eq!(
            markdown_shape("# Search\n\n| | |\n|---|---|\n| Members | @a, @b |\n"),
            Some(Shape::TeamDocument(Vec::new()))
        );
        // A team named under a later section is no team document; an owner
        // row makes a goal of a document that also names a lead.
        assert_eq!(markdown_shape("# A\n## B\nMembers: @a\n"), None);
        assert_eq!(
            markdown_shape("# A\n\n| | |\n|---|---|\n| Lead | @a |\n| Owner | @b |\n"),
            Some(Shape::MetadataTable("Owner".into()))
        );
        // Frontmatter that names neither: the document's lines decide.
        assert_eq!(
            markdown_shape("---\ntitle: Plan\n---\n# Plan\n\n## A\nOwner: @a\n"),
            Some(Shape::HeadingsWithOwners)
        );
        assert_eq!(
            data_shape("plan.toml", "[[goal]]\nid = \"a\"\n"),
            Some(Shape::DataArrays)
        );
        assert_eq!(data_shape("Cargo.yaml", "name: x\n"), None);
        // A team's people in a map of their own (the Rust project's team
        // files): the source names their paths; at the top, the names do.
        assert_eq!(
            data_shape(
                "teams/compiler.toml",
                "name = \"compiler\"\n[people]\nleads = [\"a\"]\nmembers = [\"a\", \"b\"]\n[website]\nname = \"C\"\n"
            ),
            Some(Shape::TeamDocument(vec![
                ("lead".into(), "people.leads".into()),
                ("members".into(), "people.members".into()),
            ]))
        );
        assert_eq!(
            data_shape("teams/web.yaml", "name: web\nmembers: [a]\n"),
            Some(Shape::TeamDocument(Vec::new()))
        );
        assert_eq!(
            data_shape("teams/web.yaml", "name: web\nwebsite:\n  name: W\n"),
            None
        );
        assert_eq!(
            data_shape(
                "okrs.yaml",
                "q: 1\nobjectives:\n  - title: A\n    DRI: '@a'\n"
            ),
            Some(list("objectives[*]", "DRI"))
        );
        assert_eq!(
            data_shape(
                "plan.json",
                r#"{"okrs": {"2027": [{"name": "A", "Point of contact": "@a"}]}}"#
            ),
            Some(list("okrs.2027[*]", "Point of contact"))
        );
        assert_eq!(
            data_shape(
                "roadmap.json",
                r#"[{"name": "A"}, {"name": "B", "owner": "@b"}]"#
            ),
            Some(list("[*]", "owner"))
        );
        assert_eq!(
            data_shape("alpha.toml", "title = \"Alpha\"\nchampion = \"@a\"\n"),
            Some(Shape::DataDocument("champion".into()))
        );
        let kep = "title: Swap\nauthors: ['@a', '@b']\nstatus: implementable\n";
        assert_eq!(
            data_shape("kep.yaml", kep),
            Some(Shape::DataDocument("authors".into()))
        );
        assert_eq!(
            data_shape("post.yaml", "title: Hello\nauthor: '@a'\n"),
            None
        );
        assert_eq!(
            data_shape("org.yaml", "squads:\n  - id: a\n    members: [x]\n"),
            Some(Shape::DataTeams("squads[*]".into()))
        );
        // A roadmap's quarters and their items: the items are the goals.
        let roadmap = "roadmap:\n  - quarter: Q1 2027\n    items:\n      - title: A\n        owner: '@a'\n  - quarter: Q2 2027\n    items:\n      - title: B\n        owner: '@b'\n";
        assert_eq!(
            data_shape("roadmap.yaml", roadmap),
            Some(list_in_quarters("roadmap[*].items[*]", "owner"))
        );
        // Without a quarter around them, or with one in each entry, no
        // quarter is looked for around the entries.
        let in_each = roadmap.replace(
            "      - title: A\n",
            "      - title: A\n        quarter: Q1 2027\n",
        );
        assert_eq!(
            data_shape("roadmap.yaml", &in_each),
            Some(list("roadmap[*].items[*]", "owner"))
        );
        let phases = roadmap
            .replace("Q1 2027", "Phase one")
            .replace("Q2 2027", "Phase two");
        assert_eq!(
            data_shape("roadmap.yaml", &phases),
            Some(list("roadmap[*].items[*]", "owner"))
        );
        let quarter_first = "quarter: 2027-q1\nobjectives:\n  - title: A\n    owner: '@a'\n";
        assert_eq!(
            data_shape("okrs.yaml", quarter_first),
            Some(list_in_quarters("objectives[*]", "owner"))
        );
        let top_list = "[{\"quarter\": \"Q1\", \"goals\": [{\"title\": \"A\", \"dri\": \"@a\"}]}]";
        assert_eq!(
            data_shape("plan.json", top_list),
            Some(list("[*].goals[*]", "dri"))
        );
        // A catalog's resources, one to a file or several: its Groups are
        // the teams; a file of Users alone is none.
        let group = "apiVersion: backstage.io/v1alpha1\nkind: Group\nmetadata:\n  name: a\nspec:\n  members: [x]\n";
        let user = "kind: User\nmetadata:\n  name: x\n";
        for text in [group.to_string(), format!("{group}---\n{user}---\n{user}")] {
            assert_eq!(
                data_shape("org.yaml", &text),
                Some(Shape::Catalog("Group".into()))
            );
        }
        assert_eq!(data_shape("org.yaml", user), None);
        let no_name = group.replace("  name: a\n", "  title: a\n");
        assert_ne!(
            data_shape("org.yaml", &no_name),
            Some(Shape::Catalog("Group".into()))
        );
        // A map of teams (or goals) by name: each value is one, its key the id.
        let teams = "platform:\n  lead: '@a'\n  members: ['@a', '@b']\nsearch:\n  lead: '@c'\n";
        assert_eq!(
            data_shape("teams.yaml", teams),
            Some(Shape::DataTeams("*".into()))
        );
        let by_id = "okrs:\n  O-1: {title: A, dri: '@a'}\n  O-2: {title: B, dri: '@b'}\n";
        assert_eq!(data_shape("okrs.yaml", by_id), Some(list("okrs.*", "dri")));
        // One map with an owner among a map's values is not a map of goals.
        let settings = "review:\n  owner: '@a'\n  days: 3\nbuild:\n  cache: true\n";
        assert_eq!(data_shape("settings.yaml", settings), None);
        // Past four keys deep, nothing is looked for.
        let deep = "a:\n  b:\n    c:\n      d:\n        e:\n          - owner: x\n";
        assert_eq!(data_shape("deep.yaml", deep), None);
        let shallower = "a:\n  b:\n    c:\n      d:\n        - owner: x\n";
        assert_eq!(
            data_shape("deep.yaml", shallower),
            Some(list("a.b.c.d[*]", "owner"))
        );
        // A file is read by one source: its goals before its teams.
        assert_eq!(
            data_shape(
                "org.yaml",
                "squads:\n  - lead: x\nokrs:\n  q1:\n    - title: A\n      owner: x\n"
            ),
            Some(list("okrs.q1[*]", "owner"))
        );
        // A key a path expression cannot name, an owner without a title,
        // a list of scalars: no goals.
        assert_eq!(
            data_shape("a.yaml", "my okrs:\n  - title: A\n    owner: '@a'\n"),
            None
        );
        assert_eq!(data_shape("a.toml", "owner = \"@a\"\n"), None);
        assert_eq!(data_shape("a.yaml", "owners:\n  - '@a'\n"), None);
        assert_eq!(data_shape("a.json", "{not json"), None);
    }

    /// The globs of `paths` grouped as one shape, with their members.
    fn grouped(paths: &[&str], one_per_file: bool) -> Vec<(String, Vec<String>)> {
        reaches(paths, one_per_file)
            .into_iter()
            .map(|(reach, members)| (reach.glob(), members))
            .collect()
    }

    #[test]
    fn pages_of_one_name_in_sibling_folders_are_read_by_one_glob() {
        let paths = [
            "contents/teams/replay/objectives.mdx",
            "contents/teams/search/objectives.mdx",
            "roadmap/2026.md",
            "roadmap/2027.md",
            "PLAN.md",
            "docs/one.md",
        ];
        assert_eq!(
            grouped(&paths, false),
            [
                ("PLAN.md".to_string(), vec!["PLAN.md".to_string()]),
                ("docs/one.md".to_string(), vec!["docs/one.md".to_string()]),
                (
                    "roadmap/*.md".to_string(),
                    vec!["roadmap/2026.md".to_string(), "roadmap/2027.md".to_string()]
                ),
                (
                    "contents/teams/*/objectives.mdx".to_string(),
                    vec![
                        "contents/teams/replay/objectives.mdx".to_string(),
                        "contents/teams/search/objectives.mdx".to_string()
                    ]
                ),
            ]
        );
        // A folder's one page named for its quarter or year is the first
        // of its kind: the folder's pages of its extension are read.
        for (page, glob) in [
            ("okrs/2027-Q1.md", "okrs/*.md"),
            ("plans/h2-2026.md", "plans/*.md"),
            ("roadmap/FY27.yaml", "roadmap/*.yaml"),
            ("docs/v2.md", "docs/v2.md"),
            ("docs/q12.md", "docs/q12.md"),
        ] {
            assert_eq!(
                grouped(&[page], false),
                [(glob.to_string(), vec![page.to_string()])]
            );
        }
        // One goal per file: the folder's files, even for one document.
        assert_eq!(
            grouped(&["a/b/x.md", "a/c/y.md", "a/c/z.md"], true),
            [
                ("a/b/*.md".to_string(), vec!["a/b/x.md".to_string()]),
                (
                    "a/c/*.md".to_string(),
                    vec!["a/c/y.md".to_string(), "a/c/z.md".to_string()]
                ),
            ]
        );
    }

    #[test]
    fn pages_under_a_folder_of_teams_are_grouped_apart() {
        let paths = [
            "contents/handbook/intro/objectives.mdx",
            "contents/handbook/sales/objectives.mdx",
            "contents/teams/replay/objectives.mdx",
            "contents/teams/search/objectives.mdx",
        ];
        let globs: Vec<String> = grouped(&paths, false).into_iter().map(|(g, _)| g).collect();
        assert_eq!(
            globs,
            [
                "contents/handbook/*/objectives.mdx",
                "contents/teams/*/objectives.mdx"
            ]
        );
        assert_eq!(teams_prefix("contents/teams/search"), "contents/teams");
        assert_eq!(teams_prefix("Squads/a/b"), "Squads");
        assert_eq!(teams_prefix("contents/teams"), "");
        assert_eq!(teams_prefix("keps/sig-node/1-x"), "");
    }

    #[test]
    fn a_folder_per_goal_is_read_by_one_glob_however_deep() {
        let keps = [
            "keps/sig-apps/961-maxunavailable/kep.yaml",
            "keps/sig-node/1287-in-place/kep.yaml",
            "keps/sig-node/2400-swap/kep.yaml",
        ];
        let all = |members: &[&str]| members.iter().map(|m| m.to_string()).collect::<Vec<_>>();
        for one_per_file in [true, false] {
            assert_eq!(
                grouped(&keps, one_per_file),
                [("keps/*/*/kep.yaml".to_string(), all(&keps))]
            );
        }
        // A folder's own files stay its glob; a name at another depth is
        // not in the group.
        let paths = [
            "goals/a/goal.md",
            "goals/b/goal.md",
            "goals/c/goal.md",
            "goals/c/notes.md",
            "goals/goal.md",
        ];
        assert_eq!(
            grouped(&paths, true),
            [
                ("goals/*.md".to_string(), all(&["goals/goal.md"])),
                (
                    "goals/c/*.md".to_string(),
                    all(&["goals/c/goal.md", "goals/c/notes.md"])
                ),
                (
                    "goals/*/goal.md".to_string(),
                    all(&["goals/a/goal.md", "goals/b/goal.md"])
                ),
            ]
        );
    }

    #[test]
    fn a_glob_reads_what_it_says_and_escapes_what_it_is_made_of() {
        let siblings = Reach::Named {
            folders: vec![Some("plans".into()), Some("teams".into()), None],
            name: "okr[1].md".into(),
        };
        assert_eq!(siblings.glob(), "plans/teams/*/okr[[]1[]].md");
        assert!(siblings.reads("plans/teams/a/okr[1].md"));
        assert!(!siblings.reads("plans/teams/a/b/okr[1].md"));
        assert!(!siblings.reads("plans/okr[1].md"));
        assert!(!siblings.reads("plans/squads/a/okr[1].md"));
        let deep = Reach::Named {
            folders: vec![Some("k*ps".into()), None, None],
            name: "kep.yaml".into(),
        };
        assert_eq!(deep.glob(), "k[*]ps/*/*/kep.yaml");
        assert!(deep.reads("k*ps/sig/1-x/kep.yaml"));
        assert!(!deep.reads("keps/sig/1-x/kep.yaml") && !deep.reads("k*ps/sig/kep.yaml"));
        let set = globset::GlobBuilder::new(&siblings.glob())
            .literal_separator(true)
            .build()
            .unwrap()
            .compile_matcher();
        assert!(set.is_match("plans/teams/a/okr[1].md"));
        assert!(!set.is_match("plans/teams/a/okr1.md"));
        let folder = Reach::Folder {
            folder: "road*map".into(),
            ext: "md".into(),
        };
        assert_eq!(folder.glob(), "road[*]map/*.md");
        assert!(folder.reads("road*map/x.md") && !folder.reads("road*map/x.mdx"));
        assert_eq!(Reach::File("a?.md".into()).glob(), "a[?].md");
    }

    #[test]
    fn a_data_source_says_what_it_reads_in_words() {
        assert_eq!(entries_of("okrs[*]"), "entry of `okrs[*]`");
        assert_eq!(entries_of("[*]"), "entry of `[*]`");
        assert_eq!(entries_of("org.teams.*"), "key of `org.teams`");
        assert_eq!(entries_of("*"), "key of the top map");
    }

    #[test]
    fn a_toml_string_is_one_line_that_reads_back_as_it_was() {
        for text in ["plain", "a\"b\\c", "pla\nns\u{202e}\u{7}/*.md", "é 日本 🟠"] {
            let written = toml_string(text);
            assert_eq!(written.lines().count(), 1, "{written}");
            assert!(
                !written.chars().any(crate::text::is_unprintable),
                "{written}"
            );
            let table: toml::Table = toml::from_str(&format!("key = {written}")).unwrap();
            assert_eq!(table["key"].as_str(), Some(text));
        }
        assert_eq!(toml_string("a\u{202e}\n"), "\"a\\u202E\\u000A\"");
    }

    #[test]
    fn the_team_is_the_folder_only_in_a_folder_of_teams() {
        let under = |parent: &str| Reach::Named {
            folders: (parent.split('/').filter(|p| !p.is_empty()))
                .map(|p| Some(p.to_string()))
                .chain([None])
                .collect(),
            name: "goals.md".into(),
        };
        assert_eq!(
            under("contents/teams").team_regex().as_deref(),
            Some("^contents/teams/(?P<value>[^/]+)/")
        );
        assert_eq!(
            under("org.v2/Squads").team_regex().as_deref(),
            Some(r"^org\.v2/Squads/(?P<value>[^/]+)/")
        );
        assert_eq!(under("src").team_regex(), None);
        assert_eq!(under("").team_regex(), None);
        // Only the first folder the glob spans can be the team.
        let below_teams = Reach::Named {
            folders: vec![Some("teams".into()), None, None],
            name: "goals.md".into(),
        };
        assert_eq!(
            below_teams.team_regex().as_deref(),
            Some("^teams/(?P<value>[^/]+)/")
        );
        let after_a_period = Reach::Named {
            folders: vec![None, Some("teams".into()), None],
            name: "goals.md".into(),
        };
        assert_eq!(after_a_period.team_regex(), None);
        let regex = regex::Regex::new(&under("org.v2/Squads").team_regex().unwrap()).unwrap();
        let found = regex.captures("org.v2/Squads/search/goals.md").unwrap();
        assert_eq!(&found["value"], "search");
        assert!(!regex.is_match("orgXv2/Squads/search/goals.md"));
    }
}
