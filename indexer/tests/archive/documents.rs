//! Attachments, forwarded messages, Outlook files and loose documents, on
//! the fixtures of `tests/fixtures/attachments` (mails, written by
//! `make_mails.py`) and `tests/fixtures/documents` (the files themselves).
//! Extraction runs in-process here (no worker binary in library tests); the
//! worker's time and memory limits are tested through the `fouille` binary.

use std::collections::BTreeMap;
use std::path::PathBuf;
use std::sync::OnceLock;
use std::sync::atomic::AtomicBool;

use fouille_extract::Limits;
use fouille_indexer::{Archive, IngestOptions, IngestSummary, ingest};
use fouille_schema::ExtractionOutcome;
use fouille_schema::ledger::{FileStatus, Ledger, LedgerEntry};
use fouille_search::view::Original;
use fouille_search::{ArchiveSearcher, Hit, SearchRequest, SearchResponse};

use super::fixtures;

struct Documents {
    searcher: ArchiveSearcher,
    archive: Archive,
    summary: IngestSummary,
    _dir: tempfile::TempDir,
}

fn paths() -> Vec<PathBuf> {
    vec![fixtures().join("attachments"), fixtures().join("documents")]
}

fn documents() -> &'static Documents {
    static DOCUMENTS: OnceLock<Documents> = OnceLock::new();
    DOCUMENTS.get_or_init(|| {
        let dir = tempfile::tempdir().expect("tempdir");
        let archive_dir = dir.path().join("archive");
        let summary = ingest(
            &archive_dir,
            &paths(),
            &IngestOptions {
                threads: 2,
                ..IngestOptions::default()
            },
            &AtomicBool::new(false),
            &mut |_| {},
        )
        .expect("ingest");
        let archive = Archive::open(&archive_dir).expect("open");
        Documents {
            searcher: ArchiveSearcher::new(archive.clone()).expect("searcher"),
            archive,
            summary,
            _dir: dir,
        }
    })
}

fn search(query: &str) -> SearchResponse {
    documents()
        .searcher
        .search(&SearchRequest {
            query: query.to_string(),
            limit: 100,
            ..SearchRequest::default()
        })
        .expect("search")
}

/// The one hit of `query`.
fn only(query: &str) -> Hit {
    let response = search(query);
    assert_eq!(
        response.hits.len(),
        1,
        "{query}: {:?}",
        response
            .hits
            .iter()
            .map(|hit| (&hit.kind, &hit.subject))
            .collect::<Vec<_>>()
    );
    response.hits.into_iter().next().expect("one hit")
}

fn email_id(message_id: &str) -> String {
    only(&format!("msgid:{message_id}")).id
}

fn ledger() -> BTreeMap<String, LedgerEntry> {
    let archive = &documents().archive;
    let ledger = Ledger::load(
        &archive.ledger_path(),
        archive.committed_ledger_len().unwrap(),
    )
    .expect("ledger");
    ledger
        .entries()
        .iter()
        .map(|entry| {
            let name = std::path::Path::new(&entry.path)
                .file_name()
                .unwrap()
                .to_string_lossy()
                .into_owned();
            (name, entry.clone())
        })
        .collect()
}

#[test]
fn each_attachment_is_found_by_its_words_and_leads_to_its_email() {
    let pieces = email_id("pieces@attachments.fouille.test");
    for (word, name, filetype) in [
        ("quetzalcoatl", "contrat.docx", "docx"),
        ("tamarinier", "budget.xlsx", "xlsx"),
        ("ornithorynque", "présentation.pptx", "pptx"),
        ("mandragore", "note.odt", "odt"),
        ("saxifrage", "lettre.rtf", "rtf"),
        ("ampelopsis", "rapport.pdf", "pdf"),
        ("pangolin", "lisezmoi.txt", "txt"),
    ] {
        // The top attachment (contrat.docx is also inside dossier.zip).
        let hit = search(&format!("{word} kind:attachment"))
            .hits
            .into_iter()
            .find(|hit| {
                hit.file
                    .as_ref()
                    .is_some_and(|file| !file.path.contains(" › "))
            })
            .or_else(|| only(&format!("{word} kind:attachment")).into())
            .unwrap();
        let file = hit.file.as_ref().expect("file summary");
        assert_eq!(file.name, name, "{word}");
        assert_eq!(file.filetype, filetype, "{word}");
        assert_eq!(file.extraction, ExtractionOutcome::Text, "{word}");
        assert_eq!(hit.parent_id.as_deref(), Some(pieces.as_str()), "{word}");
        assert_eq!(
            hit.message_id.as_deref(),
            Some("<pieces@attachments.fouille.test>")
        );
        assert_eq!(file.parent_subject.as_deref(), Some("Pièces du dossier"));
        assert!(hit.snippet.contains("<mark>"), "{word}: {}", hit.snippet);
        // Attachments take their email's sender and date, so filters apply.
        assert_eq!(
            hit.from.address.as_deref(),
            Some("helene.durand@exemple.fr")
        );
        assert!(hit.date.as_deref().unwrap().starts_with("2017-03-14"));
    }
    // A member of an attached zip says where it sits.
    let member = only("pangolin kind:attachment");
    assert_eq!(
        member.file.unwrap().path,
        "dossier.zip › notes/lisezmoi.txt"
    );
    // French stemming and folding reach attachment text too.
    assert!(
        search("campagnes presidentielles kind:attachment")
            .hits
            .iter()
            .any(|hit| hit.subject == "présentation.pptx")
    );
    // The image attachment is a document of its own too: one pixel, which
    // cannot hold a word, so OCR will not be asked to read it.
    let logo = search("filename:logo.png");
    let mut kinds: Vec<&str> = logo.hits.iter().map(|hit| hit.kind.as_str()).collect();
    kinds.sort_unstable();
    assert_eq!(kinds, ["attachment", "email"]);
    let file = logo.hits.iter().find_map(|hit| hit.file.as_ref()).unwrap();
    assert_eq!(
        (file.extraction, file.reason.as_deref()),
        (
            ExtractionOutcome::NoText,
            Some("image of 1×1 pixels, too small to hold text")
        )
    );
}

