//! Phone numbers, in E.164 (`+33612345678`).
//!
//! Only the shapes people give phone numbers in are read, so that dates,
//! times, amounts, IP addresses, versions and references stay out:
//!
//! - French national numbers: `06 12 34 56 78` (spaces, dots or dashes,
//!   the same throughout), `0612345678`, `0 800 123 456`;
//! - international numbers with `+` or `00`: `+33 6 12 34 56 78`,
//!   `+33 (0)6 12 34 56 78`, `0033 6 12 34 56 78`, `+44 20 7946 0958`;
//! - North American numbers as US mail writes them: `(713) 853-6161`,
//!   `713-853-6161`, `713.853.6161`, `713/853-6161`, `1-800-555-1234`,
//!   `+1 713 853 6161`.
//!
//! A number is judged on its whole run of digit groups and must not touch
//! a letter or another number (`2017-04-21`, `12:30`, `1 234,56`,
//! `192.168.1.1`, `FR76 3000 …` are one run each and fit no shape).

use super::Bag;
use super::boundary::{joins_digit_after, joins_digit_before, word_ends, word_starts};
use super::calling_code;
use super::number::{self, Number, Sep};

/// How closely a number must follow the usual shapes: a scan of free text
/// holds numbers to them, a number typed in a query is taken as it comes.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
enum Shape {
    Usual,
    Any,
}

/// Adds the phone numbers in `text` to `out`.
pub(super) fn find(text: &str, out: &mut Bag) {
    let bytes = text.as_bytes();
    let mut pos = 0;
    while let Some(offset) = bytes
        .get(pos..)
        .and_then(|rest| rest.iter().position(|&byte| starts_number(byte)))
    {
        let start = pos + offset;
        let plus = bytes[start] == b'+';
        let digits_start = start + usize::from(plus);
        let Some(number) = number::read(text, digits_start, true) else {
            pos = start + 1;
            continue;
        };
        // The whole run is judged once: nothing inside it is tried again.
        pos = number.end.max(start + 1);
        if let Some((phone, end)) = (!plus)
            .then(|| slashed_area_code(text, start, &number))
            .flatten()
        {
            out.insert(phone);
            pos = end;
            continue;
        }
        if !stands_alone(text, start, number.end) {
            continue;
        }
        if let Some(phone) = classify(&number, plus, Shape::Usual) {
            out.insert(phone);
            if out.is_full() {
                return;
            }
        }
    }
}

/// The E.164 form of a phone number typed alone (`06.12.34.56.78`,
/// `+1 (713) 853-6161`), in any grouping.
pub(super) fn normalize(text: &str) -> Option<String> {
    let text = text.trim();
    let plus = text.starts_with('+');
    let number = number::read(text, usize::from(plus), true)?;
    if number.end != text.len() {
        return None;
    }
    classify(&number, plus, Shape::Any)
}

fn starts_number(byte: u8) -> bool {
    byte.is_ascii_digit() || byte == b'+' || byte == b'('
}

/// True when nothing glues the run `start..end` to a word or another
/// number.
fn stands_alone(text: &str, start: usize, end: usize) -> bool {
    let bytes = text.as_bytes();
    word_starts(text, start)
        && !joins_digit_before(bytes, start)
        && word_ends(text, end)
        && !joins_digit_after(bytes, end)
}

fn classify(number: &Number, plus: bool, shape: Shape) -> Option<String> {
    let digits = number.digits();
    if number.too_long || digits.is_empty() {
        return None;
    }
    if plus {
        return international(number, 0, shape);
    }
    if digits.starts_with(b"00") {
        return international(number, 2, shape);
    }
    if digits[0] == b'0' {
        return french_national(number, shape);
    }
    north_american(number, shape)
}

/// `06 12 34 56 78`, `0612345678`, `0 800 123 456`.
fn french_national(number: &Number, shape: Shape) -> Option<String> {
    let digits = number.digits();
    if digits.len() != 10 || digits[1] == b'0' || number.has_paren() {
        return None;
    }
    let usual = match number.lens() {
        [10] => true,
        [2, 2, 2, 2, 2] => number.uniform_sep().is_some(),
        [1, 3, 3, 3] => digits[1] == b'8' && number.uniform_sep().is_some(),
        _ => false,
    };
    if shape == Shape::Usual && !usual {
        return None;
    }
    french_e164(&digits[1..])
}

