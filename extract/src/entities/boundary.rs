//! Where an entity may start and end: the characters around it, the spaces
//! people put inside numbers.
//! Every scanner asks these same questions, so they are answered once.

/// The character just before byte `pos`, if `pos` is a boundary and not 0.
pub(super) fn char_before(text: &str, pos: usize) -> Option<char> {
    text.get(..pos)?.chars().next_back()
}

/// The character at byte `pos`, if `pos` is a boundary inside `text`.
pub(super) fn char_at(text: &str, pos: usize) -> Option<char> {
    text.get(pos..)?.chars().next()
}

/// A letter, digit or underscore, in any script: a character that glues
/// what touches it into one word (`ref0612345678` is not a phone number).
pub(super) fn is_word(c: char) -> bool {
    c.is_alphanumeric() || c == '_'
}

/// True when no word character touches byte `pos` from the left (callers
/// pass character boundaries; inside a character there is no answer, and
/// this says true).
pub(super) fn word_starts(text: &str, pos: usize) -> bool {
    char_before(text, pos).is_none_or(|c| !is_word(c))
}

/// True when no word character touches byte `pos` from the right.
pub(super) fn word_ends(text: &str, pos: usize) -> bool {
    char_at(text, pos).is_none_or(|c| !is_word(c))
}

/// Length in bytes of the space at `pos`, 0 when there is none: a plain
/// space or one of the non-breaking and thin spaces that word processors
/// and French typography put between digit groups.
pub(super) fn space_len(bytes: &[u8], pos: usize) -> usize {
    match bytes.get(pos..) {
        Some([b' ', ..]) => 1,
        // U+00A0 no-break space.
        Some([0xC2, 0xA0, ..]) => 2,
        // U+2009 thin space, U+202F narrow no-break space.
        Some([0xE2, 0x80, 0x89 | 0xAF, ..]) => 3,
        _ => 0,
    }
}

/// True when the text at `pos` continues a number: a joining mark
/// (`,` `.` `-` `/` `:`) followed by a digit, as in `12,50`, `06/12`,
/// `12:30` or `192.168`. A number touching another this way is part of
/// something bigger (an amount, a date, a time, an address) and not an
/// entity.
pub(super) fn joins_digit_after(bytes: &[u8], pos: usize) -> bool {
    matches!(bytes.get(pos..), Some([b',' | b'.' | b'-' | b'/' | b':', d, ..]) if d.is_ascii_digit())
}

/// The same, looking left from `pos`: `1.` or `2017-` just before it.
pub(super) fn joins_digit_before(bytes: &[u8], pos: usize) -> bool {
    pos >= 2
        && matches!(bytes.get(pos - 2..pos), Some([d, b',' | b'.' | b'-' | b'/' | b':']) if d.is_ascii_digit())
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn characters_around_a_position() {
        assert_eq!(char_before("aé1", 3), Some('é'));
        assert_eq!(char_before("aé1", 0), None);
        // Not a character boundary: no answer rather than a panic.
        assert_eq!(char_before("aé1", 2), None);
        assert_eq!(char_at("aé1", 1), Some('é'));
        assert_eq!(char_at("aé1", 4), None);
        assert_eq!(char_at("aé1", 2), None);
    }

    #[test]
    fn word_boundaries_know_every_script() {
        assert!(word_starts("a 1", 2));
        assert!(!word_starts("a1", 1));
        assert!(!word_starts("é1", 2));
        assert!(word_starts("(1", 1));
        assert!(word_ends("1)", 1));
        assert!(!word_ends("1é", 1));
        assert!(!word_ends("1_", 1));
    }

    #[test]
    fn spaces_inside_numbers() {
        assert_eq!(space_len(b"1 2", 1), 1);
        assert_eq!(space_len("1\u{a0}2".as_bytes(), 1), 2);
        assert_eq!(space_len("1\u{202f}2".as_bytes(), 1), 3);
        assert_eq!(space_len("1\u{2009}2".as_bytes(), 1), 3);
        assert_eq!(space_len(b"1\t2", 1), 0);
        assert_eq!(space_len(b"1", 5), 0);
    }

    #[test]
    fn numbers_joined_to_numbers() {
        assert!(joins_digit_after(b"12,50", 2));
        assert!(joins_digit_after(b"12:30", 2));
        assert!(!joins_digit_after(b"12, 50", 2));
        assert!(!joins_digit_after(b"12.", 2));
        assert!(joins_digit_before(b"1.06", 2));
        assert!(joins_digit_before(b"2017-06", 5));
        assert!(!joins_digit_before(b"a.06", 2));
        assert!(!joins_digit_before(b"6", 0));
    }
}
