//! From the query syntax tree and the API's filters to a tantivy query.
//!
//! A bare word is looked for in the subject, body, sender, recipients and
//! attachment names, unstemmed, and in the French and English stemmed
//! subject and body, each analysed by its own field's analyzer (so
//! `élection` meets `élections` through the French stem and `Election`
//! through the folded exact word). Phrases and prefixes use the exact fields
//! only, so a phrase matches its words in order.

use std::ops::Bound;
use std::sync::Arc;

use fouille_schema::{Fields, Language};
use jiff::civil::Date;
use tantivy::query::{
    AllQuery, BooleanQuery, BoostQuery, EmptyQuery, Occur, PhraseQuery, Query, RangeQuery,
    RegexQuery, TermQuery,
};
use tantivy::schema::{Field, IndexRecordOption};
use tantivy::tokenizer::TextAnalyzer;
use tantivy::{DateTime, Index, Term};

use crate::entities;
use crate::fuzzy;
use crate::idset::{IdSetQuery, Resolver};
use crate::marks::{IdSet, Marks, normalize_tag};
use crate::query::{QueryField, QueryNode};

/// Longest prefix expansion pattern accepted; longer prefixes are cut.
const MAX_PREFIX_CHARS: usize = 64;

/// Builds tantivy queries for one archive.
pub struct QueryBuilder {
    fields: Fields,
    index: Index,
    warnings: Vec<String>,
    marks: Option<MarkScope>,
    /// Whose dictionaries `word~` expands in.
    searcher: Option<tantivy::Searcher>,
    /// Bare words leave quoted text out (`quotes=exclude`).
    exclude_quotes: bool,
}

/// Most positions a sloppy phrase may allow (`"a b"~N`).
pub const MAX_SLOP: u32 = 50;

/// How a term is to be matched, beside its words.
#[derive(Debug, Clone, Copy, Default)]
struct Matching {
    phrase: bool,
    prefix: bool,
    fuzzy: Option<Option<u32>>,
    slop: Option<u32>,
}

/// What the query language needs to read the team's marks: where they are,
/// who asks, and the searcher whose documents they name.
pub(crate) struct MarkScope {
    pub(crate) marks: Arc<dyn Marks>,
    pub(crate) user: Option<String>,
    pub(crate) resolver: Arc<Resolver>,
    pub(crate) searcher: tantivy::Searcher,
}

impl QueryBuilder {
    /// A builder for `index`.
    pub fn new(index: &Index, fields: Fields) -> QueryBuilder {
        QueryBuilder {
            fields,
            index: index.clone(),
            warnings: Vec::new(),
            marks: None,
            searcher: None,
            exclude_quotes: false,
        }
    }

    /// Lets `word~` expand in `searcher`'s dictionaries (without one, a
    /// fuzzy word is matched exactly).
    pub fn with_searcher(mut self, searcher: tantivy::Searcher) -> QueryBuilder {
        self.searcher = Some(searcher);
        self
    }

    /// Leaves quoted text out of bare words and `body:` (`quoted:` still
    /// reads it).
    pub fn excluding_quotes(mut self, exclude: bool) -> QueryBuilder {
        self.exclude_quotes = exclude;
        self
    }

    /// Lets `tag:`, `is:starred`, `has:note` and `note:` read the team's
    /// marks.
    pub(crate) fn with_marks(mut self, scope: MarkScope) -> QueryBuilder {
        self.marks = Some(scope);
        self
    }

    /// The documents of a set of marks, or nothing (with a warning) when
    /// there is no workspace.
    fn marked(
        &mut self,
        what: &str,
        set: impl FnOnce(&dyn Marks, Option<&str>) -> IdSet,
    ) -> Box<dyn Query> {
        let Some(scope) = &self.marks else {
            self.warnings.push(format!(
                "{what} matches nothing: this archive has no workspace"
            ));
            return Box::new(EmptyQuery);
        };
        let set = set(&*scope.marks, scope.user.as_deref());
        if set.is_empty() {
            return Box::new(EmptyQuery);
        }
        match scope.resolver.resolve(&scope.searcher, &set) {
            Ok(resolved) => Box::new(IdSetQuery::new(resolved)),
            Err(error) => {
                self.warnings
                    .push(format!("{what} could not be read: {error}"));
                Box::new(EmptyQuery)
            }
        }
    }

