//! What each node of an OpenAPI document is (a schema, a parameter, a path item...), told by
//! where it stands. The conversion passes rewrite schemas and references; they find them
//! through this one grammar, so that values that merely look alike (an example holding a
//! `$ref` key, a property named `items`) are left alone.

use serde_json::Value;

use super::locate::escape_token;

/// The kind of node at a place of a document (3.0 layout, with 3.1's additions).
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Place {
    Document,
    Components,
    /// Path items by name: `paths`, `webhooks`, `components/pathItems`.
    PathItems,
    PathItem,
    Operation,
    /// Parameters in a list (operations, path items) or by name (components).
    Parameters,
    Parameter,
    RequestBodies,
    RequestBody,
    Responses,
    Response,
    Headers,
    Header,
    Content,
    MediaType,
    Encodings,
    Encoding,
    Callbacks,
    /// Path items by runtime expression.
    Callback,
    /// Schemas by name or in a list (`properties`, `allOf`, `components/schemas`...).
    Schemas,
    Schema,
    /// `items`: a schema, a list of them (JSON Schema drafts before 2020), or (3.1) a boolean.
    Items,
    /// `additionalProperties`: a schema or a boolean.
    Additional,
}

const METHODS: &[&str] = &["get", "put", "post", "delete", "options", "head", "patch", "trace"];

impl Place {
    /// The place of the member `key` of a node at this place, if it is one that matters.
    pub fn child(self, key: &str) -> Option<Place> {
        use Place::*;
        let extension = key.starts_with("x-");
        Some(match (self, key) {
            (Document, "paths" | "webhooks") => PathItems,
            (Document, "components") => Components,
            (Components, "schemas") => Schemas,
            (Components, "responses") => Responses,
            (Components, "parameters") => Parameters,
            (Components, "requestBodies") => RequestBodies,
            (Components, "headers") => Headers,
            (Components, "callbacks") => Callbacks,
            (Components, "pathItems") => PathItems,
            (PathItems, _) if !extension => PathItem,
            (PathItem, "parameters") | (Operation, "parameters") => Parameters,
            (PathItem, method) if METHODS.contains(&method) => Operation,
            (Operation, "requestBody") => RequestBody,
            (Operation, "responses") => Responses,
            (Operation, "callbacks") => Callbacks,
            (Callbacks, _) => Callback,
            (Callback, _) if !extension => PathItem,
            (Parameters, _) => Parameter,
            (RequestBodies, _) => RequestBody,
            (Responses, _) if !extension => Response,
            // Header names often start with `x-`: every member is a header.
            (Headers, _) => Header,
            (Encodings, _) => Encoding,
            (Content, _) => MediaType,
            (Schemas, _) => Schema,
            (Parameter | Header | MediaType, "schema") => Schema,
            (Parameter | Header | RequestBody | Response, "content") => Content,
            (Response | Encoding, "headers") => Headers,
            (MediaType, "encoding") => Encodings,
            (Items, _) => Schema,
            (Schema, "items") => Items,
            (Schema, "additionalProperties") => Additional,
            (
                Schema,
                "properties" | "patternProperties" | "dependentSchemas" | "$defs" | "definitions" | "allOf" | "oneOf"
                | "anyOf" | "prefixItems",
            ) => Schemas,
            (
                Schema,
                "not"
                | "if"
                | "then"
                | "else"
                | "contains"
                | "propertyNames"
                | "unevaluatedProperties"
                | "unevaluatedItems"
                | "additionalItems",
            ) => Schema,
            _ => return None,
        })
    }

    /// `items` or `additionalProperties` holding a schema object is that schema.
    fn of(self, node: &Value) -> Place {
        match self {
            Place::Items | Place::Additional if node.is_object() => Place::Schema,
            _ => self,
        }
    }
}

/// Calls `visit` on every node of `document` that has a place, children before their parent
/// (so a visit may rewrite a node whose members are already rewritten, and the pointers it
/// reports are still those of the document as it was given).
pub fn walk(document: &mut Value, visit: &mut dyn FnMut(Place, &mut Value, &str)) {
    walk_at(Place::Document, document, &mut String::new(), visit);
}

/// As [`walk`], for a node at `place` standing at `pointer`.
pub fn walk_at(place: Place, node: &mut Value, pointer: &mut String, visit: &mut dyn FnMut(Place, &mut Value, &str)) {
    let place = place.of(node);
    let len = pointer.len();
    match node {
        Value::Object(members) => {
            for (key, child) in members.iter_mut() {
                if let Some(inner) = place.child(key) {
                    pointer.push('/');
                    pointer.push_str(&escape_token(key));
                    walk_at(inner, child, pointer, visit);
                    pointer.truncate(len);
                }
            }
        }
        Value::Array(items) => {
            if let Some(inner) = place.child("0") {
                for (i, child) in items.iter_mut().enumerate() {
                    pointer.push('/');
                    pointer.push_str(&i.to_string());
                    walk_at(inner, child, pointer, visit);
                    pointer.truncate(len);
                }
            }
        }
        _ => {}
    }
    visit(place, node, pointer);
}

/// The place of the node at `tokens` in `document`, if it exists and has one.
pub fn place_of(document: &Value, tokens: &[String]) -> Option<Place> {
    let mut place = Place::Document;
    let mut node = document;
    for token in tokens {
        let next = match node {
            Value::Object(members) => members.get(token)?,
            Value::Array(items) => items.get(token.parse::<usize>().ok()?)?,
            _ => return None,
        };
        place = place.of(node).child(token)?;
        node = next;
    }
    Some(place.of(node))
}

#[cfg(test)]
mod tests {
    use serde_json::json;

    use super::{Place, place_of, walk};
    use crate::load::pointer_tokens;

    #[test]
    fn schemas_are_found_where_they_stand_and_nowhere_else() {
        let mut document = json!({
            "paths": {"/a": {"x-extra": {"schema": {}}, "get": {
                "parameters": [{"name": "p", "in": "query", "schema": {"type": "array", "items": {"type": "string"}}}],
                "responses": {"200": {"description": "ok", "headers": {"x-rate": {"schema": {"type": "integer"}}},
                    "content": {"application/json": {"schema": {"properties": {"items": {"example": {"$ref": "#/x"}}}}}}}}}}},
            "components": {"schemas": {"T": {"allOf": [{"$ref": "#/components/schemas/U"}], "items": [{}, {}]}}},
        });
        let mut schemas = Vec::new();
        walk(&mut document, &mut |place, _, pointer| {
            if place == Place::Schema {
                schemas.push(pointer.to_string());
            }
        });
        assert_eq!(
            schemas,
            [
                "/components/schemas/T/allOf/0",
                "/components/schemas/T/items/0",
                "/components/schemas/T/items/1",
                "/components/schemas/T",
                "/paths/~1a/get/parameters/0/schema/items",
                "/paths/~1a/get/parameters/0/schema",
                "/paths/~1a/get/responses/200/content/application~1json/schema/properties/items",
                "/paths/~1a/get/responses/200/content/application~1json/schema",
                "/paths/~1a/get/responses/200/headers/x-rate/schema",
            ]
        );
        let cases = [
            ("/paths/~1a/get/parameters/0", Some(Place::Parameter)),
            ("/paths/~1a/get/parameters/0/schema/items", Some(Place::Schema)),
            ("/components/schemas/T/items", Some(Place::Items)),
            ("/paths/~1a/x-extra", None),
            ("/paths/~1a/get/responses/404", None),
        ];
        for (pointer, place) in cases {
            assert_eq!(place_of(&document, &pointer_tokens(pointer)), place, "{pointer}");
        }
    }
}
