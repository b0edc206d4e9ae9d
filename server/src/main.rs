//! `fouille`: index a mail dump into a searchable archive, search it, serve it.

use std::process::ExitCode;

use clap::Parser;

fn main() -> ExitCode {
    tracing_subscriber::fmt()
        .with_env_filter(
            tracing_subscriber::EnvFilter::try_from_default_env()
                .unwrap_or_else(|_| tracing_subscriber::EnvFilter::new("info")),
        )
        .with_writer(std::io::stderr)
        .init();
    let args = fouille_server::cli::Args::parse();
    match fouille_server::cli::run(args) {
        Ok(code) => code,
        Err(err) => {
            eprintln!("fouille: {err:#}");
            ExitCode::FAILURE
        }
    }
}
