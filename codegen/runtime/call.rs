use std::future::{Future, IntoFuture};
use std::marker::PhantomData;
use std::pin::Pin;
use std::time::Duration;

use reqwest::header::{HeaderMap, HeaderName};
use reqwest::{Method, StatusCode};
use tracing::Instrument;

use super::body::{Part, RequestBody};
use super::client::Client;
use super::decode::{ApiResponse, Decode, Raw, ResponseKind, decode_redacted};
use super::encoding::header_value;
use super::error::{Error, Result};

/// The header that tells the server which attempt this is (0 for the first).
const RETRY_COUNT_HEADER: &str = "x-retry-count";
/// The most a server may ask us to wait before retrying; a longer ask ends the call with the
/// answer, whose headers say when to try again.
const MAX_RETRY_AFTER: Duration = Duration::from_secs(60);
const INITIAL_BACKOFF: Duration = Duration::from_millis(500);
const MAX_BACKOFF: Duration = Duration::from_secs(8);

/// A call ready to be sent: `.await` it for the value, or set per-call options first.
///
/// ```no_run
/// # async fn example(call: api_client::Call<()>) -> Result<(), api_client::Error> {
/// let response = call.max_retries(0).header("x-request-id", "42").send_with_response().await?;
/// println!("{} {:?}", response.status, response.headers.get("date"));
/// # Ok(()) }
/// ```
#[must_use = "a call does nothing until it is awaited"]
pub struct Call<T> {
    client: Client,
    method: Method,
    template: &'static str,
    path: String,
    query: Vec<(String, String)>,
    headers: Vec<(String, String)>,
    body: Option<std::result::Result<RequestBody, String>>,
    kind: ResponseKind,
    max_retries: Option<u32>,
    timeout: Option<Duration>,
    max_response_bytes: Option<u64>,
    strict_decoding: Option<bool>,
    accept: Option<&'static str>,
    /// The whole URL, for a page whose URL the previous page gave; replaces path and query.
    url: Option<reqwest::Url>,
    /// The operation takes no credentials (`security: []`): none are sent.
    anonymous: bool,
    /// The credentials the operation accepts, where they differ from the API's.
    security: Option<&'static [&'static [&'static str]]>,
    /// Body members the caller adds to the typed body, in order.
    extra_body: Vec<(String, std::result::Result<serde_json::Value, String>)>,
    value: PhantomData<fn() -> T>,
}

// Derived `Clone` would require `T: Clone`; a call never holds a `T`.
impl<T> Clone for Call<T> {
    fn clone(&self) -> Self {
        Call {
            client: self.client.clone(),
            method: self.method.clone(),
            template: self.template,
            path: self.path.clone(),
            query: self.query.clone(),
            headers: self.headers.clone(),
            body: self.body.clone(),
            kind: self.kind,
            max_retries: self.max_retries,
            timeout: self.timeout,
            max_response_bytes: self.max_response_bytes,
            strict_decoding: self.strict_decoding,
            accept: self.accept,
            url: self.url.clone(),
            anonymous: self.anonymous,
            security: self.security,
            extra_body: self.extra_body.clone(),
            value: PhantomData,
        }
    }
}

impl<T> std::fmt::Debug for Call<T> {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        f.debug_struct("Call")
            .field("method", &self.method)
            .field("path", &self.path)
            .field("query", &self.query)
            .finish_non_exhaustive()
    }
}

impl Client {
    #[doc(hidden)]
    pub fn call<T>(&self, method: Method, template: &'static str, path: String) -> Call<T> {
        Call {
            client: self.clone(),
            method,
            template,
            path,
            query: Vec::new(),
            headers: Vec::new(),
            body: None,
            kind: ResponseKind::Plain,
            max_retries: None,
            timeout: None,
            max_response_bytes: None,
            strict_decoding: None,
            accept: None,
            url: None,
            anonymous: false,
            security: None,
            extra_body: Vec::new(),
            value: PhantomData,
        }
    }
}

impl<T> Call<T> {
    #[doc(hidden)]
    pub fn params(mut self, query: Vec<(String, String)>, headers: Vec<(String, String)>) -> Self {
        self.query.extend(query);
        self.headers.extend(headers);
        self
    }

