//! What a search answers: hits, facets, the response, a page of a thread.
//! `fouille search --json` prints these and the API returns them.

use fouille_schema::stored::{FileSummary, Mailbox};
use serde::{Deserialize, Serialize};

use crate::facets::FacetValue;

/// A name and address as shown in results.
#[derive(Debug, Clone, Default, PartialEq, Eq, Serialize, Deserialize)]
#[cfg_attr(feature = "openapi", derive(utoipa::ToSchema))]
pub struct Address {
    /// Display name.
    pub name: Option<String>,
    /// Address.
    pub address: Option<String>,
}

impl From<&Mailbox> for Address {
    fn from(mailbox: &Mailbox) -> Address {
        Address {
            name: mailbox.name.clone(),
            address: mailbox.address.clone(),
        }
    }
}

/// An attachment as listed in results.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
#[cfg_attr(feature = "openapi", derive(utoipa::ToSchema))]
pub struct AttachmentSummary {
    /// File name.
    pub name: String,
    /// MIME type.
    pub mime: String,
    /// Bytes.
    pub size: u64,
}

/// A page of a thread.
#[derive(Debug, Clone)]
pub struct ThreadPage {
    /// Messages in the whole thread.
    pub total: u64,
    /// This page's messages, oldest first.
    pub messages: Vec<Hit>,
}

/// One result.
#[derive(Debug, Clone, Serialize, Deserialize)]
#[cfg_attr(feature = "openapi", derive(utoipa::ToSchema))]
pub struct Hit {
    /// Document id (permalink).
    pub id: String,
    /// Message-ID as written, with angle brackets; for an attachment, its
    /// email's.
    pub message_id: Option<String>,
    /// The email carrying this attachment or forwarded message, or the
    /// archive holding this document.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub parent_id: Option<String>,
    /// For an attachment or document: name, path, type, extraction.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub file: Option<FileSummary>,
    /// `email`, `attachment` or `document`.
    pub kind: String,
    /// Subject.
    pub subject: String,
    /// Sender.
    pub from: Address,
    /// To recipients.
    pub to: Vec<Address>,
    /// RFC 3339 UTC.
    pub date: Option<String>,
    /// Language code or `und`.
    pub lang: String,
    /// HTML snippet, matches in `<mark>`.
    pub snippet: String,
    /// Thread id.
    pub thread_id: String,
    /// Attachments.
    pub attachments: Vec<AttachmentSummary>,
    /// An email's DKIM outcome (`pass`, `fail`, `nokey`…), for its badge.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub dkim: Option<String>,
    /// The team's tags on it.
    #[serde(default, skip_serializing_if = "Vec::is_empty")]
    pub tags: Vec<String>,
    /// Starred by the reader.
    #[serde(default, skip_serializing_if = "std::ops::Not::not")]
    pub starred: bool,
    /// Notes the reader may see.
    #[serde(default, skip_serializing_if = "is_zero")]
    pub notes: usize,
}

fn is_zero(count: &usize) -> bool {
    *count == 0
}

/// Facet counts over every match.
#[derive(Debug, Clone, Default, Serialize, Deserialize)]
#[cfg_attr(feature = "openapi", derive(utoipa::ToSchema))]
pub struct Facets {
    /// Sender addresses.
    pub from: Vec<FacetValue>,
    /// Recipient addresses.
    pub to: Vec<FacetValue>,
    /// Sender domains.
    pub domain: Vec<FacetValue>,
    /// Languages.
    pub lang: Vec<FacetValue>,
    /// `YYYY-MM` months (UTC).
    pub month: Vec<FacetValue>,
    /// Kinds.
    pub kind: Vec<FacetValue>,
    /// File types of attachments and documents (`pdf`, `docx`…; `email`).
    pub filetype: Vec<FacetValue>,
    /// Extraction outcomes of attachments and documents (`text`, `empty`,
    /// `encrypted`, `failed`, `unsupported`).
    pub extraction: Vec<FacetValue>,
    /// Folders and mailboxes.
    pub folder: Vec<FacetValue>,
    /// DKIM outcomes of emails (`pass`, `partial`, `fail`, `nokey`,
    /// `invalid`, `none`, `unverifiable`).
    pub dkim: Vec<FacetValue>,
    /// People named by documents' metadata.
    pub author: Vec<FacetValue>,
    /// Software that made documents.
    pub software: Vec<FacetValue>,
    /// Mail clients that sent emails.
    pub client: Vec<FacetValue>,
    /// The team's tags.
    #[serde(default)]
    pub tag: Vec<FacetValue>,
    /// IBANs written in the text.
    #[serde(default)]
    pub iban: Vec<FacetValue>,
    /// Phone numbers written in the text (E.164).
    #[serde(default)]
    pub phone: Vec<FacetValue>,
    /// SIREN numbers written in the text.
    #[serde(default)]
    pub siren: Vec<FacetValue>,
    /// SIRET numbers written in the text.
    #[serde(default)]
    pub siret: Vec<FacetValue>,
    /// Hosts of the links in the text.
    #[serde(default)]
    pub link: Vec<FacetValue>,
    /// Email addresses written in the text.
    #[serde(default)]
    pub mention: Vec<FacetValue>,
}

/// The answer to a search, as printed by `fouille search --json` and returned
/// by the API.
#[derive(Debug, Clone, Serialize, Deserialize)]
#[cfg_attr(feature = "openapi", derive(utoipa::ToSchema))]
pub struct SearchResponse {
    /// Matching messages.
    pub total: u64,
    /// Time taken.
    pub took_ms: u64,
    /// The requested page of hits.
    pub hits: Vec<Hit>,
    /// Facets over all matches.
    pub facets: Facets,
    /// Parts of the query that were ignored, and why.
    #[serde(default, skip_serializing_if = "Vec::is_empty")]
    pub warnings: Vec<String>,
}
