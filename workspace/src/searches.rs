//! Saved searches, private to the user who saved them. Each keeps what its
//! user saw when they last opened it (a hash of every match's id), so the
//! list can say how many matches are new since.

use rusqlite::{OptionalExtension, Row, params};
use serde::{Deserialize, Serialize};
use serde_json::json;

use crate::audit::record;
use crate::error::{Error, Result};
use crate::{Workspace, now};

/// Longest name of a saved search, in characters.
pub const MAX_NAME_CHARS: usize = 200;
/// Saved searches one user may keep.
pub const MAX_SEARCHES_PER_USER: usize = 200;

/// A saved search.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct SavedSearch {
    /// Number, for its URL and its feed.
    pub id: i64,
    /// Whose.
    pub user: String,
    /// Name.
    pub name: String,
    /// The UI's query string (`q=…&from=…`).
    pub query: String,
    /// RFC 3339 UTC.
    pub created: String,
    /// When its user last opened it.
    pub opened: Option<String>,
}

/// A match's place in a snapshot: the first 8 bytes of its id.
pub fn seen_key(key: fouille_search::marks::DocKey) -> u64 {
    (key >> 64) as u64
}

fn search_of(row: &Row<'_>) -> rusqlite::Result<SavedSearch> {
    Ok(SavedSearch {
        id: row.get(0)?,
        user: row.get(1)?,
        name: row.get(2)?,
        query: row.get(3)?,
        created: row.get(4)?,
        opened: row.get(5)?,
    })
}

const COLUMNS: &str = "id, user, name, query, created, opened";

/// A row of [`COLUMNS`] and `seen`.
fn search_and_seen(row: &Row<'_>) -> rusqlite::Result<(SavedSearch, Option<Vec<u64>>)> {
    let seen: Option<Vec<u8>> = row.get(6)?;
    Ok((search_of(row)?, seen.as_deref().map(from_blob)))
}

fn to_blob(seen: &[u64]) -> Vec<u8> {
    let mut seen = seen.to_vec();
    seen.sort_unstable();
    seen.dedup();
    seen.iter().flat_map(|key| key.to_le_bytes()).collect()
}

fn from_blob(blob: &[u8]) -> Vec<u64> {
    blob.chunks_exact(8)
        .map(|chunk| u64::from_le_bytes(chunk.try_into().expect("8 bytes")))
        .collect()
}

impl Workspace {
    /// Saves a search for `user`, with what it matches now (`seen`, as
    /// [`seen_key`]s) as already seen.
    pub fn save_search(
        &self,
        user: &str,
        name: &str,
        query: &str,
        seen: &[u64],
    ) -> Result<SavedSearch> {
        let name = name.split_whitespace().collect::<Vec<_>>().join(" ");
        if name.is_empty() || name.chars().count() > MAX_NAME_CHARS {
            return Err(Error::BadInput(format!(
                "a saved search needs a name of 1 to {MAX_NAME_CHARS} characters"
            )));
        }
        if self.searches(user)?.len() >= MAX_SEARCHES_PER_USER {
            return Err(Error::BadInput(format!(
                "at most {MAX_SEARCHES_PER_USER} saved searches per user"
            )));
        }
        self.write(
            |transaction| {
                let at = now();
                let inserted = transaction.execute(
                    "INSERT OR IGNORE INTO searches (user, name, query, created, opened, seen)
                     VALUES (?1, ?2, ?3, ?4, ?4, ?5)",
                    params![user, name, query, at, to_blob(seen)],
                )?;
                if inserted == 0 {
                    return Err(Error::BadInput(format!(
                        "you already have a saved search named {name:?}"
                    )));
                }
                let id = transaction.last_insert_rowid();
                record(
                    transaction,
                    user,
                    "search_save",
                    &id.to_string(),
                    json!({ "name": name, "query": query }),
                )?;
                Ok(SavedSearch {
                    id,
                    user: user.to_string(),
                    name: name.clone(),
                    query: query.to_string(),
                    created: at.clone(),
                    opened: Some(at),
                })
            },
            |_, _| {},
        )
    }

    /// `user`'s saved searches, by name.
    pub fn searches(&self, user: &str) -> Result<Vec<SavedSearch>> {
        let connection = self.connection();
        let mut statement = connection.prepare(&format!(
            "SELECT {COLUMNS} FROM searches WHERE user = ?1 ORDER BY name"
        ))?;
        let searches = statement
            .query_map([user], search_of)?
            .collect::<rusqlite::Result<Vec<_>>>()?;
        Ok(searches)
    }

    /// `user`'s saved searches, by name, each with what they saw when they
    /// last opened it (as [`Workspace::saved_search`] gives it).
    pub fn searches_seen(&self, user: &str) -> Result<Vec<(SavedSearch, Option<Vec<u64>>)>> {
        let connection = self.connection();
        let mut statement = connection.prepare(&format!(
            "SELECT {COLUMNS}, seen FROM searches WHERE user = ?1 ORDER BY name"
        ))?;
        let searches = statement
            .query_map([user], search_and_seen)?
            .collect::<rusqlite::Result<Vec<_>>>()?;
        Ok(searches)
    }

    /// `user`'s saved search `id`, with what they saw when they last
    /// opened it (sorted [`seen_key`]s); `None` when nothing was recorded
    /// (imported, not opened since).
    pub fn saved_search(&self, user: &str, id: i64) -> Result<(SavedSearch, Option<Vec<u64>>)> {
        let connection = self.connection();
        let found = connection
            .query_row(
                &format!("SELECT {COLUMNS}, seen FROM searches WHERE id = ?1 AND user = ?2"),
                params![id, user],
                search_and_seen,
            )
            .optional()?;
        found.ok_or_else(|| Error::NotFound(format!("no saved search {id}")))
    }

    /// Records that `user` opened saved search `id` and saw `seen`.
    pub fn open_search(&self, user: &str, id: i64, seen: &[u64]) -> Result<SavedSearch> {
        let (search, _) = self.saved_search(user, id)?;
        let at = now();
        // Not in the trail: opening changes nothing the team shares.
        self.connection().execute(
            "UPDATE searches SET opened = ?1, seen = ?2 WHERE id = ?3",
            params![at, to_blob(seen), id],
        )?;
        Ok(SavedSearch {
            opened: Some(at),
            ..search
        })
    }

    /// Deletes `user`'s saved search `id`.
    pub fn delete_search(&self, user: &str, id: i64) -> Result<()> {
        let (search, _) = self.saved_search(user, id)?;
        self.write(
            |transaction| {
                transaction.execute("DELETE FROM searches WHERE id = ?1", [id])?;
                record(
                    transaction,
                    user,
                    "search_delete",
                    &id.to_string(),
                    json!({ "name": search.name }),
                )
            },
            |_, _| {},
        )
    }
}

/// How many of `now` (sorted or not) are not in `seen` (sorted).
pub fn count_new(now: &[u64], seen: &[u64]) -> usize {
    now.iter()
        .filter(|key| seen.binary_search(key).is_err())
        .count()
}
