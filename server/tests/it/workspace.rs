//! The team's workspace over the API: two users at once, what is shared
//! and what stays private, writes refused from other sites, the query
//! language and facets on marks, saved searches and their feeds, and a
//! write surviving a restart and a kill -9 of the server.

use actix_web::body::MessageBody;
use actix_web::dev::{Service, ServiceResponse};
use actix_web::http::StatusCode;
use actix_web::test as actix_test;
use base64::Engine;
use fouille_server::app::create_app;
use fouille_server::auth::Credentials;
use fouille_server::state::AppState;
use fouille_workspace::Workspace;
use serde_json::{Value, json};

use crate::api::{id_of, searcher};

/// A request as one of the test's users sends it.
struct Call<'a> {
    method: &'a str,
    uri: String,
    user: Option<&'a str>,
    body: Option<Value>,
    headers: Vec<(&'a str, &'a str)>,
}

impl<'a> Call<'a> {
    fn new(method: &'a str, uri: impl Into<String>) -> Call<'a> {
        Call {
            method,
            uri: uri.into(),
            user: None,
            body: None,
            headers: Vec::new(),
        }
    }

    fn user(mut self, user: &'a str) -> Call<'a> {
        self.user = Some(user);
        self
    }

    fn json(mut self, body: Value) -> Call<'a> {
        self.body = Some(body);
        self
    }

    fn header(mut self, name: &'a str, value: &'a str) -> Call<'a> {
        self.headers.push((name, value));
        self
    }
}

/// The password of every test user.
const PASSWORD: &str = "correct horse";

