//! Where an email came from, as its headers tell it: the Received chain as
//! hops, the client that wrote it, and the anomalies a forger or a broken
//! relay leaves behind. Computed from the stored raw bytes each time a
//! message is read, so a better check applies to archives already built.
//!
//! Each check is small and errs on the side of silence: a flag on genuine
//! mail teaches reporters to ignore the panel. The codes are listed once, in
//! [`AnomalyCode`]; the tolerances are the constants below.

use std::collections::BTreeMap;
use std::net::IpAddr;

use fouille_extract::client::sending_client;
use fouille_schema::stored::DkimReport;
use mail_parser::parsers::MessageStream;
use mail_parser::{HeaderName, HeaderValue, Host, Received};
use serde::{Deserialize, Serialize};

mod domain;

use domain::{Domains, domain_of_address, is_public, registrable};

/// Received headers read, from the top (the newest, added by the
/// recipient's own servers and the hardest to forge); a longer chain is
/// damage or an attack.
pub const MAX_HOPS: usize = 50;
/// Characters kept of any host, protocol, id or raw header shown.
const MAX_TEXT_CHARS: usize = 255;
/// How far a Date may lie outside the Received window: a day covers a
/// sender's clock set to the wrong time zone and mail held in an outbox.
pub const DATE_TOLERANCE_SECS: i64 = 24 * 3600;
/// How far a hop may be dated before the hop that handed it the message:
/// relays' clocks drift by minutes, not more.
pub const REVERSED_TOLERANCE_SECS: i64 = 15 * 60;
/// A hop dated a whole number of hours (up to 14) before the previous one,
/// give or take this, is a server that states the wrong time zone: common
/// in older mail (caml-list 1995: `12:17:14 GMT` from a host on Paris
/// time), and no sign of forgery.
const TIME_ZONE_SLACK_SECS: i64 = 10 * 60;
/// Headers a message carries at most once (RFC 5322 §3.6).
const SINGLE_HEADERS: [&str; 10] = [
    "From",
    "Sender",
    "To",
    "Cc",
    "Subject",
    "Date",
    "Message-ID",
    "Reply-To",
    "In-Reply-To",
    "References",
];

/// What can be told of a message's origin from its headers.
#[derive(Debug, Clone, Default, PartialEq, Eq, Serialize, Deserialize)]
#[cfg_attr(feature = "openapi", derive(utoipa::ToSchema))]
pub struct Provenance {
    /// The Received chain, oldest first: from the sender's side to the
    /// recipient's, the order a reporter reads it in.
    pub hops: Vec<Hop>,
    /// Received headers past the first [`MAX_HOPS`] from the top, the
    /// oldest, left out.
    #[serde(default, skip_serializing_if = "is_zero")]
    pub hops_left_out: usize,
    /// The client that wrote it (X-Mailer, User-Agent, X-MimeOLE or
    /// X-Newsreader), as written.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub client: Option<String>,
    /// What looks wrong, each with a code and an English sentence.
    pub anomalies: Vec<Anomaly>,
    /// What its DKIM signatures and ARC seals say, as checked at index time
    /// (or by the last `fouille dkim`); absent for an archive indexed before
    /// DKIM checks.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub dkim: Option<DkimReport>,
}

fn is_zero(count: &usize) -> bool {
    *count == 0
}

/// One Received header: a server that took the message from another.
#[derive(Debug, Clone, Default, PartialEq, Eq, Serialize, Deserialize)]
#[cfg_attr(feature = "openapi", derive(utoipa::ToSchema))]
pub struct Hop {
    /// The host that handed the message over, as it named itself, then its
    /// reverse DNS name in parentheses and its IP in brackets when given:
    /// `mail.example.org (mx.example.net) [192.0.2.1]`.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub from: Option<String>,
    /// The host that received it.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub by: Option<String>,
    /// Protocol (`SMTP`, `ESMTPS`, `HTTP`…).
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub with: Option<String>,
    /// The receiving server's id for the message.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub id: Option<String>,
    /// When it was received, RFC 3339 UTC.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub time: Option<String>,
    /// Seconds since the previous dated hop; negative when this hop says
    /// it received the message before it was sent on.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub delay_seconds: Option<i64>,
    /// The header as written, when it could not be read as a Received
    /// (the other fields are then guessed from its words).
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub raw: Option<String>,
}

