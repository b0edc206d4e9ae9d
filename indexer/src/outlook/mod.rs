//! Outlook files: `.msg` messages and `.pst` mailboxes, turned into RFC 822
//! messages so the rest of the pipeline treats them like any other mail.

mod msg;
mod pst;

pub use msg::msg_to_eml;
pub use pst::{PstItem, PstSummary, read_pst};
