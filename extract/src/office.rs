//! Office Open XML (docx, pptx; xlsx via the spreadsheet reader) and
//! OpenDocument (odt, odp; ods via the spreadsheet reader) text, read with
//! zip and quick-xml, and their metadata (core, extended and ODF meta
//! properties, read by [`crate::metadata::xml`]).
//!
//! Both formats are zip packages of XML parts. Every member is checked
//! against the zip-bomb limits before it is read (declared size, ratio of
//! unpacked to packed size, bytes unpacked from the package so far) and read
//! through `take`, so a header that lies about its size cannot make us
//! allocate more than the limits allow.

use std::borrow::Cow;
use std::io::{Cursor, Read};

use quick_xml::Reader;
use quick_xml::events::{BytesStart, Event};
use zip::ZipArchive;

use super::sheet::{SheetKind, extract_spreadsheet};
use super::{ExtractError, Extraction, Limits, truncate_text};
use crate::codepage::utf16_units;
use crate::limits::RATIO_FLOOR;
use crate::metadata::xml::{Vocabulary, read_properties};
use crate::metadata::{DocumentMetadata, MetadataBuilder, with_metadata};

/// The text and metadata of a docx, xlsx or pptx.
pub fn extract_ooxml(bytes: &[u8], limits: &Limits) -> Result<Extraction, ExtractError> {
    let mut package = Package::open(bytes, limits, "ooxml")?;
    let core = package.read("docProps/core.xml")?;
    let metadata = package.metadata(core.as_deref(), "docProps/app.xml", Vocabulary::Ooxml);
    if package.has("xl/workbook.xml") || package.has("xl/workbook.bin") {
        package.check_declared_sizes()?;
        let kind = if package.has("xl/workbook.xml") {
            SheetKind::Xlsx
        } else {
            SheetKind::Xlsb
        };
        return with_metadata(extract_spreadsheet(bytes, kind, limits), metadata);
    }
    let main = package.main_part()?;
    let title = metadata
        .as_ref()
        .and_then(|metadata| metadata.title.clone());
    let mut out = TextOut::new(limits.max_text_bytes);
    if main.starts_with("ppt/") || package.has("ppt/presentation.xml") {
        package.format = "pptx";
        let slides = package.numbered_parts("ppt/slides/slide");
        let notes = package.numbered_parts("ppt/notesSlides/notesSlide");
        for name in slides.iter().chain(notes.iter()) {
            package.append_xml(name, Dialect::Ooxml, &mut out)?;
        }
    } else if package.has(&main) {
        package.format = "docx";
        let dir = main.rsplit_once('/').map_or("", |(dir, _)| dir).to_string();
        let mut parts = vec![main.clone()];
        for stem in ["header", "footer"] {
            parts.extend(package.numbered_parts(&format!("{dir}/{stem}")));
        }
        for name in ["footnotes.xml", "endnotes.xml", "comments.xml"] {
            parts.push(format!("{dir}/{name}"));
        }
        for name in &parts {
            package.append_xml(name, Dialect::Ooxml, &mut out)?;
        }
    } else {
        return Err(ExtractError::corrupt(
            "ooxml",
            "no document, presentation or workbook part",
        ));
    }
    with_metadata(Ok(out.into_extraction(title)), metadata)
}

/// The text and metadata of an odt, ods or odp.
pub fn extract_opendocument(bytes: &[u8], limits: &Limits) -> Result<Extraction, ExtractError> {
    let mut package = Package::open(bytes, limits, "opendocument")?;
    if let Some(manifest) = package.read("META-INF/manifest.xml")?
        && contains(&manifest, b"encryption-data")
    {
        return Ok(Extraction {
            encrypted: true,
            ..Extraction::default()
        });
    }
    let meta = package.read("meta.xml")?;
    let metadata = package.metadata(meta.as_deref(), "", Vocabulary::Odf);
    let mime = package.read("mimetype")?.unwrap_or_default();
    if contains(&mime, b"spreadsheet") {
        package.check_declared_sizes()?;
        return with_metadata(extract_spreadsheet(bytes, SheetKind::Ods, limits), metadata);
    }
    if !package.has("content.xml") {
        return Err(ExtractError::corrupt("opendocument", "no content.xml"));
    }
    let title = metadata
        .as_ref()
        .and_then(|metadata| metadata.title.clone());
    let mut out = TextOut::new(limits.max_text_bytes);
    package.append_xml("content.xml", Dialect::Odf, &mut out)?;
    with_metadata(Ok(out.into_extraction(title)), metadata)
}

