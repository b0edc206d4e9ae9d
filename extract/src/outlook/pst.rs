//! Outlook `.pst` mailboxes: every message of every folder, as RFC 822.
//!
//! Read with Microsoft's `outlook-pst` crate (Unicode and ANSI files). The
//! folders are walked from the root; a folder's path is the names from the
//! IPM subtree down (`Inbox/Projets`), the root and the IPM subtree ("Top of
//! Personal Folders") themselves left out. Each message of a folder's
//! contents table is read with its recipients and attachments and written
//! by the same writer as `.msg` files. A message that cannot be read is
//! reported as [`PstItem::Failed`] and the walk goes on.
//!
//! Limits of the crate's public API: the attachments of an embedded message
//! cannot be opened (only the top-level message's can), so an embedded
//! message keeps its properties, recipients and body but not its own
//! attachments; this is recorded in an `X-Fouille-Conversion-Problem` header.

use std::collections::HashSet;
use std::io;
use std::panic::{AssertUnwindSafe, catch_unwind};
use std::path::Path;
use std::rc::Rc;

use outlook_pst::ltp::prop_context::PropertyValue;
use outlook_pst::ltp::table_context::TableContext;
use outlook_pst::messaging::attachment::{
    AnsiAttachment, Attachment, AttachmentData, UnicodeAttachment,
};
use outlook_pst::messaging::message::{AnsiMessage, Message, UnicodeMessage};
use outlook_pst::messaging::store::{AnsiStore, EntryId, Store, UnicodeStore};
use outlook_pst::ndb::node_id::{NID_ROOT_FOLDER, NodeId, NodeIdType};
use outlook_pst::{AnsiPstFile, UnicodePstFile};
use serde::{Deserialize, Serialize};

use super::mapi::{self, MapiAttachment, MapiMessage, PropValue, PropertyBag, Source, tag};
use crate::codepage::decode_utf16_units;
use crate::{ExtractError, Limits};

/// `PR_CONTENT_COUNT`: the messages a folder declares.
const CONTENT_COUNT: u16 = 0x3602;

/// Folders nested deeper than this are not walked (a damaged hierarchy).
const MAX_FOLDER_DEPTH: usize = 64;

/// One item found while reading a PST.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub enum PstItem {
    /// A message, converted to RFC 822.
    Message {
        /// Its folder path (`Inbox/Projets`).
        folder: String,
        /// The message.
        #[serde(with = "serde_bytes")]
        eml: Vec<u8>,
    },
    /// A message that could not be read.
    Failed {
        /// Its folder path.
        folder: String,
        /// Why.
        reason: String,
    },
}

/// What a PST declared and what was found in it.
#[derive(Debug, Clone, Default, PartialEq, Eq, Serialize, Deserialize)]
pub struct PstSummary {
    /// Messages the folders declare (their content counts, summed).
    pub declared: u64,
    /// Messages read (passed to the callback as `Message`).
    pub found: u64,
    /// Messages that failed (passed as `Failed`).
    pub failed: u64,
}

/// Reads every message of the PST at `path`, calling `on_item` for each;
/// stops early when `on_item` returns false.
pub fn read_pst(
    path: &Path,
    limits: &Limits,
    on_item: &mut dyn FnMut(PstItem) -> bool,
) -> Result<PstSummary, ExtractError> {
    let store = catch_unwind(|| PstStore::open(path))
        .map_err(|_| ExtractError::corrupt("pst", "the pst reader panicked opening the file"))?
        .map_err(|e| ExtractError::corrupt("pst", e))?;
    let mut walk = Walk {
        store,
        limits,
        on_item,
        summary: PstSummary::default(),
        visited: HashSet::new(),
        stopped: false,
    };
    walk.folder(NID_ROOT_FOLDER, "", 0)?;
    Ok(walk.summary)
}

/// An open PST: the crate's types differ for Unicode and ANSI files, and
/// attachments are only opened through the concrete message type.
enum PstStore {
    Unicode(Rc<UnicodeStore>),
    Ansi(Rc<AnsiStore>),
}

