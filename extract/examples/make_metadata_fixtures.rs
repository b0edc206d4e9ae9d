//! Writes `tests/fixtures/metadata/`: one small document per format that
//! carries metadata, each with known authors, software and dates, and one
//! with hostile metadata. Every person and company is fictional. The
//! extraction unit tests (`extract/src/metadata/fixtures.rs`) and
//! `indexer/tests/archive/metadata.rs` check what they hold:
//!
//! | File | Format | Metadata | Rare word |
//! |---|---|---|---|
//! | rapport-commission.pdf | PDF, Info + XMP | title "Rapport de la commission des finances"; authors Zoé Durand (Info, UTF-16), Marc Lefebvre (XMP `dc:creator`); software "Microsoft® Word 2016" (Creator, PDFDocEncoding; XMP CreatorTool), "Acrobat PDFMaker 17 pour Word" (Producer); created 2017-05-02T18:30:00+02:00, modified 2017-05-02T18:40:00+02:00 | sarracenia |
//! | convention.docx | OOXML core + app | title "Convention de partenariat"; author Jean-Baptiste Lefèvre; last editor Zoé Durand; Microsoft Office Word; company "Cabinet Lefèvre & Associés"; template Normal.dotm; revision 12; created 2017-04-20T08:12:00Z, modified 2017-05-02T16:05:00Z | bathyscaphe |
//! | tableau-dons.xlsx | OOXML core + app | author Anna Ivanova; last editor Георгий Петров; Microsoft Excel; company En Marche; created 2017-04-27T09:01:00Z, modified 2017-05-03T11:47:00Z | ptarmigan |
//! | proces-verbal.odt | ODF meta.xml | title "Procès-verbal du conseil"; initial creator Hélène Marchal; last editor Paul Girard; generator LibreOffice/6.4.7.2…; template "Modèle mairie"; 3 editing cycles; created 2017-03-01T08:00:00, modified 2017-03-02T09:30:00 | euphorbe |
//! | memo-ministere.doc | Word 97, OLE SummaryInformation + DocumentSummaryInformation in windows-1251 | title "Служебная записка"; author Анна Иванова; last author Георгий Петров; Microsoft Office Word; company "ООО Ромашка"; template Normal.dot; revision 5; created 2017-04-28T07:45:00Z, saved 2017-05-03T10:15:00Z | zibeline |
//! | lettre-mairie.rtf | RTF `\info` + `\*\generator` | title "Lettre au maire"; author François Dupré; operator Sophie Moreau; company "Mairie de Villeneuve"; generator Riched20 10.0.19041; created 2017-04-12T14:05, revised 2017-04-13T09:30 | mangouste |
//! | photo-meeting.jpg | JPEG with EXIF only (no picture) | camera Canon EOS 5D Mark III; software "Adobe Photoshop CS6 (Windows)"; artist Hugo Perrot; taken 2017-05-03T10:15:00+02:00; changed 2017-05-04T09:12:00 | — |
//! | piege-metadonnees.docx | OOXML, hostile | a title of 500,000 "Ω" (a megabyte); creator "Facture U+202E fdp.exe" with BEL and ESC; last editor wrapped in U+2066/U+2069 and U+200B; application with a BOM and U+202E | pyrolyse |
//!
//! Run with `cargo run -p fouille-extract --example make_metadata_fixtures`.
//! The output is the same byte for byte on every run.

use std::io::{Cursor, Write};
use std::path::{Path, PathBuf};
use std::time::{Duration, SystemTime};

use pdf_extract::{Document, Object, Stream, StringFormat, dictionary};
use zip::write::SimpleFileOptions;

/// 2017-03-14T09:30:00Z, the time stamped on zip members and OLE storages.
const STAMP: u64 = 1_489_483_800;

const XML: &str = "<?xml version=\"1.0\" encoding=\"UTF-8\" standalone=\"yes\"?>\n";

fn main() -> std::io::Result<()> {
    let dir = Path::new(env!("CARGO_MANIFEST_DIR")).join("../tests/fixtures/metadata");
    std::fs::create_dir_all(&dir)?;
    let files: [(&str, Vec<u8>); 8] = [
        ("rapport-commission.pdf", pdf()),
        ("convention.docx", docx()),
        ("tableau-dons.xlsx", xlsx()),
        ("proces-verbal.odt", odt()),
        ("memo-ministere.doc", doc()?),
        ("lettre-mairie.rtf", rtf()),
        ("photo-meeting.jpg", jpeg()),
        ("piege-metadonnees.docx", hostile_docx()),
    ];
    for (name, bytes) in files {
        let path: PathBuf = dir.join(name);
        std::fs::write(&path, bytes)?;
        println!("wrote {}", path.display());
    }
    Ok(())
}

