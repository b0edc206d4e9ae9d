//! The generator's one error type, for mail and images alike.

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
    /// A program the image generator runs is not installed.
    #[error("{program} not found: install the Debian package {package}")]
    MissingProgram {
        /// The program (`pdftoppm`).
        program: &'static str,
        /// The Debian package that has it.
        package: &'static str,
    },
    /// A program the image generator runs failed.
    #[error("{program} failed: {message}")]
    Program {
        /// The program.
        program: &'static str,
        /// Its exit status and the end of its standard error, or what its
        /// output lacked.
        message: String,
    },
    /// An image could not be encoded.
    #[error("cannot encode {format}: {source}")]
    Encode {
        /// The format being written: `png`, `jpeg`, `tiff`.
        format: &'static str,
        /// The encoder's error.
        source: Box<dyn std::error::Error + Send + Sync>,
    },
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

impl Error {
    /// An encoder's error while writing `format`.
    pub fn encode(
        format: &'static str,
        source: impl Into<Box<dyn std::error::Error + Send + Sync>>,
    ) -> Error {
        Error::Encode {
            format,
            source: source.into(),
        }
    }
}

/// The generator's results.
pub type Result<T> = std::result::Result<T, Error>;
