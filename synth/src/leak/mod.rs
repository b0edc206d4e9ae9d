//! Leak-shaped attachments (`fouille synth --leak`): a corpus shaped like a
//! campaign's leaked mailboxes (#MacronLeaks: some 72,000 emails, 26,500
//! attachments, 9 GB), whose attachments are real files that Fouille's
//! extractors read.
//!
//! A share of the messages (27 % by default) carries one to three
//! attachments, drawn by count as a political campaign's mail holds them:
//!
//! | kind | share | what |
//! |------|------:|------|
//! | PDF  | 35 % | text, 1–30 pages (most 1–3), standard fonts |
//! | DOCX | 20 % | 150–3,500 words |
//! | XLSX | 10 % | a sheet of 20–600 dated amounts |
//! | PPTX |  5 % | 5–25 slides of bullet points |
//! | JPEG | 25 % | phone photographs with Exif, the bulk of the bytes |
//! | ZIP  |  5 % | 2–5 of the documents above |
//!
//! The text is the message's language, from the same learnt vocabulary as
//! the mail, so the words of an attachment are found by a search. Office
//! files carry an author, last editor, company, program and dates. The
//! corpus's size on disk (`--size`) is reached by choosing the photographs'
//! resolution ([`budget`]): documents keep realistic sizes.
//!
//! - [`budget`]: what each kind weighs, and the photographs' size;
//! - [`pdf_document`], [`docx`], [`xlsx`], [`pptx`]: the documents;
//! - [`ooxml`]: the zip and parts every Office file shares;
//! - [`photos`]: the photograph pool and its unique copies;
//! - [`bundle`]: zips of documents.
//!
//! Every attachment is made from a random stream drawn from its message's,
//! so the corpus does not depend on the thread count.

pub mod budget;
pub mod bundle;
pub mod docx;
pub mod ooxml;
pub mod pdf_document;
pub mod photos;
pub mod pptx;
pub mod xlsx;

use rand::{RngExt, SeedableRng};
use rand_chacha::ChaCha8Rng;

use crate::calendar::Local;
use crate::error::Result;
use crate::text::Writer;
use crate::vocabulary::Language;
use bundle::file_stem;
use photos::PhotoPool;

/// A kind of leak attachment.
#[derive(Debug, Clone, Copy, PartialEq, Eq, PartialOrd, Ord, Hash)]
pub enum Kind {
    /// A text PDF.
    Pdf,
    /// A Word document.
    Docx,
    /// An Excel workbook.
    Xlsx,
    /// A PowerPoint presentation.
    Pptx,
    /// A phone photograph.
    Jpeg,
    /// A zip of documents.
    Zip,
}

impl Kind {
    /// Every kind, in [`Kind::index`] order.
    pub const ALL: [Kind; 6] = [
        Kind::Pdf,
        Kind::Docx,
        Kind::Xlsx,
        Kind::Pptx,
        Kind::Jpeg,
        Kind::Zip,
    ];

    /// Its position in [`Kind::ALL`].
    pub fn index(self) -> usize {
        self as usize
    }

    /// Its file name extension, as Fouille's `filetype` facet shows it.
    pub fn extension(self) -> &'static str {
        match self {
            Kind::Pdf => "pdf",
            Kind::Docx => "docx",
            Kind::Xlsx => "xlsx",
            Kind::Pptx => "pptx",
            Kind::Jpeg => "jpg",
            Kind::Zip => "zip",
        }
    }

    /// Its MIME type.
    pub fn content_type(self) -> &'static str {
        match self {
            Kind::Pdf => "application/pdf",
            Kind::Docx => "application/vnd.openxmlformats-officedocument.wordprocessingml.document",
            Kind::Xlsx => "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet",
            Kind::Pptx => {
                "application/vnd.openxmlformats-officedocument.presentationml.presentation"
            }
            Kind::Jpeg => "image/jpeg",
            Kind::Zip => "application/zip",
        }
    }

    /// Its share of the attachments by count, percent.
    pub fn share(self) -> u32 {
        match self {
            Kind::Pdf => 35,
            Kind::Docx => 20,
            Kind::Xlsx => 10,
            Kind::Pptx => 5,
            Kind::Jpeg => 25,
            Kind::Zip => 5,
        }
    }

    fn draw(rng: &mut ChaCha8Rng) -> Kind {
        let mut draw = rng.random_range(0..100);
        for kind in Kind::ALL {
            if draw < kind.share() {
                return kind;
            }
            draw -= kind.share();
        }
        Kind::Pdf
    }
}

/// The shape of a leak.
#[derive(Debug, Clone, Copy, PartialEq)]
pub struct LeakOptions {
    /// The corpus's approximate size on disk, bytes.
    pub size: u64,
    /// Share of the messages that carry attachments.
    pub attachments: f64,
}

impl LeakOptions {
    /// #MacronLeaks' proportions for `count` messages: 9 GB for 72,000
    /// messages, 27 % of them with attachments.
    pub fn macron_leaks(count: u64) -> LeakOptions {
        LeakOptions {
            size: count.saturating_mul(125_000),
            attachments: 0.27,
        }
    }
}

