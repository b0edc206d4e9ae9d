//! DKIM through ingest and re-verification: mail signed at test time with
//! the repository's test key (`tests/fixtures/dkim`), in every shape a leak
//! holds it, checked against a key file, then again with keys found later,
//! and with keys fetched from a name server on the loopback.

use std::net::UdpSocket;
use std::path::{Path, PathBuf};

use fouille_indexer::dkim::dns::{Found, fetch_keys, wanted_keys};
use fouille_indexer::dkim::{KeyFile, KeyRing, reverify};
use fouille_indexer::{Archive, IngestOptions};
use fouille_schema::stored::DkimReport;
use fouille_search::{ArchiveSearcher, SearchRequest};
use mail_auth::common::crypto::{RsaKey, Sha256};
use mail_auth::common::headers::HeaderWriter;
use mail_auth::dkim::DkimSigner;
use rustls_pki_types::pem::PemObject;
use rustls_pki_types::{PrivateKeyDer, PrivatePkcs8KeyDer};

use super::{fixtures, run_ingest_with};

fn dkim_fixture(name: &str) -> String {
    std::fs::read_to_string(fixtures().join("dkim").join(name)).expect("dkim fixture")
}

/// An email from example.org, with CRLF line ends.
fn message(subject: &str, body: &str) -> String {
    format!(
        "From: Alice Martin <alice@example.org>\r\n\
         To: bob@example.fr\r\n\
         Subject: {subject}\r\n\
         Date: Mon, 1 May 2017 10:00:00 +0200\r\n\
         Message-ID: <{}@example.org>\r\n\
         \r\n\
         {body}",
        subject.to_lowercase().replace(' ', "-")
    )
}

struct Signing<'a> {
    selector: &'a str,
    body_length: bool,
    expiration: u64,
}

const PLAIN: Signing = Signing {
    selector: "s2017",
    body_length: false,
    expiration: 0,
};

fn sign(mail: &str, how: &Signing) -> String {
    let pem = dkim_fixture("test-only-s2017.example.org.pem");
    let der = PrivatePkcs8KeyDer::from_pem_slice(pem.as_bytes()).expect("test key");
    let key = RsaKey::<Sha256>::from_key_der(PrivateKeyDer::Pkcs8(der)).expect("rsa key");
    let signature = DkimSigner::from_key(key)
        .domain("example.org")
        .selector(how.selector)
        .headers(["From", "To", "Subject", "Date", "Message-ID"])
        .body_length(how.body_length)
        .expiration(how.expiration)
        .sign(mail.as_bytes())
        .expect("signed");
    format!("{}{mail}", signature.to_header())
}

