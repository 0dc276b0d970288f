//! Bodies that are not JSON, against a real HTTP server on 127.0.0.1 (wiremock): form uploads,
//! raw bytes, and text and binary downloads.

use cloudflare_client::dns::records::RecordImportParams;
use cloudflare_client::kv::namespaces::values::ValueUpdateParams;
use cloudflare_client::zero_trust::dlp::datasets::upload::UploadEditParams;
use cloudflare_client::{Client, Error, Part};
use wiremock::matchers::{header, method, path};
use wiremock::{Mock, MockServer, Request, ResponseTemplate};

const OK_ENVELOPE: &str = r#"{"success":true,"errors":[],"messages":[],"result":null}"#;

fn client(server: &MockServer) -> Client {
    Client::builder().api_token("token").base_url(server.uri()).max_retries(0).build().expect("client")
}

async fn only_request(server: &MockServer) -> Request {
    let mut requests = server.received_requests().await.expect("recording is on");
    assert_eq!(requests.len(), 1, "exactly one request expected");
    requests.remove(0)
}

/// The parts of a `multipart/form-data` body: (headers of the part, content), in order.
fn form_parts(request: &Request) -> Vec<(String, Vec<u8>)> {
    let content_type = request.headers.get("content-type").expect("content type").to_str().unwrap();
    let boundary = content_type.split("boundary=").nth(1).expect("a boundary");
    let delimiter = format!("--{boundary}");
    let body = &request.body;
    let mut parts = Vec::new();
    let positions: Vec<usize> =
        body.windows(delimiter.len()).enumerate().filter(|(_, w)| *w == delimiter.as_bytes()).map(|(i, _)| i).collect();
    for pair in positions.windows(2) {
        let part = &body[pair[0] + delimiter.len() + 2..pair[1] - 2];
        let split = part.windows(4).position(|w| w == b"\r\n\r\n").expect("part headers end");
        parts.push((String::from_utf8_lossy(&part[..split]).into_owned(), part[split + 4..].to_vec()));
    }
    parts
}

