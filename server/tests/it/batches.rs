//! Batch searches: through the API in-process (totals equal to single
//! searches, a bad line on its own, the bounds, privacy between users, a
//! batch cut short by a stop) and from the terminal (`fouille batch`).

use std::path::Path;
use std::time::{Duration, Instant};

use actix_web::body::MessageBody;
use actix_web::dev::{Service, ServiceResponse};
use actix_web::http::StatusCode;
use actix_web::test as actix_test;
use actix_web::test::TestRequest;
use fouille_server::app::create_app;
use fouille_server::state::AppState;
use fouille_workspace::Workspace;
use fouille_workspace::audit::AuditFilter;
use serde_json::{Value, json};

use crate::api::searcher;

const ALICE: &str = "Bearer alice-token-0123456789abcdef";
const BOB: &str = "Bearer bob-token-0123456789abcdefghij";

/// Queries of the fixtures: some match, one matches nothing.
const QUERIES: [&str; 5] = [
    "élection",
    "budget",
    "visiblehtmlword",
    "from:francois.dupre@mairie.example",
    "nothingmatchesthisword",
];

fn workspace(dir: &Path) -> Workspace {
    Workspace::open(&dir.join("workspace.sqlite")).expect("workspace")
}

/// The fixture archive's state with a workspace in `dir`.
fn state(dir: &Path) -> AppState {
    AppState::new(searcher()).with_workspace(workspace(dir))
}

/// The same, for alice and bob (named tokens).
fn team_state(dir: &Path) -> AppState {
    let tokens = dir.join("tokens");
    std::fs::write(
        &tokens,
        format!(
            "alice:{}\nbob:{}\n",
            &ALICE["Bearer ".len()..],
            &BOB["Bearer ".len()..]
        ),
    )
    .unwrap();
    let credentials = fouille_server::auth::Credentials::load(None, Some(&tokens)).unwrap();
    AppState {
        credentials: Some(std::sync::Arc::new(credentials)),
        ..state(dir)
    }
}

async fn send<S, R, B>(app: &S, request: R) -> (StatusCode, Vec<u8>)
where
    S: Service<R, Response = ServiceResponse<B>, Error = actix_web::Error>,
    B: MessageBody,
{
    let response = actix_test::call_service(app, request).await;
    let status = response.status();
    (status, actix_test::read_body(response).await.to_vec())
}

fn post(uri: &str, content_type: &str, body: impl Into<Vec<u8>>) -> actix_test::TestRequest {
    actix_test::TestRequest::post()
        .uri(uri)
        .insert_header(("Content-Type", content_type))
        .set_payload(body.into())
}

fn get(uri: &str) -> actix_test::TestRequest {
    actix_test::TestRequest::get().uri(uri)
}

fn json_of(body: &[u8]) -> Value {
    serde_json::from_slice(body).expect("json body")
}

/// Posts a batch and waits until it is done; its answer. `build` is
/// `TestRequest::to_request` (its type, actix-http's, is not named here).
async fn run<S, R, B>(
    app: &S,
    build: fn(actix_test::TestRequest) -> R,
    request: actix_test::TestRequest,
    authorization: &str,
) -> Value
where
    S: Service<R, Response = ServiceResponse<B>, Error = actix_web::Error>,
    B: MessageBody,
{
    let with_auth = |request: actix_test::TestRequest| {
        if authorization.is_empty() {
            request
        } else {
            request.insert_header(("Authorization", authorization))
        }
    };
    let (status, body) = send(app, build(with_auth(request))).await;
    assert_eq!(
        status,
        StatusCode::ACCEPTED,
        "{}",
        String::from_utf8_lossy(&body)
    );
    let id = json_of(&body)["id"].as_str().unwrap().to_string();
    assert_eq!(id.len(), 16);
    let started = Instant::now();
    loop {
        let (status, body) = send(app, build(with_auth(get(&format!("/api/batches/{id}"))))).await;
        assert_eq!(status, StatusCode::OK);
        let batch = json_of(&body);
        if batch["status"] == "done" {
            return batch;
        }
        assert_eq!(batch["status"], "running");
        assert!(
            started.elapsed() < Duration::from_secs(60),
            "batch not done"
        );
        actix_web::rt::time::sleep(Duration::from_millis(20)).await;
    }
}

fn encode(text: &str) -> String {
    form_urlencoded::byte_serialize(text.as_bytes()).collect()
}

