use std::fmt;
use std::sync::Arc;
use std::time::Duration;

use reqwest::header::{HeaderMap, HeaderName};

use super::encoding::header_value;
use super::error::{Error, Result};

/// Field names of the response envelope, from the generator's configuration.
#[derive(Debug, Clone, Copy)]
#[doc(hidden)]
pub struct EnvelopeFields {
    pub result: &'static str,
    pub success: Option<&'static str>,
    pub errors: Option<&'static str>,
    pub messages: Option<&'static str>,
    pub result_info: Option<&'static str>,
}

/// A credential and where it goes in each request.
#[derive(Clone)]
#[doc(hidden)]
pub enum Secret {
    /// A header, with its full value (`Bearer …`).
    Header(&'static str, String),
    /// A query parameter.
    Query(&'static str, String),
    /// A cookie.
    Cookie(&'static str, String),
    /// HTTP basic authentication: user name and password (empty for a key sent as the user name).
    Basic(String, String),
}

impl Secret {
    /// Where it goes, never what it is.
    fn place(&self) -> String {
        match self {
            Secret::Header(name, _) => (*name).to_string(),
            Secret::Query(name, _) => format!("?{name}"),
            Secret::Cookie(name, _) => format!("cookie {name}"),
            Secret::Basic(..) => "authorization".to_string(),
        }
    }
}

/// Retries after the first attempt, unless the builder or the call says otherwise: enough to
/// ride out a rate limit or a deploy, few enough that a broken endpoint fails within seconds.
const DEFAULT_MAX_RETRIES: u32 = 2;
const DEFAULT_TIMEOUT: Duration = Duration::from_secs(60);
const DEFAULT_OVERALL_TIMEOUT: Duration = Duration::from_secs(300);
/// Larger than any JSON answer of a real API and most stored objects an API hands out, small
/// enough that a broken or hostile server cannot exhaust memory.
const DEFAULT_MAX_RESPONSE_BYTES: u64 = 64 * 1024 * 1024;

/// The API client. Cheap to clone: clones share one connection pool.
#[derive(Clone)]
pub struct Client {
    pub(crate) inner: Arc<Inner>,
}

pub(crate) struct Inner {
    pub http: reqwest::Client,
    pub base_url: String,
    pub credentials: HeaderMap,
    /// Credentials sent as query parameters.
    pub query_credentials: Vec<(String, String)>,
    pub max_retries: u32,
    pub timeout: Duration,
    pub overall_timeout: Duration,
    pub max_response_bytes: u64,
    pub strict_decoding: bool,
    /// The credential values, to blank out of anything an error shows.
    pub secrets: Vec<String>,
}

impl fmt::Debug for Client {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.debug_struct("Client")
            .field("base_url", &self.inner.base_url)
            .field("credentials", &redacted(self.inner.credentials.keys().map(HeaderName::as_str)))
            .field("max_retries", &self.inner.max_retries)
            .field("timeout", &self.inner.timeout)
            .field("overall_timeout", &self.inner.overall_timeout)
            .field("max_response_bytes", &self.inner.max_response_bytes)
            .finish()
    }
}

/// Names which headers carry credentials, never their values.
fn redacted<'a>(names: impl Iterator<Item = &'a str>) -> Vec<String> {
    names.map(|n| format!("{n}: <redacted>")).collect()
}

impl Client {
    /// The base URL every request path is appended to.
    pub fn base_url(&self) -> &str {
        &self.inner.base_url
    }
}

/// Configures a [`Client`]; start with `Client::builder()`.
#[derive(Clone)]
pub struct ClientBuilder {
    base_url: Option<String>,
    /// Why there is none, when there is none.
    no_base_url: &'static str,
    user_agent: String,
    credentials: Vec<Secret>,
    max_retries: u32,
    timeout: Duration,
    overall_timeout: Duration,
    max_response_bytes: u64,
    strict_decoding: bool,
    /// Headers for every request, given by the caller; kept secret like credentials.
    default_headers: Vec<(String, String)>,
    http: Option<reqwest::Client>,
}

impl fmt::Debug for ClientBuilder {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.debug_struct("ClientBuilder")
            .field("base_url", &self.base_url)
            .field(
                "credentials",
                &redacted(self.credentials.iter().map(Secret::place).collect::<Vec<_>>().iter().map(String::as_str)),
            )
            .field("default_headers", &redacted(self.default_headers.iter().map(|c| c.0.as_str())))
            .field("max_retries", &self.max_retries)
            .field("timeout", &self.timeout)
            .field("overall_timeout", &self.overall_timeout)
            .field("max_response_bytes", &self.max_response_bytes)
            .field("strict_decoding", &self.strict_decoding)
            .finish()
    }
}

