//! The OCR journal, `ARCHIVE/ocr/journal.jsonl`: one line per page read,
//! appended and synced before anything else is done with it. A run that is
//! stopped (Ctrl-C, kill -9, a power cut) loses only the page in hand: the
//! next run takes every page the journal holds instead of reading it again,
//! and the documents are then written from it. It also remembers what an
//! image said, so a copy found in a later run is not read twice.

use std::collections::{HashMap, HashSet};
use std::fs::{File, OpenOptions};
use std::io::{BufRead, BufReader, Write};
use std::path::{Path, PathBuf};

use fouille_extract::ocr::PageOutcome;
use fouille_schema::{Error, Result};
use serde::{Deserialize, Serialize};

use super::queue::OCR_DIR;

/// One line of the journal.
#[derive(Debug, Serialize, Deserialize)]
struct Line {
    hash: String,
    page: u32,
    langs: String,
    outcome: PageOutcome,
}

/// The pages read so far, for the documents being read.
pub struct Journal {
    file: File,
    langs: String,
    pages: HashMap<(String, u32), PageOutcome>,
}

fn path(archive: &Path) -> PathBuf {
    archive.join(OCR_DIR).join("journal.jsonl")
}

impl Journal {
    /// Opens the journal of the archive at `archive`, keeping the pages of
    /// `hashes` read with `langs`. A line cut by a kill is skipped.
    pub fn open(archive: &Path, langs: &str, hashes: &HashSet<String>) -> Result<Journal> {
        let path = path(archive);
        std::fs::create_dir_all(archive.join(OCR_DIR))
            .map_err(|err| Error::io("cannot create the ocr folder", err))?;
        let mut pages = HashMap::new();
        if let Ok(existing) = File::open(&path) {
            // Bytes, not text: a line cut inside a character by a power
            // cut is skipped, and the lines after it still count.
            for line in BufReader::new(existing).split(b'\n') {
                let Ok(line) = line else { break };
                let Ok(line) = serde_json::from_slice::<Line>(&line) else {
                    continue;
                };
                if line.langs == langs && hashes.contains(&line.hash) {
                    pages.insert((line.hash, line.page), line.outcome);
                }
            }
        }
        let mut file = OpenOptions::new()
            .create(true)
            .append(true)
            .open(&path)
            .map_err(|err| Error::io("cannot open the ocr journal", err))?;
        // A line cut by a kill must not glue itself to the next one.
        file.write_all(b"\n")
            .map_err(|err| Error::io("cannot write the ocr journal", err))?;
        Ok(Journal {
            file,
            langs: langs.to_string(),
            pages,
        })
    }

    /// What page `page` of `hash` gave, if it was read.
    pub fn get(&self, hash: &str, page: u32) -> Option<&PageOutcome> {
        self.pages.get(&(hash.to_string(), page))
    }

    /// Records a page, synced to disk before returning.
    pub fn record(&mut self, hash: &str, page: u32, outcome: PageOutcome) -> Result<()> {
        let line = Line {
            hash: hash.to_string(),
            page,
            langs: self.langs.clone(),
            outcome,
        };
        let mut bytes = serde_json::to_vec(&line).expect("a journal line serializes");
        bytes.push(b'\n');
        self.file
            .write_all(&bytes)
            .and_then(|()| self.file.sync_data())
            .map_err(|err| Error::io("cannot write the ocr journal", err))?;
        self.pages.insert((line.hash, page), line.outcome);
        Ok(())
    }

    /// Forgets the pages of `hash` once its documents are committed.
    pub fn release(&mut self, hash: &str, pages: &[u32]) {
        for &page in pages {
            self.pages.remove(&(hash.to_string(), page));
        }
    }
}
