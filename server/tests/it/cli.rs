//! End-to-end tests of the `fouille` binary: the commands as a data desk runs
//! them, a run killed with SIGKILL and resumed, the demo, and (when
//! `../shared/corpora` is present) every shared corpus.

use std::os::unix::process::CommandExt;
use std::path::{Path, PathBuf};
use std::process::{Command, Output, Stdio};
use std::time::Duration;

use fouille_schema::Archive;
use fouille_search::ArchiveSearcher;
use serde_json::Value;

use crate::support::synthetic_mail;

fn fouille() -> Command {
    Command::new(env!("CARGO_BIN_EXE_fouille"))
}

fn repo() -> PathBuf {
    Path::new(env!("CARGO_MANIFEST_DIR")).join("..")
}

fn run(args: &[&str]) -> Output {
    let output = fouille().args(args).output().expect("run fouille");
    assert!(
        output.status.success(),
        "fouille {args:?} failed: {}",
        String::from_utf8_lossy(&output.stderr)
    );
    output
}

fn json(args: &[&str]) -> Value {
    serde_json::from_slice(&run(args).stdout).expect("json output")
}

fn count_files(path: &Path) -> u64 {
    walkdir::WalkDir::new(path)
        .into_iter()
        .filter_map(Result::ok)
        .filter(|entry| entry.file_type().is_file())
        .count() as u64
}

/// Files in the ledger, whatever became of them.
fn ledger_files_total(files: &Value) -> u64 {
    ["indexed", "duplicate", "failed", "unsupported"]
        .iter()
        .map(|key| files[key].as_u64().unwrap())
        .sum()
}

fn ids(archive: &Path) -> Vec<String> {
    ArchiveSearcher::new(Archive::open(archive).expect("open"))
        .expect("searcher")
        .all_ids()
        .expect("ids")
}

#[test]
fn index_search_and_stats_from_the_terminal() {
    let dir = tempfile::tempdir().expect("tempdir");
    let archive = dir.path().join("archive");
    let archive = archive.to_str().unwrap();
    let eml = repo().join("tests/fixtures/eml");
    let mbox = repo().join("tests/fixtures/mbox");
    let output = run(&[
        "index",
        "--index",
        archive,
        eml.to_str().unwrap(),
        mbox.to_str().unwrap(),
    ]);
    let text = String::from_utf8_lossy(&output.stdout);
    assert!(text.contains("messages indexed"), "{text}");

    let response = json(&["search", "--index", archive, "--json", "trésorerie"]);
    assert_eq!(response["total"], 1);
    assert_eq!(
        response["hits"][0]["message_id"],
        "<fr-elections-qp@fixtures.fouille.test>"
    );
    assert!(response["facets"]["lang"].is_array());

    let page = json(&[
        "search", "--index", archive, "--json", "--limit", "2", "--offset", "1", "",
    ]);
    assert_eq!(page["hits"].as_array().unwrap().len(), 2);
    let all = json(&[
        "search", "--index", archive, "--json", "--limit", "1000", "",
    ]);
    assert_eq!(page["hits"][0]["id"], all["hits"][1]["id"]);

    let human = run(&["search", "--index", archive, "élection"]);
    assert!(String::from_utf8_lossy(&human.stdout).contains("Résultats des élections"));

    let stats = json(&["stats", "--index", archive, "--json"]);
    let files = &stats["ledger"]["files"];
    let total = ledger_files_total(files);
    assert_eq!(total, count_files(&eml) + count_files(&mbox));
    assert_eq!(files["duplicate"], 2);
    let emails = json(&[
        "search",
        "--index",
        archive,
        "--json",
        "--limit",
        "0",
        "kind:email",
    ]);
    assert_eq!(stats["emails"], emails["total"]);
    // The CSV attachment of one message is a document of its own.
    assert_eq!(
        all["total"].as_u64().unwrap(),
        emails["total"].as_u64().unwrap() + 1
    );
    assert!(stats["date_min"].as_str().unwrap().starts_with("2017-"));
    assert!(stats["langs"][0]["value"].is_string());
    assert!(stats["top_senders"][0]["count"].is_u64());
}

