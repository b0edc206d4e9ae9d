//! DKIM public keys from a file of DNS zone lines, the way `dig` prints
//! them, so that signatures can be checked with no lookup leaving the
//! machine (`fouille index --dkim-keys FILE`):
//!
//! ```text
//! ; keys published by example.org in 2017
//! s2017._domainkey.example.org. 3600 IN TXT "v=DKIM1; k=rsa; " "p=MIIB…"
//! mail._domainkey.example.fr TXT "v=DKIM1; p=MIGf…"
//! ```
//!
//! The TTL and the class are optional, the quoted strings of a record are
//! concatenated, `;` outside quotes starts a comment, a record may continue
//! on the next lines inside parentheses (as in zone files). Names are
//! compared without case and without the final dot. A line that is not a
//! TXT record of a `_domainkey` name is reported, never fatal; a file too
//! large or with too many keys is refused whole.

use std::collections::HashMap;

/// Largest key file read (a key is under 1 KiB; a million keys is not a
/// key file).
pub const MAX_KEY_FILE_BYTES: usize = 64 * 1024 * 1024;
/// Most keys kept from one file.
pub const MAX_KEYS: usize = 100_000;
/// Longest record kept (a 16,384-bit RSA key is about 2,800 characters).
pub const MAX_RECORD_BYTES: usize = 16 * 1024;

/// The keys of a file: the TXT record of each `selector._domainkey.domain`.
#[derive(Debug, Default, Clone, PartialEq, Eq)]
pub struct KeyFile {
    records: HashMap<String, String>,
    /// Lines that were not read as keys: (line number, why).
    pub skipped: Vec<(usize, String)>,
}

/// Why a key file is refused whole.
#[derive(Debug, Clone, PartialEq, Eq, thiserror::Error)]
pub enum KeyFileError {
    /// Over [`MAX_KEY_FILE_BYTES`].
    #[error("key file of {0} bytes, larger than {MAX_KEY_FILE_BYTES}")]
    TooLarge(usize),
    /// Over [`MAX_KEYS`].
    #[error("more than {MAX_KEYS} keys in the key file")]
    TooManyKeys,
}

impl KeyFile {
    /// Reads zone lines from `text`.
    pub fn parse(text: &str) -> Result<KeyFile, KeyFileError> {
        if text.len() > MAX_KEY_FILE_BYTES {
            return Err(KeyFileError::TooLarge(text.len()));
        }
        let mut file = KeyFile::default();
        for (line, record) in records(text) {
            match parse_record(&record) {
                Ok((name, value)) => {
                    if file.records.len() >= MAX_KEYS && !file.records.contains_key(&name) {
                        return Err(KeyFileError::TooManyKeys);
                    }
                    file.records.insert(name, value);
                }
                Err(why) => file.skipped.push((line, why)),
            }
        }
        Ok(file)
    }

    /// The TXT record of `selector._domainkey.domain`, if the file has it.
    pub fn get(&self, selector: &str, domain: &str) -> Option<&str> {
        let name = normalize_name(&format!("{selector}._domainkey.{domain}"));
        self.records.get(&name).map(String::as_str)
    }

    /// Every key name (without the final dot) with its record.
    pub fn names(&self) -> impl Iterator<Item = (&str, &str)> {
        self.records
            .iter()
            .map(|(name, record)| (name.as_str(), record.as_str()))
    }

    /// Number of keys read.
    pub fn len(&self) -> usize {
        self.records.len()
    }

    /// True when no key was read.
    pub fn is_empty(&self) -> bool {
        self.records.is_empty()
    }
}

/// The records of a zone text, each with the number of its first line:
/// comments removed, lines inside parentheses joined.
fn records(text: &str) -> Vec<(usize, Vec<Token>)> {
    let mut out = Vec::new();
    let mut current: Vec<Token> = Vec::new();
    let mut first_line = 0;
    let mut depth = 0usize;
    for (index, line) in text.lines().enumerate() {
        if current.is_empty() {
            first_line = index + 1;
        }
        for token in tokens(line) {
            match token {
                Token::Open => depth += 1,
                Token::Close => depth = depth.saturating_sub(1),
                token => current.push(token),
            }
        }
        if depth == 0 && !current.is_empty() {
            out.push((first_line, std::mem::take(&mut current)));
        }
    }
    if !current.is_empty() {
        out.push((first_line, current));
    }
    out
}

/// A piece of a zone line.
#[derive(Debug, Clone, PartialEq, Eq)]
enum Token {
    /// A bare word (name, TTL, class, type).
    Word(String),
    /// A quoted string, unescaped.
    Quoted(String),
    Open,
    Close,
}