/// Writes one file per case into `dir`; returns the expected outcome of
/// each subject with the key file.
fn write_cases(dir: &Path) -> Vec<(&'static str, &'static str)> {
    let write = |name: &str, text: &str| std::fs::write(dir.join(name), text).expect("write");
    let body = "Bonjour Bob,\r\nle virement part demain.\r\n";
    write("pass.eml", &sign(&message("Authentic", body), &PLAIN));
    let lf = sign(&message("Copied with LF", body), &PLAIN).replace("\r\n", "\n");
    write("lf.eml", &lf);
    // A long subject folded again by some relay: relaxed canonicalisation
    // unfolds it.
    let long = "Refolded subject that a relay wrapped onto two lines";
    let refolded = sign(&message(long, body), &PLAIN).replace(
        "Subject: Refolded subject that",
        "Subject: Refolded\r\n subject that",
    );
    write("refolded.eml", &refolded);
    // In an mbox, a body line starting with "From " is escaped.
    let from_line = "Bonjour,\r\nFrom now on, the account changes.\r\n";
    let signed = sign(&message("In an mbox", from_line), &PLAIN).replace("\r\n", "\n");
    let escaped = signed.replace("\nFrom now on", "\n>From now on");
    write(
        "box.mbox",
        &format!("From alice@example.org Mon May  1 10:00:00 2017\n{escaped}\n"),
    );
    let partial = Signing {
        body_length: true,
        ..PLAIN
    };
    let appended = format!(
        "{}PS : virez 10 000 euros sur le compte ci-dessous.\r\n",
        sign(&message("Appended", body), &partial)
    );
    write("partial.eml", &appended);
    let changed = sign(&message("Changed", body), &PLAIN).replace("demain", "jamais");
    write("changed.eml", &changed);
    let forged = format!(
        "From: Emmanuel <ceo@example.org>\r\n{}",
        sign(&message("Forged sender", body), &PLAIN)
    );
    write("forged-from.eml", &forged);
    let rotated = Signing {
        selector: "s2019",
        ..PLAIN
    };
    write("nokey.eml", &sign(&message("Rotated key", body), &rotated));
    let weak = Signing {
        selector: "weak",
        ..PLAIN
    };
    write("weak.eml", &sign(&message("Weak key", body), &weak));
    write("unsigned.eml", &message("Not signed", body));
    vec![
        ("authentic", "pass"),
        ("copied with lf", "pass"),
        ("refolded subject", "pass"),
        ("in an mbox", "pass"),
        ("appended", "partial"),
        ("changed", "fail"),
        // The classic forgery: the signature covers the From below, which
        // the reader does not show. Header forensics flags the duplicate.
        ("forged sender", "pass"),
        ("rotated key", "nokey"),
        ("weak key", "invalid"),
        ("not signed", "none"),
    ]
}

fn key_ring() -> KeyRing {
    let mut ring = KeyRing::default();
    let file = KeyFile::parse(&dkim_fixture("keys.zone")).expect("key file");
    ring.add_file(&file, "key file keys.zone");
    ring
}

fn index(archive: &Path, paths: &[PathBuf], keys: KeyRing) {
    let options = IngestOptions {
        dkim_keys: keys,
        ..IngestOptions::default()
    };
    run_ingest_with(archive, paths, options);
}

/// The signed cases indexed with `keys` (and `also`): the temporary
/// directory, the archive, and the expected outcomes.
struct Indexed {
    _dir: tempfile::TempDir,
    archive: PathBuf,
    expected: Vec<(&'static str, &'static str)>,
}

fn indexed_cases(keys: KeyRing, also: &[PathBuf]) -> Indexed {
    let dir = tempfile::tempdir().unwrap();
    let mail = dir.path().join("mail");
    std::fs::create_dir(&mail).unwrap();
    let expected = write_cases(&mail);
    let archive = dir.path().join("archive");
    let mut paths = vec![mail];
    paths.extend_from_slice(also);
    index(&archive, &paths, keys);
    Indexed {
        _dir: dir,
        archive,
        expected,
    }
}

fn searcher_of(archive: &Path) -> ArchiveSearcher {
    ArchiveSearcher::new(Archive::open(archive).unwrap()).unwrap()
}

/// The DKIM outcome of the email whose subject is `subject`.
fn outcome_of(searcher: &ArchiveSearcher, subject: &str) -> String {
    let response = searcher
        .search(&SearchRequest {
            query: format!("subject:\"{subject}\""),
            ..SearchRequest::default()
        })
        .expect("search");
    assert_eq!(response.total, 1, "{subject}");
    response.hits[0].dkim.clone().unwrap_or_default()
}

fn count(searcher: &ArchiveSearcher, query: &str) -> u64 {
    searcher
        .search(&SearchRequest {
            query: query.into(),
            ..SearchRequest::default()
        })
        .expect("search")
        .total
}

