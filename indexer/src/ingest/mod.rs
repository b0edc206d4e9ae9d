//! The ingest pipeline: walk → read and split (one thread) → parse, detect
//! language (all cores) → write, in input order (one thread).
//!
//! Order is kept so that the same input always gives the same archive: the
//! first copy of a duplicated message is the one kept, and threads are
//! assigned the same way. Memory stays bounded: channels hold a few messages
//! per worker and tantivy's writer has a fixed budget.
//!
//! Commits happen every [`IngestOptions::commit_every`] messages and at the
//! end. A ledger line is written for a file only in the commit that holds all
//! of its messages, so after a crash a re-run picks up exactly the files that
//! were not committed, and messages already in the archive from that same
//! file are recognised rather than counted as duplicates.

use std::collections::{BTreeMap, HashMap, HashSet};
use std::fs::File;
use std::io::{BufReader, Read};
use std::path::PathBuf;
use std::sync::atomic::{AtomicBool, AtomicU64, Ordering};
use std::time::{Duration, Instant};

use crossbeam_channel::bounded;
use serde::Serialize;
use tantivy::indexer::IndexWriterOptions;
use tantivy::schema::Value;
use tantivy::{IndexWriter, Searcher, TantivyDocument, Term};

use fouille_extract::message::ParsedMessage;
use fouille_extract::outlook::PstItem;
use fouille_extract::worker::{Extractor, WorkerConfig};
use fouille_extract::{DocumentFormat, Limits, detect_format};
use fouille_schema::ledger::{FileStatus, Ledger, LedgerEntry, MessageFailure};
use fouille_schema::lookup::{find_document, first_str, for_each_live_document, str_values};
use fouille_schema::stored::{FileSummary, Source, StoredSummary};
use fouille_schema::{Archive, DocumentKind, Error, Result};

use crate::dkim::KeyRing;
use crate::document::{
    DocumentContext, ParentContext, build_document, build_file_document, rebuild_email_document,
};
use crate::expand::{EmailItem, Expander, Expansion, FileItem, Item};
use crate::lang::LanguageDetector;
use crate::ledger::LedgerWriter;
use crate::merges::{CappedMergePolicy, MERGE_INPUT_CAP};
use crate::source::{FileKind, InputFile, MboxEntry, MboxSplitter, discover, emlx_message, sniff};
use crate::thread::{Threader, parse_thread_id, thread_id_string};

mod hold;
mod known;
mod pipeline;
mod read;
mod tally;
mod write;

use known::*;
use pipeline::*;
use read::*;
pub use read::{Examined, Plan, examine, plan};
use tally::*;

/// Messages larger than this are recorded as failed, not read.
pub const MAX_MESSAGE_BYTES: usize = 256 * 1024 * 1024;

/// Per-message failures kept in a ledger line (the count is always exact).
const MAX_FAILURES_LISTED: usize = 20;

/// How ingest runs.
#[derive(Debug, Clone)]
pub struct IngestOptions {
    /// Parsing threads.
    pub threads: usize,
    /// Memory budget of the index writer, bytes.
    pub writer_memory: usize,
    /// Languages detection chooses among (ISO 639-1).
    pub languages: Vec<String>,
    /// Commit after this many new messages.
    pub commit_every: usize,
    /// Commit at least this often.
    pub commit_interval: Duration,
    /// How to start extraction worker processes; `None` extracts in-process
    /// (no time or memory limit: for library tests).
    pub extraction: Option<WorkerConfig>,
    /// Extraction size limits.
    pub limits: Limits,
    /// DKIM keys to check signatures against, besides those the archive
    /// already holds; they are added to the archive's key ring.
    pub dkim_keys: KeyRing,
    /// Documents written that wait before being indexed, so that copies
    /// found meanwhile join them (see `hold`); the archive is the same
    /// whatever the number, only the time differs.
    pub hold_documents: usize,
}

