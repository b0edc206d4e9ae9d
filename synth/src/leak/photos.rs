//! The photographs of a leak: phone pictures, the bulk of its bytes.
//!
//! Drawing a fractal photograph ([`crate::images::photo`]) costs about a
//! third of a second per megapixel on one core here (a 4-megapixel photo
//! 1.4 s, its JPEG another 0.1 s): thousands of them would take an hour.
//! So a pool of at most sixteen is drawn once per corpus (on every
//! generating thread) at the resolution that gives the mean size the
//! corpus's `--size` asks for (9 GB for 72,000 messages: about 1 MB,
//! some 2,300 × 1,700 pixels).
//! Each attachment is then a pool photograph given an Exif segment of its
//! own (a phone's make and model, the day it was taken) and a comment
//! naming the message: every file differs, so the indexer's deduplication
//! keeps them all, while the pixels repeat (which no text search sees).

use image::RgbImage;
use rand::{RngExt, SeedableRng};
use rand_chacha::ChaCha8Rng;

use crate::calendar::Local;
use crate::error::{Error, Result};
use crate::images::encode::jpeg_colour;
use crate::images::photo::{PhotoStyle, photograph};
use crate::message::mix;

/// Photographs drawn, at most.
const POOL: usize = 16;
/// JPEG quality of the pool (phones write 85–95).
const QUALITY: u8 = 90;
/// The smallest and largest width drawn, pixels (a 12-megapixel phone's
/// 4032 at most).
const WIDTHS: (u32, u32) = (320, 4032);

/// Phones: make and model as their Exif says, and their software.
const PHONES: [(&str, &str, &str); 6] = [
    ("Apple", "iPhone 6s", "10.2.1"),
    ("Apple", "iPhone 7", "10.3.1"),
    ("Apple", "iPhone SE", "10.2"),
    ("samsung", "SM-G930F", "G930FXXU1DQB3"),
    ("HUAWEI", "EVA-L09", "EVA-L09C432B182"),
    ("Sony", "E6653", "32.3.A.0.372"),
];

/// The pool of photographs, each a JPEG without its first two bytes and
/// its JFIF header (an attachment puts its own Exif header there).
#[derive(Debug)]
pub struct PhotoPool {
    photos: Vec<Vec<u8>>,
    /// Pixels across and down of the landscape photographs.
    pub size: (u32, u32),
}

impl PhotoPool {
    /// Draws `count` photographs (at most [`POOL`], at least one) whose
    /// JPEGs weigh about `target` bytes each, on `threads` threads.
    pub fn draw(seed: u64, count: usize, target: u64, threads: usize) -> Result<PhotoPool> {
        let count = count.clamp(1, POOL);
        let pixels = pixels_for(seed, target as f64)?;
        let pool = PhotoPool::draw_at(seed, count, size_for(pixels), threads)?;
        // Photographs differ in how well they compress: the probe's is
        // only a guess of the pool's mean. Off by more than 5 %, the pool
        // is drawn again at the size its own mean asks for (JPEG bytes grow
        // about as the pixels).
        let mean = pool.photos.iter().map(Vec::len).sum::<usize>() as f64 / count as f64;
        let ratio = target as f64 / mean.max(1.0);
        if (ratio - 1.0).abs() <= 0.05 || size_for(pixels * ratio) == pool.size {
            return Ok(pool);
        }
        PhotoPool::draw_at(seed, count, size_for(pixels * ratio), threads)
    }

    fn draw_at(seed: u64, count: usize, size: (u32, u32), threads: usize) -> Result<PhotoPool> {
        let images = draw_all(seed, count, size, threads);
        if images.len() != count {
            return Err(Error::Stopped);
        }
        Ok(PhotoPool {
            photos: encode_all(&images)?,
            size,
        })
    }

    /// Photographs in the pool.
    pub fn len(&self) -> usize {
        self.photos.len()
    }

    /// Whether the pool is empty (never: [`PhotoPool::draw`] draws one at
    /// least).
    pub fn is_empty(&self) -> bool {
        self.photos.is_empty()
    }

    /// A photograph taken on `taken` (Unix seconds) named by `id`: a pool
    /// photograph with an Exif header and comment of its own.
    pub fn photo(&self, taken: i64, id: &str, rng: &mut ChaCha8Rng) -> Vec<u8> {
        let body = &self.photos[rng.random_range(0..self.photos.len())];
        let (make, model, software) = PHONES[rng.random_range(0..PHONES.len())];
        let local = Local::utc(taken - rng.random_range(0..30 * 86_400));
        let date = format!(
            "{:04}:{:02}:{:02} {:02}:{:02}:{:02}",
            local.year, local.month, local.day, local.hour, local.minute, local.second
        );
        let exif = exif(&[
            (0x010F, make),
            (0x0110, model),
            (0x0131, software),
            (0x0132, &date),
        ]);
        let mut out = Vec::with_capacity(body.len() + exif.len() + 64);
        out.extend_from_slice(&[0xFF, 0xD8]);
        segment(0xE1, &exif, &mut out);
        segment(0xFE, id.as_bytes(), &mut out);
        out.extend_from_slice(body);
        out
    }
}

