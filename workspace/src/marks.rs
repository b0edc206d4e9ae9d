//! The workspace as the search crate reads it ([`Marks`]): sets of
//! documents for `tag:`, `is:starred`, `has:note` and `note:`, the `tag`
//! facet, and each hit's badges.

use fouille_search::marks::{DocumentMarks, HitMarks, IdSet, Marks, doc_key, normalize_tag};

use crate::Workspace;
use crate::error::Result;
use crate::words::WordQuery;

impl Marks for Workspace {
    fn tagged(&self, tag: &str) -> IdSet {
        let Some(tag) = normalize_tag(tag) else {
            return IdSet::default();
        };
        self.mirror()
            .tags
            .get(&tag)
            .map(|set| set.id_set())
            .unwrap_or_default()
    }

    fn starred(&self, user: Option<&str>) -> IdSet {
        let Some(user) = user else {
            return IdSet::default();
        };
        self.mirror()
            .stars
            .get(user)
            .map(|set| set.id_set())
            .unwrap_or_default()
    }

    fn annotated(&self, user: Option<&str>) -> IdSet {
        // Notes are few: the set is made for each search, never cached.
        let mirror = self.mirror();
        IdSet::uncached(
            mirror
                .notes
                .values()
                .filter(|note| note.visible_to(user))
                .map(|note| note.key)
                .collect(),
        )
    }

    fn noted(&self, user: Option<&str>, words: &str) -> IdSet {
        let Some(query) = WordQuery::parse(words) else {
            return IdSet::default();
        };
        let mirror = self.mirror();
        IdSet::uncached(
            mirror
                .notes
                .values()
                .filter(|note| note.visible_to(user) && query.matches(&note.words))
                .map(|note| note.key)
                .collect(),
        )
    }

    fn tag_sets(&self) -> Vec<(String, IdSet)> {
        self.mirror()
            .tags
            .iter()
            .map(|(tag, set)| (tag.clone(), set.id_set()))
            .collect()
    }

    fn of(&self, user: Option<&str>, id: &str) -> HitMarks {
        let Some(key) = doc_key(id) else {
            return HitMarks::default();
        };
        let mirror = self.mirror();
        HitMarks {
            tags: mirror
                .tags
                .iter()
                .filter(|(_, set)| set.contains(key))
                .map(|(tag, _)| tag.clone())
                .collect(),
            starred: user
                .and_then(|user| mirror.stars.get(user))
                .is_some_and(|set| set.contains(key)),
            notes: mirror
                .notes
                .values()
                .filter(|note| note.key == key && note.visible_to(user))
                .count(),
        }
    }
}

impl Workspace {
    /// Everything `user` sees on document `id`: tags, their star, notes.
    pub fn marks_of(&self, user: Option<&str>, id: &str) -> Result<DocumentMarks> {
        let found = self.of(user, id);
        Ok(DocumentMarks {
            tags: found.tags,
            starred: found.starred,
            notes: self.notes_of(user, id)?,
        })
    }
}
