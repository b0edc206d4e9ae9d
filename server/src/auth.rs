//! Access control for private archives: HTTP Basic authentication against an
//! htpasswd file of bcrypt hashes (`--users`, as `htpasswd -B` writes it)
//! and API tokens sent as `Authorization: Bearer` (`--tokens`).
//!
//! A token line may name who uses it (`name:token`): workspace writes are
//! then recorded under that name; an unnamed token is the user `token`.
//! With neither file, everyone is the user `local` (see [`User`]).
//!
//! When either is configured, every route answers 401 without valid
//! credentials, the web UI included. An unknown user and a wrong password
//! get the same answer after the same work (a bcrypt check against a dummy
//! hash), so the answer does not tell which names exist. Tokens are kept and
//! compared as BLAKE3 hashes, whose equality is constant-time.
//!
//! bcrypt costs tens to hundreds of milliseconds of CPU on purpose, so it
//! must not become an amplifier: Basic credentials are refused at once when
//! there are no users, and so are passwords over 71 bytes (bcrypt reads 72
//! with the final NUL and ignores the rest); a password already verified is recognised by its BLAKE3
//! hash; the others are checked on a pool of [`BCRYPT_THREADS`] threads of
//! their own, with at most [`BCRYPT_QUEUE`] waiting (`503` past it); and
//! each client address may have [`SIGN_IN_BURST`] such checks, then one
//! every [`SIGN_IN_PERIOD`] (`429` past it), whether or not `--rate-limit`
//! is set.

use std::collections::HashMap;
use std::net::IpAddr;
use std::num::NonZeroU32;
use std::path::Path;
use std::sync::atomic::{AtomicUsize, Ordering};
use std::sync::{Arc, Mutex};
use std::time::Duration;

use actix_governor::governor::{DefaultKeyedRateLimiter, Quota, RateLimiter};

use actix_web::body::{EitherBody, MessageBody};
use actix_web::dev::{ServiceRequest, ServiceResponse};
use actix_web::http::header::{AUTHORIZATION, HeaderValue, RETRY_AFTER, WWW_AUTHENTICATE};
use actix_web::middleware::Next;
use actix_web::{ResponseError, web};
use anyhow::{Context, anyhow, bail};
use base64::Engine;

use crate::error::ApiError;
use crate::limit::network;

/// Tokens shorter than this are refused when the file is read: a token is
/// the whole secret, unlike a password it is not typed by a person.
pub const MIN_TOKEN_CHARS: usize = 24;
/// bcrypt reads at most this many bytes of a password (72 with the NUL
/// it ends it with).
pub const MAX_PASSWORD_BYTES: usize = 71;
/// Threads that check passwords.
pub const BCRYPT_THREADS: usize = 2;
/// Password checks that may wait for a thread.
pub const BCRYPT_QUEUE: usize = 32;
/// Password checks a client address may have at once after a quiet spell.
pub const SIGN_IN_BURST: u32 = 10;
/// Then one password check per this period.
pub const SIGN_IN_PERIOD: Duration = Duration::from_secs(1);

/// Who may use the server.
pub struct Credentials {
    /// User name → bcrypt hash.
    users: HashMap<String, String>,
    /// BLAKE3 hashes of the API tokens, with the user each stands for.
    tokens: Vec<(blake3::Hash, String)>,
    /// A bcrypt hash checked for unknown users, so that they cost the same
    /// time as known ones.
    dummy: String,
    /// Users whose password was checked, with a BLAKE3 hash of it: a browser
    /// sends the password with every request, and bcrypt takes tens of
    /// milliseconds by design.
    verified: Mutex<HashMap<String, blake3::Hash>>,
    /// The threads that run bcrypt, and how many checks wait for them.
    pool: rayon::ThreadPool,
    queued: AtomicUsize,
    /// Password checks per client address.
    sign_ins: DefaultKeyedRateLimiter<Option<IpAddr>>,
}

/// What a first look at an `Authorization` header tells.
#[derive(Debug)]
pub enum Check {
    /// Let in as this user: a valid token, or a password verified before.
    Allowed(String),
    /// Refused without further work.
    Refused,
    /// A password that only bcrypt can tell.
    Password(PasswordCheck),
}

/// A user name and password to check with bcrypt.
#[derive(Debug)]
pub struct PasswordCheck {
    name: String,
    password: String,
    presented: blake3::Hash,
}

/// Why a password could not be checked now.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Busy {
    /// This address made too many password checks: retry later.
    TooManyFromAddress,
    /// Too many password checks wait.
    Queue,
}

