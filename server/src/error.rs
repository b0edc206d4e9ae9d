//! The API's one table of error codes. Every error answers
//! `{"error": {"code": "...", "message": "..."}}` with the status below; the
//! table is also in `docs/API.md`.
//!
//! | code               | status | when                                                   |
//! |--------------------|--------|--------------------------------------------------------|
//! | `bad_parameter`    | 400    | a parameter is malformed or out of range               |
//! | `bad_id`           | 400    | a message or thread id is not of the right form        |
//! | `too_many_matches` | 400    | a search tagged at once matches over 100,000 documents |
//! | `unauthorized`     | 401    | credentials are required (`--users`, `--tokens`) and missing or wrong |
//! | `cross_site`       | 403    | a page of another site made the browser send an `/api` request (`Sec-Fetch-Site`), or a write came from another origin (`Origin`) |
//! | `forbidden`        | 403    | a note of another author cannot be changed             |
//! | `not_found`        | 404    | no such message, attachment, thread, note, saved search, batch or route |
//! | `method_not_allowed` | 405  | the route does not take this method                    |
//! | `workspace_unavailable` | 409 | the workspace could not be opened (read-only media without `--workspace`) |
//! | `unsupported_media_type` | 415 | a write's body is not JSON (or CSV / plain text for a batch) |
//! | `misdirected`      | 421    | the `Host` is not one this server answers to (`--allowed-host`) |
//! | `request_too_large`| 413    | the query string is over 16 KiB, or a body over its bound |
//! | `query_too_long`   | 414    | `q` is over 4,096 characters                           |
//! | `rate_limited`     | 429    | over `--rate-limit` requests from one address; see `Retry-After` |
//! | `internal`         | 500    | the archive could not be read (never caused by input)  |
//! | `unavailable`      | 503    | the server is shutting down or overloaded (too many exports, sign-ins); see `Retry-After` |

use actix_web::http::StatusCode;
use actix_web::{HttpResponse, ResponseError};
use serde::Serialize;

/// An API error.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct ApiError {
    /// Machine-readable code from the table.
    pub code: &'static str,
    /// HTTP status.
    pub status: StatusCode,
    /// What went wrong, for a person.
    pub message: String,
}

#[derive(Serialize)]
struct Body<'a> {
    error: Inner<'a>,
}

#[derive(Serialize)]
struct Inner<'a> {
    code: &'a str,
    message: &'a str,
}

impl ApiError {
    fn new(code: &'static str, status: StatusCode, message: impl Into<String>) -> ApiError {
        ApiError {
            code,
            status,
            message: message.into(),
        }
    }

    /// 400 `bad_parameter`.
    pub fn bad_parameter(message: impl Into<String>) -> ApiError {
        ApiError::new("bad_parameter", StatusCode::BAD_REQUEST, message)
    }

    /// 400 `bad_id`.
    pub fn bad_id(message: impl Into<String>) -> ApiError {
        ApiError::new("bad_id", StatusCode::BAD_REQUEST, message)
    }

    /// 401 `unauthorized`: the same answer for an unknown user and a wrong
    /// password.
    pub fn unauthorized() -> ApiError {
        ApiError::new(
            "unauthorized",
            StatusCode::UNAUTHORIZED,
            "valid credentials are required",
        )
    }

    /// 403 `cross_site`.
    pub fn cross_site() -> ApiError {
        ApiError::new(
            "cross_site",
            StatusCode::FORBIDDEN,
            "requests from pages of other sites are refused",
        )
    }

    /// 403 `forbidden`.
    pub fn forbidden(message: impl Into<String>) -> ApiError {
        ApiError::new("forbidden", StatusCode::FORBIDDEN, message)
    }

    /// 400 `too_many_matches`: a bulk tag over its bound.
    pub fn too_many_matches(message: impl Into<String>) -> ApiError {
        ApiError::new("too_many_matches", StatusCode::BAD_REQUEST, message)
    }

    /// 409 `workspace_unavailable`.
    pub fn workspace_unavailable(message: impl Into<String>) -> ApiError {
        ApiError::new("workspace_unavailable", StatusCode::CONFLICT, message)
    }