// ---------------------------------------------------------------- PDF

/// A one-page PDF with an Info dictionary (author in UTF-16) and an XMP
/// packet naming a second author and the creating tool.
fn pdf() -> Vec<u8> {
    let mut document = Document::with_version("1.5");
    let pages_id = document.new_object_id();
    let font_id = document.add_object(dictionary! {
        "Type" => "Font",
        "Subtype" => "Type1",
        "BaseFont" => "Helvetica",
    });
    let content =
        b"BT /F1 12 Tf 72 720 Td (Rapport de la commission. Le mot rare est sarracenia.) Tj ET";
    let content_id = document.add_object(Stream::new(dictionary! {}, content.to_vec()));
    let page_id = document.add_object(dictionary! {
        "Type" => "Page",
        "Parent" => pages_id,
        "Contents" => content_id,
        "Resources" => dictionary! { "Font" => dictionary! { "F1" => font_id } },
        "MediaBox" => vec![0.into(), 0.into(), 595.into(), 842.into()],
    });
    document.objects.insert(
        pages_id,
        Object::Dictionary(dictionary! {
            "Type" => "Pages",
            "Kids" => vec![page_id.into()],
            "Count" => 1,
        }),
    );
    let xmp = "<?xpacket begin=\"\u{feff}\" id=\"W5M0MpCehiHzreSzNTczkc9d\"?>\
         <x:xmpmeta xmlns:x=\"adobe:ns:meta/\"><rdf:RDF xmlns:rdf=\"http://www.w3.org/1999/02/22-rdf-syntax-ns#\">\
         <rdf:Description rdf:about=\"\" xmlns:xmp=\"http://ns.adobe.com/xap/1.0/\" \
         xmlns:pdf=\"http://ns.adobe.com/pdf/1.3/\" xmlns:dc=\"http://purl.org/dc/elements/1.1/\" \
         xmp:CreatorTool=\"Microsoft® Word 2016\" xmp:ModifyDate=\"2017-05-02T18:40:00+02:00\">\
         <pdf:Producer>Acrobat PDFMaker 17 pour Word</pdf:Producer>\
         <dc:creator><rdf:Seq><rdf:li>Zoé Durand</rdf:li><rdf:li>Marc Lefebvre</rdf:li></rdf:Seq></dc:creator>\
         </rdf:Description></rdf:RDF></x:xmpmeta><?xpacket end=\"w\"?>";
    let xmp_id = document.add_object(Stream::new(
        dictionary! { "Type" => "Metadata", "Subtype" => "XML" },
        xmp.as_bytes().to_vec(),
    ));
    let catalog_id = document.add_object(dictionary! {
        "Type" => "Catalog",
        "Pages" => pages_id,
        "Metadata" => xmp_id,
    });
    let author: Vec<u8> = [0xFE, 0xFF]
        .into_iter()
        .chain("Zoé Durand".encode_utf16().flat_map(u16::to_be_bytes))
        .collect();
    let info_id = document.add_object(dictionary! {
        "Title" => Object::string_literal("Rapport de la commission des finances"),
        "Author" => Object::String(author, StringFormat::Hexadecimal),
        "Creator" => Object::string_literal(b"Microsoft\xAE Word 2016".to_vec()),
        "Producer" => Object::string_literal("Acrobat PDFMaker 17 pour Word"),
        "CreationDate" => Object::string_literal("D:20170502183000+02'00'"),
        "ModDate" => Object::string_literal("D:20170502184000+02'00'"),
    });
    document.trailer.set("Root", catalog_id);
    document.trailer.set("Info", info_id);
    let mut bytes = Vec::new();
    document.save_to(&mut bytes).expect("pdf written");
    bytes
}

// ---------------------------------------------------------------- OOXML and ODF

