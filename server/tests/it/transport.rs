//! `fouille serve` over TLS (`--tls-cert`, `--tls-key`) and with a rate
//! limit, as a real process on a real socket.

use std::io::{Read, Write};
use std::net::TcpStream;
use std::path::Path;
use std::process::{Command, Stdio};
use std::sync::Arc;
use std::time::{Duration, Instant};

use crate::support::{Server, free_port, http_get};

fn demo_archive(dir: &Path) -> std::path::PathBuf {
    let out = dir.join("demo");
    let status = Command::new(env!("CARGO_BIN_EXE_fouille"))
        .args(["demo", "--no-serve", "--dir", out.to_str().unwrap()])
        .stdout(Stdio::null())
        .stderr(Stdio::null())
        .status()
        .expect("run demo");
    assert!(status.success());
    out.join("archive")
}

/// A GET over TLS, trusting only `root`; status line and body.
fn https_get(
    port: u16,
    root: &rustls_pki_types::CertificateDer<'static>,
    path: &str,
) -> Option<(String, String)> {
    let mut roots = rustls::RootCertStore::empty();
    roots.add(root.clone()).ok()?;
    let config = rustls::ClientConfig::builder_with_provider(Arc::new(
        rustls::crypto::ring::default_provider(),
    ))
    .with_safe_default_protocol_versions()
    .ok()?
    .with_root_certificates(roots)
    .with_no_client_auth();
    let name = rustls_pki_types::ServerName::try_from("localhost").ok()?;
    let connection = rustls::ClientConnection::new(Arc::new(config), name).ok()?;
    let socket = TcpStream::connect(("127.0.0.1", port)).ok()?;
    socket.set_read_timeout(Some(Duration::from_secs(5))).ok()?;
    let mut stream = rustls::StreamOwned::new(connection, socket);
    write!(
        stream,
        "GET {path} HTTP/1.1\r\nHost: localhost\r\nConnection: close\r\n\r\n"
    )
    .ok()?;
    let mut response = Vec::new();
    // A peer that closes without close_notify is an error for rustls; the
    // body has been read by then.
    let _ = stream.read_to_end(&mut response);
    let response = String::from_utf8_lossy(&response).into_owned();
    let (head, body) = response.split_once("\r\n\r\n")?;
    Some((head.lines().next()?.to_string(), body.to_string()))
}

#[test]
fn serves_https_with_the_given_certificate_and_refuses_plain_http() {
    let dir = tempfile::tempdir().expect("tempdir");
    let archive = demo_archive(dir.path());
    let certified =
        rcgen::generate_simple_self_signed(vec!["localhost".to_string()]).expect("certificate");
    let cert = dir.path().join("cert.pem");
    let key = dir.path().join("key.pem");
    std::fs::write(&cert, certified.cert.pem()).unwrap();
    std::fs::write(&key, certified.signing_key.serialize_pem()).unwrap();
    let root = certified.cert.der().clone();

    let port = free_port();
    let log = dir.path().join("serve.log");
    let _server = Server(
        Command::new(env!("CARGO_BIN_EXE_fouille"))
            .args(["serve", "--index", archive.to_str().unwrap()])
            .args(["--bind", &format!("127.0.0.1:{port}")])
            .args(["--tls-cert", cert.to_str().unwrap()])
            .args(["--tls-key", key.to_str().unwrap()])
            .stdout(Stdio::null())
            .stderr(std::fs::File::create(&log).unwrap())
            .spawn()
            .expect("start server"),
    );
    let started = Instant::now();
    let (status, body) = loop {
        if let Some(answer) = https_get(port, &root, "/api/stats") {
            break answer;
        }
        assert!(
            started.elapsed() < Duration::from_secs(20),
            "server did not start: {}",
            std::fs::read_to_string(&log).unwrap_or_default()
        );
        std::thread::sleep(Duration::from_millis(100));
    };
    assert_eq!(status, "HTTP/1.1 200 OK");
    let stats: serde_json::Value = serde_json::from_str(&body).expect("json");
    assert!(stats["emails"].as_u64().unwrap() > 0);
    assert!(std::fs::read_to_string(&log).unwrap().contains("https://"));
    // Plain HTTP on the TLS port gets no answer.
    assert_eq!(http_get(port, "/api/stats"), None);

    // A key that is not the certificate's is refused at start.
    let other = rcgen::generate_simple_self_signed(vec!["localhost".to_string()]).unwrap();
    std::fs::write(&key, other.signing_key.serialize_pem()).unwrap();
    let output = Command::new(env!("CARGO_BIN_EXE_fouille"))
        .args(["serve", "--index", archive.to_str().unwrap()])
        .args(["--bind", &format!("127.0.0.1:{}", free_port())])
        .args(["--tls-cert", cert.to_str().unwrap()])
        .args(["--tls-key", key.to_str().unwrap()])
        .output()
        .unwrap();
    assert!(!output.status.success());
    assert!(
        String::from_utf8_lossy(&output.stderr).contains("do not go together"),
        "{}",
        String::from_utf8_lossy(&output.stderr)
    );
    // A certificate without the key is a usage error.
    let output = Command::new(env!("CARGO_BIN_EXE_fouille"))
        .args(["serve", "--index", archive.to_str().unwrap()])
        .args(["--tls-cert", cert.to_str().unwrap()])
        .output()
        .unwrap();
    assert_eq!(output.status.code(), Some(2));
}

