//! References that point anywhere, rewritten into references to components of the kind their
//! place needs, which is all the resolver ([`super::Resolver`]) and the typed model follow.
//!
//! Real specs point into a component (`#/components/schemas/Tag/allOf/0`), at a path item
//! (`$ref` in `paths`, 3.1's `components/pathItems`), or at a component of another kind (a
//! response given by a request body). For each such reference the target is found by its JSON
//! pointer and:
//! - one of the right kind (a schema anywhere, a parameter in an operation) is copied into a
//!   new component named after its pointer (`Tag_allOf_0`), the same target always to the same
//!   name, and the reference points there;
//! - a path item is written in place;
//! - a component of another kind that still makes sense (a request body used as a response)
//!   is copied, converted, into a component of the right kind, with a warning;
//! - anything else is left alone, for lower to report (a target that does not exist).
//!
//! References to other documents are errors. Each target is copied once, and copies are
//! walked for further references, so a reference inside its own target ends as a reference
//! to the new component (a cycle the resolver knows), not as endless copying.

use std::collections::{HashMap, HashSet, VecDeque};

use serde_json::{Map, Value};

use super::Pass;
use super::locate::{escape_token, pointer_tokens};
use super::places::{Place, place_of, walk_at};
use crate::diagnostics::Diagnostic;

/// Chains of references longer than this are cycles.
const MAX_CHAIN: usize = 64;

/// Rewrites every reference of `document` that does not name a component of its kind.
pub fn normalize(document: &mut Value) -> Pass {
    let mut work =
        Normalize { pass: Pass::default(), queue: VecDeque::new(), copies: HashMap::new(), taken: HashSet::new() };
    work.collect(Place::Document, document, String::new());
    while let Some((place, at)) = work.queue.pop_front() {
        work.fix(document, place, &at);
    }
    work.pass
}

struct Normalize {
    pass: Pass,
    /// References still to look at: their place and the pointer of the node holding them.
    queue: VecDeque<(Place, String)>,
    /// Targets already copied into components: (kind, target pointer) to the new name.
    copies: HashMap<(&'static str, String), String>,
    /// New component names, by kind.
    taken: HashSet<(&'static str, String)>,
}

/// The components a reference at `place` must name.
fn kind(place: Place) -> Option<&'static str> {
    Some(match place {
        Place::Schema => "schemas",
        Place::Parameter => "parameters",
        Place::RequestBody => "requestBodies",
        Place::Response => "responses",
        Place::Header => "headers",
        Place::Callback => "callbacks",
        _ => return None,
    })
}

/// A place whose node may be a reference.
fn referable(place: Place) -> bool {
    kind(place).is_some() || place == Place::PathItem
}

impl Normalize {
    /// Queues every reference under `node` (standing at `pointer`) that needs work.
    fn collect(&mut self, place: Place, node: &mut Value, mut pointer: String) {
        walk_at(place, node, &mut pointer, &mut |place, node, at| {
            let Some(reference) = node.get("$ref").and_then(Value::as_str) else { return };
            if !referable(place) {
                return;
            }
            let well_formed = kind(place).is_some_and(|kind| {
                let tokens = pointer_tokens(reference.strip_prefix('#').unwrap_or("x"));
                is_component(&tokens, kind) && !reference.contains('%')
            });
            if !well_formed {
                self.queue.push_back((place, at.to_string()));
            }
        });
    }

    fn fix(&mut self, document: &mut Value, place: Place, at: &str) {
        let Some(reference) = document.pointer(at).and_then(|n| n.get("$ref")).and_then(Value::as_str) else {
            return;
        };
        let reference = reference.to_string();
        let Some(fragment) = reference.strip_prefix('#') else {
            self.pass.diagnostics.push(
                Diagnostic::error(at, format!("`$ref: {reference}` points into another document"))
                    .with_hint("only references within this document are read; bundle the spec into one file first (for example with `redocly bundle`)"),
            );
            return;
        };
        let target = percent_decode(fragment);
        // `#` alone, or a name (`#anchor`): not a pointer; lower reports what it cannot follow.
        if !target.starts_with('/') {
            return;
        }
        let tokens = pointer_tokens(&target);
        let Some(target_place) = place_of(document, &tokens) else { return };
        match (place, kind(place)) {
            // A component named with percent-escapes (`Foo%20Bar`): the same component.
            (_, Some(kind)) if target_place == place && is_component(&tokens, kind) => {
                set_reference(document, at, kind, &tokens[2]);
            }
            (Place::PathItem, _) => self.inline_path_item(document, at, &target),
            (_, Some(kind)) if target_place == place => {
                if let Some(name) = self.copy(document, place, kind, &target, None) {
                    set_reference(document, at, kind, &name);
                }
            }
            (_, Some(kind)) => self.convert(document, place, kind, at, &reference, &target),
            (_, None) => {}
        }
    }

