//! The search box's query language, parsed leniently into a small syntax
//! tree. Any input parses: stray operators and parentheses are ignored, an
//! unclosed quote runs to the end. See `docs/QUERY.md`.
//!
//! ```text
//! query   = and
//! and     = or+                      (words are ANDed)
//! or      = unary ("OR" unary)*      (OR binds tighter than AND, as in Gmail)
//! unary   = "-" unary | primary
//! primary = "(" and ")" | [field ":"] (word | word* | "phrase")
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
            i = next;
            tokens.push(Token::Atom {
                field: None,
                text,
                phrase: true,
                prefix: false,
            });
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
                        i = next;
                        tokens.push(Token::Atom {
                            field: Some(field),
                            text,
                            phrase: true,
                            prefix: false,
                        });
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

fn atom(field: Option<QueryField>, text: String) -> Token {
    let prefix = text.len() > 1 && text.ends_with('*');
    let text = text.trim_end_matches('*').to_string();
    Token::Atom {
        field,
        text,
        phrase: false,
        prefix,
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
                    prefix: false
                },
                QueryNode::Term {
                    field: None,
                    text: "org".into(),
                    phrase: false,
                    prefix: true
                },
            ]))
        );
        assert_eq!(parse_query("   "), None);
        assert_eq!(parse_query("unknown:x"), Some(word("unknown:x")));
    }

    #[test]
    fn never_fails_on_junk() {
        for junk in [
            ")(", "\"", "-", "OR", "((a", "a OR", "from:", "-(", "*", "\"\"", "a:b:c",
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
