//! The JSON API, in-process (actix test utilities) on an archive of the
//! project's fixtures, plus one test over a real socket and one that indexes
//! while serving.

use std::collections::HashMap;
use std::path::{Path, PathBuf};
use std::sync::OnceLock;
use std::sync::atomic::AtomicBool;
use std::time::{Duration, Instant};

use actix_web::http::StatusCode;
use actix_web::test as actix_test;
use fouille_indexer::source::{MboxEntry, MboxSplitter};
use fouille_indexer::{Archive, IngestOptions, ingest};
use fouille_search::ArchiveSearcher;
use fouille_server::app::create_app;
use fouille_server::state::AppState;
use serde_json::{Value, json};

use crate::support::{free_port, http_get, start_server};

fn fixtures() -> PathBuf {
    Path::new(env!("CARGO_MANIFEST_DIR")).join("../tests/fixtures")
}

pub(crate) fn build_archive(dir: &Path, paths: &[PathBuf]) -> ArchiveSearcher {
    let options = IngestOptions {
        threads: 2,
        ..IngestOptions::default()
    };
    ingest(dir, paths, &options, &AtomicBool::new(false), &mut |_| {}).expect("ingest");
    ArchiveSearcher::new(Archive::open(dir).expect("open")).expect("searcher")
}

/// The fixture archive (eml and mbox fixtures), built once.
pub(crate) fn searcher() -> ArchiveSearcher {
    static ARCHIVE: OnceLock<(tempfile::TempDir, ArchiveSearcher)> = OnceLock::new();
    ARCHIVE
        .get_or_init(|| {
            let dir = tempfile::tempdir().expect("tempdir");
            let searcher = build_archive(
                &dir.path().join("archive"),
                &[fixtures().join("eml"), fixtures().join("mbox")],
            );
            (dir, searcher)
        })
        .1
        .clone()
}

/// GET `uri` in-process: status, headers, body.
async fn get(uri: &str) -> (StatusCode, HashMap<String, String>, Vec<u8>) {
    get_with(searcher(), uri).await
}

pub(crate) async fn get_with(
    searcher: ArchiveSearcher,
    uri: &str,
) -> (StatusCode, HashMap<String, String>, Vec<u8>) {
    let app = actix_test::init_service(create_app(AppState::new(searcher), false)).await;
    let response =
        actix_test::call_service(&app, actix_test::TestRequest::get().uri(uri).to_request()).await;
    let status = response.status();
    let headers = response
        .headers()
        .iter()
        .map(|(name, value)| (name.to_string(), value.to_str().unwrap_or("").to_string()))
        .collect();
    let body = actix_test::read_body(response).await.to_vec();
    (status, headers, body)
}

async fn get_json(uri: &str) -> (StatusCode, Value) {
    let (status, _, body) = get(uri).await;
    (status, serde_json::from_slice(&body).expect("json body"))
}

fn message_ids(response: &Value) -> Vec<String> {
    let mut ids: Vec<String> = response["hits"]
        .as_array()
        .unwrap()
        .iter()
        .map(|hit| hit["message_id"].as_str().unwrap_or("").to_string())
        .collect();
    ids.sort();
    ids
}

fn mid(name: &str) -> String {
    format!("<{name}@fixtures.fouille.test>")
}

pub(crate) async fn id_of(word: &str) -> String {
    let query: String = form_urlencoded::byte_serialize(word.as_bytes()).collect();
    let (_, response) = get_json(&format!("/api/search?q={query}")).await;
    assert_eq!(response["total"], 1, "{word}");
    response["hits"][0]["id"].as_str().unwrap().to_string()
}

