//! Numbers of any size, fitted to the 3.0 model. `openapiv3` keeps integer bounds as `i64` and
//! lengths and counts as `usize`; a JSON number that does not fit makes the typed read fail
//! for the whole document (a negative `minLength`), or silently turns a typed schema into an
//! untyped one (an integer `maximum` of 2^63). Real specs hold such numbers (OpenAI's seed
//! bounds are ±9223372036854776000), so each is fitted here, with a warning at its place,
//! and never refused.

use serde_json::{Map, Number, Value};

use super::Pass;
use super::places::{Place, walk};
use crate::diagnostics::Diagnostic;

/// The keywords the model reads as `usize`.
const COUNTS: &[&str] = &["minLength", "maxLength", "minItems", "maxItems", "minProperties", "maxProperties"];

/// 2^63: the first float beyond `i64`. A float at or past ±2^63 was written beyond it.
const TWO_63: f64 = 9_223_372_036_854_775_808.0;
const TWO_64: f64 = 18_446_744_073_709_551_616.0;

/// Fits every numeric keyword of every schema in `document`.
pub fn fit(document: &mut Value) -> Pass {
    let mut pass = Pass::default();
    walk(document, &mut |place, node, pointer| {
        if let (Place::Schema, Value::Object(schema)) = (place, node) {
            fit_schema(schema, pointer, &mut pass.diagnostics);
        }
    });
    pass
}

fn fit_schema(schema: &mut Map<String, Value>, at: &str, out: &mut Vec<Diagnostic>) {
    for key in exclusive_bounds(schema) {
        out.push(
            Diagnostic::warning(
                format!("{at}/{key}"),
                format!("`{key}` is a number (OpenAPI 3.1 style) in a document of an earlier version"),
            )
            .with_hint("read as the bound it names with the exclusive flag set; write `exclusiveMinimum: true` beside `minimum` in 3.0"),
        );
    }
    if schema.get("type").and_then(Value::as_str) == Some("integer") {
        for (key, round) in [("minimum", Round::Up), ("maximum", Round::Down), ("multipleOf", Round::Never)] {
            if let Some(Value::Number(n)) = schema.get(key) {
                match integer(n, round) {
                    Fit::Keep => {}
                    Fit::Exact(v) => {
                        schema.insert(key.into(), Value::from(v));
                    }
                    Fit::Changed(v) => {
                        out.push(changed(at, key, n, &v.to_string(), "a 64-bit integer"));
                        schema.insert(key.into(), Value::from(v));
                    }
                    Fit::Dropped => {
                        out.push(dropped(at, key, n, "a 64-bit integer"));
                        schema.remove(key);
                    }
                }
            }
        }
        fit_integer_enum(schema, at, out);
    }
    for key in COUNTS {
        if let Some(Value::Number(n)) = schema.get(*key) {
            let round = if key.starts_with("min") { Round::Up } else { Round::Down };
            match count(n, round) {
                Fit::Keep => {}
                Fit::Exact(v) => {
                    schema.insert((*key).into(), Value::from(v));
                }
                Fit::Changed(v) => {
                    out.push(changed(at, key, n, &v.to_string(), "a count (a whole number from 0)"));
                    schema.insert((*key).into(), Value::from(v));
                }
                Fit::Dropped => {
                    out.push(dropped(at, key, n, "a count (a whole number from 0)"));
                    schema.remove(*key);
                }
            }
        }
    }
}

/// Integer enums whose values do not all fit `i64` make the model forget the type; values
/// that do not fit are left out of the list.
fn fit_integer_enum(schema: &mut Map<String, Value>, at: &str, out: &mut Vec<Diagnostic>) {
    let Some(Value::Array(values)) = schema.get_mut("enum") else { return };
    let mut kept = Vec::with_capacity(values.len());
    for (i, value) in values.drain(..).enumerate() {
        let Value::Number(n) = &value else {
            kept.push(value);
            continue;
        };
        match integer(n, Round::Never) {
            Fit::Keep => kept.push(value),
            Fit::Exact(v) => kept.push(Value::from(v)),
            Fit::Changed(_) | Fit::Dropped => {
                out.push(
                    Diagnostic::warning(
                        format!("{at}/enum/{i}"),
                        format!(
                            "the value {} of an integer enum does not fit a 64-bit integer; it is left out",
                            written(n)
                        ),
                    )
                    .with_hint("integers are 64-bit in the generated client"),
                );
            }
        }
    }
    if kept.is_empty() {
        schema.remove("enum");
    } else {
        *values = kept;
    }
}