#[test]
fn the_message_view_lists_each_attachments_text() {
    let pieces = email_id("pieces@attachments.fouille.test");
    let view = documents().searcher.message(&pieces).expect("view");
    let names: Vec<&str> = view.attachments.iter().map(|a| a.name.as_str()).collect();
    assert_eq!(
        names,
        [
            "contrat.docx",
            "budget.xlsx",
            "présentation.pptx",
            "note.odt",
            "lettre.rtf",
            "rapport.pdf",
            "dossier.zip",
            "logo.png"
        ]
    );
    let budget = &view.attachments[1].documents;
    assert_eq!(budget.len(), 1);
    assert!(budget[0].text.contains("tamarinier"));
    let zip: Vec<&str> = view.attachments[6]
        .documents
        .iter()
        .map(|doc| doc.path.as_str())
        .collect();
    assert!(zip.contains(&"dossier.zip"), "{zip:?}");
    assert!(zip.contains(&"dossier.zip › notes/lisezmoi.txt"), "{zip:?}");
    let logo = &view.attachments[7].documents;
    assert_eq!(logo.len(), 1);
    assert_eq!(
        (logo[0].path.as_str(), logo[0].extraction),
        ("logo.png", ExtractionOutcome::NoText)
    );
    // The document view has the whole text and the way back.
    let document = documents()
        .searcher
        .document(&budget[0].id)
        .expect("document");
    assert_eq!(document.parent_id.as_deref(), Some(pieces.as_str()));
    assert_eq!(
        document.original,
        Some(Original::Attachment {
            message: pieces.clone(),
            index: 1
        })
    );
    assert!(document.text.contains("financement occulte"));
    // An attachment is not a message.
    assert!(documents().searcher.message(&budget[0].id).is_err());
}

#[test]
fn forwarded_and_outlook_messages_are_emails_of_their_own() {
    let carrier = email_id("transfert@attachments.fouille.test");
    let inner = only("gypaète kind:email");
    assert_eq!(
        inner.message_id.as_deref(),
        Some("<gypaete@attachments.fouille.test>")
    );
    assert_eq!(inner.parent_id.as_deref(), Some(carrier.as_str()));
    assert_eq!(
        inner.from.address.as_deref(),
        Some("paul.girard@exemple.fr")
    );
    // The forwarded message's own attachment is its child.
    let ods = only("bergamote kind:attachment");
    assert_eq!(ods.parent_id.as_deref(), Some(inner.id.as_str()));
    // The Outlook .msg attached to the same mail is a message too, with its
    // attachment; the same .msg loose in the tree is the same message.
    let capybara = only("\"capybara est arrivé\"");
    assert_eq!(capybara.kind, "email");
    assert_eq!(capybara.subject, "Note sur le capybara");
    assert_eq!(
        capybara.from.address.as_deref(),
        Some("helene.durand@exemple.fr")
    );
    let tapir = only("tapir kind:attachment");
    assert_eq!(tapir.parent_id.as_deref(), Some(capybara.id.as_str()));
    let view = documents().searcher.message(&carrier).expect("view");
    let carried: Vec<&str> = view.carried.iter().map(|m| m.subject.as_str()).collect();
    assert!(carried.contains(&"Comptes du gypaète"), "{carried:?}");
}

