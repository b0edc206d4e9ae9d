//! Integration tests of the engine on the fixtures written for this project
//! (`tests/fixtures`, see its MANIFEST.md): ingest, analysis, query language,
//! dedup, threads, ledger, incremental runs and archive versioning.

use std::collections::BTreeSet;
use std::path::{Path, PathBuf};
use std::sync::OnceLock;
use std::sync::atomic::AtomicBool;

use fouille_indexer::{Archive, IngestOptions, IngestSummary, ingest};
use fouille_schema::ExtractionOutcome;
use fouille_schema::ledger::{FileStatus, Ledger};
use fouille_search::{ArchiveSearcher, SearchRequest, SearchResponse, Sort};

#[path = "archive/copies.rs"]
mod copies;
#[path = "archive/dkim.rs"]
mod dkim;
#[path = "archive/documents.rs"]
mod documents;
#[path = "archive/fuzz_corpus.rs"]
mod fuzz_corpus;
#[path = "archive/metadata.rs"]
mod metadata;
#[path = "archive/ocr.rs"]
mod ocr;
#[path = "archive/precise.rs"]
mod precise;
#[path = "archive/queries.rs"]
mod queries;

/// Fixture folders indexed by the shared archive (the demo mailbox is left
/// out so counts stay exact).
const FIXTURE_DIRS: &[&str] = &[
    "eml",
    "mbox",
    "maildir",
    "enron-style",
    "emlx",
    "unsupported",
    "malformed",
];

fn fixtures() -> PathBuf {
    Path::new(env!("CARGO_MANIFEST_DIR")).join("../tests/fixtures")
}

fn fixture_paths() -> Vec<PathBuf> {
    FIXTURE_DIRS
        .iter()
        .map(|dir| fixtures().join(dir))
        .collect()
}

fn run_ingest(archive: &Path, paths: &[PathBuf]) -> IngestSummary {
    run_ingest_with(archive, paths, IngestOptions::default())
}

/// Ingests with `options`, on two threads.
fn run_ingest_with(archive: &Path, paths: &[PathBuf], options: IngestOptions) -> IngestSummary {
    let options = IngestOptions {
        threads: 2,
        ..options
    };
    ingest(
        archive,
        paths,
        &options,
        &AtomicBool::new(false),
        &mut |_| {},
    )
    .expect("ingest")
}

struct Shared {
    _dir: tempfile::TempDir,
    searcher: ArchiveSearcher,
    summary: IngestSummary,
    archive: Archive,
}

/// One archive of every fixture, built once for the read-only tests.
fn shared() -> &'static Shared {
    static SHARED: OnceLock<Shared> = OnceLock::new();
    SHARED.get_or_init(|| {
        let dir = tempfile::tempdir().expect("tempdir");
        let archive_dir = dir.path().join("archive");
        let summary = run_ingest(&archive_dir, &fixture_paths());
        let archive = Archive::open(&archive_dir).expect("open");
        Shared {
            searcher: ArchiveSearcher::new(archive.clone()).expect("searcher"),
            _dir: dir,
            summary,
            archive,
        }
    })
}

fn search(query: &str) -> SearchResponse {
    shared()
        .searcher
        .search(&SearchRequest {
            query: query.to_string(),
            limit: 100,
            ..SearchRequest::default()
        })
        .expect("search")
}

/// The Message-IDs of every hit, sorted.
fn ids(query: &str) -> Vec<String> {
    let response = search(query);
    assert_eq!(
        response.total as usize,
        response.hits.len(),
        "{query}: all hits returned"
    );
    let mut ids: Vec<String> = response
        .hits
        .iter()
        .map(|hit| {
            hit.message_id
                .clone()
                .unwrap_or_else(|| format!("(no id) {}", hit.subject))
        })
        .collect();
    ids.sort();
    ids
}

fn mid(name: &str) -> String {
    format!("<{name}@fixtures.fouille.test>")
}

