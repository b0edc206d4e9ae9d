//! OLE2 compound files: legacy Word, Excel and PowerPoint, Outlook .msg, and
//! password-protected OOXML (which Office wraps in OLE2). The metadata of
//! .doc, .xls and .ppt comes from their property set streams
//! ([`crate::metadata::ole`]).
//!
//! The kind of file is told by its root streams. Word text is read from the
//! piece table ([MS-DOC] 2.8.35: the CLX in the table stream, located by the
//! FIB), PowerPoint text from the text atoms of the record stream
//! ([MS-PPT] 2.9.17, 2.9.20). Every read is bounded by the stream length and
//! goes through `get`, so no input can make this code panic or allocate
//! more than the file's size.

use std::io::{Cursor, Read};

use cfb::CompoundFile;

use super::sheet::{SheetKind, extract_spreadsheet};
use super::{ExtractError, Extraction, Limits, truncate_text};
use crate::codepage::{cp1252_char, utf16_units};
use crate::metadata::{DocumentMetadata, MetadataBuilder, ole, with_metadata};

/// The text of a .doc, .xls or .ppt, the message of a .msg.
pub fn extract_ole2(bytes: &[u8], limits: &Limits) -> Result<Extraction, ExtractError> {
    let mut file =
        CompoundFile::open(Cursor::new(bytes)).map_err(|err| ExtractError::corrupt("ole2", err))?;
    let names: Vec<String> = file
        .read_root_storage()
        .map(|entry| entry.name().to_string())
        .collect();
    let has = |wanted: &str| names.iter().any(|name| name.eq_ignore_ascii_case(wanted));
    if has("EncryptionInfo") || has("EncryptedPackage") {
        return Ok(encrypted());
    }
    if has("__properties_version1.0") || names.iter().any(|name| name.starts_with("__substg1.0_")) {
        let eml = crate::outlook::msg_to_eml(bytes)?;
        return Ok(Extraction {
            email: Some(eml),
            ..Extraction::default()
        });
    }
    let metadata = property_sets(&mut file, &names);
    let result = if has("Workbook") || has("Book") {
        extract_spreadsheet(bytes, SheetKind::Xls, limits)
    } else if has("WordDocument") {
        extract_word(&mut file, &names, bytes.len(), limits)
    } else if has("PowerPoint Document") {
        if has("EncryptedSummary") {
            return Ok(encrypted());
        }
        let stream = read_stream(&mut file, &names, "PowerPoint Document", bytes.len())?;
        Ok(powerpoint_text(&stream, limits))
    } else {
        Err(ExtractError::Unsupported(
            "ole2 file of unknown kind".into(),
        ))
    };
    with_metadata(result, metadata)
}

/// Property set streams larger than this are not read (real ones weigh a
/// few kilobytes).
const MAX_PROPERTY_SET_BYTES: usize = 1024 * 1024;

/// The metadata in the file's SummaryInformation and
/// DocumentSummaryInformation streams; a stream that cannot be read is
/// left out.
fn property_sets(
    file: &mut CompoundFile<Cursor<&[u8]>>,
    names: &[String],
) -> Option<DocumentMetadata> {
    let mut builder = MetadataBuilder::default();
    let has = |wanted: &str| names.iter().any(|name| name.eq_ignore_ascii_case(wanted));
    if has(ole::SUMMARY_STREAM)
        && let Ok(stream) = read_stream(file, names, ole::SUMMARY_STREAM, MAX_PROPERTY_SET_BYTES)
    {
        ole::read_summary(&stream, &mut builder);
    }
    if has(ole::DOCUMENT_SUMMARY_STREAM)
        && let Ok(stream) = read_stream(
            file,
            names,
            ole::DOCUMENT_SUMMARY_STREAM,
            MAX_PROPERTY_SET_BYTES,
        )
    {
        ole::read_document_summary(&stream, &mut builder);
    }
    builder.finish()
}

fn encrypted() -> Extraction {
    Extraction {
        encrypted: true,
        ..Extraction::default()
    }
}

