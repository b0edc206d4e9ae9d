//! Global ordinals of facet values: one number per distinct value over all
//! the segments of an index snapshot, in value order.
//!
//! Each segment numbers its own values (its dictionary's term ordinals).
//! Summing a facet over segments used to mean making strings of the counted
//! values of every segment and sorting them, every search: on a broad
//! search that was half its time. The map from each segment's ordinals to
//! global ones is made once per snapshot ([`super::snapshot`]), so a search
//! adds counts by number and makes strings of the values it returns only.

use std::cmp::Reverse;
use std::collections::BinaryHeap;
use tantivy::Searcher;

/// The global ordinals of one field.
pub(crate) struct FieldOrdinals {
    /// By segment (in the searcher's order): segment ordinal to global.
    pub(crate) to_global: Vec<Vec<u32>>,
    /// By global ordinal: a segment holding the value, and its ordinal
    /// there.
    pub(crate) source: Vec<(u32, u32)>,
}

/// The global ordinals of several fields, for one index snapshot.
pub(crate) struct GlobalOrdinals {
    pub(crate) fields: Vec<Option<FieldOrdinals>>,
}

/// One segment's values of a field, in order, in one buffer.
struct Values {
    bytes: Vec<u8>,
    ends: Vec<usize>,
}

impl Values {
    fn get(&self, ord: usize) -> &[u8] {
        let start = if ord == 0 { 0 } else { self.ends[ord - 1] };
        &self.bytes[start..self.ends[ord]]
    }
}

/// Reads every value of `field` in each segment.
fn segment_values(searcher: &Searcher, field: &str) -> tantivy::Result<Option<Vec<Values>>> {
    let mut all = Vec::with_capacity(searcher.segment_readers().len());
    let mut any = false;
    for reader in searcher.segment_readers() {
        let mut values = Values {
            bytes: Vec::new(),
            ends: Vec::new(),
        };
        if let Some(column) = reader.fast_fields().str(field)? {
            any = true;
            let mut stream = column.dictionary().stream()?;
            while stream.advance() {
                values.bytes.extend_from_slice(stream.key());
                values.ends.push(values.bytes.len());
            }
        }
        all.push(values);
    }
    Ok(any.then_some(all))
}

/// Merges the sorted values of every segment into one numbering.
fn merge(segments: &[Values]) -> FieldOrdinals {
    let mut to_global: Vec<Vec<u32>> = segments
        .iter()
        .map(|values| vec![0; values.ends.len()])
        .collect();
    let mut source = Vec::new();
    let mut heap = BinaryHeap::new();
    for (segment, values) in segments.iter().enumerate() {
        if !values.ends.is_empty() {
            heap.push(Reverse((values.get(0), segment, 0usize)));
        }
    }
    let mut last: Option<&[u8]> = None;
    while let Some(Reverse((value, segment, ord))) = heap.pop() {
        if last != Some(value) {
            source.push((segment as u32, ord as u32));
            last = Some(value);
        }
        to_global[segment][ord] = (source.len() - 1) as u32;
        if ord + 1 < segments[segment].ends.len() {
            heap.push(Reverse((segments[segment].get(ord + 1), segment, ord + 1)));
        }
    }
    FieldOrdinals { to_global, source }
}

impl GlobalOrdinals {
    /// The global ordinals of `fields` in `searcher`'s snapshot.
    pub(crate) fn build(searcher: &Searcher, fields: &[&str]) -> tantivy::Result<GlobalOrdinals> {
        let mut built = Vec::with_capacity(fields.len());
        for field in fields {
            built.push(segment_values(searcher, field)?.map(|values| merge(&values)));
        }
        Ok(GlobalOrdinals { fields: built })
    }
}
