//! `fouille synth`: learns the vocabulary, generates the corpus of
//! `fouille-synth` with a progress bar on standard error, and prints what
//! was done (with `--leak`, the attachments by type). Its subcommands write images for OCR: `fouille synth images`
//! a leak-shaped set for the benchmark, `fouille synth ocr-fixtures` the
//! test fixtures of `tests/fixtures/ocr/`.

use std::path::PathBuf;
use std::process::ExitCode;
use std::time::Instant;

use anyhow::Result;
use fouille_synth::{
    Format, Kind, Language, LeakOptions, Options, Summary, VOCABULARY_BUDGET, Vocabulary,
    fixture_paths, generate, plan, vocabulary_paths,
};
use indicatif::{ProgressBar, ProgressStyle};

use crate::print;
use crate::print::say;

mod images;

/// `fouille synth`: learns the vocabulary, generates with a progress bar on
/// standard error, and prints what was done.
pub fn generate_corpus(options: &Options) -> Result<()> {
    let paths = vocabulary_paths(&options.vocabulary);
    eprintln!(
        "learning words from {}…",
        paths
            .iter()
            .map(|path| path.display().to_string())
            .collect::<Vec<_>>()
            .join(", ")
    );
    let learning = Instant::now();
    let vocabulary = Vocabulary::learn(&paths, &fixture_paths(), VOCABULARY_BUDGET)?;
    let learning = learning.elapsed().as_secs_f64();

    let bar = ProgressBar::new(options.count);
    bar.set_style(
        ProgressStyle::with_template(
            "{spinner} {elapsed_precise} [{bar:30}] {pos}/{len} messages {per_sec} eta {eta}",
        )
        .expect("valid template")
        .progress_chars("=> "),
    );
    let summary = generate(options, &vocabulary, &|done| bar.set_position(done));
    bar.finish_and_clear();
    let summary = summary?;

    let format = match options.format {
        Format::Maildir => format!("Maildir, {} mailboxes", plan::MAILBOXES.len()),
        Format::Mbox => format!("mbox, {} files", summary.files),
    };
    say!(
        "wrote {} messages to {} ({format}): {}, median {}, largest {}",
        summary.messages,
        options.out.display(),
        print::bytes(summary.bytes),
        print::bytes(summary.median_bytes),
        print::bytes(summary.largest_bytes)
    );
    say!(
        "in {:.1} s: {:.0} messages/s, {}/s",
        summary.seconds,
        summary.messages as f64 / summary.seconds.max(1e-9),
        print::bytes((summary.bytes as f64 / summary.seconds.max(1e-9)) as u64)
    );
    if options.leak.is_some() {
        print_attachments(&summary);
    }
    say!("seed {}", options.seed);
    say!(
        "vocabulary from {} in {learning:.1} s: {} of text in {} messages",
        vocabulary
            .sources
            .iter()
            .map(|path| path.display().to_string())
            .collect::<Vec<_>>()
            .join(", "),
        print::bytes(vocabulary.text_bytes),
        vocabulary.messages
    );
    for language in Language::ALL {
        let chain = vocabulary.chain(language);
        say!(
            "  {}: {} words, {} bigrams, from {} tokens",
            language.code(),
            chain.len(),
            chain.bigrams(),
            chain.tokens()
        );
    }
    Ok(())
}

/// Prints the leak attachments of `summary` by type, and the photographs'
/// size.
fn print_attachments(summary: &Summary) {
    let tally = &summary.attachments;
    say!(
        "{} attachments, {} decoded:",
        tally.total(),
        print::bytes(tally.bytes.iter().sum())
    );
    for kind in Kind::ALL {
        let (count, bytes) = (tally.count[kind.index()], tally.bytes[kind.index()]);
        say!(
            "  {:<4} {count:>7}  {:>10}  mean {}",
            kind.extension(),
            print::bytes(bytes),
            print::bytes(bytes / count.max(1))
        );
    }
    if let Some(((width, height), target)) = summary.photos {
        say!(
            "photographs {width}×{height} (portrait one in three), aiming at {} each",
            print::bytes(target)
        );
    }
}

