//! Notes on documents: shared with the team or private to their author;
//! only the author may edit or delete one.

use actix_web::{HttpRequest, HttpResponse, delete, patch, post, web};
use fouille_search::marks::Note;
use fouille_workspace::notes::NoteEdit;
use serde::Deserialize;

use crate::auth::User;
use crate::body;
use crate::error::ApiError;
use crate::params::number_id;
use crate::routes::marks::known_document;
use crate::state::AppState;

/// A new note.
#[derive(Deserialize, utoipa::ToSchema)]
#[serde(deny_unknown_fields)]
pub struct NewNote {
    /// The text (1 to 20,000 characters).
    pub text: String,
    /// Only its author will see it.
    #[serde(default)]
    pub private: bool,
}

/// A change to a note: what is given is replaced.
#[derive(Deserialize, utoipa::ToSchema)]
#[serde(deny_unknown_fields)]
pub struct NoteChange {
    /// New text.
    pub text: Option<String>,
    /// Now private, or now shared.
    pub private: Option<bool>,
}

/// Adds a note to a document.
#[utoipa::path(
    post,
    path = "/api/messages/{id}/notes",
    params(("id" = String, Path)),
    request_body = NewNote,
    responses(
        (status = 201, description = "The note", body = Note),
        (status = 400, description = "bad_parameter"),
        (status = 404, description = "not_found"),
        (status = 415, description = "unsupported_media_type"),
    )
)]
#[post("/api/messages/{id}/notes")]
pub async fn add_note(
    state: web::Data<AppState>,
    user: User,
    id: web::Path<String>,
    request: HttpRequest,
    payload: web::Payload,
) -> Result<HttpResponse, ApiError> {
    let workspace = state.workspace()?.clone();
    let note: NewNote = body::json(&request, payload).await?;
    let id = known_document(&state, &id).await?;
    let note =
        web::block(move || workspace.add_note(&user.0, &id, &note.text, note.private)).await??;
    Ok(HttpResponse::Created().json(note))
}

/// Changes a note of the caller's.
#[utoipa::path(
    patch,
    path = "/api/notes/{note}",
    params(("note" = i64, Path)),
    request_body = NoteChange,
    responses(
        (status = 200, description = "The note", body = Note),
        (status = 403, description = "forbidden: another author's"),
        (status = 404, description = "not_found"),
    )
)]
#[patch("/api/notes/{note}")]
pub async fn edit_note(
    state: web::Data<AppState>,
    user: User,
    note: web::Path<String>,
    request: HttpRequest,
    payload: web::Payload,
) -> Result<HttpResponse, ApiError> {
    let workspace = state.workspace()?.clone();
    let number = number_id(&note, "note")?;
    let change: NoteChange = body::json(&request, payload).await?;
    let edit = NoteEdit {
        text: change.text,
        private: change.private,
    };
    let note = web::block(move || workspace.edit_note(&user.0, number, &edit)).await??;
    Ok(HttpResponse::Ok().json(note))
}

/// Deletes a note of the caller's.
#[utoipa::path(
    delete,
    path = "/api/notes/{note}",
    params(("note" = i64, Path)),
    responses(
        (status = 204, description = "Deleted"),
        (status = 403, description = "forbidden: another author's"),
        (status = 404, description = "not_found"),
    )
)]
#[delete("/api/notes/{note}")]
pub async fn delete_note(
    state: web::Data<AppState>,
    user: User,
    note: web::Path<String>,
) -> Result<HttpResponse, ApiError> {
    let workspace = state.workspace()?.clone();
    let number = number_id(&note, "note")?;
    web::block(move || workspace.delete_note(&user.0, number)).await??;
    Ok(HttpResponse::NoContent().finish())
}
