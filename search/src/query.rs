//! The search box's query language, parsed leniently into a small syntax
//! tree. Any input parses: stray operators and parentheses are ignored, an
//! unclosed quote runs to the end. See `docs/QUERY.md`.
//!
//! ```text
//! query   = and
//! and     = or+                      (words are ANDed)
//! or      = unary ("OR" unary)*      (OR binds tighter than AND, as in Gmail)
//! unary   = "-" unary | primary
//! primary = "(" and ")" | [field ":"] (word | word* | word~[N] | "phrase"[~N])
//! ```

/// A field a query term may be restricted to.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum QueryField {
    /// Sender name and address.
    From,
    /// To, Cc and Bcc.
    To,
    /// Cc only.
    Cc,
    /// Bcc only.
    Bcc,
    /// Subject.
    Subject,
    /// Body.
    Body,
    /// Attachment names.
    Filename,
    /// Language code.
    Lang,
    /// Document kind.
    Kind,
    /// File type of an attachment or document.
    Filetype,
    /// Extraction outcome (`encrypted`, `failed`…).
    Extraction,
    /// Sender domain.
    Domain,
    /// Folder or mailbox.
    Folder,
    /// On or after a date.
    After,
    /// On or before a date.
    Before,
    /// `has:attachment`.
    Has,
    /// Thread id.
    Thread,
    /// Document id.
    Id,
    /// Message-ID.
    MessageId,
    /// DKIM outcome (`pass`, `fail`, `nokey`…).
    Dkim,
    /// A person a document's metadata names.
    Author,
    /// The software that made a document.
    Software,
    /// The mail client that sent an email.
    Client,
    /// A tag of the team's workspace.
    Tag,
    /// `is:starred`: starred by the reader.
    Is,
    /// Words of the notes the reader may see.
    Note,
    /// An email's own text, not what it quotes.
    New,
    /// The text an email quotes.
    Quoted,
    /// An IBAN written in the text.
    Iban,
    /// A phone number written in the text.
    Phone,
    /// A SIREN number written in the text.
    Siren,
    /// A SIRET number written in the text.
    Siret,
    /// The host of a link in the text (or a parent domain of it).
    Link,
    /// An email address written in the text.
    Mentions,
}

impl QueryField {
    fn from_name(name: &str) -> Option<QueryField> {
        Some(match name.to_ascii_lowercase().as_str() {
            "from" | "de" => QueryField::From,
            "to" | "a" | "à" => QueryField::To,
            "cc" => QueryField::Cc,
            "bcc" | "cci" => QueryField::Bcc,
            "subject" | "objet" | "sujet" => QueryField::Subject,
            "body" | "corps" => QueryField::Body,
            "filename" | "fichier" => QueryField::Filename,
            "lang" | "langue" => QueryField::Lang,
            "kind" | "type" => QueryField::Kind,
            "filetype" | "ext" | "format" => QueryField::Filetype,
            "extraction" | "extraction_status" => QueryField::Extraction,
            "domain" | "domaine" => QueryField::Domain,
            "folder" | "dossier" => QueryField::Folder,
            "after" | "apres" | "après" => QueryField::After,
            "before" | "avant" => QueryField::Before,
            "has" => QueryField::Has,
            "thread" => QueryField::Thread,
            "id" => QueryField::Id,
            "msgid" | "message-id" | "message_id" => QueryField::MessageId,
            "dkim" => QueryField::Dkim,
            "author" | "auteur" => QueryField::Author,
            "software" | "logiciel" => QueryField::Software,
            "client" | "mailer" => QueryField::Client,
            "tag" | "étiquette" | "etiquette" => QueryField::Tag,
            "is" | "est" => QueryField::Is,
            "note" | "notes" => QueryField::Note,
            "new" | "nouveau" | "propre" => QueryField::New,
            "quoted" | "cité" | "cite" | "citation" => QueryField::Quoted,
            "iban" => QueryField::Iban,
            "phone" | "tel" | "tél" | "telephone" | "téléphone" => QueryField::Phone,
            "siren" => QueryField::Siren,
            "siret" => QueryField::Siret,
            "link" | "lien" | "url" => QueryField::Link,
            "mentions" | "mention" | "mentionne" => QueryField::Mentions,
            _ => return None,
        })
    }
}