impl Credentials {
    /// Reads the users file and the tokens file (either may be absent).
    pub fn load(users: Option<&Path>, tokens: Option<&Path>) -> anyhow::Result<Credentials> {
        let mut credentials = Credentials {
            users: HashMap::new(),
            tokens: Vec::new(),
            dummy: String::new(),
            verified: Mutex::new(HashMap::new()),
            pool: rayon::ThreadPoolBuilder::new()
                .num_threads(BCRYPT_THREADS)
                .thread_name(|n| format!("bcrypt-{n}"))
                .build()
                .context("cannot start the password-checking threads")?,
            queued: AtomicUsize::new(0),
            sign_ins: RateLimiter::keyed(
                Quota::with_period(SIGN_IN_PERIOD)
                    .expect("the period is not zero")
                    .allow_burst(NonZeroU32::new(SIGN_IN_BURST).expect("the burst is not zero")),
            ),
        };
        // The dummy hash costs what the dearest real one does, so an
        // unknown name is not answered faster than a wrong password.
        let mut cost = 4;
        let mut costs = std::collections::BTreeSet::new();
        if let Some(path) = users {
            for (line, text) in lines(path)? {
                let fail = |reason: &str| anyhow!("{} line {line}: {reason}", path.display());
                let (name, hash) = text
                    .split_once(':')
                    .ok_or_else(|| fail("expected user:hash"))?;
                let parts: Vec<&str> = hash.split('$').collect();
                if !matches!(parts.as_slice(), ["", "2a" | "2b" | "2y", _, _]) {
                    return Err(fail(
                        "only bcrypt hashes are accepted (htpasswd -B writes them)",
                    ));
                }
                let this: u32 = parts[2]
                    .parse()
                    .map_err(|_| fail("bcrypt hash without a cost"))?;
                cost = cost.max(this);
                costs.insert(this);
                credentials.users.insert(name.to_string(), hash.to_string());
            }
            if credentials.users.is_empty() {
                bail!("{} holds no credentials", path.display());
            }
            if costs.len() > 1 {
                // A known name with a cheaper hash is answered faster than
                // an unknown one, checked at the highest cost.
                tracing::warn!(
                    "{} mixes bcrypt costs {costs:?}: response times tell user names apart; hash every password at one cost (htpasswd -B -C {cost})",
                    path.display()
                );
            }
        }
        if let Some(path) = tokens {
            for (line, text) in lines(path)? {
                let (name, token) = token_line(&text);
                if token.chars().count() < MIN_TOKEN_CHARS {
                    bail!(
                        "{} line {line}: a token needs at least {MIN_TOKEN_CHARS} characters",
                        path.display()
                    );
                }
                credentials
                    .tokens
                    .push((blake3::hash(token.as_bytes()), name.to_string()));
            }
            if credentials.tokens.is_empty() {
                bail!("{} holds no credentials", path.display());
            }
        }
        credentials.dummy = bcrypt::hash("not a password of anyone", cost)
            .context("cannot make the dummy password hash")?;
        Ok(credentials)
    }

    /// The bcrypt cost of the hash checked for unknown users: the highest
    /// of the users file.
    pub fn dummy_cost(&self) -> u32 {
        self.dummy
            .split('$')
            .nth(2)
            .and_then(|cost| cost.parse().ok())
            .unwrap_or(0)
    }

    /// A first look at an `Authorization` header value: cheap, no bcrypt.
    pub fn check(&self, header: &str) -> Check {
        if let Some(token) = header.strip_prefix("Bearer ") {
            let presented = blake3::hash(token.trim().as_bytes());
            // Every token is compared, so the time does not say which
            // matched.
            let found = self.tokens.iter().fold(None, |found, (token, name)| {
                if *token == presented {
                    Some(name)
                } else {
                    found
                }
            });
            return match found {
                Some(name) => Check::Allowed(name.clone()),
                None => Check::Refused,
            };
        }
        if self.users.is_empty() {
            return Check::Refused;
        }
        let Some(encoded) = header.strip_prefix("Basic ") else {
            return Check::Refused;
        };
        let Ok(decoded) = base64::engine::general_purpose::STANDARD.decode(encoded.trim()) else {
            return Check::Refused;
        };
        let Ok(decoded) = String::from_utf8(decoded) else {
            return Check::Refused;
        };
        let Some((name, password)) = decoded.split_once(':') else {
            return Check::Refused;
        };
        if password.len() > MAX_PASSWORD_BYTES {
            return Check::Refused;
        }
        let presented = blake3::hash(decoded.as_bytes());
        let verified = self
            .verified
            .lock()
            .map(|verified| verified.get(name) == Some(&presented))
            .unwrap_or(false);
        if verified {
            return Check::Allowed(name.to_string());
        }
        Check::Password(PasswordCheck {
            name: name.to_string(),
            password: password.to_string(),
            presented,
        })
    }

