//! Where a snippet goes, found without analysing the whole text.
//!
//! tantivy's `SnippetGenerator` runs a field's analyzer (tokenizer, lower
//! case, folding, stemmer) over every word of a text to find the fragment
//! that holds most of the query's words: for a 30-page attachment that is
//! tens of thousands of stems per snippet, and per field the query touched.
//! Here the text is cut into words once, as tantivy's `SimpleTokenizer`
//! cuts it, and a word is analysed only when its first two letters can
//! start one of the query's terms (see [`Starts`]), once per distinct word.
//! The fragments and their scores are tantivy's, so the fragment found is
//! the one tantivy would pick; the generator then highlights that fragment
//! alone.

use std::collections::{BTreeMap, HashMap};
use std::ops::Range;
use std::sync::Arc;

use tantivy::Score;
use tantivy::tokenizer::TextAnalyzer;

use fouille_schema::MAX_TOKEN_BYTES;

/// The query's terms in one field, and how to analyse a word for it.
#[derive(Clone)]
pub(crate) struct Target {
    /// Terms and their weights, as tantivy's generator scores them.
    terms: BTreeMap<String, Score>,
    analyzer: TextAnalyzer,
    starts: Arc<Starts>,
}

/// The first two letters a word needs to analyse to one of the terms.
///
/// Every analyzer keeps a word's first two letters, lower-cased: French
/// and English stemmers change a word from its third letter on (their
/// regions start after a vowel and a consonant), with three English
/// exceptions, `dying`, `lying` and `tying`, whose `y` becomes `i`. Words
/// starting with anything but ASCII may fold to anything.
struct Starts {
    /// Bit `a * 128 + b` set when a term starts with the ASCII bytes `ab`.
    pairs: Vec<u64>,
    /// Bytes that start a term of one byte or whose second letter is not
    /// ASCII: any word starting with them may match.
    loose: [bool; 128],
}

impl Starts {
    fn new<'t>(terms: impl Iterator<Item = &'t String>) -> Starts {
        let mut starts = Starts {
            pairs: vec![0; 128 * 128 / 64],
            loose: [false; 128],
        };
        for term in terms {
            match *term.as_bytes() {
                [a, b, ..] if a.is_ascii() && b.is_ascii() => {
                    let bit = usize::from(a) * 128 + usize::from(b);
                    starts.pairs[bit / 64] |= 1 << (bit % 64);
                }
                [a, ..] if a.is_ascii() => starts.loose[usize::from(a)] = true,
                _ => {}
            }
        }
        starts
    }

    fn has_pair(&self, a: u8, b: u8) -> bool {
        let bit = usize::from(a) * 128 + usize::from(b);
        self.pairs[bit / 64] & (1 << (bit % 64)) != 0
    }

    /// Whether `word` may analyse to a term.
    fn admit(&self, word: &str) -> bool {
        let a = match word.as_bytes().first() {
            Some(&a) if a.is_ascii() => a.to_ascii_lowercase(),
            _ => return true,
        };
        if self.loose[usize::from(a)] {
            return true;
        }
        match word.as_bytes().get(1) {
            None => false,
            Some(&b) if b.is_ascii() => {
                let b = b.to_ascii_lowercase();
                self.has_pair(a, b) || (b == b'y' && self.has_pair(a, b'i'))
            }
            // A second letter that is not ASCII may fold to any.
            Some(_) => (0..128).any(|b| self.has_pair(a, b)),
        }
    }
}

impl Target {
    pub(crate) fn new(terms: BTreeMap<String, Score>, analyzer: TextAnalyzer) -> Target {
        Target {
            starts: Arc::new(Starts::new(terms.keys())),
            terms,
            analyzer,
        }
    }
}

/// The best fragment of one target: its score, matches and byte range.
#[derive(Debug, Clone, PartialEq)]
struct Best {
    score: Score,
    matches: usize,
    range: Range<usize>,
}

/// One target's running fragment and best fragment so far.
struct Tally<'t> {
    score: Score,
    matches: usize,
    best: Option<Best>,
    /// Analysed words: the term's weight, if the word is one.
    seen: HashMap<&'t str, Option<Score>>,
}

