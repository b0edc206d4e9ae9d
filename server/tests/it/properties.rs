//! Property-based tests of the API: thousands of generated requests (every
//! route, real and made-up ids, known and unknown parameters with arbitrary
//! values, malformed escapes) against the fixture archive, in-process. None
//! may get a 5xx; every 4xx is the JSON error shape; every 200 body reads to
//! its end (exports stream).
//!
//! Generated with a fixed seed, so a failure names a request that fails
//! again.

use actix_web::test as actix_test;
use fouille_server::app::create_app;
use fouille_server::state::AppState;
use proptest::prelude::*;
use proptest::strategy::ValueTree;
use proptest::test_runner::{Config, TestRunner};
use serde_json::Value;

use crate::api::{id_of, searcher};

/// Requests generated.
const CASES: usize = 3000;

const PARAMETERS: &[&str] = &[
    "q",
    "from",
    "to",
    "domain",
    "lang",
    "kind",
    "filetype",
    "extraction",
    "after",
    "before",
    "has_attachments",
    "sort",
    "page",
    "per_page",
    "format",
    "facets",
    "unknown",
    "",
];

fn encode(text: &str) -> String {
    form_urlencoded::byte_serialize(text.as_bytes()).collect()
}

/// Values that probe parsers: numbers at and past every bound, dates, query
/// syntax, and arbitrary text.
fn value() -> impl Strategy<Value = String> {
    prop_oneof![
        Just(String::new()),
        any::<i64>().prop_map(|n| n.to_string()),
        any::<u64>().prop_map(|n| n.to_string()),
        (0u32..20_000).prop_map(|n| n.to_string()),
        "[0-9]{4}-[0-9]{2}-[0-9]{2}",
        "(relevance|newest|oldest|csv|mbox|ndjson|true|false|fr|en|email|attachment)",
        r#"[a-zé*"():\- ]{0,40}"#,
        "(OR |AND |NOT |-|\\*|\"|\\(|\\)|from:|subject:|after:|lang:|[a-z]{1,6}){1,30}",
        any::<String>(),
        prop::collection::vec(any::<u8>(), 0..64)
            .prop_map(|bytes| String::from_utf8_lossy(&bytes).into_owned()),
    ]
}

/// A query string: encoded pairs, sometimes with a raw malformed piece.
fn query_string() -> impl Strategy<Value = String> {
    (
        prop::collection::vec((prop::sample::select(PARAMETERS), value()), 0..6),
        prop_oneof![
            Just(String::new()),
            Just("&%zz".to_string()),
            Just("&q=%".to_string()),
            Just("&&&=".to_string()),
            "&[a-z]{1,5}=[%a-f0-9+]{0,12}",
        ],
    )
        .prop_map(|(pairs, raw)| {
            let mut query: Vec<String> = pairs
                .iter()
                .map(|(name, value)| format!("{name}={}", encode(value)))
                .collect();
            query.push(raw);
            query.join("&")
        })
}

/// A path of any route, with a real id, a made-up one or arbitrary text.
fn path(real_ids: Vec<String>) -> impl Strategy<Value = String> {
    let id = prop_oneof![
        prop::sample::select(real_ids),
        "[0-9a-f]{32}",
        "[0-9a-f]{16}",
        "[0-9a-fA-Z]{0,40}",
        any::<String>().prop_map(|text| encode(&text)),
        Just("..%2F..%2Fetc%2Fpasswd".to_string()),
    ];
    let index = prop_oneof![
        (0u32..4).prop_map(|n| n.to_string()),
        any::<i64>().prop_map(|n| n.to_string()),
        "[a-z%]{0,5}",
    ];
    (
        prop::sample::select(vec![
            "/api/search",
            "/api/export",
            "/api/messages/{id}",
            "/api/messages/{id}/raw",
            "/api/messages/{id}/html",
            "/api/messages/{id}/attachments/{n}",
            "/api/documents/{id}",
            "/api/documents/{id}/raw",
            "/api/threads/{id}",
            "/api/stats",
            "/api/openapi.json",
            "/api/{id}",
            "/",
            "/search",
            "/{id}",
        ]),
        id,
        index,
    )
        .prop_map(|(template, id, n)| template.replace("{id}", &id).replace("{n}", &n))
}

#[actix_web::test]
async fn no_generated_request_gets_a_5xx() {
    let real_ids = vec![
        id_of("visiblehtmlword").await,
        id_of("alternativeword").await,
    ];
    let app = actix_test::init_service(create_app(AppState::new(searcher()), false)).await;
    let strategy = (path(real_ids), query_string());
    let mut runner = TestRunner::new_with_rng(
        Config::default(),
        proptest::test_runner::TestRng::deterministic_rng(
            proptest::test_runner::RngAlgorithm::ChaCha,
        ),
    );
    let mut statuses = std::collections::BTreeMap::<u16, usize>::new();
    for _ in 0..CASES {
        let (path, query) = strategy.new_tree(&mut runner).expect("generate").current();
        let uri = if query.is_empty() {
            path
        } else {
            format!("{path}?{query}")
        };
        let request = actix_test::TestRequest::get().uri(&uri).to_request();
        let response = actix_test::call_service(&app, request).await;
        let status = response.status().as_u16();
        let body = actix_test::try_read_body(response).await;
        let body = body.unwrap_or_else(|_| panic!("{uri}: body cut short"));
        *statuses.entry(status).or_default() += 1;
        assert!(
            status < 500,
            "{uri}: {status} {}",
            String::from_utf8_lossy(&body)
        );
        if status >= 400 {
            let error: Value = serde_json::from_slice(&body)
                .unwrap_or_else(|_| panic!("{uri}: {status} without a JSON error"));
            assert!(error["error"]["code"].is_string(), "{uri}: {error}");
        }
    }
    // The generator reaches both answers and refusals.
    assert!(
        statuses.get(&200).copied().unwrap_or(0) > CASES / 10,
        "{statuses:?}"
    );
    assert!(
        statuses.get(&400).copied().unwrap_or(0) > CASES / 20,
        "{statuses:?}"
    );
    assert!(
        statuses.get(&404).copied().unwrap_or(0) > CASES / 20,
        "{statuses:?}"
    );
    eprintln!("{CASES} generated requests: {statuses:?}");
}
