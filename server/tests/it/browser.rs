//! The web UI in headless Chromium: runs `tests/browser` (node's test
//! runner driving Chromium through playwright-core) against `fouille serve`
//! on an archive of the fixtures. Needs `/usr/bin/chromium` and
//! `tests/browser/node_modules` (`.ci/run` installs both); without them the
//! test says so and passes, unless `FOUILLE_BROWSER_TESTS=1` demands it.
//! When `../shared/corpora` exists, the Enron and OCaml-list archive is
//! served too and `corpora.test.mjs` runs against it.

use std::path::Path;
use std::process::Command;

use crate::support::{free_port, start_server};

const CHROMIUM: &str = "/usr/bin/chromium";

#[test]
fn web_ui_in_chromium() {
    let repo = Path::new(env!("CARGO_MANIFEST_DIR")).join("..");
    let tests = repo.join("tests/browser");
    let ready = Path::new(CHROMIUM).exists() && tests.join("node_modules/playwright-core").exists();
    if !ready {
        assert!(
            std::env::var("FOUILLE_BROWSER_TESTS").as_deref() != Ok("1"),
            "browser tests demanded but {CHROMIUM} or tests/browser/node_modules is missing"
        );
        eprintln!(
            "skipped: install chromium and run `npm ci --prefix tests/browser` to run the browser tests"
        );
        return;
    }
    let dir = tempfile::tempdir().expect("tempdir");
    let archive = dir.path().join("archive");
    let fixtures = repo.join("tests/fixtures");
    let status = Command::new(env!("CARGO_BIN_EXE_fouille"))
        .arg("index")
        .arg("--index")
        .arg(&archive)
        .args(
            [
                "eml",
                "mbox",
                "demo",
                "hostile",
                "attachments",
                "documents",
                "metadata",
                "versions",
                "ocr",
                "precise",
            ]
            .map(|name| fixtures.join(name)),
        )
        .stdout(std::process::Stdio::null())
        .stderr(std::process::Stdio::null())
        .status()
        .expect("index");
    assert!(status.success());
    let port = free_port();
    let _server = start_server(&archive, port, &dir.path().join("server.log"));
    // The real corpora too, when they are beside the repository.
    let corpora = repo.join("../shared/corpora");
    let corpora_server = corpora.exists().then(|| {
        let archive = dir.path().join("corpora-archive");
        let status = Command::new(env!("CARGO_BIN_EXE_fouille"))
            .arg("index")
            .arg("--index")
            .arg(&archive)
            .arg(corpora.join("enron-maildir"))
            .arg(corpora.join("caml-list-fr-en"))
            .stdout(std::process::Stdio::null())
            .stderr(std::process::Stdio::null())
            .status()
            .expect("index corpora");
        assert!(status.success());
        let port = free_port();
        (
            port,
            start_server(&archive, port, &dir.path().join("corpora-server.log")),
        )
    });
    let screenshots = std::env::var("FOUILLE_SCREENSHOTS")
        .map(std::path::PathBuf::from)
        .unwrap_or_else(|_| dir.path().join("screenshots"));
    std::fs::create_dir_all(&screenshots).expect("screenshots dir");
    let mut node = Command::new("node");
    node.arg("--test")
        .arg("--test-concurrency=1")
        .current_dir(&tests)
        .env("FOUILLE_URL", format!("http://127.0.0.1:{port}"))
        .env("FOUILLE_SCREENSHOTS", &screenshots);
    if let Some((port, _)) = &corpora_server {
        node.env("FOUILLE_CORPORA_URL", format!("http://127.0.0.1:{port}"));
    }
    let output = node.output().expect("run node");
    let report = String::from_utf8_lossy(&output.stdout);
    println!("{report}");
    assert!(
        output.status.success(),
        "browser tests failed:\n{report}\n{}",
        String::from_utf8_lossy(&output.stderr)
    );
}
