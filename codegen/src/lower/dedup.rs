//! Types that are the same in all but name become one. Real specs repeat themselves: every
//! Cloudflare service declares its own `messages`, `direction` and `per_page` schemas, and
//! inline schemas repeat across operations. Each copy would cost compile time for nothing.
//!
//! Two types are the same when their fields (wire and Rust names, optionality, types), variants
//! or alternatives are, where "their types are the same" is decided the same way: the coarsest
//! such partition, found by refining "all alike" until it holds (as in DFA minimisation), so
//! recursive types merge too. Docs and names do not count; the kept type is the first by
//! (named by the configuration, component before inline, pointer), so the choice does not
//! depend on the spec's order.
//! Params types are merged only between the operations of one scoped method (the same
//! operation per account and per zone); otherwise each operation keeps its own.

use std::collections::{BTreeMap, BTreeSet};

use super::placement::references;
use super::schemas::PendingType;
use crate::ir::{Field, Resource, TypeKind, TypeRef, UnionVariant};

fn map_ref(ty: &TypeRef, f: &impl Fn(usize) -> usize) -> TypeRef {
    match ty {
        TypeRef::Named(id) => TypeRef::Named(f(*id)),
        TypeRef::List(inner) => TypeRef::List(Box::new(map_ref(inner, f))),
        TypeRef::Map(inner) => TypeRef::Map(Box::new(map_ref(inner, f))),
        TypeRef::Option(inner) => TypeRef::Option(Box::new(map_ref(inner, f))),
        TypeRef::Boxed(inner) => TypeRef::Boxed(Box::new(map_ref(inner, f))),
        other => other.clone(),
    }
}

fn map_fields(fields: &[Field], f: &impl Fn(usize) -> usize) -> Vec<Field> {
    fields.iter().map(|field| Field { ty: map_ref(&field.ty, f), ..field.clone() }).collect()
}

fn map_kind(kind: &TypeKind, f: &impl Fn(usize) -> usize) -> TypeKind {
    match kind {
        TypeKind::Struct { fields } => TypeKind::Struct { fields: map_fields(fields, f) },
        TypeKind::Params { query, headers, body, encoding } => TypeKind::Params {
            query: map_fields(query, f),
            headers: map_fields(headers, f),
            body: map_fields(body, f),
            encoding: *encoding,
        },
        TypeKind::Union { variants, discriminator, fallback, ambiguous } => TypeKind::Union {
            discriminator: discriminator.clone(),
            fallback: *fallback,
            ambiguous: ambiguous.clone(),
            variants: variants
                .iter()
                .map(|v| UnionVariant { rust_name: v.rust_name.clone(), ty: map_ref(&v.ty, f) })
                .collect(),
        },
        TypeKind::Alias(ty) => TypeKind::Alias(map_ref(ty, f)),
        TypeKind::Enum { .. } => kind.clone(),
    }
}

/// A type's shape with the types it refers to replaced by their current classes; docs
/// (which `TypeKind` does not hold apart from fields') are left out.
fn signature(kind: &TypeKind, class: &[usize]) -> String {
    let shape = match map_kind(kind, &|id| class[id]) {
        TypeKind::Struct { fields } => {
            TypeKind::Struct { fields: fields.into_iter().map(|f| Field { doc: None, sample: None, ..f }).collect() }
        }
        TypeKind::Params { query, headers, body, encoding } => {
            let bare = |fields: Vec<Field>| -> Vec<Field> {
                fields.into_iter().map(|f| Field { doc: None, sample: None, ..f }).collect()
            };
            TypeKind::Params { query: bare(query), headers: bare(headers), body: bare(body), encoding }
        }
        TypeKind::Enum { variants } => {
            // The same values in another order are the same enum.
            let mut variants: Vec<_> = variants.into_iter().map(|v| crate::ir::Variant { doc: None, ..v }).collect();
            variants.sort_by(|a, b| a.wire_value.cmp(&b.wire_value));
            TypeKind::Enum { variants }
        }
        other => other,
    };
    format!("{shape:?}")
}

/// The params types of each scoped method's operations (one per owner), where there are two
/// or more.
fn scoped_params(resource: &Resource) -> Vec<Vec<usize>> {
    let mut out = Vec::new();
    for r in resource.walk() {
        let mut by_name: BTreeMap<&str, Vec<usize>> = BTreeMap::new();
        for op in r.operations.iter().filter(|op| !op.scopes.is_empty()) {
            if let Some(TypeRef::Named(id)) = op.params {
                by_name.entry(&op.method_name).or_default().push(id);
            }
        }
        out.extend(by_name.into_values().filter(|ids| ids.len() > 1));
    }
    out
}

fn for_each_ref(resource: &mut Resource, f: &impl Fn(usize) -> usize) {
    for op in &mut resource.operations {
        for p in op.path_params.iter_mut().chain(op.scopes.iter_mut().map(|s| &mut s.id)) {
            p.ty = map_ref(&p.ty, f);
        }
        op.params = op.params.as_ref().map(|t| map_ref(t, f));
        op.response.ty = op.response.ty.as_ref().map(|t| map_ref(t, f));
        if let Some(p) = &mut op.pagination {
            p.item = map_ref(&p.item, f);
        }
    }
    for child in &mut resource.children {
        for_each_ref(child, f);
    }
}

