//! Paragraphs an email repeats from an earlier message of its thread, with
//! no mark that it quotes them (a client that pastes the text it answers
//! without `>`, a disclaimer, a signature written again): they count as
//! quoted text, as the marks `fouille_extract::quotes` finds do.
//!
//! The writer sees messages in input order, not date order, so each
//! paragraph is remembered with its message's date, and only a paragraph
//! of an earlier-dated message counts: a reply indexed before the message
//! it answers must not turn that message's words into quotes. Messages
//! without a date neither give nor take paragraphs.

use std::collections::HashMap;
use std::hash::{DefaultHasher, Hasher};
use std::ops::Range;

/// Paragraphs shorter than this (letters and digits) are not compared:
/// "Merci," or "Jean" repeat without being quotes.
const MIN_PARAGRAPH_CHARS: usize = 40;
/// Paragraphs remembered per thread; a thread of thousands of messages
/// stops adding past this.
const MAX_PER_THREAD: usize = 2_000;
/// Paragraphs remembered in all (24 bytes of key and date each, about
/// twice that in the table): past this, no new ones are added, and those
/// known still count.
const MAX_TOTAL: usize = 4_000_000;

/// What a run remembers of each thread's paragraphs.
#[derive(Default)]
pub struct ThreadParagraphs {
    /// (thread, hash of a paragraph's words) -> the date of the earliest
    /// message seen with it.
    seen: HashMap<(u64, u64), i64>,
    /// Paragraphs remembered per thread.
    per_thread: HashMap<u64, u32>,
}

impl ThreadParagraphs {
    /// Adds to `quoted` the paragraphs of `body` (outside `quoted`) that an
    /// earlier message of `thread` holds, then remembers this message's
    /// paragraphs.
    pub fn mark_repeated(
        &mut self,
        thread: u64,
        date: Option<i64>,
        body: &str,
        quoted: &mut Vec<Range<usize>>,
    ) {
        let Some(date) = date else { return };
        let paragraphs = own_paragraphs(body, quoted);
        if paragraphs.is_empty() {
            return;
        }
        let mut added = Vec::new();
        for (range, hash) in paragraphs {
            match self.seen.get_mut(&(thread, hash)) {
                Some(first) if *first < date => added.push(range),
                Some(first) => *first = date,
                None => {
                    let count = self.per_thread.get(&thread).copied().unwrap_or(0);
                    if (count as usize) < MAX_PER_THREAD && self.seen.len() < MAX_TOTAL {
                        self.seen.insert((thread, hash), date);
                        self.per_thread.insert(thread, count + 1);
                    }
                }
            }
        }
        if !added.is_empty() {
            quoted.extend(added);
            merge(quoted);
        }
    }
}

/// Sorts ranges and joins those that touch or overlap.
fn merge(ranges: &mut Vec<Range<usize>>) {
    ranges.sort_by_key(|range| range.start);
    let mut merged: Vec<Range<usize>> = Vec::with_capacity(ranges.len());
    for range in ranges.drain(..) {
        match merged.last_mut() {
            Some(last) if range.start <= last.end => last.end = last.end.max(range.end),
            _ => merged.push(range),
        }
    }
    *ranges = merged;
}

/// The paragraphs (runs of non-blank lines) of `body` outside `quoted`
/// (sorted and disjoint), long enough to compare, with the hash of their
/// words: lowercased and joined by single spaces, so a reply's rewrapping
/// does not hide them.
fn own_paragraphs(body: &str, quoted: &[Range<usize>]) -> Vec<(Range<usize>, u64)> {
    let mut paragraphs = Vec::new();
    let mut start = None;
    let mut at = 0;
    // The quotes are walked once beside the lines: a body of a hundred
    // thousand alternating quoted and own lines stays linear.
    let mut quotes = quoted.iter().peekable();
    for line in body.split_inclusive('\n') {
        let range = at..at + line.len();
        at = range.end;
        while quotes.next_if(|quote| quote.end <= range.start).is_some() {}
        let inside_quote = quotes
            .peek()
            .is_some_and(|quote| quote.start <= range.start && range.end <= quote.end);
        if line.trim().is_empty() || inside_quote {
            if let Some(begin) = start.take() {
                push_paragraph(body, begin..range.start, &mut paragraphs);
            }
            continue;
        }
        start.get_or_insert(range.start);
    }
    if let Some(begin) = start {
        push_paragraph(body, begin..body.len(), &mut paragraphs);
    }
    paragraphs
}