fn contains(haystack: &[u8], needle: &[u8]) -> bool {
    haystack
        .windows(needle.len())
        .any(|window| window == needle)
}

/// A zip package, read member by member within the limits.
struct Package<'a> {
    zip: ZipArchive<Cursor<&'a [u8]>>,
    limits: &'a Limits,
    /// Bytes unpacked so far.
    unpacked: u64,
    /// Short format name for errors.
    format: &'static str,
}

impl<'a> Package<'a> {
    fn open(
        bytes: &'a [u8],
        limits: &'a Limits,
        format: &'static str,
    ) -> Result<Package<'a>, ExtractError> {
        let zip = ZipArchive::new(Cursor::new(bytes))
            .map_err(|err| ExtractError::corrupt(format, err))?;
        if zip.len() > limits.max_entries {
            return Err(ExtractError::Limit(format!(
                "{} members in one package, more than {}",
                zip.len(),
                limits.max_entries
            )));
        }
        Ok(Package {
            zip,
            limits,
            unpacked: 0,
            format,
        })
    }

    fn has(&self, name: &str) -> bool {
        self.zip.index_for_name(name).is_some()
    }

    /// Refuses a member whose declared sizes break the limits.
    fn check_member(&self, name: &str, size: u64, packed: u64) -> Result<(), ExtractError> {
        let left = self.limits.unpacked_left(self.unpacked);
        if size > left {
            return Err(ExtractError::Limit(format!(
                "member {name} of {size} bytes unpacked, over the {} bytes limit",
                self.limits.max_unpacked_bytes
            )));
        }
        if size > self.limits.ratio_cap(packed) {
            return Err(ExtractError::Limit(format!(
                "member {name} compressed more than {} to 1",
                self.limits.max_ratio
            )));
        }
        Ok(())
    }

    /// Checks every XML or binary part against the limits before the whole
    /// package goes to a library that reads it on its own (calamine).
    fn check_declared_sizes(&mut self) -> Result<(), ExtractError> {
        let mut total: u64 = 0;
        for index in 0..self.zip.len() {
            let file = self
                .zip
                .by_index_raw(index)
                .map_err(|err| ExtractError::corrupt(self.format, err))?;
            let name = file.name().unwrap_or_default().into_owned();
            let (size, packed) = (file.size(), file.compressed_size());
            drop(file);
            if name.ends_with(".xml") || name.ends_with(".bin") || name.ends_with(".rels") {
                self.check_member(&name, size, packed)?;
                total = total.saturating_add(size);
            }
        }
        if total > self.limits.max_unpacked_bytes {
            return Err(ExtractError::Limit(format!(
                "package of {total} bytes unpacked, over the {} bytes limit",
                self.limits.max_unpacked_bytes
            )));
        }
        Ok(())
    }

    /// A member's bytes, `None` when the package has no such member.
    fn read(&mut self, name: &str) -> Result<Option<Vec<u8>>, ExtractError> {
        let Some(index) = self.zip.index_for_name(name) else {
            return Ok(None);
        };
        let format = self.format;
        let (size, packed) = {
            let file = self
                .zip
                .by_index_raw(index)
                .map_err(|err| ExtractError::corrupt(format, err))?;
            (file.size(), file.compressed_size())
        };
        self.check_member(name, size, packed)?;
        let mut data = Vec::with_capacity(size.min(RATIO_FLOOR) as usize);
        let file = self
            .zip
            .by_index(index)
            .map_err(|err| ExtractError::corrupt(format, err))?;
        file.take(size)
            .read_to_end(&mut data)
            .map_err(|err| ExtractError::corrupt(format, format!("{name}: {err}")))?;
        self.unpacked = self.unpacked.saturating_add(data.len() as u64);
        Ok(Some(data))
    }

    /// Members `{prefix}{N}.xml`, in the order of N.
    fn numbered_parts(&self, prefix: &str) -> Vec<String> {
        let mut parts: Vec<(u64, String)> = self
            .zip
            .file_names()
            .filter_map(|name| {
                let name = name.ok()?;
                let number = name.strip_prefix(prefix)?.strip_suffix(".xml")?;
                let number = number.parse::<u64>().ok()?;
                Some((number, name.into_owned()))
            })
            .collect();
        parts.sort();
        parts.into_iter().map(|(_, name)| name).collect()
    }

    /// The main part of an OOXML package, from `_rels/.rels` (usually
    /// `word/document.xml`).
    fn main_part(&mut self) -> Result<String, ExtractError> {
        let fallback = "word/document.xml".to_string();
        let Some(rels) = self.read("_rels/.rels")? else {
            return Ok(fallback);
        };
        let rels = decode_xml(&rels);
        let mut reader = Reader::from_str(&rels);
        loop {
            match reader.read_event() {
                Ok(Event::Start(element) | Event::Empty(element))
                    if element.local_name().as_ref() == "Relationship" =>
                {
                    let kind = attribute(&element, "Type").unwrap_or_default();
                    if kind.ends_with("/officeDocument")
                        && let Some(target) = attribute(&element, "Target")
                    {
                        return Ok(target.trim_start_matches('/').to_string());
                    }
                }
                Ok(Event::Eof) | Err(_) => return Ok(fallback),
                Ok(_) => {}
            }
        }
    }

    /// The metadata of a package: its main properties part (`first`,
    /// already read) and its extended properties part (`second`, unless
    /// empty). Metadata never fails a document: a part that breaks a limit
    /// is left out.
    fn metadata(
        &mut self,
        first: Option<&[u8]>,
        second: &str,
        vocabulary: Vocabulary,
    ) -> Option<DocumentMetadata> {
        let mut builder = MetadataBuilder::default();
        if let Some(xml) = first {
            read_properties(&decode_xml(xml), vocabulary, &mut builder);
        }
        if !second.is_empty()
            && let Ok(Some(xml)) = self.read(second)
        {
            read_properties(&decode_xml(&xml), vocabulary, &mut builder);
        }
        builder.finish()
    }

    /// Appends the text of XML member `name` (if present) to `out`.
    fn append_xml(
        &mut self,
        name: &str,
        dialect: Dialect,
        out: &mut TextOut,
    ) -> Result<(), ExtractError> {
        if out.is_full() {
            return Ok(());
        }
        if let Some(xml) = self.read(name)? {
            xml_text(&decode_xml(&xml), dialect, out);
            out.end_part();
        }
        Ok(())
    }
}

