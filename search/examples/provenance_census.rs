//! Counts, over real mail, how many messages each provenance anomaly flags
//! and which clients the facet would show: the check that tolerances keep
//! genuine mail quiet. Reads files, Maildir folders and mbox files (by the
//! `.mbox` extension) under the paths given, without an archive:
//!
//!     cargo run -p fouille-search --example provenance_census -- PATH… [--show CODE]

use std::collections::BTreeMap;
use std::path::{Path, PathBuf};

use fouille_extract::client::client_key;
use fouille_search::provenance::provenance;
use mail_parser::MessageParser;
use mail_parser::mailbox::mbox::MessageIterator;

fn files(root: &Path, out: &mut Vec<PathBuf>) {
    if root.is_dir() {
        let Ok(entries) = std::fs::read_dir(root) else {
            return;
        };
        let mut paths: Vec<PathBuf> = entries.flatten().map(|entry| entry.path()).collect();
        paths.sort();
        for path in paths {
            files(&path, out);
        }
    } else {
        out.push(root.to_path_buf());
    }
}

fn main() {
    let mut args: Vec<String> = std::env::args().skip(1).collect();
    let show = args.iter().position(|arg| arg == "--show").map(|at| {
        let code = args.get(at + 1).cloned().unwrap_or_default();
        args.drain(at..(at + 2).min(args.len()));
        code
    });
    let mut paths = Vec::new();
    for arg in &args {
        files(Path::new(arg), &mut paths);
    }
    let mut messages: Vec<(String, Vec<u8>)> = Vec::new();
    for path in paths {
        let name = path.display().to_string();
        if name.ends_with(".txt") {
            continue;
        }
        let Ok(bytes) = std::fs::read(&path) else {
            continue;
        };
        if name.ends_with(".mbox") {
            for (n, entry) in MessageIterator::new(&bytes[..]).flatten().enumerate() {
                messages.push((format!("{name}#{n}"), entry.contents().to_vec()));
            }
        } else {
            messages.push((name, bytes));
        }
    }
    let mut counts: BTreeMap<String, usize> = BTreeMap::new();
    let mut clients: BTreeMap<String, usize> = BTreeMap::new();
    let (mut total, mut with_hops) = (0, 0);
    for (name, raw) in &messages {
        let Some(message) = MessageParser::default().parse(raw) else {
            continue;
        };
        total += 1;
        let found = provenance(&message);
        with_hops += usize::from(!found.hops.is_empty());
        if let Some(key) = found.client.as_deref().and_then(client_key) {
            *clients.entry(key).or_default() += 1;
        }
        let mut codes: Vec<String> = found
            .anomalies
            .iter()
            .map(|anomaly| serde_json::to_string(&anomaly.code).unwrap_or_default())
            .collect();
        codes.dedup();
        for code in codes {
            if show.as_deref().is_some_and(|show| code.contains(show)) {
                for anomaly in &found.anomalies {
                    println!("{name}: {}", anomaly.message);
                }
            }
            *counts.entry(code).or_default() += 1;
        }
    }
    println!("messages {total}, with Received {with_hops}");
    for (code, count) in counts {
        println!("  {code}: {count}");
    }
    let mut clients: Vec<(String, usize)> = clients.into_iter().collect();
    clients.sort_by_key(|(_, count)| std::cmp::Reverse(*count));
    println!("clients {} distinct; top:", clients.len());
    for (key, count) in clients.iter().take(25) {
        println!("  {count:6} {key}");
    }
}