async fn send<S, B>(app: &S, call: Call<'_>) -> (StatusCode, Value)
where
    S: Service<actix_http::Request, Response = ServiceResponse<B>, Error = actix_web::Error>,
    B: MessageBody,
{
    let method = actix_web::http::Method::from_bytes(call.method.as_bytes()).unwrap();
    let mut request = actix_test::TestRequest::default()
        .method(method)
        .uri(&call.uri);
    if let Some(user) = call.user {
        let pair = base64::engine::general_purpose::STANDARD.encode(format!("{user}:{PASSWORD}"));
        request = request.insert_header(("Authorization", format!("Basic {pair}")));
    }
    for (name, value) in call.headers {
        request = request.insert_header((name, value));
    }
    if let Some(body) = call.body {
        request = request
            .insert_header(("Content-Type", "application/json"))
            .set_payload(body.to_string());
    }
    let response = actix_test::call_service(app, request.to_request()).await;
    let status = response.status();
    let body = actix_test::read_body(response).await;
    let value = serde_json::from_slice(&body)
        .unwrap_or_else(|_| Value::String(String::from_utf8_lossy(&body).into_owned()));
    (status, value)
}

/// The fixture archive with a fresh workspace, for `alice` and `bob`.
fn team_state(dir: &std::path::Path) -> AppState {
    let hash = bcrypt::hash(PASSWORD, 4).unwrap();
    let users = dir.join("users");
    std::fs::write(&users, format!("alice:{hash}\nbob:{hash}\n")).unwrap();
    let credentials = Credentials::load(Some(&users), None).unwrap();
    let workspace = Workspace::open(&dir.join("workspace.sqlite")).unwrap();
    AppState {
        credentials: Some(std::sync::Arc::new(credentials)),
        ..AppState::new(searcher())
    }
    .with_workspace(workspace)
}

fn total_of(response: &Value) -> u64 {
    response["total"].as_u64().unwrap()
}

#[actix_web::test]
async fn tags_are_shared_stars_and_private_notes_are_not() {
    let dir = tempfile::tempdir().unwrap();
    let app = actix_test::init_service(create_app(team_state(dir.path()), false)).await;
    let id = id_of("visiblehtmlword").await;
    let search = |user: &'static str, q: &str| {
        let uri = format!(
            "/api/search?q={}",
            form_urlencoded::byte_serialize(q.as_bytes()).collect::<String>()
        );
        Call::new("GET", uri).user(user)
    };

    let (status, body) = send(
        &app,
        Call::new(
            "PUT",
            format!("/api/messages/{id}/tags/%20%C3%80%20V%C3%A9rifier"),
        )
        .user("alice"),
    )
    .await;
    assert_eq!(status, StatusCode::OK, "{body}");
    assert_eq!(body, json!({ "id": id, "tags": ["à vérifier"] }));
    let (_, body) = send(&app, search("bob", "tag:\"à vérifier\"")).await;
    assert_eq!(total_of(&body), 1);
    assert_eq!(body["hits"][0]["tags"], json!(["à vérifier"]));
    assert_eq!(
        body["facets"]["tag"],
        json!([{ "value": "à vérifier", "count": 1 }])
    );

    let (status, body) = send(
        &app,
        Call::new("PUT", format!("/api/messages/{id}/star")).user("alice"),
    )
    .await;
    assert_eq!(
        (status, body),
        (StatusCode::OK, json!({ "id": id, "starred": true }))
    );
    assert_eq!(
        total_of(&send(&app, search("alice", "is:starred")).await.1),
        1
    );
    assert_eq!(
        total_of(&send(&app, search("bob", "is:starred")).await.1),
        0
    );
    let (_, body) = send(
        &app,
        Call::new("GET", "/api/search?starred=true").user("alice"),
    )
    .await;
    assert_eq!(total_of(&body), 1);
    assert_eq!(body["hits"][0]["starred"], json!(true));

    let private = json!({ "text": "Source confirmée par la préfecture", "private": true });
    let (status, note) = send(
        &app,
        Call::new("POST", format!("/api/messages/{id}/notes"))
            .user("alice")
            .json(private),
    )
    .await;
    assert_eq!(status, StatusCode::CREATED, "{note}");
    assert_eq!(note["author"], "alice");
    assert_eq!(note["private"], true);
    let shared = json!({ "text": "Chiffres vérifiés auprès du trésorier" });
    let (status, shared) = send(
        &app,
        Call::new("POST", format!("/api/messages/{id}/notes"))
            .user("alice")
            .json(shared),
    )
    .await;
    assert_eq!(status, StatusCode::CREATED);

    // Bob sees the shared note only, and nothing finds the private one for him.
    let (_, view) = send(
        &app,
        Call::new("GET", format!("/api/messages/{id}")).user("bob"),
    )
    .await;
    let texts: Vec<&str> = view["workspace"]["notes"]
        .as_array()
        .unwrap()
        .iter()
        .map(|note| note["text"].as_str().unwrap())
        .collect();
    assert_eq!(texts, ["Chiffres vérifiés auprès du trésorier"]);
    assert_eq!(view["workspace"]["starred"], false);
    assert_eq!(
        total_of(&send(&app, search("bob", "note:préfecture")).await.1),
        0
    );
    assert_eq!(
        total_of(&send(&app, search("alice", "note:prefectures")).await.1),
        1
    );
    assert_eq!(
        total_of(&send(&app, search("bob", "note:trésoriers")).await.1),
        1
    );
    assert_eq!(total_of(&send(&app, search("bob", "has:note")).await.1), 1);
    let (_, hits) = send(&app, search("bob", "has:note")).await;
    assert_eq!(hits["hits"][0]["notes"], 1);
    let (_, hits) = send(&app, search("alice", "has:note")).await;
    assert_eq!(hits["hits"][0]["notes"], 2);

    // Only the author edits or deletes; a private note is not even seen.
    let private_uri = format!("/api/notes/{}", note["id"]);
    let shared_uri = format!("/api/notes/{}", shared["id"]);
    let edit = json!({ "text": "Faux" });
    let (status, body) = send(
        &app,
        Call::new("PATCH", private_uri.clone())
            .user("bob")
            .json(edit.clone()),
    )
    .await;
    assert_eq!(
        (status, body["error"]["code"].as_str()),
        (StatusCode::NOT_FOUND, Some("not_found"))
    );
    let (status, body) = send(
        &app,
        Call::new("PATCH", shared_uri.clone())
            .user("bob")
            .json(edit),
    )
    .await;
    assert_eq!(
        (status, body["error"]["code"].as_str()),
        (StatusCode::FORBIDDEN, Some("forbidden"))
    );
    let (status, _) = send(&app, Call::new("DELETE", shared_uri.clone()).user("bob")).await;
    assert_eq!(status, StatusCode::FORBIDDEN);
    let (status, body) = send(
        &app,
        Call::new("PATCH", shared_uri.clone())
            .user("alice")
            .json(json!({ "private": true })),
    )
    .await;
    assert_eq!(
        (status, &body["private"], &body["text"]),
        (
            StatusCode::OK,
            &json!(true),
            &json!("Chiffres vérifiés auprès du trésorier")
        )
    );
    assert_eq!(total_of(&send(&app, search("bob", "has:note")).await.1), 0);
    let (status, _) = send(&app, Call::new("DELETE", private_uri.clone()).user("alice")).await;
    assert_eq!(status, StatusCode::NO_CONTENT);
    let (status, _) = send(&app, Call::new("DELETE", private_uri).user("alice")).await;
    assert_eq!(status, StatusCode::NOT_FOUND);

    // Untagging and unstarring, as each user.
    let (_, body) = send(
        &app,
        Call::new(
            "DELETE",
            format!("/api/messages/{id}/tags/%C3%A0%20v%C3%A9rifier"),
        )
        .user("bob"),
    )
    .await;
    assert_eq!(body, json!({ "id": id, "tags": [] }));
    let (_, body) = send(
        &app,
        Call::new("DELETE", format!("/api/messages/{id}/star")).user("bob"),
    )
    .await;
    assert_eq!(body, json!({ "id": id, "starred": false }));
    assert_eq!(
        total_of(&send(&app, search("alice", "is:starred")).await.1),
        1
    );

    let (_, me) = send(&app, Call::new("GET", "/api/me").user("bob")).await;
    assert_eq!(me, json!({ "user": "bob", "workspace": true }));
    let trail = Workspace::open(&dir.path().join("workspace.sqlite"))
        .unwrap()
        .audit(&Default::default())
        .unwrap();
    let actions: Vec<(String, String)> = trail
        .iter()
        .map(|entry| (entry.user.clone(), entry.action.clone()))
        .collect();
    let expected = [
        ("alice", "tag"),
        ("alice", "star"),
        ("alice", "note_add"),
        ("alice", "note_add"),
        ("alice", "note_edit"),
        ("alice", "note_delete"),
        ("bob", "untag"),
    ];
    assert_eq!(
        actions,
        expected.map(|(user, action)| (user.to_string(), action.to_string()))
    );
    // The trail keeps a shared note's text, never a private one's.
    assert_eq!(
        trail[2].detail,
        json!({ "note": note["id"], "private": true })
    );
    assert_eq!(
        trail[3].detail["text"],
        "Chiffres vérifiés auprès du trésorier"
    );
}

