//! Turning raw bytes into the fields Fouille indexes, leniently: a damaged
//! message still yields what can be read of it.

use std::panic::{AssertUnwindSafe, catch_unwind};

use mail_parser::{Address, HeaderValue, MessageParser, MimeHeaders, PartType};

use fouille_schema::stored::{AttachmentInfo, Mailbox};

use crate::truncate_text;

/// Messages larger than this are indexed by their headers and first bytes of
/// text only; the raw bytes are still kept whole.
const MAX_BODY_CHARS: usize = 2_000_000;

/// Dates before this year are header damage, not history: the date is left
/// out (the raw header is kept in the message).
const MIN_YEAR: i64 = 1970;
/// Nor can mail be dated more than this far past the indexing time.
const MAX_FUTURE_SECS: i64 = 366 * 24 * 3600;

/// What Fouille reads out of one message.
#[derive(Debug, Clone, Default)]
pub struct ParsedMessage {
    /// Content-derived id (hex).
    pub id: String,
    /// Message-ID header as written, with angle brackets.
    pub message_id: Option<String>,
    /// Message-ID without brackets.
    pub message_id_key: Option<String>,
    /// References then In-Reply-To ids, without brackets, oldest first.
    pub references: Vec<String>,
    /// Decoded subject.
    pub subject: String,
    /// Sender.
    pub from: Option<Mailbox>,
    /// To recipients.
    pub to: Vec<Mailbox>,
    /// Cc recipients.
    pub cc: Vec<Mailbox>,
    /// Bcc recipients.
    pub bcc: Vec<Mailbox>,
    /// Date, seconds since the epoch (UTC), when plausible.
    pub date: Option<i64>,
    /// Visible text of the body (HTML rendered to text).
    pub body: String,
    /// Byte ranges of `body` that quote other messages ([`crate::quotes`]);
    /// the indexer adds the paragraphs repeated from earlier in the thread.
    pub quoted: Vec<std::ops::Range<usize>>,
    /// Attachments.
    pub attachments: Vec<AttachmentInfo>,
    /// The mail client that wrote it (X-Mailer, User-Agent…), cleaned and
    /// bounded ([`crate::client::sending_client`]).
    pub client: Option<String>,
    /// Raw size in bytes.
    pub size: u64,
    /// Hash of Message-ID, body and attachments, when there is a Message-ID:
    /// copies with the same Message-ID and body are one message even when
    /// their subject or date was altered on the way.
    pub dedup_key: Option<String>,
    /// The HTML body for the reader, once sanitized (set by the indexer:
    /// parsing leaves it `None`).
    pub html: crate::sanitize::ReaderHtml,
}

/// Why a message could not be parsed.
#[derive(Debug, Clone, PartialEq, Eq, thiserror::Error)]
pub enum ParseFailure {
    /// The parser found no message at all.
    #[error("not a parsable message")]
    Unparsable,
    /// The parser panicked on this input.
    #[error("mail parser crashed on this message: {0}")]
    Panicked(String),
}

/// Parses `raw`, never panicking.
pub fn parse_message(raw: &[u8]) -> Result<ParsedMessage, ParseFailure> {
    parse_message_tree(raw).map(|(parsed, _)| parsed)
}

/// Parses `raw`, never panicking, keeping mail-parser's tree as well (for
/// readers that need parts and headers beyond what is indexed).
pub fn parse_message_tree(
    raw: &[u8],
) -> Result<(ParsedMessage, mail_parser::Message<'_>), ParseFailure> {
    match catch_unwind(AssertUnwindSafe(|| parse_unguarded(raw))) {
        Ok(Some(parsed)) => Ok(parsed),
        Ok(None) => Err(ParseFailure::Unparsable),
        Err(panic) => {
            let reason = panic
                .downcast_ref::<&str>()
                .map(|s| s.to_string())
                .or_else(|| panic.downcast_ref::<String>().cloned())
                .unwrap_or_else(|| "unknown panic".into());
            Err(ParseFailure::Panicked(reason))
        }
    }
}