    #[doc(hidden)]
    pub fn json<B: serde::Serialize + ?Sized>(mut self, body: &B) -> Self {
        // Whole numbers held in `f64` fields go out as integers (`300`, not `300.0`), as the
        // official SDKs send them: servers that parse into integer types reject `300.0`.
        let encoded = serde_json::to_value(body).and_then(|mut value| {
            super::shape::integral_numbers(&mut value);
            serde_json::to_vec(&value)
        });
        self.body = Some(
            encoded
                .map(|data| RequestBody::Bytes { data: data.into(), content_type: "application/json" })
                .map_err(|e| e.to_string()),
        );
        self
    }

    #[doc(hidden)]
    pub fn form(mut self, pairs: Vec<(String, String)>) -> Self {
        let data = super::encoding::form_body(&pairs);
        self.body =
            Some(Ok(RequestBody::Bytes { data: data.into(), content_type: "application/x-www-form-urlencoded" }));
        self
    }

    #[doc(hidden)]
    pub fn bytes(mut self, data: bytes::Bytes, content_type: &'static str) -> Self {
        self.body = Some(Ok(RequestBody::Bytes { data, content_type }));
        self
    }

    #[doc(hidden)]
    pub fn multipart(mut self, parts: Result<Vec<(String, Part)>>) -> Self {
        self.body = Some(parts.map(RequestBody::Multipart).map_err(|e| e.to_string()));
        self
    }

    /// Sends `value` as this call's JSON body: for operations whose description leaves the
    /// body open (`application/json` with no schema), which send none unless given one, and
    /// for fields a typed body does not have. Replaces any body the call had.
    pub fn json_body(self, value: impl serde::Serialize) -> Self {
        self.json(&value)
    }

    /// Adds member `name` to this call's body, for a field the API takes that its description
    /// does not list (a JSON body gets the member, a form body the field, a multipart upload a
    /// text part). A call without a body sends a JSON object of its extra members. Replaces a
    /// member the typed body has under that name.
    pub fn extra_body_field(mut self, name: impl Into<String>, value: impl serde::Serialize) -> Self {
        self.extra_body.push((name.into(), serde_json::to_value(value).map_err(|e| e.to_string())));
        self
    }

    /// Reads the whole response body as the value, for a call to any path
    /// ([`Client::request`]) in an API whose answers come in an envelope: the value is
    /// otherwise read from the envelope's result.
    pub fn whole_body(mut self) -> Self {
        self.kind = match self.kind {
            ResponseKind::Enveloped => ResponseKind::Plain,
            ResponseKind::Empty { .. } => ResponseKind::Empty { enveloped: false },
            other => other,
        };
        self
    }

    /// Adds a part to this call's `multipart/form-data` upload, e.g. one more module of a
    /// Worker script. Calls that do not upload a form fail with [`Error::InvalidRequest`].
    pub fn part(mut self, name: impl Into<String>, part: impl Into<Part>) -> Self {
        self.body = match self.body {
            Some(Ok(RequestBody::Multipart(mut parts))) => {
                parts.push((name.into(), part.into()));
                Some(Ok(RequestBody::Multipart(parts)))
            }
            Some(Err(e)) => Some(Err(e)),
            _ => Some(Err(format!("this call does not upload a form, so it cannot take the part `{}`", name.into()))),
        };
        self
    }

    /// The media types the operation's responses come in that the client reads.
    #[doc(hidden)]
    pub fn accept(mut self, media: &'static str) -> Self {
        self.accept = Some(media);
        self
    }

    #[doc(hidden)]
    pub fn kind(mut self, kind: ResponseKind) -> Self {
        self.kind = kind;
        self
    }

