//! What the archive stores beside the indexed text, as JSON in each
//! document's `summary` field: where a message was found, its addresses and
//! attachments, and for an attachment or document what it is. The indexer
//! writes these; the read path deserializes them.

use serde::{Deserialize, Serialize};

use crate::kind::{DkimOutcome, ExtractionOutcome};

/// Between the levels of a path through containers (`dossier.zip › a.pdf`).
pub const PATH_SEPARATOR: &str = " › ";

/// Where a message was found.
#[derive(Debug, Clone, PartialEq, Eq, PartialOrd, Ord, Serialize, Deserialize)]
#[cfg_attr(feature = "openapi", derive(utoipa::ToSchema))]
pub struct Source {
    /// Path of the file.
    pub path: String,
    /// Position of the message in an mbox (from 1); 0 for a file that is one
    /// message.
    #[serde(default, skip_serializing_if = "is_zero")]
    pub part: u32,
    /// Folder or mailbox.
    pub folder: String,
    /// For a message carried by another or found in an archive: its path
    /// inside the carrier (`Fwd.eml`, `dossier.zip › a.eml`).
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub entry: Option<String>,
    /// For a message: the Message-ID this copy carries, as written. Copies
    /// of one message merged into one document may each carry their own
    /// (the Enron export gave every folder's copy a new one).
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub message_id: Option<String>,
    /// A copy found after the one whose bytes the archive keeps (counted as
    /// a duplicate in its file's ledger line).
    #[serde(default, skip_serializing_if = "is_false")]
    pub copy: bool,
}

fn is_zero(part: &u32) -> bool {
    *part == 0
}

fn is_false(flag: &bool) -> bool {
    !*flag
}

impl Source {
    /// `path`, or `path#n` for the n-th message of an mbox, then
    /// ` › entry` inside a carrier.
    pub fn location(&self) -> String {
        let mut location = if self.part == 0 {
            self.path.clone()
        } else {
            format!("{}#{}", self.path, self.part)
        };
        if let Some(entry) = &self.entry {
            location.push_str(PATH_SEPARATOR);
            location.push_str(entry);
        }
        location
    }

    /// The Message-ID of this copy without its angle brackets, as
    /// `msgid:` and threading compare them.
    pub fn message_id_key(&self) -> Option<&str> {
        let key = self
            .message_id
            .as_deref()?
            .trim()
            .trim_start_matches('<')
            .trim_end_matches('>')
            .trim();
        (!key.is_empty()).then_some(key)
    }
}

/// The stored JSON summary of a message: what a hit shows beyond the plain
/// stored fields.
#[derive(Debug, Clone, Default, Serialize, Deserialize)]
pub struct StoredSummary {
    /// Sender.
    #[serde(default)]
    pub from: Option<Mailbox>,
    /// To.
    #[serde(default)]
    pub to: Vec<Mailbox>,
    /// Cc.
    #[serde(default)]
    pub cc: Vec<Mailbox>,
    /// Bcc.
    #[serde(default)]
    pub bcc: Vec<Mailbox>,
    /// Attachments.
    #[serde(default)]
    pub attachments: Vec<AttachmentInfo>,
    /// Every place the message was found.
    #[serde(default)]
    pub sources: Vec<Source>,
    /// Referenced ids, for the thread view.
    #[serde(default)]
    pub references: Vec<String>,
    /// For an attachment or a document: what it is.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub file: Option<FileSummary>,
    /// For an email whose HTML body is not shown: why.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub html_omitted: Option<String>,
    /// For an email: what its DKIM signatures say.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub dkim: Option<DkimReport>,
    /// For an email: the byte ranges of its plain-text body that quote other
    /// messages, `[start, end)`, sorted and disjoint. Kept because some of
    /// them (paragraphs repeated from earlier in the thread) cannot be found
    /// again from the message alone.
    #[serde(default, skip_serializing_if = "Vec::is_empty")]
    pub quoted: Vec<[usize; 2]>,
}

