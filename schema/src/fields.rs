//! Field names and the tantivy schema of a Fouille archive.
//!
//! Each message is one document. Text is indexed three ways: unstemmed and
//! accent-folded in the plain field (`body`), and stemmed in the field of its
//! detected language (`body_fr`, `body_en`). Facets are read from fast fields.
//! The raw message is stored (compressed by the doc store) so the archive is
//! self-contained and can return the original byte for byte.

use tantivy::schema::{
    DateOptions, DateTimePrecision, FAST, Field, INDEXED, IndexRecordOption, STORED, STRING,
    Schema, TextFieldIndexing, TextOptions,
};

use crate::Language;
use crate::analyzers::{ADDRESS_ANALYZER, EXACT_ANALYZER, analyzer_for};

/// Content-derived id of the document (hex), also its permalink.
pub const ID: &str = "id";
/// `email`, `attachment` (a file carried by an email, or a member of an
/// archive so carried) or `document` (a loose file, or a member of one).
pub const KIND: &str = "kind";
/// The Message-ID header as written, angle brackets included.
pub const MESSAGE_ID: &str = "message_id";
/// Message-ID without brackets, for exact lookup and threading.
pub const MESSAGE_ID_KEY: &str = "message_id_key";
/// In-Reply-To and References ids without brackets.
pub const REFERENCES: &str = "references";
/// Normalised subject used by the threading fallback.
pub const SUBJECT_KEY: &str = "subject_key";
/// 1 if the subject says the message answers or forwards another.
pub const IS_REPLY: &str = "is_reply";
/// Hash of Message-ID, body and attachments: the second dedup key.
pub const DEDUP_KEY: &str = "dedup_key";
/// Thread id (hex).
pub const THREAD_ID: &str = "thread_id";
/// Decoded subject (stored, exact analysis).
pub const SUBJECT: &str = "subject";
/// The body's own text (an email's words, not those it quotes), exact
/// analysis; an attachment's or document's whole text.
pub const BODY: &str = "body";
/// The text an email quotes (`>` lines, what follows an attribution or a
/// header block, paragraphs repeated from earlier in its thread), exact
/// analysis.
pub const QUOTED: &str = "quoted";
/// Sender name and address, exact analysis.
pub const FROM: &str = "from";
/// Lowercased sender address (facet, filter).
pub const FROM_ADDRESS: &str = "from_address";
/// Sender domain, lowercased (facet, filter).
pub const DOMAIN: &str = "domain";
/// To names and addresses, exact analysis.
pub const TO: &str = "to";
/// Cc names and addresses, exact analysis.
pub const CC: &str = "cc";
/// Bcc names and addresses, exact analysis.
pub const BCC: &str = "bcc";
/// Lowercased addresses of every recipient, To, Cc and Bcc (facet, filter).
pub const RECIPIENTS: &str = "recipients";
/// Date in UTC, seconds.
pub const DATE: &str = "date";
/// `YYYY-MM` of the date in UTC, for monthly facets.
pub const MONTH: &str = "month";
/// ISO 639-1 code of the detected language, or `und` when not reliable.
pub const LANG: &str = "lang";
/// Every source location (path, `path#n` inside an mbox).
pub const SOURCE: &str = "source";
/// Folder or mailbox the message was found in (facet).
pub const FOLDER: &str = "folder";
/// Size of the raw message in bytes.
pub const SIZE: &str = "size";
/// 1 if the message carries attachments.
pub const HAS_ATTACHMENTS: &str = "has_attachments";
/// Attachment file names, exact analysis.
pub const ATTACHMENT_NAMES: &str = "attachment_names";
/// JSON summary for hits: addresses, attachments, sources, header date.
pub const SUMMARY: &str = "summary";
/// The original message bytes, or a loose document's bytes.
pub const RAW: &str = "raw";
/// Id of the email that carries an attachment or a forwarded message, or of
/// the loose archive a document was found in.
pub const PARENT_ID: &str = "parent_id";
/// Short file type of an attachment or document (`pdf`, `docx`, `zip`…).
pub const FILETYPE: &str = "filetype";
/// How extraction went: `text`, `empty`, `encrypted`, `failed`, `unsupported`.
pub const EXTRACTION: &str = "extraction";
/// Extracted text of an attachment or document (stored for snippets and the
/// reader; attachments are not stored twice, their bytes are in the email).
pub const TEXT: &str = "text";
/// An email's HTML body, sanitized once at index time (stored only): the
/// reader shows it without parsing mail HTML again.
pub const HTML: &str = "html";
/// An email's DKIM outcome ([`crate::DkimOutcome`]): stored, facet, filter.
pub const DKIM: &str = "dkim";
/// People a document's metadata names (author, creator, last editor),
/// exact analysis, for `author:`.
pub const AUTHOR: &str = "author";
/// The same names as written (facet).
pub const AUTHOR_KEY: &str = "author_key";
/// The application, producer or tool that made a document, exact analysis,
/// for `software:`.
pub const SOFTWARE: &str = "software";
/// The same as written (facet).
pub const SOFTWARE_KEY: &str = "software_key";
/// The mail client that sent an email (X-Mailer, User-Agent), exact
/// analysis, for `client:`.
pub const CLIENT: &str = "client";
/// The same, shortened to its name and version (facet).
pub const CLIENT_KEY: &str = "client_key";
/// Locality-sensitive bands of a document's MinHash: documents sharing one
/// are candidates for edited copies.
pub const SIMILARITY_BANDS: &str = "similarity_bands";
/// The MinHash signature itself (stored bytes), to estimate similarity.
pub const MINHASH: &str = "minhash";
/// IBANs written in the text, checked, without spaces (facet, filter).
pub const IBAN: &str = "iban";
/// Phone numbers written in the text, in E.164 (facet, filter).
pub const PHONE: &str = "phone";
/// SIREN numbers written in the text, checked (facet, filter).
pub const SIREN: &str = "siren";
/// SIRET numbers written in the text, checked (facet, filter).
pub const SIRET: &str = "siret";
/// Hosts of the links in the text, without `www.` (facet, filter).
pub const LINK: &str = "link";
/// Email addresses written in the text (facet, filter).
pub const MENTION: &str = "mention";
/// The entity fields: IBAN, phone, SIREN, SIRET, link host, mentioned
/// address.
pub const ENTITY_FIELDS: [&str; 6] = [IBAN, PHONE, SIREN, SIRET, LINK, MENTION];

