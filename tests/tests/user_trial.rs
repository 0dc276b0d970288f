//! What trying the client as a user found, each against a server on 127.0.0.1 (wiremock) that
//! records what it receives: requests on the wire compared with what the spec allows, values
//! read compared with what was sent.

use cloudflare_client::images::v1::V1CreateParams;
use cloudflare_client::rulesets::{BlockRule, RequestRule};
use cloudflare_client::zero_trust::access::applications::{
    AppRequest, ApplicationCreateForAccountParams, BookmarkApplication, SelfHostedApplication,
};
use cloudflare_client::zero_trust::identity_providers::{IdentityProviderCreateForAccountParams, Okta, OktaConfig};
use cloudflare_client::{Client, Error, Resolution};
use serde_json::{Value, json};
use wiremock::matchers::{method, path};
use wiremock::{Mock, MockServer, Request, ResponseTemplate};

fn envelope(result: Value) -> ResponseTemplate {
    ResponseTemplate::new(200).set_body_json(json!({"success": true, "errors": [], "messages": [], "result": result}))
}

fn client(server: &MockServer) -> Client {
    Client::builder().api_token("token-for-tests").base_url(server.uri()).max_retries(0).build().unwrap()
}

async fn sent(server: &MockServer) -> Vec<Request> {
    server.received_requests().await.unwrap()
}

fn body(request: &Request) -> Value {
    serde_json::from_slice(&request.body).unwrap()
}

/// A union's alternative built by a caller says which one it is: the discriminating property
/// is written when left at its default, never `""`.
#[tokio::test]
async fn alternatives_built_by_callers_carry_their_discriminating_value() {
    let server = MockServer::start().await;
    Mock::given(method("POST")).respond_with(envelope(json!({}))).mount(&server).await;
    let client = client(&server);
    let okta = Okta {
        name: "Okta".into(),
        config: OktaConfig { okta_account: Some("https://x.okta.com".into()), ..Default::default() },
        ..Default::default()
    };
    client
        .zero_trust()
        .identity_providers()
        .create_for_account("a", &IdentityProviderCreateForAccountParams::new(okta.into()))
        .await
        .unwrap();
    let app = SelfHostedApplication { domain: "test.example.com/admin".into(), ..Default::default() };
    client
        .zero_trust()
        .access()
        .applications()
        .create_for_account(
            "a",
            &ApplicationCreateForAccountParams::new(AppRequest::SelfHostedApplication(Box::new(app))),
        )
        .await
        .unwrap();
    let bookmark = BookmarkApplication { domain: Some("https://example.com".into()), ..Default::default() };
    client
        .zero_trust()
        .access()
        .applications()
        .create_for_account("a", &ApplicationCreateForAccountParams::new(AppRequest::from(bookmark)))
        .await
        .unwrap();
    let bodies: Vec<Value> = sent(&server).await.iter().map(body).collect();
    assert_eq!(bodies[0]["type"], "okta", "{}", bodies[0]);
    assert_eq!(bodies[0]["config"]["okta_account"], "https://x.okta.com");
    assert_eq!(
        (bodies[1]["type"].as_str(), bodies[1]["domain"].as_str()),
        (Some("self_hosted"), Some("test.example.com/admin"))
    );
    assert_eq!(bodies[2]["type"], "bookmark", "{}", bodies[2]);
}

/// A rule built by a caller sends its action and none of what only the server sets.
#[test]
fn rules_built_by_callers_send_their_action_and_no_read_only_defaults() {
    let rule = RequestRule::from(BlockRule { expression: Some("ip.src eq 192.0.2.1".into()), ..Default::default() });
    let written = serde_json::to_value(&rule).unwrap();
    assert_eq!(written, json!({"action": "block", "expression": "ip.src eq 192.0.2.1"}));
    // A rule read from the server is written back whole, server-set fields included.
    let read = json!({"action": "block", "expression": "true", "id": "r1", "last_updated": "2024-01-01T00:00:00Z", "version": "2"});
    let back = serde_json::to_value(serde_json::from_value::<RequestRule>(read.clone()).unwrap()).unwrap();
    assert_eq!(back, read);
}

/// A result the spec leaves open is returned, not dropped; one it allows to be `null` is an
/// `Option`.
#[tokio::test]
async fn open_and_nullable_results_are_kept() {
    let server = MockServer::start().await;
    let rule =
        json!({"id": "r", "priority": 1, "status": "active", "targets": [], "actions": [{"id": "always_use_https"}]});
    Mock::given(method("GET"))
        .and(path("/zones/z/pagerules/r"))
        .respond_with(envelope(rule.clone()))
        .mount(&server)
        .await;
    Mock::given(method("DELETE"))
        .and(path("/zones/z/pagerules/r"))
        .respond_with(envelope(Value::Null))
        .mount(&server)
        .await;
    let client = client(&server);
    let got = client.page_rules().get("z", "r").await.unwrap();
    assert_eq!(Value::Object(got), rule);
    assert_eq!(client.page_rules().delete("z", "r").await.unwrap(), None);
}

