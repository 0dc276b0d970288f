use std::future::{Future, IntoFuture};
use std::marker::PhantomData;
use std::pin::Pin;
use std::time::Duration;

use futures_util::{Stream, TryStreamExt};
use serde_json::value::RawValue;

use super::call::Call;
use super::decode::Decode;
use super::error::{Error, Result, snippet};
use super::shape::Drift;

/// How a list operation asks for its next page (public so that every style is part of the
/// crate whether or not this API uses it).
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
#[non_exhaustive]
pub enum Paging {
    /// One page holds everything.
    Single,
    /// Pages are numbered by the query parameter `page_param`.
    PageNumber {
        /// The query parameter that numbers the pages.
        page_param: &'static str,
    },
    /// The query parameter `cursor_param` takes the cursor at `next_cursor` in `result_info`.
    Cursor {
        /// The query parameter that carries the cursor.
        cursor_param: &'static str,
        /// The path of the next cursor in `result_info`.
        next_cursor: &'static [&'static str],
    },
}

/// A list call: `.await` it for the first [`Page`], `.all()` for every item, or
/// `.into_stream()` for the items one by one, fetching pages as they are needed.
///
/// ```no_run
/// # async fn example(pager: api_client::Pager<String>) -> Result<(), api_client::Error> {
/// use futures_util::TryStreamExt;
/// let mut items = std::pin::pin!(pager.into_stream());
/// while let Some(item) = items.try_next().await? {
///     println!("{item}");
/// }
/// # Ok(()) }
/// ```
#[must_use = "a list call does nothing until it is awaited or streamed"]
pub struct Pager<T> {
    call: Call<Box<RawValue>>,
    paging: Paging,
    items_field: Option<&'static str>,
    item: PhantomData<fn() -> T>,
}

impl<T> std::fmt::Debug for Pager<T> {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        f.debug_struct("Pager").field("call", &self.call).field("paging", &self.paging).finish()
    }
}

/// One page of a list: its items, the envelope's paging information, and the way to the next.
#[derive(Debug)]
#[non_exhaustive]
pub struct Page<T> {
    /// The items of this page.
    pub items: Vec<T>,
    /// The envelope's `result_info`, when there was one.
    pub result_info: Option<serde_json::Value>,
    /// The HTTP status of this page's response.
    pub status: u16,
    /// The headers of this page's response.
    pub headers: reqwest::header::HeaderMap,
    /// Values in this page that did not have the shape the API describes, and what the client
    /// made of them.
    pub drift: Vec<Drift>,
    /// The envelope's messages, when it had any: notices that come with a success.
    pub messages: Vec<crate::api::ErrorDetail>,
    next: Option<Pager<T>>,
}

impl super::client::Client {
    /// A call whose result is read page by page.
    #[doc(hidden)]
    pub fn list_call(&self, method: reqwest::Method, template: &'static str, path: String) -> Call<Box<RawValue>> {
        self.call(method, template, path)
    }
}

impl Call<Box<RawValue>> {
    #[doc(hidden)]
    pub fn paginate<T>(self, paging: Paging, items_field: Option<&'static str>) -> Pager<T> {
        Pager { call: self, paging, items_field, item: PhantomData }
    }
}

impl<T> Pager<T> {
    /// Adds a header to every page's request.
    pub fn header(mut self, name: impl Into<String>, value: impl Into<String>) -> Self {
        self.call = self.call.header(name, value);
        self
    }

    /// Adds a query parameter to every page's request (`per_page`, say).
    pub fn query(mut self, name: impl Into<String>, value: impl Into<String>) -> Self {
        self.call = self.call.query(name, value);
        self
    }

    /// Retries for each page's request.
    pub fn max_retries(mut self, retries: u32) -> Self {
        self.call = self.call.max_retries(retries);
        self
    }

    /// Time allowed for each attempt of each page's request.
    pub fn timeout(mut self, timeout: Duration) -> Self {
        self.call = self.call.timeout(timeout);
        self
    }