impl ClientBuilder {
    #[doc(hidden)]
    pub fn new(base_url: Option<&str>, user_agent: &str, no_base_url: &'static str) -> Self {
        ClientBuilder {
            base_url: base_url.map(str::to_string),
            no_base_url,
            user_agent: user_agent.to_string(),
            credentials: Vec::new(),
            max_retries: DEFAULT_MAX_RETRIES,
            timeout: DEFAULT_TIMEOUT,
            overall_timeout: DEFAULT_OVERALL_TIMEOUT,
            max_response_bytes: DEFAULT_MAX_RESPONSE_BYTES,
            strict_decoding: false,
            default_headers: Vec::new(),
            http: None,
        }
    }

    /// Replaces the credentials with these.
    #[doc(hidden)]
    pub fn credentials(mut self, secrets: Vec<Secret>) -> Self {
        self.credentials = secrets;
        self
    }

    /// Sends `Authorization: Bearer <token>` with every request: for an OAuth2 or OpenID
    /// Connect token obtained elsewhere, or an API whose description declares no credentials.
    /// Like every credential, it never shows in `Debug` output, errors or logs.
    pub fn bearer_token(self, token: impl Into<String>) -> Self {
        self.default_header("authorization", format!("Bearer {}", token.into()))
    }

    /// A header sent with every request (an API version, a tenant, a key the description does
    /// not declare); a later one of the same name replaces it. Its value is treated as a
    /// credential: never shown in `Debug` output, errors or logs.
    pub fn default_header(mut self, name: impl Into<String>, value: impl Into<String>) -> Self {
        let name = name.into().to_ascii_lowercase();
        self.default_headers.retain(|(n, _)| *n != name);
        self.default_headers.push((name, value.into()));
        self
    }

    /// The server to talk to, e.g. a mock server in tests; a trailing slash is ignored.
    pub fn base_url(mut self, url: impl Into<String>) -> Self {
        self.base_url = Some(url.into());
        self
    }

    /// Retries after the first attempt (0: a single attempt). Default 2.
    pub fn max_retries(mut self, retries: u32) -> Self {
        self.max_retries = retries;
        self
    }

    /// Time allowed for one attempt, from sending to the end of the body. Default 60 s.
    pub fn timeout(mut self, timeout: Duration) -> Self {
        self.timeout = timeout;
        self
    }

    /// Time allowed for a whole call, retries and waits included. Default 5 minutes.
    pub fn overall_timeout(mut self, timeout: Duration) -> Self {
        self.overall_timeout = timeout;
        self
    }

    /// The largest response body accepted, in bytes; a larger one is
    /// [`Error::ResponseTooLarge`]. Default 64 MiB.
    pub fn max_response_bytes(mut self, limit: u64) -> Self {
        self.max_response_bytes = limit;
        self
    }

    /// Whether a response that does not match the API description fails the call with
    /// [`Error::Decode`] naming the first mismatch, instead of being read tolerantly. Default
    /// `false`: a value of the wrong type costs that field only (the field takes its default,
    /// `None` for an optional one), lossless conversions such as `"true"` to `true` are made,
    /// and every such repair is in [`ApiResponse::drift`](crate::ApiResponse::drift) and logged
    /// as one `tracing` warning per call.
    pub fn strict_decoding(mut self, strict: bool) -> Self {
        self.strict_decoding = strict;
        self
    }

