//! Untrusted text made safe to show. Every byte of the plan and of
//! `planlint.toml` may come from an attacker (a pull request), and planlint's
//! output goes to terminals and CI logs, which act on some characters and
//! lines instead of showing them. Every output goes through this module:
//!
//! - **Unprintable characters** ([`is_unprintable`]: C0 and C1 controls, DEL,
//!   the bidirectional embeddings, overrides and isolates of "Trojan Source",
//!   the Unicode line and paragraph separators) are written as Rust escapes,
//!   `\u{1b}` (`\n`, `\r`, `\t` and `\0` as those), by [`visible`] and
//!   [`visible_lines`]; a line break survives only where a format puts one.
//! - **GitHub workflow commands**: the Actions runner reads a line whose first
//!   non-blank characters are `::` as a command (`::error`, `::add-mask::`,
//!   `::stop-commands::`), and `##[` anywhere on a line as a legacy command.
//!   Outside the `github` format's own annotations no line may do either:
//!   [`guard_text`] writes the first `:` of a leading `::` as `\u{3a}` and
//!   `##[` as `#\u{23}[`; [`guard_json`], [`guard_xml`] and
//!   [`guard_markdown`] do the same with the format's own escapes, so the
//!   text still decodes to what the plan says. A path starting with `:` is
//!   shown as `./:…` ([`path`]), which still names the file. The `github`
//!   format's own commands escape their text with [`workflow_data`].
//! - **Source snippets** ([`printable_source`]) keep their byte offsets:
//!   each unprintable byte becomes `?`.
//! - **Markdown and XML**: [`markdown_inline`], [`markdown_code`] and [`xml`]
//!   keep plan text from making markup (HTML, links, table cells, code
//!   spans, `</details>`).

use std::borrow::Cow;
use std::fmt::Write as _;

/// `str::trim`, without decoding characters when the text begins and ends
/// with a visible ASCII character, as nearly every field value, name and id
/// does: that text has no whitespace to trim. The model and the rules trim
/// each value they look at, a few hundred thousand times a check.
pub fn trim(text: &str) -> &str {
    match (text.as_bytes().first(), text.as_bytes().last()) {
        (Some(first), Some(last)) if first.is_ascii_graphic() && last.is_ascii_graphic() => text,
        _ => text.trim(),
    }
}

/// Characters a terminal or a log viewer would act on instead of printing,
/// or that make text read differently from what it is: controls, bidi
/// controls (`U+061C`, `U+200E`, `U+200F` too), line separators, and the
/// invisible ones that make `core\u{200b}` look like `core` (zero-width
/// space, word joiner, invisible operators, `U+FEFF`, soft hyphen, the
/// Mongolian vowel separator, tag characters). The zero-width joiner and
/// non-joiner are left: Persian, Indic scripts and emoji need them.
pub fn is_unprintable(c: char) -> bool {
    c.is_control()
        || matches!(
            c,
            '\u{202a}'..='\u{202e}'
                | '\u{2066}'..='\u{2069}'
                | '\u{2028}'
                | '\u{2029}'
                | '\u{061c}'
                | '\u{200b}'
                | '\u{200e}'
                | '\u{200f}'
                | '\u{2060}'..='\u{2064}'
                | '\u{feff}'
                | '\u{00ad}'
                | '\u{180e}'
                | '\u{e0000}'..='\u{e007f}'
        )
}

/// `text`, or its first `max_chars` characters and `…`.
pub fn shorten(text: &str, max_chars: usize) -> Cow<'_, str> {
    // No more bytes than that is no more characters: most ids, unread.
    if text.len() <= max_chars {
        return Cow::Borrowed(text);
    }
    match text.char_indices().nth(max_chars) {
        Some((end, _)) => Cow::Owned(format!("{}…", text.get(..end).unwrap_or(text))),
        None => Cow::Borrowed(text),
    }
}

/// Writes `c` as a Rust escape: `\n`, `\r`, `\t`, `\0`, else `\u{hex}`.
fn push_escape(out: &mut String, c: char) {
    match c {
        '\n' => out.push_str("\\n"),
        '\r' => out.push_str("\\r"),
        '\t' => out.push_str("\\t"),
        '\0' => out.push_str("\\0"),
        c => {
            let _ = write!(out, "\\u{{{:x}}}", u32::from(c));
        }
    }
}

/// `text` on one line: every unprintable character (line breaks included)
/// as an escape.
pub fn visible(text: &str) -> String {
    escape(text, false)
}

