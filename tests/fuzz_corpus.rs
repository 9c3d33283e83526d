//! Replays every fuzz target's committed seed corpus (`fuzz/corpus/<target>/`)
//! and every input a fuzzer once crashed on (`tests/fuzz_regressions/<target>/`)
//! through the very functions the fuzz binaries call, on the stable toolchain.

#[path = "../fuzz/targets.rs"]
mod targets;

use std::path::{Path, PathBuf};
use std::sync::atomic::{AtomicUsize, Ordering};
use std::sync::Mutex;

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

/// Runs each input of each target in `base`, naming every file that
/// panicked; returns how many inputs ran. Several threads share the work:
/// the config and pipeline targets mostly wait on their temporary folders.
fn replay(base: &str) -> usize {
    let root = Path::new(env!("CARGO_MANIFEST_DIR")).join(base);
    let inputs: Vec<(&str, targets::Target, PathBuf)> = targets::TARGETS
        .iter()
        .flat_map(|(name, target)| {
            inputs(&root.join(name))
                .into_iter()
                .map(move |file| (*name, *target, file))
        })
        .collect();
    let next = AtomicUsize::new(0);
    let failures = Mutex::new(Vec::new());
    std::thread::scope(|scope| {
        for _ in 0..8 {
            scope.spawn(|| {
                while let Some((name, target, file)) =
                    inputs.get(next.fetch_add(1, Ordering::Relaxed))
                {
                    let data = std::fs::read(file).expect("readable corpus file");
                    if std::panic::catch_unwind(|| target(&data)).is_err() {
                        let failure = format!("{name} panicked on {}", file.display());
                        failures.lock().expect("no poisoning").push(failure);
                    }
                }
            });
        }
    });
    let failures = failures.into_inner().expect("no poisoning");
    assert!(failures.is_empty(), "{}", failures.join("\n"));
    inputs.len()
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
