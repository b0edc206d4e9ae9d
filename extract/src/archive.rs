//! Archives (zip, tar, gzip, 7z): their members, for the caller to extract in turn, within the zip-bomb limits.
//!
//! Every member is read through `Read::take(limit + 1)`, so a header that
//! lies about a member's size cannot make us allocate more than the limit;
//! the size actually read is what the limits are checked against. The
//! limits ([`Limits`]):
//!
//! - at most `max_entries` members; the rest are skipped ("more than N
//!   members");
//! - a member larger than `max_document_bytes` (declared or read) is skipped;
//! - a member that unpacks to more than 1 MiB at a ratio (unpacked over
//!   packed) above `max_ratio` is skipped, unread when its declared size
//!   tells, else once that much is read; where the format gives no packed
//!   size per member (tar.gz, 7z) the whole archive's size stands for it.
//!   Small members are not held to the ratio: a few kilobytes of repetitive
//!   text compress very well;
//! - once more than `max_unpacked_bytes` are unpacked, or more than 1 MiB at
//!   an archive-wide ratio above `max_ratio`, the rest is skipped.
//!
//! Encrypted members are skipped ("encrypted") and the archive marked
//! [`Extraction::encrypted`]; a 7z whose headers are encrypted gives no
//! names at all. A damaged archive gives what could be read and a note of
//! the damage, or [`ExtractError::Corrupt`] when no member could be read (a
//! zip without a readable central directory is read from its local headers).
//! A .gz that does not hold a tar gives one member named after the archive
//! less `.gz`.
//!
//! Members that are not read are listed in [`Extraction::skipped`] with a
//! short reason. Problems of the archive as a whole (damage, the rest not
//! read) are listed with an empty name. Members' names are kept as the
//! archive gives them, less any leading `/`, `./` or `../`: they are names
//! for the index, never paths written to disk. Directories are not members.
//! The text of an archive is its members' names, one per line, so that a
//! search for a file name finds the archive that holds it.
//!
//! Nested archives are returned as members like any other: the caller
//! recurses, with its depth limit.

use std::cell::Cell;
use std::io::{self, Cursor, Read};
use std::panic::{AssertUnwindSafe, catch_unwind};
use std::rc::Rc;

use crate::limits::RATIO_FLOOR;
use crate::{Entry, ExtractError, Extraction, Limits, Skipped, truncate_text};

/// Memory that the 7z decoder may use for its dictionaries and headers.
const SEVEN_Z_MEMORY_KB: usize = 256 * 1024;

/// The members of a zip.
pub fn extract_zip(bytes: &[u8], limits: &Limits) -> Result<Extraction, ExtractError> {
    guarded("zip", || read_zip(bytes, limits))
}

/// The members of a tar.
pub fn extract_tar(bytes: &[u8], limits: &Limits) -> Result<Extraction, ExtractError> {
    guarded("tar", || {
        let mut members = Members::new(limits, bytes.len() as u64);
        if let Err(damage) = read_tar(bytes, &mut members) {
            if members.extraction.entries.is_empty() {
                return Err(ExtractError::corrupt("tar", damage));
            }
            members.damaged(&damage);
        }
        Ok(members.finish())
    })
}

/// The members of a .tar.gz, or the one file of a .gz.
pub fn extract_gzip(bytes: &[u8], name: &str, limits: &Limits) -> Result<Extraction, ExtractError> {
    guarded("gzip", || read_gzip(bytes, name, limits))
}

/// The members of a 7z.
pub fn extract_7z(bytes: &[u8], limits: &Limits) -> Result<Extraction, ExtractError> {
    guarded("7z", || read_7z(bytes, limits))
}

/// Runs `read`, turning a panic of an archive library into
/// [`ExtractError::Corrupt`].
fn guarded(
    format: &str,
    read: impl FnOnce() -> Result<Extraction, ExtractError>,
) -> Result<Extraction, ExtractError> {
    match catch_unwind(AssertUnwindSafe(read)) {
        Ok(result) => result,
        Err(_) => Err(ExtractError::corrupt(format, "the archive reader gave up")),
    }
}

/// The members read so far, the limits they are held to, and what was
/// skipped.
struct Members<'a> {
    limits: &'a Limits,
    /// Size of the archive itself, for the archive-wide ratio.
    archive_len: u64,
    extraction: Extraction,
    /// Member names, for the text.
    names: Vec<String>,
    /// Members met so far (directories excepted).
    seen: usize,
    /// Bytes unpacked so far, members skipped on the way included.
    unpacked: u64,
    /// Skipped members not listed, past the listing cap.
    unlisted: usize,
    /// Why the rest of the archive is not read, once it is not.
    stop: Option<String>,
}

