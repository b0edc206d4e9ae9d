//! `GET /api/stats`.

use actix_web::{HttpResponse, get, web};
use fouille_search::stats::{Stats, archive_stats};

use crate::error::ApiError;
use crate::state::AppState;

/// What the archive holds, as `fouille stats --json` prints it.
#[utoipa::path(
    get,
    path = "/api/stats",
    responses((status = 200, description = "Archive statistics", body = Stats))
)]
#[get("/api/stats")]
pub async fn stats(state: web::Data<AppState>) -> Result<HttpResponse, ApiError> {
    let archive = state.searcher.archive().clone();
    let stats = web::block(move || archive_stats(&archive)).await??;
    Ok(HttpResponse::Ok().json(stats))
}