/// `+33` and the 9 digits of a French number (its leading 0 dropped).
fn french_e164(national: &[u8]) -> Option<String> {
    let national = national.strip_prefix(b"0").unwrap_or(national);
    let valid = national.len() == 9 && national[0] != b'0';
    valid.then(|| e164(b"33", national))
}

/// `(713) 853-6161`, `713-853-6161`, `713.853.6161`, `1-800-555-1234`.
fn north_american(number: &Number, shape: Shape) -> Option<String> {
    let national = match number.digits() {
        digits if digits.len() == 10 => digits,
        [b'1', rest @ ..] if rest.len() == 10 => rest,
        _ => return None,
    };
    if shape == Shape::Usual && !north_american_shape(number) {
        return None;
    }
    north_american_e164(national)
}

fn north_american_shape(number: &Number) -> bool {
    let groups = number.groups();
    let (area, rest) = match number.lens() {
        [3, 3, 4] => (&groups[0], &groups[1..]),
        [1, 3, 3, 4] if !groups[0].paren => (&groups[1], &groups[2..]),
        _ => return false,
    };
    if rest.iter().any(|group| group.paren) {
        return false;
    }
    if area.paren {
        // `(713) 853-6161`, `(713)853-6161`, `1 (800) 555-1234`.
        return matches!(rest[0].sep, Sep::None | Sep::Space | Sep::Dash)
            && matches!(rest[1].sep, Sep::Dash | Sep::Space | Sep::Dot);
    }
    match number.uniform_sep() {
        Some(Sep::Dash | Sep::Dot) => true,
        // `1 800 555 1234`; without the 1, three groups with spaces are
        // too often something else.
        Some(Sep::Space) => groups.len() == 4,
        _ => false,
    }
}

/// `713/853-6161`, as Enron's signatures write it (a `/` otherwise joins
/// numbers into dates): the number and where it ends.
fn slashed_area_code(text: &str, start: usize, area: &Number) -> Option<(String, usize)> {
    let bytes = text.as_bytes();
    if area.lens() != [3] || bytes.get(area.end) != Some(&b'/') {
        return None;
    }
    let rest = number::read(text, area.end + 1, false)?;
    let shape = rest.lens() == [3, 4] && rest.groups()[1].sep == Sep::Dash;
    if !shape || !stands_alone(text, start, rest.end) {
        return None;
    }
    let mut national = [0u8; 10];
    national[..3].copy_from_slice(area.digits());
    national[3..].copy_from_slice(rest.digits());
    north_american_e164(&national).map(|phone| (phone, rest.end))
}

/// `+1` and a North American number: area code and exchange start with
/// 2–9, and the area code is not a service code such as 911.
fn north_american_e164(national: &[u8]) -> Option<String> {
    let valid = match national {
        [area, a1, a2, exchange, ..] if national.len() == 10 => {
            (b'2'..=b'9').contains(area)
                && !(*a1 == b'1' && *a2 == b'1')
                && (b'2'..=b'9').contains(exchange)
        }
        _ => false,
    };
    valid.then(|| e164(b"1", national))
}

/// `+…` or `00…`: the country code, then a national number (`prefix` is
/// the number of digits of the `00` written before the code).
fn international(number: &Number, prefix: usize, shape: Shape) -> Option<String> {
    let groups = number.groups();
    let mut digits = [0u8; number::MAX_DIGITS];
    let mut len = 0;
    for (index, group) in groups.iter().enumerate() {
        let group_digits = number.group_digits(group);
        // `+33 (0)6…`: the national trunk prefix, not dialled from abroad.
        if index == 1 && group.paren && group_digits == b"0" {
            continue;
        }
        digits[len..len + group_digits.len()].copy_from_slice(group_digits);
        len += group_digits.len();
    }
    let digits = digits.get(prefix..len)?;
    let (code, national) = calling_code::split(digits)?;
    if shape == Shape::Usual && !international_shape(number, prefix, code.len()) {
        return None;
    }
    match code {
        b"33" => french_e164(national),
        b"1" => north_american_e164(national),
        _ => other_e164(code, national),
    }
}

