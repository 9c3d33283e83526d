//! Reading one file whole: a document of one entity, the canonical data
//! file with `[[team]]` / `[[goal]]` arrays, an issue export or issue file,
//! and a pull request event. The configured modes that cut several entities
//! out of a file are in [`super::CompiledSource::extract`].

use super::extracted::{ExtractedFile, FileRole};
use super::fields::FieldNames;
use super::problems::{at_most, MAX_FILE_ENTITIES};
use super::{canonical, document, issues, pull_request, IssueOptions};
use crate::diagnostic::EntityKind;
use crate::model::{key, CompactString, Document, Origin, Record};
use crate::parse::{self, DataFormat, Problem, SourceFile};
use rayon::prelude::*;
use std::collections::{BTreeMap, HashSet};
use std::hash::BuildHasher;

/// Parses one file in the given role. Never panics, never fails: problems are returned.
///
/// Text that cannot be read (larger than [`MAX_FILE_BYTES`], binary, not
/// UTF-8) is one problem and no records. Teams and goals are Markdown
/// documents ([`parse_markdown_record`]) unless the file is `.toml`,
/// `.yaml`, `.yml` or `.json`, which are read as data.
pub fn read_file(file: &SourceFile, role: &FileRole, options: &FieldNames) -> ExtractedFile {
    read_file_with(file.clone(), role, options, &IssueOptions::default())
}

/// [`parse_file`] with the configured way issues link to goals.
pub fn read_file_with(
    file: SourceFile,
    role: &FileRole,
    options: &FieldNames,
    issues: &IssueOptions,
) -> ExtractedFile {
    if *role == FileRole::PullRequest {
        return pull_request::parse_event(&file.bytes, options, issues);
    }
    let SourceFile { path, bytes } = file;
    let mut parsed = ExtractedFile {
        path: path.clone(),
        ..ExtractedFile::default()
    };
    parsed.text = match parse::decode(bytes) {
        Ok(text) => text,
        Err((text, problem)) => {
            parsed.text = text;
            parsed.problems.push(problem);
            return parsed;
        }
    };
    let text = parsed.text.as_str();
    let (records, problems) = match role {
        FileRole::Team => one_entity(text, &path, EntityKind::Team, options),
        FileRole::Goal => one_entity(text, &path, EntityKind::Goal, options),
        FileRole::Data => canonical::read(text, DataFormat::of_path(&path), None, options),
        FileRole::Extracted => (Vec::new(), Vec::new()),
        FileRole::IssueExport => issues::parse_export(text, options, issues),
        FileRole::IssueFile => issues::parse_issue_file(text, options, issues),
        // Returned above: the payload is not the text the records point into.
        FileRole::PullRequest => (Vec::new(), Vec::new()),
    };
    let (mut records, mut problems) = (records, problems);
    // An export counts its issues and bounds its problems as it reads
    // them, to its own limits: bounded again, its count would be counted.
    let export = *role == FileRole::IssueExport;
    let mut stopped = None;
    if !export && records.len() > MAX_FILE_ENTITIES {
        records.sort_by_key(|r| r.span.start);
        stopped = at_most(&mut records, MAX_FILE_ENTITIES, |r| r.anchor.clone());
    }
    problems.extend(super::problems::full_records(&records));
    if !export {
        problems = super::problems::bounded(problems);
    }
    problems.extend(stopped);
    parsed.records = records;
    parsed.suppressions = parse::suppressions_of(text, &path);
    parsed.problems = problems
        .into_iter()
        .map(|mut problem| {
            problem.span = parse::clamp(text, &problem.span);
            problem
        })
        .collect();
    parsed
}

/// A team or goal file: Markdown, or a TOML/YAML document.
fn one_entity(
    text: &str,
    path: &str,
    kind: EntityKind,
    options: &FieldNames,
) -> (Vec<Record>, Vec<Problem>) {
    let extension = path
        .rsplit_once('.')
        .map_or(String::new(), |(_, ext)| ext.to_ascii_lowercase());
    if matches!(extension.as_str(), "toml" | "yaml" | "yml" | "json") {
        canonical::read(text, DataFormat::of_path(path), Some(kind), options)
    } else {
        let (record, problems) = document::read(text, kind, options);
        (vec![record], problems)
    }
}

