use std::time::Duration;

use crate::api::ErrorDetail;

/// Result of every client call.
pub type Result<T, E = Error> = std::result::Result<T, E>;

/// Everything that can go wrong in a call. Messages never contain credentials.
#[derive(Debug, thiserror::Error)]
#[non_exhaustive]
pub enum Error {
    /// The server answered with a failure status, or with a body that says it failed.
    #[error("the API answered HTTP {status}{} with {}", request_id_note(headers), describe(errors, body))]
    Api {
        /// The HTTP status.
        status: u16,
        /// The error details from the response body; empty when it had none.
        errors: Vec<ErrorDetail>,
        /// The start of the body, when it was not the JSON the API describes.
        body: Option<String>,
        /// The response headers: rate limits, `Retry-After`, request ids.
        headers: Box<reqwest::header::HeaderMap>,
    },
    /// A successful response whose body is not what the API describes.
    #[error("cannot decode the HTTP {status} response: {message}; the body was: {body}")]
    Decode {
        /// The HTTP status.
        status: u16,
        /// What did not fit.
        message: String,
        /// The start of the body.
        body: String,
    },
    /// No complete answer in time.
    #[error("the request timed out after {0:?}")]
    Timeout(Duration),
    /// The request never got an answer: connection refused or reset, DNS, TLS.
    #[error("the request failed: {0}")]
    Transport(#[source] reqwest::Error),
    /// The client is misconfigured (a bad base URL, credentials that cannot be sent).
    #[error("invalid client configuration: {0}")]
    Config(String),
    /// The response body was larger than the limit set with `max_response_bytes`.
    #[error("the response body is larger than the limit of {limit} bytes")]
    ResponseTooLarge {
        /// The limit, in bytes.
        limit: u64,
    },
    /// A request that cannot be sent as given (a header value with a line break).
    #[error("invalid request: {0}")]
    InvalidRequest(String),
}

fn describe(errors: &[ErrorDetail], body: &Option<String>) -> String {
    if !errors.is_empty() {
        return serde_json::to_string(errors).unwrap_or_else(|_| format!("{} error(s)", errors.len()));
    }
    match body {
        Some(b) if !b.is_empty() => format!("the body: {b}"),
        _ => "no error details".to_string(),
    }
}

/// ` (request id …)`, when the answer carried one: what the API's support asks for.
fn request_id_note(headers: &reqwest::header::HeaderMap) -> String {
    request_id(headers).map_or(String::new(), |id| format!(" (request id {id})"))
}

/// The request id of an answer: the configured header first, then the common ones.
fn request_id(headers: &reqwest::header::HeaderMap) -> Option<&str> {
    const COMMON: [&str; 3] = ["x-request-id", "request-id", "x-correlation-id"];
    crate::api::REQUEST_ID_HEADER
        .into_iter()
        .chain(COMMON)
        .find_map(|name| headers.get(name))
        .and_then(|v| v.to_str().ok())
}

impl Error {
    /// The HTTP status of the response, when there was one.
    pub fn status(&self) -> Option<u16> {
        match self {
            Error::Api { status, .. } | Error::Decode { status, .. } => Some(*status),
            _ => None,
        }
    }

    /// The error details the API sent; empty for other kinds of error.
    pub fn api_errors(&self) -> &[ErrorDetail] {
        match self {
            Error::Api { errors, .. } => errors,
            _ => &[],
        }
    }

    /// The headers of the response an API error came with (`Retry-After`, rate limits, request
    /// ids); `None` for other kinds of error.
    pub fn headers(&self) -> Option<&reqwest::header::HeaderMap> {
        match self {
            Error::Api { headers, .. } => Some(headers),
            _ => None,
        }
    }

    /// The id the server gave the request, for its support to find it: the header the
    /// configuration names (`client.request_id_header`), else `x-request-id`, `request-id` or
    /// `x-correlation-id`. `None` for errors without an answer.
    pub fn request_id(&self) -> Option<&str> {
        self.headers().and_then(request_id)
    }

    /// Whether the API answered that the thing does not exist (404).
    pub fn is_not_found(&self) -> bool {
        self.api_status() == Some(404)
    }

    /// Whether the API refused the credentials (401) or what they may do (403).
    pub fn is_auth(&self) -> bool {
        matches!(self.api_status(), Some(401 | 403))
    }

    /// Whether the API answered that the request conflicts with the current state (409).
    pub fn is_conflict(&self) -> bool {
        self.api_status() == Some(409)
    }

    /// Whether the API asked for fewer requests (429), after the retries the client made;
    /// [`Error::retry_after`] says for how long.
    pub fn is_rate_limited(&self) -> bool {
        self.api_status() == Some(429)
    }

    /// Whether the API failed on its side (5xx), after the retries the client made.
    pub fn is_server_error(&self) -> bool {
        self.api_status().is_some_and(|s| (500..600).contains(&s))
    }

    /// How long the API asked the caller to wait before trying again (`Retry-After`, in
    /// seconds or as a date), when it said.
    pub fn retry_after(&self) -> Option<Duration> {
        self.headers().and_then(super::call::retry_after)
    }

    /// The status of an [`Error::Api`]: the API's answer, not a decoding problem.
    fn api_status(&self) -> Option<u16> {
        match self {
            Error::Api { status, .. } => Some(*status),
            _ => None,
        }
    }

    /// Whether the call ran out of time.
    pub fn is_timeout(&self) -> bool {
        matches!(self, Error::Timeout(_))
    }
}

/// The start of a body for an error message: enough to recognise an HTML page or a cut-off
/// document, never megabytes.
pub(crate) fn snippet(body: &[u8]) -> String {
    const MAX: usize = 512;
    let text = String::from_utf8_lossy(&body[..body.len().min(MAX)]).into_owned();
    if body.len() > MAX {
        format!("{text}… ({} bytes in all)", body.len())
    } else if text.is_empty() {
        "(empty)".to_string()
    } else {
        text
    }
}
