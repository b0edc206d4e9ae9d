//! `fouille serve`: the JSON API and the web UI, with the options that
//! guard them.

use std::path::PathBuf;
use std::process::ExitCode;

use anyhow::{Context, Result, bail};
use fouille_schema::Archive;
use fouille_search::ArchiveSearcher;

/// The arguments of `fouille serve`.
#[derive(Debug, clap::Args)]
pub struct ServeArgs {
    /// Archive directory.
    #[arg(long)]
    pub index: PathBuf,
    /// Address to listen on.
    #[arg(long, default_value = "127.0.0.1:8080")]
    pub bind: std::net::SocketAddr,
    /// Write query strings (search terms) in the request log; off by
    /// default, searches are sensitive.
    #[arg(long)]
    pub log_queries: bool,
    /// Require HTTP Basic authentication for the UI and the API: an
    /// htpasswd file of bcrypt hashes (`htpasswd -B -c FILE USER`).
    #[arg(long, value_name = "FILE")]
    pub users: Option<PathBuf>,
    /// Accept these API tokens (`Authorization: Bearer TOKEN`), one per
    /// line, at least 24 characters each; alone or with --users.
    #[arg(long, value_name = "FILE")]
    pub tokens: Option<PathBuf>,
    /// Serve HTTPS: the PEM certificate chain, the server's certificate
    /// first (with --tls-key).
    #[arg(long, value_name = "FILE", requires = "tls_key")]
    pub tls_cert: Option<PathBuf>,
    /// The PEM private key of --tls-cert.
    #[arg(long, value_name = "FILE", requires = "tls_cert")]
    pub tls_key: Option<PathBuf>,
    /// Allow each client address N requests a second on average;
    /// beyond it, 429 with Retry-After. Off by default.
    #[arg(long, value_name = "N")]
    pub rate_limit: Option<u32>,
    /// Requests a client may make at once under --rate-limit (a page of
    /// the UI makes several) [default: twice the rate, at least 20].
    #[arg(long, value_name = "N", requires = "rate_limit")]
    pub rate_burst: Option<u32>,
    /// Also answer requests for this host name (repeatable). Besides
    /// it, only localhost, 127.0.0.1, [::1] and the --bind address are
    /// served: any other Host gets 421, which stops DNS rebinding.
    #[arg(long = "allowed-host", value_name = "NAME")]
    pub allowed_hosts: Vec<String>,
    /// Trust Forwarded / X-Forwarded-Host / X-Forwarded-Proto from a
    /// reverse proxy in front of the server (for permalinks).
    #[arg(long)]
    pub behind_proxy: bool,
    /// The address users reach the server at, e.g.
    /// https://fouille.example.org, for permalinks in exports; its host
    /// is also allowed.
    #[arg(long, value_name = "URL", value_parser = crate::host::parse_public_url)]
    pub public_url: Option<String>,
    /// Exports that may run at once.
    #[arg(long, value_name = "N", default_value_t = 4)]
    pub max_exports: usize,
    /// Exports one client address may run at once.
    #[arg(long, value_name = "N", default_value_t = 2)]
    pub max_exports_per_client: usize,
    /// Stop an export whose client has read nothing for this many
    /// seconds.
    #[arg(long, value_name = "SECONDS", default_value_t = 30)]
    pub export_stall_timeout: u64,
    /// Keep the team's tags, stars, notes and saved searches in this
    /// SQLite file [default: ARCHIVE/workspace.sqlite]; for an archive on
    /// read-only media.
    #[arg(long, value_name = "FILE")]
    pub workspace: Option<PathBuf>,
    /// Searches that run at once; more wait their turn, first come first
    /// served [default: two per core].
    #[arg(long, value_name = "N")]
    pub searches_at_once: Option<usize>,
}

/// Runs `fouille serve` until SIGINT or SIGTERM.
pub fn run(args: ServeArgs) -> Result<ExitCode> {
    let ServeArgs {
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
        workspace,
        searches_at_once,
    } = args;
    if max_exports == 0 || max_exports_per_client == 0 || export_stall_timeout == 0 {
        bail!(
            "--max-exports, --max-exports-per-client and --export-stall-timeout must be at least 1"
        );
    }
    if searches_at_once == Some(0) {
        bail!("--searches-at-once must be at least 1");
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
    let workspace = open_workspace(&index, workspace.as_deref());
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
        workspace,
        searches_at_once: searches_at_once.unwrap_or_else(crate::state::default_searches_at_once),
    };
    crate::app::serve(searcher, options).with_context(|| format!("cannot serve on {bind}"))?;
    Ok(ExitCode::SUCCESS)
}

/// The archive's workspace; when it cannot be opened, the server still
/// serves searches, and says why tags, stars and notes are off.
pub(crate) fn open_workspace(
    index: &std::path::Path,
    file: Option<&std::path::Path>,
) -> std::result::Result<fouille_workspace::Workspace, String> {
    let path = fouille_workspace::default_path(index, file);
    fouille_workspace::Workspace::open(&path).map_err(|error| {
        let why = format!(
            "cannot open the workspace {}: {error}; tags, stars, notes and saved searches are off (give --workspace FILE on writable disk)",
            path.display()
        );
        eprintln!("warning: {why}");
        why
    })
}
