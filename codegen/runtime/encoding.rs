use percent_encoding::{AsciiSet, NON_ALPHANUMERIC, utf8_percent_encode};
use serde::Deserialize as _;

/// Everything but RFC 3986's unreserved characters is escaped, so that a value can never
/// add a path segment, a query or a fragment.
const PATH_VALUE: &AsciiSet = &NON_ALPHANUMERIC.remove(b'-').remove(b'.').remove(b'_').remove(b'~');

/// One path parameter, ready to stand between two slashes.
pub(crate) fn encode_path(value: impl std::fmt::Display) -> String {
    let value = value.to_string();
    // `.` and `..` are unreserved but would move up the path.
    match value.as_str() {
        "." => "%2E".to_string(),
        ".." => "%2E%2E".to_string(),
        _ => utf8_percent_encode(&value, PATH_VALUE).to_string(),
    }
}

/// A value that can be sent as a query or header parameter.
pub(crate) trait QueryValue {
    fn push(&self, name: &'static str, out: &mut Vec<(&'static str, String)>);
}

macro_rules! query_value_via_to_string {
    ($($t:ty),*) => {$(
        impl QueryValue for $t {
            fn push(&self, name: &'static str, out: &mut Vec<(&'static str, String)>) {
                out.push((name, self.to_string()));
            }
        }
    )*};
}

query_value_via_to_string!(String, i64, f64, bool, uuid::Uuid);

impl QueryValue for chrono::DateTime<chrono::Utc> {
    fn push(&self, name: &'static str, out: &mut Vec<(&'static str, String)>) {
        out.push((name, self.to_rfc3339()));
    }
}

impl<T: QueryValue> QueryValue for Option<T> {
    fn push(&self, name: &'static str, out: &mut Vec<(&'static str, String)>) {
        if let Some(value) = self {
            value.push(name, out);
        }
    }
}

/// Lists repeat the parameter (`?a=1&a=2`), OpenAPI's default `form` style.
impl<T: QueryValue> QueryValue for Vec<T> {
    fn push(&self, name: &'static str, out: &mut Vec<(&'static str, String)>) {
        for value in self {
            value.push(name, out);
        }
    }
}

impl QueryValue for serde_json::Value {
    fn push(&self, name: &'static str, out: &mut Vec<(&'static str, String)>) {
        match self {
            serde_json::Value::Null => {}
            serde_json::Value::String(s) => out.push((name, s.clone())),
            other => out.push((name, other.to_string())),
        }
    }
}

/// For response fields the spec calls required: a missing or `null` value becomes the
/// type's default instead of failing the whole call (see the crate docs on schema drift).
pub(crate) fn null_as_default<'de, D, T>(deserializer: D) -> Result<T, D::Error>
where
    D: serde::Deserializer<'de>,
    T: serde::Deserialize<'de> + Default,
{
    Ok(Option::<T>::deserialize(deserializer)?.unwrap_or_default())
}

#[cfg(test)]
mod tests {
    use super::encode_path;

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