fn push_paragraph(body: &str, range: Range<usize>, into: &mut Vec<(Range<usize>, u64)>) {
    let Some(text) = body.get(range.clone()) else {
        return;
    };
    // A character lower-cases to at most as many characters as its bytes.
    if text.len() < MIN_PARAGRAPH_CHARS {
        return;
    }
    // The words are hashed at once: a hash per character was most of the
    // writer's time spent here.
    let mut words = String::with_capacity(text.len() + 1);
    let mut chars = 0;
    for word in text
        .split(|c: char| !c.is_alphanumeric())
        .filter(|word| !word.is_empty())
    {
        for c in word.chars().flat_map(char::to_lowercase) {
            words.push(c);
            chars += 1;
        }
        words.push(' ');
    }
    if chars >= MIN_PARAGRAPH_CHARS {
        let mut hasher = DefaultHasher::new();
        hasher.write(words.as_bytes());
        into.push((range, hasher.finish()));
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    const FIRST: &str = "Bonjour,\n\nLe prestataire est immatriculé au RCS Paris\nsous le numéro indiqué.\n\nJean\n";

    #[test]
    fn a_paragraph_of_an_earlier_message_is_quoted() {
        let mut threads = ThreadParagraphs::default();
        let mut quoted = Vec::new();
        threads.mark_repeated(1, Some(100), FIRST, &mut quoted);
        assert!(quoted.is_empty());
        // Rewrapped, with other punctuation and case, after the reply's own words.
        let reply = "Parfait.\n\nLe prestataire est immatriculé au RCS Paris sous le numéro\nindiqué\n\nJean\n";
        let mut quoted = Vec::new();
        threads.mark_repeated(1, Some(200), reply, &mut quoted);
        assert_eq!(
            quoted
                .iter()
                .map(|range| &reply[range.clone()])
                .collect::<Vec<_>>(),
            vec!["Le prestataire est immatriculé au RCS Paris sous le numéro\nindiqué\n"]
        );
    }

    #[test]
    fn what_does_not_count() {
        let mut threads = ThreadParagraphs::default();
        threads.mark_repeated(1, Some(200), FIRST, &mut Vec::new());
        // An earlier message indexed later keeps its words.
        let mut quoted = Vec::new();
        threads.mark_repeated(1, Some(100), FIRST, &mut quoted);
        assert!(quoted.is_empty());
        // Another thread, or no date.
        threads.mark_repeated(2, Some(300), FIRST, &mut quoted);
        threads.mark_repeated(1, None, FIRST, &mut quoted);
        assert!(quoted.is_empty());
        // Short paragraphs ("Jean") are never compared; a later message
        // does match the earliest date now remembered.
        let mut quoted = Vec::new();
        quoted.push(0..10);
        threads.mark_repeated(1, Some(150), FIRST, &mut quoted);
        // The paragraph follows the range given: the two are joined.
        assert_eq!(quoted.len(), 1);
        assert_eq!(quoted[0], 0..81);
        assert!(FIRST[..81].ends_with("indiqué.\n"));
    }

    #[test]
    fn many_alternating_quotes_stay_linear() {
        let body = "> a\nb\n".repeat(300_000);
        let mut quoted: Vec<Range<usize>> = (0..300_000).map(|i| i * 6..i * 6 + 4).collect();
        // Quadratic, this took minutes (a hostile mail stalled the writer);
        // linear, milliseconds.
        ThreadParagraphs::default().mark_repeated(1, Some(1), &body, &mut quoted);
        assert_eq!(quoted.len(), 300_000);
    }

    #[test]
    fn ranges_merge() {
        let mut ranges = vec![5..8, 0..2, 2..4, 7..9];
        merge(&mut ranges);
        assert_eq!(ranges, vec![0..4, 5..9]);
    }
}
