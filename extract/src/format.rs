//! Recognising a document's format: magic bytes first, then the declared
//! MIME type, then the file name's extension (names and types in leaks lie
//! more often than bytes do).

/// A document format Fouille knows about.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash)]
pub enum DocumentFormat {
    /// Plain text.
    Text,
    /// Comma- or semicolon-separated values.
    Csv,
    /// HTML.
    Html,
    /// iCalendar (`.ics`).
    Calendar,
    /// vCard (`.vcf`).
    VCard,
    /// A whole message (`message/rfc822`, `.eml`).
    Email,
    /// PDF.
    Pdf,
    /// Office Open XML word processing, spreadsheet or presentation.
    OfficeOpenXml,
    /// OpenDocument text, spreadsheet or presentation.
    OpenDocument,
    /// Legacy Office or Outlook `.msg` (OLE2 compound file).
    Ole2,
    /// RTF.
    Rtf,
    /// Zip archive.
    Zip,
    /// Gzip (often `.tar.gz`).
    Gzip,
    /// Tar archive.
    Tar,
    /// 7z archive.
    SevenZip,
    /// RAR archive.
    Rar,
    /// TNEF (`winmail.dat`).
    Tnef,
    /// A raster image OCR can read: PNG, JPEG, GIF, BMP, TIFF, WebP.
    Image,
    /// Audio, video, executables and anything else without text to index.
    Other,
}

impl DocumentFormat {
    /// Short lowercase name, for facets and the ledger.
    pub fn name(self) -> &'static str {
        match self {
            DocumentFormat::Text => "text",
            DocumentFormat::Csv => "csv",
            DocumentFormat::Html => "html",
            DocumentFormat::Calendar => "calendar",
            DocumentFormat::VCard => "vcard",
            DocumentFormat::Email => "email",
            DocumentFormat::Pdf => "pdf",
            DocumentFormat::OfficeOpenXml => "office",
            DocumentFormat::OpenDocument => "opendocument",
            DocumentFormat::Ole2 => "ole2",
            DocumentFormat::Rtf => "rtf",
            DocumentFormat::Zip => "zip",
            DocumentFormat::Gzip => "gzip",
            DocumentFormat::Tar => "tar",
            DocumentFormat::SevenZip => "7z",
            DocumentFormat::Rar => "rar",
            DocumentFormat::Tnef => "tnef",
            DocumentFormat::Image => "image",
            DocumentFormat::Other => "other",
        }
    }
}

/// The format told by the first bytes alone, if they tell.
pub fn by_magic(bytes: &[u8]) -> Option<DocumentFormat> {
    const TABLE: &[(&[u8], DocumentFormat)] = &[
        (b"%PDF", DocumentFormat::Pdf),
        (b"\xD0\xCF\x11\xE0\xA1\xB1\x1A\xE1", DocumentFormat::Ole2),
        (b"{\\rtf", DocumentFormat::Rtf),
        (b"\x1F\x8B", DocumentFormat::Gzip),
        (b"7z\xBC\xAF\x27\x1C", DocumentFormat::SevenZip),
        (b"Rar!", DocumentFormat::Rar),
        (b"\x78\x9F\x3E\x22", DocumentFormat::Tnef),
        (b"BEGIN:VCALENDAR", DocumentFormat::Calendar),
        (b"BEGIN:VCARD", DocumentFormat::VCard),
    ];
    if let Some((_, format)) = TABLE.iter().find(|(magic, _)| bytes.starts_with(magic)) {
        return Some(*format);
    }
    if bytes.starts_with(b"PK\x03\x04") {
        return Some(zip_flavour(bytes));
    }
    if bytes.len() > 262 && &bytes[257..262] == b"ustar" {
        return Some(DocumentFormat::Tar);
    }
    is_image(bytes).then_some(DocumentFormat::Image)
}

