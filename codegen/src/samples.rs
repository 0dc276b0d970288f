//! JSON values built from IR types: what a server could send for a type, as specific as the
//! type allows. Generated tests decode them (every union alternative must be read as itself
//! and serialised back whole), and the generator's own tests choose union alternatives with
//! them.

use serde_json::{Map, Value, json};

use crate::ir::{Field, TypeDef, TypeKind, TypeRef};

/// The UUID every sample value of `format: uuid` is.
pub const UUID: &str = "182bd5e5-6e1a-4fe4-a799-aa6d9a6ab26e";

/// How deep optional members are filled in; below this only required ones are, so that
/// recursive types end.
const OPTIONAL_DEPTH: usize = 3;
/// Below this, a struct has only what it requires, with empty lists and maps.
const MAX_DEPTH: usize = 8;

/// A value of `ty`: every member of a struct (required and optional, down to a depth), an
/// enum's first value, a union's first alternative.
pub fn sample(types: &[TypeDef], ty: &TypeRef) -> Value {
    build(types, ty, 0, Fill::All)
}

/// A value of `ty` with only what it requires, at every depth: the least a caller must send.
pub fn minimal(types: &[TypeDef], ty: &TypeRef) -> Value {
    build(types, ty, 0, Fill::Required)
}

/// A value for a field: the one its schema's rules call for, where the lowering made one
/// that fits the field's type, else one built from the type.
pub fn field(types: &[TypeDef], field: &Field, fill: Fill) -> Value {
    match &field.sample {
        Some(value) if fits(types, &field.ty, value) => value.clone(),
        _ => build(types, &field.ty, 1, fill),
    }
}

/// Which members of a struct a value has.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Fill {
    /// Required and optional ones, down to a depth: what a server could send.
    All,
    /// Required and optional ones that are not read-only, down to a depth: what a caller
    /// could send with every optional argument set.
    Writable,
    /// Required ones only.
    Required,
}

/// Whether `value` is of the JSON kind `ty` reads (a field's sample comes from its schema,
/// which the lowering may have read otherwise).
fn fits(types: &[TypeDef], ty: &TypeRef, value: &Value) -> bool {
    match (ty, value) {
        (TypeRef::String, Value::String(_)) => true,
        (TypeRef::Uuid, Value::String(s)) => uuid::Uuid::parse_str(s).is_ok(),
        // A date-time is written back in UTC: the example's own offset would not come back.
        (TypeRef::DateTime, Value::String(s)) => s
            .parse::<chrono::DateTime<chrono::Utc>>()
            .is_ok_and(|t| t.to_rfc3339_opts(chrono::SecondsFormat::AutoSi, true) == *s),
        (TypeRef::Integer, Value::Number(n)) => n.is_i64(),
        (TypeRef::Number, Value::Number(_)) | (TypeRef::Boolean, Value::Bool(_)) => true,
        (TypeRef::Json, _) => true,
        (TypeRef::List(item), Value::Array(items)) => items.iter().all(|v| fits(types, item, v)),
        (TypeRef::Option(inner) | TypeRef::Boxed(inner), v) => fits(types, inner, v),
        (TypeRef::Named(id), v) => match &types[*id].kind {
            TypeKind::Enum { variants } => variants.iter().any(|x| Some(x.wire_value.as_str()) == v.as_str()),
            TypeKind::Alias(inner) => fits(types, inner, v),
            _ => false,
        },
        _ => false,
    }
}

/// A value of variant `index` of union `id`, with the discriminating value that a server
/// would send for that variant.
pub fn union_variant(types: &[TypeDef], id: usize, index: usize) -> Option<Value> {
    variant(types, id, index, 0)
}

fn variant(types: &[TypeDef], id: usize, index: usize, depth: usize) -> Option<Value> {
    variant_with(types, id, index, depth, Fill::All)
}

fn variant_with(types: &[TypeDef], id: usize, index: usize, depth: usize, fill: Fill) -> Option<Value> {
    let TypeKind::Union { variants, discriminator, .. } = &types[id].kind else { return None };
    let mut value = build(types, &variants.get(index)?.ty, depth, fill);
    let tag = discriminator.as_ref().and_then(|d| Some((&d.property, &d.values.iter().find(|(_, v)| *v == index)?.0)));
    if let (Some((property, tag)), Value::Object(members)) = (tag, &mut value) {
        // The IR writes numbers and booleans as their text; the value has them as they are.
        let typed = match members.get(property) {
            Some(Value::Number(_) | Value::Bool(_)) => serde_json::from_str(tag).unwrap_or_else(|_| json!(tag)),
            _ => json!(tag),
        };
        members.insert(property.clone(), typed);
    }
    Some(value)
}