/// `text` with its line breaks kept and every other unprintable character
/// as an escape (a `\r` too, even in `\r\n`: it is no line break on its own).
pub fn visible_lines(text: &str) -> String {
    escape(text, true)
}

fn escape(text: &str, keep_newlines: bool) -> String {
    let mut out = String::with_capacity(text.len());
    for c in text.chars() {
        if c == '\n' && keep_newlines {
            out.push(c);
        } else if is_unprintable(c) {
            push_escape(&mut out, c);
        } else {
            out.push(c);
        }
    }
    out
}

/// A path shown at the start of a line: one starting with `:` gets `./`,
/// so it cannot begin a workflow command; unprintable characters escaped.
pub fn path(path: &str) -> String {
    let shown = visible(path);
    if shown.trim_start().starts_with(':') {
        format!("./{shown}")
    } else {
        shown
    }
}

/// The rendered text of a plain-text output (terminal, log): no line can be
/// read as a workflow command. Lines end at `\n` and at `\r`, as the runner
/// splits them; a colour code (CSI) before the `::` does not hide it.
/// Unprintable characters are expected to be escaped already.
pub fn guard_text(output: &str) -> String {
    guard(output, "\\u{3a}", "#\\u{23}[")
}

/// Serialised JSON: `##[` becomes `#\u0023[` and every unprintable character
/// other than the line breaks of pretty-printing a `\uXXXX` escape. Outside
/// strings JSON has only ASCII punctuation, digits, letters and white space,
/// so these can only be inside strings, where the escapes decode to the same
/// text. No line of JSON starts with `:`. JSON that needs none of this (the
/// usual case: megabytes of printable ASCII) is given back as it is, not
/// copied.
pub fn guard_json(json: String) -> String {
    match guard_json_str(&json) {
        Cow::Borrowed(_) => json,
        Cow::Owned(guarded) => guarded,
    }
}

/// [`guard_json`] of borrowed JSON: borrowed back when it needs nothing.
pub fn guard_json_str(json: &str) -> Cow<'_, str> {
    let has_hashes = memchr::memmem::find(json.as_bytes(), b"##[").is_some();
    if !has_hashes && all_printable_or_newline(json.as_bytes()) {
        return Cow::Borrowed(json);
    }
    let json: Cow<str> = if has_hashes {
        Cow::Owned(json.replace("##[", "#\\u0023["))
    } else {
        Cow::Borrowed(json)
    };
    let mut out = String::with_capacity(json.len());
    let mut rest: &str = &json;
    // Runs of printable text are copied whole: the output of a large plan
    // is megabytes, nearly all of it printable ASCII.
    while let Some(at) = rest
        .bytes()
        .position(|b| !(b' '..=b'~').contains(&b) && b != b'\n')
    {
        // Every byte before `at` is ASCII: `at` is a char boundary.
        let (clean, tail) = rest.split_at(at);
        out.push_str(clean);
        let mut chars = tail.chars();
        let Some(c) = chars.next() else { break };
        if is_unprintable(c) {
            let mut units = [0u16; 2];
            for unit in c.encode_utf16(&mut units) {
                let _ = write!(out, "\\u{unit:04x}");
            }
        } else {
            out.push(c);
        }
        rest = chars.as_str();
    }
    out.push_str(rest);
    Cow::Owned(out)
}

/// Whether every byte is printable ASCII or `\n`. Every byte is tested,
/// with no early exit, so the loop runs on vectors: megabytes of output are
/// checked in a fraction of a per-byte scan's time.
fn all_printable_or_newline(bytes: &[u8]) -> bool {
    bytes.chunks(4096).all(|chunk| {
        let odd = chunk.iter().fold(0u8, |odd, &b| {
            odd | u8::from(b.wrapping_sub(b' ') > b'~' - b' ' && b != b'\n')
        });
        odd == 0
    })
}

/// Serialised XML: `##[` becomes `#&#35;[` and a leading `::` `&#58;:`
/// (planlint's XML puts text only inside elements, but the guard does not
/// rely on it); unprintable characters other than line breaks become
/// character references, except the characters XML 1.0 cannot carry at all
/// (C0 controls, U+FFFE, U+FFFF), which are dropped.
pub fn guard_xml(xml: &str) -> String {
    let mut out = String::with_capacity(xml.len());
    for c in guard(xml, "&#58;", "#&#35;[").chars() {
        match c {
            '\n' => out.push(c),
            '\t' | '\r' => {
                let _ = write!(out, "&#{};", u32::from(c));
            }
            '\u{0}'..='\u{1f}' | '\u{fffe}' | '\u{ffff}' => {}
            c if is_unprintable(c) => {
                let _ = write!(out, "&#x{:x};", u32::from(c));
            }
            c => out.push(c),
        }
    }
    out
}