/// `/api/search`'s total for `query` with `filters` (a query string).
async fn search_total<S, R, B>(
    app: &S,
    build: fn(actix_test::TestRequest) -> R,
    query: &str,
    filters: &str,
) -> u64
where
    S: Service<R, Response = ServiceResponse<B>, Error = actix_web::Error>,
    B: MessageBody,
{
    let uri = format!("/api/search?q={}&{filters}", encode(query));
    let (status, body) = send(app, build(get(&uri))).await;
    assert_eq!(status, StatusCode::OK);
    json_of(&body)["total"].as_u64().unwrap()
}

#[actix_web::test]
async fn batch_totals_equal_single_searches_and_a_bad_line_has_its_own_error() {
    let dir = tempfile::tempdir().unwrap();
    let app = actix_test::init_service(create_app(state(dir.path()), false)).await;
    let long = "x".repeat(5_000);
    let mut lines: Vec<&str> = QUERIES.to_vec();
    lines.insert(2, &long);
    let body = format!("{}\r\n\r\n", lines.join("\r\n"));
    for filters in ["", "lang=fr", "after=2017-01-01&kind=email"] {
        let batch = run(
            &app,
            TestRequest::to_request,
            post(
                &format!("/api/batches?{filters}"),
                "text/plain; charset=utf-8",
                body.clone(),
            ),
            "",
        )
        .await;
        assert_eq!(batch["total"], 6);
        assert_eq!(batch["done"], 6);
        assert_eq!(batch["filters"], filters);
        let rows = batch["rows"].as_array().unwrap();
        assert_eq!(rows.len(), 6);
        for (row, query) in rows.iter().zip(&lines) {
            assert_eq!(row["query"], *query);
            if query.len() == 5_000 {
                assert_eq!(
                    row,
                    &json!({"query": long, "total": 0, "error": "query longer than 4096 characters"})
                );
            } else {
                assert_eq!(
                    row["total"],
                    search_total(&app, TestRequest::to_request, query, filters).await,
                    "{query} {filters}"
                );
                assert!(row.get("error").is_none());
            }
        }
        if filters.is_empty() {
            let totals: Vec<u64> = rows
                .iter()
                .map(|row| row["total"].as_u64().unwrap())
                .collect();
            assert_eq!(totals[0], 6, "élection in the fixtures");
            assert_eq!(totals[5], 0);
        }
    }
    let audit = workspace(dir.path())
        .audit(&AuditFilter::default())
        .unwrap();
    let batches: Vec<(&str, &str, &Value)> = audit
        .iter()
        .map(|entry| (entry.user.as_str(), entry.action.as_str(), &entry.detail))
        .collect();
    assert_eq!(batches, vec![("local", "batch", &json!({"queries": 6})); 3]);
}

#[actix_web::test]
async fn results_csv_lists_each_querys_top_hits_with_permalinks() {
    let dir = tempfile::tempdir().unwrap();
    let app = actix_test::init_service(create_app(state(dir.path()), false)).await;
    let body = json!({"queries": ["élection", "nothingmatchesthisword", "=cmd"], "lang": "fr"});
    let batch = run(
        &app,
        TestRequest::to_request,
        post("/api/batches", "application/json", body.to_string()),
        "",
    )
    .await;
    let id = batch["id"].as_str().unwrap();
    let response = actix_test::call_service(
        &app,
        get(&format!("/api/batches/{id}/results.csv")).to_request(),
    )
    .await;
    assert_eq!(response.status(), StatusCode::OK);
    assert_eq!(
        response.headers().get("content-type").unwrap(),
        "text/csv; charset=utf-8"
    );
    let csv = String::from_utf8(actix_test::read_body(response).await.to_vec()).unwrap();
    let (status, body) = send(
        &app,
        get("/api/search?q=%C3%A9lection&lang=fr&per_page=10").to_request(),
    )
    .await;
    assert_eq!(status, StatusCode::OK);
    let search = json_of(&body);
    let mut expected =
        vec!["query,total,error,rank,id,kind,date,from,subject,permalink".to_string()];
    for (rank, hit) in search["hits"].as_array().unwrap().iter().enumerate() {
        let mut writer = csv::Writer::from_writer(Vec::new());
        let id = hit["id"].as_str().unwrap();
        writer
            .write_record([
                "élection",
                "4",
                "",
                &(rank + 1).to_string(),
                id,
                "email",
                hit["date"].as_str().unwrap_or(""),
                hit["from"]["address"].as_str().unwrap_or(""),
                hit["subject"].as_str().unwrap(),
                &format!("http://localhost/messages/{id}"),
            ])
            .unwrap();
        let line = String::from_utf8(writer.into_inner().unwrap()).unwrap();
        expected.push(line.trim_end().to_string());
    }
    assert_eq!(expected.len(), 5, "four French hits");
    expected.push("nothingmatchesthisword,0,,,,,,,,".into());
    expected.push("'=cmd,0,,,,,,,,".into());
    assert_eq!(csv.lines().collect::<Vec<_>>(), expected);
}

