//! A MAPI message (its property bag, recipients and attachments) written as
//! RFC 822 bytes. Both the `.msg` and the `.pst` readers fill a
//! [`MapiMessage`] and call [`write_eml`].

use std::collections::BTreeMap;

use super::{lzfu, mime};
use crate::codepage;

/// Embedded messages deeper than this are left out.
pub(super) const MAX_DEPTH: u32 = 8;

/// Property ids, under the name the readers use.
pub(super) use crate::properties as tag;

/// One property value, reduced to what the writer uses.
#[derive(Debug, Clone, PartialEq)]
pub(super) enum PropValue {
    /// Strings, decoded.
    Text(String),
    /// Binary values (and 8-bit HTML bodies, decoded by the writer).
    Binary(Vec<u8>),
    /// Integers and booleans.
    Int(i64),
    /// A FILETIME.
    Time(i64),
}

/// The properties of a message, recipient or attachment, by id.
#[derive(Debug, Clone, Default, PartialEq)]
pub(super) struct PropertyBag(BTreeMap<u16, PropValue>);

impl PropertyBag {
    /// Sets a property; an existing Unicode string is not replaced by an
    /// 8-bit one read after it.
    pub(super) fn insert(&mut self, id: u16, value: PropValue) {
        self.0.insert(id, value);
    }

    pub(super) fn contains(&self, id: u16) -> bool {
        self.0.contains_key(&id)
    }

    /// A non-empty string property.
    pub(super) fn text(&self, id: u16) -> Option<&str> {
        match self.0.get(&id) {
            Some(PropValue::Text(text)) => {
                let text = text.trim_end_matches('\0');
                (!text.trim().is_empty()).then_some(text)
            }
            _ => None,
        }
    }

    pub(super) fn binary(&self, id: u16) -> Option<&[u8]> {
        match self.0.get(&id) {
            Some(PropValue::Binary(bytes)) => Some(bytes),
            _ => None,
        }
    }

    pub(super) fn int(&self, id: u16) -> Option<i64> {
        match self.0.get(&id) {
            Some(PropValue::Int(value)) => Some(*value),
            _ => None,
        }
    }

    pub(super) fn time(&self, id: u16) -> Option<i64> {
        match self.0.get(&id) {
            Some(PropValue::Time(value)) => Some(*value),
            _ => None,
        }
    }

    /// The code page 8-bit strings of this object are in.
    pub(super) fn code_page(&self) -> Option<i64> {
        self.int(tag::MESSAGE_CODEPAGE)
            .or_else(|| self.int(tag::INTERNET_CPID))
    }
}

/// A message: its properties, recipients and attachments.
#[derive(Debug, Clone, Default, PartialEq)]
pub(super) struct MapiMessage {
    pub(super) properties: PropertyBag,
    pub(super) recipients: Vec<PropertyBag>,
    pub(super) attachments: Vec<MapiAttachment>,
    /// What could not be read; written as `X-Fouille-Conversion-Problem`.
    pub(super) problems: Vec<String>,
}

/// An attachment: its properties, and the message it holds if embedded.
#[derive(Debug, Clone, Default, PartialEq)]
pub(super) struct MapiAttachment {
    pub(super) properties: PropertyBag,
    pub(super) embedded: Option<Box<MapiMessage>>,
}

/// Where a message was converted from (the `X-Fouille-Converted-From` value).
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub(super) enum Source {
    Msg,
    Pst,
}

impl Source {
    fn name(self) -> &'static str {
        match self {
            Source::Msg => "outlook-msg",
            Source::Pst => "outlook-pst",
        }
    }
}

/// 8-bit text in a MAPI code page (see [`codepage::decode_8bit`]).
pub(super) fn decode_8bit(bytes: &[u8], code_page: Option<i64>) -> String {
    codepage::decode_8bit(bytes, code_page.and_then(|page| u32::try_from(page).ok()))
}

/// The RFC 822 bytes of `message`.
pub(super) fn write_eml(message: &MapiMessage, source: Source) -> Vec<u8> {
    write_message(message, source, 0)
}

