//! Splitting mbox files (mboxo and mboxrd) into messages, streaming, so a
//! multi-gigabyte mailbox never sits in memory whole.
//!
//! A separator is a line starting with `From ` at the start of the file or
//! after a blank line that carries a time (`hh:mm`), as every mbox writer
//! produces; a body line `From here on…` that a careless writer left unescaped
//! after a blank line is therefore only taken for a separator if it also looks
//! like a date. `>From ` lines are un-escaped one level (mboxrd; for mboxo this
//! is the only escaping there is).

use std::io::{self, BufRead};

/// Iterator over the raw messages of an mbox.
pub struct MboxSplitter<R> {
    reader: R,
    line: Vec<u8>,
    current: Option<Vec<u8>>,
    previous_blank: bool,
    at_start: bool,
    done: bool,
}

impl<R: BufRead> MboxSplitter<R> {
    /// Splits the mbox read from `reader`.
    pub fn new(reader: R) -> MboxSplitter<R> {
        MboxSplitter {
            reader,
            line: Vec::with_capacity(256),
            current: None,
            previous_blank: true,
            at_start: true,
            done: false,
        }
    }
}

pub(crate) fn is_separator(line: &[u8], previous_blank: bool) -> bool {
    if !line.starts_with(b"From ") {
        return false;
    }
    let has_time = line.windows(5).any(|w| {
        w[0].is_ascii_digit()
            && w[1].is_ascii_digit()
            && w[2] == b':'
            && w[3].is_ascii_digit()
            && w[4].is_ascii_digit()
    });
    let has_year = line.windows(4).any(|w| {
        (w.starts_with(b"19") || w.starts_with(b"20"))
            && w[2].is_ascii_digit()
            && w[3].is_ascii_digit()
    });
    has_time && (previous_blank || has_year)
}

fn finish(mut message: Vec<u8>) -> Vec<u8> {
    // The blank line before a separator belongs to the mbox, not the message.
    if message.ends_with(b"\r\n\r\n") {
        message.truncate(message.len() - 2);
    } else if message.ends_with(b"\n\n") {
        message.truncate(message.len() - 1);
    }
    message
}

impl<R: BufRead> Iterator for MboxSplitter<R> {
    type Item = io::Result<Vec<u8>>;

    fn next(&mut self) -> Option<io::Result<Vec<u8>>> {
        if self.done {
            return None;
        }
        loop {
            self.line.clear();
            match self.reader.read_until(b'\n', &mut self.line) {
                Ok(0) => {
                    self.done = true;
                    return self.current.take().map(|message| Ok(finish(message)));
                }
                Ok(_) => {}
                Err(err) => {
                    self.done = true;
                    return Some(Err(err));
                }
            }
            let at_start = std::mem::replace(&mut self.at_start, false);
            if is_separator(&self.line, self.previous_blank || at_start) {
                self.previous_blank = false;
                let previous = self.current.replace(Vec::new());
                if let Some(message) = previous {
                    return Some(Ok(finish(message)));
                }
                continue;
            }
            let content = {
                let line = &self.line;
                let trimmed = line.strip_suffix(b"\n").unwrap_or(line);
                let trimmed = trimmed.strip_suffix(b"\r").unwrap_or(trimmed);
                self.previous_blank = trimmed.is_empty();
                let quotes = line.iter().take_while(|&&b| b == b'>').count();
                if quotes > 0 && line[quotes..].starts_with(b"From ") {
                    &line[1..]
                } else {
                    &line[..]
                }
            };
            // Bytes before the first separator are kept as a message of their
            // own rather than dropped.
            self.current
                .get_or_insert_with(Vec::new)
                .extend_from_slice(content);
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn split(text: &str) -> Vec<String> {
        MboxSplitter::new(text.as_bytes())
            .map(|message| String::from_utf8(message.unwrap()).unwrap())
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
}
