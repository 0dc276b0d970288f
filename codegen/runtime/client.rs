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
    /// Every credential and default header, each with the security scheme it is for.
    pub held: Vec<Held>,
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
            .field("credentials", &redacted(self.inner.held.iter().map(Held::place)))
            .field("max_retries", &self.inner.max_retries)
            .field("timeout", &self.inner.timeout)
            .field("overall_timeout", &self.inner.overall_timeout)
            .field("max_response_bytes", &self.inner.max_response_bytes)
            .finish()
    }
}

/// Names where credentials go, never their values.
fn redacted(places: impl Iterator<Item = String>) -> Vec<String> {
    places.map(|n| format!("{n}: <redacted>")).collect()
}

/// A credential as the client sends it, and the security scheme it is for (`None`: a default
/// header, sent with every request).
pub(crate) struct Held {
    scheme: Option<&'static str>,
    place: Place,
}

enum Place {
    Header(HeaderName, reqwest::header::HeaderValue),
    Query(String, String),
    Cookie(String),
}

impl Held {
    fn place(&self) -> String {
        match &self.place {
            Place::Header(name, _) => name.to_string(),
            Place::Query(name, _) => format!("?{name}"),
            Place::Cookie(_) => "cookie".to_string(),
        }
    }
}

/// What one request carries: headers and query parameters.
pub(crate) type Credentials = (HeaderMap, Vec<(String, String)>);

