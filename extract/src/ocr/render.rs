//! Scanned PDF pages as images, by poppler's `pdftoppm`: grey, 300 dpi,
//! the resolution Tesseract reads best. The PDF goes in on standard input:
//! no copy of a leaked document is left in a temporary folder, whatever
//! stops the worker.

use std::path::Path;
use std::time::Duration;

use super::command;

/// A rendered page is far smaller than this (an A4 page at 300 dpi in grey
/// is about 9 MB before compression).
const MAX_PAGE_BYTES: usize = 512 * 1024 * 1024;

/// Page `page` (from 1) of the PDF `pdf` as a grey PNG.
pub fn render(
    pdftoppm: &Path,
    pdf: &[u8],
    page: u32,
    timeout: Duration,
) -> Result<Vec<u8>, String> {
    let page = page.to_string();
    let args: Vec<String> = vec![
        "-f".into(),
        page.clone(),
        "-l".into(),
        page,
        "-r".into(),
        "300".into(),
        "-gray".into(),
        "-png".into(),
        "-".into(),
    ];
    let output = command::run(pdftoppm, &args, Some(pdf), timeout, MAX_PAGE_BYTES)?;
    if output.stdout.is_empty() {
        return Err("pdftoppm rendered nothing".into());
    }
    Ok(output.stdout)
}
