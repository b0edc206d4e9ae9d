//! Saved searches, private to the user who saved them: each remembers what
//! its user saw when they last opened it, so the list can say how many
//! matches are new, and each has an Atom feed.

use actix_web::http::header::CONTENT_TYPE;
use actix_web::{HttpRequest, HttpResponse, delete, get, post, web};
use fouille_search::{ArchiveSearcher, SearchRequest, Sort};
use fouille_workspace::searches::{SavedSearch, count_new, seen_key};
use serde::{Deserialize, Serialize};

use crate::auth::User;
use crate::body;
use crate::error::ApiError;
use crate::feed::{FeedHead, atom};
use crate::params::{number_id, parse_search};
use crate::state::AppState;

/// Matches remembered per saved search; past it, `new` is not counted
/// (listing a user's searches reads every match of each).
pub const MAX_SNAPSHOT: u64 = 100_000;
/// Entries of a feed.
pub const FEED_ENTRIES: usize = 50;

/// A search to save.
#[derive(Deserialize, utoipa::ToSchema)]
#[serde(deny_unknown_fields)]
pub struct NewSearch {
    /// Its name (1 to 200 characters, unique per user).
    pub name: String,
    /// The UI's query string, as in its address (`q=…&from=…`).
    pub query: String,
}

/// A saved search with its counts.
#[derive(Serialize, utoipa::ToSchema)]
pub struct SearchSummary {
    /// Number, for its URL and feed.
    pub id: i64,
    /// Name.
    pub name: String,
    /// The UI's query string.
    pub query: String,
    /// RFC 3339 UTC.
    pub created: String,
    /// When the user last opened it.
    pub opened: Option<String>,
    /// Matches now.
    pub total: u64,
    /// Matches the user had not seen when they last opened it; null past
    /// 100,000 matches.
    pub new: Option<u64>,
}

/// The search a saved query string stands for, as `user` runs it.
fn request_of(query: &str, user: &str) -> Result<SearchRequest, ApiError> {
    let mut request = parse_search(query.trim_start_matches('?'), false)?.request;
    request.user = Some(user.to_string());
    Ok(request)
}

/// How many match, and what the user sees now (as snapshot keys), when
/// there are not too many.
fn snapshot(
    searcher: &ArchiveSearcher,
    request: &SearchRequest,
) -> Result<(u64, Option<Vec<u64>>), ApiError> {
    let (total, keys) = searcher.matching_keys(request, MAX_SNAPSHOT)?;
    Ok((
        total,
        keys.map(|keys| keys.into_iter().map(seen_key).collect()),
    ))
}

/// What `request` matches now, handed to `keep` to be remembered as seen;
/// the saved search it gives back, with nothing new.
fn mark_seen(
    searcher: &ArchiveSearcher,
    request: &SearchRequest,
    keep: impl FnOnce(&[u64]) -> fouille_workspace::Result<SavedSearch>,
) -> Result<SearchSummary, ApiError> {
    let (total, seen) = snapshot(searcher, request)?;
    let search = keep(seen.as_deref().unwrap_or_default())?;
    Ok(summary(search, total, seen.map(|_| 0)))
}

fn summary(search: SavedSearch, total: u64, new: Option<u64>) -> SearchSummary {
    SearchSummary {
        id: search.id,
        name: search.name,
        query: search.query,
        created: search.created,
        opened: search.opened,
        total,
        new,
    }
}

/// Saves a search; what it matches now counts as seen.
#[utoipa::path(
    post,
    path = "/api/searches",
    request_body = NewSearch,
    responses(
        (status = 201, description = "The saved search", body = SearchSummary),
        (status = 400, description = "bad_parameter (a name used already, a bad query)"),
    )
)]
#[post("/api/searches")]
pub async fn save(
    state: web::Data<AppState>,
    user: User,
    request: HttpRequest,
    payload: web::Payload,
) -> Result<HttpResponse, ApiError> {
    let workspace = state.workspace()?.clone();
    let new: NewSearch = body::json(&request, payload).await?;
    let search = request_of(&new.query, &user.0)?;
    let searcher = state.searcher.clone();
    let saved = web::block(move || -> Result<SearchSummary, ApiError> {
        mark_seen(&searcher, &search, |seen| {
            workspace.save_search(&user.0, &new.name, &new.query, seen)
        })
    })
    .await??;
    Ok(HttpResponse::Created().json(saved))
}

