//! Swagger 2.0 to OpenAPI 3.0, at the JSON level, as swagger2openapi and the specification's
//! migration notes describe it: definitions, parameters and responses move under
//! `components`; body and form parameters become the request body, in the media types of
//! `consumes`; response schemas go under the media types of `produces`; `host`, `basePath`
//! and `schemes` become `servers`; parameter types move into a `schema`, `collectionFormat`
//! becomes `style` and `explode`; `x-nullable` becomes `nullable`.
//!
//! The converted document is built from the original one, so every warning names a pointer
//! of the original document, and every node that moved is recorded in the pass's
//! [`super::Moves`] for the diagnostics later stages give about the converted one.

use serde_json::{Map, Value};

use super::Pass;
use super::locate::escape_token;
use super::places::{Place, walk};
use crate::diagnostics::Diagnostic;

const METHODS: &[&str] = &["get", "put", "post", "delete", "options", "head", "patch"];

/// The keywords of a 2.0 parameter, header or items object that are its schema in 3.0.
const SCHEMA_KEYS: &[&str] = &[
    "type",
    "format",
    "items",
    "default",
    "maximum",
    "exclusiveMaximum",
    "minimum",
    "exclusiveMinimum",
    "maxLength",
    "minLength",
    "pattern",
    "maxItems",
    "minItems",
    "uniqueItems",
    "enum",
    "multipleOf",
    "x-nullable",
];

const JSON: &str = "application/json";
const FORM: &str = "application/x-www-form-urlencoded";
const MULTIPART: &str = "multipart/form-data";

/// Converts a 2.0 document in place.
pub fn convert(document: &mut Value) -> Pass {
    let Value::Object(source) = std::mem::take(document) else { return Pass::default() };
    let mut convert = Convert { source: &source, pass: Pass::default(), consumes: Vec::new(), produces: Vec::new() };
    *document = convert.document();
    let mut pass = convert.pass;
    walk(document, &mut |place, node, _| fix_node(place, node));
    // What stood at the top of a 2.0 document stands under `components` in 3.0.
    for (to, from) in [
        ("/components/schemas", "/definitions"),
        ("/components/parameters", "/parameters"),
        ("/components/responses", "/responses"),
        ("/components/securitySchemes", "/securityDefinitions"),
    ] {
        pass.moves.record(to, from);
    }
    pass
}

struct Convert<'s> {
    source: &'s Map<String, Value>,
    pass: Pass,
    /// The document's media types, defaults of every operation's.
    consumes: Vec<String>,
    produces: Vec<String>,
}

/// A parameter of an operation, with the pointer of where it is written.
struct Param<'s> {
    /// The parameter object; `None` when the entry is not one (the typed read reports it).
    node: Option<&'s Map<String, Value>>,
    /// Where the parameter object itself is (`/parameters/X` for a resolved reference).
    at: String,
    /// The entry of the operation's (or path's) list: a reference kept as one, or the object.
    entry: &'s Value,
    /// Where the entry is.
    entry_at: String,
}

impl<'s> Param<'s> {
    fn get(&self, key: &str) -> Option<&'s Value> {
        self.node.and_then(|n| n.get(key))
    }

    fn location(&self) -> &'s str {
        self.get("in").and_then(Value::as_str).unwrap_or_default()
    }

    fn name(&self) -> &'s str {
        self.get("name").and_then(Value::as_str).unwrap_or_default()
    }

    fn members(&self) -> impl Iterator<Item = (&'s String, &'s Value)> {
        self.node.into_iter().flatten()
    }

    /// Body and form parameters are the request body in 3.0; a reference to one is resolved.
    fn in_body(&self) -> bool {
        matches!(self.location(), "body" | "formData")
    }
}

fn member(base: &str, key: &str) -> String {
    format!("{base}/{}", escape_token(key))
}

impl<'s> Convert<'s> {
    fn warn(&mut self, at: impl Into<String>, message: impl Into<String>, hint: &str) {
        self.pass.diagnostics.push(Diagnostic::warning(at, message).with_hint(hint));
    }