#[actix_web::test]
async fn search_returns_hits_and_exact_facets() {
    let (status, response) = get_json("/api/search?q=%C3%A9lection").await;
    assert_eq!(status, StatusCode::OK);
    assert_eq!(response["total"], 6);
    assert_eq!(
        message_ids(&response),
        [
            "en-organizers-b64",
            "en-upper-night",
            "fr-cp1252",
            "fr-elections-qp",
            "fr-latin1-8bit",
            "html-only"
        ]
        .map(mid)
    );
    assert_eq!(
        response["facets"]["lang"],
        json!([{"value": "fr", "count": 4}, {"value": "en", "count": 2}])
    );
    let months: u64 = response["facets"]["month"]
        .as_array()
        .unwrap()
        .iter()
        .map(|value| value["count"].as_u64().unwrap())
        .sum();
    assert_eq!(months, 6, "every match has a month");
    assert!(
        response["hits"][0]["snippet"]
            .as_str()
            .unwrap()
            .contains("<mark>")
    );
    for key in ["from", "to", "domain", "lang", "month", "kind"] {
        assert!(response["facets"][key].is_array(), "facet {key}");
    }
}

#[actix_web::test]
async fn filters_are_ored_within_and_anded_across() {
    let (_, both) = get_json(
        "/api/search?from=francois.dupre@mairie.example&from=Sarah%20Connelly&per_page=100",
    )
    .await;
    assert_eq!(
        message_ids(&both),
        [mid("en-organizers-b64"), mid("fr-elections-qp")]
    );
    let (_, french) =
        get_json("/api/search?from=francois.dupre@mairie.example&from=Sarah%20Connelly&lang=fr")
            .await;
    assert_eq!(message_ids(&french), [mid("fr-elections-qp")]);
    let (_, dated) =
        get_json("/api/search?q=%C3%A9lection&after=2017-03-14&before=2017-03-14").await;
    assert_eq!(message_ids(&dated), [mid("fr-elections-qp")]);
    let (_, attached) = get_json("/api/search?has_attachments=true").await;
    assert_eq!(message_ids(&attached), [mid("multipart-alt")]);
    let (_, domain) = get_json("/api/search?domain=consulting.example").await;
    assert_eq!(message_ids(&domain), [mid("en-organizers-b64")]);
    let (_, to) = get_json("/api/search?to=claire.martin@journal.example").await;
    // multipart-alt's CSV attachment takes its email's recipients.
    assert_eq!(
        message_ids(&to),
        [
            mid("fr-elections-qp"),
            mid("multipart-alt"),
            mid("multipart-alt")
        ]
    );
    let (_, emails) = get_json("/api/search?to=claire.martin@journal.example&kind=email").await;
    assert_eq!(
        message_ids(&emails),
        [mid("fr-elections-qp"), mid("multipart-alt")]
    );
}

#[actix_web::test]
async fn sort_and_pages() {
    let (_, all) = get_json("/api/search?sort=oldest&per_page=100").await;
    let total = all["total"].as_u64().unwrap();
    let dates: Vec<&str> = all["hits"]
        .as_array()
        .unwrap()
        .iter()
        .filter_map(|hit| hit["date"].as_str())
        .collect();
    let mut sorted = dates.clone();
    sorted.sort();
    assert_eq!(dates, sorted);
    let (_, page2) = get_json("/api/search?sort=oldest&per_page=5&page=2").await;
    assert_eq!(page2["total"].as_u64().unwrap(), total);
    assert_eq!(page2["hits"][0]["id"], all["hits"][5]["id"]);
    let (_, newest) = get_json("/api/search?sort=newest&per_page=1").await;
    assert_eq!(
        newest["hits"][0]["id"],
        all["hits"][total as usize - 1]["id"]
    );
}