    /// The operation's path template, for logs.
    pub(crate) fn template(&self) -> &'static str {
        self.template
    }

    /// Whether drift in this call's response is an error.
    pub(crate) fn strict(&self) -> bool {
        self.strict_decoding.unwrap_or(self.client.inner.strict_decoding)
    }

    /// The envelope member the value is in, for a call that reads one.
    pub(crate) fn result_field(&self) -> Option<&'static str> {
        let enveloped = matches!(self.kind, ResponseKind::Enveloped | ResponseKind::Empty { enveloped: true });
        crate::api::ENVELOPE.filter(|_| enveloped).map(|e| e.result)
    }

    /// The last value of query parameter `name`, if the call sets it.
    pub(crate) fn query_value(&self, name: &str) -> Option<&str> {
        self.query.iter().rev().find(|(k, _)| k == name).map(|(_, v)| v.as_str())
    }

    /// Sets query parameter `name` to `value`, replacing any value it had.
    pub(crate) fn with_query(mut self, name: &str, value: String) -> Self {
        self.query.retain(|(k, _)| k != name);
        self.query.push((name.to_string(), value));
        self
    }

    /// Sends no credentials: for an operation that takes none (`security: []`).
    #[doc(hidden)]
    pub fn without_credentials(mut self) -> Self {
        self.anonymous = true;
        self
    }

    /// The security requirements of this operation, where they differ from the API's: each
    /// alternative a set of schemes whose credentials go together.
    #[doc(hidden)]
    pub fn security(mut self, alternatives: &'static [&'static [&'static str]]) -> Self {
        self.security = Some(alternatives);
        self
    }

    /// Sends this call to `url` instead of its path and query.
    pub(crate) fn with_url(mut self, url: reqwest::Url) -> Self {
        self.query.clear();
        self.url = Some(url);
        self
    }

    /// The URL this call goes to.
    pub(crate) fn url(&self) -> Result<reqwest::Url> {
        if let Some(url) = &self.url {
            return Ok(url.clone());
        }
        if let Some(problem) = path_problem(&self.path, self.template) {
            return Err(Error::InvalidRequest(problem.to_string()));
        }
        let mut url = reqwest::Url::parse(&format!("{}{}", self.client.inner.base_url, self.path))
            .map_err(|e| Error::InvalidRequest(e.to_string()))?;
        if !self.query.is_empty() {
            url.query_pairs_mut().extend_pairs(&self.query);
        }
        Ok(url)
    }

    /// Adds a header to this call only.
    pub fn header(mut self, name: impl Into<String>, value: impl Into<String>) -> Self {
        self.headers.push((name.into(), value.into()));
        self
    }

    /// Adds a query parameter to this call only.
    pub fn query(mut self, name: impl Into<String>, value: impl Into<String>) -> Self {
        self.query.push((name.into(), value.into()));
        self
    }

    /// Retries for this call only (0: a single attempt).
    pub fn max_retries(mut self, retries: u32) -> Self {
        self.max_retries = Some(retries);
        self
    }

    /// Time allowed for each attempt of this call.
    pub fn timeout(mut self, timeout: Duration) -> Self {
        self.timeout = Some(timeout);
        self
    }

    /// The largest response body this call accepts, in bytes; a larger one is
    /// [`Error::ResponseTooLarge`].
    pub fn max_response_bytes(mut self, limit: u64) -> Self {
        self.max_response_bytes = Some(limit);
        self
    }

    /// Whether a response that does not match the API description fails this call
    /// ([`Error::Decode`]) instead of being read tolerantly; see
    /// [`ClientBuilder::strict_decoding`](crate::ClientBuilder::strict_decoding).
    pub fn strict_decoding(mut self, strict: bool) -> Self {
        self.strict_decoding = Some(strict);
        self
    }
}

/// Why a path (its parameters already encoded) cannot be sent as it is: URLs drop `.` and
/// `..` segments even when percent-encoded, and an empty parameter leaves an empty segment.
/// Only the template's parameters are checked: `/` and `/pets/` are paths as written.
fn path_problem(path: &str, template: &str) -> Option<&'static str> {
    let params = template.split('/').map(|t| t.contains('{'));
    path.split('/').zip(params).skip(1).find_map(|(segment, is_param)| match segment {
        "" if is_param => Some("a path parameter is empty"),
        "%2E" | "%2E%2E" => Some("a path parameter is `.` or `..`, which a URL cannot carry as a segment"),
        _ => None,
    })
}

/// Why an attempt got no complete response.
enum Failure {
    Http(reqwest::Error),
    TooLarge,
}

/// Methods that HTTP defines as safe to repeat.
fn idempotent(method: &Method) -> bool {
    matches!(*method, Method::GET | Method::HEAD | Method::PUT | Method::DELETE | Method::OPTIONS | Method::TRACE)
}

