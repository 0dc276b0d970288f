//! The generated client against a real HTTP server on 127.0.0.1 (wiremock): the requests it
//! sends, and what it makes of every kind of answer.

use std::time::Duration;

use cloudflare_client::zero_trust::risk_scoring::integrations::{IntegrationCreateParams, IntegrationType};
use cloudflare_client::{Client, ClientBuilder, Error};
use serde_json::{Value, json};
use wiremock::matchers::{body_json, header, method, path};
use wiremock::{Mock, MockServer, Request, ResponseTemplate};

const TOKEN: &str = "Sn3lZJTBX6kkg7OdcBUAxOO963GEIyGQqnFTOFYY";
const SEED_RESPONSE: &str = include_str!("../fixtures/seed-response.json");
const CREATE_PATH: &str = "/client/v4/accounts/account_id/zt_risk_scoring/integrations";

/// A client of the mock server at the API's real base path, with a token.
fn builder(server: &MockServer) -> ClientBuilder {
    Client::builder().api_token(TOKEN).base_url(format!("{}/client/v4", server.uri()))
}

/// A client that makes a single attempt, so that failures show at once.
fn client(server: &MockServer) -> Client {
    builder(server).max_retries(0).build().expect("client")
}

fn params() -> IntegrationCreateParams {
    IntegrationCreateParams::new(IntegrationType::Okta, "https://example.com")
}

async fn only_request(server: &MockServer) -> Request {
    let mut requests = server.received_requests().await.expect("recording is on");
    assert_eq!(requests.len(), 1, "exactly one request expected");
    requests.remove(0)
}

#[tokio::test]
async fn create_sends_the_seed_request_and_returns_the_typed_result() {
    let server = MockServer::start().await;
    Mock::given(method("POST"))
        .and(path(CREATE_PATH))
        .and(header("authorization", format!("Bearer {TOKEN}").as_str()))
        .and(header("content-type", "application/json"))
        .respond_with(ResponseTemplate::new(200).set_body_raw(SEED_RESPONSE, "application/json"))
        .mount(&server)
        .await;

    let integration = client(&server)
        .zero_trust()
        .risk_scoring()
        .integrations()
        .create("account_id", &params())
        .await
        .expect("create");

    assert_eq!(integration.id, uuid::Uuid::parse_str("182bd5e5-6e1a-4fe4-a799-aa6d9a6ab26e").unwrap());
    assert_eq!(integration.account_tag, "account_tag");
    assert!(integration.active);
    assert_eq!(integration.created_at.to_rfc3339(), "2019-12-27T18:11:19.117+00:00");
    assert_eq!(integration.integration_type, IntegrationType::Okta);
    assert_eq!(integration.reference_id, "reference_id");
    assert_eq!(integration.tenant_url, "tenant_url");
    assert_eq!(integration.well_known_url, "well_known_url");

    let request = only_request(&server).await;
    // Unset optional fields are left out, byte for byte.
    assert_eq!(
        std::str::from_utf8(&request.body).unwrap(),
        r#"{"integration_type":"Okta","tenant_url":"https://example.com"}"#
    );
    let agent = request.headers.get("user-agent").unwrap().to_str().unwrap();
    assert_eq!(agent, concat!("cloudflare-client/", "0.1.0"));
    assert_eq!(request.headers.get("x-retry-count").unwrap(), "0");
}

#[tokio::test]
async fn optional_fields_are_sent_set_omitted_or_null() {
    let cases: [(IntegrationCreateParams, Value); 3] = [
        (params(), json!({"integration_type": "Okta", "tenant_url": "https://example.com"})),
        (
            params().reference_id("7d6f"),
            json!({"integration_type": "Okta", "tenant_url": "https://example.com", "reference_id": "7d6f"}),
        ),
        (
            params().reference_id_null(),
            json!({"integration_type": "Okta", "tenant_url": "https://example.com", "reference_id": null}),
        ),
    ];
    for (params, want) in cases {
        let server = MockServer::start().await;
        Mock::given(body_json(&want))
            .respond_with(ResponseTemplate::new(200).set_body_raw(SEED_RESPONSE, "application/json"))
            .expect(1)
            .mount(&server)
            .await;
        client(&server)
            .zero_trust()
            .risk_scoring()
            .integrations()
            .create("account_id", &params)
            .await
            .expect("body as expected");
    }
}

