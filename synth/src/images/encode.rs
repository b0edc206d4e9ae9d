//! Image files as leaks hold them: PNG, JPEG at a chosen quality, and
//! multi-page TIFF, each carrying its resolution when it has one (OCR reads
//! the dots per inch to size its text).

use std::io::Cursor;

use image::codecs::jpeg::{JpegEncoder, PixelDensity};
use image::{GrayImage, RgbImage};
use tiff::encoder::{Compression, DeflateLevel, Rational, TiffEncoder, colortype};
use tiff::tags::ResolutionUnit;

use crate::error::{Error, Result};

/// Inches per metre: PNG states its resolution in pixels per metre.
const METRES_PER_INCH: f64 = 0.0254;

/// A grey PNG, at `dpi` when given.
pub fn png_grey(image: &GrayImage, dpi: Option<u32>) -> Result<Vec<u8>> {
    png(
        image.as_raw(),
        image.width(),
        image.height(),
        png::ColorType::Grayscale,
        dpi,
    )
}

/// A colour PNG (screenshots carry no resolution).
pub fn png_colour(image: &RgbImage) -> Result<Vec<u8>> {
    png(
        image.as_raw(),
        image.width(),
        image.height(),
        png::ColorType::Rgb,
        None,
    )
}

fn png(
    samples: &[u8],
    width: u32,
    height: u32,
    colour: png::ColorType,
    dpi: Option<u32>,
) -> Result<Vec<u8>> {
    let mut out = Vec::new();
    let mut encoder = png::Encoder::new(&mut out, width, height);
    encoder.set_color(colour);
    encoder.set_depth(png::BitDepth::Eight);
    encoder.set_compression(png::Compression::High);
    if let Some(dpi) = dpi {
        encoder.set_pixel_dims(Some(pixels_per_metre(dpi)));
    }
    let mut writer = encoder
        .write_header()
        .map_err(|error| Error::encode("png", error))?;
    writer
        .write_image_data(samples)
        .map_err(|error| Error::encode("png", error))?;
    writer
        .finish()
        .map_err(|error| Error::encode("png", error))?;
    Ok(out)
}

/// A PNG's `pHYs` for `dpi` dots per inch.
pub fn pixels_per_metre(dpi: u32) -> png::PixelDimensions {
    let per_metre = (f64::from(dpi) / METRES_PER_INCH).round() as u32;
    png::PixelDimensions {
        xppu: per_metre,
        yppu: per_metre,
        unit: png::Unit::Meter,
    }
}

/// A grey JPEG at `quality` (1–100), at `dpi` when given.
pub fn jpeg_grey(image: &GrayImage, quality: u8, dpi: Option<u32>) -> Result<Vec<u8>> {
    let mut out = Vec::new();
    let mut encoder = JpegEncoder::new_with_quality(&mut out, quality);
    if let Some(dpi) = dpi {
        encoder.set_pixel_density(PixelDensity::dpi(dpi as u16));
    }
    encoder
        .encode_image(image)
        .map_err(|error| Error::encode("jpeg", error))?;
    Ok(out)
}

/// A colour JPEG at `quality` (1–100), with no resolution (phones write
/// 72 dpi or nothing, which says nothing of the page).
pub fn jpeg_colour(image: &RgbImage, quality: u8) -> Result<Vec<u8>> {
    let mut out = Vec::new();
    JpegEncoder::new_with_quality(&mut out, quality)
        .encode_image(image)
        .map_err(|error| Error::encode("jpeg", error))?;
    Ok(out)
}

/// A grey TIFF of one page per image, deflate-compressed, at `dpi`.
pub fn tiff_grey(pages: &[GrayImage], dpi: u32) -> Result<Vec<u8>> {
    let tiff_error = |error| Error::encode("tiff", error);
    let mut out = Cursor::new(Vec::new());
    let mut encoder = TiffEncoder::new(&mut out)
        .map_err(tiff_error)?
        .with_compression(Compression::Deflate(DeflateLevel::Best));
    for page in pages {
        let mut image = encoder
            .new_image::<colortype::Gray8>(page.width(), page.height())
            .map_err(tiff_error)?;
        image.resolution(ResolutionUnit::Inch, Rational { n: dpi, d: 1 });
        image.write_data(page.as_raw()).map_err(tiff_error)?;
    }
    Ok(out.into_inner())
}

#[cfg(test)]
mod tests {
    use super::*;
    use image::{ImageReader, Luma};

    fn sample() -> GrayImage {
        GrayImage::from_fn(64, 32, |x, y| Luma([((x * 4 + y) % 256) as u8]))
    }

    #[test]
    fn png_and_jpeg_read_back() {
        let png = png_grey(&sample(), Some(300)).unwrap();
        let back = image::load_from_memory(&png).unwrap().into_luma8();
        assert_eq!(back, sample());
        let jpeg = jpeg_grey(&sample(), 90, Some(300)).unwrap();
        let reader = ImageReader::new(Cursor::new(&jpeg))
            .with_guessed_format()
            .unwrap();
        assert_eq!(reader.format(), Some(image::ImageFormat::Jpeg));
        assert_eq!(reader.into_dimensions().unwrap(), (64, 32));
    }

    #[test]
    fn tiff_holds_every_page() {
        let tiff = tiff_grey(&[sample(), sample(), sample()], 200).unwrap();
        let mut decoder = tiff::decoder::Decoder::new(Cursor::new(tiff)).unwrap();
        let mut pages = 1;
        while decoder.more_images() {
            decoder.next_image().unwrap();
            pages += 1;
        }
        assert_eq!(pages, 3);
    }
}
