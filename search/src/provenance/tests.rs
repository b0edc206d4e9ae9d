//! Provenance over handcrafted messages: a clean chain, each anomaly where
//! it belongs and nowhere else, and hostile headers.

use mail_parser::MessageParser;

use super::*;

fn read(raw: &str) -> Provenance {
    let message = MessageParser::default()
        .parse(raw.as_bytes())
        .expect("parses");
    provenance(&message)
}

fn codes(provenance: &Provenance) -> Vec<AnomalyCode> {
    provenance.anomalies.iter().map(|a| a.code).collect()
}

/// A message with three hops, 08:00:05, 08:00:20 and 08:00:30 UTC, whose
/// `{top}` lines go above the Received chain and `{head}` below it.
fn mail(top: &str, head: &str) -> String {
    format!(
        "{top}Received: from mx.dest.example (mx.dest.example [192.0.2.10])\n\tby mail.dest.example with LMTP id L1; Mon, 2 Oct 2017 10:00:30 +0200\n\
Received: from out.sender.example (out.sender.example [198.51.100.7])\n\tby mx.dest.example (Postfix) with ESMTPS id E2; Mon, 2 Oct 2017 08:00:20 +0000\n\
Received: from laptop ([10.0.0.5]) by out.sender.example with ESMTPSA id S3;\n\tMon, 2 Oct 2017 08:00:05 +0000\n\
{head}Subject: Budget\nTo: alice@dest.example\n\nBody.\n"
    )
}

const CLEAN: &str = "Return-Path: <bob@sender.example>\n";
const CLEAN_HEAD: &str = "From: Bob <bob@sender.example>\nDate: Mon, 2 Oct 2017 08:00:00 +0000\nMessage-ID: <abc.1@laptop.sender.example>\nX-Mailer: Microsoft Outlook 16.0\n";

#[test]
fn hops_read_oldest_first_with_delays() {
    let provenance = read(&mail(CLEAN, CLEAN_HEAD));
    assert_eq!(provenance.hops.len(), 3);
    let first = &provenance.hops[0];
    assert_eq!(first.from.as_deref(), Some("laptop [10.0.0.5]"));
    assert_eq!(first.by.as_deref(), Some("out.sender.example"));
    assert_eq!(first.with.as_deref(), Some("ESMTPSA"));
    assert_eq!(first.id.as_deref(), Some("S3"));
    assert_eq!(first.time.as_deref(), Some("2017-10-02T08:00:05Z"));
    assert_eq!(first.delay_seconds, None);
    assert_eq!(
        provenance.hops[1].from.as_deref(),
        Some("out.sender.example [198.51.100.7]")
    );
    assert_eq!(provenance.hops[1].delay_seconds, Some(15));
    let last = &provenance.hops[2];
    assert_eq!(last.by.as_deref(), Some("mail.dest.example"));
    assert_eq!(last.with.as_deref(), Some("LMTP"));
    assert_eq!(last.time.as_deref(), Some("2017-10-02T08:00:30Z"));
    assert_eq!(last.delay_seconds, Some(10));
    assert_eq!(last.raw, None);
    assert_eq!(provenance.client.as_deref(), Some("Microsoft Outlook 16.0"));
    assert_eq!(provenance.hops_left_out, 0);
    assert_eq!(provenance.anomalies, Vec::new());
}

#[test]
fn duplicate_from_is_named_with_the_forgery_it_suggests() {
    let head = format!("From: Mallory <ceo@sender.example>\n{CLEAN_HEAD}Subject: Other\n");
    let provenance = read(&mail(CLEAN, &head));
    assert_eq!(
        codes(&provenance),
        vec![AnomalyCode::DuplicateHeader, AnomalyCode::DuplicateHeader]
    );
    let from = &provenance.anomalies[0].message;
    assert!(
        from.starts_with("The From header appears 2 times (\"Mallory <ceo@sender.example>\", \"Bob <bob@sender.example>\")"),
        "{from}"
    );
    assert!(from.contains("forge a signed message"), "{from}");
    assert!(
        provenance.anomalies[1]
            .message
            .starts_with("The Subject header appears 2 times"),
        "{}",
        provenance.anomalies[1].message
    );
    // Headers that may repeat (Received, Comments) are not flagged.
    let head = format!("{CLEAN_HEAD}Comments: one\nComments: two\n");
    assert_eq!(codes(&read(&mail(CLEAN, &head))), Vec::new());
}

