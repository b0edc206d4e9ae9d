//! Tar and gzip (a gzipped tar included): streamed formats, whose members
//! are only known by reading them.

use std::cell::Cell;
use std::io::{self, Cursor, Read};
use std::rc::Rc;

use super::{Admission, Members, member_name};
use crate::{ExtractError, Extraction, Limits};

/// Reads tar members from `reader` into `members`; Err describes damage
/// that stopped the reading.
pub(super) fn read_tar(reader: impl Read, members: &mut Members<'_>) -> Result<(), String> {
    let mut archive = tar::Archive::new(reader);
    let entries = archive.entries().map_err(|error| error.to_string())?;
    for entry in entries {
        if members.stopped() {
            members.rest_not_read();
            break;
        }
        let mut entry = entry.map_err(|error| error.to_string())?;
        let kind = entry.header().entry_type();
        // Directories, links, devices: nothing to read.
        if !(kind.is_file() || kind.is_contiguous() || kind.is_gnu_sparse()) {
            continue;
        }
        let name = member_name(&String::from_utf8_lossy(&entry.path_bytes()));
        let declared = entry.size();
        match members.admit(&name, Some(declared), None) {
            Admission::Read(limit) => members.read(&name, &mut entry, limit),
            // The tar reader still unpacks what it steps over.
            Admission::Skip => members.count_unpacked(declared),
        }
    }
    Ok(())
}

/// A reader that counts what it gives and fails past `cap` bytes: the
/// decompressed stream of a .tar.gz, whose members are stepped over by
/// reading them.
struct Metered<R> {
    inner: R,
    count: Rc<Cell<u64>>,
    cap: u64,
}

impl<R: Read> Read for Metered<R> {
    fn read(&mut self, buf: &mut [u8]) -> io::Result<usize> {
        if self.count.get() > self.cap {
            return Err(io::Error::other("unpacked size over the limit"));
        }
        let read = self.inner.read(buf)?;
        self.count.set(self.count.get() + read as u64);
        Ok(read)
    }
}

/// The member of a gzip file (or the members of a gzipped tar).
pub(super) fn read_gzip(
    bytes: &[u8],
    name: &str,
    limits: &Limits,
) -> Result<Extraction, ExtractError> {
    let mut members = Members::new(limits, bytes.len() as u64);
    let count = Rc::new(Cell::new(0));
    let cap = limits
        .max_unpacked_bytes
        .min(limits.ratio_cap(bytes.len() as u64));
    let mut stream = Metered {
        inner: flate2::read::MultiGzDecoder::new(bytes),
        count: Rc::clone(&count),
        cap,
    };
    let mut head = Vec::new();
    if let Err(error) = (&mut stream).take(512).read_to_end(&mut head)
        && head.is_empty()
    {
        return Err(ExtractError::corrupt("gzip", error));
    }
    let stored_name = stream
        .inner
        .header()
        .and_then(|header| header.filename())
        .map(|filename| String::from_utf8_lossy(filename).into_owned());
    let is_tar = looks_like_tar(&head);
    let mut reader = Cursor::new(head).chain(stream);
    if is_tar {
        if let Err(damage) = read_tar(&mut reader, &mut members) {
            if count.get() > cap {
                let reason = if cap == limits.max_unpacked_bytes {
                    members.total_reason()
                } else {
                    format!("archive compression ratio over {}:1", limits.max_ratio)
                };
                members.stop.get_or_insert(reason);
                members.rest_not_read();
            } else if members.extraction.entries.is_empty() {
                return Err(ExtractError::corrupt("gzip", damage));
            } else {
                members.damaged(&damage);
            }
        }
        return Ok(members.finish());
    }
    let member = gunzipped_name(name, stored_name.as_deref());
    let Admission::Read(limit) = members.admit(&member, None, Some(bytes.len() as u64)) else {
        return Ok(members.finish());
    };
    // A cut-short gzip keeps what it gave before the damage.
    let mut data = Vec::new();
    let result = (&mut reader)
        .take(limit.saturating_add(1))
        .read_to_end(&mut data);
    match result {
        Err(error) if data.is_empty() => return Err(ExtractError::corrupt("gzip", error)),
        Err(error) if count.get() <= cap => members.damaged(&error.to_string()),
        _ => {}
    }
    members.read(&member, &mut Cursor::new(data), limit);
    Ok(members.finish())
}

/// True when `head` is a tar header block (its checksum adds up).
fn looks_like_tar(head: &[u8]) -> bool {
    if head.len() < 512 || head[..512].iter().all(|&byte| byte == 0) {
        return false;
    }
    let field = &head[148..156];
    let digits: String = field
        .iter()
        .take_while(|&&byte| byte != 0 && byte != b' ')
        .map(|&byte| byte as char)
        .skip_while(|&digit| digit == ' ')
        .collect();
    let Ok(stored) = u32::from_str_radix(digits.trim(), 8) else {
        return false;
    };
    let sum: u32 = head[..512]
        .iter()
        .enumerate()
        .map(|(index, &byte)| {
            if (148..156).contains(&index) {
                u32::from(b' ')
            } else {
                u32::from(byte)
            }
        })
        .sum();
    sum == stored
}

/// The name of the file inside a .gz: the archive's name less `.gz`
/// (`.tgz` gives `.tar`), else the name stored in the gzip header, else the
/// archive's name.
fn gunzipped_name(name: &str, stored: Option<&str>) -> String {
    let lower = name.to_ascii_lowercase();
    if lower.ends_with(".gz") && name.len() > 3 {
        return name[..name.len() - 3].to_string();
    }
    if lower.ends_with(".tgz") {
        return format!("{}.tar", &name[..name.len() - 4]);
    }
    match stored {
        Some(stored) if !member_name(stored).is_empty() => member_name(stored),
        _ => name.to_string(),
    }
}
