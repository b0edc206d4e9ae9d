//! `fouille synth`, the synthetic corpus of the benchmarks: the same seed
//! gives the same bytes whatever the thread count, another seed another
//! corpus, and the corpus indexes cleanly (every message once, French and
//! English, threads that hold together).

use std::collections::BTreeMap;
use std::path::{Path, PathBuf};
use std::process::Command;

use serde_json::Value;

const COUNT: usize = 300;

fn repo() -> PathBuf {
    Path::new(env!("CARGO_MANIFEST_DIR")).join("..")
}

fn fouille(args: &[&str]) -> Vec<u8> {
    let output = Command::new(env!("CARGO_BIN_EXE_fouille"))
        .args(args)
        .output()
        .expect("run fouille");
    assert!(
        output.status.success(),
        "fouille {args:?} failed: {}",
        String::from_utf8_lossy(&output.stderr)
    );
    output.stdout
}

fn json(args: &[&str]) -> Value {
    serde_json::from_slice(&fouille(args)).expect("json output")
}

/// Writes a corpus; the vocabulary is the demo fixtures, so the test does
/// not depend on the shared corpora being present.
fn synth(out: &Path, seed: u64, threads: usize) {
    let vocabulary = repo().join("tests/fixtures/demo");
    fouille(&[
        "synth",
        "--out",
        out.to_str().unwrap(),
        "--count",
        &COUNT.to_string(),
        "--seed",
        &seed.to_string(),
        "--threads",
        &threads.to_string(),
        "--vocabulary",
        vocabulary.to_str().unwrap(),
    ]);
}

/// Every file under `dir`, by relative path.
fn tree(dir: &Path) -> BTreeMap<PathBuf, Vec<u8>> {
    walkdir::WalkDir::new(dir)
        .into_iter()
        .map(|entry| entry.expect("walk"))
        .filter(|entry| entry.file_type().is_file())
        .map(|entry| {
            (
                entry.path().strip_prefix(dir).unwrap().to_path_buf(),
                std::fs::read(entry.path()).unwrap(),
            )
        })
        .collect()
}

fn header<'m>(message: &'m str, name: &str) -> Option<&'m str> {
    message
        .lines()
        .take_while(|line| !line.is_empty())
        .find_map(|line| line.strip_prefix(name)?.strip_prefix(": "))
}

#[test]
fn synthetic_corpus_is_deterministic_and_indexes_cleanly() {
    let dir = tempfile::tempdir().expect("tempdir");
    let (first, again, other) = (
        dir.path().join("first"),
        dir.path().join("again"),
        dir.path().join("other"),
    );
    synth(&first, 42, 1);
    synth(&again, 42, 3);
    synth(&other, 7, 2);
    let corpus = tree(&first);
    assert_eq!(corpus.len(), COUNT);
    assert!(
        corpus
            .keys()
            .all(|path| path.to_str().unwrap().contains("/cur/"))
    );
    assert!(first.join("inbox/new").is_dir() && first.join("inbox/tmp").is_dir());
    assert!(corpus == tree(&again), "same seed, different corpus");
    assert!(corpus != tree(&other), "another seed, same corpus");

    let archive = dir.path().join("archive");
    let archive = archive.to_str().unwrap();
    fouille(&["index", "--index", archive, first.to_str().unwrap()]);
    let stats = json(&["stats", "--index", archive, "--json"]);
    assert_eq!(stats["emails"], COUNT, "{stats:#}");
    let files = &stats["ledger"]["files"];
    assert_eq!(files["indexed"], COUNT, "{files:#}");
    assert_eq!(files["duplicate"], 0, "{files:#}");
    assert_eq!(files["failed"], 0, "{files:#}");
    let langs: Vec<&str> = stats["langs"]
        .as_array()
        .unwrap()
        .iter()
        .map(|lang| lang["value"].as_str().unwrap())
        .collect();
    assert!(langs.contains(&"fr") && langs.contains(&"en"), "{langs:?}");

    // A reply and the message it answers share a thread.
    let reply = corpus
        .values()
        .map(|bytes| String::from_utf8_lossy(bytes))
        .find(|message| header(message, "In-Reply-To").is_some())
        .expect("a reply");
    let id = header(&reply, "Message-ID").unwrap().to_string();
    let found = json(&[
        "search",
        "--index",
        archive,
        "--json",
        &format!("msgid:{id}"),
    ]);
    assert_eq!(found["total"], 1, "{found:#}");
    let thread = found["hits"][0]["thread_id"].as_str().unwrap();
    let thread = json(&[
        "search",
        "--index",
        archive,
        "--json",
        &format!("thread:{thread}"),
    ]);
    assert!(thread["total"].as_u64().unwrap() >= 2, "{thread:#}");
}

/// A tiny leak corpus: every attachment type is indexed under its file
/// type, with no extraction failure.
#[test]
fn a_leak_corpus_indexes_every_attachment_type() {
    let dir = tempfile::tempdir().expect("tempdir");
    let corpus = dir.path().join("leak");
    let vocabulary = repo().join("tests/fixtures/demo");
    let printed = fouille(&[
        "synth",
        "--out",
        corpus.to_str().unwrap(),
        "--count",
        "40",
        "--leak",
        "--size",
        "3M",
        "--attachments",
        "0.8",
        "--seed",
        "3",
        "--vocabulary",
        vocabulary.to_str().unwrap(),
    ]);
    let printed = String::from_utf8_lossy(&printed);
    assert!(printed.contains("attachments,"), "{printed}");
    let archive = dir.path().join("archive");
    let archive = archive.to_str().unwrap();
    fouille(&[
        "index",
        "--index",
        archive,
        corpus.to_str().unwrap(),
        "--no-ocr",
    ]);
    let stats = json(&["stats", "--index", archive, "--json"]);
    assert_eq!(stats["emails"], 40, "{stats:#}");
    let files = &stats["ledger"]["files"];
    assert_eq!(files["failed"], 0, "{files:#}");
    let found = json(&["search", "--index", archive, "--json", "kind:attachment"]);
    let filetypes: Vec<&str> = found["facets"]["filetype"]
        .as_array()
        .unwrap_or_else(|| panic!("{found:#}"))
        .iter()
        .map(|facet| facet["value"].as_str().unwrap())
        .collect();
    for filetype in ["pdf", "docx", "xlsx", "pptx", "jpg", "zip"] {
        assert!(filetypes.contains(&filetype), "{filetype} in {filetypes:?}");
    }
}
