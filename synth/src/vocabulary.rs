//! The words synthetic mail is written with, learnt at run time from real
//! mail: bodies are read with mail-parser, split into words and sentences,
//! sorted into French and English by a tiny stop-word test, and counted.
//! Sampling follows the counted frequencies (so Zipf's law comes for free),
//! and a bigram chain per language makes phrases read like mail. No corpus
//! text is stored in the repository: only the stop words below.

use std::collections::HashMap;
use std::path::{Path, PathBuf};

use rand::{Rng, RngExt};

use crate::error::{Error, Result};

/// The two languages of the synthetic corpus.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Language {
    /// French.
    French,
    /// English.
    English,
}

impl Language {
    /// Both languages, in index order.
    pub const ALL: [Language; 2] = [Language::French, Language::English];

    /// 0 for French, 1 for English.
    pub fn index(self) -> usize {
        match self {
            Language::French => 0,
            Language::English => 1,
        }
    }

    /// ISO 639-1 code.
    pub fn code(self) -> &'static str {
        match self {
            Language::French => "fr",
            Language::English => "en",
        }
    }
}

/// Stop words that decide a message's language.
const FRENCH_STOP_WORDS: [&str; 8] = ["le", "la", "les", "des", "est", "pour", "une", "que"];
const ENGLISH_STOP_WORDS: [&str; 7] = ["the", "and", "is", "to", "of", "that", "for"];

/// Words longer than this are not words (hashes, URLs without slashes…).
const MAX_WORD_BYTES: usize = 24;
/// Most words kept per language.
const MAX_WORDS: usize = 60_000;
/// Bodies longer than this are cut: a pasted log says little about language.
const MAX_BODY_BYTES: usize = 64 * 1024;
/// Files larger than this are skipped when learning.
const MAX_FILE_BYTES: u64 = 64 << 20;

/// A token id of the learning stream that ends a sentence.
const BREAK: u32 = u32::MAX;
/// A token id of the learning stream that cuts the chain (an unknown token):
/// the next word starts no bigram.
const CUT: u32 = u32::MAX - 1;
/// A successor that ends the sentence.
pub const END: u32 = u32::MAX;

/// Word frequencies and the bigram chain of one language.
#[derive(Debug)]
pub struct Chain {
    /// Words by id, most frequent first.
    words: Vec<Box<str>>,
    /// Alias table of the word frequencies.
    unigrams: Alias,
    /// Successors of word `w` (and of the sentence start, `w = words.len()`)
    /// are `next[offsets[w]..offsets[w + 1]]`.
    offsets: Vec<u32>,
    /// Successor ids; [`END`] ends the sentence.
    next: Vec<u32>,
    /// Alias tables of each word's successors, side by side (aliases are
    /// relative to the word's first successor).
    bigram_alias: Alias,
    /// Tokens counted.
    tokens: u64,
}

impl Chain {
    /// Distinct words.
    pub fn len(&self) -> usize {
        self.words.len()
    }

    /// Whether the chain knows no word.
    pub fn is_empty(&self) -> bool {
        self.words.is_empty()
    }

    /// Distinct bigrams (sentence starts and ends included).
    pub fn bigrams(&self) -> usize {
        self.next.len()
    }

    /// Tokens the frequencies were counted on.
    pub fn tokens(&self) -> u64 {
        self.tokens
    }

    /// The text of a word.
    pub fn word(&self, id: u32) -> &str {
        &self.words[id as usize]
    }

    /// A word drawn from the unigram frequencies.
    pub fn sample_word<R: Rng>(&self, rng: &mut R) -> u32 {
        self.unigrams.sample(0, self.words.len(), rng)
    }

    /// The word after `previous` (`None`: the sentence start), following the
    /// bigram chain most of the time; [`END`] ends the sentence.
    pub fn sample_next<R: Rng>(&self, previous: Option<u32>, rng: &mut R) -> u32 {
        let state = previous.map_or(self.words.len(), |id| id as usize);
        let (from, to) = (
            self.offsets[state] as usize,
            self.offsets[state + 1] as usize,
        );
        if from == to || !rng.random_bool(0.85) {
            return self.sample_word(rng);
        }
        self.next[from + self.bigram_alias.sample(from, to - from, rng) as usize]
    }
}

