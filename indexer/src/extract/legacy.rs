//! OLE2 compound files: legacy Word, Excel and PowerPoint, Outlook .msg, and password-protected OOXML (which Office wraps in OLE2).

use super::{ExtractError, Extraction, Limits};

/// The text of a .doc, .xls or .ppt, the message of a .msg.
pub fn extract_ole2(_bytes: &[u8], _limits: &Limits) -> Result<Extraction, ExtractError> {
    Err(ExtractError::Unsupported("ole2".into()))
}
