//! Reading files: everything Fouille gets out of bytes, with no index in
//! sight. This crate knows nothing of tantivy; it may import `fouille-schema`
//! (for the stored vocabulary: mailboxes, attachment descriptions) and
//! third-party readers, nothing else of Fouille.
//!
//! - Documents ([`extract`]): recognises a document's format from its bytes,
//!   declared type and name, and returns its text, the members of a container
//!   (zip, tar, 7z, TNEF) for the caller to extract in turn, or the message it
//!   holds (an Outlook `.msg`). Plain text, CSV, HTML, iCalendar and vCard are
//!   safe to read in the indexer's own process ([`extract_safe_text`]); every
//!   other format goes through libraries that can panic, hang or allocate
//!   without bound on hostile files, so the indexer runs [`extract`] in an
//!   isolated worker process ([`worker`], which also owns the protocol
//!   between the two).
//! - Email ([`message`]): raw bytes to the fields Fouille indexes, leniently;
//!   the client that wrote a message and its facet key ([`client`]).
//! - Outlook ([`outlook`]): `.msg` and `.pst` rebuilt as MIME messages.
//! - Mail HTML made safe to show ([`sanitize`]), and MIME encoders for the
//!   messages Fouille writes ([`mime`]).
//! - Windows code pages and UTF-16 ([`codepage`]), and MAPI property ids
//!   ([`properties`]), each in one place.
//! - Document metadata ([`metadata`]): authors, software and dates from
//!   PDF, Office, OpenDocument, legacy Office, RTF and EXIF, read by each
//!   extractor from the file it already opened.
//! - An email's own text told from the text it quotes ([`quotes`]).
//! - OCR ([`ocr`]): which images and PDF pages hold text only as pixels,
//!   and reading them with Tesseract in the worker.
//! - Entities ([`entities`]): IBANs, phone numbers, SIREN/SIRET, email
//!   addresses and link domains that a text mentions, checked and in
//!   canonical form, for facets and queries.

mod archive;
pub mod client;
pub mod codepage;
pub mod entities;
mod format;
mod legacy;
mod limits;
pub mod message;
pub mod metadata;
pub mod mime;
pub mod ocr;
mod office;
pub mod outlook;
mod pdf;
pub mod properties;
pub mod quotes;
mod rtf;
pub mod sanitize;
mod sheet;
#[cfg(test)]
mod test_files;
mod text;
mod tnef;
pub mod worker;

use serde::{Deserialize, Serialize};

pub use format::{DocumentFormat, by_magic as format_by_magic, detect_format};
pub use limits::Limits;
pub use text::{MAX_TEXT_BYTES, decode_text, extract_safe_text};

/// Why a document's text could not be extracted.
#[derive(Debug, Clone, PartialEq, Eq, thiserror::Error, Serialize, Deserialize)]
pub enum ExtractError {
    /// The format is recognised but its text is not extracted.
    #[error("no text extraction for {0}")]
    Unsupported(String),
    /// The file is damaged or not what it claims to be.
    #[error("corrupt {format}: {reason}")]
    Corrupt {
        /// Short format name (`pdf`, `zip`…).
        format: String,
        /// What the library said, short.
        reason: String,
    },
    /// A size limit refused the file (a zip bomb, a huge document).
    #[error("refused: {0}")]
    Limit(String),
    /// The extraction worker timed out, crashed or ran out of memory.
    #[error("{0}")]
    Worker(String),
}

impl ExtractError {
    /// A [`ExtractError::Corrupt`] for `format`.
    pub fn corrupt(format: &str, reason: impl std::fmt::Display) -> ExtractError {
        let mut reason = reason.to_string();
        if reason.len() > 300 {
            let mut end = 300;
            while !reason.is_char_boundary(end) {
                end -= 1;
            }
            reason.truncate(end);
        }
        ExtractError::Corrupt {
            format: format.to_string(),
            reason,
        }
    }
}

/// Extracted text.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct ExtractedText {
    /// The text.
    pub text: String,
    /// True when the text was cut at [`MAX_TEXT_BYTES`].
    pub truncated: bool,
}

/// What a document holds.
#[derive(Debug, Clone, Default, PartialEq, Eq, Serialize, Deserialize)]
pub struct Extraction {
    /// Its text (may be empty: a container, an image, an encrypted file).
    pub text: String,
    /// True when `text` was cut at [`Limits::max_text_bytes`].
    pub truncated: bool,
    /// Password-protected or encrypted: indexed by name, marked, not read.
    pub encrypted: bool,
    /// Members of a container, for the caller to extract in turn.
    pub entries: Vec<Entry>,
    /// Members not read, and why (limits, encryption, damage).
    pub skipped: Vec<Skipped>,
    /// The document is a message (an Outlook `.msg`), as RFC 822 bytes.
    #[serde(default, with = "serde_bytes")]
    pub email: Option<Vec<u8>>,
    /// What the file says about itself (authors, software, dates).
    #[serde(default, with = "metadata::wire")]
    pub metadata: Option<metadata::DocumentMetadata>,
    /// Text only in pixels: an image, or PDF pages without a text layer,
    /// for the OCR pass.
    #[serde(default)]
    pub ocr: Option<ocr::OcrNeed>,
}

