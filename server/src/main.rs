//! `fouille`: index a mail dump into a searchable archive, search it, serve it.

use std::process::ExitCode;

use clap::Parser;

fn main() -> ExitCode {
    let args = fouille_server::cli::Args::parse();
    match fouille_server::cli::run(args) {
        Ok(code) => code,
        Err(err) => {
            eprintln!("fouille: {err:#}");
            ExitCode::FAILURE
        }
    }
}
