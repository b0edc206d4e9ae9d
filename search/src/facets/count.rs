//! Counting the values of documents in string fast fields, a block of
//! documents at a time (row ids for the whole block, then values for the
//! whole block): per-document lookups in the optional-value index were most
//! of a broad search's time.

use tantivy::columnar::{Cardinality, StrColumn};
use tantivy::{DocId, SegmentReader};

/// Documents buffered before their ordinals are read.
const BLOCK: usize = 1024;

/// Counts, per field of one segment, how many documents carry each value
/// (by the segment's term ordinal): a document counts once per value, even
/// if an address is both in To and Cc.
pub(crate) struct Counter {
    pub(crate) columns: Vec<Option<StrColumn>>,
    pub(crate) counts: Vec<Vec<u32>>,
    docs: Vec<DocId>,
    row_docs: Vec<DocId>,
    rows: Vec<u32>,
    ords: Vec<u64>,
}

impl Counter {
    /// A counter of `fields` in `reader`'s segment, every count at 0.
    pub(crate) fn new<'f>(
        reader: &SegmentReader,
        fields: impl Iterator<Item = &'f str>,
    ) -> tantivy::Result<Counter> {
        let mut columns = Vec::new();
        let mut counts = Vec::new();
        for field in fields {
            let column = reader.fast_fields().str(field)?;
            counts.push(vec![
                0u32;
                column
                    .as_ref()
                    .map_or(0, |column| column.dictionary().num_terms())
            ]);
            columns.push(column);
        }
        Ok(Counter {
            columns,
            counts,
            docs: Vec::with_capacity(BLOCK),
            row_docs: Vec::with_capacity(BLOCK),
            rows: Vec::with_capacity(BLOCK),
            ords: Vec::with_capacity(BLOCK),
        })
    }

    /// Counts `doc`, which comes after every document counted before.
    pub(crate) fn add(&mut self, doc: DocId) {
        self.docs.push(doc);
        if self.docs.len() >= BLOCK {
            self.flush();
        }
    }

    /// The counts, by field (empty for a field the segment lacks).
    pub(crate) fn finish(mut self) -> (Vec<Option<StrColumn>>, Vec<Vec<u32>>) {
        self.flush();
        (self.columns, self.counts)
    }

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
            if ords.get_cardinality() == Cardinality::Multivalued {
                count_once_per_document(&self.row_docs, &mut self.ords, counts);
            } else {
                for &ord in &self.ords {
                    counts[ord as usize] += 1;
                }
            }
        }
        self.docs.clear();
    }
}

/// Counts `ords`, each value once per document: rows of one document are
/// consecutive in `row_docs`.
fn count_once_per_document(row_docs: &[DocId], ords: &mut [u64], counts: &mut [u32]) {
    let mut start = 0;
    while start < ords.len() {
        let doc = row_docs[start];
        let mut end = start + 1;
        while end < ords.len() && row_docs[end] == doc {
            end += 1;
        }
        let values = &mut ords[start..end];
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

/// The documents of a segment that a search matched, one bit each.
pub(crate) struct Matches {
    words: Vec<u64>,
    len: u32,
}

impl Matches {
    pub(crate) fn new(max_doc: DocId) -> Matches {
        Matches {
            words: vec![0; (max_doc as usize).div_ceil(64)],
            len: 0,
        }
    }

    pub(crate) fn insert(&mut self, doc: DocId) {
        let word = &mut self.words[doc as usize / 64];
        let bit = 1u64 << (doc % 64);
        if *word & bit == 0 {
            *word |= bit;
            self.len += 1;
        }
    }

    pub(crate) fn len(&self) -> u32 {
        self.len
    }

    /// The documents matched, in order.
    pub(crate) fn iter(&self) -> impl Iterator<Item = DocId> + '_ {
        set_bits(&self.words)
    }

    /// The live documents of `reader` not matched, in order.
    pub(crate) fn missing<'a>(
        &'a self,
        reader: &'a SegmentReader,
    ) -> impl Iterator<Item = DocId> + 'a {
        let alive = reader.alive_bitset();
        let max_doc = reader.max_doc();
        self.words
            .iter()
            .enumerate()
            .flat_map(move |(index, &word)| {
                let base = index as u32 * 64;
                let mut missing = !word;
                if base + 64 > max_doc {
                    missing &= (1u64 << (max_doc - base)) - 1;
                }
                BitIter(missing)
                    .map(move |bit| base + bit)
                    .filter(move |&doc| alive.is_none_or(|alive| alive.is_alive(doc)))
            })
    }
}

fn set_bits(words: &[u64]) -> impl Iterator<Item = DocId> + '_ {
    words
        .iter()
        .enumerate()
        .flat_map(|(index, &word)| BitIter(word).map(move |bit| index as u32 * 64 + bit))
}

/// The set bits of a word, lowest first.
struct BitIter(u64);

impl Iterator for BitIter {
    type Item = u32;

    fn next(&mut self) -> Option<u32> {
        if self.0 == 0 {
            return None;
        }
        let bit = self.0.trailing_zeros();
        self.0 &= self.0 - 1;
        Some(bit)
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn bits_come_out_in_order() {
        let mut matches = Matches::new(130);
        for doc in [129, 0, 64, 63, 64] {
            matches.insert(doc);
        }
        assert_eq!(matches.len(), 4);
        assert_eq!(matches.iter().collect::<Vec<_>>(), [0, 63, 64, 129]);
    }
}
