//! OCR from the terminal: `fouille index --no-ocr` then `fouille ocr`
//! killed with SIGKILL in the middle of a page and run again (nothing lost,
//! no page read twice, no document doubled, the ledger intact); without
//! Tesseract, indexing says what waits and what to install, and `--ocr`
//! refuses before indexing anything. Skipped when Tesseract is missing,
//! unless `FOUILLE_REQUIRE_OCR` is set (CI).

use std::path::{Path, PathBuf};
use std::process::{Command, Output};
use std::time::{Duration, Instant};

use serde_json::Value;

fn fouille() -> Command {
    Command::new(env!("CARGO_BIN_EXE_fouille"))
}

fn fixtures() -> PathBuf {
    Path::new(env!("CARGO_MANIFEST_DIR")).join("../tests/fixtures/ocr")
}

fn checked(output: Output) -> Output {
    assert!(
        output.status.success(),
        "fouille failed: {}",
        String::from_utf8_lossy(&output.stderr)
    );
    output
}

fn json(args: &[&str]) -> Value {
    serde_json::from_slice(&checked(fouille().args(args).output().expect("run")).stdout)
        .expect("json")
}

fn tesseract_here() -> bool {
    let found =
        fouille_extract::ocr::Tools::detect("fra+eng").is_ok_and(|tools| tools.pdftoppm.is_some());
    if !found {
        assert!(
            std::env::var_os("FOUILLE_REQUIRE_OCR").is_none(),
            "FOUILLE_REQUIRE_OCR is set but tesseract (fra, eng) or pdftoppm is missing"
        );
        eprintln!("skipped: tesseract or pdftoppm is not installed");
    }
    found
}

/// Search hits' file names, sorted.
fn names(archive: &str, query: &str) -> Vec<String> {
    let response = json(&[
        "search", "--index", archive, "--json", "--limit", "100", query,
    ]);
    let mut names: Vec<String> = response["hits"]
        .as_array()
        .expect("hits")
        .iter()
        .filter_map(|hit| hit["file"]["name"].as_str().map(str::to_string))
        .collect();
    names.sort();
    names
}

fn journal_lines(archive: &Path) -> usize {
    std::fs::read_to_string(archive.join("ocr/journal.jsonl"))
        .map(|text| text.lines().filter(|line| line.starts_with('{')).count())
        .unwrap_or(0)
}

