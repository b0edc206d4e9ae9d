//! Spreadsheets (xlsx, xlsb, xls, ods) as text with calamine: a line with
//! each sheet name, then one line per row, its non-empty cells separated by
//! tabs.

use std::fmt::Write as _;
use std::io::Cursor;

use calamine::{Data, Ods, OdsError, Reader, Xls, XlsError, Xlsb, XlsbError, Xlsx, XlsxError};

use super::{ExtractError, Extraction, Limits, Skipped, truncate_text};

/// Which spreadsheet format.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum SheetKind {
    /// Office Open XML (`xlsx`, `xlsm`).
    Xlsx,
    /// Office Open XML with binary parts (`xlsb`).
    Xlsb,
    /// Legacy Excel (`xls`).
    Xls,
    /// OpenDocument (`ods`).
    Ods,
}

/// The text of a spreadsheet.
pub fn extract_spreadsheet(
    bytes: &[u8],
    kind: SheetKind,
    limits: &Limits,
) -> Result<Extraction, ExtractError> {
    let cursor = Cursor::new(bytes);
    match kind {
        SheetKind::Xlsx => read_workbook::<Xlsx<_>>(cursor, "xlsx", limits, |err| {
            matches!(err, XlsxError::Password)
        }),
        SheetKind::Xlsb => read_workbook::<Xlsb<_>>(cursor, "xlsb", limits, |err| {
            matches!(err, XlsbError::Password)
        }),
        SheetKind::Xls => read_workbook::<Xls<_>>(cursor, "xls", limits, |err| {
            matches!(err, XlsError::Password)
        }),
        SheetKind::Ods => read_workbook::<Ods<_>>(cursor, "ods", limits, |err| {
            matches!(err, OdsError::Password)
        }),
    }
}

/// Reads every sheet of a workbook, stopping at the text limit. A workbook
/// that `is_password` says is protected is marked encrypted; a sheet that
/// cannot be read is skipped with its reason.
fn read_workbook<'a, W>(
    cursor: Cursor<&'a [u8]>,
    format: &str,
    limits: &Limits,
    is_password: fn(&W::Error) -> bool,
) -> Result<Extraction, ExtractError>
where
    W: Reader<Cursor<&'a [u8]>>,
    W::Error: std::fmt::Display,
{
    let mut workbook = match W::new(cursor) {
        Ok(workbook) => workbook,
        Err(err) if is_password(&err) => {
            return Ok(Extraction {
                encrypted: true,
                ..Extraction::default()
            });
        }
        Err(err) => return Err(ExtractError::corrupt(format, err)),
    };
    let mut extraction = Extraction::default();
    let mut text = String::new();
    'sheets: for name in workbook.sheet_names() {
        let range = match workbook.worksheet_range(&name) {
            Ok(range) => range,
            Err(err) if is_password(&err) => {
                extraction.encrypted = true;
                break;
            }
            Err(err) => {
                extraction.skipped.push(Skipped {
                    name: name.clone(),
                    reason: ExtractError::corrupt(format, err).to_string(),
                });
                continue;
            }
        };
        text.push_str(&name);
        text.push('\n');
        for row in range.rows() {
            let mut first = true;
            for cell in row.iter().filter(|cell| !matches!(cell, Data::Empty)) {
                if !first {
                    text.push('\t');
                }
                first = false;
                push_cell(&mut text, cell);
            }
            if !first {
                text.push('\n');
            }
            if text.len() > limits.max_text_bytes {
                break 'sheets;
            }
        }
    }
    let trimmed = text.trim_end().len();
    text.truncate(trimmed);
    extraction.truncated = truncate_text(&mut text, limits.max_text_bytes);
    extraction.text = text;
    Ok(extraction)
}

/// One cell's text: numbers plainly, dates as `YYYY-MM-DD[ HH:MM:SS]`,
/// strings with their line breaks flattened so a row stays one line.
fn push_cell(text: &mut String, cell: &Data) {
    match cell {
        Data::String(value) => {
            let value = value.trim();
            if value.contains(['\n', '\r', '\t']) {
                text.push_str(&value.replace(['\n', '\r', '\t'], " "));
            } else {
                text.push_str(value);
            }
        }
        Data::DateTime(date) if date.is_datetime() && date.as_f64().is_finite() => {
            let (year, month, day, hour, minute, second, _) = date.to_ymd_hms_milli();
            let serial = date.as_f64();
            if serial >= 1.0 {
                let _ = write!(text, "{year:04}-{month:02}-{day:02}");
                if serial.fract() != 0.0 {
                    text.push(' ');
                }
            }
            if serial.fract() != 0.0 {
                let _ = write!(text, "{hour:02}:{minute:02}:{second:02}");
            }
        }
        other => {
            let _ = write!(text, "{other}");
        }
    }
}