    /// Runs bcrypt for `check` (slow: call it off the async executor).
    pub fn verify(&self, check: &PasswordCheck) -> bool {
        let known = self.users.get(&check.name);
        let hash = known.unwrap_or(&self.dummy);
        let matches = bcrypt::non_truncating_verify(&check.password, hash).unwrap_or(false)
            && known.is_some();
        if matches && let Ok(mut verified) = self.verified.lock() {
            verified.insert(check.name.clone(), check.presented);
        }
        matches
    }

    /// Whether an `Authorization` header value lets its sender in, checked
    /// on the calling thread.
    pub fn allows(&self, header: &str) -> bool {
        match self.check(header) {
            Check::Allowed(_) => true,
            Check::Refused => false,
            Check::Password(check) => self.verify(&check),
        }
    }

    /// Checks a password on the bcrypt threads, if `client` may have one
    /// checked now and the queue has room.
    pub async fn verify_queued(
        self: &Arc<Self>,
        client: Option<IpAddr>,
        check: PasswordCheck,
    ) -> Result<bool, Busy> {
        // Every connection has a peer address; only requests made
        // in-process (tests) lack one.
        if client.is_some() && self.sign_ins.check_key(&client).is_err() {
            return Err(Busy::TooManyFromAddress);
        }
        if self.queued.fetch_add(1, Ordering::SeqCst) >= BCRYPT_QUEUE + BCRYPT_THREADS {
            self.queued.fetch_sub(1, Ordering::SeqCst);
            return Err(Busy::Queue);
        }
        let (sender, receiver) = tokio::sync::oneshot::channel();
        let credentials = Arc::clone(self);
        self.pool.spawn(move || {
            let allowed = credentials.verify(&check);
            credentials.queued.fetch_sub(1, Ordering::SeqCst);
            let _ = sender.send(allowed);
        });
        Ok(receiver.await.unwrap_or(false))
    }

    /// Forgets addresses that made no password check lately.
    pub fn forget_idle_addresses(&self) {
        self.sign_ins.retain_recent();
    }
}

/// Counts only: hashes stay out of logs and panics.
impl std::fmt::Debug for Credentials {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        f.debug_struct("Credentials")
            .field("users", &self.users.len())
            .field("tokens", &self.tokens.len())
            .finish_non_exhaustive()
    }
}

/// The user a token line names, and its token: `name:token`, or a bare
/// token (the user `token`). A name is short and has no spaces, so a token
/// that holds a `:` late in it is still read whole.
fn token_line(text: &str) -> (&str, &str) {
    match text.split_once(':') {
        Some((name, token))
            if !name.is_empty()
                && name.chars().count() <= 64
                && !name.contains(char::is_whitespace) =>
        {
            (name, token.trim())
        }
        _ => ("token", text),
    }
}

/// Who makes a request: the Basic-auth user, a token's name, or `local`
/// when the server has no credentials. Workspace writes are recorded under
/// it; stars and private notes are its own.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct User(pub String);

impl User {
    /// The user of a server without credentials.
    pub const LOCAL: &str = "local";
}

impl actix_web::FromRequest for User {
    type Error = actix_web::Error;
    type Future = std::future::Ready<Result<User, actix_web::Error>>;

    fn from_request(
        request: &actix_web::HttpRequest,
        _payload: &mut actix_web::dev::Payload,
    ) -> Self::Future {
        use actix_web::HttpMessage;
        let user = request
            .extensions()
            .get::<User>()
            .cloned()
            .unwrap_or_else(|| User(User::LOCAL.to_string()));
        std::future::ready(Ok(user))
    }
}

/// The non-empty lines of a file that are not `#` comments, numbered from 1.
fn lines(path: &Path) -> anyhow::Result<Vec<(usize, String)>> {
    let text =
        std::fs::read_to_string(path).with_context(|| format!("cannot read {}", path.display()))?;
    Ok(text
        .lines()
        .enumerate()
        .map(|(index, line)| (index + 1, line.trim().to_string()))
        .filter(|(_, line)| !line.is_empty() && !line.starts_with('#'))
        .collect())
}

