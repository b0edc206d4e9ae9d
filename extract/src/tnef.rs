//! TNEF (winmail.dat): its attachments as members, its body as text.
//!
//! A TNEF stream ([MS-OXTNEF]) is a signature (0x223E9F78), a key, then
//! attributes: a level (1 message, 2 attachment), an id (type in the high
//! word), a length, the data and a checksum. What is read:
//!
//! - the body: `attBody`, else `BODY` in `attMAPIProps`, as the text;
//!   `RTF_COMPRESSED` decompressed ([MS-OXRTFCP], LZFu or uncompressed)
//!   as a member `body.rtf`, and `HTML` as a member `body.html`, for the
//!   caller to extract;
//! - each attachment, which begins at `attAttachRendData`: its data from
//!   `attAttachData` (else `PR_ATTACH_DATA_BIN`/`_OBJ` in `attAttachment`),
//!   its name from `ATTACH_LONG_FILENAME`, else `attAttachTitle`, else
//!   `ATTACH_FILENAME`, else `DISPLAY_NAME`, and its MIME type from
//!   `ATTACH_MIME_TAG`.
//!
//! 8-bit strings are decoded in the code page of `attOemCodepage`. Every
//! read is bounded by the input; damage (a length past the end, garbage
//! after the last attribute) ends the reading, keeps what was read and is
//! recorded in [`Extraction::skipped`] with an empty name.
//!
//! [MS-OXTNEF]: https://learn.microsoft.com/openspecs/exchange_server_protocols/ms-oxtnef
//! [MS-OXRTFCP]: https://learn.microsoft.com/openspecs/exchange_server_protocols/ms-oxrtfcp

use crate::codepage::{decode_8bit, decode_utf16_le};
use crate::properties::{
    ATTACH_DATA, ATTACH_FILENAME, ATTACH_LONG_FILENAME, ATTACH_MIME_TAG, BODY, DISPLAY_NAME, HTML,
    MV_FLAG, PT_BINARY, PT_OBJECT, PT_STRING8, PT_UNICODE, RTF_COMPRESSED,
};
use crate::{Entry, ExtractError, Extraction, Limits, Skipped, truncate_text};

const SIGNATURE: u32 = 0x223E_9F78;

// Attribute ids (low word of the attribute id).
const ATT_BODY: u16 = 0x800C;
const ATT_ATTACH_DATA: u16 = 0x800F;
const ATT_ATTACH_TITLE: u16 = 0x8010;
const ATT_ATTACH_REND_DATA: u16 = 0x9002;
const ATT_MAPI_PROPS: u16 = 0x9003;
const ATT_ATTACHMENT: u16 = 0x9005;
const ATT_OEM_CODEPAGE: u16 = 0x9007;

/// The attachments and body of a TNEF file.
pub fn extract_tnef(bytes: &[u8], limits: &Limits) -> Result<Extraction, ExtractError> {
    let mut input = Input::new(bytes);
    if input.u32() != Some(SIGNATURE) {
        return Err(ExtractError::corrupt("tnef", "no tnef signature"));
    }
    if input.u16().is_none() {
        return Err(ExtractError::corrupt(
            "tnef",
            "cut short after the signature",
        ));
    }
    let mut message = Message::default();
    while !input.is_empty() {
        let Some(attribute) = next_attribute(&mut input) else {
            message.damage = Some("an attribute runs past the end of the file".to_string());
            break;
        };
        if attribute.level != 1 && attribute.level != 2 {
            // Trailing garbage, or a stream out of step: stop there.
            message.damage = Some(format!("unknown attribute level {}", attribute.level));
            break;
        }
        message.read_attribute(&attribute);
    }
    Ok(message.into_extraction(limits))
}

/// One TNEF attribute.
struct Attribute<'a> {
    level: u8,
    id: u16,
    data: &'a [u8],
}

fn next_attribute<'a>(input: &mut Input<'a>) -> Option<Attribute<'a>> {
    let level = input.u8()?;
    let id = input.u32()?;
    let length = input.u32()?;
    let data = input.take(usize::try_from(length).ok()?)?;
    // The checksum: some writers omit it at the very end; it is not checked.
    let _ = input.u16();
    Some(Attribute {
        level,
        // The low word is the id proper, the high word its type.
        id: (id & 0xFFFF) as u16,
        data,
    })
}

/// What the stream says, as it is read.
#[derive(Default)]
struct Message {
    codepage: Option<u32>,
    body: Option<String>,
    rtf: Option<Vec<u8>>,
    html: Option<Vec<u8>>,
    attachments: Vec<Attachment>,
    damage: Option<String>,
}

