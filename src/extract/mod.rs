//! Stage 3: the configured sources cut entities out of files.
//!
//! A source ([`crate::config::Source`]) names its files, the kind of entity
//! they hold and a mode: `document` (one entity per file), `heading` (one per
//! heading), `table` (one per table row) or `data` (the maps a path
//! expression selects). The parsers read documents; this stage decides what
//! an entity is, its title and id, and where each field's value comes from.

mod canonical;
mod data;
mod document;
mod extracted;
mod fields;
mod goal_links;
mod heading;
mod issues;
mod labelled;
mod origins;
mod path_expr;
mod problems;
mod pull_request;
mod read;
mod table;
#[cfg(test)]
mod test_support;
pub mod text;

pub use extracted::{ExtractedFile, FileRole};
pub use fields::FieldNames;
pub use goal_links::IssueOptions;
pub use problems::{MAX_EXPORT_ISSUES, MAX_FILE_ENTITIES};
pub use pull_request::EVENT_PSEUDO_PATH;
pub use read::{into_document, into_documents, read_file, read_file_with};

use crate::config::{ConfigError, FieldSource, Loaded, Source, SourceKind, SourceMode};
use crate::diagnostic::{EntityKind, Span};
use crate::model::{
    CompactString, Field, FieldForm, FieldStyle, Fields, Origin, Record, Value, Values,
};
use crate::parse::markdown::{self, Block};
use crate::parse::{self, SourceFile};
use crate::toml_place::Step;
use globset::{GlobSet, GlobSetBuilder};
use origins::{Capture, CaptureMemo, Context, FieldRule};
use path_expr::PathExpr;
use regex::Regex;
use std::sync::Arc;

/// The sources of a configuration, compiled and checked. A copy shares the
/// compiled globs and regexes.
#[derive(Clone)]
pub struct Sources {
    pub list: Vec<CompiledSource>,
    /// Whether they come from `[[source]]` entries (else they are the defaults).
    pub configured: bool,
    /// The canonical names of the fields the configuration names
    /// (`[source.fields]` and `[fields]`), for `planlint entities`.
    pub field_names: Vec<String>,
}

/// One source, ready to match paths and cut entities.
#[derive(Clone)]
pub struct CompiledSource {
    /// 1-based position among the sources.
    pub number: usize,
    pub kind: Option<EntityKind>,
    pub mode: SourceMode,
    pub paths: Vec<String>,
    /// What every path `include` matches starts with (`planning/goals/`
    /// for `planning/goals/**/*.md`); `None` when a glob may match
    /// anywhere. A path without one is passed over before the globs run.
    starts: Option<Vec<String>>,
    include: GlobSet,
    exclude: GlobSet,
    level: Option<u8>,
    bold_headings: bool,
    under: Option<Regex>,
    select: Option<PathExpr>,
    /// `select` as the config wrote it, for warnings.
    select_text: Option<String>,
    /// A header-less sheet's column names.
    columns: Vec<String>,
    fields: Vec<(String, FieldRule)>,
    options: FieldNames,
    /// Field → the name this source reads it under, for hints (`None`
    /// when it renames none).
    written: Option<Arc<[(String, String)]>>,
}

/// Extensions of data files.
const DATA_EXTENSIONS: &[&str] = &["toml", "yaml", "yml", "json", "csv", "tsv"];

fn is_data_path(path: &str) -> bool {
    let name = path.rsplit('/').next().unwrap_or(path);
    name.rsplit_once('.')
        .is_some_and(|(_, ext)| DATA_EXTENSIONS.iter().any(|d| ext.eq_ignore_ascii_case(d)))
}

/// A config error inside the `number`th `[[source]]` (from 1), at the
/// place `steps` lead to from it (the source itself when they lead nowhere).
fn source_error(
    loaded: &Loaded,
    number: usize,
    steps: &[Step],
    message: String,
    help: Option<String>,
) -> ConfigError {
    let path: Vec<Step> = [Step::key("source"), Step::Item(number.saturating_sub(1))]
        .into_iter()
        .chain(steps.iter().cloned())
        .collect();
    loaded.error_at(&path, message, help)
}

/// The most `[[source]]` entries: every file is matched against each one.
pub const MAX_SOURCES: usize = 100;

/// The most globs (`paths` and `exclude`) and the most regexes (`under`,
/// and each field's `heading`, `path` and `enclosing`) all sources together
/// may write: each reads every file, or every entity, of its source.
pub const MAX_SOURCE_GLOBS: usize = 1_000;
pub const MAX_SOURCE_PATTERNS: usize = 100;

/// The most paths one `key` may name (`a | b`), and the most columns a
/// source may name for a header-less sheet: each is read for every entity,
/// or every file, of the source.
const MAX_KEY_PATHS: usize = 16;
const MAX_COLUMNS: usize = 1_000;

/// The sources stay within [`MAX_SOURCES`], [`MAX_SOURCE_GLOBS`] and
/// [`MAX_SOURCE_PATTERNS`]; the error is at the source that goes past.
fn within_limits(loaded: &Loaded, specs: &[Source]) -> Result<(), ConfigError> {
    if specs.len() > MAX_SOURCES {
        return Err(source_error(
            loaded,
            MAX_SOURCES + 1,
            &[],
            format!("{} sources; the limit is {MAX_SOURCES}", specs.len()),
            Some("one source can read many folders: `paths` takes several globs".into()),
        ));
    }
    let (mut globs, mut patterns) = (0, 0);
    for (at, spec) in specs.iter().enumerate() {
        globs += spec.paths.len() + spec.exclude.len();
        patterns += usize::from(spec.under.is_some());
        for field in spec.fields.values() {
            if let FieldSource::Origins(origins) = field {
                patterns += [&origins.heading, &origins.path, &origins.enclosing]
                    .iter()
                    .filter(|pattern| pattern.is_some())
                    .count();
            }
        }
        let error = |what: &str, limit: usize, help: &str| {
            source_error(
                loaded,
                at + 1,
                &[],
                format!(
                    "source {}: the sources have more than {limit} {what}",
                    at + 1
                ),
                Some(help.into()),
            )
        };
        if globs > MAX_SOURCE_GLOBS {
            return Err(error(
                "globs",
                MAX_SOURCE_GLOBS,
                "one glob can name many files: `planning/**/*.md`",
            ));
        }
        if patterns > MAX_SOURCE_PATTERNS {
            return Err(error(
                "regexes",
                MAX_SOURCE_PATTERNS,
                "every regex reads each entity of its source: combine patterns with `|`",
            ));
        }
    }
    Ok(())
}

