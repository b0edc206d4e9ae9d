//! Replays the fuzz targets' committed inputs (the minimised `fuzz/corpus`
//! and the findings in `fuzz/artifacts`) through the same entry points the
//! fuzzer calls, on stable Rust: every finding stays fixed. (`fuzz/seeds`,
//! made from `tests/fixtures` by `fuzz/seed.py`, is replayed too when it is
//! there; it is not committed.)

use std::path::{Path, PathBuf};

use fouille_indexer::fuzzing::{ingest_one, query_one};

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

#[test]
fn ingest_fuzz_inputs_replay_without_panic() {
    let files = inputs("ingest_file");
    assert!(files.len() >= 3000, "{} inputs", files.len());
    for path in &files {
        let data = std::fs::read(path).expect("read input");
        let outcome = std::panic::catch_unwind(|| ingest_one(&data));
        assert!(outcome.is_ok(), "{} panicked", path.display());
    }
}

#[test]
fn query_fuzz_inputs_replay_without_failure() {
    let files = inputs("query");
    assert!(files.len() >= 1700, "{} inputs", files.len());
    for path in &files {
        let data = std::fs::read(path).expect("read input");
        let outcome = std::panic::catch_unwind(|| query_one(&super::shared().searcher, &data));
        assert!(outcome.is_ok(), "{} failed", path.display());
    }
}
