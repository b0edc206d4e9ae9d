//! Writing MIME: base64 and quoted-printable bodies and RFC 2047 base64
//! encoded words, with the line ending the caller writes (CRLF for the
//! messages rebuilt from Outlook files, LF for the synthetic Maildir corpus
//! of `fouille-synth`). One implementation for both, so both write what
//! mail clients write.

/// Longest line of an encoded body (RFC 2045), line ending excluded.
pub const LINE: usize = 76;

const HEX: &[u8; 16] = b"0123456789ABCDEF";

/// `bytes` in base64, without line breaks.
pub fn base64(bytes: &[u8]) -> String {
    use base64::Engine;
    base64::engine::general_purpose::STANDARD.encode(bytes)
}

/// Appends `bytes` in base64, in lines of 76 characters, each ending in
/// `eol`.
pub fn base64_lines(bytes: &[u8], eol: &[u8], out: &mut Vec<u8>) {
    // 57 input bytes make one 76-character line.
    for chunk in bytes.chunks(57) {
        out.extend_from_slice(base64(chunk).as_bytes());
        out.extend_from_slice(eol);
    }
}

/// Appends one line of text (without its line break) in quoted-printable,
/// broken by soft line breaks (`=` then `eol`) so no line is longer than 76
/// characters. Trailing white space, `=`, bytes outside printable ASCII and
/// a `.` opening a line (which upsets some SMTP tools) are escaped.
pub fn quoted_printable_line(line: &[u8], eol: &[u8], out: &mut Vec<u8>) {
    let mut width = 0;
    for (i, &byte) in line.iter().enumerate() {
        let last = i + 1 == line.len();
        let literal = match byte {
            b'=' => false,
            b' ' | b'\t' => !last,
            33..=126 => true,
            _ => false,
        };
        let literal = literal && !(width == 0 && byte == b'.');
        let needed = if literal { 1 } else { 3 };
        if width + needed > LINE - 1 {
            out.push(b'=');
            out.extend_from_slice(eol);
            width = 0;
        }
        if literal {
            out.push(byte);
        } else {
            push_escaped(byte, out);
        }
        width += needed;
    }
}

/// Appends text as RFC 2047 base64 encoded words of at most 75 characters,
/// separated by folding white space (`eol` then a space). `prefix` names the
/// charset (`=?UTF-8?B?`); `pieces` are the bytes of each character in that
/// charset, so that no character is split between two words.
pub fn base64_words<'a>(
    pieces: impl IntoIterator<Item = &'a [u8]>,
    prefix: &str,
    eol: &[u8],
    out: &mut Vec<u8>,
) {
    // Room for the base64 of one word, between its prefix and `?=`.
    let room = 75 - prefix.len() - 2;
    let mut pending: Vec<u8> = Vec::with_capacity(room);
    let mut first = true;
    let mut flush = |pending: &mut Vec<u8>, out: &mut Vec<u8>| {
        if pending.is_empty() {
            return;
        }
        if !first {
            out.extend_from_slice(eol);
            out.push(b' ');
        }
        first = false;
        out.extend_from_slice(prefix.as_bytes());
        out.extend_from_slice(base64(pending).as_bytes());
        out.extend_from_slice(b"?=");
        pending.clear();
    };
    for piece in pieces {
        if (pending.len() + piece.len()).div_ceil(3) * 4 > room {
            flush(&mut pending, out);
        }
        pending.extend_from_slice(piece);
    }
    flush(&mut pending, out);
}

/// One quoted-printable byte for a Q encoded word (RFC 2047 §4.2): `_` for
/// a space, the byte itself when it is safe in a phrase, else `=XX`.
pub fn q_word_byte(byte: u8, out: &mut Vec<u8>) {
    if byte == b' ' {
        out.push(b'_');
    } else if byte.is_ascii_alphanumeric() || matches!(byte, b'!' | b'*' | b'+' | b'-' | b'/') {
        out.push(byte);
    } else {
        push_escaped(byte, out);
    }
}

/// `=XX`, the quoted-printable escape of a byte.
fn push_escaped(byte: u8, out: &mut Vec<u8>) {
    out.extend_from_slice(&[
        b'=',
        HEX[usize::from(byte >> 4)],
        HEX[usize::from(byte & 0x0F)],
    ]);
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn base64_pads_and_cuts_lines() {
        assert_eq!(base64(b""), "");
        assert_eq!(base64(b"f"), "Zg==");
        assert_eq!(base64(b"fo"), "Zm8=");
        assert_eq!(base64(b"foobar"), "Zm9vYmFy");
        let mut out = Vec::new();
        base64_lines(&[0u8; 58], b"\r\n", &mut out);
        assert_eq!(out, format!("{}\r\nAA==\r\n", "A".repeat(76)).as_bytes());
    }

    #[test]
    fn quoted_printable_lines_stay_short() {
        let mut out = Vec::new();
        quoted_printable_line("é".repeat(30).as_bytes(), b"\n", &mut out);
        let text = String::from_utf8(out).unwrap();
        assert!(text.lines().all(|line| line.len() <= LINE), "{text}");
        assert!(text.starts_with("=C3=A9"), "{text}");
        let mut out = Vec::new();
        quoted_printable_line(b".a = b ", b"\r\n", &mut out);
        assert_eq!(out, b"=2Ea =3D b=20");
    }

    #[test]
    fn encoded_words_keep_characters_whole() {
        let text = "é".repeat(40);
        let mut out = Vec::new();
        let pieces = text
            .char_indices()
            .map(|(i, c)| &text.as_bytes()[i..i + c.len_utf8()]);
        base64_words(pieces, "=?UTF-8?B?", b"\r\n", &mut out);
        let words = String::from_utf8(out).unwrap();
        assert_eq!(words.split("\r\n ").count(), 2, "{words}");
        assert!(words.split("\r\n ").all(|word| word.len() <= 75));
        let mut q = Vec::new();
        for byte in "é a".bytes() {
            q_word_byte(byte, &mut q);
        }
        assert_eq!(q, b"=C3=A9_a");
    }
}