#[actix_web::test]
async fn a_csv_list_with_a_header_row_is_read() {
    let dir = tempfile::tempdir().unwrap();
    let app = actix_test::init_service(create_app(state(dir.path()), false)).await;
    let batch = run(
        &app,
        TestRequest::to_request,
        post(
            "/api/batches",
            "text/csv",
            "\u{feff}query,why\r\nbudget,\"a, b\"\r\n\"élection\"\r\n,empty\r\n",
        ),
        "",
    )
    .await;
    assert_eq!(batch["total"], 2);
    let rows = batch["rows"].as_array().unwrap();
    assert_eq!(
        rows.iter()
            .map(|row| row["query"].as_str().unwrap())
            .collect::<Vec<_>>(),
        ["budget", "élection"]
    );
    assert_eq!(
        rows[0]["total"],
        search_total(&app, TestRequest::to_request, "budget", "").await
    );
    assert_eq!(rows[1]["total"], 6);
}

#[actix_web::test]
async fn bad_batches_are_refused_with_clear_errors() {
    let dir = tempfile::tempdir().unwrap();
    let app = actix_test::init_service(create_app(state(dir.path()), false)).await;
    let too_many = "lay\n".repeat(10_001);
    let huge = "a".repeat(2 * 1024 * 1024 + 1);
    for (request, status, code, message) in [
        (
            post("/api/batches", "text/plain", too_many),
            400,
            "bad_parameter",
            "the batch holds 10001 queries; at most 10000 are accepted",
        ),
        (
            post("/api/batches", "application/xml", "<q>lay</q>"),
            415,
            "unsupported_media_type",
            "send the list as text/csv, text/plain or application/json",
        ),
        (
            post("/api/batches", "text/plain", huge),
            413,
            "request_too_large",
            "the body is over 2097152 bytes",
        ),
        (
            post("/api/batches", "text/plain", "\n\n"),
            400,
            "bad_parameter",
            "the batch holds no query",
        ),
        (
            get("/api/batches/0123456789abcdef"),
            404,
            "not_found",
            "no batch 0123456789abcdef",
        ),
        (get("/api/batches/../../etc"), 404, "not_found", "no route"),
        (
            get("/api/batches/XYZ"),
            400,
            "bad_id",
            "a batch id is 16 hexadecimal digits",
        ),
    ] {
        let (got, body) = send(&app, request.to_request()).await;
        let body = json_of(&body);
        assert_eq!(
            (got.as_u16(), body["error"]["code"].as_str().unwrap()),
            (status, code),
            "{body}"
        );
        if message != "no route" {
            assert_eq!(body["error"]["message"], message);
        }
    }
    // Without a workspace there is nowhere to keep a batch.
    let app = actix_test::init_service(create_app(AppState::new(searcher()), false)).await;
    let (status, body) = send(&app, post("/api/batches", "text/plain", "lay").to_request()).await;
    assert_eq!(status, StatusCode::CONFLICT);
    assert_eq!(json_of(&body)["error"]["code"], "workspace_unavailable");
}

#[actix_web::test]
async fn a_batch_is_private_to_its_user() {
    let dir = tempfile::tempdir().unwrap();
    let app = actix_test::init_service(create_app(team_state(dir.path()), false)).await;
    let batch = run(
        &app,
        TestRequest::to_request,
        post("/api/batches", "text/plain", "budget\n"),
        ALICE,
    )
    .await;
    let id = batch["id"].as_str().unwrap();
    for uri in [
        format!("/api/batches/{id}"),
        format!("/api/batches/{id}/results.csv"),
    ] {
        let (status, body) = send(
            &app,
            get(&uri).insert_header(("Authorization", BOB)).to_request(),
        )
        .await;
        assert_eq!(status, StatusCode::NOT_FOUND, "{uri}");
        assert_eq!(json_of(&body)["error"]["message"], format!("no batch {id}"));
        let (status, _) = send(&app, get(&uri).to_request()).await;
        assert_eq!(status, StatusCode::UNAUTHORIZED);
    }
    let list = |token: &'static str| {
        send(
            &app,
            get("/api/batches")
                .insert_header(("Authorization", token))
                .to_request(),
        )
    };
    let (status, body) = list(BOB).await;
    assert_eq!(status, StatusCode::OK);
    assert_eq!(json_of(&body), json!({"batches": []}));
    let (_, body) = list(ALICE).await;
    let listed = json_of(&body);
    assert_eq!(listed["batches"].as_array().unwrap().len(), 1);
    let first = &listed["batches"][0];
    assert_eq!(
        (
            &first["id"],
            &first["status"],
            &first["done"],
            &first["total"]
        ),
        (&json!(id), &json!("done"), &json!(1), &json!(1))
    );
    assert_eq!(first["created"], batch["created"]);
    let audit = workspace(dir.path())
        .audit(&AuditFilter::default())
        .unwrap();
    assert_eq!(
        audit
            .iter()
            .map(|entry| (
                entry.user.as_str(),
                entry.action.as_str(),
                entry.target.as_str()
            ))
            .collect::<Vec<_>>(),
        [("alice", "batch", id)]
    );
}

