use bytes::Bytes;
use serde::Serialize;

use super::error::{Error, Result};

/// One part of a `multipart/form-data` upload: text, or a file's bytes with a file name and a
/// media type.
///
/// Text converts into a part (`"staging".into()`), and so do bytes; a file needs a name:
///
/// ```
/// let part = api_client::Part::bytes(std::fs::read("Cargo.toml").unwrap_or_default())
///     .file_name("Cargo.toml")
///     .mime("text/plain");
/// ```
#[derive(Clone, PartialEq, Eq)]
pub struct Part {
    data: Bytes,
    file_name: Option<String>,
    mime: Option<String>,
    /// Made from bytes: sent as a file even without a name (servers take a part without a
    /// file name for a text field).
    file: bool,
}

impl Part {
    /// A text part.
    pub fn text(text: impl Into<String>) -> Self {
        Part { data: Bytes::from(text.into()), file_name: None, mime: None, file: false }
    }

    /// A file part holding these bytes; without a [`file_name`](Self::file_name) it is sent
    /// with the field's name as its file name, and without a [`mime`](Self::mime) as
    /// `application/octet-stream`.
    pub fn bytes(data: impl Into<Bytes>) -> Self {
        Part { data: data.into(), file_name: None, mime: None, file: true }
    }

    /// The file name the server sees, which makes the part a file upload.
    pub fn file_name(mut self, name: impl Into<String>) -> Self {
        self.file_name = Some(name.into());
        self
    }

    /// The media type of the part, e.g. `application/javascript+module`.
    pub fn mime(mut self, mime: impl Into<String>) -> Self {
        self.mime = Some(mime.into());
        self
    }

    /// The part's content.
    pub fn data(&self) -> &Bytes {
        &self.data
    }

    fn to_reqwest(&self, field: &str) -> Result<reqwest::multipart::Part> {
        let length = self.data.len() as u64;
        let mut part = reqwest::multipart::Part::stream_with_length(reqwest::Body::from(self.data.clone()), length);
        let file_name = self.file_name.clone().or_else(|| self.file.then(|| field.to_string()));
        if let Some(name) = file_name {
            part = part.file_name(name);
        }
        let mime = self.mime.as_deref().or(self.file.then_some("application/octet-stream"));
        if let Some(mime) = mime {
            part = part.mime_str(mime).map_err(|_| Error::InvalidRequest(format!("`{mime}` is not a media type")))?;
        }
        Ok(part)
    }
}

// Uploads can be large and private: debug output shows their size, not their content.
impl std::fmt::Debug for Part {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        f.debug_struct("Part")
            .field("len", &self.data.len())
            .field("file_name", &self.file_name)
            .field("mime", &self.mime)
            .finish()
    }
}

impl From<String> for Part {
    fn from(text: String) -> Self {
        Part::text(text)
    }
}

impl From<&str> for Part {
    fn from(text: &str) -> Self {
        Part::text(text)
    }
}

impl From<Vec<u8>> for Part {
    fn from(data: Vec<u8>) -> Self {
        Part::bytes(data)
    }
}

impl From<Bytes> for Part {
    fn from(data: Bytes) -> Self {
        Part::bytes(data)
    }
}

// Params types derive `Serialize`; a part serializes as its bytes, though uploads never use it.
impl Serialize for Part {
    fn serialize<S: serde::Serializer>(&self, serializer: S) -> std::result::Result<S::Ok, S::Error> {
        serializer.serialize_bytes(&self.data)
    }
}