#[derive(Default)]
struct Attachment {
    title: Option<String>,
    long_name: Option<String>,
    file_name: Option<String>,
    display_name: Option<String>,
    mime: Option<String>,
    /// From `attAttachData`.
    data: Option<Vec<u8>>,
    /// From `PR_ATTACH_DATA_BIN`.
    binary: Option<Vec<u8>>,
    /// From `PR_ATTACH_DATA_OBJ`: an embedded message (a TNEF stream) or
    /// an OLE storage, where `attAttachData` holds only a placeholder.
    object: Option<Vec<u8>>,
}

impl Attachment {
    fn name(&self, number: usize) -> String {
        // Outlook titles embedded messages and OLE objects "Untitled
        // Attachment"; their display name says more.
        let title = self
            .title
            .as_ref()
            .filter(|title| !matches!(title.trim(), "Untitled Attachment" | "Untitled_Attachment"));
        [
            self.long_name.as_ref(),
            title,
            self.file_name.as_ref(),
            self.display_name.as_ref(),
            self.title.as_ref(),
        ]
        .into_iter()
        .flatten()
        .map(|name| name.trim())
        .find(|name| !name.is_empty())
        .map(str::to_string)
        .unwrap_or_else(|| format!("attachment-{number}"))
    }
}

impl Message {
    fn read_attribute(&mut self, attribute: &Attribute<'_>) {
        let data = attribute.data;
        match (attribute.level, attribute.id) {
            (_, ATT_OEM_CODEPAGE) => {
                self.codepage = Input::new(data).u32();
            }
            (1, ATT_BODY) => {
                self.body = Some(decode_8bit(data, self.codepage));
            }
            (1, ATT_MAPI_PROPS) => {
                for property in mapi_properties(data) {
                    self.read_message_property(&property);
                }
            }
            (2, ATT_ATTACH_REND_DATA) => self.attachments.push(Attachment::default()),
            (2, ATT_ATTACH_TITLE) => {
                self.current_attachment().title = Some(decode_8bit(data, self.codepage));
            }
            (2, ATT_ATTACH_DATA) => {
                self.current_attachment().data = Some(data.to_vec());
            }
            (2, ATT_ATTACHMENT) => {
                let codepage = self.codepage;
                let attachment = self.current_attachment();
                for property in mapi_properties(data) {
                    read_attachment_property(attachment, &property, codepage);
                }
            }
            _ => {}
        }
    }

    /// The attachment being read; attachment attributes before any
    /// `attAttachRendData` start one.
    fn current_attachment(&mut self) -> &mut Attachment {
        if self.attachments.is_empty() {
            self.attachments.push(Attachment::default());
        }
        let last = self.attachments.len() - 1;
        &mut self.attachments[last]
    }

    fn read_message_property(&mut self, property: &Property<'_>) {
        match property.id {
            BODY if self.body.is_none() => {
                self.body = property.string(self.codepage);
            }
            RTF_COMPRESSED if property.kind == PT_BINARY => {
                self.rtf = crate::outlook::decompress_rtf(property.value);
            }
            HTML if property.kind == PT_BINARY => {
                self.html = Some(property.value.to_vec());
            }
            HTML => {
                self.html = property.string(self.codepage).map(String::into_bytes);
            }
            _ => {}
        }
    }

    fn into_extraction(self, limits: &Limits) -> Extraction {
        let mut extraction = Extraction::default();
        let mut files = Vec::new();
        for (index, attachment) in self.attachments.iter().enumerate() {
            let name = attachment.name(index + 1);
            let mime = attachment.mime.clone().unwrap_or_default();
            let content = attachment
                .object
                .as_ref()
                .or(attachment.data.as_ref())
                .or(attachment.binary.as_ref());
            match content {
                Some(data) => files.push((name, mime, data.clone())),
                // Attachments with only a rendering (an OLE icon) or an
                // embedded object in a form not read here.
                None => extraction.skipped.push(Skipped {
                    name,
                    reason: "no data".to_string(),
                }),
            }
        }
        if let Some(rtf) = self.rtf {
            files.push(("body.rtf".to_string(), "text/rtf".to_string(), rtf));
        }
        if let Some(html) = self.html {
            files.push(("body.html".to_string(), "text/html".to_string(), html));
        }
        for (name, mime, bytes) in files {
            if extraction.entries.len() >= limits.max_entries {
                extraction.skipped.push(Skipped {
                    name,
                    reason: format!("more than {} members", limits.max_entries),
                });
            } else if bytes.len() as u64 > limits.max_document_bytes {
                extraction.skipped.push(Skipped {
                    name,
                    reason: format!("larger than {} bytes", limits.max_document_bytes),
                });
            } else {
                extraction.entries.push(Entry { name, mime, bytes });
            }
        }
        if let Some(damage) = self.damage {
            extraction.skipped.push(Skipped {
                name: String::new(),
                reason: format!("damaged tnef: {damage}"),
            });
        }
        let mut text = self.body.unwrap_or_default().trim().to_string();
        extraction.truncated = truncate_text(&mut text, limits.max_text_bytes);
        extraction.text = text;
        extraction
    }
}

