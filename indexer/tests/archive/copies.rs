//! Copies of one message merged into one document, each keeping its
//! provenance, on the fixtures of `tests/fixtures/copies` (written by
//! `make_copies.py`): two copies with their own Message-IDs and a reply
//! naming the second one; a CRLF and an LF copy with a text attachment.

use std::path::{Path, PathBuf};
use std::sync::OnceLock;

use fouille_indexer::{Archive, IngestOptions, IngestSummary};
use fouille_schema::ledger::Ledger;
use fouille_schema::stored::Source;
use fouille_search::{ArchiveSearcher, Hit, SearchRequest};

use super::{fixtures, run_ingest};

const COPY_A: &str = "<copy-a@fixtures.fouille.test>";
const COPY_B: &str = "<copy-b@fixtures.fouille.test>";
const REPLY: &str = "<reply-to-b@fixtures.fouille.test>";
const LINE_ENDS: &str = "<line-ends@fixtures.fouille.test>";

fn copies_dir() -> PathBuf {
    fixtures().join("copies")
}

struct Copies {
    searcher: ArchiveSearcher,
    summary: IngestSummary,
    _dir: tempfile::TempDir,
}

/// Every fixture of `copies/`, in the walk's order: first/copy-a.eml,
/// line-ends/crlf.eml, line-ends/lf.eml, reply/reply-to-b.eml, then
/// second/copy-b.eml (so the reply comes before the copy it names).
fn copies() -> &'static Copies {
    static COPIES: OnceLock<Copies> = OnceLock::new();
    COPIES.get_or_init(|| {
        let dir = tempfile::tempdir().expect("tempdir");
        let archive = dir.path().join("archive");
        let summary = run_ingest(&archive, &[copies_dir()]);
        Copies {
            searcher: ArchiveSearcher::new(Archive::open(&archive).expect("open"))
                .expect("searcher"),
            summary,
            _dir: dir,
        }
    })
}

fn hits(searcher: &ArchiveSearcher, query: &str) -> Vec<Hit> {
    searcher
        .search(&SearchRequest {
            query: query.to_string(),
            limit: 100,
            ..SearchRequest::default()
        })
        .expect("search")
        .hits
}

/// The one hit of `query`.
fn only(searcher: &ArchiveSearcher, query: &str) -> Hit {
    let mut found = hits(searcher, query);
    assert_eq!(found.len(), 1, "{query}");
    found.remove(0)
}

/// `folder/file` of each source, with the Message-ID it carries.
fn sources_of(searcher: &ArchiveSearcher, id: &str) -> Vec<(String, Option<String>)> {
    let summary = searcher.summary(id).expect("summary");
    summary
        .sources
        .iter()
        .map(|source: &Source| {
            let path = Path::new(&source.path);
            let parent = path.parent().and_then(Path::file_name).unwrap_or_default();
            let name = path.file_name().unwrap_or_default();
            (
                format!("{}/{}", parent.to_string_lossy(), name.to_string_lossy()),
                source.message_id.clone(),
            )
        })
        .collect()
}

#[test]
fn every_copys_message_id_finds_the_one_message() {
    let searcher = &copies().searcher;
    let a = only(searcher, &format!("msgid:{COPY_A}"));
    let b = only(searcher, &format!("msgid:{COPY_B}"));
    assert_eq!(a.id, b.id);
    // Without brackets too, as QUERY.md allows.
    assert_eq!(
        only(searcher, "msgid:copy-b@fixtures.fouille.test").id,
        a.id
    );
    // The stored Message-ID stays the first copy's.
    assert_eq!(b.message_id.as_deref(), Some(COPY_A));
    assert_eq!(hits(searcher, "gazoduc").len(), 1);
}