    /// Whether a page that does not match the API description fails ([`Error::Decode`])
    /// instead of being read tolerantly; see [`Call::strict_decoding`].
    pub fn strict_decoding(mut self, strict: bool) -> Self {
        self.call = self.call.strict_decoding(strict);
        self
    }

    fn following(&self, call: Call<Box<RawValue>>) -> Pager<T> {
        Pager { call, paging: self.paging, items_field: self.items_field, item: PhantomData }
    }
}

impl<T> Pager<T> {
    /// How this list pages.
    pub fn paging(&self) -> Paging {
        self.paging
    }
}

impl<T> Page<T> {
    /// Whether the response says there is a page after this one.
    pub fn has_next_page(&self) -> bool {
        self.next.is_some()
    }
}

impl<T: Decode + Send + 'static> Page<T> {
    /// Fetches the next page; `None` after the last.
    pub async fn next_page(&self) -> Result<Option<Page<T>>> {
        match &self.next {
            Some(next) => next.clone_pager().fetch().await.map(Some),
            None => Ok(None),
        }
    }
}

impl<T: Decode + Send + 'static> Pager<T> {
    fn clone_pager(&self) -> Pager<T> {
        self.following(self.call.clone())
    }

    async fn fetch(self) -> Result<Page<T>> {
        let response = self.call.clone().send_with_response().await?;
        let status = response.status;
        let decode_error =
            |message: String, raw: &RawValue| Error::Decode { status, message, body: snippet(raw.get().as_bytes()) };
        let raw = response.value;
        let items_raw: Option<&RawValue> = match self.items_field {
            None => Some(&raw),
            Some(field) => {
                let object: std::collections::HashMap<String, &RawValue> =
                    serde_json::from_str(raw.get()).map_err(|e| decode_error(e.to_string(), &raw))?;
                object.get(field).copied()
            }
        };
        // Where the items are in the body, for the drift records (`result.items[3].id`).
        let root = [self.call.result_field(), self.items_field].into_iter().flatten().collect::<Vec<_>>().join(".");
        let (items, drift): (Vec<T>, Vec<Drift>) = match items_raw {
            Some(list) if list.get() != "null" => {
                super::decode::from_json(list.get(), &root, self.call.strict()).map_err(|e| decode_error(e, list))?
            }
            _ => (Vec::new(), Vec::new()),
        };
        // The raw result has no shape to drift from; only the items do.
        if let Some(first) = drift.first() {
            tracing::warn!(
                path = self.call.template(),
                count = drift.len(),
                "the page did not match the API description and was read tolerantly; first: {first}"
            );
        }
        let next = if items.is_empty() { None } else { self.next_call(response.result_info.as_ref()) };
        Ok(Page {
            items,
            drift,
            messages: response.messages,
            result_info: response.result_info,
            status,
            headers: response.headers,
            next: next.map(|call| self.following(call)),
        })
    }

    /// The request for the page after this one, if the response says there is one.
    fn next_call(&self, info: Option<&serde_json::Value>) -> Option<Call<Box<RawValue>>> {
        let number = |name: &str| info.and_then(|i| i.get(name)).and_then(serde_json::Value::as_u64);
        match self.paging {
            Paging::Single => None,
            Paging::PageNumber { page_param } => {
                let sent = self.call.query_value(page_param).and_then(|v| v.parse().ok());
                let current = number("page").or(sent).unwrap_or(1);
                let last_by_pages = number("total_pages").is_some_and(|total| current >= total);
                let last_by_count = match (number("total_count"), number("per_page")) {
                    (Some(total), Some(per_page)) if per_page > 0 => current.saturating_mul(per_page) >= total,
                    _ => false,
                };
                (!last_by_pages && !last_by_count)
                    .then(|| self.call.clone().with_query(page_param, (current + 1).to_string()))
            }
            Paging::Cursor { cursor_param, next_cursor } => {
                let cursor = next_cursor.iter().try_fold(info?, |value, key| value.get(*key))?.as_str()?;
                // A cursor that names the page just fetched would loop forever.
                let repeated = self.call.query_value(cursor_param) == Some(cursor);
                (!cursor.is_empty() && !repeated)
                    .then(|| self.call.clone().with_query(cursor_param, cursor.to_string()))
            }
        }
    }

    /// Every item of every page, fetched page by page as the stream is read.
    pub fn into_stream(self) -> impl Stream<Item = Result<T>> + Send + 'static {
        futures_util::stream::try_unfold(Some(self), |pager| async move {
            let Some(pager) = pager else { return Ok(None) };
            let page = pager.fetch().await?;
            Ok(Some((futures_util::stream::iter(page.items.into_iter().map(Ok)), page.next)))
        })
        .try_flatten()
    }

    /// Every item of every page, collected.
    pub async fn all(self) -> Result<Vec<T>> {
        self.into_stream().try_collect().await
    }
}