#[test]
fn date_outside_the_received_window() {
    let with_date = |date: &str| {
        let head = CLEAN_HEAD.replace("Mon, 2 Oct 2017 08:00:00 +0000", date);
        codes(&read(&mail(CLEAN, &head)))
    };
    assert_eq!(
        with_date("Fri, 29 Sep 2017 08:00:00 +0000"),
        vec![AnomalyCode::DateOutsideReceived]
    );
    assert_eq!(
        with_date("Wed, 4 Oct 2017 09:00:00 +0000"),
        vec![AnomalyCode::DateOutsideReceived]
    );
    // Hours off (a wrong time zone, an outbox) are tolerated.
    assert_eq!(with_date("Mon, 2 Oct 2017 02:00:00 +0000"), Vec::new());
    assert_eq!(with_date("Mon, 2 Oct 2017 20:00:00 +0000"), Vec::new());
    let early = read(&mail(
        CLEAN,
        &CLEAN_HEAD.replace(
            "Mon, 2 Oct 2017 08:00:00 +0000",
            "Fri, 29 Sep 2017 08:00:00 +0000",
        ),
    ));
    assert_eq!(
        early.anomalies[0].message,
        "The Date header (2017-09-29T08:00:00Z) is 72 hours before the first server received the message (2017-10-02T08:00:05Z)."
    );
    // Resent mail keeps its old Date on a new chain.
    let resent = CLEAN_HEAD.replace(
        "Mon, 2 Oct 2017 08:00:00 +0000",
        "Fri, 29 Sep 2017 08:00:00 +0000",
    ) + "Resent-Date: Mon, 2 Oct 2017 08:00:00 +0000\n";
    assert_eq!(codes(&read(&mail(CLEAN, &resent))), Vec::new());
}

#[test]
fn message_id_host_unrelated_to_the_sender() {
    let with_id = |id: &str| {
        let head = CLEAN_HEAD.replace("abc.1@laptop.sender.example", id);
        codes(&read(&mail(CLEAN, &head)))
    };
    assert_eq!(
        with_id("x@bulk.elsewhere.example"),
        vec![AnomalyCode::MessageIdHost]
    );
    // The sender's domain, a relay's domain, a bare or local host: fine.
    assert_eq!(with_id("x@sender.example"), Vec::new());
    assert_eq!(with_id("x@mx.dest.example"), Vec::new());
    assert_eq!(with_id("x@localhost"), Vec::new());
    assert_eq!(with_id("x.JavaMail.evans@thyme"), Vec::new());
    assert_eq!(with_id("x@[192.0.2.1]"), Vec::new());
    let message = read(&mail(
        CLEAN,
        &CLEAN_HEAD.replace("abc.1@laptop.sender.example", "x@bulk.elsewhere.example"),
    ));
    assert_eq!(
        message.anomalies[0].message,
        "The Message-ID was made on bulk.elsewhere.example, which is neither the sender's domain (sender.example) nor any server on the Received chain."
    );
    // Without a Received chain there is nothing to compare with.
    let bare =
        "From: bob@sender.example\nMessage-ID: <x@bulk.elsewhere.example>\nSubject: s\n\nb\n";
    assert_eq!(codes(&read(bare)), Vec::new());
    // A Gmail Message-ID from a Gmail sender.
    let gmail = "Received: from mail-wr1-f41.google.com (mail-wr1-f41.google.com [209.85.221.41]) by mx.dest.example with ESMTPS id Q; Mon, 2 Oct 2017 08:00:05 +0000\n\
From: bob@gmail.com\nDate: Mon, 2 Oct 2017 08:00:00 +0000\nMessage-ID: <CAx@mail.gmail.com>\nSubject: s\n\nb\n";
    assert_eq!(codes(&read(gmail)), Vec::new());
}

#[test]
fn from_domain_against_return_path_and_sender() {
    let with_top =
        |top: &str, extra: &str| codes(&read(&mail(top, &format!("{CLEAN_HEAD}{extra}"))));
    assert_eq!(
        with_top("Return-Path: <mallory@other.example>\n", ""),
        vec![AnomalyCode::FromReturnPathMismatch]
    );
    assert_eq!(
        with_top(CLEAN, "Sender: agent@other.example\n"),
        vec![AnomalyCode::FromReturnPathMismatch]
    );
    // A declared Sender whose servers relayed it, and its Return-Path.
    assert_eq!(
        with_top(
            "Return-Path: <agent@dest.example>\n",
            "Sender: agent@dest.example\n"
        ),
        Vec::new()
    );
    // Same organisation, a bounce, a list, a forwarder's SRS address: fine.
    assert_eq!(
        with_top("Return-Path: <b@bounces.sender.example>\n", ""),
        Vec::new()
    );
    assert_eq!(with_top("Return-Path: <>\n", ""), Vec::new());
    assert_eq!(
        with_top(
            "Return-Path: <list-bounces@lists.other.example>\n",
            "List-Id: <l.other.example>\n"
        ),
        Vec::new()
    );
    assert_eq!(
        with_top(
            "Return-Path: <SRS0=h=tt=sender.example=bob@fwd.other.example>\n",
            ""
        ),
        Vec::new()
    );
    let message = read(&mail("Return-Path: <mallory@other.example>\n", CLEAN_HEAD));
    assert_eq!(
        message.anomalies[0].message,
        "The From domain (sender.example) differs from the Return-Path domain (other.example)."
    );
}

