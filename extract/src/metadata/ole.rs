//! Metadata of legacy Office files (.doc, .xls, .ppt): the OLE property
//! sets `\u{5}SummaryInformation` (title, author, last author, template,
//! revision, dates, application) and `\u{5}DocumentSummaryInformation`
//! (company) [MS-OLEPS]. 8-bit strings are in the code page the section
//! names (property 1), so a Russian Word writes its author in windows-1251.
//! Every read is bounds-checked: a lying offset or length yields nothing.
//!
//! [MS-OLEPS]: https://learn.microsoft.com/openspecs/windows_protocols/ms-oleps

use super::date::from_filetime;
use super::{Field, MAX_VALUE_CHARS, MetadataBuilder};
use crate::codepage::{decode_8bit, decode_utf16_le};

/// Name of the SummaryInformation stream.
pub(crate) const SUMMARY_STREAM: &str = "\u{5}SummaryInformation";
/// Name of the DocumentSummaryInformation stream.
pub(crate) const DOCUMENT_SUMMARY_STREAM: &str = "\u{5}DocumentSummaryInformation";

/// Property types [MS-OLEPS 2.15].
const VT_I2: u16 = 0x0002;
const VT_LPSTR: u16 = 0x001E;
const VT_LPWSTR: u16 = 0x001F;
const VT_FILETIME: u16 = 0x0040;

/// The code page property, in every section.
const PID_CODEPAGE: u32 = 1;
/// Code page 1200: 8-bit strings are UTF-16LE after all.
const CP_UTF16: u32 = 1200;

/// Properties read from a property set stream, by id.
const SUMMARY_PROPERTIES: &[(u32, Field)] = &[
    (2, Field::Title),
    (4, Field::Author),
    (7, Field::Template),
    (8, Field::LastEditor),
    (9, Field::Revision),
    (12, Field::Created),
    (13, Field::Modified),
    (18, Field::Software),
];
const DOCUMENT_SUMMARY_PROPERTIES: &[(u32, Field)] = &[(15, Field::Company)];

/// Properties read from one section, at most (a section may claim
/// millions).
const MAX_PROPERTIES: usize = 1024;

/// Adds the properties of a SummaryInformation stream.
pub(crate) fn read_summary(stream: &[u8], builder: &mut MetadataBuilder) {
    read_section(stream, SUMMARY_PROPERTIES, builder);
}

/// Adds the properties of a DocumentSummaryInformation stream.
pub(crate) fn read_document_summary(stream: &[u8], builder: &mut MetadataBuilder) {
    read_section(stream, DOCUMENT_SUMMARY_PROPERTIES, builder);
}

fn u16_at(data: &[u8], offset: usize) -> Option<u16> {
    let bytes = data.get(offset..offset.checked_add(2)?)?;
    Some(u16::from_le_bytes([bytes[0], bytes[1]]))
}

fn u32_at(data: &[u8], offset: usize) -> Option<u32> {
    let bytes = data.get(offset..offset.checked_add(4)?)?;
    Some(u32::from_le_bytes([bytes[0], bytes[1], bytes[2], bytes[3]]))
}