impl<T: Decode + Send + 'static> IntoFuture for Pager<T> {
    type Output = Result<Page<T>>;
    type IntoFuture = Pin<Box<dyn Future<Output = Result<Page<T>>> + Send>>;

    fn into_future(self) -> Self::IntoFuture {
        Box::pin(self.fetch())
    }
}

#[cfg(test)]
mod tests {
    use futures_util::TryStreamExt;
    use serde_json::json;
    use wiremock::matchers::{query_param, query_param_is_missing};
    use wiremock::{Mock, MockServer, ResponseTemplate};

    use super::Paging;
    use crate::runtime::{Client, ClientBuilder, ResponseKind};

    fn envelope(result: serde_json::Value, info: serde_json::Value) -> ResponseTemplate {
        ResponseTemplate::new(200).set_body_json(
            json!({"success": true, "errors": [], "messages": [], "result": result, "result_info": info}),
        )
    }

    /// Pages a mock serves, each with the query parameter it answers (`None`: the first page).
    type Pages = Vec<(Option<(&'static str, &'static str)>, ResponseTemplate)>;

    /// One style's walk: what is served, and what the client must make of it.
    struct Case {
        name: &'static str,
        paging: Paging,
        items: Option<&'static str>,
        pages: Pages,
        want: Vec<i64>,
        requests: usize,
    }

    async fn serve(pages: Pages) -> (MockServer, Client) {
        let server = MockServer::start().await;
        for (param, response) in pages {
            let mock = match param {
                Some((name, value)) => Mock::given(query_param(name, value)),
                None => Mock::given(query_param_is_missing("page")).and(query_param_is_missing("cursor")),
            };
            mock.respond_with(response).mount(&server).await;
        }
        let client = ClientBuilder::new(Some(&server.uri()), "test", "no base URL").max_retries(0).build().unwrap();
        (server, client)
    }

    fn pager(client: &Client, paging: Paging, items: Option<&'static str>) -> super::Pager<i64> {
        client
            .list_call(reqwest::Method::GET, "/things", "/things".into())
            .kind(ResponseKind::Enveloped)
            .paginate(paging, items)
    }

