//! Fuzzing the client's response decoding with proptest: arbitrary bytes and mutations of real
//! responses, with any status, read as the generated types (structs, enums, unions, lists),
//! text, bytes and nothing, through the same code a call uses. Whatever the body, the answer
//! is a value or a typed error, never a panic; failures and refusals are never read as values.
//! `FUZZ_CASES=100000 cargo test -p workspace-tests --test fuzz_decode --release` runs longer.

use cloudflare_client::Error;
use cloudflare_client::dns::records::DnsRecord;
use cloudflare_client::rulesets::RequestRule;
use cloudflare_client::runtime::{ResponseKind, decode_response};
use cloudflare_client::zero_trust::risk_scoring::integrations::Integration;
use proptest::prelude::*;
use serde_json::{Value, json};

const SEED_RESPONSE: &str = include_str!("../fixtures/seed-response.json");

fn cases(default: u32) -> ProptestConfig {
    let cases = std::env::var("FUZZ_CASES").ok().and_then(|c| c.parse().ok()).unwrap_or(default);
    ProptestConfig { cases, ..ProptestConfig::default() }
}

/// Decodes `body` as every kind of value; checks what must hold whatever the body is.
fn decode_all(status: u16, body: &[u8]) -> Result<(), TestCaseError> {
    let enveloped = ResponseKind::Enveloped;
    let results: Vec<(&str, Result<(), Error>)> = vec![
        ("Integration", decode_response::<Integration>(enveloped, status, body).map(drop)),
        ("Vec<Integration>", decode_response::<Vec<Integration>>(enveloped, status, body).map(drop)),
        ("DnsRecord", decode_response::<DnsRecord>(enveloped, status, body).map(drop)),
        ("Vec<RequestRule>", decode_response::<Vec<RequestRule>>(ResponseKind::Plain, status, body).map(drop)),
        ("()", decode_response::<()>(ResponseKind::Empty { enveloped: true }, status, body)),
        ("String", decode_response::<String>(ResponseKind::Text, status, body).map(drop)),
        ("Bytes", decode_response::<bytes::Bytes>(ResponseKind::Binary, status, body).map(drop)),
    ];
    let refused = serde_json::from_slice::<Value>(body).is_ok_and(|v| v.get("success") == Some(&Value::Bool(false)));
    for (what, result) in results {
        match result {
            Err(Error::Api { status: s, .. }) => prop_assert_eq!(s, status),
            Err(Error::Decode { status: s, body: ref snippet, .. }) => {
                prop_assert_eq!(s, status);
                prop_assert!(snippet.len() <= 600, "error messages carry a bounded snippet");
            }
            Err(other) => prop_assert!(false, "{what}: unexpected error kind {other:?}"),
            Ok(()) => {
                prop_assert!(status < 400, "{what}: HTTP {status} read as a value");
                prop_assert!(
                    !refused || what == "String" || what == "Bytes" || what == "Vec<RequestRule>",
                    "{what}: `success: false` read as a value"
                );
            }
        }
    }
    Ok(())
}

fn status() -> impl Strategy<Value = u16> {
    prop_oneof![Just(200u16), Just(201), Just(204), Just(400), Just(404), Just(429), Just(500), 100u16..600]
}

fn json_value() -> impl Strategy<Value = Value> {
    let leaf = prop_oneof![
        Just(Value::Null),
        any::<bool>().prop_map(Value::Bool),
        any::<i64>().prop_map(Value::from),
        any::<f64>().prop_map(|f| serde_json::Number::from_f64(f).map_or(Value::Null, Value::Number)),
        ".{0,12}".prop_map(Value::String),
        Just(json!("2019-12-27T18:11:19.117Z")),
        Just(json!("182bd5e5-6e1a-4fe4-a799-aa6d9a6ab26e")),
        Just(json!("Okta")),
    ];
    leaf.prop_recursive(3, 16, 4, |inner| {
        prop_oneof![
            prop::collection::vec(inner.clone(), 0..4).prop_map(Value::Array),
            prop::collection::btree_map("[a-z_]{1,8}", inner, 0..4)
                .prop_map(|m| Value::Object(m.into_iter().collect())),
        ]
    })
}

/// Replaces the node that `path` leads to (child indexes, modulo the number of children).
fn replace_at(doc: &mut Value, path: &[usize], value: Value) {
    let mut at = doc;
    for &i in path {
        let len = match at {
            Value::Object(m) => m.len(),
            Value::Array(a) => a.len(),
            _ => 0,
        };
        if len == 0 {
            break;
        }
        at = match at {
            Value::Object(m) => m.values_mut().nth(i % len).expect("in range"),
            Value::Array(a) => &mut a[i % len],
            _ => unreachable!("only containers have children"),
        };
    }
    *at = value;
}