    fn tag_query(&mut self, text: &str) -> Box<dyn Query> {
        match normalize_tag(text) {
            Some(tag) => self.marked(&format!("tag:{tag}"), |marks, _| marks.tagged(&tag)),
            None => {
                self.warnings.push(format!("{text:?} is not a tag name"));
                Box::new(EmptyQuery)
            }
        }
    }

    /// `is:starred` (or `is:star`, French `est:favori`, `est:étoilé`).
    fn is_query(&mut self, text: &str) -> Box<dyn Query> {
        let text = text.to_lowercase();
        if ["starred", "star", "favori", "favoris", "étoilé", "etoile"].contains(&text.as_str()) {
            self.marked("is:starred", |marks, user| marks.starred(user))
        } else {
            self.warnings
                .push(format!("is:{text} is not known (try is:starred)"));
            Box::new(AllQuery)
        }
    }

    /// Notes about parts of the query that were ignored.
    pub fn take_warnings(&mut self) -> Vec<String> {
        std::mem::take(&mut self.warnings)
    }

    fn analyzer(&self, field: Field) -> Option<TextAnalyzer> {
        self.index.tokenizer_for_field(field).ok()
    }

    fn tokens(&self, field: Field, text: &str) -> Vec<String> {
        let Some(mut analyzer) = self.analyzer(field) else {
            return Vec::new();
        };
        let mut stream = analyzer.token_stream(text);
        let mut tokens = Vec::new();
        while let Some(token) = stream.next() {
            tokens.push(token.text.clone());
        }
        tokens
    }

    /// Words or phrase `text` in `field`, analysed by the field's analyzer.
    /// A word that analyses into several tokens (`e-mail`, `date:2017`) is a
    /// phrase, which only exact fields can answer: stemmed fields have no
    /// positions.
    fn text_in(
        &self,
        field: Field,
        text: &str,
        stemmed: bool,
        slop: u32,
    ) -> Option<Box<dyn Query>> {
        let tokens = self.tokens(field, text);
        if stemmed && tokens.len() == 1 && self.overstemmed(text, &tokens[0]) {
            return None;
        }
        match tokens.len() {
            0 => None,
            1 => Some(Box::new(TermQuery::new(
                Term::from_field_text(field, &tokens[0]),
                IndexRecordOption::WithFreqs,
            ))),
            _ if stemmed => None,
            _ => {
                let mut phrase = PhraseQuery::new(
                    tokens
                        .iter()
                        .map(|token| Term::from_field_text(field, token))
                        .collect(),
                );
                phrase.set_slop(slop.min(MAX_SLOP));
                Some(Box::new(phrase))
            }
        }
    }

    /// The words of exact `field` within `distance` (or the word's own
    /// distance) of `text`; a warning when the expansion was cut.
    fn fuzzy_in(
        &mut self,
        field: Field,
        text: &str,
        distance: Option<u32>,
    ) -> Option<Box<dyn Query>> {
        let tokens = self.tokens(field, text);
        let [word] = tokens.as_slice() else {
            // Several words (`jean-pierre~`): each must be there, exactly.
            return self.text_in(field, text, false, 0);
        };
        let Some(searcher) = &self.searcher else {
            return self.text_in(field, text, false, 0);
        };
        if word.chars().count() <= fuzzy::MIN_FUZZY_CHARS {
            // Every short word is an edit or two from `th`: matching them
            // all is matching the archive, at the cost of its largest
            // posting lists.
            let warning = format!(
                "{text}~: words of {} letters or fewer are matched exactly",
                fuzzy::MIN_FUZZY_CHARS
            );
            if !self.warnings.contains(&warning) {
                self.warnings.push(warning);
            }
            return self.text_in(field, text, false, 0);
        }
        let distance = distance.unwrap_or_else(|| fuzzy::default_distance(word));
        let expansion = match fuzzy::expand(searcher, field, word, distance) {
            Ok(expansion) => expansion,
            Err(error) => {
                self.warnings
                    .push(format!("{text}~ could not be expanded: {error}"));
                return None;
            }
        };
        if expansion.cut {
            let warning = format!(
                "{text}~ matches too many words: only the {} closest were searched",
                fuzzy::MAX_EXPANSIONS
            );
            if !self.warnings.contains(&warning) {
                self.warnings.push(warning);
            }
        }
        let queries = expansion
            .words
            .into_iter()
            .map(|(word, edits)| {
                let term: Box<dyn Query> = Box::new(TermQuery::new(
                    Term::from_field_text(field, &word),
                    IndexRecordOption::WithFreqs,
                ));
                // The word as typed ranks above its neighbours.
                let boost = if edits == 0 { 1.0 } else { 0.5 };
                Box::new(BoostQuery::new(term, boost)) as Box<dyn Query>
            })
            .collect::<Vec<_>>();
        (!queries.is_empty()).then(|| Self::any_of(queries))
    }