/// Vose's alias tables: a draw from a discrete distribution in constant
/// time (a binary search over cumulative counts was a third of the run time,
/// cache misses mostly). Several tables may share the arrays.
#[derive(Debug, Default)]
struct Alias {
    /// Chance, out of 2³², that a draw landing on a slot keeps it.
    keep: Vec<u32>,
    /// The slot taken otherwise, relative to the table's start.
    alias: Vec<u32>,
}

impl Alias {
    /// Appends the table of `weights` (not all zero).
    fn push(&mut self, weights: &[u64]) {
        let n = weights.len();
        let total: u64 = weights.iter().sum();
        let start = self.keep.len();
        self.keep.extend(std::iter::repeat_n(u32::MAX, n));
        self.alias.extend(0..n as u32);
        let mut scaled: Vec<f64> = weights
            .iter()
            .map(|&weight| weight as f64 * n as f64 / total as f64)
            .collect();
        let (mut small, mut large): (Vec<usize>, Vec<usize>) =
            (0..n).partition(|&k| scaled[k] < 1.0);
        while let (Some(&less), Some(&more)) = (small.last(), large.last()) {
            small.pop();
            self.keep[start + less] = (scaled[less] * 4_294_967_296.0) as u32;
            self.alias[start + less] = more as u32;
            scaled[more] -= 1.0 - scaled[less];
            if scaled[more] < 1.0 {
                large.pop();
                small.push(more);
            }
        }
    }

    /// A slot of the table of `len` slots at `start`, relative to `start`.
    fn sample<R: Rng>(&self, start: usize, len: usize, rng: &mut R) -> u32 {
        let draw = rng.next_u64();
        let slot = (((draw >> 32) * len as u64) >> 32) as usize;
        if (draw as u32) < self.keep[start + slot] {
            slot as u32
        } else {
            self.alias[start + slot]
        }
    }
}

/// The vocabulary of both languages and where it came from.
#[derive(Debug)]
pub struct Vocabulary {
    chains: [Chain; 2],
    /// Paths read, in order.
    pub sources: Vec<PathBuf>,
    /// Messages whose bodies were learnt.
    pub messages: u64,
    /// Bytes of body text read.
    pub text_bytes: u64,
}

impl Vocabulary {
    /// The chain of a language.
    pub fn chain(&self, language: Language) -> &Chain {
        &self.chains[language.index()]
    }

    /// Learns from up to `budget` bytes of mail bodies under `paths` (files
    /// or folders; mbox files are split), shared evenly between the paths.
    /// When a language gets no word, `fallback` paths are read as well, and
    /// as a last resort the stop words make the vocabulary.
    pub fn learn(paths: &[PathBuf], fallback: &[PathBuf], budget: u64) -> Result<Vocabulary> {
        let mut learners = [Learner::default(), Learner::default()];
        let mut sources = Vec::new();
        let mut messages = 0;
        let mut text_bytes = 0;
        learn_paths(
            paths,
            budget,
            &mut learners,
            &mut sources,
            &mut messages,
            &mut text_bytes,
        )?;
        if learners.iter().any(|learner| learner.counts.is_empty()) {
            let fallback: Vec<PathBuf> = fallback
                .iter()
                .filter(|path| path.try_exists().unwrap_or(false))
                .cloned()
                .collect();
            learn_paths(
                &fallback,
                budget,
                &mut learners,
                &mut sources,
                &mut messages,
                &mut text_bytes,
            )?;
        }
        let [french, english] = learners;
        Ok(Vocabulary {
            chains: [
                french.finish(&FRENCH_STOP_WORDS),
                english.finish(&ENGLISH_STOP_WORDS),
            ],
            sources,
            messages,
            text_bytes,
        })
    }
}

