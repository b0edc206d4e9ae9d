//! `GET /api/correspondents`: who writes to whom among a search's emails.

use actix_web::{HttpRequest, HttpResponse, get, web};
use fouille_search::correspondents::{Correspondents, DEFAULT_PAIRS, MAX_PAIRS};

use crate::error::ApiError;
use crate::params::parse_search;
use crate::routes::search::SearchParams;
use crate::state::AppState;

/// The number of pairs asked for (`limit`), 1 to [`MAX_PAIRS`].
fn parse_limit(query_string: &str) -> Result<usize, ApiError> {
    let mut limit = DEFAULT_PAIRS;
    for (name, value) in form_urlencoded::parse(query_string.as_bytes()) {
        if name == "limit" {
            limit = value.trim().parse().map_err(|_| {
                ApiError::bad_parameter(format!("limit must be a whole number, not {value:?}"))
            })?;
        }
    }
    if !(1..=MAX_PAIRS).contains(&limit) {
        return Err(ApiError::bad_parameter(format!(
            "limit must be between 1 and {MAX_PAIRS}"
        )));
    }
    Ok(limit)
}

/// The sender–recipient pairs of the emails matching a search (the same
/// parameters as `/api/search`; paging and sort ignored), most emails first.
/// `limit` (1 to 1000, default 100) bounds the pairs returned.
#[utoipa::path(
    get,
    path = "/api/correspondents",
    params(SearchParams, ("limit" = Option<usize>, Query, description = "Pairs returned, 1 to 1000 (default 100)")),
    responses(
        (status = 200, description = "Pairs and their addresses", body = Correspondents),
        (status = 400, description = "bad_parameter"),
        (status = 413, description = "request_too_large"),
        (status = 414, description = "query_too_long"),
    )
)]
#[get("/api/correspondents")]
pub async fn correspondents(
    state: web::Data<AppState>,
    request: HttpRequest,
    user: crate::auth::User,
) -> Result<HttpResponse, ApiError> {
    let limit = parse_limit(request.query_string())?;
    let mut parsed = parse_search(request.query_string(), false)?;
    parsed.request.user = Some(user.0);
    let searcher = state.searcher.clone();
    let turn = state.search_turn().await;
    let response = web::block(move || {
        let _turn = turn;
        searcher.correspondents(&parsed.request, limit)
    })
    .await??;
    Ok(HttpResponse::Ok().json(response))
}
