//! The `fouille` command line and its HTTP server. The engine lives in
//! `fouille-indexer`; this crate parses arguments and requests, validates,
//! calls the engine off the async executor, and serialises.

pub mod app;
pub mod auth;
pub mod batch_input;
pub mod body;
pub mod cli;
pub mod error;
pub mod exports;
pub mod feed;
pub mod host;
pub mod limit;
pub mod params;
pub mod print;
pub mod routes;
pub mod state;
pub mod tls;
pub mod ui;
