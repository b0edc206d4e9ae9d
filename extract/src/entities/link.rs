//! The domains of links: the host of every `http://`, `https://` and
//! `ftp://` URL and of bare `www.` links, lowercased, without a leading
//! `www.`, a port or the user part (`http://user@host`). IP hosts are kept
//! as written (`192.168.1.1`, `[2001:db8::1]`), other-script names too
//! (no punycode). Hosts without a dot (`http://intranet/`) are left out:
//! they name no one outside the company and read like junk in a facet.
//! Email domains are not links.

use std::sync::LazyLock;

use aho_corasick::{AhoCorasick, AhoCorasickBuilder, MatchKind};

use super::Bag;
use super::boundary::{char_before, word_ends, word_starts};
use super::domain::{host_end, is_domain, is_ipv4, trim_host};

/// The schemes whose links count.
const SCHEMES: [&str; 3] = ["http", "https", "ftp"];

/// Longest IPv6 literal, brackets included.
const MAX_IPV6_BYTES: usize = 48;

/// What starts a link: `://` after a scheme, or `www.` in the cases people
/// write it. Listing the cases keeps the search on its SIMD prefilter,
/// where an ASCII-case-insensitive search is several times slower.
static LINK_START: LazyLock<Option<AhoCorasick>> = LazyLock::new(|| {
    AhoCorasickBuilder::new()
        .match_kind(MatchKind::LeftmostFirst)
        .build(["://", "www.", "WWW.", "Www."])
        .ok()
});

/// Adds the domains of the links in `text` to `out`.
pub(super) fn find(text: &str, out: &mut Bag) {
    let Some(link_start) = LINK_START.as_ref() else {
        return;
    };
    let mut pos = 0;
    while let Some(found) = link_start.find(aho_corasick::Input::new(text).range(pos..)) {
        let (host, resume) = if found.pattern().as_usize() == 0 {
            (
                scheme_link(text, found.start()),
                link_end(text, found.end()),
            )
        } else {
            (bare_link(text, found.start()), found.end())
        };
        if let Some(host) = host {
            out.insert(host);
            if out.is_full() {
                return;
            }
        }
        pos = resume;
    }
}

/// The domain of a link typed alone: `https://www.example.com:8080/x`,
/// `WWW.Example.com`, `example.com`.
pub(super) fn normalize(text: &str) -> Option<String> {
    let text = text.trim();
    let (start, end) = match text.find("://") {
        Some(sep) => authority(text, sep + 3),
        None => (0, text.len()),
    };
    let authority = text.get(start..end)?;
    let stop = authority.find(['/', '?', '#']).unwrap_or(authority.len());
    let (host, host_len) = host_at(text, start)?;
    let rest = authority.get(host_len..stop)?;
    let port = rest.strip_prefix(':').unwrap_or(rest);
    port.bytes()
        .all(|byte| byte.is_ascii_digit())
        .then_some(host)
}

/// The host of the link whose `://` is at `sep`, when its scheme counts.
fn scheme_link(text: &str, sep: usize) -> Option<String> {
    let scheme_len = text.as_bytes()[..sep]
        .iter()
        .rev()
        .take_while(|byte| byte.is_ascii_alphabetic())
        .count();
    let scheme_start = sep - scheme_len;
    let scheme = &text[scheme_start..sep];
    if !SCHEMES
        .iter()
        .any(|known| scheme.eq_ignore_ascii_case(known))
        || !word_starts(text, scheme_start)
    {
        return None;
    }
    let (start, _) = authority(text, sep + 3);
    host_at(text, start).map(|(host, _)| host)
}

/// The host of a bare `www.` link at `start`: not inside a longer name
/// (`foo.www.x`), a path (`/www.x`) or an email address (`a@www.x`).
fn bare_link(text: &str, start: usize) -> Option<String> {
    let glued = matches!(char_before(text, start), Some('.' | '/' | '@' | '-'));
    if glued || !word_starts(text, start) {
        return None;
    }
    host_at(text, start).map(|(host, _)| host)
}

/// Where the host of the link whose authority starts at `start` begins,
/// past any user part, and where the authority ends.
fn authority(text: &str, start: usize) -> (usize, usize) {
    let rest = text.as_bytes().get(start..).unwrap_or_default();
    let len = rest
        .iter()
        .position(|&byte| ends_authority(byte))
        .unwrap_or(rest.len());
    let host_start = memchr::memrchr(b'@', &rest[..len]).map_or(start, |at| start + at + 1);
    (host_start, start + len)
}

fn ends_authority(byte: u8) -> bool {
    byte.is_ascii_whitespace() || matches!(byte, b'/' | b'?' | b'#' | b'<' | b'>' | b'"' | b'\'')
}

