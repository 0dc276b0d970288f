//! What a user of OpenAI's API writes first, against a mock server on 127.0.0.1: an API key,
//! the models (a list in a wrapper), files across pages (`has_more` and `after`), and OpenAI's
//! error body.

use openai_client::Client;
use openai_client::chat::completions::{ChatCompletionRequestUserMessage, CompletionCreateParams};
use openai_client::files::FileListParams;
use serde_json::json;
use wiremock::matchers::{header, method, path, query_param, query_param_is_missing};
use wiremock::{Mock, MockServer, Request, ResponseTemplate};

fn client(server: &MockServer) -> Client {
    Client::builder().api_key("sk-test-key-123").base_url(server.uri()).max_retries(0).build().unwrap()
}

fn file(id: &str, bytes: i64) -> serde_json::Value {
    json!({"id": id, "object": "file", "bytes": bytes, "created_at": 1700000000, "filename": format!("{id}.jsonl"),
           "purpose": "fine-tune", "status": "processed"})
}

#[tokio::test]
async fn models_are_a_list() {
    let server = MockServer::start().await;
    Mock::given(method("GET"))
        .and(path("/models"))
        .and(header("authorization", "Bearer sk-test-key-123"))
        .respond_with(ResponseTemplate::new(200).set_body_json(json!({"object": "list", "data": [
            {"id": "gpt-4o", "object": "model", "created": 1715367049, "owned_by": "system"},
            {"id": "ft:gpt-4o:acme", "object": "model", "created": 1720000000, "owned_by": "acme"}
        ]})))
        .mount(&server)
        .await;
    let models = client(&server).models().list().all().await.unwrap();
    let got: Vec<(&str, i64, &str)> = models.iter().map(|m| (m.id.as_str(), m.created, m.owned_by.as_str())).collect();
    assert_eq!(got, [("gpt-4o", 1715367049, "system"), ("ft:gpt-4o:acme", 1720000000, "acme")]);
}

#[tokio::test]
async fn files_are_listed_across_pages_after_the_last_id() {
    let server = MockServer::start().await;
    let page = |data: serde_json::Value, more: bool| {
        ResponseTemplate::new(200).set_body_json(json!({"object": "list", "data": data, "has_more": more}))
    };
    Mock::given(method("GET"))
        .and(path("/files"))
        .and(query_param_is_missing("after"))
        .respond_with(page(json!([file("file-1", 10), file("file-2", 20)]), true))
        .expect(1)
        .mount(&server)
        .await;
    Mock::given(method("GET"))
        .and(path("/files"))
        .and(query_param("after", "file-2"))
        .and(query_param("limit", "2"))
        .respond_with(page(json!([file("file-3", 30)]), false))
        .expect(1)
        .mount(&server)
        .await;
    let files = client(&server).files().list(&FileListParams::new().limit(2)).all().await.unwrap();
    let got: Vec<(&str, i64, &str)> = files.iter().map(|f| (f.id.as_str(), f.bytes, f.filename.as_str())).collect();
    assert_eq!(got, [("file-1", 10, "file-1.jsonl"), ("file-2", 20, "file-2.jsonl"), ("file-3", 30, "file-3.jsonl")]);
}

#[tokio::test]
async fn openai_errors_give_their_code_and_message() {
    let server = MockServer::start().await;
    Mock::given(method("GET"))
        .and(path("/models/gpt-unknown"))
        .respond_with(ResponseTemplate::new(404).set_body_json(json!({"error": {
            "message": "The model `gpt-unknown` does not exist", "type": "invalid_request_error",
            "param": null, "code": "model_not_found"
        }})))
        .mount(&server)
        .await;
    let error = client(&server).models().retrieve("gpt-unknown").await.unwrap_err();
    assert_eq!(error.status(), Some(404));
    let details = error.api_errors();
    assert_eq!(details.len(), 1, "{error}");
    assert_eq!(details[0].code.as_deref(), Some("model_not_found"));
    assert_eq!(details[0].message.as_deref(), Some("The model `gpt-unknown` does not exist"));
    assert_eq!(details[0].detail["type"], "invalid_request_error");
}

/// A chat message's content given as text (`"…".into()`, one of the union's alternatives) goes
/// out as a string, with the role the message's alternative stands for, and the answer's
/// message is read back.
#[tokio::test]
async fn chat_messages_take_text_as_content() {
    let server = MockServer::start().await;
    Mock::given(method("POST"))
        .and(path("/chat/completions"))
        .respond_with(ResponseTemplate::new(200).set_body_json(json!({
            "id": "chatcmpl-1", "object": "chat.completion", "created": 1700000000, "model": "gpt-4o",
            "choices": [{"index": 0, "finish_reason": "stop", "logprobs": null,
                         "message": {"role": "assistant", "content": "Hi!", "refusal": null}}]
        })))
        .mount(&server)
        .await;
    let message = ChatCompletionRequestUserMessage { content: "Say hi".into(), ..Default::default() };
    let params = CompletionCreateParams::new(vec![message.into()], "gpt-4o");
    let answer = client(&server).chat().completions().create(&params).await.unwrap();
    assert_eq!(answer.choices[0].message.content.as_deref(), Some("Hi!"));
    let sent: Vec<Request> = server.received_requests().await.unwrap();
    let body: serde_json::Value = serde_json::from_slice(&sent[0].body).unwrap();
    assert_eq!(body, json!({"model": "gpt-4o", "messages": [{"role": "user", "content": "Say hi"}]}));
}
