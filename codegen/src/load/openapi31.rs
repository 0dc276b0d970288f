//! OpenAPI 3.1 to 3.0, at the JSON level. 3.1 schemas are JSON Schema 2020-12; the 3.0 model
//! reads a subset of an older draft with OpenAPI's own `nullable`. Most of the difference is
//! spelling and converts without loss (`type: [T, "null"]` is `T` with `nullable`, `const` a
//! one-value `enum`, a numeric `exclusiveMinimum` a flagged `minimum`); what has no 3.0 form
//! (tuples, conditionals, `unevaluatedProperties`...) is dropped with a warning at its place.
//!
//! Schemas are converted children first, so a parent sees converted members and every
//! warning names the pointer of the document as written. Webhooks (requests the API sends,
//! not calls a client makes) are listed for the report and removed. References to
//! `components/pathItems` are left for the reference pass, which writes them in place.

use serde_json::{Map, Value};

use super::locate::escape_token;
use super::numbers::exclusive_bounds;
use super::places::{Place, walk};
use super::{Moves, Pass};
use crate::diagnostics::Diagnostic;

/// The dialect a 3.1 document's schemas follow unless it says otherwise.
const OAS_DIALECT: &str = "https://spec.openapis.org/oas/3.1/dialect/base";

const METHODS: &[&str] = &["get", "put", "post", "delete", "options", "head", "patch", "trace"];

/// Converts a 3.1 document in place; also returns its webhook operations (`POST name`).
pub fn convert(document: &mut Value) -> (Pass, Vec<String>) {
    let mut pass = Pass::default();
    let webhooks = take_webhooks(document, &mut pass.diagnostics);
    walk(document, &mut |place, node, pointer| convert_node(place, node, pointer, &mut pass));
    let Some(root) = document.as_object_mut() else { return (pass, webhooks) };
    root.insert("openapi".into(), "3.0.3".into());
    // 3.1 makes `paths` optional (a document of webhooks or components only).
    root.entry("paths").or_insert_with(|| Value::Object(Map::new()));
    if let Some(Value::Object(info)) = root.get_mut("info") {
        // Neither means anything to a client: dropped without a word.
        info.remove("summary");
        if let Some(Value::Object(license)) = info.get_mut("license") {
            license.remove("identifier");
        }
    }
    if let Some(dialect) = root.remove("jsonSchemaDialect") {
        if dialect.as_str() != Some(OAS_DIALECT) {
            pass.diagnostics.push(
                Diagnostic::warning(
                    "/jsonSchemaDialect",
                    format!("schemas are read as the OpenAPI 3.1 dialect, not {dialect}"),
                )
                .with_hint("keywords of other dialects are ignored; write the schemas in the OpenAPI dialect"),
            );
        }
    }
    if let Some(Value::Object(schemes)) = root.get_mut("components").and_then(|c| c.get_mut("securitySchemes")) {
        let mutual: Vec<String> = schemes
            .iter()
            .filter(|(_, s)| s.get("type").and_then(Value::as_str) == Some("mutualTLS"))
            .map(|(name, _)| name.clone())
            .collect();
        for name in mutual {
            schemes.remove(&name);
            pass.diagnostics.push(
                Diagnostic::warning(
                    format!("/components/securitySchemes/{}", escape_token(&name)),
                    "mutual TLS is not a scheme the client can configure; it is left out",
                )
                .with_hint("give the HTTP client its certificate yourself"),
            );
        }
    }
    (pass, webhooks)
}

/// Lists and removes the webhooks, with one warning for all of them.
fn take_webhooks(document: &mut Value, out: &mut Vec<Diagnostic>) -> Vec<String> {
    let Some(Value::Object(hooks)) = document.as_object_mut().and_then(|d| d.remove("webhooks")) else {
        return Vec::new();
    };
    let mut found = Vec::new();
    for (name, item) in &hooks {
        // A webhook's path item may be a reference to `components/pathItems`.
        let item = match item.get("$ref").and_then(Value::as_str).and_then(|r| r.strip_prefix('#')) {
            Some(pointer) => document.pointer(pointer).unwrap_or(item),
            None => item,
        };
        for method in METHODS.iter().filter(|m| item.get(**m).is_some()) {
            found.push(format!("{} {name}", method.to_ascii_uppercase()));
        }
    }
    if !found.is_empty() {
        out.push(
            Diagnostic::warning("/webhooks", format!("{} webhook operation(s) are not generated", found.len()))
                .with_hint(
                    "webhooks are requests the API sends to you, not calls a client makes; the report lists them",
                ),
        );
    }
    found
}

