//! `GET /api/messages/{id}`, its raw source and its attachments.

use actix_web::http::header::{self, ContentDisposition, DispositionParam, DispositionType};
use actix_web::{HttpResponse, get, web};
use fouille_indexer::view::MessageView;

use crate::error::ApiError;
use crate::params::{message_id, safe_file_name};
use crate::state::AppState;

/// Types never served under their own name: a browser could render them as
/// a page of our origin.
const ACTIVE_TYPES: &[&str] = &[
    "text/html",
    "application/xhtml+xml",
    "image/svg+xml",
    "text/xml",
    "application/xml",
    "text/javascript",
    "application/javascript",
];

/// `type/subtype` made of token characters only.
fn is_plain_mime(mime: &str) -> bool {
    let token = |part: &str| {
        !part.is_empty()
            && part
                .bytes()
                .all(|b| b.is_ascii_alphanumeric() || b"!#$&-^_.+".contains(&b))
    };
    matches!(mime.split_once('/'), Some((kind, sub)) if token(kind) && token(sub))
}

fn download(name: String) -> ContentDisposition {
    ContentDisposition {
        disposition: DispositionType::Attachment,
        parameters: vec![DispositionParam::Filename(name)],
    }
}

/// The whole message: headers, text, sanitized HTML, attachments, sources.
#[utoipa::path(
    get,
    path = "/api/messages/{id}",
    params(("id" = String, Path, description = "Message id (32 hex digits)")),
    responses(
        (status = 200, description = "The message", body = MessageView),
        (status = 400, description = "bad_id"),
        (status = 404, description = "not_found"),
    )
)]
#[get("/api/messages/{id}")]
pub async fn message(
    state: web::Data<AppState>,
    id: web::Path<String>,
) -> Result<HttpResponse, ApiError> {
    let id = message_id(&id)?.to_string();
    let searcher = state.searcher.clone();
    let view = web::block(move || searcher.message(&id)).await??;
    Ok(HttpResponse::Ok().json(view))
}

/// The original message, byte for byte, as a download.
#[utoipa::path(
    get,
    path = "/api/messages/{id}/raw",
    params(("id" = String, Path, description = "Message id (32 hex digits)")),
    responses(
        (status = 200, description = "The original bytes", content_type = "message/rfc822"),
        (status = 400, description = "bad_id"),
        (status = 404, description = "not_found"),
    )
)]
#[get("/api/messages/{id}/raw")]
pub async fn raw(
    state: web::Data<AppState>,
    id: web::Path<String>,
) -> Result<HttpResponse, ApiError> {
    let id = message_id(&id)?.to_string();
    let searcher = state.searcher.clone();
    let name = format!("{id}.eml");
    let bytes = web::block(move || searcher.raw(&id)).await??;
    Ok(HttpResponse::Ok()
        .content_type("message/rfc822")
        .insert_header(download(name))
        .body(bytes))
}

/// One attachment's bytes, always as a download.
#[utoipa::path(
    get,
    path = "/api/messages/{id}/attachments/{index}",
    params(
        ("id" = String, Path, description = "Message id (32 hex digits)"),
        ("index" = usize, Path, description = "Attachment position, from 0, as listed by the message view"),
    ),
    responses(
        (status = 200, description = "The attachment's bytes"),
        (status = 400, description = "bad_id or bad_parameter"),
        (status = 404, description = "not_found"),
    )
)]
#[get("/api/messages/{id}/attachments/{index}")]
pub async fn attachment(
    state: web::Data<AppState>,
    path: web::Path<(String, String)>,
) -> Result<HttpResponse, ApiError> {
    let (id, index) = path.into_inner();
    let id = message_id(&id)?.to_string();
    let index: usize = index
        .parse()
        .map_err(|_| ApiError::bad_parameter("attachment index must be a whole number"))?;
    let searcher = state.searcher.clone();
    let fallback = format!("{id}-attachment-{index}");
    let content = web::block(move || searcher.attachment(&id, index)).await??;
    let mime = if ACTIVE_TYPES.contains(&content.mime.as_str()) || !is_plain_mime(&content.mime) {
        "application/octet-stream".to_string()
    } else {
        content.mime
    };
    Ok(HttpResponse::Ok()
        .content_type(mime)
        .insert_header(download(safe_file_name(&content.name, &fallback)))
        .insert_header((
            header::CONTENT_SECURITY_POLICY,
            "sandbox; default-src 'none'",
        ))
        .body(content.bytes))
}