fn globs(loaded: &Loaded, number: usize, patterns: &[String]) -> Result<GlobSet, ConfigError> {
    let mut builder = GlobSetBuilder::new();
    for pattern in patterns {
        let glob = crate::pattern::glob(pattern).map_err(|why| {
                source_error(
                    loaded,
                    number,
                    &[Step::text(pattern)],
                    format!("invalid glob `{pattern}`: {why}"),
                    Some("globs use `*` (inside a folder), `**` (across folders), `?`, `[abc]` and `{a,b}`".into()),
                )
            })?;
        builder.add(glob);
    }
    builder.build().map_err(|e| {
        source_error(
            loaded,
            number,
            &[Step::key("paths")],
            format!("invalid globs: {e}"),
            None,
        )
    })
}

impl Sources {
    /// Compiles the configured sources (or the defaults), checking every
    /// glob, regex, path expression and mode-specific key.
    pub fn compile(loaded: &Loaded) -> Result<Sources, ConfigError> {
        let config = &loaded.config;
        let configured = !config.source.is_empty();
        let specs = if configured {
            config.source.clone()
        } else {
            crate::config::default_sources()
        };
        within_limits(loaded, &specs)?;
        let aliases = config.aliases();
        let list = specs
            .iter()
            .enumerate()
            .map(|(at, spec)| compile_one(loaded, at + 1, spec, &aliases))
            .collect::<Result<Vec<_>, _>>()?;
        let mut field_names: Vec<String> = list
            .iter()
            .flat_map(|s| s.fields.iter().map(|(name, _)| name.clone()))
            .chain(
                config
                    .fields
                    .keys()
                    .map(|name| parse::normalize_name(name).to_string()),
            )
            .collect();
        field_names.sort();
        field_names.dedup();
        Ok(Sources {
            list,
            configured,
            field_names,
        })
    }

    /// The source that reads `path`: the first whose globs match it.
    pub fn source_of(&self, path: &str) -> Option<&CompiledSource> {
        self.list.iter().find(|s| s.reads(path))
    }

    /// Warnings for configured sources that read no file of `paths`.
    pub fn unused(&self, paths: &[String]) -> Vec<String> {
        if !self.configured {
            return Vec::new();
        }
        let mut warnings = Vec::new();
        for source in &self.list {
            let matched = paths.iter().any(|p| source.reads(p));
            let globs = source
                .paths
                .iter()
                .map(|p| format!("`{p}`"))
                .collect::<Vec<_>>()
                .join(", ");
            if !matched {
                warnings.push(format!("source {} matches no file: {globs}", source.number));
            } else if !paths
                .iter()
                .any(|p| self.source_of(p).is_some_and(|s| s.number == source.number))
            {
                warnings.push(format!(
                    "source {} reads no file: every file that {globs} matches is read by an earlier source",
                    source.number
                ));
            }
        }
        warnings
    }

    /// Warnings for configured sources that read files, all of them
    /// without a problem, and found no entity in any: a `select` or a
    /// `level` that reaches nothing (`[kind=Groups]`) would otherwise
    /// make a green check. `files` are the extracted files.
    pub fn empty<'f>(&self, files: impl Iterator<Item = &'f ExtractedFile>) -> Vec<String> {
        if !self.configured {
            return Vec::new();
        }
        // Per source: files read, and whether one had an entity or a problem.
        let mut read: std::collections::BTreeMap<usize, (usize, bool)> = Default::default();
        for file in files {
            let Some(number) = file.source else { continue };
            let entry = read.entry(number).or_default();
            entry.0 += 1;
            entry.1 |= !file.records.is_empty() || !file.problems.is_empty();
        }
        let mut warnings = Vec::new();
        for source in &self.list {
            let Some(&(count, found)) = read.get(&source.number) else {
                continue;
            };
            if found {
                continue;
            }
            let (files, them) = if count == 1 {
                ("file", "it")
            } else {
                ("files", "them")
            };
            let what = match (&source.select_text, source.mode) {
                (Some(select), _) => format!("`select = {select:?}` reached no entity"),
                (None, SourceMode::Heading) => "no heading was an entity".to_string(),
                (None, SourceMode::Table) => "no table row was an entity".to_string(),
                (None, _) => "no entity was found".to_string(),
            };
            warnings.push(format!(
                "source {} read {count} {files}, and {what} in {them}",
                source.number
            ));
        }
        warnings
    }

    /// A config error when `path` is not a file the source's mode can read.
    pub fn check_fit(
        &self,
        loaded: &Loaded,
        source: &CompiledSource,
        path: &str,
    ) -> Result<(), ConfigError> {
        let data = is_data_path(path);
        let fits = match source.mode {
            SourceMode::Data => data,
            SourceMode::Heading | SourceMode::Table => !data,
            SourceMode::Document => !(data && source.kind == Some(EntityKind::Issue)),
        };
        if fits {
            return Ok(());
        }
        let mode = mode_name(source.mode);
        let what = if data {
            "a data file"
        } else {
            "not a YAML, TOML, JSON, CSV or TSV file"
        };
        Err(source_error(
            loaded,
            source.number,
            &[Step::key(if self.configured { "mode" } else { "paths" })],
            format!("source {}: `{path}` is {what}, which `mode = \"{mode}\"` cannot read", source.number),
            Some(match source.mode {
                SourceMode::Data => "data mode reads `.toml`, `.yaml`, `.yml`, `.json`, `.csv` and `.tsv` files; narrow `paths` or use `exclude`".into(),
                _ => "read YAML, TOML and JSON files with `mode = \"data\"`; narrow `paths` or use `exclude`".into(),
            }),
        ))
    }
}

