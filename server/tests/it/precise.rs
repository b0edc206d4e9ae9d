//! Precise search through the API, on `tests/fixtures/precise`: the
//! `quotes` parameter, entity filters, facets and lists, the message's
//! parts, and who writes to whom.

use std::path::Path;
use std::sync::OnceLock;

use actix_web::http::StatusCode;
use fouille_search::ArchiveSearcher;
use serde_json::{Value, json};

use crate::api::{build_archive, get_with};

fn searcher() -> ArchiveSearcher {
    static ARCHIVE: OnceLock<(tempfile::TempDir, ArchiveSearcher)> = OnceLock::new();
    ARCHIVE
        .get_or_init(|| {
            let dir = tempfile::tempdir().expect("tempdir");
            let fixtures = Path::new(env!("CARGO_MANIFEST_DIR")).join("../tests/fixtures/precise");
            let searcher = build_archive(&dir.path().join("archive"), &[fixtures]);
            (dir, searcher)
        })
        .1
        .clone()
}

async fn get_json(uri: &str) -> (StatusCode, Value) {
    let (status, _, body) = get_with(searcher(), uri).await;
    (status, serde_json::from_slice(&body).expect("json"))
}

/// The fixture names of a response's hits, sorted.
fn names(response: &Value) -> Vec<String> {
    let mut names: Vec<String> = response["hits"]
        .as_array()
        .expect("hits")
        .iter()
        .filter_map(|hit| hit["message_id"].as_str())
        .map(|id| {
            id.trim_matches(['<', '>'])
                .trim_end_matches("@precise.fouille.test")
                .to_string()
        })
        .collect();
    names.sort();
    names
}

#[actix_web::test]
async fn quotes_exclude_leaves_quoted_text_out_of_words_and_snippets() {
    let (_, all) = get_json("/api/search?q=vendredi").await;
    assert_eq!(names(&all), ["fr-1", "fr-2", "fr-3"]);
    let (_, own) = get_json("/api/search?q=vendredi&quotes=exclude").await;
    assert_eq!(names(&own), ["fr-1"]);
    let (_, quoted) = get_json("/api/search?q=quoted:vendredi&quotes=exclude").await;
    assert_eq!(names(&quoted), ["fr-2", "fr-3"]);
    let (status, bad) = get_json("/api/search?quotes=maybe").await;
    assert_eq!(status, StatusCode::BAD_REQUEST);
    assert_eq!(
        bad["error"]["message"],
        "quotes must be include or exclude, not \"maybe\""
    );
}

#[actix_web::test]
async fn entity_filters_facets_and_views() {
    let (_, phone) =
        get_json("/api/search?phone=06%2012%2034%2056%2078&phone=%2B33698765432").await;
    assert_eq!(names(&phone), ["fr-1", "fr-2", "fr-3"]);
    let (_, iban) = get_json("/api/search?iban=GB82WEST12345698765432&kind=email").await;
    assert_eq!(names(&iban), ["en-1", "en-2", "en-3"]);
    assert_eq!(
        iban["facets"]["link"],
        json!([{"value": "portal.energy.example", "count": 1}])
    );
    let (_, link) = get_json("/api/search?link=energy.example").await;
    assert_eq!(names(&link), ["en-1"]);
    let (_, bad) = get_json("/api/search?siren=732829321").await;
    assert_eq!(bad["total"], 0);
    assert_eq!(
        bad["warnings"],
        json!(["\"732829321\" is not a valid SIREN: it matches nothing"])
    );
    let id = phone["hits"]
        .as_array()
        .unwrap()
        .iter()
        .find(|hit| hit["message_id"] == "<fr-1@precise.fouille.test>")
        .expect("fr-1")["id"]
        .as_str()
        .unwrap()
        .to_string();
    let (_, view) = get_json(&format!("/api/messages/{id}")).await;
    assert_eq!(
        view["entities"],
        json!({
            "ibans": ["FR7630006000011234567890189"],
            "phones": ["+33612345678"],
            "sirens": ["732829320"],
            "sirets": ["73282932000074"],
            "emails": [],
            "domains": ["campagne.example", "docs.prestataire.example"],
        })
    );
    // No quotes in the original: one part, its whole text.
    assert_eq!(
        view["parts"],
        json!([{"quoted": false, "text": view["text"]}])
    );
}

#[actix_web::test]
async fn correspondents_follow_the_search() {
    let (_, budget) = get_json("/api/correspondents?q=budget&kind=email").await;
    assert_eq!(budget["emails"], 4);
    assert_eq!(
        budget["pairs"],
        json!([
            {"from": "jean.dupont@campagne.example", "to": "claire.martin@journal.example", "count": 2},
            {"from": "claire.martin@journal.example", "to": "hugo.perrot@journal.example", "count": 1},
            {"from": "claire.martin@journal.example", "to": "jean.dupont@campagne.example", "count": 1},
            {"from": "hugo.perrot@journal.example", "to": "agnes.morel@journal.example", "count": 1},
        ])
    );
    // Who wrote "vendredi" themselves: only Jean, to Claire.
    let (_, own) = get_json("/api/correspondents?q=vendredi&quotes=exclude").await;
    assert_eq!(
        own["pairs"],
        json!([{"from": "jean.dupont@campagne.example", "to": "claire.martin@journal.example", "count": 1}])
    );
}
