//! `[[source]]`: which files hold the plan, what kind of entity they hold,
//! how entities are cut out of them, and where each field's value comes from.

use schemars::JsonSchema;
use serde::{Deserialize, Deserializer, Serialize};
use std::collections::BTreeMap;

/// One `[[source]]` entry.
#[derive(Clone, Debug, Deserialize, Serialize, JsonSchema, PartialEq)]
#[serde(rename_all = "kebab-case", deny_unknown_fields)]
pub struct Source {
    /// `team`, `goal` or `issue`. Only data mode without `select` may leave
    /// it out: then a file's `team`/`teams` and `goal`/`goals` arrays say it.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub kind: Option<SourceKind>,
    /// Root-relative globs, gitignore-style: `*` stays inside one folder, `**` crosses folders.
    pub paths: Vec<String>,
    /// Globs of files to leave out (README, index pages).
    #[serde(default, skip_serializing_if = "Vec::is_empty")]
    pub exclude: Vec<String>,
    /// How entities are cut out of each file.
    #[serde(default)]
    pub mode: SourceMode,
    /// Heading mode: the heading level (1–6) of the entities; by default
    /// every heading with a labelled field, outermost first.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub level: Option<u8>,
    /// Heading mode: a paragraph that is only bold text is a heading too.
    #[serde(default, skip_serializing_if = "std::ops::Not::not")]
    pub bold_headings: bool,
    /// Table and heading modes: only the tables or headings below a heading
    /// (at any level above) whose text matches this regex.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub under: Option<String>,
    /// Data mode: the path expression of the entities (`sigs[*]`, `teams.*`).
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub select: Option<String>,
    /// Data mode, CSV and TSV files: the names of the columns, in order,
    /// for a sheet written without a header row (its first row is data).
    #[serde(default, skip_serializing_if = "Vec::is_empty")]
    pub columns: Vec<String>,
    /// Where fields come from, by canonical field name.
    #[serde(default, skip_serializing_if = "BTreeMap::is_empty")]
    pub fields: BTreeMap<String, FieldSource>,
}

/// The kind of entity a source holds.
#[derive(Clone, Copy, Debug, Deserialize, Serialize, JsonSchema, PartialEq, Eq)]
#[serde(rename_all = "kebab-case")]
pub enum SourceKind {
    Team,
    Goal,
    Issue,
}

/// How a source cuts entities out of its files.
#[derive(Clone, Copy, Debug, Default, Deserialize, Serialize, JsonSchema, PartialEq, Eq)]
#[serde(rename_all = "kebab-case")]
pub enum SourceMode {
    /// One entity per file (Markdown with optional frontmatter, or a TOML/YAML table).
    #[default]
    Document,
    /// One entity per heading.
    Heading,
    /// One entity per row of the Markdown tables.
    Table,
    /// Entities selected from YAML, TOML, JSON, CSV or TSV data.
    Data,
}

/// Where one field's value comes from: a list of names (shorthand for
/// `{ names = [...] }`) or a table of origins.
#[derive(Clone, Debug, Serialize, JsonSchema, PartialEq)]
#[serde(untagged)]
pub enum FieldSource {
    Names(Vec<String>),
    Origins(FieldOrigins),
}

impl FieldSource {
    /// The origins, the shorthand spelled out.
    pub fn origins(&self) -> FieldOrigins {
        match self {
            FieldSource::Names(names) => FieldOrigins {
                names: names.clone(),
                ..FieldOrigins::default()
            },
            FieldSource::Origins(origins) => origins.clone(),
        }
    }
}

impl<'de> Deserialize<'de> for FieldSource {
    fn deserialize<D: Deserializer<'de>>(deserializer: D) -> Result<Self, D::Error> {
        struct Visitor;
        impl<'de> serde::de::Visitor<'de> for Visitor {
            type Value = FieldSource;
            fn expecting(&self, f: &mut std::fmt::Formatter) -> std::fmt::Result {
                f.write_str("a list of names or a table such as `{ column = \"Champion\" }`")
            }
            fn visit_seq<A: serde::de::SeqAccess<'de>>(
                self,
                seq: A,
            ) -> Result<Self::Value, A::Error> {
                Vec::<String>::deserialize(serde::de::value::SeqAccessDeserializer::new(seq))
                    .map(FieldSource::Names)
            }
            fn visit_map<A: serde::de::MapAccess<'de>>(
                self,
                map: A,
            ) -> Result<Self::Value, A::Error> {
                FieldOrigins::deserialize(serde::de::value::MapAccessDeserializer::new(map))
                    .map(FieldSource::Origins)
            }
        }
        deserializer.deserialize_any(Visitor)
    }
}

