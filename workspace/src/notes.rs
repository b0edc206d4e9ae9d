//! Notes on documents: shared ones every user sees, private ones only their
//! author. Only the author may edit or delete a note. Another user's
//! private note is answered as missing, so its existence does not leak.

use fouille_search::marks::{Note, doc_key};
use rusqlite::{OptionalExtension, Row, Transaction, params};
use serde_json::json;

use crate::audit::record;
use crate::error::{Error, Result};
use crate::{Workspace, now};

/// Longest note, in characters.
pub const MAX_NOTE_CHARS: usize = 20_000;

/// A change to a note: what is given is replaced.
#[derive(Debug, Clone, Default)]
pub struct NoteEdit {
    /// New text.
    pub text: Option<String>,
    /// Now private, or now shared.
    pub private: Option<bool>,
}

fn check_text(text: &str) -> Result<String> {
    let text = text.trim();
    if text.is_empty() {
        return Err(Error::BadInput("a note needs some text".into()));
    }
    if text.chars().count() > MAX_NOTE_CHARS {
        return Err(Error::BadInput(format!(
            "a note holds at most {MAX_NOTE_CHARS} characters"
        )));
    }
    Ok(text.to_string())
}

fn note_of(row: &Row<'_>) -> rusqlite::Result<Note> {
    Ok(Note {
        id: row.get(0)?,
        message_id: row.get(1)?,
        author: row.get(2)?,
        text: row.get(3)?,
        private: row.get(4)?,
        created: row.get(5)?,
        updated: row.get(6)?,
    })
}

const COLUMNS: &str = "id, message, author, text, private, created, updated";

/// What the trail keeps of a note: its text only when it is shared (a
/// private note stays private, from the trail's readers too).
fn trail(note: &Note) -> serde_json::Value {
    if note.private {
        json!({ "private": true })
    } else {
        json!({ "private": false, "text": note.text })
    }
}

/// Note `note`, if `user` wrote it: another author's shared note is
/// `Forbidden`, another author's private note is as missing as a note that
/// does not exist.
fn own_note(transaction: &Transaction<'_>, user: &str, note: i64, verb: &str) -> Result<Note> {
    let found = transaction
        .query_row(
            &format!("SELECT {COLUMNS} FROM notes WHERE id = ?1"),
            [note],
            note_of,
        )
        .optional()?;
    match found {
        Some(found) if found.author == user => Ok(found),
        Some(found) if !found.private => Err(Error::Forbidden(format!(
            "note {note} is {}'s: only its author may {verb} it",
            found.author
        ))),
        _ => Err(Error::NotFound(format!("no note {note}"))),
    }
}

impl Workspace {
    /// Adds a note to document `id`.
    pub fn add_note(&self, user: &str, id: &str, text: &str, private: bool) -> Result<Note> {
        if doc_key(id).is_none() {
            return Err(Error::BadInput(format!("{id:?} is not a document id")));
        }
        let text = check_text(text)?;
        self.write(
            |transaction| {
                let at = now();
                transaction.execute(
                    "INSERT INTO notes (message, author, text, private, created, updated)
                     VALUES (?1, ?2, ?3, ?4, ?5, ?5)",
                    params![id, user, text, private, at],
                )?;
                let note = Note {
                    id: transaction.last_insert_rowid(),
                    message_id: id.to_string(),
                    author: user.to_string(),
                    text: text.clone(),
                    private,
                    created: at.clone(),
                    updated: at,
                };
                let mut detail = trail(&note);
                detail["note"] = json!(note.id);
                record(transaction, user, "note_add", id, detail)?;
                Ok(note)
            },
            |mirror, note| {
                mirror.put_note(note.id, id, user.to_string(), private, &note.text);
            },
        )
    }

    /// Changes note `note`, if `user` wrote it.
    pub fn edit_note(&self, user: &str, note: i64, edit: &NoteEdit) -> Result<Note> {
        let text = edit.text.as_deref().map(check_text).transpose()?;
        self.write(
            |transaction| {
                // Read in the write's transaction: a note deleted meanwhile
                // (another tab) is not brought back.
                let old = own_note(transaction, user, note, "change")?;
                let updated = now();
                let new = Note {
                    text: text.clone().unwrap_or_else(|| old.text.clone()),
                    private: edit.private.unwrap_or(old.private),
                    updated,
                    ..old.clone()
                };
                transaction.execute(
                    "UPDATE notes SET text = ?1, private = ?2, updated = ?3 WHERE id = ?4",
                    params![new.text, new.private, new.updated, note],
                )?;
                let mut detail = trail(&new);
                detail["note"] = json!(note);
                if !old.private {
                    detail["previous"] = json!(old.text);
                }
                record(transaction, user, "note_edit", &old.message_id, detail)?;
                Ok(new)
            },
            |mirror, new| {
                mirror.put_note(
                    note,
                    &new.message_id,
                    user.to_string(),
                    new.private,
                    &new.text,
                );
            },
        )
    }

    /// Deletes note `note`, if `user` wrote it.
    pub fn delete_note(&self, user: &str, note: i64) -> Result<()> {
        self.write(
            |transaction| {
                let old = own_note(transaction, user, note, "delete")?;
                transaction.execute("DELETE FROM notes WHERE id = ?1", [note])?;
                let mut detail = json!({ "note": note });
                if !old.private {
                    detail["previous"] = json!(old.text);
                }
                record(transaction, user, "note_delete", &old.message_id, detail)
            },
            |mirror, _| mirror.remove_note(note),
        )
    }

    /// The notes on document `id` that `user` may see, oldest first.
    pub fn notes_of(&self, user: Option<&str>, id: &str) -> Result<Vec<Note>> {
        let connection = self.connection();
        let mut statement = connection.prepare(&format!(
            "SELECT {COLUMNS} FROM notes WHERE message = ?1 AND (private = 0 OR author = ?2)
             ORDER BY id"
        ))?;
        let notes = statement
            .query_map(params![id, user], note_of)?
            .collect::<rusqlite::Result<Vec<_>>>()?;
        Ok(notes)
    }
}