/// A request body, kept as bytes so that every attempt of a call sends the same one.
#[derive(Debug, Clone)]
#[doc(hidden)]
pub enum RequestBody {
    Bytes { data: Bytes, content_type: &'static str },
    Multipart(Vec<(String, Part)>),
}

impl RequestBody {
    pub(crate) fn apply(&self, request: reqwest::RequestBuilder) -> Result<reqwest::RequestBuilder> {
        Ok(match self {
            RequestBody::Bytes { data, content_type } => {
                request.header(reqwest::header::CONTENT_TYPE, *content_type).body(data.clone())
            }
            RequestBody::Multipart(parts) => {
                let mut form = reqwest::multipart::Form::new();
                for (name, part) in parts {
                    form = form.part(name.clone(), part.to_reqwest(name)?);
                }
                request.multipart(form)
            }
        })
    }
}

/// `body` with `members` added: to a JSON object, a form or a multipart upload; a call without
/// a body gets a JSON object of them.
pub(crate) fn with_members(
    body: Option<RequestBody>,
    members: Vec<(String, serde_json::Value)>,
) -> Result<RequestBody> {
    let mut members = members;
    for (_, value) in &mut members {
        super::shape::integral_numbers(value);
    }
    let replaced = |name: &str| members.iter().any(|(n, _)| n == name);
    match body {
        None => {
            let object: serde_json::Map<_, _> = members.into_iter().collect();
            let data = serde_json::to_vec(&object).map_err(|e| Error::InvalidRequest(e.to_string()))?;
            Ok(RequestBody::Bytes { data: data.into(), content_type: "application/json" })
        }
        Some(RequestBody::Bytes { data, content_type }) if content_type == "application/json" => {
            let mut value: serde_json::Value =
                serde_json::from_slice(&data).map_err(|e| Error::InvalidRequest(e.to_string()))?;
            let Some(object) = value.as_object_mut() else {
                return Err(Error::InvalidRequest(
                    "extra body fields need a JSON object body, and this call's body is not one".to_string(),
                ));
            };
            object.extend(members);
            let data = serde_json::to_vec(&value).map_err(|e| Error::InvalidRequest(e.to_string()))?;
            Ok(RequestBody::Bytes { data: data.into(), content_type })
        }
        Some(RequestBody::Bytes { data, content_type }) if content_type == "application/x-www-form-urlencoded" => {
            // Encoded as the typed fields are (`push_param`: no pair for null, one per item).
            let mut pairs: Vec<(String, String)> = form_urlencoded::parse(&data)
                .filter(|(name, _)| !replaced(name))
                .map(|(name, value)| (name.into_owned(), value.into_owned()))
                .collect();
            for (name, value) in &members {
                super::encoding::push_param(value, name, &mut pairs);
            }
            Ok(RequestBody::Bytes { data: super::encoding::form_body(&pairs).into_bytes().into(), content_type })
        }
        Some(RequestBody::Multipart(mut parts)) => {
            // Encoded as the typed fields are: JSON parts for what is not a string, none for null.
            parts.retain(|(name, _)| !replaced(name));
            for (name, value) in &members {
                push_value_part(value, name, &mut parts)?;
            }
            Ok(RequestBody::Multipart(parts))
        }
        Some(RequestBody::Bytes { content_type, .. }) => Err(Error::InvalidRequest(format!(
            "extra body fields cannot go into a `{content_type}` body; send the whole body with `json_body`"
        ))),
    }
}

/// Parts that a params field holding uploads contributes: none, one, or several.
#[doc(hidden)]
pub trait Parts {
    fn push_parts(&self, name: &str, out: &mut Vec<(String, Part)>);
}

impl Parts for Part {
    fn push_parts(&self, name: &str, out: &mut Vec<(String, Part)>) {
        out.push((name.to_string(), self.clone()));
    }
}

impl<T: Parts> Parts for Option<T> {
    fn push_parts(&self, name: &str, out: &mut Vec<(String, Part)>) {
        if let Some(value) = self {
            value.push_parts(name, out);
        }
    }
}

impl<T: Parts> Parts for Vec<T> {
    fn push_parts(&self, name: &str, out: &mut Vec<(String, Part)>) {
        for value in self {
            value.push_parts(name, out);
        }
    }
}

/// Adds a part for an upload field.
#[doc(hidden)]
pub fn push_file_part<T: Parts>(value: &T, name: &str, out: &mut Vec<(String, Part)>) {
    value.push_parts(name, out);
}

/// Adds a part for any other field: strings as text, other values as JSON; absent values and
/// `null` add nothing.
#[doc(hidden)]
pub fn push_value_part<T: Serialize>(value: &T, name: &str, out: &mut Vec<(String, Part)>) -> Result<()> {
    let mut value = serde_json::to_value(value)
        .map_err(|e| Error::InvalidRequest(format!("cannot serialize the form field `{name}`: {e}")))?;
    super::shape::integral_numbers(&mut value);
    let part = match value {
        serde_json::Value::Null => return Ok(()),
        serde_json::Value::String(text) => Part::text(text),
        other => Part::text(other.to_string()).mime("application/json"),
    };
    out.push((name.to_string(), part));
    Ok(())
}

#[cfg(test)]
mod tests {
    use serde_json::json;

    use super::{Part, RequestBody, with_members};

    fn bytes(body: &RequestBody) -> (&str, String) {
        match body {
            RequestBody::Bytes { data, content_type } => (content_type, String::from_utf8_lossy(data).into_owned()),
            RequestBody::Multipart(_) => ("multipart", String::new()),
        }
    }

    #[test]
    fn extra_members_join_each_kind_of_body() {
        // Whole numbers go as integers, and a member of the same name is replaced.
        let extra = || vec![("b".to_string(), json!(2.0)), ("s".to_string(), json!("x y"))];
        let json_body =
            RequestBody::Bytes { data: br#"{"a":1,"b":1}"#.to_vec().into(), content_type: "application/json" };
        let form =
            RequestBody::Bytes { data: b"a=1&b=1".to_vec().into(), content_type: "application/x-www-form-urlencoded" };
        let cases = [
            (Some(json_body), ("application/json", r#"{"a":1,"b":2,"s":"x y"}"#)),
            (None, ("application/json", r#"{"b":2,"s":"x y"}"#)),
            (Some(form), ("application/x-www-form-urlencoded", "a=1&b=2&s=x+y")),
        ];
        for (body, expected) in cases {
            let joined = with_members(body, extra()).unwrap();
            assert_eq!(bytes(&joined), (expected.0, expected.1.to_string()));
        }
        // Parts as typed fields make them: JSON for what is not a string, none for null.
        let upload = RequestBody::Multipart(vec![
            ("file".to_string(), Part::bytes(b"x".to_vec())),
            ("b".to_string(), Part::text("1").mime("application/json")),
        ]);
        let mut extra = extra();
        extra.push(("none".to_string(), json!(null)));
        let RequestBody::Multipart(parts) = with_members(Some(upload), extra).unwrap() else { panic!("not multipart") };
        let texts: Vec<(&str, &[u8], Option<&str>)> =
            parts.iter().map(|(n, p)| (n.as_str(), p.data().as_ref(), p.mime.as_deref())).collect();
        assert_eq!(texts, [("file", &b"x"[..], None), ("b", b"2", Some("application/json")), ("s", b"x y", None)]);
    }

    #[test]
    fn extra_members_need_an_object_or_a_form() {
        let list = RequestBody::Bytes { data: b"[1]".to_vec().into(), content_type: "application/json" };
        let text = RequestBody::Bytes { data: b"hi".to_vec().into(), content_type: "text/plain" };
        for body in [list, text] {
            let error = with_members(Some(body), vec![("b".to_string(), json!(2))]).unwrap_err();
            assert!(matches!(error, crate::Error::InvalidRequest(_)), "{error}");
        }
    }
}