/// The places a field's value may come from. They are tried in this order
/// and the first that yields a value wins: `key`, `column`, `heading`, the
/// field as the document names it (its canonical name, `names`, and
/// `[fields]` aliases), `path`, `enclosing`, then `default`. `map` then
/// rewrites every value.
#[derive(Clone, Debug, Default, Deserialize, Serialize, JsonSchema, PartialEq)]
#[serde(rename_all = "kebab-case", deny_unknown_fields)]
pub struct FieldOrigins {
    /// A frontmatter or data path: `leadership.chairs[*].github`; several
    /// between `|`, the first that reaches a value gives it.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub key: Option<String>,
    /// Table mode: the column with this header text (any case).
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub column: Option<String>,
    /// A regex over the entity's heading line; every match is a value, the
    /// named group `value` (or one named after the field) its text.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub heading: Option<String>,
    /// A regex over the file's root-relative path, with a `value` group.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub path: Option<String>,
    /// A regex over the headings that enclose the entity, nearest first;
    /// the first that matches gives the value.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub enclosing: Option<String>,
    /// More names the document may give the field: a frontmatter key, a
    /// `Key: value` line, a metadata-table row or a section heading.
    #[serde(default, skip_serializing_if = "Vec::is_empty")]
    pub names: Vec<String>,
    /// The value when no other origin yields one.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub default: Option<String>,
    /// Rewrites values (matched ignoring case and surrounding space):
    /// `{ Accepted = "in-progress" }`. Values not in the map stay.
    #[serde(default, skip_serializing_if = "BTreeMap::is_empty")]
    pub map: BTreeMap<String, String>,
}

/// The canonical layout of DESIGN.md, as sources: what a plan with no
/// `[[source]]` is read with.
pub fn default_sources() -> Vec<Source> {
    let source = |kind: Option<SourceKind>, mode: SourceMode, paths: &[&str]| Source {
        kind,
        paths: paths.iter().map(|p| p.to_string()).collect(),
        exclude: Vec::new(),
        mode,
        level: None,
        bold_headings: false,
        under: None,
        select: None,
        columns: Vec::new(),
        fields: BTreeMap::new(),
    };
    vec![
        source(
            Some(SourceKind::Issue),
            SourceMode::Data,
            &["planning/issues.json"],
        ),
        source(
            Some(SourceKind::Issue),
            SourceMode::Document,
            &["planning/issues/**/*.md"],
        ),
        source(
            Some(SourceKind::Team),
            SourceMode::Document,
            &["planning/teams/**/*.{md,toml,yaml,yml}"],
        ),
        source(
            Some(SourceKind::Goal),
            SourceMode::Document,
            &["planning/goals/**/*.{md,toml,yaml,yml}"],
        ),
        source(
            None,
            SourceMode::Data,
            &[
                "planning/**/*.toml",
                "planning/**/*.yaml",
                "planning/**/*.yml",
            ],
        ),
    ]
}

#[cfg(test)]
mod tests {
    use super::*;

    #[derive(Deserialize)]
    struct Fields {
        fields: BTreeMap<String, FieldSource>,
    }

    #[test]
    fn a_field_is_a_list_of_names_or_a_table_of_origins() {
        let parsed: Fields = toml::from_str(
            "[fields]\nowner = [\"dri\", \"champion\"]\nstatus = { enclosing = '(?P<value>.+)', map = { Current = \"in-progress\" } }\n",
        )
        .expect("fields");
        assert_eq!(parsed.fields["owner"].origins().names, ["dri", "champion"]);
        let status = parsed.fields["status"].origins();
        assert_eq!(status.enclosing.as_deref(), Some("(?P<value>.+)"));
        assert_eq!(status.map["Current"], "in-progress");
        assert!(status.names.is_empty());
    }

    #[test]
    fn a_field_that_is_neither_says_what_it_expects() {
        let error = toml::from_str::<Fields>("[fields]\nowner = \"dri\"\n")
            .err()
            .expect("an error");
        assert_eq!(
            error.message(),
            "invalid type: string \"dri\", expected a list of names or a table such as `{ column = \"Champion\" }`"
        );
    }
}
