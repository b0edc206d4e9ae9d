//! Tags (shared by the team) and stars (each user's own) on documents, and
//! who the server takes the caller to be.

use actix_web::{HttpRequest, HttpResponse, delete, get, post, put, web};
use serde::Serialize;
use serde_json::json;

use crate::auth::User;
use crate::body;
use crate::error::ApiError;
use crate::params::{message_id, parse_search_json};
use crate::state::AppState;

/// Most documents one request may tag: past it, the search is too broad to
/// be a decision, and the write would hold the workspace for long.
pub const MAX_BULK_TAG: u64 = 100_000;

/// The tags of one document after a change.
#[derive(Serialize, utoipa::ToSchema)]
pub struct DocumentTags {
    /// Document id.
    pub id: String,
    /// Its tags, sorted.
    pub tags: Vec<String>,
}

/// Checks the id and that the archive holds it (404 otherwise).
pub(crate) async fn known_document(state: &AppState, id: &str) -> Result<String, ApiError> {
    let id = message_id(id)?.to_string();
    let searcher = state.searcher.clone();
    let lookup = id.clone();
    if !web::block(move || searcher.contains(&lookup)).await?? {
        return Err(ApiError::not_found(format!("no message {id}")));
    }
    Ok(id)
}

/// Who the server takes the caller to be, and whether writes can be kept.
#[utoipa::path(get, path = "/api/me", responses((status = 200, description = "The user")))]
#[get("/api/me")]
pub async fn me(state: web::Data<AppState>, user: User) -> HttpResponse {
    let mut body = json!({ "user": user.0, "workspace": state.workspace.is_ok() });
    if let Err(why) = &state.workspace {
        body["workspace_error"] = json!(why.to_string());
    }
    HttpResponse::Ok().json(body)
}

async fn change_tag(
    state: web::Data<AppState>,
    user: User,
    (id, tag): (String, String),
    add: bool,
) -> Result<HttpResponse, ApiError> {
    let workspace = state.workspace()?.clone();
    let id = known_document(&state, &id).await?;
    let answer = web::block(move || -> Result<DocumentTags, ApiError> {
        if add {
            workspace.tag(&user.0, &id, &tag)?;
        } else {
            workspace.untag(&user.0, &id, &tag)?;
        }
        let tags = workspace.tags_of(&id);
        Ok(DocumentTags { id, tags })
    })
    .await??;
    Ok(HttpResponse::Ok().json(answer))
}

/// Tags a document.
#[utoipa::path(
    put,
    path = "/api/messages/{id}/tags/{tag}",
    params(("id" = String, Path), ("tag" = String, Path)),
    responses(
        (status = 200, description = "The document's tags", body = DocumentTags),
        (status = 400, description = "bad_id, bad_parameter"),
        (status = 404, description = "not_found"),
    )
)]
#[put("/api/messages/{id}/tags/{tag}")]
pub async fn add_tag(
    state: web::Data<AppState>,
    user: User,
    path: web::Path<(String, String)>,
) -> Result<HttpResponse, ApiError> {
    change_tag(state, user, path.into_inner(), true).await
}

/// Removes a tag from a document.
#[utoipa::path(
    delete,
    path = "/api/messages/{id}/tags/{tag}",
    params(("id" = String, Path), ("tag" = String, Path)),
    responses((status = 200, description = "The document's tags", body = DocumentTags))
)]
#[delete("/api/messages/{id}/tags/{tag}")]
pub async fn remove_tag(
    state: web::Data<AppState>,
    user: User,
    path: web::Path<(String, String)>,
) -> Result<HttpResponse, ApiError> {
    change_tag(state, user, path.into_inner(), false).await
}

/// Every tag with the number of documents carrying it.
#[utoipa::path(get, path = "/api/tags", responses((status = 200, description = "Tags")))]
#[get("/api/tags")]
pub async fn list_tags(state: web::Data<AppState>) -> Result<HttpResponse, ApiError> {
    let tags = match &state.workspace {
        Ok(workspace) => {
            let workspace = workspace.clone();
            web::block(move || workspace.tags()).await?
        }
        Err(_) => Vec::new(),
    };
    let tags: Vec<_> = tags
        .into_iter()
        .map(|tag| json!({ "name": tag.name, "count": tag.count }))
        .collect();
    Ok(HttpResponse::Ok().json(json!({ "tags": tags })))
}