fn parse_unguarded(raw: &[u8]) -> Option<(ParsedMessage, mail_parser::Message<'_>)> {
    let message = MessageParser::default().parse(raw)?;
    let message_id_key = message
        .message_id()
        .map(str::trim)
        .filter(|id| !id.is_empty())
        .map(str::to_string);
    let message_id = message_id_key.as_ref().map(|key| {
        message
            .header_raw("Message-ID")
            .map(str::trim)
            .filter(|raw| raw.starts_with('<') && raw.ends_with('>'))
            .map_or_else(|| format!("<{key}>"), str::to_string)
    });
    let mut references = ids(message.references());
    for id in ids(message.in_reply_to()) {
        if !references.contains(&id) {
            references.push(id);
        }
    }
    let subject = clean(message.subject().unwrap_or_default());
    let header_date = message.date().map(|date| date.to_timestamp());
    let latest = jiff::Timestamp::now().as_second() + MAX_FUTURE_SECS;
    let date = header_date.filter(|&seconds| {
        let year = 1970 + seconds.div_euclid(31_556_952);
        year >= MIN_YEAR && seconds <= latest
    });

    let body = body_text(&message);

    let attachments = message
        .attachments()
        .enumerate()
        .map(|(n, part)| {
            let mime = part
                .content_type()
                .map(|ct| match &ct.c_subtype {
                    Some(sub) => format!("{}/{}", ct.c_type, sub),
                    None => ct.c_type.to_string(),
                })
                .unwrap_or_else(|| "application/octet-stream".into())
                .to_ascii_lowercase();
            let size = match &part.body {
                PartType::Message(inner) => inner.raw_message().len(),
                _ => part.contents().len(),
            } as u64;
            AttachmentInfo {
                name: part
                    .attachment_name()
                    .map(clean)
                    .filter(|name| !name.is_empty())
                    .unwrap_or_else(|| format!("attachment-{}", n + 1)),
                mime,
                size,
            }
        })
        .collect();

    let mut parsed = ParsedMessage {
        id: String::new(),
        message_id,
        message_id_key,
        references,
        subject,
        from: message
            .from()
            .and_then(|from| mailboxes(from).into_iter().next()),
        to: message.to().map(mailboxes).unwrap_or_default(),
        cc: message.cc().map(mailboxes).unwrap_or_default(),
        bcc: message.bcc().map(mailboxes).unwrap_or_default(),
        date,
        quoted: crate::quotes::quoted_ranges(&body),
        body,
        attachments,
        client: crate::client::sending_client(&message),
        size: raw.len() as u64,
        dedup_key: None,
        html: crate::sanitize::ReaderHtml::None,
    };
    // Ids hash the header's date as written, not the plausibility-filtered
    // one, so an id never depends on the day it was computed.
    parsed.id = content_id(&parsed, header_date, raw, &message);
    parsed.dedup_key = parsed.message_id_key.as_ref().map(|key| {
        let mut hasher = blake3::Hasher::new();
        hasher.update(b"fouille:mid-body:1\0");
        hasher.update(key.as_bytes());
        hasher.update(b"\0");
        hasher.update(normalized_body(&parsed.body).as_bytes());
        for part in message.attachments() {
            hasher.update(attachment_hash(part).as_bytes());
        }
        hasher.finalize().to_hex()[..32].to_string()
    });
    Some((parsed, message))
}

/// The text a reader sees: the plain parts (or HTML rendered to text), else a
/// nameless textual part the parser filed as an attachment.
fn body_text(message: &mail_parser::Message) -> String {
    // `text_body` lists the parts a reader sees as text: the plain
    // alternative when there is one, else the HTML part (rendered to text,
    // script and style dropped).
    let mut body = String::new();
    for position in 0..message.text_body_count() {
        let Some(text) = message.body_text(position) else {
            continue;
        };
        if !body.is_empty() {
            body.push('\n');
        }
        body.push_str(&clean_text(&text));
        if truncate_text(&mut body, MAX_BODY_CHARS) {
            break;
        }
    }

    if body.trim().is_empty() {
        // Some writers label the body `Content-Type: text` (no subtype) or put
        // it in a part the parser files as an attachment: a nameless textual
        // part is the body a reader would see.
        for part in message.attachments() {
            if part.attachment_name().is_some() {
                continue;
            }
            let is_text = part
                .content_type()
                .is_none_or(|ct| ct.c_type.eq_ignore_ascii_case("text"));
            let text = match &part.body {
                PartType::Text(text) => text.to_string(),
                PartType::Html(html) => mail_parser::decoders::html::html_to_text(html),
                PartType::Binary(bytes) | PartType::InlineBinary(bytes) if is_text => {
                    String::from_utf8_lossy(bytes).into_owned()
                }
                _ => continue,
            };
            if !body.is_empty() {
                body.push('\n');
            }
            body.push_str(&clean_text(&text));
        }
        truncate_text(&mut body, MAX_BODY_CHARS);
    }
    body
}

/// Only the body text of a raw message (for snippets: no ids, no hashing of
/// attachments), behind the same panic guard as [`parse_message`].
pub fn parse_body(raw: &[u8]) -> Result<String, ParseFailure> {
    match catch_unwind(AssertUnwindSafe(|| {
        MessageParser::default()
            .parse(raw)
            .map(|message| body_text(&message))
    })) {
        Ok(Some(body)) => Ok(body),
        Ok(None) => Err(ParseFailure::Unparsable),
        Err(_) => Err(ParseFailure::Panicked("while reading the body".into())),
    }
}

