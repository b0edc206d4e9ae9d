//! The one error type of the engine.

use std::path::PathBuf;

/// What can go wrong opening, writing or searching an archive. Damage in a
/// single input file is never an `Error`: it is recorded in the ledger.
#[derive(Debug, thiserror::Error)]
pub enum Error {
    /// The directory holds no archive.
    #[error("no fouille archive at {0} (run `fouille index --index {0} PATH` first)")]
    NotAnArchive(PathBuf),
    /// The directory is not empty and is not an archive: refuse to write into it.
    #[error("{0} is not empty and is not a fouille archive")]
    NotEmpty(PathBuf),
    /// The archive was written by a Fouille with another format version.
    #[error(
        "archive {path} has format version {found}, this fouille reads version {expected}: re-index the sources with this version"
    )]
    VersionMismatch {
        /// Archive directory.
        path: PathBuf,
        /// Version found in the version file.
        found: String,
        /// Version this binary reads.
        expected: u32,
    },
    /// Another process is indexing into the same archive.
    #[error("archive {0} is locked by another indexer")]
    Locked(PathBuf),
    /// An I/O error on the archive itself (not on an input file).
    #[error("{context}: {source}")]
    Io {
        /// What was being done.
        context: String,
        /// The underlying error.
        source: std::io::Error,
    },
    /// An error from the search engine.
    #[error("index error: {0}")]
    Index(#[from] tantivy::TantivyError),
    /// The archive's files are damaged.
    #[error("archive damaged: {0}")]
    Damaged(String),
    /// A search request that cannot be answered.
    #[error("{0}")]
    BadRequest(String),
    /// No document with this id.
    #[error("no message with id {0}")]
    NotFound(String),
}

/// Result with the engine's [`Error`].
pub type Result<T, E = Error> = std::result::Result<T, E>;

impl Error {
    /// An I/O error on the archive, with what was being done.
    pub fn io(context: impl Into<String>, source: std::io::Error) -> Error {
        Error::Io {
            context: context.into(),
            source,
        }
    }
}