fn zip_of(members: &[(&str, &str)]) -> Vec<u8> {
    let time = zip::DateTime::from_date_and_time(2017, 3, 14, 9, 30, 0).expect("valid time");
    let mut writer = zip::ZipWriter::new(Cursor::new(Vec::new()));
    for (name, text) in members {
        let method = if *name == "mimetype" {
            zip::CompressionMethod::Stored
        } else {
            zip::CompressionMethod::Deflated
        };
        let options = SimpleFileOptions::default()
            .compression_method(method)
            .last_modified_time(time)
            .unix_permissions(0o644);
        writer.start_file(*name, options).expect("zip member");
        writer.write_all(text.as_bytes()).expect("zip write");
    }
    writer.finish().expect("zip finished").into_inner()
}

/// `docProps/core.xml` with these elements (`dc:creator`…), escaped by the
/// caller.
fn core_xml(elements: &str) -> String {
    format!(
        "{XML}<cp:coreProperties xmlns:cp=\"http://schemas.openxmlformats.org/package/2006/metadata/core-properties\" \
         xmlns:dc=\"http://purl.org/dc/elements/1.1/\" xmlns:dcterms=\"http://purl.org/dc/terms/\" \
         xmlns:xsi=\"http://www.w3.org/2001/XMLSchema-instance\">{elements}</cp:coreProperties>"
    )
}

fn app_xml(elements: &str) -> String {
    format!(
        "{XML}<Properties xmlns=\"http://schemas.openxmlformats.org/officeDocument/2006/extended-properties\" \
         xmlns:vt=\"http://schemas.openxmlformats.org/officeDocument/2006/docPropsVTypes\">{elements}</Properties>"
    )
}

const PKG_REL: &str = "http://schemas.openxmlformats.org/package/2006/relationships";
const REL: &str = "http://schemas.openxmlformats.org/officeDocument/2006/relationships";

fn package_rels(main: &str) -> String {
    format!(
        "{XML}<Relationships xmlns=\"{PKG_REL}\">\
         <Relationship Id=\"rId1\" Type=\"{REL}/officeDocument\" Target=\"{main}\"/>\
         <Relationship Id=\"rId2\" Type=\"{PKG_REL}/metadata/core-properties\" Target=\"docProps/core.xml\"/>\
         <Relationship Id=\"rId3\" Type=\"{REL}/extended-properties\" Target=\"docProps/app.xml\"/>\
         </Relationships>"
    )
}

fn content_types(overrides: &[(&str, &str)]) -> String {
    let mut parts: String = overrides
        .iter()
        .map(|(part, kind)| format!("<Override PartName=\"{part}\" ContentType=\"{kind}\"/>"))
        .collect();
    parts.push_str("<Override PartName=\"/docProps/core.xml\" ContentType=\"application/vnd.openxmlformats-package.core-properties+xml\"/>");
    parts.push_str("<Override PartName=\"/docProps/app.xml\" ContentType=\"application/vnd.openxmlformats-officedocument.extended-properties+xml\"/>");
    format!(
        "{XML}<Types xmlns=\"http://schemas.openxmlformats.org/package/2006/content-types\">\
         <Default Extension=\"rels\" ContentType=\"application/vnd.openxmlformats-package.relationships+xml\"/>\
         <Default Extension=\"xml\" ContentType=\"application/xml\"/>{parts}</Types>"
    )
}

const NS_W: &str = "http://schemas.openxmlformats.org/wordprocessingml/2006/main";
const WML: &str = "application/vnd.openxmlformats-officedocument.wordprocessingml";

fn docx_with(core: &str, app: &str, paragraph: &str) -> Vec<u8> {
    let document = format!(
        "{XML}<w:document xmlns:w=\"{NS_W}\"><w:body><w:p><w:r><w:t>{paragraph}</w:t></w:r></w:p></w:body></w:document>"
    );
    zip_of(&[
        (
            "[Content_Types].xml",
            &content_types(&[("/word/document.xml", &format!("{WML}.document.main+xml"))]),
        ),
        ("_rels/.rels", &package_rels("word/document.xml")),
        ("docProps/core.xml", &core_xml(core)),
        ("docProps/app.xml", &app_xml(app)),
        ("word/document.xml", &document),
    ])
}

