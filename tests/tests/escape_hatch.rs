//! What the spec lacks, reached through the client anyway: calls to any path, extra body fields
//! on typed calls, and errors told apart by kind with the request id Cloudflare's support asks
//! for. Each against a server on 127.0.0.1 (wiremock), with what went over the wire checked.

use std::time::Duration;

use cloudflare_client::zones::{ZoneCreateAccount, ZoneCreateParams};
use cloudflare_client::{Client, Error, Method};
use serde_json::{Value, json};
use wiremock::matchers::{method, path};
use wiremock::{Mock, MockServer, Request, ResponseTemplate};

fn client(server: &MockServer) -> Client {
    Client::builder().api_token("token-for-tests").base_url(server.uri()).max_retries(0).build().unwrap()
}

fn body(request: &Request) -> Value {
    serde_json::from_slice(&request.body).unwrap()
}

async fn only_request(server: &MockServer) -> Request {
    let mut received = server.received_requests().await.unwrap();
    assert_eq!(received.len(), 1, "one request was expected");
    received.remove(0)
}

/// A path the spec does not describe, with the client's credentials, the JSON body as given,
/// and the value read from the envelope's result.
#[tokio::test]
async fn any_path_sends_credentials_and_reads_the_result() {
    let server = MockServer::start().await;
    Mock::given(method("POST"))
        .and(path("/accounts/a/not_in_the_spec"))
        .respond_with(ResponseTemplate::new(200).set_body_json(json!({
            "success": true, "errors": [], "messages": [], "result": {"id": "x1", "n": 3}, "result_info": {"page": 1}
        })))
        .mount(&server)
        .await;
    let client = client(&server);
    let response = client
        .post::<Value>("accounts/a/not_in_the_spec")
        .query("dry_run", "true")
        .json_body(json!({"name": "n"}))
        .send_with_response()
        .await
        .unwrap();
    assert_eq!(response.value, json!({"id": "x1", "n": 3}));
    assert_eq!(response.result_info, Some(json!({"page": 1})));
    let request = only_request(&server).await;
    assert_eq!(request.url.query(), Some("dry_run=true"));
    assert_eq!(request.headers.get("authorization").unwrap(), "Bearer token-for-tests");
    assert_eq!(request.headers.get("content-type").unwrap(), "application/json");
    assert_eq!(body(&request), json!({"name": "n"}));

    // The whole body, envelope and all, when asked for.
    let whole: Value = client.request(Method::POST, "/accounts/a/not_in_the_spec").whole_body().await.unwrap();
    assert_eq!(whole["result_info"], json!({"page": 1}));
    assert_eq!(whole["result"]["id"], "x1");
}

/// An envelope that says it failed is an error on any path too, with its details.
#[tokio::test]
async fn any_path_reads_failures_as_typed_calls_do() {
    let server = MockServer::start().await;
    Mock::given(path("/zones/z/odd"))
        .respond_with(ResponseTemplate::new(200).set_body_json(json!({
            "success": false, "errors": [{"code": 1003, "message": "invalid"}], "messages": [], "result": null
        })))
        .mount(&server)
        .await;
    let error = client(&server).get::<Value>("/zones/z/odd").await.unwrap_err();
    let details: Vec<(i64, &str)> = error.api_errors().iter().map(|d| (d.code, d.message.as_str())).collect();
    assert_eq!(details, [(1003, "invalid")], "{error}");
    // Typed results read as generated calls read them.
    Mock::given(path("/zones/z"))
        .respond_with(ResponseTemplate::new(200).set_body_json(json!({
            "success": true, "errors": [], "messages": [],
            "result": {"id": "z", "name": "example.com", "status": "active", "paused": true}
        })))
        .mount(&server)
        .await;
    let zone = client(&server).get::<cloudflare_client::zones::Zone>("/zones/z").await.unwrap();
    assert_eq!((zone.id.as_str(), zone.name.as_str(), zone.paused), ("z", "example.com", Some(true)));
}

/// Extra body fields go into the typed body beside its own members, and replace one of the
/// same name; a call without a body sends an object of them.
#[tokio::test]
async fn extra_body_fields_join_the_typed_body() {
    let server = MockServer::start().await;
    Mock::given(method("POST"))
        .respond_with(ResponseTemplate::new(200).set_body_json(json!({
            "success": true, "errors": [], "messages": [], "result": {"id": "z", "name": "example.com"}
        })))
        .mount(&server)
        .await;
    let params = ZoneCreateParams::new(ZoneCreateAccount { id: Some("acc".into()) }, "example.com");
    client(&server)
        .zones()
        .create(&params)
        .extra_body_field("jump_start", true)
        .extra_body_field("name", "example.org")
        .await
        .unwrap();
    let sent = body(&only_request(&server).await);
    assert_eq!(sent, json!({"account": {"id": "acc"}, "name": "example.org", "jump_start": true}));
}

