//! Batch searches: a list of queries (a desk's 500 names) run with shared
//! filters, each answered with its total and its top hits. Lean on
//! purpose: no facets and no snippets, one index snapshot for the whole
//! list. A query that cannot be run (too long, too many words) gets its
//! own error and the others go on.

use std::io::Write;

use fouille_schema::{Error, Result};
use serde::{Deserialize, Serialize};
use tantivy::TantivyDocument;
use tantivy::collector::Count;

use crate::export::{permalink, spreadsheet_text};
use crate::searcher::top_documents;
use crate::{ArchiveSearcher, Filters, SearchRequest, Sort};

/// Most queries one batch holds.
pub const MAX_BATCH_QUERIES: usize = 10_000;
/// Hits kept per query.
pub const BATCH_TOP: usize = 10;
/// The columns of a batch's CSV, in order.
pub const BATCH_CSV_HEADER: [&str; 10] = [
    "query",
    "total",
    "error",
    "rank",
    "id",
    "kind",
    "date",
    "from",
    "subject",
    "permalink",
];

/// One of a query's top hits.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
#[cfg_attr(feature = "openapi", derive(utoipa::ToSchema))]
pub struct BatchHit {
    /// Document id.
    pub id: String,
    /// `email`, `attachment` or `document`.
    pub kind: String,
    /// RFC 3339 UTC.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub date: Option<String>,
    /// Sender address (or name, when there is no address).
    #[serde(default)]
    pub from: String,
    /// Subject (or file name).
    #[serde(default)]
    pub subject: String,
}

/// The answer to one query of a batch.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
#[cfg_attr(feature = "openapi", derive(utoipa::ToSchema))]
pub struct BatchRow {
    /// The query as given.
    pub query: String,
    /// Matching documents (0 when the query could not be run).
    pub total: u64,
    /// Why the query could not be run.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub error: Option<String>,
    /// The best hits, at most [`BATCH_TOP`].
    #[serde(default, skip_serializing_if = "Vec::is_empty")]
    pub top: Vec<BatchHit>,
}

/// A batch to run.
#[derive(Debug, Clone)]
pub struct BatchRequest {
    /// The queries, in order.
    pub queries: Vec<String>,
    /// Filters shared by every query.
    pub filters: Filters,
    /// Order of each query's top hits.
    pub sort: Sort,
    /// Who asks (stars and private notes are theirs).
    pub user: Option<String>,
    /// Hits kept per query.
    pub top: usize,
}

impl BatchRequest {
    /// A batch of `queries` with no filter, keeping [`BATCH_TOP`] hits.
    pub fn new(queries: Vec<String>) -> BatchRequest {
        BatchRequest {
            queries,
            filters: Filters::default(),
            sort: Sort::Relevance,
            user: None,
            top: BATCH_TOP,
        }
    }

    /// The search one of its queries stands for.
    pub fn request(&self, query: &str) -> SearchRequest {
        SearchRequest {
            query: query.to_string(),
            filters: self.filters.clone(),
            sort: self.sort,
            offset: 0,
            limit: self.top,
            facet_size: 0,
            user: self.user.clone(),
            exclude_quotes: false,
        }
    }
}

impl ArchiveSearcher {
    /// How many documents match `request`, and its first `request.limit`
    /// hits (paging ignored) without snippets, marks or facets.
    pub fn top_hits(&self, request: &SearchRequest) -> Result<(u64, Vec<BatchHit>)> {
        self.top_hits_in(&self.index_searcher(), request)
    }

    fn top_hits_in(
        &self,
        searcher: &tantivy::Searcher,
        request: &SearchRequest,
    ) -> Result<(u64, Vec<BatchHit>)> {
        let (query, _) = self.query(searcher, request)?;
        let num_docs = usize::try_from(searcher.num_docs()).unwrap_or(usize::MAX);
        let limit = request.limit.min(num_docs);
        let (addresses, total) = top_documents(searcher, &*query, request.sort, 0, limit, Count)?;
        let mut hits = Vec::with_capacity(addresses.len());
        for address in addresses {
            let doc: TantivyDocument = searcher.doc(address)?;
            let hit = self.hit_without_snippet(&doc);
            let subject = match (&hit.file, hit.subject.is_empty()) {
                (Some(file), true) => file.name.clone(),
                _ => hit.subject,
            };
            hits.push(BatchHit {
                id: hit.id,
                kind: hit.kind,
                date: hit.date,
                from: hit.from.address.or(hit.from.name).unwrap_or_default(),
                subject,
            });
        }
        Ok((total as u64, hits))
    }

