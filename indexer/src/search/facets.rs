//! Exact facet counts over every match, from string fast fields.
//!
//! Each segment counts term ordinals in a dense array (cheap: one increment
//! per value), then ordinals become strings and segments are merged by
//! string. Nothing is sampled or cut per segment, so counts are exact.

use std::collections::HashMap;

use serde::{Deserialize, Serialize};
use tantivy::collector::{Collector, SegmentCollector};
use tantivy::columnar::StrColumn;
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

/// Counts per field, by value.
pub type FacetCounts = Vec<HashMap<String, u64>>;

/// Per-segment part of [`FacetCollector`].
pub struct SegmentFacetCollector {
    columns: Vec<Option<StrColumn>>,
    counts: Vec<Vec<u32>>,
    scratch: Vec<u64>,
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
            scratch: Vec::new(),
        })
    }

    fn requires_scoring(&self) -> bool {
        false
    }

    fn merge_fruits(&self, fruits: Vec<FacetCounts>) -> tantivy::Result<FacetCounts> {
        let mut merged: FacetCounts = vec![HashMap::new(); self.fields.len()];
        for fruit in fruits {
            for (into, from) in merged.iter_mut().zip(fruit) {
                for (value, count) in from {
                    *into.entry(value).or_default() += count;
                }
            }
        }
        Ok(merged)
    }
}

impl SegmentCollector for SegmentFacetCollector {
    type Fruit = FacetCounts;

    fn collect(&mut self, doc: DocId, _score: Score) {
        for (column, counts) in self.columns.iter().zip(self.counts.iter_mut()) {
            let Some(column) = column else { continue };
            self.scratch.clear();
            self.scratch.extend(column.term_ords(doc));
            if self.scratch.len() > 1 {
                // A message counts once per value, even if an address is
                // both in To and Cc.
                self.scratch.sort_unstable();
                self.scratch.dedup();
            }
            for &ord in &self.scratch {
                counts[ord as usize] += 1;
            }
        }
    }

    fn harvest(self) -> FacetCounts {
        let mut fruit = Vec::with_capacity(self.columns.len());
        for (column, counts) in self.columns.iter().zip(self.counts) {
            let mut values = HashMap::new();
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
                        values.insert(value, u64::from(counts[ord as usize]));
                    }
                });
            }
            fruit.push(values);
        }
        fruit
    }
}

/// The `limit` most frequent values, most frequent first, ties by value.
pub fn top_values(counts: HashMap<String, u64>, limit: usize) -> Vec<FacetValue> {
    let mut values: Vec<FacetValue> = counts
        .into_iter()
        .map(|(value, count)| FacetValue { value, count })
        .collect();
    values.sort_by(|a, b| b.count.cmp(&a.count).then_with(|| a.value.cmp(&b.value)));
    values.truncate(limit);
    values
}