/// Name of the stemmed subject field for `language`.
pub fn subject_field_name(language: Language) -> &'static str {
    match language {
        Language::French => "subject_fr",
        Language::English => "subject_en",
    }
}

/// Name of the stemmed body field for `language`.
pub fn body_field_name(language: Language) -> &'static str {
    match language {
        Language::French => "body_fr",
        Language::English => "body_en",
    }
}

/// Name of the stemmed quoted-text field for `language`.
pub fn quoted_field_name(language: Language) -> &'static str {
    match language {
        Language::French => "quoted_fr",
        Language::English => "quoted_en",
    }
}

fn text(analyzer: &str) -> TextOptions {
    TextOptions::default().set_indexing_options(
        TextFieldIndexing::default()
            .set_tokenizer(analyzer)
            .set_index_option(IndexRecordOption::WithFreqsAndPositions),
    )
}

/// Stemmed fields answer single words only (phrases and prefixes use the
/// exact fields), so they keep no positions: a smaller index, faster writes.
fn without_positions(analyzer: &str) -> TextOptions {
    TextOptions::default().set_indexing_options(
        TextFieldIndexing::default()
            .set_tokenizer(analyzer)
            .set_index_option(IndexRecordOption::WithFreqs),
    )
}

/// The schema of a Fouille archive.
pub fn build_schema() -> Schema {
    let mut builder = Schema::builder();
    builder.add_text_field(ID, STRING | STORED | FAST);
    builder.add_text_field(KIND, STRING | STORED | FAST);
    builder.add_text_field(MESSAGE_ID, STORED);
    builder.add_text_field(MESSAGE_ID_KEY, STRING | FAST);
    builder.add_text_field(REFERENCES, STRING | FAST);
    builder.add_text_field(SUBJECT_KEY, STRING | FAST);
    builder.add_u64_field(IS_REPLY, FAST);
    builder.add_text_field(DEDUP_KEY, STRING | FAST);
    builder.add_text_field(THREAD_ID, STRING | STORED | FAST);
    builder.add_text_field(SUBJECT, text(EXACT_ANALYZER) | STORED);
    builder.add_text_field(BODY, text(EXACT_ANALYZER));
    builder.add_text_field(QUOTED, text(EXACT_ANALYZER));
    for language in Language::ALL {
        builder.add_text_field(
            quoted_field_name(language),
            without_positions(analyzer_for(language)),
        );
        builder.add_text_field(
            subject_field_name(language),
            without_positions(analyzer_for(language)),
        );
        builder.add_text_field(
            body_field_name(language),
            without_positions(analyzer_for(language)),
        );
    }
    builder.add_text_field(FROM, text(ADDRESS_ANALYZER));
    builder.add_text_field(FROM_ADDRESS, STRING | FAST);
    builder.add_text_field(DOMAIN, STRING | FAST);
    builder.add_text_field(TO, text(ADDRESS_ANALYZER));
    builder.add_text_field(CC, text(ADDRESS_ANALYZER));
    builder.add_text_field(BCC, text(ADDRESS_ANALYZER));
    builder.add_text_field(RECIPIENTS, STRING | FAST);
    builder.add_date_field(
        DATE,
        DateOptions::from(INDEXED | STORED | FAST).set_precision(DateTimePrecision::Seconds),
    );
    builder.add_text_field(MONTH, STRING | FAST);
    builder.add_text_field(LANG, STRING | STORED | FAST);
    builder.add_text_field(SOURCE, STRING);
    builder.add_text_field(FOLDER, STRING | FAST);
    builder.add_u64_field(SIZE, STORED | FAST);
    builder.add_u64_field(HAS_ATTACHMENTS, INDEXED | FAST);
    builder.add_text_field(ATTACHMENT_NAMES, text(EXACT_ANALYZER));
    builder.add_text_field(SUMMARY, STORED);
    builder.add_bytes_field(RAW, STORED);
    builder.add_text_field(PARENT_ID, STRING | STORED | FAST);
    builder.add_text_field(FILETYPE, STRING | FAST);
    builder.add_text_field(EXTRACTION, STRING | FAST);
    builder.add_text_field(TEXT, STORED);
    builder.add_text_field(HTML, STORED);
    builder.add_text_field(DKIM, STRING | STORED | FAST);
    builder.add_text_field(AUTHOR, text(EXACT_ANALYZER));
    builder.add_text_field(AUTHOR_KEY, STRING | FAST);
    builder.add_text_field(SOFTWARE, text(EXACT_ANALYZER));
    builder.add_text_field(SOFTWARE_KEY, STRING | FAST);
    builder.add_text_field(CLIENT, text(EXACT_ANALYZER));
    builder.add_text_field(CLIENT_KEY, STRING | FAST);
    builder.add_text_field(SIMILARITY_BANDS, STRING);
    builder.add_bytes_field(MINHASH, STORED);
    for entity in ENTITY_FIELDS {
        builder.add_text_field(entity, STRING | FAST);
    }
    builder.build()
}

