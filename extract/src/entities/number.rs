//! Numbers as people write them: groups of digits separated by single
//! spaces, dots or dashes (`06 12 34 56 78`, `713-853-6161`,
//! `732 829 320 00074`), with groups in parentheses where phone numbers
//! have them (`(713) 853-6161`, `+33 (0)6 …`).
//!
//! [`read`] takes the longest such run from a position and records its
//! shape (the length of each group and what separates them); phones and
//! SIREN/SIRET numbers then judge the shape. The whole run is judged, never
//! a piece of it: `2017-04-21` is one run of shape 4-2-2, not a phone
//! number hiding `04-21`.

use super::boundary::space_len;

/// Digits kept; a longer run is marked [`Number::too_long`] (no entity has
/// more: E.164 stops at 15, a SIRET is 14).
pub(super) const MAX_DIGITS: usize = 20;

/// Groups kept; a run with more is marked too long.
pub(super) const MAX_GROUPS: usize = 10;

/// Longest group in parentheses: `(0)` to `(0033)`.
const MAX_PAREN_DIGITS: usize = 4;

/// What separates a group from the one before it.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Default)]
pub(super) enum Sep {
    /// Nothing: the first group, or a group right after `)` (`(0)6`).
    #[default]
    None,
    /// A space, also a no-break or thin space.
    Space,
    /// `.`
    Dot,
    /// `-`
    Dash,
}

/// One group of digits.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Default)]
pub(super) struct Group {
    /// Where its digits start in [`Number::digits`].
    pub start: usize,
    /// How many digits it has.
    pub len: usize,
    /// What came before it.
    pub sep: Sep,
    /// Written in parentheses.
    pub paren: bool,
}

/// A run of digit groups read from a text.
#[derive(Debug, Clone)]
pub(super) struct Number {
    digits: [u8; MAX_DIGITS],
    digit_count: usize,
    groups: [Group; MAX_GROUPS],
    lens: [usize; MAX_GROUPS],
    group_count: usize,
    /// The run has more digits or groups than any entity: a serial number,
    /// a card number, a table of figures.
    pub too_long: bool,
    /// Byte offset just after the run's last digit or `)`.
    pub end: usize,
}

impl Number {
    fn new(end: usize) -> Number {
        Number {
            digits: [0; MAX_DIGITS],
            digit_count: 0,
            groups: [Group::default(); MAX_GROUPS],
            lens: [0; MAX_GROUPS],
            group_count: 0,
            too_long: false,
            end,
        }
    }

    /// The digits, as ASCII, without separators.
    pub fn digits(&self) -> &[u8] {
        &self.digits[..self.digit_count]
    }

    /// The groups, first to last.
    pub fn groups(&self) -> &[Group] {
        &self.groups[..self.group_count]
    }

    /// The length of each group: the run's shape, for `match`.
    pub fn lens(&self) -> &[usize] {
        &self.lens[..self.group_count]
    }

    /// The digits of one group.
    pub fn group_digits(&self, group: &Group) -> &[u8] {
        self.digits
            .get(group.start..group.start + group.len)
            .unwrap_or_default()
    }

    /// The separator between every pair of groups when it is always the same
    /// one, `None` when they differ or there is only one group.
    pub fn uniform_sep(&self) -> Option<Sep> {
        let mut seps = self.groups().iter().skip(1).map(|group| group.sep);
        let first = seps.next()?;
        seps.all(|sep| sep == first).then_some(first)
    }

    /// True when a group is in parentheses.
    pub fn has_paren(&self) -> bool {
        self.groups().iter().any(|group| group.paren)
    }

    fn push(&mut self, digits: &[u8], sep: Sep, paren: bool) {
        if self.too_long
            || self.group_count == MAX_GROUPS
            || self.digit_count + digits.len() > MAX_DIGITS
        {
            self.too_long = true;
            return;
        }
        let start = self.digit_count;
        self.digits[start..start + digits.len()].copy_from_slice(digits);
        self.digit_count += digits.len();
        self.groups[self.group_count] = Group {
            start,
            len: digits.len(),
            sep,
            paren,
        };
        self.lens[self.group_count] = digits.len();
        self.group_count += 1;
    }
}

/// Reads the run of digit groups starting at byte `start` (a digit, or `(`
/// when `parens` is set); `None` when no group starts there.
pub(super) fn read(text: &str, start: usize, parens: bool) -> Option<Number> {
    let bytes = text.as_bytes();
    let mut number = Number::new(start);
    let mut pos = start;
    let mut sep = Sep::None;
    while let Some((digits, group_end, paren)) = group_at(bytes, pos, parens) {
        number.push(digits, sep, paren);
        number.end = group_end;
        let Some((next, next_sep)) = separator_at(bytes, group_end, parens) else {
            break;
        };
        pos = next;
        sep = next_sep;
    }
    (number.group_count > 0 || number.too_long).then_some(number)
}

