//! Searching an archive: filters, sort, exact facets and highlighted
//! snippets over a parsed query. `fouille search` and the JSON API both call
//! [`ArchiveSearcher::search`], so the terminal and the API always agree.

use std::sync::Arc;
use std::time::Instant;

use fouille_schema::fields::{
    AUTHOR_KEY, CLIENT_KEY, DKIM, DOMAIN, EXTRACTION, FILETYPE, FOLDER, FROM_ADDRESS, IBAN, KIND,
    LANG, LINK, MENTION, MONTH, PHONE, RECIPIENTS, SIREN, SIRET, SOFTWARE_KEY,
};
use tantivy::collector::{Collector, Count, TopDocs};
use tantivy::query::{BooleanQuery, Occur, Query};
use tantivy::schema::Value;
use tantivy::{DocAddress, IndexReader, Order, TantivyDocument};

use fouille_schema::lookup::{find_document, str_values};
use fouille_schema::stored::StoredSummary;
use fouille_schema::{Archive, DocumentKind, Error, Result};

use crate::build::{MarkScope, QueryBuilder};
use crate::facets::{FacetCache, FacetCollector};
use crate::idset::{Resolver, TagFacetCollector};
use crate::marks::Marks;
use crate::query::{QueryField, QueryNode, parse_query};
use crate::snippet;

pub use crate::request::{Filters, SearchRequest, Sort};
pub use crate::response::{Address, AttachmentSummary, Facets, Hit, SearchResponse, ThreadPage};

/// Facet values returned per facet unless asked otherwise.
pub const DEFAULT_FACET_SIZE: usize = 10;
/// Months returned: enough for every month of 50 years, so a histogram is
/// never cut.
pub const MONTH_FACET_SIZE: usize = 600;
/// Longest query accepted, in characters.
pub const MAX_QUERY_CHARS: usize = 4_096;
/// Most words, phrases and prefixes a query may hold.
pub const MAX_QUERY_TERMS: usize = 256;
/// Most prefixes (`word*`), fuzzy words (`word~`) and links (`link:`, the
/// `link=` filter) a query may hold: each walks the dictionaries of
/// several fields. 104 one-letter prefixes took half a second on Enron, and
/// 4,096 characters hold over a thousand.
pub const MAX_QUERY_PREFIXES: usize = 16;

/// Words (phrases and prefixes included) and prefixes in a parsed query.
fn count_terms(node: &QueryNode) -> (usize, usize) {
    match node {
        QueryNode::And(children) | QueryNode::Or(children) => {
            children.iter().fold((0, 0), |(terms, prefixes), child| {
                let (more_terms, more_prefixes) = count_terms(child);
                (terms + more_terms, prefixes + more_prefixes)
            })
        }
        QueryNode::Not(child) => count_terms(child),
        // `link:` walks the link dictionary like a prefix.
        QueryNode::Term {
            prefix,
            fuzzy,
            field,
            ..
        } => (
            1,
            usize::from(*prefix || fuzzy.is_some() || *field == Some(QueryField::Link)),
        ),
    }
}

/// Facet fields in the order [`FacetCollector`] is given them.
const FACET_FIELDS: [&str; 19] = [
    FROM_ADDRESS,
    RECIPIENTS,
    DOMAIN,
    LANG,
    MONTH,
    KIND,
    FOLDER,
    FILETYPE,
    EXTRACTION,
    DKIM,
    AUTHOR_KEY,
    SOFTWARE_KEY,
    CLIENT_KEY,
    IBAN,
    PHONE,
    SIREN,
    SIRET,
    LINK,
    MENTION,
];

/// Searches one archive.
#[derive(Clone)]
pub struct ArchiveSearcher {
    archive: Archive,
    reader: IndexReader,
    marks: Option<Arc<dyn Marks>>,
    resolver: Arc<Resolver>,
    /// What the facets of every search share, made once per snapshot.
    facets: Arc<FacetCache>,
}

impl ArchiveSearcher {
    /// A searcher following the archive's commits.
    pub fn new(archive: Archive) -> Result<ArchiveSearcher> {
        let reader = archive.reader()?;
        Ok(ArchiveSearcher {
            archive,
            reader,
            marks: None,
            resolver: Arc::default(),
            facets: Arc::default(),
        })
    }