/// A root stream's bytes (its name matched without regard to case), read
/// through `take` so a lying directory entry cannot allocate past `max`.
fn read_stream(
    file: &mut CompoundFile<Cursor<&[u8]>>,
    names: &[String],
    wanted: &str,
    max: usize,
) -> Result<Vec<u8>, ExtractError> {
    let name = names
        .iter()
        .find(|name| name.eq_ignore_ascii_case(wanted))
        .map_or(wanted, String::as_str);
    let stream = file
        .open_stream(format!("/{name}"))
        .map_err(|err| ExtractError::corrupt("ole2", format!("{name}: {err}")))?;
    let length = stream.len().min(max as u64);
    let mut data = Vec::new();
    stream
        .take(length)
        .read_to_end(&mut data)
        .map_err(|err| ExtractError::corrupt("ole2", format!("{name}: {err}")))?;
    Ok(data)
}

fn u16_at(data: &[u8], offset: usize) -> Option<u16> {
    let bytes = data.get(offset..offset.checked_add(2)?)?;
    Some(u16::from_le_bytes([bytes[0], bytes[1]]))
}

fn u32_at(data: &[u8], offset: usize) -> Option<u32> {
    let bytes = data.get(offset..offset.checked_add(4)?)?;
    Some(u32::from_le_bytes([bytes[0], bytes[1], bytes[2], bytes[3]]))
}

/// `FibBase.wIdent` of Word 97 and later.
const WORD_97_IDENT: u16 = 0xA5EC;
/// `FibBase.wIdent` of Word 6 and Word 95.
const WORD_6_IDENT: u16 = 0xA5DC;
/// `FibBase.nFib` of Word 97; lower numbers are Word 6/95 FIBs.
const WORD_97_NFIB: u16 = 0x00C1;

/// The text of a Word 97-2003 (or, roughly, Word 6/95) document.
fn extract_word(
    file: &mut CompoundFile<Cursor<&[u8]>>,
    names: &[String],
    max: usize,
    limits: &Limits,
) -> Result<Extraction, ExtractError> {
    let word = read_stream(file, names, "WordDocument", max)?;
    let ident = u16_at(&word, 0).unwrap_or(0);
    if ident != WORD_97_IDENT && ident != WORD_6_IDENT {
        return Err(ExtractError::corrupt("doc", "no word document signature"));
    }
    let nfib = u16_at(&word, 2).unwrap_or(0);
    let flags = u16_at(&word, 0x0A).unwrap_or(0);
    // fEncrypted (set too when the file is only obfuscated).
    if flags & 0x0100 != 0 {
        return Ok(encrypted());
    }
    let mut out = WordText::new(limits.max_text_bytes);
    if ident == WORD_6_IDENT || nfib < WORD_97_NFIB {
        // Word 6/95: the text is the 8-bit run fcMin..fcMac (pieces of
        // fast-saved files come out in storage order).
        let start = u32_at(&word, 0x18).unwrap_or(0) as usize;
        let end = u32_at(&word, 0x1C).unwrap_or(0) as usize;
        let text = word.get(start..end.min(word.len())).unwrap_or_default();
        for &byte in text {
            out.push(u32::from(cp1252_char(byte)));
        }
        return Ok(out.into_extraction());
    }
    let table_name = if flags & 0x0200 != 0 {
        "1Table"
    } else {
        "0Table"
    };
    let table = read_stream(file, names, table_name, max)?;
    let (fc_clx, lcb_clx) =
        clx_location(&word).ok_or_else(|| ExtractError::corrupt("doc", "truncated fib"))?;
    let clx = fc_clx
        .checked_add(lcb_clx)
        .and_then(|end| table.get(fc_clx..end))
        .ok_or_else(|| ExtractError::corrupt("doc", "piece table outside the table stream"))?;
    let pieces = piece_table(clx).ok_or_else(|| ExtractError::corrupt("doc", "no piece table"))?;
    for piece in pieces {
        if out.is_full() {
            break;
        }
        let chars = piece.cp_end.saturating_sub(piece.cp_start);
        if piece.compressed {
            let start = piece.fc / 2;
            let Some(bytes) = word.get(start..) else {
                continue;
            };
            for &byte in bytes.iter().take(chars) {
                out.push(u32::from(cp1252_char(byte)));
            }
        } else {
            let Some(bytes) = word.get(piece.fc..) else {
                continue;
            };
            let units = utf16_units(bytes, true).take(chars);
            for c in char::decode_utf16(units) {
                out.push(c.map_or(0xFFFD, u32::from));
            }
        }
    }
    Ok(out.into_extraction())
}

