//! The JSON contract of DESIGN.md ("JSON output (version 1)"), written
//! directly in serde_json's pretty layout (two-space indent, `": "`). The
//! report of a large plan is thousands of findings rendered after the
//! parallel work: serde's pretty printer spent 6,000 instructions a finding
//! there, escaping a byte at a time and indenting through its formatter;
//! this writes the fixed shape with the keys in their declared order, and
//! [`write`] renders pieces of it on every core. The tests hold it to
//! serde_json's bytes on arbitrary text.

use super::Report;
use crate::diagnostic::Diagnostic;
use std::borrow::Cow;

/// Pretty-printed (two-space indent) with a trailing newline.
pub fn render(report: &Report) -> String {
    let mut out = String::with_capacity(super::json_room(report.diagnostics.len()));
    head(&mut out, report);
    out.push('[');
    findings(&mut out, 0, report.diagnostics);
    tail(&mut out, report);
    out
}

/// The JSON of [`render`], handed to `part` in pieces, each passed through
/// `guard` first: the findings are rendered on every core by
/// [`super::write_in_pieces`] (a piece ends after a finding, so none ends
/// inside a string). On one thread they were a tenth of a 30,000-finding
/// check, and held whole a 10,000-goal plan's 3 MB report was the last
/// step up of the run's peak memory.
pub fn write(
    report: &Report,
    guard: &(dyn for<'t> Fn(&'t str) -> Cow<'t, str> + Sync),
    part: &mut dyn FnMut(&str) -> std::io::Result<()>,
) -> std::io::Result<()> {
    let mut start = String::new();
    head(&mut start, report);
    start.push('[');
    part(&guard(&start))?;
    super::write_in_pieces(
        report.diagnostics,
        &|out, first, chunk| {
            out.reserve(chunk.len() * FINDING_BYTES);
            findings(out, first, chunk);
        },
        guard,
        part,
    )?;
    let mut end = String::new();
    tail(&mut end, report);
    part(&guard(&end))
}

/// About the bytes of one finding's JSON: room for a piece at once.
const FINDING_BYTES: usize = 512;

/// Everything before the findings' array.
fn head(out: &mut String, report: &Report) {
    out.push_str(
        "{\n  \"version\": 1,\n  \"tool\": {\n    \"name\": \"planlint\",\n    \"version\": ",
    );
    string(out, report.tool_version);
    out.push_str("\n  },\n  \"diagnostics\": ");
}

/// The items of the findings' array from the `first`th on, each after a
/// line break (after a comma but for the array's first) and its indent.
fn findings(out: &mut String, first: usize, diagnostics: &[Diagnostic]) {
    for (number, diagnostic) in (first..).zip(diagnostics) {
        out.push_str(if number == 0 { "\n" } else { ",\n" });
        out.push_str("    ");
        finding(out, diagnostic);
    }
}

/// The end of the findings' array, and everything after it.
fn tail(out: &mut String, report: &Report) {
    if !report.diagnostics.is_empty() {
        // The closing bracket stands one level (two spaces) out.
        out.push_str("\n  ");
    }
    out.push(']');
    let s = &report.summary;
    out.push_str(",\n  \"summary\": {");
    for (number, (key, count)) in [
        ("files", s.files),
        ("teams", s.teams),
        ("goals", s.goals),
        ("issues", s.issues),
        ("errors", s.errors),
        ("warnings", s.warnings),
    ]
    .into_iter()
    .enumerate()
    {
        out.push_str(if number == 0 { "\n    \"" } else { ",\n    \"" });
        out.push_str(key);
        out.push_str("\": ");
        integer(out, count);
    }
    out.push_str("\n  }");
    if let Some(trust) = report.trust {
        out.push_str(",\n  \"config\": {\n    \"revision\": ");
        string(out, &trust.revision);
        out.push_str(",\n    \"changed\": ");
        strings(out, &trust.changed, "      ");
        out.push_str("\n  }");
    }
    out.push_str("\n}\n");
}

/// A pretty array of strings, each on its own line at `indent`; `[]` when
/// there is none.
fn strings(out: &mut String, items: &[String], indent: &str) {
    out.push('[');
    for (number, item) in items.iter().enumerate() {
        out.push_str(if number == 0 { "\n" } else { ",\n" });
        out.push_str(indent);
        string(out, item);
    }
    if !items.is_empty() {
        out.push('\n');
        // The closing bracket stands one level (two spaces) out.
        out.push_str(indent.get(2..).unwrap_or_default());
    }
    out.push(']');
}

