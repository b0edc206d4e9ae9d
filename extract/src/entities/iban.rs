//! IBANs (ISO 13616), as `FR7630006000011234567890189`: uppercase, no
//! spaces.
//!
//! A candidate is a country code and two check digits at the start of a
//! word (`FR76`), then the account number, contiguous or in groups of four
//! separated by single spaces (no-break spaces too), as banks print it. The
//! `iban_validate` crate then checks it: the mod-97 check digits, and the
//! length and account-number format of the country from SWIFT's IBAN
//! registry, which it keeps up to date (a hand-kept table would drift).
//! Check digits 00, 01 and 99 are never issued and are refused.

use std::str::FromStr;

use super::Bag;
use super::boundary::{space_len, word_ends, word_starts};

/// The longest IBAN (Saint Lucia, Russia: 32–33; the standard allows 34).
const MAX_IBAN_LEN: usize = 34;

/// Printed groups are this long.
const GROUP_LEN: usize = 4;

/// Adds the IBANs in `text` to `out`.
pub(super) fn find(text: &str, out: &mut Bag) {
    let bytes = text.as_bytes();
    let mut pos = 0;
    while let Some(offset) = bytes
        .get(pos..)
        .and_then(|rest| rest.iter().position(u8::is_ascii_digit))
    {
        let digit = pos + offset;
        let found = digit
            .checked_sub(2)
            .filter(|&start| starts_iban(text, start))
            .and_then(|start| read(text, start));
        pos = match found {
            Some((iban, end)) => {
                out.insert(iban);
                if out.is_full() {
                    return;
                }
                end
            }
            // No IBAN starts inside a run of digits: skip it whole.
            None => {
                digit
                    + bytes[digit..]
                        .iter()
                        .take_while(|b| b.is_ascii_digit())
                        .count()
            }
        };
    }
}

/// Two uppercase letters and two digits at `start`, at the start of a
/// word: `FR76`.
fn starts_iban(text: &str, start: usize) -> bool {
    matches!(
        text.as_bytes().get(start..start + 4),
        Some([a, b, c, d]) if a.is_ascii_uppercase() && b.is_ascii_uppercase()
            && c.is_ascii_digit() && d.is_ascii_digit()
    ) && word_starts(text, start)
}

/// The IBAN typed alone, with or without spaces, in any case.
pub(super) fn normalize(text: &str) -> Option<String> {
    let compact: String = text
        .chars()
        .filter(|c| !c.is_whitespace() && *c != '-')
        .map(|c| c.to_ascii_uppercase())
        .collect();
    (compact.len() <= MAX_IBAN_LEN)
        .then(|| validate(&compact))
        .flatten()
}

/// The IBAN whose country code is at `start`, and where it ends.
fn read(text: &str, start: usize) -> Option<(String, usize)> {
    let bytes = text.as_bytes();
    let after_check = start + 4;
    let first_len = iban_chars(bytes, after_check);
    if first_len > 0 {
        // Contiguous: the whole word is the IBAN.
        let end = after_check + first_len;
        let candidate = text.get(start..end)?;
        let whole = candidate.len() <= MAX_IBAN_LEN && word_ends(text, end);
        return whole
            .then(|| validate(candidate))
            .flatten()
            .map(|iban| (iban, end));
    }
    read_groups(text, start)
}

/// `FR76 3000 6000 0112 3456 7890 189`: the IBAN may end after any group
/// (the country fixes its length, and a number may follow in the text), so
/// each end is tried.
fn read_groups(text: &str, start: usize) -> Option<(String, usize)> {
    let bytes = text.as_bytes();
    let mut compact = String::with_capacity(MAX_IBAN_LEN);
    compact.push_str(text.get(start..start + GROUP_LEN)?);
    let mut pos = start + GROUP_LEN;
    loop {
        let space = space_len(bytes, pos);
        let group_len = iban_chars(bytes, pos + space);
        if space == 0 || group_len == 0 || group_len > GROUP_LEN {
            return None;
        }
        let group_start = pos + space;
        pos = group_start + group_len;
        compact.push_str(text.get(group_start..pos)?);
        if compact.len() > MAX_IBAN_LEN {
            return None;
        }
        if word_ends(text, pos)
            && let Some(iban) = validate(&compact)
        {
            return Some((iban, pos));
        }
        if group_len < GROUP_LEN {
            return None;
        }
    }
}

