//! The archive format version, written next to the index so that a Fouille
//! binary never silently misreads an archive written by another version.

use serde::{Deserialize, Serialize};

/// Name of the version file at the top of an archive directory.
pub const VERSION_FILE: &str = "fouille-archive.json";

/// The format marker every archive carries.
pub const ARCHIVE_FORMAT: &str = "fouille-archive";

/// Bumped whenever fields, analyzers or the on-disk layout change in a way
/// that an older or newer binary could not read correctly. 2: attachments and
/// documents; 3: dictionaries of string fast fields stored uncompressed (a
/// version-2 binary cannot read them, nor a version-3 one those of version 2);
/// 4: emails' HTML sanitized at index time and stored; 5: provenance (DKIM
/// outcome, document metadata, mail client, MinHash of the text); 6: every file
/// a document (images and unread formats included), OCR outcomes and the
/// `ocr/` folder of images waiting for it; 7: an email's own text apart
/// from the text it quotes, and entities (IBANs, phones, SIREN and SIRET,
/// link hosts, mentioned addresses).
pub const ARCHIVE_VERSION: u32 = 7;

/// Contents of [`VERSION_FILE`].
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct ArchiveVersion {
    /// Always [`ARCHIVE_FORMAT`].
    pub format: String,
    /// The [`ARCHIVE_VERSION`] of the binary that created the archive.
    pub version: u32,
}

impl ArchiveVersion {
    /// The version this binary writes and reads.
    pub fn current() -> Self {
        ArchiveVersion {
            format: ARCHIVE_FORMAT.to_string(),
            version: ARCHIVE_VERSION,
        }
    }
}