/// Every kind of anomaly, in one place. Each is documented in
/// docs/API.md, and the web UI translates it by its code.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, PartialOrd, Ord, Serialize, Deserialize)]
#[cfg_attr(feature = "openapi", derive(utoipa::ToSchema))]
#[serde(rename_all = "snake_case")]
pub enum AnomalyCode {
    /// A header that must appear once (From, Subject, Date…) appears more
    /// than once: an unsigned From added above a signed one is the classic
    /// DKIM forgery.
    DuplicateHeader,
    /// The Date is more than [`DATE_TOLERANCE_SECS`] before the first
    /// Received or after the last.
    DateOutsideReceived,
    /// The Message-ID's host belongs neither to the sender's domain nor to
    /// any server on the Received chain.
    MessageIdHost,
    /// The From domain differs from the Return-Path or Sender domain.
    FromReturnPathMismatch,
    /// A hop is dated more than [`REVERSED_TOLERANCE_SECS`] before the hop
    /// that handed it the message.
    ReceivedTimeReversed,
}

/// Something in the headers that genuine mail rarely shows.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
#[cfg_attr(feature = "openapi", derive(utoipa::ToSchema))]
pub struct Anomaly {
    /// What kind.
    pub code: AnomalyCode,
    /// A plain English sentence saying what was seen.
    pub message: String,
}

/// A hop and its time in seconds, for the checks.
struct TimedHop {
    hop: Hop,
    seconds: Option<i64>,
    /// Every host name the hop names, for the Message-ID check.
    hosts: Vec<String>,
}

/// The provenance of `message`. Never fails: what cannot be read is left
/// out or shown as written.
pub fn provenance(message: &mail_parser::Message) -> Provenance {
    let raw = message.raw_message();
    let received: Vec<TimedHop> = message
        .headers()
        .iter()
        .filter(|header| header.name == HeaderName::Received)
        .take(MAX_HOPS)
        .map(|header| {
            let start = header.offset_start as usize;
            let end = (header.offset_end as usize).min(raw.len());
            let text = String::from_utf8_lossy(raw.get(start..end).unwrap_or_default());
            match &header.value {
                HeaderValue::Received(received) => parsed_hop(received),
                _ => raw_hop(&text),
            }
        })
        .collect();
    let total = message
        .headers()
        .iter()
        .filter(|header| header.name == HeaderName::Received)
        .count();
    let mut hops = received;
    hops.reverse();
    set_delays(&mut hops);
    let mut anomalies = Vec::new();
    anomalies.extend(duplicate_headers(message));
    anomalies.extend(date_outside_received(message, &hops));
    anomalies.extend(reversed_hop(&hops));
    anomalies.extend(message_id_host(message, &hops));
    anomalies.extend(sender_mismatch(message, &hops));
    Provenance {
        hops: hops.into_iter().map(|timed| timed.hop).collect(),
        hops_left_out: total.saturating_sub(MAX_HOPS),
        client: sending_client(message),
        anomalies,
        // Checked at index time: the view adds the stored report.
        dkim: None,
    }
}

/// `text` on one line, without controls or bidi tricks, bounded.
fn clean(text: &str) -> Option<String> {
    fouille_extract::client::clean_client(text)
        .map(|text| text.chars().take(MAX_TEXT_CHARS).collect())
}

fn host_text(host: &Host) -> String {
    match host {
        Host::Name(name) => name.to_string(),
        Host::IpAddr(ip) => format!("[{ip}]"),
    }
}