/// More records than this in one file are given their ids on every core.
const MANY_RECORDS: usize = 256;

/// The file as the model takes it: its entities in file order, each with
/// its id.
pub fn into_document(role: &FileRole, file: ExtractedFile) -> Document {
    with_ids(role, file).0
}

/// Every file as the model takes it ([`into_document`]), on every core.
/// Ids that planlint made up (from a file's name, a title, a place in the
/// file) and that files in different places share are told apart by
/// where each is: `2025h1/polonius` and `2025h2/polonius` for the goals of
/// `src/2025h1/polonius.md` and `src/2025h2/polonius.md`, `q1/faster-search`
/// and `q2/faster-search` for a `## Faster search` in `q1.md` and `q2.md`.
/// A plan that carries a goal from one period to the next writes it
/// again under the same name; it is not a duplicate. Ids written in the
/// files are left as they are.
pub fn into_documents(files: Vec<(FileRole, ExtractedFile)>) -> Vec<Document> {
    let mut documents: Vec<(Document, Vec<MadeUp>)> = files
        .into_par_iter()
        .map(|(role, file)| with_ids(&role, file))
        .collect();
    // Each made-up id's first file, and whether another file has it too,
    // by the hash of its kind and key (found on every core above): a pass
    // over the plan's strings here, on one core, was 10 ms of 35,000
    // goals. Two ids of one hash are told apart below.
    let total = documents.iter().map(|(_, made_up)| made_up.len()).sum();
    let mut first_file: foldhash::HashMap<u64, (usize, bool)> =
        foldhash::HashMap::with_capacity_and_hasher(total, Default::default());
    for (at, (_, made_up)) in documents.iter().enumerate() {
        for id in made_up {
            let (first, several) = first_file.entry(id.hash).or_insert((at, false));
            *several |= *first != at;
        }
    }
    // The entities of the ids in several files, gathered by kind and key.
    let mut by_id: BTreeMap<(EntityKind, String), Vec<(usize, MadeUp)>> = BTreeMap::new();
    for (at, (document, made_up)) in documents.iter().enumerate() {
        for id in made_up {
            if first_file
                .get(&id.hash)
                .is_some_and(|(_, several)| *several)
            {
                let Some(text) = document.ids.get(id.index) else {
                    continue;
                };
                let group = (id.kind, key(text).into_owned());
                by_id.entry(group).or_default().push((at, *id));
            }
        }
    }
    for entities in by_id.into_values() {
        let mut files: Vec<usize> = entities.iter().map(|(at, _)| *at).collect();
        files.dedup();
        if files.len() < 2 {
            continue;
        }
        // The fewest folders that tell the files apart (`polonius` in
        // `2025h1` and `2025h2`; `objectives` in `teams/billing` and
        // `teams/growth`).
        let path_of = |at: &usize| documents.get(*at).map_or("", |(d, _)| d.path.as_str());
        let depth = (1..=MAX_PLACE_DEPTH)
            .find(|&depth| {
                let places: HashSet<&str> =
                    files.iter().map(|at| place(path_of(at), depth)).collect();
                places.len() == files.len()
            })
            .unwrap_or(MAX_PLACE_DEPTH);
        for (at, made_up) in entities {
            let Some((document, _)) = documents.get_mut(at) else {
                continue;
            };
            let here = place(&document.path, depth);
            if let Some(id) = document.ids.get_mut(made_up.index) {
                *id = match made_up.from {
                    // The file's name is the id already: its folders go before it.
                    IdFrom::FileName => match here.rsplit_once('/') {
                        Some((folders, _)) => compact_str::format_compact!("{folders}/{id}"),
                        None => continue,
                    },
                    IdFrom::WithinFile | IdFrom::Written => {
                        compact_str::format_compact!("{here}/{id}")
                    }
                };
            }
        }
    }
    documents
        .into_iter()
        .map(|(document, _)| document)
        .collect()
}

