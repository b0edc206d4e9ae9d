//! `GET /api/messages/{id}/similar` (and the same under `/api/documents`):
//! the edited copies of an attachment or a loose document.

use actix_web::{HttpResponse, get, web};
use fouille_search::similar::Similar;
use serde::Serialize;

use crate::error::ApiError;
use crate::params::message_id;
use crate::state::AppState;

/// The near-identical documents of one document.
#[derive(Debug, Serialize, utoipa::ToSchema)]
pub struct SimilarResponse {
    /// Most similar first; empty for an email (emails are not compared
    /// yet: a reply quotes its parent) or a text under 50 words.
    similar: Vec<Similar>,
}

/// Looks the versions of `id` up off the async executor.
async fn versions(state: web::Data<AppState>, id: &str) -> Result<HttpResponse, ApiError> {
    let id = message_id(id)?.to_string();
    let searcher = state.searcher.clone();
    let similar = web::block(move || searcher.similar(&id)).await??;
    Ok(HttpResponse::Ok().json(SimilarResponse { similar }))
}

/// Documents whose text is near-identical to this one's though their bytes
/// differ (edited copies), with an estimated similarity from 0 to 1. Any
/// document id is accepted: an attachment, a loose document, or an email
/// (whose list is empty).
#[utoipa::path(
    get,
    path = "/api/messages/{id}/similar",
    params(("id" = String, Path, description = "Document id (32 hex digits)", pattern = "^[0-9a-f]{32}$")),
    responses(
        (status = 200, description = "The versions, most similar first", body = SimilarResponse),
        (status = 400, description = "bad_id"),
        (status = 404, description = "not_found"),
    )
)]
#[get("/api/messages/{id}/similar")]
pub async fn message_similar(
    state: web::Data<AppState>,
    id: web::Path<String>,
) -> Result<HttpResponse, ApiError> {
    versions(state, &id).await
}

/// The same list, under the document's own path.
#[utoipa::path(
    get,
    path = "/api/documents/{id}/similar",
    params(("id" = String, Path, description = "Document id (32 hex digits)", pattern = "^[0-9a-f]{32}$")),
    responses(
        (status = 200, description = "The versions, most similar first", body = SimilarResponse),
        (status = 400, description = "bad_id"),
        (status = 404, description = "not_found"),
    )
)]
#[get("/api/documents/{id}/similar")]
pub async fn document_similar(
    state: web::Data<AppState>,
    id: web::Path<String>,
) -> Result<HttpResponse, ApiError> {
    versions(state, &id).await
}
