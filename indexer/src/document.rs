//! Building the tantivy document of a message. A document is a pure function
//! of the raw bytes, the thread and the sources, so it can always be rebuilt
//! from what the archive stores (to add a source or move a thread).

use fouille_extract::client::client_key;
use fouille_extract::entities::find_entities_in;
use fouille_extract::message::{ParsedMessage, is_reply_subject, parse_message, subject_key};
use fouille_extract::quotes::split_parts;
use fouille_extract::sanitize::ReaderHtml;
use fouille_schema::stored::{DkimReport, DocumentMetadata, FileSummary, Source, StoredSummary};
use fouille_schema::{DocumentKind, Error, Fields, Language, Result};
use jiff::Timestamp;
use tantivy::schema::Value;
use tantivy::{DateTime, TantivyDocument};

use crate::expand::FileItem;
use crate::lang::{LanguageDetector, LanguageGuess, UNDETERMINED};

/// Everything a document is made of besides the message itself.
pub struct DocumentContext<'a> {
    /// Detected language.
    pub language: &'a LanguageGuess,
    /// Thread id (hex).
    pub thread_id: &'a str,
    /// Sources, sorted, without duplicates.
    pub sources: &'a [Source],
    /// The raw message.
    pub raw: &'a [u8],
    /// The message or document that carried it.
    pub parent_id: Option<&'a str>,
    /// What its DKIM signatures say.
    pub dkim: &'a DkimReport,
}

/// `YYYY-MM` of a timestamp in UTC.
pub fn month_key(seconds: i64) -> Option<String> {
    let timestamp = Timestamp::from_second(seconds).ok()?;
    let date = timestamp.to_zoned(jiff::tz::TimeZone::UTC).date();
    Some(format!("{:04}-{:02}", date.year(), date.month()))
}

/// The lowercase domain of a sender, if it has one.
pub(crate) fn sender_domain(from: Option<&fouille_schema::stored::Mailbox>) -> Option<String> {
    domain_of(&from?.address_key()?)
}

/// The stored JSON summary of a document, `None` when unreadable.
pub(crate) fn stored_summary(fields: &Fields, stored: &TantivyDocument) -> Option<StoredSummary> {
    let text = stored.get_first(fields.summary)?.as_str()?;
    serde_json::from_str(text).ok()
}

fn domain_of(address: &str) -> Option<String> {
    let (_, domain) = address.rsplit_once('@')?;
    let domain = domain.trim().trim_end_matches('>').to_lowercase();
    (!domain.is_empty()).then_some(domain)
}

/// The sender (name and address, address, domain), the date and its month:
/// an email's, also given to each of its attachments.
fn add_sender_and_date(doc: &mut TantivyDocument, fields: &Fields, message: &ParsedMessage) {
    if let Some(from) = &message.from {
        doc.add_text(fields.from, from.text());
        if let Some(address) = from.address_key() {
            if let Some(domain) = domain_of(&address) {
                doc.add_text(fields.domain, domain);
            }
            doc.add_text(fields.from_address, address);
        }
    }
    if let Some(seconds) = message.date {
        doc.add_date(fields.date, DateTime::from_timestamp_secs(seconds));
        if let Some(month) = month_key(seconds) {
            doc.add_text(fields.month, month);
        }
    }
}

/// Builds the document of `message`.
pub fn build_document(
    fields: &Fields,
    message: &ParsedMessage,
    context: &DocumentContext,
) -> TantivyDocument {
    let mut doc = TantivyDocument::default();
    add_identity(&mut doc, fields, message, context);
    add_text(&mut doc, fields, message, context.language);
    add_entities(&mut doc, fields, &[&message.subject, &message.body]);
    add_sender_and_date(&mut doc, fields, message);
    for (field, list) in [
        (fields.to, &message.to),
        (fields.cc, &message.cc),
        (fields.bcc, &message.bcc),
    ] {
        for mailbox in list {
            doc.add_text(field, mailbox.text());
            if let Some(address) = mailbox.address_key() {
                doc.add_text(fields.recipients, address);
            }
        }
    }
    doc.add_text(fields.lang, &context.language.code);
    doc.add_text(fields.dkim, context.dkim.outcome.as_str());
    add_sources(&mut doc, fields, context.sources);
    doc.add_u64(fields.size, message.size);
    doc.add_u64(
        fields.has_attachments,
        u64::from(!message.attachments.is_empty()),
    );
    for attachment in &message.attachments {
        doc.add_text(fields.attachment_names, &attachment.name);
    }
    // The email's own: its attachments were not written by a mail client.
    if let Some(client) = &message.client {
        doc.add_text(fields.client, client);
        if let Some(key) = client_key(client) {
            doc.add_text(fields.client_key, key);
        }
    }
    if let ReaderHtml::Clean(html) = &message.html {
        doc.add_text(fields.html, html);
    }
    doc.add_text(
        fields.summary,
        serde_json::to_string(&email_summary(message, context)).expect("summary serializes"),
    );
    doc.add_bytes(fields.raw, context.raw);
    doc
}

