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

use crate::archive::Archive;
use crate::document::{
    DocumentContext, FileSummary, ParentContext, Source, StoredSummary, build_document,
    build_file_document,
};
use crate::error::{Error, Result};
use crate::expand::{Expander, Expansion, FileItem, Item, KIND_DOCUMENT};
use crate::extract::{DocumentFormat, Limits, detect_format};
use crate::lang::LanguageDetector;
use crate::ledger::{FileStatus, Ledger, LedgerEntry, LedgerWriter, MessageFailure};
use crate::lookup::{find_document, first_str, for_each_live_document, str_values};
use crate::merges::{CappedMergePolicy, MERGE_INPUT_CAP};
use crate::message::{ParsedMessage, parse_message};
use crate::outlook::PstItem;
use crate::source::{FileKind, InputFile, MboxEntry, MboxSplitter, discover, emlx_message, sniff};
use crate::thread::{Threader, parse_thread_id, thread_id_string};
use crate::worker::{Extractor, WorkerConfig};

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
    /// Seconds.
    pub elapsed_secs: f64,
    /// True if the run was interrupted; a re-run completes it.
    pub interrupted: bool,
}

enum Work {
    Message {
        seq: u64,
        file: usize,
        part: u32,
        source: Source,
        /// The bytes, or why they were not read.
        raw: std::result::Result<Vec<u8>, String>,
    },
    Document {
        seq: u64,
        file: usize,
        source: Source,
        name: String,
        bytes: Vec<u8>,
    },
    FileEnd {
        seq: u64,
        file: usize,
        format: String,
        outcome: FileOutcome,
    },
}

/// Bytes read ahead of the writer, at most (unless one item is larger): with
/// documents of up to hundreds of megabytes, a queue bounded by count alone
/// could hold gigabytes.
const MAX_BYTES_IN_FLIGHT: u64 = 64 * 1024 * 1024;

/// The parsers' queue, bounded in items and in bytes.
struct WorkQueue<'a> {
    tx: crossbeam_channel::Sender<Work>,
    in_flight: &'a AtomicU64,
    halted: &'a dyn Fn() -> bool,
}

impl WorkQueue<'_> {
    fn send(&self, work: Work) -> std::result::Result<(), ()> {
        let size = match &work {
            Work::Message { raw: Ok(raw), .. } => raw.len() as u64,
            Work::Document { bytes, .. } => bytes.len() as u64,
            _ => 0,
        };
        if size > 0 {
            while self.in_flight.load(Ordering::Acquire) > 0
                && self.in_flight.load(Ordering::Acquire) + size > MAX_BYTES_IN_FLIGHT
            {
                if (self.halted)() {
                    return Err(());
                }
                std::thread::sleep(Duration::from_millis(2));
            }
            self.in_flight.fetch_add(size, Ordering::AcqRel);
        }
        self.tx.send(work).map_err(|_| ())
    }
}

enum FileOutcome {
    Read,
    /// A PST: messages its folders declare.
    Declared(u64),
    Unsupported(String),
    Failed(String),
}

enum Done {
    Item {
        file: usize,
        part: u32,
        source: Source,
        size: u64,
        /// Why the item was not read at all.
        unread: Option<String>,
        expansion: Expansion,
    },
    FileEnd {
        file: usize,
        format: String,
        outcome: FileOutcome,
    },
}

#[derive(Debug, Default)]
struct FileTally {
    format: String,
    messages: u32,
    indexed: u32,
    duplicates: u32,
    failed: u32,
    documents: u32,
    duplicate_documents: u32,
    embedded: u32,
    extraction_failures: u32,
    declared: Option<u64>,
    failures: Vec<MessageFailure>,
    status: Option<(FileStatus, String)>,
    ended: bool,
}

impl FileTally {
    fn fail(&mut self, part: u32, attachment: Option<String>, reason: String) {
        if self.failures.len() < MAX_FAILURES_LISTED {
            self.failures.push(MessageFailure {
                part,
                attachment,
                reason,
            });
        }
    }
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
    let writer_threads = options.threads.clamp(1, 8);
    // One merge at a time, each capped (see `merges`): merges map what they
    // read, and two large ones at once would double the indexer's peak RSS.
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
    let committed_len = archive.committed_ledger_len()?;
    // What the ledger says of each file read before, by a hash of its path:
    // a million whole ledger entries would weigh hundreds of megabytes.
    let read_before: HashMap<u64, (u64, i64, bool)> =
        Ledger::load(&archive.ledger_path(), committed_len)?
            .entries()
            .iter()
            .map(|entry| {
                (
                    path_hash(&entry.path),
                    (entry.size, entry.mtime, entry.status == FileStatus::Failed),
                )
            })
            .collect();
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

