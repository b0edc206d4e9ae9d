//! Who may use the API: credentials on every route the UI uses, and the
//! per-address rate limit, password guesses included.

use actix_web::http::StatusCode;
use actix_web::test as actix_test;
use fouille_server::app::create_app;
use fouille_server::state::AppState;
use serde_json::Value;

use crate::api::{id_of, searcher};

#[actix_web::test]
async fn credentials_guard_every_route_the_ui_included() {
    use base64::Engine;
    let dir = tempfile::tempdir().unwrap();
    let hash = bcrypt::hash("correct horse", 4).unwrap();
    std::fs::write(dir.path().join("users"), format!("alice:{hash}\n")).unwrap();
    std::fs::write(
        dir.path().join("tokens"),
        "newsroom-script-token-0123456789\n",
    )
    .unwrap();
    let credentials = fouille_server::auth::Credentials::load(
        Some(&dir.path().join("users")),
        Some(&dir.path().join("tokens")),
    )
    .unwrap();
    let app = actix_test::init_service(create_app(
        AppState {
            credentials: Some(std::sync::Arc::new(credentials)),
            ..AppState::new(searcher())
        },
        false,
    ))
    .await;
    let id = id_of("visiblehtmlword").await;
    let basic = |pair: &str| {
        format!(
            "Basic {}",
            base64::engine::general_purpose::STANDARD.encode(pair)
        )
    };
    let routes = [
        "/".to_string(),
        "/search?q=budget".to_string(),
        "/app.js".to_string(),
        "/api/search?q=budget".to_string(),
        "/api/stats".to_string(),
        "/api/openapi.json".to_string(),
        "/api/export?q=budget&format=csv".to_string(),
        format!("/api/messages/{id}"),
        format!("/api/messages/{id}/raw"),
        format!("/api/messages/{id}/html"),
        format!("/api/messages/{id}/attachments/0"),
        "/api/documents/0123456789abcdef0123456789abcdef".to_string(),
        "/api/threads/0123456789abcdef".to_string(),
        "/no/such/page".to_string(),
    ];
    let call = |uri: String, authorization: Option<String>| {
        let mut request = actix_test::TestRequest::get().uri(&uri);
        if let Some(authorization) = authorization {
            request = request.insert_header(("Authorization", authorization));
        }
        actix_test::call_service(&app, request.to_request())
    };
    let mut refusals = Vec::new();
    for uri in &routes {
        for authorization in [
            None,
            Some(basic("alice:wrong horse")),
            Some(basic("mallory:correct horse")),
            Some("Bearer newsroom-script-token-0123456789x".to_string()),
            Some("Bearer ".to_string()),
        ] {
            let response = call(uri.clone(), authorization.clone()).await;
            assert_eq!(
                response.status(),
                StatusCode::UNAUTHORIZED,
                "{uri} {authorization:?}"
            );
            assert_eq!(
                response.headers().get("www-authenticate").unwrap(),
                "Basic realm=\"fouille\", charset=\"UTF-8\""
            );
            assert!(response.headers().contains_key("content-security-policy"));
            refusals.push(actix_test::read_body(response).await);
        }
    }
    // One answer for all: it does not tell an unknown user from a wrong
    // password.
    assert!(refusals.windows(2).all(|pair| pair[0] == pair[1]));
    let refusal: Value = serde_json::from_slice(&refusals[0]).unwrap();
    assert_eq!(refusal["error"]["code"], "unauthorized");
    for uri in &routes {
        for authorization in [
            basic("alice:correct horse"),
            "Bearer newsroom-script-token-0123456789".to_string(),
        ] {
            let response = call(uri.clone(), Some(authorization.clone())).await;
            assert_ne!(
                response.status(),
                StatusCode::UNAUTHORIZED,
                "{uri} {authorization}"
            );
        }
    }
    let response = call(
        "/api/search?q=visiblehtmlword".to_string(),
        Some(basic("alice:correct horse")),
    )
    .await;
    assert_eq!(response.status(), StatusCode::OK);
    let body: Value = serde_json::from_slice(&actix_test::read_body(response).await).unwrap();
    assert_eq!(body["total"], 1);
}

#[actix_web::test]
async fn rate_limit_answers_429_per_address_password_guesses_included() {
    let limit = fouille_server::limit::RateLimit {
        per_second: 1,
        burst: 3,
    };
    let app = actix_test::init_service(create_app(
        AppState {
            limiter: limit.limiter(),
            ..AppState::new(searcher())
        },
        false,
    ))
    .await;
    let call = |peer: &str| {
        let request = actix_test::TestRequest::get()
            .uri("/api/stats")
            .peer_addr(peer.parse().unwrap())
            .to_request();
        actix_test::call_service(&app, request)
    };
    let mut statuses = Vec::new();
    for _ in 0..5 {
        statuses.push(call("192.0.2.1:4000").await.status().as_u16());
    }
    // The burst of 3, then refusals (a request a second is far slower than
    // this loop).
    assert_eq!(statuses, [200, 200, 200, 429, 429]);
    let refused = call("192.0.2.1:4001").await;
    assert_eq!(refused.status(), StatusCode::TOO_MANY_REQUESTS);
    let retry: u64 = refused
        .headers()
        .get("retry-after")
        .unwrap()
        .to_str()
        .unwrap()
        .parse()
        .unwrap();
    assert!((1..=2).contains(&retry), "retry after {retry} s");
    assert!(refused.headers().contains_key("content-security-policy"));
    let body: Value = serde_json::from_slice(&actix_test::read_body(refused).await).unwrap();
    assert_eq!(body["error"]["code"], "rate_limited");
    // Another address has its own allowance; so has another IPv6 /64, but
    // not another address in the same /64.
    assert_eq!(call("192.0.2.2:4000").await.status(), StatusCode::OK);
    for _ in 0..3 {
        assert_eq!(call("[2001:db8::1]:4000").await.status(), StatusCode::OK);
    }
    assert_eq!(
        call("[2001:db8::2]:4000").await.status(),
        StatusCode::TOO_MANY_REQUESTS
    );
    assert_eq!(
        call("[2001:db8:0:1::1]:4000").await.status(),
        StatusCode::OK
    );
}