/// `fcClx` and `lcbClx` from a Word 97+ FIB.
fn clx_location(word: &[u8]) -> Option<(usize, usize)> {
    // FibBase is 32 bytes, then csw and fibRgW, cslw and fibRgLw, cbRgFcLcb
    // and fibRgFcLcbBlob, whose 34th pair is fcClx/lcbClx.
    let csw = usize::from(u16_at(word, 32)?);
    let cslw_at = 34 + csw * 2;
    let cslw = usize::from(u16_at(word, cslw_at)?);
    let cb_at = cslw_at + 2 + cslw * 4;
    let cb_rg_fc_lcb = usize::from(u16_at(word, cb_at)?);
    if cb_rg_fc_lcb < 34 {
        return None;
    }
    let blob = cb_at + 2;
    let fc = u32_at(word, blob + 33 * 8)? as usize;
    let lcb = u32_at(word, blob + 33 * 8 + 4)? as usize;
    Some((fc, lcb))
}

/// One piece of a Word document's text.
#[derive(Debug)]
struct Piece {
    cp_start: usize,
    cp_end: usize,
    /// Byte offset in the WordDocument stream (times 2 when compressed).
    fc: usize,
    /// 8-bit windows-1252 text rather than UTF-16LE.
    compressed: bool,
}

/// The pieces of a CLX: Prc entries (skipped) then one Pcdt.
fn piece_table(clx: &[u8]) -> Option<Vec<Piece>> {
    let mut at = 0;
    loop {
        match *clx.get(at)? {
            0x01 => {
                let size = u16_at(clx, at + 1)? as i16;
                at += 3 + usize::try_from(size).ok()?;
            }
            0x02 => break,
            _ => return None,
        }
    }
    let lcb = u32_at(clx, at + 1)? as usize;
    let plc = clx.get(at + 5..)?;
    let plc = plc.get(..lcb.min(plc.len()))?;
    // PlcPcd: n + 1 character positions (4 bytes), n descriptors (8 bytes).
    let count = plc.len().checked_sub(4)? / 12;
    let mut pieces = Vec::with_capacity(count);
    for index in 0..count {
        let cp_start = u32_at(plc, index * 4)? as usize;
        let cp_end = u32_at(plc, (index + 1) * 4)? as usize;
        let descriptor = (count + 1) * 4 + index * 8;
        let fc = u32_at(plc, descriptor + 2)?;
        pieces.push(Piece {
            cp_start,
            cp_end,
            fc: (fc & 0x3FFF_FFFF) as usize,
            compressed: fc & 0x4000_0000 != 0,
        });
    }
    Some(pieces)
}

/// Word characters to text: field instructions dropped (their results
/// kept), cell marks as tabs, paragraph marks as newlines, other control
/// characters dropped.
struct WordText {
    text: String,
    max: usize,
    truncated: bool,
    /// Open fields: true while in the instruction (before the separator).
    fields: Vec<bool>,
    /// Open fields still in their instruction.
    in_instruction: usize,
}

impl WordText {
    fn new(max: usize) -> WordText {
        WordText {
            text: String::new(),
            max,
            truncated: false,
            fields: Vec::new(),
            in_instruction: 0,
        }
    }

    fn is_full(&self) -> bool {
        self.truncated
    }

    fn push(&mut self, code: u32) {
        let c = match code {
            0x13 => {
                self.fields.push(true);
                self.in_instruction += 1;
                return;
            }
            0x14 => {
                if let Some(top) = self.fields.last_mut()
                    && *top
                {
                    *top = false;
                    self.in_instruction -= 1;
                }
                return;
            }
            0x15 => {
                if self.fields.pop() == Some(true) {
                    self.in_instruction -= 1;
                }
                return;
            }
            0x07 | 0x09 => '\t',
            0x0B..=0x0E => '\n',
            0x1E => '-',
            0x00..=0x1F => return,
            _ => char::from_u32(code).unwrap_or('\u{FFFD}'),
        };
        if self.in_instruction > 0 || self.truncated {
            return;
        }
        if self.text.len() + c.len_utf8() > self.max {
            self.truncated = true;
            return;
        }
        self.text.push(c);
    }

