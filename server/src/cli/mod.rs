//! Command-line arguments and the commands they run: one module per
//! command, each with its arguments and its `run`.

pub mod batch;
pub mod demo;
pub mod dkim;
pub mod index;
mod interrupt;
pub mod ocr;
pub mod search;
pub mod serve;
pub mod synth;
pub mod workspace;

use std::process::ExitCode;

use anyhow::{Context, Result};
use clap::{Parser, Subcommand};

pub use index::{index_with_progress, worker_config};

/// Fouille: a full-text searchable archive for leaked email.
#[derive(Debug, Parser)]
#[command(name = "fouille", version, about)]
pub struct Args {
    /// What to do.
    #[command(subcommand)]
    pub command: Command,
}

/// The commands.
#[derive(Debug, Subcommand)]
pub enum Command {
    /// Index mail (eml, Maildir, mbox, emlx, Outlook msg/pst), attachments
    /// and loose documents (PDF, Office, archives…) into an archive.
    Index(index::IndexArgs),
    /// Read the text of an archive's images and scanned PDF pages with
    /// Tesseract: what indexing left waiting, or what a stopped run did
    /// not finish.
    Ocr(ocr::OcrArgs),
    /// Check the DKIM signatures of an archive's emails again, with keys
    /// found later (key files, or the DNS when asked).
    Dkim(dkim::DkimArgs),
    /// Search an archive from the terminal.
    Search(search::SearchArgs),
    /// Run a list of queries (CSV, JSON or one a line) and write each
    /// one's total and top hits as CSV; nothing is stored in the workspace.
    Batch(batch::BatchArgs),
    /// Show what an archive holds and the ledger of its input files.
    Stats(search::StatsArgs),
    /// Serve the JSON API and the web UI of an archive.
    Serve(serve::ServeArgs),
    /// Build an archive from the bilingual demo mailbox shipped with Fouille,
    /// search it, and serve it on http://127.0.0.1:8080.
    Demo(demo::DemoArgs),
    /// Write a deterministic synthetic mail corpus, French and English, for
    /// benchmarks.
    Synth(synth::SynthArgs),
    /// Export or import the team's workspace (tags, stars, notes, saved
    /// searches) as JSON.
    Workspace(workspace::WorkspaceArgs),
    /// Print the workspace's audit trail: who changed what, when.
    Audit(workspace::AuditArgs),
    /// Internal: the isolated document extraction process `index` starts.
    #[command(hide = true)]
    ExtractWorker {
        /// Address-space limit, bytes.
        #[arg(long)]
        memory: u64,
    },
}

/// Runs a command.
pub fn run(args: Args) -> Result<ExitCode> {
    match args.command {
        Command::Index(args) => index::run(args),
        Command::Ocr(args) => ocr::run(args),
        Command::Dkim(args) => dkim::run(args),
        Command::Search(args) => search::search(args),
        Command::Stats(args) => search::stats(args),
        Command::Batch(args) => batch::run(args),
        Command::Serve(args) => serve::run(args),
        Command::Demo(args) => demo::run(args),
        Command::Synth(args) => synth::run(args),
        Command::Workspace(args) => workspace::run(args),
        Command::Audit(args) => workspace::audit(args),
        Command::ExtractWorker { memory } => {
            // Ctrl-C in the terminal reaches the whole process group: the
            // indexer stops cleanly and closes our stdin, we must not die
            // mid-document and be recorded as a failure.
            let _ = ctrlc::set_handler(|| {});
            fouille_extract::worker::serve_worker(memory).context("extraction worker")?;
            Ok(ExitCode::SUCCESS)
        }
    }
}
