//! DKIM from the terminal: `fouille index --dkim-keys`, `fouille dkim
//! --keys` with keys found later, and `--dns`, which says what its lookups
//! reveal before making any, on the signed fixtures (`tests/fixtures/dkim`).

use std::path::{Path, PathBuf};
use std::process::{Command, Output, Stdio};

use serde_json::Value;

fn fouille(args: &[&str]) -> Output {
    Command::new(env!("CARGO_BIN_EXE_fouille"))
        .args(args)
        .stdin(Stdio::null())
        .output()
        .expect("run fouille")
}

fn dkim_dir() -> PathBuf {
    Path::new(env!("CARGO_MANIFEST_DIR")).join("../tests/fixtures/dkim")
}

fn text(path: &Path) -> &str {
    path.to_str().expect("utf-8 path")
}

fn ok(output: Output) -> Output {
    assert!(
        output.status.success(),
        "{}",
        String::from_utf8_lossy(&output.stderr)
    );
    output
}

fn total(archive: &Path, query: &str) -> u64 {
    let output = ok(fouille(&[
        "search",
        "--index",
        text(archive),
        "--json",
        query,
    ]));
    let response: Value = serde_json::from_slice(&output.stdout).unwrap();
    response["total"].as_u64().unwrap()
}

#[test]
fn keys_given_at_index_time_or_later_give_the_same_outcomes() {
    let dir = tempfile::tempdir().unwrap();
    let keys = dkim_dir().join("keys.zone");
    let mail = dkim_dir().join("mail");
    let with_keys = dir.path().join("with");
    let output = ok(fouille(&[
        "index",
        "--index",
        text(&with_keys),
        "--dkim-keys",
        text(&keys),
        text(&mail),
    ]));
    let stdout = String::from_utf8_lossy(&output.stdout);
    assert!(
        stdout.contains("dkim: fail 1, invalid 1, nokey 1, none 1, partial 1, pass 5"),
        "{stdout}"
    );
    assert_eq!(total(&with_keys, "dkim:pass"), 5);
    assert_eq!(total(&with_keys, "dkim:fail"), 1);

    let later = dir.path().join("later");
    ok(fouille(&["index", "--index", text(&later), text(&mail)]));
    assert_eq!(total(&later, "dkim:nokey"), 9);
    let output = ok(fouille(&[
        "dkim",
        "--index",
        text(&later),
        "--keys",
        text(&keys),
        "--json",
    ]));
    let result: Value = serde_json::from_slice(&output.stdout).unwrap();
    assert_eq!(result["checked"], 9);
    assert_eq!(result["changed"], 8);
    assert_eq!(result["after"]["pass"], 5);
    for outcome in ["pass", "partial", "fail", "nokey", "invalid", "none"] {
        let query = format!("dkim:{outcome}");
        assert_eq!(
            total(&later, &query),
            total(&with_keys, &query),
            "{outcome}"
        );
    }
}

#[test]
fn dns_lookups_are_counted_and_need_consent() {
    let dir = tempfile::tempdir().unwrap();
    let archive = dir.path().join("archive");
    let keys = dkim_dir().join("keys.zone");
    ok(fouille(&[
        "index",
        "--index",
        text(&archive),
        "--dkim-keys",
        text(&keys),
        text(&dkim_dir().join("mail")),
    ]));
    // Standard input is not a terminal: without --yes, nothing is looked up.
    let output = fouille(&["dkim", "--index", text(&archive), "--dns"]);
    let stderr = String::from_utf8_lossy(&output.stderr);
    assert!(!output.status.success());
    assert!(
        stderr.contains("1 DNS lookups will leave this machine, for 1 domains"),
        "{stderr}"
    );
    assert!(stderr.contains("add --yes"), "{stderr}");
    assert_eq!(total(&archive, "dkim:nokey"), 1);
}

#[test]
fn bad_key_files_are_refused_clearly() {
    let dir = tempfile::tempdir().unwrap();
    let archive = dir.path().join("archive");
    let mail = dkim_dir().join("mail");
    let missing = dir.path().join("missing.zone");
    let output = fouille(&[
        "index",
        "--index",
        text(&archive),
        "--dkim-keys",
        text(&missing),
        text(&mail),
    ]);
    assert!(!output.status.success());
    let stderr = String::from_utf8_lossy(&output.stderr);
    assert!(
        stderr.contains("cannot read") && stderr.contains("missing.zone"),
        "{stderr}"
    );
    let empty = dir.path().join("empty.zone");
    std::fs::write(&empty, "; nothing here\nexample.org. IN A 192.0.2.1\n").unwrap();
    let output = fouille(&[
        "index",
        "--index",
        text(&archive),
        "--dkim-keys",
        text(&empty),
        text(&mail),
    ]);
    assert!(!output.status.success());
    let stderr = String::from_utf8_lossy(&output.stderr);
    assert!(stderr.contains("empty.zone:2: skipped"), "{stderr}");
    assert!(stderr.contains("no DKIM key"), "{stderr}");
    let output = fouille(&["dkim", "--index", text(&archive)]);
    assert!(!output.status.success());
}
