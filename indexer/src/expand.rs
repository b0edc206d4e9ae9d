//! Turning one input item — a message, or a loose file — into every document
//! it holds: the message, its attachments (and the members of attached
//! archives), and the messages it carries (`message/rfc822` parts, Outlook
//! `.msg` attachments, `.eml` files inside zips), recursively and within
//! [`Limits`]. Runs on the parsing threads; the risky extraction itself goes
//! through the [`Extractor`] (a worker process).

use fouille_extract::message::{ParsedMessage, parse_message_tree};
use fouille_extract::ocr::OcrNeed;
use fouille_extract::sanitize::ReaderHtml;
use fouille_extract::worker::Extractor;
use fouille_extract::{
    DocumentFormat, ExtractError, Extraction, Limits, detect_format, extract_safe_text,
    normalize_line_ends,
};
use fouille_schema::DkimOutcome;
use fouille_schema::stored::{DkimReport, DocumentMetadata, OcrSummary, PATH_SEPARATOR};
use fouille_schema::{DocumentKind, ExtractionOutcome};

use crate::dkim::{EmailFacts, KeyRing, Verifier};
use crate::lang::{LanguageDetector, LanguageGuess, UNDETERMINED};

/// One document found in an input item.
#[derive(Debug)]
pub enum Item {
    /// A message: the item itself, or one carried by another.
    Email(Box<EmailItem>),
    /// An attachment or a document.
    File(Box<FileItem>),
}

/// A message and where it was found.
#[derive(Debug)]
pub struct EmailItem {
    /// The raw message.
    pub raw: Vec<u8>,
    /// The parse, or why it failed.
    pub parsed: Result<(ParsedMessage, LanguageGuess), String>,
    /// The message or document that carried it.
    pub parent_id: Option<String>,
    /// Its path inside the carrier (`Fwd.eml`, `dossier.zip › a.eml`).
    pub entry: Option<String>,
    /// What its DKIM signatures say of its bytes.
    pub dkim: DkimReport,
    /// A copy of a message an earlier input item holds (the same id): only
    /// parsed, for its id and Message-ID; its language, DKIM signatures and
    /// attachments were not read, as the copy kept is the earlier one.
    pub copy: bool,
}

/// An attachment or a document, with its extracted text.
#[derive(Debug, Clone)]
pub struct FileItem {
    /// Document id.
    pub id: String,
    /// An attachment or a document.
    pub kind: DocumentKind,
    /// File name (last step of `path`).
    pub name: String,
    /// Path through the containers (`dossier.zip › notes/a.txt`).
    pub path: String,
    /// Declared MIME type (may be empty).
    pub mime: String,
    /// Short file type (`pdf`, `docx`…).
    pub filetype: String,
    /// Size in bytes.
    pub size: u64,
    /// Extracted text.
    pub text: String,
    /// The text was cut at the limit.
    pub truncated: bool,
    /// How extraction went.
    pub extraction: ExtractionOutcome,
    /// Why extraction failed or was refused.
    pub reason: Option<String>,
    /// Language of the text.
    pub language: LanguageGuess,
    /// The email (attachments) or loose archive (members) it came from.
    pub parent_id: Option<String>,
    /// Position of the top attachment in the parent email (download link).
    pub attachment_index: Option<u32>,
    /// The bytes, kept for loose documents (attachments live in their email).
    pub raw: Option<Vec<u8>>,
    /// What the file says about itself (authors, software, dates).
    pub metadata: Option<DocumentMetadata>,
    /// Pages waiting for OCR, or what OCR found.
    pub ocr: Option<OcrSummary>,
    /// The bytes OCR will read, when `raw` does not keep them: the writer
    /// puts them in the archive's OCR queue.
    pub ocr_bytes: Option<Vec<u8>>,
}

/// A file or member that could not be read, for the ledger.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct ExtractFailure {
    /// Path through the containers.
    pub attachment: String,
    /// Why.
    pub reason: String,
}

/// Everything found in one input item: the root first, then what it holds.
#[derive(Debug, Default)]
pub struct Expansion {
    /// Documents, parents before children.
    pub items: Vec<Item>,
    /// Extraction failures and refusals.
    pub failures: Vec<ExtractFailure>,
}

