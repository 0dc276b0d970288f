//! Where each named type lives and what it is finally called. A type lives in the deepest
//! module that contains every resource using it (directly or through other types), so that a
//! resource's own types sit beside it and shared ones move up; types used across top-level
//! resources (or by none) go to the `types` module.

use std::collections::{BTreeMap, BTreeSet, VecDeque};

use super::names::Scope;
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

pub fn place(defs: Vec<PendingType>, root: &mut Resource, error_detail: Option<&TypeRef>) -> Vec<TypeDef> {
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
    // A type used by another type is used wherever that one is. A worklist of the types whose
    // uses changed: each type's module only gets shorter and its features only grow, so each
    // is revisited a bounded number of times, however long the chains of types are.
    let edges: Vec<Vec<usize>> = defs.iter().map(|d| references(&d.kind, false)).collect();
    let mut queued: Vec<bool> = module.iter().map(Option::is_some).collect();
    let mut work: VecDeque<usize> = (0..n).filter(|&i| queued[i]).collect();
    while let Some(from) = work.pop_front() {
        queued[from] = false;
        let Some(parent) = module[from].clone() else { continue };
        for &to in &edges[from] {
            let next = match &module[to] {
                Some(m) => common_prefix(m, &parent),
                None => parent.clone(),
            };
            let mut moved = module[to].as_ref() != Some(&next);
            module[to] = Some(next);
            let missing: Vec<Option<String>> = tops[from].difference(&tops[to]).cloned().collect();
            if !missing.is_empty() {
                tops[to].extend(missing);
                moved = true;
            }
            if moved && !queued[to] {
                queued[to] = true;
                work.push_back(to);
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

    // Names: unique per module. Params types claim first, then components, then inline types,
    // each in pointer order. Models keep the spec's names; a resource handle that would take
    // one yields (`pet::PetResource` beside the model `pet::Pet`), since users name models in
    // their code and reach handles through `client.pet()`.
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
        let scope = scopes
            .entry(module[i].clone())
            .or_insert_with(|| Scope::with_reserved(super::names::STD_PRELUDE.iter().copied()));
        let base = &defs[i].base_name;
        names[i] = match &defs[i].qualified {
            Some(q) if scope.contains(base) && !scope.contains(q) => scope.claim(q),
            _ => scope.claim(base),
        };
    }

    rename_handles(root, &mut scopes);

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

/// A struct that contains itself (not behind a `Vec` or map) needs a `Box` on the way: a
/// field needs one when its type reaches back to the struct, that is, when both are in one
/// strongly connected component of the graph of direct containment.
fn box_recursion(defs: &mut [TypeDef]) {
    let direct: Vec<Vec<usize>> = defs.iter().map(|d| references(&d.kind, true)).collect();
    let component = strongly_connected(&direct);
    let reaches = |from: usize, target: usize| component[from] == component[target];
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

/// The strongly connected component of each node (Tarjan's algorithm, with an explicit stack
/// so that a chain of 50,000 types cannot overflow the call stack).
fn strongly_connected(edges: &[Vec<usize>]) -> Vec<usize> {
    const UNSEEN: usize = usize::MAX;
    let n = edges.len();
    let mut index = vec![UNSEEN; n];
    let mut low = vec![0; n];
    let mut on_stack = vec![false; n];
    let mut stack = Vec::new();
    let mut component = vec![UNSEEN; n];
    let mut next_index = 0;
    let mut components = 0;
    for start in 0..n {
        if index[start] != UNSEEN {
            continue;
        }
        // Each frame is a node and how many of its edges have been followed.
        let mut frames = vec![(start, 0usize)];
        index[start] = next_index;
        low[start] = next_index;
        next_index += 1;
        stack.push(start);
        on_stack[start] = true;
        while let Some(&mut (node, ref mut edge)) = frames.last_mut() {
            if let Some(&to) = edges[node].get(*edge) {
                *edge += 1;
                if index[to] == UNSEEN {
                    index[to] = next_index;
                    low[to] = next_index;
                    next_index += 1;
                    stack.push(to);
                    on_stack[to] = true;
                    frames.push((to, 0));
                } else if on_stack[to] {
                    low[node] = low[node].min(index[to]);
                }
                continue;
            }
            frames.pop();
            if let Some(&(parent, _)) = frames.last() {
                low[parent] = low[parent].min(low[node]);
            }
            if low[node] == index[node] {
                while let Some(member) = stack.pop() {
                    on_stack[member] = false;
                    component[member] = components;
                    if member == node {
                        break;
                    }
                }
                components += 1;
            }
        }
    }
    component
}

/// Gives a handle whose name a type of its module took another (`PetResource`).
fn rename_handles(resource: &mut Resource, scopes: &mut BTreeMap<Vec<String>, Scope>) {
    if let Some(scope) = scopes.get_mut(&resource.module) {
        if scope.contains(&resource.handle) {
            resource.handle = scope.claim(&format!("{}Resource", resource.handle));
        }
    }
    for child in &mut resource.children {
        rename_handles(child, scopes);
    }
}

#[cfg(test)]
mod tests {
    use super::strongly_connected;

    #[test]
    fn components_of_cycles_and_chains() {
        // 0 -> 1 -> 2 -> 0 is a cycle; 3 -> 3 a loop; 4 -> 0 and 5 stand alone.
        let edges = vec![vec![1], vec![2], vec![0], vec![3], vec![0], vec![]];
        let c = strongly_connected(&edges);
        assert!(c[0] == c[1] && c[1] == c[2]);
        assert!(c[3] != c[0] && c[4] != c[0] && c[5] != c[4]);
        // A long chain does not overflow the stack.
        let chain: Vec<Vec<usize>> = (0..200_000).map(|i| if i + 1 < 200_000 { vec![i + 1] } else { vec![] }).collect();
        let c = strongly_connected(&chain);
        assert_eq!(c.iter().collect::<std::collections::BTreeSet<_>>().len(), 200_000);
    }
}