#[test]
fn a_killed_ocr_pass_resumes_without_losing_or_doubling() {
    if !tesseract_here() {
        return;
    }
    let dir = tempfile::tempdir().expect("tempdir");
    let input = dir.path().join("scans");
    std::fs::create_dir_all(&input).expect("mkdir");
    for file in [
        "lettre.png",
        "photo-page.jpg",
        "registre.tif",
        "scan.pdf",
        "paysage.jpg",
    ] {
        std::fs::copy(fixtures().join(file), input.join(file)).expect("copy");
    }
    let archive = dir.path().join("archive");
    let archive_str = archive.to_str().unwrap();
    let indexed = checked(
        fouille()
            .args([
                "index",
                "--no-ocr",
                "--index",
                archive_str,
                input.to_str().unwrap(),
            ])
            .output()
            .expect("index"),
    );
    let said = String::from_utf8_lossy(&indexed.stdout);
    assert!(
        said.contains("4 images and 2 scanned PDF pages wait for OCR (--no-ocr)"),
        "{said}"
    );
    let stats = json(&["stats", "--index", archive_str, "--json"]);
    let documents = names(archive_str, "kind:document").len();
    assert_eq!(documents, 5);

    // One page at a time, killed once the first page is in the journal.
    let mut child = fouille()
        .args(["ocr", "--index", archive_str, "--threads", "1"])
        .stdout(std::process::Stdio::null())
        .stderr(std::process::Stdio::null())
        .spawn()
        .expect("spawn ocr");
    let start = Instant::now();
    while journal_lines(&archive) == 0 && start.elapsed() < Duration::from_secs(120) {
        std::thread::sleep(Duration::from_millis(20));
    }
    child.kill().expect("kill -9");
    child.wait().expect("reap");
    let journaled = journal_lines(&archive);
    assert!(
        (1..8).contains(&journaled),
        "killed mid-pass: {journaled} pages journaled"
    );

    let resumed = json(&["ocr", "--index", archive_str, "--json"]);
    assert!(!resumed["interrupted"].as_bool().unwrap());
    let from_journal = resumed["pages_from_journal"].as_u64().unwrap();
    let read = resumed["pages_read"].as_u64().unwrap();
    assert!(from_journal >= 1, "{resumed}");
    // The journal holds each page once: read before the kill, or after.
    assert_eq!(journal_lines(&archive), 8, "{resumed}");
    assert_eq!(
        from_journal + read,
        resumed["pages"].as_u64().unwrap(),
        "{resumed}"
    );

    assert!(names(archive_str, "extraction:ocr-pending").is_empty());
    assert_eq!(
        names(archive_str, "kind:document").len(),
        documents,
        "nothing doubled"
    );
    assert_eq!(names(archive_str, "préfecture"), ["lettre.png"]);
    assert_eq!(names(archive_str, "confidentiel"), ["scan.pdf"]);
    assert_eq!(names(archive_str, "février"), ["registre.tif"]);
    assert_eq!(names(archive_str, "extraction:no-text"), ["paysage.jpg"]);
    // Rewriting documents kept the ledger.
    let after = json(&["stats", "--index", archive_str, "--json"]);
    assert_eq!(after["ledger"], stats["ledger"]);
}

#[test]
fn without_tesseract_indexing_says_what_waits_and_ocr_refuses() {
    let dir = tempfile::tempdir().expect("tempdir");
    let input = dir.path().join("scans");
    std::fs::create_dir_all(&input).expect("mkdir");
    for file in ["lettre.png", "scan.pdf"] {
        std::fs::copy(fixtures().join(file), input.join(file)).expect("copy");
    }
    // A PATH with no tesseract on it.
    let empty = dir.path().join("bin");
    std::fs::create_dir_all(&empty).expect("mkdir");
    let archive = dir.path().join("archive");
    let archive = archive.to_str().unwrap();
    let forced = fouille()
        .env("PATH", &empty)
        .args([
            "index",
            "--ocr",
            "--index",
            archive,
            input.to_str().unwrap(),
        ])
        .output()
        .expect("index --ocr");
    assert!(!forced.status.success());
    let said = String::from_utf8_lossy(&forced.stderr);
    assert!(
        said.contains("--ocr: tesseract is not installed (Debian: apt install tesseract-ocr tesseract-ocr-fra tesseract-ocr-eng poppler-utils)"),
        "{said}"
    );
    assert!(!Path::new(archive).exists(), "nothing indexed");

    let indexed = checked(
        fouille()
            .env("PATH", &empty)
            .args(["index", "--index", archive, input.to_str().unwrap()])
            .output()
            .expect("index"),
    );
    let said = String::from_utf8_lossy(&indexed.stdout);
    assert_eq!(
        said.lines()
            .filter(|line| line.contains("wait for OCR"))
            .collect::<Vec<_>>(),
        [format!(
            "ocr: 1 image and 2 scanned PDF pages wait for OCR (tesseract is not installed (Debian: apt install tesseract-ocr tesseract-ocr-fra tesseract-ocr-eng poppler-utils)); once Tesseract is there, run: fouille ocr --index {archive}"
        )]
    );
    assert_eq!(
        names(archive, "extraction:ocr-pending"),
        ["lettre.png", "scan.pdf"]
    );
    let refused = fouille()
        .env("PATH", &empty)
        .args(["ocr", "--index", archive])
        .output()
        .expect("ocr");
    assert!(!refused.status.success());
    assert!(String::from_utf8_lossy(&refused.stderr).contains("tesseract is not installed"));
}