    /// Reads the team's marks (tags, stars, notes) from `marks`.
    pub fn with_marks(mut self, marks: Arc<dyn Marks>) -> ArchiveSearcher {
        self.marks = Some(marks);
        self
    }

    /// Where the team's marks come from, if anywhere.
    pub fn marks(&self) -> Option<&Arc<dyn Marks>> {
        self.marks.as_ref()
    }

    /// The archive.
    pub fn archive(&self) -> &Archive {
        &self.archive
    }

    /// The index searcher of the current commit.
    pub(crate) fn index_searcher(&self) -> tantivy::Searcher {
        self.reader.searcher()
    }

    /// Reloads the reader now (normally it follows commits by itself).
    pub fn reload(&self) -> Result<()> {
        Ok(self.reader.reload()?)
    }

    /// Whether a request is acceptable (its query within the limits), before
    /// any work: an export checks it before it starts streaming.
    pub fn check(&self, request: &SearchRequest) -> Result<()> {
        self.query(&self.reader.searcher(), request).map(|_| ())
    }

    /// The tantivy query for a request, on `searcher`'s documents.
    pub(crate) fn query(
        &self,
        searcher: &tantivy::Searcher,
        request: &SearchRequest,
    ) -> Result<(Box<dyn Query>, Vec<String>)> {
        if request.query.chars().count() > MAX_QUERY_CHARS {
            return Err(Error::BadRequest(format!(
                "query longer than {MAX_QUERY_CHARS} characters"
            )));
        }
        let mut builder = QueryBuilder::new(self.archive.index(), *self.archive.fields())
            .with_searcher(searcher.clone())
            .excluding_quotes(request.exclude_quotes);
        if let Some(marks) = &self.marks {
            builder = builder.with_marks(MarkScope {
                marks: Arc::clone(marks),
                user: request.user.clone(),
                resolver: Arc::clone(&self.resolver),
                searcher: searcher.clone(),
            });
        }
        let parsed = parse_query(&request.query);
        let (terms, prefixes) = parsed.as_ref().map_or((0, 0), count_terms);
        let prefixes = prefixes + request.filters.link.len();
        if terms > MAX_QUERY_TERMS {
            return Err(Error::BadRequest(format!(
                "query has {terms} words, at most {MAX_QUERY_TERMS} are accepted"
            )));
        }
        if prefixes > MAX_QUERY_PREFIXES {
            return Err(Error::BadRequest(format!(
                "query has {prefixes} prefixes (word*), fuzzy words (word~) and links (link:), at most {MAX_QUERY_PREFIXES} are accepted"
            )));
        }
        let mut clauses: Vec<(Occur, Box<dyn Query>)> =
            vec![(Occur::Must, builder.build(parsed.as_ref()))];
        let filters = &request.filters;
        let fields = self.archive.fields();
        for (field, values) in [
            (QueryField::From, &filters.from),
            (QueryField::To, &filters.to),
            (QueryField::Domain, &filters.domain),
            (QueryField::Lang, &filters.lang),
            (QueryField::Kind, &filters.kind),
            (QueryField::Filetype, &filters.filetype),
            (QueryField::Extraction, &filters.extraction),
            (QueryField::Dkim, &filters.dkim),
            (QueryField::Tag, &filters.tag),
            (QueryField::Iban, &filters.iban),
            (QueryField::Phone, &filters.phone),
            (QueryField::Siren, &filters.siren),
            (QueryField::Siret, &filters.siret),
            (QueryField::Link, &filters.link),
            (QueryField::Mentions, &filters.mention),
        ] {
            if let Some(query) = builder.any_value(field, values) {
                clauses.push((Occur::Must, query));
            }
        }
        for (field, values) in [
            (fields.author_key, &filters.author),
            (fields.software_key, &filters.software),
            (fields.client_key, &filters.client),
        ] {
            if let Some(query) = builder.any_keyword(field, values) {
                clauses.push((Occur::Must, query));
            }
        }
        if let Some(query) = builder.date_filter(filters.after, filters.before) {
            clauses.push((Occur::Must, query));
        }
        if filters.starred {
            clauses.push((
                Occur::Must,
                builder.build(parse_query("is:starred").as_ref()),
            ));
        }
        if let Some(has) = filters.has_attachments {
            clauses.push((
                Occur::Must,
                Box::new(tantivy::query::TermQuery::new(
                    tantivy::Term::from_field_u64(fields.has_attachments, u64::from(has)),
                    tantivy::schema::IndexRecordOption::Basic,
                )),
            ));
        }
        let warnings = builder.take_warnings();
        let query: Box<dyn Query> = if clauses.len() == 1 {
            clauses.pop().expect("one clause").1
        } else {
            Box::new(BooleanQuery::new(clauses))
        };
        Ok((query, warnings))
    }