#[tokio::test]
async fn each_auth_scheme_sends_its_headers() {
    let cases = [
        (Client::builder().api_token("tok"), vec![("authorization", "Bearer tok")], vec!["x-auth-key", "x-auth-email"]),
        (
            Client::builder().api_key("user@example.com", "144c9d"),
            vec![("x-auth-email", "user@example.com"), ("x-auth-key", "144c9d")],
            vec!["authorization"],
        ),
        (
            Client::builder().user_service_key("v1.0-abc"),
            vec![("x-auth-user-service-key", "v1.0-abc")],
            vec!["authorization", "x-auth-key"],
        ),
    ];
    for (builder, present, absent) in cases {
        let server = MockServer::start().await;
        Mock::given(method("POST"))
            .respond_with(ResponseTemplate::new(200).set_body_raw(SEED_RESPONSE, "application/json"))
            .mount(&server)
            .await;
        let client = builder.base_url(server.uri()).build().unwrap();
        client.zero_trust().risk_scoring().integrations().create("a", &params()).await.unwrap();
        let request = only_request(&server).await;
        for (name, value) in present {
            assert_eq!(request.headers.get(name).map(|v| v.to_str().unwrap()), Some(value), "{name}");
        }
        for name in absent {
            assert!(request.headers.get(name).is_none(), "{name} must not be sent");
        }
    }
}

/// What one kind of failure must become.
enum Expect {
    Api { status: u16, codes: &'static [i64], body_has: Option<&'static str> },
    Decode { status: u16, message_has: &'static str, body_has: &'static str },
}

#[tokio::test]
async fn failures_become_typed_errors() {
    let error_envelope = json!({
        "success": false,
        "errors": [{"code": 10000, "message": "Authentication error", "documentation_url": "https://developers.cloudflare.com/x", "source": {"pointer": "/tenant_url"}}],
        "messages": [],
        "result": null
    })
    .to_string();
    let cases: Vec<(&str, u16, String, &str, Expect)> = vec![
        (
            "4XX with envelope",
            403,
            error_envelope.clone(),
            "application/json",
            Expect::Api { status: 403, codes: &[10000], body_has: None },
        ),
        (
            "200 with success false",
            200,
            error_envelope.clone(),
            "application/json",
            Expect::Api { status: 200, codes: &[10000], body_has: None },
        ),
        (
            "HTML error page",
            502,
            "<html><body>Bad gateway</body></html>".into(),
            "text/html",
            Expect::Api { status: 502, codes: &[], body_has: Some("Bad gateway") },
        ),
        (
            "truncated JSON",
            200,
            SEED_RESPONSE[..SEED_RESPONSE.len() / 2].into(),
            "application/json",
            Expect::Decode { status: 200, message_has: "cut off", body_has: "\"errors\"" },
        ),
        (
            "HTML with 200",
            200,
            "<html>maintenance</html>".into(),
            "text/html",
            Expect::Decode { status: 200, message_has: "not the JSON the API describes", body_has: "maintenance" },
        ),
        (
            "empty body",
            200,
            String::new(),
            "application/json",
            Expect::Decode { status: 200, message_has: "the body is empty", body_has: "(empty)" },
        ),
        (
            "wrong result type",
            200,
            json!({"success": true, "errors": [], "messages": [], "result": "nope"}).to_string(),
            "application/json",
            Expect::Decode {
                status: 200,
                message_has: "at `result`: expected an object, found \"nope\"",
                body_has: "nope",
            },
        ),
    ];
    for (name, status, body, content_type, expect) in cases {
        let server = MockServer::start().await;
        Mock::given(method("POST"))
            .respond_with(ResponseTemplate::new(status).set_body_raw(body, content_type))
            .mount(&server)
            .await;
        let error =
            client(&server).zero_trust().risk_scoring().integrations().create("a", &params()).await.expect_err(name);
        let text = error.to_string();
        match (expect, &error) {
            (Expect::Api { status, codes, body_has }, Error::Api { body, .. }) => {
                assert_eq!(error.status(), Some(status), "{name}");
                assert_eq!(error.api_errors().iter().map(|e| e.code).collect::<Vec<_>>(), codes, "{name}");
                if let Some(want) = body_has {
                    assert!(body.as_deref().is_some_and(|b| b.contains(want)), "{name}: {text}");
                }
            }
            (Expect::Decode { status, message_has, body_has }, Error::Decode { message, body, .. }) => {
                assert_eq!(error.status(), Some(status), "{name}");
                assert!(message.contains(message_has), "{name}: {message}");
                assert!(body.contains(body_has), "{name}: {body}");
            }
            (_, other) => panic!("{name}: unexpected error {other:?}"),
        }
        assert!(!text.contains(TOKEN), "{name}: the error message shows the token");
    }
}