fn write_message(message: &MapiMessage, source: Source, depth: u32) -> Vec<u8> {
    let props = &message.properties;
    let mut headers = Headers::default();
    if let Some(transport) = props.text(tag::TRANSPORT_MESSAGE_HEADERS) {
        headers.take_transport(transport);
    }

    if let Some(date) = props
        .time(tag::CLIENT_SUBMIT_TIME)
        .or_else(|| props.time(tag::MESSAGE_DELIVERY_TIME))
        .and_then(mime::filetime_date)
    {
        headers.add_missing("Date", date);
    }
    let sender_name = props.text(tag::SENDER_NAME);
    let sender_address = address_of(
        props.text(tag::SENDER_SMTP_ADDRESS),
        props.text(tag::SENDER_ADDRTYPE),
        props.text(tag::SENDER_EMAIL),
    );
    let from_name = props.text(tag::SENT_REPRESENTING_NAME);
    let mut from_address = address_of(
        props.text(tag::SENT_REPRESENTING_SMTP_ADDRESS),
        props.text(tag::SENT_REPRESENTING_ADDRTYPE),
        props.text(tag::SENT_REPRESENTING_EMAIL),
    );
    let (from_name, from_address) = if from_name.is_none() && from_address.is_none() {
        (sender_name, sender_address.clone())
    } else {
        // "Sent on behalf of" someone with no address of their own: the
        // sender's address when they are the same person.
        if from_address.is_none() && from_name == sender_name {
            from_address = sender_address.clone();
        }
        (from_name, from_address)
    };
    if from_name.is_some() || from_address.is_some() {
        headers.add_missing(
            "From",
            mime::mailbox(
                from_name.unwrap_or(""),
                from_address.as_deref().unwrap_or(""),
            ),
        );
    }
    if let Some(address) = sender_address.filter(|a| Some(a) != from_address.as_ref()) {
        headers.add_missing("Sender", mime::mailbox(sender_name.unwrap_or(""), &address));
    }
    for (kind, name) in [(1, "To"), (2, "Cc"), (3, "Bcc")] {
        let mailboxes: Vec<String> = message
            .recipients
            .iter()
            .filter(|recipient| recipient.int(tag::RECIPIENT_TYPE).unwrap_or(1) == kind)
            .filter_map(|recipient| {
                mailbox_of(
                    recipient.text(tag::DISPLAY_NAME),
                    recipient.text(tag::SMTP_ADDRESS),
                    recipient.text(tag::ADDRTYPE),
                    recipient.text(tag::EMAIL_ADDRESS),
                )
            })
            .collect();
        if !mailboxes.is_empty() {
            headers.add_missing(name, mailboxes.join(",\r\n "));
        }
    }
    if let Some(subject) = subject(props) {
        headers.add_missing("Subject", mime::unstructured(&subject));
    }
    for (id, name) in [
        (tag::INTERNET_MESSAGE_ID, "Message-ID"),
        (tag::IN_REPLY_TO, "In-Reply-To"),
        (tag::REFERENCES, "References"),
    ] {
        if let Some(value) = props.text(id) {
            let value = mime::one_line(value);
            let value = if value.contains('<') {
                value
            } else {
                format!("<{value}>")
            };
            headers.add_missing(name, value);
        }
    }
    headers.set("X-Fouille-Converted-From", source.name().to_string());
    for problem in &message.problems {
        headers.push("X-Fouille-Conversion-Problem", mime::unstructured(problem));
    }
    headers.set("MIME-Version", "1.0".to_string());

    let body = body_part(props, message, source, depth);
    let mut out = headers.into_bytes();
    out.extend_from_slice(&body.headers);
    out.extend_from_slice(b"\r\n");
    out.extend_from_slice(&body.content);
    out
}

/// The subject, without the prefix marker PSTs put before it
/// (`\u{1}` and a character giving the prefix length).
fn subject(props: &PropertyBag) -> Option<String> {
    let subject = props.text(tag::SUBJECT)?;
    let subject = match subject.strip_prefix('\u{1}') {
        Some(rest) => rest.chars().skip(1).collect(),
        None => subject.to_string(),
    };
    Some(subject)
}

/// A mailbox from a name and the addresses MAPI offers.
fn mailbox_of(
    name: Option<&str>,
    smtp: Option<&str>,
    address_type: Option<&str>,
    address: Option<&str>,
) -> Option<String> {
    let address = address_of(smtp, address_type, address);
    if name.is_none() && address.is_none() {
        return None;
    }
    Some(mime::mailbox(
        name.unwrap_or(""),
        address.as_deref().unwrap_or(""),
    ))
}

