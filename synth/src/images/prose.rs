//! Sentences for the images' pages: filler words in random order with the
//! page's key words set among them. Nobody reads them for sense; OCR reads
//! them letter by letter, and the key words must come out whole.

use rand::RngExt;
use rand_chacha::ChaCha8Rng;

use super::words::{ENGLISH_FILLER, ENGLISH_KEYS, FRENCH_FILLER, FRENCH_KEYS};
use crate::vocabulary::Language;

/// The filler words of `language`.
pub fn filler(language: Language) -> &'static [&'static str] {
    match language {
        Language::French => FRENCH_FILLER,
        Language::English => ENGLISH_FILLER,
    }
}

/// The key words of `language`.
pub fn keys(language: Language) -> &'static [&'static str] {
    match language {
        Language::French => FRENCH_KEYS,
        Language::English => ENGLISH_KEYS,
    }
}

/// A filler word of `language`.
pub fn filler_word(language: Language, rng: &mut ChaCha8Rng) -> &'static str {
    let words = filler(language);
    words[rng.random_range(0..words.len())]
}

/// `word` with its first letter in capitals.
pub fn capitalise(word: &str) -> String {
    let mut chars = word.chars();
    match chars.next() {
        Some(first) => first.to_uppercase().chain(chars).collect(),
        None => String::new(),
    }
}

/// A sentence of about `length` filler words, capitalised, ending with a
/// full stop, holding `key` somewhere when given.
pub fn sentence(
    language: Language,
    length: usize,
    key: Option<&str>,
    rng: &mut ChaCha8Rng,
) -> String {
    let mut words: Vec<&str> = (0..length.max(2))
        .map(|_| filler_word(language, rng))
        .collect();
    if let Some(key) = key {
        let at = rng.random_range(0..=words.len());
        words.insert(at, key);
    }
    let mut text = capitalise(&words.join(" "));
    text.push('.');
    text
}

/// A paragraph of `sentences` sentences of 6 to 14 words, the `keys` set
/// in sentences of their own choosing (one per sentence at most, in order).
pub fn paragraph(
    language: Language,
    sentences: usize,
    keys: &[&str],
    rng: &mut ChaCha8Rng,
) -> String {
    let sentences = sentences.max(keys.len());
    // Which sentences carry a key: the first ones of a shuffled order.
    let mut carriers: Vec<usize> = (0..sentences).collect();
    for index in (1..carriers.len()).rev() {
        carriers.swap(index, rng.random_range(0..=index));
    }
    carriers.truncate(keys.len());
    carriers.sort_unstable();
    let mut keys = keys.iter();
    (0..sentences)
        .map(|index| {
            let key = if carriers.contains(&index) {
                keys.next().copied()
            } else {
                None
            };
            sentence(language, rng.random_range(6..15), key, rng)
        })
        .collect::<Vec<_>>()
        .join(" ")
}

#[cfg(test)]
mod tests {
    use super::*;
    use rand::SeedableRng;

    #[test]
    fn paragraphs_hold_their_keys() {
        let mut rng = ChaCha8Rng::seed_from_u64(3);
        let text = paragraph(Language::French, 3, &["échéancier", "quittance"], &mut rng);
        assert!(
            text.contains("échéancier") || text.contains("Échéancier"),
            "{text}"
        );
        assert!(
            text.contains("quittance") || text.contains("Quittance"),
            "{text}"
        );
        assert!(text.ends_with('.'));
        assert_eq!(capitalise("été"), "Été");
    }
}
