//! Document metadata from extraction to search: the documents of
//! `tests/fixtures/metadata` (listed in `extract/examples/make_metadata_fixtures.rs`)
//! indexed as loose files, and
//! a mail written here that carries the photo and a picture without EXIF.
//! `author:` and `software:` in the query language, their facets and
//! filters, `file.metadata` in hits, the document view and the message
//! view, and hostile values cut and cleaned.

use std::collections::BTreeSet;
use std::path::PathBuf;
use std::sync::OnceLock;

use fouille_schema::ExtractionOutcome;
use fouille_schema::stored::DocumentMetadata;
use fouille_search::{ArchiveSearcher, Filters, Hit, SearchRequest, SearchResponse};

use super::{fixtures, run_ingest};

/// The documents of `tests/fixtures/metadata`.
const FILES: &[&str] = &[
    "rapport-commission.pdf",
    "convention.docx",
    "tableau-dons.xlsx",
    "proces-verbal.odt",
    "memo-ministere.doc",
    "lettre-mairie.rtf",
    "photo-meeting.jpg",
    "piege-metadonnees.docx",
];

struct Indexed {
    searcher: ArchiveSearcher,
    _dir: tempfile::TempDir,
}

/// A mail carrying `photo-meeting.jpg` and a PNG, written beside the
/// archive.
fn mail_with_photo(dir: &std::path::Path) -> PathBuf {
    let photo = std::fs::read(fixtures().join("metadata/photo-meeting.jpg")).expect("photo");
    let encode = |bytes: &[u8]| {
        let mut lines = Vec::new();
        fouille_extract::mime::base64_lines(bytes, b"\n", &mut lines);
        String::from_utf8(lines).expect("base64 is ascii")
    };
    let mail = format!(
        "From: Hugo Perrot <hugo.perrot@example.org>\n\
         To: lucie.garnier@example.org\n\
         Subject: Photos de la réunion\n\
         Date: Thu, 04 May 2017 10:00:00 +0200\n\
         Message-ID: <photo-meta@fixtures.fouille.test>\n\
         MIME-Version: 1.0\n\
         Content-Type: multipart/mixed; boundary=\"b\"\n\n\
         --b\nContent-Type: text/plain; charset=utf-8\n\nLa photo, et le logo.\n\
         --b\nContent-Type: image/jpeg; name=\"reunion.jpg\"\nContent-Transfer-Encoding: base64\n\
         Content-Disposition: attachment; filename=\"reunion.jpg\"\n\n{}\n\
         --b\nContent-Type: image/png; name=\"logo.png\"\nContent-Transfer-Encoding: base64\n\
         Content-Disposition: attachment; filename=\"logo.png\"\n\n{}\n\
         --b--\n",
        encode(&photo),
        encode(b"\x89PNG\r\n\x1a\n\0\0\0\rIHDR\0\0\0\x01\0\0\0\x01\x08\x06\0\0\0"),
    );
    let mails = dir.join("mails");
    std::fs::create_dir_all(&mails).expect("mail dir");
    std::fs::write(mails.join("photos.eml"), mail).expect("mail");
    mails
}

fn indexed() -> &'static Indexed {
    static INDEXED: OnceLock<Indexed> = OnceLock::new();
    INDEXED.get_or_init(|| {
        let dir = tempfile::tempdir().expect("tempdir");
        let mails = mail_with_photo(dir.path());
        let archive_dir = dir.path().join("archive");
        let mut paths: Vec<PathBuf> = FILES
            .iter()
            .map(|name| fixtures().join("metadata").join(name))
            .collect();
        paths.push(mails);
        run_ingest(&archive_dir, &paths);
        let archive = fouille_indexer::Archive::open(&archive_dir).expect("open");
        Indexed {
            searcher: ArchiveSearcher::new(archive).expect("searcher"),
            _dir: dir,
        }
    })
}

fn request(query: &str, filters: Filters) -> SearchResponse {
    indexed()
        .searcher
        .search(&SearchRequest {
            query: query.to_string(),
            filters,
            limit: 100,
            ..SearchRequest::default()
        })
        .expect("search")
}

fn search(query: &str) -> SearchResponse {
    request(query, Filters::default())
}

/// The file names of the hits of `query`.
fn names(query: &str) -> BTreeSet<String> {
    names_of(&search(query).hits)
}

fn names_of(hits: &[Hit]) -> BTreeSet<String> {
    hits.iter()
        .map(|hit| {
            hit.file
                .as_ref()
                .map_or("(email)", |file| &file.name)
                .to_string()
        })
        .collect()
}

