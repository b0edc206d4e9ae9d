//! Criterion benchmarks of the engine's hot paths: parsing a message,
//! detecting its language, analysing its text, the MinHash signature of a
//! long document, and collecting facets.
//!
//! ```sh
//! cargo bench -p fouille-indexer --bench hot_paths            # full run
//! cargo bench -p fouille-indexer --bench hot_paths -- --quick # smoke run
//! ```
//!
//! Inputs are the project's own fixtures (`tests/fixtures`), read once at
//! start; the facet benchmark indexes them into a temporary archive first.

use std::hint::black_box;
use std::path::{Path, PathBuf};
use std::sync::atomic::AtomicBool;

use criterion::{BenchmarkId, Criterion, Throughput, criterion_group, criterion_main};
use fouille_extract::message::{ParsedMessage, parse_message};
use fouille_indexer::lang::{DEFAULT_LANGUAGES, LanguageDetector};
use fouille_indexer::{Archive, IngestOptions, ingest};
use fouille_schema::{Language, analyzer_for, register_analyzers};
use fouille_search::{ArchiveSearcher, SearchRequest};
use tantivy::tokenizer::{TextAnalyzer, TokenizerManager};

/// Mails parsed by the benchmarks: French and English, quoted-printable,
/// base64, 8-bit legacy charsets, HTML-only, multipart.
const EML_FIXTURES: &[&str] = &[
    "eml/fr-elections-qp.eml",
    "eml/fr-cp1252.eml",
    "eml/en-organizers-b64.eml",
    "eml/html-only.eml",
    "eml/multipart-alt.eml",
];

/// Folders indexed for the facet benchmark.
const ARCHIVE_FIXTURES: &[&str] = &["eml", "mbox", "maildir", "enron-style", "demo"];

fn fixtures() -> PathBuf {
    Path::new(env!("CARGO_MANIFEST_DIR")).join("../tests/fixtures")
}

/// The raw fixture mails plus every message of the demo Maildir.
fn raw_messages() -> Vec<(String, Vec<u8>)> {
    let mut messages: Vec<(String, Vec<u8>)> = EML_FIXTURES
        .iter()
        .map(|name| {
            let raw = std::fs::read(fixtures().join(name)).expect("read fixture");
            (name.to_string(), raw)
        })
        .collect();
    let demo = fixtures().join("demo/maildir/cur");
    let mut demo_files: Vec<PathBuf> = std::fs::read_dir(&demo)
        .expect("read demo maildir")
        .map(|entry| entry.expect("demo entry").path())
        .collect();
    demo_files.sort();
    for path in demo_files {
        let raw = std::fs::read(&path).expect("read demo mail");
        messages.push((format!("demo/{}", path.display()), raw));
    }
    messages
}

fn parsed(raw: &[(String, Vec<u8>)]) -> Vec<ParsedMessage> {
    raw.iter()
        .map(|(_, bytes)| parse_message(bytes).expect("fixture parses"))
        .collect()
}

fn bench_parse(c: &mut Criterion) {
    let messages = raw_messages();
    let bytes: usize = messages.iter().map(|(_, raw)| raw.len()).sum();
    let mut group = c.benchmark_group("parse");
    // Each fixture alone, then the whole set as one batch.
    for (name, raw) in messages.iter().take(EML_FIXTURES.len()) {
        group.throughput(Throughput::Bytes(raw.len() as u64));
        group.bench_with_input(BenchmarkId::new("parse_message", name), raw, |b, raw| {
            b.iter(|| parse_message(black_box(raw)))
        });
    }
    group.throughput(Throughput::Elements(messages.len() as u64));
    group.bench_function(
        format!("all_{}_fixtures_{bytes}_bytes", messages.len()),
        |b| {
            b.iter(|| {
                for (_, raw) in &messages {
                    black_box(parse_message(black_box(raw)).ok());
                }
            })
        },
    );
    group.finish();
}

fn bench_language(c: &mut Criterion) {
    let messages = parsed(&raw_messages());
    let languages: Vec<String> = DEFAULT_LANGUAGES.iter().map(|s| s.to_string()).collect();
    let detector = LanguageDetector::new(&languages);
    let mut group = c.benchmark_group("language");
    group.throughput(Throughput::Elements(messages.len() as u64));
    group.bench_function("detect_default_languages", |b| {
        b.iter(|| {
            for message in &messages {
                black_box(detector.detect(black_box(&message.subject), black_box(&message.body)));
            }
        })
    });
    let fr_en = LanguageDetector::new(&["fr".to_string(), "en".to_string()]);
    group.bench_function("detect_fr_en", |b| {
        b.iter(|| {
            for message in &messages {
                black_box(fr_en.detect(black_box(&message.subject), black_box(&message.body)));
            }
        })
    });
    group.finish();
}

