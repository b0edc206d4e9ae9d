//! Outlook `.msg` (an OLE2 compound file of MAPI properties) to RFC 822.

use crate::extract::ExtractError;

/// The message in a `.msg` file, as RFC 822 bytes.
pub fn msg_to_eml(_bytes: &[u8]) -> Result<Vec<u8>, ExtractError> {
    Err(ExtractError::Unsupported("msg".into()))
}
