//! `fouille ocr`, and the OCR pass `fouille index` and `fouille demo` run
//! once the text is indexed: Tesseract found at run time, a progress line
//! (images, pages per second, ETA), Ctrl-C committing what was read, and,
//! when Tesseract is missing, one message saying what waits and what to
//! install.

use std::path::{Path, PathBuf};
use std::process::ExitCode;

use anyhow::{Result, bail};
use fouille_extract::ocr::{Missing, Tools};
use fouille_indexer::ocr::{OcrOptions, OcrProgress};
use fouille_schema::Archive;
use indicatif::{ProgressBar, ProgressStyle};

use super::index::parse_size;
use super::interrupt;
use crate::print::say;

/// Tesseract's languages unless told otherwise.
pub const DEFAULT_LANGS: &str = "fra+eng";

/// The arguments of `fouille ocr`.
#[derive(Debug, clap::Args)]
pub struct OcrArgs {
    /// Archive directory.
    #[arg(long)]
    pub index: PathBuf,
    /// Tesseract's languages, `+`-separated (Debian package
    /// tesseract-ocr-LANG for each).
    #[arg(long, alias = "ocr-langs", default_value = DEFAULT_LANGS)]
    pub langs: String,
    /// Pages read at once (default: every core).
    #[arg(long)]
    pub threads: Option<usize>,
    /// Seconds one page may take to render, and again to read.
    #[arg(long, default_value_t = 120)]
    pub timeout: u64,
    /// Memory one OCR worker (and the Tesseract it runs) may use, e.g. 2G.
    #[arg(long, default_value = "2G", value_parser = parse_size)]
    pub memory: usize,
    /// Print the summary as JSON.
    #[arg(long)]
    pub json: bool,
}

/// How OCR runs, shared by `fouille ocr` and `fouille index`.
#[derive(Debug, Clone, clap::Args)]
pub struct OcrSettings {
    /// Tesseract's languages, `+`-separated (Debian package
    /// tesseract-ocr-LANG for each).
    #[arg(long, default_value = DEFAULT_LANGS)]
    pub ocr_langs: String,
    /// Pages read at once (default: every core).
    #[arg(long)]
    pub ocr_threads: Option<usize>,
    /// Seconds one page may take to render, and again to read.
    #[arg(long, default_value_t = 120)]
    pub ocr_timeout: u64,
    /// Memory one OCR worker (and the Tesseract it runs) may use, e.g. 2G.
    #[arg(long, default_value = "2G", value_parser = parse_size)]
    pub ocr_memory: usize,
}

impl Default for OcrSettings {
    fn default() -> Self {
        OcrSettings {
            ocr_langs: DEFAULT_LANGS.to_string(),
            ocr_threads: None,
            ocr_timeout: 120,
            ocr_memory: 2 << 30,
        }
    }
}

impl OcrSettings {
    /// The pass's options with `tools`.
    fn options(&self, tools: Tools) -> Result<OcrOptions> {
        let mut options = OcrOptions::new(&self.ocr_langs, tools);
        options.extraction = Some(super::worker_config(
            self.ocr_timeout,
            self.ocr_memory as u64,
        )?);
        options.page_timeout = self.ocr_timeout;
        if let Some(threads) = self.ocr_threads {
            options.threads = threads.max(1);
        }
        Ok(options)
    }
}

/// Runs `fouille ocr`.
pub fn run(args: OcrArgs) -> Result<ExitCode> {
    let settings = OcrSettings {
        ocr_langs: args.langs,
        ocr_threads: args.threads,
        ocr_timeout: args.timeout,
        ocr_memory: args.memory,
    };
    let tools = match Tools::detect(&settings.ocr_langs) {
        Ok(tools) => tools,
        Err(missing) => bail!("{missing}"),
    };
    let progress = read_with_progress(&args.index, &settings.options(tools)?)?;
    if args.json {
        say!("{}", serde_json::to_string_pretty(&progress)?);
    } else {
        print_summary(&progress, &args.index);
    }
    Ok(if progress.interrupted {
        ExitCode::from(130)
    } else {
        ExitCode::SUCCESS
    })
}

/// Whether `fouille index` runs OCR after the text.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Mode {
    /// When Tesseract is installed; else say what waits.
    Auto,
    /// Always: no Tesseract is an error, before anything is indexed.
    On,
    /// Never: say what waits.
    Off,
}

/// Checked before indexing: with `--ocr`, Tesseract must be there.
pub fn check(mode: Mode, settings: &OcrSettings) -> Result<Option<Tools>> {
    match (mode, Tools::detect(&settings.ocr_langs)) {
        (Mode::Off, _) => Ok(None),
        (_, Ok(tools)) => Ok(Some(tools)),
        (Mode::On, Err(missing)) => bail!("--ocr: {missing}"),
        (Mode::Auto, Err(_)) => Ok(None),
    }
}

