//! Bytes waiting for OCR that the archive keeps nowhere else: an image
//! attached to an email lives inside the email's stored bytes, and a zip
//! member nowhere at all. Each distinct image or PDF is written once, named
//! by its hash, under `ARCHIVE/ocr/queue/`, and removed once the documents
//! that need it are committed with their text. (Loose documents keep their
//! bytes in the archive, and OCR reads them there.)

use std::path::{Path, PathBuf};

use fouille_schema::{Error, Result};

/// The archive's OCR folder: the queue and the journal.
pub const OCR_DIR: &str = "ocr";

/// The queue's folder in the archive at `archive`.
pub fn dir(archive: &Path) -> PathBuf {
    archive.join(OCR_DIR).join("queue")
}

/// Hashes are hex: never a path.
fn path(archive: &Path, hash: &str) -> Option<PathBuf> {
    let hex = !hash.is_empty() && hash.len() <= 64 && hash.bytes().all(|b| b.is_ascii_hexdigit());
    hex.then(|| dir(archive).join(hash))
}

/// Keeps `bytes` for OCR under `hash`, unless already kept. Written to a
/// temporary name, then renamed, so that a kill leaves no half file.
pub fn put(archive: &Path, hash: &str, bytes: &[u8]) -> Result<()> {
    let Some(target) = path(archive, hash) else {
        return Err(Error::Damaged(format!("bad ocr hash {hash:?}")));
    };
    if target.exists() {
        return Ok(());
    }
    let dir = dir(archive);
    std::fs::create_dir_all(&dir).map_err(|err| Error::io("cannot create the ocr queue", err))?;
    let temporary = dir.join(format!("{hash}.part"));
    std::fs::write(&temporary, bytes)
        .and_then(|()| std::fs::rename(&temporary, &target))
        .map_err(|err| Error::io("cannot write to the ocr queue", err))
}

/// The bytes kept under `hash`, if any.
pub fn get(archive: &Path, hash: &str) -> Result<Option<Vec<u8>>> {
    let Some(path) = path(archive, hash) else {
        return Ok(None);
    };
    match std::fs::read(path) {
        Ok(bytes) => Ok(Some(bytes)),
        Err(err) if err.kind() == std::io::ErrorKind::NotFound => Ok(None),
        Err(err) => Err(Error::io("cannot read the ocr queue", err)),
    }
}

/// Forgets the bytes kept under `hash`.
pub fn remove(archive: &Path, hash: &str) {
    if let Some(path) = path(archive, hash) {
        let _ = std::fs::remove_file(path);
    }
}

/// Removes the files of the queue not in `wanted` (left by a run killed
/// before it committed the documents that named them).
pub fn prune(archive: &Path, wanted: &std::collections::HashSet<String>) {
    let Ok(entries) = std::fs::read_dir(dir(archive)) else {
        return;
    };
    for entry in entries.flatten() {
        let name = entry.file_name().to_string_lossy().into_owned();
        if !wanted.contains(&name) {
            let _ = std::fs::remove_file(entry.path());
        }
    }
}

/// Bytes the queue holds.
pub fn size(archive: &Path) -> u64 {
    std::fs::read_dir(dir(archive))
        .map(|entries| {
            entries
                .flatten()
                .filter_map(|entry| entry.metadata().ok())
                .map(|metadata| metadata.len())
                .sum()
        })
        .unwrap_or(0)
}
