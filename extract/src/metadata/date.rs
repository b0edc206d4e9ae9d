//! Dates as metadata formats write them, to one shape: PDF
//! (`D:20170503101500+02'00'`), W3C/ISO 8601 (`2017-05-03T10:15:00Z`, the
//! XML formats), EXIF (`2017:05:03 10:15:00`), Windows FILETIME (OLE
//! property sets) and RTF's numbers. The result is RFC 3339 when the offset
//! is known (kept as written: the author's time zone is a clue), a local
//! `YYYY-MM-DDTHH:MM:SS` when it is not, `YYYY-MM-DD` for a date alone.

use jiff::civil;

use super::clean_value;

/// A date and time as a file wrote it.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub(crate) struct Stamp {
    date: civil::Date,
    /// None for a date without a time of day.
    time: Option<civil::Time>,
    /// Offset from UTC in minutes, when written.
    offset: Option<i32>,
}

impl Stamp {
    /// A stamp from its parts; None when they are not a real date and time.
    pub fn new(
        year: i32,
        month: i32,
        day: i32,
        time: Option<(i32, i32, i32)>,
        offset: Option<i32>,
    ) -> Option<Stamp> {
        let date = civil::Date::new(
            i16::try_from(year).ok()?,
            i8::try_from(month).ok()?,
            i8::try_from(day).ok()?,
        )
        .ok()?;
        let time = match time {
            Some((hour, minute, second)) => Some(
                civil::Time::new(
                    i8::try_from(hour).ok()?,
                    i8::try_from(minute).ok()?,
                    i8::try_from(second).ok()?,
                    0,
                )
                .ok()?,
            ),
            None => None,
        };
        if offset.is_some_and(|minutes| minutes.abs() >= 24 * 60) {
            return None;
        }
        Some(Stamp { date, time, offset })
    }

    /// The stamp as text (see the module documentation).
    pub fn render(&self) -> String {
        let date = self.date;
        let mut text = format!("{:04}-{:02}-{:02}", date.year(), date.month(), date.day());
        let Some(time) = self.time else {
            return text;
        };
        text.push_str(&format!(
            "T{:02}:{:02}:{:02}",
            time.hour(),
            time.minute(),
            time.second()
        ));
        match self.offset {
            Some(0) => text.push('Z'),
            Some(minutes) => {
                let sign = if minutes < 0 { '-' } else { '+' };
                let minutes = minutes.abs();
                text.push_str(&format!("{sign}{:02}:{:02}", minutes / 60, minutes % 60));
            }
            None => {}
        }
        text
    }
}

/// A date value read from text: normalised when it parses, else the
/// cleaned text as written; None when nothing is left.
pub(crate) fn normalise(raw: &str) -> Option<String> {
    let value = clean_value(raw)?;
    Some(parse(&value).map_or(value, |stamp| stamp.render()))
}

/// A Windows FILETIME (100-nanosecond ticks since 1601) in UTC; None for 0
/// (unset) and for times outside what jiff represents.
pub(crate) fn from_filetime(ticks: u64) -> Option<String> {
    const UNIX_EPOCH_SECONDS: i64 = 11_644_473_600;
    if ticks == 0 {
        return None;
    }
    let seconds = i64::try_from(ticks / 10_000_000).ok()? - UNIX_EPOCH_SECONDS;
    let timestamp = jiff::Timestamp::from_second(seconds).ok()?;
    let civil = timestamp.to_zoned(jiff::tz::TimeZone::UTC).datetime();
    let stamp = Stamp::new(
        i32::from(civil.year()),
        i32::from(civil.month()),
        i32::from(civil.day()),
        Some((
            i32::from(civil.hour()),
            i32::from(civil.minute()),
            i32::from(civil.second()),
        )),
        Some(0),
    )?;
    Some(stamp.render())
}

/// Reads the PDF, ISO 8601 and EXIF shapes; None for anything else.
fn parse(text: &str) -> Option<Stamp> {
    let text = text.strip_prefix("D:").unwrap_or(text);
    let mut cursor = Cursor {
        bytes: text.as_bytes(),
        at: 0,
    };
    let year = cursor.digits(4, 4)?;
    let stamp = match cursor.peek() {
        Some(b'-' | b':') => separated(&mut cursor, year)?,
        _ => compact(&mut cursor, year)?,
    };
    cursor.at_end().then_some(stamp)
}

/// `YYYY-MM-DD[THH:MM[:SS[.fff]]][Z|±HH[:MM]]`, or EXIF's
/// `YYYY:MM:DD HH:MM:SS`.
fn separated(cursor: &mut Cursor<'_>, year: i32) -> Option<Stamp> {
    cursor.next();
    let month = cursor.digits(1, 2)?;
    if !matches!(cursor.next(), Some(b'-' | b':')) {
        return None;
    }
    let day = cursor.digits(1, 2)?;
    if !matches!(cursor.peek(), Some(b'T' | b't' | b' ')) {
        return Stamp::new(year, month, day, None, None);
    }
    cursor.next();
    let hour = cursor.digits(1, 2)?;
    if cursor.next() != Some(b':') {
        return None;
    }
    let minute = cursor.digits(2, 2)?;
    let mut second = 0;
    if cursor.peek() == Some(b':') {
        cursor.next();
        second = cursor.digits(2, 2)?;
        if cursor.peek() == Some(b'.') {
            cursor.next();
            cursor.digits(1, 9)?;
        }
    }
    let offset = offset(cursor)?;
    Stamp::new(year, month, day, Some((hour, minute, second)), offset)
}

