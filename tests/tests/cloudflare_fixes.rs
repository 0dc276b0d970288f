//! What a Cloudflare user hit next, each against a server on 127.0.0.1 (wiremock) that logs what
//! it receives: the request on the wire, or the decoded value, compared member by member.

use cloudflare_client::dns::records::RecordListParams;
use cloudflare_client::images::v1::V1CreateParams;
use cloudflare_client::kv::namespaces::keys::KeyListParams;
use cloudflare_client::{Client, Error, Part};
use serde_json::{Value, json};
use wiremock::matchers::{method, path, query_param, query_param_is_missing};
use wiremock::{Mock, MockServer, Request, ResponseTemplate};

fn envelope(result: Value, info: Value) -> ResponseTemplate {
    ResponseTemplate::new(200)
        .set_body_json(json!({"success": true, "errors": [], "messages": [], "result": result, "result_info": info}))
}

fn client(server: &MockServer) -> Client {
    Client::builder().api_token("token-for-tests").base_url(server.uri()).max_retries(0).build().unwrap()
}

async fn requests(server: &MockServer) -> Vec<Request> {
    server.received_requests().await.unwrap()
}

/// Item 1: KV keys page by `result_info.cursor` until it is empty: every key, each page once.
#[tokio::test]
async fn kv_keys_list_every_page() {
    let server = MockServer::start().await;
    let route = "/accounts/a/storage/kv/namespaces/n/keys";
    let keys = |from: usize, to: usize| -> Value { (from..to).map(|i| json!({"name": format!("key-{i}")})).collect() };
    Mock::given(path(route))
        .and(query_param_is_missing("cursor"))
        .respond_with(envelope(keys(0, 1000), json!({"count": 1000, "cursor": "c1"})))
        .mount(&server)
        .await;
    Mock::given(path(route))
        .and(query_param("cursor", "c1"))
        .respond_with(envelope(keys(1000, 2000), json!({"count": 1000, "cursor": "c2"})))
        .mount(&server)
        .await;
    Mock::given(path(route))
        .and(query_param("cursor", "c2"))
        .respond_with(envelope(keys(2000, 2500), json!({"count": 500, "cursor": ""})))
        .mount(&server)
        .await;
    let all = client(&server).kv().namespaces().keys().list("a", "n", &KeyListParams::default()).all().await.unwrap();
    assert_eq!(all.len(), 2500);
    assert_eq!((all[0].name.as_str(), all[2499].name.as_str()), ("key-0", "key-2499"));
    assert_eq!(requests(&server).await.len(), 3);
}

/// Item 2: An envelope written as a plain `{result: …}` object is still the envelope: the result is
/// unwrapped, and `success: false` is an error.
#[tokio::test]
async fn envelopes_written_as_plain_objects_are_checked() {
    let server = MockServer::start().await;
    Mock::given(method("DELETE"))
        .and(path("/zones/z/dns_records/ok"))
        .respond_with(envelope(json!({"id": "ok"}), Value::Null))
        .mount(&server)
        .await;
    Mock::given(method("DELETE"))
        .and(path("/zones/z/dns_records/refused"))
        .respond_with(
            ResponseTemplate::new(200).set_body_json(json!({"success": false, "result": null, "messages": [],
            "errors": [{"code": 81044, "message": "Record does not exist."}]})),
        )
        .mount(&server)
        .await;
    let client = client(&server);
    let deleted = client.dns().records().delete("z", "ok").await.unwrap();
    assert_eq!(deleted.id.as_deref(), Some("ok"));
    let error = client.dns().records().delete("z", "refused").await.unwrap_err();
    assert_eq!(error.api_errors().iter().map(|e| e.code).collect::<Vec<_>>(), [81044]);
}

/// Item 3: An operation whose body the spec leaves open sends none, unless the caller gives one.
#[tokio::test]
async fn open_bodies_are_sent_only_when_set() {
    let server = MockServer::start().await;
    Mock::given(method("DELETE")).respond_with(envelope(json!({"id": "r"}), Value::Null)).mount(&server).await;
    let client = client(&server);
    client.dns().records().delete("z", "r").await.unwrap();
    client.dns().records().delete("z", "r").json_body(json!({"why": "cleanup"})).await.unwrap();
    let seen = requests(&server).await;
    assert!(seen[0].body.is_empty(), "{:?}", String::from_utf8_lossy(&seen[0].body));
    assert!(seen[0].headers.get("content-type").is_none());
    assert_eq!(serde_json::from_slice::<Value>(&seen[1].body).unwrap(), json!({"why": "cleanup"}));
    assert_eq!(seen[1].headers.get("content-type").unwrap(), "application/json");
}