impl<T: Decode + Send + 'static> Call<T> {
    /// Sends the call and returns the value with the status and headers of the response, and
    /// the record of anything in it that did not match the API description.
    pub async fn send_with_response(self) -> Result<ApiResponse<T>> {
        let kind = self.kind;
        let template = self.template;
        let overall = self.client.inner.overall_timeout;
        let strict = self.strict_decoding.unwrap_or(self.client.inner.strict_decoding);
        let client = self.client.clone();
        let raw = tokio::time::timeout(overall, self.execute()).await.map_err(|_| Error::Timeout(overall))??;
        let response = decode_redacted(kind, raw, &client.inner.secrets, strict)?;
        if let Some(first) = response.drift.first() {
            tracing::warn!(
                path = template,
                count = response.drift.len(),
                "the response did not match the API description and was read tolerantly; first: {first}"
            );
        }
        Ok(response)
    }

    async fn execute(self) -> Result<Raw> {
        let mut url = self.url()?;
        let inner = &self.client.inner;
        let (credentials, query_credentials) = if self.anonymous {
            Default::default()
        } else {
            inner.credentials(self.security.unwrap_or(crate::api::SECURITY))
        };
        let present: Vec<String> = url.query_pairs().map(|(k, _)| k.into_owned()).collect();
        let missing: Vec<_> = query_credentials.iter().filter(|(k, _)| !present.contains(k)).collect();
        if !missing.is_empty() {
            url.query_pairs_mut().extend_pairs(missing);
        }
        let body = match self.body {
            Some(Ok(body)) => Some(body),
            Some(Err(e)) => return Err(Error::InvalidRequest(format!("cannot build the body: {e}"))),
            None => None,
        };
        let body = if self.extra_body.is_empty() {
            body
        } else {
            let extra = self.extra_body.into_iter().map(|(name, value)| value.map(|v| (name, v)));
            let extra = extra
                .collect::<std::result::Result<Vec<_>, String>>()
                .map_err(|e| Error::InvalidRequest(format!("cannot build the body: an extra field: {e}")))?;
            Some(super::body::with_members(body, extra)?)
        };
        let limit = self.max_response_bytes.unwrap_or(inner.max_response_bytes);
        let mut headers = HeaderMap::new();
        for (name, value) in &self.headers {
            let name = HeaderName::from_bytes(name.as_bytes())
                .map_err(|_| Error::InvalidRequest(format!("`{name}` is not a valid header name")))?;
            let value = header_value(value).ok_or_else(|| {
                Error::InvalidRequest(format!(
                    "the value of header `{name}` contains characters a header cannot carry (line breaks, control characters or non-ASCII)"
                ))
            })?;
            headers.append(name, value);
        }
        // The operation's readable media types, unless the caller asked for something else.
        if let (Some(accept), false) =
            (self.accept.and_then(header_value), headers.contains_key(reqwest::header::ACCEPT))
        {
            headers.insert(reqwest::header::ACCEPT, accept);
        }
        // An idempotency key makes a retried POST or PATCH safe: the server acts at most once
        // per key. The same key goes with every attempt of this call.
        let mut keyed = crate::api::IDEMPOTENCY_HEADER
            .is_some_and(|name| headers.keys().any(|k| k.as_str().eq_ignore_ascii_case(name)));
        if let (Some(name), false, false) = (crate::api::IDEMPOTENCY_HEADER, keyed, idempotent(&self.method)) {
            let key = uuid::Uuid::new_v4().to_string();
            if let (Ok(name), Ok(value)) = (HeaderName::from_bytes(name.as_bytes()), key.parse()) {
                headers.insert(name, value);
                keyed = true;
            }
        }
        let repeatable = idempotent(&self.method) || keyed;
        let max_retries = self.max_retries.unwrap_or(inner.max_retries);
        let timeout = self.timeout.unwrap_or(inner.timeout);
        let mut attempt = 0u32;
        loop {
            let span = tracing::debug_span!("request", method = %self.method, path = self.template, attempt, status = tracing::field::Empty);
            let mut request = inner
                .http
                .request(self.method.clone(), url.clone())
                .timeout(timeout)
                .headers(credentials.clone())
                .headers(headers.clone())
                .header(RETRY_COUNT_HEADER, attempt);
            if let Some(body) = &body {
                request = body.apply(request)?;
            }
            let outcome = async {
                let mut response = request.send().await.map_err(Failure::Http)?;
                let status = response.status();
                tracing::Span::current().record("status", status.as_u16());
                let headers = response.headers().clone();
                if response.content_length().is_some_and(|n| n > limit) {
                    return Err(Failure::TooLarge);
                }
                let mut body = Vec::new();
                while let Some(chunk) = response.chunk().await.map_err(Failure::Http)? {
                    if (body.len() + chunk.len()) as u64 > limit {
                        return Err(Failure::TooLarge);
                    }
                    body.extend_from_slice(&chunk);
                }
                Ok(Raw { status, headers, body })
            }
            .instrument(span.clone())
            .await;
            let retry = match &outcome {
                Ok(raw) => should_retry(raw.status, &raw.headers, repeatable),
                // A request that may have reached the server is repeated only if repeating it
                // cannot do anything twice.
                Err(Failure::Http(e)) => {
                    e.is_connect() || (repeatable && (e.is_timeout() || e.is_request() || e.is_body() || e.is_decode()))
                }
                Err(Failure::TooLarge) => false,
            };
            if !retry || attempt >= max_retries {
                return match outcome {
                    Ok(raw) => Ok(raw),
                    Err(Failure::TooLarge) => Err(Error::ResponseTooLarge { limit }),
                    Err(Failure::Http(e)) if e.is_timeout() => Err(Error::Timeout(timeout)),
                    Err(Failure::Http(e)) => Err(Error::Transport(e.without_url())),
                };
            }
            let wait = match outcome.as_ref().ok().map(|raw| retry_after(&raw.headers)) {
                Some(Some(wait)) if wait > MAX_RETRY_AFTER => {
                    // The server asks for a longer wait than a call should block for: the
                    // caller gets the answer (its headers say when to try again), and the
                    // server is not asked again sooner than it said.
                    let Ok(raw) = outcome else { unreachable!("checked above") };
                    return Ok(raw);
                }
                Some(Some(wait)) => wait,
                _ => backoff(attempt),
            };
            span.in_scope(|| tracing::debug!(?wait, "retrying"));
            tokio::time::sleep(wait).await;
            attempt += 1;
        }
    }
}

