//! Values cannot change the request around them: path parameters are percent-encoded into one
//! segment, query values arrive exactly as given, and header values a header cannot carry are
//! refused before anything is sent. One table of hostile values drives all three.

use cloudflare_client::dns::records::RecordListParams;
use cloudflare_client::{Client, Error};
use wiremock::matchers::method;
use wiremock::{Mock, MockServer, ResponseTemplate};

/// Values that would add a segment, a query, a fragment, an escape, a header or a line if
/// they were passed through, and characters outside ASCII.
const HOSTILE: &[&str] = &[
    "a/b",
    "..",
    ".",
    "a?b=c",
    "a#frag",
    "100%25",
    "a&b=c",
    "a+b c",
    "line\r\nX-Injected: 1",
    "new\nline",
    "nul\0byte",
    "zoné/日本",
    "",
];

const EMPTY_LIST: &str =
    r#"{"success":true,"errors":[],"messages":[],"result":[],"result_info":{"page":1,"total_pages":1}}"#;

async fn server() -> MockServer {
    let server = MockServer::start().await;
    Mock::given(method("GET"))
        .respond_with(ResponseTemplate::new(200).set_body_raw(EMPTY_LIST, "application/json"))
        .mount(&server)
        .await;
    server
}

fn client(server: &MockServer) -> Client {
    Client::builder().api_token("token").base_url(format!("{}/v4", server.uri())).max_retries(0).build().unwrap()
}

#[tokio::test]
async fn path_and_query_values_arrive_exactly_and_only_where_they_were_put() {
    let server = server().await;
    let client = client(&server);
    for value in HOSTILE {
        let params = RecordListParams::new().comment(*value);
        let result = client.dns().records().list(value, &params).query("extra", *value).await;
        // A URL drops `.` and `..` segments even percent-encoded, and an empty value leaves an
        // empty segment: those are refused, not sent somewhere else.
        if ["", ".", ".."].contains(value) {
            assert!(matches!(&result, Err(Error::InvalidRequest(m)) if m.contains("path parameter")), "{result:?}");
            continue;
        }
        result.expect(value);
        let requests = server.received_requests().await.unwrap();
        let url = &requests.last().unwrap().url;

        // Exactly one segment between `zones` and `dns_records`, which decodes to the value.
        let segments: Vec<&str> = url.path_segments().unwrap().collect();
        assert_eq!(segments.len(), 4, "{value:?} changed the path: {}", url.path());
        assert_eq!((segments[0], segments[1], segments[3]), ("v4", "zones", "dns_records"));
        let decoded = percent_encoding::percent_decode_str(segments[2]).decode_utf8().unwrap();
        assert_eq!(decoded, *value, "{value:?} arrived as {:?}", segments[2]);

        // Exactly the two query parameters set, each with the value.
        let pairs: Vec<(String, String)> = url.query_pairs().map(|(k, v)| (k.into(), v.into())).collect();
        let want: Vec<(String, String)> =
            vec![("comment".into(), value.to_string()), ("extra".into(), value.to_string())];
        assert_eq!(pairs, want, "{value:?} changed the query: {:?}", url.query());
        assert!(url.fragment().is_none());
    }
    assert_eq!(server.received_requests().await.unwrap().len(), HOSTILE.len() - 3, "refused values are not sent");
}

#[tokio::test]
async fn header_values_that_a_header_cannot_carry_are_refused_unsent() {
    let server = server().await;
    let client = client(&server);
    for value in HOSTILE {
        let carried = value.bytes().all(|b| b == b'\t' || (0x20..0x7f).contains(&b));
        // Everything else: line breaks, control characters, and bytes above 127, which HTTP
        // would pass as "obsolete text" that servers read in different encodings.
        let result = client.dns().records().list("z", &RecordListParams::new()).header("x-note", *value).await;
        match (carried, result) {
            (true, Ok(_)) => {
                let requests = server.received_requests().await.unwrap();
                let sent = requests.last().unwrap().headers.get("x-note").unwrap().to_str().unwrap().to_string();
                // HTTP trims surrounding whitespace from header values; nothing else changes.
                assert_eq!(sent, value.trim(), "{value:?}");
                assert!(requests.last().unwrap().headers.get("x-injected").is_none());
            }
            (false, Err(Error::InvalidRequest(message))) => assert!(message.contains("x-note"), "{message}"),
            (carried, other) => panic!("{value:?} (a header can carry it: {carried}) gave {other:?}"),
        }
    }
    let sent = server.received_requests().await.unwrap().len();
    let carried = HOSTILE.iter().filter(|v| v.bytes().all(|b| b == b'\t' || (0x20..0x7f).contains(&b))).count();
    assert_eq!(sent, carried, "refused values never reach the server");
}