/// A member of a container.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct Entry {
    /// Its path inside the container (`dir/budget.xlsx`).
    pub name: String,
    /// Declared MIME type, empty when the container has none.
    pub mime: String,
    /// Its bytes.
    #[serde(with = "serde_bytes")]
    pub bytes: Vec<u8>,
}

/// A member of a container that was not read.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct Skipped {
    /// Its path inside the container.
    pub name: String,
    /// Why, short and lowercase.
    pub reason: String,
}

/// `text` with CRLF and lone CR line ends made LF. Line ends depend on the
/// copy (CRLF on the wire and in Windows exports, LF in Unix mailboxes), not
/// on what a message says: text is stored, indexed and hashed with LF only.
pub fn normalize_line_ends(text: &str) -> std::borrow::Cow<'_, str> {
    if !text.contains('\r') {
        return std::borrow::Cow::Borrowed(text);
    }
    std::borrow::Cow::Owned(text.replace("\r\n", "\n").replace('\r', "\n"))
}

/// The start of `text`, at most `max` bytes, cut on a character boundary.
pub fn text_prefix(text: &str, max: usize) -> &str {
    if text.len() <= max {
        return text;
    }
    let mut end = max;
    while !text.is_char_boundary(end) {
        end -= 1;
    }
    &text[..end]
}

/// Cuts `text` at `max` bytes on a character boundary; true if it was cut.
pub fn truncate_text(text: &mut String, max: usize) -> bool {
    let end = text_prefix(text, max).len();
    if end == text.len() {
        return false;
    }
    text.truncate(end);
    true
}

/// What `bytes` (named `name`, declared as `mime`) holds. Runs libraries
/// that may panic, hang or exhaust memory on hostile input: call it in the
/// extraction worker, not in the indexer's own process.
pub fn extract(
    bytes: &[u8],
    name: &str,
    mime: &str,
    limits: &Limits,
) -> Result<Extraction, ExtractError> {
    if bytes.len() as u64 > limits.max_document_bytes {
        return Err(ExtractError::Limit(format!(
            "document of {} bytes, larger than {}",
            bytes.len(),
            limits.max_document_bytes
        )));
    }
    let format = detect_format(bytes, mime, name);
    let mut extraction = match format {
        DocumentFormat::Text
        | DocumentFormat::Csv
        | DocumentFormat::Html
        | DocumentFormat::Calendar
        | DocumentFormat::VCard => {
            let text = extract_safe_text(format, bytes)?;
            Extraction {
                text: text.text,
                truncated: text.truncated,
                ..Extraction::default()
            }
        }
        DocumentFormat::Pdf => pdf::extract_pdf(bytes, limits)?,
        DocumentFormat::OfficeOpenXml => office::extract_ooxml(bytes, limits)?,
        DocumentFormat::OpenDocument => office::extract_opendocument(bytes, limits)?,
        DocumentFormat::Ole2 => legacy::extract_ole2(bytes, limits)?,
        DocumentFormat::Rtf => rtf::extract_rtf(bytes, limits)?,
        DocumentFormat::Zip => archive::extract_zip(bytes, limits)?,
        DocumentFormat::Tar => archive::extract_tar(bytes, limits)?,
        DocumentFormat::Gzip => archive::extract_gzip(bytes, name, limits)?,
        DocumentFormat::SevenZip => archive::extract_7z(bytes, limits)?,
        DocumentFormat::Tnef => tnef::extract_tnef(bytes, limits)?,
        DocumentFormat::Email => Extraction {
            email: Some(bytes.to_vec()),
            ..Extraction::default()
        },
        DocumentFormat::Rar => return Err(ExtractError::Unsupported("rar archives".into())),
        // Text for OCR, and a photo may say who took it, with what, when.
        DocumentFormat::Image => Extraction {
            ocr: Some(match ocr::probe::need(bytes) {
                Ok(need) => need,
                // Truncated, damaged or in a variant the decoder lacks:
                // Tesseract's own reader may still read what is there.
                Err(ExtractError::Corrupt { .. }) => ocr::OcrNeed::Pages {
                    input: ocr::OcrInput::Image,
                    pages: vec![1],
                },
                Err(err) => return Err(err),
            }),
            metadata: metadata::image_metadata(bytes),
            ..Extraction::default()
        },
        DocumentFormat::Other => match metadata::image_metadata(bytes) {
            Some(metadata) => Extraction {
                metadata: Some(metadata),
                ..Extraction::default()
            },
            None => return Err(ExtractError::Unsupported("this file type".into())),
        },
    };
    extraction.truncated |= truncate_text(&mut extraction.text, limits.max_text_bytes);
    Ok(extraction)
}

#[cfg(test)]
mod tests {
    use super::text_prefix as cut;

    #[test]
    fn cut_keeps_whole_characters() {
        assert_eq!(cut("abc", 10), "abc");
        assert_eq!(cut("abc", 2), "ab");
        // "é" is two bytes: cutting inside it drops it.
        assert_eq!(cut("aé", 2), "a");
        assert_eq!(cut("", 0), "");
    }
}