    /// Runs a search.
    pub fn search(&self, request: &SearchRequest) -> Result<SearchResponse> {
        let started = Instant::now();
        let searcher = self.reader.searcher();
        let (query, warnings) = self.query(&searcher, request)?;
        let size = request.facet_size;
        let snapshot = self.facets.get(&searcher, &FACET_FIELDS)?;
        let facets = FacetCollector::new(
            &FACET_FIELDS.map(|field| {
                (
                    field,
                    if field == MONTH {
                        MONTH_FACET_SIZE
                    } else {
                        size
                    },
                )
            }),
            snapshot,
        );
        // No page can hold more than the archive: this bounds what the
        // collectors allocate whatever a caller asks for.
        let num_docs = usize::try_from(searcher.num_docs()).unwrap_or(usize::MAX);
        let limit = request.limit.min(num_docs);
        let offset = request.offset.min(num_docs);
        let tags = self.tag_facet(&searcher, size);
        let (addresses, (total, counts, tag_counts)) = top_documents(
            &searcher,
            &*query,
            request.sort,
            offset,
            limit,
            (Count, facets, tags),
        )?;
        let snippets = snippet::Snippets::new(
            &searcher,
            &*query,
            self.archive.fields(),
            request.exclude_quotes,
        )?;
        // Hits are read and highlighted on the index's search threads, in
        // parallel: a page of long attachments is most of a search's time.
        let hits = searcher
            .index()
            .search_executor()
            .map(
                |address| Ok(self.highlighted_hit(&searcher, &snippets, address, request)),
                addresses.into_iter(),
            )?
            .into_iter()
            .collect::<Result<Vec<Hit>>>()?;
        let mut counts = counts.into_iter();
        let mut next = || counts.next().unwrap_or_default();
        let facets = Facets {
            from: next(),
            to: next(),
            domain: next(),
            lang: next(),
            month: next(),
            kind: next(),
            folder: next(),
            filetype: next(),
            extraction: next(),
            dkim: next(),
            author: next(),
            software: next(),
            client: next(),
            tag: tag_counts.unwrap_or_default(),
            iban: next(),
            phone: next(),
            siren: next(),
            siret: next(),
            link: next(),
            mention: next(),
        };
        Ok(SearchResponse {
            total: total as u64,
            took_ms: started.elapsed().as_millis() as u64,
            hits,
            facets,
            warnings,
        })
    }

    /// The hit at `address`, with its snippet and the reader's marks.
    fn highlighted_hit(
        &self,
        searcher: &tantivy::Searcher,
        snippets: &snippet::Snippets,
        address: DocAddress,
        request: &SearchRequest,
    ) -> Result<Hit> {
        let doc: TantivyDocument = searcher.doc(address)?;
        let fields = self.archive.fields();
        let lang = self.text_of(&doc, fields.lang);
        // Read once: the hit needs it, and the snippet its quotes.
        let summary = self.summary_of(&doc);
        let snippet = if self.text_of(&doc, fields.kind) == DocumentKind::Email.as_str() {
            snippets.for_raw(self.raw_of(&doc), &lang, &summary.quoted)
        } else {
            snippets.for_text(&self.text_of(&doc, fields.text), &lang)
        };
        let mut hit = self.hit_with_summary(&doc, summary, snippet);
        self.add_marks(&mut hit, request.user.as_deref());
        Ok(hit)
    }

