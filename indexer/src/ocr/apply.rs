//! Writing what OCR read into the documents that wait for it: each one is
//! built again from what the archive stores, with the pages' text after its
//! own text layer, its outcome, confidence and reasons, and replaces the
//! stored one (delete by id, add) in the next commit.

use std::collections::HashMap;

use fouille_extract::message::{ParsedMessage, parse_message};
use fouille_extract::ocr::PageOutcome;
use fouille_extract::truncate_text;
use fouille_schema::stored::OcrSummary;
use fouille_schema::{DocumentKind, ExtractionOutcome, Fields, Result};
use tantivy::schema::Value;
use tantivy::{DocAddress, IndexWriter, Searcher, TantivyDocument, Term};

use crate::document::{ParentContext, build_file_document, stored_file_item, stored_summary};
use crate::lang::LanguageDetector;

/// What the pages of one image or PDF gave, in page order.
pub struct Read<'a> {
    /// Page number and outcome.
    pub pages: Vec<(u32, &'a PageOutcome)>,
    /// Tesseract's languages.
    pub langs: &'a str,
}

/// Text, outcome and summary that OCR gives one document, from its own
/// text layer (`layer`, empty for an image).
fn merge(
    layer: &str,
    read: &Read,
    hash: &str,
) -> (String, ExtractionOutcome, Option<String>, OcrSummary) {
    let mut text = layer.trim_end().to_string();
    let mut summary = OcrSummary {
        hash: hash.to_string(),
        langs: Some(read.langs.to_string()),
        ..OcrSummary::default()
    };
    let (mut confidence, mut words) = (0f64, 0u64);
    let mut no_text: Option<&str> = None;
    let mut failures: Vec<String> = Vec::new();
    for (page, outcome) in &read.pages {
        match outcome {
            PageOutcome::Text {
                text: page_text,
                confidence: page_confidence,
                words: page_words,
            } => {
                if !text.is_empty() {
                    text.push_str("\n\n");
                }
                text.push_str(page_text);
                summary.pages += 1;
                confidence += f64::from(*page_confidence) * f64::from(*page_words);
                words += u64::from(*page_words);
            }
            PageOutcome::NoText(reason) => {
                summary.pages_without_text += 1;
                no_text.get_or_insert(reason);
            }
            PageOutcome::Failed(reason) => failures.push(if read.pages.len() > 1 {
                format!("page {page}: {reason}")
            } else {
                reason.clone()
            }),
        }
    }
    if words > 0 {
        summary.confidence = Some((confidence / words as f64).round().clamp(0.0, 100.0) as u8);
    }
    let failed = (!failures.is_empty()).then(|| format!("ocr failed: {}", failures.join("; ")));
    let outcome = if summary.pages > 0 {
        ExtractionOutcome::Ocr
    } else if !layer.trim().is_empty() {
        ExtractionOutcome::Text
    } else if failed.is_some() {
        ExtractionOutcome::Failed
    } else {
        ExtractionOutcome::NoText
    };
    let reason = failed.or_else(|| {
        (outcome == ExtractionOutcome::NoText).then(|| no_text.unwrap_or("no text").to_string())
    });
    (text, outcome, reason, summary)
}

/// Where documents are read from and written to.
pub struct Target<'a> {
    /// The archive as the pass found it.
    pub searcher: &'a Searcher,
    /// Its fields.
    pub fields: &'a Fields,
    /// The writer the documents go to.
    pub writer: &'a IndexWriter<TantivyDocument>,
    /// Language detection for the new text.
    pub detector: &'a LanguageDetector,
    /// Text kept per document, bytes.
    pub max_text_bytes: usize,
}

