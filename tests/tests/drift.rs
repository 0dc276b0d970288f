//! One field of an unexpected type never costs the whole response. A server (wiremock on
//! 127.0.0.1) lists three risk scoring integrations, the middle one with one odd field; the
//! client must return all three, the odd field converted when that loses nothing or else left
//! at its default, every other field as sent, and a record of what it did. Strictly read, the
//! same response is an error that names the place.

use std::sync::{Arc, Mutex};

use cloudflare_client::zero_trust::risk_scoring::integrations::{Integration, IntegrationType};
use cloudflare_client::{Client, Error, Resolution};
use serde_json::{Value, json};
use wiremock::matchers::{method, path};
use wiremock::{Mock, MockServer, ResponseTemplate};

const LIST: &str = "/accounts/a/zt_risk_scoring/integrations";

fn integration(i: u32) -> Value {
    json!({
        "id": format!("182bd5e5-6e1a-4fe4-a799-aa6d9a6ab2{i:02}"),
        "account_tag": format!("tag-{i}"), "active": true, "created_at": "2019-12-27T18:11:19.117Z",
        "integration_type": "Okta", "reference_id": format!("ref-{i}"),
        "tenant_url": format!("https://tenant-{i}.example.com"), "well_known_url": format!("https://tenant-{i}.example.com/.well-known"),
    })
}

async fn serve(items: Vec<Value>) -> (MockServer, Client) {
    let server = MockServer::start().await;
    let body = json!({"success": true, "errors": [], "messages": [], "result": items});
    Mock::given(method("GET"))
        .and(path(LIST))
        .respond_with(ResponseTemplate::new(200).set_body_json(body))
        .mount(&server)
        .await;
    let client = Client::builder().api_token("token-for-tests").base_url(server.uri()).max_retries(0).build().unwrap();
    (server, client)
}

/// The integration as the client must read `sent`.
fn read(sent: &Value) -> Integration {
    Integration {
        id: sent["id"].as_str().and_then(|s| s.parse().ok()).unwrap_or_default(),
        account_tag: sent["account_tag"].as_str().unwrap_or_default().into(),
        active: sent["active"].as_bool().unwrap_or_default(),
        created_at: sent["created_at"].as_str().and_then(|s| s.parse().ok()).unwrap_or_default(),
        integration_type: IntegrationType::Okta,
        reference_id: sent["reference_id"].as_str().unwrap_or_default().into(),
        tenant_url: sent["tenant_url"].as_str().unwrap_or_default().into(),
        well_known_url: sent["well_known_url"].as_str().unwrap_or_default().into(),
    }
}

#[tokio::test]
async fn one_odd_field_costs_that_field_only() {
    // The five cases, and what each must become.
    let cases: [(&str, Value, Value, Resolution, &str); 5] = [
        ("active", json!("true"), json!(true), Resolution::Converted, "a boolean"),
        ("tenant_url", json!(42), json!("42"), Resolution::Converted, "a string"),
        (
            "created_at",
            json!("2019-12-27 18:11:19"),
            json!("2019-12-27T18:11:19Z"),
            Resolution::Converted,
            "a date-time (RFC 3339)",
        ),
        ("id", json!("not-a-uuid"), Value::Null, Resolution::Dropped, "a UUID"),
        ("reference_id", json!({"id": "x"}), Value::Null, Resolution::Dropped, "a string"),
    ];
    for (field, odd, becomes, resolution, expected) in cases {
        let mut items: Vec<Value> = (0..3).map(integration).collect();
        items[1][field] = odd.clone();
        let (_server, client) = serve(items.clone()).await;

        let page = client
            .zero_trust()
            .risk_scoring()
            .integrations()
            .list("a")
            .await
            .unwrap_or_else(|e| panic!("{field}: {e}"));
        assert_eq!(page.items.len(), 3, "{field}: every integration arrives");
        assert_eq!(page.items[0], read(&items[0]), "{field}");
        assert_eq!(page.items[2], read(&items[2]), "{field}");
        let mut want = items[1].clone();
        want[field] = becomes;
        assert_eq!(page.items[1], read(&want), "{field}: the odd field only");

        assert_eq!(page.drift.len(), 1, "{field}");
        let drift = &page.drift[0];
        assert_eq!(drift.path, format!("result[1].{field}"));
        assert_eq!((drift.expected, drift.resolution), (expected, resolution), "{field}");
        assert_eq!(drift.found, odd.to_string());

        // Strictly read, the same list is an error naming the place, what was expected and what came.
        let error =
            client.zero_trust().risk_scoring().integrations().list("a").strict_decoding(true).await.unwrap_err();
        let Error::Decode { message, .. } = &error else { panic!("{field}: {error:?}") };
        assert!(message.contains(&format!("at `result[1].{field}`: expected {expected}, found {odd}")), "{message}");
    }
}

#[tokio::test]
async fn strict_decoding_on_the_client_applies_to_every_call() {
    let mut items: Vec<Value> = (0..2).map(integration).collect();
    items[0]["active"] = json!("false");
    let (server, _) = serve(items).await;
    let strict =
        Client::builder().api_token("t-for-tests").base_url(server.uri()).strict_decoding(true).build().unwrap();
    let error = strict.zero_trust().risk_scoring().integrations().list("a").all().await.unwrap_err();
    assert!(matches!(error, Error::Decode { status: 200, .. }), "{error:?}");
    // A call may still ask for tolerance.
    let page = strict.zero_trust().risk_scoring().integrations().list("a").strict_decoding(false).await.unwrap();
    assert!(!page.items[0].active);
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

#[tokio::test]
async fn drift_is_logged_once_per_call_and_reachable_from_the_response() {
    let captured = Captured::default();
    let writer = captured.clone();
    let subscriber = tracing_subscriber::fmt().with_ansi(false).with_writer(move || writer.clone()).finish();
    let _guard = tracing::subscriber::set_default(subscriber);

    let mut sent = integration(1);
    sent["active"] = json!("true");
    sent["tenant_url"] = json!(7);
    let server = MockServer::start().await;
    let envelope = json!({"success": true, "errors": [], "messages": [{"code": 1000, "message": "deprecated soon"}], "result": sent, "extra": 1});
    Mock::given(method("GET"))
        .respond_with(ResponseTemplate::new(200).set_body_json(envelope.clone()))
        .mount(&server)
        .await;
    let client = Client::builder().api_token("token-for-tests").base_url(server.uri()).max_retries(0).build().unwrap();
    let integration_id = "182bd5e5-6e1a-4fe4-a799-aa6d9a6ab201";
    let response =
        client.zero_trust().risk_scoring().integrations().get("a", integration_id).send_with_response().await.unwrap();
    assert!(response.value.active);
    assert_eq!(response.value.tenant_url, "7");
    let paths: Vec<&str> = response.drift.iter().map(|d| d.path.as_str()).collect();
    assert_eq!(paths, ["result.active", "result.tenant_url"]);
    // The envelope's messages, and the body as it came (with what no type describes).
    assert_eq!(response.messages.len(), 1);
    assert_eq!(response.messages[0].message, "deprecated soon");
    assert_eq!(serde_json::from_slice::<Value>(&response.body).unwrap(), envelope);

    let log = String::from_utf8(captured.0.lock().unwrap().clone()).unwrap();
    let warnings: Vec<&str> = log.lines().filter(|l| l.contains("WARN")).collect();
    assert_eq!(warnings.len(), 1, "{log}");
    assert!(warnings[0].contains("count=2") && warnings[0].contains("result.active"), "{log}");
}
