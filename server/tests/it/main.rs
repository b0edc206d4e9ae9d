//! The `fouille` crate's one integration-test binary: the command line
//! (`cli`), the HTTP API (`api`), the web UI in Chromium (`browser`) and
//! the server under attack (`hardening`).

mod api;
mod browser;
mod cli;
mod disk;
mod hardening;
mod properties;
mod support;
mod synth;
mod transport;