    /// Runs every query of `batch` on one snapshot of the archive, in
    /// order; `progress` is told of each row as it is done (with how many
    /// are done).
    pub fn run_batch(
        &self,
        batch: &BatchRequest,
        mut progress: impl FnMut(usize, &BatchRow),
    ) -> Vec<BatchRow> {
        let searcher = self.index_searcher();
        let mut rows = Vec::with_capacity(batch.queries.len());
        for query in &batch.queries {
            let row = match self.top_hits_in(&searcher, &batch.request(query)) {
                Ok((total, top)) => BatchRow {
                    query: query.clone(),
                    total,
                    error: None,
                    top,
                },
                Err(error) => BatchRow {
                    query: query.clone(),
                    total: 0,
                    error: Some(row_error(error)),
                    top: Vec::new(),
                },
            };
            progress(rows.len() + 1, &row);
            rows.push(row);
        }
        rows
    }
}

/// What a row says of a query that failed: the reason for a bad query;
/// nothing of the archive's internals (paths) otherwise.
fn row_error(error: Error) -> String {
    match error {
        Error::BadRequest(message) => message,
        _ => "the archive could not be read".to_string(),
    }
}

/// Writes `rows` as CSV under [`BATCH_CSV_HEADER`]: one line per top hit
/// (ranked from 1), one line with empty hit columns for a query without
/// hit or with an error. `permalink_base` goes before `/messages/{id}`
/// (empty: relative links). Cells a spreadsheet would read as formulas are
/// quoted as the export quotes them.
pub fn write_batch_csv(rows: &[BatchRow], permalink_base: &str, out: &mut dyn Write) -> Result<()> {
    let fail = |err: csv::Error| Error::io("write batch results", err.into());
    let mut writer = csv::Writer::from_writer(&mut *out);
    writer.write_record(BATCH_CSV_HEADER).map_err(fail)?;
    for row in rows {
        let total = row.total.to_string();
        let error = row.error.as_deref().unwrap_or_default();
        if row.top.is_empty() {
            let cells = [
                row.query.as_str(),
                &total,
                error,
                "",
                "",
                "",
                "",
                "",
                "",
                "",
            ];
            writer
                .write_record(cells.map(spreadsheet_text).iter().map(|c| c.as_bytes()))
                .map_err(fail)?;
        }
        for (rank, hit) in row.top.iter().enumerate() {
            let rank = (rank + 1).to_string();
            let link = permalink(permalink_base, &hit.kind, &hit.id);
            let cells = [
                row.query.as_str(),
                &total,
                error,
                &rank,
                &hit.id,
                &hit.kind,
                hit.date.as_deref().unwrap_or_default(),
                &hit.from,
                &hit.subject,
                &link,
            ];
            writer
                .write_record(cells.map(spreadsheet_text).iter().map(|c| c.as_bytes()))
                .map_err(fail)?;
        }
    }
    writer
        .flush()
        .map_err(|err| Error::io("write batch results", err))
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn csv_has_a_line_per_hit_and_one_for_a_query_without() {
        let hit = |id: &str, kind: &str, subject: &str| BatchHit {
            id: id.into(),
            kind: kind.into(),
            date: Some("2001-05-01T10:00:00Z".into()),
            from: "a@b.fr".into(),
            subject: subject.into(),
        };
        let rows = [
            BatchRow {
                query: "lay".into(),
                total: 12,
                error: None,
                top: vec![
                    hit("aa", "email", "=HYPERLINK(\"x\")"),
                    hit("bb", "attachment", "plan.pdf"),
                ],
            },
            BatchRow {
                query: "nobody".into(),
                total: 0,
                error: None,
                top: Vec::new(),
            },
            BatchRow {
                query: "-x".into(),
                total: 0,
                error: Some("query has 300 words, at most 256 are accepted".into()),
                top: Vec::new(),
            },
        ];
        let mut out = Vec::new();
        write_batch_csv(&rows, "https://f.example", &mut out).unwrap();
        assert_eq!(
            String::from_utf8(out).unwrap(),
            "query,total,error,rank,id,kind,date,from,subject,permalink\n\
             lay,12,,1,aa,email,2001-05-01T10:00:00Z,a@b.fr,\"'=HYPERLINK(\"\"x\"\")\",https://f.example/messages/aa\n\
             lay,12,,2,bb,attachment,2001-05-01T10:00:00Z,a@b.fr,plan.pdf,https://f.example/documents/bb\n\
             nobody,0,,,,,,,,\n\
             '-x,0,\"query has 300 words, at most 256 are accepted\",,,,,,,\n"
        );
    }

    #[test]
    fn relative_permalinks_without_a_base() {
        let hit = BatchHit {
            id: "cc".into(),
            kind: "document".into(),
            date: None,
            from: String::new(),
            subject: String::new(),
        };
        assert_eq!(permalink("", &hit.kind, &hit.id), "/documents/cc");
    }
}
