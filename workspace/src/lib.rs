//! The team's workspace: what reporters add to an archive that stays
//! immutable. Tags (shared), stars (private to each user), notes (shared or
//! private), saved searches, batch searches, and an audit trail of every
//! write, in one SQLite file beside the archive (`ARCHIVE/workspace.sqlite`,
//! or anywhere with `--workspace`).
//!
//! SQLite runs in WAL mode with `synchronous=FULL`: a write is acknowledged
//! only after its transaction reached the disk, so it survives a kill -9 or
//! a power cut. Searches read an in-memory copy of the marks ([`mirror`]),
//! updated after each commit and reloaded when another process (an
//! `import`) changed the file.
//!
//! - [`migrate`]: the versioned schema.
//! - [`tags`], [`notes`], [`searches`], [`batches`]: each kind of state.
//! - [`audit`]: who changed what, when.
//! - [`transfer`]: export to JSON and import, for backup and hand-over.

pub mod audit;
pub mod batches;
mod error;
mod marks;
pub mod migrate;
mod mirror;
pub mod notes;
pub mod searches;
pub mod tags;
pub mod transfer;
mod words;

use std::path::{Path, PathBuf};
use std::sync::{Arc, Mutex, MutexGuard, RwLock, RwLockReadGuard, RwLockWriteGuard};
use std::time::{Duration, Instant};

use rusqlite::{Connection, OpenFlags, Transaction, TransactionBehavior};

pub use error::{Error, Result};

use crate::mirror::Mirror;

/// The file name of a workspace inside its archive.
pub const FILE_NAME: &str = "workspace.sqlite";

/// How often searches look whether another process changed the file.
const EXTERNAL_CHECK: Duration = Duration::from_millis(500);

/// An open workspace, cheap to clone and shared by every request.
#[derive(Clone)]
pub struct Workspace {
    inner: Arc<Inner>,
}

struct Inner {
    path: PathBuf,
    connection: Mutex<Connection>,
    mirror: RwLock<Mirror>,
    /// The last look for changes made by other processes, and SQLite's
    /// `data_version` then.
    external: Mutex<(Instant, i64)>,
}

/// The workspace of an archive kept in `archive`, unless `file` names
/// another.
pub fn default_path(archive: &Path, file: Option<&Path>) -> PathBuf {
    file.map_or_else(|| archive.join(FILE_NAME), Path::to_path_buf)
}

/// Now, as stored: RFC 3339 UTC with milliseconds, so that text order is
/// time order.
pub(crate) fn now() -> String {
    jiff::Timestamp::now()
        .strftime("%Y-%m-%dT%H:%M:%S%.3fZ")
        .to_string()
}

impl Workspace {
    /// Opens the workspace at `path`, creating it (and migrating it to this
    /// build's schema) as needed.
    pub fn open(path: &Path) -> Result<Workspace> {
        let mut connection = Connection::open(path)?;
        connection.busy_timeout(Duration::from_secs(10))?;
        // WAL: readers never block the writer; FULL: a commit is on disk
        // before it is acknowledged.
        connection.pragma_update(None, "journal_mode", "WAL")?;
        connection.pragma_update(None, "synchronous", "FULL")?;
        connection.pragma_update(None, "foreign_keys", true)?;
        migrate::migrate(&mut connection)?;
        Workspace::from_connection(path, connection)
    }

    /// Opens an existing workspace without writing to it (for a search
    /// from the terminal on read-only media); `Ok(None)` when there is
    /// none.
    pub fn open_read_only(path: &Path) -> Result<Option<Workspace>> {
        if !path.exists() {
            return Ok(None);
        }
        let connection = Connection::open_with_flags(
            path,
            OpenFlags::SQLITE_OPEN_READ_ONLY | OpenFlags::SQLITE_OPEN_NO_MUTEX,
        )?;
        connection.busy_timeout(Duration::from_secs(10))?;
        let found = migrate::version(&connection)?;
        if found > migrate::VERSION {
            return Err(Error::TooNew {
                found,
                known: migrate::VERSION,
            });
        }
        if found < migrate::VERSION {
            return Err(Error::BadInput(format!(
                "{} has schema version {found}; open it once writable (fouille serve) to migrate it",
                path.display()
            )));
        }
        Workspace::from_connection(path, connection).map(Some)
    }

    fn from_connection(path: &Path, connection: Connection) -> Result<Workspace> {
        let mirror = Mirror::load(&connection, 0)?;
        let data_version = data_version(&connection)?;
        Ok(Workspace {
            inner: Arc::new(Inner {
                path: path.to_path_buf(),
                connection: Mutex::new(connection),
                mirror: RwLock::new(mirror),
                external: Mutex::new((Instant::now(), data_version)),
            }),
        })
    }

    /// Where the file is.
    pub fn path(&self) -> &Path {
        &self.inner.path
    }

    pub(crate) fn connection(&self) -> MutexGuard<'_, Connection> {
        self.inner
            .connection
            .lock()
            .unwrap_or_else(|poison| poison.into_inner())
    }

    /// The marks, after a look (at most every half second) for changes
    /// another process made.
    pub(crate) fn mirror(&self) -> RwLockReadGuard<'_, Mirror> {
        self.refresh();
        self.inner
            .mirror
            .read()
            .unwrap_or_else(|poison| poison.into_inner())
    }

    fn mirror_mut(&self) -> RwLockWriteGuard<'_, Mirror> {
        self.inner
            .mirror
            .write()
            .unwrap_or_else(|poison| poison.into_inner())
    }

    /// Reloads the marks if another connection committed since the last
    /// look. Failures keep the marks as they are: a search must not fail
    /// because the file is momentarily busy.
    fn refresh(&self) {
        let mut external = self
            .inner
            .external
            .lock()
            .unwrap_or_else(|poison| poison.into_inner());
        if external.0.elapsed() < EXTERNAL_CHECK {
            return;
        }
        external.0 = Instant::now();
        // A write in progress (a bulk tag, its fsync) must not hold up
        // searches: look again next time.
        let Ok(connection) = self.inner.connection.try_lock() else {
            return;
        };
        let Ok(version) = data_version(&connection) else {
            return;
        };
        if version == external.1 {
            return;
        }
        // Revisions must never be given twice: they key cached bitsets.
        let next = self
            .inner
            .mirror
            .read()
            .unwrap_or_else(|poison| poison.into_inner())
            .next_revision();
        if let Ok(mirror) = Mirror::load(&connection, next + 1) {
            *self.mirror_mut() = mirror;
            external.1 = version;
        }
    }

    /// Reads the marks again from the file (after an import).
    pub(crate) fn reload(&self) -> Result<()> {
        let connection = self.connection();
        let next = self.mirror_mut().next_revision();
        let mirror = Mirror::load(&connection, next + 1)?;
        *self.mirror_mut() = mirror;
        Ok(())
    }

    /// Runs `change` in one immediate transaction, commits it (to disk),
    /// then applies `apply` to the marks in memory, in commit order.
    pub(crate) fn write<T>(
        &self,
        change: impl FnOnce(&Transaction<'_>) -> Result<T>,
        apply: impl FnOnce(&mut Mirror, &T),
    ) -> Result<T> {
        let mut connection = self.connection();
        let transaction = connection.transaction_with_behavior(TransactionBehavior::Immediate)?;
        let out = change(&transaction)?;
        transaction.commit()?;
        apply(&mut self.mirror_mut(), &out);
        Ok(out)
    }
}

fn data_version(connection: &Connection) -> Result<i64> {
    Ok(connection.query_row("PRAGMA data_version", [], |row| row.get(0))?)
}