fn host_name(host: &Host) -> Option<String> {
    match host {
        Host::Name(name) => Some(name.to_lowercase()),
        Host::IpAddr(_) => None,
    }
}

/// "claimed (reverse) [ip]", from what the header gives.
fn from_text(claimed: Option<&Host>, reverse: Option<&str>, ip: Option<&IpAddr>) -> Option<String> {
    let mut parts = Vec::new();
    let claimed = claimed.map(host_text);
    if let Some(claimed) = &claimed {
        parts.push(claimed.clone());
    }
    if let Some(reverse) = reverse.filter(|reverse| claimed.as_deref() != Some(*reverse)) {
        parts.push(format!("({reverse})"));
    }
    if let Some(ip) = ip {
        let bracketed = format!("[{ip}]");
        if claimed.as_deref() != Some(bracketed.as_str()) {
            parts.push(bracketed);
        }
    }
    clean(&parts.join(" "))
}

/// Seconds since the epoch of a parsed date, and its RFC 3339 UTC form,
/// when the date is a real one.
fn timestamp(date: &mail_parser::DateTime) -> Option<(i64, String)> {
    if !date.is_valid() {
        return None;
    }
    let seconds = date.to_timestamp();
    let time = jiff::Timestamp::from_second(seconds).ok()?;
    Some((seconds, time.to_string()))
}

fn parsed_hop(received: &Received) -> TimedHop {
    let claimed = received.from.as_ref().or(received.helo.as_ref());
    let stamp = received.date.as_ref().and_then(timestamp);
    let hosts = [&received.from, &received.helo, &received.by]
        .into_iter()
        .flatten()
        .filter_map(host_name)
        .chain(received.from_iprev.as_deref().map(str::to_lowercase))
        .collect();
    TimedHop {
        hop: Hop {
            from: from_text(
                claimed,
                received.from_iprev.as_deref(),
                received.from_ip.as_ref(),
            ),
            by: received.by.as_ref().and_then(|by| clean(&host_text(by))),
            with: received.with.map(|with| with.as_str().to_string()),
            id: received.id.as_deref().and_then(clean),
            time: stamp.as_ref().map(|(_, time)| time.clone()),
            delay_seconds: None,
            raw: None,
        },
        seconds: stamp.map(|(seconds, _)| seconds),
        hosts,
    }
}

/// A Received header the parser could not read: its words after `from`,
/// `by`, `with` and `id`, and the date after its last `;`.
fn raw_hop(text: &str) -> TimedHop {
    let (clauses, date) = match text.rsplit_once(';') {
        Some((clauses, date)) => (clauses, Some(date)),
        None => (text, None),
    };
    let words: Vec<&str> = clauses.split_whitespace().take(64).collect();
    let after = |keyword: &str| {
        words
            .windows(2)
            .find(|pair| pair[0].eq_ignore_ascii_case(keyword))
            .and_then(|pair| clean(pair[1]))
    };
    let stamp = date.and_then(|date| {
        let line = format!("{}\n", date.trim());
        match MessageStream::new(line.as_bytes()).parse_date() {
            HeaderValue::DateTime(date) => timestamp(&date),
            _ => None,
        }
    });
    let from = after("from");
    let by = after("by");
    let hosts = [&from, &by]
        .into_iter()
        .flatten()
        .map(|host| host.to_lowercase())
        .collect();
    TimedHop {
        hop: Hop {
            from,
            by,
            with: after("with"),
            id: after("id"),
            time: stamp.as_ref().map(|(_, time)| time.clone()),
            delay_seconds: None,
            raw: clean(text),
        },
        seconds: stamp.map(|(seconds, _)| seconds),
        hosts,
    }
}

