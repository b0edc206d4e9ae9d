//! `GET /api/openapi.json`: the OpenAPI document of every route.

use actix_web::{HttpResponse, get};
use utoipa::OpenApi;

/// The API description, generated from the handlers and the engine's types.
#[derive(OpenApi)]
#[openapi(
    info(
        title = "Fouille API",
        description = "Search a leak archive: full text in French and English, exact facets, messages, threads, raw sources, attachments and exports. Errors answer {\"error\": {\"code\", \"message\"}}; see docs/API.md for the table of codes.",
    ),
    paths(
        super::search::search,
        super::export::export,
        super::messages::message,
        super::messages::raw,
        super::messages::html,
        super::messages::attachment,
        super::documents::document,
        super::documents::raw,
        super::similar::message_similar,
        super::similar::document_similar,
        super::threads::thread,
        super::stats::stats,
        super::batches::create,
        super::batches::list,
        super::batches::show,
        super::batches::results,
        openapi_document,
    ),
    components(schemas(super::threads::ThreadResponse))
)]
pub struct ApiDoc;

/// This document.
#[utoipa::path(
    get,
    path = "/api/openapi.json",
    responses((status = 200, description = "The OpenAPI 3.1 document"))
)]
#[get("/api/openapi.json")]
pub async fn openapi_document() -> HttpResponse {
    HttpResponse::Ok().json(ApiDoc::openapi())
}
