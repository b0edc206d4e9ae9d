//! The `fouille` crate's one integration-test binary: the command line
//! (`cli`), the HTTP API (`api`) and the web UI in Chromium (`browser`).

mod api;
mod browser;
mod cli;
mod disk;
mod properties;
mod support;
mod synth;
mod transport;