/// Serialised TOML (`--show-config`): unprintable characters other than
/// line breaks become TOML's own escapes (`\u009B`, `\U0001D173`), a
/// leading `::` `\u003A:` and `##[` `#\u0023[`, so that the output is
/// still TOML (inside a basic string, which is where the serialiser puts
/// such text, they read back as what they stand for) and still safe in a
/// terminal or a CI log.
pub fn guard_toml(toml: &str) -> String {
    let mut escaped = String::with_capacity(toml.len());
    for c in toml.chars() {
        if c != '\n' && is_unprintable(c) {
            let code = u32::from(c);
            let _ = match code {
                0..=0xffff => write!(escaped, "\\u{code:04X}"),
                _ => write!(escaped, "\\U{code:08X}"),
            };
        } else {
            escaped.push(c);
        }
    }
    guard(&escaped, "\\u003A", "#\\u0023[")
}

/// Rendered Markdown: like [`guard_text`], with HTML character references,
/// which render as the characters they stand for.
pub fn guard_markdown(markdown: &str) -> String {
    guard(&visible_lines(markdown), "&#58;", "#&#35;[")
}

/// Rewrites each line so it starts no command: a leading `::` (after blanks
/// and colour codes) gets `colon` for its first `:`, `##[` becomes `hashes`.
fn guard(output: &str, colon: &str, hashes: &str) -> String {
    let mut out = String::with_capacity(output.len());
    let mut rest = output;
    while !rest.is_empty() {
        let end = rest.find(['\n', '\r']).map_or(rest.len(), |i| i + 1);
        let (line, after) = rest.split_at(end);
        let line: Cow<str> = if line.contains("##[") {
            Cow::Owned(line.replace("##[", hashes))
        } else {
            Cow::Borrowed(line)
        };
        let lead = lead_len(&line);
        match line.get(lead..) {
            Some(tail) if tail.starts_with("::") => {
                out.push_str(line.get(..lead).unwrap_or(""));
                out.push_str(colon);
                out.push_str(tail.get(1..).unwrap_or(""));
            }
            _ => out.push_str(&line),
        }
        rest = after;
    }
    out
}

/// Bytes of blanks and ANSI CSI sequences (`ESC [ … final`) at the start.
fn lead_len(line: &str) -> usize {
    let bytes = line.as_bytes();
    let mut at = 0;
    loop {
        let rest = line.get(at..).unwrap_or("");
        if let Some(c) = rest.chars().next().filter(|c| is_blank(*c)) {
            at += c.len_utf8();
        } else if rest.starts_with("\u{1b}[") {
            let params = bytes
                .get(at + 2..)
                .unwrap_or(&[])
                .iter()
                .take_while(|b| (0x20..=0x3f).contains(*b))
                .count();
            // The final byte, when there is one.
            let final_byte = bytes
                .get(at + 2 + params)
                .is_some_and(|b| (0x40..=0x7e).contains(b));
            at += 2 + params + usize::from(final_byte);
        } else {
            return at;
        }
    }
}

/// White space as .NET's `TrimStart` (the runner's) sees it, and the BOM.
fn is_blank(c: char) -> bool {
    c.is_whitespace() && c != '\n' && c != '\r' || c == '\u{feff}'
}

/// `escapeData` of `@actions/core`: the message of a workflow command, after
/// `::`. With `\r` and `\n` escaped nothing in it can begin a line. Beyond
/// what the toolkit does, other unprintable characters are written as
/// escapes and `##[` as `#\u{23}[`: the log viewer would act on them.
pub fn workflow_data(text: &str) -> String {
    let mut out = String::with_capacity(text.len());
    for c in text.chars() {
        match c {
            '%' => out.push_str("%25"),
            '\r' => out.push_str("%0D"),
            '\n' => out.push_str("%0A"),
            '\t' => out.push(c),
            c if is_unprintable(c) => push_escape(&mut out, c),
            c => out.push(c),
        }
    }
    out.replace("##[", "#\\u{23}[")
}