    /// A `reqwest::Client` of your own (proxies, TLS roots); the user agent set on it is kept.
    pub fn http_client(mut self, client: reqwest::Client) -> Self {
        self.http = Some(client);
        self
    }

    /// The client; fails on a base URL that is not http(s) or a credential no header can carry.
    pub fn build(self) -> Result<Client> {
        let Some(base_url) = self.base_url else { return Err(Error::Config(self.no_base_url.to_string())) };
        let base_url = base_url.trim_end_matches('/').to_string();
        let parsed =
            reqwest::Url::parse(&base_url).map_err(|e| Error::Config(format!("base URL `{base_url}`: {e}")))?;
        if !matches!(parsed.scheme(), "http" | "https") {
            return Err(Error::Config(format!("base URL `{base_url}` must be http or https")));
        }
        let mut headers: Vec<(String, String)> = Vec::new();
        let mut query_credentials = Vec::new();
        let mut cookies = Vec::new();
        let mut secrets: Vec<String> = Vec::new();
        // The value itself, and without a scheme such as `Bearer `; short values (an empty one,
        // a scheme alone) are not worth blanking out and would mangle text.
        // Also as a JSON string carries it, where a server echoes it in an error: escaped as
        // serde escapes, and with `/` as `\/` as some servers write it.
        let mut keep_secret = |value: &str| {
            for secret in [Some(value), value.split_once(' ').map(|(_, v)| v)].into_iter().flatten() {
                let json = serde_json::to_string(secret).unwrap_or_default();
                let json = json.get(1..json.len().saturating_sub(1)).unwrap_or_default().to_string();
                let slashed = json.replace('/', "\\/");
                for form in [secret.to_string(), json, slashed] {
                    if form.len() >= 8 && !secrets.contains(&form) {
                        secrets.push(form);
                    }
                }
            }
        };
        for secret in self.credentials {
            match secret {
                Secret::Header(name, value) => headers.push((name.to_string(), value)),
                Secret::Query(name, value) => {
                    keep_secret(&value);
                    // As the URL carries it, and so as an error or log might show it.
                    keep_secret(&url_encoded(&value));
                    query_credentials.push((name.to_string(), value));
                }
                Secret::Cookie(name, value) => {
                    keep_secret(&value);
                    cookies.push(format!("{name}={value}"));
                }
                Secret::Basic(user, password) => {
                    use base64::Engine;
                    keep_secret(&user);
                    keep_secret(&password);
                    let encoded = base64::engine::general_purpose::STANDARD.encode(format!("{user}:{password}"));
                    headers.push(("authorization".to_string(), format!("Basic {encoded}")));
                }
            }
        }
        if !cookies.is_empty() {
            headers.push(("cookie".to_string(), cookies.join("; ")));
        }
        let mut credentials = HeaderMap::new();
        for (name, value) in headers.into_iter().chain(self.default_headers) {
            keep_secret(&value);
            let mut value = header_value(&value).ok_or_else(|| {
                Error::Config(format!("the credential for `{name}` contains characters a header cannot carry"))
            })?;
            value.set_sensitive(true);
            let name = HeaderName::from_bytes(name.as_bytes())
                .map_err(|_| Error::Config(format!("`{name}` is not a valid header name")))?;
            credentials.insert(name, value);
        }
        let http = match self.http {
            Some(http) => http,
            None => reqwest::Client::builder()
                .user_agent(self.user_agent)
                .build()
                .map_err(|e| Error::Config(format!("cannot build the HTTP client: {e}")))?,
        };
        Ok(Client {
            inner: Arc::new(Inner {
                http,
                base_url,
                credentials,
                query_credentials,
                max_retries: self.max_retries,
                timeout: self.timeout,
                overall_timeout: self.overall_timeout,
                max_response_bytes: self.max_response_bytes,
                strict_decoding: self.strict_decoding,
                secrets,
            }),
        })
    }
}

