//! Outlook files: `.msg` messages and `.pst` mailboxes, turned into RFC 822
//! messages so the rest of the pipeline treats them like any other mail.
//!
//! Both readers fill the same MAPI model ([`mapi::MapiMessage`]: a property
//! bag, recipients, attachments, embedded messages) and write it with one
//! RFC 822 writer, so a message reads the same whichever file it came from.

mod lzfu;
mod mapi;
mod mime;
mod msg;
mod pst;

pub(crate) use lzfu::decompress_rtf;
pub use msg::msg_to_eml;
pub use pst::{PstItem, PstSummary, read_pst};
