use percent_encoding::{AsciiSet, NON_ALPHANUMERIC, utf8_percent_encode};

/// Everything but RFC 3986's unreserved characters is escaped, so that a value can never
/// add a path segment, a query or a fragment.
const PATH_VALUE: &AsciiSet = &NON_ALPHANUMERIC.remove(b'-').remove(b'.').remove(b'_').remove(b'~');

/// One path parameter, ready to stand between two slashes.
#[doc(hidden)]
pub fn encode_path(value: impl std::fmt::Display) -> String {
    let value = value.to_string();
    // `.` and `..` are unreserved but would move up the path.
    match value.as_str() {
        "." => "%2E".to_string(),
        ".." => "%2E%2E".to_string(),
        _ => utf8_percent_encode(&value, PATH_VALUE).to_string(),
    }
}

/// A header value, if a header can carry `value` unchanged: no line breaks or control
/// characters, and only ASCII (HTTP passes bytes above 127 as "obsolete text", which servers
/// read in different encodings).
pub(crate) fn header_value(value: &str) -> Option<reqwest::header::HeaderValue> {
    reqwest::header::HeaderValue::from_str(value).ok().filter(|_| value.is_ascii())
}

/// Adds a query (or header) parameter: scalars as text, lists as one pair per item (OpenAPI's
/// default `form` style with `explode`), objects as one pair per property, `None` and `null`
/// not at all. One function for every type, through serde, instead of an impl per type.
#[doc(hidden)]
pub fn push_param<T: serde::Serialize + ?Sized>(value: &T, name: &str, out: &mut Vec<(String, String)>) {
    // Serializing generated types to JSON cannot fail: their maps have string keys.
    let Ok(value) = serde_json::to_value(value) else { return };
    push_value(name, value, out);
}

/// Adds a list parameter as one value, its items joined by `separator` (OpenAPI's `form`
/// style without `explode`, and the delimited styles).
#[doc(hidden)]
pub fn push_joined<T: serde::Serialize + ?Sized>(
    value: &T,
    name: &str,
    separator: &str,
    out: &mut Vec<(String, String)>,
) {
    let mut items = Vec::new();
    push_param(value, name, &mut items);
    if !items.is_empty() {
        let joined: Vec<String> = items.into_iter().map(|(_, v)| v).collect();
        out.push((name.to_string(), joined.join(separator)));
    }
}

fn push_value(name: &str, value: serde_json::Value, out: &mut Vec<(String, String)>) {
    use serde_json::Value;
    match value {
        Value::Null => {}
        Value::String(s) => out.push((name.to_string(), s)),
        Value::Array(items) => {
            for item in items {
                match item {
                    Value::Object(_) => out.push((name.to_string(), item.to_string())),
                    other => push_value(name, other, out),
                }
            }
        }
        Value::Object(properties) => {
            for (key, value) in properties {
                push_value(&key, value, out);
            }
        }
        Value::Number(n) => {
            // `3.0` for a whole number goes out as `3`: servers parse page numbers as integers.
            let mut number = Value::Number(n);
            super::shape::integral_numbers(&mut number);
            out.push((name.to_string(), number.to_string()));
        }
        other => out.push((name.to_string(), other.to_string())),
    }
}

#[cfg(test)]
mod tests {
    use serde_json::json;

    use super::encode_path;

    #[test]
    fn parameters_of_every_shape() {
        let cases: [(serde_json::Value, &[(&str, &str)]); 6] = [
            (json!("a b"), &[("p", "a b")]),
            (json!(3), &[("p", "3")]),
            (json!(true), &[("p", "true")]),
            (json!(null), &[]),
            (json!(["x", 2]), &[("p", "x"), ("p", "2")]),
            (json!({"k": "v", "n": [1]}), &[("k", "v"), ("n", "1")]),
        ];
        for (value, want) in cases {
            let mut out = Vec::new();
            super::push_param(&value, "p", &mut out);
            let want: Vec<(String, String)> = want.iter().map(|(k, v)| (k.to_string(), v.to_string())).collect();
            assert_eq!(out, want, "{value}");
        }
        let mut out = Vec::new();
        super::push_param(&None::<String>, "p", &mut out);
        assert!(out.is_empty());
    }

    #[test]
    fn path_values_cannot_escape_their_segment() {
        let cases = [
            ("abc123", "abc123"),
            ("a/b?c#d", "a%2Fb%3Fc%23d"),
            ("50%", "50%25"),
            ("..", "%2E%2E"),
            ("é", "%C3%A9"),
            ("a\r\nb", "a%0D%0Ab"),
        ];
        for (raw, want) in cases {
            assert_eq!(encode_path(raw), want);
        }
    }
}
