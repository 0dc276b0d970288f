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
/// crate whether or not this API uses it). Paths (`&["result_info", "cursor"]`) are members of
/// the response body, one level per item.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
#[non_exhaustive]
pub enum Paging {
    /// One page holds everything.
    Single,
    /// Pages are numbered by the query parameter `page_param`; the envelope's `result_info`
    /// (its `page`, `total_pages`, `total_count` and `per_page`) or the number of pages at
    /// `last_page` says which is the last; an empty page always is.
    PageNumber {
        /// The query parameter that numbers the pages.
        page_param: &'static str,
        /// Where the body gives the number of the last page; empty when it does not.
        last_page: &'static [&'static str],
    },
    /// The query parameter `cursor_param` takes the cursor found at `next_cursor`; a page
    /// without one, or with the one just sent, is the last.
    Cursor {
        /// The query parameter that carries the cursor.
        cursor_param: &'static str,
        /// Where the body gives the next cursor.
        next_cursor: &'static [&'static str],
    },
    /// The response gives the next page's URL: in a `Link` header with `rel="next"` when
    /// `next_url` is empty, else in the body at `next_url`. A URL on another host than the
    /// client's is not followed, so that credentials go nowhere else.
    NextUrl {
        /// Where the body gives the next page's URL; empty: the `Link` header.
        next_url: &'static [&'static str],
    },
    /// A flag at `has_more` says whether there are more items; the next page starts after the
    /// last item's `item_cursor`, sent in `cursor_param` (`starting_after=<id>`).
    HasMore {
        /// The query parameter that carries the last item's cursor.
        cursor_param: &'static str,
        /// Where the body says whether there are more items.
        has_more: &'static [&'static str],
        /// The member of an item that the next page starts after.
        item_cursor: &'static str,
        /// The query parameter that pages backwards (`ending_before`), when the API has one:
        /// a list begun with it goes on before the first item of each page.
        before_param: Option<&'static str>,
    },
    /// The query parameter `offset_param` skips the items already read; an empty page, or the
    /// total at `total`, ends.
    Offset {
        /// The query parameter that carries the number of items to skip.
        offset_param: &'static str,
        /// Where the body gives the total number of items; empty when it does not.
        total: &'static [&'static str],
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
    /// The body as it came: the members around the items (a `total_count`, a `url`) can be
    /// read from it.
    pub body: bytes::Bytes,
    /// The request for the next page, or why the next page the response names cannot be
    /// asked for (a URL on another host); `None` after the last.
    next: Option<std::result::Result<Pager<T>, String>>,
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

    /// Sends `value` as the JSON body of every page's request, for an operation whose
    /// description leaves the body open; see [`Call::json_body`].
    pub fn json_body(mut self, value: impl serde::Serialize) -> Self {
        self.call = self.call.json_body(value);
        self
    }

    /// Adds member `name` to the body of every page's request; see [`Call::extra_body_field`].
    pub fn extra_body_field(mut self, name: impl Into<String>, value: impl serde::Serialize) -> Self {
        self.call = self.call.extra_body_field(name, value);
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
            Some(Ok(next)) => next.clone_pager().fetch().await.map(Some),
            Some(Err(refused)) => Err(Error::InvalidRequest(refused.clone())),
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
        // An empty body is no page, not a page without items (a list says where it ends),
        // unless the status says there is no content.
        if status != 204 && response.body.iter().all(u8::is_ascii_whitespace) {
            return Err(Error::Decode {
                status,
                message: "the body is empty where the API describes a page of items".to_string(),
                body: snippet(&response.body),
            });
        }
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
        let next = if items.is_empty() {
            None
        } else {
            let list: Vec<&RawValue> =
                items_raw.and_then(|list| serde_json::from_str(list.get()).ok()).unwrap_or_default();
            let seen = Seen {
                body: &response.body,
                headers: &response.headers,
                result_info: response.result_info.as_ref(),
                count: items.len(),
                first_item: list.first().copied(),
                last_item: list.last().copied(),
            };
            self.next_call(&seen)
        };
        Ok(Page {
            items,
            drift,
            messages: response.messages,
            result_info: response.result_info,
            status,
            headers: response.headers,
            body: response.body,
            next: next.map(|call| call.map(|call| self.following(call))),
        })
    }

    /// The request for the page after this one, if the response says there is one.
    fn next_call(&self, seen: &Seen<'_>) -> Option<std::result::Result<Call<Box<RawValue>>, String>> {
        let info = seen.result_info;
        let number = |name: &str| info.and_then(|i| i.get(name)).and_then(serde_json::Value::as_u64);
        let sent = |param: &str| self.call.query_value(param).and_then(|v| v.parse::<u64>().ok());
        let next = match self.paging {
            Paging::Single => None,
            Paging::PageNumber { page_param, last_page } => {
                let current = number("page").or(sent(page_param)).unwrap_or(1);
                let last_by_pages = number("total_pages").is_some_and(|total| current >= total);
                let last_by_count = match (number("total_count"), number("per_page")) {
                    (Some(total), Some(per_page)) if per_page > 0 => current.saturating_mul(per_page) >= total,
                    _ => false,
                };
                let last_by_field =
                    at(seen.body, last_page).and_then(|v| whole(&v)).is_some_and(|last| current >= last);
                (!last_by_pages && !last_by_count && !last_by_field)
                    .then(|| self.call.clone().with_query(page_param, (current + 1).to_string()))
            }
            Paging::Cursor { cursor_param, next_cursor } => {
                let cursor = at(seen.body, next_cursor).and_then(|v| text(&v));
                // A cursor that names the page just fetched would loop forever.
                cursor
                    .filter(|c| !c.is_empty() && self.call.query_value(cursor_param) != Some(c.as_str()))
                    .map(|c| self.call.clone().with_query(cursor_param, c))
            }
            Paging::NextUrl { next_url } => {
                let link = if next_url.is_empty() {
                    link_next(seen.headers)
                } else {
                    at(seen.body, next_url).and_then(|v| text(&v))
                };
                match link.filter(|l| !l.is_empty()) {
                    None => None,
                    Some(link) => {
                        let current = match self.call.url() {
                            Ok(url) => url,
                            Err(e) => return Some(Err(e.to_string())),
                        };
                        let next = match current.join(&link) {
                            Ok(next) => next,
                            Err(e) => return Some(Err(format!("the next page's URL `{link}` is not a URL: {e}"))),
                        };
                        if next.origin() != current.origin() {
                            return Some(Err(format!(
                                "the next page's URL `{link}` is on another host than the client's; it is not followed, so that the credentials are not sent there"
                            )));
                        }
                        (next != current).then(|| self.call.clone().with_url(next))
                    }
                }
            }
            Paging::HasMore { cursor_param, has_more, item_cursor, before_param } => {
                let more = at(seen.body, has_more).and_then(|v| v.as_bool()).unwrap_or(false);
                // A list begun before a cursor goes on backwards, before the first item.
                let (param, item) = match before_param.filter(|p| self.call.query_value(p).is_some()) {
                    Some(before) => (before, seen.first_item),
                    None => (cursor_param, seen.last_item),
                };
                let after = item.and_then(|item| at(item.get().as_bytes(), &[item_cursor])).and_then(|v| text(&v));
                match (more, after) {
                    (true, Some(after)) => Some(self.call.clone().with_query(param, after)),
                    (true, None) => {
                        tracing::warn!(
                            path = self.call.template(),
                            "the page says there are more items, but its last item has no `{item_cursor}` to continue after; the list ends here"
                        );
                        None
                    }
                    (false, _) => None,
                }
            }
            Paging::Offset { offset_param, total } => {
                let next = sent(offset_param).unwrap_or(0).saturating_add(seen.count as u64);
                let past_total = at(seen.body, total).and_then(|v| whole(&v)).is_some_and(|total| next >= total);
                (!past_total).then(|| self.call.clone().with_query(offset_param, next.to_string()))
            }
        };
        next.map(Ok)
    }

    /// Every item of every page, fetched page by page as the stream is read.
    pub fn into_stream(self) -> impl Stream<Item = Result<T>> + Send + 'static {
        futures_util::stream::try_unfold(Some(Ok(self)), |pager| async move {
            let pager = match pager {
                None => return Ok(None),
                Some(Ok(pager)) => pager,
                Some(Err(refused)) => return Err(Error::InvalidRequest(refused)),
            };
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

/// What a fetched page shows of the way to the next.
struct Seen<'a> {
    body: &'a [u8],
    headers: &'a reqwest::header::HeaderMap,
    result_info: Option<&'a serde_json::Value>,
    count: usize,
    first_item: Option<&'a RawValue>,
    last_item: Option<&'a RawValue>,
}

/// The value at `path` in a JSON document, reading only the members on the way; `None` for an
/// empty path or a missing member.
fn at(body: &[u8], path: &[&str]) -> Option<serde_json::Value> {
    let (last, parents) = path.split_last()?;
    let mut raw: &RawValue = serde_json::from_slice(body).ok()?;
    for key in parents {
        let members: std::collections::HashMap<String, &RawValue> = serde_json::from_str(raw.get()).ok()?;
        raw = members.get(*key)?;
    }
    let mut members: std::collections::HashMap<String, serde_json::Value> = serde_json::from_str(raw.get()).ok()?;
    members.remove(*last).filter(|v| !v.is_null())
}

/// A cursor or URL: a string, or a number some APIs send instead.
fn text(value: &serde_json::Value) -> Option<String> {
    match value {
        serde_json::Value::String(s) => Some(s.clone()),
        serde_json::Value::Number(n) => Some(n.to_string()),
        _ => None,
    }
}

/// A count or page number, also when sent as a string or as `3.0`.
fn whole(value: &serde_json::Value) -> Option<u64> {
    match value {
        serde_json::Value::Number(n) => {
            n.as_u64().or_else(|| n.as_f64().filter(|f| f.fract() == 0.0 && *f >= 0.0).map(|f| f as u64))
        }
        serde_json::Value::String(s) => s.trim().parse().ok(),
        _ => None,
    }
}

/// The target of the `Link` header's `rel="next"` (RFC 8288), as GitHub and others page.
fn link_next(headers: &reqwest::header::HeaderMap) -> Option<String> {
    for value in headers.get_all(reqwest::header::LINK) {
        let Ok(mut rest) = value.to_str() else { continue };
        while let Some(open) = rest.find('<') {
            let close = open + rest[open..].find('>')?;
            let target = &rest[open + 1..close];
            let after = &rest[close + 1..];
            let params_end = after.find('<').unwrap_or(after.len());
            let is_next = after[..params_end].split(';').any(|param| {
                let Some((key, value)) = param.split_once('=') else { return false };
                key.trim().eq_ignore_ascii_case("rel")
                    && value
                        .trim()
                        .trim_end_matches(',')
                        .trim()
                        .trim_matches('"')
                        .split_ascii_whitespace()
                        .any(|rel| rel.eq_ignore_ascii_case("next"))
            });
            if is_next {
                return Some(target.to_string());
            }
            rest = &after[params_end..];
        }
    }
    None
}

#[cfg(test)]
mod tests {
    use futures_util::TryStreamExt;
    use serde_json::json;
    use wiremock::matchers::{method, query_param, query_param_is_missing};
    use wiremock::{Mock, MockServer, ResponseTemplate};

    use super::Paging;
    use crate::runtime::{Client, ClientBuilder, ResponseKind};

    /// Whether this API's envelope is `{success, errors, messages, result, result_info}`, which
    /// the tests of enveloped paging serve; in a crate of an API without it (where these tests
    /// are copied too), there is no enveloped paging to test.
    fn envelope_of_these_tests() -> bool {
        matches!(crate::api::ENVELOPE, Some(e) if e.result == "result" && e.result_info == Some("result_info") && e.success == Some("success"))
    }

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

    /// A body without an envelope, as most APIs answer.
    fn plain(body: serde_json::Value) -> ResponseTemplate {
        ResponseTemplate::new(200).set_body_json(body)
    }

    async fn serve(pages: Pages) -> (MockServer, Client) {
        let server = MockServer::start().await;
        for (param, response) in pages {
            let mock = match param {
                Some((name, value)) => Mock::given(query_param(name, value)),
                None => ["page", "cursor", "after", "offset", "token"]
                    .into_iter()
                    .fold(Mock::given(method("GET")), |mock, name| mock.and(query_param_is_missing(name))),
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

    /// Items are numbers, or objects with the number as `id`.
    fn plain_pager(client: &Client, paging: Paging, items: Option<&'static str>) -> super::Pager<serde_json::Value> {
        client.list_call(reqwest::Method::GET, "/things", "/things".into()).paginate(paging, items)
    }

    #[tokio::test]
    async fn every_style_walks_its_pages() {
        if !envelope_of_these_tests() {
            return;
        }
        let page_number = Paging::PageNumber { page_param: "page", last_page: &[] };
        let after = Paging::Cursor { cursor_param: "cursor", next_cursor: &["result_info", "cursors", "after"] };
        let cursor = Paging::Cursor { cursor_param: "cursor", next_cursor: &["result_info", "cursor"] };
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

    /// The styles of APIs without an envelope: each walks three pages, and the requests it
    /// sends are the ones the API asks for.
    #[tokio::test]
    async fn every_style_without_an_envelope_walks_its_pages() {
        let link =
            |next: &str| format!("<{next}>; rel=\"next\", <https://example.invalid/things?page=9>; rel=\"last\"");
        let cases = vec![
            Case {
                name: "Link header, relative and absolute targets",
                paging: Paging::NextUrl { next_url: &[] },
                items: None,
                pages: vec![
                    (None, plain(json!([1, 2])).insert_header("link", link("/things?page=2&per_page=2").as_str())),
                    (
                        Some(("page", "2")),
                        plain(json!([3, 4])).insert_header("link", "</things?page=3&per_page=2>; rel=next"),
                    ),
                    (Some(("page", "3")), plain(json!([5])).insert_header("link", "</things?page=2>; rel=\"prev\"")),
                ],
                want: vec![1, 2, 3, 4, 5],
                requests: 3,
            },
            Case {
                name: "has_more with the last item's id (Stripe, OpenAI)",
                paging: Paging::HasMore {
                    cursor_param: "after",
                    has_more: &["has_more"],
                    item_cursor: "id",
                    before_param: Some("before"),
                },
                items: Some("data"),
                pages: vec![
                    (None, plain(json!({"data": [{"id": 1}, {"id": 2}], "has_more": true}))),
                    (Some(("after", "2")), plain(json!({"data": [{"id": 3}], "has_more": true}))),
                    (Some(("after", "3")), plain(json!({"data": [{"id": 4}], "has_more": false}))),
                ],
                want: vec![1, 2, 3, 4],
                requests: 3,
            },
            Case {
                name: "a next-page URL in the body (Twilio's next_page_uri)",
                paging: Paging::NextUrl { next_url: &["meta", "next_page_uri"] },
                items: Some("calls"),
                pages: vec![
                    (None, plain(json!({"calls": [1], "meta": {"next_page_uri": "/things?token=b"}}))),
                    (Some(("token", "b")), plain(json!({"calls": [2], "meta": {"next_page_uri": "/things?token=c"}}))),
                    (Some(("token", "c")), plain(json!({"calls": [3], "meta": {"next_page_uri": null}}))),
                ],
                want: vec![1, 2, 3],
                requests: 3,
            },
            Case {
                name: "a next-page token in the body (nextPageToken, Box's next_marker)",
                paging: Paging::Cursor { cursor_param: "token", next_cursor: &["nextPageToken"] },
                items: Some("entries"),
                pages: vec![
                    (None, plain(json!({"entries": [1], "nextPageToken": "b"}))),
                    (Some(("token", "b")), plain(json!({"entries": [2], "nextPageToken": "c"}))),
                    (Some(("token", "c")), plain(json!({"entries": [3], "nextPageToken": ""}))),
                ],
                want: vec![1, 2, 3],
                requests: 3,
            },
            Case {
                name: "offset until the total",
                paging: Paging::Offset { offset_param: "offset", total: &["total_count"] },
                items: Some("entries"),
                pages: vec![
                    (None, plain(json!({"entries": [1, 2], "total_count": 5}))),
                    (Some(("offset", "2")), plain(json!({"entries": [3, 4], "total_count": 5}))),
                    (Some(("offset", "4")), plain(json!({"entries": [5], "total_count": 5}))),
                ],
                want: vec![1, 2, 3, 4, 5],
                requests: 3,
            },
            Case {
                name: "offset until an empty page",
                paging: Paging::Offset { offset_param: "offset", total: &[] },
                items: None,
                pages: vec![
                    (None, plain(json!([1, 2]))),
                    (Some(("offset", "2")), plain(json!([3]))),
                    (Some(("offset", "3")), plain(json!([]))),
                ],
                want: vec![1, 2, 3],
                requests: 3,
            },
            Case {
                name: "page numbers until the last page named in another field (Hetzner)",
                paging: Paging::PageNumber { page_param: "page", last_page: &["meta", "pagination", "last_page"] },
                items: Some("servers"),
                pages: vec![
                    (None, plain(json!({"servers": [1], "meta": {"pagination": {"last_page": 3}}}))),
                    (Some(("page", "2")), plain(json!({"servers": [2], "meta": {"pagination": {"last_page": 3}}}))),
                    (Some(("page", "3")), plain(json!({"servers": [3], "meta": {"pagination": {"last_page": "3"}}}))),
                ],
                want: vec![1, 2, 3],
                requests: 3,
            },
        ];
        for Case { name, paging, items, pages, want, requests } in cases {
            let (server, client) = serve(pages).await;
            let all = plain_pager(&client, paging, items).all().await.unwrap_or_else(|e| panic!("{name}: {e}"));
            let all: Vec<i64> = all.iter().filter_map(|item| item.get("id").unwrap_or(item).as_i64()).collect();
            assert_eq!(all, want, "{name}");
            assert_eq!(server.received_requests().await.unwrap().len(), requests, "{name}");
        }
    }

    /// A list begun with `ending_before` goes on backwards: before the first item of each page,
    /// never with both cursors.
    #[tokio::test]
    async fn a_list_begun_before_a_cursor_goes_on_backwards() {
        let (server, client) = serve(vec![
            (Some(("before", "10")), plain(json!({"data": [{"id": 8}, {"id": 9}], "has_more": true}))),
            (Some(("before", "8")), plain(json!({"data": [{"id": 7}], "has_more": false}))),
        ])
        .await;
        let paging = Paging::HasMore {
            cursor_param: "after",
            has_more: &["has_more"],
            item_cursor: "id",
            before_param: Some("before"),
        };
        let pager = client.list_call(reqwest::Method::GET, "/things", "/things".into()).query("before", "10");
        let all: Vec<serde_json::Value> = pager.paginate(paging, Some("data")).all().await.unwrap();
        assert_eq!(all, [json!({"id": 8}), json!({"id": 9}), json!({"id": 7})]);
        let requests = server.received_requests().await.unwrap();
        assert_eq!(requests.len(), 2);
        assert_eq!(requests[1].url.query(), Some("before=8"), "only the backward cursor");
    }

    #[tokio::test]
    async fn a_next_page_on_another_host_is_not_followed() {
        let (server, client) = serve(vec![(
            None,
            plain(json!([1])).insert_header("link", "<https://elsewhere.invalid/things?page=2>; rel=\"next\""),
        )])
        .await;
        let error = plain_pager(&client, Paging::NextUrl { next_url: &[] }, None).all().await.unwrap_err();
        assert!(error.to_string().contains("another host"), "{error}");
        assert_eq!(server.received_requests().await.unwrap().len(), 1);
        // The first page itself is fine; only asking for the next fails.
        let first = plain_pager(&client, Paging::NextUrl { next_url: &[] }, None).await.unwrap();
        assert_eq!(first.items, [serde_json::json!(1)]);
        assert!(first.has_next_page());
        let error = first.next_page().await.unwrap_err();
        assert!(error.to_string().contains("another host"), "{error}");
    }

    #[test]
    fn link_headers_are_read_as_rfc_8288_writes_them() {
        let cases = [
            ("<a?page=2>; rel=\"next\"", Some("a?page=2")),
            ("<a?page=1>; rel=\"prev\", <a?page=3>; rel=\"next\"", Some("a?page=3")),
            ("<a?x=1,2>; rel=\"next last\"", Some("a?x=1,2")),
            ("<a>; title=\"next\"; REL=Next", Some("a")),
            ("<a?page=1>; rel=\"prev\"", None),
            ("garbage", None),
            ("<unclosed; rel=next", None),
        ];
        for (header, want) in cases {
            let mut headers = reqwest::header::HeaderMap::new();
            headers.insert(reqwest::header::LINK, header.parse().unwrap());
            assert_eq!(super::link_next(&headers).as_deref(), want, "{header}");
        }
    }

    #[tokio::test]
    async fn pages_are_fetched_only_when_needed() {
        if !envelope_of_these_tests() {
            return;
        }
        let (server, client) = serve(vec![
            (None, envelope(json!([1, 2]), json!({"page": 1}))),
            (Some(("page", "2")), envelope(json!([3]), json!({"page": 2}))),
        ])
        .await;
        let paging = Paging::PageNumber { page_param: "page", last_page: &[] };
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
        if !envelope_of_these_tests() {
            return;
        }
        let (_server, client) = serve(vec![
            (None, envelope(json!([1]), json!({"page": 1}))),
            (Some(("page", "2")), ResponseTemplate::new(500)),
        ])
        .await;
        let mut stream = std::pin::pin!(
            pager(&client, Paging::PageNumber { page_param: "page", last_page: &[] }, None).into_stream()
        );
        assert_eq!(stream.try_next().await.unwrap(), Some(1));
        let error = stream.try_next().await.unwrap_err();
        assert_eq!(error.status(), Some(500));
        assert!(stream.try_next().await.unwrap().is_none(), "nothing after the error");
    }
}