/// The address to write: the SMTP address first, then the address of type
/// SMTP, then whatever address there is (an Exchange distinguished name,
/// its spaces and parentheses replaced so that mail readers keep it whole
/// rather than taking `(FYDIBOHF23SPDLT)` for a comment).
fn address_of(
    smtp: Option<&str>,
    address_type: Option<&str>,
    address: Option<&str>,
) -> Option<String> {
    let is_smtp = address_type.is_some_and(|t| t.eq_ignore_ascii_case("SMTP"));
    if let Some(smtp) = smtp
        .or_else(|| address.filter(|_| is_smtp))
        .or_else(|| address.filter(|a| a.contains('@')))
    {
        return Some(smtp.to_string());
    }
    let address = mime::one_line(address?);
    Some(
        address
            .chars()
            .map(|c| match c {
                ' ' | ',' | ';' | '"' | '<' | '>' | '\\' => '_',
                '(' => '[',
                ')' => ']',
                c => c,
            })
            .collect(),
    )
}

/// Header lines in order, names compared without case.
#[derive(Default)]
struct Headers(Vec<(String, String)>);

impl Headers {
    /// Keeps the headers of `PR_TRANSPORT_MESSAGE_HEADERS`, less those that
    /// describe the body (this writer writes its own MIME structure).
    fn take_transport(&mut self, transport: &str) {
        const DROPPED: &[&str] = &[
            "content-type",
            "content-transfer-encoding",
            "content-disposition",
            "content-id",
            "mime-version",
            "x-fouille-converted-from",
            "x-fouille-conversion-problem",
        ];
        let text = transport.replace("\r\n", "\n");
        for line in text.split('\n') {
            if line.trim().is_empty() {
                if self.0.is_empty() {
                    // Some stores begin the headers with a blank line.
                    continue;
                }
                break;
            }
            if line.starts_with([' ', '\t']) {
                if let Some((_, value)) = self.0.last_mut() {
                    value.push_str("\r\n");
                    value.push_str(line.trim_end_matches('\r'));
                }
                continue;
            }
            let Some((name, value)) = line.split_once(':') else {
                continue;
            };
            let valid = !name.is_empty() && name.bytes().all(|b| b.is_ascii_graphic() && b != b':');
            if !valid {
                continue;
            }
            self.0.push((name.to_string(), value.trim().to_string()));
        }
        self.0
            .retain(|(name, _)| !DROPPED.contains(&name.to_ascii_lowercase().as_str()));
    }

    fn has(&self, name: &str) -> bool {
        self.0.iter().any(|(n, _)| n.eq_ignore_ascii_case(name))
    }

    fn add_missing(&mut self, name: &str, value: String) {
        if !self.has(name) {
            self.push(name, value);
        }
    }

    fn set(&mut self, name: &str, value: String) {
        self.0.retain(|(n, _)| !n.eq_ignore_ascii_case(name));
        self.push(name, value);
    }

    fn push(&mut self, name: &str, value: String) {
        self.0.push((name.to_string(), value));
    }

    fn into_bytes(self) -> Vec<u8> {
        let mut out = Vec::new();
        for (name, value) in self.0 {
            out.extend_from_slice(name.as_bytes());
            out.extend_from_slice(b": ");
            out.extend_from_slice(value.as_bytes());
            out.extend_from_slice(b"\r\n");
        }
        out
    }
}

/// A MIME part: its header lines (each ending in CRLF) and its content.
struct Part {
    headers: Vec<u8>,
    content: Vec<u8>,
}

impl Part {
    fn text(subtype: &str, text: &str) -> Part {
        let mut content = Vec::with_capacity(text.len() + text.len() / 8);
        mime::quoted_printable_body(text, &mut content);
        Part {
            headers: format!(
                "Content-Type: text/{subtype}; charset=utf-8\r\n\
                 Content-Transfer-Encoding: quoted-printable\r\n"
            )
            .into_bytes(),
            content,
        }
    }

    fn multipart(subtype: &str, parts: Vec<Part>, depth: u32) -> Part {
        // The boundary derives from the parts, so the output is the same
        // for the same message; `=_` never occurs in base64 or
        // quoted-printable text.
        let mut hasher = blake3::Hasher::new();
        for part in &parts {
            hasher.update(&part.headers);
            hasher.update(&part.content);
        }
        let hash = hasher.finalize().to_hex();
        let boundary = format!("=_fouille_{subtype}_{depth}_{}", &hash[..24]);
        let mut content = Vec::new();
        for part in parts {
            content.extend_from_slice(b"--");
            content.extend_from_slice(boundary.as_bytes());
            content.extend_from_slice(b"\r\n");
            content.extend_from_slice(&part.headers);
            content.extend_from_slice(b"\r\n");
            content.extend_from_slice(&part.content);
        }
        content.extend_from_slice(b"--");
        content.extend_from_slice(boundary.as_bytes());
        content.extend_from_slice(b"--\r\n");
        Part {
            headers: format!("Content-Type: multipart/{subtype};\r\n boundary=\"{boundary}\"\r\n")
                .into_bytes(),
            content,
        }
    }
}