/// The name of a mode as written in the config.
pub fn mode_name(mode: SourceMode) -> &'static str {
    match mode {
        SourceMode::Document => "document",
        SourceMode::Heading => "heading",
        SourceMode::Table => "table",
        SourceMode::Data => "data",
    }
}

fn entity_kind(kind: SourceKind) -> EntityKind {
    match kind {
        SourceKind::Team => EntityKind::Team,
        SourceKind::Goal => EntityKind::Goal,
        SourceKind::Issue => EntityKind::Issue,
    }
}

fn compile_one(
    loaded: &Loaded,
    number: usize,
    spec: &Source,
    aliases: &foldhash::HashMap<String, String>,
) -> Result<CompiledSource, ConfigError> {
    let error = |steps: &[Step], message: String, help: Option<String>| {
        source_error(
            loaded,
            number,
            steps,
            format!("source {number}: {message}"),
            help,
        )
    };
    let mode = spec.mode;
    let only = |set: bool, key: &str, wanted: SourceMode| {
        if set && mode != wanted {
            Err(error(
                &[Step::key(key)],
                format!("`{key}` has no meaning in {} mode", mode_name(mode)),
                Some(format!(
                    "`{key}` belongs to `mode = \"{}\"`",
                    mode_name(wanted)
                )),
            ))
        } else {
            Ok(())
        }
    };
    only(spec.level.is_some(), "level", SourceMode::Heading)?;
    only(spec.bold_headings, "bold-headings", SourceMode::Heading)?;
    // `under` reads the headings above a table or a heading.
    if mode != SourceMode::Heading {
        only(spec.under.is_some(), "under", SourceMode::Table)?;
    }
    only(spec.select.is_some(), "select", SourceMode::Data)?;
    only(!spec.columns.is_empty(), "columns", SourceMode::Data)?;
    if spec.columns.len() > MAX_COLUMNS {
        return Err(error(
            &[Step::key("columns")],
            format!(
                "`columns` names {} columns; the limit is {MAX_COLUMNS}",
                spec.columns.len()
            ),
            Some("name the sheet's columns up to the last one a field reads".into()),
        ));
    }
    if spec.kind.is_none() && !(mode == SourceMode::Data && spec.select.is_none()) {
        return Err(error(
            &[],
            "`kind` is missing".into(),
            Some("add `kind = \"team\"`, `\"goal\"` or `\"issue\"`".into()),
        ));
    }
    if let Some(level) = spec.level {
        if !(1..=6).contains(&level) {
            return Err(error(
                &[Step::key("level")],
                format!("`level = {level}` is not a heading level (1 to 6)"),
                None,
            ));
        }
    }
    if spec.paths.is_empty() {
        return Err(error(
            &[Step::key("paths")],
            "`paths` is empty".into(),
            Some("name the files with globs, e.g. `paths = [\"ROADMAP.md\"]`".into()),
        ));
    }
    let include = globs(loaded, number, &spec.paths)?;
    let starts: Vec<String> = spec
        .paths
        .iter()
        .map(|glob| crate::pattern::literal_prefix(glob))
        .collect();
    let starts = (!starts.iter().any(String::is_empty)).then_some(starts);
    let exclude = globs(loaded, number, &spec.exclude)?;
    let under = match &spec.under {
        Some(pattern) => Some(
            crate::pattern::compile(pattern)
                .map_err(|why| error(&[Step::key("under")], why, None))?,
        ),
        None => None,
    };
    let select = match &spec.select {
        Some(expr) => Some(PathExpr::parse(expr).map_err(|why| {
            error(
                &[Step::key("select")],
                format!("bad path expression `{expr}`: {why}"),
                Some(path_help()),
            )
        })?),
        None => None,
    };
    let mut options = FieldNames::new(aliases.clone());
    let mut fields = Vec::new();
    let mut written = Vec::new();
    // Each name this source's fields list, with the field it feeds.
    let mut listed: std::collections::HashMap<String, &str> = Default::default();
    for (name, source) in &spec.fields {
        let canonical = parse::normalize_name(name).to_string();
        if canonical.is_empty() {
            return Err(error(
                &[Step::key("fields")],
                "a field has an empty name".into(),
                None,
            ));
        }
        let origins = source.origins();
        // Of `key = "a | b"`, a hint names the first path.
        let first_key = (origins.key.as_deref()).and_then(|key| key.split('|').next());
        let first_written = origins.names.first().map(String::as_str);
        let first_written = first_written.or(origins.column.as_deref());
        if let Some(first) = first_written.or(first_key.map(str::trim)) {
            written.push((canonical.clone(), first.to_string()));
        }
        // The field's entry, then `key` in it: a shorthand list has no keys.
        let at = |key: &str| [Step::key("fields"), Step::key(name), Step::key(key)];
        let capture = |pattern: &Option<String>| -> Result<Option<Capture>, ConfigError> {
            let Some(text) = pattern else { return Ok(None) };
            Capture::new(text, &canonical)
                .map(Some)
                .map_err(|(why, missing_group)| {
                    let help = missing_group.then(|| "name the group: `(?P<value>...)`".into());
                    let message = format!("field `{name}`: {why}");
                    let place = [
                        Step::key("fields"),
                        Step::key(name),
                        Step::text(text),
                        Step::within(text),
                    ];
                    error(&place, message, help)
                })
        };
        if origins.column.is_some() && mode != SourceMode::Table {
            return Err(error(
                &at("column"),
                format!(
                    "field `{name}`: `column` has no meaning in {} mode",
                    mode_name(mode)
                ),
                Some("`column` belongs to `mode = \"table\"`".into()),
            ));
        }
        // `a | b`: the first path that reaches a value gives it. Each is
        // tried for every entity: a few, not a config's worth.
        let alternatives = origins.key.iter().flat_map(|expr| expr.split('|'));
        if alternatives.clone().count() > MAX_KEY_PATHS {
            return Err(error(
                &at("key"),
                format!("field `{name}`: `key` names more than {MAX_KEY_PATHS} paths"),
                Some("each path is tried for every entity: name the few the files use".into()),
            ));
        }
        let key = alternatives
            .map(|alternative| {
                PathExpr::parse(alternative.trim()).map_err(|why| {
                    let expr = origins.key.as_deref().unwrap_or_default();
                    error(
                        &[
                            Step::key("fields"),
                            Step::key(name),
                            Step::key("key"),
                            Step::text(expr),
                        ],
                        format!("field `{name}`: bad path expression `{expr}`: {why}"),
                        Some(path_help()),
                    )
                })
            })
            .collect::<Result<Vec<_>, _>>()?;
        for alias in &origins.names {
            let normal = parse::normalize_name(alias).to_string();
            // A name feeds one field: listed under two, one of them was
            // silently left without it.
            if let Some(other) = listed.get(&normal).filter(|other| **other != name.as_str()) {
                return Err(error(
                    &[Step::key("fields"), Step::key(name), Step::text(alias)],
                    format!("field `{name}`: `{alias}` is already a name of field `{other}`, and a name feeds one field"),
                    Some(format!(
                        "read it for `{other}` by where it is written instead: `{other} = {{ key = \"{alias}\" }}` (data and frontmatter) or `{{ column = \"{alias}\" }}` (tables)"
                    )),
                ));
            }
            listed.insert(normal.clone(), name.as_str());
            options.insert_source_name(normal, canonical.clone());
        }
        options.insert_alias(canonical.clone(), canonical.clone());
        fields.push((
            canonical.clone(),
            FieldRule {
                key,
                column: origins.column.clone(),
                heading: capture(&origins.heading)?,
                path: capture(&origins.path)?,
                enclosing: capture(&origins.enclosing)?,
                default: origins.default.clone(),
                map: origins
                    .map
                    .iter()
                    .map(|(from, to)| (from.trim().to_lowercase(), to.clone()))
                    .collect(),
            },
        ));
    }
    // The names every source gives a field (`[fields]`), after its own.
    for (name, names) in &loaded.config.fields {
        let canonical = parse::normalize_name(name);
        if let Some(first) = names.first() {
            if !written.iter().any(|(field, _)| field.as_str() == canonical) {
                written.push((canonical.to_string(), first.clone()));
            }
        }
    }
    Ok(CompiledSource {
        number,
        kind: spec.kind.map(entity_kind),
        mode,
        paths: spec.paths.clone(),
        starts,
        include,
        exclude,
        level: spec.level,
        bold_headings: spec.bold_headings,
        under,
        select,
        select_text: spec.select.clone(),
        columns: spec.columns.clone(),
        fields,
        options,
        written: (!written.is_empty()).then(|| written.into()),
    })
}