    let reader = archive.reader()?;
    let known = load_state(&reader.searcher())?;
    let reread: HashSet<usize> = files
        .iter()
        .enumerate()
        .filter(|(_, file)| read_before.contains_key(&path_hash(&file.display())))
        .map(|(index, _)| index)
        .collect();
    let mut state = WriterState {
        archive: &archive,
        writer,
        reader,
        ledger_writer,
        detector: LanguageDetector::new(&options.languages),
        known,
        reread,
        tallies: HashMap::new(),
        pending: Vec::new(),
        deferred: 0,
        files: &files,
        since_commit: 0,
        messages_seen: 0,
        last_commit: Instant::now(),
        progress: Progress::default(),
        languages: BTreeMap::new(),
        walk_failures: walk_failures
            .into_iter()
            .map(|failure| LedgerEntry {
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
            })
            .collect(),
    };
    state.progress.failed_files = state.walk_failures.len() as u64;

    let threads = options.threads.max(1);
    let (work_tx, work_rx) = bounded::<Work>(threads * 8);
    let (done_tx, done_rx) = bounded::<(u64, Done)>(threads * 8);
    // Set when the writer fails, so the reader and parsers stop too.
    let stop = AtomicBool::new(false);
    let in_flight = AtomicU64::new(0);
    let result = std::thread::scope(|scope| -> Result<()> {
        let files = &files;
        let stop = &stop;
        let in_flight = &in_flight;
        scope.spawn(move || {
            let mut extractor = Extractor::new(options.extraction.clone());
            let halted = || cancel.load(Ordering::Relaxed) || stop.load(Ordering::Relaxed);
            let queue = WorkQueue {
                tx: work_tx,
                in_flight,
                halted: &halted,
            };
            produce(files, &queue, cancel, stop, &mut extractor, &options.limits)
        });
        for _ in 0..threads {
            let work_rx = work_rx.clone();
            let done_tx = done_tx.clone();
            let languages = &options.languages;
            scope.spawn(move || {
                let detector = LanguageDetector::new(languages);
                let extractor = Extractor::new(options.extraction.clone());
                let mut expander = Expander::new(extractor, options.limits, &detector);
                for work in work_rx {
                    let done = process(work, &mut expander);
                    if done_tx.send(done).is_err() {
                        break;
                    }
                }
            });
        }
        drop(done_tx);
        drop(work_rx);
        // Owned here so that returning early drops it and unblocks the
        // parsers, whose sends then fail.
        let done_rx = done_rx;
        let mut next = 0u64;
        let mut reorder: BTreeMap<u64, Done> = BTreeMap::new();
        for (seq, done) in done_rx.iter() {
            reorder.insert(seq, done);
            while let Some(done) = reorder.remove(&next) {
                next += 1;
                let size = match &done {
                    Done::Item { size, .. } => *size,
                    Done::FileEnd { .. } => 0,
                };
                let handled = state.handle(done, options, on_event);
                in_flight.fetch_sub(size, Ordering::AcqRel);
                if let Err(err) = handled {
                    stop.store(true, Ordering::SeqCst);
                    return Err(err);
                }
            }
        }
        Ok(())
    });
    result?;
    on_event(&Event::Committing);
    state.commit()?;
    on_event(&Event::Progress(state.progress.clone()));
    let WriterState {
        writer,
        progress,
        languages,
        ..
    } = state;
    writer.wait_merging_threads()?;
    Ok(IngestSummary {
        files_found,
        files_unchanged: unchanged,
        progress,
        languages,
        elapsed_secs: started.elapsed().as_secs_f64(),
        interrupted: cancel.load(Ordering::Relaxed),
    })
}

/// Reads files in order and sends their messages to the parsers.
fn produce(
    files: &[InputFile],
    work: &WorkQueue,
    cancel: &AtomicBool,
    stop: &AtomicBool,
    extractor: &mut Extractor,
    limits: &Limits,
) {
    let mut seq = 0u64;
    let mut next_seq = || {
        seq += 1;
        seq - 1
    };
    let halted = || cancel.load(Ordering::Relaxed) || stop.load(Ordering::Relaxed);
    for (index, file) in files.iter().enumerate() {
        if halted() {
            return;
        }
        let Some((format, outcome)) =
            read_file(index, file, work, &mut next_seq, &halted, extractor, limits)
        else {
            // Interrupted inside the file: it gets no ledger line, so the
            // next run reads it again.
            return;
        };
        let end = Work::FileEnd {
            seq: next_seq(),
            file: index,
            format,
            outcome,
        };
        if work.send(end).is_err() {
            return;
        }
    }
}