fn set(names: &[&str]) -> BTreeSet<String> {
    names.iter().map(|name| name.to_string()).collect()
}

/// The one hit of `query`.
fn only(query: &str) -> Hit {
    let hits = search(query).hits;
    assert_eq!(hits.len(), 1, "{query}: {:?}", names_of(&hits));
    hits.into_iter().next().expect("one hit")
}

#[test]
fn author_finds_cyrillic_names_as_written() {
    let petrov = set(&["memo-ministere.doc", "tableau-dons.xlsx"]);
    assert_eq!(names("author:Петров"), petrov);
    assert_eq!(names("author:петров"), petrov);
    assert_eq!(names("author:\"Георгий Петров\""), petrov);
    // Cyrillic is not transliterated.
    assert_eq!(names("author:petrov"), set(&[]));
    // A legacy .doc in windows-1251: its author too.
    assert_eq!(names("author:Иванова"), set(&["memo-ministere.doc"]));
    assert_eq!(names("author:ivanova"), set(&["tableau-dons.xlsx"]));
}

#[test]
fn author_folds_accents_and_case() {
    // Zoé Durand: PDF author, docx last editor.
    let zoe = set(&["convention.docx", "rapport-commission.pdf"]);
    assert_eq!(names("author:zoe"), zoe);
    assert_eq!(names("author:Zoé"), zoe);
    assert_eq!(names("auteur:ZOE"), zoe);
    assert_eq!(names("author:lefevre"), set(&["convention.docx"]));
    // XMP's second creator; RTF author and operator; ODF initial creator
    // and last editor; EXIF artist (the photo, loose and attached).
    assert_eq!(names("author:lefebvre"), set(&["rapport-commission.pdf"]));
    assert_eq!(names("author:francois"), set(&["lettre-mairie.rtf"]));
    assert_eq!(names("author:moreau"), set(&["lettre-mairie.rtf"]));
    assert_eq!(
        names("author:\"helene marchal\""),
        set(&["proces-verbal.odt"])
    );
    assert_eq!(names("author:girard"), set(&["proces-verbal.odt"]));
    assert_eq!(
        names("author:perrot"),
        set(&["photo-meeting.jpg", "reunion.jpg"])
    );
    // The body does not answer author: and the other way round.
    assert_eq!(names("author:bathyscaphe"), set(&[]));
    assert_eq!(names("petrov"), set(&[]));
}

#[test]
fn software_finds_applications_producers_generators_and_cameras() {
    assert_eq!(
        names("software:word"),
        set(&[
            "convention.docx",
            "memo-ministere.doc",
            "rapport-commission.pdf"
        ])
    );
    assert_eq!(names("logiciel:excel"), set(&["tableau-dons.xlsx"]));
    assert_eq!(names("software:pdfmaker"), set(&["rapport-commission.pdf"]));
    assert_eq!(names("software:libreoffice"), set(&["proces-verbal.odt"]));
    assert_eq!(names("software:riched20"), set(&["lettre-mairie.rtf"]));
    assert_eq!(
        names("software:\"canon eos 5d\""),
        set(&["photo-meeting.jpg", "reunion.jpg"])
    );
    assert_eq!(
        names("software:photoshop"),
        set(&["photo-meeting.jpg", "reunion.jpg"])
    );
}

#[test]
fn facets_count_people_and_software_as_written() {
    let facets = indexed()
        .searcher
        .search(&SearchRequest {
            facet_size: 50,
            ..SearchRequest::default()
        })
        .expect("search")
        .facets;
    let count = |values: &[fouille_search::FacetValue], wanted: &str| {
        values
            .iter()
            .find(|value| value.value == wanted)
            .map_or(0, |value| value.count)
    };
    assert_eq!(count(&facets.author, "Георгий Петров"), 2);
    assert_eq!(count(&facets.author, "Zoé Durand"), 2);
    assert_eq!(count(&facets.author, "Hugo Perrot"), 2);
    assert_eq!(count(&facets.author, "Анна Иванова"), 1);
    assert_eq!(count(&facets.software, "Microsoft Office Word"), 2);
    assert_eq!(count(&facets.software, "Canon EOS 5D Mark III"), 2);
    assert_eq!(count(&facets.software, "Microsoft® Word 2016"), 1);
    // The exact filters use the same values.
    let filtered = request(
        "",
        Filters {
            author: vec!["Георгий Петров".into()],
            ..Filters::default()
        },
    );
    assert_eq!(
        names_of(&filtered.hits),
        set(&["memo-ministere.doc", "tableau-dons.xlsx"])
    );
    let filtered = request(
        "",
        Filters {
            software: vec!["Microsoft Excel".into()],
            ..Filters::default()
        },
    );
    assert_eq!(names_of(&filtered.hits), set(&["tableau-dons.xlsx"]));
}

