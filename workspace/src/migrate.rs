//! The workspace's schema, versioned with SQLite's `user_version`: each
//! migration runs once, in its own transaction, in order. A file made by a
//! newer Fouille is refused rather than guessed at.
//!
//! | version | adds |
//! |---------|------|
//! | 1 | tags, stars, notes, the audit trail |
//! | 2 | saved searches, batch searches |

use rusqlite::{Connection, TransactionBehavior};

use crate::error::{Error, Result};

/// Version 1: the marks on documents and who made them.
const V1: &str = "
CREATE TABLE tags (
    tag TEXT NOT NULL,
    message TEXT NOT NULL,
    user TEXT NOT NULL,
    at TEXT NOT NULL,
    PRIMARY KEY (tag, message)
) WITHOUT ROWID;
CREATE INDEX tags_by_message ON tags (message);
CREATE TABLE stars (
    user TEXT NOT NULL,
    message TEXT NOT NULL,
    at TEXT NOT NULL,
    PRIMARY KEY (user, message)
) WITHOUT ROWID;
CREATE TABLE notes (
    id INTEGER PRIMARY KEY AUTOINCREMENT,
    message TEXT NOT NULL,
    author TEXT NOT NULL,
    text TEXT NOT NULL,
    private INTEGER NOT NULL CHECK (private IN (0, 1)),
    created TEXT NOT NULL,
    updated TEXT NOT NULL
);
CREATE INDEX notes_by_message ON notes (message);
CREATE TABLE audit (
    id INTEGER PRIMARY KEY AUTOINCREMENT,
    at TEXT NOT NULL,
    user TEXT NOT NULL,
    action TEXT NOT NULL,
    target TEXT NOT NULL,
    detail TEXT NOT NULL DEFAULT '{}'
);
";

/// Version 2: saved searches (with what their user saw when last opening
/// them) and batch searches.
const V2: &str = "
CREATE TABLE searches (
    id INTEGER PRIMARY KEY AUTOINCREMENT,
    user TEXT NOT NULL,
    name TEXT NOT NULL,
    query TEXT NOT NULL,
    created TEXT NOT NULL,
    opened TEXT,
    seen BLOB
);
CREATE UNIQUE INDEX searches_by_name ON searches (user, name);
CREATE TABLE batches (
    id TEXT PRIMARY KEY,
    user TEXT NOT NULL,
    created TEXT NOT NULL,
    finished TEXT,
    status TEXT NOT NULL,
    total INTEGER NOT NULL,
    filters TEXT NOT NULL,
    rows TEXT
);
";

/// Every migration, in order; version N is the first N.
pub const MIGRATIONS: &[&str] = &[V1, V2];

/// The schema version this build writes.
pub const VERSION: i64 = MIGRATIONS.len() as i64;

/// The file's schema version.
pub fn version(connection: &Connection) -> Result<i64> {
    Ok(connection.query_row("PRAGMA user_version", [], |row| row.get(0))?)
}

/// Brings the schema to [`VERSION`], or refuses a newer one.
pub fn migrate(connection: &mut Connection) -> Result<()> {
    migrate_to(connection, VERSION)
}

/// Brings the schema to `target` (tests build older versions with it).
pub fn migrate_to(connection: &mut Connection, target: i64) -> Result<()> {
    // Taken before reading the version: two processes opening a new file at
    // once must not both create the tables.
    let transaction = connection.transaction_with_behavior(TransactionBehavior::Immediate)?;
    let found = version(&transaction)?;
    if found > VERSION {
        return Err(Error::TooNew {
            found,
            known: VERSION,
        });
    }
    for (index, migration) in MIGRATIONS.iter().enumerate() {
        let to = index as i64 + 1;
        if to <= found || to > target {
            continue;
        }
        transaction.execute_batch(migration)?;
        transaction.pragma_update(None, "user_version", to)?;
    }
    transaction.commit()?;
    Ok(())
}
