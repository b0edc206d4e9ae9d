//! `fouille workspace export|import` (backup and hand-over of the team's
//! tags, stars, notes and saved searches) and `fouille audit` (who changed
//! what, when).

use std::io::Write;
use std::path::{Path, PathBuf};
use std::process::ExitCode;

use anyhow::{Context, Result, bail};
use fouille_workspace::Workspace;
use fouille_workspace::audit::AuditFilter;
use fouille_workspace::transfer::WorkspaceExport;

use crate::print::say;

/// Largest export `import` reads.
const MAX_IMPORT_BYTES: u64 = 2 * 1024 * 1024 * 1024;

/// Where the workspace is.
#[derive(Debug, clap::Args)]
pub struct WorkspaceLocation {
    /// Archive directory.
    #[arg(long)]
    pub index: PathBuf,
    /// The workspace file [default: ARCHIVE/workspace.sqlite].
    #[arg(long, value_name = "FILE")]
    pub workspace: Option<PathBuf>,
}

impl WorkspaceLocation {
    fn path(&self) -> PathBuf {
        fouille_workspace::default_path(&self.index, self.workspace.as_deref())
    }

    fn existing(&self) -> Result<Workspace> {
        let path = self.path();
        Workspace::open_read_only(&path)?
            .with_context(|| format!("no workspace at {}", path.display()))
    }
}

/// The arguments of `fouille workspace`.
#[derive(Debug, clap::Args)]
pub struct WorkspaceArgs {
    /// What to do.
    #[command(subcommand)]
    pub command: WorkspaceCommand,
}

/// The workspace commands.
#[derive(Debug, clap::Subcommand)]
pub enum WorkspaceCommand {
    /// Write every tag, star, note, saved search and audit entry as JSON
    /// (private ones included: keep the file as safe as the archive).
    Export {
        #[command(flatten)]
        location: WorkspaceLocation,
        /// Write here instead of the standard output.
        #[arg(long, value_name = "FILE")]
        out: Option<PathBuf>,
    },
    /// Merge an export into the workspace: nothing is deleted, and the
    /// same file imported twice adds nothing.
    Import {
        #[command(flatten)]
        location: WorkspaceLocation,
        /// Recorded in the audit trail as who imported.
        #[arg(long, default_value = crate::auth::User::LOCAL)]
        user: String,
        /// The export to read.
        file: PathBuf,
    },
}

/// The arguments of `fouille audit`.
#[derive(Debug, clap::Args)]
pub struct AuditArgs {
    #[command(flatten)]
    pub location: WorkspaceLocation,
    /// Only this user's writes.
    #[arg(long)]
    pub user: Option<String>,
    /// Only writes on or after this day (YYYY-MM-DD) or time (RFC 3339).
    #[arg(long)]
    pub since: Option<String>,
    /// Only the last N writes.
    #[arg(long, value_name = "N")]
    pub last: Option<usize>,
    /// One JSON object per line.
    #[arg(long)]
    pub json: bool,
}

/// Runs `fouille workspace`.
pub fn run(args: WorkspaceArgs) -> Result<ExitCode> {
    match args.command {
        WorkspaceCommand::Export { location, out } => {
            let export = location.existing()?.export()?;
            let text = serde_json::to_string_pretty(&export)?;
            match out {
                Some(out) => {
                    std::fs::write(&out, text + "\n")
                        .with_context(|| format!("cannot write {}", out.display()))?;
                    eprintln!(
                        "{} tags, {} stars, {} notes, {} saved searches, {} audit entries written to {}",
                        export.tags.len(),
                        export.stars.len(),
                        export.notes.len(),
                        export.searches.len(),
                        export.audit.len(),
                        out.display()
                    );
                }
                None => say!("{text}"),
            }
        }
        WorkspaceCommand::Import {
            location,
            user,
            file,
        } => {
            let data = read_export(&file)?;
            let path = location.path();
            let workspace = Workspace::open(&path)
                .with_context(|| format!("cannot open the workspace {}", path.display()))?;
            let added = workspace.import(&user, &data)?;
            eprintln!(
                "added {} tags, {} stars, {} notes, {} saved searches, {} audit entries to {}",
                added.tags,
                added.stars,
                added.notes,
                added.searches,
                added.audit,
                path.display()
            );
        }
    }
    Ok(ExitCode::SUCCESS)
}

fn read_export(file: &Path) -> Result<WorkspaceExport> {
    let size = std::fs::metadata(file)
        .with_context(|| format!("cannot read {}", file.display()))?
        .len();
    if size > MAX_IMPORT_BYTES {
        bail!("{} is over 2 GiB: not a workspace export", file.display());
    }
    let text = std::fs::read(file).with_context(|| format!("cannot read {}", file.display()))?;
    serde_json::from_slice(&text)
        .with_context(|| format!("{} is not a workspace export", file.display()))
}

/// Runs `fouille audit`.
pub fn audit(args: AuditArgs) -> Result<ExitCode> {
    let AuditArgs {
        location,
        user,
        since,
        last,
        json,
    } = args;
    let entries = location.existing()?.audit(&AuditFilter {
        user,
        since,
        limit: last,
    })?;
    let mut out = std::io::stdout().lock();
    for entry in entries {
        let line = if json {
            serde_json::to_string(&entry)?
        } else {
            let detail = match &entry.detail {
                serde_json::Value::Object(map) if map.is_empty() => String::new(),
                detail => format!("  {detail}"),
            };
            format!(
                "{}  {}  {}  {}{detail}",
                entry.at, entry.user, entry.action, entry.target
            )
        };
        // A closed pipe (`| head`) ends the listing quietly.
        if writeln!(out, "{line}").is_err() {
            break;
        }
    }
    Ok(ExitCode::SUCCESS)
}