/// The subject, the body's own text and its quoted text, exact and
/// stemmed.
fn add_text(
    doc: &mut TantivyDocument,
    fields: &Fields,
    message: &ParsedMessage,
    language: &LanguageGuess,
) {
    doc.add_text(fields.subject, &message.subject);
    for language in &language.stem_as {
        doc.add_text(fields.subject_stemmed(*language), &message.subject);
    }
    if message.quoted.is_empty() {
        add_body_part(doc, fields, language, &message.body, false);
        return;
    }
    // Each run is a value of its own: tantivy leaves a position between
    // values, so a phrase does not join the words on either side of a
    // quote that was taken out.
    for (quoted, part) in split_parts(&message.body, &message.quoted) {
        add_body_part(doc, fields, language, part, quoted);
    }
}

/// One run of an email's body, to its own-text or quoted-text fields.
fn add_body_part(
    doc: &mut TantivyDocument,
    fields: &Fields,
    language: &LanguageGuess,
    text: &str,
    quoted: bool,
) {
    let (exact, stemmed): (_, fn(&Fields, Language) -> tantivy::schema::Field) = if quoted {
        (fields.quoted, Fields::quoted_stemmed)
    } else {
        (fields.body, Fields::body_stemmed)
    };
    doc.add_text(exact, text);
    for language in &language.stem_as {
        doc.add_text(stemmed(fields, *language), text);
    }
}

/// The IBANs, phones, SIREN and SIRET numbers, link hosts and addresses
/// `texts` mention, for their query fields and facets.
fn add_entities(doc: &mut TantivyDocument, fields: &Fields, texts: &[&str]) {
    let found = find_entities_in(texts);
    for (field, values) in [
        (fields.iban, found.ibans),
        (fields.phone, found.phones),
        (fields.siren, found.sirens),
        (fields.siret, found.sirets),
        (fields.link, found.domains),
        (fields.mention, found.emails),
    ] {
        for value in values {
            doc.add_text(field, value);
        }
    }
}

/// What names an email and links it to others: ids, Message-IDs,
/// references, thread and dedup keys.
fn add_identity(
    doc: &mut TantivyDocument,
    fields: &Fields,
    message: &ParsedMessage,
    context: &DocumentContext,
) {
    doc.add_text(fields.id, &message.id);
    doc.add_text(fields.kind, DocumentKind::Email.as_str());
    if let Some(parent) = context.parent_id {
        doc.add_text(fields.parent_id, parent);
    }
    doc.add_text(fields.filetype, "email");
    if let Some(message_id) = &message.message_id {
        doc.add_text(fields.message_id, message_id);
    }
    // Every copy's Message-ID finds the message (`msgid:`); the stored
    // Message-ID stays the one of the copy kept.
    let mut keys: Vec<&str> = message.message_id_key.iter().map(String::as_str).collect();
    for key in context.sources.iter().filter_map(Source::message_id_key) {
        if !keys.contains(&key) {
            keys.push(key);
        }
    }
    for key in keys {
        doc.add_text(fields.message_id_key, key);
    }
    for reference in &message.references {
        doc.add_text(fields.references, reference);
    }
    doc.add_text(fields.subject_key, subject_key(&message.subject));
    doc.add_u64(
        fields.is_reply,
        u64::from(is_reply_subject(&message.subject)),
    );
    if let Some(key) = &message.dedup_key {
        doc.add_text(fields.dedup_key, key);
    }
    doc.add_text(fields.thread_id, context.thread_id);
}

/// Each source's path, and each folder once.
fn add_sources(doc: &mut TantivyDocument, fields: &Fields, sources: &[Source]) {
    let mut folders: Vec<&str> = Vec::new();
    for source in sources {
        doc.add_text(fields.source, &source.path);
        if !folders.contains(&source.folder.as_str()) {
            folders.push(&source.folder);
            doc.add_text(fields.folder, &source.folder);
        }
    }
}