/// A Word document by Jean-Baptiste Lefèvre, last saved by Zoé Durand.
fn docx() -> Vec<u8> {
    docx_with(
        "<dc:title>Convention de partenariat</dc:title>\
         <dc:creator>Jean-Baptiste Lefèvre</dc:creator>\
         <cp:lastModifiedBy>Zoé Durand</cp:lastModifiedBy><cp:revision>12</cp:revision>\
         <dcterms:created xsi:type=\"dcterms:W3CDTF\">2017-04-20T08:12:00Z</dcterms:created>\
         <dcterms:modified xsi:type=\"dcterms:W3CDTF\">2017-05-02T16:05:00Z</dcterms:modified>",
        "<Template>Normal.dotm</Template><Application>Microsoft Office Word</Application>\
         <Company>Cabinet Lefèvre &amp; Associés</Company><AppVersion>16.0000</AppVersion>",
        "Convention signée. Le mot rare est bathyscaphe.",
    )
}

/// A spreadsheet made by Anna Ivanova, last saved by Георгий Петров (as in
/// the forged spreadsheets of #MacronLeaks).
fn xlsx() -> Vec<u8> {
    let sml = "application/vnd.openxmlformats-officedocument.spreadsheetml";
    let ns_s = "http://schemas.openxmlformats.org/spreadsheetml/2006/main";
    let workbook = format!(
        "{XML}<workbook xmlns=\"{ns_s}\" xmlns:r=\"{REL}\"><sheets>\
         <sheet name=\"Dons\" sheetId=\"1\" r:id=\"rId1\"/></sheets></workbook>"
    );
    let workbook_rels = format!(
        "{XML}<Relationships xmlns=\"{PKG_REL}\">\
         <Relationship Id=\"rId1\" Type=\"{REL}/worksheet\" Target=\"worksheets/sheet1.xml\"/>\
         </Relationships>"
    );
    let sheet = format!(
        "{XML}<worksheet xmlns=\"{ns_s}\"><sheetData>\
         <row r=\"1\"><c r=\"A1\" t=\"inlineStr\"><is><t>ptarmigan</t></is></c><c r=\"B1\"><v>25000</v></c></row>\
         </sheetData></worksheet>"
    );
    zip_of(&[
        (
            "[Content_Types].xml",
            &content_types(&[
                ("/xl/workbook.xml", &format!("{sml}.sheet.main+xml")),
                ("/xl/worksheets/sheet1.xml", &format!("{sml}.worksheet+xml")),
            ]),
        ),
        ("_rels/.rels", &package_rels("xl/workbook.xml")),
        (
            "docProps/core.xml",
            &core_xml(
                "<dc:creator>Anna Ivanova</dc:creator>\
                 <cp:lastModifiedBy>Георгий Петров</cp:lastModifiedBy>\
                 <dcterms:created xsi:type=\"dcterms:W3CDTF\">2017-04-27T09:01:00Z</dcterms:created>\
                 <dcterms:modified xsi:type=\"dcterms:W3CDTF\">2017-05-03T11:47:00Z</dcterms:modified>",
            ),
        ),
        (
            "docProps/app.xml",
            &app_xml("<Application>Microsoft Excel</Application><Company>En Marche</Company>"),
        ),
        ("xl/workbook.xml", &workbook),
        ("xl/_rels/workbook.xml.rels", &workbook_rels),
        ("xl/worksheets/sheet1.xml", &sheet),
    ])
}

