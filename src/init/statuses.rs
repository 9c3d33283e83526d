//! planlint's statuses for the words plans use for them. `init` maps the
//! statuses it finds (`On track`, `Accepted`, `🟢 Done`), so that the
//! first check flags a status nobody can read, not one merely worded
//! another way.

/// Each of planlint's statuses (DESIGN.md) and words, normalised as
/// [`normalise`] does, that mean it and nothing else. A word that could
/// mean two of them (`closed`, `paused`, `ready`) is left for the user.
const SYNONYMS: &[(&str, &[&str])] = &[
    (
        "proposed",
        &[
            "proposed",
            "draft",
            "idea",
            "backlog",
            "candidate",
            "in_review",
            "review",
            // A Kubernetes KEP's statuses, here and below.
            "provisional",
            // An EIP's, here and below.
            "last_call",
        ],
    ),
    (
        "committed",
        &[
            "committed",
            "accepted",
            "approved",
            "planned",
            "scheduled",
            "not_started",
            "to_do",
            "todo",
            "implementable",
        ],
    ),
    (
        "in-progress",
        &[
            "in_progress",
            "on_track",
            "active",
            "ongoing",
            "started",
            "wip",
            "doing",
            "in_flight",
            "underway",
        ],
    ),
    (
        "at-risk",
        &["at_risk", "off_track", "blocked", "behind", "delayed"],
    ),
    (
        "done",
        &[
            "done",
            "complete",
            "completed",
            "shipped",
            "finished",
            "achieved",
            "delivered",
            "launched",
            "implemented",
            "final",
        ],
    ),
    (
        "dropped",
        &[
            "dropped",
            "cancelled",
            "canceled",
            "abandoned",
            "not_accepted",
            "rejected",
            "won't_do",
            "wont_do",
            "descoped",
            "withdrawn",
        ],
    ),
];

/// A status as [`SYNONYMS`] lists it: a field name's normal form
/// (lowercase, runs of spaces, `-` and `_` as one `_`) of the status
/// without the marks or emoji at either end, and without a qualifier in
/// brackets after it (`Implemented (Swift 3.0)`).
fn normalise(status: &str) -> String {
    fn bare(text: &str) -> &str {
        text.trim_matches(|c: char| !c.is_alphanumeric())
    }
    let status = status.trim_matches(|c: char| !c.is_alphanumeric() && c != ')');
    let unqualified = match status.strip_suffix(')').and_then(|s| s.rsplit_once('(')) {
        Some((before, _)) if !bare(before).is_empty() => bare(before),
        _ => bare(status),
    };
    crate::parse::normalize_name(unqualified).to_string()
}

/// planlint's status that a written one means: the whole of it, or its
/// longest run of first words (`Implemented in Swift 3.0` is `done`,
/// `In progress since May` is `in-progress`).
fn meaning(written: &str) -> Option<&'static str> {
    let words = normalise(written);
    let mut prefix = words.as_str();
    loop {
        let found = SYNONYMS
            .iter()
            .find(|(_, words_of)| words_of.contains(&prefix));
        if let Some((canonical, _)) = found {
            return Some(canonical);
        }
        prefix = prefix.get(..prefix.rfind('_')?)?;
    }
}

/// The most words a status written in a document's labelled lines has
/// (`Not started`, `In review`), a qualifier in brackets aside.
const MAX_STATUS_WORDS: usize = 3;

/// Whether a labelled line's value reads as a plan item's status: one of
/// the words [`SYNONYMS`] lists, or a few words. A longer note (`M7
/// complete (v0.7.0) — business layer only`) is a README's, not a plan's.
pub fn reads_as_status(value: &str) -> bool {
    let value = crate::extract::text::plain(value);
    let words = normalise(&value);
    !words.is_empty() && (meaning(&value).is_some() || words.split('_').count() <= MAX_STATUS_WORDS)
}

/// The statuses of `found` (as written) that mean one of planlint's, each
/// with it. A status written exactly as planlint's is left as it is.
pub fn map(found: &[String]) -> Vec<(String, &'static str)> {
    found
        .iter()
        .filter_map(|status| {
            let written = status.trim();
            let canonical = meaning(written)?;
            (written != canonical).then(|| (written.to_string(), canonical))
        })
        .collect()
}

#[cfg(test)]
mod tests {
    use super::*;

    fn mapped(found: &[&str]) -> Vec<(String, &'static str)> {
        map(&found.iter().map(|s| s.to_string()).collect::<Vec<_>>())
    }

    #[test]
    fn a_status_with_a_qualifier_or_more_words_is_the_status() {
        assert_eq!(
            mapped(&[
                "Implemented (Swift 3.0)",
                "**Accepted (with revisions)**",
                "Implemented in Swift 3.0",
                "In progress since May",
                "Not accepted",
                "(x)",
                "Nothing",
            ]),
            [
                ("Implemented (Swift 3.0)".to_string(), "done"),
                ("**Accepted (with revisions)**".to_string(), "committed"),
                ("Implemented in Swift 3.0".to_string(), "done"),
                ("In progress since May".to_string(), "in-progress"),
                ("Not accepted".to_string(), "dropped"),
            ]
        );
    }

    #[test]
    fn a_few_words_read_as_a_status_and_a_note_does_not() {
        for status in [
            "Draft",
            "**Implemented (Swift 3.0)**",
            "**Implemented in Swift 3.0** ([Commit](https://github.com/apple/swift/commit/8e12))",
            "Not started",
            "In review",
            "🟢 On track",
        ] {
            assert!(reads_as_status(status), "{status}");
        }
        for note in [
            "M7 complete (v0.7.0) — business layer only.",
            "",
            "  **  ",
            "see the design doc for the plan",
        ] {
            assert!(!reads_as_status(note), "{note}");
        }
    }

    #[test]
    fn statuses_worded_another_way_are_mapped_and_the_rest_left() {
        assert_eq!(
            mapped(&[
                "On track",
                " 🟢 Done ",
                "At-Risk",
                "IN_PROGRESS",
                "Accepted",
                "Won't do",
                "in-progress",
                "Paused",
                "Ready for review",
                "",
                // An Ethereum proposal's.
                "Final",
                "Last Call",
                "Review",
                "Stagnant",
            ]),
            [
                ("On track".to_string(), "in-progress"),
                ("🟢 Done".to_string(), "done"),
                ("At-Risk".to_string(), "at-risk"),
                ("IN_PROGRESS".to_string(), "in-progress"),
                ("Accepted".to_string(), "committed"),
                ("Won't do".to_string(), "dropped"),
                ("Final".to_string(), "done"),
                ("Last Call".to_string(), "proposed"),
                ("Review".to_string(), "proposed"),
            ]
        );
    }

    proptest::proptest! {
        /// Any status, in any script, is mapped or left without a panic,
        /// and only to one of planlint's.
        #[test]
        fn any_status_maps_to_a_status_or_nothing(found in proptest::collection::vec("\\PC{0,12}", 0..8)) {
            for (_, to) in map(&found) {
                proptest::prop_assert!(SYNONYMS.iter().any(|(canonical, _)| *canonical == to));
            }
        }
    }

    #[test]
    fn every_word_means_one_status() {
        let mut seen = std::collections::BTreeMap::new();
        for (canonical, words) in SYNONYMS {
            assert!(words.contains(canonical) || canonical.contains('-'));
            for word in *words {
                assert_eq!(normalise(word), *word);
                assert_eq!(seen.insert(*word, *canonical), None, "{word}");
            }
        }
    }
}