/// How a file is read, decided from its first bytes, its name and whether
/// it sits in a Maildir.
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum Plan {
    /// An Outlook PST mailbox, read in the extraction worker.
    Pst,
    /// One message (`format`: eml, emlx or maildir).
    Message {
        /// The ledger's name for the format.
        format: &'static str,
        /// An Apple Mail `.emlx`: a byte count, the message, then a plist.
        emlx: bool,
    },
    /// An mbox, split into messages.
    Mbox,
    /// A loose document, extracted.
    Document(DocumentFormat),
    /// Neither mail nor a document Fouille reads.
    Unsupported(String),
}

/// Decides how to read a file from its first 8 KiB (`head`) and its name.
pub fn plan(head: &[u8], name: &str, in_maildir: bool) -> Plan {
    let mut kind = sniff(head);
    if let FileKind::NotMail(what) = &kind
        && what.starts_with("text")
        && in_maildir
    {
        // A file in a Maildir's cur/ or new/ is a message, however damaged.
        kind = FileKind::Message;
    }
    match kind {
        FileKind::NotMail(_) if head.starts_with(b"!BDN") => Plan::Pst,
        FileKind::NotMail(what) => {
            let mut format = detect_format(head, "", name);
            if matches!(
                format,
                DocumentFormat::Text | DocumentFormat::Csv | DocumentFormat::Email
            ) && looks_binary(head)
            {
                format = DocumentFormat::Other;
            }
            if format == DocumentFormat::Other && what.starts_with("text") && !looks_binary(head) {
                // Notes, logs, code: text a reporter may search.
                format = DocumentFormat::Text;
            }
            if format == DocumentFormat::Other {
                Plan::Unsupported(what)
            } else {
                Plan::Document(format)
            }
        }
        FileKind::Emlx => Plan::Message {
            format: "emlx",
            emlx: true,
        },
        FileKind::Message => Plan::Message {
            format: if in_maildir { "maildir" } else { "eml" },
            emlx: false,
        },
        FileKind::Mbox => Plan::Mbox,
    }
}

/// What [`examine`] made of one file held in memory.
#[derive(Debug, Default)]
pub struct Examined {
    /// Each message's or the document's expansion, in file order.
    pub expansions: Vec<Expansion>,
    /// Messages that could not be split out of an mbox.
    pub unread: Vec<String>,
    /// Why the file was not read, if it was not.
    pub refused: Option<String>,
}

/// Reads one file held in memory as `fouille index` reads a file on disk:
/// the same detection ([`plan`]), splitting and expansion (parsing, language,
/// attachments and their extraction through `expander`). For fuzzing and
/// its regression tests; PST files, which the reader opens by path, are only
/// detected.
pub fn examine(bytes: &[u8], name: &str, expander: &mut Expander) -> Examined {
    let mut examined = Examined::default();
    let head = &bytes[..bytes.len().min(8192)];
    match plan(head, name, false) {
        Plan::Pst => examined.refused = Some("pst: read by path only".into()),
        Plan::Unsupported(what) => examined.refused = Some(format!("not mail: {what}")),
        Plan::Document(_) => {
            if bytes.len() as u64 > expander.limits.max_document_bytes {
                examined.refused = Some("document too large".into());
            } else {
                examined
                    .expansions
                    .push(expander.document(bytes.to_vec(), name));
            }
        }
        Plan::Message { emlx, .. } => {
            if bytes.len() > MAX_MESSAGE_BYTES {
                examined.refused = Some("message too large".into());
            } else {
                let raw = if emlx { emlx_message(bytes) } else { bytes };
                examined.expansions.push(expander.email(raw.to_vec()));
            }
        }
        Plan::Mbox => {
            for entry in MboxSplitter::new(bytes, MAX_MESSAGE_BYTES) {
                match entry {
                    Ok(MboxEntry::Message(raw)) => examined.expansions.push(expander.email(raw)),
                    Ok(MboxEntry::TooLarge(size)) => {
                        examined.unread.push(format!("message of {size} bytes"))
                    }
                    Err(err) => {
                        examined.unread.push(err.to_string());
                        break;
                    }
                }
            }
        }
    }
    examined
}