/// An attribute value by local name.
fn attribute(element: &BytesStart<'_>, name: &str) -> Option<String> {
    element
        .attributes()
        .flatten()
        .find(|attr| attr.key.local_name().as_ref() == name)
        .map(|attr| match quick_xml::escape::unescape(&attr.value) {
            Ok(value) => value.into_owned(),
            Err(_) => attr.value.to_string(),
        })
}

/// XML bytes as text: UTF-8, or UTF-16 when there is a byte-order mark.
fn decode_xml(bytes: &[u8]) -> Cow<'_, str> {
    let utf16 = |bytes: &[u8], little: bool| {
        Cow::Owned(
            char::decode_utf16(utf16_units(bytes, little))
                .map(|c| c.unwrap_or('\u{FFFD}'))
                .collect(),
        )
    };
    if let Some(rest) = bytes.strip_prefix(b"\xFF\xFE") {
        utf16(rest, true)
    } else if let Some(rest) = bytes.strip_prefix(b"\xFE\xFF") {
        utf16(rest, false)
    } else {
        let bytes = bytes.strip_prefix(b"\xEF\xBB\xBF").unwrap_or(bytes);
        String::from_utf8_lossy(bytes)
    }
}

/// Appends what an entity or character reference (`amp`, `#233`) stands for.
pub(crate) fn push_reference(out: &mut String, reference: &str) {
    if let Some(number) = reference.strip_prefix('#') {
        let code = match number.strip_prefix(['x', 'X']) {
            Some(hex) => u32::from_str_radix(hex, 16).ok(),
            None => number.parse::<u32>().ok(),
        };
        if let Some(c) = code.and_then(char::from_u32) {
            out.push(c);
        }
    } else if let Some(text) = quick_xml::escape::resolve_predefined_entity(reference) {
        out.push_str(text);
    }
}