/// Reads the first section of a property set stream.
fn read_section(stream: &[u8], wanted: &[(u32, Field)], builder: &mut MetadataBuilder) {
    // PropertySetStream: byte order 0xFFFE, version, system id, CLSID,
    // number of sets, then FMTID0 (16 bytes) and Offset0.
    if u16_at(stream, 0) != Some(0xFFFE) || u32_at(stream, 24).unwrap_or(0) == 0 {
        return;
    }
    let Some(start) = u32_at(stream, 44).map(|offset| offset as usize) else {
        return;
    };
    let Some(section) = stream.get(start..) else {
        return;
    };
    let size = u32_at(section, 0).map_or(0, |size| size as usize);
    let section = &section[..size.min(section.len())];
    let count = u32_at(section, 4).map_or(0, |count| count as usize);
    let entries: Vec<(u32, usize)> = (0..count.min(MAX_PROPERTIES))
        .map_while(|index| {
            let at = 8 + index * 8;
            Some((u32_at(section, at)?, u32_at(section, at + 4)? as usize))
        })
        .collect();
    let code_page = entries
        .iter()
        .find(|(id, _)| *id == PID_CODEPAGE)
        .and_then(|(_, offset)| match u16_at(section, *offset)? {
            VT_I2 => u16_at(section, offset + 4).map(u32::from),
            _ => None,
        });
    for (id, offset) in entries {
        let Some((_, field)) = wanted.iter().find(|(wanted, _)| *wanted == id) else {
            continue;
        };
        let Some(kind) = u16_at(section, offset) else {
            continue;
        };
        let value = offset + 4;
        match kind {
            VT_LPSTR | VT_LPWSTR => {
                if let Some(text) = string_at(section, value, kind, code_page) {
                    builder.add(*field, &text);
                }
            }
            VT_FILETIME => {
                let low = u32_at(section, value);
                let high = u32_at(section, value + 4);
                if let (Some(low), Some(high)) = (low, high)
                    && let Some(date) = from_filetime(u64::from(high) << 32 | u64::from(low))
                {
                    builder.add_clean(*field, date);
                }
            }
            _ => {}
        }
    }
}

/// A `VT_LPSTR` (byte count, then bytes in `code_page`) or `VT_LPWSTR`
/// (character count, then UTF-16LE), up to its NUL. Only the first bytes
/// are decoded: values are cut at [`MAX_VALUE_CHARS`] anyway.
fn string_at(section: &[u8], at: usize, kind: u16, code_page: Option<u32>) -> Option<String> {
    let length = u32_at(section, at)? as usize;
    let bytes = section.get(at + 4..)?;
    let max = (MAX_VALUE_CHARS + 1) * 4;
    if kind == VT_LPWSTR || code_page == Some(CP_UTF16) {
        let units = if kind == VT_LPWSTR {
            length.saturating_mul(2)
        } else {
            length
        };
        let bytes = &bytes[..units.min(bytes.len()).min(max)];
        return Some(decode_utf16_le(bytes));
    }
    let bytes = &bytes[..length.min(bytes.len()).min(max)];
    Some(decode_8bit(bytes, code_page))
}

#[cfg(test)]
pub(crate) mod tests {
    use super::*;
    use crate::metadata::DocumentMetadata;

