//! OCR: the text of images and of PDF pages without a text layer, read by
//! Debian's Tesseract 5 (a program found at run time, never linked).
//!
//! Indexing only probes ([`probe`]): an image's header gives its size and
//! pages, a PDF's text layer tells which pages are scans, and the document
//! is stored as waiting for OCR ([`OcrNeed`]). The OCR pass then sends each
//! distinct image or PDF, once, as an [`OcrJob`] to the extraction worker,
//! which reads it page by page ([`run`]): a scanned PDF page is rendered by
//! `pdftoppm` ([`render`]); an image that looks like a photograph is
//! skipped after a few milliseconds ([`gate`]) instead of seconds of
//! Tesseract; the rest goes to Tesseract ([`tesseract`]), one thread per
//! run ([`command`]), within the worker's time and memory limits.

mod command;
pub mod gate;
pub mod probe;
mod render;
mod run;
pub mod tesseract;

use std::path::PathBuf;

use serde::{Deserialize, Serialize};

pub use run::run_job;
pub use tesseract::{Missing, PACKAGES, Tools};

/// What OCR reads.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize, Deserialize)]
pub enum OcrInput {
    /// An image; its pages are a TIFF's frames.
    Image,
    /// A PDF; its pages are rendered first.
    Pdf,
}

/// What a document needs from OCR, decided while indexing.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub enum OcrNeed {
    /// These pages (from 1) hold no text a reader could take: OCR them.
    Pages {
        /// An image or a PDF.
        input: OcrInput,
        /// The pages, from 1.
        pages: Vec<u32>,
    },
    /// Nothing to read, and why (an image too small to hold a word).
    NoText(String),
}

/// One document for the OCR pass, sent to the worker.
#[derive(Debug, Clone, Serialize, Deserialize)]
pub struct OcrJob {
    /// The image or the PDF.
    #[serde(with = "serde_bytes")]
    pub bytes: Vec<u8>,
    /// Which of the two.
    pub input: OcrInput,
    /// Pages to read, from 1.
    pub pages: Vec<u32>,
    /// Tesseract's languages (`fra+eng`).
    pub langs: String,
    /// Seconds one page may take (rendering and recognition each).
    pub page_timeout: u64,
    /// The `tesseract` program.
    pub tesseract: PathBuf,
    /// The `pdftoppm` program, for PDFs.
    pub pdftoppm: Option<PathBuf>,
}

/// What OCR made of one page.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
pub enum PageOutcome {
    /// Text was recognised.
    Text {
        /// The text.
        text: String,
        /// Mean word confidence, 0 to 100.
        confidence: f32,
        /// Words recognised.
        words: u32,
    },
    /// No text: a photograph, a drawing, a blank page; and how we know.
    NoText(String),
    /// The page could not be read, and why.
    Failed(String),
}

/// One page's outcome.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
pub struct PageResult {
    /// The page, from 1.
    pub page: u32,
    /// What OCR made of it.
    pub outcome: PageOutcome,
}