/// The stored summary of an email.
fn email_summary(message: &ParsedMessage, context: &DocumentContext) -> StoredSummary {
    StoredSummary {
        from: message.from.clone(),
        to: message.to.clone(),
        cc: message.cc.clone(),
        bcc: message.bcc.clone(),
        attachments: message.attachments.clone(),
        sources: context.sources.to_vec(),
        references: message.references.clone(),
        file: None,
        html_omitted: match &message.html {
            ReaderHtml::Omitted(reason) => Some(reason.clone()),
            _ => None,
        },
        dkim: Some(context.dkim.clone()),
        quoted: message
            .quoted
            .iter()
            .map(|range| [range.start, range.end])
            .collect(),
    }
}

/// An email's tantivy document, rebuilt from what the archive stores: its
/// raw bytes parsed again, its thread, parent, language and sanitized HTML
/// as stored,
/// and `summary`'s sources and DKIM report (to add a source, or record a
/// new DKIM check), in `thread_id` when it moves; with its parse, for its
/// attachments.
pub fn rebuild_email_document(
    fields: &Fields,
    stored: &TantivyDocument,
    summary: StoredSummary,
    thread_id: Option<&str>,
) -> Result<(TantivyDocument, ParsedMessage)> {
    let str_of = |field| stored.get_first(field).and_then(|value| value.as_str());
    let id = str_of(fields.id).unwrap_or_default();
    let raw = stored
        .get_first(fields.raw)
        .and_then(|value| value.as_bytes())
        .unwrap_or_default();
    let mut message = parse_message(raw)
        .map_err(|failure| Error::Damaged(format!("stored message {id}: {failure}")))?;
    // Some quotes were found with the thread's other messages: kept as
    // first found.
    message.quoted = summary
        .quoted
        .iter()
        .map(|&[start, end]| start..end)
        .collect();
    // Sanitized when first indexed: kept as it is.
    message.html = match (str_of(fields.html), summary.html_omitted) {
        (Some(html), _) => ReaderHtml::Clean(html.to_string()),
        (None, Some(reason)) => ReaderHtml::Omitted(reason),
        (None, None) => ReaderHtml::None,
    };
    // As first detected, whatever languages this run tells apart.
    let guess = LanguageGuess::from_code(str_of(fields.lang).unwrap_or(UNDETERMINED));
    let dkim = summary.dkim.unwrap_or_else(DkimReport::unsigned);
    let doc = build_document(
        fields,
        &message,
        &DocumentContext {
            language: &guess,
            thread_id: thread_id.unwrap_or_else(|| str_of(fields.thread_id).unwrap_or_default()),
            sources: &summary.sources,
            raw,
            parent_id: str_of(fields.parent_id),
            dkim: &dkim,
        },
    );
    Ok((doc, message))
}

/// The email an attachment belongs to, as the writer knows it.
pub struct ParentContext<'a> {
    /// The parsed parent.
    pub message: &'a ParsedMessage,
    /// Its thread.
    pub thread_id: &'a str,
    /// Its sources.
    pub sources: &'a [Source],
}

/// The people and tools a file's metadata names, for `author:` and
/// `software:` (analysed: case and accents folded, Cyrillic kept) and their
/// facets (the value as written). The camera counts as a tool.
fn add_metadata(doc: &mut TantivyDocument, fields: &Fields, metadata: &DocumentMetadata) {
    let mut seen: Vec<&str> = Vec::new();
    for (values, text, key) in [
        (
            metadata.people().collect::<Vec<_>>(),
            fields.author,
            fields.author_key,
        ),
        (
            metadata.tools().collect(),
            fields.software,
            fields.software_key,
        ),
    ] {
        seen.clear();
        for value in values {
            let value = value.trim();
            // An author who is also the last editor counts once in the facet.
            if value.is_empty() || seen.contains(&value) {
                continue;
            }
            seen.push(value);
            doc.add_text(text, value);
            doc.add_text(key, value);
        }
    }
}

