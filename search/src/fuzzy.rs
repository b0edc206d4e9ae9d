//! `word~`: the words of an exact field within an edit distance of a typed
//! word, bounded so that a short word cannot expand into thousands.
//!
//! Each segment's term dictionary is walked with tantivy's Levenshtein
//! automaton (a transposition counts as one edit: `Macorn` finds `Macron`).
//! At most [`MAX_VISITED`] words are read per segment, and the
//! [`MAX_EXPANSIONS`] closest are kept (the most frequent first at equal
//! distance); past either bound the search says so. The word as typed is
//! always kept when the archive holds it.

use std::collections::HashMap;

use tantivy::query::FuzzyTermQuery;
use tantivy::schema::Field;
use tantivy::{Searcher, Term};

use fouille_schema::Result;

/// Words a fuzzy term may stand for, per field.
pub const MAX_EXPANSIONS: usize = 64;
/// Dictionary words read per fuzzy term, field and segment.
const MAX_VISITED: usize = 20_000;
/// Largest edit distance (tantivy's automata go no further).
pub const MAX_DISTANCE: u32 = 2;
/// Words of this many characters or fewer are not expanded (as
/// Elasticsearch's `AUTO` distance).
pub const MIN_FUZZY_CHARS: usize = 2;
/// From this many characters a word is long: `word~` allows two edits.
const LONG_WORD_CHARS: usize = 8;

/// The distance `word~` means for `word`: 1, or 2 for a long word.
pub fn default_distance(word: &str) -> u32 {
    if word.chars().count() >= LONG_WORD_CHARS {
        2
    } else {
        1
    }
}

/// The words of `field` close to `word` (already analysed), closest first.
pub struct Expansion {
    /// Each word and its distance to the typed one.
    pub words: Vec<(String, u32)>,
    /// Whether words were left out (more matched than are kept, or the walk
    /// stopped).
    pub cut: bool,
}

/// The words of `field` within `distance` of `word`.
pub fn expand(searcher: &Searcher, field: Field, word: &str, distance: u32) -> Result<Expansion> {
    let distance = distance.min(MAX_DISTANCE);
    let query = FuzzyTermQuery::new(Term::from_field_text(field, word), distance as u8, true);
    // Word -> documents holding it, over every segment.
    let mut found: HashMap<String, u64> = HashMap::new();
    let mut cut = false;
    for segment in searcher.segment_readers() {
        let index = segment.inverted_index(field)?;
        let mut stream = index
            .terms()
            .search(query.automaton()?)
            .into_stream()
            .map_err(tantivy::TantivyError::from)?;
        let mut visited = 0;
        while stream.advance() {
            visited += 1;
            if visited > MAX_VISITED {
                cut = true;
                break;
            }
            let Ok(text) = std::str::from_utf8(stream.key()) else {
                continue;
            };
            *found.entry(text.to_string()).or_default() += u64::from(stream.value().doc_freq);
        }
    }
    // The walk may have stopped before the word itself.
    let exact = searcher.doc_freq(&Term::from_field_text(field, word))?;
    if exact > 0 {
        found.insert(word.to_string(), exact);
    }
    let mut words: Vec<(String, u32, u64)> = found
        .into_iter()
        .map(|(text, docs)| {
            let edits = strsim::osa_distance(word, &text) as u32;
            (text, edits, docs)
        })
        .collect();
    words.sort_unstable_by(|a, b| a.1.cmp(&b.1).then(b.2.cmp(&a.2)).then(a.0.cmp(&b.0)));
    if words.len() > MAX_EXPANSIONS {
        words.truncate(MAX_EXPANSIONS);
        cut = true;
    }
    Ok(Expansion {
        words: words
            .into_iter()
            .map(|(text, edits, _)| (text, edits))
            .collect(),
        cut,
    })
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn long_words_allow_two_edits() {
        assert_eq!(default_distance("macron"), 1);
        assert_eq!(default_distance("élection"), 2);
        assert_eq!(default_distance("a"), 1);
    }
}
