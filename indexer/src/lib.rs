//! Fouille's write path: ingest a mail dump into a self-contained archive.
//! Knows nothing of HTTP nor of searching; it may import `fouille-schema`
//! (the archive format) and `fouille-extract` (reading files).
//!
//! - [`source`]: walk the inputs, recognise each file, split mailboxes.
//! - [`expand`]: parse a message, detect its language, extract its
//!   attachments and the members of archives (through the extraction worker).
//! - [`ingest`]: the pipeline that reads, expands, deduplicates, threads and
//!   writes, with a ledger line for every input file.
//! - [`document`]: the tantivy document built from what was read.
//! - [`dkim`]: signature checks at ingest (so far, the key file).
//! - [`quotes`]: paragraphs repeated from earlier in a thread, as quotes.
//! - [`similarity`]: the MinHash signature that links edited copies.
//! - [`ocr`]: the OCR pass, which gives images and scanned pages their text.

pub mod dkim;
pub mod document;
pub mod expand;
pub mod fuzzing;
pub mod ingest;
pub mod lang;
mod ledger;
mod merges;
pub mod ocr;
pub mod quotes;
pub mod similarity;
pub mod source;
pub mod thread;

pub use fouille_schema::{Archive, Error, Result};
pub use ingest::{Event, IngestOptions, IngestSummary, Progress, ingest};