/// Tags every match of a search given as JSON.
#[utoipa::path(
    post,
    path = "/api/tags/{tag}",
    params(("tag" = String, Path)),
    responses(
        (status = 200, description = "`{\"tagged\": matches, \"added\": newly tagged}`"),
        (status = 400, description = "too_many_matches, bad_parameter"),
        (status = 415, description = "unsupported_media_type"),
    )
)]
#[post("/api/tags/{tag}")]
pub async fn tag_search(
    state: web::Data<AppState>,
    user: User,
    tag: web::Path<String>,
    request: HttpRequest,
    payload: web::Payload,
) -> Result<HttpResponse, ApiError> {
    let workspace = state.workspace()?.clone();
    let body: serde_json::Map<String, serde_json::Value> = body::json(&request, payload).await?;
    let mut search = parse_search_json(&body)?;
    search.user = Some(user.0.clone());
    let tag = fouille_workspace::tags::tag_name(&tag)?;
    let searcher = state.searcher.clone();
    let answer = web::block(move || -> Result<serde_json::Value, ApiError> {
        let matches = searcher.matching_ids(&search, MAX_BULK_TAG)?;
        if matches.total > MAX_BULK_TAG {
            return Err(ApiError::too_many_matches(format!(
                "the search matches {} documents; at most {MAX_BULK_TAG} can be tagged at once: narrow it",
                matches.total
            )));
        }
        let added = workspace.tag_many(&user.0, &tag, &matches.ids, &search.query)?;
        Ok(json!({ "tagged": matches.total, "added": added }))
    })
    .await??;
    Ok(HttpResponse::Ok().json(answer))
}

/// Removes a tag from every document.
#[utoipa::path(
    delete,
    path = "/api/tags/{tag}",
    params(("tag" = String, Path)),
    responses((status = 200, description = "`{\"untagged\": N}`"))
)]
#[delete("/api/tags/{tag}")]
pub async fn drop_tag(
    state: web::Data<AppState>,
    user: User,
    tag: web::Path<String>,
) -> Result<HttpResponse, ApiError> {
    let workspace = state.workspace()?.clone();
    let untagged = web::block(move || workspace.untag_all(&user.0, &tag)).await??;
    Ok(HttpResponse::Ok().json(json!({ "untagged": untagged })))
}

async fn change_star(
    state: web::Data<AppState>,
    user: User,
    id: &str,
    on: bool,
) -> Result<HttpResponse, ApiError> {
    let workspace = state.workspace()?.clone();
    let id = known_document(&state, id).await?;
    let answer = web::block(move || -> Result<serde_json::Value, ApiError> {
        workspace.star(&user.0, &id, on)?;
        Ok(json!({ "id": id, "starred": on }))
    })
    .await??;
    Ok(HttpResponse::Ok().json(answer))
}

/// Stars a document for the caller only.
#[utoipa::path(
    put,
    path = "/api/messages/{id}/star",
    params(("id" = String, Path)),
    responses((status = 200, description = "`{\"id\", \"starred\": true}`"))
)]
#[put("/api/messages/{id}/star")]
pub async fn star(
    state: web::Data<AppState>,
    user: User,
    id: web::Path<String>,
) -> Result<HttpResponse, ApiError> {
    change_star(state, user, &id, true).await
}

/// Removes the caller's star.
#[utoipa::path(
    delete,
    path = "/api/messages/{id}/star",
    params(("id" = String, Path)),
    responses((status = 200, description = "`{\"id\", \"starred\": false}`"))
)]
#[delete("/api/messages/{id}/star")]
pub async fn unstar(
    state: web::Data<AppState>,
    user: User,
    id: web::Path<String>,
) -> Result<HttpResponse, ApiError> {
    change_star(state, user, &id, false).await
}
