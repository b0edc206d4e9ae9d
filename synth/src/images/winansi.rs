//! Text as the PDF standard fonts read it: `WinAnsiEncoding` (windows-1252)
//! bytes inside a PDF string literal. The standard 14 fonts need no font
//! file, and with this encoding they draw every French letter (é è à ç ô û
//! ê î ù œ), which the OCR fixtures must show.

/// The windows-1252 byte of `c`, if it has one.
pub fn byte_of(c: char) -> Option<u8> {
    let code = c as u32;
    match code {
        0x20..=0x7e | 0xa0..=0xff => Some(code as u8),
        _ => {
            // The 0x80–0x9f range of windows-1252: typographic marks and the
            // few letters Latin-1 lacks (œ, Œ, Ÿ).
            let byte = match c {
                '€' => 0x80,
                '‚' => 0x82,
                '„' => 0x84,
                '…' => 0x85,
                '‘' => 0x91,
                '’' => 0x92,
                '“' => 0x93,
                '”' => 0x94,
                '•' => 0x95,
                '–' => 0x96,
                '—' => 0x97,
                'Œ' => 0x8c,
                'œ' => 0x9c,
                'Ÿ' => 0x9f,
                _ => return None,
            };
            Some(byte)
        }
    }
}

/// `text` as a PDF string literal, parentheses included: windows-1252,
/// with `(`, `)` and `\` escaped and every byte above ASCII written in
/// octal so that the content stream stays ASCII. A character the encoding
/// lacks becomes `?`.
pub fn pdf_string(text: &str) -> String {
    let mut out = String::with_capacity(text.len() + 2);
    out.push('(');
    for c in text.chars() {
        let byte = byte_of(c).unwrap_or(b'?');
        match byte {
            b'(' | b')' | b'\\' => {
                out.push('\\');
                out.push(byte as char);
            }
            0x20..=0x7e => out.push(byte as char),
            _ => out.push_str(&format!("\\{byte:03o}")),
        }
    }
    out.push(')');
    out
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn french_letters_have_windows_1252_bytes() {
        assert_eq!(byte_of('é'), Some(0xe9));
        assert_eq!(byte_of('ç'), Some(0xe7));
        assert_eq!(byte_of('œ'), Some(0x9c));
        assert_eq!(byte_of('€'), Some(0x80));
        assert_eq!(byte_of('Ж'), None);
    }

    #[test]
    fn strings_are_escaped_and_ascii() {
        assert_eq!(pdf_string(r"a(b)\c"), r"(a\(b\)\\c)");
        assert_eq!(pdf_string("reçu œuvre"), r"(re\347u \234uvre)");
        assert_eq!(pdf_string("Ж"), "(?)");
    }
}
