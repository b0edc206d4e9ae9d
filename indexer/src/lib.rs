//! Fouille's engine: ingest a mail dump into a self-contained archive, and
//! search it. Knows nothing of HTTP; the `fouille` binary and its server call
//! into it.
//!
//! - [`ingest`]: walk, recognise, split, parse, detect language, thread,
//!   deduplicate, write, with a ledger of every input file.
//! - [`search`]: the query language, filters, facets and snippets shared by
//!   `fouille search` and the JSON API.

mod archive;
pub mod document;
mod error;
pub mod expand;
pub mod export;
pub mod extract;
pub mod fuzzing;
pub mod ingest;
pub mod lang;
pub mod ledger;
mod lookup;
mod merges;
pub mod message;
pub mod outlook;
mod readonly;
pub mod sanitize;
pub mod search;
pub mod source;
pub mod stats;
#[cfg(test)]
mod test_files;
pub mod thread;
pub mod view;
pub mod worker;

pub use archive::Archive;
pub use error::{Error, Result};
pub use ingest::{Event, IngestOptions, IngestSummary, Progress, ingest};