/// Each dated hop's delay since the previous dated hop.
fn set_delays(hops: &mut [TimedHop]) {
    let mut previous: Option<i64> = None;
    for timed in hops.iter_mut() {
        let Some(seconds) = timed.seconds else {
            continue;
        };
        timed.hop.delay_seconds = previous.map(|before| seconds - before);
        previous = Some(seconds);
    }
}

fn duplicate_headers(message: &mail_parser::Message) -> Vec<Anomaly> {
    let raw = message.raw_message();
    let mut seen: BTreeMap<usize, Vec<String>> = BTreeMap::new();
    for header in message.headers() {
        let name = header.name.as_str();
        let Some(slot) = SINGLE_HEADERS
            .iter()
            .position(|single| single.eq_ignore_ascii_case(name))
        else {
            continue;
        };
        let start = header.offset_start as usize;
        let end = (header.offset_end as usize).min(raw.len());
        let value = String::from_utf8_lossy(raw.get(start..end).unwrap_or_default());
        seen.entry(slot)
            .or_default()
            .push(clean(&value).unwrap_or_default());
    }
    // An empty copy, or the same value twice, is a careless program; two
    // different values are two claims, and only one can be true.
    seen.into_iter()
        .map(|(slot, mut values)| {
            values.retain(|value| !value.is_empty());
            let count = values.len();
            let mut distinct: Vec<String> = Vec::new();
            for value in values.drain(..) {
                if !distinct.contains(&value) {
                    distinct.push(value);
                }
            }
            let values = distinct;
            (slot, count, values)
        })
        .filter(|(_, _, values)| values.len() > 1)
        .map(|(slot, count, values)| {
            let name = SINGLE_HEADERS[slot];
            let shown: Vec<String> = values
                .iter()
                .take(3)
                .map(|value| format!("\"{}\"", value.chars().take(100).collect::<String>()))
                .collect();
            let mut message = format!(
                "The {name} header appears {count} times ({}), where a message has one.",
                shown.join(", ")
            );
            if name == "From" {
                message.push_str(
                    " An unsigned From added above a DKIM-signed one is the classic way to forge a signed message.",
                );
            }
            Anomaly {
                code: AnomalyCode::DuplicateHeader,
                message,
            }
        })
        .collect()
}

fn utc(seconds: i64) -> String {
    jiff::Timestamp::from_second(seconds)
        .map(|time| time.to_string())
        .unwrap_or_else(|_| seconds.to_string())
}

/// A Date more than a day before the first Received or after the last.
/// Resent mail keeps its old Date on a new chain, so it is not checked; nor
/// is list mail for an early Date (a moderator may hold it for days, and
/// some lists drop the poster's Received headers).
fn date_outside_received(message: &mail_parser::Message, hops: &[TimedHop]) -> Option<Anomaly> {
    let has_resent = message.headers().iter().any(|header| {
        header
            .name
            .as_str()
            .to_ascii_lowercase()
            .starts_with("resent-")
    });
    if has_resent {
        return None;
    }
    let (date, _) = message.date().and_then(timestamp)?;
    let first = hops.iter().filter_map(|timed| timed.seconds).min()?;
    let last = hops.iter().filter_map(|timed| timed.seconds).max()?;
    let span = |seconds: i64| match seconds / 3600 {
        hours @ ..=72 => format!("{hours} hours"),
        _ => format!("{} days", seconds / 86_400),
    };
    let message = if date < first - DATE_TOLERANCE_SECS && !is_list_mail(message) {
        format!(
            "The Date header ({}) is {} before the first server received the message ({}).",
            utc(date),
            span(first - date),
            utc(first)
        )
    } else if date > last + DATE_TOLERANCE_SECS {
        format!(
            "The Date header ({}) is {} after the last server received the message ({}).",
            utc(date),
            span(date - last),
            utc(last)
        )
    } else {
        return None;
    };
    Some(Anomaly {
        code: AnomalyCode::DateOutsideReceived,
        message,
    })
}