/// True when `bytes` start like an image OCR reads. BMP's two-letter
/// magic is common in text, so its header's own sizes must agree too.
fn is_image(bytes: &[u8]) -> bool {
    const MAGIC: &[&[u8]] = &[
        b"\x89PNG\r\n\x1A\n",
        b"\xFF\xD8\xFF",
        b"GIF87a",
        b"GIF89a",
        b"II*\0",
        b"MM\0*",
    ];
    if MAGIC.iter().any(|magic| bytes.starts_with(magic)) {
        return true;
    }
    if bytes.len() >= 12 && bytes.starts_with(b"RIFF") && &bytes[8..12] == b"WEBP" {
        return true;
    }
    bytes.len() >= 26
        && bytes.starts_with(b"BM")
        && bytes[6..10] == [0, 0, 0, 0]
        && matches!(
            u32::from_le_bytes([bytes[14], bytes[15], bytes[16], bytes[17]]),
            12 | 40 | 52 | 56 | 64 | 108 | 124
        )
}

/// Office and OpenDocument files are zips; their first entries say which.
fn zip_flavour(bytes: &[u8]) -> DocumentFormat {
    let head = &bytes[..bytes.len().min(4096)];
    let contains = |needle: &[u8]| head.windows(needle.len()).any(|window| window == needle);
    if contains(b"mimetypeapplication/vnd.oasis.opendocument") {
        DocumentFormat::OpenDocument
    } else if contains(b"[Content_Types].xml")
        || contains(b"word/")
        || contains(b"xl/")
        || contains(b"ppt/")
    {
        DocumentFormat::OfficeOpenXml
    } else {
        DocumentFormat::Zip
    }
}

fn by_mime(mime: &str) -> Option<DocumentFormat> {
    let mime = mime.trim().to_ascii_lowercase();
    Some(match mime.as_str() {
        "text/csv" | "text/comma-separated-values" => DocumentFormat::Csv,
        "text/html" | "application/xhtml+xml" => DocumentFormat::Html,
        "text/calendar" => DocumentFormat::Calendar,
        "text/vcard" | "text/x-vcard" | "text/directory" => DocumentFormat::VCard,
        "message/rfc822" => DocumentFormat::Email,
        "application/pdf" => DocumentFormat::Pdf,
        "application/rtf" | "text/rtf" => DocumentFormat::Rtf,
        "application/ms-tnef" | "application/vnd.ms-tnef" => DocumentFormat::Tnef,
        "application/zip" | "application/x-zip-compressed" => DocumentFormat::Zip,
        "application/x-tar" => DocumentFormat::Tar,
        "application/gzip" | "application/x-gzip" => DocumentFormat::Gzip,
        "application/x-7z-compressed" => DocumentFormat::SevenZip,
        "application/vnd.rar" | "application/x-rar-compressed" => DocumentFormat::Rar,
        "application/msword"
        | "application/vnd.ms-excel"
        | "application/vnd.ms-powerpoint"
        | "application/vnd.ms-outlook" => DocumentFormat::Ole2,
        mime if mime.starts_with("application/vnd.openxmlformats-officedocument.") => {
            DocumentFormat::OfficeOpenXml
        }
        mime if mime.starts_with("application/vnd.oasis.opendocument.") => {
            DocumentFormat::OpenDocument
        }
        mime if mime.starts_with("text/") => DocumentFormat::Text,
        "image/png" | "image/jpeg" | "image/jpg" | "image/pjpeg" | "image/gif" | "image/bmp"
        | "image/x-ms-bmp" | "image/tiff" | "image/webp" => DocumentFormat::Image,
        _ => return None,
    })
}