fn build(types: &[TypeDef], ty: &TypeRef, depth: usize, fill: Fill) -> Value {
    // Unions of unions and aliases do not go deeper into the value, but still end.
    if depth > 2 * MAX_DEPTH {
        return Value::Null;
    }
    match ty {
        TypeRef::String | TypeRef::Part => json!("text"),
        TypeRef::Integer => json!(7),
        TypeRef::Number => json!(2.5),
        TypeRef::Boolean => json!(true),
        TypeRef::Uuid => json!(UUID),
        TypeRef::DateTime => json!("2024-05-06T07:08:09Z"),
        TypeRef::Json => json!({"any": "value"}),
        TypeRef::JsonObject => json!({"key": "value"}),
        TypeRef::Binary => json!("Ynl0ZXM="),
        TypeRef::List(item) => json!([build(types, item, depth + 1, fill)]),
        TypeRef::Map(value) => json!({"key": build(types, value, depth + 1, fill)}),
        TypeRef::Option(inner) | TypeRef::Boxed(inner) => build(types, inner, depth, fill),
        TypeRef::Named(id) => match &types[*id].kind {
            TypeKind::Struct { fields } => {
                let mut out = Map::new();
                if depth < MAX_DEPTH {
                    let optional = fill != Fill::Required && depth < OPTIONAL_DEPTH;
                    let members =
                        fields.iter().filter(|f| f.required || (optional && (fill == Fill::All || !f.read_only)));
                    for f in members {
                        let value = match &f.sample {
                            Some(value) if fits(types, &f.ty, value) => value.clone(),
                            _ => build(types, &f.ty, depth + 1, fill),
                        };
                        out.insert(f.wire_name.clone(), value);
                    }
                } else {
                    // Deep down, still what the type requires, so that the value is one a
                    // server could send; lists and maps are empty, so that it ends.
                    for f in fields.iter().filter(|f| f.required) {
                        let value = match &f.ty {
                            TypeRef::List(_) => json!([]),
                            TypeRef::Map(_) => json!({}),
                            _ if f.sample.as_ref().is_some_and(|v| fits(types, &f.ty, v)) => {
                                f.sample.clone().unwrap_or_default()
                            }
                            ty => build(types, ty, depth + 1, fill),
                        };
                        out.insert(f.wire_name.clone(), value);
                    }
                }
                Value::Object(out)
            }
            TypeKind::Enum { variants } => variants.first().map_or(json!("value"), |v| json!(v.wire_value)),
            // The first alternative that is an object: objects say the most about which
            // alternative they are.
            // Objects say the most about which alternative they are; among them, the one whose
            // members cover what the fewest others require, since a `oneOf` value must be one
            // alternative only.
            TypeKind::Union { variants, fallback, .. } => {
                let optional = fill != Fill::Required && depth + 1 < OPTIONAL_DEPTH;
                let candidates = (0..variants.len()).filter(|i| i != fallback);
                let best = candidates.clone().min_by_key(|&i| {
                    let members = struct_fields(types, &variants[i].ty).map(|fields| {
                        fields
                            .iter()
                            .filter(|f| f.required || optional)
                            .map(|f| f.wire_name.as_str())
                            .collect::<Vec<_>>()
                    });
                    let Some(members) = members else { return (1, 0, i) };
                    let covered = candidates
                        .clone()
                        .filter(|&j| j != i)
                        .filter(|&j| {
                            struct_fields(types, &variants[j].ty).is_some_and(|fields| {
                                fields.iter().filter(|f| f.required).all(|f| members.contains(&f.wire_name.as_str()))
                            })
                        })
                        .count();
                    (0, covered, i)
                });
                match best {
                    Some(index) => variant_with(types, *id, index, depth + 1, fill).unwrap_or(Value::Null),
                    None => json!("value"),
                }
            }
            TypeKind::Alias(inner) => build(types, inner, depth + 1, fill),
            TypeKind::Params { .. } => json!({}),
        },
    }
}

/// The fields of a struct type, through boxes and aliases.
fn struct_fields<'a>(types: &'a [TypeDef], ty: &TypeRef) -> Option<&'a [Field]> {
    match ty {
        TypeRef::Boxed(inner) => struct_fields(types, inner),
        TypeRef::Named(id) => match &types[*id].kind {
            TypeKind::Struct { fields } => Some(fields),
            TypeKind::Alias(inner) => struct_fields(types, inner),
            _ => None,
        },
        _ => None,
    }
}
