//! `GET /api/threads/{thread_id}`.

use actix_web::{HttpRequest, HttpResponse, get, web};
use fouille_search::Hit;
use serde::Serialize;

use crate::error::ApiError;
use crate::params::{parse_thread_page, thread_id};
use crate::state::AppState;

/// A page of a thread's messages.
#[derive(Serialize, utoipa::ToSchema)]
pub struct ThreadResponse {
    /// The thread id.
    pub thread_id: String,
    /// Messages in the whole thread.
    pub total: u64,
    /// This page, from 1.
    pub page: usize,
    /// Messages per page.
    pub per_page: usize,
    /// This page's messages, oldest first, as search hits (the snippet is
    /// the message's opening words).
    pub messages: Vec<Hit>,
}

/// The messages of a thread in date order, a page at a time (a thread may
/// hold tens of thousands).
#[utoipa::path(
    get,
    path = "/api/threads/{thread_id}",
    params(
        ("thread_id" = String, Path, description = "Thread id (16 hex digits)", pattern = "^[0-9a-f]{16}$"),
        ("page" = Option<usize>, Query, description = "Page, from 1", minimum = 1, maximum = 1_000_000),
        ("per_page" = Option<usize>, Query, description = "Messages per page (default 100)", minimum = 1, maximum = 500),
    ),
    responses(
        (status = 200, description = "The thread", body = ThreadResponse),
        (status = 400, description = "bad_id or bad_parameter"),
        (status = 404, description = "not_found"),
    )
)]
#[get("/api/threads/{thread_id}")]
pub async fn thread(
    state: web::Data<AppState>,
    id: web::Path<String>,
    request: HttpRequest,
) -> Result<HttpResponse, ApiError> {
    let id = thread_id(&id)?.to_string();
    let (offset, per_page) = parse_thread_page(request.query_string())?;
    let searcher = state.searcher.clone();
    let lookup = id.clone();
    let page = web::block(move || searcher.thread(&lookup, offset, per_page)).await??;
    if page.total == 0 {
        return Err(ApiError::not_found(format!("no thread {id}")));
    }
    Ok(HttpResponse::Ok().json(ThreadResponse {
        thread_id: id,
        total: page.total,
        page: offset / per_page + 1,
        per_page,
        messages: page.messages,
    }))
}