/// The tokens of one line, up to a `;` that is outside quotes.
fn tokens(line: &str) -> Vec<Token> {
    let mut out = Vec::new();
    let mut chars = line.chars().peekable();
    while let Some(&c) = chars.peek() {
        match c {
            ';' => break,
            '(' | ')' => {
                chars.next();
                out.push(if c == '(' { Token::Open } else { Token::Close });
            }
            '"' => {
                chars.next();
                let mut quoted = String::new();
                while let Some(c) = chars.next() {
                    match c {
                        '"' => break,
                        '\\' => quoted.extend(chars.next()),
                        c => quoted.push(c),
                    }
                }
                out.push(Token::Quoted(quoted));
            }
            c if c.is_whitespace() => {
                chars.next();
            }
            _ => {
                let mut word = String::new();
                while let Some(&c) = chars.peek() {
                    if c.is_whitespace() || matches!(c, ';' | '"' | '(' | ')') {
                        break;
                    }
                    word.push(c);
                    chars.next();
                }
                out.push(Token::Word(word));
            }
        }
    }
    out
}

/// The name and the TXT value of one record, or why it is not a key.
fn parse_record(tokens: &[Token]) -> Result<(String, String), String> {
    let Some(Token::Word(name)) = tokens.first() else {
        return Err("no name at the start of the record".into());
    };
    let mut rest = &tokens[1..];
    // An optional TTL and class, in either order, then the type.
    let mut kind = None;
    while let Some(Token::Word(word)) = rest.first() {
        rest = &rest[1..];
        let upper = word.to_ascii_uppercase();
        if upper.chars().all(|c| c.is_ascii_digit()) || matches!(upper.as_str(), "IN" | "CH" | "HS")
        {
            continue;
        }
        kind = Some(upper);
        break;
    }
    match kind.as_deref() {
        Some("TXT") => {}
        Some(other) => return Err(format!("a {other} record, not TXT")),
        None => return Err("no record type".into()),
    }
    let name = normalize_name(name);
    if !name.contains("._domainkey.") {
        return Err(format!(
            "{name} is not a DKIM key name (selector._domainkey.domain)"
        ));
    }
    let mut value = String::new();
    for token in rest {
        match token {
            Token::Quoted(part) => value.push_str(part),
            Token::Word(word) => value.push_str(word),
            Token::Open | Token::Close => {}
        }
    }
    if value.is_empty() {
        return Err(format!("{name}: empty record"));
    }
    if value.len() > MAX_RECORD_BYTES {
        return Err(format!(
            "{name}: record of {} bytes, too long for a key",
            value.len()
        ));
    }
    Ok((name, value))
}

/// A DNS name lowercased, without its final dot.
fn normalize_name(name: &str) -> String {
    name.trim_end_matches('.').to_ascii_lowercase()
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn dig_lines_with_or_without_ttl_and_class() {
        let file = KeyFile::parse(
            "; exported with dig\n\
             s2017._domainkey.Example.org. 3600 IN TXT \"v=DKIM1; k=rsa; \" \"p=MIIBabc\"\n\
             mail._domainkey.example.fr TXT \"v=DKIM1; p=MIGfxyz\" ; a comment\n\
             old._domainkey.example.net. IN 300 TXT ( \"v=DKIM1; \"\n\
                 \"p=MIGfdef\" )\n",
        )
        .unwrap();
        assert_eq!(file.len(), 3, "{:?}", file.skipped);
        assert_eq!(
            file.get("s2017", "example.org"),
            Some("v=DKIM1; k=rsa; p=MIIBabc")
        );
        assert_eq!(file.get("MAIL", "Example.FR."), Some("v=DKIM1; p=MIGfxyz"));
        assert_eq!(file.get("old", "example.net"), Some("v=DKIM1; p=MIGfdef"));
        assert_eq!(file.get("s2018", "example.org"), None);
        assert!(file.skipped.is_empty());
    }

    #[test]
    fn other_lines_are_reported_not_fatal() {
        let file = KeyFile::parse(
            "example.org. 300 IN A 192.0.2.1\n\
             example.org. TXT \"v=spf1 -all\"\n\
             empty._domainkey.example.org. TXT \"\"\n\
             \"no name\"\n\
             ok._domainkey.example.org TXT \"p=MIGf\"\n",
        )
        .unwrap();
        assert_eq!(file.len(), 1);
        let lines: Vec<usize> = file.skipped.iter().map(|(line, _)| *line).collect();
        assert_eq!(lines, [1, 2, 3, 4]);
        assert_eq!(file.skipped[0].1, "a A record, not TXT");
    }

    #[test]
    fn hostile_files_are_bounded() {
        let long = format!("big._domainkey.example.org TXT \"{}\"", "p".repeat(20_000));
        let file = KeyFile::parse(&long).unwrap();
        assert!(file.is_empty());
        assert!(file.skipped[0].1.contains("too long for a key"));
        // An unclosed quote or parenthesis ends with the file, read or not.
        let file = KeyFile::parse("a._domainkey.b TXT ( \"p=MIG\n").unwrap();
        assert_eq!(file.get("a", "b"), Some("p=MIG"));
        let many: String = (0..=MAX_KEYS)
            .map(|n| format!("s{n}._domainkey.example.org TXT \"p=x\"\n"))
            .collect();
        assert_eq!(KeyFile::parse(&many), Err(KeyFileError::TooManyKeys));
    }
}