    /// 415 `unsupported_media_type`.
    pub fn unsupported_media_type(message: impl Into<String>) -> ApiError {
        ApiError::new(
            "unsupported_media_type",
            StatusCode::UNSUPPORTED_MEDIA_TYPE,
            message,
        )
    }

    /// 404 `not_found`.
    pub fn not_found(message: impl Into<String>) -> ApiError {
        ApiError::new("not_found", StatusCode::NOT_FOUND, message)
    }

    /// 405 `method_not_allowed`.
    pub fn method_not_allowed() -> ApiError {
        ApiError::new(
            "method_not_allowed",
            StatusCode::METHOD_NOT_ALLOWED,
            "the route does not take this method",
        )
    }

    /// 421 `misdirected`: DNS rebinding, or a name not given with
    /// `--allowed-host`.
    pub fn misdirected(message: impl Into<String>) -> ApiError {
        ApiError::new("misdirected", StatusCode::MISDIRECTED_REQUEST, message)
    }

    /// 413 `request_too_large`.
    pub fn request_too_large(message: impl Into<String>) -> ApiError {
        ApiError::new("request_too_large", StatusCode::PAYLOAD_TOO_LARGE, message)
    }

    /// 414 `query_too_long`.
    pub fn query_too_long(message: impl Into<String>) -> ApiError {
        ApiError::new("query_too_long", StatusCode::URI_TOO_LONG, message)
    }

    /// 429 `rate_limited`.
    pub fn rate_limited(message: impl Into<String>) -> ApiError {
        ApiError::new("rate_limited", StatusCode::TOO_MANY_REQUESTS, message)
    }

    /// 500 `internal`.
    pub fn internal(message: impl Into<String>) -> ApiError {
        ApiError::new("internal", StatusCode::INTERNAL_SERVER_ERROR, message)
    }

    /// 503 `unavailable`.
    pub fn unavailable(message: impl Into<String>) -> ApiError {
        ApiError::new("unavailable", StatusCode::SERVICE_UNAVAILABLE, message)
    }
}

impl std::fmt::Display for ApiError {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        write!(f, "{}: {}", self.code, self.message)
    }
}

impl ResponseError for ApiError {
    fn status_code(&self) -> StatusCode {
        self.status
    }

    fn error_response(&self) -> HttpResponse {
        let mut response = HttpResponse::build(self.status);
        if self.status == StatusCode::METHOD_NOT_ALLOWED {
            // RFC 9110: a 405 lists the methods the resource supports.
            response.insert_header((actix_web::http::header::ALLOW, "GET, HEAD"));
        }
        response.json(Body {
            error: Inner {
                code: self.code,
                message: &self.message,
            },
        })
    }
}

impl From<fouille_schema::Error> for ApiError {
    fn from(err: fouille_schema::Error) -> ApiError {
        use fouille_schema::Error;
        match err {
            Error::NotFound(what) => ApiError::not_found(format!("no {what}")),
            Error::BadRequest(message) if message.starts_with("query longer") => {
                ApiError::query_too_long(message)
            }
            Error::BadRequest(message) => ApiError::bad_parameter(message),
            other => {
                tracing::error!("archive error: {other}");
                ApiError::internal("the archive could not be read")
            }
        }
    }
}

impl From<fouille_workspace::Error> for ApiError {
    fn from(err: fouille_workspace::Error) -> ApiError {
        use fouille_workspace::Error;
        match err {
            Error::BadInput(message) => ApiError::bad_parameter(message),
            Error::NotFound(message) => ApiError::not_found(message),
            Error::Forbidden(message) => ApiError::forbidden(message),
            other => {
                tracing::error!("workspace error: {other}");
                ApiError::internal("the workspace could not be read or written")
            }
        }
    }
}

impl From<actix_web::error::BlockingError> for ApiError {
    fn from(_: actix_web::error::BlockingError) -> ApiError {
        ApiError::unavailable("the server is shutting down")
    }
}