/// Errors told apart by status, each with the request id from `cf-ray` and the wait the
/// server asked for.
#[tokio::test]
async fn errors_by_kind_carry_the_request_id() {
    type Kinds = (bool, bool, bool, bool, bool);
    let kinds = |e: &Error| -> Kinds {
        (e.is_not_found(), e.is_auth(), e.is_conflict(), e.is_rate_limited(), e.is_server_error())
    };
    let cases: [(u16, Kinds); 6] = [
        (404, (true, false, false, false, false)),
        (401, (false, true, false, false, false)),
        (403, (false, true, false, false, false)),
        (409, (false, false, true, false, false)),
        (429, (false, false, false, true, false)),
        (503, (false, false, false, false, true)),
    ];
    for (status, expected) in cases {
        let server = MockServer::start().await;
        Mock::given(path("/zones/z"))
            .respond_with(
                ResponseTemplate::new(status)
                    .insert_header("cf-ray", "8a1b2c3d4e5f6789-LHR")
                    .insert_header("retry-after", "120")
                    .set_body_json(json!({"success": false, "errors": [{"code": 7003, "message": "no"}], "messages": [], "result": null})),
            )
            .mount(&server)
            .await;
        let error = client(&server).zones().get("z").await.unwrap_err();
        assert_eq!(kinds(&error), expected, "HTTP {status}: {error}");
        assert_eq!(error.request_id(), Some("8a1b2c3d4e5f6789-LHR"));
        assert!(error.to_string().contains("(request id 8a1b2c3d4e5f6789-LHR)"), "{error}");
        assert_eq!(error.retry_after(), Some(Duration::from_secs(120)));
    }
    // Not an answer of the API: none of the kinds, and no request id.
    let error = Client::builder().api_token("t").base_url("http://127.0.0.1:9").max_retries(0).build().unwrap();
    let error = error.zones().get("z").await.unwrap_err();
    assert_eq!(kinds(&error), (false, false, false, false, false));
    assert_eq!(error.request_id(), None);
}

/// `()` reads nothing on any path: an empty answer (204), or an envelope whose result is not
/// wanted, which is still checked.
#[tokio::test]
async fn any_path_reads_nothing_as_unit() {
    let server = MockServer::start().await;
    Mock::given(method("DELETE")).and(path("/gone")).respond_with(ResponseTemplate::new(204)).mount(&server).await;
    Mock::given(method("POST"))
        .and(path("/done"))
        .respond_with(ResponseTemplate::new(200).set_body_json(json!({
            "success": true, "errors": [], "messages": [], "result": {"id": "q"}
        })))
        .mount(&server)
        .await;
    Mock::given(method("POST"))
        .and(path("/failed"))
        .respond_with(ResponseTemplate::new(200).set_body_json(json!({
            "success": false, "errors": [{"code": 1003, "message": "no"}], "messages": [], "result": null
        })))
        .mount(&server)
        .await;
    let client = client(&server);
    client.delete::<()>("/gone").await.unwrap();
    client.post::<()>("/done").await.unwrap();
    let error = client.post::<()>("/failed").await.unwrap_err();
    assert_eq!(error.api_errors().iter().map(|d| d.code).collect::<Vec<_>>(), [1003]);
}

/// A token the server echoes inside a JSON string, escaped (`\/`), is blanked out of the
/// error as well.
#[tokio::test]
async fn echoed_tokens_are_blanked_out_when_json_escapes_them() {
    let server = MockServer::start().await;
    Mock::given(path("/zones/z"))
        .respond_with(ResponseTemplate::new(400).set_body_raw(
            r#"{"success":false,"errors":[{"code":1,"message":"bad abc\/def+ghi=jkl"}],"messages":[],"result":null}"#,
            "application/json",
        ))
        .mount(&server)
        .await;
    let client = Client::builder().api_token("abc/def+ghi=jkl").base_url(server.uri()).max_retries(0).build().unwrap();
    let error = client.zones().get("z").await.unwrap_err();
    let shown = format!("{error} {error:?}");
    assert!(!shown.contains("def+ghi") && shown.contains("<redacted>"), "{shown}");
}
