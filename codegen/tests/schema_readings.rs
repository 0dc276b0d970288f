//! How the generator reads schemas that write one thing two ways, each as a small spec whose
//! one operation's body is the schema: the fields the params type gets (Rust type and whether
//! required), and the values the generated tests build for them, which must keep the
//! schema's rules.

use codegen::config::Config;
use codegen::ir::{Api, Field, TypeKind, TypeRef};
use serde_json::{Value, json};

/// A spec whose one operation takes `schema` as its JSON body.
fn api(schema: Value) -> Api {
    let spec = json!({
        "openapi": "3.0.3",
        "info": {"title": "t", "version": "1"},
        "paths": {"/things": {"post": {
            "operationId": "createThing",
            "requestBody": {"required": true, "content": {"application/json": {"schema": schema}}},
            "responses": {"204": {"description": "done"}}
        }}}
    });
    let spec = codegen::load::load_str("spec.json", spec.to_string()).expect("the spec loads");
    codegen::lower::lower(&spec, &Config::default()).expect("the spec lowers").0
}

fn body_fields(api: &Api) -> Vec<Field> {
    let op = &api.root.walk().into_iter().flat_map(|r| r.operations.clone()).next().expect("an operation");
    let Some(TypeRef::Named(id)) = op.params else { panic!("no params") };
    let TypeKind::Params { body, .. } = &api.types[id].kind else { panic!("not params") };
    body.clone()
}

/// A type reference as a short text: `[T]` for lists, `{name!: T, ..}` for a struct (`!`:
/// required), `A|B` for a union.
fn describe(api: &Api, ty: &TypeRef) -> String {
    match ty {
        TypeRef::List(item) => format!("[{}]", describe(api, item)),
        TypeRef::Boxed(inner) | TypeRef::Option(inner) => describe(api, inner),
        TypeRef::Named(id) => match &api.types[*id].kind {
            TypeKind::Struct { fields } => {
                let fields: Vec<String> = fields
                    .iter()
                    .map(|f| format!("{}{}: {}", f.wire_name, if f.required { "!" } else { "" }, describe(api, &f.ty)))
                    .collect();
                format!("{{{}}}", fields.join(","))
            }
            // The catch-all alternative every union has is left out.
            TypeKind::Union { variants, fallback, .. } => variants
                .iter()
                .enumerate()
                .filter(|(i, _)| i != fallback)
                .map(|(_, v)| describe(api, &v.ty))
                .collect::<Vec<_>>()
                .join("|"),
            TypeKind::Alias(inner) => describe(api, inner),
            TypeKind::Enum { .. } => "enum".into(),
            TypeKind::Params { .. } => "params".into(),
        },
        other => format!("{other:?}"),
    }
}

