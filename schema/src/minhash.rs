//! The MinHash signature of a document's text, as the archive stores it
//! (`minhash`) and indexes its bands (`similarity_bands`): the part of
//! near-duplicate detection that the indexer, which computes signatures,
//! and the search crate, which compares them, must agree on.
//!
//! A signature is [`SLOTS`] 32-bit minima, one per slot; the fraction of
//! equal slots of two signatures estimates the Jaccard similarity of the
//! two texts' shingle sets (standard error `sqrt(J(1-J)/128)`, under 0.045).
//! For lookup it is cut into [`BANDS`] bands of [`ROWS`] slots; two
//! documents sharing any band are candidates. With 32 bands of 4 rows, a
//! pair at similarity `s` becomes a candidate with probability
//! `1 - (1 - s⁴)³²`: 0.99 at 0.6, 0.87 at 0.5, 0.23 at 0.3, 0.05 at 0.2 and
//! 0.003 at 0.1, so edited copies are found and unrelated texts (whose
//! three-word shingles overlap by a few percent) are rarely even looked at.
//!
//! Archives are persisted, so nothing here may depend on a random seed or
//! on a hash that may change between Rust releases: the mixing function is
//! written out ([`mix`]), and changing any constant here changes the
//! archive format.

/// Minima per signature.
pub const SLOTS: usize = 128;
/// Bands the signature is cut into for lookup.
pub const BANDS: usize = 32;
/// Slots per band.
pub const ROWS: usize = SLOTS / BANDS;
/// Hex digits of a band key's hash: 48 bits, so that at a million documents
/// an accidental collision between unrelated bands stays rare (about one
/// pair per band in 500), while the term dictionary stays small.
const BAND_HASH_DIGITS: usize = 12;

/// A 64-bit finalizer (the one of SplitMix64): every input bit affects every
/// output bit. Fixed forever for the archive's sake.
pub fn mix(mut x: u64) -> u64 {
    x = (x ^ (x >> 30)).wrapping_mul(0xbf58_476d_1ce4_e5b9);
    x = (x ^ (x >> 27)).wrapping_mul(0x94d0_49bb_1331_11eb);
    x ^ (x >> 31)
}

/// A document's MinHash signature.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Signature {
    slots: [u32; SLOTS],
}

impl Signature {
    /// A signature of these minima.
    pub fn from_slots(slots: [u32; SLOTS]) -> Signature {
        Signature { slots }
    }

    /// The minima.
    pub fn slots(&self) -> &[u32; SLOTS] {
        &self.slots
    }

    /// The stored form: each slot in little-endian order.
    pub fn to_bytes(&self) -> Vec<u8> {
        self.slots
            .iter()
            .flat_map(|slot| slot.to_le_bytes())
            .collect()
    }

    /// Reads the stored form; `None` unless it is exactly one signature.
    pub fn from_bytes(bytes: &[u8]) -> Option<Signature> {
        if bytes.len() != SLOTS * 4 {
            return None;
        }
        let mut slots = [0u32; SLOTS];
        for (slot, chunk) in slots.iter_mut().zip(bytes.chunks_exact(4)) {
            *slot = u32::from_le_bytes(chunk.try_into().ok()?);
        }
        Some(Signature { slots })
    }

    /// The band keys to index and to look up: `b07:1f3a9c04d2e8`, the band
    /// number then a hash of its rows.
    pub fn band_keys(&self) -> Vec<String> {
        self.slots
            .chunks_exact(ROWS)
            .enumerate()
            .map(|(band, rows)| {
                let hash = rows
                    .iter()
                    .fold(mix(band as u64), |hash, &row| mix(hash ^ u64::from(row)));
                let hex = format!("{hash:016x}");
                format!("b{band:02}:{}", &hex[..BAND_HASH_DIGITS])
            })
            .collect()
    }

    /// The fraction of equal slots: the estimated Jaccard similarity of the
    /// two texts' shingles, from 0 to 1.
    pub fn similarity(&self, other: &Signature) -> f64 {
        let equal = self
            .slots
            .iter()
            .zip(&other.slots)
            .filter(|(a, b)| a == b)
            .count();
        equal as f64 / SLOTS as f64
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn signature(seed: u64) -> Signature {
        let mut slots = [0u32; SLOTS];
        for (index, slot) in slots.iter_mut().enumerate() {
            *slot = mix(seed * 1_000 + index as u64) as u32;
        }
        Signature::from_slots(slots)
    }

    #[test]
    fn stored_form_round_trips_and_rejects_other_lengths() {
        let original = signature(1);
        let bytes = original.to_bytes();
        assert_eq!(bytes.len(), 512);
        assert_eq!(Signature::from_bytes(&bytes), Some(original));
        assert_eq!(Signature::from_bytes(&bytes[..511]), None);
        assert_eq!(Signature::from_bytes(&[]), None);
    }

    #[test]
    fn similarity_counts_equal_slots() {
        let a = signature(1);
        assert_eq!(a.similarity(&a), 1.0);
        assert_eq!(a.similarity(&signature(2)), 0.0);
        let mut slots = *a.slots();
        for slot in &mut slots[..32] {
            *slot ^= 1;
        }
        assert_eq!(a.similarity(&Signature::from_slots(slots)), 0.75);
    }

    #[test]
    fn band_keys_are_fixed_and_follow_their_rows() {
        let a = signature(1);
        let keys = a.band_keys();
        assert_eq!(keys.len(), BANDS);
        assert!(keys.iter().all(|key| key.len() == 16));
        assert_eq!(&keys[7][..4], "b07:");
        // The hash is part of the archive format: a change fails here.
        assert_eq!(mix(0), 0);
        assert_eq!(mix(1), 0x5692_161d_100b_05e5);
        // Changing one row changes that band's key only.
        let mut slots = *a.slots();
        slots[ROWS * 5] ^= 1;
        let changed = Signature::from_slots(slots).band_keys();
        let differing: Vec<usize> = (0..BANDS).filter(|&b| keys[b] != changed[b]).collect();
        assert_eq!(differing, [5]);
        // The same rows in another band make another key.
        let same = Signature::from_slots([7; SLOTS]).band_keys();
        assert_ne!(same[0][4..], same[1][4..]);
    }
}
