//! Titles and ids from heading or cell source text: markup, HTML/JSX
//! components and extracted values removed.

use crate::diagnostic::Span;
use std::borrow::Cow;
use std::sync::LazyLock;

static TAG: LazyLock<regex::Regex> =
    LazyLock::new(|| regex::Regex::new(r"<[^<>]*>").unwrap_or_else(|_| unreachable!()));
static LINK: LazyLock<regex::Regex> = LazyLock::new(|| {
    regex::Regex::new(r"\[([^\[\]]*)\](?:\([^()]*\)|\[[^\[\]]*\])?")
        .unwrap_or_else(|_| unreachable!())
});
/// One letter as a regex's `\p{L}` reads it, for the non-ASCII letters of
/// empty groups' labels: `char::is_alphabetic` also takes letter numbers
/// and some marks.
static LETTER: LazyLock<regex::Regex> =
    LazyLock::new(|| regex::Regex::new(r"\A\p{L}\z").unwrap_or_else(|_| unreachable!()));

/// The longest label an empty group may have, in characters.
const MAX_EMPTY_GROUP_LABEL: usize = 40;

/// The readable text of a line of Markdown: heading markers, HTML and JSX
/// tags, emphasis and link syntax removed (a link is its text), whitespace
/// collapsed, separators left dangling at the end dropped.
pub fn plain(source: &str) -> String {
    // White space around plain words is all the full path would take: a
    // heading's title once its `(Owner: …)` is cut ends in a space.
    let trimmed = source.trim();
    if is_plain(trimmed) {
        return trimmed.to_string();
    }
    // Markup taken out often leaves plain words (a title once its empty
    // `(Owner: )` is dropped): the emphasis and spacing passes would copy
    // them twice to change nothing.
    let text = without_markup(source);
    let trimmed = text.trim();
    if is_plain(trimmed) {
        return trimmed.to_string();
    }
    finish(&text)
}

/// [`plain`] without its fast paths.
#[cfg(test)]
fn plain_by_regexes(source: &str) -> String {
    finish(&without_markup(source))
}

/// `source` without heading marks, tags, link syntax and empty groups.
fn without_markup(source: &str) -> Cow<'_, str> {
    let mut text = Cow::Borrowed(
        source
            .trim_start()
            .trim_start_matches('#')
            .trim_end()
            .trim_end_matches('#'),
    );
    // Each regex only where its first character is: asking a regex costs
    // its cache and setup even when the text cannot match.
    if text.contains('<') {
        if let Some(changed) = copy(TAG.replace_all(&text, " ")) {
            text = Cow::Owned(changed);
        }
    }
    if text.contains('[') {
        if let Some(changed) = copy(LINK.replace_all(&text, "$1")) {
            text = Cow::Owned(changed);
        }
    }
    if text.contains('(') {
        if let Some(changed) = copy(drop_empty_groups(&text)) {
            text = Cow::Owned(changed);
        }
    }
    text
}

/// The new text a step made, if it changed anything.
fn copy(step: Cow<'_, str>) -> Option<String> {
    match step {
        Cow::Owned(changed) => Some(changed),
        Cow::Borrowed(_) => None,
    }
}

/// The emphasis marks dropped, white space collapsed and separators left
/// dangling at either end trimmed.
fn finish(text: &str) -> String {
    // Each copy only when the text needs it: most titles have no emphasis
    // and are single-spaced already.
    let text = if text.contains(EMPHASIS) {
        Cow::Owned(text.chars().filter(|c| !EMPHASIS.contains(c)).collect())
    } else {
        Cow::Borrowed(text)
    };
    crate::parse::markdown::collapse(&text)
        .trim_matches(|c: char| {
            matches!(c, '-' | '–' | '—' | ':' | '|' | ',' | ';') || c.is_whitespace()
        })
        .to_string()
}

/// The emphasis and code marks [`plain`] drops.
const EMPHASIS: [char; 3] = ['*', '`', '~'];

