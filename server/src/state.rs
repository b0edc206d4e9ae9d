//! What every request handler shares.

use std::sync::Arc;

use fouille_search::ArchiveSearcher;
use fouille_workspace::Workspace;
use tokio::sync::{OwnedSemaphorePermit, Semaphore};

use crate::auth::Credentials;
use crate::error::ApiError;
use crate::exports::{ExportLimits, ExportSlots};
use crate::host::{AllowedHosts, Origin};
use crate::limit::LimiterConfig;

/// Shared, cheap to clone: the searcher follows the archive's commits by
/// itself (tantivy's reload-on-commit policy), so a server started on an
/// archive still being indexed sees new messages within a second or two.
#[derive(Clone)]
pub struct AppState {
    /// The archive's searcher.
    pub searcher: ArchiveSearcher,
    /// Who may use the server; `None`: anyone who can reach it.
    pub credentials: Option<Arc<Credentials>>,
    /// The per-client rate limit; `None`: no limit.
    pub limiter: Option<LimiterConfig>,
    /// The host names requests may name.
    pub hosts: Arc<AllowedHosts>,
    /// How permalinks name this server.
    pub origin: Origin,
    /// Slots of the exports running.
    pub exports: Arc<ExportSlots>,
    /// The team's workspace, or why there is none.
    pub workspace: Result<Workspace, Arc<str>>,
    /// The batch searches running.
    pub batches: Arc<crate::routes::batches::BatchRegistry>,
    /// Searches allowed to run at once (two per core); others wait their
    /// turn, first come first served.
    pub searches: Arc<Semaphore>,
}

/// Searches that run at once by default: two per core. A burst of
/// hundreds would otherwise run together, each holding its facet counts
/// and taking as long as all of them; one per core left the cores idle
/// between a search's stages (6 % fewer searches a second on the leak
/// benchmark at 8 connections, the same p99).
pub fn default_searches_at_once() -> usize {
    2 * std::thread::available_parallelism().map_or(1, std::num::NonZeroUsize::get)
}

impl AppState {
    /// Open to anyone on loopback, without a rate limit, with the default
    /// export limits.
    pub fn new(searcher: ArchiveSearcher) -> AppState {
        AppState {
            searcher,
            credentials: None,
            limiter: None,
            hosts: Arc::new(AllowedHosts::default()),
            origin: Origin::Direct,
            exports: ExportSlots::new(ExportLimits::default()),
            workspace: Err(Arc::from("no workspace was opened")),
            batches: Arc::default(),
            searches: Arc::new(Semaphore::new(default_searches_at_once())),
        }
    }

    /// Waits for a turn to search; the turn ends when the permit is
    /// dropped: moved into the blocking work, it lasts as long as the
    /// search, even if the request is dropped first.
    pub async fn search_turn(&self) -> Option<OwnedSemaphorePermit> {
        // The semaphore is never closed: an error cannot happen, and would
        // only mean searching without waiting.
        Arc::clone(&self.searches).acquire_owned().await.ok()
    }

    /// Reads and writes the team's marks in `workspace` (searches read them
    /// too).
    pub fn with_workspace(mut self, workspace: Workspace) -> AppState {
        self.searcher = self.searcher.with_marks(Arc::new(workspace.clone()));
        self.workspace = Ok(workspace);
        self
    }

    /// The workspace, or a 409 that says why there is none.
    pub fn workspace(&self) -> Result<&Workspace, ApiError> {
        self.workspace
            .as_ref()
            .map_err(|why| ApiError::workspace_unavailable(why.to_string()))
    }
}
