//! Servers that misbehave below HTTP's semantics: bodies too large to hold, answers that drip
//! in, connections reset in the middle of a body. Each is a real socket on 127.0.0.1; the ones
//! wiremock cannot imitate are written by hand here.

use std::sync::Arc;
use std::sync::atomic::{AtomicUsize, Ordering};
use std::time::Duration;

use cloudflare_client::zero_trust::risk_scoring::integrations::{IntegrationCreateParams, IntegrationType};
use cloudflare_client::{Client, Error};
use tokio::io::{AsyncReadExt, AsyncWriteExt};
use tokio::net::{TcpListener, TcpStream};
use wiremock::matchers::method;
use wiremock::{Mock, MockServer, ResponseTemplate};

/// What the hand-written server does with each connection after reading the request head.
#[derive(Clone, Copy)]
enum Behaviour {
    /// Promises 100 bytes, sends 10, then resets the connection.
    ResetMidBody,
    /// Promises 1000 bytes and sends one every 100 ms.
    Drip,
    /// A chunked body that never ends.
    Endless,
}

/// Starts the server; returns its base URL and a count of the connections it accepted.
async fn serve(behaviour: Behaviour) -> (String, Arc<AtomicUsize>) {
    let listener = TcpListener::bind("127.0.0.1:0").await.expect("bind");
    let address = listener.local_addr().unwrap();
    let connections = Arc::new(AtomicUsize::new(0));
    let counter = connections.clone();
    tokio::spawn(async move {
        while let Ok((stream, _)) = listener.accept().await {
            counter.fetch_add(1, Ordering::SeqCst);
            tokio::spawn(answer(stream, behaviour));
        }
    });
    (format!("http://{address}"), connections)
}

async fn answer(mut stream: TcpStream, behaviour: Behaviour) {
    read_head(&mut stream).await;
    match behaviour {
        Behaviour::ResetMidBody => {
            let head = "HTTP/1.1 200 OK\r\ncontent-type: application/json\r\ncontent-length: 100\r\n\r\n";
            let _ = stream.write_all(head.as_bytes()).await;
            let _ = stream.write_all(br#"{"success""#).await;
            let _ = stream.flush().await;
            // Linger 0 turns the close into a reset.
            let _ = stream.set_zero_linger();
            drop(stream);
        }
        Behaviour::Drip => {
            let head = "HTTP/1.1 200 OK\r\ncontent-type: application/json\r\ncontent-length: 1000\r\n\r\n";
            let _ = stream.write_all(head.as_bytes()).await;
            for _ in 0..1000 {
                if stream.write_all(b" ").await.is_err() {
                    return;
                }
                tokio::time::sleep(Duration::from_millis(100)).await;
            }
        }
        Behaviour::Endless => {
            let head = "HTTP/1.1 200 OK\r\ncontent-type: application/json\r\ntransfer-encoding: chunked\r\n\r\n";
            let _ = stream.write_all(head.as_bytes()).await;
            let chunk = format!("{:x}\r\n{}\r\n", 64 * 1024, " ".repeat(64 * 1024));
            while stream.write_all(chunk.as_bytes()).await.is_ok() {}
        }
    }
}

/// Reads up to the end of the request head and whatever of the body has arrived with it.
async fn read_head(stream: &mut TcpStream) {
    let mut seen = Vec::new();
    let mut buf = [0u8; 4096];
    while !seen.windows(4).any(|w| w == b"\r\n\r\n") {
        match stream.read(&mut buf).await {
            Ok(0) | Err(_) => return,
            Ok(n) => seen.extend_from_slice(&buf[..n]),
        }
    }
}

fn client(base_url: &str) -> Client {
    Client::builder().api_token("token").base_url(base_url).build().expect("client")
}

fn create_params() -> IntegrationCreateParams {
    IntegrationCreateParams::new(IntegrationType::Okta, "https://example.com")
}

#[tokio::test]
async fn a_reset_mid_body_is_retried_for_a_get_only() {
    let (url, connections) = serve(Behaviour::ResetMidBody).await;
    let client = client(&url);

    let error = client.zero_trust().risk_scoring().integrations().get("a", "i").max_retries(1).await.unwrap_err();
    assert!(matches!(error, Error::Transport(_)), "{error:?}");
    assert_eq!(connections.load(Ordering::SeqCst), 2, "a GET is safe to repeat");

    connections.store(0, Ordering::SeqCst);
    let error = client
        .zero_trust()
        .risk_scoring()
        .integrations()
        .create("a", &create_params())
        .max_retries(1)
        .await
        .unwrap_err();
    assert!(matches!(error, Error::Transport(_)), "{error:?}");
    assert_eq!(connections.load(Ordering::SeqCst), 1, "a POST that reached the server is not sent twice");
}

#[tokio::test]
async fn a_dripping_answer_is_cut_off_by_the_timeout() {
    let (url, _) = serve(Behaviour::Drip).await;
    let error = client(&url)
        .zero_trust()
        .risk_scoring()
        .integrations()
        .get("a", "i")
        .max_retries(0)
        .timeout(Duration::from_millis(700))
        .await
        .unwrap_err();
    assert!(matches!(error, Error::Timeout(t) if t == Duration::from_millis(700)), "{error:?}");
}

#[tokio::test]
async fn an_endless_body_stops_at_the_size_limit() {
    let (url, connections) = serve(Behaviour::Endless).await;
    let client = Client::builder().api_token("t").base_url(&url).max_response_bytes(1 << 20).build().unwrap();
    let error = client.zero_trust().risk_scoring().integrations().get("a", "i").await.unwrap_err();
    assert!(matches!(error, Error::ResponseTooLarge { limit: 1048576 }), "{error:?}");
    assert!(error.to_string().contains("1048576 bytes"), "{error}");
    assert_eq!(connections.load(Ordering::SeqCst), 1, "a body too large is not asked for again");
}

#[tokio::test]
async fn a_declared_length_over_the_limit_is_refused_before_reading() {
    let server = MockServer::start().await;
    Mock::given(method("GET"))
        .respond_with(ResponseTemplate::new(200).set_body_raw(vec![b' '; 4096], "application/json"))
        .mount(&server)
        .await;
    let client = client(&server.uri());
    let error =
        client.zero_trust().risk_scoring().integrations().get("a", "i").max_response_bytes(4095).await.unwrap_err();
    assert!(matches!(error, Error::ResponseTooLarge { limit: 4095 }), "{error:?}");
    // At the limit exactly, the body is read (and is not an integration).
    let error =
        client.zero_trust().risk_scoring().integrations().get("a", "i").max_response_bytes(4096).await.unwrap_err();
    assert!(matches!(error, Error::Decode { .. }), "{error:?}");
}