    /// Whether `stem` cuts `text` down to a root so short that unrelated
    /// words share it: the French stemmer reads `tennis` as a form of a
    /// verb and gives `ten`, the stem of `tenir`, `ten` and `Tenn`. A word
    /// of six letters or more whose stem has three or fewer is matched by
    /// its exact form (and the other language's stem) only.
    fn overstemmed(&self, text: &str, stem: &str) -> bool {
        let exact = self.tokens(self.fields.body, text);
        let [word] = exact.as_slice() else {
            return false;
        };
        word.chars().count() >= 6 && stem.chars().count() <= 3
    }

    fn prefix_in(&self, field: Field, text: &str) -> Option<Box<dyn Query>> {
        let tokens = self.tokens(field, text);
        let (last, head) = tokens.split_last()?;
        let last: String = last.chars().take(MAX_PREFIX_CHARS).collect();
        let pattern = format!("{}.*", regex_escape(&last));
        let prefix: Box<dyn Query> = Box::new(RegexQuery::from_pattern(&pattern, field).ok()?);
        if head.is_empty() {
            return Some(prefix);
        }
        // `"rapport ann"*`-like input: the earlier words must be there too.
        let mut clauses: Vec<(Occur, Box<dyn Query>)> = head
            .iter()
            .map(|token| {
                let term: Box<dyn Query> = Box::new(TermQuery::new(
                    Term::from_field_text(field, token),
                    IndexRecordOption::Basic,
                ));
                (Occur::Must, term)
            })
            .collect();
        clauses.push((Occur::Must, prefix));
        Some(Box::new(BooleanQuery::new(clauses)))
    }

    fn any_of(queries: Vec<Box<dyn Query>>) -> Box<dyn Query> {
        match queries.len() {
            0 => Box::new(EmptyQuery),
            1 => queries.into_iter().next().expect("one query"),
            _ => Box::new(BooleanQuery::new(
                queries
                    .into_iter()
                    .map(|query| (Occur::Should, query))
                    .collect(),
            )),
        }
    }

    /// The fields a word is looked for in: (field, stemmed?, boost).
    fn text_fields(&self, field: Option<QueryField>) -> Vec<(Field, bool, f32)> {
        let f = &self.fields;
        let stemmed = |exact: Field, boost: f32, of: fn(&Fields, Language) -> Field| {
            let mut list = vec![(exact, false, boost)];
            for language in Language::ALL {
                list.push((of(f, language), true, boost));
            }
            list
        };
        // Quoted text counts, but less than the words a message writes.
        let quoted = || {
            if self.exclude_quotes {
                Vec::new()
            } else {
                stemmed(f.quoted, 0.5, Fields::quoted_stemmed)
            }
        };
        match field {
            None => {
                let mut list = stemmed(f.subject, 2.0, Fields::subject_stemmed);
                list.extend(stemmed(f.body, 1.0, Fields::body_stemmed));
                list.extend(quoted());
                for address in [f.from, f.to, f.cc, f.bcc, f.attachment_names] {
                    list.push((address, false, 1.0));
                }
                list
            }
            Some(QueryField::Subject) => stemmed(f.subject, 1.0, Fields::subject_stemmed),
            Some(QueryField::Body) => {
                let mut list = stemmed(f.body, 1.0, Fields::body_stemmed);
                list.extend(quoted());
                list
            }
            Some(QueryField::New) => stemmed(f.body, 1.0, Fields::body_stemmed),
            Some(QueryField::Quoted) => stemmed(f.quoted, 1.0, Fields::quoted_stemmed),
            Some(QueryField::From) => vec![(f.from, false, 1.0)],
            Some(QueryField::To) => {
                vec![(f.to, false, 1.0), (f.cc, false, 1.0), (f.bcc, false, 1.0)]
            }
            Some(QueryField::Cc) => vec![(f.cc, false, 1.0)],
            Some(QueryField::Bcc) => vec![(f.bcc, false, 1.0)],
            Some(QueryField::Filename) => vec![(f.attachment_names, false, 1.0)],
            Some(QueryField::Author) => vec![(f.author, false, 1.0)],
            Some(QueryField::Software) => vec![(f.software, false, 1.0)],
            Some(QueryField::Client) => vec![(f.client, false, 1.0)],
            Some(_) => Vec::new(),
        }
    }

