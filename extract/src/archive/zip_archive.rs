//! Zip archives: read through the central directory, or as a stream of
//! local headers when the directory is damaged.

use std::io::Cursor;

use super::{Admission, Members, member_name};
use crate::{ExtractError, Extraction, Limits};

/// The members of a zip archive, within the limits.
pub(super) fn read_zip(bytes: &[u8], limits: &Limits) -> Result<Extraction, ExtractError> {
    let mut members = Members::new(limits, bytes.len() as u64);
    let mut archive = match zip::ZipArchive::new(Cursor::new(bytes)) {
        Ok(archive) => archive,
        Err(error) => return read_zip_stream(bytes, &error.to_string(), members),
    };
    for index in 0..archive.len() {
        let (name, is_dir, encrypted, declared, packed) = match archive.by_index_data(index) {
            Ok(entry) => {
                let name = match entry.name() {
                    Ok(name) => name.into_owned(),
                    Err(_) => String::from_utf8_lossy(entry.name_raw()).into_owned(),
                };
                (
                    member_name(&name),
                    entry.is_dir(),
                    entry.encrypted(),
                    entry.size(),
                    entry.compressed_size(),
                )
            }
            Err(error) => {
                members.damaged(&error.to_string());
                continue;
            }
        };
        if is_dir {
            continue;
        }
        if encrypted && !members.stopped() {
            members.seen += 1;
            members.extraction.encrypted = true;
            members.skip(&name, "encrypted");
            continue;
        }
        let Admission::Read(limit) = members.admit(&name, Some(declared), Some(packed)) else {
            continue;
        };
        match archive.by_index(index) {
            Ok(mut file) => members.read(&name, &mut file, limit),
            // An unsupported compression method, or a bad local header.
            Err(error) => members.skip(&name, format!("unreadable: {error}")),
        }
    }
    Ok(members.finish())
}

/// Reads a zip whose central directory is missing or damaged from its
/// local headers, front to back, as far as they go.
fn read_zip_stream(
    bytes: &[u8],
    damage: &str,
    mut members: Members<'_>,
) -> Result<Extraction, ExtractError> {
    let mut cursor = Cursor::new(bytes);
    let mut stream_damage = None;
    while !members.stopped() {
        let mut file = match zip::read::read_zipfile_from_stream(&mut cursor) {
            Ok(Some(file)) => file,
            Ok(None) => break,
            Err(error) => {
                stream_damage = Some(error.to_string());
                break;
            }
        };
        let name = match file.name() {
            Ok(name) => member_name(&name),
            Err(_) => member_name(&String::from_utf8_lossy(file.name_raw())),
        };
        if file.is_dir() {
            continue;
        }
        if file.encrypted() {
            members.seen += 1;
            members.extraction.encrypted = true;
            members.skip(&name, "encrypted");
            // Its data cannot be stepped over without knowing its length;
            // the stream reader does that for us when the size is known.
            continue;
        }
        let packed = file.compressed_size();
        let declared = Some(file.size()).filter(|&size| size > 0);
        let packed = Some(packed).filter(|&packed| packed > 0);
        let Admission::Read(limit) = members.admit(&name, declared, packed) else {
            continue;
        };
        let before = members.extraction.skipped.len();
        members.read(&name, &mut file, limit);
        // After a damaged member the stream position means nothing.
        if members.extraction.skipped.len() > before {
            break;
        }
    }
    members.rest_not_read();
    if members.extraction.entries.is_empty() {
        let damage = stream_damage.as_deref().unwrap_or(damage);
        return Err(ExtractError::corrupt("zip", damage));
    }
    members.damaged(damage);
    Ok(members.finish())
}
