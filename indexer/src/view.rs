//! Reading one message whole: headers, text, sanitized HTML, attachments and
//! sources, all re-derived from the stored raw bytes.

use std::collections::HashMap;

use mail_parser::{HeaderValue, MimeHeaders, PartType};
use serde::{Deserialize, Serialize};

use crate::document::Source;
use crate::error::{Error, Result};
use crate::message::{Mailbox, parse_message_tree};
use crate::sanitize::{InlineImages, sanitize_html};
use crate::search::{Address, ArchiveSearcher};

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
    /// Sanitized HTML body, when the message has one.
    pub html: Option<String>,
    /// Why an HTML body is not shown, when it is not.
    pub html_omitted: Option<String>,
    /// Attachments.
    pub attachments: Vec<AttachmentEntry>,
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

impl ArchiveSearcher {
    /// The whole message `id`.
    pub fn message(&self, id: &str) -> Result<MessageView> {
        let stored = self.stored(id)?;
        let raw = &stored.raw;
        let (parsed, message) = parse_message_tree(raw)
            .map_err(|failure| Error::Damaged(format!("{id}: {failure}")))?;
        let headers = message
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
            .collect();
        let attachments: Vec<AttachmentEntry> = message
            .attachments()
            .zip(&parsed.attachments)
            .enumerate()
            .map(|(index, (part, info))| AttachmentEntry {
                index,
                name: info.name.clone(),
                mime: info.mime.clone(),
                size: info.size,
                content_id: part.content_id().map(|cid| {
                    cid.trim()
                        .trim_start_matches('<')
                        .trim_end_matches('>')
                        .to_string()
                }),
            })
            .collect();
        let prefix = format!("/api/messages/{id}/attachments/");
        let images = InlineImages {
            urls: attachments
                .iter()
                .filter_map(|attachment| {
                    let cid = attachment.content_id.clone()?;
                    Some((cid, format!("{prefix}{}", attachment.index)))
                })
                .collect::<HashMap<_, _>>(),
            prefix,
        };
        let (html, html_omitted) = match message.html_bodies().next().map(|part| &part.body) {
            Some(PartType::Html(html)) => match sanitize_html(html, &images) {
                Ok(clean) => (Some(clean), None),
                Err(reason) => (None, Some(reason.to_string())),
            },
            _ => (None, None),
        };
        Ok(MessageView {
            id: id.to_string(),
            message_id: parsed.message_id.clone(),
            subject: parsed.subject.clone(),
            from: parsed.from.as_ref().map(Address::from).unwrap_or_default(),
            to: addresses(&parsed.to),
            cc: addresses(&parsed.cc),
            bcc: addresses(&parsed.bcc),
            reply_to: message
                .reply_to()
                .map(|list| {
                    list.iter()
                        .map(|addr| Address {
                            name: addr.name.as_deref().map(str::to_string),
                            address: addr.address.as_deref().map(str::to_string),
                        })
                        .collect()
                })
                .unwrap_or_default(),
            date: stored.date,
            date_header: message
                .header_raw("Date")
                .map(|date| date.trim().to_string()),
            lang: stored.lang,
            headers,
            text: parsed.body.clone(),
            html,
            html_omitted,
            attachments,
            thread_id: stored.thread_id,
            in_reply_to: id_list(message.in_reply_to()),
            references: id_list(message.references()),
            sources: stored.summary.sources,
            size: raw.len() as u64,
        })
    }

    /// The original bytes of a message.
    pub fn raw(&self, id: &str) -> Result<Vec<u8>> {
        Ok(self.stored(id)?.raw)
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
