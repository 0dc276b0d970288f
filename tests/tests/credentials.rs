//! Credentials never show: for every auth scheme and every way a request can fail (including
//! a server that echoes the request's headers back into its error), the token is looked for in
//! everything a user could print or log: `Display`, `Debug`, the source chain, and `tracing`
//! output at the most verbose level.

use std::sync::{Arc, Mutex};
use std::time::Duration;

use cloudflare_client::zero_trust::risk_scoring::integrations::{IntegrationCreateParams, IntegrationType};
use cloudflare_client::{Client, ClientBuilder, Error};
use wiremock::matchers::path;
use wiremock::{Mock, MockServer, Request, Respond, ResponseTemplate};

const TOKEN: &str = "Sn3lZJTBX6kkg7OdcBUAxOO963GEIyGQqnFTOFYY";
const KEY: &str = "144c9defac04969c7bfad8efaa8ea194";
const SERVICE_KEY: &str = "v1.0-e24fd090c02efcfecb4de8f4-2a5a4b5c6d7e8f90";

/// Answers with every request header written into the body, in the shape `kind` names.
struct Echo(&'static str);

impl Respond for Echo {
    fn respond(&self, request: &Request) -> ResponseTemplate {
        let headers: Vec<String> =
            request.headers.iter().map(|(k, v)| format!("{k}: {}", v.to_str().unwrap_or(""))).collect();
        let echoed = headers.join("; ");
        match self.0 {
            "envelope" => ResponseTemplate::new(403).set_body_json(serde_json::json!({
                "success": false, "result": null, "messages": [],
                "errors": [{"code": 10000, "message": format!("denied for {echoed}")}],
            })),
            "success-false" => ResponseTemplate::new(200).set_body_json(serde_json::json!({
                "success": false, "result": null, "messages": [],
                "errors": [{"code": 9109, "message": echoed}],
            })),
            "html" => ResponseTemplate::new(502).set_body_raw(format!("<html>{echoed}</html>"), "text/html"),
            "not-json" => ResponseTemplate::new(200).set_body_raw(format!("ok {echoed}"), "text/plain"),
            "bad-shape" => ResponseTemplate::new(200).set_body_json(serde_json::json!({
                "success": true, "errors": [], "messages": [], "result": {"id": echoed},
            })),
            _ => ResponseTemplate::new(200).set_delay(Duration::from_secs(5)),
        }
    }
}

#[derive(Clone, Default)]
struct Captured(Arc<Mutex<Vec<u8>>>);

impl std::io::Write for Captured {
    fn write(&mut self, buf: &[u8]) -> std::io::Result<usize> {
        self.0.lock().unwrap().extend_from_slice(buf);
        Ok(buf.len())
    }
    fn flush(&mut self) -> std::io::Result<()> {
        Ok(())
    }
}

/// Sets one auth scheme's credentials on a builder.
type WithCredentials = fn(ClientBuilder) -> ClientBuilder;

/// Everything a user could print about an error.
fn shown(error: &Error) -> String {
    let mut out = format!("{error}\n{error:?}\n{error:#?}\n");
    let mut source = std::error::Error::source(error);
    while let Some(s) = source {
        out.push_str(&format!("{s}\n{s:?}\n"));
        source = s.source();
    }
    out
}

#[tokio::test]
async fn no_failure_shows_a_credential() {
    let captured = Captured::default();
    let writer = captured.clone();
    let subscriber = tracing_subscriber::fmt()
        .with_max_level(tracing::Level::TRACE)
        .with_span_events(tracing_subscriber::fmt::format::FmtSpan::FULL)
        .with_ansi(false)
        .with_writer(move || writer.clone())
        .finish();
    let _guard = tracing::subscriber::set_default(subscriber);

    let server = MockServer::start().await;
    let kinds = ["envelope", "success-false", "html", "not-json", "bad-shape", "slow"];
    for kind in kinds {
        Mock::given(path(format!("/{kind}/accounts/a/zt_risk_scoring/integrations")))
            .respond_with(Echo(kind))
            .mount(&server)
            .await;
    }
    let schemes: [(&str, WithCredentials); 3] = [
        ("api_token", |b| b.api_token(TOKEN)),
        ("api_key", |b| b.api_key("user@example.com", KEY)),
        ("user_service_key", |b| b.user_service_key(SERVICE_KEY)),
    ];
    let mut everything = String::new();
    for (scheme, with_credentials) in schemes {
        let mut urls: Vec<String> = kinds.iter().map(|k| format!("{}/{k}", server.uri())).collect();
        urls.push("http://127.0.0.1:9".to_string()); // Nothing listens: a transport error.
        for url in urls {
            let builder = with_credentials(Client::builder().base_url(&url).max_retries(1));
            let client = builder.clone().build().unwrap();
            let call = client
                .zero_trust()
                .risk_scoring()
                .integrations()
                .create("a", &IntegrationCreateParams::new(IntegrationType::Okta, "https://example.com"))
                .timeout(Duration::from_millis(300));
            everything.push_str(&format!("{builder:?}\n{client:?}\n{call:?}\n"));
            if url.ends_with("/bad-shape") {
                // A body that drifts from its description is read tolerantly, and the record
                // of what drifted quotes it; strictly read, the error quotes it.
                let response = call.clone().send_with_response().await.expect("read tolerantly");
                assert!(!response.drift.is_empty(), "the id is not a UUID");
                everything.push_str(&format!("{:?}\n", response.drift));
                let error = call.strict_decoding(true).await.expect_err("strict reading fails");
                everything.push_str(&shown(&error));
                continue;
            }
            let error = call.await.expect_err(&format!("{scheme} at {url} fails"));
            everything.push_str(&shown(&error));
        }
    }
    // The echo did happen: the failures carry the server's text, with the secrets blanked.
    assert!(everything.contains("<redacted>"), "{everything}");
    assert!(everything.contains("x-retry-count"), "the echoed headers are in the errors:\n{everything}");
    let log = String::from_utf8(captured.0.lock().unwrap().clone()).unwrap();
    assert!(log.contains("request"), "tracing was captured:\n{log}");
    for secret in [TOKEN, KEY, SERVICE_KEY] {
        assert!(!everything.contains(secret), "{secret} shown:\n{everything}");
        assert!(!log.contains(secret), "{secret} logged:\n{log}");
    }
}
