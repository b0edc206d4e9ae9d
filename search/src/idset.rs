//! Sets of document ids as tantivy queries: what `tag:`, `is:starred` and
//! `note:` match, and the `tag` facet.
//!
//! A tag may hold 100,000 documents of a million. Looking each id up in the
//! term dictionary would take about a second; instead a table of every
//! document's id, sorted, is built once per searcher generation (a scan of
//! the `id` fast field), and a set is turned into one bitset per segment by
//! a merge of two sorted lists. The bitsets are kept by the set's revision,
//! so a set that did not change since the last search costs nothing more.

use std::collections::HashMap;
use std::sync::{Arc, Mutex};

use fouille_schema::fields::ID;
use tantivy::collector::{Collector, SegmentCollector};
use tantivy::index::SegmentId;
use tantivy::query::{
    BitSetDocSet, ConstScorer, EmptyScorer, EnableScoring, Explanation, Query, Scorer, Weight,
};
use tantivy::{BitSet, DocId, Score, SegmentOrdinal, SegmentReader};

use crate::facets::FacetValue;
use crate::marks::{DocKey, IdSet, doc_key};

/// Resolved sets kept per generation; past it, they are all dropped. Above
/// the workspace's 1,000 tags and the star sets of a newsroom's users, so
/// that searches do not clear it in turn.
const MAX_KEPT: usize = 4_096;
/// A set this many times smaller than the archive is looked up key by key
/// (log n each) rather than merged with the whole table.
const SEARCH_OVER_MERGE: usize = 32;

/// Every live document of one searcher generation, by id.
struct IdTable {
    /// (id, segment ordinal, doc), sorted by id.
    entries: Vec<(DocKey, u32, DocId)>,
    /// Each segment's id and its number of docs, by ordinal.
    segments: Vec<(SegmentId, DocId)>,
}

/// One bitset per segment.
#[derive(Debug)]
pub(crate) struct Resolved {
    segments: HashMap<SegmentId, BitSet>,
}

impl Resolved {
    fn segment(&self, id: SegmentId) -> Option<&BitSet> {
        self.segments.get(&id)
    }
}

#[derive(Default)]
struct Cache {
    generation: Option<u64>,
    table: Option<Arc<IdTable>>,
    resolved: HashMap<u64, Arc<Resolved>>,
}

/// Turns sets of ids into per-segment bitsets, keeping what it built.
#[derive(Default)]
pub(crate) struct Resolver {
    cache: Mutex<Cache>,
}

impl Resolver {
    /// The bitsets of `set` in `searcher`'s segments.
    pub(crate) fn resolve(
        &self,
        searcher: &tantivy::Searcher,
        set: &IdSet,
    ) -> tantivy::Result<Arc<Resolved>> {
        let generation = searcher.generation().generation_id();
        let table = {
            let mut cache = self
                .cache
                .lock()
                .unwrap_or_else(|poison| poison.into_inner());
            if cache.generation != Some(generation) {
                *cache = Cache {
                    generation: Some(generation),
                    ..Cache::default()
                };
            }
            if set.revision != 0
                && let Some(resolved) = cache.resolved.get(&set.revision)
            {
                return Ok(Arc::clone(resolved));
            }
            cache.table.clone()
        };
        // Built outside the lock: a first search on a big archive must not
        // hold up the others longer than it has to.
        let table = match table {
            Some(table) => table,
            None => Arc::new(IdTable::build(searcher)?),
        };
        let resolved = Arc::new(table.resolve(&set.keys));
        let mut cache = self
            .cache
            .lock()
            .unwrap_or_else(|poison| poison.into_inner());
        if cache.generation == Some(generation) {
            cache.table.get_or_insert_with(|| Arc::clone(&table));
            if set.revision != 0 {
                if cache.resolved.len() >= MAX_KEPT {
                    cache.resolved.clear();
                }
                cache.resolved.insert(set.revision, Arc::clone(&resolved));
            }
        }
        Ok(resolved)
    }
}

