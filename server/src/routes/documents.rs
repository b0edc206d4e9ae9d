//! `GET /api/documents/{id}`: an attachment or loose document with its whole
//! extracted text, and the stored bytes of a loose document.

use actix_web::http::header;
use actix_web::{HttpResponse, get, web};
use fouille_search::view::{DocumentView, Original};
use serde::Serialize;

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
        (status = 200, description = "The document", body = DocumentResponse),
        (status = 400, description = "bad_id"),
        (status = 404, description = "not_found (also when the id is an email's)"),
    )
)]
#[get("/api/documents/{id}")]
pub async fn document(
    state: web::Data<AppState>,
    id: web::Path<String>,
    user: crate::auth::User,
) -> Result<HttpResponse, ApiError> {
    let id = message_id(&id)?.to_string();
    let searcher = state.searcher.clone();
    let workspace = state.workspace.clone().ok();
    let view = web::block(move || -> Result<DocumentView, ApiError> {
        let mut view = searcher.document(&id)?;
        if let Some(workspace) = workspace {
            view.workspace = Some(workspace.marks_of(Some(&user.0), &id)?);
        }
        Ok(view)
    })
    .await??;
    Ok(HttpResponse::Ok().json(DocumentResponse::from(view)))
}

/// A document as the API answers it: the view, and the URL of the original
/// bytes.
#[derive(Debug, Serialize, utoipa::ToSchema)]
pub struct DocumentResponse {
    #[serde(flatten)]
    view: DocumentView,
    /// Download URL of the original file, when the archive has it.
    download: Option<String>,
}

impl From<DocumentView> for DocumentResponse {
    fn from(view: DocumentView) -> DocumentResponse {
        let download = view.original.as_ref().map(original_url);
        DocumentResponse { view, download }
    }
}

/// The URL serving the bytes a locator names.
fn original_url(original: &Original) -> String {
    match original {
        Original::Document { id } => format!("/api/documents/{id}/raw"),
        Original::Attachment { message, index } => {
            format!("/api/messages/{message}/attachments/{index}")
        }
    }
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

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn locators_become_the_routes_that_serve_them() {
        let loose = Original::Document {
            id: "0123456789abcdef0123456789abcdef".into(),
        };
        assert_eq!(
            original_url(&loose),
            "/api/documents/0123456789abcdef0123456789abcdef/raw"
        );
        let attached = Original::Attachment {
            message: "fedcba9876543210fedcba9876543210".into(),
            index: 3,
        };
        assert_eq!(
            original_url(&attached),
            "/api/messages/fedcba9876543210fedcba9876543210/attachments/3"
        );
    }
}
