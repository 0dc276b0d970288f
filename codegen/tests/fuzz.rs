//! Fuzzing the generator with proptest: arbitrary bytes, and specs mutated node by node from
//! a corpus of real ones, go through load, lower and emit. Whatever the input, the result is
//! files or diagnostics: never a panic, and never code that does not parse (an "internal
//! error"). CI runs a bounded number of cases; `FUZZ_CASES=100000 cargo test -p codegen --test
//! fuzz --release` runs longer (docs/robustness.md). Shrunk failures are kept in
//! `proptest-regressions/` and replayed first on every run.

use std::path::Path;

use codegen::config::Config;
use proptest::prelude::*;
use serde_json::Value;

fn cases(default: u32) -> ProptestConfig {
    let cases = std::env::var("FUZZ_CASES").ok().and_then(|c| c.parse().ok()).unwrap_or(default);
    ProptestConfig { cases, max_shrink_iters: 2_000, ..ProptestConfig::default() }
}

/// Runs the whole pipeline; fails the case on a diagnostic that reports a generator bug.
fn pipeline(name: &str, text: String) -> Result<(), TestCaseError> {
    let result = codegen::load::load_str(name, text).and_then(|spec| codegen::generate_from(&spec, &Config::default()));
    let diagnostics = match result {
        Ok(generated) => generated.warnings,
        Err(diagnostics) => diagnostics,
    };
    let rendered = diagnostics.to_string();
    prop_assert!(!rendered.contains("internal error"), "{rendered}");
    Ok(())
}

/// The seeds: every spec of the corpus that parses as a document, good and broken ones.
fn seeds() -> Vec<Value> {
    let root = Path::new(env!("CARGO_MANIFEST_DIR"));
    let mut files: Vec<_> = ["tests/broken", "tests/seeds", "../tests/fixtures/hard-cases"]
        .iter()
        .flat_map(|dir| std::fs::read_dir(root.join(dir)).into_iter().flatten())
        .map(|e| e.unwrap().path())
        .filter(|p| p.extension().is_some_and(|e| e == "yaml" || e == "json"))
        .collect();
    files.sort();
    files
        .iter()
        .filter_map(|p| serde_yaml::from_str::<Value>(&std::fs::read_to_string(p).ok()?).ok())
        .filter(Value::is_object)
        .collect()
}

/// A replacement value: scalars of every type, empty containers, and the shapes specs are
/// made of, including references that point anywhere.
fn replacement() -> impl Strategy<Value = Value> {
    let names = prop_oneof![
        Just("type".to_string()),
        Just("".to_string()),
        Just("1st".to_string()),
        Just("self".to_string()),
        Just("<any part name>".to_string()),
        "[a-zA-Z_/{}<>=. -]{0,12}",
    ];
    let reference = prop_oneof![
        Just("#/components/schemas/Thing".to_string()),
        Just("#".to_string()),
        Just("#/paths".to_string()),
        Just("#/components/schemas/".to_string()),
        // Into components, into paths, of another kind, 2.0's places, other documents.
        Just("#/components/schemas/Thing/properties/a".to_string()),
        Just("#/components/schemas/Pet/$defs/Problem".to_string()),
        Just("#/paths/~1pets".to_string()),
        Just("#/components/pathItems/Pets".to_string()),
        Just("#/components/requestBodies/Problem".to_string()),
        Just("#/definitions/Pet".to_string()),
        Just("#/parameters/pet".to_string()),
        Just("#/responses/error".to_string()),
        Just("other.yaml#/components/schemas/Thing".to_string()),
        "#/[a-z/~01%]{0,20}",
    ];
    prop_oneof![
        Just(Value::Null),
        any::<bool>().prop_map(Value::Bool),
        any::<i64>().prop_map(Value::from),
        any::<f64>().prop_map(|f| serde_json::Number::from_f64(f).map_or(Value::Null, Value::Number)),
        names.clone().prop_map(Value::String),
        Just(serde_json::json!([])),
        Just(serde_json::json!({})),
        reference.prop_map(|r| serde_json::json!({"$ref": r})),
        prop_oneof![
            Just("string"),
            Just("integer"),
            Just("number"),
            Just("boolean"),
            Just("array"),
            Just("object"),
            Just("strnig")
        ]
        .prop_map(|t| serde_json::json!({"type": t})),
        names.clone().prop_map(|n| serde_json::json!({"type": "object", "required": [n.clone()],
            "properties": {n: {"type": "string", "nullable": true}}})),
        names.prop_map(|n| serde_json::json!({"type": "string", "enum": [n, "", "a-b", "a_b", null]})),
        Just(serde_json::json!({"oneOf": [{"type": "string"}, {"$ref": "#/components/schemas/Thing"}],
            "discriminator": {"propertyName": "kind"}})),
        Just(serde_json::json!({"allOf": [{"$ref": "#/components/schemas/Thing"}, {"type": "object"}]})),
        Just(serde_json::json!({"type": "array", "items": {"$ref": "#/components/schemas/Thing"}})),
        // What 2.0 and 3.1 documents hold, and numbers the 3.0 model cannot.
        Just(serde_json::json!({"type": ["string", "integer", "null"], "const": 1, "examples": [1]})),
        Just(serde_json::json!({"type": "null"})),
        Just(serde_json::json!({"type": "array", "prefixItems": [{"type": "string"}, true], "items": false})),
        Just(serde_json::json!({"$ref": "#/components/schemas/Thing", "nullable": true, "allOf": {}})),
        Just(serde_json::json!({"type": "integer", "minimum": -9.3e18, "maximum": 1.5, "enum": [1e20],
            "exclusiveMinimum": 3, "minLength": -1})),
        Just(serde_json::json!({"if": {}, "then": {}, "patternProperties": {"^a": {}, "^b": {}}, "$defs": {"X": {}}})),
        Just(serde_json::json!({"name": "b", "in": "body", "schema": {"type": "file"}})),
        Just(serde_json::json!({"name": "f", "in": "formData", "type": "array", "items": {"type": "file"},
            "collectionFormat": "tsv"})),
        Just(serde_json::json!({"type": "string", "x-nullable": true, "discriminator": "kind"})),
        Just(serde_json::json!({"description": "ok", "schema": {"type": "file"}, "headers": {"X": {"type": "array"}}})),
    ]
}

