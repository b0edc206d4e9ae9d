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

use std::io::Read;
use std::panic::{AssertUnwindSafe, catch_unwind};

mod sevenz;
mod tar_gzip;
#[cfg(test)]
mod tests;
mod zip_archive;

use self::sevenz::read_7z;
use self::tar_gzip::{read_gzip, read_tar};
use self::zip_archive::read_zip;
use crate::limits::RATIO_FLOOR;
use crate::{Entry, ExtractError, Extraction, Limits, Skipped, truncate_text};

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
            if declared > self.limits.ratio_cap(packed) {
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
        Admission::Read(
            max_document
                .min(remaining)
                .min(self.limits.ratio_cap(packed)),
        )
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
