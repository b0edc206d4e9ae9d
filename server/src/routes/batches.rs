//! Batch searches: `POST /api/batches` takes a list of queries and runs it
//! on a thread of its own (never on the async executor), one batch at a
//! time, while `GET /api/batches/{id}` follows its progress, kept in memory
//! ([`BatchRegistry`]) until the rows are stored in the workspace. Batches
//! are private to their user: another user's is a 404. A batch stored as
//! running that this process does not run was cut short by a stop of the
//! server, and reads as `interrupted`.

use std::collections::HashMap;
use std::hash::{BuildHasher, Hasher};
use std::sync::atomic::{AtomicU64, Ordering};
use std::sync::{Arc, Mutex, MutexGuard};

use actix_web::http::header::{ContentDisposition, DispositionParam, DispositionType};
use actix_web::{HttpRequest, HttpResponse, get, post, web};
use fouille_search::batch::{BatchRequest, BatchRow, write_batch_csv};
use fouille_workspace::Workspace;
use fouille_workspace::batches::{BatchRecord, BatchStatus};
use serde::Serialize;

use crate::auth::User;
use crate::batch_input::{InputFormat, MAX_BATCH_BYTES, parse};
use crate::body;
use crate::error::ApiError;
use crate::params::batch_id;
use crate::state::AppState;

/// Batches that may be running or waiting at once in one server.
pub const MAX_LIVE_BATCHES: usize = 16;

/// The batches this process runs, with their rows so far.
#[derive(Default)]
pub struct BatchRegistry {
    live: Mutex<HashMap<String, Arc<Live>>>,
    /// Held by the batch running: one at a time, so searches keep a core.
    turn: Mutex<()>,
}

/// A batch being run.
struct Live {
    user: String,
    total: u64,
    filters: String,
    progress: Mutex<Progress>,
}

#[derive(Default)]
struct Progress {
    /// As the workspace recorded it.
    created: String,
    rows: Vec<BatchRow>,
    /// Stored in the workspace: about to leave the registry.
    stored: bool,
}

impl Progress {
    fn status(&self) -> BatchStatus {
        if self.stored {
            BatchStatus::Done
        } else {
            BatchStatus::Running
        }
    }
}

fn lock<T>(mutex: &Mutex<T>) -> MutexGuard<'_, T> {
    mutex.lock().unwrap_or_else(|poison| poison.into_inner())
}

impl BatchRegistry {
    fn get(&self, id: &str, user: &str) -> Option<Arc<Live>> {
        lock(&self.live)
            .get(id)
            .filter(|live| live.user == user)
            .cloned()
    }

    /// The batches of `user` live now.
    fn of_user(&self, user: &str) -> HashMap<String, Arc<Live>> {
        lock(&self.live)
            .iter()
            .filter(|(_, live)| live.user == user)
            .map(|(id, live)| (id.clone(), Arc::clone(live)))
            .collect()
    }

    fn runs(&self, id: &str) -> bool {
        lock(&self.live).contains_key(id)
    }

    /// Adds a batch unless too many are live.
    fn admit(&self, id: &str, live: Live) -> Result<Arc<Live>, ApiError> {
        let mut batches = lock(&self.live);
        if batches.len() >= MAX_LIVE_BATCHES {
            return Err(ApiError::unavailable(
                "too many batches are running; retry when one is done",
            ));
        }
        let live = Arc::new(live);
        batches.insert(id.to_string(), Arc::clone(&live));
        Ok(live)
    }

    fn remove(&self, id: &str) {
        lock(&self.live).remove(id);
    }
}

