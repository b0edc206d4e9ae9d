//! What the attachments of a leak weigh, and so how large its photographs
//! must be for the corpus to reach its `--size`: documents keep realistic
//! sizes, photographs take the rest. The mean sizes below were measured on
//! generated samples (seed 42, the shared corpora's vocabulary); a test
//! checks they still hold within a margin.

use super::{Kind, LeakOptions};

/// Mean bytes of a message without attachments, headers included.
pub const MESSAGE_BYTES: f64 = 3_400.0;

/// Mean attachments of a message that has some (1 to 3, see
/// [`super::Leak::attachment_count`]).
pub const PER_CARRIER: f64 = 1.34;

/// Photographs in a zip, mean (2–5 members, one in ten a photograph).
const PHOTOS_PER_ZIP: f64 = 0.35;

/// The MIME headers of an attachment part, bytes.
const PART_HEADERS: f64 = 250.0;

/// The smallest and largest mean photograph aimed at, bytes.
const PHOTO_BYTES: (f64, f64) = (20_000.0, 8_000_000.0);

/// Mean bytes of an attachment of `kind`, photographs excepted (zips
/// without their photographs).
pub fn mean_bytes(kind: Kind) -> f64 {
    match kind {
        Kind::Pdf => 13_000.0,
        Kind::Docx => 6_000.0,
        Kind::Xlsx => 11_000.0,
        Kind::Pptx => 14_000.0,
        Kind::Jpeg => 0.0,
        Kind::Zip => 30_000.0,
    }
}

/// Bytes on disk of an attachment of `bytes` bytes: base64 in lines of 76
/// characters (57 bytes each) and a newline, and its part's headers.
pub fn on_disk(bytes: f64) -> f64 {
    bytes * 77.0 / 57.0 + PART_HEADERS
}

/// Attachments expected in `count` messages.
pub fn expected_attachments(options: LeakOptions, count: u64) -> f64 {
    count as f64 * options.attachments.clamp(0.0, 1.0) * PER_CARRIER
}

/// Photographs expected in `count` messages, those in zips included.
pub fn expected_photos(options: LeakOptions, count: u64) -> f64 {
    let attachments = expected_attachments(options, count);
    attachments * (f64::from(Kind::Jpeg.share()) + f64::from(Kind::Zip.share()) * PHOTOS_PER_ZIP)
        / 100.0
}

/// The mean photograph size, bytes, that brings `count` messages to
/// `options.size` bytes on disk.
pub fn photo_target(options: LeakOptions, count: u64) -> u64 {
    let attachments = expected_attachments(options, count);
    let documents: f64 = Kind::ALL
        .iter()
        .map(|&kind| attachments * f64::from(kind.share()) / 100.0 * on_disk(mean_bytes(kind)))
        .sum();
    let photos = expected_photos(options, count).max(1.0);
    let left = options.size as f64 - count as f64 * MESSAGE_BYTES - documents;
    let per_photo = (left / photos - PART_HEADERS) * 57.0 / 77.0;
    per_photo.clamp(PHOTO_BYTES.0, PHOTO_BYTES.1) as u64
}