/// `escapeProperty` of `@actions/core`: a `key=value` before `::`.
pub fn workflow_property(text: &str) -> String {
    workflow_data(text).replace(':', "%3A").replace(',', "%2C")
}

/// A copy of a file's text that is safe to print: each unprintable character
/// becomes as many `?` as it has bytes, so every byte span still points at
/// the same text. A `\r` of a `\r\n` stays: it is part of a line break; a
/// lone `\r` ends a line too (as the positions count lines), written `\n`.
pub fn printable_source(text: &str) -> String {
    let mut out = String::with_capacity(text.len());
    let mut chars = text.chars().peekable();
    while let Some(c) = chars.next() {
        let line_break = c == '\n' || (c == '\r' && chars.peek() == Some(&'\n'));
        if c == '\r' && !line_break {
            out.push('\n');
        } else if line_break || c == '\t' || !is_unprintable(c) {
            out.push(c);
        } else {
            for _ in 0..c.len_utf8() {
                out.push('?');
            }
        }
    }
    out
}

/// Plan text inline in Markdown (a table cell, a list item, a heading) that
/// renders as the text itself: `|` cannot end a cell, a line break becomes a
/// space (it cannot end the row, the item or a quote), `<`, `>` and `&`
/// cannot make HTML, and Markdown punctuation cannot make links, images,
/// code spans or emphasis. Other unprintable characters show as escapes.
pub fn markdown_inline(text: &str) -> String {
    let mut out = String::with_capacity(text.len());
    let mut chars = text.chars().peekable();
    while let Some(c) = chars.next() {
        match c {
            // `\r\n` is one line break, so one space.
            '\r' if chars.peek() == Some(&'\n') => {}
            '\n' | '\r' => out.push(' '),
            '<' => out.push_str("&lt;"),
            '>' => out.push_str("&gt;"),
            '&' => out.push_str("&amp;"),
            '|' | '\\' | '`' | '*' | '_' | '[' | ']' | '~' => {
                out.push('\\');
                out.push(c);
            }
            c if is_unprintable(c) => {
                // The escape's backslash is Markdown's too: shown as `\`.
                out.push('\\');
                push_escape(&mut out, c);
            }
            c => out.push(c),
        }
    }
    out
}

/// Plan text as a Markdown code span: fenced by more backticks than any run
/// inside it (padded with a space when it starts or ends with one), so it
/// cannot close early; a line break becomes a space, other unprintable
/// characters show as escapes. HTML in a code span is shown, not run.
pub fn markdown_code(text: &str) -> String {
    let text = visible(&text.replace("\r\n", " ").replace(['\n', '\r'], " "));
    let mut longest = 0;
    let mut run = 0;
    for c in text.chars() {
        run = if c == '`' { run + 1 } else { 0 };
        longest = longest.max(run);
    }
    let fence = "`".repeat(longest + 1);
    let pad = if text.starts_with('`') || text.ends_with('`') {
        " "
    } else {
        ""
    };
    format!("{fence}{pad}{text}{pad}{fence}")
}

/// [`markdown_code`] inside a GFM table cell: a `|` ends the cell even in
/// a code span unless written `\|` (which the span then shows as `|`).
pub fn markdown_cell_code(text: &str) -> String {
    markdown_code(text).replace('|', "\\|")
}

/// Text safe in XML attribute values and element content. Characters XML 1.0
/// cannot carry at all (most C0 controls, U+FFFE, U+FFFF) are dropped; tab and
/// line breaks become character references so attribute normalisation keeps
/// them.
pub fn xml(text: &str) -> String {
    let mut out = String::with_capacity(text.len());
    for c in text.chars() {
        match c {
            '&' => out.push_str("&amp;"),
            '<' => out.push_str("&lt;"),
            '>' => out.push_str("&gt;"),
            '"' => out.push_str("&quot;"),
            '\'' => out.push_str("&apos;"),
            '\t' => out.push_str("&#9;"),
            '\n' => out.push_str("&#10;"),
            '\r' => out.push_str("&#13;"),
            '\u{0}'..='\u{1f}' | '\u{fffe}' | '\u{ffff}' => {}
            c => out.push(c),
        }
    }
    out
}

#[cfg(test)]
mod tests {
    use super::*;
    use proptest::strategy::Strategy;

