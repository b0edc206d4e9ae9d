//! `GET /api/openapi.json`: the OpenAPI document of every route.

use actix_web::{HttpResponse, get};
use utoipa::OpenApi;

/// The API description, generated from the handlers and the engine's types.
#[derive(OpenApi)]
#[openapi(
    info(
        title = "Fouille API",
        description = "Search a leak archive: full text in French and English, exact facets, messages, threads, raw sources, attachments and exports; and keep the team's tags, stars, notes and saved searches. Writes take JSON and are refused from other origins. Errors answer {\"error\": {\"code\", \"message\"}}; see docs/API.md for the table of codes.",
    ),
    paths(
        super::search::search,
        super::correspondents::correspondents,
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
        super::marks::me,
        super::marks::add_tag,
        super::marks::remove_tag,
        super::marks::list_tags,
        super::marks::tag_search,
        super::marks::drop_tag,
        super::marks::star,
        super::marks::unstar,
        super::notes::add_note,
        super::notes::edit_note,
        super::notes::delete_note,
        super::saved::save,
        super::saved::list,
        super::saved::open,
        super::saved::remove,
        super::saved::feed,
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
