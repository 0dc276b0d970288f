//! Reading a response: the status, the envelope, and the value. JSON is read strictly first,
//! which costs what serde costs; only when that fails is it read again tolerantly: repaired
//! field by field against the type's shape (`shape::repair`), so that one odd field costs that
//! field, not the call, and every repair is recorded.

use std::collections::HashMap;

use reqwest::StatusCode;
use reqwest::header::HeaderMap;
use serde::de::DeserializeOwned;
use serde_json::value::RawValue;

use super::error::{Error, Result, snippet};
use super::shape::{self, Described, Drift, Shape, Ty};
use crate::api::{ENVELOPE, ErrorDetail};

/// How the value is found in a successful response.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
#[doc(hidden)]
pub enum ResponseKind {
    /// The body is the value.
    Plain,
    /// The value is the envelope's result; `success: false` is an error.
    Enveloped,
    /// There is no value; an envelope, if any, is still checked.
    Empty { enveloped: bool },
    /// The body is text (`String`).
    Text,
    /// The body is bytes (`bytes::Bytes`).
    Binary,
}

/// A response as it came off the wire.
pub(crate) struct Raw {
    pub status: StatusCode,
    pub headers: HeaderMap,
    pub body: Vec<u8>,
}

/// A value together with the response it came from.
#[derive(Debug, Clone)]
#[non_exhaustive]
pub struct ApiResponse<T> {
    /// The HTTP status.
    pub status: u16,
    /// The response headers.
    pub headers: HeaderMap,
    /// The decoded value.
    pub value: T,
    /// The envelope's paging information, when it had any.
    pub result_info: Option<serde_json::Value>,
    /// The envelope's messages, when it had any: notices that come with a success.
    pub messages: Vec<ErrorDetail>,
    /// Values in the response that did not have the shape the API describes, and what the
    /// client made of them; empty when the response was as described.
    pub drift: Vec<Drift>,
    /// The body as it came: what the value's types leave out (members the API description
    /// does not list) can be read from it.
    pub body: bytes::Bytes,
}

/// What a call's value must be: readable from JSON, with a shape the runtime knows.
#[doc(hidden)]
pub trait Decode: DeserializeOwned + Described {}
impl<T: DeserializeOwned + Described> Decode for T {}

/// Which alternative of union `T` a value is (the generated `Deserialize` of every union).
#[doc(hidden)]
pub fn choose<T: Described>(value: &serde_json::Value) -> Option<usize> {
    let table = crate::shapes::SHAPES;
    match T::TY {
        Ty::Named(i) => match table.get(i as usize) {
            Some(Shape::Union(union)) => shape::choose(table, union, value),
            _ => None,
        },
        _ => None,
    }
}

thread_local! {
    /// Set while a response is read strictly the first time: a union value that is none of its
    /// alternatives then fails the reading, so that the tolerant reading records it.
    static FIRST_PASS: std::cell::Cell<bool> = const { std::cell::Cell::new(false) };
}

/// Whether the current reading is the client's strict first one (see `FIRST_PASS`).
#[doc(hidden)]
pub fn first_pass() -> bool {
    FIRST_PASS.with(std::cell::Cell::get)
}

/// Reads JSON text as a `T`: strictly, else tolerantly with the drift recorded. `root` names
/// where the text is in the body (`result`), for the records; `strict` makes any drift an
/// error.
pub(crate) fn from_json<T: Decode>(
    json: &str,
    root: &str,
    strict: bool,
) -> std::result::Result<(T, Vec<Drift>), String> {
    FIRST_PASS.with(|f| f.set(true));
    let first = serde_json::from_str::<T>(json);
    FIRST_PASS.with(|f| f.set(false));
    let strict_error = match first {
        Ok(value) => return Ok((value, Vec::new())),
        Err(e) => e,
    };
    let mut value: serde_json::Value = serde_json::from_str(json).map_err(not_json)?;
    let drift = match shape::repair(crate::shapes::SHAPES, T::TY, &mut value, root) {
        Ok(drift) => drift,
        Err(drift) => return Err(described(&drift).unwrap_or_else(|| strict_error.to_string())),
    };
    if strict && !drift.is_empty() {
        return Err(described(&drift).unwrap_or_default());
    }
    match serde_path_to_error::deserialize::<_, T>(value) {
        Ok(decoded) => Ok((decoded, drift)),
        Err(e) => {
            let path = e.path().to_string();
            let at = match (root, path.as_str()) {
                (root, ".") => root.to_string(),
                ("", path) => path.to_string(),
                (root, path) if path.starts_with('[') => format!("{root}{path}"),
                (root, path) => format!("{root}.{path}"),
            };
            Err(format!("at `{at}`: {}", e.inner()))
        }
    }
}

