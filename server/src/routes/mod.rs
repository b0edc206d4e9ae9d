//! The HTTP routes: the JSON API under `/api`, the UI everywhere else.

pub mod batches;
pub mod documents;
pub mod export;
pub mod messages;
pub mod openapi;
pub mod search;
pub mod similar;
pub mod stats;
pub mod threads;

use actix_web::web;

/// Registers every API route.
pub fn configure(config: &mut web::ServiceConfig) {
    config
        .service(search::search)
        .service(export::export)
        .service(messages::message)
        .service(messages::raw)
        .service(messages::html)
        .service(messages::attachment)
        .service(documents::document)
        .service(documents::raw)
        .service(similar::message_similar)
        .service(similar::document_similar)
        .service(threads::thread)
        .service(stats::stats)
        .service(batches::create)
        .service(batches::list)
        .service(batches::results)
        .service(batches::show)
        .service(openapi::openapi_document);
}
