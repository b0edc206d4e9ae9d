//! The prose of synthetic mail: sentences walked along the bigram chain of
//! the learnt vocabulary, with the greetings, sign-offs, signatures,
//! subjects and attachment contents that mail is made of. Text is a list of
//! paragraphs; a paragraph may hold hard line breaks (a signature) and is
//! wrapped when written.

use std::fmt::Write;

use rand::RngExt;
use rand_chacha::ChaCha8Rng;

use super::calendar::Local;
use super::people::{Person, Zone};
use super::vocabulary::{Chain, END, Language};

/// Words of a sentence, at most.
const MAX_SENTENCE_WORDS: usize = 30;

const FRENCH_GREETINGS: [&str; 6] = [
    "Bonjour {},",
    "Bonjour {},",
    "Bonsoir {},",
    "Salut {},",
    "Bonjour,",
    "Madame, Monsieur,",
];
const ENGLISH_GREETINGS: [&str; 6] = ["Hi {},", "Hi {},", "Hello {},", "Dear {},", "{},", "Hello,"];
const FRENCH_CLOSINGS: [&str; 7] = [
    "Cordialement,",
    "Bien cordialement,",
    "Bien à vous,",
    "Merci d'avance,",
    "Bonne journée,",
    "À bientôt,",
    "Amicalement,",
];
const ENGLISH_CLOSINGS: [&str; 7] = [
    "Best regards,",
    "Thanks,",
    "Regards,",
    "Cheers,",
    "Best,",
    "Thank you,",
    "Kind regards,",
];
const FRENCH_SUBJECTS: [&str; 12] = [
    "Réunion du {day}",
    "Compte rendu : {w}",
    "Budget {year}",
    "Point sur {w}",
    "Question sur {w}",
    "Urgent : {w}",
    "{W}",
    "{W}",
    "{W}",
    "Dossier {w}",
    "Relance : {w}",
    "Proposition {w}",
];
const ENGLISH_SUBJECTS: [&str; 12] = [
    "Meeting on {day}",
    "Minutes: {w}",
    "Budget {year}",
    "Update on {w}",
    "Question about {w}",
    "URGENT: {w}",
    "{W}",
    "{W}",
    "{W}",
    "{W} report",
    "Follow-up: {w}",
    "Draft {w}",
];

/// Writes prose in one language.
#[derive(Debug, Clone, Copy)]
pub struct Writer<'a> {
    chain: &'a Chain,
    language: Language,
}