/// A new batch id: 16 hex digits that follow no sequence (a hash of a
/// per-process random key, the time, a counter and the user).
fn new_id(user: &str) -> String {
    static COUNTER: AtomicU64 = AtomicU64::new(0);
    let random = std::collections::hash_map::RandomState::new()
        .build_hasher()
        .finish();
    let nanos = std::time::SystemTime::now()
        .duration_since(std::time::UNIX_EPOCH)
        .map(|elapsed| elapsed.as_nanos())
        .unwrap_or_default();
    let count = COUNTER.fetch_add(1, Ordering::Relaxed);
    let hash = blake3::hash(format!("{random}:{nanos}:{count}:{user}").as_bytes());
    hash.to_hex()[..16].to_string()
}

/// `202` answer of a new batch.
#[derive(Serialize, utoipa::ToSchema)]
pub struct BatchCreated {
    /// The batch's id.
    pub id: String,
}

/// A batch as listed.
#[derive(Serialize, utoipa::ToSchema)]
pub struct BatchSummary {
    /// Id.
    pub id: String,
    /// `running`, `done`, or `interrupted` (the server stopped first).
    pub status: String,
    /// Queries run so far.
    pub done: u64,
    /// Queries in all.
    pub total: u64,
    /// RFC 3339 UTC.
    pub created: String,
    /// When it was done.
    #[serde(skip_serializing_if = "Option::is_none")]
    pub finished: Option<String>,
}

/// The user's batches.
#[derive(Serialize, utoipa::ToSchema)]
pub struct BatchList {
    /// Newest first.
    pub batches: Vec<BatchSummary>,
}

/// One query's answer, without its hits (they are in `results.csv`).
#[derive(Serialize, utoipa::ToSchema)]
pub struct BatchRowView {
    /// The query.
    pub query: String,
    /// Matching documents.
    pub total: u64,
    /// Why it could not be run.
    #[serde(skip_serializing_if = "Option::is_none")]
    pub error: Option<String>,
}

/// A batch and its rows so far.
#[derive(Serialize, utoipa::ToSchema)]
pub struct BatchDetail {
    /// Id, status, progress and dates, as listed.
    #[serde(flatten)]
    pub summary: BatchSummary,
    /// The shared filters, as a query string.
    pub filters: String,
    /// One per query run, in the list's order.
    pub rows: Vec<BatchRowView>,
}

/// A batch as this process sees it: its status, finished time and rows.
struct Seen {
    record: BatchRecord,
    status: BatchStatus,
    rows: Vec<BatchRow>,
}

/// `user`'s batch `id`: from memory while it runs, else from the
/// workspace (a batch left running by a stopped server is interrupted).
async fn find(state: &AppState, user: &str, id: &str) -> Result<Seen, ApiError> {
    if let Some(live) = state.batches.get(id, user) {
        let progress = lock(&live.progress);
        let status = progress.status();
        let record = BatchRecord {
            id: id.to_string(),
            user: live.user.clone(),
            created: progress.created.clone(),
            finished: None,
            status,
            total: live.total,
            filters: live.filters.clone(),
            rows: None,
        };
        let rows = progress.rows.clone();
        return Ok(Seen {
            record,
            status,
            rows,
        });
    }
    let workspace = state.workspace()?.clone();
    let (user, id) = (user.to_string(), id.to_string());
    let mut record = web::block(move || workspace.batch(&user, &id)).await??;
    let status = if record.status == BatchStatus::Running && !state.batches.runs(&record.id) {
        BatchStatus::Interrupted
    } else {
        record.status
    };
    let rows = record.rows.take().unwrap_or_default();
    Ok(Seen {
        record,
        status,
        rows,
    })
}

