//! Each kind of leak attachment is read by Fouille's own extractors, with
//! its text and metadata; the corpus does not depend on the thread count;
//! the budget's mean sizes still hold.

use std::collections::BTreeMap;
use std::io::{Cursor, Read as _};
use std::path::Path;

use fouille_extract::{Limits, extract};
use rand::SeedableRng;
use rand_chacha::ChaCha8Rng;

use super::*;
use crate::{Format, Options, Vocabulary, fixture_paths, generate};

fn vocabulary() -> Vocabulary {
    Vocabulary::learn(&fixture_paths(), &fixture_paths(), 1 << 20).unwrap()
}

fn leak() -> Leak {
    let options = LeakOptions {
        size: 200_000,
        attachments: 0.5,
    };
    Leak::new(options, 20, 7, 2).unwrap()
}

fn context(vocabulary: &Vocabulary, language: Language) -> Context<'_> {
    Context {
        writer: Writer::new(vocabulary.chain(language), language),
        language,
        author: "Élise Marchand".to_string(),
        editor: "Paul Girard".to_string(),
        company: "Atlas Conseil",
        timestamp: 1_488_000_000,
        owners: vec!["Marchand", "Girard"],
        revision: 3,
        id: "fouille-synth test/1/0".to_string(),
    }
}

fn member(zip: &[u8], name: &str) -> String {
    let mut archive = zip::ZipArchive::new(Cursor::new(zip)).unwrap();
    let mut text = String::new();
    archive
        .by_name(name)
        .unwrap()
        .read_to_string(&mut text)
        .unwrap();
    text
}

#[test]
fn every_kind_is_read_by_the_extractor_with_its_author() {
    let vocabulary = vocabulary();
    let leak = leak();
    for (seed, language) in [(1, Language::French), (2, Language::English)] {
        let context = context(&vocabulary, language);
        for kind in Kind::ALL {
            let mut rng = ChaCha8Rng::seed_from_u64(seed);
            let made = leak.document(kind, &context, &mut rng).unwrap();
            assert!(
                made.name.ends_with(&format!(".{}", kind.extension()))
                    || (kind == Kind::Jpeg && made.name.ends_with(".JPG"))
            );
            let read = extract(
                &made.bytes,
                &made.name,
                kind.content_type(),
                &Limits::default(),
            )
            .unwrap_or_else(|error| panic!("{kind:?}: {error}"));
            let metadata = read.metadata.clone().unwrap_or_default();
            match kind {
                Kind::Jpeg => assert!(metadata.camera.is_some(), "{metadata:?}"),
                Kind::Zip => assert!(read.entries.len() >= 2, "{:?}", read.skipped),
                _ => {
                    assert!(
                        read.text.split_whitespace().count() > 20,
                        "{kind:?}: {}",
                        read.text
                    );
                    assert_eq!(metadata.authors, ["Élise Marchand"], "{kind:?}");
                }
            }
        }
    }
}

#[test]
fn office_parts_are_where_readers_look() {
    let vocabulary = vocabulary();
    let context = context(&vocabulary, Language::French);
    let mut rng = ChaCha8Rng::seed_from_u64(3);
    let docx = docx::docx(&context, "Note sur la réunion", &mut rng).unwrap();
    assert!(member(&docx, "word/document.xml").contains("<w:t>Note sur la réunion</w:t>"));
    let core = member(&docx, "docProps/core.xml");
    assert!(
        core.contains("<dc:creator>Élise Marchand</dc:creator>"),
        "{core}"
    );
    assert!(core.contains("<cp:lastModifiedBy>Paul Girard</cp:lastModifiedBy>"));
    assert!(member(&docx, "[Content_Types].xml").contains("/word/document.xml"));
    let xlsx = xlsx::xlsx(&context, "Budget", &mut rng).unwrap();
    assert!(member(&xlsx, "xl/sharedStrings.xml").contains("<t>Montant</t>"));
    assert!(member(&xlsx, "xl/worksheets/sheet1.xml").contains("<c r=\"B2\"><v>"));
    let pptx = pptx::pptx(&context, "Stratégie", &mut rng).unwrap();
    assert!(member(&pptx, "ppt/slides/slide1.xml").contains("<a:t>Stratégie</a:t>"));
    assert!(member(&pptx, "ppt/presentation.xml").contains("r:id=\"rId5\""));
}