/// A parsed query.
#[derive(Debug, Clone, PartialEq)]
pub enum QueryNode {
    /// Every child must match.
    And(Vec<QueryNode>),
    /// Any child may match.
    Or(Vec<QueryNode>),
    /// Must not match.
    Not(Box<QueryNode>),
    /// A word, prefix or phrase, maybe restricted to a field.
    Term {
        /// Field restriction.
        field: Option<QueryField>,
        /// The text as typed (without quotes or `*`).
        text: String,
        /// Quoted.
        phrase: bool,
        /// Ends with `*`.
        prefix: bool,
        /// `word~` (`Some(None)`: the distance the word's length gives) or
        /// `word~N`.
        fuzzy: Option<Option<u32>>,
        /// `"a b"~N`: the words within N moves of each other.
        slop: Option<u32>,
    },
}

/// Deepest parenthesised group honoured.
const MAX_DEPTH: usize = 16;

#[derive(Debug, Clone, PartialEq)]
enum Token {
    Open,
    Close,
    Or,
    Not,
    Atom {
        field: Option<QueryField>,
        text: String,
        phrase: bool,
        prefix: bool,
        fuzzy: Option<Option<u32>>,
        slop: Option<u32>,
    },
}

fn lex(input: &str) -> Vec<Token> {
    let chars: Vec<char> = input.chars().collect();
    let mut tokens = Vec::new();
    let mut i = 0;
    while i < chars.len() {
        let c = chars[i];
        if c.is_whitespace() {
            i += 1;
        } else if c == '(' {
            tokens.push(Token::Open);
            i += 1;
        } else if c == ')' {
            tokens.push(Token::Close);
            i += 1;
        } else if c == '-' && chars.get(i + 1).is_some_and(|next| !next.is_whitespace()) {
            // `--a` is `a`: negations cancel in pairs, so no input nests them.
            if tokens.last() == Some(&Token::Not) {
                tokens.pop();
            } else {
                tokens.push(Token::Not);
            }
            i += 1;
        } else if c == '"' {
            let (text, next) = read_quoted(&chars, i + 1);
            let (slop, next) = read_slop(&chars, next);
            i = next;
            tokens.push(phrase(None, text, slop));
        } else {
            let start = i;
            while i < chars.len()
                && !chars[i].is_whitespace()
                && chars[i] != '('
                && chars[i] != ')'
                && chars[i] != '"'
            {
                i += 1;
            }
            let word: String = chars[start..i].iter().collect();
            if word == "OR" || word == "|" {
                tokens.push(Token::Or);
                continue;
            }
            if word == "AND" || word == "&&" {
                continue;
            }
            let field = word
                .split_once(':')
                .and_then(|(name, _)| QueryField::from_name(name));
            match field {
                Some(field) => {
                    let value_start =
                        start + word.find(':').map_or(0, |at| word[..at].chars().count()) + 1;
                    if value_start == i && chars.get(i) == Some(&'"') {
                        let (text, next) = read_quoted(&chars, i + 1);
                        let (slop, next) = read_slop(&chars, next);
                        i = next;
                        tokens.push(phrase(Some(field), text, slop));
                    } else {
                        let value: String = chars[value_start..i].iter().collect();
                        tokens.push(atom(Some(field), value));
                    }
                }
                None => tokens.push(atom(None, word)),
            }
        }
    }
    tokens
}

fn read_quoted(chars: &[char], start: usize) -> (String, usize) {
    let mut i = start;
    while i < chars.len() && chars[i] != '"' {
        i += 1;
    }
    let text = chars[start..i].iter().collect();
    (text, (i + 1).min(chars.len()))
}

