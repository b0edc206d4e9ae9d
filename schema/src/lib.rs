//! The vocabulary that Fouille's indexer and server share: field names, the
//! tantivy schema, the text analyzers and the archive format version.
//!
//! Everything that both sides must agree on lives here and nowhere else, so an
//! archive written by `fouille index` is always read the same way by
//! `fouille search` and `fouille serve`.

mod analyzers;
pub mod fields;
mod language;
mod stemmer;
mod version;

pub use analyzers::{
    ADDRESS_ANALYZER, EXACT_ANALYZER, MAX_TOKEN_BYTES, analyzer_for, register_analyzers,
    stemmed_analyzer,
};
pub use fields::{Fields, build_schema};
pub use language::Language;
pub use version::{ARCHIVE_FORMAT, ARCHIVE_VERSION, ArchiveVersion, VERSION_FILE};