/// What DKIM says of one email: its outcome, and each signature's details.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
#[cfg_attr(feature = "openapi", derive(utoipa::ToSchema))]
pub struct DkimReport {
    /// The email's outcome: the best of its signatures'.
    pub outcome: DkimOutcome,
    /// Each DKIM-Signature header, in the order written (at most 16).
    #[serde(default, skip_serializing_if = "Vec::is_empty")]
    pub signatures: Vec<DkimSignature>,
    /// The ARC chain, when the message carries one: the seals that
    /// forwarders (mailing lists, gateways) added to vouch for what they
    /// received.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub arc: Option<ArcReport>,
}

/// What the ARC chain of an email says.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
#[cfg_attr(feature = "openapi", derive(utoipa::ToSchema))]
pub struct ArcReport {
    /// `pass` (the chain verifies), `fail` (a seal or message signature
    /// does not match), `nokey`, or `invalid` (a broken chain).
    pub result: DkimOutcome,
    /// Why it did not pass.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub reason: Option<String>,
    /// The sealing domains, first forwarder first (at most 16).
    #[serde(default)]
    pub sealers: Vec<String>,
}

impl DkimReport {
    /// The report of an email that carries no signature.
    pub fn unsigned() -> DkimReport {
        DkimReport {
            outcome: DkimOutcome::None,
            signatures: Vec::new(),
            arc: None,
        }
    }
}

/// One DKIM signature of an email, checked.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
#[cfg_attr(feature = "openapi", derive(utoipa::ToSchema))]
pub struct DkimSignature {
    /// What this signature alone says.
    pub result: DkimOutcome,
    /// Why it did not pass, in a short sentence.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub reason: Option<String>,
    /// The signing domain (`d=`).
    pub domain: String,
    /// The selector (`s=`).
    pub selector: String,
    /// The algorithm (`rsa-sha256`, `ed25519-sha256`, `rsa-sha1`).
    pub algorithm: String,
    /// Size of the public key in bits, when the key is known.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub key_bits: Option<u32>,
    /// Where the key came from (`key file keys.zone`, `DNS, fetched
    /// 2026-12-06`).
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub key_source: Option<String>,
    /// Whether `d=` is the From domain or a parent of it (relaxed
    /// alignment, as DMARC has it).
    pub aligned: bool,
    /// The header names the signature covers (`h=`), as written.
    #[serde(default)]
    pub headers: Vec<String>,
    /// When it was signed (`t=`), RFC 3339 UTC.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub signed_at: Option<String>,
    /// Signing time minus the Date header, in seconds: near 0 for a message
    /// signed as it was sent.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub signed_after_date_seconds: Option<i64>,
    /// The expiry (`x=`), RFC 3339 UTC.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub expires_at: Option<String>,
    /// The expiry had passed (the signature was checked all the same).
    #[serde(default)]
    pub expired: bool,
    /// Body bytes covered (`l=`); absent when the whole body is.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub body_signed: Option<u64>,
    /// Body bytes, line ends counted as CRLF, as the signer counted them.
    pub body_total: u64,
}

/// What a hit on an attachment or document shows.
#[derive(Debug, Clone, Default, PartialEq, Eq, Serialize, Deserialize)]
#[cfg_attr(feature = "openapi", derive(utoipa::ToSchema))]
pub struct FileSummary {
    /// File name.
    pub name: String,
    /// Path through containers (`dossier.zip › notes/a.txt`).
    pub path: String,
    /// Declared MIME type (may be empty).
    pub mime: String,
    /// Short file type (`pdf`, `docx`…).
    pub filetype: String,
    /// How extraction went.
    pub extraction: ExtractionOutcome,
    /// Why extraction failed.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub reason: Option<String>,
    /// The text was cut at the extraction limit.
    #[serde(default)]
    pub truncated: bool,
    /// Position of the top attachment in the parent email.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub attachment_index: Option<u32>,
    /// The parent email's subject.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub parent_subject: Option<String>,
    /// The parent email's Message-ID.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub parent_message_id: Option<String>,
    /// What the file says about itself: authors, software, dates.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub metadata: Option<DocumentMetadata>,
    /// Text in pixels: pages waiting for OCR, or what OCR found.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub ocr: Option<OcrSummary>,
}