fn path_help() -> String {
    "paths are keys joined by `.`, with `[*]` for every item of a list, `[0]` for one, and `*` for every value of a map: `sigs[*]`, `leadership.chairs[*].github`, `teams.*`".into()
}

/// What a mode cut out, before the source's fields are applied.
struct Cut<'a> {
    record: Record,
    node: Option<&'a parse::node::Node>,
    /// The document's whole tree, for `$.` paths.
    root: Option<&'a parse::node::Node>,
    cells: Vec<(CompactString, Values, Span)>,
    enclosing: Vec<Span>,
}

impl CompiledSource {
    /// How a file of this source at `path` writes its fields.
    pub fn style_for(&self, path: &str) -> FieldStyle {
        let form = match self.mode {
            SourceMode::Heading => FieldForm::Headings,
            SourceMode::Table => FieldForm::Columns,
            SourceMode::Data | SourceMode::Document => {
                // Read from the end: a path is mostly its folders.
                let name = path.get(path.len().saturating_sub(5)..).unwrap_or(path);
                let extension = name.rsplit_once('.').map_or("", |(_, ext)| ext);
                let is = |wanted: &[&str]| wanted.iter().any(|e| extension.eq_ignore_ascii_case(e));
                if is(&["csv", "tsv"]) {
                    FieldForm::Columns
                } else if self.mode == SourceMode::Data || is(DATA_EXTENSIONS) {
                    FieldForm::Keys
                } else {
                    FieldForm::Sections
                }
            }
        };
        FieldStyle {
            form,
            names: self.written.clone(),
        }
    }

    /// Whether this source's globs take `path`: an include glob matches
    /// it and no exclude glob does. Running a glob is a regex search, and
    /// every path is tried against each source in turn: a path outside
    /// every glob's folder is passed over by comparing its start.
    fn reads(&self, path: &str) -> bool {
        let may_match = self
            .starts
            .as_ref()
            .is_none_or(|starts| starts.iter().any(|start| path.starts_with(start.as_str())));
        may_match && self.include.is_match(path) && !self.exclude.is_match(path)
    }

    /// Whether the source configures a `title` field.
    fn has_title_field(&self) -> bool {
        self.fields.iter().any(|(name, _)| name == "title")
    }

    /// Reads one file as this source says: its entities, with their fields
    /// taken from the configured origins, titles and ids.
    /// The role of each file this source reads whole, or `None` when it
    /// cuts several entities out of a file (heading, table or `select`).
    pub fn whole_file_role(&self) -> Option<FileRole> {
        match (self.mode, self.kind) {
            (SourceMode::Document, Some(EntityKind::Issue)) => Some(FileRole::IssueFile),
            (SourceMode::Document, Some(EntityKind::Team)) => Some(FileRole::Team),
            (SourceMode::Document, _) => Some(FileRole::Goal),
            (SourceMode::Data, Some(EntityKind::Issue)) if self.select.is_none() => {
                Some(FileRole::IssueExport)
            }
            (SourceMode::Data, _) if self.select.is_none() => Some(FileRole::Data),
            _ => None,
        }
    }