#[actix_web::test]
async fn a_batch_left_running_by_a_stopped_server_reads_as_interrupted() {
    let dir = tempfile::tempdir().unwrap();
    // What a server killed in the middle of a batch leaves behind.
    workspace(dir.path())
        .create_batch("local", "00112233445566ff", 3, "lang=fr")
        .unwrap();
    let app = actix_test::init_service(create_app(state(dir.path()), false)).await;
    let (status, body) = send(&app, get("/api/batches/00112233445566ff").to_request()).await;
    assert_eq!(status, StatusCode::OK);
    let batch = json_of(&body);
    assert_eq!(
        (
            &batch["status"],
            &batch["done"],
            &batch["total"],
            &batch["rows"]
        ),
        (&json!("interrupted"), &json!(0), &json!(3), &json!([]))
    );
    let (_, body) = send(&app, get("/api/batches").to_request()).await;
    assert_eq!(json_of(&body)["batches"][0]["status"], "interrupted");
}

fn fouille_batch(args: &[&str], stdin: &[u8]) -> std::process::Output {
    use std::io::Write;
    let mut child = std::process::Command::new(env!("CARGO_BIN_EXE_fouille"))
        .arg("batch")
        .args(args)
        .stdin(std::process::Stdio::piped())
        .stdout(std::process::Stdio::piped())
        .stderr(std::process::Stdio::piped())
        .spawn()
        .expect("run fouille batch");
    child.stdin.take().unwrap().write_all(stdin).unwrap();
    let output = child.wait_with_output().unwrap();
    assert!(
        output.status.success(),
        "{}",
        String::from_utf8_lossy(&output.stderr)
    );
    output
}

/// Each query's total in a results CSV, in order.
fn csv_totals(csv: &[u8]) -> Vec<(String, u64)> {
    let mut reader = csv::Reader::from_reader(csv);
    let mut totals: Vec<(String, u64)> = Vec::new();
    for record in reader.records() {
        let record = record.unwrap();
        let query = record[0].to_string();
        if totals.last().is_none_or(|(last, _)| *last != query) {
            totals.push((query, record[1].parse().unwrap()));
        }
    }
    totals
}

#[actix_web::test]
async fn fouille_batch_writes_the_same_totals_from_the_terminal() {
    let dir = tempfile::tempdir().unwrap();
    let app = actix_test::init_service(create_app(state(dir.path()), false)).await;
    let archive = searcher().archive().dir().to_str().unwrap().to_string();
    let list = dir.path().join("names.txt");
    std::fs::write(&list, QUERIES.join("\n")).unwrap();
    let out = dir.path().join("results.csv");
    let written = fouille_batch(
        &[
            "--index",
            &archive,
            list.to_str().unwrap(),
            "--out",
            out.to_str().unwrap(),
            "--lang",
            "fr",
        ],
        b"",
    );
    assert_eq!(
        String::from_utf8_lossy(&written.stdout).trim(),
        format!(
            "5 queries: 4 with matches, 0 with an error; written to {}",
            out.display()
        )
    );
    let csv = std::fs::read(&out).unwrap();
    let mut expected = Vec::new();
    for query in QUERIES {
        expected.push((
            query.to_string(),
            search_total(&app, TestRequest::to_request, query, "lang=fr").await,
        ));
    }
    assert_eq!(csv_totals(&csv), expected);
    assert!(
        String::from_utf8_lossy(&csv).contains(",/messages/"),
        "relative permalinks"
    );
    // From stdin to stdout: the same CSV.
    let piped = fouille_batch(
        &["--index", &archive, "-", "--lang", "fr"],
        QUERIES.join("\r\n").as_bytes(),
    );
    assert_eq!(piped.stdout, csv);
}