/// The HTML body, decoded: `PR_HTML` is binary in the message's code page
/// (`PR_INTERNET_CPID`), or a string.
fn html_body(props: &PropertyBag) -> Option<String> {
    if let Some(text) = props.text(tag::HTML) {
        return Some(text.to_string());
    }
    let bytes = props.binary(tag::HTML)?;
    let code_page = props
        .int(tag::INTERNET_CPID)
        .or_else(|| props.int(tag::MESSAGE_CODEPAGE));
    let bytes = bytes.strip_prefix(b"\xEF\xBB\xBF").unwrap_or(bytes);
    let html = decode_8bit(bytes, code_page);
    (!html.trim().is_empty()).then_some(html)
}

fn body_part(props: &PropertyBag, message: &MapiMessage, source: Source, depth: u32) -> Part {
    let text = props.text(tag::BODY);
    let html = html_body(props);
    let mut parts = Vec::new();
    let body = match (text, html) {
        (Some(text), Some(html)) => Some(Part::multipart(
            "alternative",
            vec![Part::text("plain", text), Part::text("html", &html)],
            depth,
        )),
        (Some(text), None) => Some(Part::text("plain", text)),
        (None, Some(html)) => Some(Part::text("html", &html)),
        (None, None) => {
            // Only an RTF body: kept as an attachment for the RTF extractor.
            if let Some(rtf) = props
                .binary(tag::RTF_COMPRESSED)
                .and_then(lzfu::decompress_rtf)
            {
                parts.push(file_part("body.rtf", "application/rtf", &rtf, None));
            }
            None
        }
    };

    for (index, attachment) in message.attachments.iter().enumerate() {
        if let Some(part) = attachment_part(attachment, index, source, depth) {
            parts.push(part);
        }
    }
    match body {
        Some(body) if parts.is_empty() => body,
        Some(body) => {
            parts.insert(0, body);
            Part::multipart("mixed", parts, depth)
        }
        None if parts.is_empty() => Part::text("plain", ""),
        None => {
            parts.insert(0, Part::text("plain", ""));
            Part::multipart("mixed", parts, depth)
        }
    }
}

fn file_part(name: &str, mime_type: &str, bytes: &[u8], content_id: Option<&str>) -> Part {
    let (name_param, filename_param) = mime::file_name_params(name);
    let mut headers = format!(
        "Content-Type: {mime_type};\r\n {name_param}\r\n\
         Content-Transfer-Encoding: base64\r\n\
         Content-Disposition: attachment;\r\n {filename_param}\r\n"
    );
    if let Some(id) = content_id {
        let id = mime::one_line(id);
        let id = id.trim_start_matches('<').trim_end_matches('>');
        headers.push_str(&format!("Content-ID: <{id}>\r\n"));
    }
    let mut content = Vec::with_capacity(bytes.len() / 3 * 4 + bytes.len() / 38 + 8);
    mime::base64_body(bytes, &mut content);
    Part {
        headers: headers.into_bytes(),
        content,
    }
}

/// A MIME type as written: the declared one when it looks like one.
fn mime_type(declared: Option<&str>) -> String {
    let declared = declared.map(str::trim).unwrap_or_default();
    let valid = declared.split_once('/').is_some_and(|(kind, sub)| {
        let token = |s: &str| {
            !s.is_empty()
                && s.bytes()
                    .all(|b| b.is_ascii_alphanumeric() || b"!#$&-^_.+".contains(&b))
        };
        token(kind) && token(sub)
    });
    if valid {
        declared.to_ascii_lowercase()
    } else {
        "application/octet-stream".to_string()
    }
}