/// One edit of a document: `path` picks a node by walking child indexes (modulo the number of
/// children), `op` says what to do there.
#[derive(Debug, Clone)]
enum Edit {
    Replace(Vec<usize>, Value),
    Remove(Vec<usize>),
    Duplicate(Vec<usize>, Vec<usize>),
}

fn edit() -> impl Strategy<Value = Edit> {
    let path = prop::collection::vec(0usize..64, 0..10);
    prop_oneof![
        3 => (path.clone(), replacement()).prop_map(|(p, v)| Edit::Replace(p, v)),
        1 => path.clone().prop_map(Edit::Remove),
        1 => (path.clone(), path).prop_map(|(a, b)| Edit::Duplicate(a, b)),
    ]
}

/// The node at `path`, stopping early at a leaf.
fn node_mut<'v>(mut at: &'v mut Value, path: &[usize]) -> &'v mut Value {
    for &i in path {
        let len = match at {
            Value::Object(m) => m.len(),
            Value::Array(a) => a.len(),
            _ => 0,
        };
        if len == 0 {
            break;
        }
        at = match at {
            Value::Object(m) => m.values_mut().nth(i % len).expect("in range"),
            Value::Array(a) => &mut a[i % len],
            _ => unreachable!("leaves have no children"),
        };
    }
    at
}

fn apply(doc: &mut Value, edit: &Edit) {
    match edit {
        Edit::Replace(path, value) => *node_mut(doc, path) = value.clone(),
        Edit::Remove(path) => {
            let (last, parent) = match path.split_last() {
                Some((last, parent)) => (*last, parent),
                None => return,
            };
            match node_mut(doc, parent) {
                Value::Object(m) if !m.is_empty() => {
                    let key = m.keys().nth(last % m.len()).cloned().expect("in range");
                    m.remove(&key);
                }
                Value::Array(a) if !a.is_empty() => {
                    let len = a.len();
                    a.remove(last % len);
                }
                _ => {}
            }
        }
        Edit::Duplicate(from, to) => {
            let copy = node_mut(doc, from).clone();
            *node_mut(doc, to) = copy;
        }
    }
}

proptest! {
    #![proptest_config(cases(2_000))]

    /// Any bytes, read as YAML or JSON.
    #[test]
    fn arbitrary_bytes(bytes in prop::collection::vec(any::<u8>(), 0..512), json in any::<bool>()) {
        let name = if json { "fuzz.json" } else { "fuzz.yaml" };
        pipeline(name, String::from_utf8_lossy(&bytes).into_owned())?;
    }

    /// Text that looks like a spec: a valid header of each version read, followed by
    /// arbitrary YAML-ish lines.
    #[test]
    fn spec_like_text(
        version in prop_oneof![Just("openapi: 3.0.3"), Just("openapi: 3.1.0"), Just("swagger: '2.0'")],
        body in "([ a-z{}\\[\\]:,'\"$#/0-9-]{0,40}\n){0,20}",
    ) {
        pipeline("fuzz.yaml", format!("{version}\ninfo: {{title: t, version: '1'}}\n{body}"))?;
    }
}

proptest! {
    #![proptest_config(cases(1_000))]

    /// A corpus spec with up to eight random edits.
    #[test]
    fn mutated_specs(seed in any::<prop::sample::Index>(), edits in prop::collection::vec(edit(), 1..8)) {
        let seeds = seeds();
        let mut doc = seed.get(&seeds).clone();
        for edit in &edits {
            apply(&mut doc, edit);
        }
        pipeline("fuzz.json", doc.to_string())?;
    }
}