impl PstStore {
    fn open(path: &Path) -> io::Result<PstStore> {
        match UnicodePstFile::open(path) {
            Ok(file) => Ok(PstStore::Unicode(UnicodeStore::read(Rc::new(file))?)),
            Err(unicode_error) => match AnsiPstFile::open(path) {
                Ok(file) => Ok(PstStore::Ansi(AnsiStore::read(Rc::new(file))?)),
                // Report why the Unicode reading failed: most files are.
                Err(_) => Err(unicode_error),
            },
        }
    }

    fn store(&self) -> Rc<dyn Store> {
        match self {
            PstStore::Unicode(store) => store.clone(),
            PstStore::Ansi(store) => store.clone(),
        }
    }

    /// The message at `entry_id` with its recipients and attachments.
    fn read_message(&self, entry_id: &EntryId) -> io::Result<MapiMessage> {
        match self {
            PstStore::Unicode(store) => {
                let message = UnicodeMessage::read(store.clone(), entry_id, None)?;
                let attachments = attachment_nodes(message.as_ref())
                    .into_iter()
                    .map(|node| {
                        UnicodeAttachment::read(message.clone(), node, None)
                            .map(|a| a as Rc<dyn Attachment>)
                    })
                    .collect();
                Ok(convert_message(message.as_ref(), attachments, 0))
            }
            PstStore::Ansi(store) => {
                let message = AnsiMessage::read(store.clone(), entry_id, None)?;
                let attachments = attachment_nodes(message.as_ref())
                    .into_iter()
                    .map(|node| {
                        AnsiAttachment::read(message.clone(), node, None)
                            .map(|a| a as Rc<dyn Attachment>)
                    })
                    .collect();
                Ok(convert_message(message.as_ref(), attachments, 0))
            }
        }
    }
}

struct Walk<'a> {
    store: PstStore,
    limits: &'a Limits,
    on_item: &'a mut dyn FnMut(PstItem) -> bool,
    summary: PstSummary,
    visited: HashSet<u32>,
    stopped: bool,
}