#[actix_web::test]
async fn a_bulk_tag_counts_what_the_search_counts() {
    let dir = tempfile::tempdir().unwrap();
    let app = actix_test::init_service(create_app(team_state(dir.path()), false)).await;
    let (_, search) = send(
        &app,
        Call::new("GET", "/api/search?q=budget&lang=fr").user("alice"),
    )
    .await;
    let expected = total_of(&search);
    assert!(expected > 1, "{search}");
    let body = json!({ "q": "budget", "lang": ["fr"] });
    let (status, body) = send(
        &app,
        Call::new("POST", "/api/tags/budget%20fr")
            .user("alice")
            .json(body),
    )
    .await;
    assert_eq!(
        (status, body),
        (
            StatusCode::OK,
            json!({ "tagged": expected, "added": expected })
        )
    );
    let (_, tagged) = send(
        &app,
        Call::new("GET", "/api/search?tag=budget%20fr").user("bob"),
    )
    .await;
    assert_eq!(total_of(&tagged), expected);
    let (_, tags) = send(&app, Call::new("GET", "/api/tags").user("bob")).await;
    assert_eq!(
        tags,
        json!({ "tags": [{ "name": "budget fr", "count": expected }] })
    );
    // The facet counts the tag among a wider search's matches.
    let (_, wider) = send(&app, Call::new("GET", "/api/search?q=budget").user("bob")).await;
    assert!(total_of(&wider) > expected);
    assert_eq!(
        wider["facets"]["tag"],
        json!([{ "value": "budget fr", "count": expected }])
    );
    // Again: nothing new is added, every match is still counted.
    let body = json!({ "q": "budget", "lang": "fr" });
    let (_, body) = send(
        &app,
        Call::new("POST", "/api/tags/budget%20fr")
            .user("bob")
            .json(body),
    )
    .await;
    assert_eq!(body, json!({ "tagged": expected, "added": 0 }));
    let (status, body) = send(
        &app,
        Call::new("POST", "/api/tags/x")
            .user("bob")
            .json(json!({ "after": "yesterday" })),
    )
    .await;
    assert_eq!(
        (status, body["error"]["code"].as_str()),
        (StatusCode::BAD_REQUEST, Some("bad_parameter"))
    );
    let (status, body) = send(
        &app,
        Call::new("DELETE", "/api/tags/budget%20fr").user("bob"),
    )
    .await;
    assert_eq!(
        (status, body),
        (StatusCode::OK, json!({ "untagged": expected }))
    );
    let (_, tags) = send(&app, Call::new("GET", "/api/tags").user("bob")).await;
    assert_eq!(tags, json!({ "tags": [] }));
}

