//! Office Open XML (docx, pptx; xlsx via the spreadsheet reader) and OpenDocument (odt, odp; ods via the spreadsheet reader) text, read with zip and quick-xml.

use super::{ExtractError, Extraction, Limits};

/// The text of a docx, xlsx or pptx.
pub fn extract_ooxml(_bytes: &[u8], _limits: &Limits) -> Result<Extraction, ExtractError> {
    Err(ExtractError::Unsupported("office".into()))
}

/// The text of an odt, ods or odp.
pub fn extract_opendocument(_bytes: &[u8], _limits: &Limits) -> Result<Extraction, ExtractError> {
    Err(ExtractError::Unsupported("opendocument".into()))
}