    pub fn extract(&self, file: SourceFile, issues: &IssueOptions) -> (FileRole, ExtractedFile) {
        let kind = self.kind.unwrap_or(EntityKind::Goal);
        if let Some(role) = self.whole_file_role() {
            let memo = CaptureMemo::for_file(file.bytes.len());
            let path = file.path.clone();
            let mut parsed = read_file_with(file, &role, &self.options, issues);
            if role == FileRole::Data {
                if let Some(kind) = self.kind {
                    parsed.records.retain(|r| r.kind == kind);
                }
            }
            if !self.fields.is_empty() {
                let frontmatter = if self.fields.iter().any(|(_, f)| !f.key.is_empty()) {
                    frontmatter_or_data(&parsed.text, &path)
                } else {
                    None
                };
                let text = parsed.text.as_str();
                let by_span = frontmatter.as_ref().map(maps_by_span).unwrap_or_default();
                for record in &mut parsed.records {
                    // An entry of a `[[goal]]` array is its own tree; a whole
                    // document's is the file's (or its frontmatter).
                    let own = by_span.get(&(record.span.start, record.span.end)).copied();
                    // Taken, not copied: apply gives the record back.
                    let empty = Record {
                        kind: record.kind,
                        span: 0..0,
                        anchor: 0..0,
                        title: None,
                        fields: Fields::new(),
                    };
                    let cut = Cut {
                        record: std::mem::replace(record, empty),
                        node: own.or(frontmatter.as_ref()),
                        root: frontmatter.as_ref(),
                        cells: Vec::new(),
                        enclosing: Vec::new(),
                    };
                    *record = self.apply(cut, text, &path, &memo);
                }
                parsed.problems.extend(memo.stopped());
            }
            return (role, parsed);
        }
        let SourceFile { path, bytes } = file;
        let text = match parse::decode(bytes) {
            Ok(text) => text,
            Err((text, problem)) => {
                let parsed = ExtractedFile {
                    path,
                    text,
                    problems: vec![problem],
                    ..ExtractedFile::default()
                };
                return (FileRole::Extracted, parsed);
            }
        };
        let mut parsed = ExtractedFile::default();
        let mut records = Vec::new();
        // Where reading stopped (past a limit): reported after the file's
        // other problems are bounded, so a count never takes them in.
        let mut stopped = Vec::new();
        let memo = CaptureMemo::for_file(text.len());
        match self.mode {
            SourceMode::Heading => {
                let (blocks, problems, cut) =
                    heading::blocks(&text, self.level, self.bold_headings);
                parsed.problems.extend(problems);
                stopped.extend(cut);
                // The heading's own title is kept only where a `title`
                // field is missing; without one, `titled` makes it.
                let (mut cut, problems) = heading::parse(
                    &text,
                    &blocks,
                    kind,
                    self.level,
                    &self.options,
                    self.has_title_field(),
                );
                parsed.problems.extend(problems);
                stopped.extend(problems::at_most(&mut cut, MAX_FILE_ENTITIES, |r| {
                    r.anchor.clone()
                }));
                let outline = Outline::new(&blocks);
                let frontmatter = parse::frontmatter_tree(&text);
                for record in cut {
                    let index = blocks.partition_point(|b| b.span().start < record.anchor.start);
                    let enclosing = outline.enclosing(&blocks, &text, index);
                    if !self.is_under(&enclosing, &text) {
                        continue;
                    }
                    let cut = Cut {
                        record,
                        node: frontmatter.as_ref(),
                        root: frontmatter.as_ref(),
                        cells: Vec::new(),
                        enclosing,
                    };
                    records.push(self.titled(self.apply(cut, &text, &path, &memo), &text));
                }
            }
            SourceMode::Table => {
                let split = parse::frontmatter::split(&text, parse::content_start(&text));
                parsed.problems.extend(split.problem);
                let (blocks, cut) = markdown::blocks(&text, split.body);
                stopped.extend(cut);
                let outline = Outline::new(&blocks);
                let wanted = |index: usize| {
                    self.under.is_none()
                        || self.is_under(&outline.enclosing(&blocks, &text, index), &text)
                };
                let frontmatter = parse::frontmatter_tree(&text);
                let columns: Vec<String> = self
                    .fields
                    .iter()
                    .filter_map(|(_, rule)| {
                        rule.column
                            .as_deref()
                            .map(|column| parse::normalize_name(column).to_string())
                    })
                    .collect();
                let mut rows = table::rows(&blocks, kind, &self.options, &columns, wanted);
                stopped.extend(problems::at_most(&mut rows, MAX_FILE_ENTITIES, |row| {
                    row.record.anchor.clone()
                }));
                for row in rows {
                    let enclosing = outline.enclosing(&blocks, &text, row.block);
                    let cut = Cut {
                        record: row.record,
                        node: frontmatter.as_ref(),
                        root: frontmatter.as_ref(),
                        cells: row.cells,
                        enclosing,
                    };
                    records.push(self.titled(self.apply(cut, &text, &path, &memo), &text));
                }
            }
            SourceMode::Data | SourceMode::Document => {
                let select = self.select.as_ref();
                let read = parse::data_documents_with_columns(&text, &path, &self.columns);
                match (read, select) {
                    (Ok((root, stream)), Some(select)) => {
                        // A YAML file of one document reads as a stream of
                        // one, so that `[*]` reaches a Group alone in its
                        // file as it reaches one among Users.
                        let yaml = parse::DataFormat::of_path(&path) == parse::DataFormat::Yaml;
                        let (root, stream) = if yaml
                            && !stream
                            && matches!(root.kind, parse::node::NodeKind::Map(_))
                            && select.starts_with_items()
                        {
                            let span = root.span.clone();
                            let one = parse::node::Node {
                                kind: parse::node::NodeKind::List(vec![root]),
                                span,
                            };
                            (one, true)
                        } else {
                            (root, stream)
                        };
                        let mut selected = data::select(
                            &text,
                            &root,
                            select,
                            kind,
                            &self.options,
                            &mut parsed.problems,
                        );
                        let anchor = |found: &data::Selected| found.record.anchor.clone();
                        stopped.extend(problems::at_most(&mut selected, MAX_FILE_ENTITIES, anchor));
                        for found in selected {
                            // In a stream, `$` is the entity's own document.
                            let own_root = if stream {
                                document_of(&root, &found.node.span)
                            } else {
                                Some(&root)
                            };
                            let cut = Cut {
                                record: found.record,
                                node: Some(found.node),
                                root: own_root,
                                cells: Vec::new(),
                                enclosing: found.context,
                            };
                            records.push(self.apply(cut, &text, &path, &memo));
                        }
                    }
                    (Err(problem), _) => parsed.problems.push(problem),
                    (Ok(_), None) => {}
                }
            }
        }
        stopped.extend(memo.stopped());
        for record in &mut records {
            fields::clamp_record(&text, record);
        }
        parsed.problems.extend(problems::full_records(&records));
        parsed.records = records;
        parsed.problems = problems::bounded(std::mem::take(&mut parsed.problems));
        parsed.problems.extend(stopped);
        for problem in &mut parsed.problems {
            problem.span = parse::clamp(&text, &problem.span);
        }
        parsed.suppressions = parse::suppressions_of(&text, &path);
        parsed.text = text;
        parsed.path = path;
        (FileRole::Extracted, parsed)
    }

