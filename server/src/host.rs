//! Which host names the server answers to, and which origin its permalinks
//! name: the defence against DNS rebinding.
//!
//! A web page on another origin can make its own name resolve to 127.0.0.1
//! and then read `fouille serve` as if it were its own site: the browser
//! sends that name in `Host`. So a request is served only when its `Host` is
//! `localhost`, `127.0.0.1`, `[::1]`, the address given to `--bind`, or a
//! name given with `--allowed-host`; any other gets `421` before anything
//! else runs. When the server listens on every interface (`0.0.0.0`, `::`),
//! any IP literal is accepted too: a page can only send an IP literal as
//! `Host` from that very origin, so it cannot rebind one. A request without
//! `Host` (HTTP/1.0 tools) is served: browsers always send it.
//!
//! A page on another site can still make the browser *send* requests to
//! an allowed name (`<img src="http://127.0.0.1:8080/api/export?…">`), even
//! though it cannot read the answers: each would run an export or a search
//! with the reporter's credentials. So `/api` requests that the browser
//! marks `Sec-Fetch-Site: cross-site` or `same-site` get `403 cross_site`;
//! only the inline images of the sandboxed message frame (whose origin is
//! opaque, hence "cross-site") are let through.
//!
//! Writes (tags, stars, notes, saved searches, batches) are held to more,
//! on every path: a write that carries an `Origin` other than the host it
//! is sent to (`null` included) is refused with `403 cross_site` too, for
//! browsers that do not send `Sec-Fetch-Site`. Paths are checked as the
//! router reads them, percent-decoded (`/%61pi/…` is `/api/…`). Tools such as curl send neither
//! header and are let through; their credentials are their own.
//!
//! Forwarding headers (`Forwarded`, `X-Forwarded-Host`, `-Proto`) are
//! trusted only with `--behind-proxy`; `--public-url` names the origin
//! outright.

use std::collections::HashSet;
use std::net::{IpAddr, SocketAddr};

use actix_web::body::{EitherBody, MessageBody};
use actix_web::dev::{ServiceRequest, ServiceResponse};
use actix_web::http::header::HOST;
use actix_web::middleware::Next;
use actix_web::{HttpRequest, ResponseError, web};

use crate::error::ApiError;

/// The host names a request may name.
#[derive(Debug, Clone)]
pub struct AllowedHosts {
    /// Lowercased names and IP literals (IPv6 in brackets), without port.
    names: HashSet<String>,
    /// Any IP literal is accepted (the server listens on every interface).
    any_ip: bool,
}

impl AllowedHosts {
    /// The loopback names, `bind`'s address and `extra` names.
    pub fn new(bind: SocketAddr, extra: &[String]) -> AllowedHosts {
        let mut names: HashSet<String> = ["localhost", "127.0.0.1", "[::1]"]
            .into_iter()
            .map(str::to_string)
            .collect();
        names.insert(literal(bind.ip()));
        names.extend(extra.iter().map(|name| normalise(strip_port(name.trim()))));
        AllowedHosts {
            names,
            any_ip: bind.ip().is_unspecified(),
        }
    }

    /// Whether a `Host` header value (`name[:port]`) is one of these.
    pub fn allows(&self, host: &str) -> bool {
        let name = normalise(strip_port(host));
        if self.names.contains(&name) {
            return true;
        }
        self.any_ip && is_ip_literal(&name)
    }
}

impl Default for AllowedHosts {
    /// As for `--bind 127.0.0.1:8080` with no `--allowed-host`.
    fn default() -> AllowedHosts {
        AllowedHosts::new(SocketAddr::from(([127, 0, 0, 1], 8080)), &[])
    }
}

/// How the server names its own origin in permalinks (CSV exports).
#[derive(Debug, Clone, Default, PartialEq, Eq)]
pub enum Origin {
    /// From the request's `Host` (already checked), over HTTPS when `tls`.
    #[default]
    Direct,
    /// Served with TLS: `https://` and the request's `Host`.
    DirectTls,
    /// From the forwarding headers of a trusted reverse proxy.
    BehindProxy,
    /// Given with `--public-url`, e.g. `https://fouille.example.org`.
    Public(String),
}

