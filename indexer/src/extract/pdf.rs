//! PDF text (pdf-extract over lopdf). Encrypted PDFs are marked, not read.

use super::{ExtractError, Extraction, Limits};

/// The text of a PDF.
pub fn extract_pdf(_bytes: &[u8], _limits: &Limits) -> Result<Extraction, ExtractError> {
    Err(ExtractError::Unsupported("pdf".into()))
}