impl Expansion {
    fn refuse(&mut self, attachment: &str, reason: String) {
        self.failures.push(ExtractFailure {
            attachment: attachment.to_string(),
            reason,
        });
    }
}

/// Expands input items; one per parsing thread.
pub struct Expander<'a> {
    /// The extraction runner (worker process).
    pub extractor: Extractor,
    /// Extraction limits.
    pub limits: Limits,
    /// Language detection.
    pub detector: &'a LanguageDetector,
    /// Checks DKIM signatures.
    verifier: Verifier,
    /// Bytes handed to extraction for the current item (all depths).
    spent: u64,
}

/// Where a message sits, and whether its bytes are the original ones.
struct EmailAt<'p> {
    parent_id: Option<&'p str>,
    entry: Option<String>,
    depth: u32,
    rebuilt: bool,
}

/// Where a file sits: under which parent, at which path and depth.
#[derive(Clone)]
struct Place<'p> {
    parent_id: Option<&'p str>,
    kind: DocumentKind,
    path: String,
    attachment_index: Option<u32>,
    depth: u32,
}

impl<'a> Expander<'a> {
    /// An expander running extractions through `extractor`.
    pub fn new(extractor: Extractor, limits: Limits, detector: &'a LanguageDetector) -> Self {
        Expander {
            extractor,
            limits,
            detector,
            verifier: Verifier::new(&KeyRing::default()),
            spent: 0,
        }
    }

    /// The same, checking DKIM signatures against the keys of `ring`.
    pub fn with_keys(mut self, ring: &KeyRing) -> Self {
        self.verifier = Verifier::new(ring);
        self
    }

    /// A message and what it carries; `rebuilt` when its bytes are not the
    /// original ones (written back from Outlook's properties).
    pub fn email(&mut self, raw: Vec<u8>, rebuilt: bool) -> Expansion {
        self.email_unless_copy(raw, rebuilt, &mut |_| false)
    }

    /// The same, unless `is_copy` says, given the message's id, that an
    /// earlier item holds it: then only the parse (see [`EmailItem::copy`]).
    pub fn email_unless_copy(
        &mut self,
        raw: Vec<u8>,
        rebuilt: bool,
        is_copy: &mut dyn FnMut(&str) -> bool,
    ) -> Expansion {
        self.spent = 0;
        let mut out = Expansion::default();
        let email = EmailAt {
            parent_id: None,
            entry: None,
            depth: 0,
            rebuilt,
        };
        self.push_email(raw, email, is_copy, &mut out);
        out
    }

    /// A loose file and what it holds.
    pub fn document(&mut self, bytes: Vec<u8>, name: &str) -> Expansion {
        self.spent = 0;
        let mut out = Expansion::default();
        let place = Place {
            parent_id: None,
            kind: DocumentKind::Document,
            path: name.to_string(),
            attachment_index: None,
            depth: 0,
        };
        self.push_file(bytes, name, "", &place, true, &mut out);
        out
    }

