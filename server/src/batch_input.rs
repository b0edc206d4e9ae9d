//! The lists of queries a batch takes: CSV (first column; an optional
//! header row whose first cell is `query`), plain text (one query a line)
//! or JSON (`{"queries": [...], filters...}`). CSV and plain text take
//! their filters from the query string; JSON from the body. Either way the
//! filters go through the query-string parser of searches
//! ([`crate::params::parse_search`]), so a batch filters as a search does.
//! Blank queries are skipped; each query is trimmed.

use std::path::Path;

use fouille_search::SearchRequest;
use fouille_search::batch::MAX_BATCH_QUERIES;
use serde_json::Value;

use crate::error::ApiError;
use crate::params::parse_search;

/// Largest body of a batch.
pub const MAX_BATCH_BYTES: usize = 2 * 1024 * 1024;

/// The parameters a batch keeps from a query string or a JSON body: the
/// filters of a search, and the order of each query's top hits.
const FILTER_KEYS: [&str; 17] = [
    "from",
    "to",
    "domain",
    "lang",
    "kind",
    "filetype",
    "extraction",
    "dkim",
    "author",
    "software",
    "client",
    "tag",
    "after",
    "before",
    "has_attachments",
    "starred",
    "sort",
];

/// How a list is written.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum InputFormat {
    /// CSV, query in the first column.
    Csv,
    /// One query a line.
    Plain,
    /// `{"queries": [...], filters...}`.
    Json,
}

impl InputFormat {
    /// The format of a request body of media type `media` (lowercase,
    /// without parameters).
    pub fn from_media_type(media: &str) -> Option<InputFormat> {
        match media {
            "text/csv" => Some(InputFormat::Csv),
            "text/plain" => Some(InputFormat::Plain),
            "application/json" => Some(InputFormat::Json),
            _ => None,
        }
    }

    /// The format of a file, by its extension: `.csv`, `.json`, else plain.
    pub fn from_path(path: &Path) -> InputFormat {
        match path
            .extension()
            .and_then(|extension| extension.to_str())
            .map(str::to_ascii_lowercase)
            .as_deref()
        {
            Some("csv") => InputFormat::Csv,
            Some("json") => InputFormat::Json,
            _ => InputFormat::Plain,
        }
    }
}

/// A list read and checked.
#[derive(Debug, Clone)]
pub struct BatchInput {
    /// The queries, trimmed, none blank.
    pub queries: Vec<String>,
    /// Filters and order (its query is empty).
    pub request: SearchRequest,
    /// The filters as a query string, as they are stored with the batch.
    pub filters: String,
}

/// Reads a list of `format` from `body`; `query_string` gives the filters
/// of CSV and plain text.
pub fn parse(format: InputFormat, body: &[u8], query_string: &str) -> Result<BatchInput, ApiError> {
    let body = body.strip_prefix(b"\xef\xbb\xbf").unwrap_or(body);
    let (queries, pairs) = match format {
        InputFormat::Csv => (csv_queries(body)?, query_pairs(query_string)),
        InputFormat::Plain => (plain_queries(body)?, query_pairs(query_string)),
        InputFormat::Json => json_input(body)?,
    };
    if queries.is_empty() {
        return Err(ApiError::bad_parameter("the batch holds no query"));
    }
    if queries.len() > MAX_BATCH_QUERIES {
        return Err(ApiError::bad_parameter(format!(
            "the batch holds {} queries; at most {MAX_BATCH_QUERIES} are accepted",
            queries.len()
        )));
    }
    let filters = form_urlencoded::Serializer::new(String::new())
        .extend_pairs(&pairs)
        .finish();
    let request = parse_search(&filters, false)?.request;
    Ok(BatchInput {
        queries,
        request,
        filters,
    })
}

/// The filter parameters of a query string (the others are not a
/// batch's: `q`, paging, cache-busters).
fn query_pairs(query_string: &str) -> Vec<(String, String)> {
    form_urlencoded::parse(query_string.as_bytes())
        .filter(|(name, _)| FILTER_KEYS.contains(&name.as_ref()))
        .map(|(name, value)| (name.into_owned(), value.into_owned()))
        .collect()
}

/// Keeps `query` unless blank.
fn push_query(queries: &mut Vec<String>, query: &str) {
    let query = query.trim();
    if !query.is_empty() {
        queries.push(query.to_string());
    }
}

fn csv_queries(body: &[u8]) -> Result<Vec<String>, ApiError> {
    let mut reader = csv::ReaderBuilder::new()
        .has_headers(false)
        .flexible(true)
        .from_reader(body);
    let mut queries = Vec::new();
    for (index, record) in reader.byte_records().enumerate() {
        let line = index + 1;
        let record =
            record.map_err(|error| ApiError::bad_parameter(format!("CSV row {line}: {error}")))?;
        let cell = record.get(0).unwrap_or_default();
        let cell = std::str::from_utf8(cell)
            .map_err(|_| ApiError::bad_parameter(format!("CSV row {line} is not UTF-8 text")))?;
        if index == 0 && cell.trim().eq_ignore_ascii_case("query") {
            continue;
        }
        push_query(&mut queries, cell);
    }
    Ok(queries)
}

fn plain_queries(body: &[u8]) -> Result<Vec<String>, ApiError> {
    let text = std::str::from_utf8(body).map_err(|error| {
        ApiError::bad_parameter(format!(
            "the list is not UTF-8 text (byte {})",
            error.valid_up_to()
        ))
    })?;
    let mut queries = Vec::new();
    // `lines` ends a line at `\n` and drops a `\r` before it.
    for line in text.lines() {
        push_query(&mut queries, line);
    }
    Ok(queries)
}