    fn term_query(
        &mut self,
        field: Option<QueryField>,
        text: &str,
        matching: Matching,
    ) -> Box<dyn Query> {
        match field.and_then(|field| self.value_query(field, text)) {
            Some(query) => query,
            None => self.words_query(field, text, matching),
        }
    }

    /// The query for `field:text` when `field` holds values rather than
    /// words (a keyword, a folder, a flag, a date); `None` when it holds
    /// words.
    fn value_query(&mut self, field: QueryField, text: &str) -> Option<Box<dyn Query>> {
        let f = self.fields;
        let query: Box<dyn Query> = match field {
            QueryField::Lang => keyword(f.lang, &text.to_lowercase()),
            QueryField::Kind => keyword(f.kind, &text.to_lowercase()),
            QueryField::Filetype => {
                keyword(f.filetype, &text.trim_start_matches('.').to_lowercase())
            }
            QueryField::Extraction => keyword(f.extraction, &text.to_lowercase()),
            QueryField::Dkim => keyword(f.dkim, &text.to_lowercase()),
            QueryField::Domain => keyword(f.domain, &text.trim_start_matches('@').to_lowercase()),
            QueryField::Thread => keyword(f.thread_id, &text.to_lowercase()),
            QueryField::Id => keyword(f.id, &text.to_lowercase()),
            QueryField::MessageId => keyword(
                f.message_id_key,
                text.trim().trim_start_matches('<').trim_end_matches('>'),
            ),
            QueryField::Folder => {
                let pattern = format!("(?i).*{}.*", regex_escape(text));
                match RegexQuery::from_pattern(&pattern, f.folder) {
                    Ok(query) => Box::new(query),
                    Err(_) => Box::new(EmptyQuery),
                }
            }
            QueryField::Has => self.has_query(text),
            QueryField::Tag => self.tag_query(text),
            QueryField::Is => self.is_query(text),
            QueryField::Note => {
                let words = text.to_string();
                self.marked(&format!("note:{text}"), |marks, user| {
                    marks.noted(user, &words)
                })
            }
            QueryField::After | QueryField::Before => self.date_query(field, text),
            _ => return self.entity_query(field, text),
        };
        Some(query)
    }

    /// `iban:`, `phone:`, `siren:`, `siret:`, `mentions:` (each value in
    /// its canonical form, as indexed) and `link:` (a host, or any host
    /// under a domain); `None` for fields that are not entities.
    fn entity_query(&mut self, field: QueryField, text: &str) -> Option<Box<dyn Query>> {
        let kind = entities::kind_of(field)?;
        let value = match entities::canonical(kind, text) {
            Ok(value) => value,
            Err(warning) => {
                self.warnings.push(warning);
                return Some(Box::new(EmptyQuery));
            }
        };
        let f = self.fields;
        Some(match field {
            QueryField::Iban => keyword(f.iban, &value),
            QueryField::Phone => keyword(f.phone, &value),
            QueryField::Siren => keyword(f.siren, &value),
            QueryField::Siret => keyword(f.siret, &value),
            QueryField::Mentions => keyword(f.mention, &value),
            _ => {
                // `link:example.com` also finds `docs.example.com`.
                let pattern = format!("(.*\\.)?{}", regex_escape(&value));
                match RegexQuery::from_pattern(&pattern, f.link) {
                    Ok(query) => Box::new(query),
                    Err(_) => Box::new(EmptyQuery),
                }
            }
        })
    }

    /// `has:attachment` (or French `has:pièce-jointe`, any word starting
    /// `attach` or `pi`), `has:note`; anything else is ignored with a
    /// warning.
    fn has_query(&mut self, text: &str) -> Box<dyn Query> {
        if text.to_lowercase().starts_with("note") {
            return self.marked("has:note", |marks, user| marks.annotated(user));
        }
        if text.to_lowercase().starts_with("attach") || text.to_lowercase().starts_with("pi") {
            Box::new(TermQuery::new(
                Term::from_field_u64(self.fields.has_attachments, 1),
                IndexRecordOption::Basic,
            ))
        } else {
            self.warnings.push(format!(
                "has:{text} is not known (try has:attachment or has:note)"
            ));
            Box::new(AllQuery)
        }
    }

