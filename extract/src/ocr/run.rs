//! Reading one document's pages: each page's image (the image itself, a
//! TIFF frame, or a rendered PDF page), the photograph check, Tesseract.

use std::io::Cursor;
use std::time::Duration;

use super::render::render;
use super::{OcrInput, OcrJob, PageOutcome, PageResult, gate, tesseract};

/// Images are read by Tesseract at most this large; bigger ones (posters,
/// plans, huge scans) are scaled down first, which keeps its memory within
/// the worker's limit.
pub const MAX_OCR_PIXELS: u64 = 40_000_000;

/// Memory the decoder may take for one image.
const MAX_DECODE_BYTES: u64 = 1024 * 1024 * 1024;

/// Reads the pages of `job`, calling `on_page` with each outcome; stops
/// early when it returns false.
pub fn run_job(job: &OcrJob, on_page: &mut dyn FnMut(PageResult) -> bool) {
    let timeout = Duration::from_secs(job.page_timeout.max(1));
    let multi_page = job.pages.len() > 1 || job.pages.first().is_some_and(|&page| page > 1);
    for &page in &job.pages {
        let outcome = match (job.input, &job.pdftoppm) {
            (OcrInput::Image, _) if multi_page => {
                recognise(job, &job.bytes, Some(page - 1), timeout)
            }
            (OcrInput::Image, _) => read_image(job, &job.bytes, timeout),
            (OcrInput::Pdf, None) => PageOutcome::Failed(
                "pdftoppm is not installed (Debian: apt install poppler-utils)".into(),
            ),
            (OcrInput::Pdf, Some(pdftoppm)) => match render(pdftoppm, &job.bytes, page, timeout) {
                Ok(png) => read_image(job, &png, timeout),
                Err(reason) => PageOutcome::Failed(reason),
            },
        };
        if !on_page(PageResult { page, outcome }) {
            return;
        }
    }
}

/// One single-page image: decoded for the photograph check (and scaled
/// down when huge), then read; read again from the decoded pixels when
/// Tesseract refuses the file itself (a truncated JPEG our decoder takes).
fn read_image(job: &OcrJob, bytes: &[u8], timeout: Duration) -> PageOutcome {
    let grey = match decode(bytes) {
        Ok(image) => match image {
            image::DynamicImage::ImageLuma8(grey) => grey,
            other => other.to_luma8(),
        },
        // Over the decoder's memory bound: not handed whole to Tesseract.
        Err(image::ImageError::Limits(limit)) => {
            return PageOutcome::Failed(format!("image too large to decode: {limit}"));
        }
        // Damaged or in a variant the decoder lacks (a fax-compressed
        // TIFF): Tesseract's own reader may still take it.
        Err(damage) => {
            return match recognise(job, bytes, None, timeout) {
                PageOutcome::Failed(reason) => {
                    PageOutcome::Failed(format!("unreadable image ({damage}); {reason}"))
                }
                outcome => outcome,
            };
        }
    };
    let pixels = u64::from(grey.width()) * u64::from(grey.height());
    if pixels > MAX_OCR_PIXELS {
        // Posters, plans, huge scans: rare, and their print is small next
        // to their size, so they are read rather than judged.
        let factor = (pixels as f64 / MAX_OCR_PIXELS as f64).sqrt().ceil() as u32;
        let small = gate::shrink_by(&grey, factor);
        drop(grey);
        return match png(&small) {
            Ok(png) => recognise(job, &png, None, timeout),
            Err(reason) => PageOutcome::Failed(reason),
        };
    }
    if !gate::examine(&grey).text {
        return PageOutcome::NoText("no rows of letters: a photograph or a drawing".into());
    }
    match recognise(job, bytes, None, timeout) {
        // Refused, not overrun: the decoded pixels may do where the file
        // did not (a truncated JPEG).
        PageOutcome::Failed(reason) if !reason.contains("took longer than") => match png(&grey) {
            Ok(png) => match recognise(job, &png, None, timeout) {
                PageOutcome::Failed(_) => PageOutcome::Failed(reason),
                outcome => outcome,
            },
            Err(_) => PageOutcome::Failed(reason),
        },
        outcome => outcome,
    }
}