/// A made-up id of a document: the entity's place, its kind, where the id
/// came from and the hash of its kind and key.
#[derive(Clone, Copy, Debug)]
struct MadeUp {
    index: usize,
    kind: EntityKind,
    from: IdFrom,
    hash: u64,
}

/// Where an entity's id came from.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
enum IdFrom {
    /// An `id`, `number` or `name` written in the file.
    Written,
    /// The file's name: the file is the entity.
    FileName,
    /// The entity's title, or its place in the file.
    WithinFile,
}

/// [`into_document`], and its made-up ids.
fn with_ids(role: &FileRole, file: ExtractedFile) -> (Document, Vec<MadeUp>) {
    let stem = file_stem(&file.path);
    let mut records = file.records;
    records.sort_by_key(|r| r.span.start);
    let id = |(position, record): (usize, &Record)| entity_id(record, role, &stem, position);
    // An issue export holds most of a plan's entities in one file: their
    // ids are found on every core, not on the one that took the file.
    let (ids, origins): (Vec<CompactString>, Vec<IdFrom>) = if records.len() > MANY_RECORDS {
        records.par_iter().enumerate().map(id).unzip()
    } else {
        records.iter().enumerate().map(id).unzip()
    };
    let hasher = foldhash::fast::FixedState::with_seed(0);
    let made_up = ids
        .iter()
        .zip(&records)
        .zip(origins)
        .enumerate()
        .filter(|(_, (_, from))| *from != IdFrom::Written)
        .map(|(index, ((id, record), from))| MadeUp {
            index,
            kind: record.kind,
            from,
            hash: hasher.hash_one((record.kind, key(id))),
        })
        .collect();
    let document = Document {
        path: file.path,
        source: file.source,
        style: file.style,
        text: file.text,
        ids,
        records,
    };
    (document, made_up)
}

/// The most folders an id made up in two places is told apart by.
const MAX_PLACE_DEPTH: usize = 8;

/// The last `depth` parts of `path` without its extension, counting the
/// file's name: `2025h1/polonius` is `src/2025h1/polonius.md` at depth 2.
fn place(path: &str, depth: usize) -> &str {
    let name_start = path.rfind('/').map_or(0, |at| at + 1);
    let stem_end = match path.get(name_start..).and_then(|name| name.rfind('.')) {
        Some(dot) if dot > 0 => name_start + dot,
        _ => path.len(),
    };
    let stem = path.get(..stem_end).unwrap_or(path);
    let start = stem
        .rmatch_indices('/')
        .nth(depth.saturating_sub(1))
        .map_or(0, |(at, _)| at + 1);
    stem.get(start..).unwrap_or(stem)
}

/// The file name without its last extension: `v2.5-launch.md` is `v2.5-launch`.
fn file_stem(path: &str) -> String {
    let name = path.rsplit('/').next().unwrap_or(path);
    match name.rfind('.') {
        Some(0) | None => name.to_string(),
        Some(dot) => name.get(..dot).unwrap_or(name).to_string(),
    }
}

