//! PDF text (pdf-extract over lopdf). Encrypted PDFs are marked, not read.
//!
//! lopdf loads the document and, when it is encrypted, tries the empty user
//! password (many PDFs are "encrypted" only to restrict printing or
//! copying). A PDF that needs a real password comes back as
//! [`Extraction::encrypted`] with no text. pdf-extract panics on malformed
//! files by design, so the whole read runs under `catch_unwind` and a panic
//! becomes [`ExtractError::Corrupt`]. The document's metadata (Info and
//! XMP) is read from the same loaded document, under the same guard.

use std::cell::RefCell;
use std::fmt;
use std::panic::{AssertUnwindSafe, catch_unwind};
use std::rc::Rc;

use pdf_extract::{Document, MediaBox, OutputDev, OutputError, Transform};

use super::{ExtractError, Extraction, Limits, truncate_text};
use crate::metadata::DocumentMetadata;
use crate::ocr::{OcrInput, OcrNeed};

/// The text of a PDF.
pub fn extract_pdf(bytes: &[u8], limits: &Limits) -> Result<Extraction, ExtractError> {
    let read = catch_unwind(AssertUnwindSafe(|| read_pdf(bytes, limits)));
    let page_text = match read {
        Ok(result) => result?,
        Err(panic) => return Err(ExtractError::corrupt("pdf", panic_reason(panic.as_ref()))),
    };
    let PdfText::Readable {
        raw,
        cut,
        metadata,
        scanned,
    } = page_text
    else {
        return Ok(Extraction {
            encrypted: true,
            ..Extraction::default()
        });
    };
    let mut text = normalise_whitespace(&raw);
    let truncated = truncate_text(&mut text, limits.max_text_bytes) || cut;
    Ok(Extraction {
        text,
        truncated,
        metadata: metadata.map(|metadata| *metadata),
        ocr: (!scanned.is_empty()).then_some(OcrNeed::Pages {
            input: OcrInput::Pdf,
            pages: scanned,
        }),
        ..Extraction::default()
    })
}

/// What reading a PDF gave.
enum PdfText {
    /// Text as pdf-extract wrote it; `cut` when it was stopped at the cap.
    Readable {
        raw: String,
        cut: bool,
        metadata: Option<Box<DocumentMetadata>>,
        /// Pages with no text layer but an image: scans, for OCR.
        scanned: Vec<u32>,
    },
    /// Encrypted with a password other than the empty one.
    Encrypted,
}

fn read_pdf(bytes: &[u8], limits: &Limits) -> Result<PdfText, ExtractError> {
    let document = match Document::load_mem(bytes) {
        Ok(document) => document,
        // A security handler lopdf does not know (public-key, unknown
        // revision) fails the load; the document is still encrypted, not
        // damaged.
        Err(_) if has_encrypt_entry(bytes) => return Ok(PdfText::Encrypted),
        Err(error) => return Err(ExtractError::corrupt("pdf", error)),
    };
    // lopdf removes /Encrypt from the trailer once the empty password opened
    // the document; it is still there when that password was refused.
    if document.trailer.get(b"Encrypt").is_ok() {
        return Ok(PdfText::Encrypted);
    }
    let metadata = crate::metadata::pdf::read(&document).map(Box::new);
    // Whitespace normalisation shrinks the text; keep some slack before
    // cutting so that the normalised text still fills `max_text_bytes`.
    let capped = SharedText(Rc::new(RefCell::new(CappedText {
        text: String::new(),
        max: limits.max_text_bytes.saturating_mul(2).saturating_add(1024),
        full: false,
    })));
    let mut output = PageBreaks::new(capped.clone());
    let result = pdf_extract::output_doc(&document, &mut output);
    let letters = std::mem::take(&mut output.letters);
    drop(output);
    let CappedText { text, full, .. } = capped.0.take();
    match result {
        Ok(()) => {}
        // The cap stops pdf-extract with a formatting error: the text so far
        // is kept and marked as cut.
        Err(_) if full => {}
        Err(error) => return Err(ExtractError::corrupt("pdf", error)),
    }
    Ok(PdfText::Readable {
        raw: text,
        cut: full,
        metadata,
        scanned: scanned_pages(&document, &letters),
    })
}

/// Pages with fewer letters than this have no text layer worth the name
/// (a page number, a stamp).
const MIN_PAGE_LETTERS: usize = 16;

/// Pages (from 1) whose text layer is empty or nearly so, and which draw
/// an image or a form: scans, whose text OCR can read. `letters` holds the
/// letters pdf-extract found on each page it read.
fn scanned_pages(document: &Document, letters: &[(u32, usize)]) -> Vec<u32> {
    let pages = document.get_pages();
    letters
        .iter()
        .filter(|(_, count)| *count < MIN_PAGE_LETTERS)
        .filter(|(page, _)| {
            pages
                .get(page)
                .is_some_and(|&id| draws_something(document, id))
        })
        .map(|(page, _)| *page)
        .collect()
}

