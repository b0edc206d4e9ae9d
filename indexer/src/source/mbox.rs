//! Splitting mbox files (mboxo and mboxrd) into messages, streaming, so a
//! multi-gigabyte mailbox never sits in memory whole.
//!
//! The first line of the file starts the first message. After that, a line
//! starting with `From ` is a separator when it follows a blank line and
//! either carries a time (`hh:mm`, as every mbox writer's date does) or is
//! followed by a header line (`From - ` separators of some writers); a
//! line that also carries a year separates even without a blank line before
//! it. A body line `From here on…` left unescaped by a careless writer is
//! therefore only taken for a separator if it looks like one. `>From ` lines
//! are un-escaped one level (mboxrd; for mboxo this is all the escaping there
//! is).

use std::io::{self, BufRead};

/// One entry of an mbox.
#[derive(Debug, PartialEq, Eq)]
pub enum MboxEntry {
    /// A message's bytes, un-escaped.
    Message(Vec<u8>),
    /// A message larger than the limit: its size, its bytes not kept.
    TooLarge(u64),
}

/// Iterator over the messages of an mbox.
pub struct MboxSplitter<R> {
    reader: R,
    max_message: usize,
    line: Vec<u8>,
    line_too_long: bool,
    current: Option<Current>,
    /// A `From ` line whose role depends on the line after it.
    pending: Option<Vec<u8>>,
    previous_blank: bool,
    at_start: bool,
    done: bool,
}

struct Current {
    bytes: Vec<u8>,
    total: u64,
    too_large: bool,
}

impl Current {
    fn new() -> Current {
        Current {
            bytes: Vec::new(),
            total: 0,
            too_large: false,
        }
    }

    fn push(&mut self, content: &[u8], max: usize) {
        self.total += content.len() as u64;
        if self.too_large {
            return;
        }
        if self.bytes.len() + content.len() > max {
            self.too_large = true;
            self.bytes = Vec::new();
        } else {
            self.bytes.extend_from_slice(content);
        }
    }

    fn finish(mut self) -> MboxEntry {
        if self.too_large {
            return MboxEntry::TooLarge(self.total);
        }
        // The blank line before a separator belongs to the mbox, not the
        // message.
        if self.bytes.ends_with(b"\r\n\r\n") {
            self.bytes.truncate(self.bytes.len() - 2);
        } else if self.bytes.ends_with(b"\n\n") {
            self.bytes.truncate(self.bytes.len() - 1);
        }
        MboxEntry::Message(self.bytes)
    }
}

impl<R: BufRead> MboxSplitter<R> {
    /// Splits the mbox read from `reader`; messages over `max_message` bytes
    /// come out as [`MboxEntry::TooLarge`].
    pub fn new(reader: R, max_message: usize) -> MboxSplitter<R> {
        MboxSplitter {
            reader,
            max_message,
            line: Vec::with_capacity(256),
            line_too_long: false,
            current: None,
            pending: None,
            previous_blank: true,
            at_start: true,
            done: false,
        }
    }

    /// Reads one line, keeping at most `max_message + 1` bytes of it.
    fn read_line(&mut self) -> io::Result<usize> {
        self.line.clear();
        self.line_too_long = false;
        let mut total = 0;
        loop {
            let available = self.reader.fill_buf()?;
            if available.is_empty() {
                return Ok(total);
            }
            let (chunk, found) = match available.iter().position(|&b| b == b'\n') {
                Some(at) => (&available[..=at], true),
                None => (available, false),
            };
            let room = (self.max_message + 1).saturating_sub(self.line.len());
            if chunk.len() > room {
                self.line_too_long = true;
            }
            self.line.extend_from_slice(&chunk[..chunk.len().min(room)]);
            let used = chunk.len();
            total += used;
            self.reader.consume(used);
            if found {
                return Ok(total);
            }
        }
    }

    fn append(&mut self, line: &[u8]) {
        let trimmed = line.strip_suffix(b"\n").unwrap_or(line);
        let trimmed = trimmed.strip_suffix(b"\r").unwrap_or(trimmed);
        self.previous_blank = trimmed.is_empty();
        let quotes = line.iter().take_while(|&&b| b == b'>').count();
        let content = if quotes > 0 && line[quotes..].starts_with(b"From ") {
            &line[1..]
        } else {
            line
        };
        let max = self.max_message;
        self.current
            .get_or_insert_with(Current::new)
            .push(content, max);
    }

    /// Starts a new message; returns the one it ends.
    fn separate(&mut self) -> Option<MboxEntry> {
        self.previous_blank = false;
        self.current.replace(Current::new()).map(Current::finish)
    }
}