    /// `after:text` or `before:text` (`field` says which), ignored with a
    /// warning when `text` is not a date.
    fn date_query(&mut self, field: QueryField, text: &str) -> Box<dyn Query> {
        match parse_date_span(text) {
            Some((first, last)) => {
                if field == QueryField::After {
                    date_range(self.fields.date, Some(first), None)
                } else {
                    date_range(self.fields.date, None, Some(last))
                }
            }
            None => {
                self.warnings
                    .push(format!("ignored date {text:?}: expected YYYY-MM-DD"));
                Box::new(AllQuery)
            }
        }
    }

    /// Words `text` in the fields of `field` (every text field for a bare
    /// word), as a phrase or a prefix when asked.
    fn words_query(
        &mut self,
        field: Option<QueryField>,
        text: &str,
        matching: Matching,
    ) -> Box<dyn Query> {
        if matching.slop.is_some_and(|slop| slop > MAX_SLOP) {
            self.warnings.push(format!(
                "\"{text}\"~ allows at most {MAX_SLOP} positions: {MAX_SLOP} were used"
            ));
        }
        let mut distance = matching.fuzzy;
        if let Some(Some(asked)) = distance
            && asked > fuzzy::MAX_DISTANCE
        {
            self.warnings.push(format!(
                "{text}~{asked}: at most {} edits are allowed, {} were used",
                fuzzy::MAX_DISTANCE,
                fuzzy::MAX_DISTANCE
            ));
            distance = Some(Some(fuzzy::MAX_DISTANCE));
        }
        let exact_only = matching.phrase || matching.prefix || distance.is_some();
        let mut queries = Vec::new();
        for (target, stemmed, boost) in self.text_fields(field) {
            if exact_only && stemmed {
                continue;
            }
            let query = if matching.prefix {
                self.prefix_in(target, text)
            } else if let Some(distance) = distance {
                self.fuzzy_in(target, text, distance)
            } else {
                self.text_in(target, text, stemmed, matching.slop.unwrap_or(0))
            };
            if let Some(query) = query {
                queries.push(if boost != 1.0 {
                    Box::new(BoostQuery::new(query, boost)) as Box<dyn Query>
                } else {
                    query
                });
            }
        }
        if queries.is_empty() {
            if text.chars().any(char::is_alphanumeric) {
                // Only words too long to be indexed (hashes, base64): nothing
                // can match them, and matching everything would mislead.
                self.warnings
                    .push(format!("{text:?} is longer than any indexed word"));
                return Box::new(EmptyQuery);
            }
            // Punctuation only: it constrains nothing.
            return Box::new(AllQuery);
        }
        Self::any_of(queries)
    }

    /// The query for a parsed query tree; `None` matches everything.
    pub fn build(&mut self, node: Option<&QueryNode>) -> Box<dyn Query> {
        match node {
            None => Box::new(AllQuery),
            Some(node) => self.node(node),
        }
    }

    fn node(&mut self, node: &QueryNode) -> Box<dyn Query> {
        match node {
            QueryNode::Term {
                field,
                text,
                phrase,
                prefix,
                fuzzy,
                slop,
            } => self.term_query(
                *field,
                text,
                Matching {
                    phrase: *phrase,
                    prefix: *prefix,
                    fuzzy: *fuzzy,
                    slop: *slop,
                },
            ),
            QueryNode::Or(children) => {
                let queries = children.iter().map(|child| self.node(child)).collect();
                Self::any_of(queries)
            }
            QueryNode::And(children) => {
                let mut clauses: Vec<(Occur, Box<dyn Query>)> = Vec::new();
                for child in children {
                    match child {
                        QueryNode::Not(inner) => clauses.push((Occur::MustNot, self.node(inner))),
                        other => clauses.push((Occur::Must, self.node(other))),
                    }
                }
                with_positive(clauses)
            }
            QueryNode::Not(inner) => with_positive(vec![(Occur::MustNot, self.node(inner))]),
        }
    }