#[actix_web::test]
async fn every_error_has_its_code_and_status() {
    let cases: &[(&str, u16, &str)] = &[
        ("/api/search?page=0", 400, "bad_parameter"),
        ("/api/search?page=x", 400, "bad_parameter"),
        ("/api/search?per_page=101", 400, "bad_parameter"),
        ("/api/search?per_page=100&page=101", 400, "bad_parameter"),
        ("/api/search?after=2017-13-01", 400, "bad_parameter"),
        ("/api/search?before=yesterday", 400, "bad_parameter"),
        (
            "/api/search?after=2018-01-01&before=2017-01-01",
            400,
            "bad_parameter",
        ),
        ("/api/search?sort=sideways", 400, "bad_parameter"),
        ("/api/search?has_attachments=maybe", 400, "bad_parameter"),
        ("/api/export?q=x", 400, "bad_parameter"),
        ("/api/export?format=pdf", 400, "bad_parameter"),
        ("/api/messages/not-an-id", 400, "bad_id"),
        ("/api/messages/..%2F..%2Fetc%2Fpasswd", 400, "bad_id"),
        (
            "/api/messages/00000000000000000000000000000000",
            404,
            "not_found",
        ),
        (
            "/api/messages/00000000000000000000000000000000/raw",
            404,
            "not_found",
        ),
        (
            "/api/messages/00000000000000000000000000000000/attachments/0",
            404,
            "not_found",
        ),
        ("/api/threads/xyz", 400, "bad_id"),
        ("/api/threads/0000000000000000", 404, "not_found"),
        ("/api/nothing/here", 404, "not_found"),
    ];
    for (uri, status, code) in cases {
        let (got, body) = get_json(uri).await;
        assert_eq!(got.as_u16(), *status, "{uri}: {body}");
        assert_eq!(body["error"]["code"], *code, "{uri}");
        assert!(
            body["error"]["message"].as_str().unwrap().len() > 3,
            "{uri}"
        );
    }
    // Too many words, or too many prefixes: 400 with the limit, for the
    // search and the export alike.
    let words: Vec<String> = (0..257).map(|n| format!("w{n}")).collect();
    let prefixes = "a*+b*+c*+d*+e*+f*+g*+h*+i*+j*+k*+l*+m*+n*+o*+p*+q*";
    for (uri, limit) in [
        (format!("/api/search?q={}", words.join("+")), "at most 256"),
        (format!("/api/search?q={prefixes}"), "at most 16"),
        (format!("/api/export?format=csv&q={prefixes}"), "at most 16"),
    ] {
        let (status, body) = get_json(&uri).await;
        assert_eq!(status.as_u16(), 400, "{uri}");
        assert_eq!(body["error"]["code"], "bad_parameter", "{uri}");
        assert!(
            body["error"]["message"].as_str().unwrap().contains(limit),
            "{body}"
        );
    }
    let (status, _) = get_json(&format!("/api/search?q={}", words[..256].join("+"))).await;
    assert_eq!(status.as_u16(), 200);
    let long_q = format!("/api/search?q={}", "a".repeat(4097));
    let (status, body) = get_json(&long_q).await;
    assert_eq!(
        (status.as_u16(), body["error"]["code"].as_str()),
        (414, Some("query_too_long"))
    );
    let huge = format!("/api/search?x={}", "a".repeat(17 * 1024));
    let (status, body) = get_json(&huge).await;
    assert_eq!(
        (status.as_u16(), body["error"]["code"].as_str()),
        (413, Some("request_too_large"))
    );
    let id = id_of("multipartcasse OR alternativeword").await;
    for (uri, status, code) in [
        (
            format!("/api/messages/{id}/attachments/99"),
            404,
            "not_found",
        ),
        (
            format!("/api/messages/{id}/attachments/x"),
            400,
            "bad_parameter",
        ),
    ] {
        let (got, body) = get_json(&uri).await;
        assert_eq!(
            (got.as_u16(), body["error"]["code"].as_str()),
            (status, Some(code)),
            "{uri}"
        );
    }
    let app = actix_test::init_service(create_app(AppState::new(searcher()), false)).await;
    let response = actix_test::call_service(
        &app,
        actix_test::TestRequest::post()
            .uri("/api/search")
            .to_request(),
    )
    .await;
    assert_eq!(response.status(), StatusCode::METHOD_NOT_ALLOWED);
    assert_eq!(response.headers().get("allow").unwrap(), "GET, HEAD");
}