impl Tally<'_> {
    /// Ends the fragment `range`: it becomes the best if it scores more
    /// (ties keep the earlier fragment, as tantivy does).
    fn close(&mut self, range: Range<usize>) {
        if self.score > 0.0
            && self
                .best
                .as_ref()
                .is_none_or(|best| self.score > best.score)
        {
            self.best = Some(Best {
                score: self.score,
                matches: self.matches,
                range,
            });
        }
        self.score = 0.0;
        self.matches = 0;
    }
}

/// The weight of `word` in `target`, analysing it at most once per text.
fn weight<'t>(
    target: &mut Target,
    seen: &mut HashMap<&'t str, Option<Score>>,
    word: &'t str,
) -> Option<Score> {
    if let Some(&known) = seen.get(word) {
        return known;
    }
    let mut found = None;
    let mut stream = target.analyzer.token_stream(word);
    if stream.advance() {
        let text = &stream.token().text;
        found = if text.chars().any(char::is_uppercase) {
            target.terms.get(&text.to_lowercase()).copied()
        } else {
            target.terms.get(text.as_str()).copied()
        };
    }
    seen.insert(word, found);
    found
}

/// The words of `text` as tantivy's `SimpleTokenizer` cuts them (runs of
/// letters and digits), with their byte ranges.
fn words(text: &str) -> impl Iterator<Item = Range<usize>> + '_ {
    let mut chars = text.char_indices().peekable();
    std::iter::from_fn(move || {
        let start = loop {
            let (offset, c) = chars.next()?;
            if c.is_alphanumeric() {
                break offset;
            }
        };
        let mut end = text.len();
        for (offset, c) in chars.by_ref() {
            if !c.is_alphanumeric() {
                end = offset;
                break;
            }
        }
        Some(start..end)
    })
}

/// The fragment a snippet of at most `max_bytes` should show, and which
/// target highlights it: among the targets, the one whose best fragment
/// holds most matches (ties: the last), as `Snippets` chooses between
/// generators. `None` when no word of `text` matches.
pub(crate) fn best_fragment(
    targets: &mut [Target],
    text: &str,
    max_bytes: usize,
) -> Option<(usize, Range<usize>)> {
    let mut tallies: Vec<Tally> = targets
        .iter()
        .map(|_| Tally {
            score: 0.0,
            matches: 0,
            best: None,
            seen: HashMap::new(),
        })
        .collect();
    let mut fragment = 0..0;
    for word in words(text) {
        // tantivy's RemoveLongFilter drops the word before the snippet
        // generator sees it.
        if word.len() > MAX_TOKEN_BYTES {
            continue;
        }
        if word.end - fragment.start > max_bytes {
            for tally in &mut tallies {
                tally.close(fragment.clone());
            }
            fragment = word.start..word.start;
        }
        fragment.end = word.end;
        let slice = &text[word];
        for (target, tally) in targets.iter_mut().zip(&mut tallies) {
            if target.starts.admit(slice)
                && let Some(score) = weight(target, &mut tally.seen, slice)
            {
                tally.score += score;
                tally.matches += 1;
            }
        }
    }
    let mut chosen: Option<(usize, Best)> = None;
    for (index, mut tally) in tallies.into_iter().enumerate() {
        tally.close(fragment.clone());
        if let Some(best) = tally.best
            && chosen
                .as_ref()
                .is_none_or(|(_, kept)| best.matches >= kept.matches)
        {
            chosen = Some((index, best));
        }
    }
    chosen.map(|(index, best)| (index, best.range))
}

#[cfg(test)]
mod tests {
    use fouille_schema::{Language, exact_analyzer, stemmed_analyzer};
    use tantivy::schema::Field;
    use tantivy::snippet::SnippetGenerator;

    use super::*;