    fn push_email(
        &mut self,
        raw: Vec<u8>,
        at: EmailAt,
        is_copy: &mut dyn FnMut(&str) -> bool,
        out: &mut Expansion,
    ) {
        let EmailAt {
            parent_id,
            entry,
            depth,
            rebuilt,
        } = at;
        // Attachments are read from the parse tree, which borrows `raw`:
        // collect them before `raw` moves into the item.
        let mut carried: Vec<(u32, String, String, Vec<u8>, bool)> = Vec::new();
        let parsed = match parse_message_tree(&raw) {
            Ok((message, _)) if is_copy(&message.id) => {
                out.items.push(Item::Email(Box::new(EmailItem {
                    raw,
                    parsed: Ok((message, LanguageGuess::from_code(UNDETERMINED))),
                    parent_id: parent_id.map(str::to_string),
                    entry,
                    dkim: DkimReport::unsigned(),
                    copy: true,
                })));
                return;
            }
            Ok((message, tree)) => {
                for (n, (part, info)) in tree.attachments().zip(&message.attachments).enumerate() {
                    let (bytes, is_message) = match &part.body {
                        mail_parser::PartType::Message(inner) => {
                            (inner.raw_message().to_vec(), true)
                        }
                        _ => (part.contents().to_vec(), false),
                    };
                    carried.push((
                        n as u32,
                        info.name.clone(),
                        info.mime.clone(),
                        bytes,
                        is_message,
                    ));
                }
                let guess = self.detector.detect(&message.subject, &message.body);
                let mut message = message;
                message.html = self.reader_html(&tree);
                Ok((message, guess))
            }
            Err(failure) => Err(failure.to_string()),
        };
        let id = parsed.as_ref().ok().map(|(message, _)| message.id.clone());
        let dkim = match &parsed {
            Ok(_) if rebuilt => DkimReport {
                outcome: DkimOutcome::Unverifiable,
                signatures: Vec::new(),
                arc: None,
            },
            Ok((message, _)) => self.verify(&raw, message),
            Err(_) => DkimReport::unsigned(),
        };
        out.items.push(Item::Email(Box::new(EmailItem {
            raw,
            parsed,
            parent_id: parent_id.map(str::to_string),
            entry,
            dkim,
            copy: false,
        })));
        let Some(id) = id else {
            return;
        };
        for (index, name, mime, bytes, is_message) in carried {
            if is_message {
                if depth >= self.limits.max_depth {
                    out.refuse(
                        &name,
                        format!(
                            "message nested deeper than {} levels, not read",
                            self.limits.max_depth
                        ),
                    );
                    continue;
                }
                let at = EmailAt {
                    parent_id: Some(&id),
                    entry: Some(name),
                    depth: depth + 1,
                    rebuilt: false,
                };
                self.push_email(bytes, at, &mut |_| false, out);
                continue;
            }
            let place = Place {
                parent_id: Some(&id),
                kind: DocumentKind::Attachment,
                path: name.clone(),
                attachment_index: Some(index),
                depth,
            };
            self.push_file(bytes, &name, &mime, &place, false, out);
        }
    }

    /// What DKIM says of `raw`, parsed as `message`.
    fn verify(&self, raw: &[u8], message: &ParsedMessage) -> DkimReport {
        let from_domain = crate::document::sender_domain(message.from.as_ref());
        let facts = EmailFacts {
            from_domain: from_domain.as_deref(),
            date: message.date,
        };
        self.verifier.verify(raw, &facts)
    }

    /// The HTML body of `tree` made safe for the reader, in the worker.
    fn reader_html(&mut self, tree: &mail_parser::Message) -> ReaderHtml {
        let Some(mail_parser::PartType::Html(html)) =
            tree.html_bodies().next().map(|part| &part.body)
        else {
            return ReaderHtml::None;
        };
        let images: Vec<(String, usize)> = tree
            .attachments()
            .enumerate()
            .filter_map(|(index, part)| {
                let cid = mail_parser::MimeHeaders::content_id(part)?;
                Some((
                    fouille_extract::sanitize::bare_content_id(cid).to_string(),
                    index,
                ))
            })
            .collect();
        match self.extractor.sanitize(html, &images) {
            Ok(clean) => ReaderHtml::Clean(clean),
            Err(reason) => ReaderHtml::Omitted(reason),
        }
    }

