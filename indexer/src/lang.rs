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

/// Below this many bytes of a message's own words, quoted text is used too.
const SHORT_SAMPLE_CHARS: usize = 200;

/// Appends the message's own lines (not quoted, not forwarded) to `sample`.
fn own_words(body: &str, sample: &mut String) {
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
        if sample.len() >= DETECT_PREFIX_CHARS {
            break;
        }
    }
}

/// A language detector restricted to an allowlist.
pub struct LanguageDetector {
    detector: Detector,
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
        LanguageDetector { detector }
    }

    /// Every code that may be passed to [`LanguageDetector::new`].
    pub fn known_codes() -> impl Iterator<Item = &'static str> {
        KNOWN.iter().map(|(code, _)| *code)
    }

    /// Detects the language of a message.
    pub fn detect(&self, subject: &str, body: &str) -> LanguageGuess {
        let mut sample = String::with_capacity(DETECT_PREFIX_CHARS + 64);
        sample.push_str(subject);
        sample.push('\n');
        own_words(body, &mut sample);
        if sample.len() < SHORT_SAMPLE_CHARS {
            // A bare forward or a one-line reply: the quoted text is all the
            // language evidence there is, and usually the same language.
            for line in body.lines() {
                sample.push_str(line.trim_start_matches(['>', ' ']));
                sample.push('\n');
                if sample.len() >= DETECT_PREFIX_CHARS {
                    break;
                }
            }
        }
        let mut end = sample.len().min(DETECT_PREFIX_CHARS);
        while !sample.is_char_boundary(end) {
            end -= 1;
        }
        let sample = &sample[..end];
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
            _ => LanguageGuess {
                code: UNDETERMINED.to_string(),
                stem_as: Language::ALL.to_vec(),
            },
        }
    }
}