#[test]
fn each_source_keeps_its_copys_message_id() {
    let searcher = &copies().searcher;
    let id = only(searcher, &format!("msgid:{COPY_A}")).id;
    assert_eq!(
        sources_of(searcher, &id),
        vec![
            ("first/copy-a.eml".to_string(), Some(COPY_A.to_string())),
            ("second/copy-b.eml".to_string(), Some(COPY_B.to_string())),
        ]
    );
    // The message view (the API's sources) says the same.
    let view = searcher.message(&id).expect("view");
    let ids: Vec<Option<&str>> = view
        .sources
        .iter()
        .map(|source| source.message_id.as_deref())
        .collect();
    assert_eq!(ids, vec![Some(COPY_A), Some(COPY_B)]);
    assert_eq!(view.message_id.as_deref(), Some(COPY_A));
    // The bytes kept are the first copy's; the second is marked a copy.
    let copies: Vec<bool> = view.sources.iter().map(|source| source.copy).collect();
    assert_eq!(copies, vec![false, true]);
}

#[test]
fn a_reply_to_a_merged_copy_is_in_its_thread() {
    // The reply was indexed before the copy whose Message-ID it names:
    // its thread was merged into the message's when that copy came.
    let searcher = &copies().searcher;
    let message = only(searcher, &format!("msgid:{COPY_A}"));
    let reply = only(searcher, &format!("msgid:{REPLY}"));
    assert_eq!(reply.thread_id, message.thread_id);
    let thread = searcher.thread(&message.thread_id, 0, 10).expect("thread");
    assert_eq!(thread.total, 2);
    // The reply's attachment moved with it.
    let attachment = only(searcher, "relevemetre kind:attachment");
    assert_eq!(attachment.thread_id, message.thread_id);
    assert_eq!(attachment.parent_id.as_deref(), Some(reply.id.as_str()));
    assert_eq!(
        attachment.from.address.as_deref(),
        Some("frank.dupre@energy.example")
    );
}

#[test]
fn crlf_and_lf_copies_are_one_message_with_two_sources() {
    let searcher = &copies().searcher;
    let hit = only(searcher, &format!("msgid:{LINE_ENDS}"));
    assert_eq!(
        sources_of(searcher, &hit.id),
        vec![
            (
                "line-ends/crlf.eml".to_string(),
                Some(LINE_ENDS.to_string())
            ),
            ("line-ends/lf.eml".to_string(), Some(LINE_ENDS.to_string())),
        ]
    );
    assert_eq!(hits(searcher, "finligne kind:email").len(), 1);
    // copy-b and lf.eml.
    let progress = &copies().summary.progress;
    assert_eq!((progress.indexed, progress.duplicates), (3, 2));
    // The attachment is there once.
    assert_eq!(hits(searcher, "interlignage").len(), 1);
}

#[test]
fn no_text_keeps_a_carriage_return_or_a_space_before_a_line_end() {
    let searcher = &copies().searcher;
    // The copy kept is the CRLF one (crlf.eml comes first).
    let hit = only(searcher, &format!("msgid:{LINE_ENDS}"));
    assert!(
        searcher
            .raw(&hit.id)
            .expect("raw")
            .starts_with(b"Message-ID: <line-ends@fixtures.fouille.test>\r\n")
    );
    let view = searcher.message(&hit.id).expect("view");
    assert_eq!(
        view.text,
        "Paul,\nvoici mes notes de la réunion finligne.\nTrois lignes, trois fins de ligne.\n\nClaire"
    );
    // Each line is a phrase, the line end no part of its last word.
    assert_eq!(hits(searcher, "\"fins de ligne\"").len(), 1);
    let attachment = only(searcher, "interlignage kind:attachment");
    let document = searcher.document(&attachment.id).expect("document");
    assert_eq!(
        document.text,
        "premier point : interlignage\nsecond point : retour chariot"
    );
    for hit in hits(
        searcher,
        "finligne OR interlignage OR gazoduc OR compteur OR relevemetre",
    ) {
        assert!(
            !hit.snippet.contains('\r') && !hit.snippet.contains(" \n"),
            "{:?}",
            hit.snippet
        );
        let text = match hit.kind.as_str() {
            "email" => searcher.message(&hit.id).expect("view").text,
            _ => searcher.document(&hit.id).expect("document").text,
        };
        assert!(!text.contains('\r') && !text.contains(" \n"), "{text:?}");
    }
}

