//! MAPI property ids and types: the vocabulary of Outlook `.msg` and `.pst`
//! files ([`crate::outlook`]) and of TNEF `winmail.dat` attachments, which
//! carry the same properties ([MS-OXPROPS]).
//!
//! [MS-OXPROPS]: https://learn.microsoft.com/openspecs/exchange_server_protocols/ms-oxprops

// Property ids (the high 16 bits of a property tag).
pub const SUBJECT: u16 = 0x0037;
pub const CLIENT_SUBMIT_TIME: u16 = 0x0039;
pub const SENT_REPRESENTING_NAME: u16 = 0x0042;
pub const SENT_REPRESENTING_ADDRTYPE: u16 = 0x0064;
pub const SENT_REPRESENTING_EMAIL: u16 = 0x0065;
pub const TRANSPORT_MESSAGE_HEADERS: u16 = 0x007D;
pub const RECIPIENT_TYPE: u16 = 0x0C15;
pub const SENDER_NAME: u16 = 0x0C1A;
pub const SENDER_ADDRTYPE: u16 = 0x0C1E;
pub const SENDER_EMAIL: u16 = 0x0C1F;
pub const MESSAGE_DELIVERY_TIME: u16 = 0x0E06;
pub const BODY: u16 = 0x1000;
pub const RTF_COMPRESSED: u16 = 0x1009;
pub const HTML: u16 = 0x1013;
pub const INTERNET_MESSAGE_ID: u16 = 0x1035;
pub const REFERENCES: u16 = 0x1039;
pub const IN_REPLY_TO: u16 = 0x1042;
pub const DISPLAY_NAME: u16 = 0x3001;
pub const ADDRTYPE: u16 = 0x3002;
pub const EMAIL_ADDRESS: u16 = 0x3003;
pub const ATTACH_DATA: u16 = 0x3701;
pub const ATTACH_FILENAME: u16 = 0x3704;
pub const ATTACH_METHOD: u16 = 0x3705;
pub const ATTACH_LONG_FILENAME: u16 = 0x3707;
pub const ATTACH_MIME_TAG: u16 = 0x370E;
pub const ATTACH_CONTENT_ID: u16 = 0x3712;
pub const SMTP_ADDRESS: u16 = 0x39FE;
pub const INTERNET_CPID: u16 = 0x3FDE;
pub const MESSAGE_CODEPAGE: u16 = 0x3FFD;
pub const SENDER_SMTP_ADDRESS: u16 = 0x5D01;
pub const SENT_REPRESENTING_SMTP_ADDRESS: u16 = 0x5D02;

/// `ATTACH_METHOD` of an embedded message.
pub const ATTACH_EMBEDDED_MESSAGE: i64 = 5;

// Property types (the low 16 bits of a property tag).
pub const PT_OBJECT: u16 = 0x000D;
pub const PT_STRING8: u16 = 0x001E;
pub const PT_UNICODE: u16 = 0x001F;
pub const PT_BINARY: u16 = 0x0102;
/// Set on the type of a multi-valued property.
pub const MV_FLAG: u16 = 0x1000;