/// Whether [`plain`] would return `text` as it is: words of letters, digits
/// and a few marks that start no markup, one space apart, a letter or digit
/// at each end. Most captured values (`c0`, `team-3`, `Q4 2026`) are, and
/// the three regexes and copies of the full path cost thousands of
/// instructions each.
fn is_plain(text: &str) -> bool {
    let ends = |c: Option<char>| c.is_some_and(char::is_alphanumeric);
    ends(text.chars().next())
        && ends(text.chars().next_back())
        && !text.contains("  ")
        && text.chars().all(|c| {
            c.is_alphanumeric() || matches!(c, ' ' | '.' | '-' | '_' | '/' | '@' | ':' | '\'')
        })
}

/// `text` with each empty group replaced by a space: a `(Label: )` or `()`
/// left empty once its value was cut out, as the regex
/// `\(\s*(?:\p{L}[\p{L} _-]*:)?\s*\)` finds them, its label at most
/// [`MAX_EMPTY_GROUP_LABEL`] characters. Read by hand: the regex's search
/// was most of a heading title's instructions (a bounded repetition of
/// `\p{L}` compiles to forty copies of the class, an unbounded one still
/// cost 3,000 instructions a title).
fn drop_empty_groups(text: &str) -> Cow<'_, str> {
    let mut kept = String::new();
    let mut copied = 0;
    let mut from = 0;
    while let Some(open) = memchr::memchr(b'(', text.as_bytes().get(from..).unwrap_or(&[])) {
        let open = from + open;
        let Some((end, label)) = empty_group(text, open) else {
            from = open + 1;
            continue;
        };
        // A label too long is no empty group, and holds no `(` to start
        // another: the search goes on after it, as the regex's would.
        from = end;
        if label > MAX_EMPTY_GROUP_LABEL {
            continue;
        }
        kept.push_str(text.get(copied..open).unwrap_or(""));
        kept.push(' ');
        copied = end;
    }
    if kept.is_empty() {
        return Cow::Borrowed(text);
    }
    kept.push_str(text.get(copied..).unwrap_or(""));
    Cow::Owned(kept)
}

/// The empty group opening at `open` (a `(`): where it ends, and its
/// label's length in characters (0 without one). One pass decides: the
/// label runs to the first character outside `[\p{L} _-]`, which must be
/// the `:`, so no shorter label could match either.
fn empty_group(text: &str, open: usize) -> Option<(usize, usize)> {
    let inner = text.get(open + 1..)?.trim_start();
    let (after_label, label) = match inner.chars().next() {
        Some(first) if is_letter(first) => {
            let in_label = |c: char| is_letter(c) || matches!(c, ' ' | '_' | '-');
            let end = inner.find(|c: char| !in_label(c)).unwrap_or(inner.len());
            let label = inner.get(..end)?.chars().count();
            (inner.get(end..)?.strip_prefix(':')?, label)
        }
        _ => (inner, 0),
    };
    let rest = after_label.trim_start().strip_prefix(')')?;
    Some((text.len() - rest.len(), label))
}

/// Whether `c` is a letter as `\p{L}` means it.
fn is_letter(c: char) -> bool {
    if c.is_ascii() {
        c.is_ascii_alphabetic()
    } else {
        LETTER.is_match(c.encode_utf8(&mut [0; 4]))
    }
}

/// The plain text of `text[span]` with the `cuts` (spans inside it, in any
/// order, possibly overlapping) removed.
pub fn plain_without(text: &str, span: &Span, cuts: &[Span]) -> String {
    let inside =
        |cut: &&Span| cut.start >= span.start && cut.end <= span.end && cut.start < cut.end;
    // A few cuts (a heading's owner) each look around on their own; many
    // (a pattern that matches every word of a 64 KB heading) look up the
    // brackets once found: each cut's own look was a scan of the heading,
    // and 43,000 of them took seconds.
    let mut cuts: Vec<Span> = if cuts.len() <= FEW_CUTS {
        cuts.iter()
            .filter(inside)
            .map(|cut| widen(text, span, cut))
            .collect()
    } else {
        let brackets = Brackets::of(text, span);
        cuts.iter()
            .filter(inside)
            .map(|cut| brackets.widen(text, span, cut))
            .collect()
    };
    cuts.sort_by_key(|cut| cut.start);
    // At most the span's text: one allocation, not one per piece.
    let mut kept = String::with_capacity(span.len());
    let mut at = span.start;
    for cut in cuts {
        if cut.start > at {
            kept.push_str(text.get(at..cut.start).unwrap_or(""));
        }
        at = at.max(cut.end);
    }
    if at < span.end {
        kept.push_str(text.get(at..span.end).unwrap_or(""));
    }
    plain(&kept)
}

