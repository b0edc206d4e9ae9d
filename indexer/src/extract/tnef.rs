//! TNEF (winmail.dat): its attachments as members, its body as text.

use super::{ExtractError, Extraction, Limits};

/// The attachments and body of a TNEF file.
pub fn extract_tnef(_bytes: &[u8], _limits: &Limits) -> Result<Extraction, ExtractError> {
    Err(ExtractError::Unsupported("tnef".into()))
}
