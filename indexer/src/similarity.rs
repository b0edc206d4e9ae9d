//! The MinHash signature of an attachment's or a loose document's text, so
//! that edited copies (the same text, a few words changed, other bytes) can
//! be linked as versions at read time. The signature's stored form, its
//! bands and its comparison are in `fouille_schema::minhash`.
//!
//! Words are the lowercased, accent-folded words of the search index
//! (numbers included, so a changed amount counts); shingles are runs of
//! [`SHINGLE_WORDS`] words. The signature is one-permutation MinHash: each
//! shingle is hashed once, the hash's top bits choose one of the 128 slots
//! and the rest compete for that slot's minimum; empty slots then borrow
//! from a filled one along a fixed pseudo-random path ("optimal
//! densification", Shrivastava 2017), so two texts with the same filled
//! slots borrow alike. That costs one hash per word, where classic MinHash
//! costs 128, and keeps the whole text in view: an edit on page 30 counts.
//!
//! Emails get no signature: a reply quotes its parent, and is not an edited
//! copy of it. Their own text is now told apart from what they quote
//! (`fouille_extract::quotes`); signing it is left for later.

use fouille_schema::minhash::{SLOTS, Signature, mix};
use tantivy::tokenizer::{
    AsciiFoldingFilter, LowerCaser, RemoveLongFilter, SimpleTokenizer, TextAnalyzer,
};

/// Below this many words a text gets no signature: a few lines of boiler
/// plate ("Please find attached…") would make everything a version of
/// everything, and the estimate is too coarse on a handful of shingles.
pub const MIN_WORDS: usize = 50;
/// Words read per text, about 200 pages: the cost of a signature is bounded
/// whatever the extraction limits; beyond, a text is compared on its start.
pub const MAX_WORDS: usize = 100_000;
/// Words per shingle: three words carry some order (a moved sentence stays
/// similar, a reworded one does not) without making every small edit cost
/// many shingles.
pub const SHINGLE_WORDS: usize = 3;
/// Bits of a shingle hash that choose its slot (2⁷ = [`SLOTS`]).
const SLOT_BITS: u32 = SLOTS.trailing_zeros();
/// Tries along an empty slot's path before taking the next filled slot in
/// order: with one slot filled out of 128, 4,096 tries all miss with a
/// probability of e⁻³², so this only bounds the loop.
const DENSIFY_TRIES: u64 = 4_096;
/// Seeds fixed forever (archives are persisted): "fouille1", "densify!".
const WORD_SEED: u64 = 0x666f_7569_6c6c_6531;
const DENSIFY_SEED: u64 = 0x6465_6e73_6966_7921;

/// The words of the search index, as a reader types them.
fn word_analyzer() -> TextAnalyzer {
    TextAnalyzer::builder(SimpleTokenizer::default())
        .filter(RemoveLongFilter::limit(fouille_schema::MAX_TOKEN_BYTES + 1))
        .filter(LowerCaser)
        .filter(AsciiFoldingFilter)
        .build()
}

/// FNV-1a over a word's bytes, then mixed: a fixed 64-bit word hash.
fn word_hash(word: &str) -> u64 {
    let fnv = word.bytes().fold(0xcbf2_9ce4_8422_2325_u64, |hash, byte| {
        (hash ^ u64::from(byte)).wrapping_mul(0x0100_0000_01b3)
    });
    mix(fnv ^ WORD_SEED)
}

/// The hash of three consecutive words; rotations keep their order.
fn shingle_hash(words: [u64; SHINGLE_WORDS]) -> u64 {
    mix(words[0] ^ words[1].rotate_left(21) ^ words[2].rotate_left(42))
}

/// The signature of `text`, or `None` when it has fewer than
/// [`MIN_WORDS`] words.
pub fn signature(text: &str) -> Option<Signature> {
    let mut analyzer = word_analyzer();
    let mut stream = analyzer.token_stream(text);
    let mut window = [0u64; SHINGLE_WORDS];
    let mut words = 0usize;
    let mut minima = [u32::MAX; SLOTS];
    let mut filled = [false; SLOTS];
    while words < MAX_WORDS && stream.advance() {
        window.rotate_left(1);
        window[SHINGLE_WORDS - 1] = word_hash(&stream.token().text);
        words += 1;
        if words < SHINGLE_WORDS {
            continue;
        }
        let hash = shingle_hash(window);
        let slot = (hash >> (64 - SLOT_BITS)) as usize;
        // The 32 bits under the slot's: a tie between different shingles
        // is a chance of one in four billion.
        let value = (hash >> (32 - SLOT_BITS)) as u32;
        minima[slot] = minima[slot].min(value);
        filled[slot] = true;
    }
    if words < MIN_WORDS {
        return None;
    }
    Some(Signature::from_slots(densify(&minima, &filled)))
}