/// A value as a URL's query carries it.
fn url_encoded(value: &str) -> String {
    form_urlencoded::byte_serialize(value.as_bytes()).collect()
}

#[cfg(test)]
mod tests {
    use wiremock::matchers::{header, method};
    use wiremock::{Mock, MockServer, ResponseTemplate};

    use super::{ClientBuilder, Secret};
    use crate::runtime::ResponseKind;

    /// Each kind of credential arrives where its scheme says, and an operation that takes none
    /// (`security: []`) gets none of them.
    #[tokio::test]
    async fn every_kind_of_credential_goes_where_its_scheme_says() {
        let server = MockServer::start().await;
        Mock::given(method("GET")).respond_with(ResponseTemplate::new(200).set_body_json(1)).mount(&server).await;
        let client = ClientBuilder::new(Some(&server.uri()), "test", "no base URL")
            .credentials(vec![
                Secret::Basic("sk_test_123".into(), String::new()),
                Secret::Query("api_key", "query key+/=".into()),
                Secret::Cookie("session", "cookie-value".into()),
                Secret::Header("x-api-key", "header-value".into()),
            ])
            .max_retries(0)
            .build()
            .unwrap();
        let call = |anonymous: bool| {
            let call = client.call::<i64>(reqwest::Method::GET, "/things", "/things".into()).kind(ResponseKind::Plain);
            if anonymous { call.without_credentials() } else { call }
        };
        assert_eq!(call(false).await.unwrap(), 1);
        assert_eq!(call(true).await.unwrap(), 1);
        let requests = server.received_requests().await.unwrap();
        let signed = &requests[0];
        let header = |name: &str| signed.headers.get(name).map(|v| v.to_str().unwrap().to_string());
        // base64("sk_test_123:")
        assert_eq!(header("authorization").as_deref(), Some("Basic c2tfdGVzdF8xMjM6"));
        assert_eq!(header("cookie").as_deref(), Some("session=cookie-value"));
        assert_eq!(header("x-api-key").as_deref(), Some("header-value"));
        let query: Vec<(String, String)> = signed.url.query_pairs().map(|(k, v)| (k.into(), v.into())).collect();
        assert_eq!(query, [("api_key".to_string(), "query key+/=".to_string())]);

        let anonymous = &requests[1];
        for name in ["authorization", "cookie", "x-api-key"] {
            assert!(anonymous.headers.get(name).is_none(), "{name} sent without credentials");
        }
        assert_eq!(anonymous.url.query(), None);

        // Debug output names where credentials go, never what they are.
        let shown = format!("{client:?}");
        for secret in ["sk_test_123", "query key", "cookie-value", "header-value"] {
            assert!(!shown.contains(secret), "{shown}");
        }
    }

    /// A server that echoes the request into an error must not show a credential in it.
    #[tokio::test]
    async fn query_and_basic_credentials_are_blanked_out_of_errors() {
        let server = MockServer::start().await;
        Mock::given(header("authorization", "Basic dXNlcm5hbWU6c2VjcmV0LXBhc3N3b3Jk"))
            .respond_with(
                ResponseTemplate::new(400).set_body_string(
                    "bad request GET /things?api_key=query-secret-value user username:secret-password",
                ),
            )
            .mount(&server)
            .await;
        let client = ClientBuilder::new(Some(&server.uri()), "test", "no base URL")
            .credentials(vec![
                Secret::Basic("username".into(), "secret-password".into()),
                Secret::Query("api_key", "query-secret-value".into()),
            ])
            .max_retries(0)
            .build()
            .unwrap();
        let error = client.call::<i64>(reqwest::Method::GET, "/things", "/things".into()).await.unwrap_err();
        assert_eq!(error.status(), Some(400));
        let shown = format!("{error} {error:?}");
        assert!(!shown.contains("secret-password") && !shown.contains("query-secret-value"), "{shown}");
    }
}