fn decode(bytes: &[u8]) -> Result<image::DynamicImage, image::ImageError> {
    let mut reader = image::ImageReader::new(Cursor::new(bytes)).with_guessed_format()?;
    let mut limits = image::Limits::default();
    limits.max_alloc = Some(MAX_DECODE_BYTES);
    reader.limits(limits);
    reader.decode()
}

/// `grey` as a PNG, for Tesseract.
fn png(grey: &image::GrayImage) -> Result<Vec<u8>, String> {
    let mut png = Vec::new();
    grey.write_to(&mut Cursor::new(&mut png), image::ImageFormat::Png)
        .map_err(|err| format!("cannot write the image for tesseract: {err}"))?;
    Ok(png)
}

fn recognise(job: &OcrJob, bytes: &[u8], page: Option<u32>, timeout: Duration) -> PageOutcome {
    match tesseract::recognise(&job.tesseract, bytes, page, &job.langs, timeout) {
        Ok(read) if read.sure_words == 0 => PageOutcome::NoText(format!(
            "tesseract found no legible word ({} uncertain)",
            read.words
        )),
        Ok(read) => PageOutcome::Text {
            text: read.text,
            confidence: read.confidence,
            words: read.words,
        },
        Err(reason) => PageOutcome::Failed(reason),
    }
}

#[cfg(test)]
mod tests {
    use std::path::Path;

    use super::*;
    use crate::ocr::Tools;

    /// Tesseract, or `None` to skip (unless `FOUILLE_REQUIRE_OCR` is set).
    fn tools() -> Option<Tools> {
        match Tools::detect("fra+eng") {
            Ok(tools) => Some(tools),
            Err(missing) if std::env::var_os("FOUILLE_REQUIRE_OCR").is_none() => {
                eprintln!("skipped: {missing}");
                None
            }
            Err(missing) => panic!("FOUILLE_REQUIRE_OCR is set: {missing}"),
        }
    }

    #[test]
    fn the_letter_is_read_as_gif_bmp_and_webp_and_a_tiff_page_alone() {
        let Some(tools) = tools() else { return };
        let dir = Path::new(env!("CARGO_MANIFEST_DIR")).join("../tests/fixtures/ocr");
        let letter = image::open(dir.join("lettre.png")).expect("lettre.png");
        let job = |bytes: Vec<u8>, pages: Vec<u32>| OcrJob {
            bytes,
            input: OcrInput::Image,
            pages,
            langs: "fra+eng".into(),
            page_timeout: 60,
            tesseract: tools.tesseract.clone(),
            pdftoppm: tools.pdftoppm.clone(),
        };
        let read = |job: OcrJob| {
            let mut pages = Vec::new();
            run_job(&job, &mut |page| {
                pages.push(page);
                true
            });
            pages
        };
        for format in [
            image::ImageFormat::Gif,
            image::ImageFormat::Bmp,
            image::ImageFormat::WebP,
        ] {
            let mut bytes = Vec::new();
            letter
                .to_rgba8()
                .write_to(&mut Cursor::new(&mut bytes), format)
                .expect("encode");
            let pages = read(job(bytes, vec![1]));
            assert!(
                matches!(&pages[..], [PageResult { page: 1, outcome: PageOutcome::Text { text, .. } }] if text.contains("Préfecture")),
                "{format:?}: {pages:?}"
            );
        }
        // Page 2 of the register alone: its word, not the others'.
        let register = std::fs::read(dir.join("registre.tif")).expect("registre.tif");
        let pages = read(job(register, vec![2]));
        let [
            PageResult {
                page: 2,
                outcome: PageOutcome::Text { text, .. },
            },
        ] = &pages[..]
        else {
            panic!("{pages:?}");
        };
        assert!(
            text.contains("février") && !text.contains("janvier"),
            "{text}"
        );
    }
}
