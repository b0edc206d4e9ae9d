//! Telling whether two host names belong to the same organisation, roughly
//! and without a network or the whole Public Suffix List: the registrable
//! domain is the last two labels, or three under a known two-level suffix
//! (`co.uk`, `gouv.fr`…), and a few mail providers that send from one
//! domain and sign or relay from another count as one.

use std::collections::BTreeSet;
use std::net::IpAddr;

/// Two-label public suffixes common in the mail Fouille is meant for.
const TWO_LEVEL_SUFFIXES: [&str; 34] = [
    "co.uk", "org.uk", "ac.uk", "gov.uk", "ltd.uk", "plc.uk", "me.uk", "net.uk", "com.fr",
    "gouv.fr", "asso.fr", "nom.fr", "tm.fr", "co.jp", "ne.jp", "or.jp", "ac.jp", "com.au",
    "net.au", "org.au", "gov.au", "edu.au", "co.nz", "com.br", "com.cn", "com.mx", "co.in",
    "co.za", "com.tr", "com.ar", "co.kr", "com.sg", "com.hk", "co.il",
];

/// Providers whose mail names several of their own domains (a Gmail
/// message's Message-ID says `mail.gmail.com`, its relays `google.com`).
const PROVIDERS: [(&str, &[&str]); 4] = [
    ("google", &["gmail.com", "googlemail.com", "google.com"]),
    (
        "microsoft",
        &[
            "outlook.com",
            "hotmail.com",
            "hotmail.fr",
            "live.com",
            "live.fr",
            "msn.com",
            "microsoft.com",
            "office365.com",
        ],
    ),
    (
        "yahoo",
        &[
            "yahoo.com",
            "yahoo.fr",
            "yahoo.co.uk",
            "ymail.com",
            "rocketmail.com",
            "yahoodns.net",
        ],
    ),
    ("apple", &["icloud.com", "me.com", "mac.com", "apple.com"]),
];

/// Generic top-level domains that mail is commonly sent from. Country
/// codes (any two letters) count too, and so do `example` and `test`, the
/// reserved names that stand for real domains in fixtures. Any other last
/// label (`local`, `lan`, `localdomain`, `gbl`, an Emacs default such as
/// `gargle.gargle.howl`) names a machine inside a network, not a domain.
const GENERIC_TLDS: [&str; 24] = [
    "com", "net", "org", "edu", "gov", "mil", "int", "info", "biz", "name", "pro", "aero", "coop",
    "museum", "mobi", "asia", "tel", "travel", "jobs", "cat", "xyz", "online", "example", "test",
];

/// Whether `host` ends in a top-level domain of the public Internet (see
/// [`GENERIC_TLDS`]).
pub(crate) fn is_public(host: &str) -> bool {
    let host = host.trim().trim_end_matches('.').to_ascii_lowercase();
    let tld = host.rsplit('.').next().unwrap_or_default();
    (tld.len() == 2 && tld.chars().all(|c| c.is_ascii_alphabetic())) || GENERIC_TLDS.contains(&tld)
}

/// The organisation key of `host`: its registrable domain, or the name of
/// the provider owning it. `None` for what is no domain name: an IP, a bare
/// name (`localhost`, `thyme`), or a name with characters no host has.
pub(crate) fn registrable(host: &str) -> Option<String> {
    let host = host.trim().trim_end_matches('.').to_ascii_lowercase();
    if host.starts_with('[') || host.parse::<IpAddr>().is_ok() || host.len() > 253 {
        return None;
    }
    let labels: Vec<&str> = host.split('.').collect();
    let valid = labels.iter().all(|label| {
        !label.is_empty()
            && label
                .chars()
                .all(|c| c.is_alphanumeric() || c == '-' || c == '_')
    });
    if labels.len() < 2 || !valid {
        return None;
    }
    let last_two = labels[labels.len() - 2..].join(".");
    let keep = if TWO_LEVEL_SUFFIXES.contains(&last_two.as_str()) {
        3
    } else {
        2
    };
    if labels.len() < keep {
        return None;
    }
    let domain = labels[labels.len() - keep..].join(".");
    let provider = PROVIDERS
        .iter()
        .find(|(_, domains)| domains.contains(&domain.as_str()))
        .map(|(name, _)| format!("provider:{name}"));
    Some(provider.unwrap_or(domain))
}