impl Walk<'_> {
    /// Reads the folder `node` (shown as `path`) and the folders below it.
    fn folder(&mut self, node: NodeId, path: &str, depth: usize) -> Result<(), ExtractError> {
        if self.stopped || depth > MAX_FOLDER_DEPTH || !self.visited.insert(u32::from(node)) {
            return Ok(());
        }
        let store = self.store.store();
        let opened = catch_unwind(AssertUnwindSafe(|| {
            let entry_id = store.properties().make_entry_id(node)?;
            store.open_folder(&entry_id)
        }));
        let folder = match opened {
            Ok(Ok(folder)) => folder,
            Ok(Err(error)) if node == NID_ROOT_FOLDER => {
                return Err(ExtractError::corrupt("pst", error));
            }
            // A damaged folder below the root: its messages are lost, the
            // other folders are read.
            Ok(Err(error)) => {
                tracing::warn!(folder = path, %error, "pst folder unreadable");
                return Ok(());
            }
            Err(_) => {
                return Err(ExtractError::corrupt("pst", "the pst reader panicked"));
            }
        };

        if let Some(contents) = folder.contents_table() {
            let rows: Vec<u32> = contents
                .rows_matrix()
                .map(|row| u32::from(row.id()))
                .collect();
            let declared = match folder.properties().get(CONTENT_COUNT) {
                Some(PropertyValue::Integer32(count)) => u64::try_from(*count).unwrap_or(0),
                _ => rows.len() as u64,
            };
            self.summary.declared += declared;
            for row in rows {
                self.message(NodeId::from(row), path);
                if self.stopped {
                    return Ok(());
                }
            }
        }

        let ipm_subtree = store
            .properties()
            .ipm_sub_tree_entry_id()
            .ok()
            .map(|entry| entry.node_id());
        let children: Vec<NodeId> = folder
            .hierarchy_table()
            .map(|table| {
                table
                    .rows_matrix()
                    .map(|row| NodeId::from(u32::from(row.id())))
                    .collect()
            })
            .unwrap_or_default();
        for child in children {
            // Search folders show messages that live in other folders.
            if child.id_type().ok() == Some(NodeIdType::SearchFolder) {
                continue;
            }
            let child_path = if Some(child) == ipm_subtree {
                path.to_string()
            } else {
                let name = folder_name(&store, child);
                if path.is_empty() {
                    name
                } else {
                    format!("{path}/{name}")
                }
            };
            self.folder(child, &child_path, depth + 1)?;
            if self.stopped {
                break;
            }
        }
        Ok(())
    }

    fn message(&mut self, node: NodeId, folder: &str) {
        let store = &self.store;
        let read = catch_unwind(AssertUnwindSafe(|| {
            let entry_id = store.store().properties().make_entry_id(node)?;
            store.read_message(&entry_id)
        }));
        let item = match read {
            Ok(Ok(message)) => {
                let eml = mapi::write_eml(&message, Source::Pst);
                if eml.len() as u64 > self.limits.max_document_bytes {
                    PstItem::Failed {
                        folder: folder.to_string(),
                        reason: format!(
                            "message of {} bytes, larger than {}",
                            eml.len(),
                            self.limits.max_document_bytes
                        ),
                    }
                } else {
                    PstItem::Message {
                        folder: folder.to_string(),
                        eml,
                    }
                }
            }
            Ok(Err(error)) => PstItem::Failed {
                folder: folder.to_string(),
                reason: format!("unreadable message: {error}"),
            },
            Err(_) => PstItem::Failed {
                folder: folder.to_string(),
                reason: "the pst reader panicked on this message".to_string(),
            },
        };
        match item {
            PstItem::Message { .. } => self.summary.found += 1,
            PstItem::Failed { .. } => self.summary.failed += 1,
        }
        if !(self.on_item)(item) {
            self.stopped = true;
        }
    }
}

/// The display name of the folder `node`, or its node id when unreadable.
fn folder_name(store: &Rc<dyn Store>, node: NodeId) -> String {
    let name = catch_unwind(AssertUnwindSafe(|| {
        let entry_id = store.properties().make_entry_id(node).ok()?;
        let folder = store.open_folder(&entry_id).ok()?;
        folder.properties().display_name().ok()
    }))
    .ok()
    .flatten()
    .map(|name| mapi_text(&name))
    .filter(|name| !name.trim().is_empty());
    name.unwrap_or_else(|| format!("folder-{:x}", u32::from(node)))
}

/// Folder names as written in paths: one line.
fn mapi_text(name: &str) -> String {
    name.chars()
        .map(|c| if c.is_control() { ' ' } else { c })
        .collect::<String>()
        .trim()
        .to_string()
}

/// The node ids of a message's attachments (the rows of its attachment
/// table).
fn attachment_nodes(message: &dyn Message) -> Vec<NodeId> {
    message
        .attachment_table()
        .map(|table| {
            table
                .rows_matrix()
                .map(|row| NodeId::from(u32::from(row.id())))
                .collect()
        })
        .unwrap_or_default()
}

/// A property bag from the crate's values; 8-bit strings decoded in the
/// object's code page.
fn property_bag(properties: &[(u16, &PropertyValue)], code_page: Option<i64>) -> PropertyBag {
    let mut bag = PropertyBag::default();
    let own_code_page = properties
        .iter()
        .find_map(|&(id, value)| match (id, value) {
            (tag::MESSAGE_CODEPAGE | tag::INTERNET_CPID, PropertyValue::Integer32(cp)) => {
                Some(i64::from(*cp))
            }
            _ => None,
        })
        .or(code_page);
    for &(id, value) in properties {
        if let Some(value) = prop_value(value, own_code_page) {
            bag.insert(id, value);
        }
    }
    bag
}