    /// A filter: any of `values` for `field` (as with the query language).
    pub fn any_value(&mut self, field: QueryField, values: &[String]) -> Option<Box<dyn Query>> {
        let values: Vec<&String> = values
            .iter()
            .filter(|value| !value.trim().is_empty())
            .collect();
        if values.is_empty() {
            return None;
        }
        let f = self.fields;
        let queries = values
            .into_iter()
            .map(|value| match field {
                QueryField::From | QueryField::To if value.contains('@') => {
                    let keyword = if field == QueryField::From {
                        f.from_address
                    } else {
                        f.recipients
                    };
                    Box::new(TermQuery::new(
                        Term::from_field_text(keyword, &value.trim().to_lowercase()),
                        IndexRecordOption::Basic,
                    )) as Box<dyn Query>
                }
                _ => self.term_query(Some(field), value, Matching::default()),
            })
            .collect();
        Some(Self::any_of(queries))
    }

    /// Any of `values`, each exactly as stored in the keyword `field` (a
    /// facet value clicked): `None` when there is none.
    pub fn any_keyword(&self, field: Field, values: &[String]) -> Option<Box<dyn Query>> {
        let queries: Vec<Box<dyn Query>> = values
            .iter()
            .map(|value| value.trim())
            .filter(|value| !value.is_empty())
            .map(|value| keyword(field, value))
            .collect();
        (!queries.is_empty()).then(|| Self::any_of(queries))
    }

    /// A date filter, both ends inclusive.
    pub fn date_filter(&self, after: Option<Date>, before: Option<Date>) -> Option<Box<dyn Query>> {
        if after.is_none() && before.is_none() {
            return None;
        }
        Some(date_range(self.fields.date, after, before))
    }
}

/// A keyword field holding exactly `value`.
fn keyword(field: Field, value: &str) -> Box<dyn Query> {
    Box::new(TermQuery::new(
        Term::from_field_text(field, value),
        IndexRecordOption::Basic,
    ))
}

/// A boolean query made only of exclusions matches nothing in tantivy; give it
/// "everything" to subtract from.
fn with_positive(mut clauses: Vec<(Occur, Box<dyn Query>)>) -> Box<dyn Query> {
    if clauses.iter().all(|(occur, _)| *occur == Occur::MustNot) {
        clauses.push((Occur::Must, Box::new(AllQuery)));
    }
    Box::new(BooleanQuery::new(clauses))
}

fn day_start(date: Date) -> Option<DateTime> {
    let timestamp = date.to_zoned(jiff::tz::TimeZone::UTC).ok()?.timestamp();
    Some(DateTime::from_timestamp_secs(timestamp.as_second()))
}

fn date_range(field: Field, after: Option<Date>, before: Option<Date>) -> Box<dyn Query> {
    let lower = after.and_then(day_start).map_or(Bound::Unbounded, |start| {
        Bound::Included(Term::from_field_date_for_search(field, start))
    });
    let upper = before
        .and_then(|date| date.tomorrow().ok())
        .and_then(day_start)
        .map_or(Bound::Unbounded, |end| {
            Bound::Excluded(Term::from_field_date_for_search(field, end))
        });
    if matches!((&lower, &upper), (Bound::Unbounded, Bound::Unbounded)) {
        return Box::new(AllQuery);
    }
    Box::new(RangeQuery::new(lower, upper))
}

/// Parses `YYYY-MM-DD`.
pub fn parse_date(text: &str) -> Option<Date> {
    let mut parts = text.trim().splitn(3, '-');
    let year: i16 = parts.next()?.parse().ok()?;
    let month: i8 = parts.next()?.parse().ok()?;
    let day: i8 = parts.next()?.parse().ok()?;
    Date::new(year, month, day).ok()
}

/// The first and last day of `YYYY-MM-DD`, `YYYY-MM` or `YYYY`:
/// `before:2017-03` means before the end of March.
pub fn parse_date_span(text: &str) -> Option<(Date, Date)> {
    if let Some(date) = parse_date(text) {
        return Some((date, date));
    }
    let mut parts = text.trim().splitn(2, '-');
    let year: i16 = parts.next()?.parse().ok()?;
    match parts.next() {
        Some(month) => {
            let first = Date::new(year, month.parse().ok()?, 1).ok()?;
            Some((first, first.last_of_month()))
        }
        None => Some((Date::new(year, 1, 1).ok()?, Date::new(year, 12, 31).ok()?)),
    }
}

fn regex_escape(text: &str) -> String {
    let mut out = String::with_capacity(text.len() * 2);
    for c in text.chars() {
        if "\\.+*?()|[]{}^$#&-~\"<>@".contains(c) {
            out.push('\\');
        }
        out.push(c);
    }
    out
}
