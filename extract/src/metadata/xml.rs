//! Metadata written as XML: OOXML `docProps/core.xml` (Dublin Core and
//! `cp:` properties) and `docProps/app.xml` (extended properties), ODF
//! `meta.xml`, and the XMP packet of PDFs. Properties are told by their
//! local name; the text of an element goes to the nearest enclosing
//! element that names a property (XMP's `dc:creator` holds its names in
//! `rdf:Seq/rdf:li`). Lenient: a malformed part gives the values read
//! before the damage.

use quick_xml::Reader;
use quick_xml::events::{BytesStart, Event};

use super::{Field, MAX_VALUE_CHARS, MetadataBuilder};
use crate::office::push_reference;

/// Which vocabulary a part uses.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub(crate) enum Vocabulary {
    /// OOXML core and extended properties.
    Ooxml,
    /// ODF `meta.xml`.
    Odf,
    /// XMP (properties may also be attributes of `rdf:Description`).
    Xmp,
}

/// Open elements tracked, at most: deeper ones are still read, as text of
/// the deepest tracked one.
const MAX_OPEN: usize = 64;

/// Bytes of text gathered for one value before the rest is ignored (values
/// are cut at [`MAX_VALUE_CHARS`] characters anyway).
const MAX_GATHERED: usize = MAX_VALUE_CHARS * 4 + 16;

/// What property an element or attribute stands for, by local name.
fn field_of(vocabulary: Vocabulary, name: &str) -> Option<Field> {
    Some(match (vocabulary, name) {
        (_, "title") => Field::Title,
        (Vocabulary::Ooxml | Vocabulary::Xmp, "creator") => Field::Author,
        (Vocabulary::Ooxml, "lastModifiedBy") => Field::LastEditor,
        (Vocabulary::Ooxml, "created") => Field::Created,
        (Vocabulary::Ooxml, "modified") => Field::Modified,
        (Vocabulary::Ooxml, "revision") => Field::Revision,
        (Vocabulary::Ooxml, "Application") => Field::Software,
        (Vocabulary::Ooxml, "Company") => Field::Company,
        (Vocabulary::Ooxml, "Template") => Field::Template,
        (Vocabulary::Odf, "initial-creator") => Field::Author,
        (Vocabulary::Odf, "creator") => Field::LastEditor,
        (Vocabulary::Odf, "generator") => Field::Software,
        (Vocabulary::Odf, "creation-date") => Field::Created,
        (Vocabulary::Odf, "date") => Field::Modified,
        (Vocabulary::Odf, "editing-cycles") => Field::Revision,
        (Vocabulary::Xmp, "CreatorTool" | "Producer") => Field::Software,
        (Vocabulary::Xmp, "CreateDate") => Field::Created,
        (Vocabulary::Xmp, "ModifyDate") => Field::Modified,
        _ => return None,
    })
}

/// Adds the properties of XML part `xml` to `builder`.
pub(crate) fn read_properties(xml: &str, vocabulary: Vocabulary, builder: &mut MetadataBuilder) {
    let mut reader = Reader::from_str(xml);
    let config = reader.config_mut();
    config.check_end_names = false;
    config.allow_unmatched_ends = true;
    config.allow_dangling_amp = true;
    // The property each open element falls under, if any.
    let mut open: Vec<Option<Field>> = Vec::new();
    let mut text = String::new();
    while let Ok(event) = reader.read_event() {
        match event {
            Event::Start(element) => {
                flush(&open, &mut text, builder);
                let field = element_field(vocabulary, &element, builder)
                    .or_else(|| open.last().copied().flatten());
                if open.len() < MAX_OPEN {
                    open.push(field);
                }
            }
            Event::Empty(element) => {
                element_field(vocabulary, &element, builder);
            }
            Event::End(_) => {
                flush(&open, &mut text, builder);
                open.pop();
            }
            Event::Text(content) if open.last().copied().flatten().is_some() => {
                gather(&mut text, &content.xml10_content());
            }
            Event::CData(content) if open.last().copied().flatten().is_some() => {
                gather(&mut text, &content.xml10_content());
            }
            Event::GeneralRef(reference) if open.last().copied().flatten().is_some() => {
                let mut resolved = String::new();
                push_reference(&mut resolved, &reference.into_inner());
                gather(&mut text, &resolved);
            }
            Event::Eof => break,
            _ => {}
        }
    }
    flush(&open, &mut text, builder);
}