/// Merges equal types; rewrites every reference (in `defs`, the operations and `extra`).
/// `pinned` types (named by the configuration) are kept in preference to their equals.
pub fn merge(
    mut defs: Vec<PendingType>,
    root: &mut Resource,
    extra: &mut Option<TypeRef>,
    pinned: impl Fn(&PendingType) -> bool,
) -> Vec<PendingType> {
    let n = defs.len();
    let mergeable: Vec<bool> = defs.iter().map(|d| !matches!(d.kind, TypeKind::Params { .. })).collect();
    // Start with every mergeable type in one class and each params type alone (or with the
    // params of the other owners' operations of its scoped method), then split classes by
    // signature until the number of classes stops growing.
    let mut class: Vec<usize> = (0..n).map(|i| if mergeable[i] { 0 } else { i + 1 }).collect();
    for group in scoped_params(root) {
        for id in &group[1..] {
            class[*id] = group[0] + 1;
        }
    }
    let mut count = 0;
    loop {
        let mut ids: BTreeMap<(usize, String), usize> = BTreeMap::new();
        let next: Vec<usize> = (0..n)
            .map(|i| {
                let key = (class[i], signature(&defs[i].kind, &class));
                let fresh = ids.len();
                *ids.entry(key).or_insert(fresh)
            })
            .collect();
        let classes = ids.len();
        class = next;
        if classes == count {
            break;
        }
        count = classes;
    }

    // The kept type of each class, and the new index of each kept type.
    let mut keeper: BTreeMap<usize, usize> = BTreeMap::new();
    let rank = |k: usize| (!pinned(&defs[k]), defs[k].component.is_none(), &defs[k].pointer);
    for (i, &c) in class.iter().enumerate() {
        let kept = keeper.entry(c).or_insert(i);
        if rank(i) < rank(*kept) {
            *kept = i;
        }
    }
    // Samples (values each field's own schema accepts) count for the kept type only where its
    // equals agree: the same shape may carry other rules elsewhere (an id of 32 characters, and
    // one that is a UUID).
    let mut disagree: BTreeSet<(usize, usize)> = BTreeSet::new();
    for (i, &c) in class.iter().enumerate() {
        let kept = keeper[&c];
        if let (TypeKind::Struct { fields: a }, TypeKind::Struct { fields: b }) = (&defs[kept].kind, &defs[i].kind) {
            disagree
                .extend(a.iter().zip(b).enumerate().filter(|(_, (x, y))| x.sample != y.sample).map(|(j, _)| (kept, j)));
        }
    }
    for (kept, j) in disagree {
        if let TypeKind::Struct { fields } = &mut defs[kept].kind {
            fields[j].sample = None;
        }
    }
    // Only what an operation (or `extra`) reaches is kept: an operation skipped half-way
    // through lowering leaves its types behind. The types referred to by their own (original)
    // index are recorded on the way: a merged type the spec names otherwise keeps that name.
    let used = std::cell::RefCell::new(Vec::new());
    let record = |id: usize| {
        used.borrow_mut().push(id);
        id
    };
    for_each_ref(root, &record);
    if let Some(t) = extra.as_ref() {
        map_ref(t, &record);
    }
    let mut referenced: BTreeSet<usize> = used.into_inner().into_iter().collect();
    let mut stack: Vec<usize> = referenced.iter().map(|&id| keeper[&class[id]]).collect();
    let mut reachable = BTreeSet::new();
    while let Some(k) = stack.pop() {
        if reachable.insert(k) {
            let children = references(&defs[k].kind, false);
            stack.extend(children.iter().map(|&id| keeper[&class[id]]));
            referenced.extend(children);
        }
    }
    let new_index: BTreeMap<usize, usize> = reachable.iter().enumerate().map(|(new, &old)| (old, new)).collect();

    // An inline type kept for several places is named by what their names share
    // (`SummaryGetDirection` and `ZoneListDirection` are a `Direction`), unless the spec names it.
    let mut members: BTreeMap<usize, Vec<&str>> = BTreeMap::new();
    for (i, def) in defs.iter().enumerate() {
        members.entry(keeper[&class[i]]).or_default().push(&def.base_name);
    }
    let shared_names: BTreeMap<usize, String> = members
        .into_iter()
        .filter(|(k, names)| !defs[*k].given && names.len() > 1)
        .filter_map(|(k, names)| common_suffix(&names).map(|name| (k, name)))
        .collect();
    let final_name = |kept: usize| shared_names.get(&kept).unwrap_or(&defs[kept].base_name);

    // Otherwise each place keeps its own name, as an alias (`pub type Tag = Category;`): the
    // name the spec gives there, or the name of the place itself (a DNS record delete returns
    // a `RecordDeleteResponse`, not the `AuditLogsOwner` it happens to equal).
    let aliased = |id: usize, kept: usize| {
        id != kept && defs[id].base_name != *final_name(kept) && (defs[id].given || !shared_names.contains_key(&kept))
    };
    let mut aliases: BTreeMap<(usize, String), usize> = BTreeMap::new();
    let mut alias_defs: Vec<PendingType> = Vec::new();
    for &id in &referenced {
        let kept = keeper[&class[id]];
        let def = &defs[id];
        if !aliased(id, kept) {
            continue;
        }
        if let std::collections::btree_map::Entry::Vacant(slot) = aliases.entry((kept, def.base_name.clone())) {
            slot.insert(reachable.len() + alias_defs.len());
            alias_defs.push(PendingType {
                base_name: def.base_name.clone(),
                component: def.component.clone(),
                given: def.given,
                qualified: def.qualified.clone(),
                doc: def.doc.clone(),
                kind: TypeKind::Alias(TypeRef::Named(new_index[&kept])),
                pointer: def.pointer.clone(),
            });
        }
    }
    let remap = |id: usize| {
        let kept = keeper[&class[id]];
        match aliases.get(&(kept, defs[id].base_name.clone())) {
            Some(&alias) if aliased(id, kept) => alias,
            _ => new_index[&kept],
        }
    };

    for_each_ref(root, &remap);
    *extra = extra.as_ref().map(|t| map_ref(t, &remap));
    // A type kept for places the spec describes differently has no one description: its docs
    // would tell a zone's account that it is "the pagerduty service" (each field still has its
    // own, and each alias its place's).
    let mut docs: BTreeMap<usize, BTreeSet<&crate::ir::Doc>> = BTreeMap::new();
    for (i, def) in defs.iter().enumerate() {
        docs.entry(keeper[&class[i]]).or_default().insert(&def.doc);
    }
    let kept: Vec<PendingType> = defs
        .iter()
        .enumerate()
        .filter(|(i, _)| reachable.contains(i))
        .map(|(i, def)| PendingType {
            kind: map_kind(&def.kind, &remap),
            base_name: final_name(i).clone(),
            doc: if docs[&i].len() > 1 && !def.given { crate::ir::Doc::default() } else { def.doc.clone() },
            ..def.clone()
        })
        .collect();
    kept.into_iter().chain(alias_defs).collect()
}
/// Drops the types nothing reaches any more (one owner's answer type, where a scoped method
/// reads every owner's answers as another's), and renumbers the rest.
pub fn prune(defs: Vec<PendingType>, root: &mut Resource, extra: &mut Option<TypeRef>) -> Vec<PendingType> {
    let used = std::cell::RefCell::new(Vec::new());
    let record = |id: usize| {
        used.borrow_mut().push(id);
        id
    };
    for_each_ref(root, &record);
    if let Some(t) = extra.as_ref() {
        map_ref(t, &record);
    }
    let reachable = closure(&defs, used.into_inner());
    if reachable.len() == defs.len() {
        return defs;
    }
    let new_index: BTreeMap<usize, usize> = reachable.iter().enumerate().map(|(new, &old)| (old, new)).collect();
    let remap = |id: usize| new_index[&id];
    for_each_ref(root, &remap);
    *extra = extra.as_ref().map(|t| map_ref(t, &remap));
    defs.into_iter()
        .enumerate()
        .filter(|(i, _)| reachable.contains(i))
        .map(|(_, def)| PendingType { kind: map_kind(&def.kind, &remap), ..def })
        .collect()
}