impl<T: Decode + Send + 'static> IntoFuture for Call<T> {
    type Output = Result<T>;
    type IntoFuture = Pin<Box<dyn Future<Output = Result<T>> + Send>>;

    fn into_future(self) -> Self::IntoFuture {
        Box::pin(async move { self.send_with_response().await.map(|r| r.value) })
    }
}

/// Whether an answer is worth asking for again. A request that may have acted (a POST or PATCH
/// answered 409 or 5xx) is repeated only when it is `repeatable`: idempotent by method, or
/// carrying an idempotency key. 408 and 429 say the request was not processed.
fn should_retry(status: StatusCode, headers: &HeaderMap, repeatable: bool) -> bool {
    match headers.get("x-should-retry").and_then(|v| v.to_str().ok()) {
        Some("true") => return true,
        Some("false") => return false,
        _ => {}
    }
    match status.as_u16() {
        408 | 429 => true,
        409 => repeatable,
        _ => repeatable && status.is_server_error(),
    }
}

/// The wait the server asks for, in `Retry-After-Ms`, or `Retry-After` as seconds or a date.
pub(crate) fn retry_after(headers: &HeaderMap) -> Option<Duration> {
    let text = |name: &str| headers.get(name).and_then(|v| v.to_str().ok()).map(str::trim);
    let wait = if let Some(ms) = text("retry-after-ms").and_then(|v| v.parse::<f64>().ok()) {
        Duration::try_from_secs_f64(ms / 1000.0).ok()?
    } else {
        let value = text("retry-after")?;
        match value.parse::<f64>() {
            Ok(secs) => Duration::try_from_secs_f64(secs).ok()?,
            Err(_) => {
                httpdate::parse_http_date(value).ok()?.duration_since(std::time::SystemTime::now()).unwrap_or_default()
            }
        }
    };
    Some(wait)
}

/// Exponential backoff with jitter: 0.5 s, 1 s, 2 s … up to 8 s, each less up to a quarter.
fn backoff(attempt: u32) -> Duration {
    let base = INITIAL_BACKOFF.saturating_mul(2u32.saturating_pow(attempt)).min(MAX_BACKOFF);
    base.mul_f64(1.0 - 0.25 * fastrand::f64())
}