#[tokio::test]
async fn api_error_details_carry_every_documented_field() {
    let server = MockServer::start().await;
    let body = json!({"success": false, "errors": [{"code": 7003, "message": "No route", "documentation_url": "https://d.example/x", "source": {"pointer": "/a"}}], "messages": [], "result": null});
    Mock::given(method("POST")).respond_with(ResponseTemplate::new(404).set_body_json(body)).mount(&server).await;
    let error = client(&server).zero_trust().risk_scoring().integrations().create("a", &params()).await.unwrap_err();
    let detail = &error.api_errors()[0];
    assert_eq!((detail.code, detail.message.as_str()), (7003, "No route"));
    assert_eq!(detail.documentation_url.as_deref(), Some("https://d.example/x"));
    assert_eq!(detail.source.as_ref().and_then(|s| s.pointer.as_deref()), Some("/a"));
}

#[tokio::test]
async fn responses_tolerate_schema_drift() {
    let server = MockServer::start().await;
    let body = json!({
        "success": true, "errors": [], "messages": [],
        "result": {
            "id": "182bd5e5-6e1a-4fe4-a799-aa6d9a6ab26e",
            "integration_type": "Azure",
            "active": null,
            "tenant_url": "https://t.example",
            "created_at": "2019-12-27T18:11:19.117Z",
            "a_field_added_later": {"nested": [1, 2]}
        }
    });
    Mock::given(method("GET")).respond_with(ResponseTemplate::new(200).set_body_json(body)).mount(&server).await;
    let integration = client(&server)
        .zero_trust()
        .risk_scoring()
        .integrations()
        .get("a", "182bd5e5-6e1a-4fe4-a799-aa6d9a6ab26e")
        .await
        .expect("drift is tolerated");
    assert_eq!(integration.integration_type, IntegrationType::Unknown("Azure".into()));
    assert_eq!(integration.integration_type.to_string(), "Azure");
    assert_eq!(integration.integration_type.as_str(), "Azure");
    assert!(!integration.active, "null required bool reads as false");
    assert_eq!(integration.account_tag, "", "missing required string reads as empty");
    assert_eq!(integration.tenant_url, "https://t.example");
}

#[tokio::test]
async fn list_and_delete_are_typed() {
    let server = MockServer::start().await;
    let seed: Value = serde_json::from_str(SEED_RESPONSE).unwrap();
    let list = json!({"success": true, "errors": [], "messages": [], "result": [seed["result"].clone(), seed["result"].clone()]});
    Mock::given(method("GET"))
        .and(path(CREATE_PATH))
        .respond_with(ResponseTemplate::new(200).set_body_json(list))
        .mount(&server)
        .await;
    Mock::given(method("DELETE"))
        .and(path(format!("{CREATE_PATH}/i-1")))
        .respond_with(
            ResponseTemplate::new(200)
                .set_body_json(json!({"success": true, "errors": [], "messages": [], "result": {}})),
        )
        .mount(&server)
        .await;
    // SinglePage: one request; the page, `all()` and the stream agree.
    let page = client(&server).zero_trust().risk_scoring().integrations().list("account_id").await.unwrap();
    assert!(!page.has_next_page());
    let integrations =
        client(&server).zero_trust().risk_scoring().integrations().list("account_id").all().await.unwrap();
    assert_eq!(page.items, integrations);
    assert_eq!(integrations.len(), 2);
    assert_eq!(integrations[1].account_tag, "account_tag");
    // The spec gives the delete's result as `{}`, any value: what came is returned, not dropped.
    let deleted = client(&server).zero_trust().risk_scoring().integrations().delete("account_id", "i-1").await.unwrap();
    assert_eq!(deleted, json!({}));
}

