//! Text of the formats safe to read in-process: plain text, CSV, HTML,
//! iCalendar and vCard. Bytes are decoded as UTF-8 when they are, else as
//! windows-1252 (the usual charset of undeclared Western European text).

use super::{DocumentFormat, ExtractError, ExtractedText};

/// Extracted text kept per document; beyond this it is cut and marked.
pub const MAX_TEXT_BYTES: usize = 5 * 1024 * 1024;

/// Decodes text bytes: UTF-8 (a byte-order mark dropped) or windows-1252.
pub fn decode_text(bytes: &[u8]) -> String {
    let bytes = bytes.strip_prefix(b"\xEF\xBB\xBF").unwrap_or(bytes);
    match std::str::from_utf8(bytes) {
        Ok(text) => text.to_string(),
        Err(_) => match mail_parser::decoders::charsets::map::charset_decoder(b"windows-1252") {
            Some(decode) => decode(bytes),
            None => String::from_utf8_lossy(bytes).into_owned(),
        },
    }
}

/// Unfolds iCalendar/vCard content lines and keeps the values of the
/// properties a reader would search (summary, description, names, places…).
fn calendar_text(text: &str) -> String {
    let unfolded = text
        .replace("\r\n ", "")
        .replace("\r\n\t", "")
        .replace("\n ", "")
        .replace("\n\t", "");
    const KEEP: &[&str] = &[
        "SUMMARY",
        "DESCRIPTION",
        "LOCATION",
        "COMMENT",
        "ORGANIZER",
        "ATTENDEE",
        "CATEGORIES",
        "FN",
        "N",
        "ORG",
        "TITLE",
        "EMAIL",
        "TEL",
        "ADR",
        "NOTE",
        "NICKNAME",
        "ROLE",
        "URL",
    ];
    let mut out = String::new();
    for line in unfolded.lines() {
        let Some((name, value)) = line.split_once(':') else {
            continue;
        };
        let property = name
            .split(';')
            .next()
            .unwrap_or_default()
            .to_ascii_uppercase();
        if KEEP.contains(&property.as_str()) {
            let value = value
                .replace("\\n", "\n")
                .replace("\\N", "\n")
                .replace("\\,", ",")
                .replace("\\;", ";");
            out.push_str(
                value
                    .trim_start_matches("mailto:")
                    .trim_start_matches("MAILTO:"),
            );
            out.push('\n');
        }
    }
    out
}

/// The text of a document in a format safe to read in-process.
pub fn extract_safe_text(
    format: DocumentFormat,
    bytes: &[u8],
) -> Result<ExtractedText, ExtractError> {
    let text = match format {
        DocumentFormat::Text | DocumentFormat::Csv => decode_text(bytes),
        DocumentFormat::Html => mail_parser::decoders::html::html_to_text(&decode_text(bytes)),
        DocumentFormat::Calendar | DocumentFormat::VCard => calendar_text(&decode_text(bytes)),
        other => return Err(ExtractError::Unsupported(other.name().into())),
    };
    let mut text = text.replace('\u{a0}', " ");
    let truncated = super::truncate_text(&mut text, MAX_TEXT_BYTES);
    Ok(ExtractedText { text, truncated })
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn decodes_utf8_and_windows_1252() {
        assert_eq!(decode_text("\u{feff}trésorerie".as_bytes()), "trésorerie");
        assert_eq!(
            decode_text(b"tr\xe9sorerie \x80 \x9cuvre"),
            "trésorerie € œuvre"
        );
    }

    #[test]
    fn extracts_the_safe_formats() {
        let html = extract_safe_text(
            DocumentFormat::Html,
            b"<p>Budget <b>municipal</b></p><script>secret()</script>",
        )
        .unwrap();
        assert!(html.text.contains("Budget municipal") && !html.text.contains("secret"));
        let ics = b"BEGIN:VCALENDAR\r\nBEGIN:VEVENT\r\nSUMMARY:R\xc3\xa9union du comit\xc3\xa9\r\nDESCRIPTION:Ordre du jour\\, budget\r\n  2018\r\nDTSTART:20170302T090000Z\r\nEND:VEVENT\r\nEND:VCALENDAR\r\n";
        let calendar = extract_safe_text(DocumentFormat::Calendar, ics).unwrap();
        assert_eq!(
            calendar.text,
            "Réunion du comité\nOrdre du jour, budget 2018\n"
        );
        let card = extract_safe_text(
            DocumentFormat::VCard,
            b"BEGIN:VCARD\nFN:Claire Martin\nEMAIL:claire@journal.example\nEND:VCARD\n",
        )
        .unwrap();
        assert_eq!(card.text, "Claire Martin\nclaire@journal.example\n");
        assert_eq!(
            extract_safe_text(DocumentFormat::Pdf, b"%PDF"),
            Err(ExtractError::Unsupported("pdf".into()))
        );
        let big = vec![b'a'; MAX_TEXT_BYTES + 10];
        let cut = extract_safe_text(DocumentFormat::Text, &big).unwrap();
        assert!(cut.truncated && cut.text.len() == MAX_TEXT_BYTES);
    }
}