/// The queries and filters of a JSON body.
#[allow(clippy::type_complexity)]
fn json_input(body: &[u8]) -> Result<(Vec<String>, Vec<(String, String)>), ApiError> {
    let bad = |message: String| ApiError::bad_parameter(format!("body: {message}"));
    let object: serde_json::Map<String, Value> =
        serde_json::from_slice(body).map_err(|error| bad(error.to_string()))?;
    let mut queries = Vec::new();
    let mut pairs = Vec::new();
    for (key, value) in object {
        if key == "queries" {
            let Value::Array(list) = value else {
                return Err(bad("queries must be an array of strings".into()));
            };
            for query in list {
                let Value::String(query) = query else {
                    return Err(bad("queries must be an array of strings".into()));
                };
                push_query(&mut queries, &query);
            }
            continue;
        }
        if !FILTER_KEYS.contains(&key.as_str()) {
            return Err(bad(format!("unknown field {key:?}")));
        }
        let values = match value {
            Value::Null => Vec::new(),
            Value::String(text) => vec![text],
            Value::Bool(flag) => vec![flag.to_string()],
            Value::Array(list) => list
                .into_iter()
                .map(|item| match item {
                    Value::String(text) => Ok(text),
                    _ => Err(bad(format!("{key} must be a string or strings"))),
                })
                .collect::<Result<_, _>>()?,
            _ => return Err(bad(format!("{key} must be a string or strings"))),
        };
        pairs.extend(values.into_iter().map(|value| (key.clone(), value)));
    }
    Ok((queries, pairs))
}

#[cfg(test)]
mod tests {
    use super::*;

    fn queries(format: InputFormat, body: &str) -> Vec<String> {
        parse(format, body.as_bytes(), "").unwrap().queries
    }

    #[test]
    fn csv_takes_the_first_column_after_an_optional_header() {
        assert_eq!(
            queries(
                InputFormat::Csv,
                "\u{feff}Query,note\r\nKenneth Lay,ceo\r\n\"Skilling, Jeff\"\r\n,\r\n  fastow  \r\n"
            ),
            ["Kenneth Lay", "Skilling, Jeff", "fastow"]
        );
        // A first row that is not `query` is a query.
        assert_eq!(queries(InputFormat::Csv, "lay\nquery\n"), ["lay", "query"]);
    }

    #[test]
    fn plain_text_is_one_query_a_line() {
        assert_eq!(
            queries(
                InputFormat::Plain,
                "\u{feff}lay\r\n\r\n  \nskilling\nfrom:x@y.com"
            ),
            ["lay", "skilling", "from:x@y.com"]
        );
        let error = parse(InputFormat::Plain, b"lay\n\xff\n", "").unwrap_err();
        assert_eq!(error.message, "the list is not UTF-8 text (byte 4)");
    }

    #[test]
    fn filters_come_from_the_query_string_or_the_json_body() {
        let input = parse(
            InputFormat::Plain,
            b"lay",
            "q=ignored&from=a%40b.com&after=2001-01-01&page=3&sort=newest",
        )
        .unwrap();
        assert_eq!(input.filters, "from=a%40b.com&after=2001-01-01&sort=newest");
        assert_eq!(input.request.filters.from, ["a@b.com"]);
        assert_eq!(input.request.query, "");
        assert_eq!(input.request.sort, fouille_search::Sort::Newest);
        let input = parse(
            InputFormat::Json,
            br#"{"queries": ["lay", " ", "skilling"], "lang": ["fr", "en"], "has_attachments": true, "kind": null}"#,
            "from=ignored",
        )
        .unwrap();
        assert_eq!(input.queries, ["lay", "skilling"]);
        assert_eq!(input.request.filters.lang, ["fr", "en"]);
        assert_eq!(input.request.filters.has_attachments, Some(true));
        assert!(input.request.filters.from.is_empty());
    }

    #[test]
    fn bad_lists_are_refused_with_a_reason() {
        for (format, body, query_string, message) in [
            (InputFormat::Plain, "\n \n", "", "the batch holds no query"),
            (
                InputFormat::Plain,
                "lay",
                "after=2001-13-01",
                "after must be a date YYYY-MM-DD, not \"2001-13-01\"",
            ),
            (
                InputFormat::Json,
                r#"{"queries": "lay"}"#,
                "",
                "body: queries must be an array of strings",
            ),
            (
                InputFormat::Json,
                r#"{"queries": ["lay"], "form": "x"}"#,
                "",
                "body: unknown field \"form\"",
            ),
            (
                InputFormat::Json,
                r#"{"queries": ["lay"], "lang": 3}"#,
                "",
                "body: lang must be a string or strings",
            ),
        ] {
            let error = parse(format, body.as_bytes(), query_string).unwrap_err();
            assert_eq!(
                (error.code, error.message.as_str()),
                ("bad_parameter", message)
            );
        }
        let many = "x\n".repeat(MAX_BATCH_QUERIES + 1);
        let error = parse(InputFormat::Plain, many.as_bytes(), "").unwrap_err();
        assert_eq!(
            error.message,
            "the batch holds 10001 queries; at most 10000 are accepted"
        );
    }

    #[test]
    fn formats_by_media_type_and_extension() {
        assert_eq!(
            InputFormat::from_media_type("text/csv"),
            Some(InputFormat::Csv)
        );
        assert_eq!(InputFormat::from_media_type("application/xml"), None);
        assert_eq!(
            InputFormat::from_path(Path::new("names.JSON")),
            InputFormat::Json
        );
        assert_eq!(InputFormat::from_path(Path::new("-")), InputFormat::Plain);
    }
}
