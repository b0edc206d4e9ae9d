//! The OCR pass: text for the documents that hold it only as pixels.
//!
//! Indexing writes images and scanned PDFs as documents waiting for OCR
//! (`extraction: ocr-pending`), so that the archive can be searched at once.
//! This pass ([`run`]) then finds them ([`plan`]), reads each distinct image
//! or PDF once in extraction workers (one per core, each running one
//! Tesseract at a time), records every page in the journal as soon as it
//! is read ([`journal`]), writes the documents again with their text
//! ([`apply`]) and commits every few seconds. The bytes it reads come from
//! the archive's OCR queue ([`queue`]) or from the stored loose file.
//!
//! Stopped at any point, it loses at most the page in hand: run again, it
//! takes the journal's pages instead of reading them again, and finds only
//! what is still waiting.

pub mod apply;
mod journal;
pub mod plan;
pub mod queue;
mod threads;

use std::collections::{HashMap, HashSet};
use std::path::Path;
use std::sync::atomic::AtomicBool;
use std::time::{Duration, Instant};

use fouille_extract::ocr::{PageOutcome, Tools};
use fouille_extract::worker::WorkerConfig;
use fouille_schema::{Archive, Result};
use serde::Serialize;

use crate::ingest::{IngestOptions, commit_keeping_ledger, open_writer};
use crate::lang::LanguageDetector;
use journal::Journal;
pub use plan::{Pending, pending};

/// How to run the OCR pass.
#[derive(Debug, Clone)]
pub struct OcrOptions {
    /// Tesseract's languages, `+`-separated (`fra+eng`).
    pub langs: String,
    /// Pages read at once (one worker process each).
    pub threads: usize,
    /// How to start extraction workers; `None` runs in-process (tests).
    pub extraction: Option<WorkerConfig>,
    /// Seconds one page may take to render, and again to read.
    pub page_timeout: u64,
    /// The programs found on this machine.
    pub tools: Tools,
    /// Commit at least this often.
    pub commit_interval: Duration,
    /// Languages detection chooses among, for the recognised text.
    pub languages: Vec<String>,
    /// Text kept per document, bytes.
    pub max_text_bytes: usize,
}

impl OcrOptions {
    /// Options for `langs` with `tools`, everything else as indexing has it.
    pub fn new(langs: &str, tools: Tools) -> OcrOptions {
        let ingest = IngestOptions::default();
        OcrOptions {
            langs: langs.to_string(),
            threads: ingest.threads,
            extraction: None,
            page_timeout: 120,
            tools,
            commit_interval: Duration::from_secs(10),
            languages: ingest.languages,
            max_text_bytes: ingest.limits.max_text_bytes,
        }
    }
}

/// How the pass is going, and at the end what it did.
#[derive(Debug, Clone, Default, Serialize)]
pub struct OcrProgress {
    /// Documents that were waiting.
    pub documents: u64,
    /// Distinct images and PDFs among them.
    pub distinct: u64,
    /// Pages to read.
    pub pages: u64,
    /// Pages taken from the journal (read by an earlier, stopped run).
    pub pages_from_journal: u64,
    /// Pages read in this run.
    pub pages_read: u64,
    /// Pages where text was found.
    pub pages_with_text: u64,
    /// Pages without text (photographs, blank pages).
    pub pages_without_text: u64,
    /// Pages that could not be read.
    pub pages_failed: u64,
    /// Distinct images and PDFs done.
    pub distinct_done: u64,
    /// Documents written with their OCR.
    pub documents_done: u64,
    /// Seconds since the start.
    pub seconds: f64,
    /// Stopped before the end (Ctrl-C): run again to go on.
    pub interrupted: bool,
}

/// The state of the pass that the threads' messages update.
struct Pass<'a> {
    dir: &'a Path,
    archive: Archive,
    options: &'a OcrOptions,
    searcher: tantivy::Searcher,
    fields: fouille_schema::Fields,
    writer: tantivy::IndexWriter<tantivy::TantivyDocument>,
    journal: Journal,
    detector: LanguageDetector,
    pending: Pending,
    parents: HashMap<String, Option<(fouille_extract::message::ParsedMessage, String)>>,
    /// Hashes written since the last commit: their queue files go after it.
    written: Vec<usize>,
    last_commit: Instant,
    progress: OcrProgress,
    started: Instant,
}