impl Inner {
    /// The credentials for a request whose operation accepts any one of `alternatives` (each
    /// a set of schemes that go together): those of the first alternative the client holds
    /// every credential of, and the default headers. When it holds no alternative whole, it
    /// sends everything it has, and the server says what is missing.
    pub(crate) fn credentials(&self, alternatives: &[&[&str]]) -> Credentials {
        let holds = |scheme: &str| self.held.iter().any(|h| h.scheme == Some(scheme));
        let chosen = alternatives.iter().find(|alt| !alt.is_empty() && alt.iter().all(|s| holds(s)));
        let mut headers = HeaderMap::new();
        let mut query = Vec::new();
        let mut cookies = Vec::new();
        // Default headers first, so that a credential the operation chose wins over a default
        // header of the same name (`bearer_token` beside a configured token).
        let defaults = self.held.iter().filter(|h| h.scheme.is_none());
        let chosen_ones = self.held.iter().filter(|h| match (h.scheme, chosen) {
            (None, _) => false,
            (Some(scheme), Some(alt)) => alt.contains(&scheme),
            (Some(_), None) => true,
        });
        let sent = defaults.chain(chosen_ones);
        for held in sent {
            match &held.place {
                Place::Header(name, value) => {
                    headers.insert(name.clone(), value.clone());
                }
                Place::Query(name, value) => query.push((name.clone(), value.clone())),
                Place::Cookie(pair) => cookies.push(pair.as_str()),
            }
        }
        if let (false, Ok(mut value)) = (cookies.is_empty(), cookies.join("; ").parse::<reqwest::header::HeaderValue>())
        {
            value.set_sensitive(true);
            headers.insert(reqwest::header::COOKIE, value);
        }
        (headers, query)
    }
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
    credentials: Vec<(&'static str, Secret)>,
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
            .field("credentials", &redacted(self.credentials.iter().map(|(_, secret)| secret.place())))
            .field("default_headers", &redacted(self.default_headers.iter().map(|c| c.0.clone())))
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

    /// Sets the credentials of security scheme `scheme`, replacing any it had. The client keeps
    /// those of every scheme it is given and sends each request the ones its operation accepts.
    #[doc(hidden)]
    pub fn credentials(mut self, scheme: &'static str, secrets: Vec<Secret>) -> Self {
        self.credentials.retain(|(s, _)| *s != scheme);
        self.credentials.extend(secrets.into_iter().map(|secret| (scheme, secret)));
        self
    }

    /// Sends `Authorization: Bearer <token>` with every request: for an OAuth2 or OpenID
    /// Connect token obtained elsewhere, or an API whose description declares no credentials.
    /// Like every credential, it never shows in `Debug` output, errors or logs.
    pub fn bearer_token(self, token: impl Into<String>) -> Self {
        self.default_header("authorization", format!("Bearer {}", token.into()))
    }

    /// A header sent with every request (an API version, a tenant, a key the description does
    /// not declare); a later one of the same name replaces it, and so does a credential of the
    /// same name that a request carries. Its value is treated as a credential: never shown in
    /// `Debug` output, errors or logs.
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
        let mut held = Vec::new();
        let mut secrets: Vec<String> = Vec::new();
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
        let header = |name: &str, value: &str| -> Result<Place> {
            let mut value = header_value(value).ok_or_else(|| {
                Error::Config(format!("the credential for `{name}` contains characters a header cannot carry"))
            })?;
            value.set_sensitive(true);
            let name = HeaderName::from_bytes(name.as_bytes())
                .map_err(|_| Error::Config(format!("`{name}` is not a valid header name")))?;
            Ok(Place::Header(name, value))
        };
        for (scheme, secret) in self.credentials {
            let place = match secret {
                Secret::Header(name, value) => {
                    keep_secret(&value);
                    header(name, &value)?
                }
                Secret::Query(name, value) => {
                    keep_secret(&value);
                    // As the URL carries it, and so as an error or log might show it.
                    keep_secret(&url_encoded(&value));
                    Place::Query(name.to_string(), value)
                }
                Secret::Cookie(name, value) => {
                    keep_secret(&value);
                    Place::Cookie(format!("{name}={value}"))
                }
                Secret::Basic(user, password) => {
                    use base64::Engine;
                    keep_secret(&user);
                    keep_secret(&password);
                    let encoded = base64::engine::general_purpose::STANDARD.encode(format!("{user}:{password}"));
                    let value = format!("Basic {encoded}");
                    keep_secret(&value);
                    header("authorization", &value)?
                }
            };
            held.push(Held { scheme: Some(scheme), place });
        }
        for (name, value) in self.default_headers {
            keep_secret(&value);
            held.push(Held { scheme: None, place: header(&name, &value)? });
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
                held,
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
            .credentials("basic", vec![Secret::Basic("sk_test_123".into(), String::new())])
            .credentials("query", vec![Secret::Query("api_key", "query key+/=".into())])
            .credentials("cookie", vec![Secret::Cookie("session", "cookie-value".into())])
            .credentials("header", vec![Secret::Header("x-api-key", "header-value".into())])
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

    /// Each request carries the credentials of the first alternative its operation accepts that
    /// the client holds whole, and the default headers; with none held whole, everything.
    #[test]
    fn each_request_gets_the_first_alternative_the_client_holds() {
        let client = ClientBuilder::new(Some("http://127.0.0.1:9"), "test", "no base URL")
            .credentials("basic", vec![Secret::Basic("old-user".into(), "old-password".into())])
            .credentials("query", vec![Secret::Query("api_key", "query-value".into())])
            .credentials("basic", vec![Secret::Basic("username".into(), "password1".into())])
            .default_header("x-tenant", "tenant-1")
            // Loses to the basic credential where that is chosen.
            .bearer_token("default-bearer")
            .build()
            .unwrap();
        let sent = |alternatives: &[&[&str]]| {
            let (headers, query) = client.inner.credentials(alternatives);
            let mut sent: Vec<String> =
                headers.iter().map(|(k, v)| format!("{k}: {}", v.to_str().unwrap_or_default())).collect();
            sent.extend(query.into_iter().map(|(k, v)| format!("?{k}={v}")));
            sent.sort();
            sent
        };
        // base64("username:password1"): a scheme set again replaces what it had.
        let basic = "authorization: Basic dXNlcm5hbWU6cGFzc3dvcmQx";
        let bearer = "authorization: Bearer default-bearer";
        let cases: [(&[&[&str]], &[&str]); 5] = [
            (&[&["oauth"], &["query"], &["basic"]], &["?api_key=query-value", bearer, "x-tenant: tenant-1"]),
            (&[&["basic"]], &[basic, "x-tenant: tenant-1"]),
            (&[&[], &["basic"]], &[basic, "x-tenant: tenant-1"]),
            (&[&["basic", "oauth"]], &["?api_key=query-value", basic, "x-tenant: tenant-1"]),
            (&[], &["?api_key=query-value", basic, "x-tenant: tenant-1"]),
        ];
        for (alternatives, expected) in cases {
            assert_eq!(sent(alternatives), expected, "{alternatives:?}");
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
            .credentials("basic", vec![Secret::Basic("username".into(), "secret-password".into())])
            .credentials("query", vec![Secret::Query("api_key", "query-secret-value".into())])
            .max_retries(0)
            .build()
            .unwrap();
        let error = client.call::<i64>(reqwest::Method::GET, "/things", "/things".into()).await.unwrap_err();
        assert_eq!(error.status(), Some(400));
        let shown = format!("{error} {error:?}");
        assert!(!shown.contains("secret-password") && !shown.contains("query-secret-value"), "{shown}");
    }
}