/// Handles of every field, resolved once from a schema.
#[derive(Debug, Clone, Copy)]
#[allow(missing_docs)]
pub struct Fields {
    pub id: Field,
    pub kind: Field,
    pub message_id: Field,
    pub message_id_key: Field,
    pub references: Field,
    pub subject_key: Field,
    pub is_reply: Field,
    pub dedup_key: Field,
    pub thread_id: Field,
    pub subject: Field,
    pub subject_fr: Field,
    pub subject_en: Field,
    pub body: Field,
    pub body_fr: Field,
    pub body_en: Field,
    pub quoted: Field,
    pub quoted_fr: Field,
    pub quoted_en: Field,
    pub from: Field,
    pub from_address: Field,
    pub domain: Field,
    pub to: Field,
    pub cc: Field,
    pub bcc: Field,
    pub recipients: Field,
    pub date: Field,
    pub month: Field,
    pub lang: Field,
    pub source: Field,
    pub folder: Field,
    pub size: Field,
    pub has_attachments: Field,
    pub attachment_names: Field,
    pub summary: Field,
    pub raw: Field,
    pub parent_id: Field,
    pub filetype: Field,
    pub extraction: Field,
    pub text: Field,
    pub html: Field,
    pub dkim: Field,
    pub author: Field,
    pub author_key: Field,
    pub software: Field,
    pub software_key: Field,
    pub client: Field,
    pub client_key: Field,
    pub similarity_bands: Field,
    pub minhash: Field,
    pub iban: Field,
    pub phone: Field,
    pub siren: Field,
    pub siret: Field,
    pub link: Field,
    pub mention: Field,
}