/// Which XML vocabulary a part uses.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
enum Dialect {
    /// WordprocessingML and DrawingML: text only inside `<w:t>`/`<a:t>`.
    Ooxml,
    /// OpenDocument: text anywhere inside `<text:p>`/`<text:h>`.
    Odf,
}

/// Extracted text with a size cap.
struct TextOut {
    text: String,
    max: usize,
    truncated: bool,
}

impl TextOut {
    fn new(max: usize) -> TextOut {
        TextOut {
            text: String::new(),
            max,
            truncated: false,
        }
    }

    fn is_full(&self) -> bool {
        self.truncated
    }

    fn push_str(&mut self, text: &str) {
        if self.truncated {
            return;
        }
        self.text.push_str(text);
        if self.text.len() > self.max {
            self.truncated = truncate_text(&mut self.text, self.max);
        }
    }

    fn push(&mut self, c: char) {
        if self.truncated {
            return;
        }
        if self.text.len() + c.len_utf8() > self.max {
            self.truncated = true;
            return;
        }
        self.text.push(c);
    }

    /// A newline, unless the text is empty or already ends a line.
    fn newline(&mut self) {
        if !self.text.is_empty() && !self.text.ends_with('\n') {
            self.push('\n');
        }
    }

    fn end_part(&mut self) {
        self.newline();
    }

    /// The text, with the document title as first line unless the text
    /// already starts with it.
    fn into_extraction(self, title: Option<String>) -> Extraction {
        let mut text = self.text;
        let mut truncated = self.truncated;
        if let Some(title) = title
            && text.lines().next() != Some(title.as_str())
        {
            text.insert(0, '\n');
            text.insert_str(0, &title);
            truncated |= truncate_text(&mut text, self.max);
        }
        let trimmed = text.trim_end().len();
        text.truncate(trimmed);
        Extraction {
            text,
            truncated,
            ..Extraction::default()
        }
    }
}