/// The arguments of `fouille synth`: a mail corpus (`--out`, `--count`),
/// or one of the image subcommands.
#[derive(Debug, clap::Args)]
#[command(args_conflicts_with_subcommands = true, subcommand_negates_reqs = true)]
pub struct SynthArgs {
    /// Images instead of mail.
    #[command(subcommand)]
    pub images: Option<ImagesCommand>,
    /// Directory to write (created; must be missing or empty).
    #[arg(long, required = true)]
    pub out: Option<PathBuf>,
    /// Messages to write.
    #[arg(long, required = true)]
    pub count: Option<u64>,
    /// Random seed: the same seed, count and vocabulary give the same
    /// bytes.
    #[arg(long, default_value_t = 42)]
    pub seed: u64,
    /// maildir (one file per message, several mailboxes) or mbox (one
    /// file per year).
    #[arg(long, default_value = "maildir")]
    pub format: fouille_synth::Format,
    /// Mail to learn words from (files or folders). Default: the
    /// corpora in ../shared/corpora when present, else the fixtures.
    #[arg(long, num_args = 1..)]
    pub vocabulary: Vec<PathBuf>,
    /// Generating threads (default: every core); the output does not
    /// depend on it.
    #[arg(long)]
    pub threads: Option<usize>,
    /// Leak-shaped attachments (#MacronLeaks): PDF, DOCX, XLSX, PPTX,
    /// phone photographs and zips that the extractors read, instead of a
    /// few text and CSV files.
    #[arg(long)]
    pub leak: bool,
    /// With --leak, the corpus's approximate size on disk, with a unit
    /// (K, M, G: powers of 1024); the photographs' resolution follows.
    /// Default: 125 KB a message (9 GB for 72,000).
    #[arg(long, requires = "leak", value_parser = parse_size)]
    pub size: Option<u64>,
    /// With --leak, the share of messages carrying attachments (0–1).
    #[arg(long, requires = "leak", default_value_t = 0.27)]
    pub attachments: f64,
}

fn parse_size(text: &str) -> Result<u64, String> {
    super::index::parse_size(text).map(|size| size as u64)
}

/// The image subcommands of `fouille synth`.
#[derive(Debug, clap::Subcommand)]
pub enum ImagesCommand {
    /// Write a leak-shaped set of images for the OCR benchmark: photographs
    /// without text, text images (A4 scans, receipts, screenshots, phone
    /// photos of pages), exact duplicates, and truth.tsv (file, kind, key
    /// words). Needs pdftoppm (Debian poppler-utils).
    Images(ImagesArgs),
    /// Write the OCR test fixtures (tests/fixtures/ocr/): always the same
    /// bytes. Needs pdftoppm (Debian poppler-utils).
    OcrFixtures {
        /// Directory to write them to (created if missing; files of the
        /// same names are replaced).
        #[arg(long)]
        out: PathBuf,
    },
}

/// The arguments of `fouille synth images`.
#[derive(Debug, clap::Args)]
pub struct ImagesArgs {
    /// Directory to write (created; must be missing or empty).
    #[arg(long)]
    pub out: PathBuf,
    /// Files to write, duplicates included.
    #[arg(long)]
    pub count: usize,
    /// Random seed: the same seed and count give the same bytes.
    #[arg(long, default_value_t = 42)]
    pub seed: u64,
    /// Share of photographs without text.
    #[arg(long, default_value_t = 0.33)]
    pub photos: f64,
    /// Share of exact duplicates (the same bytes under another name).
    #[arg(long, default_value_t = 0.1)]
    pub duplicates: f64,
    /// Generating threads (default: every core); the output does not
    /// depend on it.
    #[arg(long)]
    pub threads: Option<usize>,
}

fn every_core() -> usize {
    std::thread::available_parallelism().map_or(1, std::num::NonZeroUsize::get)
}

/// Runs `fouille synth`.
pub fn run(args: SynthArgs) -> Result<ExitCode> {
    let SynthArgs {
        images,
        out,
        count,
        seed,
        format,
        vocabulary,
        threads,
        leak,
        size,
        attachments,
    } = args;
    match images {
        Some(ImagesCommand::Images(args)) => return images::generate_image_set(args),
        Some(ImagesCommand::OcrFixtures { out }) => return images::write_fixtures(&out),
        None => {}
    }
    let (Some(out), Some(count)) = (out, count) else {
        anyhow::bail!("fouille synth needs --out and --count");
    };
    if !(0.0..=1.0).contains(&attachments) {
        anyhow::bail!("--attachments is a share, from 0 to 1");
    }
    let leak = leak.then(|| LeakOptions {
        size: size.unwrap_or(LeakOptions::macron_leaks(count).size),
        attachments,
    });
    generate_corpus(&fouille_synth::Options {
        out,
        count,
        seed,
        format,
        vocabulary,
        threads: threads.unwrap_or_else(every_core),
        leak,
    })?;
    Ok(ExitCode::SUCCESS)
}