/// A union value that is none of its alternatives is kept whole, and said: a record in
/// `drift`, an error when read strictly.
#[tokio::test]
async fn union_values_of_no_alternative_are_recorded() {
    let server = MockServer::start().await;
    Mock::given(path("/zones/z/dns_records/r"))
        .respond_with(envelope(json!({"name": "x", "type": "OPENPGPKEY"})))
        .mount(&server)
        .await;
    let client = client(&server);
    let response = client.dns().records().get("z", "r").send_with_response().await.unwrap();
    assert!(matches!(response.value, cloudflare_client::dns::records::DnsRecord::Other(_)));
    assert_eq!(response.drift.len(), 1);
    assert_eq!((response.drift[0].path.as_str(), response.drift[0].resolution), ("result", Resolution::Kept));
    let error = client.dns().records().get("z", "r").strict_decoding(true).await.unwrap_err();
    assert!(error.to_string().contains("expected one of the described alternatives"), "{error}");
}

/// Bytes given to a file field are sent as a file, with a name and a media type.
#[tokio::test]
async fn bytes_are_sent_as_a_file() {
    let server = MockServer::start().await;
    Mock::given(method("POST")).respond_with(envelope(json!({"id": "i"}))).mount(&server).await;
    let params = V1CreateParams::new().file(vec![0x89, b'P', b'N', b'G']);
    client(&server).images().v1().create("a", &params).await.unwrap();
    let text = String::from_utf8_lossy(&sent(&server).await[0].body).into_owned();
    assert!(text.contains("name=\"file\"; filename=\"file\""), "{text}");
    assert!(text.contains("Content-Type: application/octet-stream"), "{text}");
}

/// A text download answered with the JSON envelope saying `success: false` is an error.
#[tokio::test]
async fn text_calls_check_a_json_refusal() {
    let server = MockServer::start().await;
    Mock::given(path("/zones/z/dns_records/export"))
        .respond_with(ResponseTemplate::new(200).set_body_json(json!({
        "success": false, "result": null, "messages": [], "errors": [{"code": 1003, "message": "Invalid zone"}]})))
        .mount(&server)
        .await;
    let error = client(&server).dns().records().export("z").await.unwrap_err();
    assert_eq!(error.api_errors().iter().map(|e| e.code).collect::<Vec<_>>(), [1003]);
}

/// Every request says what the client reads; a caller may ask for something else.
#[tokio::test]
async fn requests_accept_what_the_client_reads() {
    let server = MockServer::start().await;
    Mock::given(path("/zones/z/dns_records/export"))
        .respond_with(ResponseTemplate::new(200).set_body_string("$ORIGIN example.com."))
        .mount(&server)
        .await;
    Mock::given(path("/zones/z/dns_records/r"))
        .respond_with(envelope(json!({"type": "A", "name": "a", "content": "192.0.2.1"})))
        .mount(&server)
        .await;
    let client = client(&server);
    client.dns().records().export("z").await.unwrap();
    client.dns().records().get("z", "r").await.unwrap();
    client.dns().records().get("z", "r").header("accept", "application/vnd.test").await.unwrap();
    let accepts: Vec<String> =
        sent(&server).await.iter().map(|r| r.headers.get("accept").unwrap().to_str().unwrap().to_string()).collect();
    assert_eq!(accepts, ["text/plain, application/json", "application/json", "application/vnd.test"]);
}

/// A bearer token or any header can be set on every client, and is kept secret like one.
#[tokio::test]
async fn bearer_tokens_and_default_headers() {
    let server = MockServer::start().await;
    Mock::given(method("GET"))
        .respond_with(envelope(json!({"type": "A", "name": "a", "content": "192.0.2.1"})))
        .mount(&server)
        .await;
    let builder = Client::builder()
        .base_url(server.uri())
        .bearer_token("a-token-of-forty-characters-0123456789")
        .default_header("X-Tenant", "tenant-secret-42");
    assert!(!format!("{builder:?}").contains("tenant-secret-42"));
    let client = builder.build().unwrap();
    assert!(!format!("{client:?}").contains("a-token-of-forty"));
    client.dns().records().get("z", "r").await.unwrap();
    let request = &sent(&server).await[0];
    assert_eq!(request.headers.get("authorization").unwrap(), "Bearer a-token-of-forty-characters-0123456789");
    assert_eq!(request.headers.get("x-tenant").unwrap(), "tenant-secret-42");
}

/// Error details that need a conversion are still details.
#[tokio::test]
async fn error_details_are_read_tolerantly() {
    let server = MockServer::start().await;
    Mock::given(method("GET")).respond_with(ResponseTemplate::new(400).set_body_json(json!({
        "success": false, "result": null, "messages": [], "errors": [{"code": "1004", "message": "DNS Validation Error"}]})))
        .mount(&server).await;
    let error = client(&server).dns().records().get("z", "r").await.unwrap_err();
    let Error::Api { errors, .. } = &error else { panic!("{error:?}") };
    assert_eq!((errors[0].code, errors[0].message.as_str()), (1004, "DNS Validation Error"));
}
