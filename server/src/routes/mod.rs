//! The HTTP routes: the JSON API under `/api`, the UI everywhere else.

pub mod batches;
pub mod correspondents;
pub mod documents;
pub mod export;
pub mod marks;
pub mod messages;
pub mod notes;
pub mod openapi;
pub mod saved;
pub mod search;
pub mod similar;
pub mod stats;
pub mod threads;

use actix_web::web;

/// Registers every API route.
pub fn configure(config: &mut web::ServiceConfig) {
    config
        .service(search::search)
        .service(correspondents::correspondents)
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
        .service(openapi::openapi_document)
        .service(marks::me)
        .service(marks::add_tag)
        .service(marks::remove_tag)
        .service(marks::list_tags)
        .service(marks::tag_search)
        .service(marks::drop_tag)
        .service(marks::star)
        .service(marks::unstar)
        .service(notes::add_note)
        .service(notes::edit_note)
        .service(notes::delete_note)
        .service(saved::save)
        .service(saved::list)
        .service(saved::open)
        .service(saved::remove)
        .service(saved::feed)
        .service(batches::create)
        .service(batches::list)
        .service(batches::results)
        .service(batches::show);
}