fn mids(names: &[&str]) -> Vec<String> {
    let mut list: Vec<String> = names.iter().map(|name| mid(name)).collect();
    list.sort();
    list
}

#[test]
fn sender_encoded_word_is_decoded_and_searchable() {
    let response = search("from:dupre");
    let hit = response
        .hits
        .iter()
        .find(|hit| hit.message_id.as_deref() == Some(mid("fr-elections-qp").as_str()))
        .expect("from:dupre finds François Dupré");
    assert_eq!(hit.from.name.as_deref(), Some("François Dupré"));
    assert_eq!(
        hit.from.address.as_deref(),
        Some("francois.dupre@mairie.example")
    );
    assert_eq!(hit.subject, "Résultats des élections");
    assert_eq!(ids("from:\"François Dupré\""), mids(&["fr-elections-qp"]));
    assert_eq!(
        ids("from:francois.dupre@mairie.example"),
        mids(&["fr-elections-qp"])
    );
}

#[test]
fn html_is_indexed_by_visible_text_only() {
    assert_eq!(ids("visiblehtmlword"), mids(&["html-only"]));
    assert_eq!(ids("scriptsecretword"), Vec::<String>::new());
    assert_eq!(ids("stylesecretword"), Vec::<String>::new());
    assert_eq!(ids("tracker"), Vec::<String>::new());
}

#[test]
fn charsets_are_decoded() {
    let subject_and_from = |word: &str| {
        let response = search(word);
        assert_eq!(response.hits.len(), 1, "{word}");
        let hit = &response.hits[0];
        (
            hit.subject.clone(),
            hit.from.name.clone().unwrap_or_default(),
            hit.snippet.clone(),
        )
    };
    let (subject, from, _) = subject_and_from("quinquennat");
    assert_eq!(subject, "Réunion du comité");
    assert_eq!(from, "Hélène Roussel");
    let (subject, from, _) = subject_and_from("remboursement");
    assert_eq!(subject, "Dépenses de campagne");
    assert_eq!(from, "Hélène Roussel");
    let (_, _, snippet) = subject_and_from("cagnotte");
    assert!(snippet.contains("<mark>cagnotte</mark>"), "{snippet}");
    // windows-1252 bytes for œ, € and ’ come out as Unicode.
    assert_eq!(ids("œuvre"), mids(&["fr-cp1252"]));
    assert_eq!(ids("oeuvre"), mids(&["fr-cp1252"]));
    let euro = search("subvention");
    assert!(euro.hits[0].snippet.contains('€') || euro.hits[0].snippet.contains("subvention"));
    assert_eq!(ids("fundraiser"), mids(&["en-organizers-b64"]));
}

#[test]
fn long_base64_like_tokens_are_not_indexed() {
    let raw = shared()
        .searcher
        .raw(&search("longtokenbody").hits[0].id)
        .expect("raw");
    let text = String::from_utf8_lossy(&raw);
    let token = text
        .split_whitespace()
        .find(|word| word.len() >= 300)
        .expect("fixture has a 300-character token");
    assert_eq!(search(token).total, 0);
    assert_eq!(ids("longtokenbody"), mids(&["long-token"]));
}

#[test]
fn duplicates_are_one_document_with_every_source() {
    let response = search("doublonword");
    assert_eq!(response.total, 1);
    let summary = shared()
        .searcher
        .summary(&response.hits[0].id)
        .expect("summary");
    let sources: Vec<String> = summary
        .sources
        .iter()
        .map(|source| {
            let path = Path::new(&source.path);
            let parts: Vec<_> = path.components().rev().take(2).collect();
            format!(
                "{}/{}",
                parts[1].as_os_str().to_string_lossy(),
                parts[0].as_os_str().to_string_lossy()
            )
        })
        .collect();
    assert_eq!(sources, vec!["a/copy.eml", "b/copy.eml", "c/same-mid.eml"]);
    assert_eq!(shared().summary.progress.duplicates, 2);
}