/// Fills each empty slot from a filled one, chosen along a path that
/// depends on the slot only.
fn densify(minima: &[u32; SLOTS], filled: &[bool; SLOTS]) -> [u32; SLOTS] {
    let mut slots = *minima;
    for empty in (0..SLOTS).filter(|&slot| !filled[slot]) {
        let path = (0..DENSIFY_TRIES)
            .map(|attempt| mix(DENSIFY_SEED ^ ((empty as u64) << 32 | attempt)) as usize % SLOTS);
        let donor = path
            .chain((1..SLOTS).map(|step| (empty + step) % SLOTS))
            .find(|&slot| filled[slot]);
        if let Some(donor) = donor {
            slots[empty] = minima[donor];
        }
    }
    slots
}

#[cfg(test)]
mod tests {
    use super::*;

    /// The words `mot{from}`…`mot{to - 1}` of family `seed`.
    fn range(seed: usize, from: usize, to: usize) -> String {
        (from..to)
            .map(|n| format!("mot{}", seed * 1_000_000 + n))
            .collect::<Vec<_>>()
            .join(" ")
    }

    /// `count` distinct words, `seed` choosing which.
    fn words(seed: usize, count: usize) -> String {
        range(seed, 0, count)
    }

    #[test]
    fn identical_text_is_similarity_one_whatever_its_case_and_accents() {
        let text = format!("Le Contrat de prestation prévoit {}", words(1, 200));
        let a = signature(&text).expect("signature");
        let b = signature(&text.to_uppercase().replace('é', "e")).expect("signature");
        assert_eq!(a.similarity(&b), 1.0);
        assert_eq!(a.band_keys(), b.band_keys());
    }

    #[test]
    fn disjoint_texts_share_almost_nothing() {
        let a = signature(&words(1, 400)).expect("signature");
        let b = signature(&words(2, 400)).expect("signature");
        assert!(a.similarity(&b) <= 0.03, "{}", a.similarity(&b));
        let shared = a
            .band_keys()
            .iter()
            .filter(|key| b.band_keys().contains(key))
            .count();
        assert_eq!(shared, 0);
    }

    #[test]
    fn an_edit_lowers_similarity_by_about_its_share() {
        let original = words(1, 1_000);
        // 50 words replaced in the middle: 52 of 998 shingles differ on each
        // side, a Jaccard of 946 / 1050 = 0.90.
        let edited = format!(
            "{} {} {}",
            range(1, 0, 500),
            words(3, 50),
            range(1, 550, 1_000)
        );
        let similarity = signature(&original)
            .expect("signature")
            .similarity(&signature(&edited).expect("signature"));
        assert!((0.8..=0.98).contains(&similarity), "{similarity}");
    }

    #[test]
    fn short_texts_get_no_signature() {
        assert_eq!(signature(""), None);
        assert_eq!(signature(&words(1, MIN_WORDS - 1)), None);
        assert!(signature(&words(1, MIN_WORDS)).is_some());
    }

    #[test]
    fn signatures_do_not_change_between_runs() {
        // Archives are persisted: the same text must give the same slots in
        // every process and release. These are the first slots of a fixed
        // text (checked against a separate Python implementation; slot 1 is
        // empty and borrowed); a change of words, hash or seed fails here.
        let signature = signature(&words(7, 300)).expect("signature");
        assert_eq!(
            signature.slots()[..4],
            [3_557_715_694, 2_988_766_548, 112_731_649, 844_298_791]
        );
    }

    #[test]
    fn a_huge_text_is_read_up_to_the_cap_only() {
        let head = words(1, MAX_WORDS);
        let longer = format!("{head} {}", words(2, 1_000));
        assert_eq!(signature(&head), signature(&longer));
    }
}