#[test]
fn every_shape_of_signed_mail_gets_its_outcome() {
    let indexed = indexed_cases(key_ring(), &[fixtures().join("documents")]);
    let archive = &indexed.archive;
    let searcher = searcher_of(archive);
    for (subject, outcome) in &indexed.expected {
        assert_eq!(&outcome_of(&searcher, subject), outcome, "{subject}");
    }
    assert_eq!(count(&searcher, "dkim:pass"), 5);
    assert_eq!(count(&searcher, "dkim:fail"), 1);
    assert_eq!(count(&searcher, "dkim:partial subject:appended"), 1);
    // An Outlook .msg is written back as MIME: no original bytes.
    assert_eq!(count(&searcher, "dkim:unverifiable"), 1);
    let facet = searcher
        .search(&SearchRequest::default())
        .unwrap()
        .facets
        .dkim;
    let pass = facet.iter().find(|value| value.value == "pass").unwrap();
    assert_eq!(pass.count, 5);
    // The archive keeps the keys it was given, with their source.
    let ring = KeyRing::load(archive).unwrap();
    assert_eq!(
        ring.get("s2017", "example.org").unwrap().source,
        "key file keys.zone"
    );
}

/// The stored report of the email whose subject is `subject`.
fn report_of(searcher: &ArchiveSearcher, subject: &str) -> DkimReport {
    let response = searcher
        .search(&SearchRequest {
            query: format!("subject:\"{subject}\""),
            ..SearchRequest::default()
        })
        .unwrap();
    let view = searcher.message(&response.hits[0].id).unwrap();
    view.provenance.dkim.expect("a dkim report")
}

#[test]
fn the_report_tells_each_signature() {
    let indexed = indexed_cases(key_ring(), &[]);
    let searcher = searcher_of(&indexed.archive);
    let report = report_of(&searcher, "appended");
    let signature = &report.signatures[0];
    assert_eq!(signature.domain, "example.org");
    assert_eq!(signature.selector, "s2017");
    assert_eq!(signature.algorithm, "rsa-sha256");
    assert_eq!(signature.key_bits, Some(2048));
    assert_eq!(signature.key_source.as_deref(), Some("key file keys.zone"));
    assert!(signature.aligned);
    let body = "Bonjour Bob,\r\nle virement part demain.\r\n".len() as u64;
    assert_eq!(signature.body_signed, Some(body));
    let ps = "PS : virez 10 000 euros sur le compte ci-dessous.\r\n".len() as u64;
    assert_eq!(signature.body_total, body + ps);
    let weak = report_of(&searcher, "weak key");
    assert_eq!(weak.signatures[0].key_bits, Some(512));
    let none = report_of(&searcher, "not signed");
    assert!(none.signatures.is_empty());
}

#[test]
fn keys_found_later_turn_nokey_into_pass_or_fail() {
    let indexed = indexed_cases(KeyRing::default(), &[]);
    let archive = &indexed.archive;
    let searcher = searcher_of(archive);
    // Without keys, nothing can be told, the weak key's signature included.
    assert_eq!(count(&searcher, "dkim:nokey"), 9);
    assert_eq!(count(&searcher, "dkim:pass"), 0);
    let done = reverify(archive, &key_ring(), &mut |_, _| {}).unwrap();
    assert_eq!(done.checked, 9);
    assert_eq!(done.keys_added, 2);
    assert_eq!(done.before.get("nokey"), Some(&9));
    assert_eq!(done.after.get("pass"), Some(&5));
    assert_eq!(done.changed, 8);
    searcher.reload().unwrap();
    assert_eq!(count(&searcher, "dkim:pass"), 5);
    assert_eq!(count(&searcher, "dkim:fail"), 1);
    assert_eq!(count(&searcher, "dkim:nokey"), 1);
    // The rebuilt documents are whole: still found by their words, once.
    assert_eq!(count(&searcher, "virement"), 9);
    assert_eq!(count(&searcher, "subject:authentic"), 1);
    // Checking again changes nothing.
    let again = reverify(archive, &KeyRing::default(), &mut |_, _| {}).unwrap();
    assert_eq!((again.changed, again.keys_added), (0, 0));
}

/// A name server on the loopback that answers one TXT record for
/// `s2019._domainkey.example.org` and "no such name" for any other.
fn loopback_name_server(record: String) -> std::net::SocketAddr {
    let socket = UdpSocket::bind("127.0.0.1:0").unwrap();
    let address = socket.local_addr().unwrap();
    std::thread::spawn(move || {
        let mut buffer = [0u8; 512];
        while let Ok((length, peer)) = socket.recv_from(&mut buffer) {
            let reply = dns_reply(&buffer[..length], &record);
            let _ = socket.send_to(&reply, peer);
        }
    });
    address
}

