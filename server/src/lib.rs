//! The `fouille` command line and, in later versions, its HTTP server. The
//! engine lives in `fouille-indexer`; this crate parses arguments, draws
//! progress and prints.

pub mod cli;
pub mod demo;
pub mod print;
