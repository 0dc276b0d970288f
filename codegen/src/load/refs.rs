//! `$ref` resolution within one document (`#/components/...`).

use openapiv3::{OpenAPI, Parameter, ReferenceOr, RequestBody, Response, Schema};

use super::escape_token;
use crate::diagnostics::Diagnostic;

/// Looks up `$ref`s in the components of one document.
#[derive(Clone, Copy)]
pub struct Resolver<'a> {
    api: &'a OpenAPI,
}

/// A resolved node: the node, the pointer where it stands, and the component name when it was
/// reached through a reference.
pub struct Resolved<'a, T> {
    pub node: &'a T,
    pub pointer: String,
    pub component: Option<&'a str>,
}

/// Chains of references longer than this are cycles (`A: $ref B`, `B: $ref A`).
const MAX_CHAIN: usize = 64;

impl<'a> Resolver<'a> {
    pub fn new(api: &'a OpenAPI) -> Self {
        Resolver { api }
    }

    pub fn api(&self) -> &'a OpenAPI {
        self.api
    }

    pub fn schema(&self, node: &'a ReferenceOr<Schema>, pointer: &str) -> Result<Resolved<'a, Schema>, Diagnostic> {
        match node {
            ReferenceOr::Item(schema) => Ok(Resolved { node: schema, pointer: pointer.to_string(), component: None }),
            ReferenceOr::Reference { reference } => self.schema_by_ref(reference, pointer),
        }
    }

    pub fn boxed_schema(
        &self,
        node: &'a ReferenceOr<Box<Schema>>,
        pointer: &str,
    ) -> Result<Resolved<'a, Schema>, Diagnostic> {
        match node {
            ReferenceOr::Item(schema) => Ok(Resolved { node: schema, pointer: pointer.to_string(), component: None }),
            ReferenceOr::Reference { reference } => self.schema_by_ref(reference, pointer),
        }
    }

    /// Resolves `#/components/schemas/Name`, following references between components.
    pub fn schema_by_ref(&self, reference: &str, from: &str) -> Result<Resolved<'a, Schema>, Diagnostic> {
        let mut reference = reference;
        for _ in 0..MAX_CHAIN {
            let name = component_name(reference, "schemas", from)?;
            let schemas = self.api.components.as_ref().map(|c| &c.schemas);
            let Some((key, node)) = schemas.and_then(|s| s.get_key_value(name)) else {
                return Err(missing(reference, from));
            };
            match node {
                ReferenceOr::Item(schema) => {
                    return Ok(Resolved {
                        node: schema,
                        pointer: format!("/components/schemas/{}", escape_token(key)),
                        component: Some(key.as_str()),
                    });
                }
                ReferenceOr::Reference { reference: next } => reference = next,
            }
        }
        Err(Diagnostic::error(from, format!("`$ref: {reference}` is part of a reference cycle"))
            .with_hint("a chain of components that only refer to each other has no schema; give one of them a schema"))
    }

    pub fn parameter(
        &self,
        node: &'a ReferenceOr<Parameter>,
        pointer: &str,
    ) -> Result<Resolved<'a, Parameter>, Diagnostic> {
        self.component(node, pointer, "parameters", |c| &c.parameters)
    }

    pub fn request_body(
        &self,
        node: &'a ReferenceOr<RequestBody>,
        pointer: &str,
    ) -> Result<Resolved<'a, RequestBody>, Diagnostic> {
        self.component(node, pointer, "requestBodies", |c| &c.request_bodies)
    }

    pub fn response(
        &self,
        node: &'a ReferenceOr<Response>,
        pointer: &str,
    ) -> Result<Resolved<'a, Response>, Diagnostic> {
        self.component(node, pointer, "responses", |c| &c.responses)
    }

    fn component<T>(
        &self,
        node: &'a ReferenceOr<T>,
        pointer: &str,
        kind: &str,
        map: impl Fn(&'a openapiv3::Components) -> &'a indexmap::IndexMap<String, ReferenceOr<T>>,
    ) -> Result<Resolved<'a, T>, Diagnostic> {
        let mut node = node;
        let mut at = pointer.to_string();
        for _ in 0..MAX_CHAIN {
            match node {
                ReferenceOr::Item(item) => return Ok(Resolved { node: item, pointer: at, component: None }),
                ReferenceOr::Reference { reference } => {
                    let name = component_name(reference, kind, pointer)?;
                    let found = self.api.components.as_ref().and_then(|c| map(c).get_key_value(name));
                    let Some((key, next)) = found else { return Err(missing(reference, pointer)) };
                    at = format!("/components/{kind}/{}", escape_token(key));
                    node = next;
                }
            }
        }
        Err(Diagnostic::error(pointer, "this `$ref` is part of a reference cycle"))
    }
}

fn component_name<'r>(reference: &'r str, kind: &str, from: &str) -> Result<&'r str, Diagnostic> {
    let prefix = format!("#/components/{kind}/");
    reference.strip_prefix(prefix.as_str()).filter(|n| !n.is_empty() && !n.contains('/')).ok_or_else(|| {
        Diagnostic::error(from, format!("unsupported `$ref: {reference}`"))
            .with_hint(format!("references must point into this document's components, like `{prefix}Name`"))
    })
}

fn missing(reference: &str, from: &str) -> Diagnostic {
    Diagnostic::error(from, format!("`$ref: {reference}` points to nothing"))
        .with_hint("check the spelling, or add the component it names")
}
