//! Batch searches, private to the user who ran them. A batch is recorded
//! (and audited) when it starts, as `running`; its rows are stored as JSON
//! in one write when it is done. Only the process that started a batch can
//! finish it: the server shows a `running` batch it does not know as
//! `interrupted` (it stopped before the end).

use fouille_search::batch::BatchRow;
use rusqlite::{OptionalExtension, Row, params};
use serde::{Deserialize, Serialize};
use serde_json::json;

use crate::audit::record;
use crate::error::{Error, Result};
use crate::{Workspace, now};

/// Longest batch id accepted.
const MAX_ID_CHARS: usize = 64;

/// Where a batch is.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize, Deserialize)]
#[serde(rename_all = "lowercase")]
pub enum BatchStatus {
    /// Its queries are being run.
    Running,
    /// Every query was run; the rows are stored.
    Done,
    /// The server stopped before it was done.
    Interrupted,
}

impl BatchStatus {
    /// The name stored and served.
    pub const fn as_str(self) -> &'static str {
        match self {
            BatchStatus::Running => "running",
            BatchStatus::Done => "done",
            BatchStatus::Interrupted => "interrupted",
        }
    }

    fn parse(name: &str) -> BatchStatus {
        match name {
            "running" => BatchStatus::Running,
            "done" => BatchStatus::Done,
            // Anything else cannot be finished any more.
            _ => BatchStatus::Interrupted,
        }
    }
}

/// A stored batch.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct BatchRecord {
    /// Random hex id.
    pub id: String,
    /// Whose.
    pub user: String,
    /// RFC 3339 UTC.
    pub created: String,
    /// When it was done.
    pub finished: Option<String>,
    /// Where it is.
    pub status: BatchStatus,
    /// Number of queries.
    pub total: u64,
    /// The shared filters, as a query string (`from=…&after=…`).
    pub filters: String,
    /// One row per query once done; `None` before, and in lists.
    pub rows: Option<Vec<BatchRow>>,
}

fn record_of(row: &Row<'_>, with_rows: bool) -> rusqlite::Result<BatchRecord> {
    let status: String = row.get(4)?;
    let rows = if with_rows {
        let text: Option<String> = row.get(7)?;
        // Rows this build cannot read are shown as none rather than
        // failing the whole answer.
        text.map(|text| serde_json::from_str(&text).unwrap_or_default())
    } else {
        None
    };
    Ok(BatchRecord {
        id: row.get(0)?,
        user: row.get(1)?,
        created: row.get(2)?,
        finished: row.get(3)?,
        status: BatchStatus::parse(&status),
        total: row.get::<_, i64>(5)?.max(0) as u64,
        filters: row.get(6)?,
        rows,
    })
}

impl Workspace {
    /// Records that `user` started batch `id` of `total` queries with
    /// `filters`, and audits it in the same transaction.
    pub fn create_batch(
        &self,
        user: &str,
        id: &str,
        total: u64,
        filters: &str,
    ) -> Result<BatchRecord> {
        if id.is_empty() || id.len() > MAX_ID_CHARS {
            return Err(Error::BadInput(format!(
                "a batch id has 1 to {MAX_ID_CHARS} characters"
            )));
        }
        self.write(
            |transaction| {
                let at = now();
                let inserted = transaction.execute(
                    "INSERT OR IGNORE INTO batches (id, user, created, status, total, filters)
                     VALUES (?1, ?2, ?3, 'running', ?4, ?5)",
                    params![id, user, at, total as i64, filters],
                )?;
                if inserted == 0 {
                    return Err(Error::BadInput(format!("batch {id} exists already")));
                }
                record(transaction, user, "batch", id, json!({ "queries": total }))?;
                Ok(BatchRecord {
                    id: id.to_string(),
                    user: user.to_string(),
                    created: at,
                    finished: None,
                    status: BatchStatus::Running,
                    total,
                    filters: filters.to_string(),
                    rows: None,
                })
            },
            |_, _| {},
        )
    }

    /// Stores the rows of batch `id` and marks it done.
    pub fn finish_batch(&self, id: &str, rows: &[BatchRow]) -> Result<()> {
        let text = serde_json::to_string(rows)?;
        let changed = self.connection().execute(
            "UPDATE batches SET status = 'done', finished = ?1, rows = ?2
             WHERE id = ?3 AND status = 'running'",
            params![now(), text, id],
        )?;
        if changed == 0 {
            return Err(Error::NotFound(format!("no running batch {id}")));
        }
        Ok(())
    }

