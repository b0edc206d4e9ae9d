//! Exact facet counts over every match, from string fast fields.
//!
//! Each segment counts term ordinals in a dense array (cheap: one increment
//! per value, [`count`]). A search that matches most of a segment (a stop
//! word, browse-all) counts the documents it did not match and subtracts
//! them from the segment's counts over every document, made once per
//! snapshot ([`snapshot`]): it costs what the smaller side costs. Segments
//! are then summed by global ordinal ([`ordinals`]): no string is made but
//! of the values returned. Nothing is sampled, so counts are exact.

mod count;
mod ordinals;
mod snapshot;

pub(crate) use snapshot::{FacetCache, FacetSnapshot};

use count::{Counter, Matches};

use std::sync::Arc;

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

/// Counts the values of several string fast fields, and keeps the most
/// frequent values of each.
pub struct FacetCollector {
    /// Field names, and how many values to keep.
    fields: Vec<(String, usize)>,
    /// What searches of the snapshot share.
    snapshot: Arc<FacetSnapshot>,
}

impl FacetCollector {
    /// Counts the values of `fields`, keeping the given number of the most
    /// frequent values of each (most frequent first, ties by value);
    /// `snapshot` was made for these fields, in this order, and the
    /// snapshot searched.
    pub(crate) fn new(fields: &[(&str, usize)], snapshot: Arc<FacetSnapshot>) -> FacetCollector {
        FacetCollector {
            fields: fields
                .iter()
                .map(|&(field, limit)| (field.to_string(), limit))
                .collect(),
            snapshot,
        }
    }
}

/// Per-segment part of [`FacetCollector`]: the matches, counted at the end.
pub struct SegmentFacetCollector {
    segment: SegmentOrdinal,
    reader: SegmentReader,
    counter: Counter,
    matches: Matches,
    snapshot: Arc<FacetSnapshot>,
}

impl SegmentFacetCollector {
    /// The counts of the matches: counted one by one, or, when they are
    /// most of the segment, the segment's counts less the documents not
    /// matched.
    fn counts(self) -> (Vec<Option<StrColumn>>, Vec<Vec<u32>>) {
        let mut counter = self.counter;
        let everything = self.snapshot.everything.get(self.segment as usize);
        match everything {
            Some(everything)
                if u64::from(self.matches.len()) * 2 > u64::from(self.reader.num_docs()) =>
            {
                for doc in self.matches.missing(&self.reader) {
                    counter.add(doc);
                }
                let (columns, missing) = counter.finish();
                let counts = everything
                    .iter()
                    .zip(missing)
                    .map(|(all, missing)| {
                        all.iter()
                            .zip(missing)
                            .map(|(all, missing)| all.saturating_sub(missing))
                            .collect()
                    })
                    .collect();
                (columns, counts)
            }
            _ => {
                for doc in self.matches.iter() {
                    counter.add(doc);
                }
                counter.finish()
            }
        }
    }
}

impl Collector for FacetCollector {
    type Fruit = Vec<Vec<FacetValue>>;
    type Child = SegmentFacetCollector;

    fn for_segment(
        &self,
        segment: SegmentOrdinal,
        reader: &SegmentReader,
    ) -> tantivy::Result<SegmentFacetCollector> {
        if !self.snapshot.is_of(segment as usize, reader) {
            return Err(tantivy::TantivyError::InternalError(
                "facet state of another index snapshot".into(),
            ));
        }
        Ok(SegmentFacetCollector {
            segment,
            reader: reader.clone(),
            counter: Counter::new(reader, self.fields.iter().map(|(field, _)| field.as_str()))?,
            matches: Matches::new(reader.max_doc()),
            snapshot: Arc::clone(&self.snapshot),
        })
    }

    fn requires_scoring(&self) -> bool {
        false
    }

    fn merge_fruits(&self, fruits: Vec<SegmentCounts>) -> tantivy::Result<Vec<Vec<FacetValue>>> {
        let mut by_segment: Vec<Option<Vec<Option<FieldCounts>>>> = Vec::new();
        for (segment, counts) in fruits {
            let segment = segment as usize;
            if by_segment.len() <= segment {
                by_segment.resize_with(segment + 1, || None);
            }
            by_segment[segment] = Some(counts);
        }
        let mut facets = Vec::with_capacity(self.fields.len());
        for (index, (_, limit)) in self.fields.iter().enumerate() {
            let limit = *limit;
            let parts: Vec<Option<&FieldCounts>> = by_segment
                .iter()
                .map(|counts| counts.as_ref().and_then(|counts| counts[index].as_ref()))
                .collect();
            facets.push(match &self.snapshot.ordinals.fields[index] {
                Some(ordinals) if limit > 0 => top_values(&parts, ordinals, limit)?,
                _ => Vec::new(),
            });
        }
        Ok(facets)
    }
}

/// One field's counts in one segment, by term ordinal.
pub struct FieldCounts {
    column: StrColumn,
    counts: Vec<u32>,
    /// Ordinals with a count, in no order.
    counted: Vec<u32>,
}

/// Per-segment fruit: the segment, and one entry per field that has a
/// column in it.
pub type SegmentCounts = (SegmentOrdinal, Vec<Option<FieldCounts>>);

