//! PDF metadata, from the document the text extractor already loaded: the
//! Info dictionary (Title, Author, Creator, Producer, CreationDate, ModDate)
//! first, then the XMP packet of the catalog's `/Metadata` stream, which
//! newer writers fill and older ones leave stale.

use std::io::Read;

use flate2::read::ZlibDecoder;
use pdf_extract::{Dictionary, Document, Object, decode_text_string};

use super::xml::{Vocabulary, read_properties};
use super::{DocumentMetadata, Field, MetadataBuilder};

/// Largest XMP packet read, unpacked (real ones weigh a few kilobytes).
const MAX_XMP_BYTES: u64 = 1024 * 1024;

/// Info dictionary keys and what they stand for. `Creator` is the
/// application that made the original document; `Producer` the one that
/// converted it to PDF.
const INFO_KEYS: &[(&[u8], Field)] = &[
    (b"Title", Field::Title),
    (b"Author", Field::Author),
    (b"Creator", Field::Software),
    (b"Producer", Field::Software),
    (b"Company", Field::Company),
    (b"CreationDate", Field::Created),
    (b"ModDate", Field::Modified),
];

/// The metadata of a loaded PDF.
pub(crate) fn read(document: &Document) -> Option<DocumentMetadata> {
    let mut builder = MetadataBuilder::default();
    if let Some(info) = dictionary(document, document.trailer.get(b"Info").ok()) {
        for (key, field) in INFO_KEYS {
            if let Some(text) = info
                .get(key)
                .ok()
                .and_then(|value| text_of(document, value))
            {
                builder.add(*field, &text);
            }
        }
    }
    if let Some(xmp) = xmp_packet(document) {
        read_properties(
            &String::from_utf8_lossy(&xmp),
            Vocabulary::Xmp,
            &mut builder,
        );
    }
    builder.finish()
}

fn dictionary<'a>(document: &'a Document, object: Option<&'a Object>) -> Option<&'a Dictionary> {
    let (_, object) = document.dereference(object?).ok()?;
    object.as_dict().ok()
}

/// A text string (PDFDocEncoding, or UTF-16BE/UTF-8 after a byte-order
/// mark); None for any other object or undecodable bytes.
fn text_of(document: &Document, object: &Object) -> Option<String> {
    let (_, object) = document.dereference(object).ok()?;
    let text = decode_text_string(object).ok()?;
    Some(text.trim_start_matches('\u{feff}').to_string())
}

/// The bytes of the catalog's XMP stream: stored as is or with FlateDecode
/// alone (unpacked through a bounded reader); other filters are skipped.
fn xmp_packet(document: &Document) -> Option<Vec<u8>> {
    let catalog = document.catalog().ok()?;
    let (_, object) = document.dereference(catalog.get(b"Metadata").ok()?).ok()?;
    let stream = object.as_stream().ok()?;
    let mut packet = Vec::new();
    match stream.dict.get(b"Filter").ok() {
        None => {
            let end = stream.content.len().min(MAX_XMP_BYTES as usize);
            packet.extend_from_slice(&stream.content[..end]);
        }
        Some(filter) => {
            let (_, filter) = document.dereference(filter).ok()?;
            let name = match filter {
                Object::Name(name) => name.as_slice(),
                Object::Array(names) if names.len() == 1 => names[0].as_name().ok()?,
                _ => return None,
            };
            if name != b"FlateDecode" {
                return None;
            }
            // A packet cut short still gives the values before the cut.
            let _ = ZlibDecoder::new(stream.content.as_slice())
                .take(MAX_XMP_BYTES)
                .read_to_end(&mut packet);
        }
    }
    Some(packet)
}

#[cfg(test)]
mod tests {
    use pdf_extract::{Stream, dictionary};

    use super::*;

    fn document_with(info: Dictionary, xmp: Option<Stream>) -> Document {
        let mut document = Document::with_version("1.5");
        let info_id = document.add_object(info);
        let mut catalog = dictionary! { "Type" => "Catalog" };
        if let Some(xmp) = xmp {
            let xmp_id = document.add_object(xmp);
            catalog.set("Metadata", xmp_id);
        }
        let catalog_id = document.add_object(catalog);
        document.trailer.set("Root", catalog_id);
        document.trailer.set("Info", info_id);
        document
    }

    #[test]
    fn info_first_then_xmp() {
        let utf16: Vec<u8> = [0xFE, 0xFF]
            .into_iter()
            .chain("Георгий Петров".encode_utf16().flat_map(u16::to_be_bytes))
            .collect();
        let info = dictionary! {
            "Title" => Object::string_literal("Rapport\u{1} annuel"),
            "Author" => Object::String(utf16, pdf_extract::StringFormat::Hexadecimal),
            "Creator" => Object::string_literal("Writer"),
            "Producer" => Object::string_literal("LibreOffice 6.4"),
            "CreationDate" => Object::string_literal("D:20170503101500+03'00'"),
            "ModDate" => 12,
        };
        let xmp = r#"<x:xmpmeta xmlns:x="adobe:ns:meta/"><rdf:RDF xmlns:rdf="http://www.w3.org/1999/02/22-rdf-syntax-ns#"><rdf:Description xmlns:xmp="http://ns.adobe.com/xap/1.0/" xmlns:dc="http://purl.org/dc/elements/1.1/" xmp:ModifyDate="2017-05-04T08:00:00Z"><dc:creator><rdf:Seq><rdf:li>Zoé Durand</rdf:li></rdf:Seq></dc:creator><dc:title><rdf:Alt><rdf:li>Autre titre</rdf:li></rdf:Alt></dc:title></rdf:Description></rdf:RDF></x:xmpmeta>"#;
        let mut stream = Stream::new(
            dictionary! { "Type" => "Metadata" },
            xmp.as_bytes().to_vec(),
        );
        stream.compress().unwrap();
        assert!(stream.dict.get(b"Filter").is_ok());
        let metadata = read(&document_with(info, Some(stream))).unwrap();
        assert_eq!(
            metadata,
            DocumentMetadata {
                title: Some("Rapport annuel".into()),
                authors: vec!["Георгий Петров".into(), "Zoé Durand".into()],
                software: vec!["Writer".into(), "LibreOffice 6.4".into()],
                created: Some("2017-05-03T10:15:00+03:00".into()),
                modified: Some("2017-05-04T08:00:00Z".into()),
                ..DocumentMetadata::default()
            }
        );
    }

    #[test]
    fn no_info_no_metadata() {
        assert_eq!(read(&document_with(Dictionary::new(), None)), None);
    }
}
