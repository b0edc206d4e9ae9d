//! Dates as mail writes them: RFC 5322 `Date` headers in the sender's time
//! zone, mbox `From ` lines, and the attribution lines of replies ("Le 14
//! mars 2017 à 09:23, … a écrit :", "On Tue, Mar 14, 2017 at 9:23 AM, …
//! wrote:"). Civil dates are computed directly from Unix seconds, which is
//! much faster than a time zone library and all this needs.

use std::fmt::Write;

use super::people::Zone;
use super::vocabulary::Language;

const ENGLISH_DAYS: [&str; 7] = ["Sun", "Mon", "Tue", "Wed", "Thu", "Fri", "Sat"];
const FRENCH_DAYS: [&str; 7] = ["dim.", "lun.", "mar.", "mer.", "jeu.", "ven.", "sam."];
const ENGLISH_MONTHS: [&str; 12] = [
    "Jan", "Feb", "Mar", "Apr", "May", "Jun", "Jul", "Aug", "Sep", "Oct", "Nov", "Dec",
];
/// Months as French dates write them.
pub(crate) const FRENCH_MONTHS: [&str; 12] = [
    "janvier",
    "février",
    "mars",
    "avril",
    "mai",
    "juin",
    "juillet",
    "août",
    "septembre",
    "octobre",
    "novembre",
    "décembre",
];

/// A moment in someone's local time.
#[derive(Debug, Clone, Copy)]
pub struct Local {
    /// Year.
    pub year: i32,
    /// Month, 1–12.
    pub month: u8,
    /// Day of the month, 1–31.
    pub day: u8,
    /// 0 = Sunday.
    pub weekday: u8,
    /// Hour, 0–23.
    pub hour: u8,
    /// Minute.
    pub minute: u8,
    /// Second.
    pub second: u8,
    /// Offset from UTC, seconds.
    pub offset: i32,
    /// Zone abbreviation.
    pub abbreviation: &'static str,
}

impl Local {
    /// The local time of `timestamp` (Unix seconds) in `zone`.
    pub fn new(timestamp: i64, zone: Zone) -> Local {
        let (_, month, day) = civil_from_days(timestamp.div_euclid(86_400));
        let (offset, abbreviation) = zone.offset(month, day);
        Local::with_offset(timestamp, offset, abbreviation)
    }

    /// UTC.
    pub fn utc(timestamp: i64) -> Local {
        Local::with_offset(timestamp, 0, "UTC")
    }

    fn with_offset(timestamp: i64, offset: i32, abbreviation: &'static str) -> Local {
        let local = timestamp + i64::from(offset);
        let days = local.div_euclid(86_400);
        let seconds = local.rem_euclid(86_400);
        let (year, month, day) = civil_from_days(days);
        Local {
            year,
            month,
            day,
            weekday: weekday(days),
            hour: (seconds / 3600) as u8,
            minute: (seconds / 60 % 60) as u8,
            second: (seconds % 60) as u8,
            offset,
            abbreviation,
        }
    }

    /// `Tue, 14 Mar 2017 09:23:11 +0100`, with ` (CET)` when `comment`.
    pub fn rfc5322(&self, comment: bool, out: &mut String) {
        let sign = if self.offset < 0 { '-' } else { '+' };
        let offset = self.offset.unsigned_abs() / 60;
        let _ = write!(
            out,
            "{}, {} {} {} {:02}:{:02}:{:02} {sign}{:02}{:02}",
            ENGLISH_DAYS[usize::from(self.weekday)],
            self.day,
            ENGLISH_MONTHS[usize::from(self.month) - 1],
            self.year,
            self.hour,
            self.minute,
            self.second,
            offset / 60,
            offset % 60
        );
        if comment {
            let _ = write!(out, " ({})", self.abbreviation);
        }
    }

    /// `Tue Mar 14 09:23:11 2017`, the date of an mbox `From ` line.
    pub fn asctime(&self) -> String {
        format!(
            "{} {} {:2} {:02}:{:02}:{:02} {}",
            ENGLISH_DAYS[usize::from(self.weekday)],
            ENGLISH_MONTHS[usize::from(self.month) - 1],
            self.day,
            self.hour,
            self.minute,
            self.second,
            self.year
        )
    }

    /// How a mail client of `language` says when a quoted message was sent.
    pub fn attribution_date(&self, language: Language) -> String {
        match language {
            Language::French => format!(
                "{} {} {} {} à {:02}:{:02}",
                FRENCH_DAYS[usize::from(self.weekday)],
                self.day,
                FRENCH_MONTHS[usize::from(self.month) - 1],
                self.year,
                self.hour,
                self.minute
            ),
            Language::English => {
                let (hour, half) = match self.hour {
                    0 => (12, "AM"),
                    h @ 1..=11 => (h, "AM"),
                    12 => (12, "PM"),
                    h => (h - 12, "PM"),
                };
                format!(
                    "{}, {} {}, {} at {hour}:{:02} {half}",
                    ENGLISH_DAYS[usize::from(self.weekday)],
                    ENGLISH_MONTHS[usize::from(self.month) - 1],
                    self.day,
                    self.year,
                    self.minute
                )
            }
        }
    }

    /// `lundi 12 mars` / `Monday, March 12`: a day named in a subject.
    pub fn day_name(&self, language: Language) -> String {
        match language {
            Language::French => format!(
                "{} {}",
                self.day,
                FRENCH_MONTHS[usize::from(self.month) - 1]
            ),
            Language::English => format!(
                "{} {}",
                ENGLISH_MONTHS[usize::from(self.month) - 1],
                self.day
            ),
        }
    }
}

/// Day of the week of a day since 1970-01-01 (a Thursday); 0 = Sunday.
pub fn weekday(days: i64) -> u8 {
    (days + 4).rem_euclid(7) as u8
}

/// Year, month and day of a day since 1970-01-01 (Howard Hinnant's
/// algorithm, proleptic Gregorian calendar).
pub fn civil_from_days(days: i64) -> (i32, u8, u8) {
    let z = days + 719_468;
    let era = z.div_euclid(146_097);
    let day_of_era = z.rem_euclid(146_097);
    let year_of_era =
        (day_of_era - day_of_era / 1460 + day_of_era / 36_524 - day_of_era / 146_096) / 365;
    let day_of_year = day_of_era - (365 * year_of_era + year_of_era / 4 - year_of_era / 100);
    let shifted_month = (5 * day_of_year + 2) / 153;
    let day = (day_of_year - (153 * shifted_month + 2) / 5 + 1) as u8;
    let month = if shifted_month < 10 {
        shifted_month + 3
    } else {
        shifted_month - 9
    } as u8;
    let year = year_of_era + era * 400 + i64::from(month <= 2);
    (year as i32, month, day)
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn dates() {
        assert_eq!(civil_from_days(0), (1970, 1, 1));
        // 2017-03-14 is a Tuesday.
        let timestamp = 1_489_479_791;
        let mut header = String::new();
        Local::new(timestamp, Zone::Paris).rfc5322(true, &mut header);
        assert_eq!(header, "Tue, 14 Mar 2017 09:23:11 +0100 (CET)");
        assert_eq!(
            Local::new(timestamp, Zone::NewYork).attribution_date(Language::English),
            "Tue, Mar 14, 2017 at 4:23 AM"
        );
        assert_eq!(Local::utc(timestamp).asctime(), "Tue Mar 14 08:23:11 2017");
    }
}