impl Default for IngestOptions {
    fn default() -> Self {
        IngestOptions {
            threads: std::thread::available_parallelism().map_or(2, |n| n.get()),
            writer_memory: 128 * 1024 * 1024,
            languages: crate::lang::DEFAULT_LANGUAGES
                .iter()
                .map(|code| code.to_string())
                .collect(),
            commit_every: 50_000,
            commit_interval: Duration::from_secs(120),
            extraction: None,
            limits: Limits::default(),
            dkim_keys: KeyRing::default(),
            hold_documents: hold::HOLD_DOCUMENTS,
        }
    }
}

/// Progress reported while ingesting.
#[derive(Debug, Clone)]
pub enum Event {
    /// The inputs were walked.
    Discovered {
        /// Files found.
        files: u64,
        /// Bytes of the files to read (unchanged ones left out).
        bytes: u64,
        /// Files already in the ledger, unchanged: skipped.
        unchanged: u64,
    },
    /// Work done so far (this run).
    Progress(Progress),
    /// A commit is being written.
    Committing,
}

/// Counters of a run.
#[derive(Debug, Clone, Default, Serialize)]
pub struct Progress {
    /// Files finished.
    pub files: u64,
    /// Bytes of finished files and messages.
    pub bytes: u64,
    /// Messages added.
    pub indexed: u64,
    /// Messages already there, found in another file.
    pub duplicates: u64,
    /// Messages already there from this same file (an interrupted or changed
    /// file read again).
    pub already: u64,
    /// Messages that failed.
    pub failed: u64,
    /// Files that are not mail.
    pub unsupported: u64,
    /// Files that failed whole.
    pub failed_files: u64,
    /// Attachments and documents added.
    pub documents: u64,
    /// Messages carried by other messages or archives, added.
    pub embedded: u64,
    /// Attachments or archive members whose extraction failed or was refused.
    pub extraction_failures: u64,
}

/// The result of a run.
#[derive(Debug, Clone, Serialize)]
pub struct IngestSummary {
    /// Files found under the inputs.
    pub files_found: u64,
    /// Files skipped because the ledger already has them unchanged.
    pub files_unchanged: u64,
    /// Counters.
    pub progress: Progress,
    /// Messages added per language.
    pub languages: BTreeMap<String, u64>,
    /// Emails added per DKIM outcome.
    pub dkim: BTreeMap<String, u64>,
    /// Seconds.
    pub elapsed_secs: f64,
    /// True if the run was interrupted; a re-run completes it.
    pub interrupted: bool,
}

struct PendingDuplicate {
    id: String,
    source: Source,
    file: usize,
    /// A loose document rather than a message (counted apart in the ledger).
    document: bool,
}

/// Ingests `paths` into the archive at `dir` (created if needed).
pub fn ingest(
    dir: &std::path::Path,
    paths: &[PathBuf],
    options: &IngestOptions,
    cancel: &AtomicBool,
    on_event: &mut dyn FnMut(&Event),
) -> Result<IngestSummary> {
    ingest_into(dir, paths, options, cancel, on_event).map_err(|err| explain(dir, err))
}

/// Bytes written to find out why the archive cannot be written to.
const PROBE_BYTES: usize = 1 << 20;

/// tantivy reports a write that failed in its indexing threads as "an index
/// writer was killed", and a lock it could not create as a lock failure,
/// without the cause. A full disk or a read-only directory is then found
/// by writing a probe file, and named.
fn explain(dir: &std::path::Path, err: Error) -> Error {
    if !matches!(err, Error::Index(_) | Error::Locked(_)) {
        return err;
    }
    let probe = dir.join(".fouille-write-probe");
    let written = File::create(&probe).and_then(|mut file| {
        std::io::Write::write_all(&mut file, &vec![0; PROBE_BYTES])?;
        file.sync_all()
    });
    let _ = std::fs::remove_file(&probe);
    match written {
        Err(io) => Error::io(format!("cannot write to {}", dir.display()), io),
        Ok(()) => err,
    }
}