    /// How many documents match `request`.
    pub fn count(&self, request: &SearchRequest) -> Result<u64> {
        let searcher = self.reader.searcher();
        let (query, _) = self.query(&searcher, request)?;
        Ok(searcher.search(&*query, &Count)? as u64)
    }

    /// Every match of `request` in its sort order (paging ignored), at most
    /// `max`.
    pub(crate) fn matching(
        &self,
        request: &SearchRequest,
        max: usize,
    ) -> Result<(tantivy::Searcher, Vec<DocAddress>)> {
        let searcher = self.reader.searcher();
        let (query, _) = self.query(&searcher, request)?;
        let total = searcher.search(&*query, &Count)?;
        let (addresses, _) =
            top_documents(&searcher, &*query, request.sort, 0, total.min(max), Count)?;
        Ok((searcher, addresses))
    }

    /// A page of the messages of a thread, oldest first: `limit` from
    /// `offset`, and how many there are in all.
    pub fn thread(&self, thread_id: &str, offset: usize, limit: usize) -> Result<ThreadPage> {
        let searcher = self.reader.searcher();
        let fields = self.archive.fields();
        let term_query = |field, value: &str| -> Box<dyn Query> {
            Box::new(tantivy::query::TermQuery::new(
                tantivy::Term::from_field_text(field, value),
                tantivy::schema::IndexRecordOption::Basic,
            ))
        };
        // Attachments share their email's thread id, but a thread lists
        // messages.
        let query = BooleanQuery::new(vec![
            (Occur::Must, term_query(fields.thread_id, thread_id)),
            (
                Occur::Must,
                term_query(fields.kind, DocumentKind::Email.as_str()),
            ),
        ]);
        // Counted first: the top-k collector reserves room for
        // `offset + limit` entries, which a page far past the end would
        // make gigabytes.
        let total = searcher.search(&query, &Count)?;
        if offset >= total {
            return Ok(ThreadPage {
                total: total as u64,
                messages: Vec::new(),
            });
        }
        let limit = limit.min(total - offset);
        let (addresses, _) = top_documents(&searcher, &query, Sort::Oldest, offset, limit, Count)?;
        let mut hits = Vec::with_capacity(addresses.len());
        for address in addresses {
            let doc: TantivyDocument = searcher.doc(address)?;
            let snippet =
                if self.text_of(&doc, self.archive.fields().kind) == DocumentKind::Email.as_str() {
                    snippet::Snippets::preview(self.raw_of(&doc))
                } else {
                    snippet::Snippets::preview_text(&self.text_of(&doc, self.archive.fields().text))
                };
            hits.push(self.hit(&doc, snippet));
        }
        Ok(ThreadPage {
            total: total as u64,
            messages: hits,
        })
    }

    fn text_of(&self, doc: &TantivyDocument, field: tantivy::schema::Field) -> String {
        doc.get_first(field)
            .and_then(|value| value.as_str())
            .unwrap_or_default()
            .to_string()
    }