    /// The record with each configured field taken from its origins; a
    /// `title` field becomes the title.
    fn apply(&self, cut: Cut, text: &str, path: &str, memo: &CaptureMemo) -> Record {
        let Cut {
            mut record,
            node,
            root,
            cells,
            enclosing,
        } = cut;
        let context = Context {
            text,
            path,
            node,
            root,
            cells: &cells,
            enclosing: &enclosing,
            // Only `select` finds entities inside other entries.
            enclosing_origin: if self.select.is_some() {
                Origin::EnclosingEntry
            } else {
                Origin::EnclosingHeading
            },
            memo,
        };
        // A field with origins of its own is taken out and set again; the
        // others keep the document's field, mapped where it is: a finished
        // record's names are shared, and taking one out copies them.
        for (name, rule) in &self.fields {
            if !rule.has_origins() {
                if let Some(field) = record.fields.get_mut(name) {
                    rule.map_values(field);
                }
                continue;
            }
            let existing = record.fields.remove(name);
            if let Some(field) = rule.apply(&record, existing, &context) {
                record.fields.insert(name.as_str().into(), field);
            }
        }
        if let Some(title) = record.fields.remove("title") {
            let joined: Vec<String> = title.values.iter().map(|v| text::plain(&v.text)).collect();
            record.title = Some(joined.join(" ")).filter(|t| !t.is_empty());
        }
        record
    }

    /// A heading's or row's title without markup, components and the values
    /// taken from it, and its id (unless a field gives one): the title's slug.
    fn titled(&self, mut record: Record, text: &str) -> Record {
        if !self.has_title_field() {
            // A field's own span and a value or two each: room for them at once.
            let mut cuts: Vec<Span> = Vec::with_capacity(2 * record.fields.len());
            for field in record.fields.values() {
                let own = field.values.iter().filter(|v| v.span() != record.anchor);
                cuts.extend(own.map(|v| v.span()));
                if field.values.iter().all(|v| v.span() != record.anchor)
                    && field.span() != record.anchor
                {
                    cuts.push(field.span());
                }
            }
            let span = if self.mode == SourceMode::Table {
                None
            } else {
                Some(record.anchor.clone())
            };
            let title = match span {
                Some(span) => text::plain_without(text, &span, &cuts),
                None => record.title.as_deref().map(text::plain).unwrap_or_default(),
            };
            record.title = (!title.is_empty()).then_some(title);
        }
        if !record.fields.contains_key("id") {
            if let Some(slug) = record
                .title
                .as_deref()
                .map(text::slug)
                .filter(|s| !s.is_empty())
            {
                record.fields.insert(
                    "id".into(),
                    Field::new(
                        Origin::Title,
                        record.anchor.clone(),
                        smallvec::smallvec![Value {
                            text: slug.into(),
                            place: record.anchor.clone().into(),
                        }],
                    ),
                );
            }
        }
        record
    }
}

impl CompiledSource {
    /// Whether one of the `enclosing` headings matches `under` (always,
    /// without one): a table or a heading below the plan's own heading,
    /// not a page's template or legend.
    fn is_under(&self, enclosing: &[Span], text: &str) -> bool {
        let Some(regex) = &self.under else {
            return true;
        };
        enclosing.iter().any(|span| {
            let heading = text::plain(text.get(span.clone()).unwrap_or(""));
            regex.is_match(crate::pattern::haystack(&heading))
        })
    }
}

/// The document of a stream (`stream`, the list of them in order) that
/// holds `span`: found by halving, as each entity of a long catalog asks.
fn document_of<'a>(stream: &'a parse::node::Node, span: &Span) -> Option<&'a parse::node::Node> {
    let parse::node::NodeKind::List(documents) = &stream.kind else {
        return None;
    };
    let at = documents.partition_point(|document| document.span.end < span.end);
    documents
        .get(at)
        .filter(|document| document.span.start <= span.start)
}

/// The frontmatter of a Markdown document, or the tree of a data document.
fn frontmatter_or_data(text: &str, path: &str) -> Option<parse::node::Node> {
    if is_data_path(path) {
        parse::data_tree(text, path).ok()
    } else {
        parse::frontmatter_tree(text)
    }
}

/// Every map of a tree by its span, so that an array entry finds its node
/// in constant time.
fn maps_by_span(
    root: &parse::node::Node,
) -> std::collections::HashMap<(usize, usize), &parse::node::Node> {
    use parse::node::NodeKind;
    let mut out = std::collections::HashMap::new();
    let mut stack = vec![root];
    while let Some(node) = stack.pop() {
        match &node.kind {
            NodeKind::Map(entries) => {
                out.insert((node.span.start, node.span.end), node);
                stack.extend(entries.iter().map(|(_, _, child)| child));
            }
            NodeKind::List(items) => stack.extend(items.iter()),
            NodeKind::Null | NodeKind::Scalar(_) => {}
        }
    }
    out
}

/// For each block, the headings open before it (one slot per level), so
/// that every entity finds its enclosing headings in constant time.
struct Outline {
    before: Vec<[Option<usize>; 6]>,
}

