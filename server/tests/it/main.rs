//! The `fouille` crate's one integration-test binary: the command line
//! (`cli`), the HTTP API (`api`, and who may use it: `access`), batch
//! searches (`batches`), the web UI
//! in Chromium (`browser`), the server under attack (`hardening`),
//! header forensics (`provenance`), the edited copies of a document
//! (`versions`), OCR from the terminal (`ocr`), and quoted text, entities
//! and correspondents through the API (`precise`).

mod access;
mod api;
mod batches;
mod browser;
mod cli;
mod disk;
mod dkim;
mod hardening;
mod ocr;
mod precise;
mod properties;
mod provenance;
mod support;
mod synth;
mod transport;
mod turns;
mod versions;
mod workspace;
