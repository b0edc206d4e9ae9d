//! `fouille index`: files and folders into an archive, with progress bars
//! on standard error, through the isolated extraction worker.

use std::path::{Path, PathBuf};
use std::process::ExitCode;

use anyhow::{Context, Result, bail};
use fouille_extract::worker::WorkerConfig;
use fouille_indexer::{Archive, Event, IngestOptions, IngestSummary};
use indicatif::{ProgressBar, ProgressStyle};

use super::ocr::Mode;
use crate::print;
use crate::print::say;

/// The arguments of `fouille index`.
#[derive(Debug, clap::Args)]
pub struct IndexArgs {
    /// Archive directory (created if missing).
    #[arg(long)]
    pub index: PathBuf,
    /// Parsing threads (default: every core).
    #[arg(long)]
    pub threads: Option<usize>,
    /// Index writer memory budget, e.g. 128M or 1G (default 128M). The
    /// indexer's peak memory is a few hundred megabytes above it.
    #[arg(long, default_value = "128M", value_parser = parse_size)]
    pub memory: usize,
    /// Languages detection chooses among (ISO 639-1, comma separated).
    #[arg(long, value_delimiter = ',', default_value = "fr,en,de,es,it,pt,nl")]
    pub langs: Vec<String>,
    /// Print the run summary as JSON.
    #[arg(long)]
    pub json: bool,
    /// Commit after this many new messages (a crash loses at most this
    /// much work, which a re-run redoes).
    #[arg(long, default_value_t = 50_000)]
    pub commit_every: usize,
    /// Seconds one document's extraction may take before it is stopped.
    #[arg(long, default_value_t = 120)]
    pub extract_timeout: u64,
    /// Memory one extraction worker may use, e.g. 2G.
    #[arg(long, default_value = "2G", value_parser = parse_size)]
    pub extract_memory: usize,
    /// Documents larger than this are indexed by name only, e.g. 256M.
    #[arg(long, default_value = "256M", value_parser = parse_size)]
    pub max_document: usize,
    /// DKIM public keys as DNS zone lines, as `dig` prints them
    /// (repeatable); they are kept in the archive. Without keys, signatures
    /// come out `nokey`: nothing is looked up unless `fouille dkim --dns`.
    #[arg(long = "dkim-keys", value_name = "FILE")]
    pub dkim_keys: Vec<PathBuf>,
    /// Read the text of images and scanned PDF pages with Tesseract after
    /// indexing, and fail at once if it is not installed (by default OCR
    /// runs when Tesseract is there).
    #[arg(long, conflicts_with = "no_ocr")]
    pub ocr: bool,
    /// Leave images and scanned pages waiting for `fouille ocr`.
    #[arg(long)]
    pub no_ocr: bool,
    #[command(flatten)]
    pub ocr_settings: super::ocr::OcrSettings,
    /// Files and folders to index (folders are walked recursively).
    #[arg(required = true)]
    pub paths: Vec<PathBuf>,
}

/// Runs `fouille index`.
pub fn run(args: IndexArgs) -> Result<ExitCode> {
    let IndexArgs {
        index,
        threads,
        memory,
        langs,
        json,
        commit_every,
        extract_timeout,
        extract_memory,
        max_document,
        dkim_keys,
        ocr,
        no_ocr,
        ocr_settings,
        paths,
    } = args;
    let mode = match (ocr, no_ocr) {
        (true, _) => Mode::On,
        (_, true) => Mode::Off,
        _ => Mode::Auto,
    };
    let tools = super::ocr::check(mode, &ocr_settings)?;
    let mut options = IngestOptions {
        writer_memory: memory,
        languages: langs,
        commit_every: commit_every.max(1),
        extraction: Some(worker_config(extract_timeout, extract_memory as u64)?),
        dkim_keys: super::dkim::read_key_files(&dkim_keys)?,
        ..IngestOptions::default()
    };
    options.limits.max_document_bytes = max_document as u64;
    if let Some(threads) = threads {
        options.threads = threads.max(1);
    }
    let summary = index_with_progress(&index, &paths, &options)?;
    if !json {
        print::ingest_summary(&summary, &Archive::open(&index)?);
    }
    let ocr = if summary.interrupted {
        None
    } else {
        super::ocr::after_index(&index, mode, &ocr_settings, tools, !json)?
    };
    if json {
        let mut value = serde_json::to_value(&summary)?;
        value["ocr"] = serde_json::to_value(&ocr)?;
        say!("{}", serde_json::to_string_pretty(&value)?);
    }
    let interrupted = summary.interrupted || ocr.as_ref().is_some_and(|ocr| ocr.interrupted);
    Ok(if interrupted {
        ExitCode::from(130)
    } else {
        ExitCode::SUCCESS
    })
}

