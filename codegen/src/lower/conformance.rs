//! The operations a conformance test calls: chosen by a rule, so that the sample covers every
//! top-level resource and grows with the API without anyone picking operations by hand.

use crate::config::ConformanceConfig;
use crate::ir::{
    Conformance, HttpMethod, Param, Resource, ResponseFormat, SampleAnswer, SampleArg, SampleCall, SampleParams,
    ScopedPath, TypeDef, TypeKind, TypeRef,
};

/// For each top-level resource, its first `per_resource` GET operations by path (then name)
/// that need nothing but path parameters (no required query, header or body values) and are
/// not deprecated. Each path parameter gets a value of its type.
pub fn sample(config: &ConformanceConfig, root: &Resource, types: &[TypeDef], result: Option<&str>) -> Conformance {
    let needs_nothing = |params: &Option<TypeRef>| match params {
        None => true,
        Some(TypeRef::Named(id)) => match &types[*id].kind {
            TypeKind::Params { query, headers, body, .. } => {
                query.iter().chain(headers).chain(body).all(|f| !f.required)
            }
            _ => false,
        },
        Some(_) => false,
    };
    let mut calls = Vec::new();
    for top in &root.children {
        let mut candidates: Vec<(&Resource, &crate::ir::Operation)> = top
            .walk()
            .into_iter()
            .flat_map(|r| r.operations.iter().map(move |op| (r, op)))
            .filter(|(_, op)| op.http_method == HttpMethod::Get && !op.deprecated && needs_nothing(&op.params))
            .collect();
        candidates.sort_by(|a, b| (&a.1.path_template, &a.1.method_name).cmp(&(&b.1.path_template, &b.1.method_name)));
        for (resource, op) in candidates.into_iter().take(config.per_resource) {
            for scoped in owners(op) {
                calls.push(sample_call(config, resource, op, scoped, types, result, false));
            }
        }
    }
    // Every method, not only GET: Prism answers from the spec and changes nothing.
    let every = if config.every_operation {
        root.children
            .iter()
            .map(|top| {
                top.walk()
                    .into_iter()
                    .flat_map(|r| r.operations.iter().map(move |op| (r, op)))
                    .flat_map(|(resource, op)| owners(op).into_iter().map(move |scoped| (resource, op, scoped)))
                    .flat_map(|(resource, op, scoped)| {
                        let required = sample_call(config, resource, op, scoped, types, result, false);
                        let optional = op
                            .params
                            .as_ref()
                            .is_some_and(|p| has_optional(p, types))
                            .then(|| sample_call(config, resource, op, scoped, types, result, true));
                        std::iter::once(required).chain(optional)
                    })
                    .collect::<Vec<_>>()
            })
            .filter(|calls| !calls.is_empty())
            .collect()
    } else {
        Vec::new()
    };
    Conformance {
        url_env: config.url_env.clone(),
        required_env: config.required_env.clone(),
        path_value: config.path_value.clone(),
        calls,
        every,
    }
}

/// Each owner a scoped operation is called for; `[None]` for another operation.
fn owners(op: &crate::ir::Operation) -> Vec<Option<&ScopedPath>> {
    if op.scopes.is_empty() { vec![None] } else { op.scopes.iter().map(Some).collect() }
}

fn sample_call(
    config: &ConformanceConfig,
    resource: &Resource,
    op: &crate::ir::Operation,
    scoped: Option<&ScopedPath>,
    types: &[TypeDef],
    result: Option<&str>,
    every_optional: bool,
) -> SampleCall {
    let answer = (op.response.format == ResponseFormat::Json && op.response.ty.is_some()).then(|| {
        let envelope = result.filter(|_| op.response.enveloped).map(str::to_string);
        let items = op.pagination.as_ref().and_then(|p| p.items_field.clone());
        SampleAnswer { at: envelope.into_iter().chain(items).collect(), page: op.pagination.is_some() }
    });
    let value = |p: &Param| match &p.sample {
        Some(sample) => SampleArg::Text(sample.clone()),
        None => argument(&p.ty, types),
    };
    let mut call = SampleCall {
        resource: resource.module.clone(),
        method: op.method_name.clone(),
        scope: scoped.map(|s| (s.variant.clone(), super::snake(&s.variant), value(&s.id))),
        path_args: op.path_params.iter().map(value).collect(),
        params: match &op.params {
            Some(TypeRef::Named(ty)) => Some(SampleParams { ty: *ty, every_optional }),
            _ => None,
        },
        open_body: op.open_body_required,
        answer,
        deprecated: op.deprecated,
        known_failure: None,
    };
    call.known_failure = config.known_failures.get(&call.name()).cloned();
    call
}

fn argument(ty: &TypeRef, types: &[TypeDef]) -> SampleArg {
    match ty {
        TypeRef::Integer | TypeRef::Number => SampleArg::Number,
        TypeRef::Uuid => SampleArg::Uuid,
        TypeRef::Named(id) => match &types[*id].kind {
            TypeKind::Enum { variants } if !variants.is_empty() => SampleArg::Text(variants[0].wire_value.clone()),
            TypeKind::Alias(inner) => argument(inner, types),
            _ => SampleArg::Default,
        },
        _ => SampleArg::Default,
    }
}

/// Whether a params type has a field the caller may leave out.
fn has_optional(params: &TypeRef, types: &[TypeDef]) -> bool {
    match params {
        TypeRef::Named(id) => match &types[*id].kind {
            TypeKind::Params { query, headers, body, .. } => {
                query.iter().chain(headers).chain(body).any(|f| !f.required)
            }
            _ => false,
        },
        _ => false,
    }
}
