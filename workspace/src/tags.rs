//! Tags, shared by the team, and stars, private to each user.

use fouille_search::marks::{Marks, doc_key, normalize_tag};
use rusqlite::params;
use serde::{Deserialize, Serialize};
use serde_json::json;

use crate::audit::record;
use crate::error::{Error, Result};
use crate::{Workspace, now};

/// A tag and how many documents carry it.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct TagCount {
    /// The tag.
    pub name: String,
    /// Documents with it.
    pub count: u64,
}

/// Distinct tags a workspace may hold: each costs every search a bitset
/// per index segment for the `tag` facet (125 KiB at a million documents).
pub const MAX_TAGS: usize = 1_000;

/// The tag as kept, or why it cannot be one.
pub fn tag_name(name: &str) -> Result<String> {
    normalize_tag(name).ok_or_else(|| {
        Error::BadInput(format!(
            "{name:?} is not a tag: 1 to {} characters, without / or control characters",
            fouille_search::marks::MAX_TAG_CHARS
        ))
    })
}

fn check_id(id: &str) -> Result<()> {
    doc_key(id)
        .map(|_| ())
        .ok_or_else(|| Error::BadInput(format!("{id:?} is not a document id")))
}

impl Workspace {
    /// Refuses a tag that would be one too many.
    fn check_room(&self, tag: &str) -> Result<()> {
        let mirror = self.mirror();
        if mirror.tags.len() >= MAX_TAGS && !mirror.tags.contains_key(tag) {
            return Err(Error::BadInput(format!(
                "the workspace holds {MAX_TAGS} tags already: reuse one, or remove one everywhere first"
            )));
        }
        Ok(())
    }

    /// Tags document `id`; `false` when it already had the tag.
    pub fn tag(&self, user: &str, id: &str, tag: &str) -> Result<bool> {
        check_id(id)?;
        let tag = tag_name(tag)?;
        self.check_room(&tag)?;
        self.write(
            |transaction| {
                let added = transaction.execute(
                    "INSERT OR IGNORE INTO tags (tag, message, user, at) VALUES (?1, ?2, ?3, ?4)",
                    params![tag, id, user, now()],
                )? > 0;
                if added {
                    record(transaction, user, "tag", id, json!({ "tag": tag }))?;
                }
                Ok(added)
            },
            |mirror, _| mirror.add_tag(&tag, id),
        )
    }

    /// Removes a tag from document `id`; `false` when it did not have it.
    pub fn untag(&self, user: &str, id: &str, tag: &str) -> Result<bool> {
        check_id(id)?;
        let tag = tag_name(tag)?;
        self.write(
            |transaction| {
                let removed = transaction.execute(
                    "DELETE FROM tags WHERE tag = ?1 AND message = ?2",
                    params![tag, id],
                )? > 0;
                if removed {
                    record(transaction, user, "untag", id, json!({ "tag": tag }))?;
                }
                Ok(removed)
            },
            |mirror, _| mirror.remove_tag(&tag, id),
        )
    }

    /// Tags every document of `ids` (the matches of `query`, recorded in
    /// the trail) in one transaction; how many did not have it yet.
    pub fn tag_many(&self, user: &str, tag: &str, ids: &[String], query: &str) -> Result<usize> {
        let tag = tag_name(tag)?;
        self.check_room(&tag)?;
        for id in ids {
            check_id(id)?;
        }
        self.write(
            |transaction| {
                let at = now();
                let mut insert = transaction.prepare(
                    "INSERT OR IGNORE INTO tags (tag, message, user, at) VALUES (?1, ?2, ?3, ?4)",
                )?;
                let mut added = 0;
                for id in ids {
                    added += insert.execute(params![tag, id, user, at])?;
                }
                record(
                    transaction,
                    user,
                    "tag_search",
                    &tag,
                    json!({ "query": query, "matches": ids.len(), "added": added }),
                )?;
                Ok(added)
            },
            |mirror, _| {
                for id in ids {
                    mirror.add_tag(&tag, id);
                }
            },
        )
    }

    /// Removes a tag from every document; how many had it.
    pub fn untag_all(&self, user: &str, tag: &str) -> Result<usize> {
        let tag = tag_name(tag)?;
        self.write(
            |transaction| {
                let removed = transaction.execute("DELETE FROM tags WHERE tag = ?1", [&tag])?;
                if removed > 0 {
                    record(
                        transaction,
                        user,
                        "untag_all",
                        &tag,
                        json!({ "removed": removed }),
                    )?;
                }
                Ok(removed)
            },
            |mirror, _| mirror.drop_tag(&tag),
        )
    }

    /// Every tag with its count, most used first.
    pub fn tags(&self) -> Vec<TagCount> {
        let mirror = self.mirror();
        let mut tags: Vec<TagCount> = mirror
            .tags
            .iter()
            .map(|(name, set)| TagCount {
                name: name.clone(),
                count: set.len() as u64,
            })
            .collect();
        tags.sort_by(|a, b| b.count.cmp(&a.count).then_with(|| a.name.cmp(&b.name)));
        tags
    }

    /// The tags of document `id`, sorted.
    pub fn tags_of(&self, id: &str) -> Vec<String> {
        self.of(None, id).tags
    }

    /// Stars or unstars document `id` for `user`; `false` when nothing
    /// changed.
    pub fn star(&self, user: &str, id: &str, on: bool) -> Result<bool> {
        check_id(id)?;
        self.write(
            |transaction| {
                let changed = if on {
                    transaction.execute(
                        "INSERT OR IGNORE INTO stars (user, message, at) VALUES (?1, ?2, ?3)",
                        params![user, id, now()],
                    )?
                } else {
                    transaction.execute(
                        "DELETE FROM stars WHERE user = ?1 AND message = ?2",
                        params![user, id],
                    )?
                } > 0;
                if changed {
                    let action = if on { "star" } else { "unstar" };
                    record(transaction, user, action, id, json!({}))?;
                }
                Ok(changed)
            },
            |mirror, _| mirror.set_star(user, id, on),
        )
    }

    /// Whether `user` starred document `id`.
    pub fn is_starred(&self, user: &str, id: &str) -> bool {
        self.of(Some(user), id).starred
    }
}