/// The caller's saved searches, with how many matches are new to them.
#[utoipa::path(
    get,
    path = "/api/searches",
    responses((status = 200, description = "`{\"searches\": [SearchSummary]}`"))
)]
#[get("/api/searches")]
pub async fn list(state: web::Data<AppState>, user: User) -> Result<HttpResponse, ApiError> {
    let workspace = state.workspace()?.clone();
    let searcher = state.searcher.clone();
    let searches = web::block(move || -> Result<Vec<SearchSummary>, ApiError> {
        let mut out = Vec::new();
        for (search, seen) in workspace.searches_seen(&user.0)? {
            // A query that no longer parses (a limit lowered since) is
            // listed with nothing counted rather than hiding the list.
            let Ok(request) = request_of(&search.query, &user.0) else {
                out.push(summary(search, 0, None));
                continue;
            };
            let (total, now) = snapshot(&searcher, &request)?;
            // Imported searches have no snapshot until they are opened:
            // nothing counts as new rather than everything.
            let new = now.map(|now| seen.map_or(0, |seen| count_new(&now, &seen) as u64));
            out.push(summary(search, total, new));
        }
        Ok(out)
    })
    .await??;
    Ok(HttpResponse::Ok().json(serde_json::json!({ "searches": searches })))
}

/// Marks a saved search opened now: its matches count as seen.
#[utoipa::path(
    post,
    path = "/api/searches/{id}/open",
    params(("id" = i64, Path)),
    responses(
        (status = 200, description = "The saved search", body = SearchSummary),
        (status = 404, description = "not_found"),
    )
)]
#[post("/api/searches/{id}/open")]
pub async fn open(
    state: web::Data<AppState>,
    user: User,
    id: web::Path<String>,
) -> Result<HttpResponse, ApiError> {
    let workspace = state.workspace()?.clone();
    let number = number_id(&id, "saved search")?;
    let searcher = state.searcher.clone();
    let opened = web::block(move || -> Result<SearchSummary, ApiError> {
        let (search, _) = workspace.saved_search(&user.0, number)?;
        let request = request_of(&search.query, &user.0)?;
        mark_seen(&searcher, &request, |seen| {
            workspace.open_search(&user.0, number, seen)
        })
    })
    .await??;
    Ok(HttpResponse::Ok().json(opened))
}

/// Deletes a saved search of the caller's.
#[utoipa::path(
    delete,
    path = "/api/searches/{id}",
    params(("id" = i64, Path)),
    responses((status = 204, description = "Deleted"), (status = 404, description = "not_found"))
)]
#[delete("/api/searches/{id}")]
pub async fn remove(
    state: web::Data<AppState>,
    user: User,
    id: web::Path<String>,
) -> Result<HttpResponse, ApiError> {
    let workspace = state.workspace()?.clone();
    let number = number_id(&id, "saved search")?;
    web::block(move || workspace.delete_search(&user.0, number)).await??;
    Ok(HttpResponse::NoContent().finish())
}

/// The newest matches of a saved search as an Atom feed (authenticated
/// like every route: give the feed reader the credentials).
#[utoipa::path(
    get,
    path = "/api/searches/{id}/feed.atom",
    params(("id" = i64, Path)),
    responses(
        (status = 200, description = "application/atom+xml"),
        (status = 404, description = "not_found"),
    )
)]
#[get("/api/searches/{id}/feed.atom")]
pub async fn feed(
    state: web::Data<AppState>,
    user: User,
    id: web::Path<String>,
    request: HttpRequest,
) -> Result<HttpResponse, ApiError> {
    let workspace = state.workspace()?.clone();
    let number = number_id(&id, "saved search")?;
    let origin = state.origin.of(&request, &state.hosts);
    let searcher = state.searcher.clone();
    // Feed readers poll: their searches take turns with the others.
    let turn = state.search_turn().await;
    let body = web::block(move || -> Result<Vec<u8>, ApiError> {
        let _turn = turn;
        let (search, _) = workspace.saved_search(&user.0, number)?;
        let mut request = request_of(&search.query, &user.0)?;
        request.sort = Sort::Newest;
        request.offset = 0;
        request.limit = FEED_ENTRIES;
        request.facet_size = 0;
        let hits = searcher.search(&request)?.hits;
        let url = format!("{origin}/api/searches/{number}/feed.atom");
        let search_url = format!("{origin}/?{}", search.query.trim_start_matches('?'));
        let head = FeedHead {
            name: &search.name,
            url: &url,
            search_url: &search_url,
            origin: &origin,
        };
        atom(&head, &hits).map_err(|error| ApiError::internal(format!("feed: {error}")))
    })
    .await??;
    Ok(HttpResponse::Ok()
        .insert_header((CONTENT_TYPE, "application/atom+xml; charset=utf-8"))
        .body(body))
}