#[tokio::test]
async fn debug_output_never_shows_credentials() {
    let builder = Client::builder().api_token(TOKEN);
    let client = builder.clone().build().unwrap();
    let keyed = Client::builder().api_key("user@example.com", "144c9defac04969c7bfad8efaa8ea194");
    for text in [
        format!("{builder:?}"),
        format!("{client:?}"),
        format!("{keyed:?}"),
        format!("{:?}", keyed.clone().build().unwrap()),
    ] {
        assert!(!text.contains(TOKEN) && !text.contains("144c9defac04969c7bfad8efaa8ea194"), "{text}");
        assert!(text.contains("<redacted>"), "{text}");
    }
}

#[tokio::test]
async fn bad_client_configuration_is_an_error() {
    let cases = [
        Client::builder().api_token("tok").base_url("not a url"),
        Client::builder().api_token("tok").base_url("ftp://example.com"),
        Client::builder().api_token("line\r\nbreak"),
    ];
    for builder in cases {
        assert!(matches!(builder.build(), Err(Error::Config(_))));
    }
}

#[tokio::test]
async fn failures_are_retried_with_a_counter_until_one_succeeds() {
    let server = MockServer::start().await;
    Mock::given(method("POST"))
        .respond_with(ResponseTemplate::new(429).insert_header("retry-after-ms", "10"))
        .up_to_n_times(2)
        .mount(&server)
        .await;
    Mock::given(method("POST"))
        .respond_with(ResponseTemplate::new(200).set_body_raw(SEED_RESPONSE, "application/json"))
        .mount(&server)
        .await;
    let client = builder(&server).max_retries(2).build().unwrap();
    client.zero_trust().risk_scoring().integrations().create("a", &params()).await.expect("third attempt succeeds");
    let counters: Vec<String> = server
        .received_requests()
        .await
        .unwrap()
        .iter()
        .map(|r| r.headers.get("x-retry-count").unwrap().to_str().unwrap().to_string())
        .collect();
    assert_eq!(counters, ["0", "1", "2"]);
}

#[tokio::test]
async fn retry_decisions_follow_status_and_server_hints() {
    // (method, status, extra header, retries expected with max_retries = 1). A POST answered
    // 409 or 5xx may have acted, and Cloudflare has no idempotency key: it is not repeated.
    let cases = [
        ("POST", 429, None, 1),
        ("POST", 408, None, 1),
        ("POST", 500, None, 0),
        ("POST", 409, None, 0),
        ("POST", 503, Some(("x-should-retry", "true")), 1),
        ("GET", 500, None, 1),
        ("GET", 409, None, 1),
        ("GET", 429, None, 1),
        ("POST", 400, None, 0),
        ("GET", 404, None, 0),
        ("GET", 503, Some(("x-should-retry", "false")), 0),
        ("POST", 400, Some(("x-should-retry", "true")), 1),
    ];
    for (verb, status, extra, retries) in cases {
        let server = MockServer::start().await;
        let mut response = ResponseTemplate::new(status).insert_header("retry-after", "0");
        if let Some((name, value)) = extra {
            response = response.insert_header(name, value);
        }
        Mock::given(method(verb)).respond_with(response).mount(&server).await;
        let client = builder(&server).max_retries(1).build().unwrap();
        let integrations = client.zero_trust().risk_scoring().integrations();
        let error = match verb {
            "POST" => integrations.create("a", &params()).await.map(drop).unwrap_err(),
            _ => integrations.get("a", "i").await.map(drop).unwrap_err(),
        };
        assert_eq!(error.status(), Some(status));
        assert_eq!(server.received_requests().await.unwrap().len(), 1 + retries, "{verb} {status} {extra:?}");
    }
}

