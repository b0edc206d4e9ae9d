//! Highlighted snippets. A message's text is highlighted with the analyzer
//! of each field the query touched (exact words, French stems, English
//! stems) and the snippet with most matches wins, so `élection` highlights
//! `élections` and a phrase highlights its exact words.

use fouille_schema::Fields;
use tantivy::Searcher;
use tantivy::query::Query;
use tantivy::snippet::SnippetGenerator;

use fouille_extract::message::parse_body;
use fouille_extract::sanitize::escape_html;
use fouille_schema::Result;

/// Characters of a snippet.
const SNIPPET_CHARS: usize = 240;

/// Snippet generators for one query, for the fields it has terms in.
pub struct Snippets {
    exact: Option<SnippetGenerator>,
    french: Option<SnippetGenerator>,
    english: Option<SnippetGenerator>,
}

/// A generator for `field`, or none when the query has no term there: a
/// generator without terms would still analyse every hit's whole body to
/// highlight nothing.
fn generator(
    searcher: &Searcher,
    query: &dyn Query,
    field: tantivy::schema::Field,
) -> Result<Option<SnippetGenerator>> {
    let mut has_terms = false;
    query.query_terms(&mut |term, _| has_terms |= term.field() == field);
    if !has_terms {
        return Ok(None);
    }
    let mut generator = SnippetGenerator::create(searcher, query, field)?;
    generator.set_max_num_chars(SNIPPET_CHARS);
    Ok(Some(generator))
}

impl Snippets {
    /// Generators for `query`.
    pub fn new(searcher: &Searcher, query: &dyn Query, fields: &Fields) -> Result<Snippets> {
        Ok(Snippets {
            exact: generator(searcher, query, fields.body)?,
            french: generator(searcher, query, fields.body_fr)?,
            english: generator(searcher, query, fields.body_en)?,
        })
    }

    /// The snippet of a stored raw message.
    pub fn for_raw(&self, raw: &[u8], lang: &str) -> String {
        let body = match parse_body(raw) {
            Ok(body) => body,
            Err(_) => return String::new(),
        };
        self.for_text(&body, lang)
    }

    /// The opening words of a stored raw message, escaped, for lists
    /// without a query (threads).
    pub fn preview(raw: &[u8]) -> String {
        match parse_body(raw) {
            Ok(body) => opening(&body),
            Err(_) => String::new(),
        }
    }

    /// The opening words of a stored text.
    pub fn preview_text(text: &str) -> String {
        opening(text)
    }

    /// The snippet of a text.
    pub fn for_text(&self, text: &str, lang: &str) -> String {
        let mut candidates = vec![&self.exact];
        match lang {
            "fr" => candidates.push(&self.french),
            "en" => candidates.push(&self.english),
            _ => candidates.extend([&self.french, &self.english]),
        }
        let best = candidates
            .into_iter()
            .flatten()
            .map(|generator| generator.snippet(text))
            .max_by_key(|snippet| snippet.highlighted().len());
        match best {
            Some(mut snippet) if !snippet.highlighted().is_empty() => {
                snippet.set_snippet_prefix_postfix("<mark>", "</mark>");
                snippet.to_html()
            }
            _ => opening(text),
        }
    }
}

/// The first words of `text`, escaped.
fn opening(text: &str) -> String {
    let head: String = text.split_whitespace().collect::<Vec<_>>().join(" ");
    let head: String = head.chars().take(SNIPPET_CHARS).collect();
    html_escape(&head)
}

fn html_escape(text: &str) -> String {
    let mut out = String::with_capacity(text.len());
    escape_html(text, &mut out);
    out
}
