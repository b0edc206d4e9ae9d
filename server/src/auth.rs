//! Access control for private archives: HTTP Basic authentication against an
//! htpasswd file of bcrypt hashes (`--users`, as `htpasswd -B` writes it)
//! and API tokens sent as `Authorization: Bearer` (`--tokens`).
//!
//! When either is configured, every route answers 401 without valid
//! credentials, the web UI included. An unknown user and a wrong password
//! get the same answer after the same work (a bcrypt check against a dummy
//! hash), so the answer does not tell which names exist. Tokens are kept and
//! compared as BLAKE3 hashes, whose equality is constant-time.

use std::collections::HashMap;
use std::path::Path;
use std::sync::{Arc, Mutex};

use actix_web::body::{EitherBody, MessageBody};
use actix_web::dev::{ServiceRequest, ServiceResponse};
use actix_web::http::header::{AUTHORIZATION, HeaderValue, WWW_AUTHENTICATE};
use actix_web::middleware::Next;
use actix_web::{ResponseError, web};
use anyhow::{Context, anyhow, bail};
use base64::Engine;

use crate::error::ApiError;

/// Tokens shorter than this are refused when the file is read: a token is
/// the whole secret, unlike a password it is not typed by a person.
pub const MIN_TOKEN_CHARS: usize = 24;

/// Who may use the server.
pub struct Credentials {
    /// User name → bcrypt hash.
    users: HashMap<String, String>,
    /// BLAKE3 hashes of the API tokens.
    tokens: Vec<blake3::Hash>,
    /// A bcrypt hash checked for unknown users, so that they cost the same
    /// time as known ones.
    dummy: String,
    /// Users whose password was checked, with a BLAKE3 hash of it: a browser
    /// sends the password with every request, and bcrypt takes tens of
    /// milliseconds by design.
    verified: Mutex<HashMap<String, blake3::Hash>>,
}

impl Credentials {
    /// Reads the users file and the tokens file (either may be absent).
    pub fn load(users: Option<&Path>, tokens: Option<&Path>) -> anyhow::Result<Credentials> {
        let mut credentials = Credentials {
            users: HashMap::new(),
            tokens: Vec::new(),
            dummy: String::new(),
            verified: Mutex::new(HashMap::new()),
        };
        let mut cost = bcrypt::DEFAULT_COST;
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
                cost = parts[2]
                    .parse()
                    .map_err(|_| fail("bcrypt hash without a cost"))?;
                credentials.users.insert(name.to_string(), hash.to_string());
            }
            if credentials.users.is_empty() {
                bail!("{} holds no credentials", path.display());
            }
        }
        if let Some(path) = tokens {
            for (line, token) in lines(path)? {
                if token.chars().count() < MIN_TOKEN_CHARS {
                    bail!(
                        "{} line {line}: a token needs at least {MIN_TOKEN_CHARS} characters",
                        path.display()
                    );
                }
                credentials.tokens.push(blake3::hash(token.as_bytes()));
            }
            if credentials.tokens.is_empty() {
                bail!("{} holds no credentials", path.display());
            }
        }
        credentials.dummy = bcrypt::hash("not a password of anyone", cost)
            .context("cannot make the dummy password hash")?;
        Ok(credentials)
    }

    /// Whether an `Authorization` header value lets its sender in.
    pub fn allows(&self, header: &str) -> bool {
        if let Some(token) = header.strip_prefix("Bearer ") {
            let presented = blake3::hash(token.trim().as_bytes());
            // Every token is compared, so the time does not say which
            // matched.
            return self
                .tokens
                .iter()
                .fold(false, |found, token| found | (*token == presented));
        }
        let Some(encoded) = header.strip_prefix("Basic ") else {
            return false;
        };
        let Ok(decoded) = base64::engine::general_purpose::STANDARD.decode(encoded.trim()) else {
            return false;
        };
        let Ok(decoded) = String::from_utf8(decoded) else {
            return false;
        };
        let Some((name, password)) = decoded.split_once(':') else {
            return false;
        };
        let presented = blake3::hash(decoded.as_bytes());
        let verified = self
            .verified
            .lock()
            .map(|verified| verified.get(name) == Some(&presented))
            .unwrap_or(false);
        if verified {
            return true;
        }
        let known = self.users.get(name);
        let hash = known.unwrap_or(&self.dummy);
        let matches = bcrypt::verify(password, hash).unwrap_or(false) && known.is_some();
        if matches && let Ok(mut verified) = self.verified.lock() {
            verified.insert(name.to_string(), presented);
        }
        matches
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
    // bcrypt is slow on purpose: off the async executor.
    let allowed = match header {
        Some(header) => web::block(move || credentials.allows(&header))
            .await
            .unwrap_or(false),
        None => false,
    };
    if allowed {
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
        let tokens = file("# scripts\nabcdefghijklmnopqrstuvwxyz0123\n");
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
