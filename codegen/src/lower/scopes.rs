//! Operations an API serves under several owners (`/accounts/{id}/rules` and
//! `/zones/{id}/rules`) become one method that takes the owner as a value of the configured
//! scope type (`AccountOrZone::Zone(id)`), where the operations agree on everything but the
//! owner. Where they do not, each stays a method of its own, named for its owner, with a warning
//! that says how they differ.

use std::collections::{BTreeMap, BTreeSet};

use super::placement::references;
use super::schemas::PendingType;
use crate::diagnostics::{Diagnostic, Diagnostics};
use crate::ir::{Operation, Pagination, PathSegment, Resource, Response, ScopeType, ScopedPath, TypeRef};

use super::names::{pascal, singular, snake};

/// Takes a scoped operation's first path parameter as the owner's id.
pub fn split(op: &mut Operation, variant: &str) -> Result<(), String> {
    if op.path_params.is_empty() {
        return Err("its path has no parameter for the owner's id".to_string());
    }
    let id = op.path_params.remove(0);
    for seg in &mut op.path {
        match seg {
            PathSegment::Param(0) => *seg = PathSegment::Scope,
            PathSegment::Param(i) => *i -= 1,
            _ => {}
        }
    }
    op.scopes = vec![ScopedPath {
        variant: variant.to_string(),
        path_template: op.path_template.clone(),
        path: op.path.clone(),
        pointer: op.pointer.clone(),
        summary: op.doc.summary.clone(),
        id,
    }];
    Ok(())
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
    op
}

/// Merges, in every resource, the scoped operations that share a method name.
pub fn merge(
    resource: &mut Resource,
    scope: Option<&ScopeType>,
    types: &mut [PendingType],
    diagnostics: &mut Diagnostics,
) {
    let order: Vec<&str> = scope.map(|s| s.variants.iter().map(|v| v.name.as_str()).collect()).unwrap_or_default();
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
        match agreement(&group, &order, types) {
            Ok(answer) => {
                let mut merged = group[0].clone();
                merged.deprecated = group.iter().all(|op| op.deprecated);
                if answer != 0 {
                    let (response, pagination) = (&group[answer].response, &group[answer].pagination);
                    (merged.response, merged.pagination) = (response.clone(), pagination.clone());
                }
                if let Some(note) = answer_note(&group, answer, types) {
                    let description = merged.doc.description.take().map(|d| format!("{}\n\n", d.trim_end()));
                    merged.doc.description = Some(format!("{}{note}", description.unwrap_or_default()));
                }
                merged.scopes = group.into_iter().flat_map(|op| op.scopes).collect();
                kept.push(merged);
            }
            Err(why) => {
                let names: Vec<String> =
                    group.iter().map(|op| format!("{name}_for_{}", snake(&op.scopes[0].variant))).collect();
                diagnostics.push(
                    Diagnostic::warning(
                        &group[0].pointer,
                        format!("`{owner}.{name}` stays {} methods, {}: {why}", group.len(), names.join(" and ")),
                    )
                    .with_hint("give the operations names of their own in the configuration, without `scope`"),
                );
                rename_types(types, &group, &resource.module, &name, &names);
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
        merge(child, scope, &mut *types, diagnostics);
    }
}

/// The types made for an operation are named after its method (`RuleGetParams`); one that stays
/// a method of its own, named for its owner, names them so (`RuleGetForZoneParams`), as it
/// would have without `scope`.
fn rename_types(types: &mut [PendingType], group: &[Operation], module: &[String], from: &str, names: &[String]) {
    let prefix = |method: &str| match module.last() {
        Some(last) => format!("{}{}", pascal(&singular(last)), pascal(method)),
        None => pascal(method),
    };
    let reached: Vec<BTreeSet<usize>> = group.iter().map(|op| reachable(types, op)).collect();
    let from = prefix(from);
    for (i, (own, name)) in reached.iter().zip(names).enumerate() {
        let to = prefix(name);
        // A type both methods take (equal params) keeps the name they share.
        let others = |id: &usize| reached.iter().enumerate().any(|(j, r)| j != i && r.contains(id));
        for id in own.iter().filter(|id| !others(id)) {
            if let Some(rest) = types[*id].base_name.strip_prefix(&from) {
                types[*id].base_name = format!("{to}{rest}");
            }
        }
    }
}

/// The types an operation's params and answer reach.
fn reachable(types: &[PendingType], op: &Operation) -> BTreeSet<usize> {
    let roots = op.params.iter().chain(&op.response.ty).chain(op.pagination.as_ref().map(|p| &p.item));
    let start = roots.flat_map(|ty| references(&crate::ir::TypeKind::Alias(ty.clone()), false));
    super::dedup::closure(types, start)
}

/// The value a method returns, or a page's item: what the owners' answers are read as.
fn answer_type(op: &Operation) -> Option<TypeRef> {
    op.pagination.as_ref().map(|p| p.item.clone()).or_else(|| op.response.ty.clone())
}

/// The answer type of a group's method: each owner's, or the one that has every member of the
/// others' (its index in the group); else why the group cannot be one method.
fn agreement(group: &[Operation], order: &[&str], types: &[PendingType]) -> Result<usize, String> {
    let variants: Vec<&str> = group.iter().map(|op| op.scopes[0].variant.as_str()).collect();
    if variants != order {
        let missing: Vec<&str> = order.iter().copied().filter(|v| !variants.contains(v)).collect();
        return Err(if missing.is_empty() {
            "two of them are for the same owner".to_string()
        } else {
            format!("the spec has no operation for {}", missing.join(", "))
        });
    }
    let first = &group[0];
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
        // A request type is not widened: one owner's fields may be what the other rejects.
        if op.params != first.params || op.body != first.body || op.open_body_required != first.open_body_required {
            why.push(match (&first.params, &op.params) {
                (Some(_), Some(_)) => "their parameters differ".to_string(),
                _ => "one takes parameters the other does not".to_string(),
            });
        }
        let reading = |o: &Operation| Response { ty: None, ..o.response.clone() };
        let paging = |o: &Operation| o.pagination.as_ref().map(|p| Pagination { item: TypeRef::Json, ..p.clone() });
        if reading(op) != reading(first)
            || paging(op) != paging(first)
            || op.pagination.is_some() != first.pagination.is_some()
        {
            why.push("they read or page their answers differently".to_string());
        }
        if op.anonymous != first.anonymous || op.security != first.security {
            why.push("they take different credentials".to_string());
        }
    }
    // An answer type one owner's answers would lose members in is not taken: the type of the
    // method is the one that has every member of each owner's.
    let covering = (0..group.len()).find(|&i| {
        group.iter().all(|op| match (answer_type(&group[i]), answer_type(op)) {
            (Some(a), Some(b)) => covers(types, &a, &b, &mut Vec::new()),
            (a, b) => a == b,
        })
    });
    if covering.is_none() {
        let names: Vec<String> = group.iter().map(|op| type_name(&answer_type(op), types)).collect();
        why.push(format!(
            "their answers differ, and neither type has every member of the other ({})",
            names.join(", ")
        ));
    }
    why.dedup();
    match covering {
        Some(i) if why.is_empty() => Ok(i),
        _ => Err(why.join("; ")),
    }
}