/// One element of `diagnostics`, after its indent.
fn finding(out: &mut String, d: &Diagnostic) {
    out.push_str("{\n      \"rule\": ");
    string(out, &d.rule);
    out.push_str(",\n      \"level\": \"");
    out.push_str(d.level.as_str());
    out.push_str("\",\n      \"message\": ");
    string(out, &d.message);
    out.push_str(",\n      \"path\": ");
    string(out, &d.path);
    out.push_str(",\n      \"line\": ");
    integer(out, d.start.line);
    out.push_str(",\n      \"column\": ");
    integer(out, d.start.column);
    out.push_str(",\n      \"end_line\": ");
    integer(out, d.end.line);
    out.push_str(",\n      \"end_column\": ");
    integer(out, d.end.column);
    out.push_str(",\n      \"entity\": {\n        \"kind\": \"");
    out.push_str(d.entity.kind.as_str());
    out.push_str("\",\n        \"id\": ");
    string(out, &d.entity.id);
    out.push_str("\n      },\n      \"help\": ");
    match &d.help {
        Some(help) => string(out, help),
        None => out.push_str("null"),
    }
    out.push_str("\n    }");
}

/// `value` in decimal.
fn integer(out: &mut String, mut value: usize) {
    let mut digits = [0u8; 20];
    let mut start = digits.len();
    loop {
        start -= 1;
        if let Some(digit) = digits.get_mut(start) {
            *digit = b'0' + (value % 10) as u8;
        }
        value /= 10;
        if value == 0 {
            break;
        }
    }
    for &digit in digits.get(start..).unwrap_or_default() {
        out.push(char::from(digit));
    }
}

/// `text` as a JSON string, escaped as serde_json escapes it: `"`, `\` and
/// the control characters below U+0020 (`\n`, `\t`, ... or `\u00XX`);
/// everything else as it is. Runs without any of those are copied whole,
/// found eight bytes at a time.
fn string(out: &mut String, text: &str) {
    out.push('"');
    let bytes = text.as_bytes();
    let mut copied = 0;
    let mut at = 0;
    while at < bytes.len() {
        let Some(run) = bytes.get(at..) else { break };
        let clean = clean_prefix(run);
        at += clean;
        let Some(&byte) = bytes.get(at) else { break };
        // Every escaped byte is ASCII: `copied..at` ends on a char boundary.
        out.push_str(text.get(copied..at).unwrap_or_default());
        match byte {
            b'"' => out.push_str("\\\""),
            b'\\' => out.push_str("\\\\"),
            b'\n' => out.push_str("\\n"),
            b'\t' => out.push_str("\\t"),
            b'\r' => out.push_str("\\r"),
            0x08 => out.push_str("\\b"),
            0x0c => out.push_str("\\f"),
            control => {
                const HEX: &[u8; 16] = b"0123456789abcdef";
                out.push_str("\\u00");
                for nibble in [control >> 4, control & 0xf] {
                    let digit = HEX.get(usize::from(nibble)).copied().unwrap_or(b'0');
                    out.push(char::from(digit));
                }
            }
        }
        at += 1;
        copied = at;
    }
    out.push_str(text.get(copied..).unwrap_or_default());
    out.push('"');
}