    const WORDS: [&str; 37] = [
        "élection",
        "Élections",
        "ELECTION",
        "électeurs",
        "financement",
        "financements",
        "rapport",
        "Rapports",
        "the",
        "la",
        "organizing",
        "organizers",
        "dying",
        "lying",
        "tying",
        "cry",
        "by",
        "yeux",
        "œuvre",
        "Œuvres",
        "2017",
        "12h30",
        "straße",
        "naïve",
        "l’État",
        "Tennis",
        "aîné",
        "Ça",
        "ŒIL",
        "a",
        "I",
        "es",
        "ts",
        "2s",
        "my",
        "Xy",
        "ééééééééééééééééééééééé",
    ];
    const GAPS: [&str; 6] = [" ", ", ", " — ", "\n\n", " : «", "’"];

    /// A deterministic stream of numbers (no dependency for one test).
    struct Lcg(u64);

    impl Lcg {
        fn below(&mut self, n: usize) -> usize {
            self.0 = self
                .0
                .wrapping_mul(6364136223846793005)
                .wrapping_add(1442695040888963407);
            ((self.0 >> 33) % n as u64) as usize
        }
    }

    fn text(rng: &mut Lcg, words: usize) -> String {
        let mut out = String::new();
        for _ in 0..words {
            out.push_str(WORDS[rng.below(WORDS.len())]);
            if rng.below(50) == 0 {
                out.push_str(&"x".repeat(41));
            }
            out.push_str(GAPS[rng.below(GAPS.len())]);
        }
        out
    }

    /// Terms as an analyzer indexes some of the words, with made-up weights.
    fn terms(rng: &mut Lcg, analyzer: &mut TextAnalyzer) -> BTreeMap<String, Score> {
        let mut terms = BTreeMap::new();
        for _ in 0..1 + rng.below(3) {
            let word = WORDS[rng.below(WORDS.len())];
            let mut stream = analyzer.token_stream(word);
            if stream.advance() {
                terms.insert(
                    stream.token().text.clone(),
                    1.0 / (2.0 + rng.below(5) as Score),
                );
            }
        }
        terms
    }

    /// What the generators give for `text`: the snippet of the one with
    /// most highlights (ties: the last), as `Snippets` used to pick it.
    fn by_tantivy(generators: &[SnippetGenerator], text: &str) -> Option<String> {
        generators
            .iter()
            .map(|generator| generator.snippet(text))
            .max_by_key(|snippet| snippet.highlighted().len())
            .filter(|snippet| !snippet.highlighted().is_empty())
            .map(|snippet| snippet.to_html())
    }

    #[test]
    fn the_fragment_found_is_the_one_tantivy_highlights() {
        let mut rng = Lcg(7);
        let analyzers = [
            exact_analyzer,
            || stemmed_analyzer(Language::French),
            || stemmed_analyzer(Language::English),
        ];
        let mut highlighted = 0;
        for round in 0..400 {
            let mut generators = Vec::new();
            let mut targets = Vec::new();
            for make in analyzers.iter().take(1 + rng.below(3)) {
                let terms = terms(&mut rng, &mut make());
                generators.push(SnippetGenerator::new(
                    terms.clone(),
                    make(),
                    Field::from_field_id(0),
                    60,
                ));
                targets.push(Target::new(terms, make()));
            }
            let words = 5 + rng.below(120);
            let text = text(&mut rng, words);
            let fast = best_fragment(&mut targets, &text, 60)
                .map(|(index, range)| generators[index].snippet(&text[range]).to_html());
            assert_eq!(
                fast,
                by_tantivy(&generators, &text),
                "round {round}: {text}"
            );
            highlighted += usize::from(fast.is_some());
        }
        // Most rounds highlight something, some nothing.
        assert!((300..400).contains(&highlighted), "{highlighted} of 400");
    }

    #[test]
    fn words_are_cut_as_the_simple_tokenizer_cuts_them() {
        let text = "L’Élection, 2017 : «oui»—non";
        let found: Vec<&str> = words(text).map(|range| &text[range]).collect();
        assert_eq!(found, ["L", "Élection", "2017", "oui", "non"]);
        assert_eq!(words("").count(), 0);
        assert_eq!(words("  ,; ").count(), 0);
    }
}
