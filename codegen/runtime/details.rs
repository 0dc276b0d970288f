//! Error details of APIs without an envelope: where an error body keeps them (`{"error":
//! {...}}`, `{"errors": [...]}`, `{"message": ".."}`, RFC 7807's `{"title", "detail"}`), and
//! their code and message, as the generator's configuration names them or by the common names.

use serde::{Deserialize, Serialize};

use super::shape::{Described, Ty};
use crate::api::ErrorDetail;

/// Where an API's error details are, from the generator's configuration.
#[derive(Debug, Clone, Copy)]
#[doc(hidden)]
pub struct ErrorFields {
    /// The path of the details in an error body: an object (one detail), a list of them, or a
    /// string (the message); empty for the body itself.
    pub details: &'static [&'static str],
    /// The member of a detail with its code.
    pub code: Option<&'static str>,
    /// The member of a detail with its message.
    pub message: Option<&'static str>,
}

/// Members that hold a detail's code, in the order they are tried, when none is configured.
const CODE_NAMES: [&str; 3] = ["code", "type", "error"];
/// Members that hold its message: the common name, RFC 7807's, OAuth 2's.
const MESSAGE_NAMES: [&str; 5] = ["message", "detail", "title", "error_description", "description"];

/// One error detail: its code and message where the API gives them, and the detail whole.
#[derive(Debug, Clone, Default, PartialEq)]
#[non_exhaustive]
pub struct ErrorInfo {
    /// The API's code for the error (`resource_missing`, `404`), as text.
    pub code: Option<String>,
    /// What went wrong, in the API's words.
    pub message: Option<String>,
    /// The detail as the API sent it, with any members beyond code and message.
    pub detail: serde_json::Value,
}

impl ErrorInfo {
    /// A detail, its code and message where `fields` (this API's, from its configuration) or
    /// else the common names say.
    fn read(detail: serde_json::Value, fields: Option<ErrorFields>) -> ErrorInfo {
        let text = |names: &[&str]| {
            names.iter().find_map(|name| match detail.get(*name)? {
                serde_json::Value::String(s) => Some(s.clone()),
                serde_json::Value::Number(n) => Some(n.to_string()),
                _ => None,
            })
        };
        let configured = |name: Option<&'static str>| name.map(|n| vec![n]);
        let code = text(&configured(fields.and_then(|f| f.code)).unwrap_or(CODE_NAMES.to_vec()));
        let message = match &detail {
            serde_json::Value::String(s) => Some(s.clone()),
            _ => text(&configured(fields.and_then(|f| f.message)).unwrap_or(MESSAGE_NAMES.to_vec())),
        };
        ErrorInfo { code, message, detail }
    }
}

impl<'de> Deserialize<'de> for ErrorInfo {
    fn deserialize<D: serde::Deserializer<'de>>(deserializer: D) -> Result<Self, D::Error> {
        serde_json::Value::deserialize(deserializer).map(|detail| ErrorInfo::read(detail, crate::api::ERRORS))
    }
}

impl Serialize for ErrorInfo {
    fn serialize<S: serde::Serializer>(&self, serializer: S) -> Result<S::Ok, S::Error> {
        self.detail.serialize(serializer)
    }
}

impl Described for ErrorInfo {
    const TY: Ty<'static> = Ty::Any;
}

/// The error details of a body without an envelope; empty when it is not JSON or has none.
pub(crate) fn error_details(body: &[u8]) -> Vec<ErrorDetail> {
    let Ok(value) = serde_json::from_slice::<serde_json::Value>(body) else { return Vec::new() };
    let found = match crate::api::ERRORS {
        Some(fields) => fields.details.iter().try_fold(&value, |v, key| v.get(*key)).cloned(),
        None => common_place(&value),
    };
    let items = match found {
        Some(serde_json::Value::Array(items)) => items,
        Some(serde_json::Value::Null) | None => Vec::new(),
        Some(one) => vec![one],
    };
    // Read tolerantly: a detail with a code of another type is still a detail.
    items
        .into_iter()
        .filter_map(|item| {
            let text = item.to_string();
            super::decode::from_json::<ErrorDetail>(&text, "", false).ok().map(|(detail, _)| detail)
        })
        .collect()
}

/// Where most APIs put their error details.
fn common_place(body: &serde_json::Value) -> Option<serde_json::Value> {
    let object = body.as_object()?;
    match (object.get("errors"), object.get("error")) {
        (Some(list @ serde_json::Value::Array(items)), _) if !items.is_empty() => Some(list.clone()),
        (_, Some(detail @ serde_json::Value::Object(_))) => Some(detail.clone()),
        // OAuth 2's `{"error": "invalid_grant", "error_description": ".."}`: the body is the detail.
        (_, Some(serde_json::Value::String(_))) => Some(body.clone()),
        _ if MESSAGE_NAMES.iter().any(|name| object.contains_key(*name)) => Some(body.clone()),
        _ => None,
    }
}

#[cfg(test)]
mod tests {
    use serde_json::json;

    use super::{ErrorInfo, common_place};

    /// The error bodies of real APIs, and the code and message each detail gives.
    #[test]
    fn details_are_found_where_real_apis_put_them() {
        let cases = [
            (
                "Stripe",
                json!({"error": {"type": "invalid_request_error", "code": "resource_missing", "message": "No such customer: 'cus_1'", "param": "id"}}),
                vec![(Some("resource_missing"), Some("No such customer: 'cus_1'"))],
            ),
            (
                "Stripe, without a code",
                json!({"error": {"type": "api_error", "message": "Something went wrong"}}),
                vec![(Some("api_error"), Some("Something went wrong"))],
            ),
            (
                "OpenAI",
                json!({"error": {"message": "Invalid API key", "type": "invalid_request_error", "param": null, "code": "invalid_api_key"}}),
                vec![(Some("invalid_api_key"), Some("Invalid API key"))],
            ),
            (
                "GitHub",
                json!({"message": "Not Found", "documentation_url": "https://docs.github.com/rest"}),
                vec![(None, Some("Not Found"))],
            ),
            (
                "a list of errors, codes as numbers",
                json!({"errors": [{"code": 1003, "message": "bad zone"}, {"code": 1004, "message": "bad name"}]}),
                vec![(Some("1003"), Some("bad zone")), (Some("1004"), Some("bad name"))],
            ),
            (
                "OAuth 2",
                json!({"error": "invalid_grant", "error_description": "The code has expired"}),
                vec![(Some("invalid_grant"), Some("The code has expired"))],
            ),
            (
                "RFC 7807",
                json!({"type": "https://example.com/out-of-credit", "title": "You do not have enough credit.", "status": 403}),
                vec![(Some("https://example.com/out-of-credit"), Some("You do not have enough credit."))],
            ),
            ("no details", json!({"status": "failed"}), vec![]),
            ("not an object", json!(["x"]), vec![]),
        ];
        for (api, body, want) in cases {
            let details: Vec<ErrorInfo> = match common_place(&body) {
                Some(serde_json::Value::Array(items)) => items.into_iter().map(|d| ErrorInfo::read(d, None)).collect(),
                Some(one) => vec![ErrorInfo::read(one, None)],
                None => Vec::new(),
            };
            let got: Vec<(Option<&str>, Option<&str>)> =
                details.iter().map(|d| (d.code.as_deref(), d.message.as_deref())).collect();
            assert_eq!(got, want, "{api}");
            // The detail is kept whole: every member the API sent is still there.
            for detail in &details {
                let written = serde_json::to_value(detail).unwrap();
                assert_eq!(written, detail.detail, "{api}");
            }
        }
    }
}