/// Item 4: Error details keep their chain; a refusal without details keeps its body.
#[tokio::test]
async fn error_chains_and_bare_refusals_reach_the_caller() {
    let server = MockServer::start().await;
    Mock::given(path("/zones/z/dns_records/chain"))
        .respond_with(ResponseTemplate::new(400).set_body_json(json!({
        "success": false, "result": null, "messages": [],
        "errors": [{"code": 1004, "message": "DNS Validation Error",
            "error_chain": [{"code": 9005, "message": "Content for A record must be a valid IPv4 address."}]}]})))
        .mount(&server)
        .await;
    Mock::given(path("/zones/z/dns_records/bare"))
        .respond_with(ResponseTemplate::new(200).set_body_json(json!({
        "success": false, "result": null, "messages": [], "errors": []})))
        .mount(&server)
        .await;
    let client = client(&server);
    let error = client.dns().records().get("z", "chain").await.unwrap_err();
    let detail = &error.api_errors()[0];
    assert_eq!((detail.code, detail.message.as_str()), (1004, "DNS Validation Error"));
    let chain = detail.error_chain.as_deref().unwrap();
    assert_eq!(
        (chain[0].code, chain[0].message.as_str()),
        (9005, "Content for A record must be a valid IPv4 address.")
    );
    let error = client.dns().records().get("z", "bare").await.unwrap_err();
    let Error::Api { status: 200, errors, body: Some(body), .. } = &error else { panic!("{error:?}") };
    assert!(errors.is_empty() && body.contains("\"success\":false"), "{body}");
}

/// Item 5: Paging from a chosen page asks for that page, then the ones after it, each once.
#[tokio::test]
async fn paging_from_a_chosen_page_goes_forwards() {
    let server = MockServer::start().await;
    for page in 3..=5 {
        let records: Vec<Value> = (0..2)
            .map(|i| json!({"id": format!("{page}-{i}"), "type": "A", "name": "a.example.com", "content": "192.0.2.1"}))
            .collect();
        Mock::given(path("/zones/z/dns_records"))
            .and(query_param("page", page.to_string()))
            .respond_with(envelope(
                json!(records),
                json!({"page": page, "per_page": 2, "total_pages": 5, "total_count": 10}),
            ))
            .mount(&server)
            .await;
    }
    let params = RecordListParams::new().page(3).per_page(2);
    let all = client(&server).dns().records().list("z", &params).all().await.unwrap();
    assert_eq!(all.len(), 6);
    let pages: Vec<String> = requests(&server)
        .await
        .iter()
        .map(|r| r.url.query_pairs().find(|(k, _)| k == "page").map(|(_, v)| v.into_owned()).unwrap())
        .collect();
    assert_eq!(pages, ["3", "4", "5"]);
}

/// Item 6: An image upload sends its file as a file part, with a file name.
#[tokio::test]
async fn image_uploads_send_a_file_part() {
    let server = MockServer::start().await;
    Mock::given(method("POST")).respond_with(envelope(json!({"id": "img"}), Value::Null)).mount(&server).await;
    let params =
        V1CreateParams::new().file(Part::bytes(vec![0x89, b'P', b'N', b'G']).file_name("logo.png").mime("image/png"));
    client(&server).images().v1().create("a", &params).await.unwrap();
    let seen = requests(&server).await;
    let body = String::from_utf8_lossy(&seen[0].body);
    assert!(body.contains("Content-Disposition: form-data; name=\"file\"; filename=\"logo.png\""), "{body}");
    assert!(body.contains("Content-Type: image/png"), "{body}");
}

