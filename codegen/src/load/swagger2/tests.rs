use serde_json::{Value, json};

use super::convert;

fn swagger(extra: Value) -> Value {
    let mut document =
        json!({"swagger": "2.0", "info": {"title": "t", "version": "1"}, "host": "api.example.com", "paths": {}});
    for (key, value) in extra.as_object().expect("an object") {
        document[key] = value.clone();
    }
    document
}

fn get(parameters: Value) -> Value {
    json!({"/a/{id}": {"get": {"parameters": parameters, "responses": {"204": {"description": "none"}}}}})
}

fn post(parameters: Value) -> Value {
    json!({"/a": {"post": {"parameters": parameters, "responses": {"204": {"description": "none"}}}}})
}

/// 2.0 members over a minimal document, (pointer, 3.0 value) pairs, warning pointers.
type Case = (Value, Vec<(&'static str, Value)>, Vec<&'static str>);

fn cases() -> Vec<Case> {
    vec![
        // Servers from host, basePath and schemes; without a host, a relative one.
        (
            json!({"basePath": "/v1/", "schemes": ["http", "https", "ws"]}),
            vec![("/servers", json!([{"url": "https://api.example.com/v1"}, {"url": "http://api.example.com/v1"}]))],
            vec![],
        ),
        (
            json!({"host": null, "basePath": "/v1.56"}),
            vec![("/servers", json!([{"url": "/v1.56"}]))],
            // Lower says what a relative server means, at `/basePath` (a recorded move).
            vec![],
        ),
        // Definitions, parameters and responses under components, references rewritten.
        (
            json!({"definitions": {"Pet": {"type": "object", "properties": {"tag": {"$ref": "#/definitions/Tag"}}}, "Tag": {}},
                "parameters": {"limit": {"name": "limit", "in": "query", "type": "integer", "maximum": 10}},
                "responses": {"error": {"description": "error", "schema": {"$ref": "#/definitions/Tag"}}},
                "paths": get(json!([{"$ref": "#/parameters/limit"}]))}),
            vec![
                ("/components/schemas/Pet/properties/tag", json!({"$ref": "#/components/schemas/Tag"})),
                (
                    "/components/parameters/limit",
                    json!({"name": "limit", "in": "query", "schema": {"type": "integer", "maximum": 10}}),
                ),
                (
                    "/components/responses/error",
                    json!({"description": "error", "content": {"application/json": {"schema": {"$ref": "#/components/schemas/Tag"}}}}),
                ),
                ("/paths/~1a~1{id}/get/parameters", json!([{"$ref": "#/components/parameters/limit"}])),
            ],
            vec![],
        ),
        // A body parameter is the request body, in the operation's media types.
        (
            json!({"consumes": ["application/xml"], "paths": {"/a": {"post": {"consumes": ["application/json", "text/plain"],
                "parameters": [{"name": "q", "in": "query", "type": "string"},
                    {"name": "pet", "in": "body", "required": true, "description": "the pet", "schema": {"$ref": "#/definitions/Pet"}}],
                "responses": {"204": {"description": "none"}}}}}}),
            vec![
                ("/paths/~1a/post/parameters", json!([{"name": "q", "in": "query", "schema": {"type": "string"}}])),
                (
                    "/paths/~1a/post/requestBody",
                    json!({"required": true, "description": "the pet", "content": {
                        "application/json": {"schema": {"$ref": "#/components/schemas/Pet"}},
                        "text/plain": {"schema": {"$ref": "#/components/schemas/Pet"}}}}),
                ),
            ],
            vec![],
        ),
        // Form parameters are one form body; a file makes it multipart.
        (
            json!({"paths": post(json!([
                {"name": "name", "in": "formData", "type": "string", "required": true, "description": "n"},
                {"name": "tags", "in": "formData", "type": "array", "items": {"type": "string"}, "collectionFormat": "multi"},
                {"name": "file", "in": "formData", "type": "file"}]))}),
            vec![(
                "/paths/~1a/post/requestBody",
                json!({"required": true, "content": {"multipart/form-data": {"schema": {"type": "object",
                    "required": ["name"],
                    "properties": {"name": {"type": "string", "description": "n"},
                        "tags": {"type": "array", "items": {"type": "string"}},
                        "file": {"type": "string", "format": "binary"}}}}}}),
            )],
            vec![],
        ),
        (
            json!({"paths": post(json!([{"name": "ids", "in": "formData", "type": "array", "items": {"type": "integer"}}]))}),
            vec![(
                "/paths/~1a/post/requestBody",
                json!({"content": {"application/x-www-form-urlencoded": {
                    "schema": {"type": "object", "properties": {"ids": {"type": "array", "items": {"type": "integer"}}}},
                    "encoding": {"ids": {"style": "form", "explode": false}}}}}),
            )],
            vec![],
        ),
        // A reference to a body parameter is resolved; path-level ones apply to each operation.
        (
            json!({"parameters": {"pet": {"name": "pet", "in": "body", "schema": {"type": "object"}}},
                "paths": {"/a": {"parameters": [{"$ref": "#/parameters/pet"}, {"name": "v", "in": "header", "type": "string"}],
                    "put": {"responses": {"204": {"description": "none"}}}}}}),
            vec![
                ("/components/parameters", json!({})),
                ("/paths/~1a/parameters", json!([{"name": "v", "in": "header", "schema": {"type": "string"}}])),
                (
                    "/paths/~1a/put/requestBody",
                    json!({"content": {"application/json": {"schema": {"type": "object"}}}}),
                ),
            ],
            vec![],
        ),
        // collectionFormat to style and explode; tsv has no 3.0 form.
        (
            json!({"paths": get(json!([
                {"name": "a", "in": "query", "type": "array", "items": {"type": "string"}},
                {"name": "b", "in": "query", "type": "array", "items": {"type": "string"}, "collectionFormat": "multi"},
                {"name": "c", "in": "query", "type": "array", "items": {"type": "string"}, "collectionFormat": "ssv"},
                {"name": "d", "in": "query", "type": "array", "items": {"type": "string"}, "collectionFormat": "pipes"},
                {"name": "e", "in": "query", "type": "array", "items": {"type": "string"}, "collectionFormat": "tsv"},
                {"name": "id", "in": "path", "required": true, "type": "array", "items": {"type": "integer"}}]))}),
            vec![
                ("/paths/~1a~1{id}/get/parameters/0/style", json!("form")),
                ("/paths/~1a~1{id}/get/parameters/0/explode", json!(false)),
                ("/paths/~1a~1{id}/get/parameters/1/explode", json!(true)),
                ("/paths/~1a~1{id}/get/parameters/2/style", json!("spaceDelimited")),
                ("/paths/~1a~1{id}/get/parameters/3/style", json!("pipeDelimited")),
                ("/paths/~1a~1{id}/get/parameters/4/style", json!("form")),
                (
                    "/paths/~1a~1{id}/get/parameters/5",
                    json!({"name": "id", "in": "path", "required": true, "style": "simple", "explode": false,
                        "schema": {"type": "array", "items": {"type": "integer"}}}),
                ),
            ],
            vec!["/paths/~1a~1{id}/get/parameters/4/collectionFormat"],
        ),
        // Responses: media types from produces, examples by media type, headers with schemas.
        (
            json!({"produces": ["application/json"], "paths": {"/a": {"get": {"produces": ["text/plain", "application/json"],
                "responses": {"200": {"description": "ok", "schema": {"type": "string"},
                    "examples": {"application/json": "x"}, "headers": {"X-Rate": {"type": "integer", "description": "r"}}},
                    "default": {"$ref": "#/responses/error"}, "404": {"description": "none"}}}}},
                "responses": {"error": {"description": "e", "schema": {"type": "object"}}}}),
            vec![
                (
                    "/paths/~1a/get/responses/200",
                    json!({"description": "ok", "headers": {"X-Rate": {"description": "r", "schema": {"type": "integer"}}},
                        "content": {"text/plain": {"schema": {"type": "string"}},
                            "application/json": {"schema": {"type": "string"}, "example": "x"}}}),
                ),
                (
                    "/paths/~1a/get/responses/default",
                    json!({"description": "e", "content": {"text/plain": {"schema": {"type": "object"}},
                        "application/json": {"schema": {"type": "object"}}}}),
                ),
                ("/paths/~1a/get/responses/404", json!({"description": "none"})),
            ],
            vec![],
        ),
        // Security definitions to security schemes.
        (
            json!({"securityDefinitions": {
                "basic": {"type": "basic", "description": "b"},
                "key": {"type": "apiKey", "name": "X-Key", "in": "header"},
                "implicit": {"type": "oauth2", "flow": "implicit", "authorizationUrl": "https://a", "scopes": {"r": "read"}},
                "app": {"type": "oauth2", "flow": "application", "tokenUrl": "https://t"},
                "code": {"type": "oauth2", "flow": "accessCode", "authorizationUrl": "https://a", "tokenUrl": "https://t", "scopes": {}}}}),
            vec![
                ("/components/securitySchemes/basic", json!({"type": "http", "scheme": "basic", "description": "b"})),
                ("/components/securitySchemes/key", json!({"type": "apiKey", "name": "X-Key", "in": "header"})),
                (
                    "/components/securitySchemes/implicit",
                    json!({"type": "oauth2", "flows": {"implicit": {"authorizationUrl": "https://a", "scopes": {"r": "read"}}}}),
                ),
                (
                    "/components/securitySchemes/app",
                    json!({"type": "oauth2", "flows": {"clientCredentials": {"tokenUrl": "https://t", "scopes": {}}}}),
                ),
                (
                    "/components/securitySchemes/code",
                    json!({"type": "oauth2", "flows": {"authorizationCode": {"authorizationUrl": "https://a", "tokenUrl": "https://t", "scopes": {}}}}),
                ),
            ],
            vec![],
        ),
        // Schemas: x-nullable, file, a discriminator by name, a nullable reference.
        (
            json!({"definitions": {"Pet": {"type": "object", "discriminator": "kind", "x-nullable": true, "properties": {
                "photo": {"type": "file"}, "owner": {"$ref": "#/definitions/Owner", "x-nullable": true, "description": "o"},
                "kind": {"type": "string", "x-nullable": false}}}}}),
            vec![(
                "/components/schemas/Pet",
                json!({"type": "object", "discriminator": {"propertyName": "kind"}, "nullable": true, "properties": {
                    "photo": {"type": "string", "format": "binary"},
                    "owner": {"allOf": [{"$ref": "#/components/schemas/Owner"}], "nullable": true, "description": "o"},
                    "kind": {"type": "string"}}}),
            )],
            vec![],
        ),
        // An operation's own schemes are lost when they differ from the document's.
        (
            json!({"schemes": ["https"], "paths": {"/a": {
                "get": {"schemes": ["http"], "responses": {}}, "put": {"schemes": ["https"], "responses": {}}}}}),
            vec![("/paths/~1a/get", json!({"responses": {}})), ("/paths/~1a/put", json!({"responses": {}}))],
            vec!["/paths/~1a/get/schemes"],
        ),
        // A second body parameter is ignored, with a warning.
        (
            json!({"paths": post(json!([{"name": "a", "in": "body", "schema": {}}, {"name": "b", "in": "body", "schema": {}}]))}),
            vec![("/paths/~1a/post/requestBody", json!({"content": {"application/json": {"schema": {}}}}))],
            vec!["/paths/~1a/post/parameters/1"],
        ),
    ]
}

#[test]
fn documents_convert_to_3_0() {
    for (extra, want, warnings) in cases() {
        let mut document = swagger(extra.clone());
        let pass = convert(&mut document);
        assert_eq!(document["openapi"], "3.0.3");
        for (pointer, value) in want {
            assert_eq!(document.pointer(pointer), Some(&value), "{pointer} of {extra}");
        }
        let found: Vec<&str> = pass.diagnostics.iter().map(|d| d.location.pointer.as_str()).collect();
        assert_eq!(found, warnings, "{extra}");
    }
}

#[test]
fn converted_pointers_lead_back_to_the_original() {
    let mut document = swagger(json!({
        "definitions": {"Pet": {}},
        "parameters": {"limit": {"name": "limit", "in": "query", "type": "integer"}},
        "paths": {"/a": {"post": {"parameters": [
            {"name": "q", "in": "formData", "type": "string"},
            {"name": "h", "in": "header", "type": "array", "items": {"type": "string"}}],
            "responses": {"200": {"description": "ok", "schema": {"type": "object"}}}}}},
    }));
    let pass = convert(&mut document);
    let cases = [
        ("/components/schemas/Pet/type", "/definitions/Pet/type"),
        ("/components/parameters/limit/schema/type", "/parameters/limit/type"),
        ("/paths/~1a/post/parameters/0/schema/items", "/paths/~1a/post/parameters/1/items"),
        ("/paths/~1a/post/requestBody", "/paths/~1a/post/parameters/0"),
        (
            "/paths/~1a/post/requestBody/content/application~1x-www-form-urlencoded/schema/properties/q/type",
            "/paths/~1a/post/parameters/0/type",
        ),
        (
            "/paths/~1a/post/responses/200/content/application~1json/schema/type",
            "/paths/~1a/post/responses/200/schema/type",
        ),
    ];
    for (converted, original) in cases {
        assert_eq!(pass.moves.original(converted), original, "{converted}");
    }
}

#[test]
fn members_of_the_wrong_type_are_kept_for_the_typed_read_to_report() {
    let mut document =
        swagger(json!({"paths": {"/a": {"parameters": "q", "get": {"parameters": {"q": 1}, "responses": []}}}}));
    convert(&mut document);
    assert_eq!(document["paths"]["/a"], json!({"parameters": "q", "get": {"parameters": {"q": 1}, "responses": []}}));
}

#[test]
fn containers_of_the_wrong_type_are_errors_at_their_place() {
    let mut document = swagger(json!({"definitions": [], "consumes": "application/json"}));
    let pass = convert(&mut document);
    let found: Vec<(&str, &str)> =
        pass.diagnostics.iter().map(|d| (d.location.pointer.as_str(), d.message.as_str())).collect();
    assert_eq!(
        found,
        [
            ("/consumes", "`consumes` must be a list of media types"),
            ("/definitions", "`definitions` must be an object (schemas by name), not a list"),
        ]
    );
}

#[test]
fn converted_documents_read_as_openapi_3_0() {
    for (extra, _, _) in cases() {
        let mut document = swagger(extra.clone());
        convert(&mut document);
        if let Err(e) = serde_json::from_value::<openapiv3::OpenAPI>(document) {
            panic!("{extra}: {e}");
        }
    }
}