/// Middleware: lets a request through only with valid credentials, when any
/// are configured.
pub async fn require(
    request: ServiceRequest,
    next: Next<impl MessageBody>,
) -> Result<ServiceResponse<EitherBody<impl MessageBody>>, actix_web::Error> {
    let credentials = request
        .app_data::<web::Data<Option<Arc<Credentials>>>>()
        .and_then(|credentials| credentials.as_ref().clone());
    let Some(credentials) = credentials else {
        return Ok(next.call(request).await?.map_into_left_body());
    };
    let header = request
        .headers()
        .get(AUTHORIZATION)
        .and_then(|value| value.to_str().ok())
        .map(str::to_string);
    let client = request.peer_addr().map(|peer| network(peer.ip()));
    let allowed = match header.map(|header| credentials.check(&header)) {
        Some(Check::Allowed(name)) => Some(name),
        Some(Check::Password(check)) => {
            let name = check.name.clone();
            match credentials.verify_queued(client, check).await {
                Ok(allowed) => allowed.then_some(name),
                Err(busy) => {
                    let error = match busy {
                        Busy::TooManyFromAddress => ApiError::rate_limited(
                            "too many sign-in attempts from this address; retry in a few seconds",
                        ),
                        Busy::Queue => {
                            ApiError::unavailable("too many sign-ins at once; retry in a moment")
                        }
                    };
                    let mut response = error.error_response();
                    response
                        .headers_mut()
                        .insert(RETRY_AFTER, HeaderValue::from_static("2"));
                    return Ok(request.into_response(response).map_into_right_body());
                }
            }
        }
        Some(Check::Refused) | None => None,
    };
    if let Some(name) = allowed {
        actix_web::HttpMessage::extensions_mut(&request).insert(User(name));
        return Ok(next.call(request).await?.map_into_left_body());
    }
    let mut response = ApiError::unauthorized().error_response();
    response.headers_mut().insert(
        WWW_AUTHENTICATE,
        HeaderValue::from_static("Basic realm=\"fouille\", charset=\"UTF-8\""),
    );
    Ok(request.into_response(response).map_into_right_body())
}

#[cfg(test)]
mod tests {
    use super::*;

    fn file(text: &str) -> tempfile::NamedTempFile {
        let file = tempfile::NamedTempFile::new().unwrap();
        std::fs::write(file.path(), text).unwrap();
        file
    }

    fn basic(user_password: &str) -> String {
        format!(
            "Basic {}",
            base64::engine::general_purpose::STANDARD.encode(user_password)
        )
    }

    #[test]
    fn basic_and_bearer_credentials_are_checked() {
        let hash = bcrypt::hash("s3cret", 4)
            .unwrap()
            .replacen("$2b$", "$2y$", 1);
        let users = file(&format!("# reporters\nalice:{hash}\n"));
        let tokens = file(
            "# scripts\nabcdefghijklmnopqrstuvwxyz0123\ndesk:zyxwvutsrqponmlkjihgfedcba9876\n",
        );
        let credentials = Credentials::load(Some(users.path()), Some(tokens.path())).unwrap();
        assert!(credentials.allows(&basic("alice:s3cret")));
        // Twice: the second time from the verified cache.
        assert!(credentials.allows(&basic("alice:s3cret")));
        assert!(!credentials.allows(&basic("alice:wrong")));
        assert!(!credentials.allows(&basic("bob:s3cret")));
        assert!(!credentials.allows(&basic("alice")));
        assert!(!credentials.allows("Basic !!!"));
        assert!(credentials.allows("Bearer abcdefghijklmnopqrstuvwxyz0123"));
        assert!(!credentials.allows("Bearer abcdefghijklmnopqrstuvwxyz0124"));
        assert!(!credentials.allows("Digest x"));
        assert!(matches!(
            credentials.check("Bearer zyxwvutsrqponmlkjihgfedcba9876"),
            Check::Allowed(name) if name == "desk"
        ));
        assert!(matches!(
            credentials.check("Bearer abcdefghijklmnopqrstuvwxyz0123"),
            Check::Allowed(name) if name == "token"
        ));
        assert!(matches!(
            credentials.check(&basic("alice:s3cret")),
            Check::Allowed(name) if name == "alice"
        ));
    }

    #[test]
    fn unusable_files_are_refused_with_their_line() {
        for (users, tokens, reason) in [
            (
                Some("alice:$apr1$xyz$abcdefghijklmnop\n"),
                None,
                "line 1: only bcrypt hashes are accepted (htpasswd -B writes them)",
            ),
            (
                None,
                Some("short-token\n"),
                "line 1: a token needs at least 24 characters",
            ),
            (Some("# nobody yet\n"), None, "holds no credentials"),
        ] {
            let users = users.map(file);
            let tokens = tokens.map(file);
            let err = Credentials::load(
                users.as_ref().map(|file| file.path()),
                tokens.as_ref().map(|file| file.path()),
            )
            .unwrap_err()
            .to_string();
            assert!(err.ends_with(reason), "{err}");
        }
    }
}
