//! Reading one message whole: headers, text, sanitized HTML, attachments and
//! sources and provenance, all re-derived from the stored raw bytes.

use fouille_extract::message::parse_message_tree;
use fouille_extract::quotes::split_parts;
use fouille_schema::stored::{
    AttachmentInfo, DocumentMetadata, FileSummary, Mailbox, OcrSummary, Source,
};
use fouille_schema::{DocumentKind, Error, ExtractionOutcome, Result};
use mail_parser::{HeaderValue, MimeHeaders, PartType};
use serde::{Deserialize, Serialize};

use crate::entities::Entities;
use crate::marks::DocumentMarks;
use crate::provenance::{Provenance, provenance};
use crate::searcher::StoredMessage;
use crate::{Address, ArchiveSearcher};
use fouille_extract::entities::find_entities_in;

/// A header as written, decoded.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
#[cfg_attr(feature = "openapi", derive(utoipa::ToSchema))]
pub struct HeaderField {
    /// Field name.
    pub name: String,
    /// Decoded value.
    pub value: String,
}

/// An attachment as listed in the message view.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
#[cfg_attr(feature = "openapi", derive(utoipa::ToSchema))]
pub struct AttachmentEntry {
    /// Position, from 0: the `index` of the attachment URL.
    pub index: usize,
    /// File name.
    pub name: String,
    /// MIME type.
    pub mime: String,
    /// Decoded size in bytes.
    pub size: u64,
    /// Content-ID, for images shown inside the HTML.
    pub content_id: Option<String>,
    /// What was extracted from it: the attachment itself, then the members
    /// of an archive.
    #[serde(default)]
    pub documents: Vec<ChildDocument>,
}

/// Extracted text of an attachment (or of a member of an attached archive),
/// as the message view lists it.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
#[cfg_attr(feature = "openapi", derive(utoipa::ToSchema))]
pub struct ChildDocument {
    /// Document id (`/api/documents/{id}`).
    pub id: String,
    /// File name.
    pub name: String,
    /// Path through containers (`dossier.zip › notes/a.txt`).
    pub path: String,
    /// Short file type.
    pub filetype: String,
    /// How its text was had: `text`, `ocr`, `ocr-pending`, `no-text`,
    /// `empty`, `encrypted`, `failed` or `unsupported`.
    pub extraction: ExtractionOutcome,
    /// Why extraction failed.
    pub reason: Option<String>,
    /// The text, at most [`VIEW_TEXT_CHARS`] characters.
    pub text: String,
    /// True when `text` is only the beginning (the document view has all).
    pub text_cut: bool,
    /// What the file says about itself (authors, software, dates).
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub metadata: Option<DocumentMetadata>,
    /// Pages waiting for OCR, or what OCR found (confidence, pages).
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub ocr: Option<OcrSummary>,
}

/// A message carried by this one (forwarded as an attachment, or in an
/// attached archive), indexed as a message of its own.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
#[cfg_attr(feature = "openapi", derive(utoipa::ToSchema))]
pub struct CarriedMessage {
    /// Its document id.
    pub id: String,
    /// Its subject.
    pub subject: String,
    /// Where it sits in this message.
    pub entry: Option<String>,
}

/// Characters of each attachment's text in the message view.
pub const VIEW_TEXT_CHARS: usize = 20_000;

/// Where the original bytes of an attachment or document can be read: a
/// typed locator, which the server turns into its URL.
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum Original {
    /// Stored with the document itself (a loose file): its document id.
    Document {
        /// Document id.
        id: String,
    },
    /// A top-level attachment of an email, read from the stored message.
    Attachment {
        /// The email's document id.
        message: String,
        /// Position among the email's attachments.
        index: u32,
    },
}

/// An attachment or a loose document, as `GET /api/documents/{id}` returns it.
#[derive(Debug, Clone, Serialize, Deserialize)]
#[cfg_attr(feature = "openapi", derive(utoipa::ToSchema))]
pub struct DocumentView {
    /// Document id.
    pub id: String,
    /// `attachment` or `document`.
    pub kind: String,
    /// Name, path, type, extraction outcome.
    pub file: FileSummary,
    /// Size in bytes.
    pub size: u64,
    /// Detected language.
    pub lang: String,
    /// The whole extracted text.
    pub text: String,
    /// The IBANs, phones, SIREN and SIRET numbers, addresses and link
    /// hosts the text mentions.
    pub entities: Entities,
    /// The email carrying it, or the archive holding it.
    pub parent_id: Option<String>,
    /// Date of the parent email.
    pub date: Option<String>,
    /// Sender of the parent email.
    pub from: Address,
    /// Where it was found.
    pub sources: Vec<Source>,
    /// Where the original file's bytes are, when the archive has them (the
    /// server answers it as a `download` URL).
    #[serde(skip)]
    pub original: Option<Original>,
    /// Documents it holds (members of an archive), for a loose archive.
    pub children: Vec<String>,
    /// The team's tags, the reader's star, the notes they may see (absent
    /// without a workspace).
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub workspace: Option<DocumentMarks>,
}

