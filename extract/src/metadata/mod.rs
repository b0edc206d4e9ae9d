//! Document metadata: who made a file, with what, and when, as the format
//! records it. One reader per family, each fed by the extractor that already
//! opened the file (no file is parsed twice):
//!
//! - [`pdf`]: the Info dictionary and the XMP packet of a PDF;
//! - [`xml`]: OOXML `docProps/core.xml` and `docProps/app.xml`, ODF
//!   `meta.xml` (and the XMP packet, which is XML too);
//! - [`ole`]: OLE property sets (SummaryInformation and
//!   DocumentSummaryInformation) of legacy .doc, .xls and .ppt, in their
//!   code page;
//! - [`exif`]: EXIF of JPEG and TIFF images;
//! - RTF `\info` is read by the RTF converter itself, into the same
//!   [`MetadataBuilder`].
//!
//! Metadata is written by whoever made the file, so it is hostile input:
//! every value goes through [`clean_value`] (control and bidi characters
//! removed, white space collapsed, at most [`MAX_VALUE_CHARS`] characters)
//! and a document keeps at most [`MAX_VALUES`] authors and as many tools.

pub(crate) mod date;
pub(crate) mod exif;
pub(crate) mod ole;
pub(crate) mod pdf;
pub(crate) mod xml;

#[cfg(test)]
mod fixtures;

pub use fouille_schema::stored::DocumentMetadata;

use crate::{ExtractError, Extraction};

/// Longest value kept, in characters; a longer one is cut and ends with `…`.
pub const MAX_VALUE_CHARS: usize = 512;

/// Most values kept in each list (authors, software).
pub const MAX_VALUES: usize = 16;

/// Which metadata value a format's property stands for.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub(crate) enum Field {
    Title,
    Author,
    LastEditor,
    Software,
    Camera,
    Company,
    Template,
    Revision,
    Created,
    Modified,
}

/// Collects the values read from one file, cleaned and capped. Single
/// values keep the first one given: readers give the most trusted source
/// first (a PDF's Info dictionary before its XMP).
#[derive(Debug, Default)]
pub(crate) struct MetadataBuilder {
    metadata: DocumentMetadata,
}

impl MetadataBuilder {
    /// Adds `raw` as `field`; dates are read with [`date::normalise`].
    pub fn add(&mut self, field: Field, raw: &str) {
        let value = match field {
            Field::Created | Field::Modified => date::normalise(raw),
            _ => clean_value(raw),
        };
        if let Some(value) = value {
            self.add_clean(field, value);
        }
    }

    /// Adds a value already cleaned (a date built from numbers).
    pub fn add_clean(&mut self, field: Field, value: String) {
        let metadata = &mut self.metadata;
        let single = match field {
            Field::Author => return push_capped(&mut metadata.authors, value),
            Field::Software => return push_capped(&mut metadata.software, value),
            Field::Title => &mut metadata.title,
            Field::LastEditor => &mut metadata.last_editor,
            Field::Camera => &mut metadata.camera,
            Field::Company => &mut metadata.company,
            Field::Template => &mut metadata.template,
            Field::Revision => &mut metadata.revision,
            Field::Created => &mut metadata.created,
            Field::Modified => &mut metadata.modified,
        };
        if single.is_none() {
            *single = Some(value);
        }
    }

    /// The metadata, or None when nothing was found.
    pub fn finish(self) -> Option<DocumentMetadata> {
        (!self.metadata.is_empty()).then_some(self.metadata)
    }
}

/// `result` with `metadata` attached when it is a success.
pub(crate) fn with_metadata(
    result: Result<Extraction, ExtractError>,
    metadata: Option<DocumentMetadata>,
) -> Result<Extraction, ExtractError> {
    result.map(|extraction| Extraction {
        metadata,
        ..extraction
    })
}

/// Appends `value` unless it is there already or the list is full.
fn push_capped(list: &mut Vec<String>, value: String) {
    if list.len() < MAX_VALUES && !list.contains(&value) {
        list.push(value);
    }
}

/// Characters that change how text around them displays (bidi embeddings,
/// overrides and isolates, marks) or hide (zero-width, byte-order mark): a
/// name must not display as another (`Petrov\u{202E}vorteP`).
fn is_invisible_format(c: char) -> bool {
    matches!(
        c,
        '\u{200b}'..='\u{200f}'
            | '\u{202a}'..='\u{202e}'
            | '\u{2060}'..='\u{2069}'
            | '\u{feff}'
    )
}

/// A metadata value made safe to index and show: control characters
/// become spaces, bidi and other invisible format characters are removed,
/// runs of white space become one space, the ends are trimmed, and the
/// value is cut at [`MAX_VALUE_CHARS`] (ending with `…`). None when nothing
/// is left, or when most of it is U+FFFD (bytes that did not decode).
pub fn clean_value(raw: &str) -> Option<String> {
    let mut value = String::new();
    let mut chars = 0;
    let mut replacements = 0;
    let mut pending_space = false;
    for c in raw.chars() {
        if is_invisible_format(c) {
            continue;
        }
        if c.is_control() || c.is_whitespace() {
            pending_space = !value.is_empty();
            continue;
        }
        if chars == MAX_VALUE_CHARS {
            value.push('…');
            break;
        }
        if pending_space {
            value.push(' ');
            chars += 1;
            pending_space = false;
            if chars == MAX_VALUE_CHARS {
                value.push('…');
                break;
            }
        }
        if c == '\u{fffd}' {
            replacements += 1;
        }
        value.push(c);
        chars += 1;
    }
    let trimmed = value.trim_end().len();
    value.truncate(trimmed);
    if value.is_empty() || replacements * 2 > chars {
        return None;
    }
    Some(value)
}

