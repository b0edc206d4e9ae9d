//! Writes `tests/fixtures/documents/capybara.msg`, an Outlook `.msg` made
//! for Fouille's tests: a French note from Hélène Durand to Marc Petit with
//! one text attachment.
//!
//! Run with `cargo run -p fouille-extract --example make_msg_fixture`. The
//! output is the same byte for byte on every run (the storages' times are
//! the message's date).

use std::io::Write;
use std::path::Path;
use std::time::{Duration, SystemTime};

/// 2017-03-14T10:30:00Z in seconds since 1970.
const SENT: u64 = 1_489_487_400;

/// Property types.
const PT_LONG: u16 = 0x0003;
const PT_BOOLEAN: u16 = 0x000B;
const PT_UNICODE: u16 = 0x001F;
const PT_SYSTIME: u16 = 0x0040;
const PT_BINARY: u16 = 0x0102;

/// A property of one object: fixed-size values go in
/// `__properties_version1.0`, the others in their own stream.
enum Value {
    Long(u32),
    Boolean(bool),
    Time(u64),
    Unicode(&'static str),
    Binary(&'static [u8]),
}

type Properties = &'static [(u16, Value)];

const MESSAGE: Properties = &[
    (0x001A, Value::Unicode("IPM.Note")),
    (0x0037, Value::Unicode("Note sur le capybara")),
    (0x0039, Value::Time(SENT)),
    (0x0E06, Value::Time(SENT)),
    (0x0042, Value::Unicode("Hélène Durand")),
    (0x0064, Value::Unicode("SMTP")),
    (0x0065, Value::Unicode("helene.durand@exemple.fr")),
    (0x0C1A, Value::Unicode("Hélène Durand")),
    (0x0C1E, Value::Unicode("SMTP")),
    (0x0C1F, Value::Unicode("helene.durand@exemple.fr")),
    (0x0E04, Value::Unicode("Marc Petit")),
    (0x0E07, Value::Long(0x0000_0011)),
    (0x0E1B, Value::Boolean(true)),
    (
        0x1000,
        Value::Unicode(
            "Bonjour Marc,\r\n\r\nLe capybara est arrivé à la préfecture ce matin.\r\n\
             Voir l'annexe.\r\n\r\nHélène\r\n",
        ),
    ),
    (0x1035, Value::Unicode("<capybara.20170314@exemple.fr>")),
    (0x3FFD, Value::Long(65001)),
];

const RECIPIENT: Properties = &[
    (0x0C15, Value::Long(1)),
    (0x3000, Value::Long(0)),
    (0x3001, Value::Unicode("Marc Petit")),
    (0x3002, Value::Unicode("SMTP")),
    (0x3003, Value::Unicode("marc.petit@exemple.fr")),
    (0x39FE, Value::Unicode("marc.petit@exemple.fr")),
];

const ATTACHMENT: Properties = &[
    (0x0E20, Value::Long(16)),
    (0x3701, Value::Binary(b"tapir clandestin")),
    (0x3703, Value::Unicode(".txt")),
    (0x3704, Value::Unicode("annexe~1.txt")),
    (0x3705, Value::Long(1)),
    (0x3707, Value::Unicode("annexe-capybara.txt")),
    (0x370E, Value::Unicode("text/plain")),
    (0x0E21, Value::Long(0)),
];

fn filetime(unix_seconds: u64) -> u64 {
    (unix_seconds + 11_644_473_600) * 10_000_000
}

fn utf16(text: &str) -> Vec<u8> {
    text.encode_utf16()
        .chain([0])
        .flat_map(u16::to_le_bytes)
        .collect()
}

/// Writes the streams of one object under `storage`; `header` is the
/// header of its `__properties_version1.0`.
fn write_object<F: std::io::Read + Write + std::io::Seek>(
    file: &mut cfb::CompoundFile<F>,
    storage: &str,
    header: &[u8],
    properties: Properties,
) -> std::io::Result<()> {
    let mut table = header.to_vec();
    for (id, value) in properties {
        let (kind, fixed, stream): (u16, [u8; 8], Option<Vec<u8>>) = match value {
            Value::Long(n) => (PT_LONG, u64::from(*n).to_le_bytes(), None),
            Value::Boolean(b) => (PT_BOOLEAN, u64::from(*b).to_le_bytes(), None),
            Value::Time(t) => (PT_SYSTIME, filetime(*t).to_le_bytes(), None),
            Value::Unicode(text) => {
                let bytes = utf16(text);
                let size = u64::try_from(bytes.len()).unwrap_or(u64::MAX);
                (PT_UNICODE, size.to_le_bytes(), Some(bytes))
            }
            Value::Binary(bytes) => {
                let size = u64::try_from(bytes.len()).unwrap_or(u64::MAX);
                (PT_BINARY, size.to_le_bytes(), Some(bytes.to_vec()))
            }
        };
        let tag = (u32::from(*id) << 16) | u32::from(kind);
        table.extend_from_slice(&tag.to_le_bytes());
        // PROPATTR_READABLE | PROPATTR_WRITABLE.
        table.extend_from_slice(&6u32.to_le_bytes());
        table.extend_from_slice(&fixed);
        if let Some(bytes) = stream {
            let name = format!("{storage}/__substg1.0_{id:04X}{kind:04X}");
            let mut stream = file.create_stream(&name)?;
            // Strings are stored without their terminating NUL.
            let bytes = if kind == PT_UNICODE {
                &bytes[..bytes.len() - 2]
            } else {
                &bytes[..]
            };
            stream.write_all(bytes)?;
        }
    }
    let mut stream = file.create_stream(format!("{storage}/__properties_version1.0"))?;
    stream.write_all(&table)?;
    Ok(())
}

fn main() -> std::io::Result<()> {
    let out = Path::new(env!("CARGO_MANIFEST_DIR")).join("../tests/fixtures/documents");
    std::fs::create_dir_all(&out)?;
    let path = out.join("capybara.msg");
    let mut file = cfb::create(&path)?;

    // Message header: 8 reserved bytes, next recipient id, next attachment
    // id, recipient count, attachment count, 8 reserved bytes.
    let mut header = vec![0u8; 8];
    for n in [1u32, 1, 1, 1] {
        header.extend_from_slice(&n.to_le_bytes());
    }
    header.extend_from_slice(&[0u8; 8]);
    write_object(&mut file, "", &header, MESSAGE)?;

    let recipient = "/__recip_version1.0_#00000000";
    file.create_storage(recipient)?;
    write_object(&mut file, recipient, &[0u8; 8], RECIPIENT)?;

    let attachment = "/__attach_version1.0_#00000000";
    file.create_storage(attachment)?;
    write_object(&mut file, attachment, &[0u8; 8], ATTACHMENT)?;

    // The named-property map Outlook expects, empty.
    let names = "/__nameid_version1.0";
    file.create_storage(names)?;
    for stream in ["00020102", "00030102", "00040102"] {
        file.create_stream(format!("{names}/__substg1.0_{stream}"))?;
    }

    let time = SystemTime::UNIX_EPOCH + Duration::from_secs(SENT);
    for storage in ["/", recipient, attachment, names] {
        file.set_created_time(storage, time)?;
        file.set_modified_time(storage, time)?;
    }
    file.flush()?;
    println!("wrote {}", path.display());
    Ok(())
}