#[test]
fn copies_with_other_message_ids_are_one_message_but_edits_are_not() {
    // As in the Enron corpus: the same message filed in two folders, each
    // copy given its own Message-ID by the export.
    let dir = tempfile::tempdir().expect("tempdir");
    let sources = dir.path().join("sources");
    std::fs::create_dir_all(&sources).expect("mkdir");
    let original = std::fs::read_to_string(fixtures().join("eml/thread-root.eml")).expect("read");
    let renamed = original.replace("<thread-root@", "<thread-root-copy@");
    assert_ne!(original, renamed);
    let edited = original.replace("threadrootword", "threadrootword edited");
    std::fs::write(sources.join("inbox.eml"), &original).expect("write");
    std::fs::write(sources.join("all_documents.eml"), &renamed).expect("write");
    std::fs::write(sources.join("edited.eml"), &edited).expect("write");
    let archive = dir.path().join("archive");
    let summary = run_ingest(&archive, std::slice::from_ref(&sources));
    assert_eq!(
        (summary.progress.indexed, summary.progress.duplicates),
        (2, 1)
    );
}

#[test]
fn threads_from_references_and_subject() {
    let thread_of = |word: &str| search(word).hits[0].thread_id.clone();
    let root = thread_of("threadrootword");
    let members = search(&format!("thread:{root}"));
    let mut subjects: Vec<String> = members.hits.iter().map(|hit| hit.subject.clone()).collect();
    subjects.sort();
    assert_eq!(
        subjects,
        vec![
            "Budget 2018",
            "RE: Budget 2018",
            "Re: Budget 2018",
            "TR: Budget 2018"
        ]
    );
    let other = search("subject:\"Ordre du jour\"");
    assert_eq!(other.total, 1);
    assert_ne!(other.hits[0].thread_id, root);
    // The mbox reply joins its parent.
    assert_eq!(thread_of("mboxtroisieme"), thread_of("mboxpremier"));
}

#[test]
fn mbox_is_split_and_unescaped() {
    assert_eq!(ids("mboxpremier"), mids(&["mbox-1"]));
    let raw = shared()
        .searcher
        .raw(&search("mboxpremier").hits[0].id)
        .expect("raw");
    let text = String::from_utf8_lossy(&raw);
    assert!(text.contains("\nFrom here on we vote."), "{text}");
    assert!(text.contains("\n>From the archive"), "{text}");
    assert!(!text.starts_with("From "));
    assert_eq!(search("mboxolegacy").total, 1);
    assert_eq!(search("mboxoautre").total, 1);
}

#[test]
fn emlx_maildir_and_extensionless_files_are_mail() {
    let raw = shared()
        .searcher
        .raw(&search("emlxword").hits[0].id)
        .expect("raw");
    let text = String::from_utf8_lossy(&raw);
    assert!(!text.contains("<plist"), "plist stripped");
    assert!(text.contains("emlxword"));
    for word in [
        "maildircur",
        "maildirnew",
        "maildirsent",
        "enronstyleone",
        "enronstyletwo",
        "enronstylesent",
    ] {
        assert_eq!(search(word).total, 1, "{word}");
    }
    assert!(
        search("maildirsent").facets.folder[0]
            .value
            .ends_with("maildir/.Sent")
    );
}

#[test]
fn raw_bytes_are_kept_exactly() {
    let path = fixtures().join("eml/fr-cp1252.eml");
    let original = std::fs::read(path).expect("fixture");
    let raw = shared()
        .searcher
        .raw(&search("cagnotte").hits[0].id)
        .expect("raw");
    assert_eq!(raw, original);
}

