//! Replays every fuzz target's committed seed corpus (`fuzz/corpus/<target>/`)
//! and every input a fuzzer once crashed on (`tests/fuzz_regressions/<target>/`)
//! through the very functions the fuzz binaries call, on the stable toolchain.

#[path = "../fuzz/targets.rs"]
mod targets;

use std::path::{Path, PathBuf};

/// The files in `folder`, sorted so failures name the same file every run.
fn inputs(folder: &Path) -> Vec<PathBuf> {
    let Ok(entries) = std::fs::read_dir(folder) else {
        return Vec::new();
    };
    let mut files: Vec<PathBuf> = entries
        .map(|entry| entry.expect("readable corpus folder").path())
        .filter(|path| path.is_file())
        .collect();
    files.sort();
    files
}

/// Runs each input of each target in `base`, naming the file that panicked.
fn replay(base: &str) -> usize {
    let root = Path::new(env!("CARGO_MANIFEST_DIR")).join(base);
    let mut count = 0;
    for (name, target) in targets::TARGETS {
        for file in inputs(&root.join(name)) {
            let data = std::fs::read(&file).expect("readable corpus file");
            let outcome = std::panic::catch_unwind(|| target(&data));
            assert!(outcome.is_ok(), "{name} panicked on {}", file.display());
            count += 1;
        }
    }
    count
}

#[test]
fn every_seed_runs_through_its_target() {
    let root = Path::new(env!("CARGO_MANIFEST_DIR")).join("fuzz/corpus");
    for (name, _) in targets::TARGETS {
        assert!(
            !inputs(&root.join(name)).is_empty(),
            "fuzz/corpus/{name} has no seeds"
        );
    }
    assert!(replay("fuzz/corpus") > 0);
}

#[test]
fn every_past_crash_stays_fixed() {
    assert!(replay("tests/fuzz_regressions") > 0);
}
