//! The generator's one error type.

use std::path::PathBuf;

/// Why a corpus could not be written.
#[derive(Debug, thiserror::Error)]
pub enum Error {
    /// A file or folder could not be read or written.
    #[error("cannot {action} {}: {source}", path.display())]
    Io {
        /// What was being done: `read`, `write`, `create`, `access`.
        action: &'static str,
        /// The file or folder.
        path: PathBuf,
        /// The cause.
        source: std::io::Error,
    },
    /// The output directory already holds something.
    #[error("{} is not empty", .0.display())]
    NotEmpty(PathBuf),
    /// A generating thread ended before its work was done.
    #[error("a generating thread stopped early")]
    Stopped,
}

impl Error {
    /// An I/O error on `path`.
    pub fn io(action: &'static str, path: impl Into<PathBuf>, source: std::io::Error) -> Error {
        Error::Io {
            action,
            path: path.into(),
            source,
        }
    }
}

/// The generator's results.
pub type Result<T> = std::result::Result<T, Error>;