    #[test]
    fn unprintable_characters_become_escapes() {
        let text = "a\u{1b}]52;c;eA==\u{7}b\rc\u{0}d\u{85}e\u{202e}f\u{2066}g\u{7f}\th\ni";
        assert_eq!(
            visible(text),
            "a\\u{1b}]52;c;eA==\\u{7}b\\rc\\0d\\u{85}e\\u{202e}f\\u{2066}g\\u{7f}\\th\\ni"
        );
        assert_eq!(visible_lines("a\r\nb\u{2028}c\n"), "a\\r\nb\\u{2028}c\n");
        assert_eq!(visible("é日🚀\u{301}"), "é日🚀\u{301}");
    }

    /// Invisible characters that make one name look like another are
    /// shown; the joiners real scripts and emoji need are not.
    #[test]
    fn invisible_characters_become_escapes() {
        let text = "core\u{200b}|\u{200e}\u{200f}\u{61c}|\u{2060}\u{feff}\u{ad}\u{180e}|\u{e0041}";
        assert_eq!(
            visible(text),
            "core\\u{200b}|\\u{200e}\\u{200f}\\u{61c}|\\u{2060}\\u{feff}\\u{ad}\\u{180e}|\\u{e0041}"
        );
        assert_eq!(
            visible("می\u{200c}خواهم 👨\u{200d}👩"),
            "می\u{200c}خواهم 👨\u{200d}👩"
        );
    }

    #[test]
    fn no_line_starts_a_workflow_command() {
        assert_eq!(
            guard_text("ok\n  ::error file=a::b\n\t::add-mask::x\rsee ##[error]x ###[\n"),
            "ok\n  \\u{3a}:error file=a::b\n\t\\u{3a}:add-mask::x\rsee #\\u{23}[error]x ##\\u{23}[\n"
        );
        // A colour code or a BOM before the `::` does not hide it.
        assert_eq!(
            guard_text("\u{1b}[31m\u{1b}[1m ::warning::x\n\u{feff}::error::y"),
            "\u{1b}[31m\u{1b}[1m \\u{3a}:warning::x\n\u{feff}\\u{3a}:error::y"
        );
        // `::` later on a line, or one `:`, is no command.
        assert_eq!(guard_text("a ::b\n:c\n"), "a ::b\n:c\n");
        assert_eq!(guard_text(""), "");
    }

    #[test]
    fn a_path_starting_with_a_colon_gets_a_dot_slash() {
        assert_eq!(path("::error title=x::y.md"), "./::error title=x::y.md");
        assert_eq!(path(" :x.md"), "./ :x.md");
        assert_eq!(path("planning/a\n.md"), "planning/a\\n.md");
    }

    #[test]
    fn json_keeps_its_meaning() {
        let value = serde_json::json!({"m": "a ##[error] \u{85}\u{202e} \u{1b} ok\n::x"});
        let text = guard_json(serde_json::to_string_pretty(&value).unwrap());
        assert_eq!(
            text,
            "{\n  \"m\": \"a #\\u0023[error] \\u0085\\u202e \\u001b ok\\n::x\"\n}"
        );
        let back: serde_json::Value = serde_json::from_str(&text).unwrap();
        assert_eq!(back, value);
    }

    #[test]
    fn xml_and_markdown_cannot_make_markup() {
        assert_eq!(
            guard_xml("<m>##[x \u{85}\u{202e}\u{1}\u{fffe}\t</m>\n"),
            "<m>#&#35;[x &#x85;&#x202e;&#9;</m>\n"
        );
        assert_eq!(
            markdown_inline("</details> `x` | [l](u) ![i](u)\r\n*b* \u{1b}"),
            "&lt;/details&gt; \\`x\\` \\| \\[l\\](u) !\\[i\\](u) \\*b\\* \\\\u{1b}"
        );
        assert_eq!(markdown_code("growth"), "`growth`");
        assert_eq!(markdown_code("a`b``c"), "```a`b``c```");
        assert_eq!(markdown_code("`x\n<b>"), "`` `x <b> ``");
        assert_eq!(
            guard_markdown("## t\n::x ##[y]\u{1b}\n"),
            "## t\n&#58;:x #&#35;[y]\\u{1b}\n"
        );
    }

    /// Whether a line of output could be read as a workflow command.
    fn is_command(line: &str) -> bool {
        line.trim_start_matches(|c: char| c.is_whitespace() || c == '\u{feff}')
            .starts_with("::")
            || line.contains("##[")
    }

