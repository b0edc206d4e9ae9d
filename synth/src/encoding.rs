//! The encodings mail clients write: quoted-printable and base64 bodies and
//! RFC 2047 encoded words in headers (through `fouille_extract::mime`, the
//! same writers that rebuild Outlook messages), ISO-8859-1 text and HTML
//! escaping. Lines end with LF, as in a Maildir on Unix.

use fouille_extract::mime;

/// The character set a message part is written in.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Charset {
    /// Plain ASCII.
    Ascii,
    /// UTF-8.
    Utf8,
    /// ISO-8859-1, the French mail of older clients.
    Latin1,
}

impl Charset {
    /// The MIME name.
    pub fn name(self) -> &'static str {
        match self {
            Charset::Ascii => "us-ascii",
            Charset::Utf8 => "utf-8",
            Charset::Latin1 => "iso-8859-1",
        }
    }

    /// The bytes of `text` in this character set (UTF-8 for ASCII text).
    pub fn encode(self, text: &str) -> Vec<u8> {
        match self {
            Charset::Latin1 => latin1(text),
            Charset::Ascii | Charset::Utf8 => text.as_bytes().to_vec(),
        }
    }
}

/// A body transfer encoding.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Transfer {
    /// ASCII as is.
    SevenBit,
    /// Raw 8-bit bytes.
    EightBit,
    /// Quoted-printable.
    QuotedPrintable,
    /// Base64.
    Base64,
}

impl Transfer {
    /// The `Content-Transfer-Encoding` value.
    pub fn name(self) -> &'static str {
        match self {
            Transfer::SevenBit => "7bit",
            Transfer::EightBit => "8bit",
            Transfer::QuotedPrintable => "quoted-printable",
            Transfer::Base64 => "base64",
        }
    }

    /// Appends `body` in this encoding.
    pub fn write(self, body: &[u8], out: &mut Vec<u8>) {
        match self {
            Transfer::SevenBit | Transfer::EightBit => {
                out.extend_from_slice(body);
                if !body.ends_with(b"\n") {
                    out.push(b'\n');
                }
            }
            Transfer::QuotedPrintable => quoted_printable(body, out),
            Transfer::Base64 => base64(body, out),
        }
    }
}

/// Text as ISO-8859-1; characters outside it become their usual ASCII
/// stand-ins (`€` → `EUR`, `œ` → `oe`) or `?`.
pub fn latin1(text: &str) -> Vec<u8> {
    let mut out = Vec::with_capacity(text.len());
    for c in text.chars() {
        match u8::try_from(u32::from(c)) {
            Ok(byte) => out.push(byte),
            Err(_) => match c {
                '’' | '‘' => out.push(b'\''),
                '“' | '”' => out.push(b'"'),
                '–' | '—' => out.push(b'-'),
                '€' => out.extend_from_slice(b"EUR"),
                'œ' => out.extend_from_slice(b"oe"),
                'Œ' => out.extend_from_slice(b"OE"),
                '…' => out.extend_from_slice(b"..."),
                _ => out.push(b'?'),
            },
        }
    }
    out
}

/// Appends `body` as quoted-printable, lines of at most 76 characters.
pub fn quoted_printable(body: &[u8], out: &mut Vec<u8>) {
    let body = body.strip_suffix(b"\n").unwrap_or(body);
    for (n, line) in body.split(|&b| b == b'\n').enumerate() {
        if n > 0 {
            out.push(b'\n');
        }
        mime::quoted_printable_line(line, b"\n", out);
    }
    out.push(b'\n');
}

/// Appends `body` as base64, lines of 76 characters; encoded in place,
/// as the photographs of a leak corpus make gigabytes of it.
pub fn base64(body: &[u8], out: &mut Vec<u8>) {
    use base64::Engine as _;
    out.reserve(body.len().div_ceil(57) * 77);
    // 57 bytes make one line of 76 characters.
    for chunk in body.chunks(57) {
        let start = out.len();
        out.resize(start + 76, 0);
        let written = base64::engine::general_purpose::STANDARD
            .encode_slice(chunk, &mut out[start..])
            .unwrap_or(0);
        out.truncate(start + written);
        out.push(b'\n');
    }
}