#[actix_web::test]
async fn writes_from_other_sites_and_bad_bodies_are_refused() {
    let dir = tempfile::tempdir().unwrap();
    let app = actix_test::init_service(create_app(team_state(dir.path()), false)).await;
    let id = id_of("visiblehtmlword").await;
    let star = || Call::new("PUT", format!("/api/messages/{id}/star")).user("alice");
    let note = || Call::new("POST", format!("/api/messages/{id}/notes")).user("alice");
    for call in [
        star().header("Origin", "https://attacker.example"),
        star().header("Origin", "null"),
        star()
            .header("Host", "127.0.0.1:8080")
            .header("Origin", "http://127.0.0.1:9999"),
        star().header("Sec-Fetch-Site", "cross-site"),
        star().header("Sec-Fetch-Site", "same-site"),
        // The router decodes `%61` before it routes: the check must too.
        Call::new("PUT", format!("/%61pi/messages/{id}/star"))
            .user("alice")
            .header("Origin", "https://attacker.example"),
        Call::new("GET", "/%61pi/export?q=budget&format=mbox")
            .user("alice")
            .header("Sec-Fetch-Site", "cross-site"),
        note()
            .header("Origin", "https://attacker.example")
            .json(json!({ "text": "x" })),
    ] {
        let (status, body) = send(&app, call).await;
        assert_eq!(
            (status, body["error"]["code"].as_str()),
            (StatusCode::FORBIDDEN, Some("cross_site"))
        );
    }
    let (status, _) = send(
        &app,
        star()
            .header("Host", "127.0.0.1:8080")
            .header("Origin", "http://127.0.0.1:8080")
            .header("Sec-Fetch-Site", "same-origin"),
    )
    .await;
    assert_eq!(status, StatusCode::OK);

    let cases = [
        (
            note().header("Content-Type", "text/plain"),
            StatusCode::UNSUPPORTED_MEDIA_TYPE,
            "unsupported_media_type",
        ),
        (
            note().json(json!({ "text": "   " })),
            StatusCode::BAD_REQUEST,
            "bad_parameter",
        ),
        (
            note().json(json!({ "text": "x", "shared": 1 })),
            StatusCode::BAD_REQUEST,
            "bad_parameter",
        ),
        (
            note().json(json!({ "text": "x".repeat(70_000) })),
            StatusCode::PAYLOAD_TOO_LARGE,
            "request_too_large",
        ),
        (
            Call::new("PUT", "/api/messages/0123456789abcdef0123456789abcdef/star").user("alice"),
            StatusCode::NOT_FOUND,
            "not_found",
        ),
        (
            Call::new("PUT", "/api/messages/nothex/star").user("alice"),
            StatusCode::BAD_REQUEST,
            "bad_id",
        ),
        (
            Call::new("PUT", format!("/api/messages/{id}/tags/a%2Fb")).user("alice"),
            StatusCode::BAD_REQUEST,
            "bad_parameter",
        ),
        (
            Call::new("PATCH", "/api/notes/99")
                .user("alice")
                .json(json!({ "text": "y" })),
            StatusCode::NOT_FOUND,
            "not_found",
        ),
        (
            Call::new("DELETE", "/api/notes/-1").user("alice"),
            StatusCode::BAD_REQUEST,
            "bad_id",
        ),
        (
            Call::new("POST", "/api/searches")
                .user("alice")
                .json(json!({ "name": "" , "query": "q=a" })),
            StatusCode::BAD_REQUEST,
            "bad_parameter",
        ),
        (
            Call::new("GET", "/api/searches/7/feed.atom").user("alice"),
            StatusCode::NOT_FOUND,
            "not_found",
        ),
        (
            Call::new("PUT", format!("/api/messages/{id}/star")),
            StatusCode::UNAUTHORIZED,
            "unauthorized",
        ),
    ];
    for (call, status, code) in cases {
        let uri = call.uri.clone();
        let (got, body) = send(&app, call).await;
        assert_eq!(
            (got, body["error"]["code"].as_str()),
            (status, Some(code)),
            "{uri}: {body}"
        );
    }
    // Without a workspace, writes say why and searches still work.
    let app = actix_test::init_service(create_app(AppState::new(searcher()), false)).await;
    let (status, body) = send(&app, Call::new("PUT", format!("/api/messages/{id}/star"))).await;
    assert_eq!(
        (status, body["error"]["code"].as_str()),
        (StatusCode::CONFLICT, Some("workspace_unavailable"))
    );
    let (status, body) = send(&app, Call::new("GET", "/api/search?q=tag:x")).await;
    assert_eq!((status, total_of(&body)), (StatusCode::OK, 0));
    assert_eq!(
        body["warnings"],
        json!(["tag:x matches nothing: this archive has no workspace"])
    );
}

