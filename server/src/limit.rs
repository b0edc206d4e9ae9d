//! The per-client rate limit (`serve --rate-limit N`): each client address
//! may make N requests a second on average, in bursts of up to
//! `--rate-burst`; past that it gets `429 rate_limited` with `Retry-After`,
//! before any credential is checked, so guessing passwords is slowed too.
//!
//! Clients are told apart by their address; IPv6 clients by their /64, which
//! one host can fill with addresses at will. Behind a reverse proxy every
//! request comes from the proxy's address, so limit there instead.

use std::net::IpAddr;
use std::time::Duration;

use actix_governor::governor::NotUntil;
use actix_governor::governor::clock::{Clock, DefaultClock, QuantaInstant};
use actix_governor::governor::middleware::NoOpMiddleware;
use actix_governor::{GovernorConfig, GovernorConfigBuilder, KeyExtractor};
use actix_web::dev::ServiceRequest;
use actix_web::http::header::RETRY_AFTER;
use actix_web::{HttpResponse, HttpResponseBuilder, ResponseError};

use crate::error::ApiError;

/// How often addresses that have not been seen for a while are forgotten, so
/// the table does not grow with every address that ever called.
const FORGET_EVERY: Duration = Duration::from_secs(60);

/// A rate limit per client address.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct RateLimit {
    /// Requests a second, on average.
    pub per_second: u32,
    /// Requests allowed at once after a quiet spell (a page of the UI loads
    /// several).
    pub burst: u32,
}

/// The limiter's configuration, shared by every worker of the server.
pub type LimiterConfig = GovernorConfig<ClientAddress, NoOpMiddleware>;

impl RateLimit {
    /// The limiter, and a thread that forgets idle clients; `None` when a
    /// number is zero.
    pub fn limiter(self) -> Option<LimiterConfig> {
        if self.per_second == 0 || self.burst == 0 {
            return None;
        }
        let config = GovernorConfigBuilder::default()
            .key_extractor(ClientAddress)
            .period(Duration::from_secs(1) / self.per_second)
            .burst_size(self.burst)
            .finish()?;
        let limiter = config.limiter().clone();
        std::thread::Builder::new()
            .name("rate-limit".into())
            .spawn(move || {
                loop {
                    std::thread::sleep(FORGET_EVERY);
                    limiter.retain_recent();
                    limiter.shrink_to_fit();
                }
            })
            .ok()?;
        Some(config)
    }
}

/// Keys requests by client address (an IPv6 address by its /64).
#[derive(Debug, Clone, Copy)]
pub struct ClientAddress;

impl KeyExtractor for ClientAddress {
    /// `None`: the connection has no peer address (tests in-process).
    type Key = Option<IpAddr>;
    type KeyExtractionError = ApiError;

    fn extract(&self, request: &ServiceRequest) -> Result<Self::Key, Self::KeyExtractionError> {
        Ok(request.peer_addr().map(|peer| network(peer.ip())))
    }

    fn exceed_rate_limit_response(
        &self,
        negative: &NotUntil<QuantaInstant>,
        _response: HttpResponseBuilder,
    ) -> HttpResponse {
        let wait = negative.wait_time_from(DefaultClock::default().now());
        // Whole seconds, rounded up: `Retry-After: 0` would invite a retry
        // that fails again.
        let seconds = wait.as_millis().div_ceil(1000).max(1);
        let mut response = ApiError::rate_limited(format!(
            "too many requests from this address; retry in {seconds} s"
        ))
        .error_response();
        if let Ok(value) = seconds.to_string().parse() {
            response.headers_mut().insert(RETRY_AFTER, value);
        }
        response
    }
}

/// The address a client is limited by.
pub fn network(ip: IpAddr) -> IpAddr {
    match ip {
        IpAddr::V4(_) => ip,
        IpAddr::V6(v6) => match v6.to_ipv4_mapped() {
            Some(v4) => IpAddr::V4(v4),
            None => IpAddr::V6((u128::from(v6) & !((1u128 << 64) - 1)).into()),
        },
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn ipv6_clients_share_their_64() {
        let a: IpAddr = "2001:db8:1:2:aaaa::1".parse().unwrap();
        let b: IpAddr = "2001:db8:1:2:bbbb::9".parse().unwrap();
        let c: IpAddr = "2001:db8:1:3::1".parse().unwrap();
        assert_eq!(network(a), network(b));
        assert_ne!(network(a), network(c));
        assert_eq!(network(a), "2001:db8:1:2::".parse::<IpAddr>().unwrap());
        let mapped: IpAddr = "::ffff:192.0.2.7".parse().unwrap();
        assert_eq!(network(mapped), "192.0.2.7".parse::<IpAddr>().unwrap());
    }

    #[test]
    fn zero_turns_the_limit_off() {
        assert!(
            RateLimit {
                per_second: 0,
                burst: 5
            }
            .limiter()
            .is_none()
        );
        assert!(
            RateLimit {
                per_second: 5,
                burst: 0
            }
            .limiter()
            .is_none()
        );
        assert!(
            RateLimit {
                per_second: 5,
                burst: 10
            }
            .limiter()
            .is_some()
        );
    }
}
