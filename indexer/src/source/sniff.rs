//! Recognising a file by its first bytes, not its name: Maildir entries and
//! Enron's `1.` files have no extension, and leaks rename things.

/// What a file holds.
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum FileKind {
    /// One RFC 5322 message.
    Message,
    /// An mbox file (mboxo or mboxrd): `From ` separated messages.
    Mbox,
    /// Apple Mail `.emlx`: a byte count, the message, a property list.
    Emlx,
    /// Not mail; the string says what it looks like.
    NotMail(String),
}

/// Headers that make a header block look like mail rather than, say, an HTTP
/// dump or a config file.
const MAIL_HEADERS: &[&str] = &[
    "from",
    "to",
    "cc",
    "subject",
    "date",
    "message-id",
    "received",
    "return-path",
    "mime-version",
    "content-type",
    "delivered-to",
    "in-reply-to",
    "references",
    "sender",
    "reply-to",
    "x-mailer",
    "thread-index",
];

/// Recognises `head`, the first bytes of a file (a few KiB are enough).
pub fn sniff(head: &[u8]) -> FileKind {
    let head = head.strip_prefix(b"\xEF\xBB\xBF").unwrap_or(head);
    if head.is_empty() {
        return FileKind::NotMail("empty file".into());
    }
    if let Some(kind) = magic(head) {
        return FileKind::NotMail(kind.into());
    }
    if head.starts_with(b"From ") {
        let rest = after_first_line(head);
        if looks_like_headers(rest) {
            return FileKind::Mbox;
        }
    }
    if let Some(line_end) = head.iter().position(|&b| b == b'\n') {
        let first = trim_cr(&head[..line_end]);
        if !first.is_empty()
            && first.len() <= 12
            && first.iter().all(u8::is_ascii_digit)
            && looks_like_headers(&head[line_end + 1..])
        {
            return FileKind::Emlx;
        }
    }
    if looks_like_headers(head) {
        return FileKind::Message;
    }
    if head.contains(&0) || std::str::from_utf8(&head[..head.len().min(1024)]).is_err() {
        FileKind::NotMail("binary data".into())
    } else {
        FileKind::NotMail("text without mail headers".into())
    }
}

fn magic(head: &[u8]) -> Option<&'static str> {
    const TABLE: &[(&[u8], &str)] = &[
        (b"%PDF", "pdf document"),
        (b"PK\x03\x04", "zip archive or office document"),
        (
            b"\xD0\xCF\x11\xE0\xA1\xB1\x1A\xE1",
            "ole2 file (outlook .msg or legacy office)",
        ),
        (b"!BDN", "outlook .pst mailbox"),
        (b"\x89PNG", "png image"),
        (b"\xFF\xD8\xFF", "jpeg image"),
        (b"GIF8", "gif image"),
        (b"\x1F\x8B", "gzip data"),
        (b"7z\xBC\xAF\x27\x1C", "7z archive"),
        (b"Rar!", "rar archive"),
        (b"\x78\x9F\x3E\x22", "tnef (winmail.dat)"),
        (b"{\\rtf", "rtf document"),
    ];
    TABLE
        .iter()
        .find(|(prefix, _)| head.starts_with(prefix))
        .map(|(_, name)| *name)
}

fn trim_cr(line: &[u8]) -> &[u8] {
    line.strip_suffix(b"\r").unwrap_or(line)
}

fn after_first_line(bytes: &[u8]) -> &[u8] {
    match bytes.iter().position(|&b| b == b'\n') {
        Some(at) => &bytes[at + 1..],
        None => &[],
    }
}

/// True if `bytes` starts with an RFC 5322 header block: field lines (and
/// folded continuations), at least one of them a mail header, and two header
/// lines unless the block is cut short.
fn looks_like_headers(bytes: &[u8]) -> bool {
    let mut fields = 0;
    let mut mail_fields = 0;
    let mut rest = bytes;
    let mut lines = 0;
    while !rest.is_empty() && lines < 64 {
        let (line, tail) = match rest.iter().position(|&b| b == b'\n') {
            Some(at) => (&rest[..at], &rest[at + 1..]),
            None => (rest, &[][..]),
        };
        rest = tail;
        lines += 1;
        let line = trim_cr(line);
        if line.is_empty() {
            break;
        }
        if line[0] == b' ' || line[0] == b'\t' {
            if fields == 0 {
                return false;
            }
            continue;
        }
        let Some(colon) = line.iter().position(|&b| b == b':') else {
            return false;
        };
        let name = &line[..colon];
        if name.is_empty() || !name.iter().all(|&b| b.is_ascii_graphic() && b != b':') {
            return false;
        }
        fields += 1;
        let name = String::from_utf8_lossy(name).to_ascii_lowercase();
        if MAIL_HEADERS.contains(&name.as_str()) || name.starts_with("x-") {
            mail_fields += 1;
        }
    }
    mail_fields >= 1 && (fields >= 2 || rest.is_empty())
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn recognises_by_content() {
        assert_eq!(
            sniff(b"From: a@b.example\nSubject: x\n\nbody"),
            FileKind::Message
        );
        assert_eq!(
            sniff(b"From a@b Tue Mar 14 10:00:00 2017\nFrom: a@b\nSubject: x\n\nbody"),
            FileKind::Mbox
        );
        assert_eq!(sniff(b"123\nFrom: a@b\nSubject: x\n\nbody"), FileKind::Emlx);
        assert_eq!(sniff(b"%PDF-1.4"), FileKind::NotMail("pdf document".into()));
        assert_eq!(
            sniff(b"Liste de courses\npain\n"),
            FileKind::NotMail("text without mail headers".into())
        );
        assert_eq!(
            sniff(b"Host: a\nAccept: b\n\n"),
            FileKind::NotMail("text without mail headers".into())
        );
    }
}
