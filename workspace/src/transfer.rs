//! A workspace as one JSON document, for backup and hand-over
//! (`fouille workspace export` / `import`). It holds everything, private
//! stars and notes and the audit trail included: it is for whoever keeps
//! the archive, not for sharing. Batch results are left out: they are
//! re-run from their queries.
//!
//! An import merges: what is already there stays, what is new is added,
//! nothing is deleted, and importing the same file twice changes nothing.
//! It runs in one transaction and is recorded in the trail.

use std::collections::HashSet;

use fouille_search::marks::{doc_key, normalize_tag};
use rusqlite::{Transaction, params};
use serde::{Deserialize, Serialize};
use serde_json::json;

use crate::audit::{AuditEntry, AuditFilter, record};
use crate::error::{Error, Result};
use crate::notes::MAX_NOTE_CHARS;
use crate::tags::MAX_TAGS;
use crate::{Workspace, now};

/// What the document says it is.
pub const FORMAT: &str = "fouille-workspace";
/// The version of the export format.
pub const FORMAT_VERSION: u32 = 1;

/// A whole workspace.
#[derive(Debug, Clone, Default, PartialEq, Serialize, Deserialize)]
pub struct WorkspaceExport {
    /// Always [`FORMAT`].
    pub format: String,
    /// [`FORMAT_VERSION`].
    pub version: u32,
    /// When it was written.
    pub exported: String,
    /// Tags.
    pub tags: Vec<TagRecord>,
    /// Stars.
    pub stars: Vec<StarRecord>,
    /// Notes.
    pub notes: Vec<NoteRecord>,
    /// Saved searches.
    pub searches: Vec<SearchRecord>,
    /// The audit trail.
    pub audit: Vec<AuditEntry>,
}

/// A tag on a document.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct TagRecord {
    /// Tag.
    pub tag: String,
    /// Document id.
    pub message: String,
    /// Who tagged.
    pub user: String,
    /// When.
    pub at: String,
}

/// A star.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct StarRecord {
    /// Whose.
    pub user: String,
    /// Document id.
    pub message: String,
    /// When.
    pub at: String,
}

/// A note.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct NoteRecord {
    /// Document id.
    pub message: String,
    /// Who wrote it.
    pub author: String,
    /// Text.
    pub text: String,
    /// Only its author sees it.
    pub private: bool,
    /// When written.
    pub created: String,
    /// When last changed.
    pub updated: String,
}

/// A saved search (what its user last saw is not kept: the first look
/// after an import counts nothing as new).
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct SearchRecord {
    /// Whose.
    pub user: String,
    /// Name.
    pub name: String,
    /// The UI's query string.
    pub query: String,
    /// When saved.
    pub created: String,
}

/// What an import added.
#[derive(Debug, Clone, Default, PartialEq, Eq, Serialize)]
pub struct ImportCounts {
    /// Tags added.
    pub tags: usize,
    /// Stars added.
    pub stars: usize,
    /// Notes added.
    pub notes: usize,
    /// Saved searches added.
    pub searches: usize,
    /// Trail entries added.
    pub audit: usize,
}

