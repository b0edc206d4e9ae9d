//! EXIF of JPEG and TIFF images, read with kamadak-exif: the camera (make
//! and model), the software that last wrote the file, the artist, when the
//! photo was taken (`DateTimeOriginal`) and when the file was changed
//! (`DateTime`), with their offsets (EXIF 2.31) when written.

use std::io::Cursor;

use exif::{Exif, In, Reader, Tag, Value};

use super::date::normalise;
use super::{DocumentMetadata, Field, MAX_VALUE_CHARS, MetadataBuilder, clean_value};
use crate::codepage::decode_8bit;

/// True for the containers read here: JPEG and TIFF (both byte orders).
pub(crate) fn is_exif_container(bytes: &[u8]) -> bool {
    bytes.starts_with(b"\xFF\xD8\xFF") || bytes.starts_with(b"II*\0") || bytes.starts_with(b"MM\0*")
}

/// The EXIF metadata of an image; None when it has none, or is not a JPEG
/// or TIFF.
pub(crate) fn read(bytes: &[u8]) -> Option<DocumentMetadata> {
    if !is_exif_container(bytes) {
        return None;
    }
    let exif = Reader::new()
        .continue_on_error(true)
        .read_from_container(&mut Cursor::new(bytes))
        .or_else(|error| error.distill_partial_result(|_| {}))
        .ok()?;
    let mut builder = MetadataBuilder::default();
    let text = |tag| ascii(&exif, tag);
    if let Some(artist) = text(Tag::Artist) {
        builder.add(Field::Author, &artist);
    }
    if let Some(software) = text(Tag::Software) {
        builder.add(Field::Software, &software);
    }
    if let Some(camera) = camera(text(Tag::Make), text(Tag::Model)) {
        builder.add(Field::Camera, &camera);
    }
    for (field, tag, offset) in [
        (
            Field::Created,
            Tag::DateTimeOriginal,
            Tag::OffsetTimeOriginal,
        ),
        (Field::Modified, Tag::DateTime, Tag::OffsetTime),
    ] {
        if let Some(date) = text(tag) {
            let date = match text(offset) {
                // `2017:05:03 10:15:00` and `+03:00`.
                Some(offset) => format!("{date}{offset}"),
                None => date,
            };
            if let Some(date) = normalise(&date) {
                builder.add_clean(field, date);
            }
        }
    }
    builder.finish()
}

/// The first ASCII value of `tag` in the main image, decoded (UTF-8 when
/// it is, else windows-1252: cameras and editors write both).
fn ascii(exif: &Exif, tag: Tag) -> Option<String> {
    let field = exif.get_field(tag, In::PRIMARY)?;
    let Value::Ascii(values) = &field.value else {
        return None;
    };
    let bytes = values.first()?;
    let bytes = &bytes[..bytes.len().min((MAX_VALUE_CHARS + 1) * 4)];
    clean_value(&decode_8bit(bytes, None))
}

/// "Make Model", or the model alone when it already names the maker
/// (`Canon` and `Canon EOS 5D`).
fn camera(make: Option<String>, model: Option<String>) -> Option<String> {
    match (make, model) {
        (Some(make), Some(model)) => {
            let first = make.split_whitespace().next().unwrap_or_default();
            if model.to_lowercase().starts_with(&first.to_lowercase()) {
                Some(model)
            } else {
                Some(format!("{make} {model}"))
            }
        }
        (make, model) => make.or(model),
    }
}

#[cfg(test)]
pub(crate) mod tests {
    use super::*;

    /// A TIFF structure (little-endian) whose first IFD holds the ASCII
    /// `entries` and, for the tags of the EXIF IFD (`0x9xxx`), a pointer to
    /// a second IFD holding them.
    pub(crate) fn tiff(entries: &[(u16, &str)]) -> Vec<u8> {
        let (main, sub): (Vec<_>, Vec<_>) = entries.iter().partition(|(tag, _)| *tag < 0x9000);
        let mut data = b"II*\0\x08\0\0\0".to_vec();
        let main_count = main.len() + usize::from(!sub.is_empty());
        let main_size = 2 + main_count * 12 + 4;
        let sub_at = 8 + main_size;
        let sub_size = if sub.is_empty() {
            0
        } else {
            2 + sub.len() * 12 + 4
        };
        let mut heap_at = sub_at + sub_size;
        let mut heap = Vec::new();
        let mut ifd = |entries: &[&(u16, &str)], pointer: Option<usize>, data: &mut Vec<u8>| {
            let count = entries.len() + usize::from(pointer.is_some());
            data.extend_from_slice(&(count as u16).to_le_bytes());
            let mut sorted: Vec<(u16, Option<&str>)> = entries
                .iter()
                .map(|(tag, text)| (*tag, Some(*text)))
                .collect();
            if pointer.is_some() {
                sorted.push((0x8769, None));
            }
            sorted.sort_by_key(|(tag, _)| *tag);
            for (tag, text) in sorted {
                data.extend_from_slice(&tag.to_le_bytes());
                match text {
                    None => {
                        data.extend_from_slice(&4u16.to_le_bytes());
                        data.extend_from_slice(&1u32.to_le_bytes());
                        data.extend_from_slice(&(pointer.unwrap_or(0) as u32).to_le_bytes());
                    }
                    Some(text) => {
                        let mut bytes = text.as_bytes().to_vec();
                        bytes.push(0);
                        data.extend_from_slice(&2u16.to_le_bytes());
                        data.extend_from_slice(&(bytes.len() as u32).to_le_bytes());
                        if bytes.len() <= 4 {
                            bytes.resize(4, 0);
                            data.extend_from_slice(&bytes);
                        } else {
                            data.extend_from_slice(&(heap_at as u32).to_le_bytes());
                            heap_at += bytes.len();
                            heap.extend_from_slice(&bytes);
                        }
                    }
                }
            }
            data.extend_from_slice(&0u32.to_le_bytes());
        };
        let main: Vec<&(u16, &str)> = main.into_iter().collect();
        let sub: Vec<&(u16, &str)> = sub.into_iter().collect();
        ifd(&main, (!sub.is_empty()).then_some(sub_at), &mut data);
        if !sub.is_empty() {
            ifd(&sub, None, &mut data);
        }
        data.extend_from_slice(&heap);
        data
    }

