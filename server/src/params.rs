//! Parsing and validating query-string parameters. Repeated parameters
//! (`from=a&from=b`) are kept; anything malformed is a 400 that says which
//! parameter and why.

use fouille_search::export::ExportFormat;
use fouille_search::{Filters, MAX_QUERY_CHARS, SearchRequest, Sort, parse_date};

use crate::error::ApiError;

/// Results per page unless asked otherwise.
pub const DEFAULT_PER_PAGE: usize = 20;
/// Most results per page.
pub const MAX_PER_PAGE: usize = 100;
/// Deepest result reachable by paging (`page × per_page`); exports reach
/// every match.
pub const MAX_DEPTH: usize = 10_000;
/// Messages per page of a thread unless asked otherwise.
pub const THREAD_PER_PAGE: usize = 100;
/// Most messages per page of a thread.
pub const MAX_THREAD_PER_PAGE: usize = 500;
/// Longest query string accepted.
pub const MAX_QUERY_STRING: usize = 16 * 1024;
/// Most values of one repeated filter.
pub const MAX_VALUES: usize = 100;

/// The parameters of `/api/search` and `/api/export`.
pub struct Parsed {
    /// The engine request.
    pub request: SearchRequest,
    /// `format` (export only).
    pub format: Option<ExportFormat>,
}

fn parse_bool(name: &str, value: &str) -> Result<bool, ApiError> {
    match value {
        "true" | "1" => Ok(true),
        "false" | "0" => Ok(false),
        _ => Err(ApiError::bad_parameter(format!(
            "{name} must be true or false, not {value:?}"
        ))),
    }
}

fn parse_number(name: &str, value: &str) -> Result<usize, ApiError> {
    value.parse().map_err(|_| {
        ApiError::bad_parameter(format!("{name} must be a whole number, not {value:?}"))
    })
}

/// Parses `page` and `per_page` of a thread: the offset and the limit.
pub fn parse_thread_page(query_string: &str) -> Result<(usize, usize), ApiError> {
    check_query_string(query_string)?;
    let mut page = 1;
    let mut per_page = THREAD_PER_PAGE;
    for (name, value) in form_urlencoded::parse(query_string.as_bytes()) {
        match name.as_ref() {
            "page" => page = parse_number("page", value.trim())?,
            "per_page" => per_page = parse_number("per_page", value.trim())?,
            // As everywhere in the API, unknown parameters are ignored.
            _ => {}
        }
    }
    if page == 0 || page > 1_000_000 {
        return Err(ApiError::bad_parameter(
            "page must be between 1 and 1000000",
        ));
    }
    if !(1..=MAX_THREAD_PER_PAGE).contains(&per_page) {
        return Err(ApiError::bad_parameter(format!(
            "per_page must be between 1 and {MAX_THREAD_PER_PAGE}"
        )));
    }
    Ok(((page - 1) * per_page, per_page))
}

/// Parses the query string of a search or an export.
pub fn parse_search(query_string: &str, export: bool) -> Result<Parsed, ApiError> {
    check_query_string(query_string)?;
    let mut parameters = SearchParameters::new();
    for (name, value) in form_urlencoded::parse(query_string.as_bytes()) {
        parameters.read(&name, value.trim(), export)?;
    }
    parameters.finish(export)
}

/// Refuses a query string too long to be parsed.
fn check_query_string(query_string: &str) -> Result<(), ApiError> {
    if query_string.len() > MAX_QUERY_STRING {
        return Err(ApiError::request_too_large(format!(
            "query string over {MAX_QUERY_STRING} bytes"
        )));
    }
    Ok(())
}

/// The parameters of a search or an export as they are read, before the
/// checks that need all of them.
struct SearchParameters {
    request: SearchRequest,
    filters: Filters,
    page: usize,
    per_page: usize,
    format: Option<ExportFormat>,
}

impl SearchParameters {
    fn new() -> SearchParameters {
        SearchParameters {
            request: SearchRequest::default(),
            filters: Filters::default(),
            page: 1,
            per_page: DEFAULT_PER_PAGE,
            format: None,
        }
    }