#[tokio::test]
async fn a_form_upload_sends_files_text_and_json_parts() {
    let server = MockServer::start().await;
    Mock::given(method("PUT"))
        .and(path("/accounts/a/storage/kv/namespaces/n/values/k"))
        .respond_with(ResponseTemplate::new(200).set_body_raw(OK_ENVELOPE, "application/json"))
        .mount(&server)
        .await;

    let value = Part::bytes(vec![0u8, 159, 146, 150]).file_name("value.bin").mime("application/octet-stream");
    let params = ValueUpdateParams::new(r#"{"owner":"me"}"#, value);
    client(&server)
        .kv()
        .namespaces()
        .values()
        .update("a", "n", "k", &params)
        .part("extra", "more text")
        .await
        .expect("upload");

    let request = only_request(&server).await;
    assert!(request.headers.get("content-type").unwrap().to_str().unwrap().starts_with("multipart/form-data"));
    let parts = form_parts(&request);
    assert_eq!(parts.len(), 3, "{parts:?}");
    assert!(parts[0].0.contains(r#"name="metadata""#), "{}", parts[0].0);
    assert_eq!(parts[0].1, br#"{"owner":"me"}"#);
    assert!(parts[1].0.contains(r#"name="value"; filename="value.bin""#), "{}", parts[1].0);
    assert!(parts[1].0.contains("application/octet-stream"), "{}", parts[1].0);
    assert_eq!(parts[1].1, [0u8, 159, 146, 150], "bytes arrive unchanged, not as UTF-8");
    assert!(parts[2].0.contains(r#"name="extra""#));
    assert_eq!(parts[2].1, b"more text");
}

#[tokio::test]
async fn optional_form_fields_are_left_out_and_retries_resend_the_form() {
    let server = MockServer::start().await;
    Mock::given(method("POST"))
        .and(path("/zones/z/dns_records/import"))
        .respond_with(ResponseTemplate::new(429).insert_header("retry-after", "0"))
        .up_to_n_times(1)
        .mount(&server)
        .await;
    Mock::given(method("POST"))
        .and(path("/zones/z/dns_records/import"))
        .respond_with(ResponseTemplate::new(200).set_body_raw(
            r#"{"success":true,"errors":[],"messages":[],"result":{"recs_added":1,"total_records_parsed":1}}"#,
            "application/json",
        ))
        .mount(&server)
        .await;

    let zone_file = "www.example.com. 300 IN A 127.0.0.1\n";
    let params = RecordImportParams::new(Part::text(zone_file).file_name("zone.txt"));
    let client = Client::builder().api_token("t").base_url(server.uri()).build().unwrap();
    let result = client.dns().records().import("z", &params).await.expect("import");
    assert_eq!(result.recs_added, Some(1.0));

    let requests = server.received_requests().await.unwrap();
    assert_eq!(requests.len(), 2);
    for request in &requests {
        let parts = form_parts(request);
        assert_eq!(parts.len(), 1, "`proxied` is unset, so only `file` is sent");
        assert!(parts[0].0.contains(r#"name="file"; filename="zone.txt""#));
        assert_eq!(parts[0].1, zone_file.as_bytes());
    }
}

#[tokio::test]
async fn raw_bytes_are_sent_with_the_declared_media_type() {
    let server = MockServer::start().await;
    Mock::given(method("POST"))
        .and(path("/accounts/a/dlp/datasets/d/upload/3"))
        .and(header("content-type", "application/octet-stream"))
        .respond_with(ResponseTemplate::new(200).set_body_raw(
            r#"{"success":true,"errors":[],"messages":[],"result":{"name":"emails"}}"#,
            "application/json",
        ))
        .mount(&server)
        .await;

    let data: Vec<u8> = (0..=255).collect();
    let dataset = client(&server)
        .zero_trust()
        .dlp()
        .datasets()
        .upload()
        .edit("a", "d", 3, &UploadEditParams::new(data.clone()))
        .await
        .expect("upload");
    assert_eq!(dataset.name, "emails");
    assert_eq!(only_request(&server).await.body, data);
}

#[tokio::test]
async fn downloads_come_back_as_text_or_bytes() {
    let server = MockServer::start().await;
    let zone_file = "www.example.com. 300 IN A 127.0.0.1\n";
    Mock::given(method("GET"))
        .and(path("/zones/z/dns_records/export"))
        .respond_with(ResponseTemplate::new(200).set_body_raw(zone_file, "text/plain"))
        .mount(&server)
        .await;
    let binary = vec![0xffu8, 0, 0xfe, b'{'];
    Mock::given(method("GET"))
        .and(path("/accounts/a/storage/kv/namespaces/n/values/k"))
        .respond_with(ResponseTemplate::new(200).set_body_raw(binary.clone(), "application/octet-stream"))
        .mount(&server)
        .await;
    Mock::given(method("GET"))
        .and(path("/accounts/a/storage/kv/namespaces/n/values/missing"))
        .respond_with(ResponseTemplate::new(404).set_body_raw(
            r#"{"success":false,"errors":[{"code":10009,"message":"key not found"}],"messages":[],"result":null}"#,
            "application/json",
        ))
        .mount(&server)
        .await;

    let client = client(&server);
    assert_eq!(client.dns().records().export("z").await.expect("export"), zone_file);
    let value = client.kv().namespaces().values().get("a", "n", "k").await.expect("get");
    assert_eq!(value.as_ref(), binary.as_slice());
    // A binary download that fails still carries the envelope's errors.
    match client.kv().namespaces().values().get("a", "n", "missing").await {
        Err(Error::Api { status: 404, errors, .. }) => assert_eq!(errors[0].code, 10009),
        other => panic!("expected a typed 404, got {other:?}"),
    }
}

#[tokio::test]
async fn text_that_is_not_utf8_is_a_decode_error() {
    let server = MockServer::start().await;
    Mock::given(method("GET"))
        .and(path("/zones/z/dns_records/export"))
        .respond_with(ResponseTemplate::new(200).set_body_raw(vec![b'a', 0xff, b'b'], "text/plain"))
        .mount(&server)
        .await;
    let error = client(&server).dns().records().export("z").await.unwrap_err();
    assert!(matches!(error, Error::Decode { status: 200, .. }), "{error:?}");
}

#[tokio::test]
async fn a_part_on_a_call_without_a_form_is_refused() {
    let server = MockServer::start().await;
    let error = client(&server).dns().records().export("z").part("file", "x").await.unwrap_err();
    assert!(matches!(&error, Error::InvalidRequest(m) if m.contains("does not upload a form")), "{error:?}");
    assert!(server.received_requests().await.unwrap().is_empty(), "nothing is sent");
}

#[tokio::test]
async fn a_bad_media_type_on_a_part_is_refused_before_sending() {
    let server = MockServer::start().await;
    let params = RecordImportParams::new(Part::text("x").mime("not a media type"));
    let error = client(&server).dns().records().import("z", &params).await.unwrap_err();
    assert!(matches!(&error, Error::InvalidRequest(m) if m.contains("not a media type")), "{error:?}");
    assert!(server.received_requests().await.unwrap().is_empty());
}
