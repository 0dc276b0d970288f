//! Specs far larger or deeper than real ones finish, on a test thread's small stack, with
//! output or a clear refusal. Time and memory are measured in BENCHMARKS.md, not here; these
//! tests only require that the work ends (a quadratic pass or unbounded recursion would not).

use codegen::config::Config;
use serde_json::{Value, json};

fn spec(paths: Value, schemas: Value) -> String {
    json!({
        "openapi": "3.0.3",
        "info": {"title": "Enormous", "version": "1"},
        "servers": [{"url": "https://api.example.com"}],
        "paths": paths,
        "components": {"schemas": schemas},
    })
    .to_string()
}

fn get(path_index: usize, schema: Value) -> (String, Value) {
    let op = json!({"get": {"operationId": format!("get-{path_index}"), "responses": {"200": {
        "description": "ok", "content": {"application/json": {"schema": schema}}}}}});
    (format!("/things/{path_index}"), op)
}

fn generate(text: String) -> Result<codegen::Generated, codegen::diagnostics::Diagnostics> {
    codegen::load::load_str("enormous.json", text).and_then(|s| codegen::generate_from(&s, &Config::default()))
}

/// 50,000 schemas, each referring to the next (one chain through all of them) and to one
/// other: every schema is reached, and lowering must not recurse along the chain.
#[test]
fn fifty_thousand_schemas_in_one_chain() {
    const N: usize = 50_000;
    let schemas: serde_json::Map<String, Value> = (0..N)
        .map(|i| {
            let schema = json!({"type": "object", "required": ["n"], "properties": {
                format!("field_{i}"): {"type": "string"},
                "n": {"type": "integer"},
                "next": {"$ref": format!("#/components/schemas/S{}", (i + 1) % N)},
                "other": {"$ref": format!("#/components/schemas/S{}", (i * 7919) % N)},
            }});
            (format!("S{i}"), schema)
        })
        .collect();
    let paths: serde_json::Map<String, Value> =
        (0..N).step_by(500).map(|i| get(i, json!({"$ref": format!("#/components/schemas/S{i}")}))).collect();
    let generated = generate(spec(Value::Object(paths), Value::Object(schemas))).expect("generates");
    let structs: usize = generated.files.iter().map(|(_, text)| text.matches("pub struct S").count()).sum();
    assert_eq!(structs, N, "every schema is a type");
}

/// Inline objects 120 levels deep (the parsers refuse more than 128), on a 2 MiB test stack.
#[test]
fn nesting_just_under_the_parser_limit() {
    let mut schema = json!({"type": "string"});
    for _ in 0..40 {
        // Three levels of JSON per object level: the object, `properties`, the property.
        schema = json!({"type": "object", "properties": {"child": schema}});
    }
    let (path, op) = get(0, schema);
    let generated = generate(spec(json!({ path: op }), json!({}))).expect("generates");
    assert!(generated.files.iter().any(|(_, text)| text.contains("ChildChildChild")));
}
