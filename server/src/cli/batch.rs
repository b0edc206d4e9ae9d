//! `fouille batch`: a list of queries run from the terminal with a
//! progress bar, written as the API's `results.csv`. Reads the team's tags
//! and stars from the workspace when there is one, but stores nothing in
//! it.

use std::io::{Read, Write};
use std::path::PathBuf;
use std::process::ExitCode;
use std::sync::Arc;

use anyhow::{Context, Result, anyhow};
use fouille_schema::Archive;
use fouille_search::ArchiveSearcher;
use fouille_search::batch::{BatchRequest, write_batch_csv};
use indicatif::{ProgressBar, ProgressStyle};

use crate::batch_input::{InputFormat, parse};
use crate::params::parse_search;
use crate::print::say;

/// The arguments of `fouille batch`.
#[derive(Debug, clap::Args)]
pub struct BatchArgs {
    /// Archive directory.
    #[arg(long)]
    pub index: PathBuf,
    /// The list of queries: `.csv` (first column; a header `query` is
    /// skipped), `.json` (`{"queries": [...], filters}`), anything else one
    /// query a line; `-` reads one query a line from stdin.
    pub file: PathBuf,
    /// Write the CSV here [default: stdout].
    #[arg(long)]
    pub out: Option<PathBuf>,
    /// Workspace whose tags and stars queries read [default:
    /// ARCHIVE/workspace.sqlite, if present]. Nothing is written to it.
    #[arg(long)]
    pub workspace: Option<PathBuf>,
    /// Whose stars `is:starred` reads.
    #[arg(long, default_value = "local")]
    pub user: String,
    /// Permalinks under this origin (e.g. https://fouille.example.org)
    /// instead of relative `/messages/{id}` links.
    #[arg(long)]
    pub public_url: Option<String>,
    /// Only messages from this sender (address or name); repeat to OR.
    #[arg(long)]
    pub from: Vec<String>,
    /// Only messages to this recipient; repeat to OR.
    #[arg(long)]
    pub to: Vec<String>,
    /// Only messages on or after this day (YYYY-MM-DD).
    #[arg(long)]
    pub after: Option<String>,
    /// Only messages on or before this day (YYYY-MM-DD).
    #[arg(long)]
    pub before: Option<String>,
    /// Only this language (fr, en, und); repeat to OR.
    #[arg(long)]
    pub lang: Vec<String>,
    /// Only this kind (email, attachment, document); repeat to OR.
    #[arg(long)]
    pub kind: Vec<String>,
}

impl BatchArgs {
    /// The filters given on the command line, as a query string.
    fn query_string(&self) -> String {
        let mut pairs = form_urlencoded::Serializer::new(String::new());
        for (name, values) in [
            ("from", &self.from),
            ("to", &self.to),
            ("lang", &self.lang),
            ("kind", &self.kind),
        ] {
            for value in values {
                pairs.append_pair(name, value);
            }
        }
        for (name, value) in [("after", &self.after), ("before", &self.before)] {
            if let Some(value) = value {
                pairs.append_pair(name, value);
            }
        }
        pairs.finish()
    }
}

/// Runs `fouille batch`.
pub fn run(args: BatchArgs) -> Result<ExitCode> {
    let mut body = Vec::new();
    let format = if args.file.as_os_str() == "-" {
        std::io::stdin()
            .read_to_end(&mut body)
            .context("cannot read stdin")?;
        InputFormat::Plain
    } else {
        body = std::fs::read(&args.file)
            .with_context(|| format!("cannot read {}", args.file.display()))?;
        InputFormat::from_path(&args.file)
    };
    let mut input = parse(format, &body, &args.query_string())
        .map_err(|error| anyhow!("{}: {}", args.file.display(), error.message))?;
    if format == InputFormat::Json {
        // The file's filters, and the command line's besides (its dates
        // first).
        let both = [input.filters.as_str(), &args.query_string()].join("&");
        input.request = parse_search(&both, false)
            .map_err(|error| anyhow!("{}", error.message))?
            .request;
    }
    let searcher = open(&args)?;
    let batch = BatchRequest {
        filters: input.request.filters,
        sort: input.request.sort,
        user: Some(args.user.clone()),
        ..BatchRequest::new(input.queries)
    };
    let bar = ProgressBar::new(batch.queries.len() as u64);
    bar.set_style(
        ProgressStyle::with_template(
            "{spinner} {elapsed_precise} [{bar:30}] {pos}/{len} queries {per_sec} eta {eta} {msg}",
        )
        .expect("valid template")
        .progress_chars("=> "),
    );
    let rows = searcher.run_batch(&batch, |done, _| bar.set_position(done as u64));
    bar.finish_and_clear();
    let base = args
        .public_url
        .as_deref()
        .unwrap_or_default()
        .trim_end_matches('/');
    let mut out: Box<dyn Write> = match &args.out {
        Some(path) => Box::new(std::io::BufWriter::new(
            std::fs::File::create(path)
                .with_context(|| format!("cannot write {}", path.display()))?,
        )),
        None => Box::new(std::io::stdout().lock()),
    };
    write_batch_csv(&rows, base, &mut out)?;
    out.flush().context("cannot write the results")?;
    let failed = rows.iter().filter(|row| row.error.is_some()).count();
    let matched = rows.iter().filter(|row| row.total > 0).count();
    let summary = format!(
        "{} queries: {matched} with matches, {failed} with an error",
        rows.len()
    );
    match &args.out {
        Some(path) => say!("{summary}; written to {}", path.display()),
        None => eprintln!("{summary}"),
    }
    Ok(ExitCode::SUCCESS)
}

/// The archive's searcher, reading the workspace's marks if there is one.
fn open(args: &BatchArgs) -> Result<ArchiveSearcher> {
    let searcher = ArchiveSearcher::new(Archive::open(&args.index)?)?;
    let path = fouille_workspace::default_path(&args.index, args.workspace.as_deref());
    let workspace = fouille_workspace::Workspace::open_read_only(&path)
        .with_context(|| format!("cannot read the workspace {}", path.display()))?;
    Ok(match workspace {
        Some(workspace) => searcher.with_marks(Arc::new(workspace)),
        None => searcher,
    })
}