/// What to do with a member.
enum Admission {
    /// Read it, at most this many bytes.
    Read(u64),
    /// Do not read it (already recorded as skipped).
    Skip,
}

impl<'a> Members<'a> {
    fn new(limits: &'a Limits, archive_len: u64) -> Members<'a> {
        Members {
            limits,
            archive_len: archive_len.max(1),
            extraction: Extraction::default(),
            names: Vec::new(),
            seen: 0,
            unpacked: 0,
            unlisted: 0,
            stop: None,
        }
    }

    /// True once the rest of the archive is not to be read.
    fn stopped(&self) -> bool {
        self.stop.is_some()
    }

    /// Records a member that is not read. The list is capped like the
    /// members themselves; past that, skipped members are only counted.
    fn skip(&mut self, name: &str, reason: impl Into<String>) {
        if self.extraction.skipped.len() >= self.limits.max_entries.max(1) {
            self.unlisted += 1;
            return;
        }
        self.names.push(name.to_string());
        self.extraction.skipped.push(Skipped {
            name: name.to_string(),
            reason: reason.into(),
        });
    }

    /// Records damage to the archive as a whole.
    fn damaged(&mut self, damage: &str) {
        self.extraction.skipped.push(Skipped {
            name: String::new(),
            reason: format!("damaged archive: {damage}"),
        });
    }

    /// Records that the rest of a streamed archive (whose names are not
    /// known without reading it) was not read.
    fn rest_not_read(&mut self) {
        if let Some(reason) = &self.stop {
            let reason = format!("{reason}; the rest not read");
            self.extraction.skipped.push(Skipped {
                name: String::new(),
                reason,
            });
        }
    }

    /// The largest member size `max_ratio` allows for `packed` bytes.
    fn ratio_cap(&self, packed: u64) -> u64 {
        self.limits.ratio_cap(packed)
    }

    /// Decides whether to read a member named `name` that declares
    /// `declared` bytes, packed in `packed` bytes when the format says.
    fn admit(&mut self, name: &str, declared: Option<u64>, packed: Option<u64>) -> Admission {
        if let Some(reason) = &self.stop {
            let reason = reason.clone();
            self.skip(name, reason);
            return Admission::Skip;
        }
        self.seen += 1;
        if self.seen > self.limits.max_entries {
            let reason = format!("more than {} members", self.limits.max_entries);
            self.stop = Some(reason.clone());
            self.skip(name, reason);
            return Admission::Skip;
        }
        let max_document = self.limits.max_document_bytes;
        if let Some(declared) = declared {
            if declared > max_document {
                self.skip(name, format!("larger than {max_document} bytes"));
                return Admission::Skip;
            }
            // Without a packed size, the whole archive bounds it.
            let packed = packed.unwrap_or(self.archive_len);
            if declared > self.ratio_cap(packed) {
                let ratio = declared.div_ceil(packed.max(1));
                self.skip(name, format!("compression ratio {ratio}:1 over the limit"));
                return Admission::Skip;
            }
        }
        let remaining = self.limits.unpacked_left(self.unpacked);
        if declared.is_some_and(|declared| declared > remaining) {
            let reason = self.total_reason();
            self.stop = Some(reason.clone());
            self.skip(name, reason);
            return Admission::Skip;
        }
        // A member cannot be packed in more bytes than the whole archive.
        let packed = packed.unwrap_or(self.archive_len);
        Admission::Read(max_document.min(remaining).min(self.ratio_cap(packed)))
    }

    fn total_reason(&self) -> String {
        format!(
            "more than {} bytes unpacked from the archive",
            self.limits.max_unpacked_bytes
        )
    }

    /// Reads an admitted member from `reader`, at most `limit` bytes (as
    /// [`Members::admit`] said), and keeps it or records why not.
    fn read(&mut self, name: &str, reader: &mut dyn Read, limit: u64) {
        let mut bytes = Vec::new();
        let result = reader.take(limit.saturating_add(1)).read_to_end(&mut bytes);
        let size = bytes.len() as u64;
        self.unpacked = self.unpacked.saturating_add(size);
        if let Err(error) = result {
            self.skip(name, format!("damaged: {error}"));
        } else if size > limit {
            let max_document = self.limits.max_document_bytes;
            let remaining = self.limits.unpacked_left(self.unpacked - size);
            if size > max_document {
                self.skip(name, format!("larger than {max_document} bytes"));
            } else if size > remaining {
                let reason = self.total_reason();
                self.stop = Some(reason.clone());
                self.skip(name, reason);
            } else {
                // Cut at the ratio: the true ratio is not known.
                let max_ratio = self.limits.max_ratio;
                self.skip(name, format!("compression ratio over {max_ratio}:1"));
            }
        } else {
            self.names.push(name.to_string());
            self.extraction.entries.push(Entry {
                name: name.to_string(),
                mime: String::new(),
                bytes,
            });
        }
        self.check_archive_ratio();
    }

    /// Counts bytes unpacked for a member that was not kept (a streamed
    /// format still decompresses it to get past it).
    fn count_unpacked(&mut self, bytes: u64) {
        self.unpacked = self.unpacked.saturating_add(bytes);
        self.check_archive_ratio();
    }

    fn check_archive_ratio(&mut self) {
        if self.stop.is_none()
            && self.unpacked > RATIO_FLOOR
            && self.unpacked / self.archive_len > self.limits.max_ratio
        {
            self.stop = Some(format!(
                "archive compression ratio over {}:1",
                self.limits.max_ratio
            ));
        }
    }

    fn finish(mut self) -> Extraction {
        if self.unlisted > 0 {
            self.extraction.skipped.push(Skipped {
                name: String::new(),
                reason: format!("{} more members skipped", self.unlisted),
            });
        }
        let mut text = self.names.join("\n");
        let truncated = truncate_text(&mut text, self.limits.max_text_bytes);
        self.extraction.text = text;
        self.extraction.truncated |= truncated;
        self.extraction
    }
}

/// A member's name for the index: as given, less leading `/`, `./` and
/// `../` (and their backslash forms).
fn member_name(raw: &str) -> String {
    let mut name = raw;
    loop {
        let trimmed = name
            .trim_start_matches(['/', '\\'])
            .trim_start_matches("./")
            .trim_start_matches("../")
            .trim_start_matches(".\\")
            .trim_start_matches("..\\");
        if trimmed == name {
            break;
        }
        name = trimmed;
    }
    if name == ".." || name == "." {
        return String::new();
    }
    name.to_string()
}

// ---------------------------------------------------------------------------
// zip

fn read_zip(bytes: &[u8], limits: &Limits) -> Result<Extraction, ExtractError> {
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

// ---------------------------------------------------------------------------
// tar and gzip

/// Reads tar members from `reader` into `members`; Err describes damage
/// that stopped the reading.
fn read_tar(reader: impl Read, members: &mut Members<'_>) -> Result<(), String> {
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

fn read_gzip(bytes: &[u8], name: &str, limits: &Limits) -> Result<Extraction, ExtractError> {
    let mut members = Members::new(limits, bytes.len() as u64);
    let count = Rc::new(Cell::new(0));
    let cap = limits
        .max_unpacked_bytes
        .min(members.ratio_cap(bytes.len() as u64));
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

// ---------------------------------------------------------------------------
// 7z

fn read_7z(bytes: &[u8], limits: &Limits) -> Result<Extraction, ExtractError> {
    use sevenz_rust2::{Archive, BlockDecoder, EncoderMethod, Error, Password};

    let is_password_error =
        |error: &Error| matches!(error, Error::PasswordRequired | Error::MaybeBadPassword(_));
    let mut members = Members::new(limits, bytes.len() as u64);
    let mut source = Cursor::new(bytes);
    let password = Password::empty();
    let archive = match Archive::read_with_memory_limit(&mut source, &password, SEVEN_Z_MEMORY_KB) {
        Ok(archive) => archive,
        // Encrypted headers: not even the names can be read.
        Err(error) if is_password_error(&error) => {
            return Ok(Extraction {
                encrypted: true,
                ..Extraction::default()
            });
        }
        Err(error) => return Err(ExtractError::corrupt("7z", error)),
    };
    // Block by block rather than through `ArchiveReader`, so that an
    // encrypted or damaged block does not end the reading of the others.
    let mut damage = None;
    for (block_index, block) in archive.blocks.iter().enumerate() {
        if members.stopped() {
            members.rest_not_read();
            break;
        }
        let decoder = BlockDecoder::new_with_memory_limit(
            1,
            SEVEN_Z_MEMORY_KB,
            block_index,
            &archive,
            &password,
            &mut source,
        );
        let encrypted = block
            .coders
            .iter()
            .any(|coder| coder.encoder_method_id() == EncoderMethod::ID_AES256_SHA256);
        if encrypted {
            for entry in decoder.entries() {
                if !entry.is_directory() {
                    members.seen += 1;
                    members.skip(&member_name(entry.name()), "encrypted");
                }
            }
            members.extraction.encrypted = true;
            continue;
        }
        // Members of the block still to come: skipping the last ones costs
        // nothing, skipping one before others means decoding it anyway.
        let mut to_come = decoder
            .entries()
            .iter()
            .filter(|entry| entry.has_stream())
            .count();
        let result = decoder.for_each_entries(&mut |entry, data| {
            if entry.is_directory() {
                return Ok(true);
            }
            if entry.has_stream() {
                to_come = to_come.saturating_sub(1);
            }
            let name = member_name(entry.name());
            let declared = entry.size();
            match members.admit(&name, Some(declared), None) {
                Admission::Read(limit) => members.read(&name, data, limit),
                Admission::Skip if to_come == 0 => return Ok(false),
                Admission::Skip => members.count_unpacked(declared),
            }
            Ok(!members.stopped())
        });
        match result {
            Ok(_) => {}
            Err(error) if is_password_error(&error) => members.extraction.encrypted = true,
            Err(error) => damage = Some(error.to_string()),
        }
    }
    // Empty files belong to no block.
    for (index, file) in archive.files.iter().enumerate() {
        let in_block = archive
            .stream_map
            .file_block_index
            .get(index)
            .copied()
            .flatten();
        if in_block.is_some() || file.is_directory() || file.is_anti_item() {
            continue;
        }
        let name = member_name(file.name());
        if let Admission::Read(limit) = members.admit(&name, Some(0), None) {
            members.read(&name, &mut io::empty(), limit);
        }
    }
    if let Some(damage) = damage {
        if members.extraction.entries.is_empty() && !members.extraction.encrypted {
            return Err(ExtractError::corrupt("7z", damage));
        }
        members.damaged(&damage);
    }
    Ok(members.finish())
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::test_files::{corpus, damaged_variants, entry_names, fixture};

    fn skipped(extraction: &Extraction) -> Vec<(&str, &str)> {
        extraction
            .skipped
            .iter()
            .map(|skipped| (skipped.name.as_str(), skipped.reason.as_str()))
            .collect()
    }

    fn text_of<'e>(extraction: &'e Extraction, name: &str) -> &'e str {
        let entry = extraction
            .entries
            .iter()
            .find(|entry| entry.name == name)
            .unwrap_or_else(|| panic!("no member {name}"));
        std::str::from_utf8(&entry.bytes).unwrap()
    }

    /// A zip of stored or deflated members, written with the zip crate.
    fn zip_of(members: &[(&str, &[u8])]) -> Vec<u8> {
        use std::io::Write;
        let mut writer = zip::ZipWriter::new(Cursor::new(Vec::new()));
        let options = zip::write::SimpleFileOptions::default()
            .compression_method(zip::CompressionMethod::Stored);
        for (name, data) in members {
            writer.start_file(*name, options).unwrap();
            writer.write_all(data).unwrap();
        }
        writer.finish().unwrap().into_inner()
    }

    #[test]
    fn zip_members_and_names() {
        let extraction = extract_zip(&fixture("dossier.zip"), &Limits::default()).unwrap();
        assert_eq!(
            entry_names(&extraction),
            ["notes/lisezmoi.txt", "contrat.docx"]
        );
        assert_eq!(
            text_of(&extraction, "notes/lisezmoi.txt"),
            "Lisez-moi : le pangolin attend la réunion secrète de jeudi.\n"
        );
        assert_eq!(
            extraction.entries[1].bytes,
            fixture("contrat.docx"),
            "contrat.docx is copied byte for byte"
        );
        assert_eq!(extraction.text, "notes/lisezmoi.txt\ncontrat.docx");
        assert!(extraction.skipped.is_empty());
        assert!(!extraction.encrypted);
        assert!(extraction.entries.iter().all(|entry| entry.mime.is_empty()));
    }

    #[test]
    fn zip_bomb_member_is_skipped_and_the_rest_returned() {
        let extraction = extract_zip(&fixture("bombe.zip"), &Limits::default()).unwrap();
        assert_eq!(entry_names(&extraction), ["ok.txt"]);
        assert_eq!(text_of(&extraction, "ok.txt"), "Le lamantin va bien.\n");
        assert_eq!(
            skipped(&extraction),
            [("zeros.bin", "compression ratio 1029:1 over the limit")]
        );
        assert_eq!(extraction.text, "zeros.bin\nok.txt");
    }

    #[test]
    fn zip_bomb_with_lying_sizes_is_refused() {
        // Declare 1,000 bytes for the 50 MiB member, in the local and the
        // central header: the zip reader stops at the declared size.
        let mut bytes = fixture("bombe.zip");
        let mut patched = 0;
        for signature in [&b"PK\x03\x04"[..], &b"PK\x01\x02"[..]] {
            let size_offset = if signature == b"PK\x03\x04" { 22 } else { 24 };
            let mut at = 0;
            while let Some(found) = bytes[at..]
                .windows(4)
                .position(|window| window == signature)
            {
                let start = at + found;
                if bytes[start + size_offset..start + size_offset + 4]
                    == 52_428_800u32.to_le_bytes()
                {
                    bytes[start + size_offset..start + size_offset + 4]
                        .copy_from_slice(&1000u32.to_le_bytes());
                    patched += 1;
                }
                at = start + 4;
            }
        }
        assert_eq!(patched, 2);
        let extraction = extract_zip(&bytes, &Limits::default()).unwrap();
        assert_eq!(entry_names(&extraction), ["ok.txt"]);
        assert_eq!(
            skipped(&extraction),
            [(
                "zeros.bin",
                "damaged: File is larger than its declared uncompressed size"
            )]
        );
    }

    #[test]
    fn member_over_the_document_size_is_skipped() {
        let limits = Limits {
            max_document_bytes: 10,
            ..Limits::default()
        };
        let bytes = zip_of(&[("grand.txt", b"0123456789AB"), ("petit.txt", b"0123")]);
        let extraction = extract_zip(&bytes, &limits).unwrap();
        assert_eq!(entry_names(&extraction), ["petit.txt"]);
        assert_eq!(
            skipped(&extraction),
            [("grand.txt", "larger than 10 bytes")]
        );
    }

    #[test]
    fn members_past_the_count_are_skipped() {
        let limits = Limits {
            max_entries: 2,
            ..Limits::default()
        };
        let bytes = zip_of(&[("a", b"1"), ("b", b"2"), ("c", b"3"), ("d", b"4")]);
        let extraction = extract_zip(&bytes, &limits).unwrap();
        assert_eq!(entry_names(&extraction), ["a", "b"]);
        assert_eq!(
            skipped(&extraction),
            [("c", "more than 2 members"), ("d", "more than 2 members")]
        );
        assert_eq!(extraction.text, "a\nb\nc\nd");
    }

    #[test]
    fn unpacked_total_stops_the_archive() {
        let limits = Limits {
            max_unpacked_bytes: 6,
            ..Limits::default()
        };
        let bytes = zip_of(&[("a", b"1234"), ("b", b"5678"), ("c", b"9")]);
        let extraction = extract_zip(&bytes, &limits).unwrap();
        assert_eq!(entry_names(&extraction), ["a"]);
        let reason = "more than 6 bytes unpacked from the archive";
        assert_eq!(skipped(&extraction), [("b", reason), ("c", reason)]);
    }

    #[test]
    fn leading_slashes_and_parent_components_are_dropped() {
        let bytes = zip_of(&[("/etc/passwd", b"x"), ("../../haut.txt", b"y")]);
        let extraction = extract_zip(&bytes, &Limits::default()).unwrap();
        assert_eq!(entry_names(&extraction), ["etc/passwd", "haut.txt"]);
        assert_eq!(member_name("./a/../b"), "a/../b");
        assert_eq!(member_name(".."), "");
    }

    #[test]
    fn nested_zip_is_returned_unopened() {
        let extraction = extract_zip(&fixture("nid.zip"), &Limits::default()).unwrap();
        assert_eq!(entry_names(&extraction), ["interne.zip"]);
        let inner = extract_zip(&extraction.entries[0].bytes, &Limits::default()).unwrap();
        assert_eq!(entry_names(&inner), ["profond.txt"]);
        assert_eq!(
            text_of(&inner, "profond.txt"),
            "Tout au fond : un hippocampe.\n"
        );
    }

    #[test]
    fn tar_gz_members() {
        let extraction = extract_gzip(
            &fixture("archive.tar.gz"),
            "archive.tar.gz",
            &Limits::default(),
        )
        .unwrap();
        assert_eq!(entry_names(&extraction), ["dossier/axolotl.txt"]);
        assert_eq!(
            text_of(&extraction, "dossier/axolotl.txt"),
            "L'axolotl tient la trésorerie de l'association.\n"
        );
        assert_eq!(extraction.text, "dossier/axolotl.txt");
        assert!(extraction.skipped.is_empty());
    }

    #[test]
    fn plain_tar_members() {
        use std::io::Read as _;
        let mut tar = Vec::new();
        flate2::read::GzDecoder::new(&fixture("archive.tar.gz")[..])
            .read_to_end(&mut tar)
            .unwrap();
        let extraction = extract_tar(&tar, &Limits::default()).unwrap();
        assert_eq!(entry_names(&extraction), ["dossier/axolotl.txt"]);
    }

    #[test]
    fn single_gzip_file_is_named_after_the_archive() {
        use std::io::Write as _;
        let mut encoder = flate2::write::GzEncoder::new(Vec::new(), flate2::Compression::best());
        encoder.write_all(b"Le dugong nage.\n").unwrap();
        let bytes = encoder.finish().unwrap();
        let extraction = extract_gzip(&bytes, "notes.txt.gz", &Limits::default()).unwrap();
        assert_eq!(entry_names(&extraction), ["notes.txt"]);
        assert_eq!(text_of(&extraction, "notes.txt"), "Le dugong nage.\n");
        assert_eq!(extraction.text, "notes.txt");
    }

    #[test]
    fn gzip_bomb_is_refused() {
        use std::io::Write as _;
        let mut encoder = flate2::write::GzEncoder::new(Vec::new(), flate2::Compression::best());
        encoder.write_all(&vec![0; 20 * 1024 * 1024]).unwrap();
        let bytes = encoder.finish().unwrap();
        let extraction = extract_gzip(&bytes, "zeros.gz", &Limits::default()).unwrap();
        assert!(extraction.entries.is_empty());
        assert_eq!(
            skipped(&extraction),
            [("zeros", "compression ratio over 200:1")]
        );
    }

    #[test]
    fn tar_gz_bomb_stops_at_the_archive_ratio() {
        use std::io::Write as _;
        let mut tar = tar::Builder::new(Vec::new());
        for name in ["un.bin", "deux.bin", "trois.bin"] {
            let mut header = tar::Header::new_ustar();
            header.set_size(4 * 1024 * 1024);
            header.set_mode(0o644);
            header.set_cksum();
            tar.append_data(&mut header, name, &vec![0u8; 4 * 1024 * 1024][..])
                .unwrap();
        }
        let tar = tar.into_inner().unwrap();
        let mut encoder = flate2::write::GzEncoder::new(Vec::new(), flate2::Compression::best());
        encoder.write_all(&tar).unwrap();
        let bytes = encoder.finish().unwrap();
        // Its declared size over the whole archive's.
        let ratio = format!(
            "compression ratio {}:1 over the limit",
            (4 * 1024 * 1024u64).div_ceil(bytes.len() as u64)
        );
        let extraction = extract_gzip(&bytes, "zeros.tar.gz", &Limits::default()).unwrap();
        assert!(extraction.entries.is_empty());
        assert_eq!(
            skipped(&extraction),
            [
                ("un.bin", ratio.as_str()),
                (
                    "",
                    "archive compression ratio over 200:1; the rest not read"
                )
            ]
        );
    }

    /// A 7z written with sevenz-rust2 (LZMA2, optionally AES).
    fn seven_z_of(
        members: &[(&str, &[u8])],
        password: Option<&str>,
        encrypt_header: bool,
    ) -> Vec<u8> {
        use sevenz_rust2::encoder_options::AesEncoderOptions;
        use sevenz_rust2::{ArchiveEntry, ArchiveWriter, EncoderMethod};
        let mut writer = ArchiveWriter::new(Cursor::new(Vec::new())).unwrap();
        if let Some(password) = password {
            writer.set_content_methods(vec![
                AesEncoderOptions::new(password.into()).into(),
                EncoderMethod::LZMA2.into(),
            ]);
        }
        writer.set_encrypt_header(encrypt_header);
        for (name, data) in members {
            if name.ends_with('/') {
                let entry = ArchiveEntry::new_directory(name.trim_end_matches('/'));
                writer.push_archive_entry::<&[u8]>(entry, None).unwrap();
            } else {
                writer
                    .push_archive_entry(ArchiveEntry::new_file(name), Some(*data))
                    .unwrap();
            }
        }
        writer.finish().unwrap().into_inner()
    }

    #[test]
    fn seven_z_members() {
        let bytes = seven_z_of(
            &[
                ("dossier/", b""),
                ("dossier/tapir.txt", b"Le tapir dort."),
                ("vide.txt", b""),
            ],
            None,
            false,
        );
        let extraction = extract_7z(&bytes, &Limits::default()).unwrap();
        assert_eq!(entry_names(&extraction), ["dossier/tapir.txt", "vide.txt"]);
        assert_eq!(text_of(&extraction, "dossier/tapir.txt"), "Le tapir dort.");
        assert_eq!(text_of(&extraction, "vide.txt"), "");
        assert!(!extraction.encrypted);
        assert!(extraction.skipped.is_empty());
    }

    #[test]
    fn seven_z_with_encrypted_headers_is_marked_encrypted() {
        let bytes = seven_z_of(&[("secret.txt", b"zorille")], Some("motdepasse"), true);
        let extraction = extract_7z(&bytes, &Limits::default()).unwrap();
        assert!(extraction.encrypted);
        assert!(extraction.entries.is_empty());
        assert_eq!(extraction.text, "");
    }

    #[test]
    fn seven_z_with_encrypted_content_lists_its_members() {
        let bytes = seven_z_of(&[("secret.txt", b"zorille")], Some("motdepasse"), false);
        let extraction = extract_7z(&bytes, &Limits::default()).unwrap();
        assert!(extraction.encrypted);
        assert!(extraction.entries.is_empty());
        assert_eq!(skipped(&extraction), [("secret.txt", "encrypted")]);
        assert_eq!(extraction.text, "secret.txt");
    }

    #[test]
    fn seven_z_bomb_member_is_skipped() {
        let zeros = vec![0u8; 20 * 1024 * 1024];
        let bytes = seven_z_of(
            &[("zeros.bin", &zeros), ("ok.txt", b"lamantin")],
            None,
            false,
        );
        let extraction = extract_7z(&bytes, &Limits::default()).unwrap();
        assert_eq!(entry_names(&extraction), ["ok.txt"]);
        assert_eq!(extraction.skipped.len(), 1, "{:?}", extraction.skipped);
        let (name, reason) = skipped(&extraction)[0];
        assert_eq!(name, "zeros.bin");
        assert!(
            reason.starts_with("compression ratio ") && reason.ends_with(":1 over the limit"),
            "{reason}"
        );
    }

    #[test]
    fn truncated_and_bit_flipped_archives_never_panic() {
        let limits = Limits::default();
        for name in ["dossier.zip", "nid.zip", "archive.tar.gz", "bombe.zip"] {
            for variant in damaged_variants(&fixture(name)) {
                let _ = extract_zip(&variant, &limits);
                let _ = extract_tar(&variant, &limits);
                let _ = extract_gzip(&variant, name, &limits);
                let _ = extract_7z(&variant, &limits);
            }
        }
        if let Some(bytes) = corpus("hoover-testdata/eml-7-recursive/d.7z") {
            for variant in damaged_variants(&bytes) {
                let _ = extract_7z(&variant, &limits);
            }
        }
    }

    #[test]
    fn truncated_zip_keeps_what_it_could_read() {
        // Cut inside the central directory: the local headers still give
        // the first members.
        let bytes = fixture("dossier.zip");
        let cut = &bytes[..bytes.len() - 30];
        let extraction = extract_zip(cut, &Limits::default()).unwrap();
        assert_eq!(
            entry_names(&extraction),
            ["notes/lisezmoi.txt", "contrat.docx"]
        );
        assert_eq!(extraction.skipped.len(), 1);
        assert_eq!(extraction.skipped[0].name, "");
        assert!(
            extraction.skipped[0]
                .reason
                .starts_with("damaged archive: "),
            "{:?}",
            extraction.skipped
        );
    }

    #[test]
    fn garbage_is_corrupt() {
        let garbage = b"PK\x03\x04 this is not a zip at all";
        assert!(matches!(
            extract_zip(garbage, &Limits::default()),
            Err(ExtractError::Corrupt { .. })
        ));
        assert!(matches!(
            extract_gzip(b"\x1f\x8bnope", "x.gz", &Limits::default()),
            Err(ExtractError::Corrupt { .. })
        ));
        assert!(matches!(
            extract_7z(b"7z\xBC\xAF\x27\x1C garbage", &Limits::default()),
            Err(ExtractError::Corrupt { .. })
        ));
    }

    #[test]
    fn corpus_test_documents_zip() {
        let Some(bytes) = corpus("attachment-samples/aleph-ingest-file/test-documents.zip") else {
            return;
        };
        let extraction = extract_zip(&bytes, &Limits::default()).unwrap();
        assert_eq!(
            entry_names(&extraction),
            [
                "testEXCEL.xls",
                "testHTML.html",
                "testOpenOffice2.odt",
                "testPDF.pdf",
                "testPPT.ppt",
                "testRTF.rtf",
                "testTXT.txt",
                "testWORD.doc",
                "testXML.xml"
            ]
        );
        assert_eq!(extraction.entries[3].bytes.len(), 34824);
        assert!(extraction.skipped.is_empty());
    }

    #[test]
    fn corpus_box_zip_skips_its_directory() {
        let Some(bytes) = corpus("attachment-samples/hoover/archives/box.zip") else {
            return;
        };
        let extraction = extract_zip(&bytes, &Limits::default()).unwrap();
        assert_eq!(entry_names(&extraction), ["box/treasure.txt"]);
        assert_eq!(extraction.text, "box/treasure.txt");
    }

    #[test]
    fn corpus_zip_with_docx_and_doc() {
        let Some(bytes) = corpus("attachment-samples/hoover/archives/zip-with-docx-and-doc.zip")
        else {
            return;
        };
        let extraction = extract_zip(&bytes, &Limits::default()).unwrap();
        assert_eq!(
            entry_names(&extraction),
            ["AppBody-Sample-English.docx", "sample.doc"]
        );
        assert_eq!(extraction.entries[0].bytes.len(), 219_228);
        assert_eq!(extraction.entries[1].bytes.len(), 32_768);
    }

    #[test]
    fn corpus_zip_with_password() {
        let Some(bytes) = corpus("attachment-samples/hoover/archives/zip-with-password.zip") else {
            return;
        };
        let extraction = extract_zip(&bytes, &Limits::default()).unwrap();
        assert!(extraction.encrypted);
        assert!(extraction.entries.is_empty());
        assert_eq!(
            skipped(&extraction),
            [("cap33.pdf", "encrypted"), ("sample (1).doc", "encrypted")]
        );
        assert_eq!(extraction.text, "cap33.pdf\nsample (1).doc");
    }

    #[test]
    fn corpus_zip_with_smashed_bytes_is_corrupt() {
        let Some(bytes) =
            corpus("attachment-samples/hoover/archives/zip-with-some-smashed-bytes.zip")
        else {
            return;
        };
        let error = extract_zip(&bytes, &Limits::default()).unwrap_err();
        assert!(
            matches!(&error, ExtractError::Corrupt { format, .. } if format == "zip"),
            "{error:?}"
        );
    }

    #[test]
    fn corpus_tar_gz_with_pdf_doc_docx() {
        let Some(bytes) =
            corpus("attachment-samples/hoover/archives/targz-with-pdf-doc-docx.tar.gz")
        else {
            return;
        };
        let extraction =
            extract_gzip(&bytes, "targz-with-pdf-doc-docx.tar.gz", &Limits::default()).unwrap();
        assert_eq!(
            entry_names(&extraction),
            [
                "Sample_BulletsAndNumberings.docx",
                "cap33.pdf",
                "sample (1).doc"
            ]
        );
        let sizes: Vec<usize> = extraction
            .entries
            .iter()
            .map(|entry| entry.bytes.len())
            .collect();
        assert_eq!(sizes, [19_399, 183_676, 98_304]);
    }

    #[test]
    fn corpus_7z() {
        let Some(bytes) = corpus("hoover-testdata/eml-7-recursive/d.7z") else {
            return;
        };
        let extraction = extract_7z(&bytes, &Limits::default()).unwrap();
        assert_eq!(entry_names(&extraction), ["this/is/deep/recursivitate.eml"]);
        assert!(!extraction.encrypted);
        assert!(extraction.skipped.is_empty());
        let mail = &extraction.entries[0].bytes;
        assert!(mail.starts_with(b"X-Apparently-To: penultim_o@yahoo.com;"));
    }
}
