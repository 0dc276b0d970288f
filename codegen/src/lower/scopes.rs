//! Operations an API serves under several owners (`/accounts/{id}/rules` and
//! `/zones/{id}/rules`) become one method that takes the owner as a value of the configured
//! scope type (`AccountOrZone::Zone(id)`), where the operations agree on everything but the
//! owner. Where they do not, each stays a method of its own, named for its owner, with a warning
//! that says how they differ.

use std::collections::BTreeMap;

use crate::diagnostics::{Diagnostic, Diagnostics};
use crate::ir::{Operation, PathSegment, Resource, ScopeType, ScopedPath, TypeDef, TypeRef};

use super::snake;

/// Takes a scoped operation's first path parameter as the owner's id.
pub fn split(mut op: Operation, variant: &str) -> Result<Operation, (Operation, String)> {
    if op.path_params.is_empty() {
        return Err((op, "its path has no parameter for the owner's id".to_string()));
    }
    let id = op.path_params.remove(0);
    op.path = op
        .path
        .into_iter()
        .map(|seg| match seg {
            PathSegment::Param(0) => PathSegment::Scope,
            PathSegment::Param(i) => PathSegment::Param(i - 1),
            other => other,
        })
        .collect();
    op.scopes = vec![ScopedPath {
        variant: variant.to_string(),
        path_template: op.path_template.clone(),
        path: op.path.clone(),
        pointer: op.pointer.clone(),
        summary: op.doc.summary.clone(),
        id,
    }];
    Ok(op)
}

/// Undoes `split`: the owner's id is the first path parameter again.
fn unsplit(mut op: Operation) -> Operation {
    let Some(scoped) = op.scopes.pop() else { return op };
    op.path_params.insert(0, scoped.id);
    op.path = op
        .path
        .into_iter()
        .map(|seg| match seg {
            PathSegment::Scope => PathSegment::Param(0),
            PathSegment::Param(i) => PathSegment::Param(i + 1),
            other => other,
        })
        .collect();
    op.scopes.clear();
    op
}

/// Merges, in every resource, the scoped operations that share a method name.
pub fn merge(resource: &mut Resource, scope: Option<&ScopeType>, types: &[TypeDef], diagnostics: &mut Diagnostics) {
    let order: Vec<&str> = scope.map(|s| s.variants.iter().map(|v| v.0.as_str()).collect()).unwrap_or_default();
    let mut groups: BTreeMap<String, Vec<Operation>> = BTreeMap::new();
    let mut kept = Vec::new();
    for op in std::mem::take(&mut resource.operations) {
        if op.scopes.is_empty() {
            kept.push(op);
        } else {
            groups.entry(op.method_name.clone()).or_default().push(op);
        }
    }
    let owner = if resource.module.is_empty() { "Client".to_string() } else { resource.module.join(".") };
    for (name, mut group) in groups {
        group.sort_by_key(|op| order.iter().position(|v| *v == op.scopes[0].variant));
        match differences(&group, &order, types) {
            None => {
                let mut merged = group.remove(0);
                merged.deprecated = merged.deprecated && group.iter().all(|op| op.deprecated);
                for op in group {
                    merged.scopes.extend(op.scopes);
                }
                kept.push(merged);
            }
            Some(why) => {
                let names: Vec<String> =
                    group.iter().map(|op| format!("{name}_for_{}", snake(&op.scopes[0].variant))).collect();
                diagnostics.push(
                    Diagnostic::warning(
                        &group[0].pointer,
                        format!("`{owner}.{name}` stays {} methods, {}: {why}", group.len(), names.join(" and ")),
                    )
                    .with_hint("give the operations names of their own in the configuration, without `scope`"),
                );
                for (op, method_name) in group.into_iter().zip(names) {
                    let taken = kept.iter().any(|k| k.method_name == method_name)
                        || resource.children.iter().any(|c| c.accessor() == method_name);
                    if taken {
                        diagnostics.push(
                            Diagnostic::error(&op.pointer, format!("`{owner}.{method_name}` is taken"))
                                .with_hint("give the operation a name of its own in the configuration"),
                        );
                    }
                    kept.push(Operation { method_name, ..unsplit(op) });
                }
            }
        }
    }
    kept.sort_by(|a, b| a.method_name.cmp(&b.method_name));
    resource.operations = kept;
    for child in &mut resource.children {
        merge(child, scope, types, diagnostics);
    }
}

/// Why a group of scoped operations cannot be one method, if it cannot.
fn differences(group: &[Operation], order: &[&str], types: &[TypeDef]) -> Option<String> {
    let variants: Vec<&str> = group.iter().map(|op| op.scopes[0].variant.as_str()).collect();
    if variants != order {
        let missing: Vec<&str> = order.iter().copied().filter(|v| !variants.contains(v)).collect();
        return Some(if missing.is_empty() {
            "two of them are for the same owner".to_string()
        } else {
            format!("the spec has no operation for {}", missing.join(", "))
        });
    }
    let first = &group[0];
    let type_name = |t: &Option<TypeRef>| match t {
        Some(TypeRef::Named(id)) => format!("`{}`", types[*id].name),
        Some(other) => format!("`{other:?}`"),
        None => "none".to_string(),
    };
    let after_scope = |path: &[PathSegment]| {
        let at = path.iter().position(|s| *s == PathSegment::Scope).unwrap_or(0);
        let before_literal = path[..at].iter().all(|s| matches!(s, PathSegment::Literal(_)));
        before_literal.then(|| path[at..].to_vec())
    };
    let mut why = Vec::new();
    for op in &group[1..] {
        if op.http_method != first.http_method {
            why.push("their HTTP methods differ".to_string());
        }
        if after_scope(&op.path).is_none() || after_scope(&op.path) != after_scope(&first.path) {
            why.push(format!("their paths differ after the owner (`{}`, `{}`)", first.path_template, op.path_template));
        }
        if op.path_params.iter().any(|p| p.rust_name == "scope") {
            why.push("a path parameter is named `scope`".to_string());
        }
        if op.params != first.params || op.body != first.body || op.open_body_required != first.open_body_required {
            why.push(format!("their parameters differ ({}, {})", type_name(&first.params), type_name(&op.params)));
        }
        if op.response != first.response {
            why.push(format!(
                "their responses differ ({}, {})",
                type_name(&first.response.ty),
                type_name(&op.response.ty)
            ));
        }
        if op.pagination != first.pagination {
            why.push("they page differently".to_string());
        }
        if op.anonymous != first.anonymous || op.security != first.security {
            why.push("they take different credentials".to_string());
        }
    }
    why.dedup();
    (!why.is_empty()).then(|| why.join("; "))
}
