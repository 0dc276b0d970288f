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

/// Adds a parameter in OpenAPI's `deepObject` style, with the brackets Stripe and Rails read:
/// an object's members as `name[key]`, a list's items as `name[0]`, at any depth.
#[doc(hidden)]
pub fn push_deep<T: serde::Serialize + ?Sized>(value: &T, name: &str, out: &mut Vec<(String, String)>) {
    let Ok(value) = serde_json::to_value(value) else { return };
    deep(name.to_string(), value, out);
}

fn deep(name: String, value: serde_json::Value, out: &mut Vec<(String, String)>) {
    use serde_json::Value;
    match value {
        Value::Object(members) => members.into_iter().for_each(|(key, v)| deep(format!("{name}[{key}]"), v, out)),
        Value::Array(items) => items.into_iter().enumerate().for_each(|(i, v)| deep(format!("{name}[{i}]"), v, out)),
        scalar => push_value(&name, scalar, out),
    }
}

/// Whether a value is its type's default: a read-only field that holds one is not written, so
/// that a value a caller builds does not send what only the server sets.
#[doc(hidden)]
pub fn is_default<T: Default + PartialEq>(value: &T) -> bool {
    *value == T::default()
}

/// Adds `name=` when nothing was added for `name` since `before`: a required parameter whose
/// value (an empty list) has no pairs is still sent.
#[doc(hidden)]
pub fn require_param(name: &str, before: usize, out: &mut Vec<(String, String)>) {
    if out.len() == before {
        out.push((name.to_string(), String::new()));
    }
}

/// Pairs as an `application/x-www-form-urlencoded` body.
pub(crate) fn form_body(pairs: &[(String, String)]) -> String {
    // Everything but `*-._` and alphanumerics is escaped; a space is `+`.
    const FORM: &AsciiSet = &NON_ALPHANUMERIC.remove(b'*').remove(b'-').remove(b'.').remove(b'_');
    let encode = |s: &str| utf8_percent_encode(s, FORM).to_string().replace("%20", "+");
    pairs.iter().map(|(k, v)| format!("{}={}", encode(k), encode(v))).collect::<Vec<_>>().join("&")
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
    #[test]
    fn deep_objects_and_form_bodies() {
        let mut out = Vec::new();
        super::push_deep(&serde_json::json!({"order": "a b", "items": [{"price": 3.0}], "none": null}), "m", &mut out);
        let pairs: Vec<(&str, &str)> = out.iter().map(|(k, v)| (k.as_str(), v.as_str())).collect();
        assert_eq!(pairs, [("m[items][0][price]", "3"), ("m[order]", "a b")]);
        assert_eq!(super::form_body(&out), "m%5Bitems%5D%5B0%5D%5Bprice%5D=3&m%5Border%5D=a+b");
    }

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