    /// `user`'s batches, newest first, without their rows.
    pub fn batches(&self, user: &str) -> Result<Vec<BatchRecord>> {
        let connection = self.connection();
        let mut statement = connection.prepare(
            "SELECT id, user, created, finished, status, total, filters FROM batches
             WHERE user = ?1 ORDER BY created DESC, rowid DESC",
        )?;
        let batches = statement
            .query_map([user], |row| record_of(row, false))?
            .collect::<rusqlite::Result<Vec<_>>>()?;
        Ok(batches)
    }

    /// `user`'s batch `id`, with its rows when done; another user's is not
    /// found.
    pub fn batch(&self, user: &str, id: &str) -> Result<BatchRecord> {
        let found = self
            .connection()
            .query_row(
                "SELECT id, user, created, finished, status, total, filters, rows FROM batches
                 WHERE id = ?1 AND user = ?2",
                params![id, user],
                |row| record_of(row, true),
            )
            .optional()?;
        found.ok_or_else(|| Error::NotFound(format!("no batch {id}")))
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::audit::AuditFilter;

    fn row(query: &str, total: u64) -> BatchRow {
        BatchRow {
            query: query.into(),
            total,
            error: None,
            top: Vec::new(),
        }
    }

    #[test]
    fn a_batch_is_its_users_and_is_audited() {
        let dir = tempfile::tempdir().unwrap();
        let workspace = Workspace::open(&dir.path().join("w.sqlite")).unwrap();
        let created = workspace
            .create_batch("alice", "0123456789abcdef", 2, "from=a%40b.fr")
            .unwrap();
        assert_eq!(created.status, BatchStatus::Running);
        assert!(matches!(
            workspace.create_batch("alice", "0123456789abcdef", 2, ""),
            Err(Error::BadInput(_))
        ));
        assert!(matches!(
            workspace.batch("bob", "0123456789abcdef"),
            Err(Error::NotFound(_))
        ));
        assert_eq!(workspace.batches("bob").unwrap(), Vec::new());
        let rows = [row("lay", 3), row("skilling", 0)];
        workspace.finish_batch("0123456789abcdef", &rows).unwrap();
        assert!(matches!(
            workspace.finish_batch("0123456789abcdef", &rows),
            Err(Error::NotFound(_))
        ));
        let done = workspace.batch("alice", "0123456789abcdef").unwrap();
        assert_eq!(done.status, BatchStatus::Done);
        assert_eq!(done.rows.as_deref(), Some(&rows[..]));
        assert_eq!(done.filters, "from=a%40b.fr");
        assert!(done.finished.is_some());
        let audit = workspace.audit(&AuditFilter::default()).unwrap();
        assert_eq!(audit.len(), 1);
        assert_eq!(
            (
                audit[0].user.as_str(),
                audit[0].action.as_str(),
                audit[0].target.as_str()
            ),
            ("alice", "batch", "0123456789abcdef")
        );
        assert_eq!(audit[0].detail, json!({ "queries": 2 }));
    }

    #[test]
    fn batches_are_listed_newest_first_and_survive_a_reopen() {
        let dir = tempfile::tempdir().unwrap();
        let path = dir.path().join("w.sqlite");
        {
            let workspace = Workspace::open(&path).unwrap();
            workspace.create_batch("alice", "aaaa", 1, "").unwrap();
            workspace.create_batch("alice", "bbbb", 5, "").unwrap();
            workspace.finish_batch("aaaa", &[row("x", 1)]).unwrap();
        }
        let workspace = Workspace::open(&path).unwrap();
        let listed: Vec<(String, BatchStatus, Option<Vec<BatchRow>>)> = workspace
            .batches("alice")
            .unwrap()
            .into_iter()
            .map(|batch| (batch.id, batch.status, batch.rows))
            .collect();
        assert_eq!(
            listed,
            [
                ("bbbb".to_string(), BatchStatus::Running, None),
                ("aaaa".to_string(), BatchStatus::Done, None),
            ]
        );
    }
}