    fn into_extraction(self) -> Extraction {
        let mut text = String::with_capacity(self.text.len());
        let mut blank_lines = 0;
        for line in self.text.lines() {
            let line = line.trim_end();
            if line.is_empty() {
                blank_lines += 1;
                if blank_lines > 1 {
                    continue;
                }
            } else {
                blank_lines = 0;
            }
            text.push_str(line);
            text.push('\n');
        }
        let mut text = text.trim().to_string();
        let truncated = self.truncated | truncate_text(&mut text, self.max);
        Extraction {
            text,
            truncated,
            ..Extraction::default()
        }
    }
}

/// Record types of the PowerPoint binary format.
const PPT_MAIN_MASTER: u16 = 0x03F8;
const PPT_SLIDE_LIST_WITH_TEXT: u16 = 0x0FF0;
const PPT_HANDOUT: u16 = 0x0FC9;
const PPT_NOTES: u16 = 0x03F0;
/// First child of a Notes container, naming the slide the notes belong to.
const PPT_NOTES_ATOM: u16 = 0x03F1;
/// `recInstance` of the SlideListWithText that lists master slides.
const PPT_MASTER_LIST: u16 = 1;
const PPT_TEXT_CHARS_ATOM: u16 = 0x0FA0;
const PPT_TEXT_BYTES_ATOM: u16 = 0x0FA8;
const PPT_CRYPT_SESSION: u16 = 0x2F14;
/// Containers nested deeper than this are skipped whole.
const PPT_MAX_DEPTH: usize = 64;

/// The text atoms of a PowerPoint record stream, one per line, master
/// slides and `*` placeholders (date, slide number) left out. Containers
/// (`recVer` 0xF) are entered, atoms stepped over: a single linear walk
/// with an explicit stack.
fn powerpoint_text(stream: &[u8], limits: &Limits) -> Extraction {
    let mut out = WordText::new(limits.max_text_bytes);
    // Open containers: record type, master slide or not, end offset.
    let mut containers: Vec<(u16, bool, usize)> = Vec::new();
    let mut at = 0;
    while let (Some(version), Some(kind), Some(length)) = (
        u16_at(stream, at),
        u16_at(stream, at + 2),
        u32_at(stream, at + 4),
    ) {
        while containers.last().is_some_and(|&(_, _, end)| end <= at) {
            containers.pop();
        }
        let body = at + 8;
        let end = body.saturating_add(length as usize).min(stream.len());
        if version & 0x000F == 0x000F {
            if containers.len() < PPT_MAX_DEPTH {
                let master = kind == PPT_MAIN_MASTER
                    || kind == PPT_HANDOUT
                    || (kind == PPT_SLIDE_LIST_WITH_TEXT && version >> 4 == PPT_MASTER_LIST);
                containers.push((kind, master, end));
                at = body;
            } else {
                at = end;
            }
            continue;
        }
        at = end;
        if kind == PPT_CRYPT_SESSION {
            return encrypted();
        }
        // Slide identifiers run from 0x100 to 0x7FFFFFFF; the notes master
        // refers to none (0) or to a master (0x80000000 and up).
        if kind == PPT_NOTES_ATOM
            && u32_at(stream, body).is_some_and(|slide| slide == 0 || slide >= 0x8000_0000)
            && let Some((PPT_NOTES, master, _)) = containers.last_mut()
        {
            *master = true;
        }
        if containers.iter().any(|&(_, master, _)| master) {
            continue;
        }
        let Some(data) = stream.get(body..end) else {
            continue;
        };
        if matches!(data, b"*" | b"*\0") {
            continue;
        }
        match kind {
            PPT_TEXT_CHARS_ATOM => {
                let units = utf16_units(data, true);
                for c in char::decode_utf16(units) {
                    out.push(c.map_or(0xFFFD, u32::from));
                }
            }
            PPT_TEXT_BYTES_ATOM => {
                for &byte in data {
                    out.push(u32::from(cp1252_char(byte)));
                }
            }
            _ => continue,
        }
        out.push(0x0D);
        if out.is_full() {
            break;
        }
    }
    out.into_extraction()
}