fn convert_node(place: Place, node: &mut Value, at: &str, pass: &mut Pass) {
    if place != Place::Schema {
        return;
    }
    match node {
        // A boolean schema: `true` takes anything, `false` nothing.
        Value::Bool(true) => *node = Value::Object(Map::new()),
        Value::Bool(false) => *node = serde_json::json!({"not": {}}),
        Value::Object(schema) => convert_schema(schema, at, pass),
        _ => {}
    }
}

/// Converts one schema whose members are converted already. Keywords that move (into the
/// alternatives of a type list, under `allOf`) are recorded in the pass's moves.
fn convert_schema(schema: &mut Map<String, Value>, at: &str, pass: &mut Pass) {
    let moves = &mut pass.moves;
    let mut warn = |key: &str, message: String, hint: &str| {
        pass.diagnostics.push(Diagnostic::warning(format!("{at}/{key}"), message).with_hint(hint));
    };
    // Identifiers and comments: the generator resolves only `#/...` pointers, so a base URI
    // changes nothing it reads.
    for key in ["$schema", "$id", "$anchor", "$dynamicAnchor", "$comment", "$vocabulary", "contentSchema"] {
        schema.remove(key);
    }
    // Keys of a map are Rust strings whatever their constraints; nothing of them is checked.
    schema.remove("propertyNames");
    if let Some(value) = schema.remove("const") {
        schema.insert("enum".into(), Value::Array(vec![value]));
    }
    if let Some(Value::Array(examples)) = schema.get("examples") {
        if let Some(first) = examples.first().cloned() {
            schema.entry("example").or_insert(first);
        }
        schema.remove("examples");
    }
    exclusive_bounds(schema);
    content_encoding(schema);
    tuples(schema, at, &mut warn, moves);
    for (key, what) in [
        ("if", "conditional schemas (`if`/`then`/`else`)"),
        ("dependentRequired", "`dependentRequired`"),
        ("dependentSchemas", "`dependentSchemas`"),
        ("contains", "`contains`"),
        ("$dynamicRef", "`$dynamicRef`"),
    ] {
        if schema.contains_key(key) {
            warn(
                key,
                format!("{what} cannot be expressed in OpenAPI 3.0; ignored"),
                "the generated type accepts values the schema would refuse; describe the cases with `oneOf` if they matter",
            );
        }
    }
    for key in [
        "if",
        "then",
        "else",
        "dependentRequired",
        "dependentSchemas",
        "contains",
        "minContains",
        "maxContains",
        "$dynamicRef",
    ] {
        schema.remove(key);
    }
    for key in ["unevaluatedProperties", "unevaluatedItems"] {
        match schema.remove(key) {
            Some(Value::Bool(true)) | None => {}
            Some(Value::Object(o)) if o.is_empty() => {}
            Some(_) => warn(
                key,
                format!("`{key}` cannot be expressed in OpenAPI 3.0; ignored"),
                "write the members with `properties` and `additionalProperties` instead",
            ),
        }
    }
    if let Some(patterns) = schema.remove("patternProperties") {
        match patterns {
            Value::Object(patterns) if patterns.len() == 1 && !schema.contains_key("additionalProperties") => {
                let (pattern, value) = patterns.into_iter().next().unwrap_or_default();
                schema.insert("additionalProperties".into(), value);
                moves.copied(
                    &format!("{at}/additionalProperties"),
                    &format!("{at}/patternProperties/{}", escape_token(&pattern)),
                );
                warn(
                    "patternProperties",
                    format!("members whose names match `{pattern}` are read as a map of any name"),
                    "names are not checked against the pattern",
                );
            }
            _ => warn(
                "patternProperties",
                "`patternProperties` cannot be expressed in OpenAPI 3.0; ignored".into(),
                "write the members with `properties` or `additionalProperties` instead",
            ),
        }
    }
    types(schema, at, &mut warn, moves);
    if null_alternative(schema) {
        schema.insert("nullable".into(), Value::Bool(true));
    }
    reference_siblings(schema, at, moves);
}