impl Origin {
    /// `scheme://host` for `request`; a forwarded host counts only if
    /// `hosts` allows it.
    pub fn of(&self, request: &HttpRequest, hosts: &AllowedHosts) -> String {
        let host = || {
            request
                .headers()
                .get(HOST)
                .and_then(|value| value.to_str().ok())
                .filter(|host| is_host(host))
                .map(str::to_string)
                .unwrap_or_else(|| "localhost".to_string())
        };
        match self {
            Origin::Public(url) => url.trim_end_matches('/').to_string(),
            Origin::Direct => format!("http://{}", host()),
            Origin::DirectTls => format!("https://{}", host()),
            Origin::BehindProxy => {
                let info = request.connection_info();
                let scheme = match info.scheme() {
                    "https" => "https",
                    _ => "http",
                };
                // Even a trusted proxy may pass on what the client wrote.
                if is_host(info.host()) && hosts.allows(info.host()) {
                    format!("{scheme}://{}", info.host())
                } else {
                    format!("{scheme}://{}", host())
                }
            }
        }
    }
}

/// Checks `--public-url`: an `http` or `https` origin, nothing after it.
pub fn parse_public_url(url: &str) -> Result<String, String> {
    let url = url.trim_end_matches('/');
    let rest = url
        .strip_prefix("https://")
        .or_else(|| url.strip_prefix("http://"))
        .ok_or("--public-url must start with http:// or https://")?;
    let (host, path) = rest.split_once('/').unwrap_or((rest, ""));
    if !is_host(host) {
        return Err(format!("--public-url: {host:?} is not a host name"));
    }
    // A path prefix is allowed (a proxy serving under /fouille/).
    if !path
        .bytes()
        .all(|b| b.is_ascii_alphanumeric() || b"-._~/".contains(&b))
    {
        return Err("--public-url: the path may hold only letters, digits and -._~/".into());
    }
    Ok(url.to_string())
}

/// A host name or IP literal with an optional port, of the characters a
/// host may hold (so nothing else can reach a permalink).
fn is_host(host: &str) -> bool {
    !host.is_empty()
        && host.len() <= 255
        && host
            .bytes()
            .all(|b| b.is_ascii_alphanumeric() || b"-.:[]".contains(&b))
}

fn literal(ip: IpAddr) -> String {
    match ip {
        IpAddr::V4(v4) => v4.to_string(),
        IpAddr::V6(v6) => format!("[{v6}]"),
    }
}

fn normalise(name: &str) -> String {
    let name = name.trim().trim_end_matches('.').to_ascii_lowercase();
    // `::1` given without brackets is the same address.
    match name.parse::<IpAddr>() {
        Ok(ip) => literal(ip),
        Err(_) => name,
    }
}

fn strip_port(host: &str) -> &str {
    if host.starts_with('[') {
        return host.split_inclusive(']').next().unwrap_or(host);
    }
    match host.rsplit_once(':') {
        Some((name, port)) if port.bytes().all(|b| b.is_ascii_digit()) => name,
        _ => host,
    }
}

fn is_ip_literal(name: &str) -> bool {
    match name
        .strip_prefix('[')
        .and_then(|rest| rest.strip_suffix(']'))
    {
        Some(v6) => v6.parse::<std::net::Ipv6Addr>().is_ok(),
        None => name.parse::<std::net::Ipv4Addr>().is_ok(),
    }
}

/// Middleware: answers `421` to a request whose `Host` is not allowed.
pub async fn require(
    request: ServiceRequest,
    next: Next<impl MessageBody>,
) -> Result<ServiceResponse<EitherBody<impl MessageBody>>, actix_web::Error> {
    let hosts = request.app_data::<web::Data<AllowedHosts>>().cloned();
    let host = request
        .headers()
        .get(HOST)
        .map(|value| value.to_str().unwrap_or("\u{fffd}").to_string())
        .or_else(|| request.uri().authority().map(|a| a.as_str().to_string()));
    let refused = match (&hosts, &host) {
        (Some(hosts), Some(host)) => !hosts.allows(host),
        _ => false,
    };
    if refused {
        let response = ApiError::misdirected(
            "this server does not answer to that host name (see serve --allowed-host)",
        )
        .error_response();
        return Ok(request.into_response(response).map_into_right_body());
    }
    if is_cross_site(&request) {
        let response = ApiError::cross_site().error_response();
        return Ok(request.into_response(response).map_into_right_body());
    }
    Ok(next.call(request).await?.map_into_left_body())
}