/// An entity's id: its `id` field; an issue's `number`; for a one-entity
/// document its file stem; else its `name`, its title's slug (as a heading's
/// id is: `goal:reduce-crash-rate` links to `title: Reduce crash rate`), or
/// its position in the file.
fn entity_id(
    record: &Record,
    role: &FileRole,
    stem: &str,
    position: usize,
) -> (CompactString, IdFrom) {
    let first = |name: &str| {
        record
            .fields
            .get(name)
            .and_then(|f| f.values.first())
            .map(|v| CompactString::from(v.text.trim()))
            .filter(|t| !t.is_empty())
    };
    if let Some(id) = first("id") {
        // A heading's or row's id is its title's slug unless one is written.
        let made_up = record
            .fields
            .get("id")
            .is_some_and(|f| f.origin == Origin::Title);
        return (
            id,
            if made_up {
                IdFrom::WithinFile
            } else {
                IdFrom::Written
            },
        );
    }
    if matches!(record.kind, EntityKind::Issue | EntityKind::PullRequest) {
        if let Some(number) = first("number") {
            return (number, IdFrom::Written);
        }
    }
    if matches!(role, FileRole::Team | FileRole::Goal | FileRole::IssueFile) {
        return (stem.into(), IdFrom::FileName);
    }
    if let Some(name) = first("name") {
        return (name, IdFrom::Written);
    }
    let id = match record.title.as_deref() {
        Some(title) => {
            let slug = super::text::slug(title);
            CompactString::from(if slug.is_empty() { title } else { &slug })
        }
        None => compact_str::format_compact!("{stem}#{}", position + 1),
    };
    (id, IdFrom::WithinFile)
}

#[cfg(test)]
mod tests {
    use super::super::test_support::{hostile_text, invalid_span, options_with, texts};
    use super::*;
    use crate::parse::MAX_FILE_BYTES;
    use proptest::prelude::*;

    #[test]
    fn a_place_is_the_last_parts_of_a_path_without_its_extension() {
        let cases = [
            ("src/2025h1/polonius.md", 1, "polonius"),
            ("src/2025h1/polonius.md", 2, "2025h1/polonius"),
            ("src/2025h1/polonius.md", 3, "src/2025h1/polonius"),
            ("src/2025h1/polonius.md", 9, "src/2025h1/polonius"),
            ("v2.5-launch.md", 1, "v2.5-launch"),
            ("a/.hidden", 1, ".hidden"),
            ("a/b/README", 2, "b/README"),
            ("a.d/notes", 1, "notes"),
        ];
        for (path, depth, expected) in cases {
            assert_eq!(place(path, depth), expected, "{path} {depth}");
        }
    }

    const BUILD_STD: &str =
        include_str!("../../tests/corpus/rust-project-goals/src/2025h1/build-std.md");

    fn file(path: &str, bytes: &[u8]) -> SourceFile {
        SourceFile {
            path: path.to_owned(),
            bytes: bytes.to_vec(),
        }
    }

    fn options() -> FieldNames {
        let pairs = [
            ("owner", "owner"),
            ("point_of_contact", "owner"),
            ("motivation", "why"),
            ("status", "status"),
            ("definition_of_done", "done_when"),
        ];
        options_with(&pairs)
    }

    #[test]
    fn invalid_utf8_is_one_problem_at_the_first_bad_byte() {
        let parsed = read_file(
            &file("g.md", b"# ok\n\xff\xfe"),
            &FileRole::Goal,
            &options(),
        );
        assert!(parsed.records.is_empty());
        assert_eq!(parsed.problems.len(), 1);
        let problem = &parsed.problems[0];
        assert_eq!(problem.message, "file is not valid UTF-8 (byte 5)");
        assert_eq!(problem.help.as_deref(), Some("save the file as UTF-8"));
        assert_eq!(&parsed.text[problem.span.clone()], "\u{fffd}");
    }

    #[test]
    fn nul_bytes_make_a_binary_file() {
        let parsed = read_file(&file("g.md", b"# a\0b"), &FileRole::Goal, &options());
        assert!(parsed.records.is_empty());
        assert!(parsed.problems[0].message.starts_with("binary file"));
        assert_eq!(parsed.problems[0].span, 3..4);
    }

