//! `fouille synth`: learns the vocabulary, generates the corpus of
//! `fouille-synth` with a progress bar on standard error, and prints what
//! was done.

use std::path::PathBuf;
use std::process::ExitCode;
use std::time::Instant;

use anyhow::Result;
use fouille_synth::{
    Format, Language, Options, VOCABULARY_BUDGET, Vocabulary, fixture_paths, generate, plan,
    vocabulary_paths,
};
use indicatif::{ProgressBar, ProgressStyle};

use crate::print;
use crate::print::say;

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

/// The arguments of `fouille synth`.
#[derive(Debug, clap::Args)]
pub struct SynthArgs {
    /// Directory to write (created; must be missing or empty).
    #[arg(long)]
    pub out: PathBuf,
    /// Messages to write.
    #[arg(long)]
    pub count: u64,
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
}

/// Runs `fouille synth`.
pub fn run(args: SynthArgs) -> Result<ExitCode> {
    let SynthArgs {
        out,
        count,
        seed,
        format,
        vocabulary,
        threads,
    } = args;
    let threads = threads.unwrap_or_else(|| {
        std::thread::available_parallelism().map_or(1, std::num::NonZeroUsize::get)
    });
    generate_corpus(&fouille_synth::Options {
        out,
        count,
        seed,
        format,
        vocabulary,
        threads,
    })?;
    Ok(ExitCode::SUCCESS)
}