    /// Takes parameter `name`, its `value` trimmed.
    fn read(&mut self, name: &str, value: &str, export: bool) -> Result<(), ApiError> {
        let filters = &mut self.filters;
        match name {
            "q" => self.request.query = parse_query_text(value)?,
            "from" => push_value(&mut filters.from, name, value)?,
            "to" => push_value(&mut filters.to, name, value)?,
            "domain" => push_value(&mut filters.domain, name, value)?,
            "lang" => push_value(&mut filters.lang, name, value)?,
            "kind" => push_value(&mut filters.kind, name, value)?,
            "filetype" => push_value(&mut filters.filetype, name, value)?,
            "extraction" => push_value(&mut filters.extraction, name, value)?,
            "dkim" => push_value(&mut filters.dkim, name, value)?,
            "author" => push_value(&mut filters.author, name, value)?,
            "software" => push_value(&mut filters.software, name, value)?,
            "client" => push_value(&mut filters.client, name, value)?,
            "tag" => push_value(&mut filters.tag, name, value)?,
            "iban" => push_value(&mut filters.iban, name, value)?,
            "phone" => push_value(&mut filters.phone, name, value)?,
            "siren" => push_value(&mut filters.siren, name, value)?,
            "siret" => push_value(&mut filters.siret, name, value)?,
            "link" => push_value(&mut filters.link, name, value)?,
            "mention" => push_value(&mut filters.mention, name, value)?,
            "starred" => filters.starred = parse_bool("starred", value)?,
            "after" | "before" if value.is_empty() => {}
            "after" => filters.after = Some(parse_day(name, value)?),
            "before" => filters.before = Some(parse_day(name, value)?),
            "has_attachments" => {
                filters.has_attachments = Some(parse_bool("has_attachments", value)?)
            }
            "sort" => self.request.sort = parse_sort(value)?,
            "quotes" => self.request.exclude_quotes = parse_quotes(value)?,
            "page" if !export => self.page = parse_number("page", value)?,
            "per_page" if !export => self.per_page = parse_number("per_page", value)?,
            "format" if export => self.format = Some(parse_format(value)?),
            // Unknown parameters are ignored, as web APIs usually do, so
            // that cache-busters and tracking tags do not break links.
            _ => {}
        }
        Ok(())
    }

    /// The request, once the paging, the dates and the format agree.
    fn finish(self, export: bool) -> Result<Parsed, ApiError> {
        let SearchParameters {
            mut request,
            filters,
            page,
            per_page,
            format,
        } = self;
        let offset = page_offset(page, per_page)?;
        if let (Some(after), Some(before)) = (filters.after, filters.before)
            && after > before
        {
            return Err(ApiError::bad_parameter("after is later than before"));
        }
        if export && format.is_none() {
            return Err(ApiError::bad_parameter(
                "format is required: csv, mbox or ndjson",
            ));
        }
        request.filters = filters;
        request.offset = offset;
        request.limit = per_page;
        Ok(Parsed { request, format })
    }
}

/// A search given as a JSON object (a bulk tag, a batch): the same names
/// and rules as the query string, each value a string, a number, a boolean
/// or an array of them. Unknown names are ignored, as in query strings.
pub fn parse_search_json(
    body: &serde_json::Map<String, serde_json::Value>,
) -> Result<SearchRequest, ApiError> {
    use serde_json::Value;
    let mut parameters = SearchParameters::new();
    for (name, value) in body {
        // Paging and format are the route's business, not the body's.
        if matches!(name.as_str(), "page" | "per_page" | "format" | "queries") {
            continue;
        }
        let values = match value {
            Value::Array(values) => values.iter().collect(),
            Value::Null => Vec::new(),
            one => vec![one],
        };
        for value in values {
            let text = match value {
                Value::String(text) => text.clone(),
                Value::Bool(flag) => flag.to_string(),
                Value::Number(number) => number.to_string(),
                _ => {
                    return Err(ApiError::bad_parameter(format!(
                        "{name} must be a string, a number, a boolean or a list of them"
                    )));
                }
            };
            parameters.read(name, text.trim(), false)?;
        }
    }
    Ok(parameters.finish(false)?.request)
}

/// Adds `value` of the repeated parameter `name` to `list`, unless empty.
fn push_value(list: &mut Vec<String>, name: &str, value: &str) -> Result<(), ApiError> {
    if list.len() >= MAX_VALUES {
        return Err(ApiError::bad_parameter(format!(
            "at most {MAX_VALUES} values of {name}"
        )));
    }
    if !value.is_empty() {
        list.push(value.to_string());
    }
    Ok(())
}

fn parse_query_text(value: &str) -> Result<String, ApiError> {
    if value.chars().count() > MAX_QUERY_CHARS {
        return Err(ApiError::query_too_long(format!(
            "q is over {MAX_QUERY_CHARS} characters"
        )));
    }
    Ok(value.to_string())
}

fn parse_day(name: &str, value: &str) -> Result<jiff::civil::Date, ApiError> {
    parse_date(value).ok_or_else(|| {
        ApiError::bad_parameter(format!("{name} must be a date YYYY-MM-DD, not {value:?}"))
    })
}

