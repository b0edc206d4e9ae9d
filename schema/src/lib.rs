//! Fouille's archive format: the vocabulary that the indexer (the write
//! path) and the search crate (the read path) share, and nothing else of
//! Fouille. It may import tantivy, serde and the stemmers; no other Fouille
//! crate.
//!
//! - Field names, the tantivy schema and the text analyzers ([`fields`],
//!   [`register_analyzers`]).
//! - The archive directory, its format version, and opening it, read-only
//!   media included ([`Archive`], [`ARCHIVE_VERSION`]).
//! - What each document stores besides its text ([`stored`]), and the closed
//!   vocabularies of document kind and extraction outcome ([`kind`]).
//! - The ledger of every input file ([`ledger`]).
//! - The MinHash signature that links edited copies ([`minhash`]).
//! - The errors of opening, writing or searching an archive ([`Error`]).
//!
//! Everything both sides must agree on lives here and nowhere else, so an
//! archive written by `fouille index` is always read the same way by
//! `fouille search` and `fouille serve`.

mod analyzers;
mod archive;
mod error;
pub mod fields;
pub mod kind;
mod language;
pub mod ledger;
pub mod lookup;
pub mod minhash;
mod readonly;
mod stemmer;
pub mod stored;
mod version;

pub use analyzers::{
    ADDRESS_ANALYZER, EXACT_ANALYZER, MAX_TOKEN_BYTES, analyzer_for, exact_analyzer,
    register_analyzers, stemmed_analyzer,
};
pub use archive::{Archive, LEDGER_FILE};
pub use error::{Error, Result};
pub use fields::{Fields, build_schema};
pub use kind::{DkimOutcome, DocumentKind, ExtractionOutcome};
pub use language::Language;
pub use version::{ARCHIVE_FORMAT, ARCHIVE_VERSION, ArchiveVersion, VERSION_FILE};