/// An OpenDocument text first written by Hélène Marchal, last by Paul
/// Girard, with LibreOffice.
fn odt() -> Vec<u8> {
    let ns = "xmlns:office=\"urn:oasis:names:tc:opendocument:xmlns:office:1.0\" \
              xmlns:text=\"urn:oasis:names:tc:opendocument:xmlns:text:1.0\" \
              xmlns:meta=\"urn:oasis:names:tc:opendocument:xmlns:meta:1.0\" \
              xmlns:dc=\"http://purl.org/dc/elements/1.1/\" \
              xmlns:xlink=\"http://www.w3.org/1999/xlink\"";
    let mime = "application/vnd.oasis.opendocument.text";
    let content = format!(
        "{XML}<office:document-content {ns} office:version=\"1.2\"><office:body><office:text>\
         <text:p>Procès-verbal. Le mot rare est euphorbe.</text:p>\
         </office:text></office:body></office:document-content>"
    );
    let meta = format!(
        "{XML}<office:document-meta {ns} office:version=\"1.2\"><office:meta>\
         <meta:generator>LibreOffice/6.4.7.2$Linux_X86_64 LibreOffice_project/40$Build-2</meta:generator>\
         <dc:title>Procès-verbal du conseil</dc:title>\
         <meta:initial-creator>Hélène Marchal</meta:initial-creator>\
         <dc:creator>Paul Girard</dc:creator>\
         <meta:creation-date>2017-03-01T08:00:00</meta:creation-date>\
         <dc:date>2017-03-02T09:30:00.512000000</dc:date>\
         <meta:editing-cycles>3</meta:editing-cycles>\
         <meta:template xlink:type=\"simple\" xlink:actuate=\"onRequest\" xlink:title=\"Modèle mairie\" xlink:href=\"../modeles/mairie.ott\"/>\
         </office:meta></office:document-meta>"
    );
    let manifest = format!(
        "{XML}<manifest:manifest xmlns:manifest=\"urn:oasis:names:tc:opendocument:xmlns:manifest:1.0\" manifest:version=\"1.2\">\
         <manifest:file-entry manifest:full-path=\"/\" manifest:media-type=\"{mime}\"/>\
         <manifest:file-entry manifest:full-path=\"content.xml\" manifest:media-type=\"text/xml\"/>\
         <manifest:file-entry manifest:full-path=\"meta.xml\" manifest:media-type=\"text/xml\"/>\
         </manifest:manifest>"
    );
    zip_of(&[
        ("mimetype", mime),
        ("content.xml", &content),
        ("meta.xml", &meta),
        ("META-INF/manifest.xml", &manifest),
    ])
}

/// A Word document whose title, author and last editor are hostile: a
/// title of a million characters, bidi overrides, control characters.
fn hostile_docx() -> Vec<u8> {
    let title = "Ω".repeat(500_000);
    docx_with(
        &format!(
            "<dc:title>{title}</dc:title>\
             <dc:creator>Facture \u{202E}fdp.exe\u{7}\u{1b}[31m</dc:creator>\
             <cp:lastModifiedBy>\u{2066}Mallory\u{2069}\u{200B}</cp:lastModifiedBy>"
        ),
        "<Application>\u{feff}Piège&#x202E;Writer</Application>",
        "Document piégé. Le mot rare est pyrolyse.",
    )
}

// ---------------------------------------------------------------- legacy Word

fn put_u16(buffer: &mut [u8], at: usize, value: u16) {
    buffer[at..at + 2].copy_from_slice(&value.to_le_bytes());
}

fn put_u32(buffer: &mut [u8], at: usize, value: u32) {
    buffer[at..at + 4].copy_from_slice(&value.to_le_bytes());
}

/// A Word 97 `WordDocument` stream and its `1Table`: the text is one
/// 8-bit piece.
fn word_streams(text: &[u8]) -> (Vec<u8>, Vec<u8>) {
    let mut word = vec![0u8; 1024];
    put_u16(&mut word, 0, 0xA5EC);
    put_u16(&mut word, 2, 0x00C1);
    put_u16(&mut word, 0x0A, 0x0200);
    put_u16(&mut word, 32, 14);
    put_u16(&mut word, 62, 22);
    put_u32(&mut word, 64 + 12, text.len() as u32);
    put_u16(&mut word, 152, 93);
    let text_at = word.len();
    word.extend_from_slice(text);
    let mut clx = vec![0x02];
    let mut plc = Vec::new();
    for cp in [0, text.len()] {
        plc.extend_from_slice(&(cp as u32).to_le_bytes());
    }
    plc.extend_from_slice(&[0, 0]);
    plc.extend_from_slice(&((text_at as u32 * 2) | 0x4000_0000).to_le_bytes());
    plc.extend_from_slice(&[0, 0]);
    clx.extend_from_slice(&(plc.len() as u32).to_le_bytes());
    clx.extend_from_slice(&plc);
    let table = clx;
    put_u32(&mut word, 154 + 33 * 8, 0);
    put_u32(&mut word, 154 + 33 * 8 + 4, table.len() as u32);
    (word, table)
}

/// Property values of an OLE property set.
enum Value<'a> {
    /// `VT_LPSTR`, in the section's code page.
    Bytes(&'a [u8]),
    /// `VT_FILETIME`, seconds since 1970.
    Time(u64),
    /// `VT_I2`.
    Short(u16),
}

