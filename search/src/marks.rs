//! The team's marks on documents (tags, stars, notes) as the read path sees
//! them. The archive is immutable: marks live in the team's workspace, which
//! implements [`Marks`]; the query language (`tag:`, `is:starred`,
//! `has:note`, `note:`), the `tag` facet and each hit's badges read them
//! through it, so this crate needs no database.

use std::sync::Arc;

use serde::{Deserialize, Serialize};

/// A document id (32 hex digits) as a number: sets of them are sorted and
/// compared without allocating.
pub type DocKey = u128;

/// The number a document id stands for; `None` when it is not 32 hex
/// digits.
pub fn doc_key(id: &str) -> Option<DocKey> {
    if id.len() != 32 || !id.bytes().all(|b| b.is_ascii_hexdigit()) {
        return None;
    }
    u128::from_str_radix(id, 16).ok()
}

/// The document id a key stands for (lowercase hex).
pub fn doc_id(key: DocKey) -> String {
    format!("{key:032x}")
}

/// Longest tag name, in characters.
pub const MAX_TAG_CHARS: usize = 64;

/// A tag as it is kept and matched: trimmed, lowercased, runs of spaces
/// made one; `None` when nothing is left, when it is too long, or when it
/// holds a control character or `/` (it is a segment of URLs).
pub fn normalize_tag(name: &str) -> Option<String> {
    let name = name
        .split_whitespace()
        .collect::<Vec<_>>()
        .join(" ")
        .to_lowercase();
    let valid = !name.is_empty()
        && name.chars().count() <= MAX_TAG_CHARS
        && !name.chars().any(|c| c.is_control() || c == '/');
    valid.then_some(name)
}

/// A set of documents, sorted and without repeats.
#[derive(Debug, Clone, Default)]
pub struct IdSet {
    /// Changes whenever the set does, so that what was computed from it can
    /// be kept; 0: never kept.
    pub revision: u64,
    /// The documents, sorted.
    pub keys: Arc<Vec<DocKey>>,
}

impl IdSet {
    /// A set that is never cached.
    pub fn uncached(mut keys: Vec<DocKey>) -> IdSet {
        keys.sort_unstable();
        keys.dedup();
        IdSet {
            revision: 0,
            keys: Arc::new(keys),
        }
    }

    /// Whether the set holds nothing.
    pub fn is_empty(&self) -> bool {
        self.keys.is_empty()
    }
}

/// A note on a document, as a reader sees it.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
#[cfg_attr(feature = "openapi", derive(utoipa::ToSchema))]
pub struct Note {
    /// Note number (for edits).
    pub id: i64,
    /// The document it is about.
    pub message_id: String,
    /// Who wrote it.
    pub author: String,
    /// Text, as written.
    pub text: String,
    /// Only its author sees it.
    pub private: bool,
    /// RFC 3339 UTC.
    pub created: String,
    /// RFC 3339 UTC; equal to `created` until it is edited.
    pub updated: String,
}

/// One reader's view of the marks on one document.
#[derive(Debug, Clone, Default, PartialEq, Eq, Serialize, Deserialize)]
#[cfg_attr(feature = "openapi", derive(utoipa::ToSchema))]
pub struct DocumentMarks {
    /// The team's tags, sorted.
    pub tags: Vec<String>,
    /// Starred by this reader.
    pub starred: bool,
    /// The notes this reader may see, oldest first.
    pub notes: Vec<Note>,
}

/// The marks shown beside a hit.
#[derive(Debug, Clone, Default, PartialEq, Eq)]
pub struct HitMarks {
    /// The team's tags, sorted.
    pub tags: Vec<String>,
    /// Starred by the reader.
    pub starred: bool,
    /// Notes the reader may see.
    pub notes: usize,
}

/// Where marks come from. `user` is who asks: stars and private notes are
/// theirs alone; `None` sees only what the whole team shares.
pub trait Marks: Send + Sync {
    /// Documents with this tag.
    fn tagged(&self, tag: &str) -> IdSet;
    /// Documents `user` starred.
    fn starred(&self, user: Option<&str>) -> IdSet;
    /// Documents with a note `user` may see.
    fn annotated(&self, user: Option<&str>) -> IdSet;
    /// Documents with a note `user` may see whose text holds every word of
    /// `words` (analysed as archive text is: folded, and stemmed in French
    /// and English).
    fn noted(&self, user: Option<&str>, words: &str) -> IdSet;
    /// Every tag with its documents (the `tag` facet).
    fn tag_sets(&self) -> Vec<(String, IdSet)>;
    /// The marks `user` sees on document `id`.
    fn of(&self, user: Option<&str>, id: &str) -> HitMarks;
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn tags_are_normalised() {
        assert_eq!(normalize_tag("  À  Vérifier "), Some("à vérifier".into()));
        assert_eq!(normalize_tag("source:DGSE"), Some("source:dgse".into()));
        for bad in ["", "   ", "a/b", "a\u{7}b", &"x".repeat(65)] {
            assert_eq!(normalize_tag(bad), None, "{bad:?}");
        }
    }

    #[test]
    fn ids_and_keys_round_trip() {
        let id = "00ff3a0000000000000000000000b0c1";
        assert_eq!(doc_id(doc_key(id).unwrap()), id);
        assert_eq!(doc_key("00FF3A0000000000000000000000B0C1"), doc_key(id));
        for bad in [
            "",
            "xyz",
            "+0ff3a0000000000000000000000b0c1",
            "0".repeat(33).as_str(),
        ] {
            assert_eq!(doc_key(bad), None, "{bad}");
        }
    }
}
