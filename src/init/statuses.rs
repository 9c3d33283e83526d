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
            // A Kubernetes KEP's statuses, here and below.
            "provisional",
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
/// without the marks or emoji at either end.
fn normalise(status: &str) -> String {
    crate::parse::normalize_name(status.trim_matches(|c: char| !c.is_alphanumeric())).to_string()
}

/// The statuses of `found` (as written) that mean one of planlint's, each
/// with it. A status written exactly as planlint's is left as it is.
pub fn map(found: &[String]) -> Vec<(String, &'static str)> {
    found
        .iter()
        .filter_map(|status| {
            let written = status.trim();
            let words = normalise(written);
            let (canonical, _) = SYNONYMS
                .iter()
                .find(|(_, words_of)| words_of.contains(&words.as_str()))?;
            (written != *canonical).then(|| (written.to_string(), *canonical))
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
            ]),
            [
                ("On track".to_string(), "in-progress"),
                ("🟢 Done".to_string(), "done"),
                ("At-Risk".to_string(), "at-risk"),
                ("IN_PROGRESS".to_string(), "in-progress"),
                ("Accepted".to_string(), "committed"),
                ("Won't do".to_string(), "dropped"),
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
