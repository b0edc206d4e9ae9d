//! Appending to the completeness ledger (its format and reading are in
//! [`fouille_schema::ledger`]). Lines are appended durably just before each
//! index commit, which records the ledger length it covers.

use std::fs::{File, OpenOptions};
use std::io::Write;
use std::path::{Path, PathBuf};

use fouille_schema::ledger::LedgerEntry;
use fouille_schema::{Error, Result};

/// Appends entries to the ledger file.
pub(crate) struct LedgerWriter {
    path: PathBuf,
    file: File,
    len: u64,
}

impl LedgerWriter {
    /// Opens the ledger for appending, cutting off whatever lies past the last
    /// commit.
    pub(crate) fn open(path: &Path, committed_len: u64) -> Result<LedgerWriter> {
        let context = || format!("open {}", path.display());
        let file = OpenOptions::new()
            .create(true)
            .truncate(false)
            .read(true)
            .write(true)
            .open(path)
            .map_err(|err| Error::io(context(), err))?;
        let actual = file
            .metadata()
            .map_err(|err| Error::io(context(), err))?
            .len();
        let len = committed_len.min(actual);
        if actual != len {
            file.set_len(len).map_err(|err| Error::io(context(), err))?;
        }
        let mut writer = LedgerWriter {
            path: path.to_path_buf(),
            file,
            len,
        };
        use std::io::Seek;
        writer
            .file
            .seek(std::io::SeekFrom::Start(len))
            .map_err(|err| Error::io(context(), err))?;
        Ok(writer)
    }

    /// Appends `entries` durably and returns the new ledger length.
    pub(crate) fn append(&mut self, entries: &[LedgerEntry]) -> Result<u64> {
        if entries.is_empty() {
            return Ok(self.len);
        }
        let mut buffer = Vec::new();
        for entry in entries {
            serde_json::to_writer(&mut buffer, entry).expect("ledger entry serializes");
            buffer.push(b'\n');
        }
        let context = || format!("write {}", self.path.display());
        self.file
            .write_all(&buffer)
            .map_err(|err| Error::io(context(), err))?;
        self.file
            .sync_data()
            .map_err(|err| Error::io(context(), err))?;
        self.len += buffer.len() as u64;
        Ok(self.len)
    }

    /// Current length, as recorded in the next commit.
    pub(crate) fn len(&self) -> u64 {
        self.len
    }
}