fn rows<T>(
    transaction: &Transaction<'_>,
    sql: &str,
    map: impl FnMut(&rusqlite::Row<'_>) -> rusqlite::Result<T>,
) -> Result<Vec<T>> {
    let mut statement = transaction.prepare(sql)?;
    let rows = statement
        .query_map([], map)?
        .collect::<rusqlite::Result<Vec<T>>>()?;
    Ok(rows)
}

impl Workspace {
    /// Everything, as of one transaction.
    pub fn export(&self) -> Result<WorkspaceExport> {
        let mut connection = self.connection();
        let transaction = connection.transaction()?;
        let tags = rows(
            &transaction,
            "SELECT tag, message, user, at FROM tags ORDER BY at, tag, message",
            |row| {
                Ok(TagRecord {
                    tag: row.get(0)?,
                    message: row.get(1)?,
                    user: row.get(2)?,
                    at: row.get(3)?,
                })
            },
        )?;
        let stars = rows(
            &transaction,
            "SELECT user, message, at FROM stars ORDER BY at, user, message",
            |row| {
                Ok(StarRecord {
                    user: row.get(0)?,
                    message: row.get(1)?,
                    at: row.get(2)?,
                })
            },
        )?;
        let notes = rows(
            &transaction,
            "SELECT message, author, text, private, created, updated FROM notes ORDER BY id",
            |row| {
                Ok(NoteRecord {
                    message: row.get(0)?,
                    author: row.get(1)?,
                    text: row.get(2)?,
                    private: row.get(3)?,
                    created: row.get(4)?,
                    updated: row.get(5)?,
                })
            },
        )?;
        let searches = rows(
            &transaction,
            "SELECT user, name, query, created FROM searches ORDER BY id",
            |row| {
                Ok(SearchRecord {
                    user: row.get(0)?,
                    name: row.get(1)?,
                    query: row.get(2)?,
                    created: row.get(3)?,
                })
            },
        )?;
        drop(transaction);
        drop(connection);
        Ok(WorkspaceExport {
            format: FORMAT.to_string(),
            version: FORMAT_VERSION,
            exported: now(),
            tags,
            stars,
            notes,
            searches,
            audit: self.audit(&AuditFilter::default())?,
        })
    }

    /// Merges an export into this workspace, as `user`.
    pub fn import(&self, user: &str, data: &WorkspaceExport) -> Result<ImportCounts> {
        if data.format != FORMAT || data.version > FORMAT_VERSION {
            return Err(Error::BadInput(format!(
                "not a workspace export this fouille reads (format {:?}, version {})",
                data.format, data.version
            )));
        }
        let existing: HashSet<String> = self.mirror().tags.keys().cloned().collect();
        check(data, &existing)?;
        let counts = self.write(
            |transaction| {
                let counts = merge(transaction, data)?;
                record(
                    transaction,
                    user,
                    "import",
                    "workspace",
                    json!({ "exported": data.exported, "added": counts }),
                )?;
                Ok(counts)
            },
            |_, _| {},
        )?;
        self.reload()?;
        Ok(counts)
    }
}

/// Refuses an export that names what cannot be a document, a tag or a
/// note, or that would make the workspace hold too many tags, before
/// anything is written.
fn check(data: &WorkspaceExport, existing: &HashSet<String>) -> Result<()> {
    let bad = |what: &str| Err(Error::BadInput(format!("the export holds {what}")));
    let ids = data
        .tags
        .iter()
        .map(|tag| &tag.message)
        .chain(data.stars.iter().map(|star| &star.message))
        .chain(data.notes.iter().map(|note| &note.message));
    for id in ids {
        if doc_key(id).is_none() {
            return bad(&format!("{id:?}, which is not a document id"));
        }
    }
    for tag in &data.tags {
        if normalize_tag(&tag.tag).as_deref() != Some(tag.tag.as_str()) {
            return bad(&format!("{:?}, which is not a tag", tag.tag));
        }
    }
    let mut tags: HashSet<&str> = existing.iter().map(String::as_str).collect();
    tags.extend(data.tags.iter().map(|tag| tag.tag.as_str()));
    if tags.len() > MAX_TAGS {
        return bad(&format!(
            "tags that would make {} in the workspace, over {MAX_TAGS}",
            tags.len()
        ));
    }
    for note in &data.notes {
        if note.text.trim().is_empty() || note.text.chars().count() > MAX_NOTE_CHARS {
            return bad("an empty note or one over 20,000 characters");
        }
    }
    Ok(())
}

fn merge(transaction: &Transaction<'_>, data: &WorkspaceExport) -> Result<ImportCounts> {
    let mut counts = ImportCounts::default();
    for tag in &data.tags {
        counts.tags += transaction.execute(
            "INSERT OR IGNORE INTO tags (tag, message, user, at) VALUES (?1, ?2, ?3, ?4)",
            params![tag.tag, tag.message.to_lowercase(), tag.user, tag.at],
        )?;
    }
    for star in &data.stars {
        counts.stars += transaction.execute(
            "INSERT OR IGNORE INTO stars (user, message, at) VALUES (?1, ?2, ?3)",
            params![star.user, star.message.to_lowercase(), star.at],
        )?;
    }
    for note in &data.notes {
        // The same note edited since the export is the same note.
        let message = note.message.to_lowercase();
        let exists: bool = transaction.query_row(
            "SELECT EXISTS (SELECT 1 FROM notes WHERE message = ?1 AND author = ?2 AND created = ?3)",
            params![message, note.author, note.created],
            |row| row.get(0),
        )?;
        if !exists {
            transaction.execute(
                "INSERT INTO notes (message, author, text, private, created, updated)
                 VALUES (?1, ?2, ?3, ?4, ?5, ?6)",
                params![
                    message,
                    note.author,
                    note.text,
                    note.private,
                    note.created,
                    note.updated
                ],
            )?;
            counts.notes += 1;
        }
    }
    for search in &data.searches {
        counts.searches += transaction.execute(
            "INSERT OR IGNORE INTO searches (user, name, query, created) VALUES (?1, ?2, ?3, ?4)",
            params![search.user, search.name, search.query, search.created],
        )?;
    }
    // An entry is known by all it says: two notes added to one document in
    // the same millisecond are two entries.
    let mut known: HashSet<(String, String, String, String, String)> = HashSet::new();
    {
        let mut statement =
            transaction.prepare("SELECT at, user, action, target, detail FROM audit")?;
        let mut found = statement.query([])?;
        while let Some(row) = found.next()? {
            let detail: String = row.get(4)?;
            let detail = serde_json::from_str::<serde_json::Value>(&detail)
                .map_or(detail, |value| value.to_string());
            known.insert((row.get(0)?, row.get(1)?, row.get(2)?, row.get(3)?, detail));
        }
    }
    for entry in &data.audit {
        let key = (
            entry.at.clone(),
            entry.user.clone(),
            entry.action.clone(),
            entry.target.clone(),
            entry.detail.to_string(),
        );
        if known.insert(key) {
            transaction.execute(
                "INSERT INTO audit (at, user, action, target, detail) VALUES (?1, ?2, ?3, ?4, ?5)",
                params![
                    entry.at,
                    entry.user,
                    entry.action,
                    entry.target,
                    entry.detail.to_string()
                ],
            )?;
            counts.audit += 1;
        }
    }
    Ok(counts)
}