/// Appends the text of one XML part to `out`: paragraphs become lines,
/// tabs and breaks become tabs and newlines. Lenient: a malformed part gives
/// the text read before the damage.
fn xml_text(xml: &str, dialect: Dialect, out: &mut TextOut) {
    let mut reader = Reader::from_str(xml);
    let config = reader.config_mut();
    config.check_end_names = false;
    config.allow_unmatched_ends = true;
    config.allow_dangling_amp = true;
    // Open elements whose text is kept (`w:t`, `text:p`).
    let mut capture: u32 = 0;
    // Open elements whose content is dropped (alternate renderings, tracked deletions).
    let mut skip: u32 = 0;
    // Open `w:tabs` (tab stop definitions, not tab characters).
    let mut tab_stops: u32 = 0;
    let mut reference = String::new();
    loop {
        if out.is_full() {
            return;
        }
        let event = match reader.read_event() {
            Ok(event) => event,
            Err(_) => return,
        };
        match event {
            Event::Start(element) => {
                let name = element.local_name();
                let name = name.as_ref();
                match (dialect, name) {
                    (
                        _,
                        "Fallback" | "tracked-changes" | "note-citation" | "delText" | "instrText",
                    ) => skip += 1,
                    (Dialect::Ooxml, "t") => capture += 1,
                    (Dialect::Ooxml, "tabs") => tab_stops += 1,
                    (Dialect::Odf, "p" | "h") => capture += 1,
                    _ => {}
                }
                if skip == 0 {
                    empty_element(dialect, &element, capture, tab_stops, out);
                }
            }
            Event::Empty(element) if skip == 0 => {
                empty_element(dialect, &element, capture, tab_stops, out);
                if matches!(element.local_name().as_ref(), "p" | "h") {
                    out.newline();
                }
            }
            Event::End(element) => {
                let name = element.local_name();
                match (dialect, name.as_ref()) {
                    (
                        _,
                        "Fallback" | "tracked-changes" | "note-citation" | "delText" | "instrText",
                    ) => {
                        skip = skip.saturating_sub(1);
                    }
                    (Dialect::Ooxml, "t") => capture = capture.saturating_sub(1),
                    (Dialect::Ooxml, "tabs") => tab_stops = tab_stops.saturating_sub(1),
                    (Dialect::Ooxml, "p") if skip == 0 => out.newline(),
                    (Dialect::Odf, "p" | "h") => {
                        capture = capture.saturating_sub(1);
                        if skip == 0 {
                            out.newline();
                        }
                    }
                    _ => {}
                }
            }
            Event::Text(text) if capture > 0 && skip == 0 => {
                let text = text.xml10_content();
                match dialect {
                    Dialect::Ooxml => out.push_str(&text),
                    // ODF collapses white space; line ends in the XML are not text.
                    Dialect::Odf => out.push_str(&text.replace(['\n', '\r', '\t'], " ")),
                }
            }
            Event::CData(text) if capture > 0 && skip == 0 => out.push_str(&text.xml10_content()),
            Event::GeneralRef(entity) if capture > 0 && skip == 0 => {
                reference.clear();
                push_reference(&mut reference, &entity.into_inner());
                out.push_str(&reference);
            }
            Event::Eof => return,
            _ => {}
        }
    }
}

/// The text an element stands for by itself (a tab, a break, spaces).
fn empty_element(
    dialect: Dialect,
    element: &BytesStart<'_>,
    capture: u32,
    tab_stops: u32,
    out: &mut TextOut,
) {
    let name = element.local_name();
    match (dialect, name.as_ref()) {
        (Dialect::Ooxml, "tab") if tab_stops == 0 => out.push('\t'),
        (Dialect::Ooxml, "br" | "cr") => out.push('\n'),
        (Dialect::Ooxml, "noBreakHyphen") => out.push('-'),
        (Dialect::Odf, "tab") if capture > 0 => out.push('\t'),
        (Dialect::Odf, "line-break") if capture > 0 => out.push('\n'),
        (Dialect::Odf, "s") if capture > 0 => {
            let count = attribute(element, "c")
                .and_then(|count| count.parse::<usize>().ok())
                .unwrap_or(1)
                .clamp(1, 100);
            for _ in 0..count {
                out.push(' ');
            }
        }
        _ => {}
    }
}

#[cfg(test)]
mod tests {
    use std::io::Write;

    use zip::write::SimpleFileOptions;

    use super::*;
    use crate::test_files::{corpus, fixture};

    fn zip_of(members: &[(&str, &[u8])], method: zip::CompressionMethod) -> Vec<u8> {
        let mut writer = zip::ZipWriter::new(Cursor::new(Vec::new()));
        for (name, data) in members {
            writer
                .start_file(
                    *name,
                    SimpleFileOptions::default().compression_method(method),
                )
                .unwrap();
            writer.write_all(data).unwrap();
        }
        writer.finish().unwrap().into_inner()
    }

    #[test]
    fn docx_body_header_footnote_and_title() {
        let extraction = extract_ooxml(&fixture("contrat.docx"), &Limits::default()).unwrap();
        let text = extraction.text;
        assert!(!extraction.truncated);
        assert!(!extraction.encrypted);
        let lines: Vec<&str> = text.lines().collect();
        assert_eq!(lines[0], "Contrat de concession");
        assert_eq!(lines[1], "Convention d’exploitation");
        assert_eq!(
            lines[2],
            "Le contrat de concession prévoit une redevance annuelle versée à la société Dupuis & Fils."
        );
        assert_eq!(lines[3], "Code\tquetzalcoatl");
        assert_eq!(lines[4], "Montant\u{a0}: 48\u{a0}000 €");
        assert_eq!(lines[5], "Article");
        assert_eq!(lines[6], "Durée");
        assert_eq!(lines[7], "Rapport confidentiel");
        assert_eq!(lines[8], "Voir l’annexe ichneumon.");
        assert_eq!(lines.len(), 9, "{text}");
    }

