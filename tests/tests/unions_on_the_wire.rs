//! Unions as users meet them: a list call against a server (wiremock on 127.0.0.1) that sends
//! one item of every alternative. Each must come back as its own alternative, with every
//! member the server sent (compared member by member when written back, numbers by value).
//! A first-fit union read every DNS record as an A record and every Access application as a
//! self-hosted one, silently dropping what only the right alternative has.

use cloudflare_client::Client;
use cloudflare_client::dns::records::{DnsRecord, RecordListParams};
use cloudflare_client::zero_trust::access::applications::AppResponse;
use serde_json::{Value, json};
use wiremock::matchers::{method, path};
use wiremock::{Mock, MockServer, ResponseTemplate};

/// Whether `written` holds every member of `sent`, numbers and date-times compared by value.
fn holds(sent: &Value, written: &Value) -> bool {
    let instant = |v: &Value| v.as_str().and_then(|s| chrono::DateTime::parse_from_rfc3339(s).ok());
    if let (Some(sent), Some(written)) = (instant(sent), instant(written)) {
        return sent == written;
    }
    match (sent, written) {
        (Value::Object(sent), Value::Object(written)) => {
            sent.iter().all(|(key, value)| written.get(key).is_some_and(|w| holds(value, w)))
        }
        (Value::Array(sent), Value::Array(written)) => {
            sent.len() == written.len() && sent.iter().zip(written).all(|(s, w)| holds(s, w))
        }
        (Value::Number(sent), Value::Number(written)) => sent.as_f64() == written.as_f64(),
        (sent, written) => sent == written,
    }
}

async fn serve(route: &str, items: &[Value]) -> (MockServer, Client) {
    let server = MockServer::start().await;
    let body = json!({"success": true, "errors": [], "messages": [], "result": items,
        "result_info": {"page": 1, "per_page": 100, "count": items.len(), "total_count": items.len(), "total_pages": 1}});
    Mock::given(method("GET"))
        .and(path(route))
        .respond_with(ResponseTemplate::new(200).set_body_json(body))
        .mount(&server)
        .await;
    let client = Client::builder().api_token("token-for-tests").base_url(server.uri()).max_retries(0).build().unwrap();
    (server, client)
}

fn record_type(record: &DnsRecord) -> &'static str {
    match record {
        DnsRecord::ARecord(_) => "A",
        DnsRecord::AaaaRecord(_) => "AAAA",
        DnsRecord::CaaRecord(_) => "CAA",
        DnsRecord::CertRecord(_) => "CERT",
        DnsRecord::CnameRecord(_) => "CNAME",
        DnsRecord::DnskeyRecord(_) => "DNSKEY",
        DnsRecord::DsRecord(_) => "DS",
        DnsRecord::HttpsRecord(_) => "HTTPS",
        DnsRecord::LocRecord(_) => "LOC",
        DnsRecord::MxRecord(_) => "MX",
        DnsRecord::NaptrRecord(_) => "NAPTR",
        DnsRecord::NsRecord(_) => "NS",
        DnsRecord::PtrRecord(_) => "PTR",
        DnsRecord::SmimeaRecord(_) => "SMIMEA",
        DnsRecord::SrvRecord(_) => "SRV",
        DnsRecord::SshfpRecord(_) => "SSHFP",
        DnsRecord::SvcbRecord(_) => "SVCB",
        DnsRecord::TlsaRecord(_) => "TLSA",
        DnsRecord::TxtRecord(_) => "TXT",
        DnsRecord::UriRecord(_) => "URI",
        DnsRecord::Other(_) => "other",
    }
}