/// The first hop dated well before the hop that handed it the message.
fn reversed_hop(hops: &[TimedHop]) -> Option<Anomaly> {
    let dated: Vec<(usize, i64)> = hops
        .iter()
        .enumerate()
        .filter_map(|(at, timed)| timed.seconds.map(|seconds| (at, seconds)))
        .collect();
    let pair = dated.windows(2).find(|pair| {
        let back = pair[0].1 - pair[1].1;
        let off_the_hour = (back % 3600).min(3600 - back % 3600);
        let time_zone =
            back <= 14 * 3600 + TIME_ZONE_SLACK_SECS && off_the_hour <= TIME_ZONE_SLACK_SECS;
        back > REVERSED_TOLERANCE_SECS && !time_zone
    })?;
    let (at, seconds) = pair[1];
    let by = hops[at].hop.by.as_deref().unwrap_or("an unnamed server");
    Some(Anomaly {
        code: AnomalyCode::ReceivedTimeReversed,
        message: format!(
            "Hop {} (by {by}) is dated {} minutes before the hop that handed it the message: a server's clock was wrong, or a Received header was forged.",
            at + 1,
            (pair[0].1 - seconds) / 60
        ),
    })
}

/// A Message-ID whose host is unrelated to the sender and to every server
/// on the chain. Not judged without a chain (exports such as Enron's strip
/// it, and the Message-ID then names an internal host), nor for a host
/// that is no public domain name (`localhost`, an IP literal, a bare name,
/// `pc.local`), nor for list mail (lists rewrite From).
fn message_id_host(message: &mail_parser::Message, hops: &[TimedHop]) -> Option<Anomaly> {
    if hops.is_empty() || is_list_mail(message) {
        return None;
    }
    let id = message.message_id()?;
    let (_, host) = id.rsplit_once('@')?;
    let host = host
        .trim()
        .trim_end_matches('>')
        .trim_end_matches('.')
        .to_lowercase();
    if !is_public(&host) {
        return None;
    }
    let id_domain = registrable(&host)?;
    let mut related = Domains::default();
    for address in sender_addresses(message) {
        related.add_address(&address);
    }
    for host in hops.iter().flat_map(|timed| &timed.hosts) {
        related.add_host(host);
    }
    if related.contains(&id_domain) {
        return None;
    }
    let from = message
        .from()
        .and_then(|from| from.first())
        .and_then(|from| from.address.as_deref())
        .and_then(domain_of_address)
        .unwrap_or_else(|| "no domain".to_string());
    Some(Anomaly {
        code: AnomalyCode::MessageIdHost,
        message: format!(
            "The Message-ID was made on {}, which is neither the sender's domain ({}) nor any server on the Received chain.",
            clean(&host).unwrap_or_default(),
            clean(&from).unwrap_or_default()
        ),
    })
}

/// The addresses that speak for the sender: From, Sender, Return-Path.
fn sender_addresses(message: &mail_parser::Message) -> Vec<String> {
    let mut addresses: Vec<String> = [message.from(), message.sender()]
        .into_iter()
        .flatten()
        .flat_map(|list| list.iter())
        .filter_map(|addr| addr.address.as_deref().map(str::to_string))
        .collect();
    addresses.extend(return_path(message));
    addresses
}

/// The top Return-Path's address (the one the final delivery wrote),
/// unless it is empty (a bounce).
fn return_path(message: &mail_parser::Message) -> Option<String> {
    let header = message
        .headers()
        .iter()
        .find(|header| header.name == HeaderName::ReturnPath)?;
    let raw = message.raw_message();
    let start = header.offset_start as usize;
    let end = (header.offset_end as usize).min(raw.len());
    let text = String::from_utf8_lossy(raw.get(start..end).unwrap_or_default());
    let text = text.trim();
    let inner = match (text.find('<'), text.rfind('>')) {
        (Some(open), Some(close)) if open < close => &text[open + 1..close],
        _ => text,
    };
    let inner = inner.trim();
    inner.contains('@').then(|| inner.to_string())
}