/// The country code stands in the first group (`+44 20…`, not `+4 420…`);
/// after `00` it fills the first group (`0044 20…`), except in the
/// contiguous French form `0033612345678`.
fn international_shape(number: &Number, prefix: usize, code_len: usize) -> bool {
    let first = number.lens().first().copied().unwrap_or(0);
    if first < prefix + code_len || number.groups().first().is_some_and(|group| group.paren) {
        return false;
    }
    prefix == 0 || first == prefix + code_len || number.digits().starts_with(b"0033")
}

/// Any other country: 8 to 15 digits in all (E.164), a national number of
/// at least 7 (10 in Russia and Kazakhstan), which does not start with the
/// trunk 0 except where the 0 is dialled from abroad too (Italy, the
/// Vatican, San Marino, Ivory Coast, Congo). Country-by-country lengths
/// would need libphonenumber's metadata (the `phonenumber` crate: 40-odd
/// crates to build, 130 ms to load, ~10 µs a number); these rules already
/// keep amounts such as `+34 500 000` out.
fn other_e164(code: &[u8], national: &[u8]) -> Option<String> {
    let total = code.len() + national.len();
    let keeps_zero = matches!(code, b"39" | b"379" | b"378" | b"225" | b"242");
    let valid = (8..=15).contains(&total)
        && national.len() >= 7
        && (code != b"7" || national.len() == 10)
        && (national[0] != b'0' || keeps_zero);
    valid.then(|| e164(code, national))
}

fn e164(code: &[u8], national: &[u8]) -> String {
    let mut phone = String::with_capacity(1 + code.len() + national.len());
    phone.push('+');
    phone.extend(code.iter().chain(national).map(|&digit| char::from(digit)));
    phone
}

#[cfg(test)]
mod tests {
    use super::*;

    fn phones(text: &str) -> Vec<String> {
        let mut bag = Bag::default();
        find(text, &mut bag);
        bag.into_vec()
    }

    #[test]
    fn french_national_forms() {
        assert_eq!(
            phones("Tél. : 06 12 34 56 78, fax 01.42.68.53.00 ou 01-42-68-53-01"),
            vec!["+33142685300", "+33142685301", "+33612345678"]
        );
        assert_eq!(phones("appelez le 0612345678."), vec!["+33612345678"]);
        assert_eq!(
            phones("N° vert 0 800 123 456 (06\u{a0}98\u{a0}76\u{a0}54\u{a0}32)"),
            vec!["+33698765432", "+33800123456"]
        );
    }

    #[test]
    fn french_international_forms() {
        assert_eq!(
            phones("+33 6 12 34 56 78 / +33 (0)6 12 34 56 78 / +33(0)612345678"),
            vec!["+33612345678"]
        );
        assert_eq!(
            phones("0033 6 12 34 56 78; 0033612345678; +33.6.12.34.56.78; +33 06 12 34 56 78"),
            vec!["+33612345678"]
        );
        assert_eq!(phones("Tel:+33142685300"), vec!["+33142685300"]);
    }

    #[test]
    fn other_international_numbers() {
        assert_eq!(
            phones("London +44 20 7946 0958, +44 (0)20 7946 0959, Berlin 0049 30 1234567"),
            vec!["+442079460958", "+442079460959", "+49301234567"]
        );
        assert_eq!(phones("Roma +39 06 1234 5678"), vec!["+390612345678"]);
        assert_eq!(phones("+352 26 12 34 56"), vec!["+35226123456"]);
        assert_eq!(phones("Moscou +7 495 123-45-67"), vec!["+74951234567"]);
    }

