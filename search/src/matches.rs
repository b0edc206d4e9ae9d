//! The ids of every match of a search, unordered: what a bulk tag writes,
//! what a saved search remembers, what a batch counts.

use tantivy::collector::{Count, DocSetCollector};
use tantivy::query::TermQuery;
use tantivy::schema::IndexRecordOption;

use fouille_schema::Result;
use fouille_schema::fields::ID;
use fouille_schema::lookup::first_str;

use crate::{ArchiveSearcher, SearchRequest};

/// The matches of a search.
#[derive(Debug, Clone, Default)]
pub struct MatchIds {
    /// How many documents match.
    pub total: u64,
    /// Their ids, when there are at most the number asked for; empty
    /// otherwise.
    pub ids: Vec<String>,
}

impl ArchiveSearcher {
    /// The ids of every match of `request` (paging ignored), if there are
    /// at most `max`; only the count when there are more.
    pub fn matching_ids(&self, request: &SearchRequest, max: u64) -> Result<MatchIds> {
        let searcher = self.index_searcher();
        let (query, _) = self.query(&searcher, request)?;
        let total = searcher.search(&*query, &Count)? as u64;
        if total > max {
            return Ok(MatchIds {
                total,
                ids: Vec::new(),
            });
        }
        let addresses = searcher.search(&*query, &DocSetCollector)?;
        let mut columns = Vec::new();
        for segment in searcher.segment_readers() {
            columns.push(segment.fast_fields().str(ID)?);
        }
        let ids = addresses
            .into_iter()
            .filter_map(|address| {
                let column = columns.get(address.segment_ord as usize)?.as_ref();
                first_str(column, address.doc_id)
            })
            .collect();
        Ok(MatchIds { total, ids })
    }

    /// Whether the archive holds a document with this id.
    pub fn contains(&self, id: &str) -> Result<bool> {
        let searcher = self.index_searcher();
        let query = TermQuery::new(
            tantivy::Term::from_field_text(self.archive().fields().id, id),
            IndexRecordOption::Basic,
        );
        Ok(searcher.search(&query, &Count)? > 0)
    }
}
