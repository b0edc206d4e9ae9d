//! What the length of the text given to language detection changes: the
//! time detection takes and the language each message is given, against
//! the first length listed.
//!
//! ```sh
//! cargo run --release -p fouille-indexer --example languages -- \
//!     ../shared/corpora/enron-maildir ../shared/corpora/caml-list-fr-en -- 1000 500 300
//! ```
//!
//! Reads every file under the folders (mbox files are split), parses each
//! message as indexing does, then detects every message's language with
//! each sample length, on one thread. Prints, per length: seconds, the
//! languages found, and the messages whose language differs from the
//! first length's (with the ten most frequent changes).

use std::collections::BTreeMap;
use std::io::BufReader;
use std::path::PathBuf;
use std::process::ExitCode;
use std::time::Instant;

use fouille_extract::message::parse_message;
use fouille_indexer::lang::{DEFAULT_LANGUAGES, LanguageDetector};
use fouille_indexer::source::{FileKind, MboxEntry, MboxSplitter, sniff};

fn main() -> ExitCode {
    let args: Vec<String> = std::env::args().skip(1).collect();
    let split = args.iter().position(|arg| arg == "--");
    let (dirs, lengths) = match split {
        Some(at) => (&args[..at], &args[at + 1..]),
        None => (&args[..], &[][..]),
    };
    let lengths = match lengths
        .iter()
        .map(|arg| arg.parse())
        .collect::<Result<Vec<usize>, _>>()
    {
        Ok(lengths) if !dirs.is_empty() && !lengths.is_empty() => lengths,
        _ => {
            eprintln!("usage: languages DIR... -- LENGTH...");
            return ExitCode::from(2);
        }
    };
    let texts = read_texts(dirs);
    println!("{} messages", texts.len());
    let codes: Vec<String> = DEFAULT_LANGUAGES.iter().map(|c| c.to_string()).collect();
    let mut first: Option<Vec<String>> = None;
    for length in lengths {
        let detector = LanguageDetector::new(&codes).with_sample_chars(length);
        let started = Instant::now();
        let found: Vec<String> = texts
            .iter()
            .map(|(subject, body)| detector.detect(subject, body).code)
            .collect();
        let seconds = started.elapsed().as_secs_f64();
        let mut counts: BTreeMap<&str, usize> = BTreeMap::new();
        for code in &found {
            *counts.entry(code).or_default() += 1;
        }
        println!("{length} characters: {seconds:.2} s, {counts:?}");
        match &first {
            None => first = Some(found),
            Some(first) => print_changes(first, &found),
        }
    }
    ExitCode::SUCCESS
}

/// How many messages changed language, and the most frequent changes.
fn print_changes(first: &[String], found: &[String]) {
    let mut changes: BTreeMap<(&str, &str), usize> = BTreeMap::new();
    for (before, after) in first.iter().zip(found) {
        if before != after {
            *changes.entry((before, after)).or_default() += 1;
        }
    }
    let changed: usize = changes.values().sum();
    let mut listed: Vec<_> = changes.into_iter().collect();
    listed.sort_by_key(|(_, count)| std::cmp::Reverse(*count));
    listed.truncate(10);
    println!("  {changed} changed: {listed:?}");
}

/// The subject and body of every message under `dirs`.
fn read_texts(dirs: &[String]) -> Vec<(String, String)> {
    let mut texts = Vec::new();
    for dir in dirs {
        let files = walkdir::WalkDir::new(PathBuf::from(dir))
            .sort_by_file_name()
            .into_iter()
            .filter_map(Result::ok)
            .filter(|entry| entry.file_type().is_file());
        for entry in files {
            let Ok(bytes) = std::fs::read(entry.path()) else {
                continue;
            };
            let mut add = |raw: &[u8]| {
                if let Ok(message) = parse_message(raw) {
                    texts.push((message.subject, message.body));
                }
            };
            if sniff(&bytes[..bytes.len().min(4096)]) == FileKind::Mbox {
                let splitter = MboxSplitter::new(BufReader::new(&bytes[..]), usize::MAX);
                for entry in splitter.flatten() {
                    if let MboxEntry::Message(raw) = entry {
                        add(&raw);
                    }
                }
            } else {
                add(&bytes);
            }
        }
    }
    texts
}