    proptest::proptest! {
        #![proptest_config(proptest::test_runner::Config {
            failure_persistence: None,
            ..proptest::test_runner::Config::default()
        })]

        /// The fast trim is `str::trim` on any text: whitespace of every
        /// kind (ASCII, NEL, the Unicode spaces) at either end, control
        /// characters that are not whitespace, and arbitrary Unicode.
        #[test]
        fn trim_is_str_trim(
            text in "[ \t\n\r\u{b}\u{c}\u{0}\u{1f}\u{85}\u{a0}\u{2003}\u{3000}a@é日~]{0,12}|(?s).{0,40}",
        ) {
            proptest::prop_assert_eq!(trim(&text), text.trim());
        }

        /// Any text, however it is shown, has no raw unprintable character
        /// and no line a runner reads as a command.
        #[test]
        fn no_text_escapes_its_output(
            text in "([ \t\n\r:#\\[a-z\u{1b}\u{85}\u{202e}\u{2028}\u{feff}é日]|::|##\\[){0,40}|(?s).{0,60}",
        ) {
            for shown in [
                guard_text(&visible(&text)),
                guard_text(&visible_lines(&text)),
                guard_text(&path(&text)),
                guard_markdown(&markdown_inline(&text)),
                guard_markdown(&visible_lines(&text)),
                guard_xml(&xml(&text)),
            ] {
                for c in shown.chars() {
                    proptest::prop_assert!(c == '\n' || !is_unprintable(c), "{:?}", shown);
                }
                for line in shown.split(['\n', '\r']) {
                    proptest::prop_assert!(!is_command(line), "{:?}", shown);
                }
            }
            for line in workflow_data(&text).split(['\n', '\r']) {
                proptest::prop_assert!(!line.contains("##["), "{:?}", line);
            }
        }

        /// JSON keeps its meaning through [`guard_json`].
        #[test]
        fn json_decodes_to_the_same_text(text in "(?s).{0,60}|([#\\[\u{85}\u{2066}\n]|##\\[){0,20}") {
            let json = serde_json::to_string_pretty(&serde_json::json!({ "t": text })).unwrap();
            let guarded = guard_json(json.clone());
            let back: serde_json::Value = serde_json::from_str(&guarded).unwrap();
            proptest::prop_assert_eq!(back["t"].as_str(), Some(text.as_str()));
            proptest::prop_assert!(!guarded.contains("##["));
        }

        /// The vector-friendly test is the byte-by-byte one, across the
        /// 4096-byte chunk boundary and for any bytes, not only UTF-8.
        #[test]
        fn printable_test_is_the_byte_test(
            bytes in proptest::prop_oneof![
                proptest::collection::vec(proptest::prelude::any::<u8>(), 0..64),
                proptest::collection::vec(proptest::sample::select(vec![b' ', b'~', b'\n', b'a']), 4000..4200)
                    .prop_flat_map(|bytes: Vec<u8>| {
                        let len = bytes.len();
                        (proptest::strategy::Just(bytes), 0..len, proptest::prelude::any::<u8>())
                    })
                    .prop_map(|(mut bytes, at, byte)| {
                        if let Some(slot) = bytes.get_mut(at) {
                            *slot = byte;
                        }
                        bytes
                    }),
            ],
            text in proptest::prelude::any::<String>(),
        ) {
            let slow = |bytes: &[u8]| bytes.iter().all(|b| (b' '..=b'~').contains(b) || *b == b'\n');
            proptest::prop_assert_eq!(all_printable_or_newline(&bytes), slow(&bytes));
            proptest::prop_assert_eq!(all_printable_or_newline(text.as_bytes()), slow(text.as_bytes()));
        }

        /// Copying printable runs whole gives what escaping char by char gives.
        #[test]
        fn json_guarded_by_runs_is_json_guarded_by_chars(
            text in "(?s).{0,60}|([ a-z\n\t#\\[\u{7f}\u{85}\u{2066}é日🚀]|##\\[){0,30}",
        ) {
            let mut by_chars = String::new();
            for c in text.replace("##[", "#\\u0023[").chars() {
                if c != '\n' && is_unprintable(c) {
                    let mut units = [0u16; 2];
                    for unit in c.encode_utf16(&mut units) {
                        by_chars.push_str(&format!("\\u{unit:04x}"));
                    }
                } else {
                    by_chars.push(c);
                }
            }
            proptest::prop_assert_eq!(guard_json(text.clone()), by_chars);
        }
    }
}
