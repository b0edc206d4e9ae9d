//! SIREN (9 digits) and SIRET (14 digits) numbers of French companies.
//!
//! Both carry a Luhn check digit, but a random 9-digit number passes it one
//! time in ten, so a number counts only after a word that announces it
//! (`RCS Paris B 732 829 320`; see `announcement`). French VAT numbers
//! (`FR 44 732829320`) announce themselves: see `vat`.
//!
//! Written contiguous or grouped by spaces or dots: `732 829 320`,
//! `732829320`, `732 829 320 00074`, `732829320 00074`, `73282932000074`.
//! A SIRET's first 9 digits are its company's SIREN, listed too. La Poste's
//! establishments (SIREN 356 000 000) have SIRETs that fail Luhn; theirs is
//! checked by the rule INSEE gives them, a digit sum divisible by 5.

use super::Bag;
use super::announcement::announced;
use super::boundary::{joins_digit_after, joins_digit_before, word_ends, word_starts};
use super::number::{self, Number, Sep};

/// La Poste's SIREN, whose SIRETs do not follow Luhn.
const LA_POSTE: &[u8] = b"356000000";

/// A SIREN or SIRET read from a text.
#[derive(Debug, Clone, PartialEq, Eq)]
enum Company {
    Siren(String),
    Siret(String),
}

/// Adds the SIREN and SIRET numbers in `text` to `sirens` and `sirets`.
/// Numbers come first: one of the right shape whose check digit is right
/// is rare, and only then is the text before it read for a word.
pub(super) fn find(text: &str, sirens: &mut Bag, sirets: &mut Bag) {
    let bytes = text.as_bytes();
    let mut pos = 0;
    while let Some(offset) = bytes
        .get(pos..)
        .and_then(|rest| rest.iter().position(u8::is_ascii_digit))
    {
        let start = pos + offset;
        let Some(number) = number::read(text, start, false) else {
            pos = start + 1;
            continue;
        };
        // The whole run is judged once: nothing inside it is tried again.
        pos = number.end.max(start + 1);
        let alone = word_starts(text, start)
            && !joins_digit_before(bytes, start)
            && word_ends(text, number.end)
            && !joins_digit_after(bytes, number.end);
        let Some(company) = alone.then(|| classify(&number)).flatten() else {
            continue;
        };
        if !announced(text, start) {
            continue;
        }
        match company {
            Company::Siren(siren) => sirens.insert(siren),
            Company::Siret(siret) => {
                if let Some(siren) = siret.get(..9) {
                    sirens.insert(siren.to_string());
                }
                sirets.insert(siret);
            }
        }
        if sirens.is_full() && sirets.is_full() {
            return;
        }
    }
}

/// A SIREN or SIRET from a number of one of their written shapes.
fn classify(number: &Number) -> Option<Company> {
    if number.too_long || !separators_fit(number) {
        return None;
    }
    let digits = number.digits();
    let text = || String::from_utf8_lossy(digits).into_owned();
    match number.lens() {
        [9] | [3, 3, 3] => is_siren(digits).then(|| Company::Siren(text())),
        [14] | [3, 3, 3, 5] | [9, 5] | [3, 3, 3, 3, 2] => {
            is_siret(digits).then(|| Company::Siret(text()))
        }
        _ => None,
    }
}

/// One kind of separator, a space or a dot.
fn separators_fit(number: &Number) -> bool {
    number.groups().len() == 1 || matches!(number.uniform_sep(), Some(Sep::Space | Sep::Dot))
}

/// The SIREN typed alone (`732 829 320`), or the one in a French VAT
/// number (`FR44732829320`).
pub(super) fn normalize_siren(text: &str) -> Option<String> {
    match compact_digits(text) {
        Some(digits) => (digits.len() == 9 && is_siren(digits.as_bytes())).then_some(digits),
        None => super::vat::normalize(text),
    }
}

/// The SIRET typed alone (`732 829 320 00074`).
pub(super) fn normalize_siret(text: &str) -> Option<String> {
    let digits = compact_digits(text)?;
    (digits.len() == 14 && is_siret(digits.as_bytes())).then_some(digits)
}

/// The digits of `text` once spaces and dots are dropped; `None` if
/// anything else is left.
fn compact_digits(text: &str) -> Option<String> {
    let mut digits = String::new();
    for c in text.chars() {
        match c {
            '0'..='9' => digits.push(c),
            '.' => {}
            c if c.is_whitespace() => {}
            _ => return None,
        }
    }
    Some(digits)
}

/// 9 digits passing Luhn (and not all zeros, which pass it too).
pub(super) fn is_siren(digits: &[u8]) -> bool {
    digits.len() == 9 && digits.iter().any(|&digit| digit != b'0') && luhn(digits)
}

