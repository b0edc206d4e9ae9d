//! Text out of attachments and loose documents (issue 5, first part).
//!
//! This part recognises a document's format from its bytes, name and
//! declared type, and extracts the text of the formats that are safe to read
//! in the indexer's own process: plain text, CSV, HTML, iCalendar and vCard.
//! Formats whose libraries can panic, hang or allocate without bound (PDF,
//! Office, archives) are recognised here and will be extracted by an
//! isolated worker process.

mod format;
mod text;

pub use format::{DocumentFormat, by_magic as format_by_magic, detect_format};
pub use text::{MAX_TEXT_BYTES, decode_text, extract_safe_text};

/// Why a document's text could not be extracted.
#[derive(Debug, Clone, PartialEq, Eq, thiserror::Error)]
pub enum ExtractError {
    /// The format is recognised but not extracted (yet, or here).
    #[error("no text extraction for {0}")]
    Unsupported(&'static str),
}

/// Extracted text.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct ExtractedText {
    /// The text.
    pub text: String,
    /// True when the text was cut at [`MAX_TEXT_BYTES`].
    pub truncated: bool,
}
