//! The floor under indexing: the time to read and parse every file of a
//! folder with mail-parser on every core, with nothing indexed or written.
//! `bench/compare.sh` reports Fouille's indexing time as a multiple of it.
//!
//! ```sh
//! cargo run --release -p fouille-indexer --example parse_floor -- DIR [THREADS]
//! ```
//!
//! Prints one line: `files bytes parsed seconds files/s`.

use std::path::PathBuf;
use std::process::ExitCode;
use std::sync::atomic::{AtomicU64, Ordering};
use std::time::Instant;

use mail_parser::{MessageParser, MimeHeaders};
use rayon::prelude::*;

fn main() -> ExitCode {
    let mut args = std::env::args_os().skip(1);
    let Some(dir) = args.next().map(PathBuf::from) else {
        eprintln!("usage: parse_floor DIR [THREADS]");
        return ExitCode::from(2);
    };
    if let Some(threads) = args.next() {
        let threads: usize = match threads.to_string_lossy().parse() {
            Ok(threads) => threads,
            Err(err) => {
                eprintln!("bad thread count: {err}");
                return ExitCode::from(2);
            }
        };
        if let Err(err) = rayon::ThreadPoolBuilder::new()
            .num_threads(threads)
            .build_global()
        {
            eprintln!("thread pool: {err}");
            return ExitCode::FAILURE;
        }
    }

    let started = Instant::now();
    // Walking is part of the floor: the indexer walks too.
    let files: Vec<PathBuf> = walkdir::WalkDir::new(&dir)
        .into_iter()
        .filter_map(Result::ok)
        .filter(|entry| entry.file_type().is_file())
        .map(walkdir::DirEntry::into_path)
        .collect();
    let bytes = AtomicU64::new(0);
    let parsed = AtomicU64::new(0);
    // What is read out of each message, so the optimiser cannot skip parsing.
    let touched = AtomicU64::new(0);
    files.par_iter().for_each(|path| {
        let Ok(raw) = std::fs::read(path) else {
            return;
        };
        bytes.fetch_add(raw.len() as u64, Ordering::Relaxed);
        let Some(message) = MessageParser::default().parse(&raw) else {
            return;
        };
        parsed.fetch_add(1, Ordering::Relaxed);
        let mut seen = message.subject().map_or(0, str::len);
        seen += message.body_text(0).map_or(0, |text| text.len());
        for attachment in message.attachments() {
            seen += attachment.len() + attachment.attachment_name().map_or(0, str::len);
        }
        touched.fetch_add(seen as u64, Ordering::Relaxed);
    });
    let seconds = started.elapsed().as_secs_f64();
    let count = files.len();
    std::hint::black_box(touched.load(Ordering::Relaxed));
    println!(
        "{count} {} {} {seconds:.3} {:.0}",
        bytes.load(Ordering::Relaxed),
        parsed.load(Ordering::Relaxed),
        count as f64 / seconds
    );
    ExitCode::SUCCESS
}
