//! Language detection per message with whatlang, on a bounded prefix of the
//! subject and the body's own words (quoted replies left out).

use fouille_schema::Language;
use whatlang::{Detector, Lang};

/// Code stored when no language could be told reliably (ISO 639-2
/// "undetermined").
pub const UNDETERMINED: &str = "und";

/// Characters of text given to the detector: more adds time, not accuracy.
const DETECT_PREFIX_CHARS: usize = 1_000;

/// The languages told apart by default: what leaks in French and English
/// newsrooms mostly hold. Restricting the candidates is what makes short
/// mails come out right ("Thanks" is not Vietnamese).
pub const DEFAULT_LANGUAGES: &[&str] = &["fr", "en", "de", "es", "it", "pt", "nl"];

/// ISO 639-1 codes and whatlang languages that can be allowed.
const KNOWN: &[(&str, Lang)] = &[
    ("fr", Lang::Fra),
    ("en", Lang::Eng),
    ("de", Lang::Deu),
    ("es", Lang::Spa),
    ("it", Lang::Ita),
    ("pt", Lang::Por),
    ("nl", Lang::Nld),
    ("ru", Lang::Rus),
    ("pl", Lang::Pol),
    ("ro", Lang::Ron),
    ("ar", Lang::Ara),
    ("zh", Lang::Cmn),
    ("ja", Lang::Jpn),
    ("ko", Lang::Kor),
    ("tr", Lang::Tur),
    ("sv", Lang::Swe),
    ("da", Lang::Dan),
    ("uk", Lang::Ukr),
];

/// What detection concluded.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct LanguageGuess {
    /// ISO 639-1 code, or [`UNDETERMINED`].
    pub code: String,
    /// Languages whose stemmed fields get the text. An unreliable guess is
    /// stemmed both ways so stemmed search still finds it.
    pub stem_as: Vec<Language>,
}

impl LanguageGuess {
    /// The guess a stored language code stands for: detection stems an
    /// undetermined text both ways, and French or English text one way.
    pub fn from_code(code: &str) -> LanguageGuess {
        LanguageGuess {
            code: code.to_string(),
            stem_as: if code == UNDETERMINED {
                Language::ALL.to_vec()
            } else {
                Language::from_code(code).into_iter().collect()
            },
        }
    }
}

/// Below this many bytes of a message's own words, quoted text is used too.
const SHORT_SAMPLE_CHARS: usize = 200;

/// Appends the message's own lines (not quoted, not forwarded) to `sample`.
fn own_words(body: &str, sample: &mut String, limit: usize) {
    for line in body.lines() {
        let trimmed = line.trim_start();
        if trimmed.starts_with('>') {
            continue;
        }
        if trimmed.starts_with("-----")
            && [
                "Original Message",
                "Forwarded by",
                "Message original",
                "Message transféré",
            ]
            .iter()
            .any(|marker| trimmed.contains(marker))
        {
            break;
        }
        sample.push_str(line);
        sample.push('\n');
        if sample.len() >= limit {
            break;
        }
    }
}

/// A language detector restricted to an allowlist.
pub struct LanguageDetector {
    detector: Detector,
    /// Characters of text given to whatlang.
    sample_chars: usize,
}

impl LanguageDetector {
    /// A detector choosing among `codes` (ISO 639-1); unknown codes are
    /// ignored, and an empty list means every language whatlang knows.
    pub fn new(codes: &[String]) -> LanguageDetector {
        let allow: Vec<Lang> = codes
            .iter()
            .filter_map(|code| KNOWN.iter().find(|(known, _)| known == code))
            .map(|(_, lang)| *lang)
            .collect();
        let detector = if allow.is_empty() {
            Detector::new()
        } else {
            Detector::with_allowlist(allow)
        };
        LanguageDetector {
            detector,
            sample_chars: DETECT_PREFIX_CHARS,
        }
    }

    /// The same detector given `chars` characters of each text (to measure
    /// what the sample's length changes: `examples/languages.rs`).
    pub fn with_sample_chars(self, chars: usize) -> LanguageDetector {
        LanguageDetector {
            sample_chars: chars.max(1),
            ..self
        }
    }

