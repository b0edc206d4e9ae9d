//! `fouille demo`: the bilingual demo mailbox shipped in the binary, indexed
//! and searched, so a new user sees Fouille work with one command.

use std::path::{Path, PathBuf};
use std::process::ExitCode;

use anyhow::{Context, Result};
use fouille_indexer::dkim::{KeyFile, KeyRing};
use fouille_indexer::{Archive, IngestOptions};
use fouille_search::{ArchiveSearcher, SearchRequest};
use rust_embed::RustEmbed;

use crate::cli::ocr::Mode;
use crate::print;
use crate::print::say;

/// The demo mailbox (a Maildir and an mbox), embedded at build time.
#[derive(RustEmbed)]
#[folder = "../tests/fixtures/demo/"]
struct DemoMailbox;

/// Emails signed with the repository's test key, one per DKIM outcome
/// (`tests/fixtures/dkim/mail`), so the demo shows provenance too.
#[derive(RustEmbed)]
#[folder = "../tests/fixtures/dkim/mail/"]
struct SignedMail;

/// The public half of the test key, as `dig` would print it.
const DEMO_KEYS: &str = include_str!("../../../tests/fixtures/dkim/keys.zone");

/// Searches shown by the demo.
const EXAMPLE_QUERIES: &[&str] = &[
    "élection",
    "trésorerie virement",
    "invoice OR facture",
    "brightwater kind:attachment",
    "dkim:fail OR dkim:partial",
    "préfecture extraction:ocr",
];

/// Writes the demo mailbox under `dir/mailbox`, rebuilds `dir/archive` from it
/// and runs example searches; returns the archive directory.
pub fn build(dir: &Path) -> Result<std::path::PathBuf> {
    let mailbox = dir.join("mailbox");
    let archive_dir = dir.join("archive");
    let files = DemoMailbox::iter()
        .map(|name| (name.to_string(), DemoMailbox::get(&name)))
        .chain(SignedMail::iter().map(|name| (format!("signed/{name}"), SignedMail::get(&name))));
    for (name, file) in files {
        let file = file.expect("embedded file exists");
        let path = mailbox.join(&name);
        if let Some(parent) = path.parent() {
            std::fs::create_dir_all(parent)
                .with_context(|| format!("cannot create {}", parent.display()))?;
        }
        std::fs::write(&path, file.data.as_ref())
            .with_context(|| format!("cannot write {}", path.display()))?;
    }
    if archive_dir.try_exists()? {
        // The demo archive of an older Fouille (another format version) is
        // made again too; anything that is not an archive is left alone.
        match Archive::open(&archive_dir) {
            Ok(_) | Err(fouille_schema::Error::VersionMismatch { .. }) => {}
            Err(err) => {
                return Err(anyhow::Error::new(err).context(format!(
                    "{} exists and is not a demo archive",
                    archive_dir.display()
                )));
            }
        }
        std::fs::remove_dir_all(&archive_dir)
            .with_context(|| format!("cannot remove old {}", archive_dir.display()))?;
    }
    say!("indexing the demo mailbox {}", mailbox.display());
    let summary = crate::cli::index_with_progress(
        &archive_dir,
        std::slice::from_ref(&mailbox),
        &IngestOptions {
            extraction: Some(crate::cli::worker_config(120, 2 << 30)?),
            dkim_keys: demo_keys(),
            ..IngestOptions::default()
        },
    )?;
    let archive = Archive::open(&archive_dir)?;
    print::ingest_summary(&summary, &archive);
    // The scanned letter is read when Tesseract is there; else the run
    // says what to install.
    let settings = crate::cli::ocr::OcrSettings::default();
    let tools = crate::cli::ocr::check(Mode::Auto, &settings)?;
    crate::cli::ocr::after_index(&archive_dir, Mode::Auto, &settings, tools, true)?;
    let searcher = ArchiveSearcher::new(archive)?;
    for query in EXAMPLE_QUERIES {
        say!(
            "\n$ fouille search --index {} {query}",
            archive_dir.display()
        );
        let response = searcher.search(&SearchRequest {
            query: query.to_string(),
            limit: 3,
            ..SearchRequest::default()
        })?;
        print::search_response(&response, 0, false);
    }
    say!(
        "\ntry: fouille search --index {} 'from:dupre'   or   fouille stats --index {}",
        archive_dir.display(),
        archive_dir.display()
    );
    Ok(archive_dir)
}

/// The test key, as if given with `--dkim-keys`.
fn demo_keys() -> KeyRing {
    let mut ring = KeyRing::default();
    if let Ok(file) = KeyFile::parse(DEMO_KEYS) {
        ring.add_file(&file, "key file keys.zone (the demo's test key)");
    }
    ring
}

/// The arguments of `fouille demo`.
#[derive(Debug, clap::Args)]
pub struct DemoArgs {
    /// Where to put the demo mailbox and archive.
    #[arg(long, default_value = "fouille-demo")]
    pub dir: PathBuf,
    /// Address to serve on.
    #[arg(long, default_value = "127.0.0.1:8080")]
    pub bind: std::net::SocketAddr,
    /// Stop after the example searches instead of serving.
    #[arg(long)]
    pub no_serve: bool,
}

/// Runs `fouille demo`.
pub fn run(args: DemoArgs) -> Result<ExitCode> {
    let DemoArgs {
        dir,
        bind,
        no_serve,
    } = args;
    let archive = build(&dir)?;
    if !no_serve {
        let searcher = ArchiveSearcher::new(Archive::open(&archive)?)?;
        say!("\nserving the demo archive on http://{bind} (Ctrl-C to stop)");
        // Tags, stars and notes work in the demo too. The archive is
        // rebuilt at every run; the workspace is kept beside it, and the
        // same mailbox gives the same document ids again.
        let workspace = dir.join("workspace.sqlite");
        let options = crate::app::ServeOptions {
            workspace: crate::cli::serve::open_workspace(&archive, Some(&workspace)),
            ..crate::app::ServeOptions::local(bind)
        };
        crate::app::serve(searcher, options).with_context(|| format!("cannot serve on {bind}"))?;
    }
    Ok(ExitCode::SUCCESS)
}