    fn push_file(
        &mut self,
        bytes: Vec<u8>,
        name: &str,
        mime: &str,
        place: &Place,
        keep_raw: bool,
        out: &mut Expansion,
    ) {
        self.spent += bytes.len() as u64;
        if place.depth > 0 && self.spent > self.limits.max_unpacked_bytes {
            out.refuse(
                &place.path,
                format!(
                    "more than {} bytes unpacked from one item, not read",
                    self.limits.max_unpacked_bytes
                ),
            );
            return;
        }
        let mut format = detect_format(&bytes, mime, name);
        if format == DocumentFormat::Email
            && place.depth == 0
            && place.kind == DocumentKind::Document
        {
            // A loose file named `.eml` that the mail sniffer refused.
            format = DocumentFormat::Text;
        }
        if format == DocumentFormat::Email {
            self.push_nested_email(bytes, place, false, out);
            return;
        }
        let mut extraction = match self.extract(format, &bytes, name, mime) {
            Ok(extraction) => extraction,
            Err(err) => {
                let (status, reason) = match &err {
                    ExtractError::Unsupported(_) => {
                        (ExtractionOutcome::Unsupported, err.to_string())
                    }
                    _ => {
                        out.refuse(&place.path, err.to_string());
                        (ExtractionOutcome::Failed, err.to_string())
                    }
                };
                let item = self.file_item(&bytes, name, mime, format, place, keep_raw);
                out.items.push(Item::File(Box::new(FileItem {
                    extraction: status,
                    reason: Some(reason),
                    ..item
                })));
                return;
            }
        };
        if let Some(eml) = extraction.email.take() {
            // An Outlook `.msg`, written back as MIME: not the bytes sent.
            self.push_nested_email(eml, place, true, out);
            return;
        }
        if let std::borrow::Cow::Owned(text) = normalize_line_ends(&extraction.text) {
            extraction.text = text;
        }
        let mut item = self.file_item(&bytes, name, mime, format, place, keep_raw);
        item.language = self.detector.detect(name, &extraction.text);
        item.metadata = extraction.metadata.take();
        (item.extraction, item.reason) = outcome(format, &extraction);
        if let Some(OcrNeed::Pages { pages, .. }) = extraction.ocr.take() {
            item.ocr = Some(OcrSummary {
                hash: blake3::hash(&bytes).to_hex()[..32].to_string(),
                pending: pages,
                ..OcrSummary::default()
            });
            if item.raw.is_none() {
                item.ocr_bytes = Some(bytes.clone());
            }
        }
        item.text = std::mem::take(&mut extraction.text);
        item.truncated = extraction.truncated;
        let id = item.id.clone();
        drop(bytes);
        out.items.push(Item::File(Box::new(item)));
        for skipped in extraction.skipped {
            out.refuse(
                &format!("{}{PATH_SEPARATOR}{}", place.path, skipped.name),
                skipped.reason,
            );
        }
        if extraction.entries.is_empty() {
            return;
        }
        self.push_members(extraction.entries, place, id, keep_raw, out);
    }

    /// The text of a file: formats safe to read here, the others through
    /// the extractor (the worker process).
    fn extract(
        &mut self,
        format: DocumentFormat,
        bytes: &[u8],
        name: &str,
        mime: &str,
    ) -> Result<Extraction, ExtractError> {
        match format {
            DocumentFormat::Text
            | DocumentFormat::Csv
            | DocumentFormat::Html
            | DocumentFormat::Calendar
            | DocumentFormat::VCard => extract_safe_text(format, bytes).map(|text| Extraction {
                text: text.text,
                truncated: text.truncated,
                ..Extraction::default()
            }),
            // Audio, video, programs: nothing to read, and nothing worth
            // sending to the worker unless EXIF may say who made it.
            DocumentFormat::Other if !fouille_extract::metadata::may_carry_exif(bytes) => {
                Err(ExtractError::Unsupported("this file type".into()))
            }
            _ => self.extractor.extract(bytes, name, mime, &self.limits),
        }
    }

    /// Expands the members of a container (`id`) found at `place`.
    fn push_members(
        &mut self,
        entries: Vec<fouille_extract::Entry>,
        place: &Place,
        id: String,
        keep_raw: bool,
        out: &mut Expansion,
    ) {
        if place.depth + 1 > self.limits.max_depth {
            out.refuse(
                &place.path,
                format!(
                    "containers nested deeper than {} levels, members not read",
                    self.limits.max_depth
                ),
            );
            return;
        }
        // Members of an attachment stay children of the email, so their hits
        // lead to it; members of a loose archive are children of the archive.
        let parent_id = match place.kind {
            DocumentKind::Attachment => place.parent_id.map(str::to_string),
            _ => Some(id),
        };
        for entry in entries {
            let entry_name = entry
                .name
                .rsplit('/')
                .find(|step| !step.is_empty())
                .unwrap_or(&entry.name)
                .to_string();
            let member = Place {
                parent_id: parent_id.as_deref(),
                kind: place.kind,
                path: format!("{}{PATH_SEPARATOR}{}", place.path, entry.name),
                attachment_index: place.attachment_index,
                depth: place.depth + 1,
            };
            self.push_file(
                entry.bytes,
                &entry_name,
                &entry.mime,
                &member,
                keep_raw,
                out,
            );
        }
    }