/// Runs a batch of queries in the background: a body of `text/csv` (first
/// column; a header row `query` is skipped), `text/plain` (one query a
/// line) or `application/json` (`{"queries": [...], filters}`); CSV and
/// plain text take the filters of `/api/search` from the query string. At
/// most 10,000 queries and 2 MiB.
#[utoipa::path(
    post,
    path = "/api/batches",
    params(crate::routes::search::SearchParams),
    request_body(
        description = "The queries",
        content(
            (String = "text/csv"),
            (String = "text/plain"),
            ("application/json", example = json!({"queries": ["Kenneth Lay", "Skilling"], "after": "2001-01-01"})),
        )
    ),
    responses(
        (status = 202, description = "Started", body = BatchCreated),
        (status = 400, description = "bad_parameter: no query, over 10,000 queries, a bad filter"),
        (status = 409, description = "workspace_unavailable"),
        (status = 413, description = "request_too_large: a body over 2 MiB"),
        (status = 415, description = "unsupported_media_type"),
        (status = 503, description = "unavailable: too many batches running"),
    )
)]
#[post("/api/batches")]
pub async fn create(
    state: web::Data<AppState>,
    request: HttpRequest,
    user: User,
    payload: web::Payload,
) -> Result<HttpResponse, ApiError> {
    let format = InputFormat::from_media_type(&body::media_type(&request)).ok_or_else(|| {
        ApiError::unsupported_media_type(
            "send the list as text/csv, text/plain or application/json",
        )
    })?;
    let workspace = state.workspace()?.clone();
    let bytes = body::read(payload, MAX_BATCH_BYTES).await?;
    let query_string = request.query_string().to_string();
    let input = web::block(move || parse(format, &bytes, &query_string)).await??;
    let id = new_id(&user.0);
    let total = input.queries.len() as u64;
    // In the registry before the workspace: a batch stored as running that
    // the registry does not know reads as interrupted.
    let live = state.batches.admit(
        &id,
        Live {
            user: user.0.clone(),
            total,
            filters: input.filters.clone(),
            progress: Mutex::default(),
        },
    )?;
    let stored = {
        let (workspace, user, id, filters) = (
            workspace.clone(),
            user.0.clone(),
            id.clone(),
            input.filters.clone(),
        );
        web::block(move || workspace.create_batch(&user, &id, total, &filters)).await
    };
    match stored {
        Ok(Ok(record)) => lock(&live.progress).created = record.created,
        Ok(Err(error)) => {
            state.batches.remove(&id);
            return Err(error.into());
        }
        Err(error) => {
            state.batches.remove(&id);
            return Err(error.into());
        }
    }
    let batch = BatchRequest {
        queries: input.queries,
        filters: input.request.filters,
        sort: input.request.sort,
        user: Some(user.0),
        ..BatchRequest::new(Vec::new())
    };
    spawn(state.into_inner(), workspace, id.clone(), live, batch)?;
    Ok(HttpResponse::Accepted().json(BatchCreated { id }))
}

/// Starts the thread that runs `batch` and stores its rows.
fn spawn(
    state: Arc<AppState>,
    workspace: Workspace,
    id: String,
    live: Arc<Live>,
    batch: BatchRequest,
) -> Result<(), ApiError> {
    let thread_id = id.clone();
    let registry = Arc::clone(&state.batches);
    let spawned = std::thread::Builder::new()
        .name("batch".into())
        .spawn(move || {
            let id = thread_id;
            let ran = std::panic::catch_unwind(std::panic::AssertUnwindSafe(|| {
                let _turn = lock(&state.batches.turn);
                state.searcher.run_batch(&batch, |_, row| {
                    lock(&live.progress).rows.push(row.clone());
                })
            }));
            match ran {
                Ok(rows) => match workspace.finish_batch(&id, &rows) {
                    Ok(()) => lock(&live.progress).stored = true,
                    Err(error) => tracing::error!("batch {id} could not be stored: {error}"),
                },
                Err(_) => tracing::error!("batch {id} failed"),
            }
            // Unstored, it now reads as interrupted.
            state.batches.remove(&id);
        });
    spawned.map(|_| ()).map_err(|_| {
        registry.remove(&id);
        ApiError::unavailable("cannot start a batch now")
    })
}