fn read_attachment_property(
    attachment: &mut Attachment,
    property: &Property<'_>,
    codepage: Option<u32>,
) {
    match property.id {
        ATTACH_LONG_FILENAME => attachment.long_name = property.string(codepage),
        ATTACH_FILENAME => attachment.file_name = property.string(codepage),
        DISPLAY_NAME => attachment.display_name = property.string(codepage),
        ATTACH_MIME_TAG => attachment.mime = property.string(codepage),
        ATTACH_DATA => match property.kind {
            PT_BINARY => attachment.binary = Some(property.value.to_vec()),
            // An object starts with the 16-byte id of its interface; an
            // embedded message is itself a TNEF stream after it.
            PT_OBJECT if property.value.len() > 16 => {
                attachment.object = Some(property.value[16..].to_vec());
            }
            _ => {}
        },
        _ => {}
    }
}

/// One MAPI property with its first value.
struct Property<'a> {
    id: u16,
    /// Its type, without the multi-value flag.
    kind: u16,
    value: &'a [u8],
}

impl Property<'_> {
    /// The value of a string property (8-bit or UTF-16).
    fn string(&self, codepage: Option<u32>) -> Option<String> {
        match self.kind {
            PT_STRING8 => Some(decode_8bit(self.value, codepage)),
            PT_UNICODE => Some(decode_utf16_le(self.value)),
            _ => None,
        }
    }
}

/// The properties of an `attMAPIProps` or `attAttachment` attribute, as far
/// as they can be read.
fn mapi_properties(data: &[u8]) -> Vec<Property<'_>> {
    let mut input = Input::new(data);
    let mut properties = Vec::new();
    let Some(count) = input.u32() else {
        return properties;
    };
    for _ in 0..count {
        match mapi_property(&mut input) {
            Some(Some(property)) => properties.push(property),
            Some(None) => {}
            None => break,
        }
    }
    properties
}

/// The next property: None when it cannot be read (the rest is lost),
/// Some(None) for a property without a usable value.
fn mapi_property<'a>(input: &mut Input<'a>) -> Option<Option<Property<'a>>> {
    let kind = input.u16()?;
    let id = input.u16()?;
    if id >= 0x8000 {
        // A named property: a GUID, then a number or a UTF-16 name.
        input.take(16)?;
        match input.u32()? {
            0 => {
                input.u32()?;
            }
            _ => {
                let length = input.u32()? as usize;
                input.take(length)?;
                input.pad(length)?;
            }
        }
    }
    let multi = kind & MV_FLAG != 0;
    let base = kind & !MV_FLAG;
    let fixed = match base {
        0x0001 | 0x0002 | 0x0003 | 0x0004 | 0x000A | 0x000B => Some(4),
        0x0005 | 0x0006 | 0x0007 | 0x0014 | 0x0040 => Some(8),
        0x0048 => Some(16),
        PT_OBJECT | PT_STRING8 | PT_UNICODE | PT_BINARY => None,
        // An unknown type: its size is unknown, so nothing after it can
        // be read.
        _ => return None,
    };
    let values = if multi || fixed.is_none() {
        input.u32()?
    } else {
        1
    };
    let mut first = None;
    for _ in 0..values {
        let value = match fixed {
            Some(size) => input.take(size)?,
            None => {
                let length = input.u32()? as usize;
                let value = input.take(length)?;
                input.pad(length)?;
                value
            }
        };
        first.get_or_insert(value);
    }
    Some(first.map(|value| Property {
        id,
        kind: base,
        value,
    }))
}

/// A cursor over bytes whose reads return None past the end.
struct Input<'a> {
    bytes: &'a [u8],
    position: usize,
}

impl<'a> Input<'a> {
    fn new(bytes: &'a [u8]) -> Input<'a> {
        Input { bytes, position: 0 }
    }

    fn remaining(&self) -> usize {
        self.bytes.len() - self.position
    }

    fn is_empty(&self) -> bool {
        self.remaining() == 0
    }

    fn take(&mut self, length: usize) -> Option<&'a [u8]> {
        if length > self.remaining() {
            return None;
        }
        let taken = &self.bytes[self.position..self.position + length];
        self.position += length;
        Some(taken)
    }