    /// Copies the node at `target` (or `converted`, when given) into a new component of
    /// `kind`; the name it got.
    fn copy(
        &mut self,
        document: &mut Value,
        place: Place,
        kind: &'static str,
        target: &str,
        converted: Option<Value>,
    ) -> Option<String> {
        if let Some(name) = self.copies.get(&(kind, target.to_string())) {
            return Some(name.clone());
        }
        let node = match converted {
            Some(node) => node,
            None => document.pointer(target)?.clone(),
        };
        let components = components(document, kind)?;
        let base = derived_name(target);
        let mut name = base.clone();
        let mut n = 1;
        while components.contains_key(&name) || self.taken.contains(&(kind, name.clone())) {
            n += 1;
            name = format!("{base}_{n}");
        }
        components.insert(name.clone(), node);
        self.taken.insert((kind, name.clone()));
        // Named before its own references are looked at: a reference inside its own target
        // finds this name.
        self.copies.insert((kind, target.to_string()), name.clone());
        let at = format!("/components/{kind}/{}", escape_token(&name));
        self.pass.moves.copied(&at, target);
        if let Some(copy) = document.pointer_mut(&at) {
            self.collect(place, copy, at);
        }
        Some(name)
    }

    /// A component of another kind, converted where the conversion keeps its meaning.
    fn convert(
        &mut self,
        document: &mut Value,
        place: Place,
        kind: &'static str,
        at: &str,
        reference: &str,
        target: &str,
    ) {
        let Some((end, node)) = follow(document, target) else { return };
        let Some(from) = place_of(document, &pointer_tokens(&end)) else { return };
        let Value::Object(node) = node else { return };
        let mut out = Map::new();
        let (what, kept) = match (from, place) {
            (Place::RequestBody, Place::Response) => {
                out.insert("description".into(), node.get("description").cloned().unwrap_or_else(|| "".into()));
                ("a request body", "its description and content")
            }
            (Place::Response, Place::RequestBody) => {
                out.extend(node.get("description").map(|d| ("description".to_string(), d.clone())));
                ("a response", "its description and content; headers and links are dropped")
            }
            (Place::Parameter, Place::Header) => {
                for (key, value) in &node {
                    if !matches!(key.as_str(), "name" | "in" | "allowEmptyValue" | "content") {
                        out.insert(key.clone(), value.clone());
                    }
                }
                ("a parameter", "everything but its name and location")
            }
            _ => return,
        };
        if let Some(content) = node.get("content") {
            out.insert("content".into(), content.clone());
        }
        let Some(name) = self.copy(document, place, kind, &end, Some(Value::Object(out))) else { return };
        set_reference(document, at, kind, &name);
        let needed = match place {
            Place::Response => "a response",
            Place::RequestBody => "a request body",
            _ => "a header",
        };
        self.pass.diagnostics.push(
            Diagnostic::warning(at, format!("`$ref: {reference}` names {what} where {needed} belongs"))
                .with_hint(format!("read as {needed} with {kept}; refer to a component under `components/{kind}`")),
        );
    }

    /// Writes the path item a reference names in place of the reference; members beside the
    /// `$ref` (3.1's `summary`, `description`) win over the target's.
    fn inline_path_item(&mut self, document: &mut Value, at: &str, target: &str) {
        let Some((end, Value::Object(mut item))) = follow(document, target) else { return };
        if place_of(document, &pointer_tokens(&end)) != Some(Place::PathItem) || at == end {
            return;
        }
        let Some(Value::Object(node)) = document.pointer_mut(at) else { return };
        for (key, value) in std::mem::take(node) {
            if key != "$ref" {
                item.insert(key, value);
            }
        }
        *node = item;
        self.pass.moves.copied(at, &end);
        let Some(inlined) = document.pointer_mut(at) else { return };
        self.collect(Place::PathItem, inlined, at.to_string());
    }
}

/// The node at `target`, after the references it is made of: its pointer and a copy.
fn follow(document: &Value, target: &str) -> Option<(String, Value)> {
    let mut at = target.to_string();
    for _ in 0..MAX_CHAIN {
        let node = document.pointer(&at)?;
        match node.get("$ref").and_then(Value::as_str).and_then(|r| r.strip_prefix('#')) {
            Some(next) if next.starts_with('/') => at = percent_decode(next),
            _ => return Some((at, node.clone())),
        }
    }
    None
}

/// Whether `tokens` name a component of `kind` itself.
fn is_component(tokens: &[String], kind: &str) -> bool {
    tokens.len() == 3 && tokens[0] == "components" && tokens[1] == kind && !tokens[2].is_empty()
}

fn set_reference(document: &mut Value, at: &str, kind: &str, name: &str) {
    if let Some(Value::Object(node)) = document.pointer_mut(at) {
        node.insert("$ref".into(), Value::String(format!("#/components/{kind}/{}", escape_token(name))));
    }
}

/// The map of components of `kind`, made if missing; `None` when the document has a
/// `components` (or a map in it) that is not an object.
fn components<'d>(document: &'d mut Value, kind: &str) -> Option<&'d mut Map<String, Value>> {
    let components = document.as_object_mut()?.entry("components").or_insert_with(|| Value::Object(Map::new()));
    components.as_object_mut()?.entry(kind).or_insert_with(|| Value::Object(Map::new())).as_object_mut()
}