#[test]
fn concurrent_searches_exports_and_refusals_get_no_error() {
    const CLIENTS: usize = 24;
    const DURATION: Duration = Duration::from_secs(3);
    const PATHS: &[&str] = &[
        "/api/search?q=budget",
        "/api/export?q=&format=csv",
        "/api/search?q=%C3%A9lections&sort=newest",
        "/api/export?q=&format=mbox",
        "/api/search?q=&lang=fr&per_page=100",
        "/api/export?q=budget&format=ndjson",
        "/api/search?q=gas&page=100000",
        "/api/search?q=&per_page=1000",
        "/api/export?q=x&format=pdf",
        "/api/messages/0123456789abcdef0123456789abcdef",
    ];
    let dir = tempfile::tempdir().expect("tempdir");
    let archive = demo_archive(dir.path());
    let port = free_port();
    let _server = crate::support::start_server(&archive, port, &dir.path().join("serve.log"));
    let started = Instant::now();
    let counts: Vec<[u64; 5]> = std::thread::scope(|scope| {
        let clients: Vec<_> = (0..CLIENTS)
            .map(|client| {
                scope.spawn(move || {
                    // 2xx, 4xx, 5xx, no answer, exports turned away.
                    let mut counts = [0u64; 5];
                    let mut n = client;
                    while started.elapsed() < DURATION {
                        let slot = match http_get(port, PATHS[n % PATHS.len()]) {
                            // More exports at once than one address may
                            // run: refused at once, by design.
                            Some((503, body)) if body.contains("\"unavailable\"") => 4,
                            Some((status, _)) if status >= 500 => 2,
                            Some((status, _)) if status >= 400 => 1,
                            Some(_) => 0,
                            None => 3,
                        };
                        counts[slot] += 1;
                        n += 1;
                    }
                    counts
                })
            })
            .collect();
        clients
            .into_iter()
            .map(|client| client.join().unwrap())
            .collect()
    });
    let total = counts.iter().fold([0u64; 5], |mut sum, one| {
        for (slot, count) in one.iter().enumerate() {
            sum[slot] += count;
        }
        sum
    });
    eprintln!(
        "{CLIENTS} clients for {DURATION:?}: 2xx, 4xx, 5xx, no answer, exports turned away = {total:?}"
    );
    assert_eq!(total[2], 0, "no 5xx");
    assert_eq!(total[3], 0, "every request answered");
    assert!(total[0] > 100 && total[1] > 20, "{total:?}");
}