/// Item 7: A drifted item does not touch free-form data elsewhere: `metadata` keeps its `null`s.
#[tokio::test]
async fn free_form_metadata_keeps_its_nulls() {
    let server = MockServer::start().await;
    let keys = json!([{"name": "a", "expiration": "soon", "metadata": {"owner": null, "tags": []}}, {"name": "b", "metadata": {"owner": null}}]);
    Mock::given(path("/accounts/a/storage/kv/namespaces/n/keys"))
        .respond_with(envelope(keys.clone(), json!({"count": 2, "cursor": ""})))
        .mount(&server)
        .await;
    let all = client(&server).kv().namespaces().keys().list("a", "n", &KeyListParams::default()).all().await.unwrap();
    assert_eq!(all.len(), 2);
    assert_eq!(all[0].expiration, None, "the odd expiration is left out");
    for (key, sent) in all.iter().zip(keys.as_array().unwrap()) {
        assert_eq!(serde_json::to_value(&key.metadata).unwrap(), sent["metadata"]);
    }
}

/// Item 8: A zone's status, plan and kind are read; a page rule's actions survive a round trip.
#[tokio::test]
async fn zones_and_page_rules_read_what_the_api_sends() {
    let server = MockServer::start().await;
    Mock::given(path("/zones/z"))
        .respond_with(envelope(
            json!({"id": "z", "name": "example.com", "status": "active", "paused": false,
        "type": "full", "plan": {"id": "free", "name": "Free Website", "price": 0, "currency": "USD"}}),
            Value::Null,
        ))
        .mount(&server)
        .await;
    let rule = json!({"id": "r", "status": "active", "priority": 1, "targets": [{"target": "url", "constraint": {"operator": "matches", "value": "*example.com/images/*"}}],
        "actions": [{"id": "browser_check", "value": "on"}, {"id": "forward_url", "value": {"url": "https://example.com/x", "status_code": 301}}],
        "created_on": "2014-01-01T05:20:00.12345Z", "modified_on": "2014-01-01T05:20:00.12345Z"});
    Mock::given(path("/zones/z/pagerules"))
        .respond_with(envelope(json!([rule.clone()]), Value::Null))
        .mount(&server)
        .await;
    let client = client(&server);
    let zone = client.zones().get("z").await.unwrap();
    assert_eq!(zone.status.as_ref().map(|s| s.as_str()), Some("active"));
    assert_eq!((zone.paused, zone.r#type.as_ref().map(|t| t.as_str())), (Some(false), Some("full")));
    assert_eq!(zone.plan.as_ref().and_then(|p| p.name.as_deref()), Some("Free Website"));
    let rules = client.page_rules().list("z", &Default::default()).await.unwrap();
    let written = serde_json::to_value(&rules[0]).unwrap();
    assert_eq!(written["actions"], rule["actions"]);
}

/// Found by the every-operation conformance test: a schema that is `type: array` beside `anyOf`
/// alternatives describing objects. Zone lockdown `configurations` were one object, so no valid
/// lockdown could be sent; they are a list, each item read as its own alternative.
#[tokio::test]
async fn lockdown_configurations_are_a_list_of_alternatives() {
    use cloudflare_client::firewall::lockdowns::{ConfigurationsItem, LockdownCreateParams};
    let server = MockServer::start().await;
    let configurations = json!([
        {"target": "ip", "value": "198.51.100.4"},
        {"target": "ip_range", "value": "198.51.100.0/24"}
    ]);
    let answer = json!({
        "configurations": configurations, "created_on": "2014-01-01T05:20:00.123450Z", "description": "Restrict access",
        "id": "372e67954025e0ba6aaa6d586b9e0b59", "modified_on": "2014-01-01T05:20:00.123450Z", "paused": false,
        "urls": ["shop.example.com/*"]
    });
    Mock::given(method("POST"))
        .and(path("/zones/z/firewall/lockdowns"))
        .respond_with(envelope(answer.clone(), Value::Null))
        .mount(&server)
        .await;
    let items: Vec<ConfigurationsItem> = serde_json::from_value(configurations.clone()).unwrap();
    let params = LockdownCreateParams::new(items, vec!["shop.example.com/*".into()]);
    let response = client(&server).firewall().lockdowns().create("z", &params).send_with_response().await.unwrap();

    let sent: Value = serde_json::from_slice(&requests(&server).await[0].body).unwrap();
    assert_eq!(sent, json!({"configurations": configurations, "urls": ["shop.example.com/*"]}));
    let read = &response.value.configurations;
    assert!(matches!(read[0], ConfigurationsItem::AnIpAddressConfiguration(_)), "{read:?}");
    assert!(matches!(read[1], ConfigurationsItem::AnIpAddressRangeConfiguration(_)), "{read:?}");
    assert_eq!(serde_json::to_value(&response.value).unwrap(), answer);
    assert!(response.drift.is_empty(), "{:?}", response.drift);
}

/// Found the same way: DNS analytics `metrics` are `type: array` with `properties` written
/// beside; they were read as a list of objects, which dropped every value. They are lists of
/// values, one per requested metric. Found by a user trial: `data` items and `query` are
/// described by two `allOf` parts, and only the last part's members were kept (`dimensions`
/// and every `query` member but `time_delta` were dropped); they have the members of both.
#[tokio::test]
async fn dns_analytics_reports_keep_every_member() {
    let server = MockServer::start().await;
    let data = json!([{"dimensions": ["NODATA"], "metrics": [[2, 3.5, 0], [1, 1, 1]]}]);
    let query = json!({
        "dimensions": ["responseCode"], "limit": 100, "metrics": ["queryCount", "responseTimeAvg"],
        "since": "2023-11-11T12:00:00Z", "until": "2023-11-11T13:00:00Z", "time_delta": "hour"
    });
    Mock::given(method("GET"))
        .and(path("/zones/z/dns_analytics/report/bytime"))
        .respond_with(envelope(
            json!({
                "data": data, "data_lag": 60, "max": {}, "min": {}, "rows": 1, "totals": {},
                "query": query, "time_intervals": [["2023-11-11T12:00:00Z", "2023-11-11T13:00:00Z"]]
            }),
            Value::Null,
        ))
        .mount(&server)
        .await;
    let response =
        client(&server).dns().analytics().reports().bytimes().get("z", &Default::default()).send_with_response().await;
    let report = response.unwrap();
    assert_eq!(
        report.value.data[0].metrics,
        vec![vec![json!(2), json!(3.5), json!(0)], vec![json!(1), json!(1), json!(1)]]
    );
    assert_eq!(report.value.data[0].dimensions, vec!["NODATA".to_string()]);
    let written = serde_json::to_value(&report.value).unwrap();
    assert_eq!((&written["data"], &written["query"]), (&data, &query));
    assert!(report.drift.is_empty(), "{:?}", report.drift);
}

/// Found the same way: page rule targets are `oneOf: [url_target]` with `required` beside, so
/// `target` and `constraint` are required (they were optional, and a rule without them is
/// refused).
#[tokio::test]
async fn page_rule_targets_send_what_they_require() {
    use cloudflare_client::page_rules::{PageRuleCreateParams, Target};
    let server = MockServer::start().await;
    Mock::given(method("POST"))
        .and(path("/zones/z/pagerules"))
        .respond_with(envelope(json!({}), Value::Null))
        .mount(&server)
        .await;
    let target = json!({"constraint": {"operator": "matches", "value": "*example.com/images/*"}, "target": "url"});
    let targets: Vec<Target> = vec![serde_json::from_value(target.clone()).unwrap()];
    let actions = serde_json::from_value(json!([{"id": "browser_check", "value": "on"}])).unwrap();
    client(&server).page_rules().create("z", &PageRuleCreateParams::new(actions, targets)).await.unwrap();
    let sent: Value = serde_json::from_slice(&requests(&server).await[0].body).unwrap();
    assert_eq!(sent["targets"], json!([target]));
}

/// One method for an account's and a zone's rulesets, as the official SDKs have it: the scope
/// picks the path (its id encoded like any path value), and each owner's answer is decoded.
#[tokio::test]
async fn account_or_zone_methods_send_each_owner_to_its_path() {
    use cloudflare_client::AccountOrZone;
    let server = MockServer::start().await;
    let ruleset = |id: &str, phase: &str| {
        json!({"id": id, "name": format!("{id} rules"), "kind": "zone", "phase": phase, "version": "3",
               "last_updated": "2024-01-02T03:04:05Z", "description": "mine"})
    };
    Mock::given(method("GET"))
        .and(path("/accounts/a%20b/rulesets"))
        .respond_with(envelope(json!([ruleset("for-account", "http_request_firewall_custom")]), json!({})))
        .mount(&server)
        .await;
    Mock::given(method("GET"))
        .and(path("/zones/z/rulesets"))
        .respond_with(envelope(json!([ruleset("for-zone", "ddos_l7")]), json!({})))
        .mount(&server)
        .await;
    Mock::given(method("DELETE")).respond_with(ResponseTemplate::new(204)).mount(&server).await;
    let client = client(&server);
    let account = client.rulesets().list(AccountOrZone::Account("a b".into())).all().await.unwrap();
    let zone = AccountOrZone::zone("z");
    let in_zone = client.rulesets().list(&zone).all().await.unwrap();
    client.rulesets().delete(&zone, "r1").await.unwrap();
    client.rulesets().delete(AccountOrZone::account("a"), "r2").await.unwrap();

    let seen: Vec<(String, String)> =
        requests(&server).await.iter().map(|r| (r.method.to_string(), r.url.path().to_string())).collect();
    let expected = [
        ("GET", "/accounts/a%20b/rulesets"),
        ("GET", "/zones/z/rulesets"),
        ("DELETE", "/zones/z/rulesets/r1"),
        ("DELETE", "/accounts/a/rulesets/r2"),
    ];
    assert_eq!(seen, expected.map(|(m, p)| (m.to_string(), p.to_string())));
    for (items, id, phase) in
        [(&account, "for-account", "http_request_firewall_custom"), (&in_zone, "for-zone", "ddos_l7")]
    {
        let [item] = items.as_slice() else { panic!("one ruleset, not {items:?}") };
        assert_eq!(serde_json::to_value(item).unwrap(), ruleset(id, phase), "every member, each in its place");
    }
}

/// A call that returns nothing still fails on an envelope that says so, and a list fails on an
/// empty body instead of reading it as no items (found by the account/zone user trial); an
/// answer that says there is no content is no content.
#[tokio::test]
async fn empty_answers_and_refusals_of_calls_that_return_nothing() {
    use cloudflare_client::AccountOrZone;
    let refused = json!({"success": false, "errors": [{"code": 10000, "message": "Authentication error"}], "messages": [], "result": null});
    let accepted = json!({"success": true, "errors": [], "messages": [], "result": null});
    // (what, status, body, whether the call fails, and the error's API codes or decode message)
    let deletes: Vec<(&str, u16, String, Result<(), &str>)> = vec![
        ("no content", 204, String::new(), Ok(())),
        ("an envelope that succeeds", 200, accepted.to_string(), Ok(())),
        ("an envelope that refuses, with status 200", 200, refused.to_string(), Err("10000")),
    ];
    for (what, status, body, expected) in deletes {
        let server = MockServer::start().await;
        Mock::given(method("DELETE"))
            .respond_with(ResponseTemplate::new(status).set_body_raw(body, "application/json"))
            .mount(&server)
            .await;
        let outcome = client(&server).rulesets().delete(AccountOrZone::zone("z"), "r").await;
        match (expected, outcome) {
            (Ok(()), Ok(())) => {}
            (Err(code), Err(error)) => {
                let codes: Vec<String> = error.api_errors().iter().map(|e| e.code.to_string()).collect();
                assert_eq!(codes, [code], "{what}: {error}");
            }
            (expected, outcome) => panic!("{what}: expected {expected:?}, got {outcome:?}"),
        }
    }
    let lists: Vec<(&str, u16, Option<&str>)> =
        vec![("an empty body", 200, Some("the body is empty")), ("no content", 204, None)];
    for (what, status, message) in lists {
        let server = MockServer::start().await;
        Mock::given(method("GET")).respond_with(ResponseTemplate::new(status)).mount(&server).await;
        let outcome = client(&server).rulesets().list(AccountOrZone::account("a")).all().await;
        match (message, outcome) {
            (None, Ok(items)) => assert!(items.is_empty(), "{what}"),
            (Some(want), Err(Error::Decode { message, .. })) => assert!(message.contains(want), "{what}: {message}"),
            (want, outcome) => panic!("{what}: expected {want:?}, got {outcome:?}"),
        }
    }
}