/// The property `element` stands for; XMP attributes and ODF's
/// `meta:template` (whose name is an attribute) are added on the way.
fn element_field(
    vocabulary: Vocabulary,
    element: &BytesStart<'_>,
    builder: &mut MetadataBuilder,
) -> Option<Field> {
    let name = element.local_name();
    let name: &str = name.as_ref();
    match (vocabulary, name) {
        (Vocabulary::Xmp, "Description") => {
            for attribute in element.attributes().flatten().take(MAX_OPEN) {
                let key = attribute.key.local_name();
                if let Some(field) = field_of(vocabulary, key.as_ref()) {
                    builder.add(field, &attribute_value(&attribute.value));
                }
            }
            None
        }
        (Vocabulary::Odf, "template") => {
            let attributes = element.attributes().flatten().take(MAX_OPEN);
            let mut template = None;
            for attribute in attributes {
                match attribute.key.local_name().as_ref() {
                    "title" => template = Some(attribute_value(&attribute.value)),
                    "href" if template.is_none() => {
                        template = Some(attribute_value(&attribute.value));
                    }
                    _ => {}
                }
            }
            if let Some(template) = template {
                builder.add(Field::Template, &template);
            }
            None
        }
        _ => field_of(vocabulary, name),
    }
}

/// An attribute value, unescaped when it can be.
fn attribute_value(value: &str) -> String {
    let mut end = value.len().min(MAX_GATHERED);
    while !value.is_char_boundary(end) {
        end -= 1;
    }
    let value = &value[..end];
    match quick_xml::escape::unescape(value) {
        Ok(unescaped) => unescaped.into_owned(),
        Err(_) => value.to_string(),
    }
}

fn gather(text: &mut String, piece: &str) {
    if text.len() >= MAX_GATHERED {
        return;
    }
    let mut end = piece.len().min(MAX_GATHERED - text.len());
    while !piece.is_char_boundary(end) {
        end -= 1;
    }
    text.push_str(&piece[..end]);
}