#[test]
fn missing_archive_and_input_give_clear_errors() {
    let dir = tempfile::tempdir().expect("tempdir");
    let missing = dir.path().join("nothing");
    let output = fouille()
        .args(["search", "--index", missing.to_str().unwrap(), "x"])
        .output()
        .expect("run");
    assert!(!output.status.success());
    assert!(String::from_utf8_lossy(&output.stderr).contains("no fouille archive"));
    let output = fouille()
        .args([
            "index",
            "--index",
            dir.path().join("a").to_str().unwrap(),
            missing.to_str().unwrap(),
        ])
        .output()
        .expect("run");
    assert!(!output.status.success());
    assert!(String::from_utf8_lossy(&output.stderr).contains("does not exist"));
}

/// `fouille index` committing every 500 messages, so that kills land
/// between, during and after commits.
fn spawn_small_commits(archive: &str, sources: &str) -> std::process::Child {
    fouille()
        .args([
            "index",
            "--index",
            archive,
            "--commit-every",
            "500",
            sources,
        ])
        .stdout(Stdio::null())
        .stderr(Stdio::null())
        .spawn()
        .expect("spawn")
}

/// After a kill, the archive (once it exists) opens, holds each message
/// once, and keeps everything an earlier round committed.
fn check_after_kill(archive: &Path, round: usize, committed: &mut Vec<String>) {
    if !archive.join(fouille_schema::VERSION_FILE).exists() {
        return;
    }
    let now = ids(archive);
    let mut unique = now.clone();
    unique.dedup();
    assert_eq!(now.len(), unique.len(), "round {round}: a message doubled");
    assert!(
        committed.iter().all(|id| now.binary_search(id).is_ok()),
        "round {round}: a committed message was lost"
    );
    *committed = now;
}

#[test]
fn killed_runs_resume_without_loss_or_doubles() {
    let dir = tempfile::tempdir().expect("tempdir");
    let sources = dir.path().join("sources");
    synthetic_mail(&sources, 6000);
    let sources = sources.to_str().unwrap();

    let clean = dir.path().join("clean");
    run(&["index", "--index", clean.to_str().unwrap(), sources]);
    let expected = ids(&clean);
    assert_eq!(expected.len(), 6000);

    let killed = dir.path().join("killed");
    let killed_str = killed.to_str().unwrap();
    let mut committed = Vec::new();
    // Kill at increasing moments; small commits so kills land between,
    // during and after commits.
    for (round, delay_ms) in [40u64, 90, 150, 220, 300, 380, 470, 560, 680, 800, 950, 1100]
        .into_iter()
        .enumerate()
    {
        let mut child = spawn_small_commits(killed_str, sources);
        std::thread::sleep(Duration::from_millis(delay_ms));
        child.kill().expect("kill -9");
        child.wait().expect("wait");
        check_after_kill(&killed, round, &mut committed);
    }
    run(&["index", "--index", killed_str, sources]);
    assert_eq!(ids(&killed), expected, "same messages as a clean run");
    let stats = json(&["stats", "--index", killed_str, "--json"]);
    assert_eq!(stats["ledger"]["messages"]["failed"], 0);
    assert_eq!(stats["ledger"]["files"]["failed"], 0);
    let files = &stats["ledger"]["files"];
    assert_eq!(
        files["indexed"].as_u64().unwrap() + files["duplicate"].as_u64().unwrap(),
        count_files(Path::new(sources))
    );
}

/// When each killed run dies. Even rounds: a moment in its first tenth
/// (walking the files, loading the archive's state, the first messages).
/// Odd rounds: after one to five of its commits, a little later each time
/// (into the next batch, its commit, a merge). Each run resumes what the previous
/// ones committed, so the kills stay inside runs.
const KILL_ROUNDS: usize = 14;