/// Where a link that starts at `start` ends: at white space or what quotes
/// a link in text and markup. Nothing in between is read again.
fn link_end(text: &str, start: usize) -> usize {
    let rest = text.as_bytes().get(start..).unwrap_or_default();
    let len = rest
        .iter()
        .position(|&byte| byte.is_ascii_whitespace() || matches!(byte, b'<' | b'>' | b'"'))
        .unwrap_or(rest.len());
    start + len
}

/// The canonical host at `start` and its length as written.
fn host_at(text: &str, start: usize) -> Option<(String, usize)> {
    if text.as_bytes().get(start) == Some(&b'[') {
        return ipv6_at(text, start);
    }
    let end = host_end(text, start);
    let host = trim_host(text.get(start..end)?);
    let after = start + host.len();
    if !word_ends(text, after) || text.as_bytes().get(after) == Some(&b'@') {
        return None;
    }
    let lower = host.to_lowercase();
    if is_ipv4(&lower) {
        return Some((lower, host.len()));
    }
    let name = lower.strip_prefix("www.").unwrap_or(&lower);
    is_domain(name).then(|| (name.to_string(), host.len()))
}

/// `[2001:db8::1]`, kept as written, lowercased.
fn ipv6_at(text: &str, start: usize) -> Option<(String, usize)> {
    let rest = text.as_bytes().get(start + 1..)?;
    let close = rest
        .iter()
        .take(MAX_IPV6_BYTES)
        .position(|&byte| byte == b']')?;
    let inside = &rest[..close];
    let valid = inside.contains(&b':')
        && inside
            .iter()
            .all(|byte| byte.is_ascii_hexdigit() || matches!(byte, b':' | b'.'));
    let literal = text.get(start..start + close + 2)?;
    valid.then(|| (literal.to_ascii_lowercase(), literal.len()))
}

#[cfg(test)]
mod tests {
    use super::*;

    fn domains(text: &str) -> Vec<String> {
        let mut bag = Bag::default();
        find(text, &mut bag);
        bag.into_vec()
    }

    #[test]
    fn hosts_of_links() {
        assert_eq!(
            domains("See http://www.enron.com/corp/ and HTTPS://Mail.Example.CO.UK:8443/x?y=1."),
            vec!["enron.com", "mail.example.co.uk"]
        );
        assert_eq!(
            domains("ftp://ftp.example.org/pub, https://user:pw@secure.example.net/"),
            vec!["ftp.example.org", "secure.example.net"]
        );
        assert_eq!(
            domains("(https://le-monde.fr) <http://exemple-été.fr/>"),
            vec!["exemple-été.fr", "le-monde.fr"]
        );
    }

    #[test]
    fn bare_www_links() {
        assert_eq!(
            domains("Voir www.Legifrance.gouv.fr. Or WWW.EXAMPLE.COM, www.example.com"),
            vec!["example.com", "legifrance.gouv.fr"]
        );
    }

    #[test]
    fn ip_hosts_are_kept_as_written() {
        assert_eq!(
            domains("http://192.168.1.10:8080/admin http://[2001:DB8::1]/"),
            vec!["192.168.1.10", "[2001:db8::1]"]
        );
    }

    #[test]
    fn not_links() {
        // Email domains, other schemes, hosts without a dot, lookalikes.
        assert!(domains("jean@www.example.fr and paul@example.com").is_empty());
        assert!(domains("mailto:jean@example.fr file:///etc/passwd").is_empty());
        assert!(domains("http://intranet/ http://localhost:8080/").is_empty());
        assert!(domains("hxxp://evil.example.com xhttp://a.fr sftp://b.fr").is_empty());
        assert!(domains("report.doc www.x foo.www.example.com /www.example.com").is_empty());
        assert!(domains("http:// https://-.fr http://a_b.example.com").is_empty());
        assert!(domains("http://www.com").is_empty());
    }

    #[test]
    fn a_link_is_read_once() {
        assert_eq!(
            domains("https://example.com/redirect?u=www.other.org&v=http://third.net"),
            vec!["example.com"]
        );
    }

    #[test]
    fn normalizes_a_typed_link() {
        assert_eq!(normalize("WWW.Example.com"), Some("example.com".into()));
        assert_eq!(normalize("example.com"), Some("example.com".into()));
        assert_eq!(
            normalize("https://user@www.Example.com:8080/path"),
            Some("example.com".into())
        );
        assert_eq!(
            normalize("Exemple-Été.FR/page"),
            Some("exemple-été.fr".into())
        );
        assert_eq!(normalize("192.168.1.1"), Some("192.168.1.1".into()));
        assert_eq!(normalize("jean@example.com"), None);
        assert_eq!(normalize("example"), None);
        assert_eq!(normalize("example.com:http"), None);
        assert_eq!(normalize("example.com foo"), None);
        assert_eq!(normalize(""), None);
    }
}