/// Counts the tokens `analyzer` makes of `text`.
fn count_tokens(analyzer: &mut TextAnalyzer, text: &str) -> usize {
    let mut stream = analyzer.token_stream(text);
    let mut count = 0;
    while stream.advance() {
        count += 1;
    }
    count
}

fn bench_analysis(c: &mut Criterion) {
    let messages = parsed(&raw_messages());
    // One French and one English body, as the indexer sees them.
    let body_in = |language: Language| {
        let detector = LanguageDetector::new(&["fr".to_string(), "en".to_string()]);
        messages
            .iter()
            .filter(|message| {
                detector.detect(&message.subject, &message.body).code == language.code()
            })
            .max_by_key(|message| message.body.len())
            .map(|message| message.body.clone())
            .expect("a fixture in each language")
    };
    // Analyzers are looked up by name, as the index does.
    let manager = TokenizerManager::default();
    register_analyzers(&manager);
    let mut group = c.benchmark_group("analysis");
    for language in Language::ALL {
        let body = body_in(language);
        for name in [analyzer_for(language), fouille_schema::EXACT_ANALYZER] {
            let mut analyzer = manager.get(name).expect("registered analyzer");
            group.throughput(Throughput::Bytes(body.len() as u64));
            group.bench_with_input(
                BenchmarkId::new(
                    name,
                    format!("{}_body_{}_bytes", language.code(), body.len()),
                ),
                &body,
                |b, body| b.iter(|| count_tokens(&mut analyzer, black_box(body))),
            );
        }
    }
    group.finish();
}

/// Words on a page of a typical report.
const WORDS_PER_PAGE: usize = 500;

/// The signature of a 30-page document (the versions fixture's contract,
/// numbered page by page so that pages differ), as the indexer computes it
/// for every attachment and loose document.
fn bench_similarity(c: &mut Criterion) {
    let contract = std::fs::read_to_string(fixtures().join("versions/contrat-prestation.txt"))
        .expect("versions fixture");
    let page: Vec<&str> = contract.split_whitespace().collect();
    let mut text = String::new();
    for number in 0..30 {
        for word in page.iter().cycle().take(WORDS_PER_PAGE) {
            text.push_str(word);
            text.push(' ');
        }
        text.push_str(&format!("page {number}\n"));
    }
    let words = text.split_whitespace().count();
    let mut group = c.benchmark_group("similarity");
    group.throughput(Throughput::Bytes(text.len() as u64));
    group.bench_function(format!("signature_30_pages_{words}_words"), |b| {
        b.iter(|| fouille_indexer::similarity::signature(black_box(&text)))
    });
    group.finish();
}

fn bench_facets(c: &mut Criterion) {
    let dir = tempfile::tempdir().expect("tempdir");
    let archive_dir = dir.path().join("archive");
    let paths: Vec<PathBuf> = ARCHIVE_FIXTURES
        .iter()
        .map(|name| fixtures().join(name))
        .collect();
    let options = IngestOptions {
        threads: 2,
        ..IngestOptions::default()
    };
    ingest(
        &archive_dir,
        &paths,
        &options,
        &AtomicBool::new(false),
        &mut |_| {},
    )
    .expect("ingest fixtures");
    let searcher =
        ArchiveSearcher::new(Archive::open(&archive_dir).expect("open archive")).expect("searcher");
    let documents = searcher.num_docs();
    let mut group = c.benchmark_group("search");
    group.throughput(Throughput::Elements(documents));
    let every = SearchRequest::default();
    group.bench_function(format!("empty_query_all_facets_{documents}_docs"), |b| {
        b.iter(|| searcher.search(black_box(&every)).expect("search"))
    });
    let words = SearchRequest {
        query: "élection OR organize".to_string(),
        ..SearchRequest::default()
    };
    group.bench_function(format!("two_words_all_facets_{documents}_docs"), |b| {
        b.iter(|| searcher.search(black_box(&words)).expect("search"))
    });
    group.finish();
}

criterion_group!(
    hot_paths,
    bench_parse,
    bench_language,
    bench_analysis,
    bench_similarity,
    bench_facets
);
criterion_main!(hot_paths);
