//! Outlook `.pst` mailboxes: every message of every folder, as RFC 822.

use std::path::Path;

use serde::{Deserialize, Serialize};

use crate::extract::{ExtractError, Limits};

/// One item found while reading a PST.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub enum PstItem {
    /// A message, converted to RFC 822.
    Message {
        /// Its folder path (`Inbox/Projets`).
        folder: String,
        /// The message.
        eml: Vec<u8>,
    },
    /// A message that could not be read.
    Failed {
        /// Its folder path.
        folder: String,
        /// Why.
        reason: String,
    },
}

/// What a PST declared and what was found in it.
#[derive(Debug, Clone, Default, PartialEq, Eq, Serialize, Deserialize)]
pub struct PstSummary {
    /// Messages the folders declare (their content counts, summed).
    pub declared: u64,
    /// Messages read (passed to the callback as `Message`).
    pub found: u64,
    /// Messages that failed (passed as `Failed`).
    pub failed: u64,
}

/// Reads every message of the PST at `path`, calling `on_item` for each;
/// stops early when `on_item` returns false.
pub fn read_pst(
    _path: &Path,
    _limits: &Limits,
    _on_item: &mut dyn FnMut(PstItem) -> bool,
) -> Result<PstSummary, ExtractError> {
    Err(ExtractError::Unsupported("pst".into()))
}