/// The id: a hash of what makes a message the same message to a reader —
/// date, sender, To and Cc, subject, body and attachments — so the copies of
/// one message found in several mailboxes or folders are one document, even
/// when their envelope headers (Received, X-Folder) or, as in the Enron
/// corpus, their Message-IDs differ. Without a date the Message-ID stands in
/// for it; a message with neither is identified by its raw bytes.
fn content_id(
    parsed: &ParsedMessage,
    header_date: Option<i64>,
    raw: &[u8],
    message: &mail_parser::Message,
) -> String {
    let mut hasher = blake3::Hasher::new();
    let anchor = match (header_date, &parsed.message_id_key) {
        (Some(date), _) => Some(format!("date:{date}")),
        (None, Some(key)) => Some(format!("mid:{key}")),
        (None, None) => None,
    };
    let Some(anchor) = anchor else {
        hasher.update(b"fouille:raw:");
        hasher.update(raw);
        return hasher.finalize().to_hex()[..32].to_string();
    };
    let mut field = |bytes: &[u8]| {
        hasher.update(&(bytes.len() as u64).to_le_bytes());
        hasher.update(bytes);
    };
    field(b"fouille:content:1");
    field(anchor.as_bytes());
    let from = parsed
        .from
        .as_ref()
        .and_then(Mailbox::address_key)
        .unwrap_or_default();
    field(from.as_bytes());
    for mailbox in parsed.to.iter().chain(&parsed.cc) {
        field(mailbox.address_key().unwrap_or_default().as_bytes());
    }
    field(parsed.subject.trim().as_bytes());
    field(normalized_body(&parsed.body).as_bytes());
    for part in message.attachments() {
        field(attachment_hash(part).as_bytes());
    }
    hasher.finalize().to_hex()[..32].to_string()
}

/// The body as hashed: its line ends were made LF when it was read.
fn normalized_body(body: &str) -> &str {
    body.trim()
}

/// The hash of an attachment's content. A textual part sent as 7bit, 8bit
/// or quoted-printable carries the line ends of the copy it came in (CRLF
/// on the wire, LF in a Unix mailbox): they are made LF first, so that
/// line ends never decide whether two copies are one message.
fn attachment_hash(part: &mail_parser::MessagePart) -> blake3::Hash {
    match &part.body {
        PartType::Text(text) | PartType::Html(text) => {
            blake3::hash(crate::normalize_line_ends(text).as_bytes())
        }
        _ => blake3::hash(part.contents()),
    }
}

fn ids(value: &HeaderValue) -> Vec<String> {
    let raw: Vec<&str> = match value {
        HeaderValue::Text(text) => vec![text.as_ref()],
        HeaderValue::TextList(list) => list.iter().map(|s| s.as_ref()).collect(),
        _ => Vec::new(),
    };
    raw.into_iter()
        .map(|id| {
            id.trim()
                .trim_start_matches('<')
                .trim_end_matches('>')
                .to_string()
        })
        .filter(|id| !id.is_empty())
        .collect()
}

fn mailboxes(address: &Address) -> Vec<Mailbox> {
    address
        .iter()
        .map(|addr| Mailbox {
            name: addr
                .name
                .as_deref()
                .map(|name| clean(name.trim().trim_matches('"').trim_matches('\'')))
                .filter(|name| !name.is_empty()),
            address: addr
                .address
                .as_deref()
                .map(str::trim)
                .filter(|address| !address.is_empty())
                .map(str::to_string),
        })
        .filter(|mailbox| mailbox.name.is_some() || mailbox.address.is_some())
        .collect()
}

/// [`clean`] for text with line ends: CRLF and a lone CR become LF first,
/// so that a CRLF copy reads as its LF twin rather than with a space at the
/// end of each line.
fn clean_text(text: &str) -> String {
    clean(&crate::normalize_line_ends(text))
}

/// Replaces characters that break display and tokenization (NUL, controls,
/// non-breaking spaces) by spaces.
fn clean(text: &str) -> String {
    text.chars()
        .map(|c| match c {
            '\n' | '\t' => c,
            '\u{a0}' | '\u{202f}' => ' ',
            c if c.is_control() => ' ',
            c => c,
        })
        .collect()
}

/// Reply and forward prefixes, in the languages leaks come in.
const SUBJECT_PREFIXES: &[&str] = &[
    "re", "fwd", "fw", "tr", "aw", "wg", "sv", "vs", "réf", "ref", "rép",
];