#[actix_web::test]
async fn saved_searches_count_new_matches_and_have_feeds() {
    let dir = tempfile::tempdir().unwrap();
    let app = actix_test::init_service(create_app(team_state(dir.path()), false)).await;
    let save = json!({ "name": "À suivre", "query": "q=tag%3Asuivi&sort=newest" });
    let (status, saved) = send(
        &app,
        Call::new("POST", "/api/searches")
            .user("alice")
            .json(save.clone()),
    )
    .await;
    assert_eq!(status, StatusCode::CREATED, "{saved}");
    assert_eq!(
        (saved["total"].as_u64(), saved["new"].as_u64()),
        (Some(0), Some(0))
    );
    let (status, body) = send(
        &app,
        Call::new("POST", "/api/searches").user("alice").json(save),
    )
    .await;
    assert_eq!(
        (status, body["error"]["code"].as_str()),
        (StatusCode::BAD_REQUEST, Some("bad_parameter"))
    );

    let (_, tagged) = send(
        &app,
        Call::new("POST", "/api/tags/suivi")
            .user("bob")
            .json(json!({ "q": "budget" })),
    )
    .await;
    let matches = tagged["tagged"].as_u64().unwrap();
    let (_, list) = send(&app, Call::new("GET", "/api/searches").user("alice")).await;
    assert_eq!(list["searches"][0]["name"], "À suivre");
    assert_eq!(
        (
            list["searches"][0]["total"].as_u64(),
            list["searches"][0]["new"].as_u64()
        ),
        (Some(matches), Some(matches))
    );
    // Bob has no saved search, and cannot read Alice's.
    let (_, list) = send(&app, Call::new("GET", "/api/searches").user("bob")).await;
    assert_eq!(list, json!({ "searches": [] }));
    let id = saved["id"].as_i64().unwrap();
    let (status, _) = send(
        &app,
        Call::new("GET", format!("/api/searches/{id}/feed.atom")).user("bob"),
    )
    .await;
    assert_eq!(status, StatusCode::NOT_FOUND);

    let (status, feed) = send(
        &app,
        Call::new("GET", format!("/api/searches/{id}/feed.atom")).user("alice"),
    )
    .await;
    assert_eq!(status, StatusCode::OK);
    let feed = feed.as_str().unwrap().to_string();
    assert!(feed.contains("<title>Fouille: À suivre</title>"), "{feed}");
    assert_eq!(feed.matches("<entry>").count() as u64, matches);
    // The snippets are HTML, escaped once more as the feed's text.
    assert!(feed.contains("je te transfère l&amp;#39;échange"), "{feed}");

    let (_, opened) = send(
        &app,
        Call::new("POST", format!("/api/searches/{id}/open")).user("alice"),
    )
    .await;
    assert_eq!(
        (opened["total"].as_u64(), opened["new"].as_u64()),
        (Some(matches), Some(0))
    );
    let (_, list) = send(&app, Call::new("GET", "/api/searches").user("alice")).await;
    assert_eq!(list["searches"][0]["new"].as_u64(), Some(0));
    let (status, _) = send(
        &app,
        Call::new("DELETE", format!("/api/searches/{id}")).user("bob"),
    )
    .await;
    assert_eq!(status, StatusCode::NOT_FOUND);
    let (status, _) = send(
        &app,
        Call::new("DELETE", format!("/api/searches/{id}")).user("alice"),
    )
    .await;
    assert_eq!(status, StatusCode::NO_CONTENT);
}