/// The pixels a photograph needs to weigh `target` bytes as a JPEG.
/// Larger photographs compress better per pixel (their fractal detail
/// spreads over more pixels; only the grain does not): two small probes
/// give the power law, extrapolated.
fn pixels_for(seed: u64, target: f64) -> Result<f64> {
    let weigh = |size: (u32, u32)| -> Result<(f64, f64)> {
        let jpeg = jpeg_colour(&draw_one(seed, 0, size), QUALITY)?;
        Ok((f64::from(size.0 * size.1), jpeg.len() as f64))
    };
    let (small_pixels, small_bytes) = weigh((320, 240))?;
    // Small photographs (tiny corpora, tests) need no second probe.
    if target <= small_bytes * 4.0 {
        return Ok(small_pixels * target / small_bytes);
    }
    let (large_pixels, large_bytes) = weigh((1200, 900))?;
    // bytes = small_bytes × (pixels / small_pixels)^exponent
    let exponent =
        ((large_bytes / small_bytes).ln() / (large_pixels / small_pixels).ln()).clamp(0.3, 1.2);
    Ok(small_pixels * (target / small_bytes).powf(1.0 / exponent))
}

/// Landscape 4:3 dimensions of about `pixels` pixels, within [`WIDTHS`].
fn size_for(pixels: f64) -> (u32, u32) {
    let width = (pixels * 4.0 / 3.0).sqrt().round() as u32;
    let width = width.clamp(WIDTHS.0, WIDTHS.1) & !1;
    (width, width * 3 / 4)
}

/// `size` turned upright when `portrait`.
fn oriented(size: (u32, u32), portrait: bool) -> (u32, u32) {
    if portrait { (size.1, size.0) } else { size }
}

/// Photograph `number` of the pool (every third one upright).
fn draw_one(seed: u64, number: usize, size: (u32, u32)) -> RgbImage {
    let mut rng = ChaCha8Rng::seed_from_u64(mix(seed ^ 0x5048_4f54_4f53 ^ number as u64));
    let (width, height) = oriented(size, number % 3 == 2);
    let grain = rng.random_range(2.5..6.0);
    photograph(
        PhotoStyle {
            width,
            height,
            grain,
        },
        &mut rng,
    )
}

/// The pool's `count` photographs, drawn on `threads` threads (each one's
/// pixels depend on its number only).
fn draw_all(seed: u64, count: usize, size: (u32, u32), threads: usize) -> Vec<RgbImage> {
    let threads = threads.clamp(1, count);
    let mut drawn: Vec<(usize, RgbImage)> = std::thread::scope(|scope| {
        let workers: Vec<_> = (0..threads)
            .map(|first| {
                scope.spawn(move || {
                    (first..count)
                        .step_by(threads)
                        .map(|number| (number, draw_one(seed, number + 1, size)))
                        .collect::<Vec<_>>()
                })
            })
            .collect();
        workers
            .into_iter()
            .flat_map(|worker| worker.join().unwrap_or_default())
            .collect()
    });
    drawn.sort_by_key(|(number, _)| *number);
    drawn.into_iter().map(|(_, image)| image).collect()
}

/// The JPEGs of `images`, each without its start marker and JFIF header.
fn encode_all(images: &[RgbImage]) -> Result<Vec<Vec<u8>>> {
    images
        .iter()
        .map(|image| Ok(without_header(jpeg_colour(image, QUALITY)?)))
        .collect()
}

/// A JPEG's bytes after its start-of-image marker and its JFIF segment
/// (when it has one).
fn without_header(jpeg: Vec<u8>) -> Vec<u8> {
    let mut start = 2;
    if jpeg.get(2..4) == Some(&[0xFF, 0xE0])
        && let Some(length) = jpeg.get(4..6)
    {
        start = 4 + usize::from(u16::from_be_bytes([length[0], length[1]]));
    }
    jpeg.get(start..).map(<[u8]>::to_vec).unwrap_or_default()
}

/// Appends a JPEG segment: `marker`, its length, `data` (at most 65,533
/// bytes; longer data is cut).
fn segment(marker: u8, data: &[u8], out: &mut Vec<u8>) {
    let data = &data[..data.len().min(65_533)];
    out.extend_from_slice(&[0xFF, marker]);
    out.extend_from_slice(&(data.len() as u16 + 2).to_be_bytes());
    out.extend_from_slice(data);
}

/// An Exif APP1 payload: `Exif\0\0`, then a big-endian TIFF header and
/// one directory of ASCII `entries` (tag, value), tags in ascending order.
fn exif(entries: &[(u16, &str)]) -> Vec<u8> {
    let mut tiff = b"MM\0\x2A\0\0\0\x08".to_vec();
    tiff.extend_from_slice(&(entries.len() as u16).to_be_bytes());
    // Values follow the directory and its next-directory offset.
    let mut data_offset = 8 + 2 + entries.len() * 12 + 4;
    let mut data = Vec::new();
    for (tag, value) in entries {
        let mut value = value.as_bytes().to_vec();
        value.push(0);
        tiff.extend_from_slice(&tag.to_be_bytes());
        tiff.extend_from_slice(&2u16.to_be_bytes());
        tiff.extend_from_slice(&(value.len() as u32).to_be_bytes());
        if value.len() <= 4 {
            value.resize(4, 0);
            tiff.extend_from_slice(&value);
        } else {
            tiff.extend_from_slice(&(data_offset as u32).to_be_bytes());
            data_offset += value.len();
            data.extend_from_slice(&value);
        }
    }
    tiff.extend_from_slice(&0u32.to_be_bytes());
    tiff.extend_from_slice(&data);
    let mut out = b"Exif\0\0".to_vec();
    out.extend_from_slice(&tiff);
    out
}
