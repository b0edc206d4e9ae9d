//! Recognising a file by its first bytes, not its name: Maildir entries and
//! Enron's `1.` files have no extension, and leaks rename things.

use fouille_extract::DocumentFormat;
use fouille_extract::format_by_magic as by_magic;

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
        let first = head.split(|&b| b == b'\n').next().unwrap_or_default();
        if looks_like_headers(after_first_line(head)) || super::mbox::is_separator(first, true) {
            return FileKind::Mbox;
        }
    }
    if let Some(line_end) = head.iter().position(|&b| b == b'\n') {
        let first = trim_spaces(trim_cr(&head[..line_end]));
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
    // A character cut at the end of the sample is not binary data.
    let invalid_utf8 = std::str::from_utf8(&head[..head.len().min(1024)])
        .is_err_and(|err| err.error_len().is_some());
    if head.contains(&0) || invalid_utf8 {
        FileKind::NotMail("binary data".into())
    } else {
        FileKind::NotMail("text without mail headers".into())
    }
}

fn magic(head: &[u8]) -> Option<&'static str> {
    const IMAGES: &[(&[u8], &str)] = &[
        (b"\x89PNG", "png image"),
        (b"\xFF\xD8\xFF", "jpeg image"),
        (b"GIF8", "gif image"),
    ];
    if let Some((_, name)) = IMAGES.iter().find(|(prefix, _)| head.starts_with(prefix)) {
        return Some(name);
    }
    Some(match by_magic(head)? {
        DocumentFormat::Pdf => "pdf document",
        DocumentFormat::OfficeOpenXml => "office document",
        DocumentFormat::OpenDocument => "opendocument file",
        DocumentFormat::Zip => "zip archive",
        DocumentFormat::Ole2 => "ole2 file (outlook .msg or legacy office)",
        DocumentFormat::Rtf => "rtf document",
        DocumentFormat::Gzip => "gzip data",
        DocumentFormat::Tar => "tar archive",
        DocumentFormat::SevenZip => "7z archive",
        DocumentFormat::Rar => "rar archive",
        DocumentFormat::Tnef => "tnef (winmail.dat)",
        DocumentFormat::Calendar => "calendar",
        DocumentFormat::VCard => "vcard",
        DocumentFormat::Image => "image",
        // Mail outranks these when its headers come first: no verdict here.
        DocumentFormat::Text
        | DocumentFormat::Csv
        | DocumentFormat::Html
        | DocumentFormat::Email
        | DocumentFormat::Other => return None,
    })
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

/// True if `bytes` starts with an RFC 5322 header block. Leaks hold damaged
/// headers (a broken fold, a stray first line, `From  :`), so a block passes
/// with two mail headers whatever else it holds, or one and nothing odd.
fn looks_like_headers(bytes: &[u8]) -> bool {
    let mut fields = 0;
    let mut mail_fields = 0;
    let mut odd = 0;
    let mut rest = bytes;
    let mut lines = 0;
    while !rest.is_empty() && lines < 64 {
        let (line, tail) = match rest.iter().position(|&b| b == b'\n') {
            Some(at) => (&rest[..at], &rest[at + 1..]),
            // The head ends inside this line: judge by the complete lines.
            None if fields > 0 => break,
            None => (rest, &[][..]),
        };
        rest = tail;
        lines += 1;
        let line = trim_cr(line);
        if line.iter().all(|b| b.is_ascii_whitespace()) {
            if line.is_empty() && fields > 0 {
                break;
            }
            continue;
        }
        if line[0] == b' ' || line[0] == b'\t' {
            if fields == 0 {
                odd += 1;
            }
            continue;
        }
        let Some(colon) = line.iter().position(|&b| b == b':') else {
            odd += 1;
            continue;
        };
        let name = trim_spaces(&line[..colon]);
        if name.is_empty() || !name.iter().all(|&b| b.is_ascii_graphic()) {
            odd += 1;
            continue;
        }
        fields += 1;
        let name = String::from_utf8_lossy(name).to_ascii_lowercase();
        if MAIL_HEADERS.contains(&name.as_str()) || name.starts_with("x-") {
            mail_fields += 1;
        }
    }
    mail_fields >= 2 || (mail_fields == 1 && odd == 0)
}

fn trim_spaces(bytes: &[u8]) -> &[u8] {
    let end = bytes
        .iter()
        .rposition(|b| !b.is_ascii_whitespace())
        .map_or(0, |at| at + 1);
    &bytes[..end]
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
        // A head cut inside a header line (a long X-To, say) is still mail.
        assert_eq!(sniff(b"From: a@b\nX-To: c@d\nX-c"), FileKind::Message);
        assert_eq!(sniff(b"%PDF-1.4"), FileKind::NotMail("pdf document".into()));
        assert_eq!(
            sniff(b"Liste de courses\npain\n"),
            FileKind::NotMail("text without mail headers".into())
        );
        assert_eq!(
            sniff(b"Host: a\nAccept: b\n\n"),
            FileKind::NotMail("text without mail headers".into())
        );
        assert_eq!(sniff(b"497     \nSubject: x\n\nbody"), FileKind::Emlx);
        assert_eq!(
            sniff(b"From MAILER Mon Jun 01 10:00:00 2009\n\nno headers\n"),
            FileKind::Mbox
        );
        assert_eq!(
            sniff(b" From: a@b\nSubject: x\nDate: y\n\n"),
            FileKind::Message
        );
        assert_eq!(
            sniff(b"From  : a@b\nTo    : c\n__\n  <d>\n\n"),
            FileKind::Message
        );
    }
}
