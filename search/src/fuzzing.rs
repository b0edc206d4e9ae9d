//! Entry point of the query fuzz target (`fuzz/`) and of the test that
//! replays its committed corpus, so that CI runs exactly what the fuzzer
//! ran, on stable Rust.

use fouille_schema::Error;

use crate::{ArchiveSearcher, SearchRequest, Sort};

/// Runs `data` as a query against `searcher`: its first byte picks the
/// order, the rest (as UTF-8, lossily) is the query, with every facet.
/// A query may be refused, never fail otherwise.
pub fn query_one(searcher: &ArchiveSearcher, data: &[u8]) {
    let Some((&first, query)) = data.split_first() else {
        return;
    };
    let request = SearchRequest {
        query: String::from_utf8_lossy(query).into_owned(),
        sort: [Sort::Relevance, Sort::Newest, Sort::Oldest][first as usize % 3],
        offset: (first as usize / 3) % 4,
        ..SearchRequest::default()
    };
    match searcher.search(&request) {
        Ok(response) => assert!(response.hits.len() <= request.limit),
        Err(Error::BadRequest(_)) => {}
        Err(other) => panic!("query {:?} failed: {other}", request.query),
    }
}
