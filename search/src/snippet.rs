//! Highlighted snippets. A message's text is highlighted with the analyzer
//! of each field the query touched (exact words, French stems, English
//! stems) and the snippet with most matches wins, so `élection` highlights
//! `élections` and a phrase highlights its exact words.

use fouille_extract::quotes::own_and_quoted;
use fouille_schema::{Fields, Language};
use tantivy::Searcher;
use tantivy::query::Query;
use tantivy::snippet::SnippetGenerator;

use fouille_extract::message::parse_body;
use fouille_extract::sanitize::escape_html;
use fouille_schema::Result;

/// Characters of a snippet.
const SNIPPET_CHARS: usize = 240;

/// Snippet generators for one query, for the fields it has terms in, each
/// with the language whose messages it applies to (`None`: every message).
pub struct Snippets {
    generators: Vec<(Option<Language>, SnippetGenerator)>,
    /// Whether an email's quoted text is left out (`quotes=exclude`).
    own_only: bool,
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
    /// Generators for `query`; `own_only` leaves emails' quoted text out
    /// of their snippets.
    pub fn new(
        searcher: &Searcher,
        query: &dyn Query,
        fields: &Fields,
        own_only: bool,
    ) -> Result<Snippets> {
        // The own and the quoted text of an email are indexed apart, but
        // highlighted in the one body a reader sees.
        let mut generators = Vec::new();
        for (language, field) in [
            (None, fields.body),
            (None, fields.quoted),
            (Some(Language::French), fields.body_fr),
            (Some(Language::French), fields.quoted_fr),
            (Some(Language::English), fields.body_en),
            (Some(Language::English), fields.quoted_en),
        ] {
            if let Some(generator) = generator(searcher, query, field)? {
                generators.push((language, generator));
            }
        }
        Ok(Snippets {
            generators,
            own_only,
        })
    }

    /// The snippet of a stored raw message whose body quotes other
    /// messages at `quoted` (byte ranges of the body).
    pub fn for_raw(&self, raw: &[u8], lang: &str, quoted: &[[usize; 2]]) -> String {
        let body = match parse_body(raw) {
            Ok(body) => body,
            Err(_) => return String::new(),
        };
        if self.own_only && !quoted.is_empty() {
            let ranges: Vec<_> = quoted.iter().map(|&[start, end]| start..end).collect();
            return self.for_text(&own_and_quoted(&body, &ranges).0, lang);
        }
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
        let language = Language::from_code(lang);
        let best = self
            .generators
            .iter()
            .filter(|(only, _)| only.is_none() || language.is_none() || *only == language)
            .map(|(_, generator)| generator.snippet(text))
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