impl IdTable {
    fn build(searcher: &tantivy::Searcher) -> tantivy::Result<IdTable> {
        let mut entries = Vec::with_capacity(searcher.num_docs() as usize);
        let mut segments = Vec::new();
        for (ordinal, segment) in searcher.segment_readers().iter().enumerate() {
            segments.push((segment.segment_id(), segment.max_doc()));
            let Some(column) = segment.fast_fields().str(ID)? else {
                continue;
            };
            // Each distinct id parsed once, by its term ordinal.
            let dictionary = column.dictionary();
            let mut keys = Vec::with_capacity(dictionary.num_terms());
            let mut stream = dictionary.stream()?;
            while stream.advance() {
                keys.push(std::str::from_utf8(stream.key()).ok().and_then(doc_key));
            }
            let alive = segment.alive_bitset();
            for doc in 0..segment.max_doc() {
                if alive.is_some_and(|bits| !bits.is_alive(doc)) {
                    continue;
                }
                for ord in column.term_ords(doc) {
                    if let Some(Some(key)) = keys.get(ord as usize) {
                        entries.push((*key, ordinal as u32, doc));
                    }
                }
            }
        }
        entries.sort_unstable();
        Ok(IdTable { entries, segments })
    }

    /// Both lists are sorted: a merge finds every document, or, for a set
    /// much smaller than the archive (the notes), a binary search each.
    fn resolve(&self, keys: &[DocKey]) -> Resolved {
        let mut segments: Vec<Option<BitSet>> = vec![None; self.segments.len()];
        let mut found = |(_, ordinal, doc): (DocKey, u32, DocId)| {
            let max_doc = self.segments[ordinal as usize].1;
            segments[ordinal as usize]
                .get_or_insert_with(|| BitSet::with_max_value(max_doc))
                .insert(doc);
        };
        if keys.len().saturating_mul(SEARCH_OVER_MERGE) < self.entries.len() {
            for key in keys {
                let start = self.entries.partition_point(|entry| entry.0 < *key);
                // The same id may live in two segments (never in a finished
                // archive, but between commits).
                for entry in self.entries[start..]
                    .iter()
                    .take_while(|entry| entry.0 == *key)
                {
                    found(*entry);
                }
            }
        } else {
            let (mut i, mut j) = (0, 0);
            while i < keys.len() && j < self.entries.len() {
                match keys[i].cmp(&self.entries[j].0) {
                    std::cmp::Ordering::Less => i += 1,
                    std::cmp::Ordering::Greater => j += 1,
                    std::cmp::Ordering::Equal => {
                        found(self.entries[j]);
                        j += 1;
                    }
                }
            }
        }
        Resolved {
            segments: segments
                .into_iter()
                .zip(&self.segments)
                .filter_map(|(bits, (id, _))| bits.map(|bits| (*id, bits)))
                .collect(),
        }
    }
}

/// Matches the documents of a resolved set, every one with the same score.
#[derive(Debug, Clone)]
pub(crate) struct IdSetQuery {
    resolved: Arc<Resolved>,
}

impl IdSetQuery {
    pub(crate) fn new(resolved: Arc<Resolved>) -> IdSetQuery {
        IdSetQuery { resolved }
    }
}

impl Query for IdSetQuery {
    fn weight(&self, _scoring: EnableScoring<'_>) -> tantivy::Result<Box<dyn Weight>> {
        Ok(Box::new(IdSetWeight {
            resolved: Arc::clone(&self.resolved),
        }))
    }
}

struct IdSetWeight {
    resolved: Arc<Resolved>,
}

impl Weight for IdSetWeight {
    fn scorer(&self, reader: &SegmentReader, boost: Score) -> tantivy::Result<Box<dyn Scorer>> {
        Ok(match self.resolved.segment(reader.segment_id()) {
            Some(bits) => Box::new(ConstScorer::new(BitSetDocSet::from(bits.clone()), boost)),
            None => Box::new(EmptyScorer),
        })
    }

    fn explain(&self, reader: &SegmentReader, doc: DocId) -> tantivy::Result<Explanation> {
        let found = self
            .resolved
            .segment(reader.segment_id())
            .is_some_and(|bits| bits.contains(doc));
        if !found {
            return Err(tantivy::TantivyError::InvalidArgument(format!(
                "document {doc} is not in the set"
            )));
        }
        Ok(Explanation::new("in the workspace set", 1.0))
    }
}

/// Counts the matches of each tag: each match sets one bit, then each
/// tag's count is the popcount of its bitset and the matches', 64
/// documents at a time. A million matches and twenty tags cost a million
/// bit sets and 20 × 16,000 word operations, not twenty million tests.
pub(crate) struct TagFacetCollector {
    tags: Arc<Vec<(String, Arc<Resolved>)>>,
    limit: usize,
}

