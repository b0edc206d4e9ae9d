//! Archives (zip, tar, gzip, 7z): their members, for the caller to extract in turn, within the zip-bomb limits.

use super::{ExtractError, Extraction, Limits};

/// The members of a zip.
pub fn extract_zip(_bytes: &[u8], _limits: &Limits) -> Result<Extraction, ExtractError> {
    Err(ExtractError::Unsupported("zip".into()))
}

/// The members of a tar.
pub fn extract_tar(_bytes: &[u8], _limits: &Limits) -> Result<Extraction, ExtractError> {
    Err(ExtractError::Unsupported("tar".into()))
}

/// The members of a .tar.gz, or the one file of a .gz.
pub fn extract_gzip(
    _bytes: &[u8],
    _name: &str,
    _limits: &Limits,
) -> Result<Extraction, ExtractError> {
    Err(ExtractError::Unsupported("gzip".into()))
}

/// The members of a 7z.
pub fn extract_7z(_bytes: &[u8], _limits: &Limits) -> Result<Extraction, ExtractError> {
    Err(ExtractError::Unsupported("7z".into()))
}