#[test]
fn a_hop_dated_before_the_one_before_it() {
    let skewed =
        |time: &str| read(&mail(CLEAN, CLEAN_HEAD).replace("Mon, 2 Oct 2017 08:00:20 +0000", time));
    let reversed = skewed("Mon, 2 Oct 2017 07:20:20 +0000");
    assert_eq!(codes(&reversed), vec![AnomalyCode::ReceivedTimeReversed]);
    assert_eq!(reversed.hops[1].delay_seconds, Some(-2385));
    assert_eq!(
        reversed.anomalies[0].message,
        "Hop 2 (by mx.dest.example) is dated 39 minutes before the hop that handed it the message: a server's clock was wrong, or a Received header was forged."
    );
    // Minutes of drift are shown as a negative delay but not flagged.
    let drift = skewed("Mon, 2 Oct 2017 07:55:20 +0000");
    assert_eq!(drift.hops[1].delay_seconds, Some(-285));
    assert_eq!(codes(&drift), Vec::new());
    // Two hours back, to the minute: a server stating the wrong time zone.
    let zone = skewed("Mon, 2 Oct 2017 06:02:20 +0000");
    assert_eq!(zone.hops[1].delay_seconds, Some(-7065));
    assert_eq!(codes(&zone), Vec::new());
}

#[test]
fn a_long_chain_is_cut_from_the_oldest() {
    let mut raw = String::new();
    for n in 0..500 {
        raw.push_str(&format!(
            "Received: from h{n}.relay.example by h{}.relay.example with SMTP; Mon, 2 Oct 2017 08:00:00 +0000\n",
            n + 1
        ));
    }
    raw.push_str("From: bob@relay.example\nSubject: s\n\nb\n");
    let provenance = read(&raw);
    assert_eq!(provenance.hops.len(), MAX_HOPS);
    assert_eq!(provenance.hops_left_out, 450);
    // The newest (top) headers are kept; the last hop is the top one.
    assert_eq!(
        provenance.hops[MAX_HOPS - 1].by.as_deref(),
        Some("h1.relay.example")
    );
    assert_eq!(provenance.hops[0].by.as_deref(), Some("h50.relay.example"));
}

#[test]
fn hostile_received_headers_never_break_the_view() {
    let long = "x".repeat(100_000);
    let raw = format!(
        "Received: ;;;;\nReceived: \u{202e}from evil\u{0}.example by ; 99 Foo 99999 99:99:99 +9999\n\
Received: from a.example by b.example; Sat, 31 Dec 292277026596 23:59:59 +0000\n\
Received: from {long} by c.example; Mon, 2 Oct 2017 08:00:00 +0000\n\
Received: garbage with no keyword at all; Mon, 2 Oct 2017 08:00:00 -1200\n\
Received:\nFrom: bob@b.example\nDate: Thu, 1 Jan 1970 00:00:00 +0000\nSubject: s\n\nb\n"
    );
    let provenance = read(&raw);
    assert_eq!(provenance.hops.len(), 6);
    for hop in &provenance.hops {
        for text in [&hop.from, &hop.by, &hop.with, &hop.id, &hop.raw]
            .into_iter()
            .flatten()
        {
            assert!(text.chars().count() <= MAX_TEXT_CHARS, "{text}");
            assert!(!text.contains(['\u{202e}', '\u{0}', '\n']), "{text}");
        }
    }
    let times: Vec<Option<&str>> = provenance
        .hops
        .iter()
        .map(|hop| hop.time.as_deref())
        .collect();
    assert_eq!(
        times,
        vec![
            None,
            Some("2017-10-02T20:00:00Z"),
            Some("2017-10-02T08:00:00Z"),
            None,
            None,
            None
        ]
    );
}
