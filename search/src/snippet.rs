//! Highlighted snippets. A message's text is highlighted with the analyzer
//! of each field the query touched (exact words, French stems, English
//! stems) and the snippet with most matches wins, so `élection` highlights
//! `élections` and a phrase highlights its exact words. Where the snippet
//! goes is found by [`locate`], which analyses only the words that may
//! match, so a long attachment costs a walk over its words, not a stemmer
//! run over each.

use std::collections::{BTreeMap, BTreeSet};

use fouille_extract::quotes::own_and_quoted;
use fouille_schema::{Fields, Language};
use tantivy::query::Query;
use tantivy::snippet::SnippetGenerator;
use tantivy::{Score, Searcher};

use crate::locate::{self, Target};

use fouille_extract::message::parse_body;
use fouille_extract::sanitize::escape_html;
use fouille_schema::Result;

/// Bytes of a snippet's fragment, at most (tantivy counts bytes).
const SNIPPET_CHARS: usize = 240;

/// Snippet generators for one query, for the fields it has terms in, each
/// with the language whose messages it applies to (`None`: every message).
pub struct Snippets {
    generators: Vec<Generator>,
    /// Whether an email's quoted text is left out (`quotes=exclude`).
    own_only: bool,
}

/// tantivy's generator for one field, and the same terms for
/// [`locate::best_fragment`], which finds the fragment it highlights.
struct Generator {
    language: Option<Language>,
    generator: SnippetGenerator,
    target: Target,
}

/// A generator for `field`, or none when the query has no term there: a
/// generator without terms would highlight nothing. The terms are weighed
/// as `SnippetGenerator::create` weighs them.
fn generator(
    searcher: &Searcher,
    query: &dyn Query,
    field: tantivy::schema::Field,
    language: Option<Language>,
) -> Result<Option<Generator>> {
    let mut terms = BTreeSet::new();
    query.query_terms(&mut |term, _| {
        if term.field() == field {
            terms.insert(term.clone());
        }
    });
    let mut weights = BTreeMap::new();
    for term in terms {
        let value = term.value();
        let Some(text) = value.as_str() else {
            continue;
        };
        let doc_freq = searcher.doc_freq(&term)?;
        if doc_freq > 0 {
            weights.insert(text.to_string(), 1.0 / (1.0 + doc_freq as Score));
        }
    }
    if weights.is_empty() {
        return Ok(None);
    }
    let analyzer = searcher.index().tokenizer_for_field(field)?;
    Ok(Some(Generator {
        language,
        generator: SnippetGenerator::new(weights.clone(), analyzer.clone(), field, SNIPPET_CHARS),
        target: Target::new(weights, analyzer),
    }))
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
            if let Some(generator) = generator(searcher, query, field, language)? {
                generators.push(generator);
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

    /// The snippet of a text: the fragment of [`SNIPPET_CHARS`] bytes
    /// with most of the query's words, as tantivy's generators would pick
    /// it, highlighted.
    pub fn for_text(&self, text: &str, lang: &str) -> String {
        let language = Language::from_code(lang);
        let applicable: Vec<&Generator> = self
            .generators
            .iter()
            .filter(|g| g.language.is_none() || language.is_none() || g.language == language)
            .collect();
        let mut targets: Vec<Target> = applicable.iter().map(|g| g.target.clone()).collect();
        let Some((index, range)) = locate::best_fragment(&mut targets, text, SNIPPET_CHARS) else {
            return opening(text);
        };
        // The fragment is whole words of at most SNIPPET_CHARS bytes: the
        // generator finds it again as its one fragment.
        let mut snippet = applicable[index].generator.snippet(&text[range]);
        if snippet.highlighted().is_empty() {
            return opening(text);
        }
        snippet.set_snippet_prefix_postfix("<mark>", "</mark>");
        snippet.to_html()
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