#[actix_web::test]
async fn message_view_is_whole_and_its_html_safe() {
    let id = id_of("visiblehtmlword").await;
    let (status, view) = get_json(&format!("/api/messages/{id}")).await;
    assert_eq!(status, StatusCode::OK);
    assert_eq!(view["message_id"], mid("html-only"));
    let html = view["html"].as_str().expect("html body");
    assert!(html.contains("visiblehtmlword"));
    for banned in [
        "<script",
        "scriptsecretword",
        "tracker.example",
        "javascript:",
        "<style",
    ] {
        assert!(!html.contains(banned), "{banned} in {html}");
    }
    assert!(view["text"].as_str().unwrap().contains("visiblehtmlword"));
    let (status, headers, page) = get(&format!("/api/messages/{id}/html")).await;
    assert_eq!(status, StatusCode::OK);
    assert_eq!(headers["content-type"], "text/html; charset=utf-8");
    assert!(headers["content-security-policy"].ends_with("sandbox"));
    assert!(headers["content-security-policy"].starts_with("default-src 'none'"));
    let page = String::from_utf8(page).unwrap();
    assert!(page.contains("visiblehtmlword") && !page.contains("<script"));
    let headers = view["headers"].as_array().unwrap();
    assert!(headers.iter().any(|h| h["name"] == "Message-ID"));
    for key in [
        "to",
        "cc",
        "bcc",
        "reply_to",
        "attachments",
        "references",
        "in_reply_to",
        "sources",
    ] {
        assert!(view[key].is_array(), "{key}");
    }

    let id = id_of("trésorerie").await;
    let (_, view) = get_json(&format!("/api/messages/{id}")).await;
    assert_eq!(view["from"]["name"], "François Dupré");
    assert_eq!(view["subject"], "Résultats des élections");
    assert_eq!(view["cc"][0]["address"], "paul.girard@journal.example");
    assert_eq!(view["date"], "2017-03-14T08:30:00Z");
    assert_eq!(view["date_header"], "Tue, 14 Mar 2017 09:30:00 +0100");
    assert!(view["html"].is_null());
    let (status, _) = get_json(&format!("/api/messages/{id}/html")).await;
    assert_eq!(status, StatusCode::NOT_FOUND);
    let subject = view["headers"]
        .as_array()
        .unwrap()
        .iter()
        .find(|h| h["name"] == "Subject")
        .unwrap();
    assert_eq!(subject["value"], "Résultats des élections");
}

#[actix_web::test]
async fn raw_source_is_byte_exact_and_a_download() {
    let id = id_of("cagnotte").await;
    let (status, headers, body) = get(&format!("/api/messages/{id}/raw")).await;
    assert_eq!(status, StatusCode::OK);
    assert_eq!(
        body,
        std::fs::read(fixtures().join("eml/fr-cp1252.eml")).unwrap()
    );
    assert_eq!(headers["content-type"], "message/rfc822");
    assert_eq!(
        headers["content-disposition"],
        format!("attachment; filename=\"{id}.eml\"")
    );
}

