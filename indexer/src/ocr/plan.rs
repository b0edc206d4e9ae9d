//! What waits for OCR in an archive: every document whose extraction is
//! `ocr-pending`, grouped by the hash of the bytes to read, so that copies
//! of one image are read once.

use std::collections::BTreeMap;

use fouille_schema::{ExtractionOutcome, Fields, Result};
use tantivy::collector::{Count, DocSetCollector};
use tantivy::query::{BooleanQuery, Occur, Query, TermQuery};
use tantivy::schema::{IndexRecordOption, Value};
use tantivy::{DocAddress, Searcher, TantivyDocument, Term};

use crate::document::stored_summary;

/// The documents that share one image or PDF.
#[derive(Debug, Clone)]
pub struct Group {
    /// The hash of the bytes.
    pub hash: String,
    /// Pages to read (from 1): what any of the documents waits for.
    pub pages: Vec<u32>,
    /// The documents.
    pub documents: Vec<DocAddress>,
    /// A document that keeps the bytes itself (a loose file), if any.
    pub keeps_bytes: Option<DocAddress>,
    /// A PDF's scanned pages, rather than an image.
    pub pdf: bool,
}

/// Everything waiting for OCR.
#[derive(Debug, Clone, Default)]
pub struct Pending {
    /// One group per distinct image or PDF, in index order.
    pub groups: Vec<Group>,
    /// Documents waiting.
    pub documents: u64,
    /// Pages to read, over all groups.
    pub pages: u64,
    /// Distinct images among the groups.
    pub images: u64,
    /// Scanned pages of PDFs among the pages.
    pub pdf_pages: u64,
}

/// How many documents wait for OCR, and how many of them are PDFs, from
/// the index alone: [`pending`] reads every waiting document's stored
/// summary, and an attachment's is stored beside its email, photographs
/// included (6,824 photographs of a 9 GB leak took 11 s and 3 GB of
/// memory to read).
pub fn waiting_documents(searcher: &Searcher, fields: &Fields) -> Result<(u64, u64)> {
    let term = |field, value: &str| -> Box<dyn Query> {
        Box::new(TermQuery::new(
            Term::from_field_text(field, value),
            IndexRecordOption::Basic,
        ))
    };
    let waiting = || term(fields.extraction, ExtractionOutcome::OcrPending.as_str());
    let documents = searcher.search(&*waiting(), &Count)?;
    let pdfs = searcher.search(
        &BooleanQuery::new(vec![
            (Occur::Must, waiting()),
            (Occur::Must, term(fields.filetype, "pdf")),
        ]),
        &Count,
    )?;
    Ok((documents as u64, pdfs as u64))
}

/// The documents of the archive behind `searcher` that wait for OCR.
pub fn pending(searcher: &Searcher, fields: &Fields) -> Result<Pending> {
    let query = TermQuery::new(
        Term::from_field_text(fields.extraction, ExtractionOutcome::OcrPending.as_str()),
        IndexRecordOption::Basic,
    );
    let mut addresses: Vec<DocAddress> = searcher
        .search(&query, &DocSetCollector)?
        .into_iter()
        .collect();
    addresses.sort_unstable();
    let mut groups: BTreeMap<String, Group> = BTreeMap::new();
    let mut order: Vec<String> = Vec::new();
    let mut pending = Pending::default();
    for address in addresses {
        let stored: TantivyDocument = searcher.doc(address)?;
        let Some(file) = stored_summary(fields, &stored).and_then(|summary| summary.file) else {
            continue;
        };
        let Some(ocr) = file.ocr else { continue };
        pending.documents += 1;
        let keeps_bytes = stored
            .get_first(fields.raw)
            .and_then(|value| value.as_bytes())
            .is_some_and(|raw| !raw.is_empty());
        let group = groups.entry(ocr.hash.clone()).or_insert_with(|| {
            order.push(ocr.hash.clone());
            Group {
                hash: ocr.hash.clone(),
                pages: Vec::new(),
                documents: Vec::new(),
                keeps_bytes: None,
                pdf: file.filetype == "pdf",
            }
        });
        for page in ocr.pending {
            if !group.pages.contains(&page) {
                group.pages.push(page);
            }
        }
        group.documents.push(address);
        if keeps_bytes && group.keeps_bytes.is_none() {
            group.keeps_bytes = Some(address);
        }
    }
    for hash in order {
        let mut group = groups.remove(&hash).expect("grouped above");
        group.pages.sort_unstable();
        pending.pages += group.pages.len() as u64;
        if group.pdf {
            pending.pdf_pages += group.pages.len() as u64;
        } else {
            pending.images += 1;
        }
        pending.groups.push(group);
    }
    Ok(pending)
}
