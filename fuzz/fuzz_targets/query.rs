//! A query (any bytes) run with every facet against a small archive built
//! once from the repository's own fixtures: parsing, limits, building the
//! tantivy query, collecting, facets and snippets.
#![no_main]

use std::path::Path;
use std::sync::OnceLock;
use std::sync::atomic::AtomicBool;

use fouille_search::ArchiveSearcher;
use fouille_indexer::{Archive, IngestOptions, ingest};
use libfuzzer_sys::fuzz_target;

fn searcher() -> &'static ArchiveSearcher {
    static SEARCHER: OnceLock<(tempfile::TempDir, ArchiveSearcher)> = OnceLock::new();
    &SEARCHER
        .get_or_init(|| {
            let dir = tempfile::tempdir().expect("tempdir");
            let archive = dir.path().join("archive");
            let fixtures = Path::new(env!("CARGO_MANIFEST_DIR")).join("../tests/fixtures");
            let options = IngestOptions {
                threads: 1,
                ..IngestOptions::default()
            };
            let sources = [fixtures.join("eml"), fixtures.join("mbox")];
            ingest(&archive, &sources, &options, &AtomicBool::new(false), &mut |_| {})
                .expect("ingest the fixtures");
            let searcher = ArchiveSearcher::new(Archive::open(&archive).expect("open"))
                .expect("searcher");
            (dir, searcher)
        })
        .1
}

fuzz_target!(init: { searcher(); }, |data: &[u8]| {
    fouille_search::fuzzing::query_one(searcher(), data)
});