/// The group at `pos`: its digits, where it ends, and whether it is in
/// parentheses.
fn group_at(bytes: &[u8], pos: usize, parens: bool) -> Option<(&[u8], usize, bool)> {
    let first = *bytes.get(pos)?;
    if first.is_ascii_digit() {
        let end = digits_end(bytes, pos);
        return Some((&bytes[pos..end], end, false));
    }
    if first != b'(' || !parens {
        return None;
    }
    let end = digits_end(bytes, pos + 1);
    let len = end - (pos + 1);
    if len == 0 || len > MAX_PAREN_DIGITS || bytes.get(end) != Some(&b')') {
        return None;
    }
    Some((&bytes[pos + 1..end], end + 1, true))
}

fn digits_end(bytes: &[u8], pos: usize) -> usize {
    let run = bytes
        .get(pos..)
        .unwrap_or_default()
        .iter()
        .take_while(|byte| byte.is_ascii_digit())
        .count();
    pos + run
}

/// Where the next group starts after a group ending at `pos`, and what
/// separates them; `None` when the run ends there. One separator only:
/// `06  12` (two spaces) is two runs.
fn separator_at(bytes: &[u8], pos: usize, parens: bool) -> Option<(usize, Sep)> {
    let (next, sep) = match bytes.get(pos)? {
        b'.' => (pos + 1, Sep::Dot),
        b'-' => (pos + 1, Sep::Dash),
        // `(0)6` or `33(0)`: the only groups written without a separator.
        b'(' if parens => (pos, Sep::None),
        byte if byte.is_ascii_digit() => (pos, Sep::None),
        _ => {
            let len = space_len(bytes, pos);
            if len == 0 {
                return None;
            }
            (pos + len, Sep::Space)
        }
    };
    let starts_group = match bytes.get(next)? {
        byte if byte.is_ascii_digit() => true,
        b'(' => parens,
        _ => false,
    };
    starts_group.then_some((next, sep))
}

#[cfg(test)]
mod tests {
    use super::*;

    fn shape(text: &str) -> (Vec<usize>, String, usize) {
        let number = read(text, 0, true).expect("a number");
        let digits = String::from_utf8(number.digits().to_vec()).expect("ascii");
        (number.lens().to_vec(), digits, number.end)
    }

    #[test]
    fn reads_groups_and_separators() {
        assert_eq!(
            shape("06 12 34 56 78 x"),
            (vec![2, 2, 2, 2, 2], "0612345678".into(), 14)
        );
        let number = read("06.12.34.56.78", 0, true).expect("a number");
        assert_eq!(number.uniform_sep(), Some(Sep::Dot));
        let number = read("06-12 34", 0, true).expect("a number");
        assert_eq!(number.uniform_sep(), None);
        assert_eq!(
            shape("713-853-6161."),
            (vec![3, 3, 4], "7138536161".into(), 12)
        );
    }

    #[test]
    fn reads_parentheses() {
        let number = read("(713) 853-6161", 0, true).expect("a number");
        assert_eq!(number.lens(), &[3, 3, 4]);
        assert!(number.groups()[0].paren);
        assert_eq!(number.groups()[1].sep, Sep::Space);
        let number = read("33 (0)6 12", 0, true).expect("a number");
        assert_eq!(number.lens(), &[2, 1, 1, 2]);
        assert_eq!(number.groups()[2].sep, Sep::None);
        assert_eq!(number.group_digits(&number.groups()[1]), b"0");
        // Without parentheses allowed, `(` ends the run.
        assert_eq!(read("33 (0)6", 0, false).expect("a number").lens(), &[2]);
        assert!(read("(see)", 0, true).is_none());
        assert!(read("(12345)", 0, true).is_none());
    }

    #[test]
    fn one_separator_between_groups() {
        assert_eq!(shape("06  12").0, vec![2]);
        assert_eq!(shape("06 . 12").0, vec![2]);
        assert_eq!(shape("1 234,56").0, vec![1, 3]);
        assert_eq!(shape("12.").2, 2);
        assert_eq!(shape("1\u{a0}234").0, vec![1, 3]);
    }

    #[test]
    fn long_runs_are_marked_and_read_to_their_end() {
        let digits = "1".repeat(1000);
        let number = read(&digits, 0, true).expect("a number");
        assert!(number.too_long);
        assert_eq!(number.end, 1000);
        let groups = "12 ".repeat(20);
        let number = read(&groups, 0, true).expect("a number");
        assert!(number.too_long);
        assert_eq!(number.end, 59);
    }

    #[test]
    fn nothing_to_read() {
        assert!(read("abc", 0, true).is_none());
        assert!(read("", 0, true).is_none());
        assert!(read("1", 5, true).is_none());
    }
}