/// Who wrote a document, when, and in which language: from the message
/// that carries it.
#[derive(Debug, Clone)]
pub struct Context<'a> {
    /// Writes the text, in the message's language.
    pub writer: Writer<'a>,
    /// The message's language.
    pub language: Language,
    /// The author (the sender, or someone they forward for).
    pub author: String,
    /// Who saved it last.
    pub editor: String,
    /// The organisation of the author.
    pub company: &'static str,
    /// When the message was sent, Unix seconds; the document is a little
    /// older.
    pub timestamp: i64,
    /// Family names of the people involved, never empty: spreadsheets'
    /// owners.
    pub owners: Vec<&'static str>,
    /// The document's revision number.
    pub revision: u32,
    /// What names the attachment in the corpus: seed, message, number.
    pub id: String,
}

impl Context<'_> {
    /// When the document was saved: the message's time, UTC.
    pub fn local(&self) -> Local {
        Local::utc(self.timestamp - 3_600)
    }

    /// `2017-03-14T09:23:11Z`.
    pub fn iso_date(&self) -> String {
        let local = self.local();
        format!(
            "{:04}-{:02}-{:02}T{:02}:{:02}:{:02}Z",
            local.year, local.month, local.day, local.hour, local.minute, local.second
        )
    }

    /// `D:20170314092311Z`, a PDF date.
    pub fn pdf_date(&self) -> String {
        let local = self.local();
        format!(
            "D:{:04}{:02}{:02}{:02}{:02}{:02}Z",
            local.year, local.month, local.day, local.hour, local.minute, local.second
        )
    }

    /// A document title: a few words of the message's language.
    pub fn title(&self, rng: &mut ChaCha8Rng) -> String {
        let mut title = String::with_capacity(64);
        self.writer
            .fragment(rng.random_range(3..=7), true, rng, &mut title);
        title
    }
}

/// An attachment made.
#[derive(Debug, Clone)]
pub struct Attachment {
    /// What it is.
    pub kind: Kind,
    /// Its file name, ASCII.
    pub name: String,
    /// Its bytes.
    pub bytes: Vec<u8>,
}

/// What is shared by every message of a leak corpus: the attachments'
/// shape and the photograph pool.
#[derive(Debug)]
pub struct Leak {
    options: LeakOptions,
    photos: PhotoPool,
    /// The mean photograph size aimed at, bytes.
    pub photo_target: u64,
}

impl Leak {
    /// The leak of `count` messages shaped by `options`: draws the
    /// photograph pool from `seed` on `threads` threads.
    pub fn new(options: LeakOptions, count: u64, seed: u64, threads: usize) -> Result<Leak> {
        let photo_target = budget::photo_target(options, count);
        let pool = budget::expected_photos(options, count).ceil() as usize;
        let photos = PhotoPool::draw(seed, pool, photo_target, threads)?;
        Ok(Leak {
            options,
            photos,
            photo_target,
        })
    }

    /// The photographs' size, pixels across and down (landscape).
    pub fn photo_size(&self) -> (u32, u32) {
        self.photos.size
    }

    /// How many attachments a message carries: none for most, else one to
    /// three.
    pub fn attachment_count(&self, rng: &mut ChaCha8Rng) -> usize {
        if !rng.random_bool(self.options.attachments.clamp(0.0, 1.0)) {
            return 0;
        }
        match rng.random_range(0..100) {
            0..=73 => 1,
            74..=91 => 2,
            _ => 3,
        }
    }

    /// An attachment of a kind drawn from the mix, made from a random
    /// stream of its own seeded from `rng`.
    pub fn attachment(&self, context: &Context, rng: &mut ChaCha8Rng) -> Result<Attachment> {
        let kind = Kind::draw(rng);
        let mut rng = ChaCha8Rng::seed_from_u64(rng.random());
        self.document(kind, context, &mut rng)
    }

    /// An attachment of `kind`.
    pub fn document(
        &self,
        kind: Kind,
        context: &Context,
        rng: &mut ChaCha8Rng,
    ) -> Result<Attachment> {
        let title = context.title(rng);
        let bytes = match kind {
            Kind::Pdf => {
                let pages = pdf_document::page_count(rng);
                pdf_document::text_pdf(context, &title, pages, rng)?
            }
            Kind::Docx => docx::docx(context, &title, rng)?,
            Kind::Xlsx => xlsx::xlsx(context, &title, rng)?,
            Kind::Pptx => pptx::pptx(context, &title, rng)?,
            Kind::Jpeg => self.photos.photo(context.timestamp, &context.id, rng),
            Kind::Zip => bundle::bundle(self, context, rng)?,
        };
        let name = match kind {
            Kind::Jpeg => format!("IMG_{:04}.JPG", rng.random_range(1..10_000)),
            _ => format!("{}.{}", file_stem(&title), kind.extension()),
        };
        Ok(Attachment { kind, name, bytes })
    }
}

/// Attachments written, by kind.
#[derive(Debug, Clone, Copy, Default, PartialEq, Eq)]
pub struct Tally {
    /// Attachments of each kind, by [`Kind::index`].
    pub count: [u64; 6],
    /// Their bytes (decoded, before base64), by [`Kind::index`].
    pub bytes: [u64; 6],
}

impl Tally {
    /// Counts `attachment`.
    pub fn add(&mut self, kind: Kind, bytes: u64) {
        self.count[kind.index()] += 1;
        self.bytes[kind.index()] += bytes;
    }

    /// Adds every count of `other`.
    pub fn merge(&mut self, other: &Tally) {
        for index in 0..Kind::ALL.len() {
            self.count[index] += other.count[index];
            self.bytes[index] += other.bytes[index];
        }
    }

    /// Attachments in all.
    pub fn total(&self) -> u64 {
        self.count.iter().sum()
    }
}

#[cfg(test)]
mod tests;