fn parse_sort(value: &str) -> Result<Sort, ApiError> {
    match value {
        "" => Ok(Sort::Relevance),
        name => Sort::parse(name).ok_or_else(|| {
            ApiError::bad_parameter(format!(
                "sort must be relevance, newest or oldest, not {value:?}"
            ))
        }),
    }
}

/// `quotes`: `include` (the default) or `exclude`.
fn parse_quotes(value: &str) -> Result<bool, ApiError> {
    match value {
        "" | "include" => Ok(false),
        "exclude" => Ok(true),
        _ => Err(ApiError::bad_parameter(format!(
            "quotes must be include or exclude, not {value:?}"
        ))),
    }
}

fn parse_format(value: &str) -> Result<ExportFormat, ApiError> {
    ExportFormat::from_name(value).ok_or_else(|| {
        ApiError::bad_parameter(format!("format must be csv, mbox or ndjson, not {value:?}"))
    })
}

/// The offset of page `page` (from 1) of `per_page` results, within the
/// results paging can reach.
fn page_offset(page: usize, per_page: usize) -> Result<usize, ApiError> {
    if page < 1 {
        return Err(ApiError::bad_parameter("page starts at 1"));
    }
    if !(1..=MAX_PER_PAGE).contains(&per_page) {
        return Err(ApiError::bad_parameter(format!(
            "per_page must be between 1 and {MAX_PER_PAGE}"
        )));
    }
    let offset = (page - 1).saturating_mul(per_page);
    if offset.saturating_add(per_page) > MAX_DEPTH {
        return Err(ApiError::bad_parameter(format!(
            "pages reach the first {MAX_DEPTH} results; narrow the search or use /api/export"
        )));
    }
    Ok(offset)
}

/// `id` if it is `digits` lowercase hex digits; a 400 naming `what`
/// otherwise, before any lookup.
fn hex_id<'a>(id: &'a str, digits: usize, what: &str) -> Result<&'a str, ApiError> {
    let hex = |b: u8| b.is_ascii_digit() || (b'a'..=b'f').contains(&b);
    if id.len() == digits && id.bytes().all(hex) {
        Ok(id)
    } else {
        Err(ApiError::bad_id(format!(
            "a {what} id is {digits} hexadecimal digits"
        )))
    }
}

/// Checks a message id (32 lowercase hex digits).
pub fn message_id(id: &str) -> Result<&str, ApiError> {
    hex_id(id, 32, "message")
}

/// Checks a thread id (16 lowercase hex digits).
pub fn thread_id(id: &str) -> Result<&str, ApiError> {
    hex_id(id, 16, "thread")
}

/// Checks the id of a note or a saved search (`what`): a positive number.
pub fn number_id(text: &str, what: &str) -> Result<i64, ApiError> {
    text.parse()
        .ok()
        .filter(|number: &i64| *number > 0)
        .ok_or_else(|| ApiError::bad_id(format!("a {what} id is a positive number")))
}

/// Checks a batch id (16 lowercase hex digits).
pub fn batch_id(id: &str) -> Result<&str, ApiError> {
    hex_id(id, 16, "batch")
}

/// A file name safe in a `Content-Disposition` header and on any disk: no
/// path separators, no `..`, no control or quote characters.
pub fn safe_file_name(name: &str, fallback: &str) -> String {
    let cleaned: String = name
        .chars()
        .map(|c| match c {
            '/' | '\\' | '"' | ':' | '*' | '?' | '<' | '>' | '|' => '_',
            c if c.is_control() => '_',
            // Bidi and other invisible format characters: a name must not
            // display as another (`invoice\u{202e}fdp.exe`).
            '\u{200b}'..='\u{200f}'
            | '\u{202a}'..='\u{202e}'
            | '\u{2066}'..='\u{2069}'
            | '\u{feff}' => '_',
            c => c,
        })
        .collect();
    let cleaned = cleaned.replace("..", "_");
    let cleaned = cleaned.trim_matches(|c: char| c == '.' || c.is_whitespace());
    let cleaned: String = cleaned.chars().take(150).collect();
    if cleaned
        .chars()
        .all(|c| c == '_' || c == '.' || c.is_whitespace())
    {
        fallback.to_string()
    } else {
        cleaned
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn file_names_cannot_escape() {
        assert_eq!(safe_file_name("../../etc/passwd", "x"), "____etc_passwd");
        assert_eq!(safe_file_name("a\\b\r\n.pdf", "x"), "a_b__.pdf");
        assert_eq!(safe_file_name("..", "fallback"), "fallback");
        assert_eq!(safe_file_name("Budget 2017.xlsx", "x"), "Budget 2017.xlsx");
        assert_eq!(
            safe_file_name("invoice\u{202e}fdp.exe", "x"),
            "invoice_fdp.exe"
        );
    }
}