/// A component name from a pointer: `/components/schemas/Tag/allOf/0` gives `Tag_allOf_0`.
fn derived_name(pointer: &str) -> String {
    let tokens = pointer_tokens(pointer);
    let skip = match tokens.first().map(String::as_str) {
        Some("components") => 2,
        Some("paths") => 1,
        _ => 0,
    };
    let mut name = String::new();
    for token in tokens.iter().skip(skip) {
        for c in token.chars() {
            if c.is_ascii_alphanumeric() {
                name.push(c);
            } else if !name.is_empty() && !name.ends_with('_') {
                name.push('_');
            }
        }
        if !name.is_empty() && !name.ends_with('_') {
            name.push('_');
        }
    }
    let name = name.trim_end_matches('_');
    if name.is_empty() { "Ref".to_string() } else { name.to_string() }
}

/// URI fragments may percent-encode characters (`%7B` for `{`); pointers do not.
fn percent_decode(fragment: &str) -> String {
    if !fragment.contains('%') {
        return fragment.to_string();
    }
    let bytes = fragment.as_bytes();
    let mut out = Vec::with_capacity(bytes.len());
    let mut i = 0;
    while i < bytes.len() {
        let hex = |b: u8| (b as char).to_digit(16);
        match (bytes[i], bytes.get(i + 1).copied().and_then(hex), bytes.get(i + 2).copied().and_then(hex)) {
            (b'%', Some(high), Some(low)) => {
                out.push((high * 16 + low) as u8);
                i += 3;
            }
            (b, _, _) => {
                out.push(b);
                i += 1;
            }
        }
    }
    String::from_utf8(out).unwrap_or_else(|_| fragment.to_string())
}

#[cfg(test)]
mod tests {
    use serde_json::{Value, json};

    use super::{derived_name, normalize};
    use crate::diagnostics::Severity;

    fn document(paths: Value, components: Value) -> Value {
        json!({"openapi": "3.0.3", "paths": paths, "components": components})
    }

    fn ok(schema: Value) -> Value {
        json!({"200": {"description": "ok", "content": {"application/json": {"schema": schema}}}})
    }