/// What went wrong, from the drift records: the first, and how many more.
fn described(drift: &[Drift]) -> Option<String> {
    let first = drift.first()?;
    let more = match drift.len() {
        1 => String::new(),
        n => format!(" (and {} more)", n - 1),
    };
    Some(format!(
        "the response does not match the API description at `{}`: expected {}, found {}{more}",
        first.path, first.expected, first.found
    ))
}

/// Why a body is not JSON, in words: a cut-off document says so.
fn not_json(e: serde_json::Error) -> String {
    match e.classify() {
        serde_json::error::Category::Eof => {
            format!("the body ends before its JSON does, at line {} column {}: it was cut off", e.line(), e.column())
        }
        _ => format!("the body is not the JSON the API describes: {e}"),
    }
}

/// The work the tolerant read does on `value` as a `T`: nodes visited (for tests that hold it
/// to a constant per node); `Err` when the value as a whole is not of its shape.
#[doc(hidden)]
pub fn repair_work<T: Described>(value: &mut serde_json::Value) -> std::result::Result<usize, usize> {
    match shape::repair_counted(crate::shapes::SHAPES, T::TY, value, "") {
        (Ok(_), visits) => Ok(visits),
        (Err(_), visits) => Err(visits),
    }
}

/// Reads a response body as a call of this kind would (for fuzzing the decoding without a
/// server).
#[doc(hidden)]
pub fn decode_response<T: DeserializeOwned + Described>(kind: ResponseKind, status: u16, body: &[u8]) -> Result<T> {
    decode_response_with_drift(kind, status, body, false).map(|r| r.value)
}

/// [`decode_response`], returning the whole [`ApiResponse`]; `strict` as the client option.
#[doc(hidden)]
pub fn decode_response_with_drift<T: DeserializeOwned + Described>(
    kind: ResponseKind,
    status: u16,
    body: &[u8],
    strict: bool,
) -> Result<ApiResponse<T>> {
    let status = StatusCode::from_u16(status).map_err(|e| Error::InvalidRequest(e.to_string()))?;
    decode(kind, Raw { status, headers: HeaderMap::new(), body: body.to_vec() }, strict)
}

/// Decodes a response whose body may hold a credential: a server or proxy that echoes the
/// request. The value, if there is one, is the body as sent; an error is built from a copy
/// with every credential blanked out, so that no message or error detail can show one.
pub(crate) fn decode_redacted<T: Decode>(
    kind: ResponseKind,
    raw: Raw,
    secrets: &[String],
    strict: bool,
) -> Result<ApiResponse<T>> {
    let holds = |bytes: &[u8]| secrets.iter().any(|s| bytes.windows(s.len()).any(|w| w == s.as_bytes()));
    if !holds(&raw.body) && !raw.headers.values().any(|v| holds(v.as_bytes())) {
        return decode(kind, raw, strict);
    }
    let status = raw.status;
    // Errors carry the headers too: an echoed credential is blanked out of them as well.
    let mut headers = raw.headers.clone();
    for value in headers.values_mut() {
        if holds(value.as_bytes()) {
            *value = reqwest::header::HeaderValue::from_static("<redacted>");
        }
    }
    let clean = Raw { status, headers, body: redact(&raw.body, secrets) };
    match decode::<T>(kind, raw, strict) {
        // The drift records quote the body: they come from the copy.
        Ok(mut response) if !response.drift.is_empty() => {
            response.drift = decode::<T>(kind, clean, strict).map(|r| r.drift).unwrap_or_default();
            Ok(response)
        }
        Ok(response) => Ok(response),
        Err(_) => match decode::<T>(kind, clean, strict) {
            Err(error) => Err(error),
            Ok(_) => Err(Error::Decode {
                status: status.as_u16(),
                message: "the body does not have the documented shape".to_string(),
                body: "(withheld: it contains a credential)".to_string(),
            }),
        },
    }
}

/// `body` with each occurrence of each secret replaced by `<redacted>`.
fn redact(body: &[u8], secrets: &[String]) -> Vec<u8> {
    let mut out = body.to_vec();
    for secret in secrets.iter().map(String::as_bytes).filter(|s| !s.is_empty()) {
        let mut next = Vec::with_capacity(out.len());
        let mut rest = out.as_slice();
        while let Some(at) = rest.windows(secret.len()).position(|w| w == secret) {
            next.extend_from_slice(&rest[..at]);
            next.extend_from_slice(b"<redacted>");
            rest = &rest[at + secret.len()..];
        }
        next.extend_from_slice(rest);
        out = next;
    }
    out
}