/// `contentEncoding` / `contentMediaType` on a string say it carries bytes: 3.0's `format`.
fn content_encoding(schema: &mut Map<String, Value>) {
    let encoding = schema.remove("contentEncoding");
    let media = schema.remove("contentMediaType");
    if encoding.is_none() && media.is_none() {
        return;
    }
    let string = match schema.get("type") {
        Some(Value::String(t)) => t == "string",
        Some(Value::Array(types)) => types.iter().any(|t| t == "string"),
        _ => true,
    };
    // A string holding JSON or text is still text.
    let textual = media.as_ref().and_then(Value::as_str).is_some_and(|m| m.starts_with("text/") || m.contains("json"));
    let format = match encoding.as_ref().and_then(Value::as_str) {
        Some("base64" | "base64url") => "byte",
        Some(_) => "binary",
        None if textual => return,
        None => "binary",
    };
    if string {
        schema.entry("format").or_insert_with(|| format.into());
    }
}

/// Tuples (`prefixItems`, or `items` as a list in older drafts) have no 3.0 form: the list's
/// items are the one schema all positions share, or anything.
fn tuples(schema: &mut Map<String, Value>, at: &str, warn: &mut impl FnMut(&str, String, &str), moves: &mut Moves) {
    let (key, rest_key) = if schema.contains_key("prefixItems") {
        ("prefixItems", "items")
    } else if schema.get("items").is_some_and(Value::is_array) {
        ("items", "additionalItems")
    } else {
        // A lone `items: true` is a list of anything; `items: false` an empty list.
        if let Some(Value::Bool(open)) = schema.get("items").cloned() {
            schema.remove("items");
            if !open {
                warn(
                    "items",
                    "`items: false` (always empty) cannot be expressed in OpenAPI 3.0; read as a list of anything"
                        .into(),
                    "leave `items` out, or give the schema of the items",
                );
            }
        }
        return;
    };
    let Some(Value::Array(positions)) = schema.remove(key) else { return };
    let rest = match schema.remove(rest_key) {
        Some(Value::Object(o)) => Some(Value::Object(o)),
        _ => None,
    };
    schema.remove("additionalItems");
    let mut all = positions.iter().chain(rest.as_ref());
    let first = all.next().cloned();
    let shared = match first {
        Some(first) if all.all(|p| *p == first) => first,
        _ => Value::Object(Map::new()),
    };
    let read = if shared.as_object().is_some_and(Map::is_empty) {
        "a list of anything"
    } else {
        moves.copied(&format!("{at}/items"), &format!("{at}/{key}/0"));
        "a list of the one schema its positions share"
    };
    schema.insert("items".into(), shared);
    warn(
        key,
        format!("a tuple (`{key}`) is read as {read}"),
        "the generated type is a list; positions are not typed one by one",
    );
}

/// Keywords that belong to one JSON type, moved to that type's alternative when a type list
/// becomes a `oneOf`.
fn keywords_of(typ: &str) -> &'static [&'static str] {
    match typ {
        "string" => &["minLength", "maxLength", "pattern"],
        "integer" | "number" => &["minimum", "maximum", "exclusiveMinimum", "exclusiveMaximum", "multipleOf"],
        "array" => &["items", "minItems", "maxItems", "uniqueItems"],
        "object" => &["properties", "required", "additionalProperties", "minProperties", "maxProperties"],
        _ => &[],
    }
}

fn of_type(value: &Value, typ: &str) -> bool {
    match typ {
        "string" => value.is_string(),
        "integer" => value.is_i64() || value.is_u64() || value.as_f64().is_some_and(|f| f.fract() == 0.0),
        "number" => value.is_number(),
        "boolean" => value.is_boolean(),
        "array" => value.is_array(),
        "object" => value.is_object(),
        _ => false,
    }
}

fn format_of(format: &str, typ: &str) -> bool {
    let numeric = matches!(format, "int32" | "int64" | "float" | "double");
    match typ {
        "integer" | "number" => numeric,
        "string" => !numeric,
        _ => false,
    }
}