/// One record of each of the 20 types, as the API returns them.
fn records() -> Vec<Value> {
    let base = |i: usize, t: &str, content: Value| {
        let mut record = json!({"id": format!("{i:032x}"), "name": format!("r{i}.example.com"), "type": t, "content": content,
            "proxiable": false, "ttl": 3600, "comment": format!("record {i}"), "tags": ["team:dns"],
            "created_on": "2014-01-01T05:20:00.12345Z", "modified_on": "2014-01-01T05:20:00.12345Z",
            "meta": {"auto_added": false}});
        // Only these types describe `proxied` (the API sends it on every record; on the others
        // it is a member the spec does not describe, which `ApiResponse::body` keeps).
        if ["A", "AAAA", "CNAME"].contains(&t) {
            record["proxied"] = json!(false);
        }
        record
    };
    let with = |mut record: Value, extra: Value| {
        record.as_object_mut().unwrap().extend(extra.as_object().unwrap().clone());
        record
    };
    vec![
        base(0, "A", json!("198.51.100.4")),
        base(1, "AAAA", json!("2001:db8::1")),
        with(
            base(2, "CAA", json!("0 issue \"letsencrypt.org\"")),
            json!({"data": {"flags": 0, "tag": "issue", "value": "letsencrypt.org"}}),
        ),
        with(
            base(3, "CERT", json!("")),
            json!({"data": {"algorithm": 8, "certificate": "MIIB", "key_tag": 1, "type": 9}}),
        ),
        base(4, "CNAME", json!("www.example.net")),
        with(
            base(5, "DNSKEY", json!("")),
            json!({"data": {"algorithm": 5, "flags": 257, "protocol": 3, "public_key": "AwEAAa"}}),
        ),
        with(
            base(6, "DS", json!("")),
            json!({"data": {"algorithm": 13, "digest": "abcd", "digest_type": 2, "key_tag": 2371}}),
        ),
        with(base(7, "HTTPS", json!("")), json!({"data": {"priority": 1, "target": ".", "value": "alpn=\"h3,h2\""}})),
        with(
            base(8, "LOC", json!("")),
            json!({"data": {"altitude": 0, "lat_degrees": 37, "lat_direction": "N", "lat_minutes": 46,
            "lat_seconds": 46, "long_degrees": 122, "long_direction": "W", "long_minutes": 23, "long_seconds": 35,
            "precision_horz": 0, "precision_vert": 0, "size": 100}}),
        ),
        with(base(9, "MX", json!("mail.example.com")), json!({"priority": 10})),
        with(
            base(10, "NAPTR", json!("")),
            json!({"data": {"flags": "S", "order": 100, "preference": 10, "regex": "", "replacement": "_sip._udp.example.com", "service": "SIP+D2U"}}),
        ),
        base(11, "NS", json!("ns1.example.com")),
        base(12, "PTR", json!("host.example.com")),
        with(
            base(13, "SMIMEA", json!("")),
            json!({"data": {"certificate": "MIIC", "matching_type": 0, "selector": 0, "usage": 3}}),
        ),
        with(
            base(14, "SRV", json!("1 5060 sip.example.com")),
            json!({"data": {"port": 5060, "priority": 1, "target": "sip.example.com", "weight": 5}}),
        ),
        with(
            base(15, "SSHFP", json!("")),
            json!({"data": {"algorithm": 4, "fingerprint": "123456789abcdef", "type": 2}}),
        ),
        with(base(16, "SVCB", json!("")), json!({"data": {"priority": 1, "target": ".", "value": "alpn=\"h2\""}})),
        with(
            base(17, "TLSA", json!("")),
            json!({"data": {"certificate": "abcd", "matching_type": 1, "selector": 0, "usage": 0}}),
        ),
        base(18, "TXT", json!("v=spf1 include:_spf.example.com ~all")),
        with(
            base(19, "URI", json!("")),
            json!({"data": {"target": "http://example.com", "weight": 20}, "priority": 10}),
        ),
    ]
}

#[tokio::test]
async fn dns_records_of_every_type_come_back_as_themselves() {
    let sent = records();
    let (_server, client) = serve("/zones/z/dns_records", &sent).await;
    let listed = client.dns().records().list("z", &RecordListParams::default()).all().await.expect("list");
    assert_eq!(listed.len(), sent.len());
    for (record, sent) in listed.iter().zip(&sent) {
        assert_eq!(record_type(record), sent["type"], "{record:?}");
        let written = serde_json::to_value(record).unwrap();
        assert!(holds(sent, &written), "lost a member:\nsent    {sent}\nwritten {written}");
    }
    // The members only the right alternative has, typed.
    let DnsRecord::MxRecord(mx) = &listed[9] else { unreachable!() };
    assert_eq!(mx.priority, 10.0);
    let DnsRecord::SrvRecord(srv) = &listed[14] else { unreachable!() };
    assert_eq!(
        (srv.data.port, srv.data.target.as_deref(), srv.data.weight),
        (Some(5060.0), Some("sip.example.com"), Some(5.0))
    );
    let DnsRecord::CnameRecord(cname) = &listed[4] else { unreachable!() };
    assert_eq!((cname.name.as_str(), cname.ttl), ("r4.example.com", Some(3600.0)));
}