/// `~N` right after a closing quote: the phrase's slop, and where the
/// input goes on.
fn read_slop(chars: &[char], at: usize) -> (Option<u32>, usize) {
    if chars.get(at) != Some(&'~') {
        return (None, at);
    }
    let mut end = at + 1;
    while end < chars.len() && chars[end].is_ascii_digit() {
        end += 1;
    }
    let digits: String = chars[at + 1..end].iter().collect();
    // `"a b"~` alone is Lucene's default sloppiness, not 0.
    let slop = digits
        .parse()
        .unwrap_or(if digits.is_empty() { 2 } else { u32::MAX });
    (Some(slop), end)
}

fn phrase(field: Option<QueryField>, text: String, slop: Option<u32>) -> Token {
    Token::Atom {
        field,
        text,
        phrase: true,
        prefix: false,
        fuzzy: None,
        slop,
    }
}

/// `word~` and `word~N`: the word and its distance, if `text` asks for one.
fn split_fuzzy(text: &str) -> Option<(&str, Option<u32>)> {
    let (word, distance) = text.rsplit_once('~')?;
    if word.is_empty() || word.ends_with('~') {
        return None;
    }
    if distance.is_empty() {
        return Some((word, None));
    }
    if !distance.bytes().all(|byte| byte.is_ascii_digit()) {
        return None;
    }
    Some((word, Some(distance.parse().unwrap_or(u32::MAX))))
}

fn atom(field: Option<QueryField>, text: String) -> Token {
    if let Some((word, distance)) = split_fuzzy(&text) {
        return Token::Atom {
            field,
            text: word.to_string(),
            phrase: false,
            prefix: false,
            fuzzy: Some(distance),
            slop: None,
        };
    }
    let prefix = text.len() > 1 && text.ends_with('*');
    let text = text.trim_end_matches('*').to_string();
    Token::Atom {
        field,
        text,
        phrase: false,
        prefix,
        fuzzy: None,
        slop: None,
    }
}

struct Parser {
    tokens: Vec<Token>,
    at: usize,
}

impl Parser {
    fn peek(&self) -> Option<&Token> {
        self.tokens.get(self.at)
    }

    fn and(&mut self, depth: usize) -> Option<QueryNode> {
        let mut children = Vec::new();
        while let Some(token) = self.peek() {
            match token {
                Token::Close if depth > 0 => break,
                Token::Close | Token::Or => {
                    self.at += 1;
                }
                _ => {
                    if let Some(node) = self.or(depth) {
                        children.push(node);
                    }
                }
            }
        }
        match children.len() {
            0 => None,
            1 => children.pop(),
            _ => Some(QueryNode::And(children)),
        }
    }

    fn or(&mut self, depth: usize) -> Option<QueryNode> {
        let mut children: Vec<QueryNode> = self.unary(depth).into_iter().collect();
        while self.peek() == Some(&Token::Or) {
            self.at += 1;
            if let Some(node) = self.unary(depth) {
                children.push(node);
            }
        }
        match children.len() {
            0 => None,
            1 => children.pop(),
            _ => Some(QueryNode::Or(children)),
        }
    }

    fn unary(&mut self, depth: usize) -> Option<QueryNode> {
        match self.peek()?.clone() {
            Token::Not => {
                self.at += 1;
                self.unary(depth).map(|node| QueryNode::Not(Box::new(node)))
            }
            Token::Open if depth >= MAX_DEPTH => {
                // Deeper groups add nothing a person means: their parentheses
                // and negations are ignored, which also bounds recursion.
                while matches!(self.peek(), Some(Token::Open | Token::Not)) {
                    self.at += 1;
                }
                self.unary(depth)
            }
            Token::Open => {
                self.at += 1;
                let inner = self.and(depth + 1);
                if self.peek() == Some(&Token::Close) {
                    self.at += 1;
                }
                inner
            }
            Token::Atom {
                field,
                text,
                phrase,
                prefix,
                fuzzy,
                slop,
            } => {
                self.at += 1;
                if text.trim().is_empty() {
                    return None;
                }
                Some(QueryNode::Term {
                    field,
                    text,
                    phrase,
                    prefix,
                    fuzzy,
                    slop,
                })
            }
            Token::Close | Token::Or => None,
        }
    }
}