fn attachment_part(
    attachment: &MapiAttachment,
    index: usize,
    source: Source,
    depth: u32,
) -> Option<Part> {
    let props = &attachment.properties;
    let name = props
        .text(tag::ATTACH_LONG_FILENAME)
        .or_else(|| props.text(tag::ATTACH_FILENAME))
        .or_else(|| props.text(tag::DISPLAY_NAME))
        .map(str::to_string);
    if let Some(embedded) = &attachment.embedded {
        if depth + 1 > MAX_DEPTH {
            return None;
        }
        let name = name
            .or_else(|| subject(&embedded.properties))
            .unwrap_or_else(|| format!("message-{}", index + 1));
        let inner = write_message(embedded, source, depth + 1);
        let encoding = if inner.is_ascii() { "7bit" } else { "8bit" };
        let (_, filename_param) = mime::file_name_params(&name);
        return Some(Part {
            headers: format!(
                "Content-Type: message/rfc822\r\n\
                 Content-Transfer-Encoding: {encoding}\r\n\
                 Content-Disposition: attachment;\r\n {filename_param}\r\n"
            )
            .into_bytes(),
            content: inner,
        });
    }
    let data = props.binary(tag::ATTACH_DATA)?;
    let name = name.unwrap_or_else(|| format!("attachment-{}", index + 1));
    Some(file_part(
        &name,
        &mime_type(props.text(tag::ATTACH_MIME_TAG)),
        data,
        props.text(tag::ATTACH_CONTENT_ID),
    ))
}

#[cfg(test)]
mod tests {
    use super::*;

    fn text(value: &str) -> PropValue {
        PropValue::Text(value.to_string())
    }

    fn sample() -> MapiMessage {
        let mut props = PropertyBag::default();
        props.insert(tag::SUBJECT, text("Réunion à Genève"));
        props.insert(tag::SENDER_NAME, text("Zoé Martin"));
        props.insert(tag::SENDER_ADDRTYPE, text("EX"));
        props.insert(
            tag::SENDER_EMAIL,
            text("/O=EXEMPLE/OU=FIRST/CN=RECIPIENTS/CN=ZMARTIN"),
        );
        props.insert(tag::SENDER_SMTP_ADDRESS, text("zoe.martin@exemple.fr"));
        props.insert(tag::BODY, text("Bonjour,\r\nà demain.\r\n"));
        props.insert(
            tag::HTML,
            PropValue::Binary(b"<p>Bonjour, \xE0 demain.</p>".to_vec()),
        );
        props.insert(tag::INTERNET_CPID, PropValue::Int(1252));
        props.insert(
            tag::CLIENT_SUBMIT_TIME,
            PropValue::Time(131_339_610_000_000_000),
        );
        props.insert(tag::INTERNET_MESSAGE_ID, text("<abc@exemple.fr>"));
        let mut to = PropertyBag::default();
        to.insert(tag::RECIPIENT_TYPE, PropValue::Int(1));
        to.insert(tag::DISPLAY_NAME, text("Paul \"Le Grand\" Petit"));
        to.insert(tag::EMAIL_ADDRESS, text("paul@exemple.fr"));
        let mut cc = PropertyBag::default();
        cc.insert(tag::RECIPIENT_TYPE, PropValue::Int(2));
        cc.insert(tag::DISPLAY_NAME, text("Ève"));
        cc.insert(tag::SMTP_ADDRESS, text("eve@exemple.fr"));
        let mut file = PropertyBag::default();
        file.insert(tag::ATTACH_LONG_FILENAME, text("données été.csv"));
        file.insert(tag::ATTACH_MIME_TAG, text("text/csv"));
        file.insert(tag::ATTACH_DATA, PropValue::Binary(b"a;b\n1;2\n".to_vec()));
        let mut inner_props = PropertyBag::default();
        inner_props.insert(tag::SUBJECT, text("\u{1}\u{5}FW: Ancien message"));
        inner_props.insert(tag::BODY, text("Texte intérieur"));
        let mut embedded = PropertyBag::default();
        embedded.insert(
            tag::ATTACH_METHOD,
            PropValue::Int(tag::ATTACH_EMBEDDED_MESSAGE),
        );
        embedded.insert(tag::DISPLAY_NAME, text("Ancien message"));
        MapiMessage {
            properties: props,
            recipients: vec![to, cc],
            attachments: vec![
                MapiAttachment {
                    properties: file,
                    embedded: None,
                },
                MapiAttachment {
                    properties: embedded,
                    embedded: Some(Box::new(MapiMessage {
                        properties: inner_props,
                        ..MapiMessage::default()
                    })),
                },
            ],
            problems: Vec::new(),
        }
    }

