//! Images that an OCR pass must survive rather than read: one of huge
//! dimensions, a decompression bomb, a file cut short. Each is small on
//! disk; the danger is in what a careless decoder allocates.

use std::io::Write;

use flate2::Compression;
use flate2::write::ZlibEncoder;
use image::GrayImage;

use super::encode::pixels_per_metre;
use crate::error::{Error, Result};

/// A white 1-bit grey PNG of `width` × `height` pixels with `text` (a grey
/// image, thresholded) at `x`, `y`, written row by row so that the
/// generator never holds the whole image. One bit per pixel keeps the file
/// small: deflate cannot shrink a run of bytes beyond about 1:1000, so a
/// 20000 × 15000 image takes 37 MB of rows and some 40 KB compressed,
/// where 8 bits per pixel would need 300 KB.
pub fn huge_png(
    width: u32,
    height: u32,
    text: &GrayImage,
    x: u32,
    y: u32,
    dpi: u32,
) -> Result<Vec<u8>> {
    let png_error = |error| Error::encode("png", error);
    let mut out = Vec::new();
    let mut encoder = png::Encoder::new(&mut out, width, height);
    encoder.set_color(png::ColorType::Grayscale);
    encoder.set_depth(png::BitDepth::One);
    encoder.set_compression(png::Compression::High);
    encoder.set_pixel_dims(Some(pixels_per_metre(dpi)));
    let mut writer = encoder.write_header().map_err(png_error)?;
    let mut stream = writer.stream_writer().map_err(png_error)?;
    let row_bytes = width.div_ceil(8) as usize;
    let white = vec![0xff; row_bytes];
    let mut row = white.clone();
    for row_index in 0..height {
        let inside = row_index >= y && row_index - y < text.height();
        if !inside {
            stream
                .write_all(&white)
                .map_err(|error| Error::encode("png", error))?;
            continue;
        }
        row.copy_from_slice(&white);
        for column in 0..text.width().min(width.saturating_sub(x)) {
            if text.get_pixel(column, row_index - y).0[0] < 128 {
                let bit = (x + column) as usize;
                // Bit 1 is white; the leftmost pixel is the high bit.
                row[bit / 8] &= !(0x80 >> (bit % 8));
            }
        }
        stream
            .write_all(&row)
            .map_err(|error| Error::encode("png", error))?;
    }
    stream.finish().map_err(png_error)?;
    writer.finish().map_err(png_error)?;
    Ok(out)
}

/// A decompression bomb: a valid PNG signature and header declaring
/// `width` × `height` 8-bit grey, then one `IDAT` of `zeros` zero bytes
/// deflated (some 1,000 times smaller), far short of the declared image,
/// then `IEND`. Rows of zeros are valid image data (filter 0, black), so a
/// decoder only finds out late, after allocating for the declared size if
/// it trusts the header.
pub fn bomb_png(width: u32, height: u32, zeros: usize) -> Vec<u8> {
    let mut out = b"\x89PNG\r\n\x1a\n".to_vec();
    let mut header = Vec::with_capacity(13);
    header.extend_from_slice(&width.to_be_bytes());
    header.extend_from_slice(&height.to_be_bytes());
    // Bit depth 8, colour type 0 (grey), deflate, adaptive filtering, no
    // interlace.
    header.extend_from_slice(&[8, 0, 0, 0, 0]);
    push_chunk(&mut out, b"IHDR", &header);
    let mut deflater = ZlibEncoder::new(Vec::new(), Compression::best());
    let block = vec![0u8; 1 << 20];
    let mut left = zeros;
    while left > 0 {
        let take = left.min(block.len());
        deflater
            .write_all(&block[..take])
            .expect("writing to memory");
        left -= take;
    }
    let deflated = deflater.finish().expect("writing to memory");
    push_chunk(&mut out, b"IDAT", &deflated);
    push_chunk(&mut out, b"IEND", &[]);
    out
}

/// Appends a PNG chunk: length, type, data and the CRC of type and data.
fn push_chunk(out: &mut Vec<u8>, kind: &[u8; 4], data: &[u8]) {
    out.extend_from_slice(&(data.len() as u32).to_be_bytes());
    out.extend_from_slice(kind);
    out.extend_from_slice(data);
    let mut crc = flate2::Crc::new();
    crc.update(kind);
    crc.update(data);
    out.extend_from_slice(&crc.sum().to_be_bytes());
}

/// The first `fraction` of `bytes`: a file cut short, as a download or a
/// damaged disk leaves it.
pub fn truncate(bytes: &[u8], fraction: f32) -> Vec<u8> {
    bytes[..(bytes.len() as f32 * fraction) as usize].to_vec()
}

#[cfg(test)]
mod tests {
    use super::*;
    use image::Luma;

    #[test]
    fn the_huge_png_declares_its_size_and_carries_the_text() {
        let text = GrayImage::from_fn(16, 4, |x, _| Luma([if x < 8 { 0 } else { 255 }]));
        let png = huge_png(2000, 1500, &text, 100, 700, 300).unwrap();
        assert!(png.len() < 2_000, "{}", png.len());
        let decoded = image::load_from_memory(&png).unwrap().into_luma8();
        assert_eq!(decoded.dimensions(), (2000, 1500));
        assert_eq!(decoded.get_pixel(103, 701).0[0], 0);
        assert_eq!(decoded.get_pixel(110, 701).0[0], 255);
        assert_eq!(decoded.get_pixel(103, 600).0[0], 255);
    }

    #[test]
    fn the_bomb_is_small_and_its_header_valid() {
        let bomb = bomb_png(100_000, 100_000, 4 << 20);
        assert!(bomb.len() < 10_000, "{}", bomb.len());
        let decoder = png::Decoder::new(std::io::Cursor::new(&bomb));
        let reader = decoder.read_info().unwrap();
        assert_eq!(reader.info().width, 100_000);
    }

    #[test]
    fn truncation_keeps_the_start() {
        assert_eq!(truncate(b"abcdefgh", 0.5), b"abcd");
    }
}