/// Reads one file and sends its messages; `None` if interrupted inside it.
fn read_file(
    index: usize,
    file: &InputFile,
    work: &WorkQueue,
    next_seq: &mut dyn FnMut() -> u64,
    halted: &dyn Fn() -> bool,
    extractor: &mut Extractor,
    limits: &Limits,
) -> Option<(String, FileOutcome)> {
    let failed =
        |format: &str, reason: String| Some((format.to_string(), FileOutcome::Failed(reason)));
    let mut head = Vec::with_capacity(8192);
    if let Err(err) = File::open(&file.path).and_then(|f| f.take(8192).read_to_end(&mut head)) {
        return failed("unknown", format!("cannot read: {err}"));
    }
    let path = file.display();
    let send = |part: u32, folder: String, raw: std::result::Result<Vec<u8>, String>, seq: u64| {
        let source = Source {
            path: path.clone(),
            part,
            folder,
            entry: None,
        };
        work.send(Work::Message {
            seq,
            file: index,
            part,
            source,
            raw,
        })
        .is_ok()
    };
    let name = file
        .path
        .file_name()
        .map(|name| name.to_string_lossy().into_owned())
        .unwrap_or_default();
    match plan(&head, &name, file.in_maildir()) {
        Plan::Pst => {
            let mut part = 0u32;
            let mut interrupted = false;
            let result = extractor.read_pst(&file.path, limits, &mut |item| {
                if halted() {
                    interrupted = true;
                    return false;
                }
                part += 1;
                let (folder, raw) = match item {
                    PstItem::Message { folder: inner, eml } => (inner, Ok(eml)),
                    PstItem::Failed {
                        folder: inner,
                        reason,
                    } => (inner, Err(reason)),
                };
                send(
                    part,
                    folder_of_pst(&file.folder(true), &folder),
                    raw,
                    next_seq(),
                )
            });
            if interrupted || halted() {
                return None;
            }
            match result {
                Ok(summary) => Some(("pst".into(), FileOutcome::Declared(summary.declared))),
                Err(err) if part == 0 => failed("pst", err.to_string()),
                Err(err) => failed("pst", format!("read error after {part} messages: {err}")),
            }
        }
        Plan::Unsupported(what) => Some((
            "other".into(),
            FileOutcome::Unsupported(format!("not mail: {what}")),
        )),
        Plan::Document(format) => {
            if file.size > limits.max_document_bytes {
                return failed(
                    format.name(),
                    format!(
                        "document of {} bytes, larger than {}",
                        file.size, limits.max_document_bytes
                    ),
                );
            }
            let bytes = match std::fs::read(&file.path) {
                Ok(bytes) => bytes,
                Err(err) => return failed(format.name(), format!("cannot read: {err}")),
            };
            let sent = work
                .send(Work::Document {
                    seq: next_seq(),
                    file: index,
                    source: Source {
                        path: path.clone(),
                        part: 0,
                        folder: file.folder(false),
                        entry: None,
                    },
                    name,
                    bytes,
                })
                .is_ok();
            sent.then(|| (format.name().to_string(), FileOutcome::Read))
        }
        Plan::Message { format, emlx } => {
            if file.size > MAX_MESSAGE_BYTES as u64 {
                return failed(
                    format,
                    format!("message larger than {MAX_MESSAGE_BYTES} bytes"),
                );
            }
            let bytes = match std::fs::read(&file.path) {
                Ok(bytes) => bytes,
                Err(err) => return failed(format, format!("cannot read: {err}")),
            };
            let raw = if emlx {
                emlx_message(&bytes).to_vec()
            } else {
                bytes
            };
            send(0, file.folder(false), Ok(raw), next_seq());
            Some((format.into(), FileOutcome::Read))
        }
        Plan::Mbox => {
            let reader = match File::open(&file.path) {
                Ok(f) => BufReader::with_capacity(256 * 1024, f),
                Err(err) => return failed("mbox", format!("cannot read: {err}")),
            };
            let folder = file.folder(true);
            for (n, entry) in MboxSplitter::new(reader, MAX_MESSAGE_BYTES).enumerate() {
                if halted() {
                    return None;
                }
                let part = n as u32 + 1;
                let sent = match entry {
                    Ok(MboxEntry::Message(raw)) => send(part, folder.clone(), Ok(raw), next_seq()),
                    Ok(MboxEntry::TooLarge(size)) => send(
                        part,
                        folder.clone(),
                        Err(format!(
                            "message of {size} bytes, larger than {MAX_MESSAGE_BYTES}"
                        )),
                        next_seq(),
                    ),
                    Err(err) => {
                        return failed("mbox", format!("read error after {n} messages: {err}"));
                    }
                };
                if !sent {
                    return None;
                }
            }
            Some(("mbox".into(), FileOutcome::Read))
        }
    }
}

fn process(work: Work, expander: &mut Expander) -> (u64, Done) {
    match work {
        Work::Message {
            seq,
            file,
            part,
            source,
            raw,
        } => {
            let (size, unread, expansion) = match raw {
                Ok(raw) => (raw.len() as u64, None, expander.email(raw)),
                Err(reason) => (0, Some(reason), Expansion::default()),
            };
            (
                seq,
                Done::Item {
                    file,
                    part,
                    source,
                    size,
                    unread,
                    expansion,
                },
            )
        }
        Work::Document {
            seq,
            file,
            source,
            name,
            bytes,
        } => {
            let size = bytes.len() as u64;
            let expansion = expander.document(bytes, &name);
            (
                seq,
                Done::Item {
                    file,
                    part: 0,
                    source,
                    size,
                    unread: None,
                    expansion,
                },
            )
        }
        Work::FileEnd {
            seq,
            file,
            format,
            outcome,
        } => (
            seq,
            Done::FileEnd {
                file,
                format,
                outcome,
            },
        ),
    }
}