#[test]
fn ledger_accounts_for_every_file() {
    let files: usize = fixture_paths()
        .iter()
        .map(|dir| {
            walkdir::WalkDir::new(dir)
                .into_iter()
                .filter_map(Result::ok)
                .filter(|entry| entry.file_type().is_file())
                .count()
        })
        .sum();
    let archive = &shared().archive;
    let committed = std::fs::read_to_string(archive.ledger_path()).expect("ledger");
    let ledger = Ledger::load(&archive.ledger_path(), committed.len() as u64).expect("ledger");
    let counts = ledger.file_counts();
    assert_eq!(counts.total() as usize, files);
    assert_eq!(shared().summary.files_found as usize, files);
    // Nothing is kept out: files that are not mail are documents, with
    // what could be read of them.
    assert!(
        ledger
            .entries()
            .iter()
            .all(|entry| entry.status != FileStatus::Unsupported)
    );
    let outcome = |name: &str| {
        let hits = search(&format!("filename:{name} kind:document")).hits;
        assert_eq!(hits.len(), 1, "{name}");
        let file = hits[0].file.clone().unwrap();
        (file.extraction, file.reason)
    };
    assert_eq!(
        outcome("blob.bin"),
        (
            ExtractionOutcome::Unsupported,
            Some("no text extraction for this file type".into())
        )
    );
    assert_eq!(
        outcome("pixel.png"),
        (
            ExtractionOutcome::NoText,
            Some("image of 1×1 pixels, too small to hold text".into())
        )
    );
    for entry in ledger.entries() {
        if entry.status == FileStatus::Unsupported || entry.status == FileStatus::Failed {
            assert!(entry.reason.is_some(), "{} has a reason", entry.path);
        }
    }
    let stats = fouille_search::stats::archive_stats(archive).expect("stats");
    assert_eq!(stats.ledger.files, counts);
    assert_eq!(stats.emails, search("kind:email").total);
    // A loose text file is a document.
    assert_eq!(
        search("kind:document courses baguette").hits[0]
            .file
            .as_ref()
            .unwrap()
            .name,
        "notes.txt"
    );
}

#[test]
fn malformed_files_are_indexed_as_far_as_possible() {
    for word in [
        "charsetinconnu",
        "multipartcasse",
        "nulword",
        "profondeur",
        "hugeheaderbody",
    ] {
        assert_eq!(search(word).total, 1, "{word}");
    }
    assert_eq!(search("subject:\"Coupé en deux\"").total, 1);
}

#[test]
fn reindexing_gives_the_same_ids_and_resumes_incrementally() {
    let dir = tempfile::tempdir().expect("tempdir");
    let sources = dir.path().join("sources");
    std::fs::create_dir_all(&sources).expect("mkdir");
    for name in [
        "fr-elections-qp.eml",
        "en-organizers-b64.eml",
        "thread-root.eml",
    ] {
        std::fs::copy(fixtures().join("eml").join(name), sources.join(name)).expect("copy");
    }
    let first = dir.path().join("first");
    let summary = run_ingest(&first, std::slice::from_ref(&sources));
    assert_eq!(summary.progress.indexed, 3);
    // Same sources again: nothing read, nothing added.
    let again = run_ingest(&first, std::slice::from_ref(&sources));
    assert_eq!(again.files_unchanged, 3);
    assert_eq!(again.progress.indexed, 0);
    assert_eq!(again.progress.files, 0);
    // A new file: only it is read.
    std::fs::copy(
        fixtures().join("eml/html-only.eml"),
        sources.join("html-only.eml"),
    )
    .expect("copy");
    let more = run_ingest(&first, std::slice::from_ref(&sources));
    assert_eq!((more.files_unchanged, more.progress.indexed), (3, 1));
    // A second archive of the same mail has the same ids.
    let second = dir.path().join("second");
    run_ingest(&second, std::slice::from_ref(&sources));
    let ids_of = |path: &Path| {
        ArchiveSearcher::new(Archive::open(path).expect("open"))
            .expect("searcher")
            .all_ids()
            .expect("ids")
    };
    assert_eq!(ids_of(&first), ids_of(&second));
    assert_eq!(ids_of(&first).len(), 4);
}