    fn push_nested_email(
        &mut self,
        eml: Vec<u8>,
        place: &Place,
        rebuilt: bool,
        out: &mut Expansion,
    ) {
        if place.depth >= self.limits.max_depth {
            out.refuse(
                &place.path,
                format!(
                    "message nested deeper than {} levels, not read",
                    self.limits.max_depth
                ),
            );
            return;
        }
        let entry = (place.parent_id.is_some() || place.depth > 0).then(|| place.path.clone());
        let at = EmailAt {
            parent_id: place.parent_id,
            entry,
            depth: place.depth + 1,
            rebuilt,
        };
        self.push_email(eml, at, &mut |_| false, out);
    }

    fn file_item(
        &self,
        bytes: &[u8],
        name: &str,
        mime: &str,
        format: DocumentFormat,
        place: &Place,
        keep_raw: bool,
    ) -> FileItem {
        let mut hasher = blake3::Hasher::new();
        match place.parent_id {
            // An attachment is this file at this place in this email.
            Some(parent) if place.kind == DocumentKind::Attachment => {
                hasher.update(b"fouille:attachment:1\0");
                hasher.update(parent.as_bytes());
                hasher.update(b"\0");
                hasher.update(place.path.as_bytes());
            }
            // A document is its bytes: the same file found twice is one.
            _ => {
                hasher.update(b"fouille:document:1\0");
                hasher.update(bytes);
            }
        }
        FileItem {
            id: hasher.finalize().to_hex()[..32].to_string(),
            kind: place.kind,
            name: name.to_string(),
            path: place.path.clone(),
            mime: mime.to_string(),
            filetype: filetype(format, name),
            size: bytes.len() as u64,
            text: String::new(),
            truncated: false,
            extraction: ExtractionOutcome::Empty,
            reason: None,
            language: self.detector.detect(name, ""),
            parent_id: place.parent_id.map(str::to_string),
            attachment_index: place.attachment_index,
            raw: keep_raw.then(|| bytes.to_vec()),
            metadata: None,
            ocr: None,
            ocr_bytes: None,
        }
    }
}

/// How extraction went, and why when there is no text to show.
fn outcome(format: DocumentFormat, extraction: &Extraction) -> (ExtractionOutcome, Option<String>) {
    match &extraction.ocr {
        Some(OcrNeed::Pages { .. }) if !extraction.encrypted => {
            return (ExtractionOutcome::OcrPending, None);
        }
        Some(OcrNeed::NoText(reason)) => {
            return (ExtractionOutcome::NoText, Some(reason.clone()));
        }
        _ => {}
    }
    if format == DocumentFormat::Other {
        // An image read for its metadata: still no text reader for it.
        let reason = ExtractError::Unsupported("this file type".into()).to_string();
        (ExtractionOutcome::Unsupported, Some(reason))
    } else if extraction.encrypted {
        (ExtractionOutcome::Encrypted, None)
    } else if extraction.text.trim().is_empty() {
        (ExtractionOutcome::Empty, None)
    } else {
        (ExtractionOutcome::Text, None)
    }
}

/// The file type shown in facets: the extension when it names the format
/// (`docx`, `xls`), else the format's name.
fn filetype(format: DocumentFormat, name: &str) -> String {
    let extension = name
        .rsplit_once('.')
        .map(|(_, ext)| ext.to_ascii_lowercase())
        .unwrap_or_default();
    let fits = match format {
        DocumentFormat::OfficeOpenXml => {
            matches!(
                extension.as_str(),
                "docx" | "xlsx" | "pptx" | "docm" | "xlsm" | "pptm"
            )
        }
        DocumentFormat::OpenDocument => matches!(extension.as_str(), "odt" | "ods" | "odp"),
        DocumentFormat::Ole2 => matches!(extension.as_str(), "doc" | "xls" | "ppt" | "msg"),
        DocumentFormat::Gzip => matches!(extension.as_str(), "tgz" | "gz"),
        DocumentFormat::Text => matches!(extension.as_str(), "txt" | "md" | "log"),
        DocumentFormat::Image => matches!(
            extension.as_str(),
            "png" | "jpg" | "jpeg" | "gif" | "bmp" | "tif" | "tiff" | "webp"
        ),
        _ => false,
    };
    if fits {
        extension
    } else {
        format.name().to_string()
    }
}