fn ingest_into(
    dir: &std::path::Path,
    paths: &[PathBuf],
    options: &IngestOptions,
    cancel: &AtomicBool,
    on_event: &mut dyn FnMut(&Event),
) -> Result<IngestSummary> {
    let started = Instant::now();
    let archive = Archive::open_or_create(dir)?;
    let writer = open_writer(&archive, options, dir)?;
    // The writer's lock is held: no other run changes the key ring now.
    let mut keys = KeyRing::load(dir)?;
    if keys.merge(&options.dkim_keys) > 0 {
        keys.save(dir)?;
    }
    let options = &IngestOptions {
        dkim_keys: keys,
        ..options.clone()
    };
    let committed_len = archive.committed_ledger_len()?;
    let read_before = files_read_before(&archive, committed_len)?;
    let ledger_writer = LedgerWriter::open(&archive.ledger_path(), committed_len)?;
    let (mut found, walk_failures) = discover(paths);
    // Overlapping inputs (`index a a/b`) name some files twice.
    let mut seen = HashSet::with_capacity(found.len());
    found.retain(|file| seen.insert(path_hash(&file.display())));
    drop(seen);
    let files_found = found.len() as u64;
    let files: Vec<InputFile> = found
        .into_iter()
        .filter(|file| {
            // Failed files are tried again: the cause may have been passing.
            read_before
                .get(&path_hash(&file.display()))
                .is_none_or(|&(size, mtime, failed)| {
                    failed || size != file.size || mtime != file.mtime
                })
        })
        .collect();
    let unchanged = files_found - files.len() as u64;
    on_event(&Event::Discovered {
        files: files_found,
        bytes: files.iter().map(|file| file.size).sum(),
        unchanged,
    });
    let reread: HashSet<usize> = files
        .iter()
        .enumerate()
        .filter(|(_, file)| read_before.contains_key(&path_hash(&file.display())))
        .map(|(index, _)| index)
        .collect();
    let mut state = WriterState::new(&archive, writer, ledger_writer, options, &files, reread)?;
    state.walk_failures = walk_failures.iter().map(walk_failure_entry).collect();
    state.progress.failed_files = state.walk_failures.len() as u64;
    run_pipeline(&files, options, cancel, &mut state, on_event)?;
    on_event(&Event::Committing);
    state.commit()?;
    on_event(&Event::Progress(state.progress.clone()));
    let WriterState {
        writer,
        progress,
        languages,
        dkim,
        ..
    } = state;
    writer.wait_merging_threads()?;
    Ok(IngestSummary {
        files_found,
        files_unchanged: unchanged,
        progress,
        languages,
        dkim,
        elapsed_secs: started.elapsed().as_secs_f64(),
        interrupted: cancel.load(Ordering::Relaxed),
    })
}

/// The index writer, with one capped merge at a time (see `merges`): merges
/// map what they read, and two large ones at once would double the
/// indexer's peak RSS.
/// Commits documents rewritten after indexing (OCR, a DKIM check) with
/// the ledger length of the last commit: they add no ledger line, and a
/// commit without it would hide the ledger.
pub(crate) fn commit_keeping_ledger(
    writer: &mut IndexWriter<TantivyDocument>,
    archive: &Archive,
) -> Result<()> {
    let len = archive.committed_ledger_len()?;
    let mut prepared = writer.prepare_commit()?;
    prepared.set_payload(&len.to_string());
    prepared.commit()?;
    Ok(())
}

pub(crate) fn open_writer(
    archive: &Archive,
    options: &IngestOptions,
    dir: &std::path::Path,
) -> Result<IndexWriter<TantivyDocument>> {
    let writer_threads = options.threads.clamp(1, 8);
    let writer: IndexWriter<TantivyDocument> = archive
        .index()
        .writer_with_options(
            IndexWriterOptions::builder()
                .num_worker_threads(writer_threads)
                .memory_budget_per_thread((options.writer_memory / writer_threads).max(15_000_000))
                .num_merge_threads(1)
                .build(),
        )
        .map_err(|err| match err {
            tantivy::TantivyError::LockFailure(..) => Error::Locked(dir.to_path_buf()),
            other => Error::Index(other),
        })?;
    writer.set_merge_policy(Box::new(CappedMergePolicy::new(
        archive.index_dir(),
        MERGE_INPUT_CAP,
    )));
    Ok(writer)
}