#[test]
fn a_pdf_has_its_pages_and_their_text() {
    let vocabulary = vocabulary();
    let context = context(&vocabulary, Language::French);
    let mut rng = ChaCha8Rng::seed_from_u64(4);
    let pdf = pdf_document::text_pdf(&context, "Compte rendu", 7, &mut rng).unwrap();
    assert!(pdf.starts_with(b"%PDF-1.4"));
    let raw = String::from_utf8_lossy(&pdf);
    assert_eq!(raw.matches("/Type /Page ").count(), 7);
    assert!(raw.contains("/Count 7 >>"));
    let read = extract(&pdf, "cr.pdf", "application/pdf", &Limits::default()).unwrap();
    assert!(read.text.contains("Compte rendu"), "{}", read.text);
    assert!(read.text.contains("7 / 7"));
    let words = read.text.split_whitespace().count();
    assert!(words > 6 * 300, "{words} words");
}

#[test]
fn photographs_decode_and_differ() {
    let leak = leak();
    let mut rng = ChaCha8Rng::seed_from_u64(5);
    let first = leak.photos.photo(1_488_000_000, "a", &mut rng);
    let mut rng = ChaCha8Rng::seed_from_u64(5);
    let second = leak.photos.photo(1_488_000_000, "b", &mut rng);
    assert_ne!(first, second);
    let image = image::load_from_memory(&first).unwrap();
    let (width, height) = leak.photo_size();
    assert!(
        (image.width(), image.height()) == (width, height)
            || (image.width(), image.height()) == (height, width)
    );
}

#[test]
fn budget_aims_photographs_at_what_is_left() {
    let options = LeakOptions::macron_leaks(72_000);
    let target = budget::photo_target(options, 72_000);
    assert!((500_000..2_000_000).contains(&target), "{target}");
    let tiny = LeakOptions {
        size: 1 << 20,
        attachments: 0.27,
    };
    assert_eq!(budget::photo_target(tiny, 10_000), 20_000);
}

/// Every file under `dir`, by relative path.
fn tree(dir: &Path) -> BTreeMap<String, Vec<u8>> {
    walkdir::WalkDir::new(dir)
        .into_iter()
        .map(|entry| entry.unwrap())
        .filter(|entry| entry.file_type().is_file())
        .map(|entry| {
            let name = entry.path().strip_prefix(dir).unwrap();
            (
                name.display().to_string(),
                std::fs::read(entry.path()).unwrap(),
            )
        })
        .collect()
}

#[test]
fn a_leak_corpus_does_not_depend_on_the_thread_count() {
    let vocabulary = vocabulary();
    let dir = tempfile::tempdir().unwrap();
    let mut summaries = Vec::new();
    for threads in [1, 3] {
        let options = Options {
            out: dir.path().join(threads.to_string()),
            count: 60,
            seed: 11,
            format: Format::Maildir,
            vocabulary: Vec::new(),
            threads,
            leak: Some(LeakOptions {
                size: 3 << 20,
                attachments: 0.5,
            }),
        };
        summaries.push(generate(&options, &vocabulary, &|_| {}).unwrap());
    }
    assert_eq!(summaries[0].attachments, summaries[1].attachments);
    assert!(
        summaries[0].attachments.total() > 20,
        "{:?}",
        summaries[0].attachments
    );
    assert!(tree(&dir.path().join("1")) == tree(&dir.path().join("3")));
}