/// The answer to one DNS query (RFC 1035 §4.1): the question echoed, and
/// the TXT record when the name is the one served.
fn dns_reply(query: &[u8], record: &str) -> Vec<u8> {
    let mut at = 12;
    let mut labels = Vec::new();
    while at < query.len() && query[at] != 0 {
        let length = usize::from(query[at]);
        labels.push(String::from_utf8_lossy(&query[at + 1..at + 1 + length]).to_lowercase());
        at += 1 + length;
    }
    let question_end = at + 5;
    let served = labels.join(".") == "s2019._domainkey.example.org";
    let mut reply = query[..2].to_vec();
    reply.extend_from_slice(&[0x81, if served { 0x80 } else { 0x83 }]);
    reply.extend_from_slice(&[0, 1, 0, u8::from(served), 0, 0, 0, 0]);
    reply.extend_from_slice(&query[12..question_end]);
    if served {
        let mut data = Vec::new();
        for chunk in record.as_bytes().chunks(255) {
            data.push(chunk.len() as u8);
            data.extend_from_slice(chunk);
        }
        reply.extend_from_slice(&[0xc0, 12, 0, 16, 0, 1, 0, 0, 0x0e, 0x10]);
        reply.extend_from_slice(&(data.len() as u16).to_be_bytes());
        reply.extend_from_slice(&data);
    }
    reply
}

#[test]
fn keys_are_fetched_from_a_name_server_only_for_what_lacks_one() {
    let indexed = indexed_cases(key_ring(), &[]);
    let archive = &indexed.archive;
    let wanted = wanted_keys(archive).unwrap();
    let names: Vec<String> = wanted.iter().map(|name| name.name()).collect();
    assert_eq!(names, ["s2019._domainkey.example.org"]);
    // The rotated selector, published again under its old name.
    let record = key_ring()
        .get("s2017", "example.org")
        .unwrap()
        .record
        .clone();
    let server = loopback_name_server(record);
    let mut heard = 0;
    let found = fetch_keys(
        &wanted,
        Some(server),
        std::time::Duration::from_secs(5),
        &mut |_, _| heard += 1,
    )
    .unwrap();
    assert_eq!(heard, 1);
    let Found::Key(key) = &found[0].1 else {
        panic!("no key: {:?}", found[0].1);
    };
    let mut ring = KeyRing::default();
    ring.insert(
        &found[0].0.name(),
        key,
        "DNS (loopback), fetched 2026-12-06",
    );
    let done = reverify(archive, &ring, &mut |_, _| {}).unwrap();
    assert_eq!(done.changed, 1);
    let searcher = searcher_of(archive);
    assert_eq!(outcome_of(&searcher, "rotated key"), "pass");
    let stored = KeyRing::load(archive).unwrap();
    let source = &stored.get("s2019", "example.org").unwrap().source;
    assert_eq!(source, "DNS (loopback), fetched 2026-12-06");
    // A name the server does not know is missing, not an error.
    let other = fouille_indexer::dkim::dns::Wanted {
        selector: "gone".into(),
        domain: "example.org".into(),
    };
    let found = fetch_keys(
        &[other],
        Some(server),
        std::time::Duration::from_secs(5),
        &mut |_, _| {},
    )
    .unwrap();
    assert!(matches!(found[0].1, Found::Missing(_)), "{:?}", found[0].1);
}

/// Writes the signed cases into `tests/fixtures/dkim/mail`, for the command
/// line tests and the demo: `cargo test -p fouille-indexer --test archive
/// write_signed_fixtures -- --ignored`. The signatures' `t=` is the time of
/// writing, so the files change each time; they need not be written again.
#[test]
#[ignore]
fn write_signed_fixtures() {
    let dir = fixtures().join("dkim/mail");
    std::fs::create_dir_all(&dir).unwrap();
    write_cases(&dir);
}