/// A server that asks for a longer wait than a call should block for is not asked again
/// sooner: the caller gets its answer, with the headers that say when to try again.
#[tokio::test]
async fn a_long_retry_after_ends_the_call_with_its_headers() {
    let server = MockServer::start().await;
    Mock::given(method("GET"))
        .respond_with(
            ResponseTemplate::new(429)
                .insert_header("retry-after", "3600")
                .insert_header("x-ratelimit-remaining", "0")
                .set_body_json(serde_json::json!({"success": false, "errors": [{"code": 10000, "message": "rate limited"}], "messages": [], "result": null})),
        )
        .mount(&server)
        .await;
    let client = builder(&server).max_retries(2).build().unwrap();
    let error = client.zero_trust().risk_scoring().integrations().get("a", "i").await.unwrap_err();
    assert_eq!(server.received_requests().await.unwrap().len(), 1, "not retried");
    assert_eq!(error.status(), Some(429));
    let headers = error.headers().expect("the answer's headers");
    assert_eq!(headers.get("retry-after").unwrap(), "3600");
    assert_eq!(headers.get("x-ratelimit-remaining").unwrap(), "0");
    assert_eq!(error.api_errors()[0].message, "rate limited");
}

#[tokio::test]
async fn a_slow_server_is_cut_off_by_the_timeout() {
    let server = MockServer::start().await;
    Mock::given(method("POST"))
        .respond_with(
            ResponseTemplate::new(200)
                .set_body_raw(SEED_RESPONSE, "application/json")
                .set_delay(Duration::from_secs(5)),
        )
        .mount(&server)
        .await;
    let client = builder(&server).max_retries(0).timeout(Duration::from_millis(200)).build().unwrap();
    let error = client.zero_trust().risk_scoring().integrations().create("a", &params()).await.unwrap_err();
    assert!(error.is_timeout(), "{error:?}");
    // The per-call option overrides the client's.
    let per_call = client
        .zero_trust()
        .risk_scoring()
        .integrations()
        .create("a", &params())
        .timeout(Duration::from_millis(100))
        .await
        .unwrap_err();
    assert!(matches!(per_call, Error::Timeout(d) if d == Duration::from_millis(100)), "{per_call:?}");
}

#[tokio::test]
async fn per_call_options_and_raw_response() {
    let server = MockServer::start().await;
    Mock::given(method("POST"))
        .and(header("x-request-id", "42"))
        .respond_with(
            ResponseTemplate::new(200).insert_header("cf-ray", "abc").set_body_raw(SEED_RESPONSE, "application/json"),
        )
        .mount(&server)
        .await;
    let response = client(&server)
        .zero_trust()
        .risk_scoring()
        .integrations()
        .create("a", &params())
        .header("x-request-id", "42")
        .query("trace", "1")
        .send_with_response()
        .await
        .unwrap();
    assert_eq!(response.status, 200);
    assert_eq!(response.headers.get("cf-ray").unwrap(), "abc");
    assert_eq!(response.value.account_tag, "account_tag");
    assert_eq!(only_request(&server).await.url.query(), Some("trace=1"));
}

#[tokio::test]
async fn retry_after_as_an_http_date_is_honoured() {
    let server = MockServer::start().await;
    // A date in the past means "now": the retry follows without the default backoff.
    Mock::given(method("POST"))
        .respond_with(ResponseTemplate::new(429).insert_header("retry-after", "Wed, 21 Oct 2015 07:28:00 GMT"))
        .up_to_n_times(1)
        .mount(&server)
        .await;
    Mock::given(method("POST"))
        .respond_with(ResponseTemplate::new(200).set_body_raw(SEED_RESPONSE, "application/json"))
        .mount(&server)
        .await;
    // The default backoff (at least 375 ms) would not fit in this overall timeout.
    let client = builder(&server).max_retries(1).overall_timeout(Duration::from_millis(250)).build().unwrap();
    client.zero_trust().risk_scoring().integrations().create("a", &params()).await.expect("retried after the date");
    assert_eq!(server.received_requests().await.unwrap().len(), 2);
}

/// Environment variables to set for one case.
type EnvVars = &'static [(&'static str, &'static str)];

