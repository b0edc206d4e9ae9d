//! Where messages come from: walking the input paths, recognising each file
//! by its content, and splitting mailbox files into messages.

mod emlx;
mod mbox;
mod sniff;
mod walk;

pub use emlx::emlx_message;
pub use mbox::{MboxEntry, MboxSplitter};
pub use sniff::{FileKind, sniff};
pub use walk::{InputFile, WalkFailure, discover};
