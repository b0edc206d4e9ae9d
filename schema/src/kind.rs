//! The closed vocabularies stored in every document: what a document is
//! (`kind`) and how its text was extracted (`extraction`). The stored and
//! indexed strings are [`DocumentKind::as_str`] and [`ExtractionOutcome::as_str`];
//! the enums keep a typo from becoming a facet value nobody can find.

use serde::{Deserialize, Serialize};

/// What a document of the archive is.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, Serialize, Deserialize)]
#[cfg_attr(feature = "openapi", derive(utoipa::ToSchema))]
#[serde(rename_all = "lowercase")]
pub enum DocumentKind {
    /// An email (found in a file, or carried by another email or archive).
    Email,
    /// A file attached to an email, or a member of an attached archive.
    Attachment,
    /// A loose file of the dump, or a member of a loose archive.
    Document,
}

impl DocumentKind {
    /// Every kind, in the order facets list them.
    pub const ALL: [DocumentKind; 3] = [
        DocumentKind::Email,
        DocumentKind::Attachment,
        DocumentKind::Document,
    ];

    /// The stored and indexed value.
    pub const fn as_str(self) -> &'static str {
        match self {
            DocumentKind::Email => "email",
            DocumentKind::Attachment => "attachment",
            DocumentKind::Document => "document",
        }
    }

    /// The kind a stored value names, if any.
    pub fn parse(value: &str) -> Option<DocumentKind> {
        DocumentKind::ALL
            .into_iter()
            .find(|kind| kind.as_str() == value)
    }
}

impl std::fmt::Display for DocumentKind {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        f.write_str(self.as_str())
    }
}

/// How the text of an attachment or document was extracted.
#[derive(Debug, Clone, Copy, Default, PartialEq, Eq, Hash, Serialize, Deserialize)]
#[cfg_attr(feature = "openapi", derive(utoipa::ToSchema))]
#[serde(rename_all = "lowercase")]
pub enum ExtractionOutcome {
    /// Text was extracted.
    Text,
    /// The file was read and holds no text.
    #[default]
    Empty,
    /// The file is encrypted: only its name and type are indexed.
    Encrypted,
    /// Reading failed (damage, a limit, a crash of the worker); the reason
    /// is kept.
    Failed,
    /// Fouille does not read this format (yet).
    Unsupported,
    /// The text was recognised in the pixels of an image or of scanned
    /// pages (OCR); the mean confidence is kept.
    Ocr,
    /// An image or scanned pages waiting for the OCR pass (`fouille ocr`).
    #[serde(rename = "ocr-pending")]
    OcrPending,
    /// OCR found no text: a photograph, a drawing, a blank page.
    #[serde(rename = "no-text")]
    NoText,
}

impl ExtractionOutcome {
    /// Every outcome.
    pub const ALL: [ExtractionOutcome; 8] = [
        ExtractionOutcome::Text,
        ExtractionOutcome::Empty,
        ExtractionOutcome::Encrypted,
        ExtractionOutcome::Failed,
        ExtractionOutcome::Unsupported,
        ExtractionOutcome::Ocr,
        ExtractionOutcome::OcrPending,
        ExtractionOutcome::NoText,
    ];

    /// The stored and indexed value.
    pub const fn as_str(self) -> &'static str {
        match self {
            ExtractionOutcome::Text => "text",
            ExtractionOutcome::Empty => "empty",
            ExtractionOutcome::Encrypted => "encrypted",
            ExtractionOutcome::Failed => "failed",
            ExtractionOutcome::Unsupported => "unsupported",
            ExtractionOutcome::Ocr => "ocr",
            ExtractionOutcome::OcrPending => "ocr-pending",
            ExtractionOutcome::NoText => "no-text",
        }
    }

    /// The outcome a stored value names, if any.
    pub fn parse(value: &str) -> Option<ExtractionOutcome> {
        ExtractionOutcome::ALL
            .into_iter()
            .find(|outcome| outcome.as_str() == value)
    }
}

impl std::fmt::Display for ExtractionOutcome {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        f.write_str(self.as_str())
    }
}

/// What DKIM says of one email (issue 15): one outcome per email.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, Serialize, Deserialize)]
#[cfg_attr(feature = "openapi", derive(utoipa::ToSchema))]
#[serde(rename_all = "lowercase")]
pub enum DkimOutcome {
    /// A signature verified.
    Pass,
    /// Verified, but `l=` leaves part of the body unsigned.
    Partial,
    /// A key is known and the body hash or the signature does not match:
    /// the mail was changed after signing.
    Fail,
    /// Signed, but there is no key for the selector: it cannot be told.
    NoKey,
    /// A malformed signature, an unsupported algorithm, or a weak key.
    Invalid,
    /// Not signed.
    None,
    /// No original bytes to check (rebuilt from `.pst` or `.msg`).
    Unverifiable,
}

impl DkimOutcome {
    /// Every outcome, best first.
    pub const ALL: [DkimOutcome; 7] = [
        DkimOutcome::Pass,
        DkimOutcome::Partial,
        DkimOutcome::Fail,
        DkimOutcome::NoKey,
        DkimOutcome::Invalid,
        DkimOutcome::None,
        DkimOutcome::Unverifiable,
    ];

    /// The stored and indexed value.
    pub const fn as_str(self) -> &'static str {
        match self {
            DkimOutcome::Pass => "pass",
            DkimOutcome::Partial => "partial",
            DkimOutcome::Fail => "fail",
            DkimOutcome::NoKey => "nokey",
            DkimOutcome::Invalid => "invalid",
            DkimOutcome::None => "none",
            DkimOutcome::Unverifiable => "unverifiable",
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn stored_strings_round_trip_through_serde_and_parse() {
        for kind in DocumentKind::ALL {
            let json = serde_json::to_string(&kind).unwrap();
            assert_eq!(json, format!("\"{}\"", kind.as_str()));
            assert_eq!(DocumentKind::parse(kind.as_str()), Some(kind));
        }
        for outcome in ExtractionOutcome::ALL {
            let json = serde_json::to_string(&outcome).unwrap();
            assert_eq!(json, format!("\"{}\"", outcome.as_str()));
            assert_eq!(ExtractionOutcome::parse(outcome.as_str()), Some(outcome));
        }
        for outcome in DkimOutcome::ALL {
            let json = serde_json::to_string(&outcome).unwrap();
            assert_eq!(json, format!("\"{}\"", outcome.as_str()));
        }
        assert_eq!(DocumentKind::parse("mail"), None);
        assert_eq!(ExtractionOutcome::parse("pending"), None);
    }
}