/// The domain of an address (`user@Mail.Example.org` → `mail.example.org`).
/// A Sender Rewriting Scheme address (`SRS0=hash=tt=example.org=user@
/// forwarder.net`), which a forwarder writes in the Return-Path, gives the
/// original sender's domain.
pub(crate) fn domain_of_address(address: &str) -> Option<String> {
    let address = address.trim().trim_start_matches('<').trim_end_matches('>');
    let (local, domain) = address.rsplit_once('@')?;
    let srs = local.get(..5).is_some_and(|prefix| {
        prefix.eq_ignore_ascii_case("SRS0=") || prefix.eq_ignore_ascii_case("SRS1=")
    });
    if srs {
        // SRS1 nests an SRS0 address after `==`; both end hash=tt=domain=user.
        let rest = local
            .rsplit_once("==")
            .map_or(&local[5..], |(_, rest)| rest);
        if let Some(original) = rest.split('=').nth(2).filter(|d| !d.is_empty()) {
            return Some(original.to_ascii_lowercase());
        }
    }
    let domain = domain.trim().trim_end_matches('.').to_ascii_lowercase();
    (!domain.is_empty()).then_some(domain)
}

/// A set of organisation keys.
#[derive(Default)]
pub(crate) struct Domains(BTreeSet<String>);

impl Domains {
    /// Adds the organisation of host `host`.
    pub(crate) fn add_host(&mut self, host: &str) {
        if let Some(key) = registrable(host) {
            self.0.insert(key);
        }
    }

    /// Adds the organisation of an address's domain.
    pub(crate) fn add_address(&mut self, address: &str) {
        if let Some(domain) = domain_of_address(address) {
            self.add_host(&domain);
        }
    }

    /// Whether organisation key `key` is in the set, or one with the same
    /// name under another suffix (`dualmedia.fr` and `dualmedia.com`).
    pub(crate) fn contains(&self, key: &str) -> bool {
        let name = |key: &str| key.split('.').next().unwrap_or_default().to_string();
        self.0.contains(key) || self.0.iter().any(|known| name(known) == name(key))
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn registrable_domains() {
        assert_eq!(
            registrable("mx1.Mail.Example.org.").as_deref(),
            Some("example.org")
        );
        assert_eq!(registrable("smtp.bbc.co.uk").as_deref(), Some("bbc.co.uk"));
        assert_eq!(
            registrable("mail.interieur.gouv.fr").as_deref(),
            Some("interieur.gouv.fr")
        );
        assert_eq!(
            registrable("mail.gmail.com").as_deref(),
            Some("provider:google")
        );
        assert_eq!(
            registrable("mail-wr1-f41.google.com").as_deref(),
            Some("provider:google")
        );
        assert_eq!(registrable("co.uk"), None);
        assert_eq!(registrable("localhost"), None);
        assert_eq!(registrable("thyme"), None);
        assert_eq!(registrable("192.0.2.1"), None);
        assert_eq!(registrable("[192.0.2.1]"), None);
        assert_eq!(registrable("a..b"), None);
        assert_eq!(registrable("bad host.example"), None);
    }

    #[test]
    fn domains_of_addresses() {
        assert_eq!(
            domain_of_address("<Bob@Example.ORG>").as_deref(),
            Some("example.org")
        );
        assert_eq!(
            domain_of_address("SRS0=HHH=TT=origin.example=bob@forwarder.example").as_deref(),
            Some("origin.example")
        );
        assert_eq!(
            domain_of_address("SRS1=HHH=first.example==HHH=TT=origin.example=bob@second.example")
                .as_deref(),
            Some("origin.example")
        );
        assert_eq!(domain_of_address("no-at-sign"), None);
        let mut domains = Domains::default();
        domains.add_address("a@usish.com");
        assert!(domains.contains("usish.com.cn"));
        assert!(!domains.contains("other.com"));
        assert!(is_public("mail.example.org") && is_public("x.fr") && is_public("a.example"));
        assert!(!is_public("excalibur.local") && !is_public("gargle.gargle.howl"));
        assert_eq!(
            domain_of_address("SRS0=x@fwd.example").as_deref(),
            Some("fwd.example")
        );
    }
}