fn learn_paths(
    paths: &[PathBuf],
    budget: u64,
    learners: &mut [Learner; 2],
    sources: &mut Vec<PathBuf>,
    messages: &mut u64,
    text_bytes: &mut u64,
) -> Result<()> {
    let mut remaining = budget;
    for (done, path) in paths.iter().enumerate() {
        // What a path leaves unused goes to the next ones.
        let share = remaining / (paths.len() - done) as u64;
        let (read, count) = learn_path(path, share, learners)?;
        remaining -= read.min(remaining);
        *text_bytes += read;
        *messages += count;
        sources.push(path.clone());
    }
    Ok(())
}

/// Learns from one file or folder; returns the body bytes and messages read.
fn learn_path(path: &Path, budget: u64, learners: &mut [Learner; 2]) -> Result<(u64, u64)> {
    let parser = mail_parser::MessageParser::default();
    let mut read = 0;
    let mut count = 0;
    let walk = walkdir::WalkDir::new(path).sort_by_file_name();
    for entry in walk {
        if read >= budget {
            break;
        }
        let entry = entry.map_err(|err| Error::io("read", path, err.into()))?;
        if !entry.file_type().is_file()
            || !entry
                .metadata()
                .is_ok_and(|meta| meta.len() <= MAX_FILE_BYTES)
        {
            continue;
        }
        let bytes =
            std::fs::read(entry.path()).map_err(|err| Error::io("read", entry.path(), err))?;
        for raw in split_mbox(&bytes) {
            if read >= budget {
                break;
            }
            let Some(message) = parser.parse(raw) else {
                continue;
            };
            if message.from().is_none() && message.subject().is_none() {
                continue;
            }
            let Some(body) = message.body_text(0) else {
                continue;
            };
            let body = fouille_extract::text_prefix(&body, MAX_BODY_BYTES);
            if learn_body(body, learners).is_some() {
                read += body.len() as u64;
                count += 1;
            }
        }
    }
    Ok((read, count))
}

/// The messages of an mbox, or the whole file when it is not one.
fn split_mbox(bytes: &[u8]) -> Vec<&[u8]> {
    if !bytes.starts_with(b"From ") {
        return vec![bytes];
    }
    let mut messages = Vec::new();
    let mut start = 0;
    let mut at = 0;
    while let Some(found) = find(&bytes[at..], b"\nFrom ") {
        let line = at + found + 1;
        messages.push(&bytes[start..line]);
        start = line;
        at = line;
    }
    messages.push(&bytes[start..]);
    // Drop each "From " separator line.
    messages
        .into_iter()
        .filter_map(|message| {
            let newline = message.iter().position(|&b| b == b'\n')?;
            Some(&message[newline + 1..])
        })
        .collect()
}

fn find(haystack: &[u8], needle: &[u8]) -> Option<usize> {
    haystack
        .windows(needle.len())
        .position(|window| window == needle)
}

/// Splits a body into sentences of words, decides its language and counts
/// it; returns the language, or `None` when the stop words do not tell.
/// Each paragraph with stop words enough goes to its own language (mailing
/// lists write the same message in French then in English).
fn learn_body(body: &str, learners: &mut [Learner; 2]) -> Option<Language> {
    let tokens = tokenise(body);
    let message = language_of(&tokens, 3)?;
    for paragraph in tokens.split(|token| matches!(token, Token::Paragraph)) {
        let language = language_of(paragraph, 2).unwrap_or(message);
        learners[language.index()].add(paragraph);
    }
    Some(message)
}

/// The language with at least `minimum` stop words, and more than the other.
fn language_of(tokens: &[Token], minimum: usize) -> Option<Language> {
    let mut french = 0;
    let mut english = 0;
    for token in tokens {
        if let Token::Word(word) = token {
            french += usize::from(FRENCH_STOP_WORDS.contains(&word.as_str()));
            english += usize::from(ENGLISH_STOP_WORDS.contains(&word.as_str()));
        }
    }
    if french >= minimum && french > english {
        Some(Language::French)
    } else if english >= minimum && english > french {
        Some(Language::English)
    } else {
        None
    }
}

