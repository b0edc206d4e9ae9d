//! Command-line arguments and the commands they run.

use std::io::IsTerminal;
use std::path::{Path, PathBuf};
use std::process::ExitCode;
use std::sync::Arc;
use std::sync::atomic::{AtomicBool, Ordering};

use anyhow::{Context, Result, bail};
use clap::{Parser, Subcommand};
use fouille_indexer::search::{ArchiveSearcher, SearchRequest, Sort, parse_date};
use fouille_indexer::worker::WorkerConfig;
use fouille_indexer::{Archive, Event, IngestOptions, IngestSummary};
use indicatif::{ProgressBar, ProgressStyle};

use crate::print;
use crate::print::say;

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
    Index {
        /// Archive directory (created if missing).
        #[arg(long)]
        index: PathBuf,
        /// Parsing threads (default: every core).
        #[arg(long)]
        threads: Option<usize>,
        /// Index writer memory budget, e.g. 128M or 1G (default 128M). The
        /// indexer's peak memory is a few hundred megabytes above it.
        #[arg(long, default_value = "128M", value_parser = parse_size)]
        memory: usize,
        /// Languages detection chooses among (ISO 639-1, comma separated).
        #[arg(long, value_delimiter = ',', default_value = "fr,en,de,es,it,pt,nl")]
        langs: Vec<String>,
        /// Print the run summary as JSON.
        #[arg(long)]
        json: bool,
        /// Commit after this many new messages (a crash loses at most this
        /// much work, which a re-run redoes).
        #[arg(long, default_value_t = 50_000)]
        commit_every: usize,
        /// Seconds one document's extraction may take before it is stopped.
        #[arg(long, default_value_t = 120)]
        extract_timeout: u64,
        /// Memory one extraction worker may use, e.g. 2G.
        #[arg(long, default_value = "2G", value_parser = parse_size)]
        extract_memory: usize,
        /// Documents larger than this are indexed by name only, e.g. 256M.
        #[arg(long, default_value = "256M", value_parser = parse_size)]
        max_document: usize,
        /// Files and folders to index (folders are walked recursively).
        #[arg(required = true)]
        paths: Vec<PathBuf>,
    },
    /// Search an archive from the terminal.
    Search {
        /// Archive directory.
        #[arg(long)]
        index: PathBuf,
        /// Print the API's JSON.
        #[arg(long)]
        json: bool,
        /// Hits to show.
        #[arg(long, default_value_t = 20)]
        limit: usize,
        /// Hits to skip.
        #[arg(long, default_value_t = 0)]
        offset: usize,
        /// relevance, newest or oldest.
        #[arg(long, default_value = "relevance", value_parser = parse_sort)]
        sort: Sort,
        /// Only messages on or after this day (YYYY-MM-DD).
        #[arg(long, value_parser = parse_day)]
        after: Option<jiff::civil::Date>,
        /// Only messages on or before this day (YYYY-MM-DD).
        #[arg(long, value_parser = parse_day)]
        before: Option<jiff::civil::Date>,
        /// The query (see docs/QUERY.md); several words are joined.
        query: Vec<String>,
    },
    /// Show what an archive holds and the ledger of its input files.
    Stats {
        /// Archive directory.
        #[arg(long)]
        index: PathBuf,
        /// Print JSON.
        #[arg(long)]
        json: bool,
    },
    /// Serve the JSON API and the web UI of an archive.
    Serve {
        /// Archive directory.
        #[arg(long)]
        index: PathBuf,
        /// Address to listen on.
        #[arg(long, default_value = "127.0.0.1:8080")]
        bind: std::net::SocketAddr,
        /// Write query strings (search terms) in the request log; off by
        /// default, searches are sensitive.
        #[arg(long)]
        log_queries: bool,
        /// Require HTTP Basic authentication for the UI and the API: an
        /// htpasswd file of bcrypt hashes (`htpasswd -B -c FILE USER`).
        #[arg(long, value_name = "FILE")]
        users: Option<PathBuf>,
        /// Accept these API tokens (`Authorization: Bearer TOKEN`), one per
        /// line, at least 24 characters each; alone or with --users.
        #[arg(long, value_name = "FILE")]
        tokens: Option<PathBuf>,
        /// Serve HTTPS: the PEM certificate chain, the server's certificate
        /// first (with --tls-key).
        #[arg(long, value_name = "FILE", requires = "tls_key")]
        tls_cert: Option<PathBuf>,
        /// The PEM private key of --tls-cert.
        #[arg(long, value_name = "FILE", requires = "tls_cert")]
        tls_key: Option<PathBuf>,
        /// Allow each client address N requests a second on average;
        /// beyond it, 429 with Retry-After. Off by default.
        #[arg(long, value_name = "N")]
        rate_limit: Option<u32>,
        /// Requests a client may make at once under --rate-limit (a page of
        /// the UI makes several) [default: twice the rate, at least 20].
        #[arg(long, value_name = "N", requires = "rate_limit")]
        rate_burst: Option<u32>,
        /// Also answer requests for this host name (repeatable). Besides
        /// it, only localhost, 127.0.0.1, [::1] and the --bind address are
        /// served: any other Host gets 421, which stops DNS rebinding.
        #[arg(long = "allowed-host", value_name = "NAME")]
        allowed_hosts: Vec<String>,
        /// Trust Forwarded / X-Forwarded-Host / X-Forwarded-Proto from a
        /// reverse proxy in front of the server (for permalinks).
        #[arg(long)]
        behind_proxy: bool,
        /// The address users reach the server at, e.g.
        /// https://fouille.example.org, for permalinks in exports; its host
        /// is also allowed.
        #[arg(long, value_name = "URL", value_parser = crate::host::parse_public_url)]
        public_url: Option<String>,
        /// Exports that may run at once.
        #[arg(long, value_name = "N", default_value_t = 4)]
        max_exports: usize,
        /// Exports one client address may run at once.
        #[arg(long, value_name = "N", default_value_t = 2)]
        max_exports_per_client: usize,
        /// Stop an export whose client has read nothing for this many
        /// seconds.
        #[arg(long, value_name = "SECONDS", default_value_t = 30)]
        export_stall_timeout: u64,
    },
    /// Build an archive from the bilingual demo mailbox shipped with Fouille,
    /// search it, and serve it on http://127.0.0.1:8080.
    Demo {
        /// Where to put the demo mailbox and archive.
        #[arg(long, default_value = "fouille-demo")]
        dir: PathBuf,
        /// Address to serve on.
        #[arg(long, default_value = "127.0.0.1:8080")]
        bind: std::net::SocketAddr,
        /// Stop after the example searches instead of serving.
        #[arg(long)]
        no_serve: bool,
    },
    /// Write a deterministic synthetic mail corpus, French and English, for
    /// benchmarks.
    Synth {
        /// Directory to write (created; must be missing or empty).
        #[arg(long)]
        out: PathBuf,
        /// Messages to write.
        #[arg(long)]
        count: u64,
        /// Random seed: the same seed, count and vocabulary give the same
        /// bytes.
        #[arg(long, default_value_t = 42)]
        seed: u64,
        /// maildir (one file per message, several mailboxes) or mbox (one
        /// file per year).
        #[arg(long, default_value = "maildir")]
        format: fouille_synth::Format,
        /// Mail to learn words from (files or folders). Default: the
        /// corpora in ../shared/corpora when present, else the fixtures.
        #[arg(long, num_args = 1..)]
        vocabulary: Vec<PathBuf>,
        /// Generating threads (default: every core); the output does not
        /// depend on it.
        #[arg(long)]
        threads: Option<usize>,
    },
    /// Internal: the isolated document extraction process `index` starts.
    #[command(hide = true)]
    ExtractWorker {
        /// Address-space limit, bytes.
        #[arg(long)]
        memory: u64,
    },
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

