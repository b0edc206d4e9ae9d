//! Host names as email addresses and links give them, checked for shape
//! only (labels, a top-level domain of letters), never looked up. Names in
//! other scripts (IDN) are kept as written, lowercased.

/// Longest name in the DNS.
const MAX_DOMAIN_BYTES: usize = 253;

/// Longest label in the DNS.
const MAX_LABEL_BYTES: usize = 63;

/// A character of a host name: ASCII letters, digits, `-`, `.`, and the
/// letters and digits of other scripts.
pub(super) fn is_host_char(c: char) -> bool {
    c.is_ascii_alphanumeric() || c == '-' || c == '.' || (!c.is_ascii() && c.is_alphanumeric())
}

/// Byte offset where the host characters from `start` end.
pub(super) fn host_end(text: &str, start: usize) -> usize {
    let rest = text.get(start..).unwrap_or_default();
    let len = rest
        .char_indices()
        .find(|&(_, c)| !is_host_char(c))
        .map_or(rest.len(), |(offset, _)| offset);
    start + len
}

/// `host` without the dots and dashes that end a sentence or a clause
/// after a name (`see example.com.`).
pub(super) fn trim_host(host: &str) -> &str {
    host.trim_end_matches(['.', '-'])
}

/// True for a name with at least two labels, each 1–63 bytes and not
/// starting or ending with `-`, the last one letters (`fr`, `com`,
/// `рф`) or an encoded IDN (`xn--p1ai`).
pub(super) fn is_domain(host: &str) -> bool {
    if host.len() > MAX_DOMAIN_BYTES {
        return false;
    }
    let mut labels = 0;
    let mut last = "";
    for label in host.split('.') {
        let valid = !label.is_empty()
            && label.len() <= MAX_LABEL_BYTES
            && !label.starts_with('-')
            && !label.ends_with('-');
        if !valid {
            return false;
        }
        labels += 1;
        last = label;
    }
    labels >= 2 && is_top_level(last)
}

fn is_top_level(label: &str) -> bool {
    let letters = label.chars().count() >= 2 && label.chars().all(char::is_alphabetic);
    let encoded = label.len() > 4
        && label.as_bytes()[..4].eq_ignore_ascii_case(b"xn--")
        && label
            .bytes()
            .all(|byte| byte.is_ascii_alphanumeric() || byte == b'-');
    letters || encoded
}

/// True for a dotted IPv4 address (`192.168.1.1`).
pub(super) fn is_ipv4(host: &str) -> bool {
    let mut parts = 0;
    for part in host.split('.') {
        let valid = (1..=3).contains(&part.len())
            && part.bytes().all(|byte| byte.is_ascii_digit())
            && part.parse::<u16>().is_ok_and(|value| value <= 255);
        if !valid {
            return false;
        }
        parts += 1;
    }
    parts == 4
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn domains() {
        assert!(is_domain("example.com"));
        assert!(is_domain("mail.example.co.uk"));
        assert!(is_domain("exemple-été.fr"));
        assert!(is_domain("пример.рф"));
        assert!(is_domain("example.xn--p1ai"));
        assert!(is_domain("a-b.fr"));
    }

    #[test]
    fn not_domains() {
        assert!(!is_domain("localhost"));
        assert!(!is_domain("example.c"));
        assert!(!is_domain("example.c0m"));
        assert!(!is_domain("1.2.3.4"));
        assert!(!is_domain("a..fr"));
        assert!(!is_domain(".example.fr"));
        assert!(!is_domain("-a.fr"));
        assert!(!is_domain("a-.fr"));
        assert!(!is_domain(""));
        assert!(!is_domain(&format!("{}.fr", "a".repeat(64))));
        assert!(!is_domain(&format!("{}fr", "a.".repeat(130))));
    }

    #[test]
    fn ipv4() {
        assert!(is_ipv4("192.168.1.1"));
        assert!(!is_ipv4("192.168.1.256"));
        assert!(!is_ipv4("192.168.1"));
        assert!(!is_ipv4("1.2.3.4.5"));
        assert!(!is_ipv4("1.2.3.a"));
        assert!(!is_ipv4("1.2.3.0004"));
    }

    #[test]
    fn host_characters() {
        assert_eq!(host_end("example.com/path", 0), 11);
        assert_eq!(host_end("été.fr:80", 0), 8);
        assert_eq!(host_end("x", 5), 5);
        assert_eq!(trim_host("example.com.-"), "example.com");
    }
}