/// A whole message, as `GET /api/messages/{id}` returns it.
#[derive(Debug, Clone, Serialize, Deserialize)]
#[cfg_attr(feature = "openapi", derive(utoipa::ToSchema))]
pub struct MessageView {
    /// Document id.
    pub id: String,
    /// Message-ID as written.
    pub message_id: Option<String>,
    /// Subject.
    pub subject: String,
    /// Sender.
    pub from: Address,
    /// To.
    pub to: Vec<Address>,
    /// Cc.
    pub cc: Vec<Address>,
    /// Bcc.
    pub bcc: Vec<Address>,
    /// Reply-To.
    pub reply_to: Vec<Address>,
    /// RFC 3339 UTC, or null when the message has no plausible date.
    pub date: Option<String>,
    /// The Date header as written (with its time zone).
    pub date_header: Option<String>,
    /// Detected language.
    pub lang: String,
    /// Every header, in order, decoded.
    pub headers: Vec<HeaderField>,
    /// Plain text body (HTML rendered to text when there is no plain part).
    pub text: String,
    /// `text` cut into the message's own words and the text it quotes, in
    /// order: concatenated, the parts give `text`.
    pub parts: Vec<BodyPart>,
    /// The IBANs, phones, SIREN and SIRET numbers, addresses and link
    /// hosts the subject and the text mention.
    pub entities: Entities,
    /// Sanitized HTML body, when the message has one. Inline images are
    /// `attachments/N`, relative to `/api/messages/{id}/`.
    pub html: Option<String>,
    /// Why an HTML body is not shown, when it is not.
    pub html_omitted: Option<String>,
    /// Attachments.
    pub attachments: Vec<AttachmentEntry>,
    /// Messages it carries, indexed on their own.
    pub carried: Vec<CarriedMessage>,
    /// The message or archive that carried this one.
    pub parent_id: Option<String>,
    /// Thread id.
    pub thread_id: String,
    /// In-Reply-To ids (without brackets).
    pub in_reply_to: Vec<String>,
    /// References ids (without brackets).
    pub references: Vec<String>,
    /// Every place the message was found.
    pub sources: Vec<Source>,
    /// Raw size in bytes.
    pub size: u64,
    /// Where it came from: Received hops, client, anomalies in its headers.
    pub provenance: Provenance,
    /// The team's tags, the reader's star, the notes they may see (absent
    /// without a workspace).
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub workspace: Option<DocumentMarks>,
}

/// A run of a message's plain-text body: its own words, or quoted text.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
#[cfg_attr(feature = "openapi", derive(utoipa::ToSchema))]
pub struct BodyPart {
    /// Whether the run quotes another message.
    pub quoted: bool,
    /// The text.
    pub text: String,
}

/// `body` cut at the quoted byte ranges the index keeps for it.
fn body_parts(body: &str, quoted: &[[usize; 2]]) -> Vec<BodyPart> {
    let ranges: Vec<_> = quoted.iter().map(|&[start, end]| start..end).collect();
    split_parts(body, &ranges)
        .into_iter()
        .map(|(quoted, text)| BodyPart {
            quoted,
            text: text.to_string(),
        })
        .collect()
}

/// An attachment's content.
pub struct AttachmentContent {
    /// File name as written in the message (not sanitized).
    pub name: String,
    /// MIME type.
    pub mime: String,
    /// Decoded bytes.
    pub bytes: Vec<u8>,
}

fn addresses(list: &[Mailbox]) -> Vec<Address> {
    list.iter().map(Address::from).collect()
}

fn header_text(value: &HeaderValue, raw: &str) -> String {
    match value {
        HeaderValue::Text(text) => text.to_string(),
        HeaderValue::TextList(list) => list.join(", "),
        HeaderValue::Address(address) => address
            .iter()
            .map(|addr| match (&addr.name, &addr.address) {
                (Some(name), Some(address)) => format!("{name} <{address}>"),
                (Some(name), None) => name.to_string(),
                (None, Some(address)) => address.to_string(),
                (None, None) => String::new(),
            })
            .collect::<Vec<_>>()
            .join(", "),
        _ => raw.split_whitespace().collect::<Vec<_>>().join(" "),
    }
}