/// Appends a header value: as is when ASCII, else as RFC 2047 encoded words
/// (Q or B) of at most 75 characters, folded onto continuation lines. With
/// `raw_utf8`, non-ASCII text is written as raw UTF-8 (RFC 6532), as some
/// clients do.
pub fn header_text(
    text: &str,
    charset: Charset,
    base64_words: bool,
    raw_utf8: bool,
    out: &mut Vec<u8>,
) {
    if text.is_ascii() || raw_utf8 && charset != Charset::Latin1 {
        out.extend_from_slice(text.as_bytes());
        return;
    }
    let charset = if charset == Charset::Ascii {
        Charset::Utf8
    } else {
        charset
    };
    let prefix = match (charset, base64_words) {
        (Charset::Latin1, false) => "=?ISO-8859-1?Q?",
        (Charset::Latin1, true) => "=?ISO-8859-1?B?",
        (_, false) => "=?UTF-8?Q?",
        (_, true) => "=?UTF-8?B?",
    };
    let mut buffer = [0u8; 4];
    let pieces: Vec<Vec<u8>> = text
        .chars()
        .map(|c| match charset {
            Charset::Latin1 => latin1(c.encode_utf8(&mut buffer)),
            _ => c.encode_utf8(&mut buffer).as_bytes().to_vec(),
        })
        .collect();
    if base64_words {
        mime::base64_words(pieces.iter().map(Vec::as_slice), prefix, b"\n", out);
    } else {
        q_words(&pieces, prefix, out);
    }
}

/// Appends characters (`pieces`, each in the word's charset) as Q encoded
/// words of at most 75 characters, folded onto continuation lines.
fn q_words(pieces: &[Vec<u8>], prefix: &str, out: &mut Vec<u8>) {
    // Room for the encoded text of one word.
    let room = 75 - prefix.len() - 2;
    let mut word: Vec<u8> = Vec::with_capacity(room);
    let mut encoded = Vec::with_capacity(12);
    let mut first = true;
    for piece in pieces {
        encoded.clear();
        for &byte in piece {
            mime::q_word_byte(byte, &mut encoded);
        }
        if word.len() + encoded.len() > room {
            write_word(&mut word, prefix, &mut first, out);
        }
        word.extend_from_slice(&encoded);
    }
    write_word(&mut word, prefix, &mut first, out);
}

/// Appends one encoded word (on a continuation line unless `first`).
fn write_word(word: &mut Vec<u8>, prefix: &str, first: &mut bool, out: &mut Vec<u8>) {
    if word.is_empty() {
        return;
    }
    if !*first {
        out.extend_from_slice(b"\n ");
    }
    *first = false;
    out.extend_from_slice(prefix.as_bytes());
    out.extend_from_slice(word);
    out.extend_from_slice(b"?=");
    word.clear();
}

/// Prefixes every line starting with `>*From ` with one more `>` (mboxrd),
/// so that an mbox reader never takes a body line for a separator.
pub fn escape_mbox(message: &[u8], out: &mut Vec<u8>) {
    for line in message.split_inclusive(|&b| b == b'\n') {
        let quoted = line.iter().take_while(|&&b| b == b'>').count();
        if line[quoted..].starts_with(b"From ") {
            out.push(b'>');
        }
        out.extend_from_slice(line);
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn base64_and_quoted_printable() {
        let mut out = Vec::new();
        base64(b"Ma", &mut out);
        assert_eq!(out, b"TWE=\n");
        out.clear();
        quoted_printable("é = 1 \nfin".as_bytes(), &mut out);
        assert_eq!(out, b"=C3=A9 =3D 1=20\nfin\n");
    }

    #[test]
    fn encoded_words() {
        let mut out = Vec::new();
        header_text("Réunion à 9h", Charset::Utf8, false, false, &mut out);
        assert_eq!(out, b"=?UTF-8?Q?R=C3=A9union_=C3=A0_9h?=");
        out.clear();
        header_text("Réunion", Charset::Latin1, true, false, &mut out);
        assert_eq!(
            String::from_utf8(out).unwrap(),
            "=?ISO-8859-1?B?Uul1bmlvbg==?="
        );
    }
}