impl<'a> Writer<'a> {
    /// A writer of `language` using `chain`.
    pub fn new(chain: &'a Chain, language: Language) -> Writer<'a> {
        Writer { chain, language }
    }

    /// Appends a sentence; returns its words.
    pub fn sentence(&self, rng: &mut ChaCha8Rng, out: &mut String) -> usize {
        let mut previous = None;
        let mut words = 0;
        while words < MAX_SENTENCE_WORDS {
            let mut next = self.chain.sample_next(previous, rng);
            if next == END {
                if words >= 3 {
                    break;
                }
                next = self.chain.sample_word(rng);
            }
            if words > 0 {
                out.push_str(if rng.random_bool(0.05) { ", " } else { " " });
            }
            if words > 0 && rng.random_bool(0.015) {
                self.number(rng, out);
                out.push(' ');
            }
            let word = self.chain.word(next);
            if words == 0 {
                push_capitalised(word, out);
            } else {
                out.push_str(word);
            }
            previous = Some(next);
            words += 1;
        }
        let end = match (rng.random_range(0..100), self.language) {
            (0..=87, _) => ".",
            (88..=95, Language::French) => " ?",
            (88..=95, Language::English) => "?",
            (_, Language::French) => " !",
            (_, Language::English) => "!",
        };
        out.push_str(end);
        words
    }

    /// Appends `words` words of the chain, no punctuation (for subjects
    /// and file names).
    pub fn fragment(&self, words: usize, capitalise: bool, rng: &mut ChaCha8Rng, out: &mut String) {
        let mut previous = None;
        for n in 0..words {
            let mut next = self.chain.sample_next(previous, rng);
            if next == END {
                next = self.chain.sample_word(rng);
            }
            if n > 0 {
                out.push(' ');
            }
            if n == 0 && capitalise {
                push_capitalised(self.chain.word(next), out);
            } else {
                out.push_str(self.chain.word(next));
            }
            previous = Some(next);
        }
    }

    /// Paragraphs of about `words` words in all.
    pub fn paragraphs(&self, words: u32, rng: &mut ChaCha8Rng, out: &mut Vec<String>) {
        let mut written = 0;
        while written < words as usize {
            let mut paragraph = String::with_capacity(512);
            for n in 0..rng.random_range(1..=5) {
                if n > 0 {
                    paragraph.push(' ');
                }
                written += self.sentence(rng, &mut paragraph);
                if written >= words as usize {
                    break;
                }
            }
            out.push(paragraph);
        }
    }

    /// The text someone writes in a message: greeting, paragraphs, sign-off
    /// and sometimes a signature.
    pub fn message(
        &self,
        sender: &Person,
        recipient: &Person,
        recipients: usize,
        words: u32,
        rng: &mut ChaCha8Rng,
    ) -> Vec<String> {
        let mut text = Vec::with_capacity(8);
        if rng.random_bool(0.85) {
            let greeting = match self.language {
                Language::French if recipients > 1 && rng.random_bool(0.5) => "Bonjour à tous,",
                Language::English if recipients > 1 && rng.random_bool(0.5) => "Hi all,",
                Language::French => FRENCH_GREETINGS[rng.random_range(0..FRENCH_GREETINGS.len())],
                Language::English => {
                    ENGLISH_GREETINGS[rng.random_range(0..ENGLISH_GREETINGS.len())]
                }
            };
            text.push(greeting.replace("{}", recipient.first));
        }
        self.paragraphs(words, rng, &mut text);
        if rng.random_bool(0.9) {
            let closing = match self.language {
                Language::French => FRENCH_CLOSINGS[rng.random_range(0..FRENCH_CLOSINGS.len())],
                Language::English => ENGLISH_CLOSINGS[rng.random_range(0..ENGLISH_CLOSINGS.len())],
            };
            let name = if rng.random_bool(0.7) {
                sender.first.to_string()
            } else {
                sender.name()
            };
            text.push(format!("{closing}\n{name}"));
        }
        if let Some(title) = sender.title
            && rng.random_bool(0.6)
        {
            let phone = match self.language {
                Language::French => "Tél. :",
                Language::English => "Phone:",
            };
            text.push(format!(
                "-- \n{}\n{title}\n{phone} {}",
                sender.name(),
                sender.phone
            ));
        }
        text
    }

    /// The subject of a thread's first message.
    pub fn subject(&self, timestamp: i64, rng: &mut ChaCha8Rng) -> String {
        let templates = match self.language {
            Language::French => &FRENCH_SUBJECTS,
            Language::English => &ENGLISH_SUBJECTS,
        };
        let template = templates[rng.random_range(0..templates.len())];
        let mut subject = String::with_capacity(64);
        let mut rest = template;
        while let Some(at) = rest.find('{') {
            subject.push_str(&rest[..at]);
            let close = rest[at..].find('}').expect("closed placeholder") + at;
            match &rest[at + 1..close] {
                "w" => self.fragment(rng.random_range(1..=3), false, rng, &mut subject),
                "W" => self.fragment(rng.random_range(2..=6), true, rng, &mut subject),
                "day" => {
                    subject.push_str(&Local::new(timestamp, Zone::Paris).day_name(self.language))
                }
                _ => {
                    let _ = write!(subject, "{}", Local::utc(timestamp).year);
                }
            }
            rest = &rest[close + 1..];
        }
        subject.push_str(rest);
        subject
    }

    /// A number as it appears in a sentence: a year, an amount, a
    /// percentage, a count.
    fn number(&self, rng: &mut ChaCha8Rng, out: &mut String) {
        let _ = match (rng.random_range(0..4), self.language) {
            (0, _) => write!(out, "{}", rng.random_range(2010..2021)),
            (1, Language::French) => write!(
                out,
                "{} {:03} €",
                rng.random_range(1..1000),
                rng.random_range(0..1000)
            ),
            (1, Language::English) => write!(
                out,
                "${},{:03}",
                rng.random_range(1..1000),
                rng.random_range(0..1000)
            ),
            (2, Language::French) => write!(out, "{} %", rng.random_range(1..100)),
            (2, Language::English) => write!(out, "{}%", rng.random_range(1..100)),
            _ => write!(out, "{}", rng.random_range(2..60)),
        };
    }

    /// The text of a `.txt` attachment of about `bytes` bytes.
    pub fn document(&self, bytes: usize, rng: &mut ChaCha8Rng) -> String {
        let mut text = String::with_capacity(bytes + 256);
        let mut line = String::with_capacity(512);
        while text.len() < bytes {
            line.clear();
            for _ in 0..rng.random_range(1..=6) {
                if !line.is_empty() {
                    line.push(' ');
                }
                self.sentence(rng, &mut line);
            }
            wrap(&line, 72, "", &mut text);
            text.push('\n');
        }
        text
    }

    /// A `.csv` attachment of about `bytes` bytes: dated amounts with a
    /// label and who is responsible (one of `owners`, not empty).
    pub fn table(&self, year: i32, owners: &[&str], bytes: usize, rng: &mut ChaCha8Rng) -> String {
        let mut text = String::with_capacity(bytes + 256);
        let (header, separator) = match self.language {
            Language::French => ("date;montant;libellé;responsable\n", ';'),
            Language::English => ("date,amount,description,owner\n", ','),
        };
        text.push_str(header);
        let mut label = String::with_capacity(64);
        while text.len() < bytes {
            label.clear();
            self.fragment(rng.random_range(2..=4), true, rng, &mut label);
            let owner = owners[rng.random_range(0..owners.len())];
            let cents = rng.random_range(0..100);
            let _ = match self.language {
                Language::French => writeln!(
                    text,
                    "{year}-{:02}-{:02};{},{cents:02};{label};{owner}",
                    rng.random_range(1..=12),
                    rng.random_range(1..=28),
                    rng.random_range(10..90_000)
                ),
                Language::English => writeln!(
                    text,
                    "{year}-{:02}-{:02},{}.{cents:02},{label},{owner}",
                    rng.random_range(1..=12),
                    rng.random_range(1..=28),
                    rng.random_range(10..90_000)
                ),
            };
            debug_assert!(!label.contains(separator));
        }
        text
    }
}

fn push_capitalised(word: &str, out: &mut String) {
    let mut chars = word.chars();
    if let Some(first) = chars.next() {
        out.extend(first.to_uppercase());
        out.push_str(chars.as_str());
    }
}

/// Appends `text` wrapped at `width` bytes, each line after `prefix` (`"> "`
/// for quoted text); hard line breaks are kept, empty lines get the prefix
/// without its trailing space.
pub fn wrap(text: &str, width: usize, prefix: &str, out: &mut String) {
    for line in text.split('\n') {
        if line.is_empty() {
            out.push_str(prefix.trim_end());
            out.push('\n');
            continue;
        }
        let mut column = 0;
        out.push_str(prefix);
        for word in line.split(' ') {
            if column > 0 && column + 1 + word.len() > width {
                out.push('\n');
                out.push_str(prefix);
                column = 0;
            } else if column > 0 {
                out.push(' ');
                column += 1;
            }
            out.push_str(word);
            column += word.len();
        }
        out.push('\n');
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn wrapping_and_quoting() {
        let mut out = String::new();
        wrap("un deux trois quatre\n\nfin", 10, "> ", &mut out);
        assert_eq!(out, "> un deux\n> trois\n> quatre\n>\n> fin\n");
    }
}
