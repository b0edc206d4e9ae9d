//! Outlook `.msg` (an OLE2 compound file of MAPI properties) to RFC 822.
//!
//! The layout ([MS-OXMSG]): each object (the message, a recipient, an
//! attachment, an embedded message) is a storage holding one
//! `__substg1.0_PPPPTTTT` stream per variable-size property (`PPPP` the id,
//! `TTTT` the type: `001F` UTF-16LE, `001E` 8-bit, `0102` binary) and a
//! `__properties_version1.0` stream of 16-byte entries with the fixed-size
//! values (integers, times, booleans) after a header of 32 bytes (the
//! message), 24 (an embedded message) or 8 (recipients, attachments).
//! Recipients are `__recip_version1.0_#XXXXXXXX` storages, attachments
//! `__attach_version1.0_#XXXXXXXX`; an embedded message is the
//! `__substg1.0_3701000D` storage of its attachment.

use std::io::{Cursor, Read};
use std::path::{Path, PathBuf};

use super::mapi::{self, MapiAttachment, MapiMessage, PropValue, PropertyBag, Source, tag};
use crate::ExtractError;
use crate::codepage::decode_utf16_le;
use crate::properties::{PT_STRING8, PT_UNICODE};

const PROPERTIES: &str = "__properties_version1.0";
const EMBEDDED_MESSAGE: &str = "__substg1.0_3701000D";
const RECIPIENT_PREFIX: &str = "__recip_version1.0_#";
const ATTACHMENT_PREFIX: &str = "__attach_version1.0_#";
const PROPERTY_PREFIX: &str = "__substg1.0_";

/// Header sizes of `__properties_version1.0`.
const MESSAGE_HEADER: usize = 32;
const EMBEDDED_HEADER: usize = 24;
const CHILD_HEADER: usize = 8;

/// Recipients or attachments read per message; more is a damaged file.
const MAX_CHILDREN: usize = 10_000;

/// The message in a `.msg` file, as RFC 822 bytes.
pub fn msg_to_eml(bytes: &[u8]) -> Result<Vec<u8>, ExtractError> {
    let file = cfb::CompoundFile::open(Cursor::new(bytes)).map_err(|e| corrupt(&e))?;
    let mut reader = MsgReader {
        file,
        // Every stream lives in the file: more bytes than that is a loop
        // in the sector chains of a damaged file.
        budget: bytes.len() as u64 + 4096,
    };
    let root = PathBuf::from("/");
    let children = reader.children(&root)?;
    let is_message = children
        .iter()
        .any(|child| child.name == PROPERTIES || child.name.starts_with(PROPERTY_PREFIX));
    if !is_message {
        return Err(ExtractError::corrupt(
            "msg",
            "no outlook message properties in this compound file",
        ));
    }
    let message = reader.read_message(&root, MESSAGE_HEADER, 0)?;
    Ok(mapi::write_eml(&message, Source::Msg))
}

fn corrupt(error: &dyn std::fmt::Display) -> ExtractError {
    ExtractError::corrupt("msg", error)
}

struct Child {
    name: String,
    path: PathBuf,
    is_stream: bool,
    len: u64,
}

struct MsgReader<'a> {
    file: cfb::CompoundFile<Cursor<&'a [u8]>>,
    /// Bytes that may still be read from streams.
    budget: u64,
}