/// True when `head` holds control bytes no text file has.
fn looks_binary(head: &[u8]) -> bool {
    let controls = head
        .iter()
        .filter(|&&byte| byte < 0x09 || ((0x0E..0x20).contains(&byte) && byte != 0x1B))
        .count();
    controls * 100 > head.len().max(1) * 2
}

/// A PST's folder path under the folder of the PST file itself.
fn folder_of_pst(file_folder: &str, inner: &str) -> String {
    match (file_folder.is_empty(), inner.is_empty()) {
        (_, true) => file_folder.to_string(),
        (true, false) => inner.to_string(),
        (false, false) => format!("{file_folder}/{inner}"),
    }
}

/// What the archive already holds: ids, dedup keys, thread state. Ids and
/// keys are 128-bit hashes written as 32 hex digits; they are kept as
/// numbers, a quarter of the memory of strings at a million messages.
#[derive(Default)]
struct KnownState {
    ids: HashSet<u128>,
    by_dedup_key: HashMap<u128, u128>,
    threader: Threader,
}

/// A 64-bit hash of a path, to recognise files without keeping their names.
fn path_hash(path: &str) -> u64 {
    u64::from_le_bytes(
        blake3::hash(path.as_bytes()).as_bytes()[..8]
            .try_into()
            .expect("8 bytes"),
    )
}

/// An id or dedup key as a number (a foreign string is hashed instead).
fn key_of(text: &str) -> u128 {
    match u128::from_str_radix(text, 16) {
        Ok(key) if text.len() == 32 => key,
        _ => u128::from_le_bytes(
            blake3::hash(text.as_bytes()).as_bytes()[..16]
                .try_into()
                .expect("16 bytes"),
        ),
    }
}

/// The id a [`key_of`] came from (ids are always 32 lowercase hex digits).
fn id_of(key: u128) -> String {
    format!("{key:032x}")
}

fn load_state(searcher: &Searcher) -> Result<KnownState> {
    use fouille_schema::fields::{
        DATE, DEDUP_KEY, ID, IS_REPLY, MESSAGE_ID_KEY, REFERENCES, SUBJECT_KEY, THREAD_ID,
    };
    let mut state = KnownState::default();
    let mut columns = None;
    let mut current_segment = None;
    for_each_live_document(searcher, |segment, doc| {
        let segment_id = segment.segment_id();
        if current_segment != Some(segment_id) {
            let fast = segment.fast_fields();
            columns = Some((
                [
                    ID,
                    MESSAGE_ID_KEY,
                    REFERENCES,
                    SUBJECT_KEY,
                    THREAD_ID,
                    DEDUP_KEY,
                ]
                .map(|name| fast.str(name).ok().flatten()),
                fast.date(DATE)?,
                fast.u64(IS_REPLY)?,
            ));
            current_segment = Some(segment_id);
        }
        let Some(([ids, mids, refs, subjects, threads, dedup], dates, replies)) = &columns else {
            return Ok(());
        };
        let Some(id) = first_str(ids.as_ref(), doc) else {
            return Ok(());
        };
        if let Some(key) = first_str(dedup.as_ref(), doc) {
            state.by_dedup_key.insert(key_of(&key), key_of(&id));
        }
        if let Some(thread) = first_str(threads.as_ref(), doc).and_then(|t| parse_thread_id(&t)) {
            state.threader.remember_existing(
                first_str(mids.as_ref(), doc).as_deref(),
                &str_values(refs.as_ref(), doc),
                &first_str(subjects.as_ref(), doc).unwrap_or_default(),
                thread,
                dates.first(doc).map(|date| date.into_timestamp_secs()),
                replies.first(doc) == Some(1),
            );
        }
        state.ids.insert(key_of(&id));
        Ok(())
    })?;
    Ok(state)
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
    /// Pending duplicates whose file had not ended at the last commit.
    deferred: usize,
    files: &'a [InputFile],
    since_commit: usize,
    messages_seen: u64,
    last_commit: Instant,
    progress: Progress,
    languages: BTreeMap<String, u64>,
    walk_failures: Vec<LedgerEntry>,
}