    #[test]
    fn a_file_saved_as_utf16_with_its_mark_is_read() {
        let text = "\u{feff}---\nowner: \"@bö\"\n---\n# Räise 🚀\n";
        let little: Vec<u8> = text.encode_utf16().flat_map(u16::to_le_bytes).collect();
        let big: Vec<u8> = text.encode_utf16().flat_map(u16::to_be_bytes).collect();
        for bytes in [little, big] {
            let parsed = read_file(&file("g.md", &bytes), &FileRole::Goal, &options());
            assert!(parsed.problems.is_empty(), "{:?}", parsed.problems);
            assert_eq!(parsed.records[0].title.as_deref(), Some("Räise 🚀"));
            assert_eq!(texts(&parsed.records[0], "owner"), ["@bö"]);
        }
        // An odd byte, or a lone surrogate, is not UTF-16: binary, as before.
        for bytes in [&b"\xff\xfe#\0 \0a"[..], &b"\xff\xfe\x00\xd8a\0"[..]] {
            let parsed = read_file(&file("g.md", bytes), &FileRole::Goal, &options());
            assert!(parsed.problems[0].message.starts_with("binary file"));
        }
    }

    #[test]
    fn huge_files_are_not_parsed() {
        let bytes = vec![b'a'; MAX_FILE_BYTES + 1];
        let parsed = read_file(&file("g.md", &bytes), &FileRole::Goal, &options());
        assert!(parsed.records.is_empty());
        assert!(parsed.problems[0].message.starts_with("file is too large"));
    }

    #[test]
    fn a_bom_is_skipped_but_spans_count_it() {
        let text = "\u{feff}---\nowner: \"@bob\"\n---\n# Title\n";
        let parsed = read_file(&file("g.md", text.as_bytes()), &FileRole::Goal, &options());
        assert!(parsed.problems.is_empty(), "{:?}", parsed.problems);
        let record = &parsed.records[0];
        assert_eq!(
            &parsed.text[record.fields["owner"].values[0].span()],
            "\"@bob\""
        );
        assert_eq!(&parsed.text[record.anchor.clone()], "# Title");
    }

    #[test]
    fn roles_dispatch_by_kind_and_extension() {
        let team = read_file(
            &file("t/growth.md", b"# Growth\n"),
            &FileRole::Team,
            &options(),
        );
        assert_eq!(team.records[0].kind, EntityKind::Team);
        let goal = read_file(
            &file("g/g1.toml", b"team = \"growth\"\nowner = \"@a\"\n"),
            &FileRole::Goal,
            &options(),
        );
        assert_eq!(goal.records[0].kind, EntityKind::Goal);
        assert_eq!(texts(&goal.records[0], "team"), ["growth"]);
        let data = read_file(
            &file("plan.yaml", b"goals:\n  - id: a\n  - id: b\n"),
            &FileRole::Data,
            &options(),
        );
        assert_eq!(data.records.len(), 2);
        let issues = read_file(
            &file("i.json", b"[{\"number\": 1}]"),
            &FileRole::IssueExport,
            &options(),
        );
        assert_eq!(issues.records[0].kind, EntityKind::Issue);
        let issue = read_file(&file("i/a.md", b"# A\n"), &FileRole::IssueFile, &options());
        assert_eq!(issue.records[0].kind, EntityKind::Issue);
        let pr = read_file(
            &file("event.json", b"{\"pull_request\": {\"number\": 4}}"),
            &FileRole::PullRequest,
            &options(),
        );
        assert_eq!(pr.path, "(pull request #4)");
        assert_eq!(pr.records[0].kind, EntityKind::PullRequest);
    }

    #[test]
    fn a_rust_project_goal_file_is_a_goal_document() {
        let parsed = read_file(
            &file("src/2025h1/build-std.md", BUILD_STD.as_bytes()),
            &FileRole::Goal,
            &options(),
        );
        assert!(parsed.problems.is_empty(), "{:?}", parsed.problems);
        let goal = &parsed.records[0];
        assert_eq!(goal.title.as_deref(), Some("build-std"));
        assert_eq!(texts(goal, "owner"), ["@davidtwco"]);
        assert_eq!(
            &parsed.text[goal.fields["owner"].span()],
            "| Point of contact   | @davidtwco                         |"
        );
        assert_eq!(texts(goal, "status"), ["Accepted"]);
        assert_eq!(texts(goal, "zulip_channel"), ["N/A"]);
        assert!(texts(goal, "why")[0].starts_with("build-std is a well-known unstable feature"));
        assert!(goal.fields.contains_key("summary"));
    }