pub(crate) fn decode<T: Decode>(kind: ResponseKind, raw: Raw, strict: bool) -> Result<ApiResponse<T>> {
    let read = read::<T>(kind, &raw, strict)?;
    Ok(ApiResponse {
        status: raw.status.as_u16(),
        headers: raw.headers,
        body: raw.body.into(),
        value: read.value,
        result_info: read.result_info,
        messages: read.messages,
        drift: read.drift,
    })
}

/// What a successful response gives besides its status, headers and body.
struct Read<T> {
    value: T,
    result_info: Option<serde_json::Value>,
    messages: Vec<ErrorDetail>,
    drift: Vec<Drift>,
}

fn read<T: Decode>(kind: ResponseKind, raw: &Raw, strict: bool) -> Result<Read<T>> {
    let status = raw.status.as_u16();
    let respond = |value, result_info, messages, drift| Ok(Read { value, result_info, messages, drift });
    let enveloped = matches!(kind, ResponseKind::Enveloped | ResponseKind::Empty { enveloped: true });
    if !raw.status.is_success() {
        let errors = match ENVELOPE.and_then(|e| e.errors) {
            Some(field) => parse_envelope(&raw.body).map(|map| envelope_details(Some(field), &map)).unwrap_or_default(),
            None => super::details::error_details(&raw.body),
        };
        let body = errors.is_empty().then(|| snippet(&raw.body));
        return Err(Error::Api { status, errors, body, headers: Box::new(raw.headers.clone()) });
    }
    let decode_error = |message: String| Error::Decode { status, message, body: snippet(&raw.body) };
    if matches!(kind, ResponseKind::Plain | ResponseKind::Enveloped) && raw.body.iter().all(u8::is_ascii_whitespace) {
        // A value that may be nothing (free-form JSON, an optional value) is nothing; a
        // described value cannot be made up.
        if matches!(T::TY, Ty::Any | Ty::Nullable(_)) {
            let value = from_null().map_err(|e| decode_error(e.to_string()))?;
            return respond(value, None, Vec::new(), Vec::new());
        }
        return Err(decode_error("the body is empty where the API describes JSON".to_string()));
    }
    // A call that returns nothing has nothing to check in an empty body (`204 No Content`).
    if matches!(kind, ResponseKind::Empty { .. }) && raw.body.iter().all(u8::is_ascii_whitespace) {
        return respond(from_null().map_err(|e| decode_error(e.to_string()))?, None, Vec::new(), Vec::new());
    }
    // A text or binary call answered with the envelope in JSON (an error with status 200)
    // fails as any call does; so does a call that returns nothing, whatever the media type.
    let json_body = raw
        .headers
        .get(reqwest::header::CONTENT_TYPE)
        .and_then(|v| v.to_str().ok())
        .is_some_and(|v| v.split(';').next().unwrap_or_default().trim().ends_with("json"));
    let may_be_envelope = match kind {
        ResponseKind::Text | ResponseKind::Binary => json_body,
        ResponseKind::Empty { enveloped } => !enveloped,
        _ => false,
    };
    if let (true, Some(fields)) = (may_be_envelope, ENVELOPE) {
        if let Some(map) = parse_envelope(&raw.body) {
            let success =
                fields.success.and_then(|f| map.get(f)).and_then(|v| serde_json::from_str::<bool>(v.get()).ok());
            if success == Some(false) {
                let errors = envelope_details(fields.errors, &map);
                let body = errors.is_empty().then(|| snippet(&raw.body));
                return Err(Error::Api { status, errors, body, headers: Box::new(raw.headers.clone()) });
            }
        }
    }
    match (kind, ENVELOPE.filter(|_| enveloped)) {
        (ResponseKind::Text, _) => {
            let text = String::from_utf8(raw.body.clone()).map_err(|e| decode_error(e.to_string()))?;
            let de = serde::de::value::StringDeserializer::<serde::de::value::Error>::new(text);
            respond(T::deserialize(de).map_err(|e| decode_error(e.to_string()))?, None, Vec::new(), Vec::new())
        }
        (ResponseKind::Binary, _) => {
            let de = serde::de::value::BytesDeserializer::<serde::de::value::Error>::new(&raw.body);
            respond(T::deserialize(de).map_err(|e| decode_error(e.to_string()))?, None, Vec::new(), Vec::new())
        }
        (ResponseKind::Empty { .. }, None) => {
            respond(from_null().map_err(|e| decode_error(e.to_string()))?, None, Vec::new(), Vec::new())
        }
        (ResponseKind::Plain, _) | (ResponseKind::Enveloped, None) => {
            let text = std::str::from_utf8(&raw.body).map_err(|e| decode_error(e.to_string()))?;
            let (value, drift) = from_json(text, "", strict).map_err(decode_error)?;
            respond(value, None, Vec::new(), drift)
        }
        (_, Some(fields)) => {
            let map = match serde_json::from_slice::<HashMap<String, &RawValue>>(&raw.body) {
                Ok(map) => map,
                Err(e) => return Err(decode_error(not_json(e))),
            };
            let success =
                fields.success.and_then(|f| map.get(f)).and_then(|v| serde_json::from_str::<bool>(v.get()).ok());
            if success == Some(false) {
                let errors = envelope_details(fields.errors, &map);
                // With no details, the body is all there is to go on.
                let body = errors.is_empty().then(|| snippet(&raw.body));
                return Err(Error::Api { status, errors, body, headers: Box::new(raw.headers.clone()) });
            }
            let result_info = fields
                .result_info
                .and_then(|f| map.get(f))
                .and_then(|v| serde_json::from_str::<serde_json::Value>(v.get()).ok())
                .filter(|v| !v.is_null());
            let messages = envelope_details(fields.messages, &map);
            let (value, drift) = match (kind, map.get(fields.result)) {
                (ResponseKind::Empty { .. }, _) | (_, None) => (
                    from_null().map_err(|_| {
                        decode_error(format!("the body has no `{}`, where the API describes the value", fields.result))
                    })?,
                    Vec::new(),
                ),
                (_, Some(result)) => from_json(result.get(), fields.result, strict).map_err(decode_error)?,
            };
            respond(value, result_info, messages, drift)
        }
    }
}