#[derive(Debug)]
enum Token {
    Word(String),
    /// End of a sentence.
    Break,
    /// End of a paragraph (and of a sentence).
    Paragraph,
    /// Something that is not a word (a number, an address, code).
    Cut,
}

/// Words and sentence ends of a body; quoted lines and forwarded or quoted
/// messages below an "Original Message" line are left out.
fn tokenise(body: &str) -> Vec<Token> {
    let mut tokens = Vec::new();
    let mut sentence_start = true;
    for line in body.lines() {
        let trimmed = line.trim();
        if trimmed.starts_with('>') || trimmed.starts_with('|') {
            continue;
        }
        if trimmed.starts_with("-----")
            && (trimmed.contains("Original") || trimmed.contains("origine"))
            || trimmed.starts_with("---------- Forwarded")
        {
            break;
        }
        if trimmed.is_empty() {
            if !matches!(tokens.last(), Some(Token::Paragraph) | None) {
                tokens.push(Token::Paragraph);
                sentence_start = true;
            }
            continue;
        }
        for chunk in trimmed.split_whitespace() {
            let chunk = chunk.trim_start_matches(['(', '"', '\'', '«', '[', '“', '‘', '*', '_']);
            let core = chunk.trim_end_matches(|c: char| {
                c.is_ascii_punctuation() || matches!(c, '»' | '”' | '’' | '…')
            });
            let tail = &chunk[core.len()..];
            if is_word(core) {
                let word = core.replace('’', "'");
                let word = if sentence_start {
                    lower_first(word)
                } else {
                    word
                };
                tokens.push(Token::Word(word));
                sentence_start = false;
            } else if !core.is_empty()
                // A plain number is skipped, the phrase goes on.
                && !core.bytes().all(|b| b.is_ascii_digit())
                && !matches!(
                    tokens.last(),
                    Some(Token::Cut | Token::Break | Token::Paragraph) | None
                )
            {
                tokens.push(Token::Cut);
            }
            if tail.contains(['.', '?', '!', ':', ';']) && !sentence_start {
                tokens.push(Token::Break);
                sentence_start = true;
            }
        }
    }
    tokens
}

/// Letters with inner apostrophes or hyphens: `l'équipe`, `peut-être`.
fn is_word(text: &str) -> bool {
    if text.is_empty() || text.len() > MAX_WORD_BYTES {
        return false;
    }
    let mut previous_letter = false;
    for c in text.chars() {
        if c.is_alphabetic() {
            previous_letter = true;
        } else if matches!(c, '\'' | '’' | '-') && previous_letter {
            previous_letter = false;
        } else {
            return false;
        }
    }
    previous_letter
}

/// `The` → `the` at a sentence start; `I`, `ENRON` and `McNeil` keep theirs.
fn lower_first(word: String) -> String {
    let mut chars = word.chars();
    let Some(first) = chars.next() else {
        return word;
    };
    let rest = chars.as_str();
    if !first.is_uppercase() || rest.is_empty() || rest.chars().any(char::is_uppercase) {
        return word;
    }
    first.to_lowercase().chain(rest.chars()).collect()
}

/// Counts of one language while learning.
#[derive(Debug, Default)]
struct Learner {
    ids: HashMap<Box<str>, u32>,
    counts: Vec<u64>,
    /// Word ids, [`BREAK`] and [`CUT`], in text order.
    stream: Vec<u32>,
}

impl Learner {
    fn add(&mut self, tokens: &[Token]) {
        for token in tokens {
            let id = match token {
                Token::Word(word) => match self.ids.get(word.as_str()) {
                    Some(&id) => id,
                    None => {
                        let id = self.counts.len() as u32;
                        self.ids.insert(word.as_str().into(), id);
                        self.counts.push(0);
                        id
                    }
                },
                Token::Break | Token::Paragraph => BREAK,
                Token::Cut => CUT,
            };
            if id < CUT {
                self.counts[id as usize] += 1;
            }
            self.stream.push(id);
        }
        if self.stream.last().is_some_and(|&id| id < CUT) {
            self.stream.push(BREAK);
        }
    }

