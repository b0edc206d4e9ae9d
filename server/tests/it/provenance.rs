//! Header forensics through the API: `provenance` in the message view and
//! the `client` facet, on the fixtures of tests/fixtures/provenance.

use std::path::Path;
use std::sync::OnceLock;

use actix_web::http::StatusCode;
use actix_web::test as actix_test;
use fouille_search::ArchiveSearcher;
use fouille_server::app::create_app;
use fouille_server::state::AppState;
use serde_json::{Value, json};

use crate::api::build_archive;

/// The archive of the provenance fixtures, built once.
fn searcher() -> ArchiveSearcher {
    static ARCHIVE: OnceLock<(tempfile::TempDir, ArchiveSearcher)> = OnceLock::new();
    ARCHIVE
        .get_or_init(|| {
            let dir = tempfile::tempdir().expect("tempdir");
            let fixtures =
                Path::new(env!("CARGO_MANIFEST_DIR")).join("../tests/fixtures/provenance");
            // The mails only: the generator beside them is no mail.
            let mails = ["genuine.eml", "forged.eml"].map(|name| fixtures.join(name));
            let searcher = build_archive(&dir.path().join("archive"), &mails);
            (dir, searcher)
        })
        .1
        .clone()
}

async fn get_json(uri: &str) -> (StatusCode, Value) {
    let app = actix_test::init_service(create_app(AppState::new(searcher()), false)).await;
    let response =
        actix_test::call_service(&app, actix_test::TestRequest::get().uri(uri).to_request()).await;
    let status = response.status();
    let body = actix_test::read_body(response).await;
    (status, serde_json::from_slice(&body).expect("json body"))
}

/// The id of the only hit for `query`.
async fn only_hit(query: &str) -> Value {
    let (status, response) = get_json(&format!("/api/search?q={query}")).await;
    assert_eq!(status, StatusCode::OK);
    assert_eq!(response["total"], 1, "{query}: {response}");
    response["hits"][0].clone()
}

#[actix_web::test]
async fn message_view_gives_the_hops_the_client_and_the_anomalies() {
    let id = only_hit("provforgedword").await["id"].clone();
    let (status, view) = get_json(&format!("/api/messages/{}", id.as_str().unwrap())).await;
    assert_eq!(status, StatusCode::OK);
    let provenance = &view["provenance"];
    assert_eq!(
        provenance["hops"],
        json!([
            {"from": "pc [10.9.9.9]", "by": "smtp.relay.invalid.example", "with": "ESMTPSA",
             "id": "S7", "time": "2017-10-02T08:00:05Z"},
            {"from": "smtp.relay.invalid.example [203.0.113.66]", "by": "mx.newsroom.example",
             "with": "ESMTP", "id": "E8", "time": "2017-10-02T07:20:20Z", "delay_seconds": -2385},
            {"from": "mx.newsroom.example [192.0.2.10]", "by": "mail.newsroom.example",
             "with": "LMTP", "id": "L9", "time": "2017-10-02T08:00:30Z", "delay_seconds": 2410},
        ])
    );
    assert_eq!(provenance["client"], "Microsoft Outlook 16.0.4266.1001");
    let codes: Vec<&str> = provenance["anomalies"]
        .as_array()
        .unwrap()
        .iter()
        .map(|anomaly| anomaly["code"].as_str().unwrap())
        .collect();
    assert_eq!(
        codes,
        [
            "duplicate_header",
            "date_outside_received",
            "received_time_reversed",
            "message_id_host",
            "from_return_path_mismatch"
        ]
    );
    let duplicate = provenance["anomalies"][0]["message"].as_str().unwrap();
    assert!(
        duplicate.starts_with(
            "The From header appears 2 times (\"Direction <direction@campagne.example>\""
        ),
        "{duplicate}"
    );

    let id = only_hit("provgenuineword").await["id"].clone();
    let (_, view) = get_json(&format!("/api/messages/{}", id.as_str().unwrap())).await;
    assert_eq!(view["provenance"]["hops"].as_array().unwrap().len(), 3);
    assert_eq!(view["provenance"]["hops"][2]["delay_seconds"], 10);
    assert_eq!(view["provenance"]["anomalies"], json!([]));
}

#[actix_web::test]
async fn client_is_a_facet_a_filter_and_a_query_field_of_emails_only() {
    let (status, response) = get_json("/api/search?q=").await;
    assert_eq!(status, StatusCode::OK);
    assert_eq!(
        response["facets"]["client"],
        json!([
            {"value": "Microsoft Outlook 16.0", "count": 1},
            {"value": "Mozilla Thunderbird 52", "count": 1},
        ])
    );
    let hit = only_hit("client:thunderbird").await;
    assert_eq!(hit["subject"], "Provenance check, genuine");
    let (_, response) = get_json("/api/search?q=&client=Microsoft%20Outlook%2016.0").await;
    assert_eq!(response["total"], 1);
    assert_eq!(response["hits"][0]["subject"], "Provenance check, forged");
    // The attachment is found, but was not written by a mail client.
    let attachment = only_hit("provattachmentword").await;
    assert_eq!(attachment["kind"], "attachment");
    let (_, response) = get_json("/api/search?q=provattachmentword%20client:outlook").await;
    assert_eq!(response["total"], 0);
}
