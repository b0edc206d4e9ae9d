//! An archive directory: the version file, the tantivy index and the ledger.
//!
//! ```text
//! ARCHIVE/
//!   fouille-archive.json   format and version
//!   index/                 tantivy index; raw messages live in its doc store (zstd)
//!   ledger.jsonl           one line per input file, written at each commit
//! ```

use std::fs;
use std::path::{Path, PathBuf};

use tantivy::store::{Compressor, ZstdCompressor};
use tantivy::{Index, IndexReader, IndexSettings, ReloadPolicy};

use crate::error::{Error, Result};
use crate::{ArchiveVersion, Fields, VERSION_FILE, build_schema, register_analyzers};

/// Sub-directory holding the tantivy index.
const INDEX_DIR: &str = "index";
/// The ledger file.
pub const LEDGER_FILE: &str = "ledger.jsonl";

/// Doc-store block size: mail compresses far better in large zstd blocks than in
/// tantivy's default 16 KiB; 128 KiB keeps a hit's fetch well under a
/// millisecond (see bench/ for the measurement).
const DOCSTORE_BLOCK_SIZE: usize = 128 * 1024;

/// An opened archive.
#[derive(Clone)]
pub struct Archive {
    dir: PathBuf,
    index: Index,
    fields: Fields,
}

impl Archive {
    /// Opens an existing archive, checking its version.
    pub fn open(dir: &Path) -> Result<Archive> {
        let version_path = dir.join(VERSION_FILE);
        let text = match fs::read_to_string(&version_path) {
            Ok(text) => text,
            Err(err) if err.kind() == std::io::ErrorKind::NotFound => {
                return Err(Error::NotAnArchive(dir.to_path_buf()));
            }
            Err(err) => return Err(Error::io(format!("read {}", version_path.display()), err)),
        };
        check_version(dir, &text)?;
        let index_dir = dir.join(INDEX_DIR);
        let mut index = if crate::readonly::is_writable(&index_dir) {
            Index::open_in_dir(&index_dir)?
        } else {
            Index::open(crate::readonly::ReadOnlyDirectory::open(&index_dir)?)?
        };
        let fields = Fields::resolve(&index.schema())
            .ok_or_else(|| Error::Damaged("index schema is not fouille's".into()))?;
        register_analyzers(index.tokenizers());
        index.set_default_multithread_executor()?;
        Ok(Archive {
            dir: dir.to_path_buf(),
            index,
            fields,
        })
    }

    /// Opens the archive at `dir`, creating it if the directory is missing or
    /// empty.
    pub fn open_or_create(dir: &Path) -> Result<Archive> {
        match dir.join(VERSION_FILE).try_exists() {
            Ok(true) => return Archive::open(dir),
            Ok(false) => {}
            Err(err) => return Err(Error::io(format!("open {}", dir.display()), err)),
        }
        let index_dir = dir.join(INDEX_DIR);
        if let Ok(entries) = fs::read_dir(dir) {
            let names: Vec<_> = entries
                .filter_map(|entry| entry.ok().map(|entry| entry.file_name()))
                .collect();
            match names.as_slice() {
                [] => {}
                // A creation interrupted before the version file was written:
                // nothing was indexed yet, start again.
                [only] if only == INDEX_DIR => fs::remove_dir_all(&index_dir)
                    .map_err(|err| Error::io(format!("remove {}", index_dir.display()), err))?,
                _ => return Err(Error::NotEmpty(dir.to_path_buf())),
            }
        }
        fs::create_dir_all(&index_dir)
            .map_err(|err| Error::io(format!("create {}", index_dir.display()), err))?;
        let settings = IndexSettings {
            docstore_compression: Compressor::Zstd(ZstdCompressor {
                compression_level: Some(3),
            }),
            docstore_blocksize: DOCSTORE_BLOCK_SIZE,
            ..IndexSettings::default()
        };
        Index::builder()
            .schema(build_schema())
            .settings(settings)
            .create_in_dir(&index_dir)?;
        // The version file is written last: a directory without it is not an
        // archive yet, so a crash here leaves nothing half-made behind.
        let version =
            serde_json::to_string_pretty(&ArchiveVersion::current()).expect("version serializes");
        let version_path = dir.join(VERSION_FILE);
        fs::write(&version_path, version + "\n")
            .map_err(|err| Error::io(format!("write {}", version_path.display()), err))?;
        Archive::open(dir)
    }

    /// The archive directory.
    pub fn dir(&self) -> &Path {
        &self.dir
    }

    /// The tantivy index's directory.
    pub fn index_dir(&self) -> PathBuf {
        self.dir.join(INDEX_DIR)
    }

    /// The tantivy index.
    pub fn index(&self) -> &Index {
        &self.index
    }

    /// Field handles.
    pub fn fields(&self) -> &Fields {
        &self.fields
    }

    /// Path of the ledger file.
    pub fn ledger_path(&self) -> PathBuf {
        self.dir.join(LEDGER_FILE)
    }

    /// A reader that follows new commits (from this or another process).
    pub fn reader(&self) -> Result<IndexReader> {
        Ok(self
            .index
            .reader_builder()
            .reload_policy(ReloadPolicy::OnCommitWithDelay)
            .try_into()?)
    }

    /// The payload of the last commit: the ledger length it covers.
    pub fn committed_ledger_len(&self) -> Result<u64> {
        let meta = self.index.load_metas()?;
        Ok(meta
            .payload
            .as_deref()
            .and_then(|payload| payload.parse().ok())
            .unwrap_or(0))
    }

    /// Total bytes of the archive directory.
    pub fn disk_size(&self) -> u64 {
        walkdir::WalkDir::new(&self.dir)
            .into_iter()
            .filter_map(|entry| entry.ok())
            .filter_map(|entry| entry.metadata().ok())
            .filter(|meta| meta.is_file())
            .map(|meta| meta.len())
            .sum()
    }
}

fn check_version(dir: &Path, text: &str) -> Result<()> {
    let expected = ArchiveVersion::current();
    match serde_json::from_str::<ArchiveVersion>(text) {
        Ok(found) if found == expected => Ok(()),
        Ok(found) if found.format == expected.format => Err(Error::VersionMismatch {
            path: dir.to_path_buf(),
            found: found.version.to_string(),
            expected: expected.version,
        }),
        _ => Err(Error::VersionMismatch {
            path: dir.to_path_buf(),
            found: format!(
                "unreadable ({})",
                text.trim().chars().take(60).collect::<String>()
            ),
            expected: expected.version,
        }),
    }
}
