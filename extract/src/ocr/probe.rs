//! What an image is before any pixel is decoded: its size and its pages,
//! read from the header. Bombs and absurd sizes are refused here, specks
//! too small to hold a word are settled here, and everything else waits for
//! the OCR pass.

use std::io::Cursor;

use super::{OcrInput, OcrNeed};
use crate::ExtractError;

/// Images with more pixels than this are refused: 400 million pixels is
/// an A0 sheet scanned at 400 dpi; beyond is a decompression bomb.
pub const MAX_PIXELS: u64 = 400_000_000;

/// Pages read from one TIFF at most.
pub const MAX_PAGES: u32 = 2_000;

/// Images smaller than this (either side, in pixels) cannot hold a legible
/// word: icons, spacers, tracking pixels.
pub const MIN_SIDE: u32 = 24;

/// An image's size and pages.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct Probe {
    /// Width and height of the first page.
    pub width: u32,
    /// Height of the first page.
    pub height: u32,
    /// Pages (frames of a TIFF; 1 for other formats).
    pub pages: u32,
}

/// The size and pages of the image in `bytes`.
pub fn probe(bytes: &[u8]) -> Result<Probe, ExtractError> {
    let reader = image::ImageReader::new(Cursor::new(bytes))
        .with_guessed_format()
        .map_err(|err| ExtractError::corrupt("image", err))?;
    let tiff = reader.format() == Some(image::ImageFormat::Tiff);
    let (width, height) = reader
        .into_dimensions()
        .map_err(|err| ExtractError::corrupt("image", err))?;
    check_size(width, height)?;
    let pages = if tiff { tiff_pages(bytes)? } else { 1 };
    Ok(Probe {
        width,
        height,
        pages,
    })
}

fn check_size(width: u32, height: u32) -> Result<(), ExtractError> {
    let pixels = u64::from(width) * u64::from(height);
    if pixels > MAX_PIXELS {
        return Err(ExtractError::Limit(format!(
            "image of {width}×{height} pixels, more than {} million: not read (a decompression bomb?)",
            MAX_PIXELS / 1_000_000
        )));
    }
    Ok(())
}

/// The pages of a TIFF, each held to the same size limit, walking its
/// directories without decoding them.
fn tiff_pages(bytes: &[u8]) -> Result<u32, ExtractError> {
    let mut decoder = tiff::decoder::Decoder::new(Cursor::new(bytes))
        .map_err(|err| ExtractError::corrupt("tiff", err))?;
    let mut pages = 1;
    while decoder.more_images() && pages < MAX_PAGES {
        if decoder.next_image().is_err() {
            // A damaged directory ends the pages Tesseract can reach too.
            break;
        }
        let (width, height) = decoder
            .dimensions()
            .map_err(|err| ExtractError::corrupt("tiff", err))?;
        check_size(width, height)?;
        pages += 1;
    }
    Ok(pages)
}

/// What OCR will have to do with an image.
pub fn need(bytes: &[u8]) -> Result<OcrNeed, ExtractError> {
    let probe = probe(bytes)?;
    if probe.pages == 1 && (probe.width < MIN_SIDE || probe.height < MIN_SIDE) {
        return Ok(OcrNeed::NoText(format!(
            "image of {}×{} pixels, too small to hold text",
            probe.width, probe.height
        )));
    }
    Ok(OcrNeed::Pages {
        input: OcrInput::Image,
        pages: (1..=probe.pages).collect(),
    })
}

#[cfg(test)]
mod tests {
    use super::*;

    fn png(width: u32, height: u32) -> Vec<u8> {
        let mut bytes = Vec::new();
        image::GrayImage::new(width, height)
            .write_to(&mut Cursor::new(&mut bytes), image::ImageFormat::Png)
            .unwrap();
        bytes
    }

    #[test]
    fn specks_have_no_text_and_bombs_are_refused_from_the_header() {
        assert_eq!(
            need(&png(1, 1)).unwrap(),
            OcrNeed::NoText("image of 1×1 pixels, too small to hold text".into())
        );
        assert_eq!(
            need(&png(300, 200)).unwrap(),
            OcrNeed::Pages {
                input: OcrInput::Image,
                pages: vec![1]
            }
        );
        // A header claiming 100,000 × 100,000 pixels, over one pixel's data.
        let mut bomb = png(1, 1);
        bomb[16..20].copy_from_slice(&100_000u32.to_be_bytes());
        bomb[20..24].copy_from_slice(&100_000u32.to_be_bytes());
        let mut crc = flate2::Crc::new();
        crc.update(&bomb[12..29]);
        let crc = crc.sum();
        bomb[29..33].copy_from_slice(&crc.to_be_bytes());
        let err = need(&bomb).unwrap_err();
        assert!(err.to_string().contains("100000×100000 pixels"), "{err}");
        assert!(need(b"\x89PNG\r\n\x1a\nnot a png").is_err());
    }
}
