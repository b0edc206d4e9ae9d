//! The ids of every match of a search, unordered: what a bulk tag writes,
//! what a saved search remembers, what a batch counts.

use tantivy::collector::{Count, DocSetCollector};
use tantivy::query::TermQuery;
use tantivy::schema::IndexRecordOption;

use crate::marks::{DocKey, doc_key};
use crate::{ArchiveSearcher, SearchRequest};
use fouille_schema::Result;
use fouille_schema::fields::ID;

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
    /// Calls `visit` with the id of every match of `request` (paging
    /// ignored, in no order), if there are at most `max`; returns how many
    /// match.
    fn visit_matches(
        &self,
        request: &SearchRequest,
        max: u64,
        mut visit: impl FnMut(&str),
    ) -> Result<u64> {
        let searcher = self.index_searcher();
        let (query, _) = self.query(&searcher, request)?;
        let total = searcher.search(&*query, &Count)? as u64;
        if total > max {
            return Ok(total);
        }
        let addresses = searcher.search(&*query, &DocSetCollector)?;
        let mut columns = Vec::new();
        for segment in searcher.segment_readers() {
            columns.push(segment.fast_fields().str(ID)?);
        }
        // One buffer for every id: a million matches make no million
        // strings.
        let mut id = String::new();
        for address in addresses {
            let Some(Some(column)) = columns.get(address.segment_ord as usize) else {
                continue;
            };
            if let Some(ord) = column.term_ords(address.doc_id).next()
                && column.ord_to_str(ord, &mut id).unwrap_or(false)
            {
                visit(&id);
            }
        }
        Ok(total)
    }

    /// The ids of every match of `request` (paging ignored), if there are
    /// at most `max`; only the count when there are more.
    pub fn matching_ids(&self, request: &SearchRequest, max: u64) -> Result<MatchIds> {
        let mut ids = Vec::new();
        let total = self.visit_matches(request, max, |id| ids.push(id.to_string()))?;
        Ok(MatchIds { total, ids })
    }

    /// How many match `request`, and their ids as numbers when there are at
    /// most `max`.
    pub fn matching_keys(
        &self,
        request: &SearchRequest,
        max: u64,
    ) -> Result<(u64, Option<Vec<DocKey>>)> {
        let mut keys = Vec::new();
        let total = self.visit_matches(request, max, |id| keys.extend(doc_key(id)))?;
        Ok((total, (total <= max).then_some(keys)))
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