/// The time of the archive's last commit (tantivy rewrites meta.json).
fn last_commit(archive: &Path) -> Option<std::time::SystemTime> {
    std::fs::metadata(archive.join("index/meta.json"))
        .and_then(|meta| meta.modified())
        .ok()
}

#[test]
fn killed_runs_on_enron_lose_and_double_nothing() {
    let enron = repo().join("../shared/corpora/enron-maildir");
    if !enron.exists() {
        eprintln!("skipped: {} not present", enron.display());
        return;
    }
    let enron = enron.to_str().unwrap();
    let dir = tempfile::tempdir().expect("tempdir");
    let clean = dir.path().join("clean");
    let started = std::time::Instant::now();
    run(&["index", "--index", clean.to_str().unwrap(), enron]);
    let clean_run = started.elapsed();
    let expected = ids(&clean);
    assert!(expected.len() > 14_000, "{}", expected.len());

    let killed = dir.path().join("killed");
    let killed_str = killed.to_str().unwrap();
    let mut kills_inside_runs = 0;
    let mut committed: Vec<String> = Vec::new();
    for round in 0..KILL_ROUNDS {
        let before = last_commit(&killed);
        let spawned = std::time::Instant::now();
        let mut child = spawn_small_commits(killed_str, enron);
        if round % 2 == 0 {
            std::thread::sleep(clean_run.mul_f64(0.01 + 0.09 * round as f64 / KILL_ROUNDS as f64));
        } else {
            // Past one commit, then more as the rounds go.
            let (mut seen, mut commits) = (before, 0);
            while commits < 1 + round / 3 && spawned.elapsed() < clean_run {
                std::thread::sleep(Duration::from_millis(5));
                let now = last_commit(&killed);
                if now != seen {
                    seen = now;
                    commits += 1;
                }
            }
            std::thread::sleep(Duration::from_millis(25 * round as u64));
        }
        if child.try_wait().expect("try_wait").is_none() {
            kills_inside_runs += 1;
        }
        child.kill().expect("kill -9");
        child.wait().expect("wait");
        check_after_kill(&killed, round, &mut committed);
    }
    assert!(
        kills_inside_runs >= 10,
        "only {kills_inside_runs} kills landed inside a run"
    );
    assert!(
        !committed.is_empty() && committed.len() < expected.len(),
        "the kills left a partial archive ({} of {})",
        committed.len(),
        expected.len()
    );
    run(&["index", "--index", killed_str, enron]);
    assert_eq!(ids(&killed), expected, "same messages as a clean run");
    let statuses = |dir: &Path| -> std::collections::BTreeMap<String, String> {
        let archive = Archive::open(dir).expect("open");
        let ledger = fouille_schema::ledger::Ledger::load(
            &archive.ledger_path(),
            archive.committed_ledger_len().expect("ledger length"),
        )
        .expect("ledger");
        ledger
            .entries()
            .iter()
            .map(|entry| (entry.path.clone(), format!("{:?}", entry.status)))
            .collect()
    };
    let (clean_ledger, killed_ledger) = (statuses(&clean), statuses(&killed));
    for (path, status) in &clean_ledger {
        if killed_ledger.get(path) != Some(status) {
            eprintln!(
                "{path}: clean {status}, killed {:?}",
                killed_ledger.get(path)
            );
        }
    }
    let clean_stats = json(&["stats", "--index", clean.to_str().unwrap(), "--json"]);
    let stats = json(&["stats", "--index", killed_str, "--json"]);
    for key in ["indexed", "duplicate", "failed", "unsupported"] {
        assert_eq!(
            stats["ledger"]["files"][key], clean_stats["ledger"]["files"][key],
            "ledger files {key}"
        );
    }
    assert_eq!(
        ledger_files_total(&stats["ledger"]["files"]),
        count_files(Path::new(enron))
    );
    eprintln!(
        "enron: clean run {:.1} s, {kills_inside_runs} kills inside runs, {} of {} messages committed before the last run",
        clean_run.as_secs_f64(),
        committed.len(),
        expected.len()
    );
}