    /// Every code that may be passed to [`LanguageDetector::new`].
    pub fn known_codes() -> impl Iterator<Item = &'static str> {
        KNOWN.iter().map(|(code, _)| *code)
    }

    /// Detects the language of a message.
    pub fn detect(&self, subject: &str, body: &str) -> LanguageGuess {
        let limit = self.sample_chars;
        let mut sample = String::with_capacity(limit + 64);
        sample.push_str(subject);
        sample.push('\n');
        own_words(body, &mut sample, limit);
        if sample.len() < SHORT_SAMPLE_CHARS {
            // A bare forward or a one-line reply: the quoted text is all the
            // language evidence there is, and usually the same language.
            for line in body.lines() {
                sample.push_str(line.trim_start_matches(['>', ' ']));
                sample.push('\n');
                if sample.len() >= limit {
                    break;
                }
            }
        }
        let sample = fouille_extract::text_prefix(&sample, limit);
        let info = self.detector.detect(sample);
        let code = info.as_ref().map(|info| {
            KNOWN
                .iter()
                .find(|(_, lang)| *lang == info.lang())
                .map(|(code, _)| *code)
                .unwrap_or_else(|| info.lang().code())
        });
        match (info, code) {
            (Some(info), Some(code)) if info.is_reliable() => LanguageGuess {
                code: code.to_string(),
                stem_as: Language::from_code(code).into_iter().collect(),
            },
            // Too short for whatlang to be sure: the little words of French
            // and English still tell them apart. Stemming an English mail
            // the French way too turned `tennis` into `ten`.
            // When whatlang's unsure guess is the other of the two, the
            // message mixes them: both stems, as before.
            (_, code) => match function_word_language(sample).filter(|language| {
                code.and_then(Language::from_code)
                    .is_none_or(|guess| guess == *language)
            }) {
                Some(language) => LanguageGuess {
                    code: language.code().to_string(),
                    stem_as: vec![language],
                },
                None => LanguageGuess {
                    code: UNDETERMINED.to_string(),
                    stem_as: Language::ALL.to_vec(),
                },
            },
        }
    }
}

/// English words that are not French words (nor French words without
/// their accents).
const ENGLISH_WORDS: &[&str] = &[
    "the", "and", "to", "of", "is", "are", "was", "were", "for", "you", "your", "with", "this",
    "that", "have", "has", "will", "would", "please", "thanks", "it", "in", "at", "be", "we", "my",
    "our", "from", "not", "can", "if", "do", "what", "know", "let", "i", "he", "she", "they",
    "there", "here", "all", "any", "by", "about", "just", "get",
];

/// French words that are not English words.
const FRENCH_WORDS: &[&str] = &[
    "le",
    "la",
    "les",
    "des",
    "du",
    "et",
    "est",
    "une",
    "un",
    "pour",
    "dans",
    "avec",
    "que",
    "qui",
    "sur",
    "pas",
    "au",
    "aux",
    "nous",
    "vous",
    "je",
    "ce",
    "cette",
    "sont",
    "mais",
    "ou",
    "merci",
    "bonjour",
    "tres",
    "etre",
    "avez",
    "il",
    "elle",
    "ils",
    "ma",
    "mes",
    "sa",
    "ses",
    "leur",
    "notre",
    "votre",
    "cordialement",
    "bien",
    "fait",
    "peut",
];

/// French or English, when `sample` holds little words of one language
/// and none of the other; `None` when it holds both (a French message
/// about English code is still stemmed both ways) or neither.
pub fn function_word_language(sample: &str) -> Option<Language> {
    let (mut english, mut french) = (0usize, 0usize);
    let mut word = String::new();
    for token in sample
        .split(|c: char| !c.is_alphabetic())
        .filter(|token| !token.is_empty() && token.len() <= 12)
    {
        word.clear();
        word.extend(token.chars().flat_map(char::to_lowercase).map(fold_accent));
        english += usize::from(ENGLISH_WORDS.contains(&word.as_str()));
        french += usize::from(FRENCH_WORDS.contains(&word.as_str()));
    }
    match (english, french) {
        (1.., 0) => Some(Language::English),
        (0, 1..) => Some(Language::French),
        _ => None,
    }
}

/// The letter without its accent, for the few accented French function
/// words (`très`, `être`, `où`).
fn fold_accent(c: char) -> char {
    match c {
        'à' | 'â' => 'a',
        'é' | 'è' | 'ê' => 'e',
        'î' => 'i',
        'ô' => 'o',
        'ù' | 'û' => 'u',
        'ç' => 'c',
        other => other,
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn detect(subject: &str, body: &str) -> LanguageGuess {
        LanguageDetector::new(
            &DEFAULT_LANGUAGES
                .iter()
                .map(|code| code.to_string())
                .collect::<Vec<_>>(),
        )
        .detect(subject, body)
    }

    #[test]
    fn short_mail_is_told_by_its_little_words() {
        let english = detect("Tenn", "Ten tickets left for Tenn, tens of fans.");
        assert_eq!(english.code, "en");
        assert_eq!(english.stem_as, vec![Language::English]);
        let french = detect("Re: salle", "Merci, je passe demain pour la salle.");
        assert_eq!(french.code, "fr");
        assert_eq!(french.stem_as, vec![Language::French]);
        // Nothing to go on: both stems, as before.
        let unknown = detect("Re:", "OK 14h");
        assert_eq!(unknown.code, UNDETERMINED);
        assert_eq!(unknown.stem_as, Language::ALL.to_vec());
    }

    #[test]
    fn mixed_little_words_decide_nothing() {
        assert_eq!(function_word_language("the le and et"), None);
        assert_eq!(
            function_word_language("the compiler and the list: ça fonctionne pas"),
            None
        );
        assert_eq!(function_word_language("Jean Dupont 06 12 34 56 78"), None);
        assert_eq!(
            function_word_language("Très bien, à mardi et merci"),
            Some(Language::French)
        );
    }
}