/// Adds the text gathered so far to the property of the innermost open
/// element.
fn flush(open: &[Option<Field>], text: &mut String, builder: &mut MetadataBuilder) {
    if let Some(Some(field)) = open.last()
        && !text.trim().is_empty()
    {
        builder.add(*field, text);
    }
    text.clear();
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::metadata::DocumentMetadata;

    fn read(xml: &str, vocabulary: Vocabulary) -> DocumentMetadata {
        let mut builder = MetadataBuilder::default();
        read_properties(xml, vocabulary, &mut builder);
        builder.finish().unwrap_or_default()
    }

    #[test]
    fn ooxml_core_and_app() {
        let core = r#"<?xml version="1.0" encoding="UTF-8" standalone="yes"?>
<cp:coreProperties xmlns:cp="http://schemas.openxmlformats.org/package/2006/metadata/core-properties" xmlns:dc="http://purl.org/dc/elements/1.1/" xmlns:dcterms="http://purl.org/dc/terms/" xmlns:xsi="http://www.w3.org/2001/XMLSchema-instance">
<dc:title>Budget &amp; plan</dc:title><dc:creator>Zoé Durand</dc:creator>
<cp:lastModifiedBy>Георгий Петров</cp:lastModifiedBy><cp:revision>7</cp:revision>
<dcterms:created xsi:type="dcterms:W3CDTF">2017-04-27T09:01:00Z</dcterms:created>
<dcterms:modified xsi:type="dcterms:W3CDTF">2017-05-03T10:15:00Z</dcterms:modified>
</cp:coreProperties>"#;
        let app = r#"<Properties xmlns="http://schemas.openxmlformats.org/officeDocument/2006/extended-properties"><Template>Normal.dotm</Template><Application>Microsoft Office Word</Application><Company>En Marche</Company><TitlesOfParts><vt:vector><vt:lpstr>Feuil1</vt:lpstr></vt:vector></TitlesOfParts></Properties>"#;
        let mut builder = MetadataBuilder::default();
        read_properties(core, Vocabulary::Ooxml, &mut builder);
        read_properties(app, Vocabulary::Ooxml, &mut builder);
        assert_eq!(
            builder.finish().unwrap(),
            DocumentMetadata {
                title: Some("Budget & plan".into()),
                authors: vec!["Zoé Durand".into()],
                last_editor: Some("Георгий Петров".into()),
                software: vec!["Microsoft Office Word".into()],
                company: Some("En Marche".into()),
                template: Some("Normal.dotm".into()),
                revision: Some("7".into()),
                created: Some("2017-04-27T09:01:00Z".into()),
                modified: Some("2017-05-03T10:15:00Z".into()),
                camera: None,
            }
        );
    }

    #[test]
    fn odf_meta() {
        let meta = r#"<office:document-meta xmlns:office="urn:oasis:names:tc:opendocument:xmlns:office:1.0" xmlns:meta="urn:oasis:names:tc:opendocument:xmlns:meta:1.0" xmlns:dc="http://purl.org/dc/elements/1.1/" xmlns:xlink="http://www.w3.org/1999/xlink"><office:meta>
<meta:generator>LibreOffice/6.4.7.2$Linux_X86_64</meta:generator>
<meta:initial-creator>Hélène Durand</meta:initial-creator><dc:creator>Marc Petit</dc:creator>
<meta:creation-date>2017-03-01T08:00:00</meta:creation-date><dc:date>2017-03-02T09:30:00.5</dc:date>
<meta:editing-cycles>3</meta:editing-cycles><dc:title>Note</dc:title>
<meta:template xlink:type="simple" xlink:href="../modeles/lettre.ott" xlink:title="Lettre"/>
<meta:document-statistic meta:page-count="1"/></office:meta></office:document-meta>"#;
        assert_eq!(
            read(meta, Vocabulary::Odf),
            DocumentMetadata {
                title: Some("Note".into()),
                authors: vec!["Hélène Durand".into()],
                last_editor: Some("Marc Petit".into()),
                software: vec!["LibreOffice/6.4.7.2$Linux_X86_64".into()],
                template: Some("Lettre".into()),
                revision: Some("3".into()),
                created: Some("2017-03-01T08:00:00".into()),
                modified: Some("2017-03-02T09:30:00".into()),
                ..DocumentMetadata::default()
            }
        );
    }

    #[test]
    fn xmp_elements_lists_and_attributes() {
        let xmp = r#"<?xpacket begin="" id="W5M0MpCehiHzreSzNTczkc9d"?>
<x:xmpmeta xmlns:x="adobe:ns:meta/"><rdf:RDF xmlns:rdf="http://www.w3.org/1999/02/22-rdf-syntax-ns#">
<rdf:Description rdf:about="" xmlns:pdf="http://ns.adobe.com/pdf/1.3/" pdf:Producer="Acrobat Distiller 10"/>
<rdf:Description rdf:about="" xmlns:xmp="http://ns.adobe.com/xap/1.0/" xmp:CreateDate="2017-05-01T12:00:00+03:00">
<xmp:CreatorTool>Microsoft® Word 2016</xmp:CreatorTool></rdf:Description>
<rdf:Description rdf:about="" xmlns:dc="http://purl.org/dc/elements/1.1/">
<dc:creator><rdf:Seq><rdf:li>Anna Ivanova</rdf:li><rdf:li>Zoé Durand</rdf:li></rdf:Seq></dc:creator>
<dc:title><rdf:Alt><rdf:li xml:lang="x-default">Rapport</rdf:li><rdf:li xml:lang="en">Report</rdf:li></rdf:Alt></dc:title>
</rdf:Description></rdf:RDF></x:xmpmeta><?xpacket end="w"?>"#;
        assert_eq!(
            read(xmp, Vocabulary::Xmp),
            DocumentMetadata {
                title: Some("Rapport".into()),
                authors: vec!["Anna Ivanova".into(), "Zoé Durand".into()],
                software: vec!["Acrobat Distiller 10".into(), "Microsoft® Word 2016".into()],
                created: Some("2017-05-01T12:00:00+03:00".into()),
                ..DocumentMetadata::default()
            }
        );
    }

    #[test]
    fn malformed_xml_keeps_what_came_before() {
        let xml = "<cp:coreProperties><dc:creator>Zoé</dc:creator><dc:title>a<<</";
        let metadata = read(xml, Vocabulary::Ooxml);
        assert_eq!(metadata.authors, ["Zoé"]);
        let huge = format!(
            "<cp:coreProperties><dc:title>{}</dc:title></cp:coreProperties>",
            "t".repeat(1_000_000)
        );
        let title = read(&huge, Vocabulary::Ooxml).title.unwrap();
        assert_eq!(title.chars().count(), MAX_VALUE_CHARS + 1);
    }
}