#[test]
fn another_version_is_refused_with_a_clear_error() {
    let dir = tempfile::tempdir().expect("tempdir");
    let archive = dir.path().join("archive");
    run_ingest(&archive, &[fixtures().join("eml/thread-root.eml")]);
    std::fs::write(
        archive.join(fouille_schema::VERSION_FILE),
        r#"{"format":"fouille-archive","version":999}"#,
    )
    .expect("write");
    let error = Archive::open(&archive).err().expect("refused").to_string();
    assert!(error.contains("version 999"), "{error}");
    assert!(error.contains("re-index"), "{error}");
    let error = Archive::open(dir.path())
        .err()
        .expect("not an archive")
        .to_string();
    assert!(error.contains("no fouille archive"), "{error}");
}

/// Writes an mbox of `count` distinct messages.
fn write_mbox(path: &Path, range: std::ops::Range<usize>) {
    let mut mbox = String::new();
    for n in range {
        mbox.push_str(&format!(
            "From p{n}@example.org Mon Apr  3 10:00:00 2017\nMessage-ID: <m{n}@fouille.test>\nDate: Mon, 3 Apr 2017 10:00:00 +0000\nFrom: p{n}@example.org\nSubject: Note {n}\n\nCorps numéro {n}.\n\n"
        ));
    }
    std::fs::write(path, mbox).expect("write mbox");
}

fn archive_ids(archive: &Path) -> Vec<String> {
    ArchiveSearcher::new(Archive::open(archive).expect("open"))
        .expect("searcher")
        .all_ids()
        .expect("ids")
}

#[test]
fn interrupted_inside_an_mbox_is_finished_by_the_next_run() {
    let dir = tempfile::tempdir().expect("tempdir");
    let mbox = dir.path().join("big.mbox");
    write_mbox(&mbox, 0..3000);
    let archive = dir.path().join("archive");
    let cancel = AtomicBool::new(false);
    let options = IngestOptions {
        threads: 2,
        commit_every: 500,
        ..IngestOptions::default()
    };
    let summary = ingest(
        &archive,
        std::slice::from_ref(&mbox),
        &options,
        &cancel,
        &mut |event| {
            if let fouille_indexer::Event::Progress(progress) = event
                && progress.indexed >= 1000
            {
                cancel.store(true, std::sync::atomic::Ordering::SeqCst);
            }
        },
    )
    .expect("ingest");
    assert!(summary.interrupted);
    assert!(summary.progress.indexed < 3000);
    let again = run_ingest(&archive, std::slice::from_ref(&mbox));
    assert_eq!(
        again.files_unchanged, 0,
        "the interrupted mbox is read again"
    );
    assert_eq!(archive_ids(&archive).len(), 3000);
    assert_eq!(again.progress.duplicates, 0);
    let ledger = Ledger::load(&Archive::open(&archive).unwrap().ledger_path(), u64::MAX).unwrap();
    let entry = &ledger.entries()[0];
    assert_eq!(
        (entry.status, entry.messages, entry.indexed),
        (FileStatus::Indexed, 3000, 3000)
    );
}

#[test]
fn a_changed_mbox_is_read_again_without_false_duplicates() {
    let dir = tempfile::tempdir().expect("tempdir");
    let mbox = dir.path().join("box.mbox");
    write_mbox(&mbox, 0..3);
    let archive = dir.path().join("archive");
    run_ingest(&archive, std::slice::from_ref(&mbox));
    // The first message removed, two appended: positions shift.
    write_mbox(&mbox, 1..6);
    let again = run_ingest(&archive, std::slice::from_ref(&mbox));
    assert_eq!(
        (
            again.progress.indexed,
            again.progress.already,
            again.progress.duplicates
        ),
        (3, 2, 0)
    );
    let searcher = ArchiveSearcher::new(Archive::open(&archive).unwrap()).unwrap();
    for id in searcher.all_ids().unwrap() {
        assert_eq!(
            searcher.summary(&id).unwrap().sources.len(),
            1,
            "one source each"
        );
    }
}