/// OpenAPI 3.1 (JSON Schema 2020-12) writes an exclusive bound as a number of its own; 3.0
/// writes the bound in `minimum` and flags it. Returns the keywords rewritten.
pub fn exclusive_bounds(schema: &mut Map<String, Value>) -> Vec<&'static str> {
    let mut rewritten = Vec::new();
    for (flag, bound, lower) in [("exclusiveMinimum", "minimum", true), ("exclusiveMaximum", "maximum", false)] {
        let Some(Value::Number(exclusive)) = schema.get(flag) else { continue };
        let exclusive = exclusive.clone();
        rewritten.push(flag);
        let e = exclusive.as_f64().unwrap_or_default();
        // With both, the stricter bound wins; an inclusive one stricter than the exclusive
        // one makes the exclusive one redundant.
        let inclusive_wins =
            schema.get(bound).and_then(Value::as_f64).is_some_and(|b| if lower { b > e } else { b < e });
        if inclusive_wins {
            schema.remove(flag);
        } else {
            schema.insert(bound.into(), Value::Number(exclusive));
            schema.insert(flag.into(), Value::Bool(true));
        }
    }
    rewritten
}

#[derive(Clone, Copy)]
enum Round {
    Up,
    Down,
    Never,
}

enum Fit<T> {
    Keep,
    /// The same number in the type the model wants (`5.0` for `5`).
    Exact(T),
    /// The nearest number the model can hold.
    Changed(T),
    Dropped,
}

fn integer(n: &Number, round: Round) -> Fit<i64> {
    if n.is_i64() {
        return Fit::Keep;
    }
    if n.is_u64() {
        return match round {
            Round::Never => Fit::Dropped,
            _ => Fit::Changed(i64::MAX),
        };
    }
    let f = n.as_f64().unwrap_or_default();
    if f <= -TWO_63 || f >= TWO_63 {
        return match round {
            Round::Never => Fit::Dropped,
            _ => Fit::Changed(if f < 0.0 { i64::MIN } else { i64::MAX }),
        };
    }
    // In range, so the casts below are exact.
    match round {
        _ if f.fract() == 0.0 => Fit::Exact(f as i64),
        Round::Up => Fit::Changed(f.ceil() as i64),
        Round::Down => Fit::Changed(f.floor() as i64),
        Round::Never => Fit::Dropped,
    }
}

fn count(n: &Number, round: Round) -> Fit<u64> {
    if let Some(v) = n.as_u64() {
        return if usize::try_from(v).is_ok() { Fit::Keep } else { Fit::Dropped };
    }
    let f = n.as_f64().unwrap_or_default();
    if f < 0.0 {
        // A minimum below zero says nothing; a maximum below zero cannot be met.
        return match round {
            Round::Up => Fit::Changed(0),
            _ => Fit::Dropped,
        };
    }
    if f >= TWO_64 {
        return Fit::Dropped;
    }
    match round {
        _ if f.fract() == 0.0 => Fit::Exact(f as u64),
        Round::Up => Fit::Changed(f.ceil() as u64),
        _ => Fit::Changed(f.floor() as u64),
    }
}

/// A number as a person writes it: a float with a positive exponent spelled out in digits
/// (`-9223372036854776000`, as the spec says, not `-9.223372036854776e+18`).
fn written(n: &Number) -> String {
    let text = n.to_string();
    let Some((mantissa, exponent)) = text.split_once('e') else { return text };
    let Some(exponent) = exponent.trim_start_matches('+').parse::<usize>().ok().filter(|e| *e <= 40) else {
        return text;
    };
    let (sign, digits) = mantissa.strip_prefix('-').map_or(("", mantissa), |m| ("-", m));
    let (whole, fraction) = digits.split_once('.').unwrap_or((digits, ""));
    if fraction.len() > exponent {
        return text;
    }
    format!("{sign}{whole}{fraction}{}", "0".repeat(exponent - fraction.len()))
}

fn changed(at: &str, key: &str, n: &Number, to: &str, want: &str) -> Diagnostic {
    let n = written(n);
    Diagnostic::warning(format!("{at}/{key}"), format!("`{key}: {n}` is not {want}; read as {to}"))
        .with_hint(format!("the generator's model holds `{key}` as {want}; write the nearest such number"))
}

fn dropped(at: &str, key: &str, n: &Number, want: &str) -> Diagnostic {
    let n = written(n);
    Diagnostic::warning(format!("{at}/{key}"), format!("`{key}: {n}` is not {want}; it is ignored"))
        .with_hint(format!("the generator's model holds `{key}` as {want}; write such a number, or leave it out"))
}

#[cfg(test)]
mod tests {
    use serde_json::{Value, json};