fn parse_size(text: &str) -> Result<usize, String> {
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

fn parse_sort(text: &str) -> Result<Sort, String> {
    match text {
        "relevance" => Ok(Sort::Relevance),
        "newest" => Ok(Sort::Newest),
        "oldest" => Ok(Sort::Oldest),
        _ => Err("expected relevance, newest or oldest".into()),
    }
}

fn parse_day(text: &str) -> Result<jiff::civil::Date, String> {
    parse_date(text).ok_or_else(|| format!("bad date {text:?}: expected YYYY-MM-DD"))
}

/// Runs a command.
pub fn run(args: Args) -> Result<ExitCode> {
    match args.command {
        Command::Index {
            index,
            threads,
            memory,
            langs,
            json,
            commit_every,
            extract_timeout,
            extract_memory,
            max_document,
            paths,
        } => {
            let mut options = IngestOptions {
                writer_memory: memory,
                languages: langs,
                commit_every: commit_every.max(1),
                extraction: Some(worker_config(extract_timeout, extract_memory as u64)?),
                ..IngestOptions::default()
            };
            options.limits.max_document_bytes = max_document as u64;
            if let Some(threads) = threads {
                options.threads = threads.max(1);
            }
            let summary = index_with_progress(&index, &paths, &options)?;
            if json {
                say!("{}", serde_json::to_string_pretty(&summary)?);
            } else {
                print::ingest_summary(&summary, &Archive::open(&index)?);
            }
            Ok(if summary.interrupted {
                ExitCode::from(130)
            } else {
                ExitCode::SUCCESS
            })
        }
        Command::Search {
            index,
            json,
            limit,
            offset,
            sort,
            after,
            before,
            query,
        } => {
            let searcher = ArchiveSearcher::new(Archive::open(&index)?)?;
            let mut request = SearchRequest {
                query: query.join(" "),
                sort,
                offset,
                limit,
                ..SearchRequest::default()
            };
            request.filters.after = after;
            request.filters.before = before;
            let response = searcher.search(&request)?;
            if json {
                say!("{}", serde_json::to_string_pretty(&response)?);
            } else {
                print::search_response(&response, offset, std::io::stdout().is_terminal());
            }
            Ok(ExitCode::SUCCESS)
        }
        Command::Stats { index, json } => {
            let stats = fouille_indexer::stats::archive_stats(&Archive::open(&index)?)?;
            if json {
                say!("{}", serde_json::to_string_pretty(&stats)?);
            } else {
                print::stats(&stats);
            }
            Ok(ExitCode::SUCCESS)
        }
        Command::Serve {
            index,
            bind,
            log_queries,
            users,
            tokens,
            tls_cert,
            tls_key,
            rate_limit,
            rate_burst,
            mut allowed_hosts,
            behind_proxy,
            public_url,
            max_exports,
            max_exports_per_client,
            export_stall_timeout,
        } => {
            if max_exports == 0 || max_exports_per_client == 0 || export_stall_timeout == 0 {
                bail!(
                    "--max-exports, --max-exports-per-client and --export-stall-timeout must be at least 1"
                );
            }
            if let Some(url) = &public_url {
                let host = url.split_once("://").map_or("", |(_, rest)| rest);
                let host = host.split('/').next().unwrap_or_default();
                allowed_hosts.push(host.to_string());
            }
            let credentials = if users.is_some() || tokens.is_some() {
                Some(crate::auth::Credentials::load(
                    users.as_deref(),
                    tokens.as_deref(),
                )?)
            } else {
                None
            };
            let tls = match (tls_cert, tls_key) {
                (Some(cert), Some(key)) => Some(crate::tls::load(&cert, &key)?),
                _ => None,
            };
            let rate_limit = match rate_limit {
                Some(0) => bail!("--rate-limit must be at least 1 request a second"),
                Some(per_second) => Some(crate::limit::RateLimit {
                    per_second,
                    burst: rate_burst
                        .unwrap_or(per_second.saturating_mul(2).max(20))
                        .max(1),
                }),
                None => None,
            };
            let searcher = ArchiveSearcher::new(Archive::open(&index)?)?;
            eprintln!(
                "serving {} on {}://{bind} ({}; Ctrl-C to stop)",
                index.display(),
                if tls.is_some() { "https" } else { "http" },
                if credentials.is_some() {
                    "credentials required"
                } else {
                    "open to anyone who can reach it"
                }
            );
            let options = crate::app::ServeOptions {
                bind,
                log_queries,
                credentials,
                tls,
                rate_limit,
                allowed_hosts,
                behind_proxy,
                public_url,
                exports: crate::exports::ExportLimits {
                    global: max_exports,
                    per_client: max_exports_per_client.min(max_exports),
                    stall: std::time::Duration::from_secs(export_stall_timeout),
                },
            };
            crate::app::serve(searcher, options)
                .with_context(|| format!("cannot serve on {bind}"))?;
            Ok(ExitCode::SUCCESS)
        }
        Command::Demo {
            dir,
            bind,
            no_serve,
        } => {
            let archive = crate::demo::run(&dir)?;
            if !no_serve {
                let searcher = ArchiveSearcher::new(Archive::open(&archive)?)?;
                say!("\nserving the demo archive on http://{bind} (Ctrl-C to stop)");
                let options = crate::app::ServeOptions::local(bind);
                crate::app::serve(searcher, options)
                    .with_context(|| format!("cannot serve on {bind}"))?;
            }
            Ok(ExitCode::SUCCESS)
        }
        Command::Synth {
            out,
            count,
            seed,
            format,
            vocabulary,
            threads,
        } => {
            let threads = threads.unwrap_or_else(|| {
                std::thread::available_parallelism().map_or(1, std::num::NonZeroUsize::get)
            });
            crate::synth::run(&fouille_synth::Options {
                out,
                count,
                seed,
                format,
                vocabulary,
                threads,
            })?;
            Ok(ExitCode::SUCCESS)
        }
        Command::ExtractWorker { memory } => {
            // Ctrl-C in the terminal reaches the whole process group: the
            // indexer stops cleanly and closes our stdin, we must not die
            // mid-document and be recorded as a failure.
            let _ = ctrlc::set_handler(|| {});
            fouille_indexer::worker::serve_worker(memory).context("extraction worker")?;
            Ok(ExitCode::SUCCESS)
        }
    }
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
    let cancel = Arc::new(AtomicBool::new(false));
    {
        let cancel = Arc::clone(&cancel);
        // Installing fails only if a handler exists (the demo indexes twice).
        let _ = ctrlc::set_handler(move || {
            if cancel.swap(true, Ordering::SeqCst) {
                std::process::exit(130);
            }
            eprintln!("\ninterrupted: committing what was read (Ctrl-C again to quit now)");
        });
    }
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
    let result = fouille_indexer::ingest(index, paths, options, &cancel, &mut on_event);
    bar.finish_and_clear();
    Ok(result?)
}