/// The user's batches, newest first.
#[utoipa::path(
    get,
    path = "/api/batches",
    responses(
        (status = 200, description = "The batches", body = BatchList),
        (status = 409, description = "workspace_unavailable"),
    )
)]
#[get("/api/batches")]
pub async fn list(state: web::Data<AppState>, user: User) -> Result<HttpResponse, ApiError> {
    let workspace = state.workspace()?.clone();
    let name = user.0.clone();
    // Looked at before the records: a batch that ends in between is then
    // live here or stored as done there, never "interrupted".
    let live_now = state.batches.of_user(&user.0);
    let records = web::block(move || workspace.batches(&name)).await??;
    let batches = records
        .into_iter()
        .map(|record| {
            // Or started since, after the look.
            let live = live_now
                .get(&record.id)
                .cloned()
                .or_else(|| state.batches.get(&record.id, &user.0));
            let (status, done) = match (&live, record.status) {
                (Some(live), _) => {
                    let progress = lock(&live.progress);
                    (progress.status(), progress.rows.len() as u64)
                }
                (None, BatchStatus::Running) => (BatchStatus::Interrupted, 0),
                (None, BatchStatus::Done) => (BatchStatus::Done, record.total),
                (None, status) => (status, 0),
            };
            BatchSummary {
                id: record.id,
                status: status.as_str().to_string(),
                done,
                total: record.total,
                created: record.created,
                finished: record.finished,
            }
        })
        .collect();
    Ok(HttpResponse::Ok().json(BatchList { batches }))
}

/// A batch: its progress and each query's total (or error).
#[utoipa::path(
    get,
    path = "/api/batches/{id}",
    params(("id" = String, Path, description = "Batch id (16 hex digits)")),
    responses(
        (status = 200, description = "The batch", body = BatchDetail),
        (status = 400, description = "bad_id"),
        (status = 404, description = "not_found: no such batch of this user"),
        (status = 409, description = "workspace_unavailable"),
    )
)]
#[get("/api/batches/{id}")]
pub async fn show(
    state: web::Data<AppState>,
    user: User,
    id: web::Path<String>,
) -> Result<HttpResponse, ApiError> {
    let id = batch_id(&id)?;
    let seen = find(&state, &user.0, id).await?;
    Ok(HttpResponse::Ok().json(BatchDetail {
        summary: BatchSummary {
            id: seen.record.id,
            status: seen.status.as_str().to_string(),
            done: seen.rows.len() as u64,
            total: seen.record.total,
            created: seen.record.created,
            finished: seen.record.finished,
        },
        filters: seen.record.filters,
        rows: seen
            .rows
            .into_iter()
            .map(|row| BatchRowView {
                query: row.query,
                total: row.total,
                error: row.error,
            })
            .collect(),
    }))
}

/// The rows so far as CSV: `query,total,error,rank,id,kind,date,from,
/// subject,permalink`, one line per top hit (10 per query), one with empty
/// hit columns for a query without hit or with an error.
#[utoipa::path(
    get,
    path = "/api/batches/{id}/results.csv",
    params(("id" = String, Path, description = "Batch id (16 hex digits)")),
    responses(
        (status = 200, description = "The results", content_type = "text/csv"),
        (status = 400, description = "bad_id"),
        (status = 404, description = "not_found: no such batch of this user"),
    )
)]
#[get("/api/batches/{id}/results.csv")]
pub async fn results(
    state: web::Data<AppState>,
    request: HttpRequest,
    user: User,
    id: web::Path<String>,
) -> Result<HttpResponse, ApiError> {
    let id = batch_id(&id)?.to_string();
    let seen = find(&state, &user.0, &id).await?;
    let base = state.origin.of(&request, &state.hosts);
    let csv = web::block(move || {
        let mut out = Vec::new();
        write_batch_csv(&seen.rows, &base, &mut out).map(|()| out)
    })
    .await??;
    Ok(HttpResponse::Ok()
        .content_type("text/csv; charset=utf-8")
        .insert_header(ContentDisposition {
            disposition: DispositionType::Attachment,
            parameters: vec![DispositionParam::Filename(format!(
                "fouille-batch-{id}.csv"
            ))],
        })
        .body(csv))
}