/// The `limit` values with the highest total counts over `parts` (by
/// segment), most frequent first, ties by value.
fn top_values(
    parts: &[Option<&FieldCounts>],
    ordinals: &ordinals::FieldOrdinals,
    limit: usize,
) -> tantivy::Result<Vec<FacetValue>> {
    let mut totals = vec![0u32; ordinals.source.len()];
    let mut touched: Vec<u32> = Vec::new();
    for (segment, part) in parts.iter().enumerate() {
        let Some(part) = part else { continue };
        let to_global = &ordinals.to_global[segment];
        for &ord in &part.counted {
            let global = to_global[ord as usize];
            if totals[global as usize] == 0 {
                touched.push(global);
            }
            totals[global as usize] += part.counts[ord as usize];
        }
    }
    // Global ordinals are in value order: ties go to the smaller value.
    let rank = |&a: &u32, &b: &u32| totals[b as usize].cmp(&totals[a as usize]).then(a.cmp(&b));
    if touched.len() > limit {
        touched.select_nth_unstable_by(limit, rank);
        touched.truncate(limit);
    }
    touched.sort_unstable_by(rank);
    // Each value is read from the segment that numbered it, a segment's
    // values in one walk of its dictionary (one lookup each would read a
    // block per value: the month facet returns hundreds).
    let mut texts: Vec<Option<String>> = vec![None; touched.len()];
    let mut by_segment: Vec<Vec<(u64, usize)>> = vec![Vec::new(); parts.len()];
    for (rank, &global) in touched.iter().enumerate() {
        let (segment, ord) = ordinals.source[global as usize];
        by_segment[segment as usize].push((u64::from(ord), rank));
    }
    for (segment, mut wanted) in by_segment.into_iter().enumerate() {
        let Some(part) = parts[segment].filter(|_| !wanted.is_empty()) else {
            continue;
        };
        wanted.sort_unstable();
        let ords: Vec<u64> = wanted.iter().map(|&(ord, _)| ord).collect();
        let mut ranks = wanted.iter().map(|&(_, rank)| rank);
        part.column
            .dictionary()
            .sorted_ords_to_term_cb(&ords, |bytes| {
                if let Some(rank) = ranks.next() {
                    texts[rank] = Some(String::from_utf8_lossy(bytes).into_owned());
                }
            })?;
    }
    let values = touched
        .iter()
        .zip(texts)
        .filter_map(|(&global, text)| {
            Some(FacetValue {
                value: text?,
                count: u64::from(totals[global as usize]),
            })
        })
        .collect();
    Ok(values)
}

impl SegmentCollector for SegmentFacetCollector {
    type Fruit = SegmentCounts;

    fn collect(&mut self, doc: DocId, _score: Score) {
        self.matches.insert(doc);
    }

    fn collect_block(&mut self, docs: &[DocId]) {
        for &doc in docs {
            self.matches.insert(doc);
        }
    }

    fn harvest(self) -> SegmentCounts {
        let segment = self.segment;
        let (columns, counts) = self.counts();
        let counts = columns
            .into_iter()
            .zip(counts)
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
            .collect();
        (segment, counts)
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
        let snapshot = FacetCache::default().get(&searcher, &["v"]).unwrap();
        let mut fruit = searcher
            .search(&AllQuery, &FacetCollector::new(&[("v", limit)], snapshot))
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
        // Few values and many, over several segments.
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
        // Zipf-like counts, shifted per segment, thousands of distinct
        // values.
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

    /// Counts over part of each segment, most of it and a little of it,
    /// after deletions: the documents not matched are subtracted from the
    /// segment's counts over every live document, or the matches counted.
    #[test]
    fn dense_and_sparse_matches_count_alike() {
        let mut schema = Schema::builder();
        let value = schema.add_text_field("v", STRING | FAST);
        let group = schema.add_text_field("g", STRING);
        let id = schema.add_u64_field("id", tantivy::schema::INDEXED);
        let index = Index::create_in_ram(schema.build());
        let mut writer: IndexWriter<TantivyDocument> =
            index.writer_with_num_threads(1, 15_000_000).unwrap();
        writer.set_merge_policy(Box::new(tantivy::indexer::NoMergePolicy));
        let mut expected: HashMap<(&str, String), u64> = HashMap::new();
        for n in 0..3_000u64 {
            // Groups: "most" holds 80 % of the documents, "few" 20 %.
            let in_group = if n % 5 == 0 { "few" } else { "most" };
            let values = [format!("a{}", n % 7), format!("b{}", n % 3)];
            let mut doc = TantivyDocument::new();
            doc.add_text(group, in_group);
            doc.add_u64(id, n);
            for v in &values {
                doc.add_text(value, v);
            }
            writer.add_document(doc).unwrap();
            // Every tenth document is deleted below.
            if n % 10 != 3 {
                for v in values {
                    *expected.entry((in_group, v)).or_default() += 1;
                }
            }
            if n == 1_500 {
                writer.commit().unwrap();
            }
        }
        writer.commit().unwrap();
        for n in (3..3_000u64).step_by(10) {
            writer.delete_term(tantivy::Term::from_field_u64(id, n));
        }
        writer.commit().unwrap();
        let searcher = index.reader().unwrap().searcher();
        assert_eq!(searcher.segment_readers().len(), 2);
        let snapshot = FacetCache::default().get(&searcher, &["v"]).unwrap();
        for name in ["most", "few"] {
            let query = tantivy::query::TermQuery::new(
                tantivy::Term::from_field_text(group, name),
                tantivy::schema::IndexRecordOption::Basic,
            );
            let collector = FacetCollector::new(&[("v", 20)], Arc::clone(&snapshot));
            let found: Vec<(String, u64)> = searcher.search(&query, &collector).unwrap()[0]
                .iter()
                .map(|value| (value.value.clone(), value.count))
                .collect();
            let mut want: Vec<(String, u64)> = expected
                .iter()
                .filter(|((in_group, _), _)| *in_group == name)
                .map(|((_, v), &count)| (v.clone(), count))
                .collect();
            want.sort_by(|a, b| b.1.cmp(&a.1).then_with(|| a.0.cmp(&b.0)));
            assert_eq!(found, want, "{name}");
        }
    }
}