    #[test]
    fn writes_a_message_mail_parser_reads_back() {
        use mail_parser::{MessageParser, MimeHeaders};
        let eml = write_eml(&sample(), Source::Msg);
        assert!(!eml.windows(2).any(|w| w[1] == b'\n' && w[0] != b'\r'));
        let parsed = MessageParser::default().parse(&eml).unwrap();
        assert_eq!(parsed.subject(), Some("Réunion à Genève"));
        let from = parsed.from().unwrap().first().unwrap();
        assert_eq!(from.name(), Some("Zoé Martin"));
        assert_eq!(from.address(), Some("zoe.martin@exemple.fr"));
        let to = parsed.to().unwrap().first().unwrap();
        assert_eq!(to.name(), Some("Paul \"Le Grand\" Petit"));
        assert_eq!(to.address(), Some("paul@exemple.fr"));
        assert_eq!(
            parsed.cc().unwrap().first().unwrap().address(),
            Some("eve@exemple.fr")
        );
        assert_eq!(parsed.message_id(), Some("abc@exemple.fr"));
        assert_eq!(parsed.date().unwrap().to_rfc3339(), "2017-03-14T10:30:00Z");
        assert_eq!(parsed.body_text(0).unwrap(), "Bonjour,\r\nà demain.\r\n");
        assert!(parsed.body_html(0).unwrap().contains("à demain"));
        assert_eq!(
            parsed.header_raw("X-Fouille-Converted-From").map(str::trim),
            Some("outlook-msg")
        );
        let attachments: Vec<_> = parsed.attachments().collect();
        assert_eq!(attachments.len(), 2);
        assert_eq!(attachments[0].attachment_name(), Some("données été.csv"));
        assert_eq!(attachments[0].contents(), b"a;b\n1;2\n");
        let inner = attachments[1].message().unwrap();
        assert_eq!(inner.subject(), Some("FW: Ancien message"));
        assert_eq!(inner.body_text(0).unwrap(), "Texte intérieur");
    }

    #[test]
    fn transport_headers_replace_the_properties() {
        let mut message = sample();
        message.properties.insert(
            tag::TRANSPORT_MESSAGE_HEADERS,
            text(
                "Received: from a\r\n\tby b; Tue, 14 Mar 2017 10:30:01 +0000\r\n\
                 From: Zoe <zoe@exemple.fr>\r\nSubject: Original\r\n\
                 Content-Type: multipart/alternative; boundary=\"x\"\r\nMIME-Version: 1.0\r\n\r\n",
            ),
        );
        let eml = write_eml(&message, Source::Pst);
        let parsed = mail_parser::MessageParser::default().parse(&eml).unwrap();
        assert_eq!(parsed.subject(), Some("Original"));
        assert_eq!(
            parsed.from().unwrap().first().unwrap().address(),
            Some("zoe@exemple.fr")
        );
        assert_eq!(
            parsed.to().unwrap().first().unwrap().address(),
            Some("paul@exemple.fr")
        );
        assert!(parsed.received().is_some());
        assert_eq!(parsed.body_text(0).unwrap(), "Bonjour,\r\nà demain.\r\n");
        let text = String::from_utf8_lossy(&eml);
        let (headers, _) = text.split_once("\r\n\r\n").unwrap();
        assert_eq!(headers.matches("MIME-Version").count(), 1);
        assert!(!headers.contains("boundary=\"x\""));
    }

    #[test]
    fn exchange_senders_keep_their_address() {
        let mut props = PropertyBag::default();
        props.insert(tag::SENT_REPRESENTING_NAME, text("Luis Nassif"));
        props.insert(tag::SENDER_NAME, text("Luis Nassif"));
        props.insert(tag::SENDER_ADDRTYPE, text("EX"));
        props.insert(
            tag::SENDER_EMAIL,
            text("/o=PF/ou=Exchange Administrative Group (FYDIBOHF23SPDLT)/cn=Recipients/cn=ln"),
        );
        let message = MapiMessage {
            properties: props,
            ..MapiMessage::default()
        };
        let eml = write_eml(&message, Source::Pst);
        let parsed = mail_parser::MessageParser::default().parse(&eml).unwrap();
        let from = parsed.from().unwrap().first().unwrap();
        assert_eq!(from.name(), Some("Luis Nassif"));
        assert_eq!(
            from.address(),
            Some("/o=PF/ou=Exchange_Administrative_Group_[FYDIBOHF23SPDLT]/cn=Recipients/cn=ln")
        );
        assert!(parsed.sender().is_none());
    }

    #[test]
    fn output_is_deterministic() {
        assert_eq!(
            write_eml(&sample(), Source::Msg),
            write_eml(&sample(), Source::Msg)
        );
    }
}