    fn document(&mut self) -> Value {
        let source = self.source;
        let mut out = Map::new();
        out.insert("openapi".into(), "3.0.3".into());
        for (key, value) in source {
            if matches!(key.as_str(), "info" | "tags" | "externalDocs" | "security") || key.starts_with("x-") {
                out.insert(key.clone(), value.clone());
            }
        }
        self.consumes = self.media_types(source.get("consumes"), "/consumes").unwrap_or_default();
        self.produces = self.media_types(source.get("produces"), "/produces").unwrap_or_default();
        out.insert("servers".into(), self.servers());
        let mut components = Map::new();
        if let Some(definitions) = self.object(source.get("definitions"), "/definitions", "schemas by name") {
            components.insert("schemas".into(), Value::Object(definitions.clone()));
        }
        if let Some(parameters) = self.object(source.get("parameters"), "/parameters", "parameters by name") {
            let mut converted = Map::new();
            for (name, parameter) in parameters {
                let at = member("/parameters", name);
                match parameter {
                    // Body and form parameters are written into each request body that
                    // refers to them; 3.0 has no component for them.
                    Value::Object(p) if matches!(p.get("in").and_then(Value::as_str), Some("body" | "formData")) => {}
                    Value::Object(p) => {
                        let new_at = member("/components/parameters", name);
                        converted.insert(name.clone(), self.parameter(p, &at, &new_at));
                    }
                    other => {
                        converted.insert(name.clone(), other.clone());
                    }
                }
            }
            components.insert("parameters".into(), Value::Object(converted));
        }
        if let Some(responses) = self.object(source.get("responses"), "/responses", "responses by name") {
            let produces = self.produces.clone();
            let mut converted = Map::new();
            for (name, response) in responses {
                let (at, new_at) = (member("/responses", name), member("/components/responses", name));
                converted.insert(name.clone(), self.response(response, &produces, &at, &new_at));
            }
            components.insert("responses".into(), Value::Object(converted));
        }
        if let Some(schemes) =
            self.object(source.get("securityDefinitions"), "/securityDefinitions", "security schemes by name")
        {
            let converted = schemes.iter().map(|(name, s)| (name.clone(), security_scheme(s))).collect();
            components.insert("securitySchemes".into(), Value::Object(converted));
        }
        if !components.is_empty() {
            out.insert("components".into(), Value::Object(components));
        }
        let mut paths = Map::new();
        if let Some(source_paths) = self.object(source.get("paths"), "/paths", "path items by path") {
            for (path, item) in source_paths {
                let converted = match item {
                    Value::Object(item) if !path.starts_with("x-") => self.path_item(item, &member("/paths", path)),
                    other => other.clone(),
                };
                paths.insert(path.clone(), converted);
            }
        }
        out.insert("paths".into(), Value::Object(paths));
        Value::Object(out)
    }