/// What the ledger says of each file read before (size, mtime, failed), by
/// a hash of its path: a million whole ledger entries would weigh hundreds
/// of megabytes.
fn files_read_before(
    archive: &Archive,
    committed_len: u64,
) -> Result<HashMap<u64, (u64, i64, bool)>> {
    Ok(Ledger::load(&archive.ledger_path(), committed_len)?
        .entries()
        .iter()
        .map(|entry| {
            (
                path_hash(&entry.path),
                (entry.size, entry.mtime, entry.status == FileStatus::Failed),
            )
        })
        .collect())
}

/// The ledger line of an input the walk could not read.
fn walk_failure_entry(failure: &crate::source::WalkFailure) -> LedgerEntry {
    LedgerEntry {
        path: failure.path.to_string_lossy().into_owned(),
        size: 0,
        mtime: 0,
        status: FileStatus::Failed,
        format: "unknown".into(),
        messages: 0,
        indexed: 0,
        duplicates: 0,
        failed: 0,
        reason: Some(format!("cannot read: {}", failure.reason)),
        failures: Vec::new(),
        documents: 0,
        duplicate_documents: 0,
        embedded: 0,
        extraction_failures: 0,
        declared: None,
    }
}

/// What the archive already holds: ids, dedup keys, thread state. Ids and
/// keys are 128-bit hashes written as 32 hex digits; they are kept as
/// numbers, a quarter of the memory of strings at a million messages.
#[derive(Default)]
struct KnownState {
    ids: HashSet<u128>,
    by_dedup_key: HashMap<u128, u128>,
    /// Ids of this run's messages found copies by their dedup key, and the
    /// id they are a copy of: a later message with the same id is a copy
    /// too (the parsers' claims count on it, see `pipeline::Claims`).
    copy_ids: HashMap<u128, u128>,
    threader: Threader,
    /// Paragraphs of this run's messages by thread, to find those repeated
    /// without a quote mark.
    paragraphs: crate::quotes::ThreadParagraphs,
}

struct WriterState<'a> {
    archive: &'a Archive,
    writer: IndexWriter<TantivyDocument>,
    reader: tantivy::IndexReader,
    ledger_writer: LedgerWriter,
    detector: LanguageDetector,
    known: KnownState,
    /// Files read before by an earlier run (changed since).
    reread: HashSet<usize>,
    tallies: HashMap<usize, FileTally>,
    pending: Vec<PendingDuplicate>,
    /// Documents written, not yet given to tantivy.
    hold: hold::Hold,
    /// Pending duplicates whose file had not ended at the last commit.
    deferred: usize,
    /// Threads merged into another since the last commit, whose documents
    /// are to be rewritten.
    rethread: Vec<u64>,
    files: &'a [InputFile],
    since_commit: usize,
    messages_seen: u64,
    last_commit: Instant,
    progress: Progress,
    languages: BTreeMap<String, u64>,
    dkim: BTreeMap<String, u64>,
    walk_failures: Vec<LedgerEntry>,
}

impl<'a> WriterState<'a> {
    fn new(
        archive: &'a Archive,
        writer: IndexWriter<TantivyDocument>,
        ledger_writer: LedgerWriter,
        options: &IngestOptions,
        files: &'a [InputFile],
        reread: HashSet<usize>,
    ) -> Result<WriterState<'a>> {
        let reader = archive.reader()?;
        let known = load_state(&reader.searcher())?;
        Ok(WriterState {
            archive,
            writer,
            reader,
            ledger_writer,
            detector: LanguageDetector::new(&options.languages),
            known,
            reread,
            tallies: HashMap::new(),
            pending: Vec::new(),
            hold: hold::Hold::new(options.hold_documents),
            deferred: 0,
            rethread: Vec::new(),
            files,
            since_commit: 0,
            messages_seen: 0,
            last_commit: Instant::now(),
            progress: Progress::default(),
            languages: BTreeMap::new(),
            dkim: BTreeMap::new(),
            walk_failures: Vec::new(),
        })
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn ids_round_trip_through_their_numeric_keys() {
        let id = "0f3a9c00000000000000000000000001";
        assert_eq!(id_of(key_of(id)), id);
        assert_ne!(key_of("not-an-id"), key_of("not-an-id-either"));
        assert_eq!(key_of("not-an-id"), key_of("not-an-id"));
    }
}
