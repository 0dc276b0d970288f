//! What decoding a large list page costs: `cargo bench -p workspace-tests --bench decode`.
//! Prints the median of several runs for each case; nothing is asserted (figures go to
//! BENCHMARKS.md). Each page is about 8 MB of enveloped JSON, decoded through the same code a
//! call uses (`decode_response`).

use std::time::{Duration, Instant};

use cloudflare_client::dns::records::DnsRecord;
use cloudflare_client::runtime::{ResponseKind, decode_response};
use cloudflare_client::zero_trust::risk_scoring::integrations::Integration;
use serde_json::{Value, json};

const TARGET_BYTES: usize = 8 * 1024 * 1024;
const RUNS: usize = 9;

fn integration(i: usize) -> Value {
    json!({
        "id": format!("182bd5e5-6e1a-4fe4-a799-{i:012x}"),
        "account_tag": format!("account-{i}"),
        "active": i % 2 == 0,
        "created_at": "2019-12-27T18:11:19.117Z",
        "integration_type": "Okta",
        "reference_id": format!("reference-{i}"),
        "tenant_url": format!("https://tenant-{i}.example.com"),
        "well_known_url": format!("https://tenant-{i}.example.com/.well-known/openid-configuration"),
    })
}

fn dns_record(i: usize) -> Value {
    let name = format!("host-{i}.example.com");
    let common = |record_type: &str, content: Value| {
        json!({
            "id": format!("{i:032x}"), "zone_id": "023e105f4ecef8ad9ca31a8372d0c353",
            "zone_name": "example.com", "name": name, "type": record_type, "content": content,
            "proxiable": true, "proxied": false, "ttl": 3600, "locked": false,
            "created_on": "2014-01-01T05:20:00.12345Z", "modified_on": "2014-01-01T05:20:00.12345Z",
            "comment": "a record", "tags": ["owner:dns-team"], "meta": {"auto_added": false},
        })
    };
    match i % 5 {
        0 => common("A", json!("198.51.100.4")),
        1 => common("CNAME", json!("example.net")),
        2 => {
            let mut v = common("MX", json!("mail.example.com"));
            v["priority"] = json!(10);
            v
        }
        3 => common("TXT", json!("v=spf1 -all")),
        _ => {
            let mut v = common("SRV", json!("1 5060 sip.example.com"));
            v["data"] = json!({"port": 5060, "priority": 1, "target": "sip.example.com", "weight": 5});
            v
        }
    }
}

/// An envelope whose `result` holds as many items as fit in about 8 MB; `odd` changes one item.
fn page(item: fn(usize) -> Value, odd: Option<(&str, Value)>) -> Vec<u8> {
    let mut items = Vec::new();
    let mut size = 0;
    while size < TARGET_BYTES {
        let value = item(items.len());
        size += value.to_string().len() + 1;
        items.push(value);
    }
    if let Some((field, value)) = odd {
        let middle = items.len() / 2;
        items[middle][field] = value;
    }
    serde_json::to_vec(&json!({"success": true, "errors": [], "messages": [], "result": items})).unwrap()
}

fn median(mut times: Vec<Duration>) -> Duration {
    times.sort();
    times[times.len() / 2]
}

fn measure<T: cloudflare_client::runtime::Decode>(name: &str, body: &[u8], count: impl Fn(&T) -> usize) {
    let mut times = Vec::new();
    let mut items = 0;
    for _ in 0..RUNS {
        let start = Instant::now();
        let value: T = decode_response(ResponseKind::Enveloped, 200, body).expect(name);
        times.push(start.elapsed());
        items = count(&value);
    }
    let mb = body.len() as f64 / (1024.0 * 1024.0);
    let t = median(times);
    println!(
        "{name:<58} {mb:>5.1} MB {items:>6} items  median {:>7.1} ms  ({:.0} MB/s)",
        t.as_secs_f64() * 1e3,
        mb / t.as_secs_f64()
    );
}

fn main() {
    let strict = page(integration, None);
    measure::<Vec<Integration>>("integrations, strict path", &strict, Vec::len);
    let null = page(integration, Some(("tenant_url", Value::Null)));
    measure::<Vec<Integration>>("integrations, one required field null", &null, Vec::len);
    let odd = page(integration, Some(("active", json!("true"))));
    if decode_response::<Vec<Integration>>(ResponseKind::Enveloped, 200, &odd).is_ok() {
        measure::<Vec<Integration>>("integrations, one field of the wrong type (tolerant path)", &odd, Vec::len);
    } else {
        println!("integrations, one field of the wrong type: the whole page fails to decode");
    }
    let records = page(dns_record, None);
    measure::<Vec<DnsRecord>>("DNS records of five types (a union), strict path", &records, Vec::len);
    let odd_records = page(dns_record, Some(("ttl", json!("300"))));
    if decode_response::<Vec<DnsRecord>>(ResponseKind::Enveloped, 200, &odd_records).is_ok() {
        measure::<Vec<DnsRecord>>("DNS records, one `ttl` a string (tolerant path)", &odd_records, Vec::len);
    } else {
        println!("DNS records, one `ttl` a string: the whole page fails to decode");
    }
}