#[test]
fn an_acknowledged_write_survives_kill_9_and_a_restart() {
    use crate::support::{free_port, http_get, http_send, start_server_with};
    let dir = tempfile::tempdir().unwrap();
    let fixtures = std::path::Path::new(env!("CARGO_MANIFEST_DIR")).join("../tests/fixtures");
    let archive = dir.path().join("archive");
    let searcher = crate::api::build_archive(&archive, &[fixtures.join("eml")]);
    let id = searcher.all_ids().unwrap()[0].clone();
    // Elsewhere than the archive, as for an archive on read-only media.
    let file = dir.path().join("team.sqlite");
    let args = ["--workspace", file.to_str().unwrap()];
    let port = free_port();
    let mut server = start_server_with(&archive, port, &dir.path().join("log"), &args);
    let note = r#"{"text":"vérifié","private":false}"#;
    let (status, body) = http_send(
        port,
        "POST",
        &format!("/api/messages/{id}/notes"),
        Some(note),
    )
    .unwrap();
    assert_eq!(status, 201, "{body}");
    let (status, body) =
        http_send(port, "PUT", &format!("/api/messages/{id}/tags/tenu"), None).unwrap();
    assert_eq!(status, 200, "{body}");
    // SIGKILL right after the answer: no shutdown, no checkpoint.
    server.0.kill().unwrap();
    server.0.wait().unwrap();
    drop(server);
    let workspace = Workspace::open_read_only(&file).unwrap().unwrap();
    assert_eq!(workspace.tags_of(&id), ["tenu"]);
    assert_eq!(workspace.notes_of(None, &id).unwrap()[0].text, "vérifié");
    drop(workspace);

    let port = free_port();
    let _server = start_server_with(&archive, port, &dir.path().join("log2"), &args);
    let (status, body) = http_get(port, "/api/search?q=tag:tenu%20has:note").unwrap();
    assert_eq!(status, 200);
    let body = body.trim_start_matches(|c: char| c.is_ascii_hexdigit() || c.is_whitespace());
    let start = body.find('{').unwrap();
    let response: Value = serde_json::from_str(&body[start..=body.rfind('}').unwrap()]).unwrap();
    assert_eq!(response["total"], 1);
    assert_eq!(response["hits"][0]["id"], id.as_str());
}

