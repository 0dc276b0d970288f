//! Shapes of the spec that need more than a derive: a union chosen by its discriminator, and a
//! query list sent as one comma-separated value.

use cloudflare_client::Client;
use cloudflare_client::rulesets::RequestRule;
use cloudflare_client::runtime::{ResponseKind, decode_response_with_drift};
use cloudflare_client::zaraz::history::configs::ConfigGetParams;
use serde_json::json;
use wiremock::matchers::{method, path, query_param};
use wiremock::{Mock, MockServer, ResponseTemplate};

#[test]
fn the_discriminator_chooses_the_alternative() {
    let rule = |value: serde_json::Value| serde_json::from_value::<RequestRule>(value).expect("never an error");

    // Structurally, a log rule would also fit the block rule (every field is optional); only
    // the discriminator tells them apart.
    let log = rule(json!({"action": "log", "expression": "true", "version": "1"}));
    let RequestRule::Log(log) = log else { panic!("{log:?}") };
    assert_eq!(log.expression.as_deref(), Some("true"));

    let block = rule(json!({"action": "block", "action_parameters": {"response": {
        "content": "no", "content_type": "text/plain", "status_code": 403}}}));
    let RequestRule::Block(block) = block else { panic!("{block:?}") };
    assert_eq!(block.action_parameters.unwrap().response.unwrap().status_code, 403);

    // An action this client does not know, and a rule without an action, are kept whole
    // rather than forced into the wrong alternative.
    for value in [json!({"action": "teleport", "expression": "true"}), json!({"expression": "no action at all"})] {
        assert_eq!(rule(value.clone()), RequestRule::Other(value));
    }
    // A known action whose body does not fit: strictly, an error; as the client reads a
    // response, that rule with the member that does not fit left out, and the drift recorded.
    let odd = json!({"action": "block", "expression": "true", "action_parameters": {"response": "not an object"}});
    assert!(serde_json::from_value::<RequestRule>(odd.clone()).is_err());
    let body = serde_json::to_vec(&odd).unwrap();
    let read = decode_response_with_drift::<RequestRule>(ResponseKind::Plain, 200, &body, false).unwrap();
    let RequestRule::Block(block) = read.value else { panic!("{:?}", read.value) };
    assert_eq!(block.expression.as_deref(), Some("true"));
    assert_eq!(block.action_parameters.map(|p| p.response), Some(None));
    assert_eq!(read.drift.len(), 1);
    assert_eq!(read.drift[0].path, "action_parameters.response");
    assert_eq!(read.drift[0].found, "\"not an object\"");

    // Writing a rule writes the alternative itself, with no wrapper.
    let written = serde_json::to_value(rule(json!({"action": "log", "version": "1"}))).unwrap();
    assert_eq!(written["action"], "log");
}

#[tokio::test]
async fn a_list_without_explode_is_one_comma_separated_value() {
    let server = MockServer::start().await;
    Mock::given(method("GET"))
        .and(path("/zones/z/settings/zaraz/history/configs"))
        .and(query_param("ids", "12345,23456"))
        .respond_with(
            ResponseTemplate::new(200)
                .set_body_raw(r#"{"success":true,"errors":[],"messages":[],"result":{}}"#, "application/json"),
        )
        .mount(&server)
        .await;
    let client = Client::builder().api_token("t").base_url(server.uri()).max_retries(0).build().unwrap();
    let configs =
        client.zaraz().history().configs().get("z", &ConfigGetParams::new(vec![12345, 23456])).await.expect("get");
    assert!(configs.is_empty());
    let requests = server.received_requests().await.unwrap();
    assert_eq!(requests[0].url.query(), Some("ids=12345%2C23456"));
}
