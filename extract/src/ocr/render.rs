//! Scanned PDF pages as images, by poppler's `pdftoppm`: grey, 300 dpi,
//! the resolution Tesseract reads best.

use std::path::{Path, PathBuf};
use std::sync::atomic::{AtomicU64, Ordering};
use std::time::Duration;

use super::command;

/// A rendered page is far smaller than this (an A4 page at 300 dpi in grey
/// is about 9 MB before compression).
const MAX_PAGE_BYTES: usize = 512 * 1024 * 1024;

/// The PDF written to a temporary file for pdftoppm, removed when dropped.
pub struct PdfFile {
    path: PathBuf,
}

impl PdfFile {
    /// Writes `bytes` to a fresh temporary file.
    pub fn write(bytes: &[u8]) -> Result<PdfFile, String> {
        static NEXT: AtomicU64 = AtomicU64::new(0);
        let path = std::env::temp_dir().join(format!(
            "fouille-ocr-{}-{}.pdf",
            std::process::id(),
            NEXT.fetch_add(1, Ordering::Relaxed)
        ));
        std::fs::write(&path, bytes)
            .map_err(|err| format!("cannot write the pdf for pdftoppm: {err}"))?;
        Ok(PdfFile { path })
    }

    /// Page `page` (from 1) as a grey PNG.
    pub fn render(&self, pdftoppm: &Path, page: u32, timeout: Duration) -> Result<Vec<u8>, String> {
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
            self.path.display().to_string(),
        ];
        let output = command::run(pdftoppm, &args, None, timeout, MAX_PAGE_BYTES)?;
        if output.stdout.is_empty() {
            return Err("pdftoppm rendered nothing".into());
        }
        Ok(output.stdout)
    }
}

impl Drop for PdfFile {
    fn drop(&mut self) {
        let _ = std::fs::remove_file(&self.path);
    }
}