/// OCR of an image or of a PDF's pages without a text layer.
#[derive(Debug, Clone, Default, PartialEq, Eq, Serialize, Deserialize)]
#[cfg_attr(feature = "openapi", derive(utoipa::ToSchema))]
pub struct OcrSummary {
    /// The BLAKE3 hash (hex) of the bytes OCR reads: copies of one image
    /// share it, and are read once.
    pub hash: String,
    /// Pages (from 1) still waiting for OCR.
    #[serde(default, skip_serializing_if = "Vec::is_empty")]
    pub pending: Vec<u32>,
    /// Pages whose text came from OCR.
    #[serde(default)]
    pub pages: u32,
    /// Pages where OCR found no text (photographs, blank pages).
    #[serde(default)]
    pub pages_without_text: u32,
    /// Mean confidence of the recognised words, in percent.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub confidence: Option<u8>,
    /// Tesseract's languages (`fra+eng`).
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub langs: Option<String>,
}

/// A document's own metadata, as its format records it (PDF Info and XMP,
/// Office and OpenDocument properties, OLE SummaryInformation, RTF `\info`,
/// EXIF). Every value is cleaned when read: control and bidi characters
/// removed, white space collapsed, length capped. Dates are RFC 3339 when
/// the format gives a time zone, `YYYY-MM-DDTHH:MM:SS` when it gives local
/// time only, and the value as written when it cannot be read as a date.
#[derive(Debug, Clone, Default, PartialEq, Eq, Serialize, Deserialize)]
#[cfg_attr(feature = "openapi", derive(utoipa::ToSchema))]
pub struct DocumentMetadata {
    /// Title.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub title: Option<String>,
    /// Authors and creators (PDF Author, `dc:creator`, ODF initial creator,
    /// EXIF Artist), as written.
    #[serde(default, skip_serializing_if = "Vec::is_empty")]
    pub authors: Vec<String>,
    /// Who saved it last (OOXML `lastModifiedBy`, OLE last author, ODF
    /// `dc:creator`, RTF operator).
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub last_editor: Option<String>,
    /// Applications, producers, creating tools, generators.
    #[serde(default, skip_serializing_if = "Vec::is_empty")]
    pub software: Vec<String>,
    /// The camera (EXIF make and model).
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub camera: Option<String>,
    /// Company.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub company: Option<String>,
    /// Template it was made from.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub template: Option<String>,
    /// Revision number.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub revision: Option<String>,
    /// When it was created (for a photo: taken).
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub created: Option<String>,
    /// When it was last modified.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub modified: Option<String>,
}

impl DocumentMetadata {
    /// True when it holds no value.
    pub fn is_empty(&self) -> bool {
        *self == DocumentMetadata::default()
    }

    /// Every person it names: authors, then the last editor.
    pub fn people(&self) -> impl Iterator<Item = &str> {
        self.authors
            .iter()
            .chain(&self.last_editor)
            .map(String::as_str)
    }

    /// Every tool it names: software, then the camera.
    pub fn tools(&self) -> impl Iterator<Item = &str> {
        self.software.iter().chain(&self.camera).map(String::as_str)
    }
}

/// A name and an address.
#[derive(Debug, Clone, Default, PartialEq, Eq, Serialize, Deserialize)]
#[cfg_attr(feature = "openapi", derive(utoipa::ToSchema))]
pub struct Mailbox {
    /// Display name, decoded.
    pub name: Option<String>,
    /// Address as written (case kept).
    pub address: Option<String>,
}

impl Mailbox {
    /// The address lowercased, for facets and filters.
    pub fn address_key(&self) -> Option<String> {
        self.address
            .as_deref()
            .map(str::trim)
            .filter(|address| !address.is_empty())
            .map(str::to_lowercase)
    }

    /// Name and address as one string, for the address fields' text.
    pub fn text(&self) -> String {
        match (&self.name, &self.address) {
            (Some(name), Some(address)) => format!("{name} {address}"),
            (Some(name), None) => name.clone(),
            (None, Some(address)) => address.clone(),
            (None, None) => String::new(),
        }
    }
}

/// An attachment's description.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct AttachmentInfo {
    /// File name, decoded (`attachment-N` when the part has none).
    pub name: String,
    /// MIME type.
    pub mime: String,
    /// Decoded size in bytes.
    pub size: u64,
}
