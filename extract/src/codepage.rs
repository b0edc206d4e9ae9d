//! Windows code pages and UTF-16, in one place. Outlook (MAPI properties in
//! `.msg` and `.pst`, TNEF attributes) and RTF name the charset of 8-bit
//! text by code-page number; Word, PowerPoint, MAPI and TNEF store Unicode
//! text as UTF-16LE. The decoders themselves are mail-parser's.

use mail_parser::decoders::charsets::map::charset_decoder;

/// A decoder from 8-bit text to a string.
pub type Decoder = fn(&[u8]) -> String;

/// The charset a Windows code page stands for, by the label mail-parser's
/// decoders know it by; None for a page not in the table.
pub fn charset(page: u32) -> Option<&'static str> {
    Some(match page {
        65001 => "utf-8",
        20127 => "us-ascii",
        28591 => "iso-8859-1",
        28592 => "iso-8859-2",
        28593 => "iso-8859-3",
        28594 => "iso-8859-4",
        28595 => "iso-8859-5",
        28596 => "iso-8859-6",
        28597 => "iso-8859-7",
        28598 => "iso-8859-8",
        28599 => "iso-8859-9",
        28603 => "iso-8859-13",
        28605 => "iso-8859-15",
        1250 => "windows-1250",
        1251 => "windows-1251",
        1252 => "windows-1252",
        1253 => "windows-1253",
        1254 => "windows-1254",
        1255 => "windows-1255",
        1256 => "windows-1256",
        1257 => "windows-1257",
        1258 => "windows-1258",
        874 => "windows-874",
        850 => "cp850",
        866 => "cp866",
        932 => "shift_jis",
        936 => "gbk",
        949 => "euc-kr",
        950 => "big5",
        20866 => "koi8-r",
        21866 => "koi8-u",
        50220..=50222 => "iso-2022-jp",
        51932 => "euc-jp",
        _ => return None,
    })
}

/// The decoder of a code page: from the table, else whatever mail-parser
/// knows as `cpNNN`; None when neither has one (UTF-8 included: valid UTF-8
/// needs no decoder, invalid UTF-8 is read lossily).
pub fn decoder(page: u32) -> Option<Decoder> {
    match charset(page) {
        Some(label) => charset_decoder(label.as_bytes()),
        None => charset_decoder(format!("cp{page}").as_bytes()),
    }
}

/// 8-bit text in `page` (windows-1252 when absent), up to its first NUL.
/// Bytes that are valid UTF-8 are taken as UTF-8 when the page does not say
/// otherwise (absent, UTF-8 or windows-1252, which Outlook declares for
/// anything) or when they are plain ASCII.
pub fn decode_8bit(bytes: &[u8], page: Option<u32>) -> String {
    let bytes = until_nul(bytes);
    let page = page.unwrap_or(1252);
    if let Ok(text) = std::str::from_utf8(bytes)
        && (matches!(page, 65001 | 1252) || charset(page).is_none() || text.is_ascii())
    {
        return text.to_string();
    }
    if page == 65001 {
        return String::from_utf8_lossy(bytes).into_owned();
    }
    match decoder(page).or_else(|| decoder(1252)) {
        Some(decode) => decode(bytes),
        None => String::from_utf8_lossy(bytes).into_owned(),
    }
}

/// The character a windows-1252 byte stands for (undefined bytes map to
/// the C1 control of the same value, as browsers do).
pub fn cp1252_char(byte: u8) -> char {
    const HIGH: [char; 32] = [
        '€', '\u{81}', '‚', 'ƒ', '„', '…', '†', '‡', 'ˆ', '‰', 'Š', '‹', 'Œ', '\u{8D}', 'Ž',
        '\u{8F}', '\u{90}', '‘', '’', '“', '”', '•', '–', '—', '˜', '™', 'š', '›', 'œ', '\u{9D}',
        'ž', 'Ÿ',
    ];
    match byte {
        0x80..=0x9F => HIGH[usize::from(byte - 0x80)],
        _ => char::from(byte),
    }
}

/// The 16-bit units of UTF-16 bytes, little- or big-endian (an odd last
/// byte is dropped).
pub fn utf16_units(bytes: &[u8], little_endian: bool) -> impl Iterator<Item = u16> + '_ {
    bytes.chunks_exact(2).map(move |pair| {
        let pair = [pair[0], pair[1]];
        if little_endian {
            u16::from_le_bytes(pair)
        } else {
            u16::from_be_bytes(pair)
        }
    })
}

/// UTF-16LE text, up to its first NUL; unpaired surrogates become U+FFFD.
pub fn decode_utf16_le(bytes: &[u8]) -> String {
    let units: Vec<u16> = utf16_units(bytes, true)
        .take_while(|&unit| unit != 0)
        .collect();
    String::from_utf16_lossy(&units)
}

/// UTF-16 units, up to the first NUL; unpaired surrogates become U+FFFD.
pub fn decode_utf16_units(units: &[u16]) -> String {
    let end = units
        .iter()
        .position(|&unit| unit == 0)
        .unwrap_or(units.len());
    String::from_utf16_lossy(&units[..end])
}

/// `bytes` up to its first NUL.
fn until_nul(bytes: &[u8]) -> &[u8] {
    match bytes.iter().position(|&byte| byte == 0) {
        Some(end) => &bytes[..end],
        None => bytes,
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn eight_bit_text_follows_its_code_page() {
        // "Привет" in windows-1251, then NUL padding.
        let cyrillic = b"\xcf\xf0\xe8\xe2\xe5\xf2\0\0";
        assert_eq!(decode_8bit(cyrillic, Some(1251)), "Привет");
        assert_eq!(decode_8bit(b"caf\xe9", None), "café");
        assert_eq!(decode_8bit(b"caf\xe9", Some(1252)), "café");
        // KOI8-R and a page known only by its `cpNNN` label.
        assert_eq!(decode_8bit(b"\xf0\xd2\xc9", Some(20866)), "При");
        assert_eq!(decode_8bit("déjà".as_bytes(), Some(65001)), "déjà");
        assert_eq!(
            decode_8bit(b"d\xe9j\xe0", Some(65001)),
            "d\u{FFFD}j\u{FFFD}"
        );
        // Valid UTF-8 where the page does not say otherwise.
        assert_eq!(decode_8bit("déjà".as_bytes(), Some(1252)), "déjà");
        assert_eq!(decode_8bit("déjà".as_bytes(), Some(9999)), "déjà");
        assert_eq!(charset(28592), Some("iso-8859-2"));
        assert_eq!(charset(437), None);
    }

    #[test]
    fn utf16_stops_at_nul_and_survives_odd_lengths() {
        let mut bytes: Vec<u8> = "Noël".encode_utf16().flat_map(u16::to_le_bytes).collect();
        bytes.extend_from_slice(&[0, 0, b'x', 0, 7]);
        assert_eq!(decode_utf16_le(&bytes), "Noël");
        assert_eq!(decode_utf16_le(&[0x41, 0x00, 0x42]), "A");
        assert_eq!(decode_utf16_units(&[0xD800, 0x41, 0, 0x42]), "\u{FFFD}A");
        let big: Vec<u16> = utf16_units(&[0x00, 0x41, 0x00, 0xE9], false).collect();
        assert_eq!(big, [0x41, 0xE9]);
        assert_eq!(cp1252_char(0x80), '€');
        assert_eq!(cp1252_char(0x81), '\u{81}');
        assert_eq!(cp1252_char(b'a'), 'a');
    }
}
