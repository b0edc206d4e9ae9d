//! The parts every Office Open XML package shares: a zip (deflated, dated
//! the document's day), `[Content_Types].xml`, the package relationships,
//! and the core and extended properties (`docProps/core.xml` with title,
//! author, last editor and dates; `docProps/app.xml` with the program and
//! the company) that Fouille's metadata facets read. [`super::docx`],
//! [`super::xlsx`] and [`super::pptx`] add their own parts.

use std::io::{Cursor, Write as _};

use zip::write::SimpleFileOptions;
use zip::{CompressionMethod, DateTime, ZipWriter};

use super::Context;
use crate::error::{Error, Result};

/// The relationship type of a package's main part.
const OFFICE_DOCUMENT: &str =
    "http://schemas.openxmlformats.org/officeDocument/2006/relationships/officeDocument";

/// A zip being written, its members deflated and dated.
pub struct ZipFile {
    zip: ZipWriter<Cursor<Vec<u8>>>,
    options: SimpleFileOptions,
}

impl ZipFile {
    /// An empty zip whose members are dated `context`'s day (the zip's own
    /// clock: local time, two-second steps, from 1980).
    pub fn new(context: &Context) -> ZipFile {
        let local = context.local();
        let date = DateTime::from_date_and_time(
            local.year.clamp(1980, 2107) as u16,
            local.month,
            local.day,
            local.hour,
            local.minute,
            local.second,
        )
        .unwrap_or_default();
        ZipFile {
            zip: ZipWriter::new(Cursor::new(Vec::new())),
            options: SimpleFileOptions::default()
                .compression_method(CompressionMethod::Deflated)
                .compression_level(Some(1))
                .last_modified_time(date),
        }
    }

    /// Adds member `name` holding `bytes`.
    pub fn add(&mut self, name: &str, bytes: &[u8]) -> Result<()> {
        self.zip
            .start_file(name, self.options)
            .map_err(|error| Error::encode("zip", error))?;
        self.zip
            .write_all(bytes)
            .map_err(|error| Error::encode("zip", error))
    }

    /// Adds member `name` already compressed (a JPEG): stored as it is.
    pub fn add_stored(&mut self, name: &str, bytes: &[u8]) -> Result<()> {
        let options = self
            .options
            .compression_method(CompressionMethod::Stored)
            .compression_level(None);
        self.zip
            .start_file(name, options)
            .map_err(|error| Error::encode("zip", error))?;
        self.zip
            .write_all(bytes)
            .map_err(|error| Error::encode("zip", error))
    }

    /// The finished zip's bytes.
    pub fn finish(self) -> Result<Vec<u8>> {
        self.zip
            .finish()
            .map(Cursor::into_inner)
            .map_err(|error| Error::encode("zip", error))
    }
}

/// The properties written in `docProps/`.
#[derive(Debug, Clone, Copy)]
pub struct Properties<'a> {
    /// `dc:title`.
    pub title: &'a str,
    /// `Application` of `app.xml`: `Microsoft Office Word`.
    pub application: &'a str,
}