    pub(crate) fn raw_of<'d>(&self, doc: &'d TantivyDocument) -> &'d [u8] {
        doc.get_first(self.archive.fields().raw)
            .and_then(|value| value.as_bytes())
            .unwrap_or_default()
    }

    pub(crate) fn summary_of(&self, doc: &TantivyDocument) -> StoredSummary {
        serde_json::from_str(&self.text_of(doc, self.archive.fields().summary)).unwrap_or_default()
    }

    /// A hit without snippet (exports).
    pub(crate) fn hit_without_snippet(&self, doc: &TantivyDocument) -> Hit {
        self.hit(doc, String::new())
    }

    fn hit(&self, doc: &TantivyDocument, snippet: String) -> Hit {
        self.hit_with_summary(doc, self.summary_of(doc), snippet)
    }

    /// The hit of `doc`, whose stored summary is `summary`.
    fn hit_with_summary(
        &self,
        doc: &TantivyDocument,
        summary: StoredSummary,
        snippet: String,
    ) -> Hit {
        let fields = self.archive.fields();
        let text = |field| Some(self.text_of(doc, field)).filter(|text| !text.is_empty());
        let date = doc
            .get_first(fields.date)
            .and_then(|value| value.as_datetime())
            .and_then(|date| jiff::Timestamp::from_second(date.into_timestamp_secs()).ok())
            .map(|timestamp| timestamp.to_string());
        let message_id = text(fields.message_id).or_else(|| {
            summary
                .file
                .as_ref()
                .and_then(|file| file.parent_message_id.clone())
        });
        Hit {
            id: text(fields.id).unwrap_or_default(),
            message_id,
            parent_id: text(fields.parent_id),
            file: summary.file.clone(),
            kind: text(fields.kind).unwrap_or_default(),
            subject: text(fields.subject).unwrap_or_default(),
            from: summary.from.as_ref().map(Address::from).unwrap_or_default(),
            to: summary.to.iter().map(Address::from).collect(),
            date,
            snippet,
            lang: text(fields.lang).unwrap_or_default(),
            thread_id: text(fields.thread_id).unwrap_or_default(),
            attachments: summary
                .attachments
                .iter()
                .map(|attachment| AttachmentSummary {
                    name: attachment.name.clone(),
                    mime: attachment.mime.clone(),
                    size: attachment.size,
                })
                .collect(),
            dkim: text(fields.dkim),
            tags: Vec::new(),
            starred: false,
            notes: 0,
        }
    }

    /// The reader's marks on a hit.
    pub(crate) fn add_marks(&self, hit: &mut Hit, user: Option<&str>) {
        if let Some(marks) = &self.marks {
            let found = marks.of(user, &hit.id);
            hit.tags = found.tags;
            hit.starred = found.starred;
            hit.notes = found.notes;
        }
    }

    /// Builds what searches share ahead of the first one: the facets'
    /// global ordinals and counts over every document, and what `tag:` and
    /// the `tag` facet need
    /// (the table of every document's id, each tag's bitsets); each takes
    /// about half a second at a million documents.
    pub fn prepare(&self) -> Result<()> {
        let searcher = self.reader.searcher();
        self.facets.get(&searcher, &FACET_FIELDS)?;
        let Some(marks) = &self.marks else {
            return Ok(());
        };
        for (_, set) in marks.tag_sets() {
            self.resolver.resolve(&searcher, &set)?;
        }
        Ok(())
    }

    /// Counts of every tag among the matches; nothing to count without a
    /// workspace or a tag.
    fn tag_facet(&self, searcher: &tantivy::Searcher, size: usize) -> Option<TagFacetCollector> {
        let marks = self.marks.as_ref()?;
        let mut tags = Vec::new();
        for (tag, set) in marks.tag_sets() {
            if set.is_empty() {
                continue;
            }
            // A tag that cannot be read is left out of the facet, and
            // `tag:` on it says why.
            if let Ok(resolved) = self.resolver.resolve(searcher, &set) {
                tags.push((tag, resolved));
            }
        }
        (!tags.is_empty()).then(|| TagFacetCollector::new(tags, size))
    }

    /// Number of live documents.
    pub fn num_docs(&self) -> u64 {
        self.reader.searcher().num_docs()
    }

    /// Document ids of every message, sorted (for tests and tools).
    pub fn all_ids(&self) -> Result<Vec<String>> {
        let searcher = self.reader.searcher();
        let mut ids = Vec::new();
        for segment in searcher.segment_readers() {
            let column = segment.fast_fields().str(fouille_schema::fields::ID)?;
            let alive = segment.alive_bitset();
            for doc in 0..segment.max_doc() {
                if alive.is_none_or(|bits| bits.is_alive(doc)) {
                    ids.extend(str_values(column.as_ref(), doc));
                }
            }
        }
        ids.sort();
        Ok(ids)
    }

    /// What the doc store holds for message `id`.
    pub(crate) fn stored(&self, id: &str) -> Result<StoredMessage> {
        let searcher = self.reader.searcher();
        let fields = self.archive.fields();
        let address =
            find_document(&searcher, fields, id)?.ok_or_else(|| Error::NotFound(id.to_string()))?;
        let doc: TantivyDocument = searcher.doc(address)?;
        let text = |field| {
            doc.get_first(field)
                .and_then(|value| value.as_str())
                .unwrap_or_default()
                .to_string()
        };
        Ok(StoredMessage {
            raw: doc
                .get_first(fields.raw)
                .and_then(|value| value.as_bytes())
                .map(<[u8]>::to_vec)
                .unwrap_or_default(),
            summary: serde_json::from_str(&text(fields.summary)).unwrap_or_default(),
            date: doc
                .get_first(fields.date)
                .and_then(|value| value.as_datetime())
                .and_then(|date| jiff::Timestamp::from_second(date.into_timestamp_secs()).ok())
                .map(|timestamp| timestamp.to_string()),
            lang: text(fields.lang),
            thread_id: text(fields.thread_id),
            kind: text(fields.kind),
            parent_id: Some(text(fields.parent_id)).filter(|id| !id.is_empty()),
            text: text(fields.text),
            html: doc
                .get_first(fields.html)
                .and_then(|value| value.as_str())
                .map(str::to_string),
            size: doc
                .get_first(fields.size)
                .and_then(|value| value.as_u64())
                .unwrap_or_default(),
            id: text(fields.id),
        })
    }

    /// Ids of the documents whose parent is `id` (attachments, forwarded
    /// messages, archive members), in index order.
    pub(crate) fn children(&self, id: &str) -> Result<Vec<String>> {
        let searcher = self.reader.searcher();
        let fields = self.archive.fields();
        let query = tantivy::query::TermQuery::new(
            tantivy::Term::from_field_text(fields.parent_id, id),
            tantivy::schema::IndexRecordOption::Basic,
        );
        let addresses = searcher.search(&query, &tantivy::collector::DocSetCollector)?;
        let mut addresses: Vec<DocAddress> = addresses.into_iter().collect();
        addresses.sort();
        let mut ids = Vec::with_capacity(addresses.len());
        for address in addresses {
            let doc: TantivyDocument = searcher.doc(address)?;
            ids.push(self.text_of(&doc, fields.id));
        }
        Ok(ids)
    }

    /// The stored summary of a message (sources, addresses, attachments).
    pub fn summary(&self, id: &str) -> Result<StoredSummary> {
        Ok(self.stored(id)?.summary)
    }
}