/// `type: "null"` and type lists, in 3.0's terms.
fn types(schema: &mut Map<String, Value>, at: &str, warn: &mut impl FnMut(&str, String, &str), moves: &mut Moves) {
    let listed: Vec<String> = match schema.get("type") {
        Some(Value::String(t)) if t == "null" => vec!["null".into()],
        Some(Value::Array(list)) if list.iter().all(Value::is_string) => {
            let mut seen = Vec::new();
            for t in list.iter().filter_map(Value::as_str) {
                if !seen.iter().any(|s| s == t) {
                    seen.push(t.to_string());
                }
            }
            seen
        }
        // A single type, or a list with something other than names: the typed read decides.
        _ => return,
    };
    let nullable = listed.iter().any(|t| t == "null");
    let real: Vec<&String> = listed.iter().filter(|t| *t != "null").collect();
    schema.remove("type");
    if nullable {
        schema.insert("nullable".into(), Value::Bool(true));
    }
    match real.as_slice() {
        // Only `null`: lower takes `enum: [null]` for the null alternative of a union.
        [] => {
            schema.insert("enum".into(), Value::Array(vec![Value::Null]));
        }
        [one] => {
            schema.insert("type".into(), Value::String((*one).clone()));
        }
        many if schema.contains_key("oneOf") => {
            let list = many.iter().map(|t| t.as_str()).collect::<Vec<_>>().join(", ");
            warn(
                "type",
                format!("the type list [{list}] beside a `oneOf` is left to the `oneOf`"),
                "give each alternative of the `oneOf` its type",
            );
        }
        many => {
            let mut alternatives = Vec::new();
            for (i, typ) in many.iter().enumerate() {
                let mut alternative = Map::new();
                alternative.insert("type".into(), Value::String((*typ).clone()));
                for key in keywords_of(typ) {
                    if let Some(value) = schema.get(*key) {
                        alternative.insert((*key).into(), value.clone());
                        moves.copied(&format!("{at}/oneOf/{i}/{key}"), &format!("{at}/{key}"));
                    }
                }
                if let Some(format) = schema.get("format").and_then(Value::as_str).filter(|f| format_of(f, typ)) {
                    alternative.insert("format".into(), format.into());
                }
                if let Some(Value::Array(values)) = schema.get("enum") {
                    let values: Vec<Value> = values.iter().filter(|v| of_type(v, typ)).cloned().collect();
                    if !values.is_empty() {
                        alternative.insert("enum".into(), Value::Array(values));
                    }
                }
                alternatives.push(Value::Object(alternative));
            }
            for typ in many {
                for key in keywords_of(typ) {
                    schema.remove(*key);
                }
            }
            schema.remove("format");
            schema.remove("enum");
            schema.insert("oneOf".into(), Value::Array(alternatives));
        }
    }
}

/// Whether a `oneOf`/`anyOf` has an alternative that is only `null`, or that takes `null`
/// too: 3.0 says that with `nullable` on the union.
fn null_alternative(schema: &Map<String, Value>) -> bool {
    ["oneOf", "anyOf"].iter().filter_map(|k| schema.get(*k).and_then(Value::as_array)).flatten().any(|alternative| {
        let only_null = alternative.get("type").is_none()
            && alternative
                .get("enum")
                .and_then(Value::as_array)
                .is_some_and(|e| !e.is_empty() && e.iter().all(Value::is_null));
        only_null || alternative.get("nullable") == Some(&Value::Bool(true))
    })
}

/// Whether the schema at `pointer` is an alternative of a `oneOf`/`anyOf`.
fn is_alternative(pointer: &str) -> bool {
    let mut tokens = pointer.rsplit('/');
    let index = tokens.next().is_some_and(|t| t.parse::<usize>().is_ok());
    index && matches!(tokens.next(), Some("oneOf" | "anyOf"))
}