/// The value of a response without one: `()` for calls that return nothing.
fn from_null<T: DeserializeOwned>() -> serde_json::Result<T> {
    serde_json::from_str("null")
}

fn parse_envelope(body: &[u8]) -> Option<HashMap<String, &RawValue>> {
    serde_json::from_slice(body).ok()
}

/// The envelope's errors or messages; items that do not have the documented shape are
/// skipped, not fatal.
fn envelope_details(field: Option<&'static str>, map: &HashMap<String, &RawValue>) -> Vec<ErrorDetail> {
    let Some(raw) = field.and_then(|f| map.get(f)) else { return Vec::new() };
    let items: Vec<&RawValue> = serde_json::from_str(raw.get()).unwrap_or_default();
    // Read tolerantly: a detail with a code sent as a string is still a detail.
    items
        .into_iter()
        .filter_map(|item| from_json::<ErrorDetail>(item.get(), "", false).ok().map(|(detail, _)| detail))
        .collect()
}

/// Serialises a union's alternative with its discriminating `property` set to `tag` when the
/// value leaves it out, `null` or empty.
#[doc(hidden)]
pub fn tagged<T: serde::Serialize, S: serde::Serializer>(
    value: &T,
    property: &str,
    tag: serde_json::Value,
    serializer: S,
) -> std::result::Result<S::Ok, S::Error> {
    use serde::Serialize;
    let mut written = serde_json::to_value(value).map_err(serde::ser::Error::custom)?;
    if let serde_json::Value::Object(members) = &mut written {
        let unset = members.get(property).is_none_or(|v| v.is_null() || v.as_str() == Some(""));
        if unset {
            members.insert(property.to_string(), tag);
        }
    }
    written.serialize(serializer)
}

/// What decoding lost (see `shape::lost`): the answer is the value at `at` in `body` (the
/// envelope's result, the items of a page), `values` what the client made of it; with `page`,
/// the answer is a list of the values. Nothing is lost from a body that is not JSON or has no
/// value there. For the generated conformance tests.
#[doc(hidden)]
pub fn lost_members<T: Described + serde::Serialize>(
    body: &[u8],
    at: &[&str],
    values: &[T],
    page: bool,
) -> Vec<String> {
    let Ok(mut answer) = serde_json::from_slice::<serde_json::Value>(body) else { return Vec::new() };
    for key in at {
        match answer.get_mut(*key) {
            Some(inner) => answer = inner.take(),
            None => return Vec::new(),
        }
    }
    let list = Ty::List(&T::TY);
    let ty = if page { list } else { T::TY };
    // Compared as the client reads it: what did not have the described shape was repaired or
    // left out, and recorded as drift, which is not a loss.
    let _ = shape::repair(crate::shapes::SHAPES, ty, &mut answer, "");
    let written = if page { serde_json::to_value(values) } else { serde_json::to_value(values.first()) };
    let mut out = Vec::new();
    match written {
        Ok(written) => shape::lost(crate::shapes::SHAPES, ty, &answer, &written, "", &mut out),
        Err(e) => out.push(format!("the value cannot be written back: {e}")),
    }
    out
}
