//! The limits every extraction is held to: huge files, zip bombs (members
//! that unpack to far more than they weigh), containers nested too deep.
//! Archives (zip, tar, 7z) and zip-based documents (Office, OpenDocument)
//! apply the same checks through [`Limits::ratio_cap`] and
//! [`Limits::unpacked_left`].

use serde::{Deserialize, Serialize};

use crate::MAX_TEXT_BYTES;

/// Members smaller than this are not held to the compression ratio: a small
/// member cannot be a bomb, and a few kilobytes of repetitive text or XML
/// compress very well.
pub const RATIO_FLOOR: u64 = 1024 * 1024;

/// Size limits applied while extracting (zip-bomb and huge-file guards).
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize, Deserialize)]
pub struct Limits {
    /// Documents larger than this are not extracted (indexed by name only).
    pub max_document_bytes: u64,
    /// Extracted text is cut at this many bytes (`truncated` is then set).
    pub max_text_bytes: usize,
    /// Members read from one container; the rest are skipped with a reason.
    pub max_entries: usize,
    /// Bytes unpacked from one container, all members together.
    pub max_unpacked_bytes: u64,
    /// Unpacked size over packed size, per member and per container.
    pub max_ratio: u64,
    /// Containers inside containers (a zip in a zip in a mail is depth 2).
    pub max_depth: u32,
}

impl Default for Limits {
    fn default() -> Self {
        Limits {
            max_document_bytes: 256 * 1024 * 1024,
            max_text_bytes: MAX_TEXT_BYTES,
            max_entries: 10_000,
            max_unpacked_bytes: 1024 * 1024 * 1024,
            max_ratio: 200,
            max_depth: 5,
        }
    }
}

impl Limits {
    /// The largest unpacked size `max_ratio` allows for `packed` bytes (never
    /// under [`RATIO_FLOOR`]).
    pub fn ratio_cap(&self, packed: u64) -> u64 {
        packed
            .max(1)
            .saturating_mul(self.max_ratio)
            .max(RATIO_FLOOR)
    }

    /// Bytes a container may still unpack once `unpacked` are out.
    pub fn unpacked_left(&self, unpacked: u64) -> u64 {
        self.max_unpacked_bytes.saturating_sub(unpacked)
    }
}