/// PDF's `YYYY[MM[DD[HH[mm[SS]]]]][Z|±HH['mm[']]]`.
fn compact(cursor: &mut Cursor<'_>, year: i32) -> Option<Stamp> {
    let mut parts = [1, 1, 0, 0, 0];
    let mut read = 0;
    for part in &mut parts {
        match cursor.digits(2, 2) {
            Some(value) => {
                *part = value;
                read += 1;
            }
            None => break,
        }
    }
    let [month, day, hour, minute, second] = parts;
    let offset = offset(cursor)?;
    let time = (read > 2).then_some((hour, minute, second));
    Stamp::new(year, month, day, time, offset.filter(|_| time.is_some()))
}

/// An optional `Z`, `±HH`, `±HH:MM`, `±HHMM` or PDF's `±HH'MM'`: the
/// outer None when it is malformed, the inner when there is none.
fn offset(cursor: &mut Cursor<'_>) -> Option<Option<i32>> {
    let sign = match cursor.peek() {
        None => return Some(None),
        Some(b'Z' | b'z') => {
            cursor.next();
            // PDF writers often add `00'00` after the Z.
            while matches!(cursor.peek(), Some(b'0' | b'\'')) {
                cursor.next();
            }
            return Some(Some(0));
        }
        Some(b'+') => 1,
        Some(b'-') => -1,
        Some(_) => return None,
    };
    cursor.next();
    let hours = cursor.digits(2, 2)?;
    if matches!(cursor.peek(), Some(b':' | b'\'')) {
        cursor.next();
    }
    let minutes = cursor.digits(2, 2).unwrap_or(0);
    if cursor.peek() == Some(b'\'') {
        cursor.next();
    }
    Some(Some(sign * (hours * 60 + minutes)))
}

/// A position in ASCII text.
struct Cursor<'a> {
    bytes: &'a [u8],
    at: usize,
}

impl Cursor<'_> {
    fn peek(&self) -> Option<u8> {
        self.bytes.get(self.at).copied()
    }

    fn next(&mut self) -> Option<u8> {
        let byte = self.peek()?;
        self.at += 1;
        Some(byte)
    }

    fn at_end(&self) -> bool {
        self.at == self.bytes.len()
    }

    /// A number of `min` to `max` digits; nothing is consumed when there
    /// are fewer than `min`.
    fn digits(&mut self, min: usize, max: usize) -> Option<i32> {
        let start = self.at;
        let mut value: i32 = 0;
        while self.at - start < max
            && let Some(digit @ b'0'..=b'9') = self.peek()
        {
            value = value * 10 + i32::from(digit - b'0');
            self.at += 1;
        }
        if self.at - start < min {
            self.at = start;
            return None;
        }
        Some(value)
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn formats_are_normalised() {
        let cases = [
            ("D:20170503101500+02'00'", "2017-05-03T10:15:00+02:00"),
            ("D:20170503101500+02'00", "2017-05-03T10:15:00+02:00"),
            ("D:20170503101500Z00'00'", "2017-05-03T10:15:00Z"),
            ("D:20170503101500", "2017-05-03T10:15:00"),
            ("D:201705031015-05'30'", "2017-05-03T10:15:00-05:30"),
            ("D:2017", "2017-01-01"),
            ("2017-05-03T10:15:00Z", "2017-05-03T10:15:00Z"),
            ("2017-05-03T10:15:00.123+03:00", "2017-05-03T10:15:00+03:00"),
            ("2017-05-03T10:15+0300", "2017-05-03T10:15:00+03:00"),
            ("2017-05-03T10:15:00", "2017-05-03T10:15:00"),
            ("2017-05-03", "2017-05-03"),
            ("2017:05:03 10:15:00", "2017-05-03T10:15:00"),
            // Not dates: kept as written.
            ("le 3 mai", "le 3 mai"),
            ("D:20171303101500", "D:20171303101500"),
            ("2017-05-03T10:15:00 et plus", "2017-05-03T10:15:00 et plus"),
            ("D:20170503101500+99'00'", "D:20170503101500+99'00'"),
        ];
        for (raw, expected) in cases {
            assert_eq!(normalise(raw).as_deref(), Some(expected), "{raw}");
        }
        assert_eq!(normalise("  "), None);
    }

    #[test]
    fn filetimes_are_utc() {
        // 2017-05-03T10:15:00Z.
        let seconds: u64 = 1_493_806_500 + 11_644_473_600;
        assert_eq!(
            from_filetime(seconds * 10_000_000).as_deref(),
            Some("2017-05-03T10:15:00Z")
        );
        assert_eq!(from_filetime(0), None);
        assert_eq!(from_filetime(u64::MAX), None);
    }
}