    /// A property set value: 8-bit text, UTF-16 text, a FILETIME, a 16-bit
    /// integer.
    pub(crate) enum Value<'a> {
        Bytes(&'a [u8]),
        Wide(&'a str),
        Time(u64),
        Short(u16),
    }

    /// A property set stream with one section holding `properties`.
    pub(crate) fn property_set(properties: &[(u32, Value<'_>)]) -> Vec<u8> {
        let mut values = Vec::new();
        let mut offsets = Vec::new();
        let table = 8 + properties.len() * 8;
        for (id, value) in properties {
            offsets.push((*id, table + values.len()));
            match value {
                Value::Bytes(bytes) => {
                    values.extend_from_slice(&u32::from(VT_LPSTR).to_le_bytes());
                    values.extend_from_slice(&(bytes.len() as u32 + 1).to_le_bytes());
                    values.extend_from_slice(bytes);
                    values.push(0);
                }
                Value::Wide(text) => {
                    let units: Vec<u16> = text.encode_utf16().chain([0]).collect();
                    values.extend_from_slice(&u32::from(VT_LPWSTR).to_le_bytes());
                    values.extend_from_slice(&(units.len() as u32).to_le_bytes());
                    values.extend(units.iter().flat_map(|unit| unit.to_le_bytes()));
                }
                Value::Time(ticks) => {
                    values.extend_from_slice(&u32::from(VT_FILETIME).to_le_bytes());
                    values.extend_from_slice(&ticks.to_le_bytes());
                }
                Value::Short(number) => {
                    values.extend_from_slice(&u32::from(VT_I2).to_le_bytes());
                    values.extend_from_slice(&u32::from(*number).to_le_bytes());
                }
            }
            while values.len() % 4 != 0 {
                values.push(0);
            }
        }
        let mut section = Vec::new();
        section.extend_from_slice(&((table + values.len()) as u32).to_le_bytes());
        section.extend_from_slice(&(properties.len() as u32).to_le_bytes());
        for (id, offset) in offsets {
            section.extend_from_slice(&id.to_le_bytes());
            section.extend_from_slice(&(offset as u32).to_le_bytes());
        }
        section.extend_from_slice(&values);
        let mut stream = vec![0xFE, 0xFF, 0, 0, 0x06, 0x02, 0x02, 0x00];
        stream.extend_from_slice(&[0; 16]);
        stream.extend_from_slice(&1u32.to_le_bytes());
        stream.extend_from_slice(&[0xE0; 16]);
        stream.extend_from_slice(&48u32.to_le_bytes());
        stream.extend_from_slice(&section);
        stream
    }

    /// 2017-05-03T10:15:00Z as a FILETIME.
    pub(crate) const MAY_3: u64 = (1_493_806_500 + 11_644_473_600) * 10_000_000;

    #[test]
    fn summary_in_windows_1251() {
        // "Георгий Петров" and "Министерство" in windows-1251.
        let author = b"\xc3\xe5\xee\xf0\xe3\xe8\xe9 \xcf\xe5\xf2\xf0\xee\xe2";
        let summary = property_set(&[
            (1, Value::Short(1251)),
            (2, Value::Bytes(b"Note interne")),
            (4, Value::Bytes(author)),
            (8, Value::Wide("Zoé Durand")),
            (9, Value::Bytes(b"4")),
            (12, Value::Time(MAY_3)),
            (13, Value::Time(0)),
            (18, Value::Bytes(b"Microsoft Office Word")),
        ]);
        let company = property_set(&[
            (1, Value::Short(1251)),
            (
                15,
                Value::Bytes(b"\xcc\xe8\xed\xe8\xf1\xf2\xe5\xf0\xf1\xf2\xe2\xee"),
            ),
        ]);
        let mut builder = MetadataBuilder::default();
        read_summary(&summary, &mut builder);
        read_document_summary(&company, &mut builder);
        assert_eq!(
            builder.finish().unwrap(),
            DocumentMetadata {
                title: Some("Note interne".into()),
                authors: vec!["Георгий Петров".into()],
                last_editor: Some("Zoé Durand".into()),
                software: vec!["Microsoft Office Word".into()],
                company: Some("Министерство".into()),
                revision: Some("4".into()),
                created: Some("2017-05-03T10:15:00Z".into()),
                ..DocumentMetadata::default()
            }
        );
    }

    #[test]
    fn lying_offsets_and_garbage_give_nothing() {
        let mut stream = property_set(&[(4, Value::Bytes(b"Anne"))]);
        let mut builder = MetadataBuilder::default();
        read_summary(&stream, &mut builder);
        assert_eq!(builder.finish().unwrap().authors, ["Anne"]);
        // The string's length claims 4 GB.
        let at = stream.len() - 12;
        stream[at..at + 4].copy_from_slice(&u32::MAX.to_le_bytes());
        let mut builder = MetadataBuilder::default();
        read_summary(&stream, &mut builder);
        assert_eq!(builder.finish().unwrap().authors, ["Anne"]);
        for cut in 0..stream.len() {
            let mut builder = MetadataBuilder::default();
            read_summary(&stream[..cut], &mut builder);
            let _ = builder.finish();
        }
        let mut builder = MetadataBuilder::default();
        read_summary(&[0xFE, 0xFF, 1, 2, 3], &mut builder);
        assert_eq!(builder.finish(), None);
    }
}