#[test]
fn loose_documents_and_archives_are_documents() {
    for (word, name) in [
        ("cormoran", "diaporama.odp"),
        ("axolotl", "axolotl.txt"),
        ("hippocampe", "profond.txt"),
    ] {
        let hits = search(&format!("{word} kind:document")).hits;
        assert!(
            hits.iter().any(|hit| hit.subject == name),
            "{word}: {:?}",
            hits.iter().map(|hit| &hit.subject).collect::<Vec<_>>()
        );
    }
    let member = search("axolotl kind:document")
        .hits
        .into_iter()
        .find(|hit| hit.subject == "axolotl.txt")
        .unwrap();
    let archive = documents()
        .searcher
        .document(member.parent_id.as_deref().expect("member of the tar.gz"))
        .expect("archive document");
    assert_eq!(archive.file.name, "archive.tar.gz");
    assert!(archive.children.contains(&member.id));
    assert_eq!(
        archive.original,
        Some(Original::Document {
            id: archive.id.clone()
        }),
        "loose files are stored"
    );
    let (name, bytes) = documents().searcher.document_raw(&archive.id).expect("raw");
    assert_eq!(name, "archive.tar.gz");
    assert_eq!(
        bytes,
        std::fs::read(fixtures().join("documents/archive.tar.gz")).unwrap()
    );
}

#[test]
fn hostile_attachments_are_refused_with_a_reason_and_the_mail_stays() {
    let mail = only("ibis");
    assert_eq!(mail.kind, "email");
    let ledger = ledger();
    let entry = &ledger["fichiers-abimes.eml"];
    assert_eq!(entry.status, FileStatus::Indexed);
    let reasons: BTreeMap<&str, &str> = entry
        .failures
        .iter()
        .map(|failure| {
            (
                failure.attachment.as_deref().unwrap_or(""),
                failure.reason.as_str(),
            )
        })
        .collect();
    assert!(
        reasons
            .get("bombe.zip › zeros.bin")
            .is_some_and(|reason| reason.contains("ratio")),
        "{reasons:?}"
    );
    assert!(
        reasons
            .get("corrompu.pdf")
            .is_some_and(|reason| reason.contains("corrupt pdf")),
        "{reasons:?}"
    );
    assert_eq!(entry.extraction_failures as usize, entry.failures.len());
    // The small member of the bomb is still read.
    assert_eq!(
        only("lamantin kind:attachment").file.unwrap().path,
        "bombe.zip › ok.txt"
    );
    // Encrypted files are indexed by name and marked.
    let encrypted = search("extraction:encrypted").hits;
    assert!(
        encrypted
            .iter()
            .any(|hit| hit.subject == "chiffre.pdf" && hit.kind == "attachment"),
        "{:?}",
        encrypted.iter().map(|hit| &hit.subject).collect::<Vec<_>>()
    );
    // TNEF: the attachment inside winmail.dat.
    assert!(
        only("okapi kind:attachment")
            .file
            .unwrap()
            .path
            .starts_with("winmail.dat › ")
    );
    // Nested zips within the depth limit are read.
    assert_eq!(
        only("hippocampe kind:attachment").file.unwrap().path,
        "nid.zip › interne.zip › profond.txt"
    );
}

#[test]
fn depth_and_size_limits_refuse_with_a_reason() {
    let dir = tempfile::tempdir().unwrap();
    let archive_dir = dir.path().join("archive");
    let limits = Limits {
        max_depth: 1,
        ..Limits::default()
    };
    ingest(
        &archive_dir,
        &[fixtures().join("attachments/fichiers-abimes.eml")],
        &IngestOptions {
            threads: 1,
            limits,
            ..IngestOptions::default()
        },
        &AtomicBool::new(false),
        &mut |_| {},
    )
    .unwrap();
    let archive = Archive::open(&archive_dir).unwrap();
    let ledger = Ledger::load(
        &archive.ledger_path(),
        archive.committed_ledger_len().unwrap(),
    )
    .unwrap();
    let entry = &ledger.entries()[0];
    assert!(
        entry.failures.iter().any(|failure| {
            failure.attachment.as_deref() == Some("nid.zip › interne.zip")
                && failure.reason.contains("nested deeper than 1")
        }),
        "{:?}",
        entry.failures
    );
}

#[test]
fn facets_and_ledger_cover_documents() {
    let all = search("");
    let kinds: BTreeMap<&str, u64> = all
        .facets
        .kind
        .iter()
        .map(|value| (value.value.as_str(), value.count))
        .collect();
    assert!(kinds["attachment"] > 10 && kinds["document"] > 5 && kinds["email"] >= 5);
    let filetypes: Vec<&str> = all
        .facets
        .filetype
        .iter()
        .map(|v| v.value.as_str())
        .collect();
    for filetype in ["pdf", "docx", "email"] {
        assert!(filetypes.contains(&filetype), "{filetypes:?}");
    }
    assert_eq!(
        search("filetype:pdf")
            .hits
            .iter()
            .filter(|hit| hit.kind == "email")
            .count(),
        0
    );
    // Every file found has a ledger line.
    let ledger = ledger();
    assert_eq!(ledger.len() as u64, documents().summary.files_found);
    assert_eq!(ledger["capybara.msg"].status, FileStatus::Duplicate);
    assert_eq!(ledger["rapport.pdf"].status, FileStatus::Indexed);
    assert_eq!(ledger["rapport.pdf"].format, "pdf");
}