/// How many bytes at the start of `bytes` need no escape.
fn clean_prefix(bytes: &[u8]) -> usize {
    const ONES: u64 = u64::from_ne_bytes([0x01; 8]);
    const HIGHS: u64 = u64::from_ne_bytes([0x80; 8]);
    let needs_escape = |b: u8| b < 0x20 || b == b'"' || b == b'\\';
    let mut chunks = bytes.chunks_exact(8);
    let mut clean = 0;
    for chunk in &mut chunks {
        let mut word = [0u8; 8];
        word.copy_from_slice(chunk);
        let word = u64::from_ne_bytes(word);
        // A byte below 0x20, or equal to `"` or `\`, sets its high bit in
        // one of these (the classic "has a zero byte" test); a byte with
        // its own high bit set is masked out by `!word`, so UTF-8 is clean.
        let below = word.wrapping_sub(ONES * 0x20) & !word;
        let quote = (word ^ (ONES * u64::from(b'"'))).wrapping_sub(ONES)
            & !(word ^ (ONES * u64::from(b'"')));
        let backslash = (word ^ (ONES * u64::from(b'\\'))).wrapping_sub(ONES)
            & !(word ^ (ONES * u64::from(b'\\')));
        if (below | quote | backslash) & HIGHS != 0 {
            // Flagged somewhere in these eight (the test may flag a byte
            // after the first real one, never before it): find it exactly.
            return clean + chunk.iter().position(|&b| needs_escape(b)).unwrap_or(8);
        }
        clean += 8;
    }
    clean
        + chunks
            .remainder()
            .iter()
            .position(|&b| needs_escape(b))
            .unwrap_or(chunks.remainder().len())
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::diagnostic::{EntityKind, EntityRef, Level, Position};
    use crate::report::{ConfigTrust, Summary};
    use proptest::prelude::*;
    use serde::Serialize;
    use std::collections::BTreeMap;

    /// The contract as serde_json writes it: the output [`render`] must match.
    #[derive(Serialize)]
    struct Output<'a> {
        version: u32,
        tool: Tool<'a>,
        diagnostics: Vec<Finding<'a>>,
        summary: SummaryOut,
        #[serde(skip_serializing_if = "Option::is_none")]
        config: Option<ConfigOut<'a>>,
    }

    #[derive(Serialize)]
    struct ConfigOut<'a> {
        revision: &'a str,
        changed: &'a [String],
    }

    #[derive(Serialize)]
    struct Tool<'a> {
        name: &'static str,
        version: &'a str,
    }

    #[derive(Serialize)]
    struct Finding<'a> {
        rule: &'a str,
        level: Level,
        message: &'a str,
        path: &'a str,
        line: usize,
        column: usize,
        end_line: usize,
        end_column: usize,
        entity: &'a EntityRef,
        help: Option<&'a str>,
    }

    #[derive(Serialize)]
    struct SummaryOut {
        files: usize,
        teams: usize,
        goals: usize,
        issues: usize,
        errors: usize,
        warnings: usize,
    }

    fn by_serde(report: &Report) -> String {
        let s = &report.summary;
        let output = Output {
            version: 1,
            tool: Tool {
                name: "planlint",
                version: report.tool_version,
            },
            diagnostics: report
                .diagnostics
                .iter()
                .map(|d| Finding {
                    rule: &d.rule,
                    level: d.level,
                    message: &d.message,
                    path: &d.path,
                    line: d.start.line,
                    column: d.start.column,
                    end_line: d.end.line,
                    end_column: d.end.column,
                    entity: &d.entity,
                    help: d.help.as_deref(),
                })
                .collect(),
            summary: SummaryOut {
                files: s.files,
                teams: s.teams,
                goals: s.goals,
                issues: s.issues,
                errors: s.errors,
                warnings: s.warnings,
            },
            config: report.trust.map(|trust| ConfigOut {
                revision: &trust.revision,
                changed: &trust.changed,
            }),
        };
        serde_json::to_string_pretty(&output).expect("plain structs serialise") + "\n"
    }

    /// Text with what JSON escapes (quotes, backslashes, every control
    /// character), runs long enough for the eight-byte scan, and any Unicode.
    fn text() -> impl Strategy<Value = String> {
        prop_oneof![
            "[a\"\\\\\u{0}-\u{1f}\u{7f}é🚀]{0,20}",
            "[a-z ]{0,30}[\"\\\\\n\u{1}]?[a-z ]{0,30}",
            "\\PC{0,40}",
            any::<String>(),
        ]
    }

    fn diagnostic() -> impl Strategy<Value = Diagnostic> {
        (
            (text(), text(), text(), text()),
            proptest::option::of(text()),
            any::<bool>(),
            prop_oneof![Just(EntityKind::Team), Just(EntityKind::PullRequest)],
            (any::<usize>(), 0..100usize, 0..10_000usize, any::<u32>()),
        )
            .prop_map(|((rule, message, path, id), help, error, kind, numbers)| {
                let (line, column, end_line, end_column) = numbers;
                Diagnostic {
                    rule: rule.into(),
                    level: if error { Level::Error } else { Level::Warning },
                    message,
                    path: path.into(),
                    span: 0..0,
                    start: Position { line, column },
                    end: Position {
                        line: end_line,
                        column: end_column as usize,
                    },
                    entity: EntityRef { kind, id },
                    help: help.map(Into::into),
                    identity_message: None,
                }
            })
    }

    proptest! {
        #[test]
        fn the_report_is_what_serde_json_writes(
            diagnostics in proptest::collection::vec(diagnostic(), 0..4),
            version in text(),
            trust in proptest::option::of((text(), proptest::collection::vec(text(), 0..3))),
            counts in (any::<usize>(), 0..10usize, 0..100usize, any::<usize>(), 0..5usize, 0..1_000_000usize),
        ) {
            let sources = BTreeMap::new();
            let trust = trust.map(|(revision, changed)| ConfigTrust { revision, changed });
            let (files, teams, goals, issues, errors, warnings) = counts;
            let report = Report {
                diagnostics: &diagnostics,
                sources: &sources,
                checked: &[],
                rules: &[],
                summary: Summary { files, teams, goals, issues, errors, warnings },
                tool_version: &version,
                trust: trust.as_ref(),
            };
            prop_assert_eq!(render(&report), by_serde(&report));
        }

        /// The eight-byte scan stops where the byte-at-a-time one does.
        #[test]
        fn the_clean_prefix_ends_at_the_first_byte_to_escape(text in text()) {
            let expected = text
                .bytes()
                .position(|b| b < 0x20 || b == b'"' || b == b'\\')
                .unwrap_or(text.len());
            prop_assert_eq!(clean_prefix(text.as_bytes()), expected);
        }
    }
}
