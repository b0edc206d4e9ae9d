//! Edited copies through the API, on `tests/fixtures/versions`: a contract
//! as a loose document, an email carrying an edited copy of it (one amount
//! changed, one article added) and an unrelated report.

use std::path::Path;
use std::sync::OnceLock;

use actix_web::http::StatusCode;
use fouille_search::{ArchiveSearcher, SearchRequest};
use serde_json::{Value, json};

use crate::api::{build_archive, get_with};

/// The archive of the versions fixtures, built once.
fn searcher() -> ArchiveSearcher {
    static ARCHIVE: OnceLock<(tempfile::TempDir, ArchiveSearcher)> = OnceLock::new();
    ARCHIVE
        .get_or_init(|| {
            let dir = tempfile::tempdir().expect("tempdir");
            let fixtures = Path::new(env!("CARGO_MANIFEST_DIR")).join("../tests/fixtures/versions");
            let searcher = build_archive(&dir.path().join("archive"), &[fixtures]);
            (dir, searcher)
        })
        .1
        .clone()
}

async fn get_json(uri: &str) -> (StatusCode, Value) {
    let (status, _, body) = get_with(searcher(), uri).await;
    (status, serde_json::from_slice(&body).expect("json body"))
}

/// The id of the one hit of `kind` for `query`.
fn id_of(query: &str, kind: &str) -> String {
    let response = searcher()
        .search(&SearchRequest {
            query: query.to_string(),
            limit: 100,
            ..SearchRequest::default()
        })
        .expect("search");
    let ids: Vec<&str> = response
        .hits
        .iter()
        .filter(|hit| hit.kind == kind)
        .map(|hit| hit.id.as_str())
        .collect();
    assert_eq!(ids.len(), 1, "{query} {kind}");
    ids[0].to_string()
}

/// The estimated similarity of the two contracts: fixed, since signatures
/// do not depend on any seed. It estimates the Jaccard similarity of the
/// two texts' shingles, 0.876 (within the estimate's error of 0.03), and
/// meets the bar of 0.8.
const CONTRACTS: f64 = 0.91;
const _: () = assert!(CONTRACTS >= 0.8);

#[actix_web::test]
async fn an_edited_copy_is_a_version_and_an_unrelated_document_is_not() {
    let contract = id_of("zibeline", "document");
    let copy = id_of("zibeline", "attachment");
    let report = id_of("pipistrelle", "document");
    let (status, response) = get_json(&format!("/api/messages/{contract}/similar")).await;
    assert_eq!(status, StatusCode::OK);
    assert_eq!(
        response,
        json!({"similar": [{
            "id": copy,
            "similarity": CONTRACTS,
            "kind": "attachment",
            "name": "contrat-prestation-revise.txt",
            "date": "2017-04-12T08:15:00Z",
        }]})
    );
    // Both ways, and under the document's own path too.
    let (status, response) = get_json(&format!("/api/documents/{copy}/similar")).await;
    assert_eq!(status, StatusCode::OK);
    assert_eq!(
        response,
        json!({"similar": [{
            "id": contract,
            "similarity": CONTRACTS,
            "kind": "document",
            "name": "contrat-prestation.txt",
            "date": null,
        }]})
    );
    // The report has a signature of its own, and no version.
    let (status, response) = get_json(&format!("/api/messages/{report}/similar")).await;
    assert_eq!(status, StatusCode::OK);
    assert_eq!(response, json!({"similar": []}));
}

#[actix_web::test]
async fn emails_have_no_versions_and_unknown_ids_none_either() {
    let email = id_of("zibeline", "email");
    let (status, response) = get_json(&format!("/api/messages/{email}/similar")).await;
    assert_eq!(status, StatusCode::OK);
    assert_eq!(response, json!({"similar": []}));
    let (status, response) =
        get_json("/api/messages/0123456789abcdef0123456789abcdef/similar").await;
    assert_eq!(status, StatusCode::NOT_FOUND);
    assert_eq!(response["error"]["code"], "not_found");
    let (status, response) = get_json("/api/documents/not-an-id/similar").await;
    assert_eq!(status, StatusCode::BAD_REQUEST);
    assert_eq!(response["error"]["code"], "bad_id");
}