proptest! {
    #![proptest_config(cases(3_000))]

    #[test]
    fn arbitrary_bytes(status in status(), body in prop::collection::vec(any::<u8>(), 0..256)) {
        decode_all(status, &body)?;
    }

    /// The seed's response with up to four nodes replaced, then possibly cut short.
    #[test]
    fn mutated_responses(
        status in status(),
        edits in prop::collection::vec((prop::collection::vec(0usize..16, 0..5), json_value()), 0..4),
        cut in prop::option::of(any::<prop::sample::Index>()),
    ) {
        let mut doc: Value = serde_json::from_str(SEED_RESPONSE).unwrap();
        for (path, value) in edits {
            replace_at(&mut doc, &path, value);
        }
        let mut body = doc.to_string().into_bytes();
        if let Some(cut) = cut {
            body.truncate(cut.index(body.len() + 1));
        }
        decode_all(status, &body)?;
    }
}

/// How much work the tolerant read does on a value of one type.
type Work = fn(&Value) -> Option<usize>;

/// A list of DNS records (a union of 20 alternatives) and of integrations, each item valid.
fn valid_lists() -> Vec<(Value, Work)> {
    let records: Vec<Value> = ["A", "CNAME", "MX", "TXT", "SRV"]
        .iter()
        .enumerate()
        .map(|(i, t)| {
            json!({"id": format!("{i}"), "name": format!("r{i}.example.com"), "type": t, "content": "x", "ttl": 300,
                "priority": 10, "data": {"port": 1, "target": "t", "weight": 1}, "created_on": "2014-01-01T05:20:00Z"})
        })
        .collect();
    let seed: Value = serde_json::from_str(SEED_RESPONSE).unwrap();
    let integrations: Vec<Value> = (0..4).map(|_| seed["result"].clone()).collect();
    vec![(Value::Array(records), work::<Vec<DnsRecord>>), (Value::Array(integrations), work::<Vec<Integration>>)]
}

/// How much work the tolerant read does on `value`, for type `T`.
fn work<T: cloudflare_client::runtime::Described>(value: &Value) -> Option<usize> {
    let mut value = value.clone();
    cloudflare_client::runtime::repair_work::<T>(&mut value).ok()
}

fn nodes(value: &Value) -> usize {
    1 + match value {
        Value::Array(items) => items.iter().map(nodes).sum(),
        Value::Object(members) => members.values().map(nodes).sum(),
        _ => 0,
    }
}

proptest! {
    #![proptest_config(cases(1_000))]

    /// Values of any kind put anywhere inside valid items: the list still decodes (the odd
    /// values cost only themselves), and the tolerant read does a constant amount of work per
    /// node of the body, whatever it is sent.
    #[test]
    fn drifted_items_cost_only_themselves(
        which in 0usize..2,
        edits in prop::collection::vec((prop::collection::vec(0usize..16, 1..5), json_value()), 1..6),
    ) {
        let (mut list, work) = valid_lists().swap_remove(which);
        for (path, value) in edits {
            replace_at(&mut list, &path, value);
        }
        if let Some(visits) = work(&list) {
            prop_assert!(visits <= 4 * nodes(&list), "{visits} visits for {} nodes", nodes(&list));
        }
        let body = json!({"success": true, "errors": [], "messages": [], "result": list}).to_string();
        let decoded = match which {
            0 => decode_response::<Vec<DnsRecord>>(ResponseKind::Enveloped, 200, body.as_bytes()).map(|v| v.len()),
            _ => decode_response::<Vec<Integration>>(ResponseKind::Enveloped, 200, body.as_bytes()).map(|v| v.len()),
        };
        // Items stay items: only an item replaced by something that is no item at all is left out.
        let items = list.as_array().map_or(0, |items| items.iter().filter(|i| i.is_object()).count());
        match decoded {
            Ok(len) => prop_assert!(len >= items, "{len} items decoded of {items}"),
            Err(e) => prop_assert!(!list.is_array(), "a list failed: {e}"),
        }
    }
}

/// The unmutated seed decodes: the properties above are not passing because nothing does.
#[test]
fn the_seed_response_decodes() {
    let integration = decode_response::<Integration>(ResponseKind::Enveloped, 200, SEED_RESPONSE.as_bytes());
    assert_eq!(integration.expect("decodes").account_tag, "account_tag");
}
