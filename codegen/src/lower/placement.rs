//! Where each named type lives and what it is finally called. A type lives in the deepest
//! module that contains every resource using it (directly or through other types), so that a
//! resource's own types sit beside it and shared ones move up; types used across top-level
//! resources (or by none) go to the `types` module.

use std::collections::{BTreeMap, BTreeSet};

use super::names::{pascal, Scope};
use super::schemas::PendingType;
use crate::ir::{Resource, TypeDef, TypeKind, TypeRef};

/// The module shared types go to.
pub const SHARED_MODULE: &str = "types";

fn named_in(ty: &TypeRef, direct_only: bool, out: &mut Vec<usize>) {
    match ty {
        TypeRef::Named(id) => out.push(*id),
        TypeRef::Option(inner) => named_in(inner, direct_only, out),
        TypeRef::List(inner) | TypeRef::Map(inner) | TypeRef::Boxed(inner) if !direct_only => {
            named_in(inner, direct_only, out)
        }
        _ => {}
    }
}

/// Named types a type refers to; `direct_only` leaves out those behind a `Vec`, map or box,
/// which need no (further) box to break a cycle.
pub(super) fn references(kind: &TypeKind, direct_only: bool) -> Vec<usize> {
    let mut out = Vec::new();
    match kind {
        TypeKind::Struct { fields } => fields.iter().for_each(|f| named_in(&f.ty, direct_only, &mut out)),
        TypeKind::Params { query, headers, body, .. } => {
            query.iter().chain(headers).chain(body).for_each(|f| named_in(&f.ty, direct_only, &mut out))
        }
        TypeKind::Union { variants, .. } => variants.iter().for_each(|v| named_in(&v.ty, direct_only, &mut out)),
        TypeKind::Alias(ty) => named_in(ty, direct_only, &mut out),
        TypeKind::Enum { .. } => {}
    }
    out
}

fn common_prefix(a: &[String], b: &[String]) -> Vec<String> {
    a.iter().zip(b).take_while(|(x, y)| x == y).map(|(x, _)| x.clone()).collect()
}

pub fn place(defs: Vec<PendingType>, root: &Resource, error_detail: Option<&TypeRef>) -> Vec<TypeDef> {
    let n = defs.len();
    let mut module: Vec<Option<Vec<String>>> = vec![None; n];
    // The top-level resources (features) that use each type; `None` stands for "always",
    // a use outside every feature.
    let mut tops: Vec<BTreeSet<Option<String>>> = vec![BTreeSet::new(); n];
    let mut use_in = |ty: &TypeRef, at: &[String]| {
        let mut ids = Vec::new();
        named_in(ty, false, &mut ids);
        for id in ids {
            module[id] = Some(match &module[id] {
                Some(m) => common_prefix(m, at),
                None => at.to_vec(),
            });
            tops[id].insert(at.first().cloned());
        }
    };
    for resource in root.walk() {
        for op in &resource.operations {
            let tys = op.path_params.iter().map(|p| &p.ty).chain(&op.params).chain(&op.response.ty);
            for ty in tys {
                use_in(ty, &resource.module);
            }
        }
    }
    if let Some(ty) = error_detail {
        use_in(ty, &[]);
    }
    // A type used by another type is used wherever that one is; repeat until nothing moves
    // (modules only get shorter, so this ends).
    let edges: Vec<Vec<usize>> = defs.iter().map(|d| references(&d.kind, false)).collect();
    let mut changed = true;
    while changed {
        changed = false;
        for from in 0..n {
            let Some(parent) = module[from].clone() else { continue };
            for &to in &edges[from] {
                let next = match &module[to] {
                    Some(m) => common_prefix(m, &parent),
                    None => parent.clone(),
                };
                if module[to].as_ref() != Some(&next) {
                    module[to] = Some(next);
                    changed = true;
                }
                let missing: Vec<Option<String>> = tops[from].difference(&tops[to]).cloned().collect();
                if !missing.is_empty() {
                    tops[to].extend(missing);
                    changed = true;
                }
            }
        }
    }
    let module: Vec<Vec<String>> = module
        .into_iter()
        .map(|m| match m {
            Some(m) if !m.is_empty() => m,
            _ => vec![SHARED_MODULE.to_string()],
        })
        .collect();

    // Names: unique per module, the resource handle's name reserved. Params types claim
    // first, then components, then inline types, each in pointer order.
    let handles: BTreeMap<Vec<String>, String> =
        root.walk().into_iter().map(|r| (r.module.clone(), r.handle.clone())).collect();
    let mut scopes: BTreeMap<Vec<String>, Scope> = BTreeMap::new();
    let mut order: Vec<usize> = (0..n).collect();
    order.sort_by_key(|&i| {
        let d = &defs[i];
        let rank = match (&d.kind, &d.component) {
            (TypeKind::Params { .. }, _) => 0,
            (_, Some(_)) => 1,
            _ => 2,
        };
        (rank, d.pointer.clone(), d.base_name.clone())
    });
    let mut names = vec![String::new(); n];
    for i in order {
        let scope = scopes.entry(module[i].clone()).or_insert_with(|| {
            Scope::with_reserved(
                handles.get(&module[i]).map(String::as_str).into_iter().chain(super::names::PRELUDE.iter().copied()),
            )
        });
        let base = &defs[i].base_name;
        names[i] = match &defs[i].component {
            Some(c) if scope.contains(base) && !scope.contains(&pascal(c)) => scope.claim(&pascal(c)),
            _ => scope.claim(base),
        };
    }

    let mut out: Vec<TypeDef> = defs
        .into_iter()
        .enumerate()
        .map(|(i, d)| {
            // Shared types exist only with a feature that uses them, unless something outside
            // every feature does.
            let features = if module[i][0] == SHARED_MODULE && !tops[i].contains(&None) {
                tops[i].iter().flatten().cloned().collect()
            } else {
                Vec::new()
            };
            TypeDef {
                module: module[i].clone(),
                name: names[i].clone(),
                doc: d.doc,
                kind: d.kind,
                pointer: d.pointer,
                features,
            }
        })
        .collect();
    box_recursion(&mut out);
    out
}

/// A struct that contains itself (not behind a `Vec` or map) needs a `Box` on the way.
fn box_recursion(defs: &mut [TypeDef]) {
    let direct: Vec<Vec<usize>> = defs.iter().map(|d| references(&d.kind, true)).collect();
    let reaches = |from: usize, target: usize| {
        let mut seen = BTreeSet::new();
        let mut stack = vec![from];
        while let Some(at) = stack.pop() {
            if at == target {
                return true;
            }
            if seen.insert(at) {
                stack.extend(direct[at].iter().copied());
            }
        }
        false
    };
    for (id, def) in defs.iter_mut().enumerate() {
        let TypeKind::Struct { fields } = &mut def.kind else { continue };
        let to_box: Vec<usize> = fields
            .iter()
            .enumerate()
            .filter(|(_, f)| {
                let mut ids = Vec::new();
                named_in(&f.ty, true, &mut ids);
                ids.iter().any(|&child| reaches(child, id))
            })
            .map(|(i, _)| i)
            .collect();
        for i in to_box {
            let ty = std::mem::replace(&mut fields[i].ty, TypeRef::Json);
            fields[i].ty = match ty {
                TypeRef::Option(inner) => TypeRef::Option(Box::new(TypeRef::Boxed(inner))),
                other => TypeRef::Boxed(Box::new(other)),
            };
        }
    }
}