#[test]
fn hits_and_document_view_carry_the_metadata() {
    let hit = only("ptarmigan");
    let expected = DocumentMetadata {
        authors: vec!["Anna Ivanova".into()],
        last_editor: Some("Георгий Петров".into()),
        software: vec!["Microsoft Excel".into()],
        company: Some("En Marche".into()),
        created: Some("2017-04-27T09:01:00Z".into()),
        modified: Some("2017-05-03T11:47:00Z".into()),
        ..DocumentMetadata::default()
    };
    let file = hit.file.as_ref().expect("file");
    assert_eq!(file.metadata.as_ref(), Some(&expected));
    let document = indexed().searcher.document(&hit.id).expect("document");
    assert_eq!(document.file.metadata.as_ref(), Some(&expected));
    // As the API writes it: empty values left out.
    let json = serde_json::to_value(&document.file).expect("json");
    assert_eq!(
        json["metadata"],
        serde_json::json!({
            "authors": ["Anna Ivanova"],
            "last_editor": "Георгий Петров",
            "software": ["Microsoft Excel"],
            "company": "En Marche",
            "created": "2017-04-27T09:01:00Z",
            "modified": "2017-05-03T11:47:00Z",
        })
    );
    // A document without metadata has no `metadata` key.
    let email = only("msgid:<photo-meta@fixtures.fouille.test>");
    assert!(email.file.is_none());
}

#[test]
fn photos_give_metadata_loose_and_attached() {
    let loose = only("software:canon kind:document");
    let file = loose.file.as_ref().expect("file");
    assert_eq!(file.name, "photo-meeting.jpg");
    // Indexed without OCR: it waits for it, metadata already read.
    assert_eq!(file.extraction, ExtractionOutcome::OcrPending);
    let metadata = file.metadata.as_ref().expect("metadata");
    assert_eq!(metadata.camera.as_deref(), Some("Canon EOS 5D Mark III"));
    assert_eq!(
        metadata.created.as_deref(),
        Some("2017-05-03T10:15:00+02:00")
    );
    // In the mail, the photo is listed with its metadata; the PNG, which
    // has none, is a document without it.
    let email = only("msgid:<photo-meta@fixtures.fouille.test>");
    let view = indexed().searcher.message(&email.id).expect("view");
    let names: Vec<&str> = view.attachments.iter().map(|a| a.name.as_str()).collect();
    assert_eq!(names, ["reunion.jpg", "logo.png"]);
    let photo = &view.attachments[0].documents;
    assert_eq!(photo.len(), 1);
    assert_eq!(photo[0].metadata.as_ref(), Some(metadata));
    let logo = &view.attachments[1].documents;
    assert_eq!(logo.len(), 1);
    assert_eq!(logo[0].metadata, None);
    assert_eq!(
        names_of(&search("filename:logo.png").hits),
        set(&["(email)", "logo.png"])
    );
}

#[test]
fn hostile_metadata_is_cut_and_cleaned_and_the_run_goes_on() {
    let hit = only("pyrolyse");
    let file = hit.file.as_ref().expect("file");
    assert_eq!(file.extraction, ExtractionOutcome::Text);
    let metadata = file.metadata.as_ref().expect("metadata");
    // A megabyte title: 512 characters and an ellipsis.
    let title = metadata.title.as_deref().expect("title");
    assert_eq!(title, format!("{}…", "Ω".repeat(512)));
    // No bidi override, isolate, zero-width or control character is left.
    assert_eq!(metadata.authors, ["Facture fdp.exe [31m"]);
    assert_eq!(metadata.last_editor.as_deref(), Some("Mallory"));
    assert_eq!(metadata.software, ["PiègeWriter"]);
    assert_eq!(names("author:mallory"), set(&["piege-metadonnees.docx"]));
    // The stored document stays small.
    let document = indexed().searcher.document(&hit.id).expect("document");
    let json = serde_json::to_string(&document.file).expect("json");
    assert!(json.len() < 3_000, "{} bytes", json.len());
    assert!(document.text.len() < 2_000, "{} bytes", document.text.len());
    assert!(!json.contains('\u{202E}') && !document.text.contains('\u{202E}'));
}
