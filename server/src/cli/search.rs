//! `fouille search` and `fouille stats`: the archive read from the
//! terminal, as the API would answer.

use std::io::IsTerminal;
use std::path::PathBuf;
use std::process::ExitCode;

use anyhow::Result;
use fouille_schema::Archive;
use fouille_search::{ArchiveSearcher, SearchRequest, Sort, parse_date};

use crate::print;
use crate::print::say;

/// The arguments of `fouille search`.
#[derive(Debug, clap::Args)]
pub struct SearchArgs {
    /// Archive directory.
    #[arg(long)]
    pub index: PathBuf,
    /// Print the API's JSON.
    #[arg(long)]
    pub json: bool,
    /// Hits to show.
    #[arg(long, default_value_t = 20)]
    pub limit: usize,
    /// Hits to skip.
    #[arg(long, default_value_t = 0)]
    pub offset: usize,
    /// relevance, newest or oldest.
    #[arg(long, default_value = "relevance", value_parser = parse_sort)]
    pub sort: Sort,
    /// Only messages on or after this day (YYYY-MM-DD).
    #[arg(long, value_parser = parse_day)]
    pub after: Option<jiff::civil::Date>,
    /// Only messages on or before this day (YYYY-MM-DD).
    #[arg(long, value_parser = parse_day)]
    pub before: Option<jiff::civil::Date>,
    /// Leave out the text emails quote: bare words and `body:` match only
    /// what each email writes itself.
    #[arg(long)]
    pub exclude_quotes: bool,
    /// The team's workspace, for tag:, is:starred and note: [default:
    /// ARCHIVE/workspace.sqlite]; read, never written.
    #[arg(long, value_name = "FILE")]
    pub workspace: Option<PathBuf>,
    /// Whose stars and private notes `is:starred` and `note:` read.
    #[arg(long, default_value = crate::auth::User::LOCAL)]
    pub user: String,
    /// The query (see docs/QUERY.md); several words are joined.
    pub query: Vec<String>,
}

/// The arguments of `fouille stats`.
#[derive(Debug, clap::Args)]
pub struct StatsArgs {
    /// Archive directory.
    #[arg(long)]
    pub index: PathBuf,
    /// Print JSON.
    #[arg(long)]
    pub json: bool,
}

/// Runs `fouille search`.
pub fn search(args: SearchArgs) -> Result<ExitCode> {
    let SearchArgs {
        index,
        json,
        limit,
        offset,
        sort,
        after,
        before,
        exclude_quotes,
        workspace,
        user,
        query,
    } = args;
    let searcher = with_workspace(
        ArchiveSearcher::new(Archive::open(&index)?)?,
        &index,
        workspace.as_deref(),
    )?;
    let mut request = SearchRequest {
        query: query.join(" "),
        sort,
        offset,
        limit,
        user: Some(user),
        exclude_quotes,
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

/// `searcher` reading the archive's workspace, when there is one.
pub fn with_workspace(
    searcher: ArchiveSearcher,
    index: &std::path::Path,
    file: Option<&std::path::Path>,
) -> Result<ArchiveSearcher> {
    let path = fouille_workspace::default_path(index, file);
    Ok(match fouille_workspace::Workspace::open_read_only(&path) {
        Ok(Some(workspace)) => searcher.with_marks(std::sync::Arc::new(workspace)),
        Ok(None) => searcher,
        // The archive is still searched; only tag:, is:starred and note:
        // match nothing, and say so.
        Err(error) => {
            eprintln!(
                "warning: cannot read the workspace {}: {error}",
                path.display()
            );
            searcher
        }
    })
}

/// Runs `fouille stats`.
pub fn stats(args: StatsArgs) -> Result<ExitCode> {
    let StatsArgs { index, json } = args;
    let stats = fouille_search::stats::archive_stats(&Archive::open(&index)?)?;
    if json {
        say!("{}", serde_json::to_string_pretty(&stats)?);
    } else {
        print::stats(&stats);
    }
    Ok(ExitCode::SUCCESS)
}

fn parse_sort(text: &str) -> Result<Sort, String> {
    Sort::parse(text).ok_or_else(|| "expected relevance, newest or oldest".into())
}

fn parse_day(text: &str) -> Result<jiff::civil::Date, String> {
    parse_date(text).ok_or_else(|| format!("bad date {text:?}: expected YYYY-MM-DD"))
}