/// Runs the OCR pass on the archive at `dir`, until done or `cancel`;
/// `report` hears the progress after every page.
pub fn run(
    dir: &Path,
    options: &OcrOptions,
    cancel: &AtomicBool,
    report: &mut dyn FnMut(&OcrProgress),
) -> Result<OcrProgress> {
    let started = Instant::now();
    let archive = Archive::open(dir)?;
    let ingest = IngestOptions {
        threads: options.threads,
        ..IngestOptions::default()
    };
    // The writer's lock first: no indexer is adding to the queue meanwhile.
    let writer = open_writer(&archive, &ingest, dir)?;
    let fields = *archive.fields();
    let searcher = archive.reader()?.searcher();
    let pending = pending(&searcher, &fields)?;
    let hashes: HashSet<String> = pending
        .groups
        .iter()
        .map(|group| group.hash.clone())
        .collect();
    queue::prune(dir, &hashes);
    let journal = Journal::open(dir, &options.langs, &hashes)?;
    let mut pass = Pass {
        dir,
        archive,
        options,
        searcher,
        fields,
        writer,
        journal,
        detector: LanguageDetector::new(&options.languages),
        progress: OcrProgress {
            documents: pending.documents,
            distinct: pending.groups.len() as u64,
            pages: pending.pages,
            ..OcrProgress::default()
        },
        pending,
        parents: HashMap::new(),
        written: Vec::new(),
        last_commit: Instant::now(),
        started,
    };
    // What the journal already holds is written first, without a worker.
    let mut jobs = Vec::new();
    for index in 0..pass.pending.groups.len() {
        let group = &pass.pending.groups[index];
        let missing: Vec<u32> = group
            .pages
            .iter()
            .copied()
            .filter(|&page| pass.journal.get(&group.hash, page).is_none())
            .collect();
        pass.progress.pages_from_journal += (group.pages.len() - missing.len()) as u64;
        if missing.is_empty() {
            pass.finish_group(index)?;
        } else {
            jobs.push((index, missing));
        }
    }
    report(&pass.progress);
    threads::read(&mut pass, jobs, cancel, report)?;
    pass.commit()?;
    pass.progress.interrupted = cancel.load(std::sync::atomic::Ordering::Relaxed)
        && pass.progress.distinct_done < pass.progress.distinct;
    pass.progress.seconds = pass.started.elapsed().as_secs_f64();
    let Pass {
        writer, progress, ..
    } = pass;
    writer.wait_merging_threads()?;
    Ok(progress)
}

impl Pass<'_> {
    /// Records a page just read.
    fn page(&mut self, index: usize, page: u32, outcome: PageOutcome) -> Result<()> {
        match &outcome {
            PageOutcome::Text { .. } => self.progress.pages_with_text += 1,
            PageOutcome::NoText(_) => self.progress.pages_without_text += 1,
            PageOutcome::Failed(_) => self.progress.pages_failed += 1,
        }
        self.progress.pages_read += 1;
        let hash = self.pending.groups[index].hash.clone();
        self.journal.record(&hash, page, outcome)
    }

    /// Writes the documents of group `index`, whose every page is in the
    /// journal, and commits when the last commit is old enough.
    fn finish_group(&mut self, index: usize) -> Result<()> {
        let group = &self.pending.groups[index];
        let outcomes: Vec<(u32, &PageOutcome)> = group
            .pages
            .iter()
            .filter_map(|&page| Some((page, self.journal.get(&group.hash, page)?)))
            .collect();
        if outcomes.len() < group.pages.len() {
            return Ok(());
        }
        let read = apply::Read {
            pages: outcomes,
            langs: &self.options.langs,
        };
        let target = apply::Target {
            searcher: &self.searcher,
            fields: &self.fields,
            writer: &self.writer,
            detector: &self.detector,
            max_text_bytes: self.options.max_text_bytes,
        };
        apply::apply(&target, &group.documents, &read, &mut self.parents)?;
        self.progress.distinct_done += 1;
        self.progress.documents_done += group.documents.len() as u64;
        self.written.push(index);
        if self.last_commit.elapsed() >= self.options.commit_interval {
            self.commit()?;
        }
        Ok(())
    }

    /// Commits, then lets go of what the committed documents no longer need.
    fn commit(&mut self) -> Result<()> {
        self.last_commit = Instant::now();
        if self.written.is_empty() {
            return Ok(());
        }
        commit_keeping_ledger(&mut self.writer, &self.archive)?;
        for index in std::mem::take(&mut self.written) {
            let group = &self.pending.groups[index];
            queue::remove(self.dir, &group.hash);
            self.journal.release(&group.hash, &group.pages);
        }
        // Parents are few per commit; keep memory flat on big archives.
        self.parents.clear();
        Ok(())
    }
}
