//! Calls to any path, for what the API description lacks: an endpoint it leaves out, or one
//! whose types are wrong. They go out with the client's credentials, retries, timeouts and
//! error decoding, as a generated call does, and take the same per-call options.

use reqwest::Method;

use super::call::Call;
use super::client::Client;
use super::decode::ResponseKind;

/// What logs show as the path template of a call to any path.
const ANY_PATH: &str = "(any path)";

impl Client {
    /// A call of `method` to `path`, below the base URL (`/zones/0123/settings`), read as `T`:
    /// a type of this crate, `serde_json::Value` for anything else, or `()` to read nothing.
    /// Values in the path must be percent-encoded by the caller; query parameters go on with
    /// [`Call::query`] and a JSON body with [`Call::json_body`].
    ///
    /// In an API whose answers come in an envelope, `T` is read from the envelope's result as
    /// generated calls read it, and an envelope that says it failed is an [`Error::Api`](crate::Error::Api);
    /// [`Call::whole_body`] reads the whole body instead.
    ///
    /// ```no_run
    /// # async fn example(client: api_client::Client) -> Result<(), api_client::Error> {
    /// let answer: serde_json::Value = client
    ///     .request(api_client::Method::POST, "/things/42/archive")
    ///     .json_body(serde_json::json!({ "reason": "done" }))
    ///     .await?;
    /// # Ok(()) }
    /// ```
    pub fn request<T: 'static>(&self, method: Method, path: impl AsRef<str>) -> Call<T> {
        let path = path.as_ref();
        let path = if path.starts_with('/') { path.to_string() } else { format!("/{path}") };
        let enveloped = crate::api::ENVELOPE.is_some();
        // `()` reads nothing: an empty answer is one, and an envelope is still checked.
        let kind = if std::any::TypeId::of::<T>() == std::any::TypeId::of::<()>() {
            ResponseKind::Empty { enveloped }
        } else if enveloped {
            ResponseKind::Enveloped
        } else {
            ResponseKind::Plain
        };
        self.call(method, ANY_PATH, path).kind(kind).accept("application/json")
    }

    /// A `GET` of any path; see [`Client::request`].
    pub fn get<T: 'static>(&self, path: impl AsRef<str>) -> Call<T> {
        self.request(Method::GET, path)
    }

    /// A `POST` to any path; see [`Client::request`].
    pub fn post<T: 'static>(&self, path: impl AsRef<str>) -> Call<T> {
        self.request(Method::POST, path)
    }

    /// A `PUT` to any path; see [`Client::request`].
    pub fn put<T: 'static>(&self, path: impl AsRef<str>) -> Call<T> {
        self.request(Method::PUT, path)
    }

    /// A `PATCH` of any path; see [`Client::request`].
    pub fn patch<T: 'static>(&self, path: impl AsRef<str>) -> Call<T> {
        self.request(Method::PATCH, path)
    }

    /// A `DELETE` of any path; see [`Client::request`].
    pub fn delete<T: 'static>(&self, path: impl AsRef<str>) -> Call<T> {
        self.request(Method::DELETE, path)
    }
}