#[actix_web::test]
async fn attachments_are_downloads_never_pages() {
    let id = id_of("alternativeword").await;
    let (_, view) = get_json(&format!("/api/messages/{id}")).await;
    assert_eq!(view["attachments"][0]["name"], "budget-2017.csv");
    assert_eq!(view["attachments"][0]["index"], 0);
    let (status, headers, body) = get(&format!("/api/messages/{id}/attachments/0")).await;
    assert_eq!(status, StatusCode::OK);
    assert!(String::from_utf8_lossy(&body).contains(';'), "csv content");
    assert_eq!(headers["content-type"], "text/csv");
    assert_eq!(
        headers["content-disposition"],
        "attachment; filename=\"budget-2017.csv\""
    );
    assert_eq!(headers["x-content-type-options"], "nosniff");

    // A hostile attachment: HTML, with a path in its name.
    let dir = tempfile::tempdir().unwrap();
    let mail = dir.path().join("hostile.eml");
    std::fs::write(
        &mail,
        "Message-ID: <hostile@fouille.test>\nDate: Mon, 3 Apr 2017 10:00:00 +0000\nFrom: x@example.org\nSubject: piece jointe\nMIME-Version: 1.0\nContent-Type: multipart/mixed; boundary=b\n\n--b\nContent-Type: text/plain\n\nvoir la piece\n--b\nContent-Type: text/html\nContent-Disposition: attachment; filename=\"../../evil\\u{7}.html\"\n\n<script>alert(1)</script>\n--b--\n",
    )
    .unwrap();
    let hostile = build_archive(&dir.path().join("archive"), &[mail]);
    let id = hostile
        .search(&fouille_search::SearchRequest {
            query: "kind:email".into(),
            ..Default::default()
        })
        .unwrap()
        .hits
        .remove(0)
        .id;
    let (status, headers, _) =
        get_with(hostile, &format!("/api/messages/{id}/attachments/0")).await;
    assert_eq!(status, StatusCode::OK);
    assert_eq!(headers["content-type"], "application/octet-stream");
    let disposition = &headers["content-disposition"];
    assert!(disposition.starts_with("attachment;"), "{disposition}");
    assert!(
        !disposition.contains('/') && !disposition.contains(".."),
        "{disposition}"
    );
}

#[actix_web::test]
async fn threads_in_date_order() {
    let (_, hit) = get_json("/api/search?q=threadrootword").await;
    let thread = hit["hits"][0]["thread_id"].as_str().unwrap();
    let (status, response) = get_json(&format!("/api/threads/{thread}")).await;
    assert_eq!(status, StatusCode::OK);
    let subjects: Vec<&str> = response["messages"]
        .as_array()
        .unwrap()
        .iter()
        .map(|m| m["subject"].as_str().unwrap())
        .collect();
    assert_eq!(
        subjects,
        [
            "Budget 2018",
            "Re: Budget 2018",
            "RE: Budget 2018",
            "TR: Budget 2018"
        ]
    );
}

#[actix_web::test]
async fn stats_match_the_command_line() {
    let (status, stats) = get_json("/api/stats").await;
    assert_eq!(status, StatusCode::OK);
    let engine =
        serde_json::to_value(fouille_search::stats::archive_stats(searcher().archive()).unwrap())
            .unwrap();
    assert_eq!(stats["emails"], engine["emails"]);
    assert_eq!(stats["ledger"], engine["ledger"]);
    assert_eq!(stats["langs"], engine["langs"]);
}