/// An OOXML package: `main` is the main part's name (`word/document.xml`)
/// and `main_type` its content type; `overrides` are the other parts'
/// names and content types.
pub fn package(
    context: &Context,
    properties: Properties,
    main: (&str, &str),
    overrides: &[(&str, &str)],
) -> Result<ZipFile> {
    let mut zip = ZipFile::new(context);
    let mut types = String::from(
        "<?xml version=\"1.0\" encoding=\"UTF-8\" standalone=\"yes\"?>\n\
         <Types xmlns=\"http://schemas.openxmlformats.org/package/2006/content-types\">\
         <Default Extension=\"rels\" ContentType=\"application/vnd.openxmlformats-package.relationships+xml\"/>\
         <Default Extension=\"xml\" ContentType=\"application/xml\"/>\
         <Override PartName=\"/docProps/core.xml\" ContentType=\"application/vnd.openxmlformats-package.core-properties+xml\"/>\
         <Override PartName=\"/docProps/app.xml\" ContentType=\"application/vnd.openxmlformats-officedocument.extended-properties+xml\"/>",
    );
    for (name, content_type) in std::iter::once(&main).chain(overrides) {
        types.push_str(&format!(
            "<Override PartName=\"/{name}\" ContentType=\"{content_type}\"/>"
        ));
    }
    types.push_str("</Types>");
    zip.add("[Content_Types].xml", types.as_bytes())?;
    let rels = relationships(&[
        (OFFICE_DOCUMENT, main.0),
        (
            "http://schemas.openxmlformats.org/package/2006/relationships/metadata/core-properties",
            "docProps/core.xml",
        ),
        (
            "http://schemas.openxmlformats.org/officeDocument/2006/relationships/extended-properties",
            "docProps/app.xml",
        ),
    ]);
    zip.add("_rels/.rels", rels.as_bytes())?;
    zip.add(
        "docProps/core.xml",
        core_xml(context, properties).as_bytes(),
    )?;
    zip.add("docProps/app.xml", app_xml(context, properties).as_bytes())?;
    Ok(zip)
}

/// A relationships part: `rId1`, `rId2`… for each type and target.
pub fn relationships(targets: &[(&str, &str)]) -> String {
    let mut xml = String::from(
        "<?xml version=\"1.0\" encoding=\"UTF-8\" standalone=\"yes\"?>\n\
         <Relationships xmlns=\"http://schemas.openxmlformats.org/package/2006/relationships\">",
    );
    for (number, (kind, target)) in targets.iter().enumerate() {
        xml.push_str(&format!(
            "<Relationship Id=\"rId{}\" Type=\"{kind}\" Target=\"{target}\"/>",
            number + 1
        ));
    }
    xml.push_str("</Relationships>");
    xml
}

fn core_xml(context: &Context, properties: Properties) -> String {
    let created = context.iso_date();
    format!(
        "<?xml version=\"1.0\" encoding=\"UTF-8\" standalone=\"yes\"?>\n\
         <cp:coreProperties xmlns:cp=\"http://schemas.openxmlformats.org/package/2006/metadata/core-properties\" \
         xmlns:dc=\"http://purl.org/dc/elements/1.1/\" xmlns:dcterms=\"http://purl.org/dc/terms/\" \
         xmlns:xsi=\"http://www.w3.org/2001/XMLSchema-instance\">\
         <dc:title>{}</dc:title><dc:creator>{}</dc:creator><cp:lastModifiedBy>{}</cp:lastModifiedBy>\
         <cp:revision>{}</cp:revision>\
         <dcterms:created xsi:type=\"dcterms:W3CDTF\">{created}</dcterms:created>\
         <dcterms:modified xsi:type=\"dcterms:W3CDTF\">{created}</dcterms:modified>\
         </cp:coreProperties>",
        escape(properties.title),
        escape(&context.author),
        escape(&context.editor),
        context.revision,
    )
}

fn app_xml(context: &Context, properties: Properties) -> String {
    format!(
        "<?xml version=\"1.0\" encoding=\"UTF-8\" standalone=\"yes\"?>\n\
         <Properties xmlns=\"http://schemas.openxmlformats.org/officeDocument/2006/extended-properties\">\
         <Application>{}</Application><Company>{}</Company></Properties>",
        escape(properties.application),
        escape(context.company),
    )
}

/// `text` with XML's special characters escaped.
pub fn escape(text: &str) -> String {
    let mut out = String::with_capacity(text.len() + 8);
    push_escaped(text, &mut out);
    out
}

/// Appends `text` with XML's special characters escaped, and characters
/// XML 1.0 forbids dropped.
pub fn push_escaped(text: &str, out: &mut String) {
    for c in text.chars() {
        match c {
            '&' => out.push_str("&amp;"),
            '<' => out.push_str("&lt;"),
            '>' => out.push_str("&gt;"),
            '"' => out.push_str("&quot;"),
            '\t' | '\n' | '\r' => out.push(c),
            c if c < ' ' || c == '\u{fffe}' || c == '\u{ffff}' => {}
            c => out.push(c),
        }
    }
}
