//! Exact facet counts over every match, from string fast fields.
//!
//! Each segment counts term ordinals in a dense array (cheap: one increment
//! per value). Only the values that can reach the top are then turned into
//! strings and summed over segments (see [`top_across_segments`]): a broad
//! search matches tens of thousands of distinct senders and recipients, and
//! making strings of them all was most of its time. Nothing is sampled, so
//! counts are exact.
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

/// Counts the values of several string fast fields, and keeps the most
/// frequent values of each.
pub struct FacetCollector {
    /// Field names, and how many values to keep.
    fields: Vec<(String, usize)>,
}

impl FacetCollector {
    /// Counts the values of `fields`, keeping the given number of the most
    /// frequent values of each (most frequent first, ties by value).
    pub fn new(fields: &[(&str, usize)]) -> FacetCollector {
        FacetCollector {
            fields: fields
                .iter()
                .map(|&(field, limit)| (field.to_string(), limit))
                .collect(),
        }
    }
}

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
    type Fruit = Vec<Vec<FacetValue>>;
    type Child = SegmentFacetCollector;

    fn for_segment(
        &self,
        _segment: SegmentOrdinal,
        reader: &SegmentReader,
    ) -> tantivy::Result<SegmentFacetCollector> {
        let mut columns = Vec::with_capacity(self.fields.len());
        let mut counts = Vec::with_capacity(self.fields.len());
        for (field, _) in &self.fields {
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

    fn merge_fruits(&self, fruits: Vec<SegmentCounts>) -> tantivy::Result<Vec<Vec<FacetValue>>> {
        let mut by_field: Vec<Vec<FieldCounts>> =
            (0..self.fields.len()).map(|_| Vec::new()).collect();
        for fruit in fruits {
            for (into, counts) in by_field.iter_mut().zip(fruit) {
                into.extend(counts);
            }
        }
        by_field
            .into_iter()
            .zip(&self.fields)
            .map(|(parts, &(_, limit))| top_across_segments(&parts, limit))
            .collect::<std::io::Result<_>>()
            .map_err(tantivy::TantivyError::from)
    }
}

/// One field's counts in one segment, by term ordinal.
pub struct FieldCounts {
    column: StrColumn,
    counts: Vec<u32>,
    /// Ordinals with a count, in no order.
    counted: Vec<u32>,
}

impl FieldCounts {
    /// The `m` ordinals with the highest counts (ties: lower ordinal, that is
    /// smaller value, first), and the highest count of the others (0 if
    /// none).
    fn top(&self, m: usize) -> (Vec<u64>, u32) {
        let rank = |&a: &u32, &b: &u32| {
            self.counts[b as usize]
                .cmp(&self.counts[a as usize])
                .then(a.cmp(&b))
        };
        let mut ords = self.counted.clone();
        let bound = if ords.len() > m {
            ords.select_nth_unstable_by(m, rank);
            let bound = self.counts[ords[m] as usize];
            ords.truncate(m);
            bound
        } else {
            0
        };
        let mut ords: Vec<u64> = ords.into_iter().map(u64::from).collect();
        ords.sort_unstable();
        (ords, bound)
    }

    /// The values of sorted ordinals with their counts, in one walk of the
    /// dictionary (looking ordinals up one by one would read a block per
    /// value).
    fn values(&self, sorted_ords: &[u64]) -> std::io::Result<Vec<(Vec<u8>, u64)>> {
        let mut values = Vec::with_capacity(sorted_ords.len());
        let mut ords = sorted_ords.iter();
        self.column
            .dictionary()
            .sorted_ords_to_term_cb(sorted_ords, |bytes| {
                if let Some(&ord) = ords.next() {
                    values.push((bytes.to_vec(), u64::from(self.counts[ord as usize])));
                }
            })?;
        Ok(values)
    }

    fn count_of(&self, value: &[u8]) -> std::io::Result<u64> {
        Ok(match self.column.dictionary().term_ord(value)? {
            Some(ord) => u64::from(self.counts.get(ord as usize).copied().unwrap_or(0)),
            None => 0,
        })
    }
}

/// Per-segment fruit: one entry per field that has a column in the segment.
pub type SegmentCounts = Vec<Option<FieldCounts>>;

/// Below this many counted values in all, every value is made a string and
/// summed: cheaper than looking candidates up in other segments.
const FULL_MERGE_BELOW: usize = 4096;

/// The `limit` values with the highest total counts over `parts` (one per
/// segment), most frequent first, ties by value; exact, but without making
/// a string of every counted value when there are many.
fn top_across_segments(parts: &[FieldCounts], limit: usize) -> std::io::Result<Vec<FacetValue>> {
    if limit == 0 || parts.is_empty() {
        return Ok(Vec::new());
    }
    if let [part] = parts {
        // Ordinals are in value order, so ranking them is ranking values.
        let (ords, _) = part.top(limit);
        return Ok(ranked(part.values(&ords)?, limit));
    }
    let counted: usize = parts.iter().map(|part| part.counted.len()).sum();
    if counted >= FULL_MERGE_BELOW
        && let Some(top) = top_candidates(parts, limit)?
    {
        return Ok(top);
    }
    let mut all: Vec<(Vec<u8>, u64)> = Vec::with_capacity(counted);
    for part in parts {
        let mut ords: Vec<u64> = part.counted.iter().map(|&ord| u64::from(ord)).collect();
        ords.sort_unstable();
        all.extend(part.values(&ords)?);
    }
    all.sort_unstable_by(|a, b| a.0.cmp(&b.0));
    all.dedup_by(|next, kept| {
        let same = next.0 == kept.0;
        if same {
            kept.1 += next.1;
        }
        same
    });
    Ok(ranked(all, limit))
}

/// The top `limit` from each segment's top values, if that is provably the
/// answer: candidates are each segment's `limit` most frequent values, with
/// their counts summed over every segment; any other value totals at most
/// the sum of each segment's next count, so when the `limit`-th candidate
/// beats that bound, no other value can enter. Broad searches, where a few
/// senders or domains dominate, end here.
fn top_candidates(parts: &[FieldCounts], limit: usize) -> std::io::Result<Option<Vec<FacetValue>>> {
    let mut totals: std::collections::HashMap<Vec<u8>, u64> = Default::default();
    let mut bound = 0u64;
    for (index, part) in parts.iter().enumerate() {
        let (ords, next) = part.top(limit);
        bound += u64::from(next);
        for (value, mut total) in part.values(&ords)? {
            if totals.contains_key(&value) {
                continue;
            }
            for (other_index, other) in parts.iter().enumerate() {
                if other_index != index {
                    total += other.count_of(&value)?;
                }
            }
            totals.insert(value, total);
        }
    }
    let top = ranked(totals, limit);
    Ok((top.len() == limit && top[limit - 1].count > bound).then_some(top))
}

/// `(value, count)` pairs, each value once, as the `limit` most frequent
/// (strings are made of those only).
fn ranked(values: impl IntoIterator<Item = (Vec<u8>, u64)>, limit: usize) -> Vec<FacetValue> {
    let mut values: Vec<(Vec<u8>, u64)> = values.into_iter().collect();
    let order = |a: &(Vec<u8>, u64), b: &(Vec<u8>, u64)| b.1.cmp(&a.1).then_with(|| a.0.cmp(&b.0));
    if values.len() > limit {
        values.select_nth_unstable_by(limit, order);
        values.truncate(limit);
    }
    values.sort_unstable_by(order);
    values
        .into_iter()
        .map(|(value, count)| FacetValue {
            value: String::from_utf8_lossy(&value).into_owned(),
            count,
        })
        .collect()
}

impl SegmentCollector for SegmentFacetCollector {
    type Fruit = SegmentCounts;

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

    fn harvest(mut self) -> SegmentCounts {
        self.flush();
        self.columns
            .into_iter()
            .zip(self.counts)
            .map(|(column, counts)| {
                let column = column?;
                let counted = (0..counts.len() as u32)
                    .filter(|&ord| counts[ord as usize] > 0)
                    .collect();
                Some(FieldCounts {
                    column,
                    counts,
                    counted,
                })
            })
            .collect()
    }
}

#[cfg(test)]
mod tests {
    use std::collections::HashMap;

    use tantivy::query::AllQuery;
    use tantivy::schema::{FAST, STRING, Schema};
    use tantivy::{Index, IndexWriter, TantivyDocument};

    use super::*;

    /// An index of one segment per entry of `segments`, each document a list
    /// of values of the field `v`.
    fn index(segments: &[Vec<Vec<String>>]) -> Index {
        let mut schema = Schema::builder();
        let field = schema.add_text_field("v", STRING | FAST);
        let index = Index::create_in_ram(schema.build());
        let mut writer: IndexWriter<TantivyDocument> =
            index.writer_with_num_threads(1, 15_000_000).unwrap();
        writer.set_merge_policy(Box::new(tantivy::indexer::NoMergePolicy));
        for segment in segments {
            for values in segment {
                let mut doc = TantivyDocument::new();
                for value in values {
                    doc.add_text(field, value);
                }
                writer.add_document(doc).unwrap();
            }
            writer.commit().unwrap();
        }
        index
    }

    fn facets(index: &Index, limit: usize) -> Vec<(String, u64)> {
        let searcher = index.reader().unwrap().searcher();
        let mut fruit = searcher
            .search(&AllQuery, &FacetCollector::new(&[("v", limit)]))
            .unwrap();
        fruit
            .remove(0)
            .into_iter()
            .map(|value| (value.value, value.count))
            .collect()
    }

    /// What the facet must be: each document counted once per value.
    fn expected(segments: &[Vec<Vec<String>>], limit: usize) -> Vec<(String, u64)> {
        let mut counts: HashMap<&str, u64> = HashMap::new();
        for values in segments.iter().flatten() {
            let mut values: Vec<&str> = values.iter().map(String::as_str).collect();
            values.sort_unstable();
            values.dedup();
            for value in values {
                *counts.entry(value).or_default() += 1;
            }
        }
        let mut counts: Vec<(String, u64)> = counts
            .into_iter()
            .map(|(value, count)| (value.to_string(), count))
            .collect();
        counts.sort_by(|a, b| b.1.cmp(&a.1).then_with(|| a.0.cmp(&b.0)));
        counts.truncate(limit);
        counts
    }

    fn docs(value: &str, count: usize) -> Vec<Vec<String>> {
        vec![vec![value.to_string()]; count]
    }

    #[test]
    fn one_segment_counts_each_document_once_per_value() {
        let mut segment = docs("b", 2);
        segment.extend(docs("a", 2));
        segment.push(vec!["c".into(), "c".into(), "a".into()]);
        let segments = [segment];
        let index = index(&segments);
        assert_eq!(
            facets(&index, 10),
            vec![("a".into(), 3), ("b".into(), 2), ("c".into(), 1)]
        );
        assert_eq!(facets(&index, 1), expected(&segments, 1));
        assert_eq!(facets(&index, 0), vec![]);
    }

    /// The overall leader is outside every segment's own top values: a merge
    /// that kept only each segment's top would miss it.
    fn hidden_leader(fillers: usize) -> Vec<Vec<Vec<String>>> {
        (0..3)
            .map(|segment| {
                let mut docs_of_segment = docs("leader", 3);
                for rival in 0..10 {
                    docs_of_segment.extend(docs(&format!("rival-{segment}-{rival}"), 4));
                }
                for filler in 0..fillers {
                    docs_of_segment.push(vec![format!("filler-{segment}-{filler}")]);
                }
                docs_of_segment
            })
            .collect()
    }

    #[test]
    fn a_value_outside_each_segment_top_is_still_found() {
        // Few values (every one made a string) and many (top candidates
        // first, which cannot prove their answer here).
        for fillers in [5, 2_000] {
            let segments = hidden_leader(fillers);
            let index = index(&segments);
            let top = facets(&index, 10);
            assert_eq!(top[0], ("leader".to_string(), 9), "{fillers} fillers");
            assert_eq!(top, expected(&segments, 10), "{fillers} fillers");
        }
    }

    #[test]
    fn skewed_values_over_segments_are_exact() {
        // Zipf-like counts, shifted per segment, thousands of distinct values:
        // the top candidates prove their answer.
        let segments: Vec<Vec<Vec<String>>> = (0..4)
            .map(|segment| {
                let mut docs_of_segment = Vec::new();
                for rank in 0..2_000usize {
                    let count = (400 / (rank + 1)).max(1);
                    let value = format!("v{}", (rank + segment * 3) % 2_000);
                    docs_of_segment.extend(docs(&value, count));
                }
                docs_of_segment
            })
            .collect();
        let index = index(&segments);
        for limit in [1, 3, 10, 50] {
            assert_eq!(facets(&index, limit), expected(&segments, limit), "{limit}");
        }
    }
}
