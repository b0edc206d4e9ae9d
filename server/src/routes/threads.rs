//! `GET /api/threads/{thread_id}`.

use actix_web::{HttpResponse, get, web};
use fouille_indexer::search::Hit;
use serde::Serialize;

use crate::error::ApiError;
use crate::params::thread_id;
use crate::state::AppState;

/// A thread's messages.
#[derive(Serialize, utoipa::ToSchema)]
pub struct ThreadResponse {
    /// The thread id.
    pub thread_id: String,
    /// Its messages, oldest first, as search hits (the snippet is the
    /// message's opening words).
    pub messages: Vec<Hit>,
}

/// The messages of a thread in date order.
#[utoipa::path(
    get,
    path = "/api/threads/{thread_id}",
    params(("thread_id" = String, Path, description = "Thread id (16 hex digits)", pattern = "^[0-9a-f]{16}$")),
    responses(
        (status = 200, description = "The thread", body = ThreadResponse),
        (status = 400, description = "bad_id"),
        (status = 404, description = "not_found"),
    )
)]
#[get("/api/threads/{thread_id}")]
pub async fn thread(
    state: web::Data<AppState>,
    id: web::Path<String>,
) -> Result<HttpResponse, ApiError> {
    let id = thread_id(&id)?.to_string();
    let searcher = state.searcher.clone();
    let lookup = id.clone();
    let messages = web::block(move || searcher.thread(&lookup)).await??;
    if messages.is_empty() {
        return Err(ApiError::not_found(format!("no thread {id}")));
    }
    Ok(HttpResponse::Ok().json(ThreadResponse {
        thread_id: id,
        messages,
    }))
}