/// Builds the document of an attachment or a loose document. Attachments
/// take their email's sender, recipients, date, thread and folders, so
/// filters on those find them too.
pub fn build_file_document(
    fields: &Fields,
    file: &FileItem,
    parent: Option<&ParentContext>,
    sources: &[Source],
) -> TantivyDocument {
    let mut doc = TantivyDocument::default();
    doc.add_text(fields.id, &file.id);
    doc.add_text(fields.kind, file.kind.as_str());
    if let Some(parent_id) = &file.parent_id {
        doc.add_text(fields.parent_id, parent_id);
    }
    doc.add_text(fields.filetype, &file.filetype);
    doc.add_text(fields.extraction, file.extraction.as_str());
    doc.add_text(fields.subject, &file.name);
    doc.add_text(fields.body, &file.text);
    for language in &file.language.stem_as {
        doc.add_text(fields.subject_stemmed(*language), &file.name);
        doc.add_text(fields.body_stemmed(*language), &file.text);
    }
    doc.add_text(fields.attachment_names, &file.name);
    add_entities(&mut doc, fields, &[&file.text]);
    doc.add_text(fields.lang, &file.language.code);
    doc.add_u64(fields.size, file.size);
    doc.add_u64(fields.has_attachments, 0);
    if let Some(metadata) = &file.metadata {
        add_metadata(&mut doc, fields, metadata);
    }
    let mut summary = StoredSummary {
        sources: sources.to_vec(),
        file: Some(FileSummary {
            name: file.name.clone(),
            path: file.path.clone(),
            mime: file.mime.clone(),
            filetype: file.filetype.clone(),
            extraction: file.extraction,
            reason: file.reason.clone(),
            truncated: file.truncated,
            attachment_index: file.attachment_index,
            parent_subject: None,
            parent_message_id: None,
            metadata: file.metadata.clone(),
            ocr: file.ocr.clone(),
        }),
        ..StoredSummary::default()
    };
    if let Some(parent) = parent {
        let message = parent.message;
        doc.add_text(fields.thread_id, parent.thread_id);
        add_sender_and_date(&mut doc, fields, message);
        for mailbox in message.to.iter().chain(&message.cc).chain(&message.bcc) {
            if let Some(address) = mailbox.address_key() {
                doc.add_text(fields.recipients, address);
            }
        }
        summary.from = message.from.clone();
        summary.to = message.to.clone();
        summary.cc = message.cc.clone();
        if let Some(file) = summary.file.as_mut() {
            file.parent_subject = Some(message.subject.clone());
            file.parent_message_id = message.message_id.clone();
        }
    }
    add_sources(&mut doc, fields, sources);
    if !file.text.is_empty() {
        doc.add_text(fields.text, &file.text);
    }
    if let Some(signature) = crate::similarity::signature(&file.text) {
        for key in signature.band_keys() {
            doc.add_text(fields.similarity_bands, key);
        }
        doc.add_bytes(fields.minhash, &signature.to_bytes());
    }
    if let Some(raw) = &file.raw {
        doc.add_bytes(fields.raw, raw);
    }
    doc.add_text(
        fields.summary,
        serde_json::to_string(&summary).expect("summary serializes"),
    );
    doc
}

/// An attachment's or document's item as the archive stores it, to build
/// its document again (with another source, thread or text).
pub fn stored_file_item(
    fields: &Fields,
    stored: &TantivyDocument,
    file: &FileSummary,
    detector: &LanguageDetector,
) -> FileItem {
    let text = stored
        .get_first(fields.text)
        .and_then(|value| value.as_str())
        .unwrap_or_default()
        .to_string();
    let raw = stored
        .get_first(fields.raw)
        .and_then(|value| value.as_bytes())
        .map(<[u8]>::to_vec);
    FileItem {
        id: stored
            .get_first(fields.id)
            .and_then(|value| value.as_str())
            .unwrap_or_default()
            .to_string(),
        kind: stored
            .get_first(fields.kind)
            .and_then(|value| value.as_str())
            .and_then(DocumentKind::parse)
            .unwrap_or(DocumentKind::Document),
        name: file.name.clone(),
        path: file.path.clone(),
        mime: file.mime.clone(),
        filetype: file.filetype.clone(),
        size: stored
            .get_first(fields.size)
            .and_then(|value| value.as_u64())
            .unwrap_or_default(),
        language: detector.detect(&file.name, &text),
        text,
        truncated: file.truncated,
        extraction: file.extraction,
        reason: file.reason.clone(),
        metadata: file.metadata.clone(),
        parent_id: stored
            .get_first(fields.parent_id)
            .and_then(|value| value.as_str())
            .map(str::to_string),
        attachment_index: file.attachment_index,
        raw,
        ocr: file.ocr.clone(),
        ocr_bytes: None,
    }
}