/// A value's span widened to what wrote it: a handle's `@`, and the whole
/// HTML/JSX tag when the value is inside one (`<TeamMember name="Ana" />`).
fn widen(text: &str, within: &Span, cut: &Span) -> Span {
    let before = text.get(within.start..cut.start).unwrap_or("");
    let after = text.get(cut.end..within.end).unwrap_or("");
    let mut start = cut.start;
    let mut end = cut.end;
    let unclosed = |at: &usize| !before.get(*at..).unwrap_or("").contains('>');
    if let Some(open) = before.rfind('<').filter(unclosed) {
        let unopened = |at: &usize| !after.get(..*at).unwrap_or("").contains('<');
        if let Some(close) = after.find('>').filter(unopened) {
            start = within.start + open;
            end = cut.end + close + 1;
        }
    }
    if start == cut.start && before.ends_with('@') {
        start -= 1;
    }
    start..end
}

/// The most cuts [`plain_without`] widens one by one.
const FEW_CUTS: usize = 8;

/// Where `<` and `>` stand in a span of a text, in order: what [`widen`]
/// looks for around each cut, found once for all of them.
struct Brackets(Vec<usize>);

impl Brackets {
    fn of(text: &str, within: &Span) -> Brackets {
        let bytes = text.as_bytes().get(within.clone()).unwrap_or_default();
        Brackets(
            memchr::memchr2_iter(b'<', b'>', bytes)
                .map(|at| within.start + at)
                .collect(),
        )
    }

    /// [`widen`], with the nearest brackets either side of the cut looked up.
    fn widen(&self, text: &str, within: &Span, cut: &Span) -> Span {
        // Text that is not cut on a character boundary is read as empty.
        let Some(before) = text.get(within.start..cut.start) else {
            return cut.clone();
        };
        let is = |at: usize, bracket: u8| text.as_bytes().get(at) == Some(&bracket);
        // The last bracket before the cut opens a tag, and the first after it closes one.
        let last_before = self.0.partition_point(|&at| at < cut.start).checked_sub(1);
        let open = last_before
            .and_then(|i| self.0.get(i))
            .filter(|&&at| is(at, b'<'));
        let close = (text.get(cut.end..within.end).is_some())
            .then(|| self.0.get(self.0.partition_point(|&at| at < cut.end)))
            .flatten()
            .filter(|&&at| is(at, b'>'));
        match (open, close) {
            (Some(&open), Some(&close)) => open..close + 1,
            _ if before.ends_with('@') => cut.start.saturating_sub(1)..cut.end,
            _ => cut.clone(),
        }
    }
}

/// An id from a title: lowercase letters and digits, other runs become `-`.
/// ASCII letters are lowercased in place: a title's slug cost 74
/// instructions a character through `char::to_lowercase`.
pub fn slug(title: &str) -> String {
    if title.is_ascii() {
        return ascii_slug(title.as_bytes());
    }
    let mut out = String::with_capacity(title.len());
    // A run of other characters seen since the last letter or digit: one
    // `-`, written only if another letter or digit follows.
    let mut separated = false;
    for c in title.chars() {
        if !c.is_alphanumeric() {
            separated = !out.is_empty();
            continue;
        }
        if separated {
            out.push('-');
            separated = false;
        }
        if c.is_ascii() {
            out.push(c.to_ascii_lowercase());
        } else {
            out.extend(c.to_lowercase());
        }
    }
    out
}

/// [`slug`] of an ASCII title, a byte at a time: most titles are, and
/// decoding and classifying each character as Unicode cost 40 instructions
/// a character.
fn ascii_slug(title: &[u8]) -> String {
    let mut out = String::with_capacity(title.len());
    let mut separated = false;
    for &byte in title {
        if !byte.is_ascii_alphanumeric() {
            separated = !out.is_empty();
            continue;
        }
        if separated {
            out.push('-');
            separated = false;
        }
        out.push(char::from(byte.to_ascii_lowercase()));
    }
    out
}

#[cfg(test)]
mod tests {
    use super::*;