/// What the method's docs say when its owners' answers are different types of the spec.
fn answer_note(group: &[Operation], answer: usize, types: &[PendingType]) -> Option<String> {
    let kept = answer_type(&group[answer]);
    group.iter().any(|op| answer_type(op) != kept).then(|| {
        let owners: Vec<String> = group.iter().map(|op| format!("`{}`", op.scopes[0].variant)).collect();
        format!(
            "The spec gives the {} answers schemas of their own; each is read as the `{}` answer's ({}), which has every member of the other.",
            owners.join(" and "),
            group[answer].scopes[0].variant,
            type_name(&kept, types)
        )
    })
}

fn type_name(t: &Option<TypeRef>, types: &[PendingType]) -> String {
    match t {
        Some(TypeRef::Named(id)) => format!("`{}`", types[*id].base_name),
        Some(TypeRef::List(inner)) => format!("a list of {}", type_name(&Some((**inner).clone()), types)),
        Some(other) => format!("`{other:?}`"),
        None => "none".to_string(),
    }
}

/// Whether every value of `b` reads as `a` without losing a member: `a` has each of `b`'s
/// members, of a type that covers it; an enum has each of `b`'s values; a union has, for each
/// of `b`'s alternatives, one that covers it.
pub fn covers(types: &[PendingType], a: &TypeRef, b: &TypeRef, seen: &mut Vec<(TypeRef, TypeRef)>) -> bool {
    use crate::ir::TypeKind;
    let resolve = |t: &TypeRef| -> TypeRef {
        let mut t = t.clone();
        loop {
            t = match t {
                TypeRef::Boxed(inner) => *inner,
                TypeRef::Named(id) => match &types[id].kind {
                    TypeKind::Alias(inner) => inner.clone(),
                    _ => return TypeRef::Named(id),
                },
                other => return other,
            }
        }
    };
    let (a, b) = (resolve(a), resolve(b));
    if a == b || a == TypeRef::Json {
        return true;
    }
    if seen.contains(&(a.clone(), b.clone())) {
        return true;
    }
    seen.push((a.clone(), b.clone()));
    match (&a, &b) {
        (TypeRef::Option(x), TypeRef::Option(y))
        | (TypeRef::List(x), TypeRef::List(y))
        | (TypeRef::Map(x), TypeRef::Map(y)) => covers(types, x, y, seen),
        (TypeRef::Option(x), y) => covers(types, x, y, seen),
        (TypeRef::Named(x), TypeRef::Named(y)) => match (&types[*x].kind, &types[*y].kind) {
            (TypeKind::Struct { fields: fa }, TypeKind::Struct { fields: fb }) => {
                fb.iter().all(|f| fa.iter().any(|g| g.wire_name == f.wire_name && covers(types, &g.ty, &f.ty, seen)))
            }
            (TypeKind::Enum { variants: va }, TypeKind::Enum { variants: vb }) => {
                vb.iter().all(|v| va.iter().any(|w| w.wire_value == v.wire_value))
            }
            // Alternatives are told apart by what they contain: each of `b`'s must be covered by
            // the one of `a`'s in its place, chosen by the same discriminator values, or a value
            // could be read as another alternative.
            (
                TypeKind::Union { variants: va, discriminator: da, .. },
                TypeKind::Union { variants: vb, discriminator: db, .. },
            ) => {
                let values =
                    |d: &Option<crate::ir::Discriminator>| d.as_ref().map(|d| (d.property.clone(), d.values.clone()));
                va.len() == vb.len()
                    && values(da) == values(db)
                    && va.iter().zip(vb).all(|(w, v)| covers(types, &w.ty, &v.ty, seen))
            }
            _ => false,
        },
        _ => false,
    }
}