    /// Keeps the frequent words and builds the chain; with no word at all,
    /// `stop_words` become the vocabulary.
    fn finish(self, stop_words: &[&str]) -> Chain {
        if self.counts.is_empty() {
            let mut learner = Learner::default();
            let tokens: Vec<Token> = stop_words
                .iter()
                .map(|word| Token::Word((*word).to_string()))
                .collect();
            learner.add(&tokens);
            return learner.finish(stop_words);
        }
        let mut words: Vec<(&str, u32)> = self.ids.iter().map(|(w, &id)| (&**w, id)).collect();
        words.sort_unstable_by(|a, b| {
            self.counts[b.1 as usize]
                .cmp(&self.counts[a.1 as usize])
                .then_with(|| a.0.cmp(b.0))
        });
        // Words seen once are mostly typos and noise, unless that is all
        // there is.
        let frequent = words
            .iter()
            .take_while(|(_, id)| self.counts[*id as usize] >= 2)
            .count();
        let keep = if frequent >= 1000 {
            frequent
        } else {
            words.len()
        }
        .min(MAX_WORDS);
        words.truncate(keep);
        let mut remap = vec![CUT; self.counts.len()];
        let mut counts = Vec::with_capacity(keep);
        for (new, (_, old)) in words.iter().enumerate() {
            remap[*old as usize] = new as u32;
            counts.push(self.counts[*old as usize]);
        }
        let total = counts.iter().sum();
        let mut unigrams = Alias::default();
        unigrams.push(&counts);
        let start = keep as u32;
        let mut bigrams: HashMap<u64, u32> = HashMap::new();
        let mut previous = Some(start);
        for &token in &self.stream {
            let current = match token {
                BREAK => Some(END),
                CUT => None,
                id => match remap[id as usize] {
                    CUT => None,
                    new => Some(new),
                },
            };
            if let (Some(from), Some(to)) = (previous, current)
                && !(from == start && to == END)
            {
                *bigrams
                    .entry(u64::from(from) << 32 | u64::from(to))
                    .or_default() += 1;
            }
            previous = match token {
                BREAK => Some(start),
                _ => current,
            };
        }
        let mut bigrams: Vec<(u64, u32)> = bigrams.into_iter().collect();
        bigrams.sort_unstable();
        let mut offsets = vec![0u32; keep + 2];
        let mut next = Vec::with_capacity(bigrams.len());
        let mut bigram_alias = Alias::default();
        let mut weights = Vec::new();
        let mut state = u32::MAX;
        for (key, count) in bigrams {
            let from = (key >> 32) as u32;
            if from != state {
                if !weights.is_empty() {
                    bigram_alias.push(&weights);
                    weights.clear();
                }
                state = from;
            }
            offsets[from as usize + 1] += 1;
            next.push(key as u32);
            weights.push(u64::from(count));
        }
        if !weights.is_empty() {
            bigram_alias.push(&weights);
        }
        for k in 1..offsets.len() {
            offsets[k] += offsets[k - 1];
        }
        Chain {
            words: words.iter().map(|(word, _)| (*word).into()).collect(),
            unigrams,
            offsets,
            next,
            bigram_alias,
            tokens: total,
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn words_and_sentences() {
        let tokens = tokenise("Bonjour Jean,\n\nLe budget est prêt : voir l’annexe.\n> cité\n");
        let words: Vec<String> = tokens
            .iter()
            .map(|token| match token {
                Token::Word(word) => word.clone(),
                Token::Break => "|".into(),
                Token::Paragraph => "¶".into(),
                Token::Cut => "#".into(),
            })
            .collect();
        assert_eq!(
            words,
            [
                "bonjour", "Jean", "¶", "le", "budget", "est", "prêt", "|", "voir", "l'annexe", "|"
            ]
        );
    }
}