/// The only test that touches the process environment, so no other test can see it change.
#[tokio::test]
async fn from_env_reads_credentials_and_base_url() {
    const VARS: [&str; 5] = [
        "CLOUDFLARE_API_TOKEN",
        "CLOUDFLARE_EMAIL",
        "CLOUDFLARE_API_KEY",
        "CLOUDFLARE_API_USER_SERVICE_KEY",
        "CLOUDFLARE_BASE_URL",
    ];
    let server = MockServer::start().await;
    Mock::given(method("POST"))
        .respond_with(ResponseTemplate::new(200).set_body_raw(SEED_RESPONSE, "application/json"))
        .mount(&server)
        .await;
    let cases: [(EnvVars, Option<(&str, &str)>); 4] = [
        (&[], None),
        (&[("CLOUDFLARE_API_TOKEN", "tok")], Some(("authorization", "Bearer tok"))),
        (&[("CLOUDFLARE_EMAIL", "u@example.com"), ("CLOUDFLARE_API_KEY", "k")], Some(("x-auth-key", "k"))),
        (&[("CLOUDFLARE_API_USER_SERVICE_KEY", "svc")], Some(("x-auth-user-service-key", "svc"))),
    ];
    for (vars, want) in cases {
        for name in VARS {
            std::env::remove_var(name);
        }
        std::env::set_var("CLOUDFLARE_BASE_URL", server.uri());
        for (name, value) in vars {
            std::env::set_var(name, value);
        }
        match (Client::from_env(), want) {
            (Err(Error::Config(message)), None) => assert!(message.contains("CLOUDFLARE_API_TOKEN"), "{message}"),
            (Ok(client), Some((header, value))) => {
                assert_eq!(client.base_url(), server.uri());
                client.zero_trust().risk_scoring().integrations().create("a", &params()).await.unwrap();
                let requests = server.received_requests().await.unwrap();
                assert_eq!(requests.last().unwrap().headers.get(header).unwrap(), value);
            }
            (other, want) => panic!("{vars:?}: {other:?}, wanted {want:?}"),
        }
    }
    for name in VARS {
        std::env::remove_var(name);
    }
}

/// A writer the subscriber logs into, for the test to read.
#[derive(Clone, Default)]
struct Captured(std::sync::Arc<std::sync::Mutex<Vec<u8>>>);

impl std::io::Write for Captured {
    fn write(&mut self, buf: &[u8]) -> std::io::Result<usize> {
        self.0.lock().unwrap().extend_from_slice(buf);
        Ok(buf.len())
    }

    fn flush(&mut self) -> std::io::Result<()> {
        Ok(())
    }
}

#[tokio::test]
async fn tracing_shows_each_attempt_without_credentials() {
    let captured = Captured::default();
    let writer = captured.clone();
    let subscriber = tracing_subscriber::fmt()
        .with_max_level(tracing::Level::DEBUG)
        .with_span_events(tracing_subscriber::fmt::format::FmtSpan::CLOSE)
        .with_ansi(false)
        .with_writer(move || writer.clone())
        .finish();
    let _guard = tracing::subscriber::set_default(subscriber);

    let server = MockServer::start().await;
    Mock::given(method("POST"))
        .respond_with(ResponseTemplate::new(429).insert_header("retry-after", "0"))
        .mount(&server)
        .await;
    let client = builder(&server).max_retries(1).build().unwrap();
    client.zero_trust().risk_scoring().integrations().create("secret-account", &params()).await.unwrap_err();

    let log = String::from_utf8(captured.0.lock().unwrap().clone()).unwrap();
    let spans = log.lines().filter(|l| l.contains("request{") && l.contains("close")).count();
    assert_eq!(spans, 2, "one span per attempt:\n{log}");
    for want in [
        "method=POST",
        "path=\"/accounts/{account_id}/zt_risk_scoring/integrations\"",
        "attempt=1",
        "status=429",
        "retrying",
    ] {
        assert!(log.contains(want), "{want} missing from:\n{log}");
    }
    assert!(!log.contains(TOKEN), "the token is logged:\n{log}");
}

#[tokio::test]
async fn the_overall_timeout_bounds_retries_and_waits() {
    let server = MockServer::start().await;
    Mock::given(method("POST"))
        .respond_with(ResponseTemplate::new(429).insert_header("retry-after", "1"))
        .mount(&server)
        .await;
    let client = builder(&server).max_retries(5).overall_timeout(Duration::from_millis(300)).build().unwrap();
    let error = client.zero_trust().risk_scoring().integrations().create("a", &params()).await.unwrap_err();
    assert!(matches!(error, Error::Timeout(d) if d == Duration::from_millis(300)), "{error:?}");
    assert_eq!(server.received_requests().await.unwrap().len(), 1, "cut off while waiting to retry");
}