impl Outline {
    fn new(blocks: &[Block]) -> Outline {
        let mut open = [None; 6];
        let mut before = Vec::with_capacity(blocks.len());
        for (index, block) in blocks.iter().enumerate() {
            before.push(open);
            if let Some(level) = block.heading_level() {
                let slot = usize::from(level.clamp(1, 6)) - 1;
                open[slot] = Some(index);
                for later in open.iter_mut().skip(slot + 1) {
                    *later = None;
                }
            }
        }
        Outline { before }
    }

    /// The content spans (after `#` markers) of the headings that enclose
    /// block `index`, nearest first: for a heading, only those of a higher level.
    fn enclosing(&self, blocks: &[Block], text: &str, index: usize) -> Vec<Span> {
        let Some(open) = self.before.get(index) else {
            return Vec::new();
        };
        let limit = blocks
            .get(index)
            .and_then(Block::heading_level)
            .map_or(6, |level| usize::from(level.clamp(1, 6)) - 1);
        open.iter()
            .take(limit)
            .rev()
            .flatten()
            .filter_map(|&at| blocks.get(at))
            .map(|block| heading_content(text, block.span()))
            .collect()
    }
}

/// A heading line's span without its `#` markers and surrounding spaces.
fn heading_content(text: &str, span: &Span) -> Span {
    let Some(line) = text.get(span.clone()) else {
        return span.clone();
    };
    let after_marks = line.trim_start_matches('#');
    let body = after_marks.trim_start();
    let start = span.start + (line.len() - body.len());
    let trimmed = body.trim_end().trim_end_matches('#').trim_end();
    start..start + trimmed.len()
}

#[cfg(test)]
mod tests {
    use super::test_support::invalid_span;
    use super::*;
    use proptest::prelude::*;

    fn sources(config: &str) -> Sources {
        let loaded = Loaded {
            config: toml::from_str(config).expect("config"),
            ..Loaded::default()
        };
        match Sources::compile(&loaded) {
            Ok(sources) => sources,
            Err(e) => panic!("{}", e.message),
        }
    }

    fn cut(sources: &Sources, path: &str, text: &str) -> ExtractedFile {
        let source = sources.source_of(path).expect("a source");
        let file = SourceFile {
            path: path.into(),
            bytes: text.as_bytes().to_vec(),
        };
        source.extract(file, &IssueOptions::default()).1
    }

    fn texts<'a>(record: &'a Record, field: &str) -> Vec<&'a str> {
        record
            .fields
            .get(field)
            .map(|f| f.values.iter().map(|v| v.text.as_str()).collect())
            .unwrap_or_default()
    }

    const MODES: &str = r#"
[[source]]
kind = "goal"
mode = "heading"
paths = ["h.md"]
bold-headings = true
level = 2
[source.fields]
owner = { heading = '@(?P<value>\w+)', map = { ana = "@ana" } }
status = { enclosing = '(?P<value>Now|Later)', default = "proposed" }

[[source]]
kind = "goal"
mode = "table"
paths = ["t.md"]
[source.fields]
owner = { column = "Champion" }