#[cfg(test)]
mod tests {
    use std::io::Write;

    use super::*;
    use crate::test_files::corpus;

    fn compound_file(streams: &[(&str, &[u8])]) -> Vec<u8> {
        let mut file = CompoundFile::create(Cursor::new(Vec::new())).unwrap();
        for (name, data) in streams {
            let mut stream = file.create_stream(format!("/{name}")).unwrap();
            stream.write_all(data).unwrap();
        }
        file.flush().unwrap();
        file.into_inner().into_inner()
    }

    fn put_u16(buffer: &mut [u8], at: usize, value: u16) {
        buffer[at..at + 2].copy_from_slice(&value.to_le_bytes());
    }

    fn put_u32(buffer: &mut [u8], at: usize, value: u32) {
        buffer[at..at + 4].copy_from_slice(&value.to_le_bytes());
    }

    /// A Word 97 document whose text is one compressed piece (`latin`) and
    /// one UTF-16 piece (`unicode`).
    fn word_document(latin: &str, unicode: &str, flags: u16) -> Vec<u8> {
        let latin: Vec<u8> = latin
            .chars()
            .map(|c| match c {
                'é' => 0xE9,
                '’' => 0x92,
                c => c as u8,
            })
            .collect();
        let unicode: Vec<u16> = unicode.encode_utf16().collect();
        let mut word = vec![0u8; 1024];
        put_u16(&mut word, 0, WORD_97_IDENT);
        put_u16(&mut word, 2, WORD_97_NFIB);
        put_u16(&mut word, 0x0A, flags | 0x0200);
        put_u16(&mut word, 32, 14);
        put_u16(&mut word, 62, 22);
        put_u32(&mut word, 64 + 12, (latin.len() + unicode.len()) as u32);
        put_u16(&mut word, 152, 93);
        let latin_at = word.len();
        word.extend_from_slice(&latin);
        let unicode_at = word.len();
        for unit in &unicode {
            word.extend_from_slice(&unit.to_le_bytes());
        }
        // The CLX: one Prc, then the Pcdt with two pieces.
        let mut clx = vec![0x01, 0x02, 0x00, 0xAA, 0xBB, 0x02];
        let mut plc = Vec::new();
        for cp in [0, latin.len(), latin.len() + unicode.len()] {
            plc.extend_from_slice(&(cp as u32).to_le_bytes());
        }
        for fc in [(latin_at as u32 * 2) | 0x4000_0000, unicode_at as u32] {
            plc.extend_from_slice(&[0, 0]);
            plc.extend_from_slice(&fc.to_le_bytes());
            plc.extend_from_slice(&[0, 0]);
        }
        clx.extend_from_slice(&(plc.len() as u32).to_le_bytes());
        clx.extend_from_slice(&plc);
        let mut table = vec![0u8; 16];
        put_u32(&mut word, 154 + 33 * 8, table.len() as u32);
        put_u32(&mut word, 154 + 33 * 8 + 4, clx.len() as u32);
        table.extend_from_slice(&clx);
        compound_file(&[("WordDocument", &word), ("1Table", &table)])
    }

    fn record(version: u16, kind: u16, body: &[u8]) -> Vec<u8> {
        let mut data = Vec::new();
        data.extend_from_slice(&version.to_le_bytes());
        data.extend_from_slice(&kind.to_le_bytes());
        data.extend_from_slice(&(body.len() as u32).to_le_bytes());
        data.extend_from_slice(body);
        data
    }

    fn utf16(text: &str) -> Vec<u8> {
        text.encode_utf16().flat_map(u16::to_le_bytes).collect()
    }