fn has_time(line: &[u8]) -> bool {
    line.windows(5).any(|w| {
        w[0].is_ascii_digit()
            && w[1].is_ascii_digit()
            && w[2] == b':'
            && w[3].is_ascii_digit()
            && w[4].is_ascii_digit()
    })
}

fn has_year(line: &[u8]) -> bool {
    line.windows(4).any(|w| {
        (w.starts_with(b"19") || w.starts_with(b"20"))
            && w[2].is_ascii_digit()
            && w[3].is_ascii_digit()
    })
}

/// True for a `From ` line that is a separator by itself.
pub(crate) fn is_separator(line: &[u8], previous_blank: bool) -> bool {
    line.starts_with(b"From ") && has_time(line) && (previous_blank || has_year(line))
}

fn is_header_line(line: &[u8]) -> bool {
    match line.iter().position(|&b| b == b':') {
        Some(colon) if colon > 0 => line[..colon].iter().all(|&b| b.is_ascii_graphic()),
        _ => false,
    }
}

impl<R: BufRead> Iterator for MboxSplitter<R> {
    type Item = io::Result<MboxEntry>;

    fn next(&mut self) -> Option<io::Result<MboxEntry>> {
        if self.done {
            return None;
        }
        loop {
            let length = match self.read_line() {
                Ok(0) => {
                    self.done = true;
                    if let Some(pending) = self.pending.take() {
                        self.append(&pending);
                    }
                    return self.current.take().map(|current| Ok(current.finish()));
                }
                Ok(length) => length,
                Err(err) => {
                    self.done = true;
                    return Some(Err(err));
                }
            };
            if std::mem::take(&mut self.at_start) {
                if self.line.starts_with(b"\xEF\xBB\xBF") {
                    self.line.drain(..3);
                }
                if self.line.starts_with(b"From ") {
                    self.separate();
                    continue;
                }
            }
            if self.line_too_long {
                // Only a message over the limit has such a line.
                let max = self.max_message;
                let current = self.current.get_or_insert_with(Current::new);
                current.push(&self.line, max);
                current.total += (length - self.line.len()) as u64;
                self.previous_blank = false;
                continue;
            }
            let mut ended = None;
            if let Some(pending) = self.pending.take() {
                if is_header_line(&self.line) {
                    ended = self.separate();
                } else {
                    self.append(&pending);
                }
            }
            let line = std::mem::take(&mut self.line);
            if is_separator(&line, self.previous_blank) {
                let before = self.separate();
                ended = ended.or(before);
            } else if line.starts_with(b"From ") && self.previous_blank {
                self.pending = Some(line.clone());
            } else {
                self.append(&line);
            }
            self.line = line;
            if let Some(entry) = ended {
                return Some(Ok(entry));
            }
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn split(text: &str) -> Vec<String> {
        MboxSplitter::new(text.as_bytes(), 1 << 20)
            .map(|entry| match entry.unwrap() {
                MboxEntry::Message(bytes) => String::from_utf8(bytes).unwrap(),
                MboxEntry::TooLarge(size) => format!("too large: {size}"),
            })
            .collect()
    }

    #[test]
    fn splits_and_unescapes() {
        let mbox = "From a@b Tue Mar 14 10:00:00 2017\nSubject: one\n\n>From here\n>>From there\n\nFrom b@c Tue Mar 14 11:00:00 2017\nSubject: two\n\nFrom the body, no date\n";
        assert_eq!(
            split(mbox),
            vec![
                "Subject: one\n\nFrom here\n>From there\n",
                "Subject: two\n\nFrom the body, no date\n"
            ]
        );
    }

    #[test]
    fn accepts_dateless_separators_followed_by_headers() {
        let mbox = "\u{feff}From - \nSubject: one\n\nbody\n\nFrom - \nSubject: two\n\nFrom us, thanks\n\nFrom - \nX-Thing: three\n\nbody\n";
        assert_eq!(
            split(mbox),
            vec![
                "Subject: one\n\nbody\n",
                "Subject: two\n\nFrom us, thanks\n",
                "X-Thing: three\n\nbody\n"
            ]
        );
    }

    #[test]
    fn oversized_messages_are_reported_not_kept() {
        let big = "x".repeat(5000);
        let mbox = format!(
            "From a Tue Mar 14 10:00:00 2017\nSubject: big\n\n{big}\n\nFrom b Tue Mar 14 11:00:00 2017\nSubject: small\n\nok\n"
        );
        let entries: Vec<MboxEntry> = MboxSplitter::new(mbox.as_bytes(), 1000)
            .map(Result::unwrap)
            .collect();
        assert_eq!(entries[0], MboxEntry::TooLarge(5016));
        assert_eq!(
            entries[1],
            MboxEntry::Message(b"Subject: small\n\nok\n".to_vec())
        );
    }
}