impl TagFacetCollector {
    pub(crate) fn new(tags: Vec<(String, Arc<Resolved>)>, limit: usize) -> TagFacetCollector {
        TagFacetCollector {
            tags: Arc::new(tags),
            limit,
        }
    }
}

pub(crate) struct TagSegmentCollector {
    /// The matches, when any tag has documents in this segment.
    matches: Option<BitSet>,
    tags: Arc<Vec<(String, Arc<Resolved>)>>,
    segment: SegmentId,
}

impl Collector for TagFacetCollector {
    type Fruit = Vec<FacetValue>;
    type Child = TagSegmentCollector;

    fn for_segment(
        &self,
        _ordinal: SegmentOrdinal,
        segment: &SegmentReader,
    ) -> tantivy::Result<TagSegmentCollector> {
        let id = segment.segment_id();
        let tagged = self
            .tags
            .iter()
            .any(|(_, resolved)| resolved.segment(id).is_some());
        Ok(TagSegmentCollector {
            matches: tagged.then(|| BitSet::with_max_value(segment.max_doc())),
            tags: Arc::clone(&self.tags),
            segment: id,
        })
    }

    fn requires_scoring(&self) -> bool {
        false
    }

    fn merge_fruits(&self, fruits: Vec<Vec<u64>>) -> tantivy::Result<Vec<FacetValue>> {
        let mut totals = vec![0u64; self.tags.len()];
        for counts in fruits {
            for (total, count) in totals.iter_mut().zip(counts) {
                *total += count;
            }
        }
        let mut values: Vec<FacetValue> = totals
            .into_iter()
            .zip(self.tags.iter())
            .filter(|(count, _)| *count > 0)
            .map(|(count, (tag, _))| FacetValue {
                value: tag.clone(),
                count,
            })
            .collect();
        values.sort_by(|a, b| b.count.cmp(&a.count).then_with(|| a.value.cmp(&b.value)));
        values.truncate(self.limit);
        Ok(values)
    }
}

impl SegmentCollector for TagSegmentCollector {
    type Fruit = Vec<u64>;

    fn collect(&mut self, doc: DocId, _score: Score) {
        if let Some(matches) = &mut self.matches {
            matches.insert(doc);
        }
    }

    fn harvest(self) -> Vec<u64> {
        let Some(matches) = self.matches else {
            return vec![0; self.tags.len()];
        };
        let buckets = matches.max_value().div_ceil(64);
        self.tags
            .iter()
            .map(|(_, resolved)| match resolved.segment(self.segment) {
                // Both bitsets were made with the segment's max_doc.
                Some(bits) if bits.max_value() == matches.max_value() => (0..buckets)
                    .map(|bucket| {
                        u64::from(
                            matches
                                .tinyset(bucket)
                                .intersect(bits.tinyset(bucket))
                                .len(),
                        )
                    })
                    .sum(),
                _ => 0,
            })
            .collect()
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn table() -> IdTable {
        let first = SegmentId::generate_random();
        let second = SegmentId::generate_random();
        let mut entries: Vec<(DocKey, u32, DocId)> = (0..200u128)
            .map(|n| (n * 10, (n % 2) as u32, (n / 2) as DocId))
            .collect();
        // An id in both segments, as between two commits.
        entries.push((50, 1, 150));
        entries.sort_unstable();
        IdTable {
            entries,
            segments: vec![(first, 100), (second, 151)],
        }
    }

    fn members(resolved: &Resolved, segment: SegmentId) -> Vec<DocId> {
        let Some(bits) = resolved.segment(segment) else {
            return Vec::new();
        };
        (0..bits.max_value())
            .filter(|doc| bits.contains(*doc))
            .collect()
    }

    #[test]
    fn merged_and_searched_sets_find_the_same_documents() {
        let table = table();
        let (first, second) = (table.segments[0].0, table.segments[1].0);
        // 3 keys: searched one by one; 150 keys: merged.
        let few = table.resolve(&[0, 50, 55]);
        assert_eq!(members(&few, first), [0]);
        assert_eq!(members(&few, second), [2, 150]);
        let many: Vec<DocKey> = (0..150u128).map(|n| n * 10 + 10).collect();
        let merged = table.resolve(&many);
        assert_eq!(members(&merged, first).len(), 75);
        assert_eq!(members(&merged, second).len(), 76);
        assert_eq!(members(&merged, first)[..3], [1, 2, 3]);
        let none = table.resolve(&[1, 2, 3]);
        assert!(none.segments.is_empty());
    }
}
