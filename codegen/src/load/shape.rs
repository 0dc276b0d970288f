//! Where a document that is not valid OpenAPI 3.0 goes wrong, member by member. The typed read
//! (`openapiv3` through serde) stops at the first problem and, inside the untagged and
//! flattened parts of the model (schemas, path items), can only name the enclosing node. When
//! it fails, this walk over the parsed document names every member of the wrong type, at its
//! own pointer, so that one run reports them all.

use serde_json::Value;

use super::locate::escape_token;
use crate::diagnostics::Diagnostic;

/// The JSON type a member must have.
#[derive(Clone, Copy)]
enum Kind {
    String,
    Boolean,
    Number,
    Object,
    Array,
    /// An array of strings.
    Strings,
}

impl Kind {
    fn accepts(self, value: &Value) -> bool {
        match self {
            Kind::String => value.is_string(),
            Kind::Boolean => value.is_boolean(),
            Kind::Number => value.is_number(),
            Kind::Object => value.is_object(),
            Kind::Array => value.is_array(),
            Kind::Strings => value.as_array().is_some_and(|items| items.iter().all(Value::is_string)),
        }
    }

    fn describe(self) -> &'static str {
        match self {
            Kind::String => "a string",
            Kind::Boolean => "`true` or `false`",
            Kind::Number => "a number",
            Kind::Object => "an object",
            Kind::Array => "a list",
            Kind::Strings => "a list of strings",
        }
    }
}

fn describe(value: &Value) -> &'static str {
    match value {
        Value::Null => "null",
        Value::Bool(_) => "a boolean",
        Value::Number(_) => "a number",
        Value::String(_) => "a string",
        Value::Array(_) => "a list",
        Value::Object(_) => "an object",
    }
}

const SCHEMA_MEMBERS: &[(&str, Kind)] = &[
    ("type", Kind::String),
    ("format", Kind::String),
    ("title", Kind::String),
    ("description", Kind::String),
    ("required", Kind::Strings),
    ("properties", Kind::Object),
    ("items", Kind::Object),
    ("enum", Kind::Array),
    ("allOf", Kind::Array),
    ("oneOf", Kind::Array),
    ("anyOf", Kind::Array),
    ("not", Kind::Object),
    ("nullable", Kind::Boolean),
    ("readOnly", Kind::Boolean),
    ("writeOnly", Kind::Boolean),
    ("deprecated", Kind::Boolean),
    ("uniqueItems", Kind::Boolean),
    ("minimum", Kind::Number),
    ("maximum", Kind::Number),
    ("minLength", Kind::Number),
    ("maxLength", Kind::Number),
    ("minItems", Kind::Number),
    ("maxItems", Kind::Number),
    ("pattern", Kind::String),
    ("discriminator", Kind::Object),
];

const OPERATION_MEMBERS: &[(&str, Kind)] = &[
    ("operationId", Kind::String),
    ("summary", Kind::String),
    ("description", Kind::String),
    ("tags", Kind::Strings),
    ("parameters", Kind::Array),
    ("requestBody", Kind::Object),
    ("responses", Kind::Object),
    ("deprecated", Kind::Boolean),
    ("security", Kind::Array),
];

const PARAMETER_MEMBERS: &[(&str, Kind)] = &[
    ("name", Kind::String),
    ("in", Kind::String),
    ("description", Kind::String),
    ("required", Kind::Boolean),
    ("deprecated", Kind::Boolean),
    ("explode", Kind::Boolean),
    ("style", Kind::String),
    ("schema", Kind::Object),
];

const METHODS: &[&str] = &["get", "put", "post", "delete", "options", "head", "patch", "trace"];

/// Every member of the wrong type, each at its own pointer.
pub fn problems(document: &Value) -> Vec<Diagnostic> {
    let mut out = Vec::new();
    let mut walk = Walk { out: &mut out };
    walk.members(document, "", &[("openapi", Kind::String), ("info", Kind::Object), ("paths", Kind::Object)]);
    if let Some(paths) = document.get("paths").and_then(Value::as_object) {
        for (path, item) in paths {
            let at = format!("/paths/{}", escape_token(path));
            if !item.is_object() {
                walk.wrong(&at, "a path item", item);
                continue;
            }
            walk.parameters(item.get("parameters"), &format!("{at}/parameters"));
            for method in METHODS {
                if let Some(operation) = item.get(*method) {
                    walk.operation(operation, &format!("{at}/{method}"));
                }
            }
        }
    }
    if let Some(schemas) = document.pointer("/components/schemas").and_then(Value::as_object) {
        for (name, schema) in schemas {
            walk.schema(schema, &format!("/components/schemas/{}", escape_token(name)), 0);
        }
    }
    out
}

struct Walk<'a> {
    out: &'a mut Vec<Diagnostic>,
}