/// Rebuilds the documents at `documents` with what `read` found;
/// `parents` keeps the emails parsed so far.
pub fn apply(
    target: &Target,
    documents: &[DocAddress],
    read: &Read,
    parents: &mut HashMap<String, Option<(ParsedMessage, String)>>,
) -> Result<()> {
    let Target {
        searcher,
        fields,
        writer,
        detector,
        max_text_bytes,
    } = *target;
    for &address in documents {
        let stored: TantivyDocument = searcher.doc(address)?;
        let Some(summary) = stored_summary(fields, &stored) else {
            continue;
        };
        let Some(file) = &summary.file else { continue };
        let Some(hash) = file.ocr.as_ref().map(|ocr| ocr.hash.clone()) else {
            continue;
        };
        let mut item = stored_file_item(fields, &stored, file, detector);
        let (mut text, outcome, reason, ocr) = merge(&item.text, read, &hash);
        item.truncated |= truncate_text(&mut text, max_text_bytes);
        item.language = detector.detect(&item.name, &text);
        item.text = text;
        item.extraction = outcome;
        item.reason = reason;
        item.ocr = Some(ocr);
        let parent = match &item.parent_id {
            Some(parent) => parents
                .entry(parent.clone())
                .or_insert_with(|| parent_email(searcher, fields, parent))
                .as_ref(),
            None => None,
        };
        let context = parent.map(|(message, thread)| ParentContext {
            message,
            thread_id: thread,
            sources: &summary.sources,
        });
        let doc = build_file_document(fields, &item, context.as_ref(), &summary.sources);
        writer.delete_term(Term::from_field_text(fields.id, &item.id));
        writer.add_document(doc)?;
    }
    Ok(())
}

/// The email `id`, parsed, and its thread; `None` when the parent is not an
/// email (a member of a loose archive) or cannot be read.
fn parent_email(searcher: &Searcher, fields: &Fields, id: &str) -> Option<(ParsedMessage, String)> {
    let address = fouille_schema::lookup::find_document(searcher, fields, id).ok()??;
    let stored: TantivyDocument = searcher.doc(address).ok()?;
    let str_of = |field| stored.get_first(field).and_then(|value| value.as_str());
    if str_of(fields.kind) != Some(DocumentKind::Email.as_str()) {
        return None;
    }
    let raw = stored
        .get_first(fields.raw)
        .and_then(|value| value.as_bytes())?;
    let message = parse_message(raw).ok()?;
    Some((
        message,
        str_of(fields.thread_id).unwrap_or_default().to_string(),
    ))
}

#[cfg(test)]
mod tests {
    use super::*;

    fn text(words: &str, confidence: f32) -> PageOutcome {
        PageOutcome::Text {
            text: words.into(),
            confidence,
            words: words.split(' ').count() as u32,
        }
    }

    #[test]
    fn pages_join_the_text_layer_and_the_outcome_says_what_came_of_them() {
        let (one, two, photo, broken) = (
            text("sommaire", 90.0),
            text("pièces confidentiel jointes", 70.0),
            PageOutcome::NoText("no rows of letters".into()),
            PageOutcome::Failed("tesseract took longer than 9 s".into()),
        );
        let read = Read {
            pages: vec![(1, &one), (2, &two), (3, &photo), (4, &broken)],
            langs: "fra+eng",
        };
        let (merged, outcome, reason, summary) = merge("Couverture\n", &read, "ab12");
        assert_eq!(
            merged,
            "Couverture\n\nsommaire\n\npièces confidentiel jointes"
        );
        assert_eq!(outcome, ExtractionOutcome::Ocr);
        assert_eq!(
            reason.as_deref(),
            Some("ocr failed: page 4: tesseract took longer than 9 s")
        );
        assert_eq!(
            (
                summary.pages,
                summary.pages_without_text,
                summary.confidence
            ),
            (2, 1, Some(75))
        );

        let read = Read {
            pages: vec![(1, &photo)],
            langs: "fra+eng",
        };
        let (merged, outcome, reason, _) = merge("", &read, "ab12");
        assert_eq!(
            (merged.as_str(), outcome, reason.as_deref()),
            ("", ExtractionOutcome::NoText, Some("no rows of letters"))
        );
        let read = Read {
            pages: vec![(1, &broken)],
            langs: "fra+eng",
        };
        let (_, outcome, reason, _) = merge("", &read, "ab12");
        assert_eq!(
            (outcome, reason.as_deref()),
            (
                ExtractionOutcome::Failed,
                Some("ocr failed: tesseract took longer than 9 s")
            )
        );
        let (_, outcome, _, _) = merge("a text layer", &read, "ab12");
        assert_eq!(outcome, ExtractionOutcome::Text);
    }
}