    #[test]
    fn pptx_slides_in_number_order_then_notes() {
        let extraction = extract_ooxml(&fixture("présentation.pptx"), &Limits::default()).unwrap();
        assert_eq!(
            extraction.text,
            "Campagne\nCampagne présidentielle\nMeeting à Lyon\nAffiches & tracts\n\
             Mascotte : ornithorynque\nParler de l’albatros"
        );
    }

    #[test]
    fn xlsx_goes_to_the_spreadsheet_reader() {
        let extraction = extract_ooxml(&fixture("budget.xlsx"), &Limits::default()).unwrap();
        assert_eq!(
            extraction.text,
            "Budget 2017\nLigne\tTrésorerie\ntamarinier\t125000\nfinancement occulte\t0.5"
        );
    }

    #[test]
    fn odt_paragraphs_spaces_tabs_and_title() {
        let extraction = extract_opendocument(&fixture("note.odt"), &Limits::default()).unwrap();
        assert_eq!(
            extraction.text,
            "Compte rendu\nObjet : réunion du comité de campagne\n\
             Plantes\tmandragore\net\u{a0}verveine & thym\nPoint   suivant\n\
             Note du secrétaire."
        );
    }

    #[test]
    fn odp_pages_and_notes() {
        let extraction =
            extract_opendocument(&fixture("diaporama.odp"), &Limits::default()).unwrap();
        assert_eq!(
            extraction.text,
            "Diaporama\nLe cormoran du port\nNotes de séance\nSeconde page"
        );
    }

    #[test]
    fn ods_goes_to_the_spreadsheet_reader() {
        let extraction = extract_opendocument(&fixture("comptes.ods"), &Limits::default()).unwrap();
        assert_eq!(
            extraction.text,
            "Comptes\nPoste\tMontant\ndépenses de campagne\t4200.5\nbergamote\t12"
        );
    }

    #[test]
    fn text_is_cut_at_the_limit() {
        let limits = Limits {
            max_text_bytes: 40,
            ..Limits::default()
        };
        let extraction = extract_ooxml(&fixture("contrat.docx"), &limits).unwrap();
        assert!(extraction.truncated);
        assert!(extraction.text.len() <= 40);
        assert!(
            extraction
                .text
                .starts_with("Contrat de concession\nConvention")
        );
    }

    #[test]
    fn bomb_members_are_refused() {
        let body = format!(
            "<w:document><w:body><w:p><w:r><w:t>{}</w:t></w:r></w:p></w:body></w:document>",
            "a".repeat(4 * 1024 * 1024)
        );
        let bytes = zip_of(
            &[("word/document.xml", body.as_bytes())],
            zip::CompressionMethod::Deflated,
        );
        match extract_ooxml(&bytes, &Limits::default()) {
            Err(ExtractError::Limit(reason)) => {
                assert_eq!(
                    reason,
                    "member word/document.xml compressed more than 200 to 1"
                );
            }
            other => panic!("{other:?}"),
        }
        let small = Limits {
            max_unpacked_bytes: 1000,
            ..Limits::default()
        };
        let bytes = zip_of(
            &[("word/document.xml", body.as_bytes())],
            zip::CompressionMethod::Stored,
        );
        assert!(matches!(
            extract_ooxml(&bytes, &small),
            Err(ExtractError::Limit(_))
        ));
    }

    #[test]
    fn encrypted_odf_is_marked() {
        let manifest =
            b"<manifest:manifest><manifest:file-entry manifest:full-path=\"content.xml\">\
            <manifest:encryption-data manifest:checksum-type=\"SHA1/1K\"/></manifest:file-entry>\
            </manifest:manifest>";
        let bytes = zip_of(
            &[
                ("mimetype", b"application/vnd.oasis.opendocument.text"),
                ("content.xml", b"\x01\x02garbage"),
                ("META-INF/manifest.xml", manifest),
            ],
            zip::CompressionMethod::Stored,
        );
        let extraction = extract_opendocument(&bytes, &Limits::default()).unwrap();
        assert!(extraction.encrypted);
        assert_eq!(extraction.text, "");
    }