#[test]
fn demo_builds_and_searches_the_shipped_mailbox() {
    let dir = tempfile::tempdir().expect("tempdir");
    let demo = dir.path().join("demo");
    let output = run(&["demo", "--no-serve", "--dir", demo.to_str().unwrap()]);
    let text = String::from_utf8_lossy(&output.stdout);
    assert!(text.contains("messages indexed"), "{text}");
    assert!(text.contains("fouille search --index"), "{text}");
    // The signed mail of the demo: one outcome per case, the altered ones found.
    assert!(
        text.contains("dkim: fail 1, invalid 1, nokey 1, none 50, partial 1, pass 5"),
        "{text}"
    );
    // The scanned letter: read when Tesseract is there, else said to wait.
    if fouille_extract::ocr::Tools::detect("fra+eng").is_ok_and(|tools| tools.pdftoppm.is_some()) {
        assert!(text.contains("ocr done"), "{text}");
        let ocr = text
            .split("$ fouille search")
            .find(|part| part.contains("préfecture extraction:ocr"))
            .expect("the ocr example");
        assert!(ocr.contains("courrier-scan.png"), "{ocr}");
    } else {
        assert!(
            text.contains("ocr: 1 image and 0 scanned PDF pages wait for OCR"),
            "{text}"
        );
    }
    assert!(
        text.contains("[dkim fail]") && text.contains("[dkim partial]"),
        "{text}"
    );
    assert!(
        !text.contains("\n0 messages"),
        "every example search finds something: {text}"
    );
    // Running it again rebuilds rather than failing.
    run(&["demo", "--no-serve", "--dir", demo.to_str().unwrap()]);
    // So does the demo archive of an older Fouille, in another format.
    let version = demo.join("archive/fouille-archive.json");
    std::fs::write(&version, r#"{"format": "fouille-archive", "version": 1}"#).unwrap();
    run(&["demo", "--no-serve", "--dir", demo.to_str().unwrap()]);
    assert!(
        std::fs::read_to_string(&version)
            .unwrap()
            .contains(&format!("\"version\": {}", fouille_schema::ARCHIVE_VERSION))
    );
}

#[test]
fn shared_corpora_index_completely() {
    let corpora = repo().join("../shared/corpora");
    if !corpora.exists() {
        eprintln!("skipped: {} not present", corpora.display());
        return;
    }
    let dir = tempfile::tempdir().expect("tempdir");
    let archive = dir.path().join("archive");
    let archive = archive.to_str().unwrap();
    run(&["index", "--index", archive, corpora.to_str().unwrap()]);
    let stats = json(&["stats", "--index", archive, "--json"]);
    let files = &stats["ledger"]["files"];
    let total = ledger_files_total(files);
    assert_eq!(total, count_files(&corpora), "every file accounted for");
    let messages = &stats["ledger"]["messages"];
    assert_eq!(
        messages["found"].as_u64().unwrap(),
        messages["indexed"].as_u64().unwrap()
            + messages["duplicate"].as_u64().unwrap()
            + messages["failed"].as_u64().unwrap()
    );
    assert_eq!(
        stats["emails"].as_u64().unwrap(),
        messages["indexed"].as_u64().unwrap() + messages["embedded"].as_u64().unwrap()
    );
    // Every message a PST declares is found, in every PST of the corpora.
    let archive_dir = Archive::open(Path::new(archive)).expect("open");
    let ledger = fouille_schema::ledger::Ledger::load(
        &archive_dir.ledger_path(),
        archive_dir.committed_ledger_len().unwrap(),
    )
    .unwrap();
    let psts: Vec<_> = ledger
        .entries()
        .iter()
        .filter(|entry| entry.path.ends_with(".pst"))
        .collect();
    assert_eq!(psts.len(), 4);
    for pst in psts {
        assert_eq!(pst.format, "pst", "{}", pst.path);
        assert_eq!(
            pst.declared,
            Some(u64::from(pst.messages)),
            "{}: declared vs found",
            pst.path
        );
        assert!(pst.messages > 0, "{}", pst.path);
    }
    // The Enron maildir holds 23,061 message files (and its SOURCE.txt), of
    // which 8,524 are copies of another file filed in a second folder: 14,537
    // distinct files (counted independently of Fouille). 69 of those are the
    // same message with CRLF and with LF line ends: 14,468 messages.
    let enron = json(&[
        "search",
        "--index",
        archive,
        "--json",
        "--limit",
        "0",
        "folder:enron-maildir kind:email",
    ]);
    assert_eq!(enron["total"], 14_468);
}

/// A document that hangs, one that crashes its process and one that eats
/// memory, in one mail among good attachments: each is stopped and recorded
/// with its reason, the worker restarts, the other attachments and the mail
/// are indexed.
#[test]
fn hostile_extractions_cannot_stall_or_crash_a_run() {
    let dir = tempfile::tempdir().expect("tempdir");
    let archive = dir.path().join("archive");
    let started = std::time::Instant::now();
    let output = fouille()
        .env(fouille_extract::worker::FAULTS_ENV, "1")
        .args([
            "index",
            "--index",
            archive.to_str().unwrap(),
            "--extract-timeout",
            "3",
            "--extract-memory",
            "512M",
            "--json",
        ])
        .arg(repo().join("tests/fixtures/attachments"))
        .output()
        .expect("run");
    assert!(
        output.status.success(),
        "{}",
        String::from_utf8_lossy(&output.stderr)
    );
    assert!(started.elapsed() < Duration::from_secs(60));
    let archive_dir = Archive::open(&archive).expect("open");
    let ledger = fouille_schema::ledger::Ledger::load(
        &archive_dir.ledger_path(),
        archive_dir.committed_ledger_len().unwrap(),
    )
    .unwrap();
    let entry = ledger
        .entries()
        .iter()
        .find(|entry| entry.path.ends_with("fichiers-abimes.eml"))
        .expect("ledger line");
    let reason = |name: &str| {
        entry
            .failures
            .iter()
            .find(|failure| failure.attachment.as_deref() == Some(name))
            .map(|failure| failure.reason.clone())
            .unwrap_or_else(|| panic!("no failure for {name}: {:?}", entry.failures))
    };
    assert_eq!(
        reason("bloque.pdf"),
        "extraction took longer than 3 s, stopped"
    );
    assert!(reason("plante.pdf").starts_with("extraction worker died (signal 6)"));
    assert!(reason("vorace.pdf").starts_with("extraction worker died"));
    // After each restart the next documents are read.
    let hits = |query: &str| {
        json(&[
            "search",
            "--index",
            archive.to_str().unwrap(),
            "--json",
            query,
        ])["total"]
            .as_u64()
            .unwrap()
    };
    assert_eq!(hits("ibis kind:email"), 1);
    assert_eq!(hits("okapi kind:attachment"), 1);
    assert_eq!(hits("hippocampe kind:attachment"), 1);
    assert_eq!(hits("quetzalcoatl kind:attachment"), 2);
    assert_eq!(hits("ampelopsis"), 1);
}

/// The `connect(2)` calls strace recorded that reach another machine: any
/// `AF_INET`/`AF_INET6` address but the loopback.
fn outbound_connects(trace: &Path) -> Vec<String> {
    std::fs::read_to_string(trace)
        .expect("strace output")
        .lines()
        .filter(|line| line.contains("connect(") && line.contains("AF_INET"))
        .filter(|line| !line.contains("127.0.0.1") && !line.contains("\"::1\""))
        .map(str::to_string)
        .collect()
}

/// A process group (strace and the server it traces), stopped when dropped:
/// SIGTERM first, so that the server shuts down and strace writes its trace
/// out; SIGKILL if they are still there after five seconds.
struct TracedServer(std::process::Child);

impl Drop for TracedServer {
    fn drop(&mut self) {
        let group = format!("-{}", self.0.id());
        let _ = Command::new("kill").args(["-TERM", "--", &group]).status();
        for _ in 0..50 {
            if matches!(self.0.try_wait(), Ok(Some(_))) {
                return;
            }
            std::thread::sleep(Duration::from_millis(100));
        }
        let _ = Command::new("kill").args(["-KILL", "--", &group]).status();
        let _ = self.0.wait();
    }
}

/// Neither the indexer (with its extraction workers) nor the server opens a
/// connection to another machine: no telemetry, no remote fetch. Runs where
/// strace is installed (CI installs it).
#[test]
fn indexer_and_server_connect_nowhere() {
    let Some(strace) = ["/usr/bin/strace", "/bin/strace"]
        .into_iter()
        .find(|path| Path::new(path).exists())
    else {
        eprintln!("strace is not installed: outbound connections not checked");
        return;
    };
    let dir = tempfile::tempdir().expect("tempdir");
    let archive = dir.path().join("archive");
    let trace = dir.path().join("index.trace");
    let fixtures = repo().join("tests/fixtures");
    let status = Command::new(strace)
        .args(["-f", "-e", "trace=connect", "-o"])
        .arg(&trace)
        .arg(env!("CARGO_BIN_EXE_fouille"))
        .args(["index", "--index"])
        .arg(&archive)
        .arg(fixtures.join("hostile"))
        .arg(fixtures.join("attachments"))
        .arg(fixtures.join("documents"))
        .stdout(Stdio::null())
        .stderr(Stdio::null())
        .status()
        .expect("strace fouille index");
    assert!(status.success());
    let traced = std::fs::read_to_string(&trace).expect("trace");
    assert!(traced.contains("+++ exited with 0 +++"), "{traced}");
    assert_eq!(outbound_connects(&trace), Vec::<String>::new());

    let port = crate::support::free_port();
    let trace = dir.path().join("serve.trace");
    // strace and the server in a process group of their own, killed whole
    // at the end: killing strace alone would leave the server running.
    let server = TracedServer(
        Command::new(strace)
            .args(["-f", "-e", "trace=connect", "-o"])
            .arg(&trace)
            .arg(env!("CARGO_BIN_EXE_fouille"))
            .args(["serve", "--index"])
            .arg(&archive)
            .args(["--bind", &format!("127.0.0.1:{port}")])
            .stdout(Stdio::null())
            .stderr(Stdio::null())
            .process_group(0)
            .spawn()
            .expect("strace fouille serve"),
    );
    let search = (0..100)
        .find_map(|_| {
            std::thread::sleep(Duration::from_millis(100));
            crate::support::http_get(port, "/api/search?q=&per_page=100")
        })
        .expect("server answers");
    assert_eq!(search.0, 200);
    let hits: Value = serde_json::from_str(&search.1).expect("json");
    let hits = hits["hits"].as_array().expect("hits");
    assert!(hits.len() > 5, "{} hits", hits.len());
    // Every message, its sanitized HTML and its raw source: whatever the
    // mail links to, the server fetches nothing.
    for hit in hits {
        let id = hit["id"].as_str().expect("id");
        for path in [
            format!("/api/messages/{id}"),
            format!("/api/messages/{id}/html"),
            format!("/api/messages/{id}/raw"),
        ] {
            crate::support::http_get(port, &path).expect("answer");
        }
    }
    crate::support::http_get(port, "/api/export?q=&format=ndjson").expect("export");
    drop(server);
    // The server's exit is in the trace: strace wrote it out whole.
    let traced = std::fs::read_to_string(&trace).expect("trace");
    assert!(traced.contains("+++ "), "{traced}");
    assert_eq!(outbound_connects(&trace), Vec::<String>::new());
}

/// Files of a fixture folder, sorted, at most `max` of them spread over it.
fn sample_files(dir: &Path, max: usize) -> Vec<PathBuf> {
    let mut files: Vec<PathBuf> = walkdir::WalkDir::new(dir)
        .into_iter()
        .filter_map(Result::ok)
        .filter(|entry| entry.file_type().is_file())
        .map(|entry| entry.into_path())
        .filter(|path| {
            !matches!(
                path.extension().and_then(|ext| ext.to_str()),
                Some("py" | "md" | "txt")
            )
        })
        .collect();
    files.sort();
    let step = files.len().div_ceil(max).max(1);
    files.into_iter().step_by(step).collect()
}

/// Mutated copies of the project's fixtures and of the shared corpora's
/// parser test suites (bit flips, truncations, two files spliced, a slice
/// repeated): the run ends normally and the ledger lists every file.
#[test]
fn mutated_files_never_stop_a_run() {
    use rand::{RngExt, SeedableRng};
    let mut rng = rand_chacha::ChaCha8Rng::seed_from_u64(2026);
    let fixtures = repo().join("tests/fixtures");
    let mut sources = Vec::new();
    for folder in [
        "eml",
        "mbox",
        "maildir",
        "emlx",
        "malformed",
        "hostile",
        "attachments",
        "documents",
        "enron-style",
    ] {
        sources.extend(sample_files(&fixtures.join(folder), 40));
    }
    let corpora = repo().join("../shared/corpora");
    if let Ok(entries) = std::fs::read_dir(&corpora) {
        let mut suites: Vec<PathBuf> = entries
            .filter_map(Result::ok)
            .map(|entry| entry.path())
            .filter(|path| {
                path.file_name()
                    .and_then(|name| name.to_str())
                    .is_some_and(|name| name.starts_with("fixtures-"))
            })
            .collect();
        suites.sort();
        for suite in suites {
            sources.extend(sample_files(&suite, 15));
        }
    }
    let dir = tempfile::tempdir().expect("tempdir");
    let mutants = dir.path().join("mutants");
    std::fs::create_dir(&mutants).expect("mkdir");
    let originals: Vec<Vec<u8>> = sources
        .iter()
        .map(|path| std::fs::read(path).expect("read fixture"))
        .collect();
    for (index, bytes) in originals.iter().enumerate() {
        if bytes.len() < 2 {
            continue;
        }
        let other = &originals[(index * 7 + 3) % originals.len()];
        let cut = rng.random_range(1..bytes.len());
        let mut flipped = bytes.clone();
        for _ in 0..1 + bytes.len() / 512 {
            let at = rng.random_range(0..flipped.len());
            flipped[at] ^= 1 << rng.random_range(0..8);
        }
        let spliced = [&bytes[..cut], &other[other.len() / 2..]].concat();
        let slice = &bytes[cut.saturating_sub(64)..cut];
        let repeated = [&bytes[..cut], &slice.repeat(200), &bytes[cut..]].concat();
        let extension = sources[index]
            .extension()
            .and_then(|ext| ext.to_str())
            .unwrap_or("bin");
        for (kind, mutant) in [
            ("flipped", flipped),
            ("truncated", bytes[..cut].to_vec()),
            ("spliced", spliced),
            ("repeated", repeated),
        ] {
            std::fs::write(
                mutants.join(format!("{index:04}-{kind}.{extension}")),
                mutant,
            )
            .expect("write mutant");
        }
    }
    let archive = dir.path().join("archive");
    let archive = archive.to_str().unwrap();
    run(&["index", "--index", archive, mutants.to_str().unwrap()]);
    let stats = json(&["stats", "--index", archive, "--json"]);
    let files = count_files(&mutants);
    assert!(files >= 400, "{files} mutants");
    let ledger = &stats["ledger"]["files"];
    eprintln!("{files} mutants: {ledger}");
    assert_eq!(ledger_files_total(ledger), files);
}
