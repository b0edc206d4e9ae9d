//! Exact facet counts over every match, from string fast fields.
//!
//! Each segment counts term ordinals in a dense array (cheap: one increment
//! per value), then ordinals become strings and segments are merged by
//! string. Nothing is sampled or cut per segment, so counts are exact.
//!
//! Matches are buffered and their ordinals read a block at a time (row ids
//! for the whole block, then values for the whole block): per-document
//! lookups in the optional-value index were most of a broad search's time.

use serde::{Deserialize, Serialize};
use tantivy::collector::{Collector, SegmentCollector};
use tantivy::columnar::{Cardinality, StrColumn};
use tantivy::{DocId, Score, SegmentOrdinal, SegmentReader};

/// One facet value and how many matches carry it.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
#[cfg_attr(feature = "openapi", derive(utoipa::ToSchema))]
pub struct FacetValue {
    /// The value.
    pub value: String,
    /// Matching messages with this value.
    pub count: u64,
}

/// Counts the values of several string fast fields.
pub struct FacetCollector {
    fields: Vec<String>,
}

impl FacetCollector {
    /// Counts the values of `fields`.
    pub fn new(fields: &[&str]) -> FacetCollector {
        FacetCollector {
            fields: fields.iter().map(|field| field.to_string()).collect(),
        }
    }
}

/// Counts per field: `(value, count)` sorted by value, each value once.
pub type FacetCounts = Vec<Vec<(String, u64)>>;

/// Matches buffered before their ordinals are read.
const BLOCK: usize = 1024;

/// Per-segment part of [`FacetCollector`].
pub struct SegmentFacetCollector {
    columns: Vec<Option<StrColumn>>,
    counts: Vec<Vec<u32>>,
    docs: Vec<DocId>,
    row_docs: Vec<DocId>,
    rows: Vec<u32>,
    ords: Vec<u64>,
}

impl SegmentFacetCollector {
    /// Counts the ordinals of the buffered documents.
    fn flush(&mut self) {
        if self.docs.is_empty() {
            return;
        }
        for (column, counts) in self.columns.iter().zip(self.counts.iter_mut()) {
            let Some(column) = column else { continue };
            let ords = column.ords();
            self.row_docs.clear();
            self.rows.clear();
            ords.row_ids_for_docs(&self.docs, &mut self.row_docs, &mut self.rows);
            self.ords.clear();
            self.ords.resize(self.rows.len(), 0);
            ords.values.get_vals(&self.rows, &mut self.ords);
            if ords.get_cardinality() != Cardinality::Multivalued {
                for &ord in &self.ords {
                    counts[ord as usize] += 1;
                }
                continue;
            }
            // A message counts once per value, even if an address is both
            // in To and Cc: rows of one document are consecutive.
            let mut start = 0;
            while start < self.ords.len() {
                let doc = self.row_docs[start];
                let mut end = start + 1;
                while end < self.ords.len() && self.row_docs[end] == doc {
                    end += 1;
                }
                let values = &mut self.ords[start..end];
                if values.len() > 1 {
                    values.sort_unstable();
                }
                let mut previous = None;
                for &ord in values.iter() {
                    if previous != Some(ord) {
                        counts[ord as usize] += 1;
                        previous = Some(ord);
                    }
                }
                start = end;
            }
        }
        self.docs.clear();
    }
}

impl Collector for FacetCollector {
    type Fruit = FacetCounts;
    type Child = SegmentFacetCollector;

    fn for_segment(
        &self,
        _segment: SegmentOrdinal,
        reader: &SegmentReader,
    ) -> tantivy::Result<SegmentFacetCollector> {
        let mut columns = Vec::with_capacity(self.fields.len());
        let mut counts = Vec::with_capacity(self.fields.len());
        for field in &self.fields {
            let column = reader.fast_fields().str(field)?;
            counts.push(vec![
                0u32;
                column
                    .as_ref()
                    .map_or(0, |column| column.dictionary().num_terms())
            ]);
            columns.push(column);
        }
        Ok(SegmentFacetCollector {
            columns,
            counts,
            docs: Vec::with_capacity(BLOCK),
            row_docs: Vec::with_capacity(BLOCK),
            rows: Vec::with_capacity(BLOCK),
            ords: Vec::with_capacity(BLOCK),
        })
    }

    fn requires_scoring(&self) -> bool {
        false
    }

    fn merge_fruits(&self, fruits: Vec<FacetCounts>) -> tantivy::Result<FacetCounts> {
        let mut merged: FacetCounts = vec![Vec::new(); self.fields.len()];
        for fruit in fruits {
            for (into, from) in merged.iter_mut().zip(fruit) {
                into.extend(from);
            }
        }
        // Segments list values in term order: sorting the concatenation
        // brings each value's counts together.
        for values in &mut merged {
            values.sort_by(|a, b| a.0.cmp(&b.0));
            values.dedup_by(|next, kept| {
                let same = next.0 == kept.0;
                if same {
                    kept.1 += next.1;
                }
                same
            });
        }
        Ok(merged)
    }
}

impl SegmentCollector for SegmentFacetCollector {
    type Fruit = FacetCounts;

    fn collect(&mut self, doc: DocId, _score: Score) {
        self.docs.push(doc);
        if self.docs.len() >= BLOCK {
            self.flush();
        }
    }

    fn collect_block(&mut self, docs: &[DocId]) {
        for chunk in docs.chunks(BLOCK) {
            self.docs.extend_from_slice(chunk);
            if self.docs.len() >= BLOCK {
                self.flush();
            }
        }
    }

    fn harvest(mut self) -> FacetCounts {
        self.flush();
        let mut fruit = Vec::with_capacity(self.columns.len());
        for (column, counts) in self.columns.iter().zip(self.counts) {
            let mut values = Vec::new();
            if let Some(column) = column {
                let ords: Vec<u64> = (0..counts.len() as u64)
                    .filter(|&ord| counts[ord as usize] > 0)
                    .collect();
                // One sequential walk of the dictionary: looking ordinals up
                // one by one would decompress a block per value.
                let mut matched = ords.iter();
                let _ = column.dictionary().sorted_ords_to_term_cb(&ords, |bytes| {
                    if let Some(&ord) = matched.next() {
                        let value = String::from_utf8_lossy(bytes).into_owned();
                        values.push((value, u64::from(counts[ord as usize])));
                    }
                });
            }
            fruit.push(values);
        }
        fruit
    }
}

/// The `limit` most frequent values, most frequent first, ties by value.
pub fn top_values(counts: Vec<(String, u64)>, limit: usize) -> Vec<FacetValue> {
    let mut values: Vec<FacetValue> = counts
        .into_iter()
        .map(|(value, count)| FacetValue { value, count })
        .collect();
    values.sort_by(|a, b| b.count.cmp(&a.count).then_with(|| a.value.cmp(&b.value)));
    values.truncate(limit);
    values
}
