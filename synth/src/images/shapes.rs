//! The four shapes of text image in a leak, each from its page to its file:
//! A4 scans (grey, 300 dpi, PNG or TIFF, straight but for a hair), till
//! receipts (grey JPEG), screenshots (colour PNG, small UI text) and phone
//! photographs of a page (colour JPEG, turned, noisy, unevenly lit).

use rand::RngExt;
use rand_chacha::ChaCha8Rng;

use super::distort::{add_colour_noise, blur, lay_on, light_unevenly, rotate, tint};
use super::documents::{letter, note, receipt, screenshot};
use super::encode::{jpeg_colour, jpeg_grey, png_colour, png_grey, tiff_grey};
use super::render::{render_colour, render_grey};
use crate::error::Result;
use crate::vocabulary::Language;

/// A shape of text image.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, PartialOrd, Ord)]
pub enum Shape {
    /// An A4 page scanned at 300 dpi, grey.
    Scan,
    /// A till receipt, 80 mm wide, grey JPEG.
    Receipt,
    /// A mail client's window, 1600 × 900, colour PNG.
    Screenshot,
    /// A phone's photograph of an A5 page, colour JPEG.
    PhonePhoto,
}

impl Shape {
    /// Every shape.
    pub const ALL: [Shape; 4] = [
        Shape::Scan,
        Shape::Receipt,
        Shape::Screenshot,
        Shape::PhonePhoto,
    ];

    /// Its name in summaries.
    pub fn name(self) -> &'static str {
        match self {
            Shape::Scan => "A4 scan",
            Shape::Receipt => "receipt",
            Shape::Screenshot => "screenshot",
            Shape::PhonePhoto => "phone photo of a page",
        }
    }
}

/// An image file: its bytes and its extension.
#[derive(Debug, Clone)]
pub struct ImageFile {
    /// The file.
    pub bytes: Vec<u8>,
    /// `png`, `tif` or `jpg`.
    pub extension: &'static str,
}

/// The file of a `shape` image in `language` carrying `keys`.
pub fn make_text_image(
    shape: Shape,
    language: Language,
    keys: &[&str],
    rng: &mut ChaCha8Rng,
) -> Result<ImageFile> {
    match shape {
        Shape::Scan => scan(language, keys, rng),
        Shape::Receipt => {
            let page = receipt(language, keys, rng);
            let dpi = 200;
            let image = blur(&render_grey(&page, dpi)?, 0.6);
            let quality = rng.random_range(70..90);
            Ok(ImageFile {
                bytes: jpeg_grey(&image, quality, Some(dpi))?,
                extension: "jpg",
            })
        }
        Shape::Screenshot => {
            let image = render_colour(&screenshot(language, keys, rng), 72)?;
            Ok(ImageFile {
                bytes: png_colour(&image)?,
                extension: "png",
            })
        }
        Shape::PhonePhoto => {
            let page = note(language, keys, rng);
            let degrees =
                rng.random_range(2.0..6.0) * if rng.random_bool(0.5) { 1.0 } else { -1.0 };
            let image = photograph_page(&page, 200, degrees, rng)?;
            let quality = rng.random_range(70..86);
            Ok(ImageFile {
                bytes: jpeg_colour(&image, quality)?,
                extension: "jpg",
            })
        }
    }
}

/// An A4 letter scanned at 300 dpi: a hair crooked, slightly soft; PNG or
/// TIFF at random.
fn scan(language: Language, keys: &[&str], rng: &mut ChaCha8Rng) -> Result<ImageFile> {
    let dpi = 300;
    let page = render_grey(&letter(language, keys, rng), dpi)?;
    let page = blur(&rotate(&page, rng.random_range(-0.8..0.8), 255), 0.5);
    if rng.random_bool(0.5) {
        Ok(ImageFile {
            bytes: png_grey(&page, Some(dpi))?,
            extension: "png",
        })
    } else {
        Ok(ImageFile {
            bytes: tiff_grey(&[page], dpi)?,
            extension: "tif",
        })
    }
}

/// `page` rendered at `dpi`, laid on a darker desk with a margin, turned by
/// `degrees`, unevenly lit, softened, tinted as paper under a lamp and
/// grainy: what a phone makes of it.
pub fn photograph_page(
    page: &super::page::Page,
    dpi: u32,
    degrees: f32,
    rng: &mut ChaCha8Rng,
) -> Result<image::RgbImage> {
    let rendered = render_grey(page, dpi)?;
    let (width, height) = rendered.dimensions();
    let desk = rng.random_range(60..120);
    let canvas = lay_on(&rendered, width * 115 / 100, height * 112 / 100, desk);
    let mut turned = rotate(&canvas, degrees, desk);
    light_unevenly(&mut turned, rng.random_range(0.25..0.45), rng);
    let soft = blur(&turned, rng.random_range(0.6..1.1));
    let paper = [
        rng.random_range(235..256) as u8,
        rng.random_range(225..245) as u8,
        rng.random_range(200..225) as u8,
    ];
    let mut photo = tint(&soft, paper, [25, 25, 35]);
    add_colour_noise(&mut photo, rng.random_range(4.0..9.0), rng);
    Ok(photo)
}