    /// The slug as first written, one character at a time: the oracle.
    fn slug_by_chars(title: &str) -> String {
        let mut out = String::new();
        for c in title.chars() {
            if c.is_alphanumeric() {
                out.extend(c.to_lowercase());
            } else if !out.is_empty() && !out.ends_with('-') {
                out.push('-');
            }
        }
        while out.ends_with('-') {
            out.pop();
        }
        out
    }

    proptest::proptest! {
        #[test]
        fn slug_is_the_slug_by_characters(
            title in "([A-Za-z0-9 _.:–-]|İ|ẞ|Σ|ǅ|ﬀ|é|٣|\\PC){0,24}"
        ) {
            proptest::prop_assert_eq!(slug(&title), slug_by_chars(&title));
        }

        /// ASCII titles take their own path: every ASCII character drawn.
        #[test]
        fn ascii_slug_is_the_slug_by_characters(title in "[\\x00-\\x7f]{0,40}") {
            proptest::prop_assert_eq!(slug(&title), slug_by_chars(&title));
        }
    }

    proptest::proptest! {
        /// Looking the brackets up once widens every cut as looking
        /// around each cut on its own does, on any text and cuts.
        #[test]
        fn brackets_widen_as_each_cut_alone(
            text in proptest::prop_oneof![
                4 => "([<>@a ]|é|\u{1F422}|<a>|<a|a>){0,40}",
                1 => "\\PC{0,40}",
            ],
            within in (0usize..90, 0usize..90),
            cuts in proptest::collection::vec((0usize..90, 0usize..90), 0..32),
        ) {
            // Mostly a character boundary; an odd pick is any byte offset.
            let boundaries: Vec<usize> =
                text.char_indices().map(|(at, _)| at).chain([text.len()]).collect();
            let offset = |pick: usize| match pick % 2 {
                0 => boundaries[pick / 2 % boundaries.len()],
                _ => pick / 2 % (text.len() + 1),
            };
            let (a, b) = (offset(within.0), offset(within.1));
            let within = a.min(b)..a.max(b);
            let brackets = Brackets::of(&text, &within);
            for (a, b) in cuts {
                let (a, b) = (offset(a), offset(b));
                let cut = a.min(b).max(within.start)..a.max(b).min(within.end);
                if cut.start >= cut.end {
                    continue;
                }
                proptest::prop_assert_eq!(brackets.widen(&text, &within, &cut), widen(&text, &within, &cut));
            }
        }
    }

    #[test]
    fn many_cut_values_leave_the_title_as_a_few_do() {
        // Past the few cuts widened one by one: each name, its tag and a handle's `@`.
        let names: Vec<String> = (0..12).map(|n| format!("n{n}")).collect();
        let mut text = String::from("## Sync ");
        let mut cuts = Vec::new();
        for (at, name) in names.iter().enumerate() {
            text.push_str(if at % 2 == 0 {
                "<TeamMember name=\""
            } else {
                "@"
            });
            cuts.push(text.len()..text.len() + name.len());
            text.push_str(name);
            text.push_str(if at % 2 == 0 { "\" /> " } else { " " });
        }
        text.push_str("now");
        assert!(cuts.len() > FEW_CUTS);
        assert_eq!(plain_without(&text, &(0..text.len()), &cuts), "Sync now");
    }

    #[test]
    fn plain_text_drops_markup_and_components() {
        assert_eq!(
            plain("#### Ship the **mobile** SDK <TeamMember name=\"Ana Ruiz\" photo />"),
            "Ship the mobile SDK"
        );
        assert_eq!(plain("[Ana Ruiz][aruiz]"), "Ana Ruiz");
        assert_eq!(plain("[Ana Ruiz](https://x.y/a)"), "Ana Ruiz");
        assert_eq!(plain("`cargo` script –"), "cargo script");
        assert_eq!(plain("Alerting (Owner: )"), "Alerting");
        assert_eq!(plain("A (beta) thing"), "A (beta) thing");
    }

    #[test]
    fn cut_values_leave_the_title() {
        let text = "#### Alerting (Owner: <TeamMember name=\"Hugues Pouillot\" />)";
        let start = text.find("Hugues").unwrap();
        let cut = start..start + "Hugues Pouillot".len();
        assert_eq!(plain_without(text, &(0..text.len()), &[cut]), "Alerting");
    }

