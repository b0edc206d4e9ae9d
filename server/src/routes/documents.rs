//! `GET /api/documents/{id}`: an attachment or loose document with its whole
//! extracted text, and the stored bytes of a loose document.

use actix_web::http::header;
use actix_web::{HttpResponse, get, web};
use fouille_indexer::view::DocumentView;

use crate::error::ApiError;
use crate::params::{message_id, safe_file_name};
use crate::routes::messages::download;
use crate::state::AppState;

/// An attachment or document: name, type, extraction outcome, whole text,
/// parent email, sources and download link.
#[utoipa::path(
    get,
    path = "/api/documents/{id}",
    params(("id" = String, Path, description = "Document id (32 hex digits)", pattern = "^[0-9a-f]{32}$")),
    responses(
        (status = 200, description = "The document", body = DocumentView),
        (status = 400, description = "bad_id"),
        (status = 404, description = "not_found (also when the id is an email's)"),
    )
)]
#[get("/api/documents/{id}")]
pub async fn document(
    state: web::Data<AppState>,
    id: web::Path<String>,
) -> Result<HttpResponse, ApiError> {
    let id = message_id(&id)?.to_string();
    let searcher = state.searcher.clone();
    let view = web::block(move || searcher.document(&id)).await??;
    Ok(HttpResponse::Ok().json(view))
}

/// The original bytes of a loose document, always as a download.
#[utoipa::path(
    get,
    path = "/api/documents/{id}/raw",
    params(("id" = String, Path, description = "Document id (32 hex digits)", pattern = "^[0-9a-f]{32}$")),
    responses(
        (status = 200, description = "The file", content_type = "application/octet-stream"),
        (status = 400, description = "bad_id"),
        (status = 404, description = "not_found (attachments are downloaded from their message)"),
    )
)]
#[get("/api/documents/{id}/raw")]
pub async fn raw(
    state: web::Data<AppState>,
    id: web::Path<String>,
) -> Result<HttpResponse, ApiError> {
    let id = message_id(&id)?.to_string();
    let searcher = state.searcher.clone();
    let fallback = format!("{id}.bin");
    let (name, bytes) = web::block(move || searcher.document_raw(&id)).await??;
    Ok(HttpResponse::Ok()
        .content_type("application/octet-stream")
        .insert_header(download(safe_file_name(&name, &fallback)))
        .insert_header((
            header::CONTENT_SECURITY_POLICY,
            "sandbox; default-src 'none'",
        ))
        .body(bytes))
}
