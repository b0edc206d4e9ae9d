//! Small shared ways of reading an index: a document by id, and every live
//! document of every segment with its fast-field values.

use tantivy::collector::TopDocs;
use tantivy::columnar::StrColumn;
use tantivy::query::TermQuery;
use tantivy::schema::IndexRecordOption;
use tantivy::{DocAddress, DocId, Searcher, SegmentReader, Term};

use crate::Fields;
use crate::error::Result;

/// The address of the document with this id.
pub fn find_document(searcher: &Searcher, fields: &Fields, id: &str) -> Result<Option<DocAddress>> {
    let query = TermQuery::new(
        Term::from_field_text(fields.id, id),
        IndexRecordOption::Basic,
    );
    let hits = searcher.search(&query, &TopDocs::with_limit(1).order_by_score())?;
    Ok(hits.first().map(|(_, address)| *address))
}

/// Calls `visit` for every live (not deleted) document of every segment.
pub fn for_each_live_document(
    searcher: &Searcher,
    mut visit: impl FnMut(&SegmentReader, DocId) -> Result<()>,
) -> Result<()> {
    for segment in searcher.segment_readers() {
        let alive = segment.alive_bitset();
        for doc in 0..segment.max_doc() {
            if alive.is_some_and(|bitset| !bitset.is_alive(doc)) {
                continue;
            }
            visit(segment, doc)?;
        }
    }
    Ok(())
}

/// Every value of a string fast field for one document.
pub fn str_values(column: Option<&StrColumn>, doc: DocId) -> Vec<String> {
    let Some(column) = column else {
        return Vec::new();
    };
    let mut text = String::new();
    let mut values = Vec::new();
    for ord in column.term_ords(doc) {
        if column.ord_to_str(ord, &mut text).unwrap_or(false) {
            values.push(text.clone());
        }
    }
    values
}

/// The first value of a string fast field for one document.
pub fn first_str(column: Option<&StrColumn>, doc: DocId) -> Option<String> {
    let column = column?;
    let ord = column.term_ords(doc).next()?;
    let mut text = String::new();
    column.ord_to_str(ord, &mut text).ok()?.then_some(text)
}
