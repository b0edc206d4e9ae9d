//! Helpers shared by the unit tests of the extractors and the Outlook
//! readers: the checked-in fixtures under `tests/fixtures/documents/`, the
//! optional corpora under `../shared/corpora/` (a test that needs one passes
//! without checking anything when it is not on this machine), the entry names
//! of an [`Extraction`], and damaged copies of a file for robustness tests.

use std::path::{Path, PathBuf};

use crate::Extraction;

/// The bytes of `tests/fixtures/documents/{name}`; panics with the path when
/// it cannot be read.
pub(crate) fn fixture(name: &str) -> Vec<u8> {
    let path = Path::new(env!("CARGO_MANIFEST_DIR"))
        .join("../tests/fixtures/documents")
        .join(name);
    std::fs::read(&path).unwrap_or_else(|err| panic!("{}: {err}", path.display()))
}

/// The bytes of `tests/fixtures/metadata/{name}` (documents with known
/// metadata, written by the `make_metadata_fixtures` example).
pub(crate) fn metadata_fixture(name: &str) -> Vec<u8> {
    let path = Path::new(env!("CARGO_MANIFEST_DIR"))
        .join("../tests/fixtures/metadata")
        .join(name);
    std::fs::read(&path).unwrap_or_else(|err| panic!("{}: {err}", path.display()))
}

/// Where `relative` stands under the shared corpora, whether it is there or
/// not.
pub(crate) fn corpus_path(relative: &str) -> PathBuf {
    Path::new(env!("CARGO_MANIFEST_DIR"))
        .join("../../shared/corpora")
        .join(relative)
}

/// The bytes of a corpus sample, or None (saying so on stderr) when the
/// corpora are not on this machine: the test then passes.
pub(crate) fn corpus(relative: &str) -> Option<Vec<u8>> {
    let path = corpus_path(relative);
    match std::fs::read(&path) {
        Ok(bytes) => Some(bytes),
        Err(_) => {
            eprintln!("skipped: {} is missing", path.display());
            None
        }
    }
}

/// The names of the entries of `extraction`, in order.
pub(crate) fn entry_names(extraction: &Extraction) -> Vec<&str> {
    extraction
        .entries
        .iter()
        .map(|entry| entry.name.as_str())
        .collect()
}

/// Damaged copies of `bytes` for robustness tests: cut at several lengths
/// and with bytes flipped at several places (deterministic).
pub(crate) fn damaged_variants(bytes: &[u8]) -> Vec<Vec<u8>> {
    let mut variants = Vec::new();
    let len = bytes.len();
    for cut in [
        0,
        1,
        4,
        16,
        len / 4,
        len / 2,
        len * 3 / 4,
        len.saturating_sub(1),
    ] {
        variants.push(bytes[..cut.min(len)].to_vec());
    }
    let mut state: u64 = 0x9E37_79B9_7F4A_7C15;
    for round in 0..48 {
        if len == 0 {
            break;
        }
        let mut copy = bytes.to_vec();
        for _ in 0..(1 + round % 4) {
            state ^= state << 13;
            state ^= state >> 7;
            state ^= state << 17;
            let at = (state % len as u64) as usize;
            copy[at] ^= (state >> 32) as u8 | 1;
        }
        variants.push(copy);
    }
    variants
}
