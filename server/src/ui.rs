//! The browser UI: the files of `web/`, embedded in the binary at build time.

use actix_web::http::header;
use actix_web::{HttpRequest, HttpResponse};
use rust_embed::RustEmbed;

use crate::error::ApiError;

/// `web/`, embedded.
#[derive(RustEmbed)]
#[folder = "../web/"]
struct WebAssets;

fn content_type(path: &str) -> &'static str {
    match path.rsplit_once('.').map(|(_, ext)| ext) {
        Some("html") => "text/html; charset=utf-8",
        Some("js" | "mjs") => "text/javascript; charset=utf-8",
        Some("css") => "text/css; charset=utf-8",
        Some("svg") => "image/svg+xml",
        Some("png") => "image/png",
        Some("json") => "application/json",
        Some("ico") => "image/x-icon",
        Some("woff2") => "font/woff2",
        _ => "application/octet-stream",
    }
}

/// Serves a UI file; any other path that is not under `/api` gets the UI's
/// page, so the UI's own links (`/messages/…`) open it.
pub async fn asset(request: HttpRequest) -> Result<HttpResponse, ApiError> {
    if request.method() != actix_web::http::Method::GET
        && request.method() != actix_web::http::Method::HEAD
    {
        return Err(ApiError::method_not_allowed());
    }
    let path = request.path().trim_start_matches('/');
    if path == "api" || path.starts_with("api/") {
        return Err(ApiError::not_found(format!("no route {}", request.path())));
    }
    let (name, file) = match WebAssets::get(path) {
        Some(file) if !path.is_empty() => (path, file),
        _ => (
            "index.html",
            WebAssets::get("index.html").ok_or_else(|| ApiError::not_found("no ui"))?,
        ),
    };
    Ok(HttpResponse::Ok()
        .content_type(content_type(name))
        .insert_header((header::CACHE_CONTROL, "no-cache"))
        .body(file.data.into_owned()))
}