fn by_extension(name: &str) -> Option<DocumentFormat> {
    let extension = name.rsplit_once('.')?.1.to_ascii_lowercase();
    Some(match extension.as_str() {
        "txt" | "text" | "log" | "md" => DocumentFormat::Text,
        "csv" | "tsv" => DocumentFormat::Csv,
        "html" | "htm" | "xhtml" => DocumentFormat::Html,
        "ics" | "ical" => DocumentFormat::Calendar,
        "vcf" | "vcard" => DocumentFormat::VCard,
        "eml" => DocumentFormat::Email,
        "pdf" => DocumentFormat::Pdf,
        "docx" | "xlsx" | "pptx" | "docm" | "xlsm" | "pptm" => DocumentFormat::OfficeOpenXml,
        "odt" | "ods" | "odp" => DocumentFormat::OpenDocument,
        "doc" | "xls" | "ppt" | "msg" => DocumentFormat::Ole2,
        "rtf" => DocumentFormat::Rtf,
        "zip" => DocumentFormat::Zip,
        "tar" => DocumentFormat::Tar,
        "gz" | "tgz" => DocumentFormat::Gzip,
        "7z" => DocumentFormat::SevenZip,
        "rar" => DocumentFormat::Rar,
        "dat" if name.to_ascii_lowercase().ends_with("winmail.dat") => DocumentFormat::Tnef,
        "png" | "jpg" | "jpeg" | "jpe" | "gif" | "bmp" | "tif" | "tiff" | "webp" => {
            DocumentFormat::Image
        }
        _ => return None,
    })
}

/// The format of a document with these bytes, declared MIME type and name.
pub fn detect_format(bytes: &[u8], mime: &str, name: &str) -> DocumentFormat {
    let format = by_magic(bytes)
        .or_else(|| by_mime(mime))
        .or_else(|| by_extension(name))
        .unwrap_or(DocumentFormat::Other);
    // An image is what its bytes say: a page of HTML saved as `scan.jpg`
    // is not sent to OCR (the indexer reads it as text if it is text).
    if format == DocumentFormat::Image && !is_image(bytes) {
        DocumentFormat::Other
    } else {
        format
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn bytes_win_over_names_and_types() {
        assert_eq!(
            detect_format(b"%PDF-1.7", "text/plain", "notes.txt"),
            DocumentFormat::Pdf
        );
        assert_eq!(
            detect_format(
                b"PK\x03\x04....[Content_Types].xml",
                "application/octet-stream",
                "x.bin"
            ),
            DocumentFormat::OfficeOpenXml
        );
        assert_eq!(
            detect_format(
                b"PK\x03\x04....mimetypeapplication/vnd.oasis.opendocument.text",
                "",
                "a.zip"
            ),
            DocumentFormat::OpenDocument
        );
        assert_eq!(
            detect_format(b"PK\x03\x04....a.txt", "", "a.docx"),
            DocumentFormat::Zip
        );
        assert_eq!(
            detect_format(b"poste;montant", "text/csv", "budget"),
            DocumentFormat::Csv
        );
        assert_eq!(
            detect_format(b"BEGIN:VCALENDAR\r\n", "application/octet-stream", "x"),
            DocumentFormat::Calendar
        );
        assert_eq!(
            detect_format(b"hello", "application/octet-stream", "WINMAIL.DAT"),
            DocumentFormat::Tnef
        );
        assert_eq!(
            detect_format(b"\x89PNG\r\n\x1A\n", "", "a.bin"),
            DocumentFormat::Image
        );
        assert_eq!(
            detect_format(b"ID3\x04", "audio/mpeg", "a.mp3"),
            DocumentFormat::Other
        );
        assert_eq!(
            detect_format(b"<html>403 Forbidden</html>", "image/jpeg", "scan.jpg"),
            DocumentFormat::Other
        );
        assert_eq!(
            detect_format(b"<svg/>", "image/svg+xml", "a.svg"),
            DocumentFormat::Other
        );
    }

    #[test]
    fn bmp_needs_a_whole_header_not_two_letters() {
        let mut bmp = b"BM\x46\0\0\0\0\0\0\0\x36\0\0\0\x28\0\0\0".to_vec();
        bmp.resize(70, 0);
        assert_eq!(by_magic(&bmp), Some(DocumentFormat::Image));
        assert_eq!(by_magic(b"BMW garage invoice, 12 May, total 300 EUR"), None);
        assert_eq!(
            by_magic(b"RIFF\x10\0\0\0WEBPVP8 "),
            Some(DocumentFormat::Image)
        );
        assert_eq!(by_magic(b"RIFF\x10\0\0\0WAVEfmt "), None);
    }
}
