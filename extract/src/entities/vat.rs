//! French VAT numbers (`FR 44 732 829 320`): a two-digit key and the
//! company's SIREN. The key is computed from the SIREN
//! (`(12 + 3 × (SIREN mod 97)) mod 97`), so a number whose key matches and
//! whose SIREN passes Luhn is a company's, with no word around it needed;
//! its SIREN is listed. Shapes: `FR44732829320`, `FR 44732829320`,
//! `FR44 732829320`, `FR 44 732 829 320`.

use memchr::memmem;

use super::Bag;
use super::boundary::{joins_digit_after, space_len, word_ends, word_starts};
use super::number::{self, Number, Sep};
use super::siren::is_siren;

/// Adds the SIREN of every French VAT number in `text` to `sirens`.
pub(super) fn find(text: &str, sirens: &mut Bag) {
    for start in memmem::find_iter(text.as_bytes(), b"FR") {
        if let Some(siren) = read(text, start) {
            sirens.insert(siren);
            if sirens.is_full() {
                return;
            }
        }
    }
}

/// The SIREN of a VAT number typed alone, in any case and spacing.
pub(super) fn normalize(text: &str) -> Option<String> {
    let upper = text.trim().to_ascii_uppercase();
    let compact: String = upper.split_whitespace().collect();
    let digits = compact.strip_prefix("FR")?;
    let all_digits = digits.len() == 11 && digits.bytes().all(|byte| byte.is_ascii_digit());
    all_digits.then(|| siren_of(digits.as_bytes())).flatten()
}

/// The SIREN of the VAT number whose `FR` is at `start`.
fn read(text: &str, start: usize) -> Option<String> {
    if !word_starts(text, start) {
        return None;
    }
    let bytes = text.as_bytes();
    let digits_start = start + 2 + space_len(bytes, start + 2);
    let number = number::read(text, digits_start, false)?;
    let alone = word_ends(text, number.end) && !joins_digit_after(bytes, number.end);
    (alone && shape_fits(&number))
        .then(|| siren_of(number.digits()))
        .flatten()
}

fn shape_fits(number: &Number) -> bool {
    let spaced = number
        .groups()
        .iter()
        .skip(1)
        .all(|group| group.sep == Sep::Space);
    !number.too_long && spaced && matches!(number.lens(), [11] | [2, 9] | [2, 3, 3, 3])
}

/// The SIREN of key + SIREN `digits` when the key matches.
fn siren_of(digits: &[u8]) -> Option<String> {
    let (key, siren) = digits.split_at_checked(2)?;
    if !is_siren(siren) {
        return None;
    }
    let value: u64 = std::str::from_utf8(siren).ok()?.parse().ok()?;
    let expected = (12 + 3 * (value % 97)) % 97;
    let key: u64 = std::str::from_utf8(key).ok()?.parse().ok()?;
    (key == expected).then(|| String::from_utf8_lossy(siren).into_owned())
}

#[cfg(test)]
mod tests {
    use super::*;

    fn sirens(text: &str) -> Vec<String> {
        let mut bag = Bag::default();
        find(text, &mut bag);
        bag.into_vec()
    }

    #[test]
    fn vat_numbers_give_their_siren() {
        assert_eq!(sirens("N° TVA : FR 44 732 829 320"), vec!["732829320"]);
        assert_eq!(
            sirens("VAT FR44732829320, TVA intracommunautaire FR40303265045."),
            vec!["303265045", "732829320"]
        );
        assert_eq!(
            sirens("FR44 732829320 / FR 40303265045"),
            vec!["303265045", "732829320"]
        );
    }

    #[test]
    fn wrong_keys_and_shapes() {
        // Key off by one; SIREN failing Luhn with its own key.
        assert!(sirens("FR45732829320 FR43 732829320").is_empty());
        assert!(sirens("FR44732829321").is_empty());
        // Glued, too long, an IBAN, dots.
        assert!(sirens("AFR44732829320 FR447328293201 FR44732829320X").is_empty());
        assert!(sirens("FR76 3000 6000 0112 3456 7890 189").is_empty());
        assert!(sirens("FR7630006000011234567890189").is_empty());
        assert!(sirens("FR 44.732.829.320 FR 44 732 829 320,00").is_empty());
    }

    #[test]
    fn normalizes_a_typed_vat_number() {
        assert_eq!(normalize("fr 44 732 829 320"), Some("732829320".into()));
        assert_eq!(normalize("FR45732829320"), None);
        assert_eq!(normalize("732829320"), None);
        assert_eq!(normalize("FR"), None);
    }
}