#[actix_web::test]
async fn exports_hold_every_match() {
    let (_, search) = get_json("/api/search?q=%C3%A9lection").await;
    let total = search["total"].as_u64().unwrap() as usize;

    let (status, headers, csv) = get("/api/export?q=%C3%A9lection&format=csv").await;
    assert_eq!(status, StatusCode::OK);
    assert!(headers["content-disposition"].contains("fouille-export.csv"));
    assert_eq!(headers["x-total-count"], total.to_string());
    let csv = String::from_utf8(csv).unwrap();
    let mut reader = csv::Reader::from_reader(csv.as_bytes());
    assert_eq!(
        reader.headers().unwrap().iter().collect::<Vec<_>>(),
        [
            "id",
            "date",
            "from",
            "to",
            "subject",
            "permalink",
            "kind",
            "parent_id"
        ]
    );
    assert_eq!(reader.records().count(), total);

    // An attachment is exported with its kind and parent in CSV, and left
    // out of an mbox, which holds messages.
    let (_, _, csv) = get("/api/export?q=filename:budget-2017.csv&format=csv").await;
    let mut reader = csv::Reader::from_reader(csv.as_slice());
    let rows: Vec<csv::StringRecord> = reader.records().map(Result::unwrap).collect();
    // Both match equally well: their order depends on how segments merged.
    let mut kinds: Vec<&str> = rows.iter().map(|row| &row[6]).collect();
    kinds.sort_unstable();
    assert_eq!(kinds, ["attachment", "email"]);
    let email = rows.iter().find(|row| &row[6] == "email").unwrap();
    let attachment = rows.iter().find(|row| &row[6] == "attachment").unwrap();
    assert_eq!(&attachment[7], &email[0]);
    assert!(attachment[5].ends_with(&format!("/documents/{}", &attachment[0])));
    let (_, _, mbox) = get("/api/export?q=filename:budget-2017.csv&format=mbox").await;
    assert_eq!(MboxSplitter::new(mbox.as_slice(), 1 << 24).count(), 1);

    let (_, _, mbox) = get("/api/export?q=%C3%A9lection&format=mbox").await;
    let messages: Vec<Vec<u8>> = MboxSplitter::new(mbox.as_slice(), 1 << 24)
        .map(|entry| match entry.unwrap() {
            MboxEntry::Message(bytes) => bytes,
            MboxEntry::TooLarge(_) => panic!("too large"),
        })
        .collect();
    assert_eq!(messages.len(), total);
    let original = std::fs::read(fixtures().join("eml/fr-cp1252.eml")).unwrap();
    assert!(
        messages.contains(&original),
        "raw messages survive the mbox round trip"
    );

    let (_, _, ndjson) = get("/api/export?q=%C3%A9lection&format=ndjson").await;
    let lines: Vec<Value> = String::from_utf8(ndjson)
        .unwrap()
        .lines()
        .map(|line| serde_json::from_str(line).unwrap())
        .collect();
    assert_eq!(lines.len(), total);
    assert!(
        lines
            .iter()
            .all(|line| line["text"].is_string() && line["sources"].is_array())
    );
}

#[actix_web::test]
async fn openapi_documents_every_route_and_headers_are_strict() {
    let (status, headers, body) = get("/api/openapi.json").await;
    assert_eq!(status, StatusCode::OK);
    let document: Value = serde_json::from_slice(&body).unwrap();
    let paths: Vec<&String> = document["paths"].as_object().unwrap().keys().collect();
    assert_eq!(
        paths,
        [
            "/api/batches",
            "/api/batches/{id}",
            "/api/batches/{id}/results.csv",
            "/api/correspondents",
            "/api/documents/{id}",
            "/api/documents/{id}/raw",
            "/api/documents/{id}/similar",
            "/api/export",
            "/api/me",
            "/api/messages/{id}",
            "/api/messages/{id}/attachments/{index}",
            "/api/messages/{id}/html",
            "/api/messages/{id}/notes",
            "/api/messages/{id}/raw",
            "/api/messages/{id}/similar",
            "/api/messages/{id}/star",
            "/api/messages/{id}/tags/{tag}",
            "/api/notes/{note}",
            "/api/openapi.json",
            "/api/search",
            "/api/searches",
            "/api/searches/{id}",
            "/api/searches/{id}/feed.atom",
            "/api/searches/{id}/open",
            "/api/stats",
            "/api/tags",
            "/api/tags/{tag}",
            "/api/threads/{thread_id}"
        ]
    );
    assert!(document["components"]["schemas"]["SearchResponse"].is_object());
    assert!(document["components"]["schemas"]["Correspondents"].is_object());
    assert_eq!(headers["x-content-type-options"], "nosniff");
    assert_eq!(headers["cache-control"], "no-store");
    let (_, headers, page) = get("/").await;
    assert_eq!(headers["cache-control"], "no-cache");
    assert!(String::from_utf8_lossy(&page).contains("<html"));
    assert_eq!(headers["content-type"], "text/html; charset=utf-8");
    assert_eq!(headers["referrer-policy"], "no-referrer");
    let csp = &headers["content-security-policy"];
    assert!(
        csp.contains("default-src 'self'") && csp.contains("object-src 'none'"),
        "{csp}"
    );
}