    fn powerpoint_stream() -> Vec<u8> {
        let mut slides = record(
            0,
            PPT_TEXT_CHARS_ATOM,
            &utf16("Bonjour ornithorynque\rsuite"),
        );
        slides.extend(record(0, PPT_TEXT_BYTES_ATOM, b"caf\xe9 cr\xe8me"));
        slides.extend(record(0, 0x0F9F, &[0, 0, 0, 0]));
        let list = record(0x000F, 0x0FF0, &slides);
        let master = record(
            0x000F,
            PPT_MAIN_MASTER,
            &record(0, PPT_TEXT_CHARS_ATOM, &utf16("Cliquez pour modifier")),
        );
        let master_list = record(
            0x001F,
            PPT_SLIDE_LIST_WITH_TEXT,
            &record(0, PPT_TEXT_CHARS_ATOM, &utf16("Cliquez pour le titre")),
        );
        let mut document = master_list;
        document.extend(list);
        document.extend(record(0, PPT_TEXT_CHARS_ATOM, &utf16("*")));
        document.extend(master);
        let mut notes_master = record(0x0001, PPT_NOTES_ATOM, &[0u8; 8]);
        notes_master.extend(record(0, PPT_TEXT_BYTES_ATOM, b"Notes du masque"));
        document.extend(record(0x000F, PPT_NOTES, &notes_master));
        let mut notes = record(0x0001, PPT_NOTES_ATOM, &[1, 1, 0, 0, 0, 0, 0, 0]);
        notes.extend(record(0, PPT_TEXT_BYTES_ATOM, b"Notes de l'orateur"));
        document.extend(record(0x000F, PPT_NOTES, &notes));
        let mut stream = record(0x000F, 0x03E8, &document);
        stream.extend(record(0, 0x0FF5, &[1, 2, 3, 4]));
        stream
    }

    #[test]
    fn word_pieces_fields_and_cells() {
        let bytes = word_document(
            "Rapport sur l’équipe\r\x13 HYPERLINK \"http://example.org/\" \x14le site\x15 et \
             \x13 REF \x13 SEQ \x14x\x15 \x14renvoi\x15 fin\r",
            "Привет quetzalcoatl\x07cellule\x07\x07\r\r\r\rdernier\x0bligne\r",
            0,
        );
        let extraction = extract_ole2(&bytes, &Limits::default()).unwrap();
        assert!(!extraction.encrypted);
        assert_eq!(
            extraction.text,
            "Rapport sur l’équipe\nle site et renvoi fin\nПривет quetzalcoatl\tcellule\n\n\
             dernier\nligne"
        );
    }

    #[test]
    fn encrypted_word_is_marked() {
        let bytes = word_document("secret", "", 0x0100);
        let extraction = extract_ole2(&bytes, &Limits::default()).unwrap();
        assert!(extraction.encrypted);
        assert_eq!(extraction.text, "");
    }

    #[test]
    fn word_text_is_cut_at_the_limit() {
        let bytes = word_document("abcdefghij klmnopqrstuvwxyz", "", 0);
        let limits = Limits {
            max_text_bytes: 10,
            ..Limits::default()
        };
        let extraction = extract_ole2(&bytes, &limits).unwrap();
        assert!(extraction.truncated);
        assert_eq!(extraction.text, "abcdefghij");
    }

    #[test]
    fn powerpoint_text_atoms_without_masters() {
        let bytes = compound_file(&[("PowerPoint Document", &powerpoint_stream())]);
        let extraction = extract_ole2(&bytes, &Limits::default()).unwrap();
        assert_eq!(
            extraction.text,
            "Bonjour ornithorynque\nsuite\ncafé crème\nNotes de l'orateur"
        );
    }

    #[test]
    fn encrypted_ooxml_is_marked() {
        let bytes = compound_file(&[("EncryptionInfo", b"\x04\x00"), ("EncryptedPackage", b"x")]);
        let extraction = extract_ole2(&bytes, &Limits::default()).unwrap();
        assert!(extraction.encrypted);
    }

    #[test]
    fn outlook_message_goes_to_msg_to_eml() {
        let bytes = compound_file(&[
            ("__properties_version1.0", &[0u8; 32]),
            ("__substg1.0_0037001F", &utf16("Sujet")),
        ]);
        match (
            extract_ole2(&bytes, &Limits::default()),
            crate::outlook::msg_to_eml(&bytes),
        ) {
            (Ok(extraction), Ok(eml)) => assert_eq!(extraction.email, Some(eml)),
            (Err(err), Err(expected)) => assert_eq!(err, expected),
            (got, expected) => panic!("{got:?} vs {expected:?}"),
        }
    }

