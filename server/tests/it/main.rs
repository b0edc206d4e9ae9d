//! The `fouille` crate's one integration-test binary: the command line
//! (`cli`) and the HTTP API (`api`).

mod api;
mod cli;
