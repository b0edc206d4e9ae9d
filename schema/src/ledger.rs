//! The completeness ledger: one JSON line per input file, saying what became
//! of it (indexed, duplicate, unsupported, failed) and why. The indexer
//! appends to it (`fouille_indexer`'s `LedgerWriter`); this module is its
//! format and reads it back.
//!
//! Lines are appended just before each index commit and the commit records the
//! ledger length it covers. On open, anything past that length belongs to a
//! commit that never happened (a crash) and is cut off, so the ledger and the
//! index always agree.

use std::collections::HashMap;
use std::fs::File;
use std::io::{BufRead, BufReader};
use std::path::Path;

use serde::{Deserialize, Serialize};

use crate::error::{Error, Result};

/// What became of an input file.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, Serialize, Deserialize)]
#[serde(rename_all = "lowercase")]
pub enum FileStatus {
    /// At least one message of the file is in the archive because of it.
    Indexed,
    /// Every message of the file was already in the archive.
    Duplicate,
    /// The file was kept out as not mail, with the reason: written by
    /// archives before version 6 only. Every file is a document now, one
    /// whose format is not read has the extraction outcome `unsupported`.
    Unsupported,
    /// The file could not be read, or none of its messages could be parsed.
    Failed,
}

/// One message of a file that could not be indexed.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct MessageFailure {
    /// Position of the message in the file (1-based, for mbox).
    pub part: u32,
    /// The attachment or archive member that failed (`a.zip › b.pdf`);
    /// absent when the message itself failed.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub attachment: Option<String>,
    /// Why.
    pub reason: String,
}

/// One line of the ledger.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct LedgerEntry {
    /// Absolute path of the input file.
    pub path: String,
    /// File size when read.
    pub size: u64,
    /// Modification time (seconds since the epoch) when read.
    pub mtime: i64,
    /// Outcome.
    pub status: FileStatus,
    /// Detected format: `eml`, `maildir`, `mbox`, `emlx`, or what the file is.
    pub format: String,
    /// Messages found in the file.
    pub messages: u32,
    /// Messages added to the archive.
    pub indexed: u32,
    /// Messages already in the archive (their source was added to it).
    pub duplicates: u32,
    /// Messages that could not be indexed.
    pub failed: u32,
    /// Attachments and documents added (loose files, archive members).
    #[serde(default, skip_serializing_if = "is_zero")]
    pub documents: u32,
    /// Loose documents already in the archive (found in another place).
    #[serde(default, skip_serializing_if = "is_zero")]
    pub duplicate_documents: u32,
    /// Messages carried by others (forwarded as attachments, in archives)
    /// added to the archive.
    #[serde(default, skip_serializing_if = "is_zero")]
    pub embedded: u32,
    /// Attachments or members whose extraction failed or was refused.
    #[serde(default, skip_serializing_if = "is_zero")]
    pub extraction_failures: u32,
    /// For a PST: the messages its folders declare.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub declared: Option<u64>,
    /// Why the file is unsupported or failed.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub reason: Option<String>,
    /// Per-message failures (the first few).
    #[serde(default, skip_serializing_if = "Vec::is_empty")]
    pub failures: Vec<MessageFailure>,
}

fn is_zero(count: &u32) -> bool {
    *count == 0
}

/// The ledger of an archive, as of its last commit.
#[derive(Debug, Default)]
pub struct Ledger {
    /// Latest entry per path, in first-seen order.
    entries: Vec<LedgerEntry>,
    by_path: HashMap<String, usize>,
}

impl Ledger {
    /// Reads the ledger at `path`, keeping only the first `committed_len` bytes
    /// (the part covered by the last commit).
    pub fn load(path: &Path, committed_len: u64) -> Result<Ledger> {
        let mut ledger = Ledger::default();
        let file = match File::open(path) {
            Ok(file) => file,
            Err(err) if err.kind() == std::io::ErrorKind::NotFound => return Ok(ledger),
            Err(err) => return Err(Error::io(format!("read {}", path.display()), err)),
        };
        let reader = BufReader::new(std::io::Read::take(file, committed_len));
        for (number, line) in reader.lines().enumerate() {
            let line = line.map_err(|err| Error::io(format!("read {}", path.display()), err))?;
            if line.trim().is_empty() {
                continue;
            }
            let entry: LedgerEntry = serde_json::from_str(&line).map_err(|err| {
                Error::Damaged(format!("{} line {}: {err}", path.display(), number + 1))
            })?;
            ledger.insert(entry);
        }
        Ok(ledger)
    }

    fn insert(&mut self, entry: LedgerEntry) {
        match self.by_path.get(&entry.path) {
            Some(&at) => self.entries[at] = entry,
            None => {
                self.by_path.insert(entry.path.clone(), self.entries.len());
                self.entries.push(entry);
            }
        }
    }

    /// The latest entry for `path`.
    pub fn get(&self, path: &str) -> Option<&LedgerEntry> {
        self.by_path.get(path).map(|&at| &self.entries[at])
    }

    /// Latest entry of every file.
    pub fn entries(&self) -> &[LedgerEntry] {
        &self.entries
    }

    /// Counts of files by status.
    pub fn file_counts(&self) -> FileCounts {
        let mut counts = FileCounts::default();
        for entry in &self.entries {
            match entry.status {
                FileStatus::Indexed => counts.indexed += 1,
                FileStatus::Duplicate => counts.duplicate += 1,
                FileStatus::Unsupported => counts.unsupported += 1,
                FileStatus::Failed => counts.failed += 1,
            }
        }
        counts
    }

    /// Counts of messages by outcome, over every file.
    pub fn message_counts(&self) -> MessageCounts {
        let mut counts = MessageCounts::default();
        for entry in &self.entries {
            counts.found += u64::from(entry.messages);
            counts.indexed += u64::from(entry.indexed);
            counts.duplicate += u64::from(entry.duplicates);
            counts.failed += u64::from(entry.failed);
            counts.embedded += u64::from(entry.embedded);
            counts.documents += u64::from(entry.documents);
            counts.extraction_failures += u64::from(entry.extraction_failures);
        }
        counts
    }
}

/// Files by outcome.
#[derive(Debug, Clone, Copy, Default, PartialEq, Eq, Serialize, Deserialize)]
#[cfg_attr(feature = "openapi", derive(utoipa::ToSchema))]
pub struct FileCounts {
    /// Files that added messages.
    pub indexed: u64,
    /// Files whose messages were all already there.
    pub duplicate: u64,
    /// Files that failed.
    pub failed: u64,
    /// Files that are not mail.
    pub unsupported: u64,
}

impl FileCounts {
    /// Every file accounted for.
    pub fn total(&self) -> u64 {
        self.indexed + self.duplicate + self.failed + self.unsupported
    }
}

/// Messages by outcome.
#[derive(Debug, Clone, Copy, Default, PartialEq, Eq, Serialize, Deserialize)]
#[cfg_attr(feature = "openapi", derive(utoipa::ToSchema))]
pub struct MessageCounts {
    /// Messages found in mail files.
    pub found: u64,
    /// Added to the archive.
    pub indexed: u64,
    /// Already in the archive.
    pub duplicate: u64,
    /// Could not be indexed.
    pub failed: u64,
    /// Messages carried by others (forwarded, in archives), added.
    pub embedded: u64,
    /// Attachments and documents added.
    pub documents: u64,
    /// Attachments and archive members whose extraction failed or was refused.
    pub extraction_failures: u64,
}
