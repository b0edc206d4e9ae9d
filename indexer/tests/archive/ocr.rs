//! OCR from indexing to search, on the images `tests/fixtures/ocr/generate.sh`
//! writes: a text PNG in French, a phone photo of a page, a three-page
//! TIFF, an image-only PDF whose word is on page 2, a photograph, a huge
//! image, a truncated one and a bomb (refused while indexing); loose, and attached to two emails
//! (so the letter is there three times and read once). The OCR pass is
//! stopped after its first page and run again: nothing is lost, no page is
//! read twice, no document is doubled. Skipped when Tesseract is missing,
//! unless `FOUILLE_REQUIRE_OCR` is set (CI).

use std::path::{Path, PathBuf};
use std::sync::atomic::{AtomicBool, Ordering};

use fouille_extract::ocr::Tools;
use fouille_indexer::ocr::{OcrOptions, OcrProgress, queue};
use fouille_schema::stored::FileSummary;
use fouille_schema::{Archive, ExtractionOutcome};
use fouille_search::{ArchiveSearcher, Hit, SearchRequest};

use super::{fixtures, run_ingest};

/// The fixtures, indexed loose.
const FILES: &[&str] = &[
    "lettre.png",
    "photo-page.jpg",
    "registre.tif",
    "scan.pdf",
    "paysage.jpg",
    "huge.png",
    "truncated.jpg",
    "bomb.png",
];

/// Tesseract with French and English, or `None` (the test is skipped).
pub(super) fn tools() -> Option<Tools> {
    match Tools::detect("fra+eng") {
        Ok(tools) if tools.pdftoppm.is_some() => Some(tools),
        Ok(_) if std::env::var_os("FOUILLE_REQUIRE_OCR").is_none() => {
            eprintln!("skipped: pdftoppm is not installed");
            None
        }
        Err(missing) if std::env::var_os("FOUILLE_REQUIRE_OCR").is_none() => {
            eprintln!("skipped: {missing}");
            None
        }
        other => panic!("FOUILLE_REQUIRE_OCR is set: {other:?}"),
    }
}

/// A mail from Hugo Perrot carrying `files` of the fixtures.
fn mail(dir: &Path, name: &str, files: &[&str]) -> PathBuf {
    let mut parts = String::new();
    for file in files {
        let bytes = std::fs::read(fixtures().join("ocr").join(file)).expect("fixture");
        let mut lines = Vec::new();
        fouille_extract::mime::base64_lines(&bytes, b"\n", &mut lines);
        parts.push_str(&format!(
            "--b\nContent-Type: application/octet-stream; name=\"{file}\"\n\
             Content-Transfer-Encoding: base64\n\
             Content-Disposition: attachment; filename=\"{file}\"\n\n{}\n",
            String::from_utf8(lines).expect("ascii")
        ));
    }
    let mail = format!(
        "From: Hugo Perrot <hugo.perrot@example.org>\n\
         To: lucie.garnier@example.org\n\
         Subject: Les scans ({name})\n\
         Date: Thu, 04 May 2017 10:00:00 +0200\n\
         Message-ID: <{name}@ocr.fouille.test>\n\
         MIME-Version: 1.0\n\
         Content-Type: multipart/mixed; boundary=\"b\"\n\n\
         --b\nContent-Type: text/plain; charset=utf-8\n\nCi-joint.\n{parts}--b--\n"
    );
    let path = dir.join(format!("{name}.eml"));
    std::fs::write(&path, mail).expect("write mail");
    path
}

fn run(archive: &Path, tools: &Tools, stop_after: Option<u64>) -> OcrProgress {
    let mut options = OcrOptions::new("fra+eng", tools.clone());
    options.threads = 2;
    let cancel = AtomicBool::new(false);
    fouille_indexer::ocr::run(archive, &options, &cancel, &mut |progress| {
        if stop_after.is_some_and(|pages| progress.pages_read >= pages) {
            cancel.store(true, Ordering::Relaxed);
        }
    })
    .expect("ocr pass")
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

fn file_of<'a>(hits: &'a [Hit], name: &str) -> &'a FileSummary {
    hits.iter()
        .filter_map(|hit| hit.file.as_ref())
        .find(|file| file.name == name)
        .unwrap_or_else(|| panic!("{name} not among the hits"))
}

/// Names of the documents a query finds, sorted.
fn names(searcher: &ArchiveSearcher, query: &str) -> Vec<String> {
    let mut names: Vec<String> = hits(searcher, query)
        .into_iter()
        .filter_map(|hit| Some(hit.file?.name))
        .collect();
    names.sort();
    names
}