/// The three files of the thread test, to be indexed in a chosen order.
fn thread_files() -> [(&'static str, PathBuf); 3] {
    [
        ("a", copies_dir().join("first/copy-a.eml")),
        ("b", copies_dir().join("second/copy-b.eml")),
        ("r", copies_dir().join("reply/reply-to-b.eml")),
    ]
}

/// Indexes the files named in each run, in the order given, into one
/// archive; answers the thread of the message and of the reply.
fn threads_after(runs: &[&[&str]]) -> (String, String) {
    let dir = tempfile::tempdir().expect("tempdir");
    let archive = dir.path().join("archive");
    for (run, names) in runs.iter().enumerate() {
        let sources = dir.path().join(format!("run-{run}"));
        std::fs::create_dir_all(&sources).expect("mkdir");
        for (position, name) in names.iter().enumerate() {
            let (_, path) = thread_files()
                .into_iter()
                .find(|(file, _)| file == name)
                .expect("known file");
            // The walk goes by name: the position decides the order.
            std::fs::copy(&path, sources.join(format!("{position}-{name}.eml"))).expect("copy");
        }
        run_ingest(&archive, &[sources]);
    }
    let searcher = ArchiveSearcher::new(Archive::open(&archive).expect("open")).expect("searcher");
    // The message, the reply and its attachment.
    assert_eq!(searcher.num_docs(), 3, "{runs:?}");
    let message = only(&searcher, &format!("msgid:{COPY_B}"));
    let reply = only(&searcher, &format!("msgid:{REPLY}"));
    let attachment = only(&searcher, "relevemetre kind:attachment");
    assert_eq!(attachment.thread_id, reply.thread_id, "{runs:?}");
    assert_eq!(
        only(&searcher, &format!("msgid:{COPY_A}")).id,
        message.id,
        "{runs:?}"
    );
    (message.thread_id, reply.thread_id)
}

#[test]
fn the_reply_joins_the_thread_whatever_the_order() {
    for order in [
        ["a", "b", "r"],
        ["a", "r", "b"],
        ["b", "a", "r"],
        ["b", "r", "a"],
        ["r", "a", "b"],
        ["r", "b", "a"],
    ] {
        let (message, reply) = threads_after(&[&order]);
        assert_eq!(message, reply, "{order:?}");
    }
}

#[test]
fn the_reply_joins_the_thread_across_runs() {
    for runs in [
        // The copies first, the reply in a second run: the copy's
        // Message-ID is read back from the archive.
        &[&["a", "b"][..], &["r"][..]][..],
        // The reply and the first copy, then the copy it names.
        &[&["a", "r"][..], &["b"][..]][..],
        &[&["r"][..], &["a"][..], &["b"][..]][..],
        &[&["b"][..], &["a"][..], &["r"][..]][..],
    ] {
        let (message, reply) = threads_after(runs);
        assert_eq!(message, reply, "{runs:?}");
    }
}

/// Each document of an archive (id, kind, thread and sources, by id), its
/// ledger lines, and how many documents were rewritten (deleted, then
/// added again) on the way.
fn contents(archive: &Path) -> (Vec<String>, Vec<String>, u32) {
    let opened = Archive::open(archive).expect("open");
    let searcher = ArchiveSearcher::new(opened.clone()).expect("searcher");
    let mut documents: Vec<String> = hits(&searcher, "")
        .into_iter()
        .map(|hit| {
            let sources = searcher.summary(&hit.id).expect("summary").sources;
            format!("{} {} {} {sources:?}", hit.id, hit.kind, hit.thread_id)
        })
        .collect();
    documents.sort();
    let ledger = Ledger::load(
        &opened.ledger_path(),
        opened.committed_ledger_len().expect("ledger length"),
    )
    .expect("ledger")
    .entries()
    .iter()
    .map(|entry| format!("{entry:?}"))
    .collect();
    let rewritten = opened
        .reader()
        .expect("reader")
        .searcher()
        .segment_readers()
        .iter()
        .map(|segment| segment.num_deleted_docs())
        .sum();
    (documents, ledger, rewritten)
}

#[test]
fn copies_held_or_indexed_give_the_same_archive() {
    // Held, a copy found soon after its message joins it before it is
    // indexed; with no hold, the commit rewrites the message. Both paths
    // on every fixture: maildir and eml copies, copies within one mbox.
    let dir = tempfile::tempdir().expect("tempdir");
    let mut inputs = super::fixture_paths();
    inputs.push(copies_dir());
    let mut seen = Vec::new();
    for hold_documents in [0, IngestOptions::default().hold_documents] {
        let archive = dir.path().join(format!("hold-{hold_documents}"));
        let summary = super::run_ingest_with(
            &archive,
            &inputs,
            IngestOptions {
                hold_documents,
                ..IngestOptions::default()
            },
        );
        let progress = &summary.progress;
        seen.push((
            contents(&archive),
            (progress.indexed, progress.duplicates, progress.documents),
        ));
    }
    let [(unheld, unheld_counts), (held, held_counts)] = &seen[..] else {
        unreachable!("two runs")
    };
    assert_eq!(unheld.0, held.0);
    assert_eq!(unheld.1, held.1);
    assert_eq!(unheld_counts, held_counts);
    // Without the hold, the three messages with copies are indexed again
    // at the commit; with it, only the reply and its attachment are, moved
    // to the thread of the copy they name.
    assert_eq!((unheld.2, held.2), (5, 2));
}

#[test]
fn a_copy_of_a_copy_is_a_copy_whatever_the_parsing_order() {
    // The list's copy differs from the direct one by its subject (another
    // id) and is a copy by Message-ID and body; a re-export of the list's
    // copy has another Message-ID but the list copy's id: a copy too.
    let dir = tempfile::tempdir().expect("tempdir");
    let sources = dir.path().join("sources");
    std::fs::create_dir_all(&sources).expect("mkdir");
    let direct =
        std::fs::read_to_string(super::fixtures().join("eml/thread-root.eml")).expect("read");
    let listed = direct.replace("Subject: Budget 2018", "Subject: [equipe] Budget 2018");
    let exported = listed.replace("<thread-root@", "<re-exported@");
    for (name, text) in [
        ("1-direct", &direct),
        ("2-list", &listed),
        ("3-export", &exported),
    ] {
        std::fs::write(sources.join(format!("{name}.eml")), text).expect("write");
    }
    let archive = dir.path().join("archive");
    let summary = super::run_ingest(&archive, std::slice::from_ref(&sources));
    let progress = &summary.progress;
    assert_eq!(
        (progress.indexed, progress.duplicates, progress.failed),
        (1, 2, 0)
    );
    let searcher = ArchiveSearcher::new(Archive::open(&archive).expect("open")).expect("searcher");
    let hit = only(&searcher, "threadrootword");
    let names: Vec<String> = sources_of(&searcher, &hit.id)
        .into_iter()
        .map(|(path, _)| path)
        .collect();
    assert_eq!(
        names,
        [
            "sources/1-direct.eml",
            "sources/2-list.eml",
            "sources/3-export.eml"
        ]
    );
}

#[test]
fn a_copys_attachment_failures_are_its_first_copys() {
    // Two copies of a mail whose attachments fail: the failures are listed
    // once, in the line of the file kept, however the parsers raced.
    let dir = tempfile::tempdir().expect("tempdir");
    let sources = dir.path().join("sources");
    let original = super::fixtures().join("attachments/fichiers-abimes.eml");
    for folder in ["a", "b"] {
        std::fs::create_dir_all(sources.join(folder)).expect("mkdir");
        std::fs::copy(&original, sources.join(folder).join("fichiers.eml")).expect("copy");
    }
    let archive = dir.path().join("archive");
    super::run_ingest(&archive, std::slice::from_ref(&sources));
    let opened = Archive::open(&archive).expect("open");
    let ledger = Ledger::load(
        &opened.ledger_path(),
        opened.committed_ledger_len().expect("ledger length"),
    )
    .expect("ledger");
    let lines: Vec<(u32, u32, u32)> = ledger
        .entries()
        .iter()
        .map(|entry| (entry.indexed, entry.duplicates, entry.extraction_failures))
        .collect();
    let failures = lines[0].2;
    assert!(failures >= 2, "{lines:?}");
    assert_eq!(lines, [(1, 0, failures), (0, 1, 0)]);
}