#[test]
fn same_message_id_and_body_is_one_message_even_if_retitled() {
    let dir = tempfile::tempdir().expect("tempdir");
    let sources = dir.path().join("sources");
    std::fs::create_dir_all(&sources).unwrap();
    let original = std::fs::read_to_string(fixtures().join("eml/thread-root.eml")).unwrap();
    std::fs::write(sources.join("a.eml"), &original).unwrap();
    std::fs::write(
        sources.join("b.eml"),
        original.replace("Subject: ", "Subject: [SPAM] "),
    )
    .unwrap();
    let dateless: String = original
        .lines()
        .filter(|line| !line.starts_with("Date:"))
        .map(|line| format!("{line}\n"))
        .collect();
    std::fs::write(sources.join("c.eml"), dateless).unwrap();
    let summary = run_ingest(&dir.path().join("archive"), std::slice::from_ref(&sources));
    assert_eq!(
        (summary.progress.indexed, summary.progress.duplicates),
        (1, 2)
    );
}

#[test]
fn threading_does_not_depend_on_how_many_runs() {
    let dir = tempfile::tempdir().expect("tempdir");
    let mail = |n: u32, day: u32| {
        format!(
            "Message-ID: <weekly-{n}@fouille.test>\nDate: Mon, {day} Apr 2017 10:00:00 +0000\nFrom: a@example.org\nSubject: Weekly meeting\n\nAgenda {n}.\n"
        )
    };
    let first = dir.path().join("first");
    let second = dir.path().join("second");
    std::fs::create_dir_all(&first).unwrap();
    std::fs::create_dir_all(&second).unwrap();
    std::fs::write(first.join("1.eml"), mail(1, 3)).unwrap();
    std::fs::write(second.join("2.eml"), mail(2, 10)).unwrap();
    let threads = |archive: &Path| {
        let searcher = ArchiveSearcher::new(Archive::open(archive).unwrap()).unwrap();
        let response = searcher.search(&SearchRequest::default()).unwrap();
        response
            .hits
            .iter()
            .map(|hit| hit.thread_id.clone())
            .collect::<BTreeSet<_>>()
            .len()
    };
    let one_run = dir.path().join("one");
    run_ingest(&one_run, &[first.clone(), second.clone()]);
    let two_runs = dir.path().join("two");
    run_ingest(&two_runs, std::slice::from_ref(&first));
    run_ingest(&two_runs, std::slice::from_ref(&second));
    assert_eq!(threads(&one_run), 2, "two non-reply mails are two threads");
    assert_eq!(threads(&two_runs), threads(&one_run));
}

#[test]
fn an_archive_whose_creation_was_interrupted_is_created_again() {
    let dir = tempfile::tempdir().expect("tempdir");
    let archive = dir.path().join("archive");
    std::fs::create_dir_all(archive.join("index")).unwrap();
    let summary = run_ingest(&archive, &[fixtures().join("eml/thread-root.eml")]);
    assert_eq!(summary.progress.indexed, 1);
}

#[test]
fn a_writer_error_ends_the_run_instead_of_hanging() {
    let dir = tempfile::tempdir().expect("tempdir");
    let archive = dir.path().join("archive");
    run_ingest(&archive, &[fixtures().join("eml/thread-root.eml")]);
    let ledger = Archive::open(&archive).unwrap().ledger_path();
    std::fs::remove_file(&ledger).unwrap();
    std::os::unix::fs::symlink("/dev/full", &ledger).unwrap();
    let options = IngestOptions {
        threads: 1,
        commit_every: 1,
        ..IngestOptions::default()
    };
    let result = ingest(
        &archive,
        &[fixtures().join("eml")],
        &options,
        &AtomicBool::new(false),
        &mut |_| {},
    );
    let error = result.expect_err("a full disk is an error").to_string();
    assert!(error.contains("ledger"), "{error}");
}
