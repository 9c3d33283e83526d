//! The architecture as a newcomer should see it, checked on the source:
//! no import cycle between the top-level modules of `src/`, and clap's types
//! only in the CLI.

use std::collections::{BTreeMap, BTreeSet};
use std::path::{Path, PathBuf};

/// The only file that may name clap.
const CLAP_ALLOWED: &[&str] = &["src/cli.rs"];

fn rust_files(dir: &Path, out: &mut Vec<PathBuf>) {
    let mut entries: Vec<PathBuf> = std::fs::read_dir(dir)
        .expect("read src")
        .map(|entry| entry.expect("entry").path())
        .collect();
    entries.sort();
    for path in entries {
        if path.is_dir() {
            rust_files(&path, out);
        } else if path.extension().is_some_and(|ext| ext == "rs") {
            out.push(path);
        }
    }
}

/// The source's code lines outside unit tests: comments dropped, and the
/// file cut at its `#[cfg(test)]` (unit tests may reach anywhere). A file
/// `tests.rs` is a unit-test module as a whole.
fn code_lines(path: &Path) -> Vec<String> {
    if path.file_name().is_some_and(|name| name == "tests.rs") {
        return Vec::new();
    }
    let text = std::fs::read_to_string(path).expect("read source");
    text.lines()
        .take_while(|line| line.trim() != "#[cfg(test)]")
        .map(|line| line.split("//").next().unwrap_or("").to_string())
        .collect()
}

/// The top-level module a file of `src/` belongs to: `config` for
/// `src/config/load.rs`, `cli` for `src/cli.rs`.
fn module_of(src: &Path, path: &Path) -> String {
    let relative = path.strip_prefix(src).expect("under src");
    let first = relative.components().next().expect("a component");
    first
        .as_os_str()
        .to_string_lossy()
        .trim_end_matches(".rs")
        .to_string()
}

/// The modules named by `crate::NAME` on a line.
fn crate_references(line: &str) -> Vec<String> {
    line.match_indices("crate::")
        .map(|(at, found)| {
            line[at + found.len()..]
                .chars()
                .take_while(|c| c.is_ascii_alphanumeric() || *c == '_')
                .collect::<String>()
        })
        .filter(|name| !name.is_empty())
        .collect()
}

/// Module → the other top-level modules it uses.
fn import_graph() -> BTreeMap<String, BTreeSet<String>> {
    let src = Path::new(env!("CARGO_MANIFEST_DIR")).join("src");
    let mut files = Vec::new();
    rust_files(&src, &mut files);
    let mut graph: BTreeMap<String, BTreeSet<String>> = BTreeMap::new();
    for file in files {
        let module = module_of(&src, &file);
        let uses = graph.entry(module.clone()).or_default();
        for line in code_lines(&file) {
            for used in crate_references(&line) {
                if used != module {
                    uses.insert(used);
                }
            }
        }
    }
    graph
}

/// A cycle through `start`, as the modules along it, if there is one.
fn cycle_through(graph: &BTreeMap<String, BTreeSet<String>>, start: &str) -> Option<Vec<String>> {
    let mut stack: Vec<(String, Vec<String>)> = vec![(start.to_string(), vec![start.to_string()])];
    let mut seen = BTreeSet::new();
    while let Some((module, path)) = stack.pop() {
        for next in graph.get(&module).into_iter().flatten() {
            if next == start {
                let mut cycle = path.clone();
                cycle.push(start.to_string());
                return Some(cycle);
            }
            if seen.insert(next.clone()) {
                let mut longer = path.clone();
                longer.push(next.clone());
                stack.push((next.clone(), longer));
            }
        }
    }
    None
}

#[test]
fn top_level_modules_import_each_other_without_cycles() {
    let graph = import_graph();
    assert!(graph.contains_key("rules") && graph.contains_key("config"));
    let cycles: Vec<String> = graph
        .keys()
        .filter_map(|module| cycle_through(&graph, module))
        .map(|cycle| cycle.join(" -> "))
        .collect();
    assert!(cycles.is_empty(), "import cycles:\n{}", cycles.join("\n"));
}

#[test]
fn rules_depend_on_the_model_not_on_parsing_reporting_or_the_config() {
    let graph = import_graph();
    let rules = graph.get("rules").cloned().unwrap_or_default();
    for forbidden in [
        "report", "config", "cli", "run", "check", "parse", "extract", "source",
    ] {
        assert!(!rules.contains(forbidden), "rules imports {forbidden}");
    }
    let report = graph.get("report").cloned().unwrap_or_default();
    for forbidden in ["rules", "config", "cli", "run", "check", "model"] {
        assert!(!report.contains(forbidden), "report imports {forbidden}");
    }
}

#[test]
fn each_pipeline_stage_imports_only_the_stages_before_it() {
    let graph = import_graph();
    let later_stages = [
        (
            "parse",
            &["extract", "model", "rules", "report", "config"][..],
        ),
        (
            "model",
            &["parse", "extract", "rules", "report", "config", "source"][..],
        ),
        ("extract", &["rules", "report", "source"][..]),
    ];
    for (stage, forbidden) in later_stages {
        let imports = graph.get(stage).cloned().unwrap_or_default();
        for later in forbidden {
            assert!(!imports.contains(*later), "{stage} imports {later}");
        }
    }
}

#[test]
fn clap_stays_in_the_cli() {
    let root = Path::new(env!("CARGO_MANIFEST_DIR"));
    let mut files = Vec::new();
    rust_files(&root.join("src"), &mut files);
    let mut outside = Vec::new();
    for file in files {
        let shown = file
            .strip_prefix(root)
            .expect("under the root")
            .to_string_lossy()
            .replace('\\', "/");
        if CLAP_ALLOWED.contains(&shown.as_str()) {
            continue;
        }
        if code_lines(&file).iter().any(|line| line.contains("clap")) {
            outside.push(shown);
        }
    }
    assert!(outside.is_empty(), "clap outside the CLI: {outside:?}");
}

#[test]
fn the_graph_reader_sees_what_it_should() {
    assert_eq!(
        crate_references("use crate::rules::spec::{Check}; let x = crate::text::visible(y);"),
        ["rules", "text"]
    );
    let mut graph = BTreeMap::new();
    graph.insert("a".to_string(), BTreeSet::from(["b".to_string()]));
    graph.insert("b".to_string(), BTreeSet::from(["c".to_string()]));
    graph.insert("c".to_string(), BTreeSet::from(["a".to_string()]));
    assert_eq!(
        cycle_through(&graph, "a").map(|c| c.join(" -> ")),
        Some("a -> b -> c -> a".to_string())
    );
    graph.insert("c".to_string(), BTreeSet::new());
    assert_eq!(cycle_through(&graph, "a"), None);
}