/// 14 digits whose first 9 are a SIREN, passing Luhn, or La Poste's rule.
fn is_siret(digits: &[u8]) -> bool {
    if digits.len() != 14 || !is_siren(&digits[..9]) {
        return false;
    }
    if digits.starts_with(LA_POSTE) {
        let sum: u32 = digits.iter().map(|&digit| u32::from(digit - b'0')).sum();
        return sum.is_multiple_of(5);
    }
    luhn(digits)
}

/// The Luhn check over ASCII digits: doubling every second digit from the
/// right, the sum ends in 0.
fn luhn(digits: &[u8]) -> bool {
    let sum: u32 = digits
        .iter()
        .rev()
        .enumerate()
        .map(|(index, &digit)| {
            let value = u32::from(digit.wrapping_sub(b'0'));
            match (index % 2 == 1, value * 2) {
                (true, doubled) if doubled > 9 => doubled - 9,
                (true, doubled) => doubled,
                (false, _) => value,
            }
        })
        .sum();
    digits.iter().all(u8::is_ascii_digit) && sum.is_multiple_of(10)
}

#[cfg(test)]
mod tests {
    use super::*;

    fn companies(text: &str) -> (Vec<String>, Vec<String>) {
        let (mut sirens, mut sirets) = (Bag::default(), Bag::default());
        find(text, &mut sirens, &mut sirets);
        (sirens.into_vec(), sirets.into_vec())
    }

    fn sirens(text: &str) -> Vec<String> {
        companies(text).0
    }

    #[test]
    fn luhn_and_la_poste() {
        assert!(is_siren(b"732829320"));
        assert!(!is_siren(b"732829321"));
        assert!(!is_siren(b"000000000"));
        assert!(is_siret(b"73282932000074"));
        assert!(!is_siret(b"73282932000075"));
        // La Poste: fails Luhn, digit sum 20.
        assert!(!luhn(b"35600000000015"));
        assert!(is_siret(b"35600000000015"));
        assert!(!is_siret(b"35600000000016"));
        assert!(!luhn(b"12a"));
    }

    #[test]
    fn numbers_after_an_announcing_word() {
        assert_eq!(
            companies("Société X, SIREN 732 829 320, SIRET : 732 829 320 00074."),
            (vec!["732829320".into()], vec!["73282932000074".into()])
        );
        assert_eq!(sirens("RCS Paris B 732 829 320"), vec!["732829320"]);
        assert_eq!(
            sirens("immatriculée au registre sous le numéro 732.829.320"),
            vec!["732829320"]
        );
        assert_eq!(
            companies("n° siret:73282932000074"),
            (vec!["732829320".into()], vec!["73282932000074".into()])
        );
        assert_eq!(
            companies("SIRET 732829320 00074 and La Poste SIRET 356 000 000 00015"),
            (
                vec!["356000000".into(), "732829320".into()],
                vec!["35600000000015".into(), "73282932000074".into()]
            )
        );
    }

    #[test]
    fn no_number_without_context_or_check() {
        // No announcing word.
        assert!(sirens("Ref. 732 829 320, tel 732829320").is_empty());
        // Luhn fails.
        assert!(sirens("SIREN 732 829 321").is_empty());
        assert!(companies("SIRET 732 829 320 00075").1.is_empty());
        // Inside a longer run, a date, an amount, glued to letters.
        assert!(sirens("SIREN 1732829320 and SIREN 732829320123").is_empty());
        assert!(sirens("SIREN 12/732829320 SIREN 732829320,50").is_empty());
        assert!(sirens("SIREN A732829320").is_empty());
        // Mixed separators, wrong groups.
        assert!(sirens("SIREN 732 829.320 SIREN 73 28 29 32 0").is_empty());
        // `rcs` inside a word is not an announcement.
        assert!(sirens("arcs 732829320").is_empty());
    }

    #[test]
    fn normalizes_typed_numbers() {
        assert_eq!(normalize_siren("732 829 320"), Some("732829320".into()));
        assert_eq!(normalize_siren("732829321"), None);
        assert_eq!(normalize_siren("73282932000074"), None);
        assert_eq!(
            normalize_siren("FR 44 732 829 320"),
            Some("732829320".into())
        );
        assert_eq!(normalize_siren("FR 45 732 829 320"), None);
        assert_eq!(normalize_siren("SIREN 732829320"), None);
        assert_eq!(
            normalize_siret("732 829 320 00074"),
            Some("73282932000074".into())
        );
        assert_eq!(normalize_siret("732 829 320"), None);
        assert_eq!(normalize_siret("732-829-320-00074"), None);
        assert_eq!(normalize_siret(""), None);
    }
}