/// What the doc store holds for one message.
pub(crate) struct StoredMessage {
    pub(crate) raw: Vec<u8>,
    pub(crate) summary: StoredSummary,
    pub(crate) date: Option<String>,
    pub(crate) lang: String,
    pub(crate) thread_id: String,
    pub(crate) kind: String,
    pub(crate) parent_id: Option<String>,
    pub(crate) text: String,
    /// The sanitized HTML body of an email, when it has one shown.
    pub(crate) html: Option<String>,
    pub(crate) size: u64,
    pub(crate) id: String,
}

/// The page `offset..offset + limit` of matches in `sort` order, and what
/// `extra` collects over every match in the same pass.
pub(crate) fn top_documents<C: Collector>(
    searcher: &tantivy::Searcher,
    query: &dyn Query,
    sort: Sort,
    offset: usize,
    limit: usize,
    extra: C,
) -> Result<(Vec<DocAddress>, C::Fruit)> {
    let addresses = |page: Vec<DocAddress>| page.into_iter().take(limit).collect();
    match sort {
        Sort::Relevance => {
            let top = TopDocs::with_limit(limit.max(1))
                .and_offset(offset)
                .order_by_score();
            let (page, fruit) = searcher.search(query, &(top, extra))?;
            Ok((
                addresses(page.into_iter().map(|(_, address)| address).collect()),
                fruit,
            ))
        }
        Sort::Newest | Sort::Oldest => {
            let order = if sort == Sort::Newest {
                Order::Desc
            } else {
                Order::Asc
            };
            let top = TopDocs::with_limit(limit.max(1))
                .and_offset(offset)
                .order_by_fast_field::<tantivy::DateTime>(fouille_schema::fields::DATE, order);
            let (page, fruit) = searcher.search(query, &(top, extra))?;
            Ok((
                addresses(page.into_iter().map(|(_, address)| address).collect()),
                fruit,
            ))
        }
    }
}
