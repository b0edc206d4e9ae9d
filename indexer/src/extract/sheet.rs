//! Spreadsheets (xlsx, xls, ods) as text with calamine: one line per row, cells separated by tabs, a line with each sheet name.

use super::{ExtractError, Extraction, Limits};

/// Which spreadsheet format.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum SheetKind {
    /// Office Open XML (`xlsx`, `xlsm`).
    Xlsx,
    /// Legacy Excel (`xls`).
    Xls,
    /// OpenDocument (`ods`).
    Ods,
}

/// The text of a spreadsheet.
pub fn extract_spreadsheet(
    _bytes: &[u8],
    _kind: SheetKind,
    _limits: &Limits,
) -> Result<Extraction, ExtractError> {
    Err(ExtractError::Unsupported("spreadsheet".into()))
}