/// `text` without a leading reply or forward prefix (`Re:`, `TR :`,
/// `Re[2]:`), if it has one. Compares characters case-insensitively on the
/// original text, so the cut always falls on a character boundary.
fn strip_reply_prefix(text: &str) -> Option<&str> {
    for prefix in SUBJECT_PREFIXES {
        let mut chars = text.char_indices();
        let matched = prefix.chars().all(|expected| {
            chars
                .next()
                .is_some_and(|(_, c)| c.to_lowercase().eq(expected.to_lowercase()))
        });
        if !matched {
            continue;
        }
        let offset = chars.next().map_or(text.len(), |(at, _)| at);
        let rest = text[offset..].trim_start();
        let rest = match rest.strip_prefix('[') {
            Some(counter) => counter
                .trim_start_matches(|c: char| c.is_ascii_digit())
                .strip_prefix(']')
                .unwrap_or(rest),
            None => rest,
        };
        if let Some(after) = rest.trim_start().strip_prefix(':') {
            return Some(after.trim_start());
        }
    }
    None
}

/// A subject without reply and forward prefixes or list tags, lowercased:
/// the key threads fall back on.
pub fn subject_key(subject: &str) -> String {
    let mut rest = subject.trim();
    loop {
        let before = rest;
        if let Some(stripped) = rest.strip_prefix('[')
            && let Some(end) = stripped.find(']')
        {
            rest = stripped[end + 1..].trim_start();
        }
        if let Some(stripped) = strip_reply_prefix(rest) {
            rest = stripped;
        }
        if rest == before {
            break;
        }
    }
    rest.split_whitespace()
        .collect::<Vec<_>>()
        .join(" ")
        .to_lowercase()
}

/// True if the subject says it answers or forwards another message.
pub fn is_reply_subject(subject: &str) -> bool {
    subject_key(subject)
        != subject
            .split_whitespace()
            .collect::<Vec<_>>()
            .join(" ")
            .to_lowercase()
}

#[cfg(test)]
mod tests {
    use super::*;

    const LF_COPY: &str = "Message-ID: <le@example.org>\nDate: Mon, 4 Jun 2001 08:00:00 +0200\n\
        From: a@example.org\nTo: b@example.org\nSubject: Notes\nMIME-Version: 1.0\n\
        Content-Type: multipart/mixed; boundary=\"b\"\n\n--b\n\
        Content-Type: text/plain; charset=utf-8\nContent-Transfer-Encoding: 8bit\n\n\
        Paul,\nvoici mes notes.\nlone\rCR\n--b\n\
        Content-Type: text/plain; name=\"n.txt\"\nContent-Disposition: attachment; filename=\"n.txt\"\n\
        Content-Transfer-Encoding: 8bit\n\npremier point\nsecond point\n--b--\n";

    #[test]
    fn line_ends_do_not_decide_identity_nor_reach_the_text() {
        let lf = parse_message(LF_COPY.as_bytes()).expect("lf");
        let crlf_bytes = LF_COPY.replace('\n', "\r\n");
        let crlf = parse_message(crlf_bytes.as_bytes()).expect("crlf");
        assert_eq!(lf.body, "Paul,\nvoici mes notes.\nlone\nCR");
        assert_eq!(crlf.body, lf.body);
        assert_eq!(crlf.id, lf.id);
        assert_eq!(crlf.dedup_key, lf.dedup_key);
        assert_eq!(parse_body(crlf_bytes.as_bytes()).expect("body"), lf.body);
        // An attachment with other text is another message.
        let edited = parse_message(LF_COPY.replace("second", "third").as_bytes()).expect("edited");
        assert_ne!(edited.id, lf.id);
    }

    #[test]
    fn subject_keys() {
        assert_eq!(subject_key("Re: RE: Budget 2018"), "budget 2018");
        assert_eq!(subject_key("TR: Budget  2018"), "budget 2018");
        assert_eq!(subject_key("[caml-list] Re: Fwd: Typage"), "typage");
        assert_eq!(subject_key("Re[2]: Réunion"), "réunion");
        assert_eq!(subject_key("Reunion"), "reunion");
        assert_eq!(subject_key("RÉF : Dossier"), "dossier");
        // Characters whose lowercase is longer or shorter in bytes.
        assert_eq!(subject_key("Re: İİİİ"), "i̇i̇i̇i̇");
        assert_eq!(subject_key("İİ: x"), "i̇i̇: x");
        assert_eq!(
            subject_key("\u{212a}e: kelvin"),
            "\u{212a}e: kelvin".to_lowercase()
        );
        assert!(is_reply_subject("Fwd: x"));
        assert!(!is_reply_subject("Budget 2018"));
    }
}