    use super::fit;

    fn schema(s: Value) -> Value {
        json!({"openapi": "3.0.3", "components": {"schemas": {"S": s}}})
    }

    #[test]
    fn numbers_the_model_cannot_hold_are_fitted_with_a_warning() {
        let cases = [
            // OpenAI's seed: beyond i64 on both sides.
            (
                json!({"type": "integer", "minimum": -9.223372036854776e18, "maximum": 9.223372036854776e18}),
                json!({"type": "integer", "minimum": i64::MIN, "maximum": i64::MAX}),
                vec!["/components/schemas/S/minimum", "/components/schemas/S/maximum"],
            ),
            (
                json!({"type": "integer", "maximum": 18446744073709551615u64}),
                json!({"type": "integer", "maximum": i64::MAX}),
                vec!["/components/schemas/S/maximum"],
            ),
            (
                json!({"type": "integer", "minimum": 1.0, "maximum": 2.5}),
                json!({"type": "integer", "minimum": 1, "maximum": 2}),
                vec!["/components/schemas/S/maximum"],
            ),
            (
                json!({"type": "integer", "multipleOf": 0.5}),
                json!({"type": "integer"}),
                vec!["/components/schemas/S/multipleOf"],
            ),
            (json!({"type": "number", "minimum": -1e300}), json!({"type": "number", "minimum": -1e300}), vec![]),
            (
                json!({"type": "string", "minLength": -1, "maxLength": 2.0}),
                json!({"type": "string", "minLength": 0, "maxLength": 2}),
                vec!["/components/schemas/S/minLength"],
            ),
            (
                json!({"type": "array", "maxItems": -3, "minItems": 1e30}),
                json!({"type": "array"}),
                vec!["/components/schemas/S/minItems", "/components/schemas/S/maxItems"],
            ),
            (
                json!({"type": "integer", "enum": [1, 2.0, 1e20, null]}),
                json!({"type": "integer", "enum": [1, 2, null]}),
                vec!["/components/schemas/S/enum/2"],
            ),
            (
                json!({"type": "integer", "enum": [1e20]}),
                json!({"type": "integer"}),
                vec!["/components/schemas/S/enum/0"],
            ),
            (
                json!({"type": "integer", "exclusiveMinimum": 0, "exclusiveMaximum": 10, "maximum": 5}),
                json!({"type": "integer", "minimum": 0, "exclusiveMinimum": true, "maximum": 5}),
                vec!["/components/schemas/S/exclusiveMinimum", "/components/schemas/S/exclusiveMaximum"],
            ),
            (
                json!({"properties": {"a": {"type": "integer", "minimum": 1e19}}}),
                json!({"properties": {"a": {"type": "integer", "minimum": i64::MAX}}}),
                vec!["/components/schemas/S/properties/a/minimum"],
            ),
        ];
        for (input, want, pointers) in cases {
            let mut document = schema(input.clone());
            let pass = fit(&mut document);
            assert_eq!(document, schema(want), "{input}");
            let found: Vec<&str> = pass.diagnostics.iter().map(|d| d.location.pointer.as_str()).collect();
            assert_eq!(found, pointers, "{input}");
        }
    }

    #[test]
    fn numbers_are_shown_as_written() {
        let shown = |v: serde_json::Value| super::written(v.as_number().expect("a number"));
        assert_eq!(shown(json!(-9.223372036854776e18)), "-9223372036854776000");
        assert_eq!(shown(json!(1e30)), "1000000000000000000000000000000");
        assert_eq!(shown(json!(2.5)), "2.5");
        assert_eq!(shown(json!(-3)), "-3");
    }

    #[test]
    fn fitted_schemas_read_as_typed_schemas() {
        let mut document = json!({"openapi": "3.0.3", "info": {"title": "t", "version": "1"}, "paths": {},
            "components": {"schemas": {
                "I": {"type": "integer", "minimum": -9.223372036854776e18},
                "S": {"type": "string", "minLength": -1}}}});
        fit(&mut document);
        let api: openapiv3::OpenAPI = serde_json::from_value(document).expect("reads");
        let schemas = api.components.expect("components").schemas;
        let kind = |name: &str| match &schemas[name] {
            openapiv3::ReferenceOr::Item(s) => s.schema_kind.clone(),
            openapiv3::ReferenceOr::Reference { .. } => unreachable!("an item"),
        };
        assert!(matches!(kind("I"), openapiv3::SchemaKind::Type(openapiv3::Type::Integer(_))));
        assert!(matches!(kind("S"), openapiv3::SchemaKind::Type(openapiv3::Type::String(_))));
    }
}