/// The types `start` reaches, themselves included.
pub(super) fn closure(defs: &[PendingType], start: impl IntoIterator<Item = usize>) -> BTreeSet<usize> {
    let mut stack: Vec<usize> = start.into_iter().collect();
    let mut reached = BTreeSet::new();
    while let Some(k) = stack.pop() {
        if reached.insert(k) {
            stack.extend(references(&defs[k].kind, false));
        }
    }
    reached
}

/// The words (`PascalCase` humps) that all names end with, if any.
fn common_suffix(names: &[&str]) -> Option<String> {
    let words = |name: &str| {
        let mut out: Vec<String> = Vec::new();
        for c in name.chars() {
            match out.last_mut() {
                Some(word) if !c.is_ascii_uppercase() => word.push(c),
                _ => out.push(c.to_string()),
            }
        }
        out
    };
    let lists: Vec<Vec<String>> = names.iter().map(|n| words(n)).collect();
    let shortest = lists.iter().map(Vec::len).min()?;
    let shared =
        (1..=shortest).take_while(|&n| lists.iter().all(|l| l[l.len() - n] == lists[0][lists[0].len() - n])).last()?;
    let suffix = lists[0][lists[0].len() - shared..].concat();
    // A name made only of digits or a lone letter says nothing.
    (suffix.len() > 2 && suffix.starts_with(|c: char| c.is_ascii_uppercase())).then_some(suffix)
}