    #[test]
    fn a_cut_value_takes_its_tag_or_at_sign_along() {
        let text = "## Ship <TeamMember name=\"Ana\" photo /> now @bob";
        let ana = text.find("Ana").unwrap();
        let bob = text.find("bob").unwrap();
        let cuts = [ana..ana + 3, bob..bob + 3];
        assert_eq!(plain_without(text, &(0..text.len()), &cuts), "Ship now");
    }

    #[test]
    fn empty_groups_keep_their_forty_character_label_limit() {
        let forty = "L".repeat(40);
        assert_eq!(plain(&format!("A ({forty}: ) b")), "A b");
        assert_eq!(
            plain(&format!("A (L{forty}: ) b")),
            format!("A (L{forty}: ) b")
        );
        assert_eq!(plain("A (Owner: ) (Über Team:) ( ) b"), "A b");
        // White space before the label is not part of it.
        let spaced = format!("( \u{3000}\t{forty}:\u{a0})");
        assert_eq!(drop_empty_groups(&spaced), " ");
        assert_eq!(drop_empty_groups(&format!("x{spaced}y")), "x y");
        let longer = format!("( \u{3000}L{forty}: )");
        assert_eq!(drop_empty_groups(&longer), longer);
    }

    #[test]
    fn plain_values_take_the_fast_path() {
        for value in [
            "c0",
            "team-3",
            "Q4 2026",
            "Ana Ruiz",
            "ça va",
            " G-1: a b\u{a0}",
        ] {
            assert_eq!(plain(value), plain_by_regexes(value));
        }
        for value in ["c0", "team-3", "Q4 2026", "Ana Ruiz", "ça va"] {
            assert!(is_plain(value), "{value}");
            assert_eq!(plain(value), plain_by_regexes(value));
        }
        for value in ["", " c0", "a  b", "a:", "-a", "a*b", "a (b)", "a\tb", "# a"] {
            assert!(!is_plain(value), "{value:?}");
        }
    }

    proptest::proptest! {
        /// The fast path answers what the full path answers.
        #[test]
        fn plain_equals_the_full_path(text in "([a-zé0-9 .:_/@'#*`~<>\\[\\]()|,;\t-]|–|\u{a0}|\\PC){0,24}") {
            proptest::prop_assert_eq!(plain(&text), plain_by_regexes(&text));
        }

        /// Groups shaped like the pattern, labels drawn from letters and
        /// from what only looks like one (`Ⅷ` is alphabetic, no `\p{L}`).
        #[test]
        fn built_groups_match_the_bounded_pattern(
            groups in proptest::collection::vec(
                ("[a ]{0,2}", "\\s{0,2}", "([a-zA-Z ]|_|-|Ü|ß|Ⅷ|ª|\u{301}|ǅ|٣|𝒜|\\)){0,5}", "[:;]?", "\\s{0,2}", "[)]?"),
                1..4,
            )
        ) {
            let text: String = groups
                .iter()
                .map(|(before, open, label, colon, close, paren)| {
                    format!("{before}({open}{label}{colon}{close}{paren}")
                })
                .collect();
            let bounded = regex::Regex::new(r"\(\s*(?:[\p{L}][\p{L} _-]{0,39}:)?\s*\)").unwrap();
            let expected = bounded.replace_all(&text, " ");
            proptest::prop_assert_eq!(drop_empty_groups(&text), expected);
        }

        /// The per-match label check removes what the bounded pattern removes.
        #[test]
        fn empty_groups_match_the_bounded_pattern(
            text in "([(): _-]|[a-zé]{1,45}|\\s|x|Ü|ß|Ⅷ|ª|\u{301}|ǅ|٣|𝒜)*"
        ) {
            let bounded = regex::Regex::new(r"\(\s*(?:[\p{L}][\p{L} _-]{0,39}:)?\s*\)").unwrap();
            let expected = bounded.replace_all(&text, " ");
            proptest::prop_assert_eq!(drop_empty_groups(&text), expected);
        }
    }

    #[test]
    fn slugs() {
        assert_eq!(
            slug("Objective 2: Grouping – Group once, correctly"),
            "objective-2-grouping-group-once-correctly"
        );
        assert_eq!(slug("Ça va?"), "ça-va");
        assert_eq!(slug("--"), "");
    }
}