fn id_list(value: &HeaderValue) -> Vec<String> {
    match value {
        HeaderValue::Text(text) => vec![text.to_string()],
        HeaderValue::TextList(list) => list.iter().map(|id| id.to_string()).collect(),
        _ => Vec::new(),
    }
}

/// Every header of `message`, in order, decoded; `raw` is the message's
/// bytes, for headers that `mail_parser` leaves unparsed.
fn header_fields(message: &mail_parser::Message, raw: &[u8]) -> Vec<HeaderField> {
    message
        .headers()
        .iter()
        .map(|header| {
            let start = header.offset_start as usize;
            let end = (header.offset_end as usize).min(raw.len());
            let raw_value = String::from_utf8_lossy(raw.get(start..end).unwrap_or_default());
            HeaderField {
                name: header.name.as_str().to_string(),
                value: header_text(&header.value, &raw_value),
            }
        })
        .collect()
}

/// The attachments of `message`, still without the documents extracted from
/// them (the index holds those as the message's children).
fn attachment_entries(
    message: &mail_parser::Message,
    attachments: &[AttachmentInfo],
) -> Vec<AttachmentEntry> {
    message
        .attachments()
        .zip(attachments)
        .enumerate()
        .map(|(index, (part, info))| AttachmentEntry {
            index,
            name: info.name.clone(),
            mime: info.mime.clone(),
            size: info.size,
            content_id: part
                .content_id()
                .map(|cid| fouille_extract::sanitize::bare_content_id(cid).to_string()),
            documents: Vec::new(),
        })
        .collect()
}

/// The Reply-To addresses of `message`; `ParsedMessage` does not keep them.
fn reply_to(message: &mail_parser::Message) -> Vec<Address> {
    message
        .reply_to()
        .map(|list| {
            list.iter()
                .map(|addr| Address {
                    name: addr.name.as_deref().map(str::to_string),
                    address: addr.address.as_deref().map(str::to_string),
                })
                .collect()
        })
        .unwrap_or_default()
}

/// A message indexed on its own that `child` is, as its carrier lists it.
fn carried_message(child: StoredMessage) -> CarriedMessage {
    let subject = parse_message_tree(&child.raw)
        .map(|(parsed, _)| parsed.subject)
        .unwrap_or_default();
    CarriedMessage {
        entry: child
            .summary
            .sources
            .iter()
            .find_map(|source| source.entry.clone()),
        id: child.id,
        subject,
    }
}

/// Document `id`, whose extracted text is `text`, as the message view lists
/// it under its attachment: the text cut to [`VIEW_TEXT_CHARS`].
fn child_document(id: String, text: &str, file: FileSummary) -> ChildDocument {
    let text_cut = text.chars().count() > VIEW_TEXT_CHARS;
    ChildDocument {
        id,
        name: file.name,
        path: file.path,
        filetype: file.filetype,
        extraction: file.extraction,
        reason: file.reason,
        text: text.chars().take(VIEW_TEXT_CHARS).collect(),
        text_cut,
        metadata: file.metadata,
        ocr: file.ocr,
    }
}

impl ArchiveSearcher {
    /// The whole message `id`.
    pub fn message(&self, id: &str) -> Result<MessageView> {
        let stored = self.stored(id)?;
        if stored.kind != DocumentKind::Email.as_str() {
            return Err(Error::NotFound(format!(
                "{id} is an attachment or document: see /api/documents/{id}"
            )));
        }
        let raw = &stored.raw;
        let (parsed, message) = parse_message_tree(raw)
            .map_err(|failure| Error::Damaged(format!("{id}: {failure}")))?;
        let headers = header_fields(&message, raw);
        let mut attachments = attachment_entries(&message, &parsed.attachments);
        let carried = self.place_children(id, &mut attachments)?;
        // Sanitized at index time: mail HTML is never parsed here.
        let html = stored.html.clone();
        let html_omitted = match &html {
            Some(_) => None,
            None => stored.summary.html_omitted.clone(),
        };
        Ok(MessageView {
            id: id.to_string(),
            message_id: parsed.message_id.clone(),
            subject: parsed.subject.clone(),
            from: parsed.from.as_ref().map(Address::from).unwrap_or_default(),
            to: addresses(&parsed.to),
            cc: addresses(&parsed.cc),
            bcc: addresses(&parsed.bcc),
            reply_to: reply_to(&message),
            date: stored.date,
            date_header: message
                .header_raw("Date")
                .map(|date| date.trim().to_string()),
            lang: stored.lang,
            headers,
            text: parsed.body.clone(),
            parts: body_parts(&parsed.body, &stored.summary.quoted),
            entities: find_entities_in(&[&parsed.subject, &parsed.body]),
            html,
            html_omitted,
            attachments,
            carried,
            parent_id: stored.parent_id,
            thread_id: stored.thread_id,
            in_reply_to: id_list(message.in_reply_to()),
            references: id_list(message.references()),
            sources: stored.summary.sources,
            size: raw.len() as u64,
            provenance: Provenance {
                dkim: stored.summary.dkim,
                ..provenance(&message)
            },
            workspace: None,
        })
    }

