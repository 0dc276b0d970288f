//! Text to a JSON value, from YAML or JSON, with numbers of any size.
//!
//! serde_json reads an integer literal too large for 64 bits as a float. serde_yaml hands such
//! a literal over as a 128-bit integer, which serde_json's own `Value` refuses ("JSON number
//! out of range"), so a YAML spec with a bound like `-9223372036854776000` (OpenAI's) could not
//! be read at all. YAML is read here through a value visitor that turns those into floats too,
//! so that both formats give the same value and the number pass decides what to do with it.

use std::fmt;

use serde::de::{Deserialize, Deserializer, MapAccess, SeqAccess, Visitor};
use serde_json::{Map, Number, Value};

use crate::diagnostics::Diagnostic;

/// YAML is a superset of JSON, but JSON gets serde_json: it is much faster on large specs and
/// its errors carry exact positions.
pub fn parse_document(text: &str) -> Result<Value, Diagnostic> {
    let trimmed = text.trim_start();
    if trimmed.starts_with('{') {
        serde_json::from_str(text).map_err(|e| {
            if e.to_string().starts_with("recursion limit exceeded") {
                return too_deep().at_line(e.line(), e.column());
            }
            Diagnostic::error("", format!("JSON syntax error: {e}"))
                .at_line(e.line(), e.column())
                .with_hint("fix the JSON syntax at this place")
        })
    } else {
        serde_yaml::from_str::<Loose>(text).map(|l| l.0).map_err(|e| {
            let message = e.to_string();
            let mut d = if message.starts_with("recursion limit exceeded") {
                too_deep()
            } else if message.starts_with("repetition limit exceeded") {
                Diagnostic::error("", "YAML aliases expand to more than the parser allows; the document is refused")
                    .with_hint("write the repeated parts out, or share them with `$ref` instead of anchors")
            } else {
                Diagnostic::error("", format!("YAML syntax error: {e}"))
                    .with_hint("fix the YAML syntax at this place (indentation, quoting, a missing ':')")
            };
            if let Some(loc) = e.location() {
                d = d.at_line(loc.line(), loc.column());
            }
            d
        })
    }
}

/// Both parsers stop at 128 levels of nesting, which bounds the stack of every later stage;
/// no real API description comes near it.
fn too_deep() -> Diagnostic {
    Diagnostic::error("", "the document nests more than 128 levels deep; it is refused")
        .with_hint("move deeply nested schemas into `components/schemas` and refer to them with `$ref`")
}

/// A JSON value read leniently: integers beyond 64 bits become floats, as serde_json makes them.
struct Loose(Value);

impl<'de> Deserialize<'de> for Loose {
    fn deserialize<D: Deserializer<'de>>(deserializer: D) -> Result<Self, D::Error> {
        deserializer.deserialize_any(LooseVisitor).map(Loose)
    }
}

struct LooseVisitor;

fn float(f: f64) -> Value {
    // Infinities and NaN (YAML's `.inf`, `.nan`) have no JSON form; serde_json makes them null.
    Number::from_f64(f).map_or(Value::Null, Value::Number)
}

impl<'de> Visitor<'de> for LooseVisitor {
    type Value = Value;

    fn expecting(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.write_str("any YAML value")
    }

    fn visit_bool<E>(self, v: bool) -> Result<Value, E> {
        Ok(Value::Bool(v))
    }

    fn visit_i64<E>(self, v: i64) -> Result<Value, E> {
        Ok(Value::from(v))
    }

    fn visit_u64<E>(self, v: u64) -> Result<Value, E> {
        Ok(Value::from(v))
    }

    fn visit_i128<E>(self, v: i128) -> Result<Value, E> {
        Ok(i64::try_from(v).map_or_else(|_| float(v as f64), Value::from))
    }

    fn visit_u128<E>(self, v: u128) -> Result<Value, E> {
        Ok(u64::try_from(v).map_or_else(|_| float(v as f64), Value::from))
    }

    fn visit_f64<E>(self, v: f64) -> Result<Value, E> {
        Ok(float(v))
    }

    fn visit_str<E>(self, v: &str) -> Result<Value, E> {
        Ok(Value::String(v.to_string()))
    }

    fn visit_string<E>(self, v: String) -> Result<Value, E> {
        Ok(Value::String(v))
    }

    fn visit_none<E>(self) -> Result<Value, E> {
        Ok(Value::Null)
    }

    fn visit_unit<E>(self) -> Result<Value, E> {
        Ok(Value::Null)
    }

    fn visit_some<D: Deserializer<'de>>(self, deserializer: D) -> Result<Value, D::Error> {
        Loose::deserialize(deserializer).map(|l| l.0)
    }

    fn visit_seq<A: SeqAccess<'de>>(self, mut seq: A) -> Result<Value, A::Error> {
        let mut items = Vec::with_capacity(seq.size_hint().unwrap_or(0).min(4096));
        while let Some(Loose(item)) = seq.next_element()? {
            items.push(item);
        }
        Ok(Value::Array(items))
    }

    fn visit_map<A: MapAccess<'de>>(self, mut map: A) -> Result<Value, A::Error> {
        let mut members = Map::new();
        while let Some(key) = map.next_key::<String>()? {
            let Loose(value) = map.next_value()?;
            members.insert(key, value);
        }
        Ok(Value::Object(members))
    }
}

#[cfg(test)]
mod tests {
    use serde_json::json;

    use super::parse_document;

    #[test]
    fn integers_beyond_64_bits_read_as_floats_in_both_formats() {
        let yaml = parse_document("a: -9223372036854776000\nb: 18446744073709551616\nc: 7\nd: .inf\ne: [1, x]\n")
            .expect("reads");
        assert_eq!(
            yaml,
            json!({"a": -9.223372036854776e18, "b": 1.8446744073709552e19, "c": 7, "d": null, "e": [1, "x"]})
        );
        let json = parse_document("{\"a\": -9223372036854776000, \"c\": 7}").expect("reads");
        assert_eq!(json["a"], yaml["a"]);
    }

    #[test]
    fn numeric_yaml_keys_are_strings() {
        assert_eq!(parse_document("200: {description: ok}\n").expect("reads"), json!({"200": {"description": "ok"}}));
    }
}