#[tokio::test]
async fn a_record_of_an_unknown_type_is_kept_whole() {
    let odd = json!({"id": "1", "name": "x.example.com", "type": "OPENPGPKEY", "content": "mQINBF"});
    let (_server, client) = serve("/zones/z/dns_records", std::slice::from_ref(&odd)).await;
    let listed = client.dns().records().list("z", &RecordListParams::default()).all().await.unwrap();
    assert_eq!(listed, [DnsRecord::Other(odd)]);
}

#[tokio::test]
async fn records_built_by_the_caller_say_what_they_are() {
    // The discriminating value is a constant of the alternative: a caller never writes it.
    let a: DnsRecord = cloudflare_client::dns::records::ARecord {
        content: "198.51.100.4".into(),
        name: "example.com".into(),
        ttl: Some(300.0),
        ..Default::default()
    }
    .into();
    let written = serde_json::to_value(&a).unwrap();
    assert_eq!(written, json!({"content": "198.51.100.4", "name": "example.com", "type": "A", "ttl": 300.0}));
}

fn app_kind(app: &AppResponse) -> &'static str {
    match app {
        AppResponse::SelfHostedApplication(_) => "self_hosted",
        AppResponse::SaaSApplication(_) => "saas",
        AppResponse::BrowserSshApplication(_) => "ssh",
        AppResponse::BrowserVncApplication(_) => "vnc",
        AppResponse::AppLauncherApplication(_) => "app_launcher",
        AppResponse::DeviceEnrollmentPermissionsApplication(_) => "warp",
        AppResponse::BrowserIsolationPermissionsApplication(_) => "biso",
        AppResponse::BookmarkApplication(_) => "bookmark",
        _ => "other",
    }
}

#[tokio::test]
async fn access_applications_of_every_kind_come_back_as_themselves() {
    let common = |kind: &str| {
        json!({"id": format!("{kind}-id"), "aud": "737646a56ab1df6ec9bddc7e5ca84eaf3b0768850f3ffb5d74f1534911fe3893",
            "created_at": "2014-01-01T05:20:00.12345Z", "updated_at": "2014-01-01T05:20:00.12345Z", "type": kind, "name": format!("{kind} app")})
    };
    let with = |mut app: Value, extra: Value| {
        app.as_object_mut().unwrap().extend(extra.as_object().unwrap().clone());
        app
    };
    let sent = vec![
        with(
            common("self_hosted"),
            json!({"domain": "test.example.com/admin", "session_duration": "24h", "allowed_idps": ["699d98642c564d2e855e9661899b7252"]}),
        ),
        with(
            common("saas"),
            json!({"saas_app": {"auth_type": "saml", "consumer_service_url": "https://example.com", "sp_entity_id": "example unique name"}}),
        ),
        with(common("ssh"), json!({"domain": "ssh.example.com", "session_duration": "1h"})),
        with(common("vnc"), json!({"domain": "vnc.example.com", "session_duration": "1h"})),
        with(
            common("app_launcher"),
            json!({"domain": "example.cloudflareaccess.com", "app_launcher_logo_url": "https://example.com/logo.png"}),
        ),
        with(
            common("warp"),
            json!({"domain": "example.cloudflareaccess.com/warp", "allowed_idps": ["699d98642c564d2e855e9661899b7252"]}),
        ),
        with(common("biso"), json!({"domain": "example.cloudflareaccess.com/browser"})),
        with(common("bookmark"), json!({"domain": "https://mybookmark.com", "app_launcher_visible": true})),
    ];
    let (_server, client) = serve("/accounts/a/access/apps", &sent).await;
    let listed = client.zero_trust().access().applications().list_for_account("a").all().await.expect("list");
    assert_eq!(listed.len(), sent.len());
    for (app, sent) in listed.iter().zip(&sent) {
        assert_eq!(app_kind(app), sent["type"], "{app:?}");
        let written = serde_json::to_value(app).unwrap();
        assert!(holds(sent, &written), "lost a member:\nsent    {sent}\nwritten {written}");
    }
}
