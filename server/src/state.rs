//! What every request handler shares.

use std::sync::Arc;

use fouille_search::ArchiveSearcher;

use crate::auth::Credentials;
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
        }
    }
}
