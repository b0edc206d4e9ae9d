//! What can go wrong with a workspace.

/// A workspace error.
#[derive(Debug, thiserror::Error)]
pub enum Error {
    /// SQLite refused or failed.
    #[error("workspace database: {0}")]
    Sqlite(#[from] rusqlite::Error),
    /// The input is not acceptable (an empty note, a bad tag name…).
    #[error("{0}")]
    BadInput(String),
    /// No such note, saved search or batch, or not one the user may see.
    #[error("{0}")]
    NotFound(String),
    /// Seen but not the user's to change (another author's note).
    #[error("{0}")]
    Forbidden(String),
    /// Made by a newer Fouille.
    #[error(
        "the workspace has schema version {found}; this fouille knows versions up to {known}: use a newer fouille"
    )]
    TooNew {
        /// Version found in the file.
        found: i64,
        /// Newest version this build knows.
        known: i64,
    },
    /// A workspace export that cannot be read.
    #[error("workspace export: {0}")]
    Json(#[from] serde_json::Error),
}

/// A workspace result.
pub type Result<T, E = Error> = std::result::Result<T, E>;
