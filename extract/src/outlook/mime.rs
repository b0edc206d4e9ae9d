//! The pieces of MIME writing the Outlook converter needs beyond the
//! encoders of [`crate::mime`]: header values from properties, RFC 2231
//! parameters, RFC 2822 dates and header folding. Everything written ends
//! lines with CRLF.

use crate::mime::{LINE, base64_lines, base64_words, quoted_printable_line};

/// `bytes` in base64, cut in lines of 76 characters, each ending in CRLF.
pub(super) fn base64_body(bytes: &[u8], out: &mut Vec<u8>) {
    base64_lines(bytes, b"\r\n", out);
}

/// `text` in quoted-printable (its line breaks become CRLF), lines ending in
/// CRLF.
pub(super) fn quoted_printable_body(text: &str, out: &mut Vec<u8>) {
    let text = text.replace("\r\n", "\n").replace('\r', "\n");
    for line in text.split('\n') {
        quoted_printable_line(line.as_bytes(), b"\r\n", out);
        out.extend_from_slice(b"\r\n");
    }
}

/// Replaces line breaks and other control characters by spaces: a header
/// value taken from a property must stay on its line.
pub(super) fn one_line(value: &str) -> String {
    value
        .chars()
        .map(|c| if c.is_control() { ' ' } else { c })
        .collect::<String>()
        .trim()
        .to_string()
}

/// `text` as RFC 2047 encoded words (UTF-8, base64), separated by folding
/// whitespace; each word at most 75 characters.
pub(super) fn encoded_words(text: &str) -> String {
    let pieces = text
        .char_indices()
        .map(|(index, c)| &text.as_bytes()[index..index + c.len_utf8()]);
    let mut out = Vec::with_capacity(text.len() * 2);
    base64_words(pieces, "=?UTF-8?B?", b"\r\n", &mut out);
    String::from_utf8(out).expect("encoded words are ASCII")
}

/// An unstructured header value (a subject): as is when ASCII, else
/// encoded words.
pub(super) fn unstructured(value: &str) -> String {
    let value = one_line(value);
    if value.is_ascii() && !value.contains("=?") {
        fold(&value)
    } else {
        encoded_words(&value)
    }
}

/// Folds an ASCII header value at spaces so lines stay near 78 characters.
fn fold(value: &str) -> String {
    let mut out = String::with_capacity(value.len());
    let mut width = 0;
    for (i, word) in value.split(' ').enumerate() {
        if i > 0 {
            if width + 1 + word.len() > LINE && width > 0 {
                out.push_str("\r\n ");
                width = 1;
            } else {
                out.push(' ');
                width += 1;
            }
        }
        out.push_str(word);
        width += word.len();
    }
    out
}

/// A display name as an RFC 5322 phrase: an atom sequence, a quoted string,
/// or encoded words when it is not ASCII.
pub(super) fn phrase(name: &str) -> String {
    let name = one_line(name);
    if !name.is_ascii() || name.contains("=?") {
        return encoded_words(&name);
    }
    let atext = |c: char| c.is_ascii_alphanumeric() || "!#$%&'*+-/=?^_`{|}~ ".contains(c);
    if name.chars().all(atext) {
        name
    } else {
        let escaped = name.replace('\\', "\\\\").replace('"', "\\\"");
        format!("\"{escaped}\"")
    }
}

/// A mailbox: `Name <address>`, or the address alone.
pub(super) fn mailbox(name: &str, address: &str) -> String {
    let address = one_line(address).replace(['<', '>', ' '], "");
    let name = one_line(name);
    if address.is_empty() {
        // A name without an address: a group with no members says so
        // without inventing an address.
        return format!("{}:;", phrase(&name));
    }
    if name.is_empty() || name.eq_ignore_ascii_case(&address) {
        format!("<{address}>")
    } else {
        format!("{} <{address}>", phrase(&name))
    }
}

/// A file name as MIME parameters: `name` for Content-Type (encoded words
/// when not ASCII, as most readers expect) and `filename` for
/// Content-Disposition (RFC 2231 when not ASCII).
pub(super) fn file_name_params(name: &str) -> (String, String) {
    let name = one_line(name);
    if name.is_ascii() {
        let quoted = name.replace('\\', "\\\\").replace('"', "\\\"");
        (
            format!("name=\"{quoted}\""),
            format!("filename=\"{quoted}\""),
        )
    } else {
        let mut percent = String::new();
        for &byte in name.as_bytes() {
            if byte.is_ascii_alphanumeric() || b"!#$&+-.^_`|~".contains(&byte) {
                percent.push(char::from(byte));
            } else {
                percent.push_str(&format!("%{byte:02X}"));
            }
        }
        (
            format!("name=\"{}\"", encoded_words(&name)),
            format!("filename*=utf-8''{percent}"),
        )
    }
}

/// A Windows FILETIME (100 ns since 1601) as an RFC 2822 date, UTC.
pub(super) fn filetime_date(filetime: i64) -> Option<String> {
    const UNIX_EPOCH_SECONDS: i64 = 11_644_473_600;
    if filetime <= 0 {
        return None;
    }
    let seconds = filetime
        .checked_div(10_000_000)?
        .checked_sub(UNIX_EPOCH_SECONDS)?;
    let timestamp = jiff::Timestamp::from_second(seconds).ok()?;
    let zoned = timestamp.to_zoned(jiff::tz::TimeZone::UTC);
    jiff::fmt::rfc2822::to_string(&zoned).ok()
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn quoted_printable_keeps_lines_short() {
        let mut out = Vec::new();
        quoted_printable_body(&"é".repeat(100), &mut out);
        let text = String::from_utf8(out).unwrap();
        assert!(text.lines().all(|line| line.len() <= 76));
        assert!(text.ends_with("\r\n"));
    }

    #[test]
    fn encoded_words_split_on_characters() {
        let words = encoded_words(&"é".repeat(40));
        assert!(words.split("\r\n ").all(|word| word.len() <= 75));
    }

    #[test]
    fn dates_are_rfc2822() {
        // 2017-03-14T10:30:00Z.
        let filetime = (1_489_487_400 + 11_644_473_600) * 10_000_000;
        assert_eq!(
            filetime_date(filetime).as_deref(),
            Some("Tue, 14 Mar 2017 10:30:00 +0000")
        );
        assert_eq!(filetime_date(i64::MAX), None);
    }
}