    /// A JPEG holding `tiff` as its EXIF (APP1) segment, and no image.
    pub(crate) fn jpeg(tiff: &[u8]) -> Vec<u8> {
        let mut jpeg = b"\xFF\xD8\xFF\xE1".to_vec();
        jpeg.extend_from_slice(&((tiff.len() + 8) as u16).to_be_bytes());
        jpeg.extend_from_slice(b"Exif\0\0");
        jpeg.extend_from_slice(tiff);
        jpeg.extend_from_slice(b"\xFF\xD9");
        jpeg
    }

    /// EXIF tags written by the tests.
    pub(crate) const MAKE: u16 = 0x010F;
    pub(crate) const MODEL: u16 = 0x0110;
    pub(crate) const SOFTWARE: u16 = 0x0131;
    pub(crate) const DATE_TIME: u16 = 0x0132;
    pub(crate) const ARTIST: u16 = 0x013B;
    pub(crate) const DATE_TIME_ORIGINAL: u16 = 0x9003;
    pub(crate) const OFFSET_TIME_ORIGINAL: u16 = 0x9011;

    #[test]
    fn jpeg_camera_software_dates_and_artist() {
        let exif = tiff(&[
            (MAKE, "Canon"),
            (MODEL, "Canon EOS 5D Mark III"),
            (SOFTWARE, "Adobe Photoshop CS6 (Windows)"),
            (DATE_TIME, "2017:05:04 09:00:00"),
            (ARTIST, "Zoé Durand"),
            (DATE_TIME_ORIGINAL, "2017:05:03 10:15:00"),
            (OFFSET_TIME_ORIGINAL, "+03:00"),
        ]);
        let metadata = read(&jpeg(&exif)).unwrap();
        assert_eq!(
            metadata,
            DocumentMetadata {
                authors: vec!["Zoé Durand".into()],
                software: vec!["Adobe Photoshop CS6 (Windows)".into()],
                camera: Some("Canon EOS 5D Mark III".into()),
                created: Some("2017-05-03T10:15:00+03:00".into()),
                modified: Some("2017-05-04T09:00:00".into()),
                ..DocumentMetadata::default()
            }
        );
        // The same tags in a bare TIFF.
        assert_eq!(read(&exif), Some(metadata));
    }

    #[test]
    fn make_and_model_are_joined_once() {
        let metadata = read(&jpeg(&tiff(&[
            (MAKE, "NIKON CORPORATION"),
            (MODEL, "D750"),
        ])))
        .unwrap();
        assert_eq!(metadata.camera.as_deref(), Some("NIKON CORPORATION D750"));
        let metadata = read(&jpeg(&tiff(&[(MAKE, "Apple"), (MODEL, "iPhone 7")]))).unwrap();
        assert_eq!(metadata.camera.as_deref(), Some("Apple iPhone 7"));
    }

    #[test]
    fn images_without_exif_and_garbage() {
        assert_eq!(
            read(b"\xFF\xD8\xFF\xE0\x00\x10JFIF\0\x01\x01\0\0\x01\0\x01\0\0\xFF\xD9"),
            None
        );
        assert_eq!(read(b"\x89PNG\r\n\x1a\n"), None);
        let good = jpeg(&tiff(&[(MAKE, "Canon"), (SOFTWARE, "GIMP 2.10")]));
        for cut in 0..good.len() {
            let _ = read(&good[..cut]);
        }
        for index in 0..good.len() {
            let mut bad = good.clone();
            bad[index] ^= 0xFF;
            let _ = read(&bad);
        }
    }
}