/// A property set stream with one section ([MS-OLEPS]).
fn property_set(fmtid: [u8; 16], properties: &[(u32, Value<'_>)]) -> Vec<u8> {
    let table = 8 + properties.len() * 8;
    let mut values = Vec::new();
    let mut entries = Vec::new();
    for (id, value) in properties {
        entries.push((*id, (table + values.len()) as u32));
        match value {
            Value::Bytes(bytes) => {
                values.extend_from_slice(&0x1Eu32.to_le_bytes());
                values.extend_from_slice(&(bytes.len() as u32 + 1).to_le_bytes());
                values.extend_from_slice(bytes);
                values.push(0);
            }
            Value::Time(seconds) => {
                let ticks = (seconds + 11_644_473_600) * 10_000_000;
                values.extend_from_slice(&0x40u32.to_le_bytes());
                values.extend_from_slice(&ticks.to_le_bytes());
            }
            Value::Short(number) => {
                values.extend_from_slice(&2u32.to_le_bytes());
                values.extend_from_slice(&u32::from(*number).to_le_bytes());
            }
        }
        while values.len() % 4 != 0 {
            values.push(0);
        }
    }
    let mut stream = vec![0xFE, 0xFF, 0, 0, 0x06, 0x02, 0x02, 0x00];
    stream.extend_from_slice(&[0; 16]);
    stream.extend_from_slice(&1u32.to_le_bytes());
    stream.extend_from_slice(&fmtid);
    stream.extend_from_slice(&48u32.to_le_bytes());
    stream.extend_from_slice(&((table + values.len()) as u32).to_le_bytes());
    stream.extend_from_slice(&(properties.len() as u32).to_le_bytes());
    for (id, offset) in entries {
        stream.extend_from_slice(&id.to_le_bytes());
        stream.extend_from_slice(&offset.to_le_bytes());
    }
    stream.extend_from_slice(&values);
    stream
}

/// FMTID_SummaryInformation, F29F85E0-4FF9-1068-AB91-08002B27B3D9.
const FMTID_SUMMARY: [u8; 16] = [
    0xE0, 0x85, 0x9F, 0xF2, 0xF9, 0x4F, 0x68, 0x10, 0xAB, 0x91, 0x08, 0x00, 0x2B, 0x27, 0xB3, 0xD9,
];
/// FMTID_DocSummaryInformation, D5CDD502-2E9C-101B-9397-08002B2CF9AE.
const FMTID_DOC_SUMMARY: [u8; 16] = [
    0x02, 0xD5, 0xCD, 0xD5, 0x9C, 0x2E, 0x1B, 0x10, 0x93, 0x97, 0x08, 0x00, 0x2B, 0x2C, 0xF9, 0xAE,
];

/// "Георгий Петров", "Анна Иванова", "Служебная записка" and "ООО Ромашка"
/// in windows-1251.
fn cp1251(text: &str) -> Vec<u8> {
    text.chars()
        .map(|c| match c {
            'А'..='я' => (c as u32 - 'А' as u32 + 0xC0) as u8,
            c if c.is_ascii() => c as u8,
            _ => b'?',
        })
        .collect()
}

/// A legacy Word document whose properties are in windows-1251.
fn doc() -> std::io::Result<Vec<u8>> {
    let (word, table) = word_streams(b"Memo du ministere. Le mot rare est zibeline.\r");
    let title = cp1251("Служебная записка");
    let author = cp1251("Анна Иванова");
    let last = cp1251("Георгий Петров");
    let company = cp1251("ООО Ромашка");
    let summary = property_set(
        FMTID_SUMMARY,
        &[
            (1, Value::Short(1251)),
            (2, Value::Bytes(&title)),
            (4, Value::Bytes(&author)),
            (7, Value::Bytes(b"Normal.dot")),
            (8, Value::Bytes(&last)),
            (9, Value::Bytes(b"5")),
            // 2017-04-28T07:45:00Z and 2017-05-03T10:15:00Z.
            (12, Value::Time(1_493_365_500)),
            (13, Value::Time(1_493_806_500)),
            (18, Value::Bytes(b"Microsoft Office Word")),
        ],
    );
    let document_summary = property_set(
        FMTID_DOC_SUMMARY,
        &[(1, Value::Short(1251)), (15, Value::Bytes(&company))],
    );
    let mut file = cfb::CompoundFile::create(Cursor::new(Vec::new()))?;
    for (name, data) in [
        ("WordDocument", &word),
        ("1Table", &table),
        ("\u{5}SummaryInformation", &summary),
        ("\u{5}DocumentSummaryInformation", &document_summary),
    ] {
        let mut stream = file.create_stream(format!("/{name}"))?;
        stream.write_all(data)?;
    }
    let time = SystemTime::UNIX_EPOCH + Duration::from_secs(STAMP);
    file.set_created_time("/", time)?;
    file.set_modified_time("/", time)?;
    file.flush()?;
    Ok(file.into_inner().into_inner())
}

// ---------------------------------------------------------------- RTF

/// An RTF letter with a full `\info` group and a generator.
fn rtf() -> Vec<u8> {
    let mut rtf = br"{\rtf1\ansi\ansicpg1252\deff0{\fonttbl{\f0 Times New Roman;}}".to_vec();
    rtf.extend_from_slice(br"{\*\generator Riched20 10.0.19041;}");
    rtf.extend_from_slice(
        br"{\info{\title Lettre au maire}{\author Fran\'e7ois Dupr\'e9}{\operator Sophie Moreau}",
    );
    rtf.extend_from_slice(br"{\*\company Mairie de Villeneuve}");
    rtf.extend_from_slice(
        br"{\creatim\yr2017\mo4\dy12\hr14\min5}{\revtim\yr2017\mo4\dy13\hr9\min30}}",
    );
    rtf.extend_from_slice(br"\f0 Monsieur le maire, le mot rare est mangouste.\par}");
    rtf
}

// ---------------------------------------------------------------- JPEG

/// A JPEG carrying EXIF only (no picture): camera, software, artist,
/// when it was taken and changed.
fn jpeg() -> Vec<u8> {
    let main: &[(u16, &str)] = &[
        (0x010F, "Canon"),
        (0x0110, "Canon EOS 5D Mark III"),
        (0x0131, "Adobe Photoshop CS6 (Windows)"),
        (0x0132, "2017:05:04 09:12:00"),
        (0x013B, "Hugo Perrot"),
    ];
    let exif: &[(u16, &str)] = &[(0x9003, "2017:05:03 10:15:00"), (0x9011, "+02:00")];
    let tiff = tiff(main, exif);
    let mut jpeg = b"\xFF\xD8\xFF\xE1".to_vec();
    jpeg.extend_from_slice(&((tiff.len() + 8) as u16).to_be_bytes());
    jpeg.extend_from_slice(b"Exif\0\0");
    jpeg.extend_from_slice(&tiff);
    jpeg.extend_from_slice(b"\xFF\xD9");
    jpeg
}

/// A little-endian TIFF structure: IFD0 with the ASCII `main` tags and a
/// pointer to an EXIF IFD with the `exif` tags (tags in increasing order).
fn tiff(main: &[(u16, &str)], exif: &[(u16, &str)]) -> Vec<u8> {
    let ifd_size = |count: usize| 2 + count * 12 + 4;
    let exif_at = 8 + ifd_size(main.len() + 1);
    let mut heap_at = exif_at + ifd_size(exif.len());
    let mut heap = Vec::new();
    let mut data = b"II*\0\x08\0\0\0".to_vec();
    let mut write_ifd = |entries: &[(u16, &str)], pointer: Option<usize>, data: &mut Vec<u8>| {
        let count = entries.len() + usize::from(pointer.is_some());
        data.extend_from_slice(&(count as u16).to_le_bytes());
        for (tag, text) in entries {
            let mut bytes = text.as_bytes().to_vec();
            bytes.push(0);
            data.extend_from_slice(&tag.to_le_bytes());
            data.extend_from_slice(&2u16.to_le_bytes());
            data.extend_from_slice(&(bytes.len() as u32).to_le_bytes());
            if bytes.len() <= 4 {
                bytes.resize(4, 0);
                data.extend_from_slice(&bytes);
            } else {
                data.extend_from_slice(&(heap_at as u32).to_le_bytes());
                heap_at += bytes.len();
                heap.extend_from_slice(&bytes);
            }
        }
        if let Some(pointer) = pointer {
            data.extend_from_slice(&0x8769u16.to_le_bytes());
            data.extend_from_slice(&4u16.to_le_bytes());
            data.extend_from_slice(&1u32.to_le_bytes());
            data.extend_from_slice(&(pointer as u32).to_le_bytes());
        }
        data.extend_from_slice(&0u32.to_le_bytes());
    };
    write_ifd(main, Some(exif_at), &mut data);
    write_ifd(exif, None, &mut data);
    data.extend_from_slice(&heap);
    data
}