    #[test]
    fn malformed_xml_keeps_the_text_before_the_damage() {
        let bytes = zip_of(
            &[(
                "word/document.xml",
                b"<w:document><w:p><w:t>avant</w:t></w:p><w:p><w:t>apr&#xZZ;</w:t><<<" as &[u8],
            )],
            zip::CompressionMethod::Deflated,
        );
        let extraction = extract_ooxml(&bytes, &Limits::default()).unwrap();
        assert!(
            extraction.text.starts_with("avant"),
            "{:?}",
            extraction.text
        );
    }

    #[test]
    fn garbage_never_panics() {
        let mut inputs: Vec<Vec<u8>> = Vec::new();
        for name in [
            "contrat.docx",
            "présentation.pptx",
            "budget.xlsx",
            "note.odt",
            "comptes.ods",
            "diaporama.odp",
        ] {
            let bytes = fixture(name);
            for cut in [0, 1, 30, bytes.len() / 3, bytes.len() / 2, bytes.len() - 1] {
                inputs.push(bytes[..cut].to_vec());
            }
            for step in [7usize, 97, 331] {
                let mut damaged = bytes.clone();
                for i in (0..damaged.len()).step_by(step) {
                    damaged[i] ^= 0x5A;
                }
                inputs.push(damaged);
            }
        }
        for input in &inputs {
            let _ = extract_ooxml(input, &Limits::default());
            let _ = extract_opendocument(input, &Limits::default());
        }
    }

    #[test]
    fn real_samples() {
        if let Some(bytes) = corpus("attachment-samples/hoover/pdf-doc-txt/easychair.docx") {
            let text = extract_ooxml(&bytes, &Limits::default()).unwrap().text;
            assert!(text.contains("The Guide for Writing Word Documents in Microsoft Word"));
            assert!(text.contains("Andrei Voronkov"));
        }
        if let Some(bytes) = corpus("attachment-samples/hoover/pdf-doc-txt/easychair.odt") {
            let text = extract_opendocument(&bytes, &Limits::default())
                .unwrap()
                .text;
            assert!(text.contains("THIS IS A SAMPLE ODT FILE"));
            assert!(text.contains("University of Manchester"));
        }
        if let Some(bytes) = corpus("attachment-samples/aleph-ingest-file/Plan.odt") {
            let text = extract_opendocument(&bytes, &Limits::default())
                .unwrap()
                .text;
            assert!(text.contains("We should paint graffiti on all corners of Trump tower."));
        }
        if let Some(bytes) =
            corpus("attachment-samples/aleph-ingest-file/encypted_by_libreoffice.odt")
        {
            let extraction = extract_opendocument(&bytes, &Limits::default()).unwrap();
            assert!(extraction.encrypted);
            assert_eq!(extraction.text, "");
        }
        if let Some(bytes) = corpus("attachment-samples/aleph-ingest-file/staff_list.xlsx") {
            let text = extract_ooxml(&bytes, &Limits::default()).unwrap().text;
            assert!(text.contains("Karina\tShedrofsky\tOCCRP"), "{text}");
        }
        if let Some(bytes) = corpus("attachment-samples/aleph-ingest-file/file.xlsx") {
            let text = extract_ooxml(&bytes, &Limits::default()).unwrap().text;
            assert!(text.contains("Mihai Viteazul"), "{text}");
            assert!(text.contains("Vlad Țepeș"), "{text}");
        }
        if let Some(bytes) = corpus("attachment-samples/aleph-ingest-file/rom.ods") {
            let text = extract_opendocument(&bytes, &Limits::default())
                .unwrap()
                .text;
            assert!(text.contains("Lukoil Moldova"), "{}", &text[..300]);
        }
    }
}