/// Headers only lists and bulk senders write.
const LIST_HEADERS: [&str; 6] = [
    "List-Id",
    "List-Post",
    "List-Unsubscribe",
    "Mailing-List",
    "X-Mailing-List",
    "X-BeenThere",
];

/// Whether an address's local part is a list's or a bounce handler's
/// (`owner-caml-list`, `list-bounces`, `majordomo`).
fn is_list_address(address: &str) -> bool {
    let local = address
        .rsplit_once('@')
        .map_or(address, |(local, _)| local)
        .to_ascii_lowercase();
    local.starts_with("owner-")
        || ["-owner", "-request", "-errors", "-admin"]
            .iter()
            .any(|suffix| local.ends_with(suffix))
        || ["bounce", "listserv", "majordomo", "mailman", "sympa"]
            .iter()
            .any(|word| local.contains(word))
}

/// True when a list or bulk sender sent the message: those send with
/// their own Return-Path and Sender by design, and may rewrite From.
/// Old lists wrote no List-Id; their owner address gives them away.
fn is_list_mail(message: &mail_parser::Message) -> bool {
    let by_header = message.headers().iter().any(|header| {
        let name = header.name.as_str();
        LIST_HEADERS
            .iter()
            .any(|list| list.eq_ignore_ascii_case(name))
            || (name.eq_ignore_ascii_case("Precedence")
                && header.value.as_text().is_some_and(|value| {
                    let value = value.trim().to_ascii_lowercase();
                    value == "list" || value == "bulk" || value == "junk"
                }))
    });
    let sender = message
        .sender()
        .and_then(|sender| sender.first())
        .and_then(|sender| sender.address.as_deref().map(str::to_string));
    by_header
        || [return_path(message), sender]
            .iter()
            .flatten()
            .any(|address| is_list_address(address))
}

/// A From domain that differs from the Return-Path's or the Sender's.
/// A Sender declares who sent the message for its author (a secretary, a
/// moderator), so it only counts when its organisation touched none of
/// the servers on the chain; a Return-Path counts when it belongs neither
/// to the author nor to that declared Sender. List mail is left alone.
fn sender_mismatch(message: &mail_parser::Message, hops: &[TimedHop]) -> Vec<Anomaly> {
    if is_list_mail(message) {
        return Vec::new();
    }
    let Some(from) = message
        .from()
        .and_then(|from| from.first())
        .and_then(|from| from.address.as_deref())
        .and_then(domain_of_address)
    else {
        return Vec::new();
    };
    let sender = message
        .sender()
        .and_then(|sender| sender.first())
        .and_then(|sender| sender.address.as_deref())
        .and_then(domain_of_address);
    let mut chain = Domains::default();
    for host in hops.iter().flat_map(|timed| &timed.hosts) {
        chain.add_host(host);
    }
    let mut declared = Domains::default();
    declared.add_host(&from);
    let mut anomalies = Vec::new();
    if let Some(sender) = &sender
        && let Some(key) = registrable(sender)
    {
        if !declared.contains(&key) && !chain.contains(&key) {
            anomalies.push(mismatch(&from, "Sender", sender));
        }
        declared.add_host(sender);
    }
    if let Some(path) = return_path(message).as_deref().and_then(domain_of_address)
        && let Some(key) = registrable(&path)
        && !declared.contains(&key)
    {
        anomalies.push(mismatch(&from, "Return-Path", &path));
    }
    anomalies
}

fn mismatch(from: &str, label: &str, domain: &str) -> Anomaly {
    Anomaly {
        code: AnomalyCode::FromReturnPathMismatch,
        message: format!(
            "The From domain ({}) differs from the {label} domain ({}).",
            clean(from).unwrap_or_default(),
            clean(domain).unwrap_or_default()
        ),
    }
}

#[cfg(test)]
mod tests;