impl WriterState<'_> {
    fn handle(
        &mut self,
        done: Done,
        options: &IngestOptions,
        on_event: &mut dyn FnMut(&Event),
    ) -> Result<()> {
        match done {
            Done::Item {
                file,
                part,
                source,
                size,
                unread,
                expansion,
            } => {
                self.progress.bytes += size;
                self.tallies.entry(file).or_default().messages += u32::from(matches!(
                    expansion.items.first(),
                    Some(Item::Email(_)) | None
                ));
                if let Some(reason) = unread {
                    self.fail_message(file, part, reason);
                }
                self.write_items(file, part, &source, expansion)?;
                self.messages_seen += 1;
                if self.messages_seen.is_multiple_of(1000) {
                    on_event(&Event::Progress(self.progress.clone()));
                }
            }
            Done::FileEnd {
                file,
                format,
                outcome,
            } => {
                self.progress.files += 1;
                let tally = self.tallies.entry(file).or_default();
                tally.ended = true;
                tally.format = format;
                match outcome {
                    FileOutcome::Read => {}
                    FileOutcome::Declared(count) => tally.declared = Some(count),
                    FileOutcome::Unsupported(reason) => {
                        self.progress.unsupported += 1;
                        self.progress.bytes += self.files[file].size;
                        tally.status = Some((FileStatus::Unsupported, reason));
                    }
                    FileOutcome::Failed(reason) => {
                        self.progress.failed_files += 1;
                        tally.status = Some((FileStatus::Failed, reason));
                    }
                }
                on_event(&Event::Progress(self.progress.clone()));
            }
        }
        // Duplicates left waiting by the last commit do not call for another.
        let work = self.since_commit + self.pending.len() - self.deferred;
        if work >= options.commit_every
            || (work > 0 && self.last_commit.elapsed() >= options.commit_interval)
        {
            on_event(&Event::Committing);
            self.commit()?;
        }
        Ok(())
    }

    fn fail_message(&mut self, file: usize, part: u32, reason: String) {
        let tally = self.tallies.entry(file).or_default();
        tally.failed += 1;
        self.progress.failed += 1;
        tally.fail(part, None, reason);
    }

    /// Writes the documents of one input item: the root (a message or a
    /// loose document), then what it carries. What a duplicate carries is
    /// already in the archive with the copy that was kept.
    fn write_items(
        &mut self,
        file: usize,
        part: u32,
        source: &Source,
        expansion: Expansion,
    ) -> Result<()> {
        let fields = *self.archive.fields();
        let mut skipped: HashSet<String> = HashSet::new();
        let mut parents: HashMap<String, (ParsedMessage, String, Vec<Source>)> = HashMap::new();
        let mut root_failed = false;
        for (position, item) in expansion.items.into_iter().enumerate() {
            let is_root = position == 0;
            match item {
                Item::Email(email) => {
                    let email = *email;
                    if email
                        .parent_id
                        .as_ref()
                        .is_some_and(|parent| skipped.contains(parent))
                    {
                        if let Ok((message, _)) = &email.parsed {
                            skipped.insert(message.id.clone());
                        }
                        continue;
                    }
                    let (message, guess) = match email.parsed {
                        Ok(parsed) => parsed,
                        Err(reason) => {
                            if is_root {
                                root_failed = true;
                                self.fail_message(file, part, reason);
                            } else {
                                self.fail_extraction(file, part, email.entry, reason);
                            }
                            continue;
                        }
                    };
                    let existing = if self.known.ids.contains(&key_of(&message.id)) {
                        Some(message.id.clone())
                    } else {
                        message
                            .dedup_key
                            .as_ref()
                            .and_then(|key| self.known.by_dedup_key.get(&key_of(key)))
                            .map(|&id| id_of(id))
                    };
                    if let Some(id) = existing {
                        skipped.insert(message.id.clone());
                        if is_root {
                            self.pending.push(PendingDuplicate {
                                id,
                                source: source.clone(),
                                file,
                                document: false,
                            });
                        }
                        continue;
                    }
                    let sources = vec![Source {
                        entry: email.entry.clone(),
                        ..source.clone()
                    }];
                    let thread = self.known.threader.assign(&crate::thread::ThreadInput {
                        message_id_key: message.message_id_key.as_deref(),
                        references: &message.references,
                        subject: &message.subject,
                        date: message.date,
                        id: &message.id,
                    });
                    let thread = thread_id_string(thread);
                    let doc = build_document(
                        &fields,
                        &message,
                        &DocumentContext {
                            language: &guess,
                            thread_id: &thread,
                            sources: &sources,
                            raw: &email.raw,
                            parent_id: email.parent_id.as_deref(),
                        },
                    );
                    self.writer.add_document(doc)?;
                    if let Some(key) = &message.dedup_key {
                        self.known
                            .by_dedup_key
                            .insert(key_of(key), key_of(&message.id));
                    }
                    self.known.ids.insert(key_of(&message.id));
                    let tally = self.tallies.entry(file).or_default();
                    if is_root {
                        tally.indexed += 1;
                        self.progress.indexed += 1;
                    } else {
                        tally.embedded += 1;
                        self.progress.embedded += 1;
                    }
                    *self.languages.entry(guess.code).or_default() += 1;
                    self.since_commit += 1;
                    parents.insert(message.id.clone(), (message, thread, sources));
                }
                Item::File(item) => {
                    let item = *item;
                    if item
                        .parent_id
                        .as_ref()
                        .is_some_and(|parent| skipped.contains(parent))
                    {
                        skipped.insert(item.id);
                        continue;
                    }
                    if self.known.ids.contains(&key_of(&item.id)) {
                        if is_root {
                            self.pending.push(PendingDuplicate {
                                id: item.id.clone(),
                                source: source.clone(),
                                file,
                                document: true,
                            });
                        }
                        skipped.insert(item.id);
                        continue;
                    }
                    let parent = item
                        .parent_id
                        .as_ref()
                        .and_then(|parent| parents.get(parent));
                    let sources = match parent {
                        Some((_, _, sources)) => sources.clone(),
                        None => vec![Source {
                            entry: (!is_root).then(|| item.path.clone()),
                            ..source.clone()
                        }],
                    };
                    let context = parent.map(|(message, thread, _)| ParentContext {
                        message,
                        thread_id: thread,
                        sources: &sources,
                    });
                    let doc = build_file_document(&fields, &item, context.as_ref(), &sources);
                    self.writer.add_document(doc)?;
                    self.known.ids.insert(key_of(&item.id));
                    let tally = self.tallies.entry(file).or_default();
                    tally.documents += 1;
                    self.progress.documents += 1;
                    *self.languages.entry(item.language.code).or_default() += 1;
                    self.since_commit += 1;
                }
            }
        }
        if !root_failed {
            for failure in expansion.failures {
                self.fail_extraction(file, part, Some(failure.attachment), failure.reason);
            }
        }
        Ok(())
    }

    fn fail_extraction(
        &mut self,
        file: usize,
        part: u32,
        attachment: Option<String>,
        reason: String,
    ) {
        let tally = self.tallies.entry(file).or_default();
        tally.extraction_failures += 1;
        self.progress.extraction_failures += 1;
        tally.fail(part, attachment, reason);
    }

    /// Resolves pending duplicates, writes the ledger lines of finished
    /// files and commits, recording the ledger length in the commit.
    fn commit(&mut self) -> Result<()> {
        // A duplicate's source is added only once its file has ended, so
        // that it is committed with the file's ledger line: were it
        // committed before, a run killed in between would, on resuming,
        // find the source already there and count the file as indexed.
        let (ready, waiting): (Vec<PendingDuplicate>, Vec<PendingDuplicate>) =
            std::mem::take(&mut self.pending)
                .into_iter()
                .partition(|duplicate| {
                    self.tallies
                        .get(&duplicate.file)
                        .is_some_and(|tally| tally.ended)
                });
        self.deferred = waiting.len();
        self.pending = waiting;
        if !ready.is_empty() {
            let mut prepared = self.writer.prepare_commit()?;
            prepared.set_payload(&self.ledger_writer.len().to_string());
            prepared.commit()?;
            self.reader.reload()?;
            let searcher = self.reader.searcher();
            let pending = ready;
            let mut by_id: BTreeMap<String, Vec<PendingDuplicate>> = BTreeMap::new();
            for duplicate in pending {
                by_id
                    .entry(duplicate.id.clone())
                    .or_default()
                    .push(duplicate);
            }
            for (id, duplicates) in by_id {
                self.merge_sources(&searcher, &id, duplicates)?;
            }
        }
        let mut entries = std::mem::take(&mut self.walk_failures);
        let mut ended: Vec<usize> = self
            .tallies
            .iter()
            .filter(|(_, tally)| tally.ended)
            .map(|(&file, _)| file)
            .collect();
        ended.sort_unstable();
        for file in ended {
            let tally = self.tallies.remove(&file).expect("tally exists");
            entries.push(ledger_entry(&self.files[file], tally));
        }
        let len = self.ledger_writer.append(&entries)?;
        let mut prepared = self.writer.prepare_commit()?;
        prepared.set_payload(&len.to_string());
        prepared.commit()?;
        self.since_commit = 0;
        self.last_commit = Instant::now();
        Ok(())
    }

    /// Adds the sources of duplicates to the document that was kept.
    fn merge_sources(
        &mut self,
        searcher: &Searcher,
        id: &str,
        duplicates: Vec<PendingDuplicate>,
    ) -> Result<()> {
        let fields = *self.archive.fields();
        let Some(address) = find_document(searcher, &fields, id)? else {
            return Err(Error::Damaged(format!(
                "document {id} vanished during indexing"
            )));
        };
        let stored: TantivyDocument = searcher.doc(address)?;
        let summary: StoredSummary = stored
            .get_first(fields.summary)
            .and_then(|value| value.as_str())
            .and_then(|text| serde_json::from_str(text).ok())
            .unwrap_or_default();
        let mut sources = summary.sources.clone();
        for duplicate in duplicates {
            let tally = self.tallies.entry(duplicate.file).or_default();
            let same_file = |source: &Source| source.path == duplicate.source.path;
            let already_there = sources.iter().any(|source| {
                // This very message, from an interrupted run; or, in a file
                // read again because it changed, the same message at a
                // shifted position.
                same_file(source)
                    && (source.part == duplicate.source.part
                        || self.reread.contains(&duplicate.file))
            });
            match (already_there, duplicate.document) {
                (true, false) => tally.indexed += 1,
                (true, true) => tally.documents += 1,
                (false, false) => tally.duplicates += 1,
                (false, true) => tally.duplicate_documents += 1,
            }
            if already_there {
                self.progress.already += 1;
            } else {
                self.progress.duplicates += 1;
                sources.push(duplicate.source);
            }
        }
        if sources.len() == summary.sources.len() {
            return Ok(());
        }
        sources.sort();
        let raw = stored
            .get_first(fields.raw)
            .and_then(|value| value.as_bytes())
            .unwrap_or_default();
        if let Some(file) = &summary.file {
            let doc = rebuild_file_document(&fields, &stored, file, &self.detector, &sources);
            self.writer
                .delete_term(Term::from_field_text(fields.id, id));
            self.writer.add_document(doc)?;
            return Ok(());
        }
        let parent_id = stored
            .get_first(fields.parent_id)
            .and_then(|value| value.as_str());
        let thread_id = stored
            .get_first(fields.thread_id)
            .and_then(|value| value.as_str())
            .unwrap_or_default();
        let mut message = parse_message(raw)
            .map_err(|failure| Error::Damaged(format!("stored message {id}: {failure}")))?;
        // Sanitized when first indexed: kept as it is.
        message.html = match (
            stored.get_first(fields.html).and_then(|v| v.as_str()),
            summary.html_omitted,
        ) {
            (Some(html), _) => crate::sanitize::ReaderHtml::Clean(html.to_string()),
            (None, Some(reason)) => crate::sanitize::ReaderHtml::Omitted(reason),
            (None, None) => crate::sanitize::ReaderHtml::None,
        };
        let guess = self.detector.detect(&message.subject, &message.body);
        let doc = build_document(
            &fields,
            &message,
            &DocumentContext {
                language: &guess,
                thread_id,
                sources: &sources,
                raw,
                parent_id,
            },
        );
        self.writer
            .delete_term(Term::from_field_text(fields.id, id));
        self.writer.add_document(doc)?;
        Ok(())
    }
}

