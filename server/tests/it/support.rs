//! Helpers shared by the tests that run a real `fouille serve`.

use std::io::{Read, Write};
use std::net::TcpStream;
use std::path::Path;
use std::time::{Duration, Instant};

/// A GET over a real socket; returns status and body.
pub fn http_get(port: u16, path: &str) -> Option<(u16, String)> {
    http_send(port, "GET", path, None)
}

pub fn free_port() -> u16 {
    std::net::TcpListener::bind("127.0.0.1:0")
        .unwrap()
        .local_addr()
        .unwrap()
        .port()
}

/// Kills the server when the test ends, passed or not.
pub struct Server(pub std::process::Child);

impl Drop for Server {
    fn drop(&mut self) {
        let _ = self.0.kill();
        let _ = self.0.wait();
    }
}

pub fn start_server(archive: &Path, port: u16, log: &Path) -> Server {
    start_server_with(archive, port, log, &[])
}

/// `fouille serve` with more arguments.
pub fn start_server_with(archive: &Path, port: u16, log: &Path, extra: &[&str]) -> Server {
    let child = std::process::Command::new(env!("CARGO_BIN_EXE_fouille"))
        .args([
            "serve",
            "--index",
            archive.to_str().unwrap(),
            "--bind",
            &format!("127.0.0.1:{port}"),
        ])
        .args(extra)
        .stdout(std::process::Stdio::null())
        .stderr(std::fs::File::create(log).expect("log file"))
        .spawn()
        .expect("start server");
    let server = Server(child);
    let started = Instant::now();
    while http_get(port, "/api/stats").is_none() {
        assert!(
            started.elapsed() < Duration::from_secs(20),
            "server did not start"
        );
        std::thread::sleep(Duration::from_millis(100));
    }
    server
}

/// Writes `count` distinct small messages as a Maildir and an mbox.
pub fn synthetic_mail(root: &Path, count: usize) {
    let cur = root.join("Maildir/cur");
    std::fs::create_dir_all(&cur).expect("mkdir");
    let mut mbox = String::new();
    for n in 0..count {
        let message = format!(
            "Message-ID: <synthetic-{n}@fouille.test>\nDate: Mon, 3 Apr 2017 10:{:02}:00 +0000\nFrom: Personne {n} <p{n}@example.org>\nTo: desk@example.net\nSubject: Rapport {n}\n\nLe rapport numéro {n} parle de la trésorerie et des élections.\n",
            n % 60
        );
        if n % 3 == 0 {
            mbox.push_str(&format!(
                "From p{n}@example.org Mon Apr  3 10:00:00 2017\n{message}\n"
            ));
        } else {
            std::fs::write(cur.join(format!("{n}.M{n}P1.host:2,S")), message).expect("write");
        }
    }
    std::fs::write(root.join("list.mbox"), mbox).expect("write");
}

/// A request with a method and maybe a JSON body over a real socket;
/// returns status and body.
pub fn http_send(port: u16, method: &str, path: &str, json: Option<&str>) -> Option<(u16, String)> {
    let mut stream = TcpStream::connect(("127.0.0.1", port)).ok()?;
    stream.set_read_timeout(Some(Duration::from_secs(5))).ok()?;
    let body = match json {
        Some(json) => format!(
            "Content-Type: application/json\r\nContent-Length: {}\r\n\r\n{json}",
            json.len()
        ),
        None => "\r\n".to_string(),
    };
    write!(
        stream,
        "{method} {path} HTTP/1.1\r\nHost: 127.0.0.1\r\nConnection: close\r\n{body}"
    )
    .ok()?;
    let mut response = Vec::new();
    stream.read_to_end(&mut response).ok()?;
    // Raw sources and mbox exports need not be UTF-8.
    let response = String::from_utf8_lossy(&response);
    let status = response.split_whitespace().nth(1)?.parse().ok()?;
    let body = response.split_once("\r\n\r\n")?.1.to_string();
    Some((status, body))
}