    /// Sorts the children of message `id` in the index: the messages it
    /// carries are returned, and what was extracted from an attachment goes
    /// to that attachment's entry in `attachments`.
    fn place_children(
        &self,
        id: &str,
        attachments: &mut [AttachmentEntry],
    ) -> Result<Vec<CarriedMessage>> {
        let mut carried = Vec::new();
        for child in self.children(id)? {
            let child = self.stored(&child)?;
            if child.kind == DocumentKind::Email.as_str() {
                carried.push(carried_message(child));
                continue;
            }
            let Some(file) = child.summary.file else {
                continue;
            };
            let Some(attachment) = file
                .attachment_index
                .and_then(|index| attachments.get_mut(index as usize))
            else {
                continue;
            };
            attachment
                .documents
                .push(child_document(child.id, &child.text, file));
        }
        Ok(carried)
    }

    /// The original bytes of a message.
    pub fn raw(&self, id: &str) -> Result<Vec<u8>> {
        let stored = self.stored(id)?;
        if stored.kind != DocumentKind::Email.as_str() {
            return Err(Error::NotFound(format!("{id} is not a message")));
        }
        Ok(stored.raw)
    }

    /// The attachment or document `id`.
    pub fn document(&self, id: &str) -> Result<DocumentView> {
        let stored = self.stored(id)?;
        let Some(file) = stored.summary.file.clone() else {
            return Err(Error::NotFound(format!("{id} is not a document")));
        };
        let original = if !stored.raw.is_empty() {
            Some(Original::Document { id: id.to_string() })
        } else {
            match (&stored.parent_id, file.attachment_index) {
                (Some(parent), Some(index)) if file.path == file.name => {
                    Some(Original::Attachment {
                        message: parent.clone(),
                        index,
                    })
                }
                _ => None,
            }
        };
        let children = if stored.kind == DocumentKind::Document.as_str() {
            self.children(id)?
        } else {
            Vec::new()
        };
        Ok(DocumentView {
            id: stored.id,
            kind: stored.kind,
            file,
            size: stored.size,
            lang: stored.lang,
            entities: find_entities_in(&[&stored.text]),
            text: stored.text,
            parent_id: stored.parent_id,
            date: stored.date,
            from: stored
                .summary
                .from
                .as_ref()
                .map(Address::from)
                .unwrap_or_default(),
            sources: stored.summary.sources,
            original,
            children,
            workspace: None,
        })
    }

    /// The stored bytes of a loose document, and its file name.
    pub fn document_raw(&self, id: &str) -> Result<(String, Vec<u8>)> {
        let stored = self.stored(id)?;
        match stored.summary.file {
            Some(file) if !stored.raw.is_empty() => Ok((file.name, stored.raw)),
            _ => Err(Error::NotFound(format!("{id} has no stored file"))),
        }
    }

    /// Attachment `index` (0-based, in the order of the message view).
    pub fn attachment(&self, id: &str, index: usize) -> Result<AttachmentContent> {
        let raw = self.raw(id)?;
        let (parsed, message) = parse_message_tree(&raw)
            .map_err(|failure| Error::Damaged(format!("{id}: {failure}")))?;
        let (part, info) = message
            .attachments()
            .zip(&parsed.attachments)
            .nth(index)
            .ok_or_else(|| Error::NotFound(format!("{id} attachment {index}")))?;
        let bytes = match &part.body {
            PartType::Message(inner) => inner.raw_message().to_vec(),
            _ => part.contents().to_vec(),
        };
        Ok(AttachmentContent {
            name: info.name.clone(),
            mime: info.mime.clone(),
            bytes,
        })
    }
}