    #[tokio::test]
    async fn every_style_walks_its_pages() {
        let page_number = Paging::PageNumber { page_param: "page" };
        let after = Paging::Cursor { cursor_param: "cursor", next_cursor: &["cursors", "after"] };
        let cursor = Paging::Cursor { cursor_param: "cursor", next_cursor: &["cursor"] };
        let cases = vec![
            Case {
                name: "single page",
                paging: Paging::Single,
                items: None,
                pages: vec![(None, envelope(json!([1, 2]), json!({"page": 1, "total_pages": 9})))],
                want: vec![1, 2],
                requests: 1,
            },
            Case {
                name: "numbered pages until total_pages",
                paging: page_number,
                items: None,
                pages: vec![
                    (None, envelope(json!([1, 2]), json!({"page": 1, "per_page": 2, "total_pages": 3}))),
                    (Some(("page", "2")), envelope(json!([3, 4]), json!({"page": 2, "per_page": 2, "total_pages": 3}))),
                    (Some(("page", "3")), envelope(json!([5]), json!({"page": 3, "per_page": 2, "total_pages": 3}))),
                ],
                want: vec![1, 2, 3, 4, 5],
                requests: 3,
            },
            Case {
                name: "numbered pages with items in a field, until an empty page",
                paging: page_number,
                items: Some("items"),
                pages: vec![
                    (None, envelope(json!({"items": [1]}), json!({"page": 1}))),
                    (Some(("page", "2")), envelope(json!({"items": [2]}), json!({"page": 2}))),
                    (Some(("page", "3")), envelope(json!({"items": []}), json!({"page": 3}))),
                ],
                want: vec![1, 2],
                requests: 3,
            },
            Case {
                name: "numbered pages until total_count",
                paging: page_number,
                items: None,
                pages: vec![
                    (None, envelope(json!([1, 2]), json!({"page": 1, "per_page": 2, "total_count": 3}))),
                    (Some(("page", "2")), envelope(json!([3]), json!({"page": 2, "per_page": 2, "total_count": 3}))),
                ],
                want: vec![1, 2, 3],
                requests: 2,
            },
            Case {
                name: "cursors.after until none",
                paging: after,
                items: None,
                pages: vec![
                    (None, envelope(json!([1]), json!({"cursors": {"after": "c2"}}))),
                    (Some(("cursor", "c2")), envelope(json!([2]), json!({"cursors": {}}))),
                ],
                want: vec![1, 2],
                requests: 2,
            },
            Case {
                name: "a cursor that repeats ends the list",
                paging: cursor,
                items: None,
                pages: vec![
                    (None, envelope(json!([1]), json!({"cursor": "x"}))),
                    (Some(("cursor", "x")), envelope(json!([2]), json!({"cursor": "x"}))),
                ],
                want: vec![1, 2],
                requests: 2,
            },
        ];
        for Case { name, paging, items, pages, want, requests } in cases {
            let (server, client) = serve(pages).await;
            let all = pager(&client, paging, items).all().await.unwrap_or_else(|e| panic!("{name}: {e}"));
            assert_eq!(all, want, "{name}");
            assert_eq!(server.received_requests().await.unwrap().len(), requests, "{name}");
        }
    }

    #[tokio::test]
    async fn pages_are_fetched_only_when_needed() {
        let (server, client) = serve(vec![
            (None, envelope(json!([1, 2]), json!({"page": 1}))),
            (Some(("page", "2")), envelope(json!([3]), json!({"page": 2}))),
        ])
        .await;
        let paging = Paging::PageNumber { page_param: "page" };
        let mut stream = std::pin::pin!(pager(&client, paging, None).into_stream());
        assert_eq!(stream.try_next().await.unwrap(), Some(1));
        assert_eq!(stream.try_next().await.unwrap(), Some(2));
        assert_eq!(server.received_requests().await.unwrap().len(), 1, "the second page is not fetched yet");

        let first = pager(&client, paging, None).await.unwrap();
        assert_eq!(first.items, [1, 2]);
        assert!(first.has_next_page());
        let second = first.next_page().await.unwrap().expect("a second page");
        assert_eq!(second.items, [3]);
        assert_eq!(second.result_info, Some(json!({"page": 2})));
        assert_eq!(second.status, 200);
        assert_eq!(second.headers.get("content-type").unwrap(), "application/json");
    }

    #[tokio::test]
    async fn an_error_on_a_later_page_ends_the_stream_with_it() {
        let (_server, client) = serve(vec![
            (None, envelope(json!([1]), json!({"page": 1}))),
            (Some(("page", "2")), ResponseTemplate::new(500)),
        ])
        .await;
        let mut stream = std::pin::pin!(pager(&client, Paging::PageNumber { page_param: "page" }, None).into_stream());
        assert_eq!(stream.try_next().await.unwrap(), Some(1));
        let error = stream.try_next().await.unwrap_err();
        assert_eq!(error.status(), Some(500));
        assert!(stream.try_next().await.unwrap().is_none(), "nothing after the error");
    }
}