[[source]]
kind = "team"
mode = "data"
paths = ["d.yaml", "d.toml", "d.json"]
select = "teams.*"
[source.fields]
lead = { key = "chairs[*]" }
"#;

    #[test]
    fn origins_are_tried_in_order_and_values_mapped() {
        let sources = sources(MODES);
        let text =
            "# Now\n\n## Faster builds @ana\n\n- Status: committed\n\n## Docs\n\nOwner: @bo\n";
        let parsed = cut(&sources, "h.md", text);
        let [first, second] = parsed.records.as_slice() else {
            panic!("{:?}", parsed.records)
        };
        assert_eq!(texts(first, "owner"), ["@ana"]);
        assert_eq!(texts(first, "status"), ["committed"]);
        assert_eq!(first.title.as_deref(), Some("Faster builds"));
        assert_eq!(texts(second, "owner"), ["@bo"]);
        assert_eq!(texts(second, "id"), ["docs"]);
        assert_eq!(texts(second, "status"), ["Now"]);
        let origin = |record: &Record, name: &str| {
            let field = &record.fields[name];
            (field.origin, field.mapped)
        };
        assert_eq!(origin(first, "owner"), (Origin::HeadingRegex, true));
        assert_eq!(origin(first, "status"), (Origin::LabelledLine, false));
        assert_eq!(origin(first, "id"), (Origin::Title, false));
        assert_eq!(origin(second, "owner"), (Origin::LabelledLine, false));
        assert_eq!(origin(second, "status"), (Origin::EnclosingHeading, false));
    }

    #[test]
    fn a_missing_title_field_leaves_the_heading_title() {
        let sources = sources(
            r#"
[[source]]
kind = "goal"
mode = "heading"
paths = ["h.md"]
level = 2
[source.fields]
title = ["headline"]
"#,
        );
        let text = "## G-1 (Owner: @a)\n\n- Headline: Faster builds\n\n## G-2 (Owner: @b)\n\n- Status: open\n";
        let parsed = cut(&sources, "h.md", text);
        let titles: Vec<_> = parsed.records.iter().map(|r| r.title.as_deref()).collect();
        assert_eq!(titles, [Some("Faster builds"), Some("G-2")]);
        let ids: Vec<_> = parsed.records.iter().map(|r| texts(r, "id")).collect();
        assert_eq!(ids, [vec!["faster-builds"], vec!["g-2"]]);
    }

    #[test]
    fn a_map_of_teams_takes_ids_from_its_keys() {
        let sources = sources(MODES);
        let text = "teams:\n  web:\n    chairs: [a, b]\n  api:\n    id: backend\n";
        let parsed = cut(&sources, "d.yaml", text);
        let ids: Vec<_> = parsed.records.iter().map(|r| texts(r, "id")).collect();
        assert_eq!(ids, [vec!["web"], vec!["backend"]]);
        assert_eq!(texts(&parsed.records[0], "lead"), ["a", "b"]);
        assert_eq!(parsed.records[0].fields["lead"].origin, Origin::DataKey);
        assert_eq!(parsed.records[0].fields["id"].origin, Origin::DataKey);
        assert_eq!(&text[parsed.records[0].anchor.clone()], "web");
    }

    #[test]
    fn globs_are_root_relative_and_stay_in_their_folder() {
        let sources = sources(
            "[[source]]\nkind = \"goal\"\npaths = [\"./goals/*.md\", \"/ROADMAP.md\"]\nexclude = [\"**/README.md\"]\n",
        );
        let read = |path: &str| sources.source_of(path).is_some();
        assert!(read("goals/a.md") && read("ROADMAP.md"));
        assert!(!read("goals/old/a.md") && !read("goals/README.md") && !read("x/ROADMAP.md"));
    }

    #[test]
    fn keys_of_array_entries_start_at_the_entry() {
        let sources = sources(
            "[[source]]\nkind = \"goal\"\nmode = \"data\"\npaths = [\"p.toml\"]\n[source.fields]\nowner = { key = \"people.dri\" }\n",
        );
        let text = "[[goal]]\nid = \"a\"\npeople = { dri = \"@x\" }\n\n[[goal]]\nid = \"b\"\npeople = { dri = \"@y\" }\n\n[[team]]\nid = \"t\"\n";
        let parsed = cut(&sources, "p.toml", text);
        let owners: Vec<_> = parsed.records.iter().map(|r| texts(r, "owner")).collect();
        assert_eq!(owners, [vec!["@x"], vec!["@y"]]);
    }

    /// Path pieces for globs and paths: folders the globs name, wildcards,
    /// the characters `literal_prefix` stops at, and any Unicode.
    fn path_piece() -> impl Strategy<Value = String> {
        prop_oneof![
            3 => prop::sample::select(vec![
                "planning", "goals", "teams", "a.md", "b.toml", "x", "/", "/", "./", "é",
            ])
            .prop_map(str::to_string),
            2 => prop::sample::select(vec!["*", "**", "?", "[ab]", "{a,b}", "*.md", "**/"])
                .prop_map(str::to_string),
            1 => any::<String>(),
        ]
    }

    proptest! {
        /// Passing a path over by its start never changes which source reads
        /// it: the answer is that of the globs alone.
        #[test]
        fn a_source_reads_exactly_what_its_globs_match(
            includes in prop::collection::vec(prop::collection::vec(path_piece(), 1..6), 1..4),
            excludes in prop::collection::vec(prop::collection::vec(path_piece(), 1..4), 0..2),
            paths in prop::collection::vec(prop::collection::vec(path_piece(), 1..8), 1..12),
        ) {
            let join = |pieces: &Vec<String>| pieces.concat();
            let includes: Vec<String> = includes.iter().map(join).collect();
            let excludes: Vec<String> = excludes.iter().map(join).collect();
            let spec = crate::config::Source {
                paths: includes.clone(),
                exclude: excludes.clone(),
                ..crate::config::default_sources().remove(3)
            };
            let Ok(source) = compile_one(&Loaded::default(), 1, &spec, &Default::default()) else {
                // A glob that does not compile: the config is refused.
                return Ok(());
            };
            let set = |globs: &[String]| {
                let mut builder = GlobSetBuilder::new();
                for glob in globs {
                    builder.add(crate::pattern::glob(glob).expect("compiled above"));
                }
                builder.build().expect("compiled above")
            };
            let (include, exclude) = (set(&includes), set(&excludes));
            // Paths each glob matches, or nearly: its wildcards filled in.
            let filled = includes.iter().chain(&excludes).map(|glob| {
                glob.replace("**", "x/y")
                    .replace(['*', '?'], "a")
                    .replace("[ab]", "b")
                    .replace("{a,b}", "a")
                    .trim_start_matches("./")
                    .trim_start_matches('/')
                    .to_string()
            });
            for path in paths.iter().map(join).chain(filled) {
                let by_globs = include.is_match(&path) && !exclude.is_match(&path);
                prop_assert_eq!(source.reads(&path), by_globs, "{:?}", path);
            }
        }
    }

    #[test]
    fn unused_sources_are_named() {
        let sources = sources(MODES);
        assert_eq!(
            sources.unused(&["h.md".into(), "sub/t.md".into()]),
            [
                "source 2 matches no file: `t.md`",
                "source 3 matches no file: `d.yaml`, `d.toml`, `d.json`"
            ]
        );
        assert!(super::Sources::compile(&Loaded::default())
            .expect("defaults")
            .unused(&[])
            .is_empty());
    }

    const FRAGMENTS: &[&str] = &[
        "#",
        "## ",
        "Now",
        "\n",
        " ",
        "**",
        "*",
        "|",
        "| --- |",
        "Champion",
        "@ana",
        "<T name=\"",
        "\" />",
        "[",
        "](x)",
        "(Owner: ",
        ")",
        ":",
        "- ",
        "teams:",
        "  ",
        "chairs",
        "[a, b]",
        "é",
        "🚀",
        "\r\n",
        "---",
        "`",
    ];

    proptest! {
        #[test]
        fn modes_never_panic_and_keep_spans_in_the_text(
            parts in proptest::collection::vec(proptest::sample::select(FRAGMENTS), 0..80),
            path in proptest::sample::select(vec!["h.md", "t.md", "d.yaml", "d.json"]),
        ) {
            let sources = sources(MODES);
            let parsed = cut(&sources, path, &parts.concat());
            prop_assert_eq!(invalid_span(&parsed), None);
        }
    }

    /// Shapes that a quadratic walk would turn into a hang.
    #[test]
    fn large_documents_of_every_mode_are_cut() {
        let sources = sources(MODES);
        let lines = 20_000;
        let shapes = [
            ("h.md", "## Goal @ana\n**Bold**\n".repeat(lines)),
            (
                "h.md",
                format!("# Now\n{}", "## x @a\n###### y\n".repeat(lines)),
            ),
            (
                "t.md",
                format!("| Champion |\n|---|\n{}", "| @a |\n".repeat(lines)),
            ),
            (
                "d.yaml",
                format!(
                    "teams:\n{}",
                    (0..lines)
                        .map(|n| format!("  t{n}: {{chairs: [a]}}\n"))
                        .collect::<String>()
                ),
            ),
        ];
        for (path, text) in shapes {
            let parsed = cut(&sources, path, &text);
            assert!(!parsed.records.is_empty(), "{path}");
        }
    }
}