    /// A member that must be an object, or an error at its place.
    fn object(&mut self, value: Option<&'s Value>, at: &str, what: &str) -> Option<&'s Map<String, Value>> {
        match value? {
            Value::Object(o) => Some(o),
            other => {
                let found = match other {
                    Value::Array(_) => "a list",
                    Value::String(_) => "a string",
                    Value::Null => "null",
                    _ => "a scalar",
                };
                let name = at.trim_start_matches('/');
                self.pass.diagnostics.push(
                    Diagnostic::error(at, format!("`{name}` must be an object ({what}), not {found}"))
                        .with_hint("compare this node with the Swagger 2.0 specification's schema for it"),
                );
                None
            }
        }
    }

    fn media_types(&mut self, value: Option<&Value>, at: &str) -> Option<Vec<String>> {
        match value? {
            Value::Array(items) if items.iter().all(Value::is_string) => {
                Some(items.iter().filter_map(Value::as_str).map(str::to_string).collect())
            }
            _ => {
                self.pass.diagnostics.push(
                    Diagnostic::error(
                        at,
                        format!("`{}` must be a list of media types", at.rsplit('/').next().unwrap_or(at)),
                    )
                    .with_hint("write the media types as a list of strings, like [application/json]"),
                );
                None
            }
        }
    }

    fn servers(&mut self) -> Value {
        let source = self.source;
        let base = source.get("basePath").and_then(Value::as_str).unwrap_or_default();
        let Some(host) = source.get("host").and_then(Value::as_str) else {
            // A relative server; lower says what that means for a client, at the base path.
            let url = if base.is_empty() { "/" } else { base };
            let at = if source.contains_key("basePath") { "/basePath" } else { "" };
            self.pass.moves.record("/servers/0/url", at);
            return serde_json::json!([{ "url": url }]);
        };
        let mut schemes: Vec<&str> = source
            .get("schemes")
            .and_then(Value::as_array)
            .into_iter()
            .flatten()
            .filter_map(Value::as_str)
            .filter(|s| matches!(*s, "http" | "https"))
            .collect();
        // A client calls one server; the secure one first.
        schemes.sort_by_key(|s| *s != "https");
        if schemes.is_empty() {
            schemes.push("https");
        }
        let base = base.trim_end_matches('/');
        Value::Array(schemes.iter().map(|s| serde_json::json!({"url": format!("{s}://{host}{base}")})).collect())
    }

    fn path_item(&mut self, item: &'s Map<String, Value>, at: &str) -> Value {
        let mut out = Map::new();
        let shared = self.params(item.get("parameters"), &format!("{at}/parameters"));
        let (body, kept): (Vec<Param<'s>>, Vec<Param<'s>>) = shared.into_iter().partition(Param::in_body);
        if !kept.is_empty() {
            out.insert("parameters".into(), self.parameter_list(&kept, &format!("{at}/parameters")));
        }
        for (key, value) in item {
            match (key.as_str(), value) {
                ("parameters", Value::Array(_)) => {}
                (method, Value::Object(op)) if METHODS.contains(&method) => {
                    let converted = self.operation(op, &member(at, method), &body);
                    out.insert(key.clone(), converted);
                }
                _ => {
                    out.insert(key.clone(), value.clone());
                }
            }
        }
        Value::Object(out)
    }

    /// The parameters of a list, references to body and form parameters resolved.
    fn params(&mut self, list: Option<&'s Value>, at: &str) -> Vec<Param<'s>> {
        let Some(Value::Array(list)) = list else { return Vec::new() };
        let mut out = Vec::new();
        for (i, entry) in list.iter().enumerate() {
            let entry_at = format!("{at}/{i}");
            let resolved =
                entry.get("$ref").and_then(Value::as_str).and_then(|r| r.strip_prefix("#/parameters/")).and_then(
                    |name| {
                        let name = name.replace("~1", "/").replace("~0", "~");
                        let node = self.source.get("parameters")?.get(&name)?.as_object()?;
                        Some((node, member("/parameters", &name)))
                    },
                );
            let param = match resolved {
                Some((node, target)) => Param { node: Some(node), at: target, entry, entry_at },
                None => Param { node: entry.as_object(), at: entry_at.clone(), entry, entry_at },
            };
            out.push(param);
        }
        out
    }

    /// Non-body parameters, converted, at their new indexes.
    fn parameter_list(&mut self, params: &[Param<'s>], new_base: &str) -> Value {
        let mut out = Vec::new();
        for (k, p) in params.iter().enumerate() {
            let new_at = format!("{new_base}/{k}");
            let converted = match p.entry {
                Value::Object(node) if !node.contains_key("$ref") => self.parameter(node, &p.entry_at, &new_at),
                other => {
                    self.pass.moves.record(new_at, p.entry_at.clone());
                    other.clone()
                }
            };
            out.push(converted);
        }
        Value::Array(out)
    }

    /// A non-body parameter: its type keywords become its `schema`, `collectionFormat` its
    /// `style` and `explode`.
    fn parameter(&mut self, p: &Map<String, Value>, at: &str, new_at: &str) -> Value {
        let mut out = Map::new();
        let mut schema = Map::new();
        for (key, value) in p {
            if SCHEMA_KEYS.contains(&key.as_str()) {
                schema.insert(key.clone(), items_schema(key, value));
            } else if key != "collectionFormat" {
                out.insert(key.clone(), value.clone());
            }
        }
        self.nested_formats(p, at);
        let location = p.get("in").and_then(Value::as_str).unwrap_or_default();
        if p.get("type").and_then(Value::as_str) == Some("array") {
            let format = p.get("collectionFormat").and_then(Value::as_str).unwrap_or("csv");
            let (style, explode) = match (location, format) {
                ("query", "csv") => ("form", false),
                ("query", "multi") => ("form", true),
                ("query", "ssv") => ("spaceDelimited", false),
                ("query", "pipes") => ("pipeDelimited", false),
                (_, "csv") => ("simple", false),
                (_, other) => {
                    let fallback = if location == "query" { "form" } else { "simple" };
                    self.warn(
                        format!("{at}/collectionFormat"),
                        format!("`collectionFormat: {other}` has no OpenAPI 3.0 form for a {location} parameter; read as csv"),
                        "items are joined with commas; write `collectionFormat: csv` (or `multi` in a query)",
                    );
                    (fallback, false)
                }
            };
            out.insert("style".into(), style.into());
            out.insert("explode".into(), explode.into());
        }
        out.insert("schema".into(), Value::Object(schema));
        self.pass.moves.record(new_at, at);
        self.pass.moves.record(format!("{new_at}/schema"), at);
        Value::Object(out)
    }

    /// A list of lists can only join its inner lists one way in 3.0.
    fn nested_formats(&mut self, p: &Map<String, Value>, at: &str) {
        let mut items = p.get("items");
        let mut at = format!("{at}/items");
        while let Some(Value::Object(inner)) = items {
            if let Some(format) = inner.get("collectionFormat").and_then(Value::as_str).filter(|f| *f != "csv") {
                self.warn(
                    format!("{at}/collectionFormat"),
                    format!("inner lists with `collectionFormat: {format}` are read as csv"),
                    "OpenAPI 3.0 joins nested lists with commas",
                );
            }
            items = inner.get("items");
            at.push_str("/items");
        }
    }

    /// An operation; `shared_body` are the body and form parameters of its path item.
    fn operation(&mut self, op: &'s Map<String, Value>, at: &str, shared_body: &[Param<'s>]) -> Value {
        let mut out = Map::new();
        let consumes = self.media_types(op.get("consumes"), &format!("{at}/consumes")).filter(|m| !m.is_empty());
        let consumes = consumes.unwrap_or_else(|| self.consumes.clone());
        let produces = self.media_types(op.get("produces"), &format!("{at}/produces")).filter(|m| !m.is_empty());
        let own_produces = produces.is_some();
        let produces = produces.unwrap_or_else(|| self.produces.clone());
        let own = self.params(op.get("parameters"), &format!("{at}/parameters"));
        let (mut body, kept): (Vec<Param<'s>>, Vec<Param<'s>>) = own.into_iter().partition(Param::in_body);
        // Path-level body and form parameters apply unless the operation has its own.
        let overridden =
            |p: &Param<'_>| body.iter().chain(&kept).any(|o| o.name() == p.name() && o.location() == p.location());
        let inherited: Vec<usize> = (0..shared_body.len()).filter(|&i| !overridden(&shared_body[i])).collect();
        for i in inherited {
            let p = &shared_body[i];
            body.push(Param { node: p.node, at: p.at.clone(), entry: p.entry, entry_at: p.entry_at.clone() });
        }
        for (key, value) in op {
            match key.as_str() {
                "parameters" if value.is_array() => {}
                "consumes" | "produces" => {}
                "schemes" => {
                    if value != self.source.get("schemes").unwrap_or(&Value::Null) {
                        self.warn(
                            format!("{at}/schemes"),
                            "the schemes of one operation are not kept; it is called on the document's servers",
                            "OpenAPI 3.0 gives an operation its own `servers`; list the scheme in the document's `schemes` if the operation needs it",
                        );
                    }
                }
                "responses" => {
                    out.insert(key.clone(), self.responses(value, &produces, own_produces, &format!("{at}/responses")));
                }
                _ => {
                    out.insert(key.clone(), value.clone());
                }
            }
        }
        if !kept.is_empty() {
            out.insert("parameters".into(), self.parameter_list(&kept, &format!("{at}/parameters")));
        }
        if let Some(request_body) = self.request_body(&body, &consumes, at) {
            out.insert("requestBody".into(), request_body);
        }
        Value::Object(out)
    }

    fn request_body(&mut self, params: &[Param<'s>], consumes: &[String], at: &str) -> Option<Value> {
        let bodies: Vec<&Param<'s>> = params.iter().filter(|p| p.location() == "body").collect();
        let forms: Vec<&Param<'s>> = params.iter().filter(|p| p.location() == "formData").collect();
        let new_at = format!("{at}/requestBody");
        if let Some(body) = bodies.first() {
            for extra in bodies.iter().skip(1).chain(&forms) {
                self.warn(
                    extra.at.clone(),
                    "an operation has one request body: this parameter is ignored beside the first body parameter",
                    "keep one `in: body` parameter, without `in: formData` ones",
                );
            }
            let media: Vec<String> = if consumes.is_empty() { vec![JSON.into()] } else { consumes.to_vec() };
            let mut content = Map::new();
            for m in &media {
                let mut media_type = Map::new();
                if let Some(schema) = body.get("schema") {
                    media_type.insert("schema".into(), schema.clone());
                }
                content.insert(m.clone(), Value::Object(media_type));
                self.pass
                    .moves
                    .record(format!("{new_at}/content/{}/schema", escape_token(m)), format!("{}/schema", body.at));
            }
            self.pass.moves.record(new_at, body.at.clone());
            let mut out = Map::new();
            for (key, value) in body.members() {
                if matches!(key.as_str(), "description" | "required") || key.starts_with("x-") {
                    out.insert(key.clone(), value.clone());
                }
            }
            out.insert("content".into(), Value::Object(content));
            return Some(Value::Object(out));
        }
        let first = forms.first()?;
        let file = forms.iter().any(|p| p.get("type").and_then(Value::as_str) == Some("file"));
        let media = if file || consumes.iter().any(|m| m.starts_with(MULTIPART)) { MULTIPART } else { FORM };
        let schema_at = format!("{new_at}/content/{}/schema", escape_token(media));
        let mut properties = Map::new();
        let mut required = Vec::new();
        let mut encoding = Map::new();
        for p in &forms {
            let name = p.name().to_string();
            let mut property = Map::new();
            for (key, value) in p.members() {
                if SCHEMA_KEYS.contains(&key.as_str()) || key == "description" {
                    property.insert(key.clone(), items_schema(key, value));
                }
            }
            if p.get("required").and_then(Value::as_bool) == Some(true) {
                required.push(Value::String(name.clone()));
            }
            if p.get("type").and_then(Value::as_str) == Some("array") {
                let format = p.get("collectionFormat").and_then(Value::as_str).unwrap_or("csv");
                if media == FORM {
                    let (style, explode) = match format {
                        "multi" => ("form", true),
                        "ssv" => ("spaceDelimited", false),
                        "pipes" => ("pipeDelimited", false),
                        _ => ("form", false),
                    };
                    encoding.insert(name.clone(), serde_json::json!({"style": style, "explode": explode}));
                } else if format != "multi" {
                    self.warn(
                        format!("{}/collectionFormat", p.at),
                        format!("a multipart form sends a list as one part per item, not joined ({format})"),
                        "write `collectionFormat: multi` for form lists sent as multipart",
                    );
                }
            }
            self.pass.moves.record(format!("{schema_at}/properties/{}", escape_token(&name)), p.at.clone());
            properties.insert(name, Value::Object(property));
        }
        self.pass.moves.record(new_at, first.at.clone());
        let mut schema = serde_json::json!({"type": "object", "properties": properties});
        if !required.is_empty() {
            schema["required"] = Value::Array(required.clone());
        }
        let mut media_type = serde_json::json!({ "schema": schema });
        if !encoding.is_empty() {
            media_type["encoding"] = Value::Object(encoding);
        }
        let mut out = serde_json::json!({"content": {media: media_type}});
        if !required.is_empty() {
            out["required"] = Value::Bool(true);
        }
        Some(out)
    }

    fn responses(&mut self, responses: &'s Value, produces: &[String], own_produces: bool, at: &str) -> Value {
        let Value::Object(responses) = responses else { return responses.clone() };
        let mut out = Map::new();
        for (status, response) in responses {
            let response_at = member(at, status);
            let shared = response
                .get("$ref")
                .and_then(Value::as_str)
                .and_then(|r| r.strip_prefix("#/responses/"))
                .map(|name| name.replace("~1", "/").replace("~0", "~"));
            let converted = match shared {
                // A shared response has the document's media types; an operation with media
                // types of its own gets a copy in those.
                Some(name) if own_produces && produces != self.produces.as_slice() => {
                    match self.source.get("responses").and_then(|r| r.get(&name)) {
                        Some(target) if target.get("schema").is_some() => {
                            let target_at = member("/responses", &name);
                            self.pass.moves.record(response_at.clone(), target_at.clone());
                            self.response(target, produces, &target_at, &response_at)
                        }
                        _ => response.clone(),
                    }
                }
                _ => self.response(response, produces, &response_at, &response_at),
            };
            out.insert(status.clone(), converted);
        }
        Value::Object(out)
    }

    fn response(&mut self, response: &Value, produces: &[String], at: &str, new_at: &str) -> Value {
        let Value::Object(response) = response else { return response.clone() };
        if response.contains_key("$ref") {
            return Value::Object(response.clone());
        }
        let mut out = Map::new();
        for (key, value) in response {
            match key.as_str() {
                "schema" | "examples" => {}
                "headers" => {
                    let Value::Object(headers) = value else {
                        out.insert(key.clone(), value.clone());
                        continue;
                    };
                    let mut converted = Map::new();
                    for (name, header) in headers {
                        let header_at = member(&format!("{at}/headers"), name);
                        let new_header_at = member(&format!("{new_at}/headers"), name);
                        converted.insert(name.clone(), self.header(header, &header_at, &new_header_at));
                    }
                    out.insert(key.clone(), Value::Object(converted));
                }
                _ => {
                    out.insert(key.clone(), value.clone());
                }
            }
        }
        if let Some(schema) = response.get("schema") {
            let media: Vec<String> = if produces.is_empty() { vec![JSON.into()] } else { produces.to_vec() };
            let examples = response.get("examples").and_then(Value::as_object);
            let mut content = Map::new();
            for m in &media {
                let mut media_type = serde_json::json!({ "schema": schema });
                if let Some(example) = examples.and_then(|e| e.get(m)) {
                    media_type["example"] = example.clone();
                }
                self.pass.moves.record(format!("{new_at}/content/{}/schema", escape_token(m)), format!("{at}/schema"));
                content.insert(m.clone(), media_type);
            }
            out.insert("content".into(), Value::Object(content));
        }
        Value::Object(out)
    }

    /// A 2.0 header has its type keywords in itself, like a non-body parameter.
    fn header(&mut self, header: &Value, at: &str, new_at: &str) -> Value {
        let Value::Object(header) = header else { return header.clone() };
        let mut out = Map::new();
        let mut schema = Map::new();
        for (key, value) in header {
            if SCHEMA_KEYS.contains(&key.as_str()) {
                schema.insert(key.clone(), items_schema(key, value));
            } else if key == "collectionFormat" {
                if let Some(format) = value.as_str().filter(|f| *f != "csv") {
                    self.warn(
                        format!("{at}/collectionFormat"),
                        format!("a header list with `collectionFormat: {format}` is read as csv"),
                        "OpenAPI 3.0 joins header lists with commas",
                    );
                }
            } else {
                out.insert(key.clone(), value.clone());
            }
        }
        out.insert("schema".into(), Value::Object(schema));
        self.pass.moves.record(format!("{new_at}/schema"), at);
        Value::Object(out)
    }
}

/// The value of a type keyword in a schema: an items object (2.0's schema of list items in
/// parameters and headers) loses its `collectionFormat`, reported where it is read.
fn items_schema(key: &str, value: &Value) -> Value {
    match (key, value) {
        ("items", Value::Object(items)) => Value::Object(
            items
                .iter()
                .filter(|(k, _)| SCHEMA_KEYS.contains(&k.as_str()))
                .map(|(k, v)| (k.clone(), items_schema(k, v)))
                .collect(),
        ),
        _ => value.clone(),
    }
}

fn security_scheme(scheme: &Value) -> Value {
    let Value::Object(s) = scheme else { return scheme.clone() };
    let mut out: Map<String, Value> = s
        .iter()
        .filter(|(k, _)| k.starts_with("x-") || k.as_str() == "description")
        .map(|(k, v)| (k.clone(), v.clone()))
        .collect();
    let get = |key: &str| s.get(key).cloned();
    match s.get("type").and_then(Value::as_str) {
        Some("basic") => {
            out.insert("type".into(), "http".into());
            out.insert("scheme".into(), "basic".into());
        }
        Some("apiKey") => {
            out.insert("type".into(), "apiKey".into());
            for key in ["name", "in"] {
                out.extend(get(key).map(|v| (key.to_string(), v)));
            }
        }
        Some("oauth2") => {
            let scopes = get("scopes").unwrap_or_else(|| Value::Object(Map::new()));
            let (flow, urls): (&str, &[&str]) = match s.get("flow").and_then(Value::as_str) {
                Some("implicit") => ("implicit", &["authorizationUrl"]),
                Some("password") => ("password", &["tokenUrl"]),
                Some("application") => ("clientCredentials", &["tokenUrl"]),
                Some("accessCode") => ("authorizationCode", &["authorizationUrl", "tokenUrl"]),
                // No flow the typed read knows: it reports the scheme where it is.
                _ => return scheme.clone(),
            };
            let mut converted = Map::new();
            for url in urls {
                converted.insert((*url).into(), get(url).unwrap_or_else(|| "".into()));
            }
            converted.insert("scopes".into(), scopes);
            out.insert("type".into(), "oauth2".into());
            out.insert("flows".into(), serde_json::json!({ flow: converted }));
        }
        _ => return scheme.clone(),
    }
    Value::Object(out)
}

/// The schema keywords 2.0 spells its own way, and references to where things were.
fn fix_node(place: Place, node: &mut Value) {
    let Value::Object(node) = node else { return };
    if let Some(Value::String(reference)) = node.get_mut("$ref") {
        for (from, to) in [
            ("#/definitions/", "#/components/schemas/"),
            ("#/parameters/", "#/components/parameters/"),
            ("#/responses/", "#/components/responses/"),
        ] {
            if let Some(rest) = reference.strip_prefix(from) {
                *reference = format!("{to}{rest}");
                break;
            }
        }
    }
    if place != Place::Schema {
        return;
    }
    if node.get("type").and_then(Value::as_str) == Some("file") {
        node.insert("type".into(), "string".into());
        node.insert("format".into(), "binary".into());
    }
    if let Some(Value::String(property)) = node.get("discriminator") {
        let property = property.clone();
        node.insert("discriminator".into(), serde_json::json!({ "propertyName": property }));
    }
    if let Some(nullable) = node.remove("x-nullable") {
        if nullable == Value::Bool(true) {
            if let Some(reference) = node.get("$ref").cloned() {
                // Members beside a `$ref` are ignored; a nullable reference refers through
                // `allOf`, which lower reads as the referenced type.
                node.retain(|k, _| k == "description");
                node.insert("allOf".into(), serde_json::json!([{ "$ref": reference }]));
            }
            node.insert("nullable".into(), Value::Bool(true));
        }
    }
}

#[cfg(test)]
mod tests;