/// Members beside a `$ref` count in 3.1 and are ignored in 3.0. Documentation is dropped (the
/// referenced schema has its own); anything that changes the value is kept by referring
/// through `allOf`, which lower reads as the referenced type with these members.
///
/// An alternative of a union stays a bare reference, as 3.0 reads it: lower names the
/// variant after the component and maps discriminator values to it only through the
/// reference. Its `nullable` stays for the union (see [`null_alternative`]); nothing else
/// beside it changes which values the union takes.
fn reference_siblings(schema: &mut Map<String, Value>, at: &str, moves: &mut Moves) {
    if !schema.contains_key("$ref") {
        return;
    }
    let alternative = is_alternative(at);
    let documentation = |key: &str| {
        matches!(key, "$ref" | "description" | "summary" | "title" | "example" | "examples") || key.starts_with("x-")
    };
    if alternative {
        schema.retain(|k, _| k == "$ref" || k == "nullable");
        return;
    }
    if schema.keys().all(|k| documentation(k)) {
        schema.retain(|k, _| k == "$ref");
        return;
    }
    let Some(reference) = schema.remove("$ref") else { return };
    let reference = serde_json::json!({ "$ref": reference });
    moves.record(format!("{at}/allOf/0"), at);
    match schema.get_mut("allOf") {
        Some(Value::Array(parts)) => {
            for i in 0..parts.len() {
                moves.record(format!("{at}/allOf/{}", i + 1), format!("{at}/allOf/{i}"));
            }
            parts.insert(0, reference);
        }
        _ => {
            schema.insert("allOf".into(), Value::Array(vec![reference]));
        }
    }
}

#[cfg(test)]
mod tests {
    use serde_json::{Value, json};

    use super::convert;

    fn with_schema(schema: Value) -> Value {
        json!({"openapi": "3.1.0", "info": {"title": "t", "version": "1"}, "paths": {},
            "components": {"schemas": {"S": schema}}})
    }

    #[test]
    fn schemas_convert_to_3_0() {
        // (3.1 schema, 3.0 schema, warning pointers under /components/schemas/S)
        let cases = [
            (json!({"type": ["string", "null"]}), json!({"type": "string", "nullable": true}), vec![]),
            (json!({"type": ["integer"]}), json!({"type": "integer"}), vec![]),
            (json!({"type": "null"}), json!({"nullable": true, "enum": [null]}), vec![]),
            (
                json!({"type": ["string", "integer", "null"], "format": "int64", "minimum": 1, "maxLength": 3, "enum": ["a", 1, null], "description": "d"}),
                json!({"nullable": true, "description": "d", "oneOf": [
                    {"type": "string", "maxLength": 3, "enum": ["a"]},
                    {"type": "integer", "minimum": 1, "format": "int64", "enum": [1]}]}),
                vec![],
            ),
            (
                json!({"type": ["array", "object"], "items": {"type": "string"}, "properties": {"a": {"const": 1}}}),
                json!({"oneOf": [{"type": "array", "items": {"type": "string"}}, {"type": "object", "properties": {"a": {"enum": [1]}}}]}),
                vec![],
            ),
            (json!({"const": "x", "examples": ["a", "b"]}), json!({"enum": ["x"], "example": "a"}), vec![]),
            (
                json!({"type": "number", "exclusiveMinimum": 0, "exclusiveMaximum": 1}),
                json!({"type": "number", "minimum": 0, "exclusiveMinimum": true, "maximum": 1, "exclusiveMaximum": true}),
                vec![],
            ),
            (
                json!({"anyOf": [{"$ref": "#/components/schemas/T"}, {"type": "null"}]}),
                json!({"anyOf": [{"$ref": "#/components/schemas/T"}, {"nullable": true, "enum": [null]}], "nullable": true}),
                vec![],
            ),
            (
                json!({"$ref": "#/components/schemas/T", "description": "d", "x-y": 1}),
                json!({"$ref": "#/components/schemas/T"}),
                vec![],
            ),
            (
                json!({"oneOf": [{"$ref": "#/components/schemas/T", "type": "object", "title": "t"},
                    {"$ref": "#/components/schemas/U", "nullable": true, "deprecated": true}], "discriminator": {"propertyName": "k"}}),
                json!({"oneOf": [{"$ref": "#/components/schemas/T"}, {"$ref": "#/components/schemas/U", "nullable": true}],
                    "discriminator": {"propertyName": "k"}, "nullable": true}),
                vec![],
            ),
            (
                json!({"$ref": "#/components/schemas/T", "type": ["object", "null"], "default": {}}),
                json!({"allOf": [{"$ref": "#/components/schemas/T"}], "type": "object", "nullable": true, "default": {}}),
                vec![],
            ),
            (
                json!({"type": "array", "prefixItems": [{"type": "string"}, {"type": "string"}]}),
                json!({"type": "array", "items": {"type": "string"}}),
                vec!["/prefixItems"],
            ),
            (
                json!({"type": "array", "prefixItems": [{"type": "string"}, {"type": "integer"}], "items": false}),
                json!({"type": "array", "items": {}}),
                vec!["/prefixItems"],
            ),
            (
                json!({"type": "string", "contentEncoding": "base64"}),
                json!({"type": "string", "format": "byte"}),
                vec![],
            ),
            (
                json!({"type": "string", "contentMediaType": "image/png"}),
                json!({"type": "string", "format": "binary"}),
                vec![],
            ),
            (json!({"type": "string", "contentMediaType": "application/json"}), json!({"type": "string"}), vec![]),
            (
                json!({"type": "object", "properties": {"a": true, "b": false}, "additionalProperties": false}),
                json!({"type": "object", "properties": {"a": {}, "b": {"not": {}}}, "additionalProperties": false}),
                vec![],
            ),
            (
                json!({"type": "object", "if": {"required": ["a"]}, "then": {}, "dependentRequired": {"a": ["b"]},
                    "unevaluatedProperties": false, "contains": {}, "$schema": "x", "$id": "y", "propertyNames": {"pattern": "^a"}}),
                json!({"type": "object"}),
                vec!["/if", "/dependentRequired", "/contains", "/unevaluatedProperties"],
            ),
            (
                json!({"type": "object", "patternProperties": {"^x-": {"type": "string"}}}),
                json!({"type": "object", "additionalProperties": {"type": "string"}}),
                vec!["/patternProperties"],
            ),
            (json!({"type": ["strnig", "null"]}), json!({"type": "strnig", "nullable": true}), vec![]),
        ];
        for (input, want, warnings) in cases {
            let mut document = with_schema(input.clone());
            let (pass, _) = convert(&mut document);
            assert_eq!(document["components"]["schemas"]["S"], want, "{input}");
            let found: Vec<String> = pass.diagnostics.iter().map(|d| d.location.pointer.clone()).collect();
            let want: Vec<String> = warnings.iter().map(|w| format!("/components/schemas/S{w}")).collect();
            assert_eq!(found, want, "{input}");
        }
    }

