//! What a user of Stripe's API writes first, against a mock server on 127.0.0.1: a secret key
//! (HTTP basic), customers listed across pages (`has_more` and `starting_after`), a customer
//! created with a form body, and Stripe's error body.

use std::collections::BTreeMap;

use serde_json::json;
use stripe_client::Client;
use stripe_client::customers::{CustomerCreateParams, CustomerListParams};
use stripe_client::types::Metadata;
use wiremock::matchers::{body_string, header, method, path, query_param, query_param_is_missing};
use wiremock::{Mock, MockServer, ResponseTemplate};

/// `Authorization: Basic base64("sk_test_123:")`: the key is the user name, the password empty.
const BASIC: &str = "Basic c2tfdGVzdF8xMjM6";

fn client(server: &MockServer) -> Client {
    Client::builder().secret_key("sk_test_123").base_url(server.uri()).max_retries(0).build().unwrap()
}

fn customer(id: &str, email: &str) -> serde_json::Value {
    json!({"id": id, "object": "customer", "created": 1700000000, "livemode": false, "email": email,
           "metadata": {"plan": "pro"}, "balance": 250})
}

#[tokio::test]
async fn customers_are_listed_across_pages_after_the_last_id() {
    let server = MockServer::start().await;
    let page = |data: serde_json::Value, more: bool| {
        ResponseTemplate::new(200).set_body_json(json!({"object": "list", "url": "/v1/customers", "has_more": more, "data": data}))
    };
    Mock::given(method("GET"))
        .and(path("/v1/customers"))
        .and(query_param_is_missing("starting_after"))
        .and(query_param("limit", "2"))
        .and(header("authorization", BASIC))
        .respond_with(page(json!([customer("cus_1", "a@example.com"), customer("cus_2", "b@example.com")]), true))
        .expect(1)
        .mount(&server)
        .await;
    Mock::given(method("GET"))
        .and(path("/v1/customers"))
        .and(query_param("starting_after", "cus_2"))
        .and(query_param("limit", "2"))
        .and(header("authorization", BASIC))
        .respond_with(page(json!([customer("cus_3", "c@example.com")]), false))
        .expect(1)
        .mount(&server)
        .await;

    let customers = client(&server).customers().list(&CustomerListParams::new().limit(2)).all().await.unwrap();
    let got: Vec<(&str, Option<&str>, Option<i64>)> =
        customers.iter().map(|c| (c.id.as_str(), c.email.as_deref(), c.balance)).collect();
    assert_eq!(
        got,
        [("cus_1", Some("a@example.com"), Some(250)), ("cus_2", Some("b@example.com"), Some(250)), ("cus_3", Some("c@example.com"), Some(250))]
    );
    let plan = customers[2].metadata.as_ref().and_then(|m| m.get("plan")).map(String::as_str);
    assert_eq!(plan, Some("pro"));
}

#[tokio::test]
async fn a_customer_is_created_with_a_form_body() {
    let server = MockServer::start().await;
    Mock::given(method("POST"))
        .and(path("/v1/customers"))
        .and(header("content-type", "application/x-www-form-urlencoded"))
        .and(body_string("email=new%40example.com&metadata%5Bplan%5D=pro&name=Ada+Lovelace"))
        .respond_with(ResponseTemplate::new(200).set_body_json(customer("cus_9", "new@example.com")))
        .expect(1)
        .mount(&server)
        .await;
    let metadata: BTreeMap<String, String> = [("plan".to_string(), "pro".to_string())].into();
    let params = CustomerCreateParams::new().email("new@example.com").name("Ada Lovelace").metadata(Metadata::Object(metadata));
    let created = client(&server).customers().create(&params).await.unwrap();
    assert_eq!(created.id, "cus_9");
    assert_eq!(created.email.as_deref(), Some("new@example.com"));
}

#[tokio::test]
async fn stripe_errors_give_their_code_and_message() {
    let server = MockServer::start().await;
    Mock::given(method("GET"))
        .and(path("/v1/customers/cus_missing"))
        .respond_with(ResponseTemplate::new(404).set_body_json(json!({"error": {
            "type": "invalid_request_error", "code": "resource_missing", "param": "id",
            "message": "No such customer: 'cus_missing'",
            "doc_url": "https://stripe.com/docs/error-codes/resource-missing"
        }})))
        .mount(&server)
        .await;
    let error = client(&server).customers().retrieve("cus_missing", &Default::default()).await.unwrap_err();
    assert_eq!(error.status(), Some(404));
    let details = error.api_errors();
    assert_eq!(details.len(), 1, "{error}");
    assert_eq!(details[0].code.as_deref(), Some("resource_missing"));
    assert_eq!(details[0].message.as_deref(), Some("No such customer: 'cus_missing'"));
    assert_eq!(details[0].detail["param"], "id");
}

/// A POST answered 500 may have acted: it is repeated only because it carries an idempotency
/// key, the same on every attempt, so that Stripe acts at most once.
#[tokio::test]
async fn a_failed_create_is_retried_with_the_same_idempotency_key() {
    let server = MockServer::start().await;
    Mock::given(method("POST"))
        .and(path("/v1/customers"))
        .respond_with(ResponseTemplate::new(500).insert_header("retry-after", "0"))
        .up_to_n_times(1)
        .mount(&server)
        .await;
    Mock::given(method("POST"))
        .and(path("/v1/customers"))
        .respond_with(ResponseTemplate::new(200).set_body_json(customer("cus_7", "once@example.com")))
        .mount(&server)
        .await;
    let client = Client::builder().secret_key("sk_test_123").base_url(server.uri()).max_retries(1).build().unwrap();
    let created = client.customers().create(&CustomerCreateParams::new().email("once@example.com")).await.unwrap();
    assert_eq!(created.id, "cus_7");
    let requests = server.received_requests().await.unwrap();
    assert_eq!(requests.len(), 2);
    let keys: Vec<&str> =
        requests.iter().map(|r| r.headers.get("idempotency-key").expect("a key").to_str().unwrap()).collect();
    assert_eq!(keys[0], keys[1], "one key for both attempts");
    assert_eq!(keys[0].len(), 36, "a UUID: {}", keys[0]);
    // Another call gets another key.
    client.customers().create(&CustomerCreateParams::new().email("b@example.com")).await.unwrap();
    let third = &server.received_requests().await.unwrap()[2];
    assert_ne!(third.headers.get("idempotency-key").unwrap().to_str().unwrap(), keys[0]);
}