#[test]
fn schemas_written_two_ways_are_read_as_their_values_must_be() {
    // (what, the body schema, each body field as `name!: type` (`!`: required))
    let cases: Vec<(&str, Value, &str)> = vec![
        (
            "`type: array` wins over `anyOf` alternatives that only describe objects",
            json!({"type": "object", "required": ["configurations"], "properties": {"configurations": {
                "type": "array",
                "anyOf": [{"properties": {"ip": {"type": "string"}}}, {"properties": {"cidr": {"type": "string"}}}],
                "items": {"anyOf": [
                    {"properties": {"ip": {"type": "string"}}, "required": ["ip"]},
                    {"properties": {"cidr": {"type": "string"}}, "required": ["cidr"]}
                ]}
            }}}),
            "configurations!: [{ip!: String}|{cidr!: String}]",
        ),
        (
            "`type: array` wins over `properties` written beside `items`",
            json!({"type": "object", "properties": {"metrics": {
                "type": "array", "items": {}, "properties": {"items": {"type": "number"}}
            }}}),
            "metrics: [Json]",
        ),
        (
            "one `oneOf` alternative with `required` beside it requires those members",
            json!({"type": "object", "properties": {"target": {
                "oneOf": [{"type": "object", "properties": {"url": {"type": "string"}, "port": {"type": "integer"}}}],
                "required": ["url"]
            }}}),
            "target: {port: Integer,url!: String}",
        ),
        (
            "`anyOf` alternatives that only require members ask for one of them; what all require is required",
            json!({
                "type": "object",
                "properties": {"name": {"type": "string"}, "hostnames": {"type": "array", "items": {"type": "string"}}, "subnets": {"type": "array", "items": {"type": "string"}}},
                "anyOf": [{"required": ["hostnames", "name"]}, {"required": ["subnets", "name"]}]
            }),
            "hostnames: [String], name!: String, subnets: [String]",
        ),
        (
            "a member two `allOf` parts describe as objects (or lists of them) has the members of both",
            json!({"type": "object", "properties": {"report": {"allOf": [
                {"type": "object", "required": ["data", "query"], "properties": {
                    "data": {"type": "array", "items": {"type": "object", "required": ["dimensions"], "properties": {"dimensions": {"type": "array", "items": {"type": "string"}}}}},
                    "query": {"type": "object", "required": ["limit"], "properties": {"limit": {"type": "integer"}}}
                }},
                {"type": "object", "properties": {
                    "data": {"type": "array", "items": {"type": "object", "required": ["metrics"], "properties": {"metrics": {"type": "array", "items": {}}}}},
                    "query": {"type": "object", "properties": {"time_delta": {"type": "string"}}}
                }}
            ]}}}),
            "report: {data!: [{dimensions!: [String],metrics!: [Json]}],query!: {limit!: Integer,time_delta: String}}",
        ),
        (
            "map values that may be `null` keep it",
            json!({"type": "object", "properties": {"files": {"type": "object", "additionalProperties": {
                "type": "object", "nullable": true, "properties": {"content": {"type": "string"}}
            }}}}),
            "files: Map(Option(Named(0)))",
        ),
        (
            "a number whose every allowed value is whole is a whole number; others stay numbers",
            json!({"type": "object", "required": ["status_code"], "properties": {
                "status_code": {"type": "number", "enum": [301, 302, 308]},
                "ratio": {"type": "number", "enum": [0.5, 1]},
                "weight": {"type": "number"}
            }}),
            "ratio: Number, status_code!: Integer, weight: Number",
        ),
    ];
    for (what, schema, expected) in cases {
        let api = api(schema);
        let fields: Vec<String> = body_fields(&api)
            .iter()
            .map(|f| format!("{}{}: {}", f.wire_name, if f.required { "!" } else { "" }, describe(&api, &f.ty)))
            .collect();
        assert_eq!(fields.join(", "), expected, "{what}");
    }
}

#[test]
fn values_built_for_fields_keep_the_schemas_rules() {
    // (the field's schema, the value the tests send)
    let cases: Vec<(Value, Value)> = vec![
        (json!({"type": "string", "pattern": "^[0-9a-f]{32}$", "example": "not-hex"}), json!("a".repeat(32))),
        (json!({"type": "string", "pattern": "^[a-z]+$", "example": "valid"}), json!("valid")),
        (json!({"type": "string", "pattern": "^[0-9]{3}-[0-9]{4}$"}), json!("000-0000")),
        (json!({"type": "string", "format": "email"}), json!("user@example.com")),
        (json!({"type": "string", "format": "ipv4"}), json!("192.0.2.1")),
        (json!({"type": "string", "format": "uuid", "example": "f64788e9-fccd-4d4a"}), json!(codegen::samples::UUID)),
        (json!({"type": "string", "maxLength": 3}), json!("aaa")),
        (json!({"type": "integer", "minimum": 10}), json!(10)),
        (json!({"type": "integer", "enum": [14, 30, 90]}), json!(14)),
        (json!({"type": "number", "minimum": 0, "exclusiveMinimum": true}), json!(0.5)),
        (json!({"enum": [true]}), json!(true)),
        (
            json!({"type": "array", "items": {"type": "string", "format": "ipv6"}, "minItems": 2}),
            json!(["2001:db8::1", "2001:db8::1"]),
        ),
    ];
    for (schema, expected) in cases {
        let api = api(json!({"type": "object", "required": ["x"], "properties": {"x": schema.clone()}}));
        let field = &body_fields(&api)[0];
        let built = codegen::samples::field(&api.types, field, codegen::samples::Fill::Required);
        assert_eq!(built, expected, "for {schema}");
    }
}