/// True when the page's resources name an XObject (an image, or a form
/// that may hold one).
fn draws_something(document: &Document, page: pdf_extract::ObjectId) -> bool {
    let Ok((direct, inherited)) = document.get_page_resources(page) else {
        return false;
    };
    let dictionaries = direct.into_iter().chain(
        inherited
            .iter()
            .filter_map(|&id| document.get_dictionary(id).ok()),
    );
    for resources in dictionaries {
        let Ok(xobjects) = resources.get(b"XObject") else {
            continue;
        };
        let xobjects = match document.dereference(xobjects) {
            Ok((_, object)) => object.as_dict().ok(),
            Err(_) => None,
        };
        if xobjects.is_some_and(|xobjects| !xobjects.is_empty()) {
            return true;
        }
    }
    false
}

/// True when the trailer (or any dictionary) names an /Encrypt entry.
fn has_encrypt_entry(bytes: &[u8]) -> bool {
    const NEEDLE: &[u8] = b"/Encrypt";
    bytes.windows(NEEDLE.len()).any(|window| window == NEEDLE)
}

/// A panic payload as a short reason.
fn panic_reason(payload: &(dyn std::any::Any + Send)) -> String {
    let message = payload
        .downcast_ref::<&str>()
        .map(|message| message.to_string())
        .or_else(|| payload.downcast_ref::<String>().cloned())
        .unwrap_or_default();
    if message.is_empty() {
        "the pdf reader gave up".to_string()
    } else {
        format!("the pdf reader gave up: {message}")
    }
}

/// A text sink that refuses to grow past `max` bytes, which stops
/// pdf-extract on a document with an enormous amount of text.
#[derive(Default)]
struct CappedText {
    text: String,
    max: usize,
    full: bool,
}

impl fmt::Write for CappedText {
    fn write_str(&mut self, piece: &str) -> fmt::Result {
        if self.text.len() + piece.len() > self.max {
            self.full = true;
            return Err(fmt::Error);
        }
        self.text.push_str(piece);
        Ok(())
    }
}

/// The sink, shared between pdf-extract's text output and [`PageBreaks`].
#[derive(Clone)]
struct SharedText(Rc<RefCell<CappedText>>);

impl fmt::Write for SharedText {
    fn write_str(&mut self, piece: &str) -> fmt::Result {
        self.0.borrow_mut().write_str(piece)
    }
}

/// Words are split where the gap between two glyphs is wider than this
/// fraction of the font size. pdf-extract's own output uses 0.1, which cuts
/// words of kerned text apart ("docum entation"), so a search misses them;
/// an ordinary space is about a quarter of the font size.
const WORD_GAP: f64 = 0.25;

/// Advance of a glyph whose width is unknown, as a fraction of the font size.
const UNKNOWN_ADVANCE: f64 = 0.5;

/// Plain text of the pages, laid out as pdf-extract's plain text output
/// does (new line where the text moves down, space where it jumps right),
/// with a wider word gap and an empty line after each page.
struct PageBreaks {
    text: SharedText,
    /// Letters (not spaces) on each page read: (page from 1, count).
    letters: Vec<(u32, usize)>,
    page_height: f64,
    last_end: f64,
    last_y: f64,
    word_start: bool,
}

impl PageBreaks {
    fn new(text: SharedText) -> PageBreaks {
        PageBreaks {
            text,
            letters: Vec::new(),
            page_height: 0.0,
            last_end: 100_000.0,
            last_y: 0.0,
            word_start: false,
        }
    }

    fn write(&mut self, text: &str) -> Result<(), OutputError> {
        fmt::Write::write_str(&mut self.text, text)?;
        Ok(())
    }
}

impl OutputDev for PageBreaks {
    fn begin_page(
        &mut self,
        page_num: u32,
        media_box: &MediaBox,
        _art_box: Option<(f64, f64, f64, f64)>,
    ) -> Result<(), OutputError> {
        self.page_height = media_box.ury - media_box.lly;
        self.letters.push((page_num, 0));
        Ok(())
    }

    fn end_page(&mut self) -> Result<(), OutputError> {
        self.write("\n\n")
    }

    fn output_character(
        &mut self,
        trm: &Transform,
        width: f64,
        _spacing: f64,
        font_size: f64,
        char: &str,
    ) -> Result<(), OutputError> {
        // The position with the y axis flipped to run down the page.
        let (x, y) = (trm.m31, self.page_height - trm.m32);
        let size_x = font_size * trm.m11 + font_size * trm.m21;
        let size_y = font_size * trm.m12 + font_size * trm.m22;
        let size = (size_x * size_y).abs().sqrt();
        if self.word_start {
            let down = (y - self.last_y).abs();
            if down > size * 1.5 || (x < self.last_end && down > size * 0.5) {
                self.write("\n")?;
            }
            if x > self.last_end + size * WORD_GAP {
                self.write(" ")?;
            }
        }
        self.write(char)?;
        if let Some((_, count)) = self.letters.last_mut() {
            *count += char.chars().filter(|c| !c.is_whitespace()).count();
        }
        self.word_start = false;
        self.last_y = y;
        // Fonts whose widths pdf-extract cannot read give 0: assume an
        // average glyph rather than spacing every letter out.
        let advance = if width > 0.0 { width } else { UNKNOWN_ADVANCE };
        self.last_end = x + advance * size;
        Ok(())
    }