impl Walk<'_> {
    fn wrong(&mut self, at: &str, want: &str, found: &Value) {
        let subject = match at.rsplit('/').next() {
            Some(name) if !name.is_empty() && name.parse::<usize>().is_err() => {
                format!("`{}`", name.replace("~1", "/").replace("~0", "~"))
            }
            _ => "this node".to_string(),
        };
        self.out.push(
            Diagnostic::error(at, format!("{subject} must be {want}, not {}", describe(found)))
                .with_hint("compare this node with the OpenAPI 3.0 specification's schema for it"),
        );
    }

    /// Checks the listed members of an object; `false` when `node` is not an object at all.
    fn members(&mut self, node: &Value, at: &str, members: &[(&str, Kind)]) -> bool {
        let Some(object) = node.as_object() else {
            self.wrong(at, "an object", node);
            return false;
        };
        for (name, kind) in members {
            if let Some(value) = object.get(*name) {
                if !kind.accepts(value) {
                    self.wrong(&format!("{at}/{name}"), kind.describe(), value);
                }
            }
        }
        true
    }

    fn operation(&mut self, operation: &Value, at: &str) {
        if !self.members(operation, at, OPERATION_MEMBERS) {
            return;
        }
        self.parameters(operation.get("parameters"), &format!("{at}/parameters"));
        if let Some(body) = operation.get("requestBody").filter(|b| b.get("$ref").is_none()) {
            self.content(body.get("content"), &format!("{at}/requestBody/content"));
        }
        if let Some(responses) = operation.get("responses").and_then(Value::as_object) {
            for (status, response) in responses {
                let at = format!("{at}/responses/{}", escape_token(status));
                if response.get("$ref").is_none() && self.members(response, &at, &[("description", Kind::String)]) {
                    self.content(response.get("content"), &format!("{at}/content"));
                }
            }
        }
    }

    fn parameters(&mut self, parameters: Option<&Value>, at: &str) {
        for (i, parameter) in parameters.and_then(Value::as_array).into_iter().flatten().enumerate() {
            let at = format!("{at}/{i}");
            if parameter.get("$ref").is_none() && self.members(parameter, &at, PARAMETER_MEMBERS) {
                if let Some(schema) = parameter.get("schema") {
                    self.schema(schema, &format!("{at}/schema"), 0);
                }
            }
        }
    }

    fn content(&mut self, content: Option<&Value>, at: &str) {
        for (media, media_type) in content.and_then(Value::as_object).into_iter().flatten() {
            let at = format!("{at}/{}", escape_token(media));
            if let Some(schema) = media_type.get("schema") {
                self.schema(schema, &format!("{at}/schema"), 0);
            }
        }
    }

    fn schema(&mut self, schema: &Value, at: &str, depth: usize) {
        // The parsers bound nesting already; this bound only keeps the walk's own stack small.
        if depth > 64 || schema.get("$ref").is_some() || !self.members(schema, at, SCHEMA_MEMBERS) {
            return;
        }
        for (name, property) in schema.get("properties").and_then(Value::as_object).into_iter().flatten() {
            self.schema(property, &format!("{at}/properties/{}", escape_token(name)), depth + 1);
        }
        for key in ["items", "not"] {
            if let Some(inner) = schema.get(key).filter(|v| v.is_object()) {
                self.schema(inner, &format!("{at}/{key}"), depth + 1);
            }
        }
        if let Some(inner) = schema.get("additionalProperties").filter(|v| v.is_object()) {
            self.schema(inner, &format!("{at}/additionalProperties"), depth + 1);
        }
        for key in ["allOf", "oneOf", "anyOf"] {
            for (i, inner) in schema.get(key).and_then(Value::as_array).into_iter().flatten().enumerate() {
                self.schema(inner, &format!("{at}/{key}/{i}"), depth + 1);
            }
        }
    }
}

#[cfg(test)]
mod tests {
    use serde_json::json;

    #[test]
    fn every_wrong_member_is_named_at_its_own_place() {
        let document = json!({
            "openapi": "3.0.3", "info": {"title": "t", "version": "1"},
            "paths": {"/a": {"get": {"operationId": 5, "parameters": [{"name": "x", "in": "query", "required": "yes"}],
                "responses": {"200": {"description": "ok", "content": {"application/json": {"schema": {
                    "type": "object", "properties": {"b": {"type": "array", "items": {"required": "id"}}}}}}}}}}},
            "components": {"schemas": {"T": {"type": "object", "required": "id", "nullable": "no"}}},
        });
        let found: Vec<String> = super::problems(&document).iter().map(|d| d.location.pointer.clone()).collect();
        assert_eq!(
            found,
            [
                "/paths/~1a/get/operationId",
                "/paths/~1a/get/parameters/0/required",
                "/paths/~1a/get/responses/200/content/application~1json/schema/properties/b/items/required",
                "/components/schemas/T/required",
                "/components/schemas/T/nullable",
            ]
        );
    }
}
