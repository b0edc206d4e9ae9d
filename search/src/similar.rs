//! Edited copies: the documents whose text is near-identical to one
//! document's, found through the MinHash bands the indexer wrote (see
//! `fouille_schema::minhash`) and ranked by estimated similarity.
//!
//! Candidates are the documents sharing at least one band with this one,
//! most shared bands first, at most [`MAX_CANDIDATES`] of them: the lookup
//! costs 32 term queries and at most that many stored-document reads,
//! whatever the archive's size. Each candidate's signature is compared
//! slot by slot, and those at [`MIN_SIMILARITY`] or more are kept. Only
//! attachments and loose documents of 50 words or more have a signature (the
//! indexer's `similarity` module says why); an email, or a short document,
//! has no versions.

use fouille_schema::minhash::Signature;
use fouille_schema::{DocumentKind, Error, Fields, Result};
use serde::{Deserialize, Serialize};
use tantivy::collector::TopDocs;
use tantivy::query::{BooleanQuery, Occur, Query, TermQuery};
use tantivy::schema::{IndexRecordOption, Value};
use tantivy::{DocAddress, TantivyDocument, Term};

use fouille_schema::lookup::find_document;
use fouille_schema::stored::StoredSummary;

use crate::ArchiveSearcher;

/// Candidates compared at most: the documents sharing the most bands come
/// first, so a text copied into thousands of attachments still answers in
/// bounded time, with its closest copies.
pub const MAX_CANDIDATES: usize = 1_000;
/// Least estimated similarity listed. With 128 slots the estimate's error
/// is at most 0.045, so a pair listed at 0.5 shares at least about 40 % of
/// its three-word shingles: the same text, edited.
pub const MIN_SIMILARITY: f64 = 0.5;

/// A near-identical document, as `GET /api/messages/{id}/similar` lists it.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
#[cfg_attr(feature = "openapi", derive(utoipa::ToSchema))]
pub struct Similar {
    /// Document id.
    pub id: String,
    /// Estimated similarity of the two texts, from 0 to 1, two decimals.
    pub similarity: f64,
    /// `attachment`, `document` (or `email`, once emails are compared).
    pub kind: String,
    /// File name, for an attachment or a document.
    #[serde(skip_serializing_if = "Option::is_none")]
    pub name: Option<String>,
    /// Subject, for an email.
    #[serde(skip_serializing_if = "Option::is_none")]
    pub subject: Option<String>,
    /// Date (an attachment's is its email's), RFC 3339 UTC.
    pub date: Option<String>,
}

/// The stored signature of a document, if it has one.
fn signature_of(doc: &TantivyDocument, fields: &Fields) -> Option<Signature> {
    doc.get_first(fields.minhash)
        .and_then(|value| value.as_bytes())
        .and_then(Signature::from_bytes)
}

fn text_of(doc: &TantivyDocument, field: tantivy::schema::Field) -> Option<String> {
    doc.get_first(field)
        .and_then(|value| value.as_str())
        .map(str::to_string)
}

/// The entry of a candidate kept at `similarity`.
fn entry(doc: &TantivyDocument, fields: &Fields, similarity: f64) -> Similar {
    let kind = text_of(doc, fields.kind).unwrap_or_default();
    let summary: StoredSummary = text_of(doc, fields.summary)
        .and_then(|json| serde_json::from_str(&json).ok())
        .unwrap_or_default();
    let (name, subject) = match summary.file {
        Some(file) => (Some(file.name), None),
        None => (None, text_of(doc, fields.subject)),
    };
    Similar {
        id: text_of(doc, fields.id).unwrap_or_default(),
        similarity: (similarity * 100.0).round() / 100.0,
        kind,
        name,
        subject,
        date: doc
            .get_first(fields.date)
            .and_then(|value| value.as_datetime())
            .and_then(|date| jiff::Timestamp::from_second(date.into_timestamp_secs()).ok())
            .map(|timestamp| timestamp.to_string()),
    }
}

/// Any document sharing a band with `signature`.
fn band_query(signature: &Signature, fields: &Fields) -> BooleanQuery {
    let clauses: Vec<(Occur, Box<dyn Query>)> = signature
        .band_keys()
        .iter()
        .map(|key| {
            let term = Term::from_field_text(fields.similarity_bands, key);
            let query: Box<dyn Query> =
                Box::new(TermQuery::new(term, IndexRecordOption::WithFreqs));
            (Occur::Should, query)
        })
        .collect();
    BooleanQuery::new(clauses)
}

impl ArchiveSearcher {
    /// The documents near-identical to document `id`, most similar first:
    /// edited copies of an attachment or a loose document. Empty for an
    /// email or a document without a signature; `NotFound` for an unknown
    /// id.
    pub fn similar(&self, id: &str) -> Result<Vec<Similar>> {
        let searcher = self.index_searcher();
        let fields = self.archive().fields();
        let address =
            find_document(&searcher, fields, id)?.ok_or_else(|| Error::NotFound(id.to_string()))?;
        let doc: TantivyDocument = searcher.doc(address)?;
        if text_of(&doc, fields.kind).as_deref() == Some(DocumentKind::Email.as_str()) {
            return Ok(Vec::new());
        }
        let Some(signature) = signature_of(&doc, fields) else {
            return Ok(Vec::new());
        };
        // One more than the bound: this document is among them.
        let top = TopDocs::with_limit(MAX_CANDIDATES + 1).order_by_score();
        let candidates: Vec<DocAddress> = searcher
            .search(&band_query(&signature, fields), &top)?
            .into_iter()
            .map(|(_, candidate)| candidate)
            .filter(|&candidate| candidate != address)
            .take(MAX_CANDIDATES)
            .collect();
        let mut similar = Vec::new();
        for candidate in candidates {
            let other: TantivyDocument = searcher.doc(candidate)?;
            let Some(theirs) = signature_of(&other, fields) else {
                continue;
            };
            let similarity = signature.similarity(&theirs);
            if similarity >= MIN_SIMILARITY {
                similar.push(entry(&other, fields, similarity));
            }
        }
        similar.retain(|entry| entry.id != id);
        similar.sort_by(|a, b| {
            b.similarity
                .total_cmp(&a.similarity)
                .then_with(|| a.date.cmp(&b.date))
                .then_with(|| a.id.cmp(&b.id))
        });
        Ok(similar)
    }
}