    const FRAGMENTS: &[&str] = &[
        "---",
        "+++",
        "...",
        "- [ ] ",
        "- [x] ",
        "* ",
        "1. ",
        "2) ",
        "#",
        "## ",
        "#### ",
        ":",
        ": ",
        "[",
        "]",
        "[[team]]",
        "{",
        "}",
        "&a ",
        "*a",
        "|",
        "| --- |",
        "\n",
        "\r\n",
        " ",
        "  ",
        "\t",
        "**",
        "*",
        "_",
        "`",
        "```",
        ">",
        "(Owner: ",
        "(",
        ")",
        "@bob",
        ",",
        " and ",
        "<TeamMember name=\"",
        "\" />",
        "<!-- ",
        " -->",
        "\u{feff}",
        "é",
        "🚀",
        "owner",
        "Owner:",
        "Motivation:",
        "team:",
        "goal: ",
        "- ",
        "=",
        " = ",
        "\"",
        "'",
        "\\",
        "~",
        "null",
        "?",
        "!!str ",
        "%YAML 1.2",
        "<<: ",
        "0x1F",
        "2026-01-02",
        "\0",
    ];

    /// Pieces of syntax, with a few characters of arbitrary text between.
    fn fragments() -> impl Strategy<Value = String> {
        let piece = prop_oneof![
            4 => proptest::sample::select(FRAGMENTS).prop_map(str::to_owned),
            1 => hostile_text(3),
        ];
        proptest::collection::vec(piece, 0..80).prop_map(|parts| parts.concat())
    }

    /// Field names as planning files write them, aliases included.
    const FIELD_NAMES: &[&str] = &[
        "id",
        "team",
        "owner",
        "Point of contact",
        "status",
        "quarter",
        "members",
        "Motivation",
        "Definition of done",
        "not doing",
        "adoption",
    ];

    /// A file whose fields hold arbitrary text, written in one of the
    /// shapes planlint reads, with the role and path it is read in.
    fn file_with_hostile_fields() -> impl Strategy<Value = (FileRole, &'static str, String)> {
        let fields = proptest::collection::vec(
            (proptest::sample::select(FIELD_NAMES), hostile_text(12)),
            0..8,
        );
        (fields, hostile_text(12), 0..7u8).prop_map(|(fields, title, shape)| {
            let each = |line: &dyn Fn(&str, &str) -> String| -> String {
                fields
                    .iter()
                    .map(|(name, value)| line(name, value))
                    .collect()
            };
            let json = |value: &str| serde_json::Value::String(value.to_owned()).to_string();
            let toml = |value: &str| toml::Value::String(value.to_owned()).to_string();
            let goal = FileRole::Goal;
            match shape {
                0 => (
                    goal,
                    "g.md",
                    format!(
                        "---\n{}---\n# {title}\n",
                        each(&|n, v| format!("{n}: {v}\n"))
                    ),
                ),
                1 => (
                    goal,
                    "g.md",
                    format!(
                        "---\n{}---\n# {title}\n",
                        each(&|n, v| format!("{n}: {}\n", json(v)))
                    ),
                ),
                2 => (
                    goal,
                    "g.md",
                    format!(
                        "+++\n{}+++\n",
                        each(&|n, v| format!("\"{n}\" = {}\n", toml(v)))
                    ),
                ),
                3 => (
                    goal,
                    "g.md",
                    format!(
                        "# {title}\n{}",
                        each(&|n, v| format!("## {n}\n{v}\n- [ ] {v}\n"))
                    ),
                ),
                // Labelled lines and a metadata table under a `##` title
                // (heading mode itself is the extract stage's, tested there).
                4 => (
                    goal,
                    "r.md",
                    format!(
                        "## {title} (Owner: @x)\n{}",
                        each(&|n, v| { format!("- {n}: {v}\n**{n}:** {v}\n| {n} | {v} |\n") })
                    ),
                ),
                5 => (
                    FileRole::Data,
                    "p.toml",
                    format!(
                        "[[goal]]\n{}",
                        each(&|n, v| format!("\"{n}\" = {}\n", toml(v)))
                    ),
                ),
                _ => (
                    FileRole::Data,
                    "p.yaml",
                    format!(
                        "goals:\n  - title: {}\n{}",
                        json(&title),
                        each(&|n, v| format!("    {n}: {}\n", json(v)))
                    ),
                ),
            }
        })
    }

