//! RTF text.

use super::{ExtractError, Extraction, Limits};

/// The text of an RTF document.
pub fn extract_rtf(_bytes: &[u8], _limits: &Limits) -> Result<Extraction, ExtractError> {
    Err(ExtractError::Unsupported("rtf".into()))
}