/// `total` of a search over the socket, if the server answered.
fn total(port: u16, query: &str) -> Option<u64> {
    let (status, body) = http_get(port, &format!("/api/search?q={query}"))?;
    assert_eq!(status, 200, "{body}");
    let body = body.trim_start_matches(|c: char| c.is_ascii_hexdigit() || c.is_whitespace());
    let start = body.find('{')?;
    let end = body.rfind('}')?;
    serde_json::from_str::<Value>(&body[start..=end]).ok()?["total"].as_u64()
}

#[test]
fn serves_over_a_socket_and_sees_new_commits() {
    let dir = tempfile::tempdir().unwrap();
    let archive = dir.path().join("archive");
    let first = dir.path().join("first");
    std::fs::create_dir_all(&first).unwrap();
    std::fs::copy(
        fixtures().join("eml/fr-elections-qp.eml"),
        first.join("a.eml"),
    )
    .unwrap();
    let run = |path: &Path| {
        let status = std::process::Command::new(env!("CARGO_BIN_EXE_fouille"))
            .args([
                "index",
                "--index",
                archive.to_str().unwrap(),
                path.to_str().unwrap(),
            ])
            .stdout(std::process::Stdio::null())
            .stderr(std::process::Stdio::null())
            .status()
            .unwrap();
        assert!(status.success());
    };
    run(&first);
    let port = free_port();
    let log = dir.path().join("server.log");
    let mut server = start_server(&archive, port, &log);
    assert_eq!(total(port, "tr%C3%A9sorerie"), Some(1));
    let (status, body) = http_get(port, "/api/search?page=0").unwrap();
    assert_eq!(status, 400, "{body}");
    assert!(body.contains("\"bad_parameter\""));

    // Index more while serving: the new message shows up within seconds.
    let second = dir.path().join("second");
    std::fs::create_dir_all(&second).unwrap();
    std::fs::copy(
        fixtures().join("eml/fr-latin1-8bit.eml"),
        second.join("b.eml"),
    )
    .unwrap();
    run(&second);
    let started = Instant::now();
    while total(port, "quinquennat") != Some(1) {
        assert!(
            started.elapsed() < Duration::from_secs(10),
            "new commit not seen"
        );
        std::thread::sleep(Duration::from_millis(200));
    }

    // SIGTERM: a graceful stop, exit status 0.
    let pid = server.0.id().to_string();
    let killed = std::process::Command::new("kill")
        .args(["-TERM", &pid])
        .status();
    assert!(killed.unwrap().success());
    let started = Instant::now();
    let status = loop {
        if let Some(status) = server.0.try_wait().unwrap() {
            break status;
        }
        assert!(
            started.elapsed() < Duration::from_secs(15),
            "no graceful stop"
        );
        std::thread::sleep(Duration::from_millis(100));
    };
    assert!(status.success(), "{status}");
    // The request log has the searches' paths, never their terms.
    let log = std::fs::read_to_string(&log).unwrap();
    assert!(log.contains("GET /api/search"), "{log}");
    assert!(
        !log.contains("quinquennat") && !log.contains("sorerie"),
        "{log}"
    );
}