    fn begin_word(&mut self) -> Result<(), OutputError> {
        self.word_start = true;
        Ok(())
    }

    fn end_word(&mut self) -> Result<(), OutputError> {
        Ok(())
    }

    fn end_line(&mut self) -> Result<(), OutputError> {
        Ok(())
    }
}

/// Collapses runs of spaces and tabs into one space, trims each line, keeps
/// line breaks but at most one empty line in a row, and trims the whole.
fn normalise_whitespace(raw: &str) -> String {
    let mut text = String::with_capacity(raw.len());
    let mut empty_lines = 0;
    for line in raw.lines() {
        let mut words = line
            .split([' ', '\t', '\u{a0}'])
            .filter(|word| !word.is_empty());
        let Some(first) = words.next() else {
            empty_lines += 1;
            continue;
        };
        if !text.is_empty() {
            text.push('\n');
            if empty_lines > 0 {
                text.push('\n');
            }
        }
        empty_lines = 0;
        text.push_str(first);
        for word in words {
            text.push(' ');
            text.push_str(word);
        }
    }
    text
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::test_files::{corpus, damaged_variants, fixture};

    #[test]
    fn two_page_fixture_gives_both_pages_in_order() {
        let extraction = extract_pdf(&fixture("rapport.pdf"), &Limits::default()).unwrap();
        assert_eq!(
            extraction.text,
            "Rapport sur le financement de la campagne\n\
             Le mot rare est ampelopsis.\n\n\
             Ceci est la second page.\n\
             Un tamanoir y dort."
        );
        assert!(!extraction.truncated);
        assert!(!extraction.encrypted);
        assert!(extraction.entries.is_empty());
    }

    #[test]
    fn text_is_cut_at_the_limit() {
        let limits = Limits {
            max_text_bytes: 20,
            ..Limits::default()
        };
        let extraction = extract_pdf(&fixture("rapport.pdf"), &limits).unwrap();
        assert_eq!(extraction.text, "Rapport sur le finan");
        assert!(extraction.truncated);
    }

    #[test]
    fn damaged_pdf_is_corrupt() {
        let error = extract_pdf(&fixture("corrompu.pdf"), &Limits::default()).unwrap_err();
        assert!(
            matches!(&error, ExtractError::Corrupt { format, .. } if format == "pdf"),
            "{error:?}"
        );
    }

    #[test]
    fn pdf_with_a_user_password_is_marked_encrypted() {
        let extraction = extract_pdf(&fixture("chiffre.pdf"), &Limits::default()).unwrap();
        assert!(extraction.encrypted);
        assert_eq!(extraction.text, "");
    }

    #[test]
    fn pdf_encrypted_with_the_empty_password_is_read() {
        let extraction = extract_pdf(&fixture("chiffre-vide.pdf"), &Limits::default()).unwrap();
        assert!(!extraction.encrypted);
        assert_eq!(extraction.text, "Le mot lisible est coelacanthe.");
    }

    #[test]
    fn truncated_and_bit_flipped_pdfs_never_panic() {
        for name in [
            "rapport.pdf",
            "chiffre.pdf",
            "chiffre-vide.pdf",
            "corrompu.pdf",
        ] {
            let bytes = fixture(name);
            for variant in damaged_variants(&bytes) {
                // Ok or Err are both fine: only a panic escaping would fail.
                let _ = extract_pdf(&variant, &Limits::default());
            }
        }
    }

    #[test]
    fn corpus_readme_pdf() {
        let Some(bytes) = corpus("attachment-samples/aleph-ingest-file/readme.pdf") else {
            return;
        };
        let extraction = extract_pdf(&bytes, &Limits::default()).unwrap();
        assert!(!extraction.encrypted);
        let text = &extraction.text;
        // Kerned words stay whole (pdf-extract's own output gave
        // "Welcome t o In gestors’s docum entation!").
        assert!(
            text.starts_with("Welcome to Ingestors’s documentation!\n"),
            "{text}"
        );
        assert!(text.contains("\n$ pip install ingestors\n"), "{text}");
        assert!(text.contains("Free software: MIT license"), "{text}");
    }

    #[test]
    fn corpus_two_page_pdf() {
        let Some(bytes) = corpus("attachment-samples/aleph-ingest-file/twopage.pdf") else {
            return;
        };
        let extraction = extract_pdf(&bytes, &Limits::default()).unwrap();
        assert_eq!(extraction.text, "Page one\n\nPage two");
    }

    #[test]
    fn corpus_password_protected_pdf() {
        let Some(bytes) = corpus("attachment-samples/aleph-ingest-file/password-hunter2.pdf")
        else {
            return;
        };
        let extraction = extract_pdf(&bytes, &Limits::default()).unwrap();
        assert!(extraction.encrypted);
        assert_eq!(extraction.text, "");
    }

    #[test]
    fn whitespace_is_collapsed_but_lines_kept() {
        assert_eq!(
            normalise_whitespace("  a   b\t c \n\n\n\nd  \n \ne"),
            "a b c\n\nd\n\ne"
        );
    }
}