fn prop_value(value: &PropertyValue, code_page: Option<i64>) -> Option<PropValue> {
    Some(match value {
        PropertyValue::Integer16(n) => PropValue::Int(i64::from(*n)),
        PropertyValue::Integer32(n) => PropValue::Int(i64::from(*n)),
        PropertyValue::Integer64(n) => PropValue::Int(*n),
        PropertyValue::Boolean(b) => PropValue::Int(i64::from(*b)),
        PropertyValue::Time(t) => PropValue::Time(*t),
        PropertyValue::String8(s) => PropValue::Text(mapi::decode_8bit(s.buffer(), code_page)),
        PropertyValue::Unicode(s) => PropValue::Text(decode_utf16_units(s.buffer())),
        PropertyValue::Binary(b) => PropValue::Binary(b.buffer().to_vec()),
        _ => return None,
    })
}

/// The rows of a recipient table as property bags.
fn recipients(table: &dyn TableContext, code_page: Option<i64>) -> Vec<PropertyBag> {
    let context = table.context();
    let mut out = Vec::new();
    for row in table.rows_matrix() {
        let Ok(values) = row.columns(context) else {
            continue;
        };
        let mut read = Vec::new();
        for (column, value) in context.columns().iter().zip(values) {
            let Some(value) = value else { continue };
            if let Ok(value) = table.read_column(&value, column.prop_type()) {
                read.push((column.prop_id(), value));
            }
        }
        let read: Vec<(u16, &PropertyValue)> = read.iter().map(|(id, v)| (*id, v)).collect();
        out.push(property_bag(&read, code_page));
    }
    out
}

/// A message of the crate as the writer's model. `attachments` are the
/// opened attachments (only top-level messages can have them opened).
fn convert_message(
    message: &dyn Message,
    attachments: Vec<io::Result<Rc<dyn Attachment>>>,
    depth: u32,
) -> MapiMessage {
    let properties: Vec<(u16, &PropertyValue)> = message
        .properties()
        .iter()
        .map(|(id, v)| (*id, v))
        .collect();
    let properties = property_bag(&properties, None);
    let code_page = properties.code_page();
    let mut converted = MapiMessage {
        recipients: message
            .recipient_table()
            .map(|table| recipients(table.as_ref(), code_page))
            .unwrap_or_default(),
        properties,
        ..MapiMessage::default()
    };
    for attachment in attachments {
        let attachment = match attachment {
            Ok(attachment) => attachment,
            Err(error) => {
                converted
                    .problems
                    .push(format!("attachment unreadable: {error}"));
                continue;
            }
        };
        let properties: Vec<(u16, &PropertyValue)> = attachment
            .properties()
            .iter()
            .map(|(id, v)| (*id, v))
            .collect();
        let properties = property_bag(&properties, code_page);
        let mut item = MapiAttachment {
            properties,
            embedded: None,
        };
        match attachment.data() {
            Some(AttachmentData::Message(inner)) => {
                if depth + 1 > mapi::MAX_DEPTH {
                    converted
                        .problems
                        .push("embedded messages nested too deep".to_string());
                    continue;
                }
                let mut inner_message = convert_message(inner.as_ref(), Vec::new(), depth + 1);
                if !attachment_nodes(inner.as_ref()).is_empty() {
                    inner_message.problems.push(
                        "attachments of a message embedded in a pst message are not read"
                            .to_string(),
                    );
                }
                item.embedded = Some(Box::new(inner_message));
            }
            Some(AttachmentData::Binary(data)) => {
                if item.properties.int(tag::ATTACH_METHOD) == Some(6) {
                    converted
                        .problems
                        .push("ole object attachment not extracted".to_string());
                    continue;
                }
                item.properties
                    .insert(tag::ATTACH_DATA, PropValue::Binary(data.buffer().to_vec()));
            }
            None => {}
        }
        converted.attachments.push(item);
    }
    converted
}

#[cfg(test)]
mod tests;