#[test]
fn the_terminal_searches_audits_exports_and_imports_the_workspace() {
    let dir = tempfile::tempdir().unwrap();
    let fixtures = std::path::Path::new(env!("CARGO_MANIFEST_DIR")).join("../tests/fixtures");
    let archive = dir.path().join("archive");
    let searcher = crate::api::build_archive(&archive, &[fixtures.join("eml")]);
    let id = searcher.all_ids().unwrap()[0].clone();
    let workspace = Workspace::open(&archive.join("workspace.sqlite")).unwrap();
    workspace.tag("alice", &id, "pièce 12").unwrap();
    workspace.star("alice", &id, true).unwrap();
    workspace
        .add_note("bob", &id, "Reçu le 3 mai", false)
        .unwrap();
    drop(workspace);
    let fouille = |args: &[&str]| {
        let output = std::process::Command::new(env!("CARGO_BIN_EXE_fouille"))
            .args(args)
            .output()
            .unwrap();
        assert!(
            output.status.success(),
            "{args:?}: {}",
            String::from_utf8_lossy(&output.stderr)
        );
        String::from_utf8(output.stdout).unwrap()
    };
    let index = archive.to_str().unwrap();
    let found = fouille(&[
        "search",
        "--index",
        index,
        "--user",
        "alice",
        "tag:\"pièce 12\" is:starred note:reçu",
    ]);
    assert!(
        found.contains("[starred]  #pièce 12  [1 note(s)]"),
        "{found}"
    );
    let found = fouille(&["search", "--index", index, "--json", "is:starred"]);
    assert_eq!(serde_json::from_str::<Value>(&found).unwrap()["total"], 0);

    let trail = fouille(&["audit", "--index", index]);
    let actions: Vec<&str> = trail
        .lines()
        .map(|line| line.split("  ").nth(2).unwrap())
        .collect();
    assert_eq!(actions, ["tag", "star", "note_add"]);
    let trail = fouille(&["audit", "--index", index, "--user", "bob", "--json"]);
    let entry: Value = serde_json::from_str(trail.trim()).unwrap();
    assert_eq!(
        (entry["action"].as_str(), entry["detail"]["text"].as_str()),
        (Some("note_add"), Some("Reçu le 3 mai"))
    );

    let export = dir.path().join("export.json");
    fouille(&[
        "workspace",
        "export",
        "--index",
        index,
        "--out",
        export.to_str().unwrap(),
    ]);
    let other = dir.path().join("other.sqlite");
    let args = [
        "workspace",
        "import",
        "--index",
        index,
        "--workspace",
        other.to_str().unwrap(),
        "--user",
        "desk",
        export.to_str().unwrap(),
    ];
    fouille(&args);
    let imported = Workspace::open_read_only(&other).unwrap().unwrap();
    assert_eq!(imported.tags_of(&id), ["pièce 12"]);
    assert!(imported.is_starred("alice", &id));
    let trail = fouille(&[
        "audit",
        "--index",
        index,
        "--workspace",
        other.to_str().unwrap(),
        "--last",
        "1",
    ]);
    assert!(trail.contains("  desk  import  workspace  "), "{trail}");
}