#[cfg(test)]
mod tests {
    use calamine::{ExcelDateTime, ExcelDateTimeType};

    use super::*;
    use crate::test_files::{corpus, fixture};

    #[test]
    fn xlsx_sheet_name_rows_and_cells() {
        let extraction =
            extract_spreadsheet(&fixture("budget.xlsx"), SheetKind::Xlsx, &Limits::default())
                .unwrap();
        assert_eq!(
            extraction.text,
            "Budget 2017\nLigne\tTrésorerie\ntamarinier\t125000\nfinancement occulte\t0.5"
        );
        assert!(!extraction.truncated);
        assert!(!extraction.encrypted);
    }

    #[test]
    fn ods_sheet_name_rows_and_cells() {
        let extraction =
            extract_spreadsheet(&fixture("comptes.ods"), SheetKind::Ods, &Limits::default())
                .unwrap();
        assert_eq!(
            extraction.text,
            "Comptes\nPoste\tMontant\ndépenses de campagne\t4200.5\nbergamote\t12"
        );
    }

    #[test]
    fn text_is_cut_at_the_limit() {
        let limits = Limits {
            max_text_bytes: 20,
            ..Limits::default()
        };
        let extraction =
            extract_spreadsheet(&fixture("budget.xlsx"), SheetKind::Xlsx, &limits).unwrap();
        assert!(extraction.truncated);
        assert_eq!(extraction.text, "Budget 2017\nLigne\tTr");
    }

    #[test]
    fn dates_are_written_as_iso_dates() {
        let mut text = String::new();
        let date = ExcelDateTime::new(45943.5, ExcelDateTimeType::DateTime, false);
        push_cell(&mut text, &Data::DateTime(date));
        text.push('|');
        let day = ExcelDateTime::new(42808.0, ExcelDateTimeType::DateTime, false);
        push_cell(&mut text, &Data::DateTime(day));
        assert_eq!(text, "2025-10-13 12:00:00|2017-03-14");
    }

    #[test]
    fn not_a_workbook_is_corrupt() {
        for kind in [
            SheetKind::Xlsx,
            SheetKind::Xlsb,
            SheetKind::Xls,
            SheetKind::Ods,
        ] {
            let result = extract_spreadsheet(b"PK\x03\x04 not really", kind, &Limits::default());
            assert!(
                matches!(result, Err(ExtractError::Corrupt { .. })),
                "{kind:?}: {result:?}"
            );
        }
    }

    #[test]
    fn real_samples() {
        if let Some(bytes) = corpus("attachment-samples/aleph-ingest-file/rom.xls") {
            let text = extract_spreadsheet(&bytes, SheetKind::Xls, &Limits::default())
                .unwrap()
                .text;
            assert!(text.contains("Lukoil Moldova"), "{}", &text[..300]);
        }
        if let Some(bytes) = corpus("attachment-samples/aleph-ingest-file/password_protected.xls") {
            let extraction =
                extract_spreadsheet(&bytes, SheetKind::Xls, &Limits::default()).unwrap();
            assert!(extraction.encrypted);
            assert_eq!(extraction.text, "");
        }
        if let Some(bytes) = corpus("attachment-samples/aleph-ingest-file/staff_list.xlsx") {
            let text = extract_spreadsheet(&bytes, SheetKind::Xlsx, &Limits::default())
                .unwrap()
                .text;
            assert!(text.contains("first_name\tlast_name\tcompany"), "{text}");
            assert!(text.contains("Jan\tStrozyk"), "{text}");
        }
        if let Some(bytes) = corpus("attachment-samples/aleph-ingest-file/rom.ods") {
            let text = extract_spreadsheet(&bytes, SheetKind::Ods, &Limits::default())
                .unwrap()
                .text;
            assert!(text.contains("Penetenciarul 11 Bălţi"), "{}", &text[..300]);
        }
    }
}
