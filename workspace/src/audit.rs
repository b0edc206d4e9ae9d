//! The audit trail: every write appends who did what to which document or
//! tag, and when, in the same transaction as the write itself, so the trail
//! cannot miss a change that was kept. `fouille audit` prints it; the API
//! does not serve it (see docs/SECURITY.md).

use rusqlite::{Transaction, params};
use serde::{Deserialize, Serialize};

use crate::error::Result;
use crate::{Workspace, now};

/// One write.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct AuditEntry {
    /// Sequence number.
    pub id: i64,
    /// RFC 3339 UTC.
    pub at: String,
    /// Who.
    pub user: String,
    /// What: `tag`, `untag`, `tag_search`, `untag_all`, `star`, `unstar`,
    /// `note_add`, `note_edit`, `note_delete`, `search_save`,
    /// `search_delete`, `batch`, `import`.
    pub action: String,
    /// A document id, tag, note or search number.
    pub target: String,
    /// Details (JSON): a tag's name, a count, a shared note's text.
    pub detail: serde_json::Value,
}

/// Which entries to print.
#[derive(Debug, Clone, Default)]
pub struct AuditFilter {
    /// Only this user's.
    pub user: Option<String>,
    /// Only on or after this time (RFC 3339 or `YYYY-MM-DD`).
    pub since: Option<String>,
    /// At most this many, the latest.
    pub limit: Option<usize>,
}

/// Appends an entry, inside the write's transaction.
pub(crate) fn record(
    transaction: &Transaction<'_>,
    user: &str,
    action: &str,
    target: &str,
    detail: serde_json::Value,
) -> Result<()> {
    transaction.execute(
        "INSERT INTO audit (at, user, action, target, detail) VALUES (?1, ?2, ?3, ?4, ?5)",
        params![now(), user, action, target, detail.to_string()],
    )?;
    Ok(())
}

impl Workspace {
    /// The trail, oldest first.
    pub fn audit(&self, filter: &AuditFilter) -> Result<Vec<AuditEntry>> {
        let connection = self.connection();
        let mut statement = connection.prepare(
            "SELECT id, at, user, action, target, detail FROM audit
             WHERE (?1 IS NULL OR user = ?1) AND (?2 IS NULL OR at >= ?2)
             ORDER BY id DESC LIMIT ?3",
        )?;
        let limit = filter.limit.map_or(-1, |limit| limit as i64);
        let mut entries = statement
            .query_map(params![filter.user, filter.since, limit], |row| {
                let detail: String = row.get(5)?;
                Ok(AuditEntry {
                    id: row.get(0)?,
                    at: row.get(1)?,
                    user: row.get(2)?,
                    action: row.get(3)?,
                    target: row.get(4)?,
                    detail: serde_json::from_str(&detail).unwrap_or(serde_json::Value::Null),
                })
            })?
            .collect::<rusqlite::Result<Vec<_>>>()?;
        entries.reverse();
        Ok(entries)
    }
}
