//! Request bodies of writes: read with a bound, of the type announced, and
//! parsed into a clear 4xx when they are not what the route takes.

use actix_web::HttpRequest;
use actix_web::http::header::CONTENT_TYPE;
use futures_util::StreamExt;
use serde::de::DeserializeOwned;

use crate::error::ApiError;

/// Largest JSON body of a tag, note or saved search.
pub const MAX_JSON_BYTES: usize = 64 * 1024;

/// The media type of a request, lowercased, without parameters.
pub fn media_type(request: &HttpRequest) -> String {
    request
        .headers()
        .get(CONTENT_TYPE)
        .and_then(|value| value.to_str().ok())
        .unwrap_or_default()
        .split(';')
        .next()
        .unwrap_or_default()
        .trim()
        .to_ascii_lowercase()
}

/// The whole body, refused past `limit` bytes.
pub async fn read(mut payload: actix_web::web::Payload, limit: usize) -> Result<Vec<u8>, ApiError> {
    let mut body = Vec::new();
    while let Some(chunk) = payload.next().await {
        let chunk = chunk.map_err(|error| ApiError::bad_parameter(format!("body: {error}")))?;
        if body.len() + chunk.len() > limit {
            return Err(ApiError::request_too_large(format!(
                "the body is over {limit} bytes"
            )));
        }
        body.extend_from_slice(&chunk);
    }
    Ok(body)
}

/// A JSON body, of at most [`MAX_JSON_BYTES`].
pub async fn json<T: DeserializeOwned>(
    request: &HttpRequest,
    payload: actix_web::web::Payload,
) -> Result<T, ApiError> {
    if media_type(request) != "application/json" {
        return Err(ApiError::unsupported_media_type(
            "send the body as application/json",
        ));
    }
    let body = read(payload, MAX_JSON_BYTES).await?;
    serde_json::from_slice(&body).map_err(|error| ApiError::bad_parameter(format!("body: {error}")))
}
