//! `GET /api/messages/{id}`, its raw source and its attachments.

use actix_web::http::header::{self, ContentDisposition, DispositionParam, DispositionType};
use actix_web::{HttpResponse, get, web};
use fouille_search::view::MessageView;

use crate::auth::User;
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

pub(crate) fn download(name: String) -> ContentDisposition {
    ContentDisposition {
        disposition: DispositionType::Attachment,
        parameters: vec![DispositionParam::Filename(name)],
    }
}

/// The whole message: headers, text, sanitized HTML, attachments, sources.
#[utoipa::path(
    get,
    path = "/api/messages/{id}",
    params(("id" = String, Path, description = "Message id (32 hex digits)", pattern = "^[0-9a-f]{32}$")),
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
    user: User,
) -> Result<HttpResponse, ApiError> {
    let id = message_id(&id)?.to_string();
    let searcher = state.searcher.clone();
    let workspace = state.workspace.clone().ok();
    let view = web::block(move || -> Result<MessageView, ApiError> {
        let mut view = searcher.message(&id)?;
        if let Some(workspace) = workspace {
            view.workspace = Some(workspace.marks_of(Some(&user.0), &id)?);
        }
        Ok(view)
    })
    .await??;
    Ok(HttpResponse::Ok().json(view))
}

/// The Content-Security-Policy of a message's HTML document: nothing may run
/// or load but the message's own inline images, from this server.
const MESSAGE_HTML_POLICY: &str = "default-src 'none'; img-src 'self'; style-src 'unsafe-inline'; frame-ancestors 'self'; sandbox";

/// Styles of the HTML document: the mail's own styles are removed by the
/// sanitizer, so this is the only stylesheet it has.
const MESSAGE_HTML_STYLE: &str = "body{font:15px/1.5 system-ui,-apple-system,'Segoe UI',sans-serif;margin:12px;color:#1b1b1b;word-wrap:break-word}img{max-width:100%;height:auto}table{max-width:100%}";

/// The message's sanitized HTML as a page of its own, for the reader's
/// sandboxed iframe.
#[utoipa::path(
    get,
    path = "/api/messages/{id}/html",
    params(("id" = String, Path, description = "Message id (32 hex digits)", pattern = "^[0-9a-f]{32}$")),
    responses(
        (status = 200, description = "The sanitized HTML body as a document", content_type = "text/html"),
        (status = 400, description = "bad_id"),
        (status = 404, description = "not_found (also when the message has no HTML body)"),
    )
)]
#[get("/api/messages/{id}/html")]
pub async fn html(
    state: web::Data<AppState>,
    id: web::Path<String>,
) -> Result<HttpResponse, ApiError> {
    let id = message_id(&id)?.to_string();
    let searcher = state.searcher.clone();
    let lookup = id.clone();
    let view = web::block(move || searcher.message(&lookup)).await??;
    let body = view
        .html
        .ok_or_else(|| ApiError::not_found(format!("no html body in message {id}")))?;
    let page = format!(
        "<!doctype html><html><head><meta charset=\"utf-8\"><meta name=\"referrer\" content=\"no-referrer\"><style>{MESSAGE_HTML_STYLE}</style></head><body>{body}</body></html>"
    );
    Ok(HttpResponse::Ok()
        .content_type("text/html; charset=utf-8")
        .insert_header((header::CONTENT_SECURITY_POLICY, MESSAGE_HTML_POLICY))
        .body(page))
}

/// The original message, byte for byte, as a download.
#[utoipa::path(
    get,
    path = "/api/messages/{id}/raw",
    params(("id" = String, Path, description = "Message id (32 hex digits)", pattern = "^[0-9a-f]{32}$")),
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
        ("id" = String, Path, description = "Message id (32 hex digits)", pattern = "^[0-9a-f]{32}$"),
        ("index" = usize, Path, description = "Attachment position, from 0, as listed by the message view", maximum = 1_000_000),
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