#[test]
fn images_and_scans_are_read_once_and_a_stopped_pass_resumes() {
    let Some(tools) = tools() else { return };
    let dir = tempfile::tempdir().expect("tempdir");
    let loose = dir.path().join("loose");
    std::fs::create_dir_all(&loose).expect("mkdir");
    for file in FILES {
        std::fs::copy(fixtures().join("ocr").join(file), loose.join(file)).expect("copy");
    }
    let mails = dir.path().join("mails");
    std::fs::create_dir_all(&mails).expect("mkdir");
    mail(&mails, "premier", &["lettre.png", "scan.pdf"]);
    mail(&mails, "second", &["lettre.png"]);
    let archive_dir = dir.path().join("archive");
    run_ingest(&archive_dir, &[loose, mails]);

    // Indexed and searchable at once; the pixels wait.
    let searcher =
        ArchiveSearcher::new(Archive::open(&archive_dir).expect("open")).expect("searcher");
    let waiting = names(&searcher, "extraction:ocr-pending");
    assert_eq!(
        waiting,
        [
            "huge.png",
            "lettre.png",
            "lettre.png",
            "lettre.png",
            "paysage.jpg",
            "photo-page.jpg",
            "registre.tif",
            "scan.pdf",
            "scan.pdf",
            "truncated.jpg"
        ]
    );
    let documents = hits(&searcher, "kind:document OR kind:attachment").len();
    let bomb = file_of(&hits(&searcher, "filename:bomb.png"), "bomb.png").clone();
    assert_eq!(bomb.extraction, ExtractionOutcome::Failed);
    assert!(
        bomb.reason
            .as_deref()
            .unwrap_or_default()
            .contains("decompression bomb"),
        "{bomb:?}"
    );
    assert!(queue::size(&archive_dir) > 0, "attached images are queued");
    // Counted from the index alone: the ten documents, two of them PDFs.
    let archive = Archive::open(&archive_dir).expect("open");
    let index_searcher = archive.reader().expect("reader").searcher();
    assert_eq!(
        fouille_indexer::ocr::plan::waiting_documents(&index_searcher, archive.fields())
            .expect("count"),
        (10, 2)
    );

    // Stopped after its first page, then run again.
    let first = run(&archive_dir, &tools, Some(1));
    assert!(first.interrupted, "{first:?}");
    assert_eq!(first.documents, 10);
    // The letter, the scan and their copies: 7 distinct images and PDFs.
    assert_eq!(first.distinct, 7);
    let pages = first.pages;
    // registre.tif has 3 pages, scan.pdf 2, each other image 1.
    assert_eq!(pages, 3 + 2 + 5);
    let second = run(&archive_dir, &tools, None);
    assert!(!second.interrupted, "{second:?}");
    assert_eq!(
        first.pages_read + second.pages_read,
        pages,
        "each page read once: {first:?} then {second:?}"
    );
    assert_eq!(second.pages_failed, 0, "{second:?}");
    assert_eq!(
        run(&archive_dir, &tools, None).documents,
        0,
        "nothing waits"
    );

    let searcher =
        ArchiveSearcher::new(Archive::open(&archive_dir).expect("open")).expect("searcher");
    assert!(names(&searcher, "extraction:ocr-pending").is_empty());
    assert_eq!(
        hits(&searcher, "kind:document OR kind:attachment").len(),
        documents,
        "nothing doubled"
    );
    assert_eq!(
        queue::size(&archive_dir),
        0,
        "the queue is emptied once committed"
    );

    // French words with their accents, folded like any text.
    for word in ["préfecture", "reçu", "eleve", "façade", "invoice"] {
        assert_eq!(
            names(&searcher, word),
            ["lettre.png", "lettre.png", "lettre.png"],
            "{word}"
        );
    }
    let letter = file_of(&hits(&searcher, "prefecture"), "lettre.png").clone();
    assert_eq!(letter.extraction, ExtractionOutcome::Ocr);
    let ocr = letter.ocr.expect("ocr summary");
    assert_eq!((ocr.pages, ocr.pending.len()), (1, 0));
    assert!(ocr.confidence.unwrap() >= 60, "{ocr:?}");
    // Attachments keep their email's sender and lead to it.
    assert_eq!(
        names(&searcher, "préfecture from:hugo.perrot@example.org").len(),
        2
    );
    assert_eq!(names(&searcher, "échéance montant"), ["photo-page.jpg"]);
    assert_eq!(names(&searcher, "février"), ["registre.tif"]);
    assert_eq!(names(&searcher, "décembre"), ["registre.tif"]);
    let register = file_of(&hits(&searcher, "février"), "registre.tif").clone();
    assert_eq!(register.ocr.expect("ocr").pages, 3);
    // The word of page 2 of the scan, loose and attached.
    assert_eq!(names(&searcher, "confidentiel"), ["scan.pdf", "scan.pdf"]);
    let photo = file_of(&hits(&searcher, "filename:paysage.jpg"), "paysage.jpg").clone();
    assert_eq!(
        (photo.extraction, photo.reason.as_deref()),
        (
            ExtractionOutcome::NoText,
            Some("no rows of letters: a photograph or a drawing")
        )
    );
    // A 300-megapixel plan is read scaled down; a JPEG cut in half, which
    // Tesseract refuses, is read from what the decoder made of it.
    assert_eq!(names(&searcher, "cadastre parcelle"), ["huge.png"]);
    assert_eq!(names(&searcher, "bordereau"), ["truncated.jpg"]);
}
