use mail_parser::{MessageParser, MimeHeaders};

use super::{PstItem, PstSummary, read_pst};
use crate::Limits;
use crate::test_files::corpus_path;

/// What a PST gave: the summary and, per message, (folder, subject,
/// attachment names); failures as (folder, reason).
struct Read {
    summary: PstSummary,
    messages: Vec<(String, String, Vec<String>)>,
    failures: Vec<(String, String)>,
}

fn read(relative: &str) -> Option<Read> {
    let path = corpus_path(relative);
    if !path.try_exists().unwrap_or(false) {
        eprintln!("{relative} missing, skipped");
        return None;
    }
    let mut messages = Vec::new();
    let mut failures = Vec::new();
    let summary = read_pst(&path, &Limits::default(), &mut |item| {
        match item {
            PstItem::Message { folder, eml } => {
                let parsed = MessageParser::default().parse(&eml).expect("parses");
                assert_eq!(
                    parsed.header_raw("X-Fouille-Converted-From").map(str::trim),
                    Some("outlook-pst")
                );
                let names = parsed
                    .attachments()
                    .map(|a| a.attachment_name().unwrap_or("?").to_string())
                    .collect();
                messages.push((folder, parsed.subject().unwrap_or("").to_string(), names));
            }
            PstItem::Failed { folder, reason } => failures.push((folder, reason)),
        }
        true
    })
    .expect("the pst opens");
    eprintln!("{relative}: {summary:?}");
    for message in &messages {
        eprintln!("  {message:?}");
    }
    for failure in &failures {
        eprintln!("  failed {failure:?}");
    }
    assert_eq!(summary.found, messages.len() as u64);
    assert_eq!(summary.failed, failures.len() as u64);
    assert_eq!(
        summary.found + summary.failed,
        summary.declared,
        "{relative}"
    );
    Some(Read {
        summary,
        messages,
        failures,
    })
}

fn has(read: &Read, folder: &str, subject: &str) -> bool {
    read.messages
        .iter()
        .any(|(f, s, _)| f == folder && s == subject)
}

#[test]
fn hoover_flags_jane_doe() {
    let Some(read) = read("hoover-testdata/pst/flags_jane_doe.pst") else {
        return;
    };
    assert_eq!(
        read.summary,
        PstSummary {
            declared: 8,
            found: 8,
            failed: 0
        }
    );
    let inbox = read
        .messages
        .iter()
        .filter(|(f, _, _)| f == "Inbox")
        .count();
    assert_eq!(inbox, 6);
    assert!(has(&read, "Inbox", "Needs response"));
    assert!(has(
        &read,
        "Sent Items",
        "RE: Needed a response, and has one"
    ));
}

#[test]
fn aleph_test_pst() {
    let Some(read) = read("fixtures-aleph-ingest-file/testPST.pst") else {
        return;
    };
    assert_eq!(read.summary.found, 6);
    assert!(read.failures.is_empty());
    // The messages sit in the IPM subtree itself, whose name is not shown.
    assert!(has(&read, "", "Feature Generators"));
    assert!(has(
        &read,
        "",
        "[WEBINAR] - \"Introducing Couchbase Server 2.5\""
    ));
}

#[test]
fn tika_test_pst() {
    let Some(read) = read("fixtures-apache-tika/microsoft-module/testPST.pst") else {
        return;
    };
    assert_eq!(read.summary.found, 7);
    assert!(has(&read, "", "FW: First email"));
    assert!(has(&read, "", "Re: Feature Generators"));
}

#[test]
fn tika_various_body_types() {
    let Some(read) = read("fixtures-apache-tika/microsoft-module/testPST_variousBodyTypes.pst")
    else {
        return;
    };
    assert_eq!(read.summary.found, 4);
    assert!(has(&read, "Inbox/tmp", "original email"));
    let forwards = read
        .messages
        .iter()
        .filter(|(f, s, _)| f == "Inbox/tmp" && s == "FW: original email")
        .count();
    assert_eq!(forwards, 3);
}

#[test]
fn stops_when_asked() {
    let path = corpus_path("hoover-testdata/pst/flags_jane_doe.pst");
    if !path.try_exists().unwrap_or(false) {
        return;
    }
    let mut seen = 0;
    let summary = read_pst(&path, &Limits::default(), &mut |_| {
        seen += 1;
        seen < 2
    })
    .unwrap();
    assert_eq!(seen, 2);
    assert_eq!(summary.found, 2);
}

#[test]
fn other_files_are_refused() {
    let dir = tempfile::tempdir().unwrap();
    let path = dir.path().join("faux.pst");
    std::fs::write(&path, b"!BDN not really a pst").unwrap();
    assert!(read_pst(&path, &Limits::default(), &mut |_| true).is_err());
    assert!(
        read_pst(
            &dir.path().join("absent.pst"),
            &Limits::default(),
            &mut |_| true
        )
        .is_err()
    );
}