/// The extraction worker configuration: this same binary, re-invoked.
pub fn worker_config(timeout_secs: u64, memory: u64) -> Result<WorkerConfig> {
    Ok(WorkerConfig {
        program: std::env::current_exe().context("cannot find the fouille binary")?,
        args: vec!["extract-worker".into()],
        timeout: std::time::Duration::from_secs(timeout_secs.max(1)),
        memory,
    })
}

pub(super) fn parse_size(text: &str) -> Result<usize, String> {
    let text = text.trim();
    let (number, unit) = text
        .find(|c: char| !c.is_ascii_digit())
        .map_or((text, ""), |at| text.split_at(at));
    let number: usize = number.parse().map_err(|_| format!("bad size {text:?}"))?;
    let multiplier = match unit.trim().to_ascii_uppercase().as_str() {
        "" | "B" => 1,
        "K" | "KB" | "KIB" => 1 << 10,
        "M" | "MB" | "MIB" => 1 << 20,
        "G" | "GB" | "GIB" => 1 << 30,
        other => return Err(format!("unknown size unit {other:?}")),
    };
    Ok(number * multiplier)
}

/// Indexes with progress bars on standard error; Ctrl-C stops cleanly after
/// committing what was read (a second Ctrl-C exits at once).
pub fn index_with_progress(
    index: &Path,
    paths: &[PathBuf],
    options: &IngestOptions,
) -> Result<IngestSummary> {
    for path in paths {
        if !path
            .try_exists()
            .with_context(|| format!("cannot access {}", path.display()))?
        {
            bail!("{} does not exist", path.display());
        }
    }
    let cancel = super::interrupt::flag();
    let bar = ProgressBar::new_spinner();
    bar.set_style(
        ProgressStyle::with_template(
            "{spinner} {elapsed_precise} [{bar:30}] {binary_bytes}/{binary_total_bytes} {binary_bytes_per_sec} eta {eta} {msg}",
        )
        .expect("valid template")
        .progress_chars("=> "),
    );
    let started = std::time::Instant::now();
    let mut on_event = |event: &Event| match event {
        Event::Discovered {
            files,
            bytes,
            unchanged,
        } => {
            bar.set_length(*bytes);
            bar.println(format!(
                "found {files} files ({}), {unchanged} unchanged since last run",
                print::bytes(*bytes)
            ));
        }
        Event::Progress(progress) => {
            bar.set_position(progress.bytes);
            let rate = progress.indexed as f64 / started.elapsed().as_secs_f64().max(0.001);
            bar.set_message(format!(
                "{} files, {} messages ({rate:.0}/s), {} documents, {} duplicates, {} failed, {} unsupported",
                progress.files,
                progress.indexed + progress.embedded,
                progress.documents,
                progress.duplicates,
                progress.failed + progress.extraction_failures,
                progress.unsupported
            ));
        }
        Event::Committing => bar.set_message("committing…"),
    };
    let result = fouille_indexer::ingest(index, paths, options, cancel, &mut on_event);
    bar.finish_and_clear();
    Ok(result?)
}
