//! `GET /api/export`: every match, streamed as CSV, mbox or NDJSON.

use std::io::Write;

use actix_web::http::header::{ContentDisposition, DispositionParam, DispositionType, RETRY_AFTER};
use actix_web::{HttpRequest, HttpResponse, ResponseError, get, web};

use fouille_search::export::MAX_EXPORT;

use crate::error::ApiError;
use crate::exports::ChunkWriter;
use crate::params::parse_search;
use crate::state::AppState;

/// Every match of a search (same parameters as `/api/search`, paging
/// ignored), streamed: `csv` (id, date, from, to, subject, permalink),
/// `mbox` (the original messages, mboxrd) or `ndjson` (one document per
/// line).
#[utoipa::path(
    get,
    path = "/api/export",
    params(
        crate::routes::search::SearchParams,
        ("format" = String, Query, description = "csv, mbox or ndjson", pattern = "^(csv|mbox|ndjson)$"),
    ),
    responses(
        (status = 200, description = "The export, streamed; `X-Total-Count` gives its number of documents"),
        (status = 400, description = "bad_parameter: a bad parameter or query, or more than 1,000,000 documents"),
        (status = 503, description = "unavailable: too many exports running (in all, or from this address); see Retry-After"),
    )
)]
#[get("/api/export")]
pub async fn export(
    state: web::Data<AppState>,
    request: HttpRequest,
    user: crate::auth::User,
) -> Result<HttpResponse, ApiError> {
    let mut parsed = parse_search(request.query_string(), true)?;
    parsed.request.user = Some(user.0);
    let format = parsed.format.expect("export requires a format");
    let client = request
        .peer_addr()
        .map(|peer| crate::limit::network(peer.ip()));
    let slot = match state.exports.acquire(client) {
        Ok(slot) => slot,
        Err(reason) => {
            let mut response = ApiError::unavailable(reason).error_response();
            response.headers_mut().insert(
                RETRY_AFTER,
                actix_web::http::header::HeaderValue::from_static("5"),
            );
            return Ok(response);
        }
    };
    // Once streaming has begun the status is sent: a bad query or an export
    // over the limit must be refused before.
    let searcher = state.searcher.clone();
    let request_copy = parsed.request.clone();
    let count = web::block(move || searcher.check_export(&request_copy, MAX_EXPORT)).await??;
    let base = state.origin.of(&request, &state.hosts);
    let (mut writer, receiver) = ChunkWriter::new(state.exports.limits().stall);
    let searcher = state.searcher.clone();
    // Its own thread, not the blocking pool that searches and sign-ins
    // share: the slot bounds how many run.
    let spawned = std::thread::Builder::new()
        .name("export".into())
        .spawn(move || {
            let _slot = slot;
            // A panic must not end the stream as if the export were whole.
            let result = std::panic::catch_unwind(std::panic::AssertUnwindSafe(|| {
                searcher
                    .export(&parsed.request, format, &base, &mut writer)
                    .and_then(|_| {
                        writer.flush().map_err(|err| fouille_schema::Error::Io {
                            context: "export".into(),
                            source: err,
                        })
                    })
                    .map_err(|err| err.to_string())
            }))
            .unwrap_or_else(|_| Err("the export failed".to_string()));
            if let Err(err) = result {
                tracing::warn!("export stopped: {err}");
                writer.fail();
            }
        });
    if spawned.is_err() {
        return Err(ApiError::unavailable("cannot start an export now"));
    }
    let stream = futures_util::stream::unfold(receiver, |mut receiver| async move {
        receiver.recv().await.map(|item| (item, receiver))
    });
    Ok(HttpResponse::Ok()
        .content_type(format.mime())
        .insert_header(("X-Total-Count", count.to_string()))
        .insert_header(ContentDisposition {
            disposition: DispositionType::Attachment,
            parameters: vec![DispositionParam::Filename(format!(
                "fouille-export.{}",
                format.extension()
            ))],
        })
        .streaming(stream))
}