impl Fields {
    /// Resolves every field of `schema`; `None` if the schema is not Fouille's.
    pub fn resolve(schema: &Schema) -> Option<Fields> {
        let get = |name: &str| schema.get_field(name).ok();
        Some(Fields {
            id: get(ID)?,
            kind: get(KIND)?,
            message_id: get(MESSAGE_ID)?,
            message_id_key: get(MESSAGE_ID_KEY)?,
            references: get(REFERENCES)?,
            subject_key: get(SUBJECT_KEY)?,
            is_reply: get(IS_REPLY)?,
            dedup_key: get(DEDUP_KEY)?,
            thread_id: get(THREAD_ID)?,
            subject: get(SUBJECT)?,
            subject_fr: get(subject_field_name(Language::French))?,
            subject_en: get(subject_field_name(Language::English))?,
            body: get(BODY)?,
            body_fr: get(body_field_name(Language::French))?,
            body_en: get(body_field_name(Language::English))?,
            quoted: get(QUOTED)?,
            quoted_fr: get(quoted_field_name(Language::French))?,
            quoted_en: get(quoted_field_name(Language::English))?,
            from: get(FROM)?,
            from_address: get(FROM_ADDRESS)?,
            domain: get(DOMAIN)?,
            to: get(TO)?,
            cc: get(CC)?,
            bcc: get(BCC)?,
            recipients: get(RECIPIENTS)?,
            date: get(DATE)?,
            month: get(MONTH)?,
            lang: get(LANG)?,
            source: get(SOURCE)?,
            folder: get(FOLDER)?,
            size: get(SIZE)?,
            has_attachments: get(HAS_ATTACHMENTS)?,
            attachment_names: get(ATTACHMENT_NAMES)?,
            summary: get(SUMMARY)?,
            raw: get(RAW)?,
            parent_id: get(PARENT_ID)?,
            filetype: get(FILETYPE)?,
            extraction: get(EXTRACTION)?,
            text: get(TEXT)?,
            html: get(HTML)?,
            dkim: get(DKIM)?,
            author: get(AUTHOR)?,
            author_key: get(AUTHOR_KEY)?,
            software: get(SOFTWARE)?,
            software_key: get(SOFTWARE_KEY)?,
            client: get(CLIENT)?,
            client_key: get(CLIENT_KEY)?,
            similarity_bands: get(SIMILARITY_BANDS)?,
            minhash: get(MINHASH)?,
            iban: get(IBAN)?,
            phone: get(PHONE)?,
            siren: get(SIREN)?,
            siret: get(SIRET)?,
            link: get(LINK)?,
            mention: get(MENTION)?,
        })
    }

    /// The stemmed subject field of `language`.
    pub fn subject_stemmed(&self, language: Language) -> Field {
        match language {
            Language::French => self.subject_fr,
            Language::English => self.subject_en,
        }
    }

    /// The stemmed body field of `language`.
    pub fn body_stemmed(&self, language: Language) -> Field {
        match language {
            Language::French => self.body_fr,
            Language::English => self.body_en,
        }
    }

    /// The stemmed quoted-text field of `language`.
    pub fn quoted_stemmed(&self, language: Language) -> Field {
        match language {
            Language::French => self.quoted_fr,
            Language::English => self.quoted_en,
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn schema_resolves() {
        assert!(Fields::resolve(&build_schema()).is_some());
    }
}