    #[test]
    fn unknown_ole2_is_unsupported() {
        let bytes = compound_file(&[("Contents", b"nothing")]);
        assert_eq!(
            extract_ole2(&bytes, &Limits::default()),
            Err(ExtractError::Unsupported(
                "ole2 file of unknown kind".into()
            ))
        );
        assert!(matches!(
            extract_ole2(b"not an ole2 file", &Limits::default()),
            Err(ExtractError::Corrupt { .. })
        ));
    }

    #[test]
    fn garbage_never_panics() {
        let mut inputs = vec![
            word_document("Rapport\x13\x14\x15\x15\x14\r", "a\x07b\r", 0),
            compound_file(&[("PowerPoint Document", &powerpoint_stream())]),
        ];
        for path in [
            "attachment-samples/aleph-ingest-file/doc.doc",
            "attachment-samples/aleph-ingest-file/slides.ppt",
            "attachment-samples/aleph-ingest-file/password_protected.xlsx",
        ] {
            if let Some(bytes) = corpus(path) {
                inputs.push(bytes);
            }
        }
        let mut seed: u32 = 2017;
        let mut next = move || {
            seed = seed.wrapping_mul(1_103_515_245).wrapping_add(12_345);
            seed >> 8
        };
        for bytes in inputs {
            for cut in [
                0,
                8,
                512,
                600,
                bytes.len() / 2,
                bytes.len().saturating_sub(1),
            ] {
                let _ = extract_ole2(&bytes[..cut.min(bytes.len())], &Limits::default());
            }
            for _ in 0..60 {
                let mut damaged = bytes.clone();
                for _ in 0..8 {
                    let at = next() as usize % damaged.len();
                    damaged[at] = next() as u8;
                }
                let _ = extract_ole2(&damaged, &Limits::default());
            }
        }
        // The stream parsers on their own, with every prefix of the inputs.
        let stream = powerpoint_stream();
        for cut in 0..stream.len() {
            let _ = powerpoint_text(&stream[..cut], &Limits::default());
        }
        for clx in [
            &[0x02, 0xFF, 0xFF, 0xFF, 0xFF][..],
            &[0x01, 0xFF, 0x7F],
            &[0x02],
            &[],
        ] {
            let _ = piece_table(clx);
        }
    }

    #[test]
    fn real_samples() {
        if let Some(bytes) = corpus("attachment-samples/aleph-ingest-file/doc.doc") {
            let text = extract_ole2(&bytes, &Limits::default()).unwrap().text;
            assert!(
                text.contains("This is a sample Microsoft Word Document."),
                "{text}"
            );
            assert!(
                text.contains("Apache Tika: http://tika.apache.org/"),
                "{text}"
            );
            assert!(!text.contains("HYPERLINK"), "{text}");
        }
        if let Some(bytes) = corpus("attachment-samples/hoover/pdf-doc-txt/sample (1).doc") {
            let text = extract_ole2(&bytes, &Limits::default()).unwrap().text;
            assert!(text.contains(
                "Template for Preparation of Papers for IEEE Sponsored Conferences & Symposia"
            ));
            assert!(!text.contains("HYPERLINK"));
        }
        if let Some(bytes) = corpus("attachment-samples/aleph-ingest-file/rom.xls") {
            let text = extract_ole2(&bytes, &Limits::default()).unwrap().text;
            assert!(text.contains("Lukoil Moldova"));
        }
        if let Some(bytes) = corpus("attachment-samples/aleph-ingest-file/password_protected.xls") {
            let extraction = extract_ole2(&bytes, &Limits::default()).unwrap();
            assert!(extraction.encrypted);
        }
        if let Some(bytes) = corpus("attachment-samples/aleph-ingest-file/password_protected.xlsx")
        {
            let extraction = extract_ole2(&bytes, &Limits::default()).unwrap();
            assert!(extraction.encrypted);
            assert_eq!(extraction.text, "");
        }
        if let Some(bytes) = corpus("attachment-samples/aleph-ingest-file/slides.ppt") {
            let text = extract_ole2(&bytes, &Limits::default()).unwrap().text;
            assert_eq!(text, "Now");
        }
    }
}
