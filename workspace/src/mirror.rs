//! The marks held in memory, for searches: every tag's documents, every
//! user's stars, every note's words. They are loaded from the database when
//! the workspace opens (and again when another process changed it), and
//! updated after each committed write, so a search never waits on SQLite.

use std::collections::{BTreeMap, BTreeSet, HashMap};
use std::sync::{Arc, OnceLock};

use fouille_search::marks::{DocKey, IdSet, doc_key};
use rusqlite::Connection;

use crate::error::Result;
use crate::words::Words;

/// A set of documents and its revision.
#[derive(Debug, Default)]
pub(crate) struct Set {
    revision: u64,
    keys: BTreeSet<DocKey>,
    /// The sorted list searches take, made on first use after a change.
    frozen: OnceLock<Arc<Vec<DocKey>>>,
}

impl Set {
    pub(crate) fn contains(&self, key: DocKey) -> bool {
        self.keys.contains(&key)
    }

    pub(crate) fn len(&self) -> usize {
        self.keys.len()
    }

    pub(crate) fn id_set(&self) -> IdSet {
        IdSet {
            revision: self.revision,
            keys: Arc::clone(
                self.frozen
                    .get_or_init(|| Arc::new(self.keys.iter().copied().collect())),
            ),
        }
    }
}

/// A note's place and words.
#[derive(Debug)]
pub(crate) struct NoteEntry {
    pub(crate) key: DocKey,
    pub(crate) author: String,
    pub(crate) private: bool,
    pub(crate) words: Words,
}

impl NoteEntry {
    pub(crate) fn visible_to(&self, user: Option<&str>) -> bool {
        !self.private || user == Some(self.author.as_str())
    }
}

/// Everything searches read.
#[derive(Debug, Default)]
pub(crate) struct Mirror {
    pub(crate) tags: BTreeMap<String, Set>,
    pub(crate) stars: HashMap<String, Set>,
    pub(crate) notes: BTreeMap<i64, NoteEntry>,
    /// Gives every changed set a revision never used before.
    next_revision: u64,
}

impl Mirror {
    /// Everything in the database.
    pub(crate) fn load(connection: &Connection, first_revision: u64) -> Result<Mirror> {
        let mut mirror = Mirror {
            next_revision: first_revision,
            ..Mirror::default()
        };
        let mut statement = connection.prepare("SELECT tag, message FROM tags")?;
        let mut rows = statement.query([])?;
        while let Some(row) = rows.next()? {
            let (tag, id): (String, String) = (row.get(0)?, row.get(1)?);
            mirror.add_tag(&tag, &id);
        }
        let mut statement = connection.prepare("SELECT user, message FROM stars")?;
        let mut rows = statement.query([])?;
        while let Some(row) = rows.next()? {
            let (user, id): (String, String) = (row.get(0)?, row.get(1)?);
            mirror.set_star(&user, &id, true);
        }
        let mut statement =
            connection.prepare("SELECT id, message, author, private, text FROM notes")?;
        let mut rows = statement.query([])?;
        while let Some(row) = rows.next()? {
            let id: String = row.get(1)?;
            let text: String = row.get(4)?;
            mirror.put_note(row.get(0)?, &id, row.get(2)?, row.get(3)?, &text);
        }
        Ok(mirror)
    }

    /// The revision after the last one given (the next mirror starts there).
    pub(crate) fn next_revision(&self) -> u64 {
        self.next_revision
    }

    fn touch(next_revision: &mut u64, set: &mut Set) {
        *next_revision += 1;
        set.revision = *next_revision;
        set.frozen = OnceLock::new();
    }

    pub(crate) fn add_tag(&mut self, tag: &str, id: &str) {
        let Some(key) = doc_key(id) else {
            return;
        };
        let set = self.tags.entry(tag.to_string()).or_default();
        if set.keys.insert(key) {
            Self::touch(&mut self.next_revision, set);
        }
    }

    pub(crate) fn remove_tag(&mut self, tag: &str, id: &str) {
        let (Some(key), Some(set)) = (doc_key(id), self.tags.get_mut(tag)) else {
            return;
        };
        if set.keys.remove(&key) {
            Self::touch(&mut self.next_revision, set);
        }
        if set.keys.is_empty() {
            self.tags.remove(tag);
        }
    }

    pub(crate) fn drop_tag(&mut self, tag: &str) {
        self.tags.remove(tag);
    }

    pub(crate) fn set_star(&mut self, user: &str, id: &str, on: bool) {
        let Some(key) = doc_key(id) else {
            return;
        };
        let set = self.stars.entry(user.to_string()).or_default();
        let changed = if on {
            set.keys.insert(key)
        } else {
            set.keys.remove(&key)
        };
        if changed {
            Self::touch(&mut self.next_revision, set);
        }
    }

    pub(crate) fn put_note(
        &mut self,
        note: i64,
        id: &str,
        author: String,
        private: bool,
        text: &str,
    ) {
        let Some(key) = doc_key(id) else {
            return;
        };
        self.notes.insert(
            note,
            NoteEntry {
                key,
                author,
                private,
                words: Words::of(text),
            },
        );
    }

    pub(crate) fn remove_note(&mut self, note: i64) {
        self.notes.remove(&note);
    }
}