    #[test]
    fn references_become_references_to_components_of_their_kind() {
        // (document in, document out, warning pointers, error pointers)
        let cases = [
            // Into a component: copied once, under a name from the pointer.
            (
                document(
                    json!({"/a": {"get": {"responses": ok(json!({"$ref": "#/components/schemas/Tag/allOf/0"}))}}}),
                    json!({"schemas": {"Tag": {"allOf": [{"type": "string"}]},
                        "U": {"items": {"$ref": "#/components/schemas/Tag/allOf/0"}}}}),
                ),
                document(
                    json!({"/a": {"get": {"responses": ok(json!({"$ref": "#/components/schemas/Tag_allOf_0"}))}}}),
                    json!({"schemas": {"Tag": {"allOf": [{"type": "string"}]}, "Tag_allOf_0": {"type": "string"},
                        "U": {"items": {"$ref": "#/components/schemas/Tag_allOf_0"}}}}),
                ),
                vec![],
                vec![],
            ),
            // Into itself: the copy refers to itself, a cycle the resolver knows.
            (
                document(
                    json!({}),
                    json!({"schemas": {"A": {"items": {"items": {"$ref": "#/components/schemas/A/items"}}}}}),
                ),
                document(
                    json!({}),
                    json!({"schemas": {"A": {"items": {"items": {"$ref": "#/components/schemas/A_items"}}},
                        "A_items": {"items": {"$ref": "#/components/schemas/A_items"}}}}),
                ),
                vec![],
                vec![],
            ),
            // A path item, chained, with a summary of its own; 3.1's `components/pathItems`.
            (
                document(
                    json!({"/a": {"$ref": "#/paths/~1b", "summary": "A"}, "/b": {"$ref": "#/components/pathItems/B"}}),
                    json!({"pathItems": {"B": {"summary": "B", "get": {"responses": ok(json!({}))}}}}),
                ),
                document(
                    json!({"/a": {"summary": "A", "get": {"responses": ok(json!({}))}},
                        "/b": {"summary": "B", "get": {"responses": ok(json!({}))}}}),
                    json!({"pathItems": {"B": {"summary": "B", "get": {"responses": ok(json!({}))}}}}),
                ),
                vec![],
                vec![],
            ),
            // A request body where a response belongs; a parameter from an operation.
            (
                document(
                    json!({"/a": {"get": {"parameters": [{"$ref": "#/paths/~1b/get/parameters/0"}],
                        "responses": {"200": {"$ref": "#/components/requestBodies/R"}}}},
                        "/b": {"get": {"parameters": [{"name": "q", "in": "query"}], "responses": {}}}}),
                    json!({"requestBodies": {"R": {"description": "r", "required": true, "content": {"text/plain": {}}}}}),
                ),
                document(
                    json!({"/a": {"get": {"parameters": [{"$ref": "#/components/parameters/b_get_parameters_0"}],
                        "responses": {"200": {"$ref": "#/components/responses/R"}}}},
                        "/b": {"get": {"parameters": [{"name": "q", "in": "query"}], "responses": {}}}}),
                    json!({"requestBodies": {"R": {"description": "r", "required": true, "content": {"text/plain": {}}}},
                        "parameters": {"b_get_parameters_0": {"name": "q", "in": "query"}},
                        "responses": {"R": {"description": "r", "content": {"text/plain": {}}}}}),
                ),
                vec!["/paths/~1a/get/responses/200"],
                vec![],
            ),
            // A component named with percent-escapes is that component.
            (
                document(
                    json!({"/a": {"get": {"responses": ok(json!({"$ref": "#/components/schemas/Big%20Pet"}))}}}),
                    json!({"schemas": {"Big Pet": {}}}),
                ),
                document(
                    json!({"/a": {"get": {"responses": ok(json!({"$ref": "#/components/schemas/Big Pet"}))}}}),
                    json!({"schemas": {"Big Pet": {}}}),
                ),
                vec![],
                vec![],
            ),
            // Nothing there, an anchor, or another document: left alone (lower reports the
            // first two), the last an error.
            (
                document(
                    json!({"/a": {"get": {"responses": {
                        "200": {"$ref": "#/components/responses/Missing"},
                        "201": {"$ref": "#/nowhere/x"},
                        "202": ok(json!({"$ref": "#anchor"})),
                        "203": {"$ref": "common.yaml#/components/responses/E"}}}}}),
                    json!({}),
                ),
                document(
                    json!({"/a": {"get": {"responses": {
                        "200": {"$ref": "#/components/responses/Missing"},
                        "201": {"$ref": "#/nowhere/x"},
                        "202": ok(json!({"$ref": "#anchor"})),
                        "203": {"$ref": "common.yaml#/components/responses/E"}}}}}),
                    json!({}),
                ),
                vec![],
                vec!["/paths/~1a/get/responses/203"],
            ),
        ];
        for (mut input, want, warnings, errors) in cases {
            let pass = normalize(&mut input);
            assert_eq!(input, want);
            let at = |severity| {
                pass.diagnostics
                    .iter()
                    .filter(|d| d.severity == severity)
                    .map(|d| d.location.pointer.clone())
                    .collect::<Vec<_>>()
            };
            assert_eq!(at(Severity::Warning), warnings);
            assert_eq!(at(Severity::Error), errors);
        }
    }

    #[test]
    fn copies_remember_where_they_came_from() {
        let mut input = document(
            json!({}),
            json!({"schemas": {"T": {"oneOf": [{"$ref": "#/components/schemas/T/properties/a"}], "properties": {"a": {}}}}}),
        );
        let pass = normalize(&mut input);
        assert_eq!(
            pass.moves.original("/components/schemas/T_properties_a/type"),
            "/components/schemas/T/properties/a/type"
        );
    }

    #[test]
    fn names_come_from_pointers() {
        assert_eq!(derived_name("/components/schemas/Tag/allOf/0"), "Tag_allOf_0");
        assert_eq!(derived_name("/paths/~1pets~1{id}/get/responses/200"), "pets_id_get_responses_200");
        assert_eq!(derived_name("/components/schemas/A/$defs/B"), "A_defs_B");
        assert_eq!(derived_name(""), "Ref");
    }
}
