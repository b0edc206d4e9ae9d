//! `GET /api/search`.

use actix_web::{HttpRequest, HttpResponse, get, web};
use fouille_search::SearchResponse;

use crate::error::ApiError;
use crate::params::parse_search;
use crate::state::AppState;

/// Search parameters, as documented in the OpenAPI document (the handler
/// parses the query string itself to keep repeated values).
#[derive(utoipa::IntoParams)]
#[into_params(parameter_in = Query)]
#[allow(dead_code)]
pub struct SearchParams {
    /// Query language of docs/QUERY.md; empty or missing: every message.
    q: Option<String>,
    /// Sender address or name; repeat to OR values.
    from: Option<Vec<String>>,
    /// Recipient (To, Cc, Bcc) address or name; repeat to OR values.
    to: Option<Vec<String>>,
    /// Sender domain; repeat to OR values.
    domain: Option<Vec<String>>,
    /// Language code (ISO 639-1, `und` when undetermined); repeat to OR values.
    lang: Option<Vec<String>>,
    /// Document kind (`email`, `attachment`, `document`); repeat to OR values.
    kind: Option<Vec<String>>,
    /// File type of attachments and documents (`pdf`, `docx`, `xlsx`…); repeat
    /// to OR values.
    filetype: Option<Vec<String>>,
    /// Extraction outcome (`text`, `empty`, `encrypted`, `failed`,
    /// `unsupported`); repeat to OR values.
    extraction: Option<Vec<String>>,
    /// DKIM outcome of emails (`pass`, `partial`, `fail`, `nokey`, `invalid`,
    /// `none`, `unverifiable`); repeat to OR values.
    dkim: Option<Vec<String>>,
    /// A person named by a document's metadata, exactly as the `author`
    /// facet gives it; repeat to OR values.
    author: Option<Vec<String>>,
    /// The software that made a document, exactly as the `software` facet
    /// gives it; repeat to OR values.
    software: Option<Vec<String>>,
    /// The mail client of an email, exactly as the `client` facet gives it;
    /// repeat to OR values.
    client: Option<Vec<String>>,
    /// On or after this day (YYYY-MM-DD, UTC).
    #[param(format = Date)]
    after: Option<String>,
    /// On or before this day (YYYY-MM-DD, UTC).
    #[param(format = Date)]
    before: Option<String>,
    /// Only messages with (true) or without (false) attachments.
    has_attachments: Option<bool>,
    /// An IBAN written in the text (spaces allowed); repeat to OR values.
    iban: Option<Vec<String>>,
    /// A phone number written in the text, in any usual form (E.164 as the
    /// `phone` facet gives it, `06 12 34 56 78`…); repeat to OR values.
    phone: Option<Vec<String>>,
    /// A SIREN number written in the text; repeat to OR values.
    siren: Option<Vec<String>>,
    /// A SIRET number written in the text; repeat to OR values.
    siret: Option<Vec<String>>,
    /// The host of a link in the text, or a domain above it; repeat to OR
    /// values.
    link: Option<Vec<String>>,
    /// An email address written in the text; repeat to OR values.
    mention: Option<Vec<String>>,
    /// A tag of the team's workspace; repeat to OR values.
    tag: Option<Vec<String>>,
    /// Only documents the caller starred.
    starred: Option<bool>,
    /// `exclude`: bare words and `body:` leave out the text emails quote
    /// (`new:` and `quoted:` are unchanged); `include` (default).
    #[param(pattern = "^(include|exclude)?$")]
    quotes: Option<String>,
    /// relevance (default), newest or oldest.
    #[param(pattern = "^(relevance|newest|oldest)?$")]
    sort: Option<String>,
    /// Page, from 1; `page × per_page` is at most 10,000 (use the export
    /// for more).
    #[param(minimum = 1)]
    page: Option<usize>,
    /// Results per page, 1 to 100 (default 20).
    #[param(minimum = 1, maximum = 100)]
    per_page: Option<usize>,
}

/// Searches the archive: a page of hits and exact facets over every match.
#[utoipa::path(
    get,
    path = "/api/search",
    params(SearchParams),
    responses(
        (status = 200, description = "Hits and facets", body = SearchResponse),
        (status = 400, description = "bad_parameter"),
        (status = 413, description = "request_too_large"),
        (status = 414, description = "query_too_long"),
    )
)]
#[get("/api/search")]
pub async fn search(
    state: web::Data<AppState>,
    request: HttpRequest,
    user: crate::auth::User,
) -> Result<HttpResponse, ApiError> {
    let mut parsed = parse_search(request.query_string(), false)?;
    parsed.request.user = Some(user.0);
    let searcher = state.searcher.clone();
    let turn = state.search_turn().await;
    let response = web::block(move || {
        let _turn = turn;
        searcher.search(&parsed.request)
    })
    .await??;
    Ok(HttpResponse::Ok().json(response))
}
