//! What a user of GitHub's API writes first, against a mock server on 127.0.0.1: a token, a
//! repository's issues across pages (GitHub's `Link` header), and GitHub's error body.

use github_client::Client;
use github_client::issues::ListForRepoParams;
use serde_json::json;
use wiremock::matchers::{header, method, path, query_param, query_param_is_missing};
use wiremock::{Mock, MockServer, ResponseTemplate};

fn client(server: &MockServer) -> Client {
    Client::builder().token("ghp_test_token_123").base_url(server.uri()).max_retries(0).build().unwrap()
}

fn issue(number: i64, title: &str, login: &str) -> serde_json::Value {
    json!({
        "id": 1000 + number, "node_id": format!("I_{number}"), "number": number, "title": title,
        "state": "open", "locked": false, "comments": number * 2,
        "user": {"login": login, "id": 7, "type": "User"},
        "labels": [{"name": "bug"}],
        "url": "u", "repository_url": "u", "labels_url": "u", "comments_url": "u", "events_url": "u",
        "html_url": "u", "created_at": "2024-01-02T03:04:05Z", "updated_at": "2024-01-02T03:04:05Z",
        "author_association": "OWNER"
    })
}

#[tokio::test]
async fn issues_are_listed_across_pages_by_the_link_header() {
    let server = MockServer::start().await;
    let next = format!("<{}/repositories/42/issues?per_page=2&page=2>; rel=\"next\"", server.uri());
    Mock::given(method("GET"))
        .and(path("/repos/octo/hello/issues"))
        .and(query_param_is_missing("page"))
        .and(header("authorization", "Bearer ghp_test_token_123"))
        .respond_with(
            ResponseTemplate::new(200)
                .set_body_json(json!([issue(1, "first", "ann"), issue(2, "second", "bob")]))
                .insert_header("link", next.as_str()),
        )
        .expect(1)
        .mount(&server)
        .await;
    Mock::given(method("GET"))
        .and(path("/repositories/42/issues"))
        .and(query_param("page", "2"))
        .and(query_param("per_page", "2"))
        .and(header("authorization", "Bearer ghp_test_token_123"))
        .respond_with(ResponseTemplate::new(200).set_body_json(json!([issue(3, "third", "cy")])).insert_header(
            "link",
            "<https://api.github.com/repositories/42/issues?per_page=2&page=1>; rel=\"prev\"",
        ))
        .expect(1)
        .mount(&server)
        .await;

    let params = ListForRepoParams::new().per_page(2);
    let issues = client(&server).issues().list_for_repo("octo", "hello", &params).all().await.unwrap();

    let got: Vec<(i64, i64, &str, &str, i64)> = issues
        .iter()
        .map(|i| (i.id, i.number, i.title.as_str(), i.user.as_ref().map_or("", |u| u.login.as_str()), i.comments))
        .collect();
    assert_eq!(got, [(1001, 1, "first", "ann", 2), (1002, 2, "second", "bob", 4), (1003, 3, "third", "cy", 6)]);
    assert_eq!(issues[0].created_at.to_rfc3339(), "2024-01-02T03:04:05+00:00");
    let first = &server.received_requests().await.unwrap()[0];
    assert_eq!(first.url.query(), Some("per_page=2"));
}

#[tokio::test]
async fn github_errors_give_their_message() {
    let server = MockServer::start().await;
    Mock::given(method("GET"))
        .and(path("/repos/octo/missing"))
        .respond_with(ResponseTemplate::new(404).set_body_json(json!({
            "message": "Not Found",
            "documentation_url": "https://docs.github.com/rest/repos/repos#get-a-repository",
            "status": "404"
        })))
        .mount(&server)
        .await;
    let error = client(&server).repos().get("octo", "missing").await.unwrap_err();
    assert_eq!(error.status(), Some(404));
    let details = error.api_errors();
    assert_eq!(details.len(), 1, "{error}");
    assert_eq!(details[0].message.as_deref(), Some("Not Found"));
    assert_eq!(details[0].code, None);
    assert_eq!(
        details[0].detail["documentation_url"],
        "https://docs.github.com/rest/repos/repos#get-a-repository"
    );
    assert!(error.to_string().contains("Not Found"), "{error}");
}

#[tokio::test]
async fn the_token_comes_from_the_environment() {
    // The only test that sets the variable; the others build their clients by hand.
    // SAFETY: no other thread of this test binary reads or writes the environment.
    unsafe {
        std::env::set_var("GITHUB_TOKEN", "ghp_from_env_456");
        std::env::set_var("GITHUB_API_URL", "http://127.0.0.1:9");
    }
    let client = Client::from_env().unwrap();
    assert_eq!(client.base_url(), "http://127.0.0.1:9");
    assert!(!format!("{client:?}").contains("ghp_from_env_456"));
}