    #[test]
    fn north_american_forms() {
        assert_eq!(
            phones("Call (713) 853-6161 or 713-853-6162, 713.853.6163, (713)853-6164"),
            vec![
                "+17138536161",
                "+17138536162",
                "+17138536163",
                "+17138536164"
            ]
        );
        assert_eq!(
            phones("1-800-555-1234, 1 (800) 555-1235, +1 713 853 6165, +1-713-853-6166"),
            vec![
                "+17138536165",
                "+17138536166",
                "+18005551234",
                "+18005551235"
            ]
        );
    }

    #[test]
    fn north_american_slashed_area_code() {
        assert_eq!(phones("Phone: 713/853-6161."), vec!["+17138536161"]);
        // Dates and fractions keep their slash.
        assert!(phones("1/853-6161 713/85-6161 713/853-616 12/25/2001").is_empty());
        assert!(phones("713/853-6161/2 x713/853-6161 713/053-6161").is_empty());
        assert!(phones("+713/853-6161").is_empty());
    }

    #[test]
    fn north_american_codes_must_be_real() {
        // Area code or exchange starting with 0 or 1, a service code.
        assert!(phones("013-853-6161 713-053-6161 713-153-6161 911-853-6161").is_empty());
        assert!(phones("+1 213 053 6161").is_empty());
    }

    #[test]
    fn dates_times_amounts_are_not_phones() {
        assert!(phones("le 06/12/2017, le 2017-04-21, le 21.04.2017 à 12:30").is_empty());
        assert!(phones("06 12 2017 2017 06 12 10:30:00").is_empty());
        assert!(phones("1 234 567,89 € ou 12,500.00 USD, 1\u{a0}234\u{a0}567").is_empty());
        assert!(phones("+12,500.00 +3 000 € +25 000 000 +45 000 000").is_empty());
    }

    #[test]
    fn addresses_versions_and_long_numbers_are_not_phones() {
        assert!(phones("192.168.1.1 10.100.200.255 version 1.2.3 v10.0.19041.1").is_empty());
        assert!(phones("carte 4111 1111 1111 1111, 4111111111111111").is_empty());
        assert!(phones("réf 12345678901234567890 / 0612345678901").is_empty());
        assert!(phones("FR76 3000 6000 0112 3456 7890 189").is_empty());
        assert!(phones("SIRET 732 829 320 00074, SIREN 732829320").is_empty());
    }

    #[test]
    fn numbers_glued_to_words_or_numbers() {
        assert!(phones("ref0612345678 0612345678abc 1.06.12.34.56.78").is_empty());
        assert!(phones("06 12 34 56 78 90 06.12.34.56-78 06  12 34 56 78").is_empty());
        assert!(phones("2+33612345678 00 33 6 12 34 56 78").is_empty());
        // Bad French national numbers: 00…, 9 or 11 digits.
        assert!(phones("0012345678 061234567 06123456789").is_empty());
    }

    #[test]
    fn unknown_or_short_international_numbers() {
        assert!(phones("+28 1234 5678 +800 1234 5678 +44 1234").is_empty());
        // Too short for the country: an amount, not a phone.
        assert!(phones("+34 500 000 +7 495 123 45").is_empty());
        assert!(phones("+4 420 7946 0958 +1234567890123456").is_empty());
        assert!(phones("0044207946095 + 33 6 12 34 56 78").is_empty());
    }

    #[test]
    fn normalizes_a_typed_number() {
        assert_eq!(normalize("06.12.34.56.78"), Some("+33612345678".into()));
        assert_eq!(normalize(" 06 12 34 5678 "), Some("+33612345678".into()));
        assert_eq!(
            normalize("+33 (0)6 12 34 56 78"),
            Some("+33612345678".into())
        );
        assert_eq!(normalize("(713) 853-6161"), Some("+17138536161".into()));
        assert_eq!(normalize("7138536161"), Some("+17138536161".into()));
        assert_eq!(normalize("+442079460958"), Some("+442079460958".into()));
        assert_eq!(normalize("2017-04-21"), None);
        assert_eq!(normalize("06 12 34 56 78 x"), None);
        assert_eq!(normalize("phone"), None);
        assert_eq!(normalize(""), None);
        assert_eq!(normalize("+"), None);
    }
}
