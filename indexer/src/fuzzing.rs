//! Entry points of the fuzz targets (`fuzz/`) and of the test that replays
//! their committed corpus (`indexer/tests/archive/fuzz_corpus.rs`), so that
//! CI runs exactly what the fuzzer ran, on stable Rust.

use std::path::PathBuf;
use std::sync::OnceLock;

use fouille_extract::Limits;
use fouille_extract::worker::Extractor;

use crate::expand::Expander;
use crate::ingest::examine;
use crate::lang::LanguageDetector;

/// File names the first byte of an ingest input chooses from: detection
/// looks at the name as well as the bytes.
pub const FILE_NAMES: &[&str] = &[
    "message.eml",
    "boite.mbox",
    "notes.txt",
    "rapport.pdf",
    "budget.docx",
    "comptes.xlsx",
    "plan.pptx",
    "lettre.odt",
    "memo.rtf",
    "dossier.zip",
    "sauvegarde.tar.gz",
    "archive.7z",
    "winmail.dat",
    "outlook.msg",
    "page.html",
    "invitation.ics",
    "contact.vcf",
    "table.csv",
    "apple.emlx",
    "ancien.doc",
    "ancien.xls",
    "ancien.ppt",
    "sans-nom",
];

/// Reads `data` as one input file, the way `fouille index` does, with its
/// reader and its parsing stage, all in this process: its first byte picks
/// a name from [`FILE_NAMES`], the rest is the content, written to a file of
/// that name in a scratch directory of this process. Panics only on a bug
/// (the fuzzer's finding).
pub fn ingest_one(data: &[u8]) {
    static DETECTOR: OnceLock<LanguageDetector> = OnceLock::new();
    static SCRATCH: OnceLock<PathBuf> = OnceLock::new();
    let Some((&first, content)) = data.split_first() else {
        return;
    };
    let name = FILE_NAMES[first as usize % FILE_NAMES.len()];
    let detector = DETECTOR.get_or_init(|| {
        LanguageDetector::new(&["fr".to_string(), "en".to_string(), "de".to_string()])
    });
    let scratch = SCRATCH.get_or_init(|| {
        let dir = std::env::temp_dir().join(format!("fouille-fuzz-{}", std::process::id()));
        std::fs::create_dir_all(&dir).expect("scratch directory for fuzz inputs");
        dir
    });
    let path = scratch.join(name);
    std::fs::write(&path, content).expect("write the fuzz input");
    // Tighter than a real run's limits, so that one input stays quick.
    let limits = Limits {
        max_document_bytes: 4 << 20,
        max_text_bytes: 1 << 20,
        max_unpacked_bytes: 16 << 20,
        ..Limits::default()
    };
    let mut expander = Expander::new(Extractor::new(None), limits, detector);
    let mut reader = Extractor::new(None);
    let examined = examine(&path, &mut expander, &mut reader, &limits);
    let _ = std::fs::remove_file(&path);
    assert!(!examined.format.is_empty(), "every file gets a format");
    for expansion in &examined.expansions {
        assert!(
            !expansion.items.is_empty() || !expansion.failures.is_empty(),
            "an expansion holds an item or says why not"
        );
    }
}
