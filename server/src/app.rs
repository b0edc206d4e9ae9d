//! The HTTP application: routes, security headers, logging, and the server.

use std::net::SocketAddr;

use actix_web::dev::{ServiceFactory, ServiceRequest, ServiceResponse};
use actix_web::middleware::{DefaultHeaders, Logger, from_fn};
use actix_web::{App, HttpServer, web};
use fouille_indexer::search::ArchiveSearcher;

use crate::auth::{self, Credentials};
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
    App::new()
        .app_data(web::Data::new(state))
        .app_data(credentials)
        // Innermost, so that a 401 still carries the security headers and
        // is logged.
        .wrap(from_fn(auth::require))
        .wrap(
            DefaultHeaders::new()
                .add(("X-Content-Type-Options", "nosniff"))
                .add(("Referrer-Policy", "no-referrer"))
                .add(("Content-Security-Policy", CONTENT_SECURITY_POLICY))
                .add(("X-Frame-Options", "SAMEORIGIN")),
        )
        .wrap(logger)
        .configure(routes::configure)
        .default_service(web::to(ui::asset))
}

/// Serves the archive until SIGINT or SIGTERM (then finishes the requests in
/// flight).
pub fn serve(
    searcher: ArchiveSearcher,
    credentials: Option<Credentials>,
    bind: SocketAddr,
    log_queries: bool,
) -> std::io::Result<()> {
    let state = AppState {
        searcher,
        credentials: credentials.map(std::sync::Arc::new),
    };
    actix_web::rt::System::new().block_on(async move {
        let server = HttpServer::new(move || create_app(state.clone(), log_queries))
            .bind(bind)?
            .shutdown_timeout(10);
        tracing::info!("serving on http://{bind}");
        server.run().await
    })
}