    /// Skips the padding that brings `length` to a multiple of 4. Writers
    /// sometimes leave it out at the very end, so a short read is fine.
    fn pad(&mut self, length: usize) -> Option<()> {
        let padding = (4 - length % 4) % 4;
        self.position += padding.min(self.remaining());
        Some(())
    }

    fn u8(&mut self) -> Option<u8> {
        self.take(1).map(|bytes| bytes[0])
    }

    fn u16(&mut self) -> Option<u16> {
        self.take(2)
            .map(|bytes| u16::from_le_bytes([bytes[0], bytes[1]]))
    }

    fn u32(&mut self) -> Option<u32> {
        self.take(4)
            .map(|bytes| u32::from_le_bytes([bytes[0], bytes[1], bytes[2], bytes[3]]))
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::test_files::{corpus, corpus_path, damaged_variants, entry_names, fixture};

    const TNEF_CORPUS: &str = "fixtures-mimekit/tnef/";

    /// The CRC of [MS-OXRTFCP] (CRC-32, initial value 0, no final xor).
    fn rtf_crc(bytes: &[u8]) -> u32 {
        let mut crc = 0u32;
        for &byte in bytes {
            crc ^= u32::from(byte);
            for _ in 0..8 {
                crc = if crc & 1 != 0 {
                    (crc >> 1) ^ 0xEDB8_8320
                } else {
                    crc >> 1
                };
            }
        }
        crc
    }

    #[test]
    fn winmail_fixture_gives_body_attachment_and_rtf() {
        let bytes = fixture("winmail.dat");
        let extraction = extract_tnef(&bytes, &Limits::default()).unwrap();
        assert_eq!(extraction.text, "Le narval est arrivé au port.");
        assert_eq!(entry_names(&extraction), ["rapport-okapi.txt", "body.rtf"]);
        assert_eq!(
            extraction.entries[0].bytes,
            b"Rapport de l'okapi : rien a signaler.\r\n"
        );
        assert_eq!(
            extraction.entries[1].bytes,
            b"{\\rtf1\\ansi\\ansicpg1252\\deff0{\\fonttbl{\\f0 Arial;}}\
              \\f0\\fs20 Le narval est arriv\\'e9 au port.\\par}"
        );
        assert!(extraction.skipped.is_empty());
    }

    #[test]
    fn compressed_rtf_example_of_the_specification() {
        // [MS-OXRTFCP] 3.1.1: "{\rtf1\ansi\ansicpg1252\pard hello world}\r\n".
        let compressed: &[u8] = &[
            0x2d, 0x00, 0x00, 0x00, 0x2b, 0x00, 0x00, 0x00, 0x4c, 0x5a, 0x46, 0x75, 0xf1, 0xc5,
            0xc7, 0xa7, 0x03, 0x00, 0x0a, 0x00, 0x72, 0x63, 0x70, 0x67, 0x31, 0x32, 0x35, 0x42,
            0x32, 0x0a, 0xf3, 0x20, 0x68, 0x65, 0x6c, 0x09, 0x00, 0x20, 0x62, 0x77, 0x05, 0xb0,
            0x6c, 0x64, 0x7d, 0x0a, 0x80, 0x0f, 0xa0,
        ];
        assert_eq!(
            crate::outlook::decompress_rtf(compressed).unwrap(),
            b"{\\rtf1\\ansi\\ansicpg1252\\pard hello world}\r\n"
        );
        assert_eq!(rtf_crc(&compressed[16..]), 0xa7c7_c5f1);
    }

    #[test]
    fn corpus_rtf_body_decompresses_with_a_matching_crc() {
        let Some(bytes) = corpus("fixtures-mimekit/tnef/rtf.tnef") else {
            return;
        };
        let extraction = extract_tnef(&bytes, &Limits::default()).unwrap();
        assert_eq!(entry_names(&extraction), ["body.rtf"]);
        let rtf = &extraction.entries[0].bytes;
        assert!(
            rtf.starts_with(b"{\\rtf1"),
            "{}",
            String::from_utf8_lossy(rtf)
        );
        // The CRC in the header is that of the compressed payload: a check
        // that the payload was delimited as the specification says.
        let start = bytes
            .windows(4)
            .position(|window| window == b"LZFu")
            .unwrap()
            - 8;
        let header = &bytes[start..start + 16];
        let compressed_size = u32::from_le_bytes(header[0..4].try_into().unwrap()) as usize;
        let crc = u32::from_le_bytes(header[12..16].try_into().unwrap());
        assert_eq!(
            rtf_crc(&bytes[start + 16..start + 4 + compressed_size]),
            crc
        );
        assert_eq!(
            rtf.len(),
            u32::from_le_bytes(header[4..8].try_into().unwrap()) as usize
        );
    }

    #[test]
    fn corpus_one_file() {
        let Some(bytes) = corpus("fixtures-mimekit/tnef/one-file.tnef") else {
            return;
        };
        let extraction = extract_tnef(&bytes, &Limits::default()).unwrap();
        assert_eq!(entry_names(&extraction), ["AUTHORS"]);
        assert_eq!(extraction.entries[0].bytes.len(), 244);
    }

    #[test]
    fn corpus_long_filename_wins_over_the_short_title() {
        let Some(bytes) = corpus("fixtures-mimekit/tnef/long-filename.tnef") else {
            return;
        };
        let extraction = extract_tnef(&bytes, &Limits::default()).unwrap();
        assert_eq!(
            entry_names(&extraction),
            ["allproductsmar2000.dat", "body.rtf"]
        );
        assert_eq!(extraction.entries[0].bytes.len(), 279);
    }

    #[test]
    fn corpus_attachments() {
        let Some(bytes) = corpus("fixtures-mimekit/tnef/attachments.tnef") else {
            return;
        };
        let extraction = extract_tnef(&bytes, &Limits::default()).unwrap();
        assert_eq!(
            entry_names(&extraction),
            ["zappa_av1.jpg", "bookmark.htm", "body.rtf"]
        );
        assert!(extraction.entries[0].bytes.starts_with(b"\xFF\xD8\xFF\xE0"));
        assert!(
            extraction.entries[1]
                .bytes
                .starts_with(b"<!DOCTYPE NETSCAPE-Bookmark-file-1>")
        );
        assert_eq!(extraction.entries[1].bytes.len(), 85_805);
        assert!(extraction.entries[2].bytes.starts_with(b"{\\rtf1"));
    }

    #[test]
    fn corpus_embedded_messages_are_returned_as_tnef() {
        let Some(bytes) = corpus("fixtures-mimekit/tnef/christmas.tnef") else {
            return;
        };
        let extraction = extract_tnef(&bytes, &Limits::default()).unwrap();
        assert_eq!(
            entry_names(&extraction),
            [
                "kitten-playing-with-a-christmas-tree.jpg",
                "Build a train table",
                "Christmas Celebration!",
                "body.rtf"
            ]
        );
        for embedded in &extraction.entries[1..3] {
            assert!(embedded.bytes.starts_with(&SIGNATURE.to_le_bytes()));
        }
    }

    #[test]
    fn corpus_attachment_data_in_mapi_properties() {
        let Some(bytes) = corpus("fixtures-mimekit/tnef/MAPI_ATTACH_DATA_OBJ.tnef") else {
            return;
        };
        let extraction = extract_tnef(&bytes, &Limits::default()).unwrap();
        assert_eq!(
            entry_names(&extraction),
            [
                "VIA_Nytt_1402.doc",
                "VIA_Nytt_1402.pdf",
                "VIA_Nytt_14021.htm",
                "body.rtf"
            ]
        );
        assert!(extraction.entries[1].bytes.starts_with(b"%PDF-1.3"));
    }

    #[test]
    fn every_corpus_tnef_reads_without_panicking() {
        let directory = corpus_path(TNEF_CORPUS);
        let Ok(directory) = std::fs::read_dir(&directory) else {
            eprintln!("skipped: {} is missing", directory.display());
            return;
        };
        let mut read = 0;
        for file in directory {
            let path = file.unwrap().path();
            if path.extension().is_none_or(|extension| extension != "tnef") {
                continue;
            }
            let bytes = std::fs::read(&path).unwrap();
            let result = extract_tnef(&bytes, &Limits::default());
            eprintln!(
                "{}: {:?}",
                path.display(),
                result.as_ref().map(|extraction| entry_names(extraction))
            );
            read += 1;
        }
        assert!(read >= 19, "only {read} tnef files");
    }

    #[test]
    fn truncated_and_bit_flipped_tnef_never_panics() {
        let mut samples = vec![fixture("winmail.dat")];
        for name in ["one-file.tnef", "rtf.tnef", "attachments.tnef"] {
            samples.extend(corpus(&format!("{TNEF_CORPUS}{name}")));
        }
        for sample in samples {
            for variant in damaged_variants(&sample) {
                let _ = extract_tnef(&variant, &Limits::default());
            }
        }
    }

    #[test]
    fn not_tnef_is_corrupt() {
        assert!(matches!(
            extract_tnef(b"hello", &Limits::default()),
            Err(ExtractError::Corrupt { .. })
        ));
    }
}