/// The metadata of an image, when it carries EXIF: JPEG and TIFF.
pub fn image_metadata(bytes: &[u8]) -> Option<DocumentMetadata> {
    exif::read(bytes)
}

/// True when `bytes` (a whole file, or its first kilobytes) look like an
/// image with EXIF that [`image_metadata`] reads: a TIFF, or a JPEG with an
/// `Exif` segment in its first 64 KiB (where cameras write it).
pub fn may_carry_exif(bytes: &[u8]) -> bool {
    const MARKER: &[u8] = b"Exif\0\0";
    if !exif::is_exif_container(bytes) {
        return false;
    }
    if !bytes.starts_with(b"\xFF\xD8") {
        return true;
    }
    let head = &bytes[..bytes.len().min(64 * 1024)];
    head.windows(MARKER.len()).any(|window| window == MARKER)
}

/// Serde glue carrying [`DocumentMetadata`] through the worker protocol as
/// JSON text: its empty fields are skipped when serialized, which a format
/// without field names (postcard) cannot read back.
pub(crate) mod wire {
    use serde::de::Error as _;
    use serde::ser::Error as _;
    use serde::{Deserialize, Deserializer, Serialize, Serializer};

    use super::DocumentMetadata;

    pub fn serialize<S: Serializer>(
        value: &Option<DocumentMetadata>,
        serializer: S,
    ) -> Result<S::Ok, S::Error> {
        let json = value
            .as_ref()
            .map(serde_json::to_string)
            .transpose()
            .map_err(S::Error::custom)?;
        json.serialize(serializer)
    }

    pub fn deserialize<'de, D: Deserializer<'de>>(
        deserializer: D,
    ) -> Result<Option<DocumentMetadata>, D::Error> {
        Option::<String>::deserialize(deserializer)?
            .map(|json| serde_json::from_str(&json))
            .transpose()
            .map_err(D::Error::custom)
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn values_are_cleaned() {
        assert_eq!(
            clean_value("  Zoé\t\n  Durand \u{0} "),
            Some("Zoé Durand".to_string())
        );
        assert_eq!(
            clean_value("Petrov\u{202E}vorteP\u{2066}x\u{2069}\u{200B}"),
            Some("PetrovvortePx".to_string())
        );
        assert_eq!(clean_value("\u{202E}\u{1}  "), None);
        assert_eq!(clean_value("\u{fffd}\u{fffd}a"), None);
        assert_eq!(
            clean_value("Ren\u{fffd} Dupont"),
            Some("Ren\u{fffd} Dupont".into())
        );
    }

    #[test]
    fn long_values_are_cut() {
        let long = "x".repeat(1_000_000);
        let value = clean_value(&long).unwrap();
        assert_eq!(value.chars().count(), MAX_VALUE_CHARS + 1);
        assert!(value.ends_with("x…"));
        let exact = "y".repeat(MAX_VALUE_CHARS);
        assert_eq!(clean_value(&exact), Some(exact.clone()));
        // A space at the cut does not end the value.
        let spaced = format!("{} z", "y".repeat(MAX_VALUE_CHARS - 1));
        assert_eq!(
            clean_value(&spaced),
            Some(format!("{} …", "y".repeat(MAX_VALUE_CHARS - 1)))
        );
    }

    #[test]
    fn lists_are_deduplicated_and_capped() {
        let mut builder = MetadataBuilder::default();
        for index in 0..100 {
            builder.add(Field::Author, &format!("Auteur {}", index % 40));
        }
        builder.add(Field::Title, "Premier");
        builder.add(Field::Title, "Second");
        builder.add(Field::Created, "D:20170503101500+02'00'");
        let metadata = builder.finish().unwrap();
        assert_eq!(metadata.authors.len(), MAX_VALUES);
        assert_eq!(metadata.authors[1], "Auteur 1");
        assert_eq!(metadata.title.as_deref(), Some("Premier"));
        assert_eq!(
            metadata.created.as_deref(),
            Some("2017-05-03T10:15:00+02:00")
        );
        assert_eq!(MetadataBuilder::default().finish(), None);
    }

    #[test]
    fn exif_is_looked_for_in_tiffs_and_jpegs_with_an_exif_segment() {
        assert!(may_carry_exif(b"II*\0\x08\0\0\0"));
        assert!(may_carry_exif(b"MM\0*\0\0\0\x08"));
        assert!(may_carry_exif(b"\xFF\xD8\xFF\xE1\x00\x10Exif\0\0II*\0"));
        assert!(!may_carry_exif(b"\xFF\xD8\xFF\xE0\x00\x10JFIF\0\x01\x01"));
        assert!(!may_carry_exif(b"\x89PNG\r\n\x1a\nExif\0\0"));
    }

    #[test]
    fn metadata_crosses_the_worker_protocol() {
        #[derive(serde::Serialize, serde::Deserialize, PartialEq, Debug)]
        struct Carrier {
            before: u32,
            #[serde(with = "wire")]
            metadata: Option<DocumentMetadata>,
            after: u32,
        }
        for metadata in [
            None,
            Some(DocumentMetadata {
                authors: vec!["Георгий Петров".into()],
                modified: Some("2017-05-03T10:15:00Z".into()),
                ..DocumentMetadata::default()
            }),
        ] {
            let carrier = Carrier {
                before: 1,
                metadata,
                after: 2,
            };
            let bytes = postcard::to_allocvec(&carrier).unwrap();
            assert_eq!(postcard::from_bytes::<Carrier>(&bytes).unwrap(), carrier);
        }
    }
}
