//! What the facets of every search over one index snapshot share, made once
//! when the snapshot changes (the archive changes only when it is indexed
//! again): the values' global ordinals, and each segment's counts over all
//! its documents, from which a search that matches most of a segment
//! subtracts the documents it did not match.

use std::sync::{Arc, Mutex};

use tantivy::index::SegmentId;
use tantivy::{DocId, Searcher};

use super::count::Counter;
use super::ordinals::GlobalOrdinals;

/// The facets' shared state for one snapshot.
pub(crate) struct FacetSnapshot {
    /// The segments, and their deleted documents: their dictionaries never
    /// change, their live documents do.
    key: Vec<(SegmentId, u32)>,
    pub(crate) ordinals: GlobalOrdinals,
    /// By segment and field: how many live documents carry each value.
    pub(crate) everything: Vec<Vec<Vec<u32>>>,
}

fn key(searcher: &Searcher) -> Vec<(SegmentId, u32)> {
    searcher
        .segment_readers()
        .iter()
        .map(|reader| (reader.segment_id(), reader.num_deleted_docs()))
        .collect()
}

impl FacetSnapshot {
    /// Whether this state was made for `reader` as segment `segment`.
    pub(crate) fn is_of(&self, segment: usize, reader: &tantivy::SegmentReader) -> bool {
        self.key.get(segment) == Some(&(reader.segment_id(), reader.num_deleted_docs()))
    }

    fn build(searcher: &Searcher, fields: &[&str]) -> tantivy::Result<FacetSnapshot> {
        let mut everything = Vec::with_capacity(searcher.segment_readers().len());
        for reader in searcher.segment_readers() {
            let mut counter = Counter::new(reader, fields.iter().copied())?;
            let alive = reader.alive_bitset();
            for doc in 0..reader.max_doc() {
                if alive.is_none_or(|alive| alive.is_alive(doc as DocId)) {
                    counter.add(doc);
                }
            }
            everything.push(counter.finish().1);
        }
        Ok(FacetSnapshot {
            key: key(searcher),
            ordinals: GlobalOrdinals::build(searcher, fields)?,
            everything,
        })
    }
}

/// The facet state of the last snapshot searched, made again when its
/// segments or their deletions change.
#[derive(Default)]
pub(crate) struct FacetCache {
    last: Mutex<Option<Arc<FacetSnapshot>>>,
}

impl FacetCache {
    /// The facet state of `fields` for `searcher`'s snapshot (always the
    /// same fields for one cache).
    pub(crate) fn get(
        &self,
        searcher: &Searcher,
        fields: &[&str],
    ) -> tantivy::Result<Arc<FacetSnapshot>> {
        // Held while building: concurrent searches of a new snapshot wait
        // for one build rather than each making its own.
        let mut last = self
            .last
            .lock()
            .unwrap_or_else(|poisoned| poisoned.into_inner());
        let key = key(searcher);
        if let Some(snapshot) = last.as_ref().filter(|snapshot| snapshot.key == key) {
            return Ok(Arc::clone(snapshot));
        }
        let snapshot = Arc::new(FacetSnapshot::build(searcher, fields)?);
        *last = Some(Arc::clone(&snapshot));
        Ok(snapshot)
    }
}