#[actix_web::test]
async fn hostile_corpus_html_keeps_no_active_or_remote_content() {
    // tests/fixtures/hostile: one mail per family of attack. What the
    // sanitizer lets through is checked here on every one; that nothing
    // runs or loads in a browser is checked in Chromium (tests/browser).
    let dir = tempfile::tempdir().unwrap();
    let hostile = build_archive(&dir.path().join("archive"), &[fixtures().join("hostile")]);
    let search = hostile
        .search(&fouille_search::SearchRequest {
            query: "hostilemarker".into(),
            limit: 100,
            ..Default::default()
        })
        .unwrap();
    assert_eq!(search.total, 11);
    for hit in &search.hits {
        let (status, headers, page) =
            get_with(hostile.clone(), &format!("/api/messages/{}/html", hit.id)).await;
        assert_eq!(status, StatusCode::OK, "{}", hit.subject);
        assert!(headers["content-security-policy"].contains("sandbox"));
        let page = String::from_utf8(page).unwrap().to_lowercase();
        // After Fouille's own head (charset, referrer policy, style).
        let body = page.split_once("<body>").expect("a body").1;
        assert!(body.contains("hostilemarker"), "{}", hit.subject);
        // Text is escaped, so every `<` left opens a real tag.
        for tag in body.split('<').skip(1) {
            let tag = tag.split('>').next().unwrap_or_default();
            let name: String = tag
                .trim_start_matches('/')
                .chars()
                .take_while(char::is_ascii_alphanumeric)
                .collect();
            assert!(
                !FORBIDDEN_TAGS.contains(&name.as_str()),
                "{}: <{tag}> survived",
                hit.subject
            );
            for word in FORBIDDEN_IN_TAGS {
                assert!(!tag.contains(word), "{}: <{tag}> survived", hit.subject);
            }
            let handler = tag
                .split_whitespace()
                .any(|attribute| attribute.starts_with("on") && attribute.contains('='));
            assert!(!handler, "{}: <{tag}> survived", hit.subject);
        }
    }
}

/// Elements that must never survive sanitizing.
const FORBIDDEN_TAGS: &[&str] = &[
    "script", "iframe", "frame", "frameset", "object", "embed", "applet", "form", "input",
    "button", "base", "meta", "link", "portal", "svg", "math", "style", "template", "audio",
    "video", "source", "picture",
];

/// Attribute content that must never survive sanitizing (lowercase):
/// scripts and anything that would make the browser fetch from outside.
const FORBIDDEN_IN_TAGS: &[&str] = &[
    "javascript:",
    "vbscript:",
    "data:text",
    "http:",
    "https:",
    "//",
    "url(",
    "expression",
    "binding",
    "behavior",
    "evil.example",
    "tracker.invalid",
    "ping=",
    "formaction",
    "srcdoc",
    "srcset",
    "background=",
    "poster=",
    "action=",
];

#[actix_web::test]
async fn correspondents_count_each_pair_of_matching_emails_once() {
    let (status, all) = get_json("/api/correspondents?limit=1").await;
    assert_eq!(status, StatusCode::OK);
    assert_eq!(all["emails"], 22);
    assert_eq!(all["total_pairs"], 22);
    assert_eq!(all["truncated"], true);
    assert_eq!(
        all["pairs"],
        json!([{"from": "isabelle.fontaine@entreprise.example", "to": "mark.bennett@partners.example", "count": 2}])
    );
    assert_eq!(
        all["addresses"],
        json!([
            {"address": "isabelle.fontaine@entreprise.example", "sent": 2, "received": 0},
            {"address": "mark.bennett@partners.example", "sent": 0, "received": 2},
        ])
    );
    // The search's filters apply; attachments do not count their email twice.
    let (_, filtered) =
        get_json("/api/correspondents?from=isabelle.fontaine@entreprise.example").await;
    assert_eq!(filtered["emails"], 3);
    assert_eq!(filtered["truncated"], false);
    assert_eq!(
        filtered["pairs"],
        json!([
            {"from": "isabelle.fontaine@entreprise.example", "to": "mark.bennett@partners.example", "count": 2},
            {"from": "isabelle.fontaine@entreprise.example", "to": "luc.bertrand@entreprise.example", "count": 1},
        ])
    );
    let (_, none) = get_json("/api/correspondents?q=zzzznothing").await;
    assert_eq!(
        (none["emails"].clone(), none["pairs"].clone()),
        (json!(0), json!([]))
    );
    for bad in ["limit=0", "limit=1001", "limit=x", "page=0"] {
        let (status, body) = get_json(&format!("/api/correspondents?{bad}")).await;
        assert_eq!(status, StatusCode::BAD_REQUEST, "{bad}");
        assert_eq!(body["error"]["code"], "bad_parameter", "{bad}");
    }
}