/// Parses a query; `None` for an empty one (which matches every message).
pub fn parse_query(input: &str) -> Option<QueryNode> {
    let mut parser = Parser {
        tokens: lex(input),
        at: 0,
    };
    parser.and(0)
}

#[cfg(test)]
mod tests {
    use super::*;

    fn word(text: &str) -> QueryNode {
        QueryNode::Term {
            field: None,
            text: text.into(),
            phrase: false,
            prefix: false,
            fuzzy: None,
            slop: None,
        }
    }

    #[test]
    fn parses_the_language() {
        assert_eq!(
            parse_query("a b OR c -d"),
            Some(QueryNode::And(vec![
                word("a"),
                QueryNode::Or(vec![word("b"), word("c")]),
                QueryNode::Not(Box::new(word("d"))),
            ]))
        );
        assert_eq!(
            parse_query(r#"from:"François Dupré" org*"#),
            Some(QueryNode::And(vec![
                QueryNode::Term {
                    field: Some(QueryField::From),
                    text: "François Dupré".into(),
                    phrase: true,
                    prefix: false,
                    fuzzy: None,
                    slop: None,
                },
                QueryNode::Term {
                    field: None,
                    text: "org".into(),
                    phrase: false,
                    prefix: true,
                    fuzzy: None,
                    slop: None,
                },
            ]))
        );
        assert_eq!(parse_query("   "), None);
        assert_eq!(parse_query("unknown:x"), Some(word("unknown:x")));
    }

    #[test]
    fn parses_fuzzy_words_and_sloppy_phrases() {
        let term = |field, text: &str, phrase, fuzzy, slop| QueryNode::Term {
            field,
            text: text.into(),
            phrase,
            prefix: false,
            fuzzy,
            slop,
        };
        assert_eq!(
            parse_query(r#"macron~ from:dupon~2 "rapport financier"~3 "a b"~ new:vendredi"#),
            Some(QueryNode::And(vec![
                term(None, "macron", false, Some(None), None),
                term(Some(QueryField::From), "dupon", false, Some(Some(2)), None),
                term(None, "rapport financier", true, None, Some(3)),
                term(None, "a b", true, None, Some(2)),
                term(Some(QueryField::New), "vendredi", false, None, None),
            ]))
        );
        // Not fuzzy: a tilde inside a word, or alone.
        assert_eq!(parse_query("a~b"), Some(word("a~b")));
        assert_eq!(parse_query("~"), Some(word("~")));
        assert_eq!(parse_query("a~~"), Some(word("a~~")));
        assert_eq!(
            parse_query("x~99999999999"),
            Some(term(None, "x", false, Some(Some(u32::MAX)), None))
        );
    }

    #[test]
    fn never_fails_on_junk() {
        for junk in [
            ")(", "\"", "-", "OR", "((a", "a OR", "from:", "-(", "*", "\"\"", "a:b:c", "\"~", "~~",
            "\"a\"~~", "iban:~",
        ] {
            let _ = parse_query(junk);
        }
        assert_eq!(parse_query("((a"), Some(word("a")));
        assert_eq!(parse_query("--a"), Some(word("a")));
        let deep = format!("{}a{}", "(".repeat(20_000), ")".repeat(20_000));
        assert_eq!(parse_query(&deep), Some(word("a")));
        let negations = format!("{}a", "-(".repeat(5_000));
        assert!(parse_query(&negations).is_some());
        assert_eq!(parse_query("a OR"), Some(word("a")));
    }
}