    #[test]
    fn moved_keywords_lead_back_to_where_they_were_written() {
        let mut document = with_schema(json!({"type": ["array", "object"], "items": {"type": "strnig"},
            "properties": {"a": {"$ref": "#/components/schemas/T", "default": 1}}}));
        let (pass, _) = convert(&mut document);
        let cases = [
            ("/components/schemas/S/oneOf/0/items/type", "/components/schemas/S/items/type"),
            ("/components/schemas/S/oneOf/1/properties/a/allOf/0", "/components/schemas/S/properties/a"),
        ];
        for (converted, original) in cases {
            assert_eq!(pass.moves.original(converted), original);
        }
    }

    #[test]
    fn documents_convert_to_3_0() {
        let mut document = json!({
            "openapi": "3.1.0",
            "jsonSchemaDialect": "https://json-schema.org/draft/2020-12/schema",
            "info": {"title": "t", "version": "1", "summary": "s", "license": {"name": "MIT", "identifier": "MIT"}},
            "webhooks": {"newPet": {"post": {"responses": {}}, "put": {"responses": {}}}, "ref": {"$ref": "#/components/pathItems/P"}},
            "components": {"pathItems": {"P": {"get": {"responses": {}}}},
                "securitySchemes": {"tls": {"type": "mutualTLS"}, "key": {"type": "apiKey", "name": "k", "in": "header"}}},
        });
        let (pass, webhooks) = convert(&mut document);
        assert_eq!(webhooks, ["PUT newPet", "POST newPet", "GET ref"]);
        assert_eq!(
            document,
            json!({
                "openapi": "3.0.3",
                "info": {"title": "t", "version": "1", "license": {"name": "MIT"}},
                "paths": {},
                "components": {"pathItems": {"P": {"get": {"responses": {}}}},
                    "securitySchemes": {"key": {"type": "apiKey", "name": "k", "in": "header"}}},
            })
        );
        let found: Vec<&str> = pass.diagnostics.iter().map(|d| d.location.pointer.as_str()).collect();
        assert_eq!(found, ["/webhooks", "/jsonSchemaDialect", "/components/securitySchemes/tls"]);
    }
}
