//! Replays the fuzz targets' committed inputs (the minimised `fuzz/corpus`
//! and the findings in `fuzz/artifacts`) through the same entry points the
//! fuzzer calls, on stable Rust: every finding stays fixed. (`fuzz/seeds`,
//! made from `tests/fixtures` by `fuzz/seed.py`, is replayed too when it is
//! there; it is not committed.)

use std::path::{Path, PathBuf};

use fouille_indexer::fuzzing::ingest_one;
use fouille_search::fuzzing::query_one;

fn inputs(target: &str) -> Vec<PathBuf> {
    let fuzz = Path::new(env!("CARGO_MANIFEST_DIR")).join("../fuzz");
    let mut files: Vec<PathBuf> = ["seeds", "corpus", "artifacts"]
        .iter()
        .filter_map(|kind| std::fs::read_dir(fuzz.join(kind).join(target)).ok())
        .flatten()
        .filter_map(Result::ok)
        .map(|entry| entry.path())
        .filter(|path| path.is_file())
        .collect();
    files.sort();
    files
}

/// Runs every input of `target` (at least `min` of them) through `run`;
/// none may panic.
fn replay(target: &str, min: usize, run: impl Fn(&[u8])) {
    let files = inputs(target);
    assert!(files.len() >= min, "{} inputs", files.len());
    for path in &files {
        let data = std::fs::read(path).expect("read input");
        let outcome = std::panic::catch_unwind(std::panic::AssertUnwindSafe(|| run(&data)));
        assert!(outcome.is_ok(), "{} failed", path.display());
    }
}

#[test]
fn ingest_fuzz_inputs_replay_without_panic() {
    replay("ingest_file", 3000, ingest_one);
}

#[test]
fn query_fuzz_inputs_replay_without_failure() {
    replay("query", 1700, |data| {
        query_one(&super::shared().searcher, data)
    });
}
