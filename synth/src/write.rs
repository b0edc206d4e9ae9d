//! Where synthetic messages go: a Maildir tree (`<mailbox>/cur/<unique>:2,S`
//! files, with the `new` and `tmp` folders readers such as mu expect) or one
//! mboxrd file per year (`<year>.mbox`), written in message order.

use std::collections::BTreeMap;
use std::fs::File;
use std::io::{BufWriter, Write};
use std::path::{Path, PathBuf};

use crate::error::{Error, Result};

use super::calendar::Local;
use super::encoding::escape_mbox;
use super::message::Composed;
use super::plan::MAILBOXES;

/// The layout of a synthetic corpus.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Format {
    /// One file per message in Maildir folders.
    Maildir,
    /// One mbox file per year.
    Mbox,
}

impl std::str::FromStr for Format {
    type Err = String;

    /// `maildir` or `mbox`.
    fn from_str(name: &str) -> std::result::Result<Format, String> {
        match name {
            "maildir" => Ok(Format::Maildir),
            "mbox" => Ok(Format::Mbox),
            other => Err(format!("{other:?} is not a format: maildir or mbox")),
        }
    }
}

/// Creates the directory `out`, which must be missing or empty: a set of
/// files mixed with an earlier one would not be the set of its seed.
pub fn create_empty(out: &Path) -> Result<()> {
    if out
        .try_exists()
        .map_err(|err| Error::io("access", out, err))?
        && std::fs::read_dir(out)
            .map_err(|err| Error::io("read", out, err))?
            .next()
            .is_some()
    {
        return Err(Error::NotEmpty(out.to_path_buf()));
    }
    std::fs::create_dir_all(out).map_err(|err| Error::io("create", out, err))
}

/// Creates the output directory, which must be missing or empty (a corpus
/// mixed with an earlier one would not be the corpus of its seed), and the
/// Maildir folders.
pub fn prepare(out: &Path, format: Format) -> Result<()> {
    create_empty(out)?;
    if format == Format::Maildir {
        for (mailbox, _) in MAILBOXES {
            for folder in ["cur", "new", "tmp"] {
                let path = out.join(mailbox).join(folder);
                std::fs::create_dir_all(&path).map_err(|err| Error::io("create", &path, err))?;
            }
        }
    }
    Ok(())
}

/// The `cur` folders of the mailboxes, by mailbox index.
pub fn maildir_folders(out: &Path) -> Vec<PathBuf> {
    MAILBOXES
        .iter()
        .map(|(mailbox, _)| out.join(mailbox).join("cur"))
        .collect()
}

/// Writes a message into its mailbox; returns the bytes written.
pub fn write_maildir(folders: &[PathBuf], message: &Composed) -> Result<u64> {
    let name = format!(
        "{}.M{}P0.fouille-synth:2,S",
        message.plan.timestamp, message.plan.index
    );
    let path = folders[message.plan.mailbox].join(name);
    std::fs::write(&path, &message.bytes).map_err(|err| Error::io("write", &path, err))?;
    Ok(message.bytes.len() as u64)
}

/// A message framed for an mbox: its year and its `From ` line, escaped
/// body and blank line.
pub fn mbox_entry(message: &Composed, sender: &str) -> (i32, Vec<u8>) {
    let date = Local::utc(message.plan.timestamp);
    let mut entry = Vec::with_capacity(message.bytes.len() + 128);
    entry.extend_from_slice(format!("From {sender} {}\n", date.asctime()).as_bytes());
    escape_mbox(&message.bytes, &mut entry);
    if !entry.ends_with(b"\n") {
        entry.push(b'\n');
    }
    entry.push(b'\n');
    (date.year, entry)
}

/// The mbox files of a corpus, one per year, opened as needed.
#[derive(Debug)]
pub struct Mboxes {
    out: PathBuf,
    files: BTreeMap<i32, BufWriter<File>>,
}

impl Mboxes {
    /// Mbox files in `out`.
    pub fn new(out: &Path) -> Mboxes {
        Mboxes {
            out: out.to_path_buf(),
            files: BTreeMap::new(),
        }
    }

    /// Appends an entry to the file of its year.
    pub fn append(&mut self, year: i32, entry: &[u8]) -> Result<()> {
        let file = match self.files.entry(year) {
            std::collections::btree_map::Entry::Occupied(file) => file.into_mut(),
            std::collections::btree_map::Entry::Vacant(slot) => {
                let path = self.out.join(format!("{year}.mbox"));
                let file = File::create(&path).map_err(|err| Error::io("create", &path, err))?;
                slot.insert(BufWriter::with_capacity(1 << 20, file))
            }
        };
        file.write_all(entry)
            .map_err(|err| Error::io("write", self.out.join(format!("{year}.mbox")), err))
    }

    /// Flushes every file; returns how many there are.
    pub fn finish(self) -> Result<usize> {
        let count = self.files.len();
        for (year, mut file) in self.files {
            file.flush()
                .map_err(|err| Error::io("write", self.out.join(format!("{year}.mbox")), err))?;
        }
        Ok(count)
    }
}
