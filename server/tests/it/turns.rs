//! Searches take turns (`serve --searches-at-once`): many at once all
//! answer, with the same answers as one at a time, and a count of 0 is
//! refused.

use std::process::Command;

use serde_json::Value;

use crate::support::{free_port, http_get, start_server_with};

fn demo_archive(dir: &std::path::Path) -> std::path::PathBuf {
    let archive = dir.join("archive");
    let fixtures = std::path::Path::new(env!("CARGO_MANIFEST_DIR")).join("../tests/fixtures");
    let status = Command::new(env!("CARGO_BIN_EXE_fouille"))
        .args(["index", "--no-ocr", "--index"])
        .arg(&archive)
        .arg(fixtures.join("demo"))
        .arg(fixtures.join("attachments"))
        .output()
        .expect("fouille index");
    assert!(status.status.success(), "{status:?}");
    archive
}

/// The total and hit ids of a search answer.
fn answer(body: &str) -> (u64, Vec<String>) {
    let value: Value = serde_json::from_str(body).expect("json");
    let ids = value["hits"]
        .as_array()
        .expect("hits")
        .iter()
        .map(|hit| hit["id"].as_str().expect("id").to_string())
        .collect();
    (value["total"].as_u64().expect("total"), ids)
}

#[test]
fn searches_waiting_their_turn_all_answer_alike() {
    let dir = tempfile::tempdir().expect("tempdir");
    let archive = demo_archive(dir.path());
    let port = free_port();
    let _server = start_server_with(
        &archive,
        port,
        &dir.path().join("serve.log"),
        &["--searches-at-once", "1"],
    );
    let paths = [
        "/api/search?q=",
        "/api/search?q=budget",
        "/api/search?q=the",
    ];
    let alone: Vec<(u64, Vec<String>)> = paths
        .iter()
        .map(|path| answer(&http_get(port, path).expect("answer").1))
        .collect();
    assert!(alone[0].0 > alone[1].0, "{alone:?}");
    // Twelve searches at once, four of each, through one turn.
    let together: Vec<(usize, u16, String)> = std::thread::scope(|scope| {
        let handles: Vec<_> = (0..12)
            .map(|n| {
                scope.spawn(move || {
                    let (status, body) = http_get(port, paths[n % 3]).expect("answer");
                    (n % 3, status, body)
                })
            })
            .collect();
        handles
            .into_iter()
            .map(|h| h.join().expect("thread"))
            .collect()
    });
    for (index, status, body) in together {
        assert_eq!(status, 200, "{body}");
        assert_eq!(answer(&body), alone[index], "{}", paths[index]);
    }
}

#[test]
fn zero_searches_at_once_is_refused() {
    let dir = tempfile::tempdir().expect("tempdir");
    let archive = demo_archive(dir.path());
    let output = Command::new(env!("CARGO_BIN_EXE_fouille"))
        .args(["serve", "--index"])
        .arg(&archive)
        .args(["--bind", &format!("127.0.0.1:{}", free_port())])
        .args(["--searches-at-once", "0"])
        .output()
        .expect("fouille serve");
    assert!(!output.status.success());
    let stderr = String::from_utf8_lossy(&output.stderr);
    assert!(
        stderr.contains("--searches-at-once must be at least 1"),
        "{stderr}"
    );
}
