//! `GET /api/export`: every match, streamed as CSV, mbox or NDJSON.

use std::io::Write;

use actix_web::http::header::{ContentDisposition, DispositionParam, DispositionType};
use actix_web::web::Bytes;
use actix_web::{HttpRequest, HttpResponse, get, web};
use tokio::sync::mpsc;

use fouille_indexer::export::MAX_EXPORT;

use crate::error::ApiError;
use crate::params::parse_search;
use crate::state::AppState;

/// Bytes gathered before a chunk is sent to the client.
const CHUNK: usize = 64 * 1024;

/// A `Write` that hands chunks to the response stream; fails once the
/// client is gone, which stops the export.
struct ChannelWriter {
    sender: mpsc::Sender<Result<Bytes, std::io::Error>>,
    buffer: Vec<u8>,
}

impl Write for ChannelWriter {
    fn write(&mut self, bytes: &[u8]) -> std::io::Result<usize> {
        self.buffer.extend_from_slice(bytes);
        if self.buffer.len() >= CHUNK {
            self.flush()?;
        }
        Ok(bytes.len())
    }

    fn flush(&mut self) -> std::io::Result<()> {
        if self.buffer.is_empty() {
            return Ok(());
        }
        let chunk = Bytes::from(std::mem::take(&mut self.buffer));
        self.sender
            .blocking_send(Ok(chunk))
            .map_err(|_| std::io::Error::new(std::io::ErrorKind::BrokenPipe, "client gone"))
    }
}

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
    )
)]
#[get("/api/export")]
pub async fn export(
    state: web::Data<AppState>,
    request: HttpRequest,
) -> Result<HttpResponse, ApiError> {
    let parsed = parse_search(request.query_string(), true)?;
    let format = parsed.format.expect("export requires a format");
    // Once streaming has begun the status is sent: a bad query or an export
    // over the limit must be refused before.
    let searcher = state.searcher.clone();
    let request_copy = parsed.request.clone();
    let count = web::block(move || searcher.check_export(&request_copy, MAX_EXPORT)).await??;
    let connection = request.connection_info();
    let base = format!("{}://{}", connection.scheme(), connection.host());
    drop(connection);
    let (sender, receiver) = mpsc::channel(8);
    let searcher = state.searcher.clone();
    actix_web::rt::task::spawn_blocking(move || {
        let mut writer = ChannelWriter {
            sender: sender.clone(),
            buffer: Vec::with_capacity(CHUNK),
        };
        let result = searcher
            .export(&parsed.request, format, &base, &mut writer)
            .and_then(|_| {
                writer.flush().map_err(|err| fouille_indexer::Error::Io {
                    context: "export".into(),
                    source: err,
                })
            });
        if let Err(err) = result {
            tracing::warn!("export stopped: {err}");
            let _ = sender.blocking_send(Err(std::io::Error::other("export stopped")));
        }
    });
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
