//! What became of each input file during a run, counted as its messages
//! are written, and the ledger line it becomes once the file is done.

use super::*;

/// The counts of one file so far.
#[derive(Debug, Default)]
pub(super) struct FileTally {
    pub(super) format: String,
    pub(super) messages: u32,
    pub(super) indexed: u32,
    pub(super) duplicates: u32,
    pub(super) failed: u32,
    pub(super) documents: u32,
    pub(super) duplicate_documents: u32,
    pub(super) embedded: u32,
    pub(super) extraction_failures: u32,
    pub(super) declared: Option<u64>,
    pub(super) failures: Vec<MessageFailure>,
    pub(super) status: Option<(FileStatus, String)>,
    pub(super) ended: bool,
}

impl FileTally {
    pub(super) fn fail(&mut self, part: u32, attachment: Option<String>, reason: String) {
        if self.failures.len() < MAX_FAILURES_LISTED {
            self.failures.push(MessageFailure {
                part,
                attachment,
                reason,
            });
        }
    }
}

/// The ledger line of a file whose every message is written.
pub(super) fn ledger_entry(file: &InputFile, tally: FileTally) -> LedgerEntry {
    let (status, reason) = match tally.status {
        Some((status, reason)) => (status, Some(reason)),
        None if tally.indexed > 0 || tally.documents > 0 || tally.embedded > 0 => {
            (FileStatus::Indexed, None)
        }
        None if tally.duplicates > 0 || tally.duplicate_documents > 0 => {
            (FileStatus::Duplicate, None)
        }
        None if tally.failed > 0 => (
            FileStatus::Failed,
            Some(format!(
                "none of its {} messages could be parsed",
                tally.failed
            )),
        ),
        None => (
            FileStatus::Failed,
            Some("no message found in the file".into()),
        ),
    };
    LedgerEntry {
        path: file.display(),
        size: file.size,
        mtime: file.mtime,
        status,
        format: tally.format,
        messages: tally.messages,
        indexed: tally.indexed,
        duplicates: tally.duplicates,
        failed: tally.failed,
        reason,
        failures: tally.failures,
        documents: tally.documents,
        duplicate_documents: tally.duplicate_documents,
        embedded: tally.embedded,
        extraction_failures: tally.extraction_failures,
        declared: tally.declared,
    }
}