fn ledger_entry(file: &InputFile, tally: FileTally) -> LedgerEntry {
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

/// A loose document's tantivy document, rebuilt from what the archive stores
/// (to add a source). Only loose documents are rebuilt: attachments are
/// never duplicates of one another.
fn rebuild_file_document(
    fields: &fouille_schema::Fields,
    stored: &TantivyDocument,
    file: &FileSummary,
    detector: &LanguageDetector,
    sources: &[Source],
) -> TantivyDocument {
    let text = stored
        .get_first(fields.text)
        .and_then(|value| value.as_str())
        .unwrap_or_default()
        .to_string();
    let raw = stored
        .get_first(fields.raw)
        .and_then(|value| value.as_bytes())
        .map(<[u8]>::to_vec);
    let item = FileItem {
        id: stored
            .get_first(fields.id)
            .and_then(|value| value.as_str())
            .unwrap_or_default()
            .to_string(),
        kind: KIND_DOCUMENT,
        name: file.name.clone(),
        path: file.path.clone(),
        mime: file.mime.clone(),
        filetype: file.filetype.clone(),
        size: stored
            .get_first(fields.size)
            .and_then(|value| value.as_u64())
            .unwrap_or_default(),
        language: detector.detect(&file.name, &text),
        text,
        truncated: file.truncated,
        extraction: match file.extraction.as_str() {
            "text" => "text",
            "encrypted" => "encrypted",
            "failed" => "failed",
            "unsupported" => "unsupported",
            _ => "empty",
        },
        reason: file.reason.clone(),
        parent_id: stored
            .get_first(fields.parent_id)
            .and_then(|value| value.as_str())
            .map(str::to_string),
        attachment_index: file.attachment_index,
        raw,
    };
    build_file_document(fields, &item, None, sources)
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