/// An API request that a page of another site made the browser send, other
/// than an inline image of the message frame.
fn is_cross_site(request: &ServiceRequest) -> bool {
    let header = |name: &str| {
        request
            .headers()
            .get(name)
            .and_then(|value| value.to_str().ok())
            .unwrap_or_default()
            .to_ascii_lowercase()
    };
    // The path as the router reads it (percent-decoded): `/%61pi/export`
    // reaches the export route, so it must meet the same checks.
    let path = request.match_info().as_str();
    let write = !matches!(
        *request.method(),
        actix_web::http::Method::GET | actix_web::http::Method::HEAD
    );
    // Writes are checked on every path: no route may be written to from
    // another site, whatever it is called.
    if !write && !path.starts_with("/api/") {
        return false;
    }
    if write
        && request.headers().contains_key("origin")
        && !is_own_origin(request, &header("origin"))
    {
        return true;
    }
    if !matches!(
        header("sec-fetch-site").as_str(),
        "cross-site" | "same-site"
    ) {
        return false;
    }
    let inline_image = header("sec-fetch-dest") == "image"
        && path.starts_with("/api/messages/")
        && path.contains("/attachments/");
    !inline_image
}

/// Whether `origin` (an `Origin` header) is this server as the request
/// reached it: the same host and port as its `Host`, or as the origin
/// permalinks name (`--public-url`, `--behind-proxy`).
fn is_own_origin(request: &ServiceRequest, origin: &str) -> bool {
    let Some((_, origin_host)) = origin.split_once("://") else {
        return false;
    };
    let host_of = |url: &str| {
        url.split_once("://").map(|(_, rest)| {
            rest.split('/')
                .next()
                .unwrap_or_default()
                .to_ascii_lowercase()
        })
    };
    let direct = request
        .headers()
        .get(HOST)
        .and_then(|value| value.to_str().ok())
        .map(str::to_ascii_lowercase);
    if direct.as_deref() == Some(origin_host) {
        return true;
    }
    let state = request.app_data::<web::Data<crate::state::AppState>>();
    let hosts = request.app_data::<web::Data<AllowedHosts>>();
    match (state, hosts) {
        (Some(state), Some(hosts)) => {
            host_of(&state.origin.of(request.request(), hosts)).as_deref() == Some(origin_host)
        }
        _ => false,
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn only_loopback_the_bind_address_and_given_names_are_allowed() {
        let hosts = AllowedHosts::new(
            "192.0.2.10:8080".parse().unwrap(),
            &[
                "Fouille.Newsroom.example".to_string(),
                "leaks.example:8443".to_string(),
            ],
        );
        for host in [
            "localhost",
            "localhost:8080",
            "LOCALHOST.",
            "127.0.0.1:8080",
            "[::1]:8080",
            "[::1]",
            "192.0.2.10:8080",
            "fouille.newsroom.example",
            "fouille.newsroom.example:443",
            "leaks.example:8443",
        ] {
            assert!(hosts.allows(host), "{host}");
        }
        for host in [
            "rebind.attacker.example",
            "rebind.attacker.example:8080",
            "localhost.attacker.example",
            "127.0.0.1.nip.io",
            "192.0.2.11",
            "[::2]:8080",
            "",
            "\u{fffd}",
        ] {
            assert!(!hosts.allows(host), "{host}");
        }
    }

    #[test]
    fn every_interface_accepts_ip_literals_not_names() {
        let hosts = AllowedHosts::new("0.0.0.0:8080".parse().unwrap(), &[]);
        assert!(hosts.allows("10.1.2.3:8080"));
        assert!(hosts.allows("[2001:db8::5]:8080"));
        assert!(!hosts.allows("rebind.attacker.example"));
        assert!(!hosts.allows("10.1.2.3.attacker.example"));
    }

    #[test]
    fn public_urls_are_origins() {
        assert_eq!(
            parse_public_url("https://fouille.example.org/").unwrap(),
            "https://fouille.example.org"
        );
        assert_eq!(
            parse_public_url("https://example.org/fouille").unwrap(),
            "https://example.org/fouille"
        );
        for bad in [
            "javascript://=HYPERLINK(1)",
            "ftp://example.org",
            "https://exa mple.org",
            "https://example.org/\"x",
        ] {
            assert!(parse_public_url(bad).is_err(), "{bad}");
        }
    }
}