/// The OCR pass after indexing into `index`: run with `tools`, or, without
/// them, one message on what waits and what to do.
pub fn after_index(
    index: &Path,
    mode: Mode,
    settings: &OcrSettings,
    tools: Option<Tools>,
    talk: bool,
) -> Result<Option<OcrProgress>> {
    if interrupt::requested() {
        return Ok(None);
    }
    let Some(tools) = tools else {
        let why = match mode {
            Mode::Off => "--no-ocr".to_string(),
            _ => Tools::detect(&settings.ocr_langs)
                .err()
                .map_or_else(String::new, |missing: Missing| missing.to_string()),
        };
        say_waiting(index, &why)?;
        return Ok(None);
    };
    let progress = read_with_progress(index, &settings.options(tools)?)?;
    if talk {
        print_summary(&progress, index);
    }
    Ok(Some(progress))
}

/// "N images and M scanned pages wait for OCR", if any do.
fn say_waiting(index: &Path, why: &str) -> Result<()> {
    let archive = Archive::open(index)?;
    let searcher = archive.reader()?.searcher();
    let (documents, pdfs) =
        fouille_indexer::ocr::plan::waiting_documents(&searcher, archive.fields())?;
    if documents == 0 {
        return Ok(());
    }
    // Distinct images and pages need every waiting document read: past a
    // thousand, documents are counted instead.
    if documents > DETAILED_WAITING_UP_TO {
        say!(
            "ocr: {} ({} and {}) wait for OCR ({why}); once Tesseract is there, run: fouille ocr --index {}",
            counted(documents, "document"),
            counted(documents - pdfs, "image"),
            counted(pdfs, "PDF"),
            index.display()
        );
        return Ok(());
    }
    let pending = fouille_indexer::ocr::pending(&searcher, archive.fields())?;
    say!(
        "ocr: {} and {} wait for OCR ({why}); once Tesseract is there, run: fouille ocr --index {}",
        counted(pending.images, "image"),
        counted(pending.pdf_pages, "scanned PDF page"),
        index.display()
    );
    Ok(())
}

/// Documents waiting for OCR up to which the message after indexing counts
/// distinct images and scanned pages.
const DETAILED_WAITING_UP_TO: u64 = 1_000;

/// `1 image`, `2 images`.
fn counted(count: u64, thing: &str) -> String {
    if count == 1 {
        format!("1 {thing}")
    } else {
        format!("{count} {thing}s")
    }
}

/// Runs the pass with a progress line on standard error.
fn read_with_progress(index: &Path, options: &OcrOptions) -> Result<OcrProgress> {
    let bar = ProgressBar::new(0);
    bar.set_style(
        ProgressStyle::with_template(
            "{spinner} ocr {elapsed_precise} [{bar:30}] {pos}/{len} pages {per_sec} eta {eta} {msg}",
        )
        .expect("valid template")
        .progress_chars("=> "),
    );
    let mut report = |progress: &OcrProgress| {
        bar.set_length(progress.pages.saturating_sub(progress.pages_from_journal));
        bar.set_position(progress.pages_read);
        bar.set_message(format!(
            "{}/{} images and PDFs, {} pages with text, {} without, {} failed",
            progress.distinct_done,
            progress.distinct,
            progress.pages_with_text,
            progress.pages_without_text,
            progress.pages_failed
        ));
    };
    let result = fouille_indexer::ocr::run(index, options, interrupt::flag(), &mut report);
    bar.finish_and_clear();
    Ok(result?)
}

fn print_summary(progress: &OcrProgress, index: &Path) {
    if progress.documents == 0 {
        say!("ocr: nothing waits for OCR");
        return;
    }
    let rate = progress.pages_read as f64 / progress.seconds.max(0.001);
    say!(
        "ocr {} in {:.1}s: {} pages read ({rate:.1}/s), {} from the journal; {} with text, {} without (photographs, blank pages), {} failed; {} documents from {} distinct images and PDFs",
        if progress.interrupted {
            "interrupted"
        } else {
            "done"
        },
        progress.seconds,
        progress.pages_read,
        progress.pages_from_journal,
        progress.pages_with_text,
        progress.pages_without_text,
        progress.pages_failed,
        progress.documents_done,
        progress.distinct_done
    );
    if progress.interrupted {
        say!(
            "run again to go on: fouille ocr --index {}",
            index.display()
        );
    }
}