/// How many IBAN characters (digits, uppercase letters) start at `pos`.
fn iban_chars(bytes: &[u8], pos: usize) -> usize {
    bytes
        .get(pos..)
        .unwrap_or_default()
        .iter()
        .take_while(|byte| byte.is_ascii_digit() || byte.is_ascii_uppercase())
        .take(MAX_IBAN_LEN + 1)
        .count()
}

/// `compact` (uppercase, no spaces) when it is a valid IBAN.
fn validate(compact: &str) -> Option<String> {
    let check = compact.get(2..4)?;
    if matches!(check, "00" | "01" | "99") {
        return None;
    }
    // `::iban` is the iban_validate crate, not this module.
    ::iban::Iban::from_str(compact)
        .ok()
        .map(|_| compact.to_string())
}

#[cfg(test)]
mod tests {
    use super::*;

    fn ibans(text: &str) -> Vec<String> {
        let mut bag = Bag::default();
        find(text, &mut bag);
        bag.into_vec()
    }

    #[test]
    fn printed_and_electronic_forms() {
        assert_eq!(
            ibans("IBAN : FR76 3000 6000 0112 3456 7890 189, BIC AGRIFRPP"),
            vec!["FR7630006000011234567890189"]
        );
        assert_eq!(
            ibans("Account GB82 WEST 1234 5698 7654 32. Also FR7630006000011234567890189"),
            vec!["FR7630006000011234567890189", "GB82WEST12345698765432"]
        );
        assert_eq!(
            ibans("IBAN\u{a0}: DE89\u{a0}3704\u{a0}0044\u{a0}0532\u{a0}0130\u{a0}00"),
            vec!["DE89370400440532013000"]
        );
    }

    #[test]
    fn a_number_after_a_printed_iban() {
        // BE is 16 long: the group after it is not part of it.
        assert_eq!(ibans("BE68 5390 0754 7034 2017"), vec!["BE68539007547034"]);
        assert_eq!(
            ibans("FR76 3000 6000 0112 3456 7890 189 12 rue"),
            vec!["FR7630006000011234567890189"]
        );
    }

    #[test]
    fn rejects_bad_checksums_lengths_and_glued_text() {
        // Last digit changed: mod 97 fails.
        assert!(ibans("FR76 3000 6000 0112 3456 7890 188").is_empty());
        assert!(ibans("FR7630006000011234567890188").is_empty());
        // Too short, too long, glued to a word, lowercase.
        assert!(ibans("FR76 3000 6000 0112 3456 7890 18").is_empty());
        assert!(ibans("FR76300060000112345678901890").is_empty());
        assert!(ibans("XFR7630006000011234567890189").is_empty());
        assert!(ibans("FR7630006000011234567890189x").is_empty());
        assert!(ibans("fr7630006000011234567890189").is_empty());
        // Groups of five (a French RIB), double spaces.
        assert!(ibans("FR76 30006 00001 12345678901 89").is_empty());
        assert!(ibans("FR76  3000 6000 0112 3456 7890 189").is_empty());
        // An unknown country.
        assert!(ibans("ZZ76 3000 6000 0112 3456 7890 189").is_empty());
        assert!(ibans("AB12 CD34 and FR").is_empty());
    }

    #[test]
    fn normalizes_a_typed_iban() {
        assert_eq!(
            normalize("fr76 3000 6000 0112 3456 7890 189"),
            Some("FR7630006000011234567890189".into())
        );
        assert_eq!(
            normalize("GB82-WEST-1234-5698-7654-32"),
            Some("GB82WEST12345698765432".into())
        );
        assert_eq!(normalize("FR76 3000 6000 0112 3456 7890 188"), None);
        assert_eq!(normalize("FR"), None);
        assert_eq!(normalize(""), None);
        assert_eq!(normalize(&"A".repeat(100)), None);
    }
}
