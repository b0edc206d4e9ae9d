//! The HTTP application: routes, security headers, logging, and the server.

use std::net::SocketAddr;

use actix_governor::{Governor, GovernorConfigBuilder};
use actix_web::dev::{ServiceFactory, ServiceRequest, ServiceResponse};
use actix_web::middleware::{Condition, DefaultHeaders, Logger, from_fn};
use actix_web::{App, HttpServer, web};
use fouille_search::ArchiveSearcher;

use crate::auth::{self, Credentials};
use crate::exports::{ExportLimits, ExportSlots};
use crate::host::{self, AllowedHosts, Origin};
use crate::limit::{ClientAddress, RateLimit};
use crate::routes;
use crate::state::AppState;
use crate::ui;

/// The Content-Security-Policy of every response: only this server's own
/// scripts, styles, images and frames; nothing remote, ever.
pub const CONTENT_SECURITY_POLICY: &str = "default-src 'self'; script-src 'self'; style-src 'self'; img-src 'self' data:; font-src 'self'; connect-src 'self'; frame-src 'self'; object-src 'none'; base-uri 'none'; form-action 'self'; frame-ancestors 'self'";

/// Builds the application (used by `fouille serve` and by the tests, which
/// run it in-process).
pub fn create_app(
    state: AppState,
    log_queries: bool,
) -> App<
    impl ServiceFactory<
        ServiceRequest,
        Config = (),
        Response = ServiceResponse<impl actix_web::body::MessageBody>,
        Error = actix_web::Error,
        InitError = (),
    >,
> {
    // Searches are sensitive: the default log line has the path, never the
    // query string.
    let logger = if log_queries {
        Logger::new("%a \"%r\" %s %b %Dms")
    } else {
        Logger::new("%a \"%{method}xi %U\" %s %b %Dms")
            .custom_request_replace("method", |request| request.method().to_string())
    };
    let credentials = web::Data::new(state.credentials.clone());
    let hosts = web::Data::from(state.hosts.clone());
    // `Condition` needs a middleware even when the limit is off.
    let limiter = match &state.limiter {
        Some(config) => Governor::new(config),
        None => Governor::new(
            &GovernorConfigBuilder::default()
                .key_extractor(ClientAddress)
                .finish()
                .expect("the default limit is valid"),
        ),
    };
    let limited = state.limiter.is_some();
    App::new()
        .app_data(web::Data::new(state))
        .app_data(credentials)
        .app_data(hosts)
        // Innermost, so that a 401 still carries the security headers and
        // is logged.
        .wrap(from_fn(auth::require))
        // Outside authentication, so that password guesses are limited too.
        .wrap(Condition::new(limited, limiter))
        // Before anything else runs: a rebound name gets nothing.
        .wrap(from_fn(host::require))
        .wrap(
            DefaultHeaders::new()
                .add(("X-Content-Type-Options", "nosniff"))
                .add(("Referrer-Policy", "no-referrer"))
                .add(("Content-Security-Policy", CONTENT_SECURITY_POLICY))
                .add(("X-Frame-Options", "SAMEORIGIN"))
                // Answers hold the archive and the team's private marks:
                // the browser keeps none of them (a page reopened from its
                // history asks again, and sees a note added since). The
                // UI's own files say `no-cache` themselves.
                .add(("Cache-Control", "no-store")),
        )
        .wrap(logger)
        .configure(routes::configure)
        .default_service(web::to(ui::asset))
}

/// How `fouille serve` runs.
pub struct ServeOptions {
    /// Address to listen on.
    pub bind: SocketAddr,
    /// Write search terms in the request log.
    pub log_queries: bool,
    /// Who may use the server; `None`: anyone who can reach it.
    pub credentials: Option<Credentials>,
    /// Serve HTTPS with this configuration instead of HTTP.
    pub tls: Option<rustls::ServerConfig>,
    /// Limit each client address.
    pub rate_limit: Option<RateLimit>,
    /// Host names accepted besides loopback and the bind address.
    pub allowed_hosts: Vec<String>,
    /// Trust the forwarding headers of a reverse proxy.
    pub behind_proxy: bool,
    /// The origin permalinks name, as given.
    pub public_url: Option<String>,
    /// How many exports may run, and how long one waits for its client.
    pub exports: ExportLimits,
    /// The team's workspace, or why it could not be opened.
    pub workspace: Result<fouille_workspace::Workspace, String>,
    /// Searches that run at once; more wait their turn.
    pub searches_at_once: usize,
}

impl ServeOptions {
    /// Serving `bind` over HTTP, open, with the default limits.
    pub fn local(bind: SocketAddr) -> ServeOptions {
        ServeOptions {
            bind,
            log_queries: false,
            credentials: None,
            tls: None,
            rate_limit: None,
            allowed_hosts: Vec::new(),
            behind_proxy: false,
            public_url: None,
            exports: ExportLimits::default(),
            workspace: Err("no workspace was opened".to_string()),
            searches_at_once: crate::state::default_searches_at_once(),
        }
    }
}

/// Serves the archive until SIGINT or SIGTERM (then finishes the requests in
/// flight).
pub fn serve(searcher: ArchiveSearcher, options: ServeOptions) -> std::io::Result<()> {
    let ServeOptions {
        bind,
        log_queries,
        credentials,
        tls,
        rate_limit,
        allowed_hosts,
        behind_proxy,
        public_url,
        exports,
        workspace,
        searches_at_once,
    } = options;
    let origin = match (public_url, behind_proxy, tls.is_some()) {
        (Some(url), _, _) => Origin::Public(url),
        (None, true, _) => Origin::BehindProxy,
        (None, false, true) => Origin::DirectTls,
        (None, false, false) => Origin::Direct,
    };
    let credentials = credentials.map(std::sync::Arc::new);
    if let Some(credentials) = &credentials {
        let credentials = std::sync::Arc::clone(credentials);
        // Addresses that stopped signing in are forgotten, so the table
        // does not grow with every address that ever tried.
        std::thread::Builder::new()
            .name("sign-in-limit".into())
            .spawn(move || {
                loop {
                    std::thread::sleep(std::time::Duration::from_secs(60));
                    credentials.forget_idle_addresses();
                }
            })?;
    }
    let mut state = AppState {
        searcher,
        credentials,
        limiter: rate_limit.and_then(RateLimit::limiter),
        hosts: std::sync::Arc::new(AllowedHosts::new(bind, &allowed_hosts)),
        origin,
        exports: ExportSlots::new(exports),
        workspace: Err(std::sync::Arc::from("no workspace was opened")),
        batches: std::sync::Arc::default(),
        searches: std::sync::Arc::new(tokio::sync::Semaphore::new(searches_at_once.max(1))),
    };
    match workspace {
        Ok(workspace) => state = state.with_workspace(workspace),
        Err(why) => state.workspace = Err(std::sync::Arc::from(why)),
    }
    // The first search would otherwise build the facets' global ordinals
    // and the first `tag:` search the table of every document's id
    // (half a second each at a million documents).
    let searcher = state.searcher.clone();
    std::thread::Builder::new()
        .name("prepare-search".into())
        .spawn(move || {
            if let Err(error) = searcher.prepare() {
                tracing::warn!("cannot prepare searches: {error}");
            }
        })?;
    actix_web::rt::System::new().block_on(async move {
        let server = HttpServer::new(move || create_app(state.clone(), log_queries));
        let server = match tls {
            Some(config) => server.bind_rustls_0_23(bind, config)?,
            None => server.bind(bind)?,
        };
        server.shutdown_timeout(10).run().await
    })
}