    fn role_and_path() -> impl Strategy<Value = (FileRole, &'static str)> {
        let roles = vec![
            FileRole::Team,
            FileRole::Goal,
            FileRole::Data,
            FileRole::IssueExport,
            FileRole::IssueFile,
            FileRole::PullRequest,
        ];
        (
            proptest::sample::select(roles),
            proptest::sample::select(vec!["a.md", "a.toml", "a.yaml", "a.json", "a"]),
        )
    }

    proptest! {
        // Regressions are kept beside this file (src/extract/read.proptest-regressions).
        #![proptest_config(ProptestConfig {
            failure_persistence: Some(Box::new(
                proptest::test_runner::FileFailurePersistence::WithSource("proptest-regressions"),
            )),
            ..ProptestConfig::default()
        })]

        #[test]
        fn never_panics_on_arbitrary_bytes(
            bytes in proptest::collection::vec(any::<u8>(), 0..600),
            (role, path) in role_and_path(),
        ) {
            let parsed = read_file(&file(path, &bytes), &role, &options());
            prop_assert_eq!(invalid_span(&parsed), None);
        }

        #[test]
        fn never_panics_on_markdown_and_yaml_fragments(
            text in fragments(),
            (role, path) in role_and_path(),
        ) {
            let parsed = read_file(&file(path, text.as_bytes()), &role, &options());
            prop_assert_eq!(invalid_span(&parsed), None);
        }
    }

    proptest! {
        #![proptest_config(ProptestConfig { cases: 128, ..ProptestConfig::default() })]

        #[test]
        fn fields_holding_any_unicode_keep_spans_on_char_boundaries(
            (role, path, text) in file_with_hostile_fields(),
        ) {
            let parsed = read_file(&file(path, text.as_bytes()), &role, &options());
            prop_assert_eq!(invalid_span(&parsed), None);
        }
    }

    /// Shapes that a quadratic lookup would turn into a hang.
    #[test]
    fn large_blocks_of_every_shape_are_read() {
        let lines = 40_000;
        let shapes = [
            "**Owner:** @a\n".repeat(lines),
            "Owner: @a\n".repeat(lines),
            format!("# {}\n", "(a: ".repeat(lines)),
            format!("# {}\n", "(Owner: x) ".repeat(lines)),
            format!("- Owner: {}\n", "<TeamMember name=\"x\" />, ".repeat(lines)),
            format!("Owner: {}\n", "**@a** and ".repeat(lines)),
            "| Owner | @a |\n".repeat(lines),
            "## Why\n- x\n".repeat(lines / 2),
        ];
        for text in shapes {
            let read = read_file(&file("a.md", text.as_bytes()), &FileRole::Goal, &options());
            assert_eq!(read.path, "a.md");
        }
    }

    #[test]
    fn deep_markdown_nesting_does_not_overflow() {
        let deep = [
            "> ".repeat(5000) + "x\n",
            (0..400)
                .map(|i| format!("{}- x\n", "  ".repeat(i)))
                .collect(),
            "[".repeat(50_000) + &"]".repeat(50_000),
            "*".repeat(50_000) + "x" + &"*".repeat(50_000),
            format!("---\na: {}\n---\n", "[".repeat(10_000)),
            format!("+++\na = {}\n+++\n", "[".repeat(10_000)),
        ];
        for text in deep {
            let parsed = read_file(&file("a.md", text.as_bytes()), &FileRole::Goal, &options());
            assert_eq!(invalid_span(&parsed), None);
        }
    }
}