impl MsgReader<'_> {
    fn children(&self, path: &Path) -> Result<Vec<Child>, ExtractError> {
        let entries = self.file.read_storage(path).map_err(|e| corrupt(&e))?;
        Ok(entries
            .map(|entry| Child {
                name: entry.name().to_string(),
                path: entry.path().to_path_buf(),
                is_stream: entry.is_stream(),
                len: entry.len(),
            })
            .collect())
    }

    fn read_stream(&mut self, child: &Child) -> Result<Vec<u8>, ExtractError> {
        if child.len > self.budget {
            return Err(corrupt(&format_args!(
                "stream {} claims {} bytes, more than the file holds",
                child.name, child.len
            )));
        }
        let stream = self
            .file
            .open_stream(&child.path)
            .map_err(|e| corrupt(&e))?;
        let mut bytes = Vec::new();
        stream
            .take(child.len)
            .read_to_end(&mut bytes)
            .map_err(|e| corrupt(&e))?;
        self.budget = self.budget.saturating_sub(bytes.len() as u64);
        Ok(bytes)
    }

    /// The properties of the object at `path` (its fixed-size properties
    /// after a header of `header` bytes, then its property streams).
    fn read_properties(
        &mut self,
        children: &[Child],
        header: usize,
    ) -> Result<PropertyBag, ExtractError> {
        let mut bag = PropertyBag::default();
        if let Some(child) = children
            .iter()
            .find(|c| c.is_stream && c.name.eq_ignore_ascii_case(PROPERTIES))
        {
            let data = self.read_stream(child)?;
            read_fixed_properties(&data, header, &mut bag);
        }
        // Unicode strings first: an 8-bit twin of the same property does
        // not replace them.
        let mut streams: Vec<(&Child, u16, u16)> = children
            .iter()
            .filter(|child| child.is_stream)
            .filter_map(|child| {
                let (id, kind) = property_stream(&child.name)?;
                Some((child, id, kind))
            })
            .collect();
        streams.sort_by_key(|&(_, id, kind)| (kind != 0x001F, id));
        for (child, id, kind) in streams {
            if !matches!(kind, 0x001F | 0x001E | 0x0102) || bag.contains(id) {
                continue;
            }
            let data = self.read_stream(child)?;
            let value = match kind {
                PT_UNICODE => PropValue::Text(decode_utf16_le(&data)),
                PT_STRING8 => PropValue::Text(mapi::decode_8bit(&data, bag.code_page())),
                _ => PropValue::Binary(data),
            };
            bag.insert(id, value);
        }
        Ok(bag)
    }

    fn read_message(
        &mut self,
        path: &Path,
        header: usize,
        depth: u32,
    ) -> Result<MapiMessage, ExtractError> {
        let children = self.children(path)?;
        let properties = self.read_properties(&children, header)?;
        let mut message = MapiMessage {
            properties,
            ..MapiMessage::default()
        };
        let mut objects: Vec<&Child> = children
            .iter()
            .filter(|child| {
                !child.is_stream
                    && (child.name.starts_with(RECIPIENT_PREFIX)
                        || child.name.starts_with(ATTACHMENT_PREFIX))
            })
            .collect();
        objects.sort_by(|a, b| a.name.cmp(&b.name));
        if objects.len() > MAX_CHILDREN * 2 {
            return Err(corrupt(&format_args!(
                "{} recipients and attachments",
                objects.len()
            )));
        }
        for object in objects {
            let object_children = self.children(&object.path)?;
            let properties = self.read_properties(&object_children, CHILD_HEADER)?;
            if object.name.starts_with(RECIPIENT_PREFIX) {
                message.recipients.push(properties);
                continue;
            }
            let mut attachment = MapiAttachment {
                properties,
                embedded: None,
            };
            let embedded = object_children
                .iter()
                .find(|c| !c.is_stream && c.name.eq_ignore_ascii_case(EMBEDDED_MESSAGE));
            let method = attachment.properties.int(tag::ATTACH_METHOD);
            if let Some(embedded) = embedded {
                if method != Some(tag::ATTACH_EMBEDDED_MESSAGE) {
                    message.problems.push(format!(
                        "ole object attachment {} not extracted",
                        object.name
                    ));
                    continue;
                }
                if depth + 1 > mapi::MAX_DEPTH {
                    message
                        .problems
                        .push("embedded messages nested too deep".to_string());
                    continue;
                }
                match self.read_message(&embedded.path, EMBEDDED_HEADER, depth + 1) {
                    Ok(inner) => attachment.embedded = Some(Box::new(inner)),
                    Err(error) => {
                        message
                            .problems
                            .push(format!("embedded message unreadable: {error}"));
                        continue;
                    }
                }
            }
            message.attachments.push(attachment);
        }
        Ok(message)
    }
}

/// The id and type of a `__substg1.0_PPPPTTTT` stream.
fn property_stream(name: &str) -> Option<(u16, u16)> {
    let hex = name.get(PROPERTY_PREFIX.len()..)?;
    if !name.starts_with(PROPERTY_PREFIX) || hex.len() != 8 {
        return None;
    }
    let id = u16::from_str_radix(hex.get(..4)?, 16).ok()?;
    let kind = u16::from_str_radix(hex.get(4..)?, 16).ok()?;
    Some((id, kind))
}

/// The fixed-size values of a `__properties_version1.0` stream.
fn read_fixed_properties(data: &[u8], header: usize, bag: &mut PropertyBag) {
    let entries = data.get(header..).unwrap_or_default();
    for entry in entries.chunks_exact(16) {
        let Some(tag_bytes) = entry.get(..4).and_then(|b| <[u8; 4]>::try_from(b).ok()) else {
            continue;
        };
        let Some(value) = entry.get(8..16).and_then(|b| <[u8; 8]>::try_from(b).ok()) else {
            continue;
        };
        let property = u32::from_le_bytes(tag_bytes);
        let id = (property >> 16) as u16;
        let [b0, b1, b2, b3, ..] = value;
        let value = match property & 0xFFFF {
            0x0002 => PropValue::Int(i64::from(i16::from_le_bytes([b0, b1]))),
            0x0003 => PropValue::Int(i64::from(i32::from_le_bytes([b0, b1, b2, b3]))),
            0x000B => PropValue::Int(i64::from(b0 != 0)),
            0x0014 => PropValue::Int(i64::from_le_bytes(value)),
            0x0040 => PropValue::Time(i64::from_le_bytes(value)),
            _ => continue,
        };
        bag.insert(id, value);
    }
}

#[cfg(test)]
mod tests;
