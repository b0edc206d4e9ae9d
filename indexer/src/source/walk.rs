//! Discovering input files under the paths given on the command line.

use std::path::{Path, PathBuf};
use std::sync::Arc;
use std::time::UNIX_EPOCH;

use walkdir::WalkDir;

/// A file to ingest.
#[derive(Debug, Clone)]
pub struct InputFile {
    /// Absolute path.
    pub path: PathBuf,
    /// The input path it was found under (absolute), shared by its files.
    pub root: Arc<Path>,
    /// Size in bytes.
    pub size: u64,
    /// Modification time, seconds since the epoch.
    pub mtime: i64,
}

impl InputFile {
    /// Path as recorded in the ledger and the archive.
    pub fn display(&self) -> String {
        self.path.to_string_lossy().into_owned()
    }

    /// The folder a message of this file belongs to: its directory relative
    /// to the input path, without Maildir's `cur`/`new`/`tmp`; for an mbox,
    /// the mailbox file itself.
    pub fn folder(&self, is_mailbox_file: bool) -> String {
        let base = self.root.parent().unwrap_or(&self.root);
        let relative = self.path.strip_prefix(base).unwrap_or(&self.path);
        let mut parts: Vec<String> = relative
            .components()
            .map(|part| part.as_os_str().to_string_lossy().into_owned())
            .collect();
        if !is_mailbox_file {
            parts.pop();
            if matches!(
                parts.last().map(String::as_str),
                Some("cur" | "new" | "tmp")
            ) {
                parts.pop();
            }
        }
        parts.join("/")
    }

    /// True for a file in a Maildir's `cur`, `new` or `tmp` directory.
    pub fn in_maildir(&self) -> bool {
        matches!(
            self.path
                .parent()
                .and_then(Path::file_name)
                .and_then(|name| name.to_str()),
            Some("cur" | "new" | "tmp")
        )
    }
}

/// A path that could not be walked.
#[derive(Debug, Clone)]
pub struct WalkFailure {
    /// The path.
    pub path: PathBuf,
    /// Why.
    pub reason: String,
}

/// Every regular file under `paths`, in a stable order (sorted by name, the
/// inputs in the order given). Symbolic links are not followed, so a link
/// loop or a link out of the leak cannot pull in other files.
pub fn discover(paths: &[PathBuf]) -> (Vec<InputFile>, Vec<WalkFailure>) {
    let mut files = Vec::new();
    let mut failures = Vec::new();
    for input in paths {
        let root: PathBuf =
            match std::fs::canonicalize(input).or_else(|_| std::path::absolute(input)) {
                Ok(root) => root,
                Err(err) => {
                    failures.push(WalkFailure {
                        path: input.clone(),
                        reason: err.to_string(),
                    });
                    continue;
                }
            };
        let shared_root: Arc<Path> = Arc::from(root.as_path());
        for entry in WalkDir::new(&root).sort_by_file_name() {
            let entry = match entry {
                Ok(entry) => entry,
                Err(err) => {
                    let path = err.path().map(Path::to_path_buf).unwrap_or(root.clone());
                    let reason = err
                        .io_error()
                        .map(|io| io.to_string())
                        .unwrap_or_else(|| err.to_string());
                    failures.push(WalkFailure { path, reason });
                    continue;
                }
            };
            if !entry.file_type().is_file() {
                continue;
            }
            let (size, mtime) = match entry.metadata() {
                Ok(meta) => (
                    meta.len(),
                    meta.modified()
                        .ok()
                        .and_then(|time| time.duration_since(UNIX_EPOCH).ok())
                        .map_or(0, |since| since.as_secs() as i64),
                ),
                Err(err) => {
                    failures.push(WalkFailure {
                        path: entry.path().to_path_buf(),
                        reason: err.to_string(),
                    });
                    continue;
                }
            };
            // Kept for the whole run, a million of them for a million
            // Maildir files: without the slack of the joined path.
            let mut path = entry.into_path();
            path.shrink_to_fit();
            files.push(InputFile {
                path,
                root: Arc::clone(&shared_root),
                size,
                mtime,
            });
        }
    }
    files.shrink_to_fit();
    (files, failures)
}
