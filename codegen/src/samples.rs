//! JSON values built from IR types: what a server could send for a type, as specific as the
//! type allows. Generated tests decode them (every union alternative must be read as itself
//! and serialised back whole), and the generator's own tests choose union alternatives with
//! them.

use serde_json::{Map, Value, json};

use crate::ir::{TypeDef, TypeKind, TypeRef};

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
    build(types, ty, 0)
}

/// A value of variant `index` of union `id`, with the discriminating value that a server
/// would send for that variant.
pub fn union_variant(types: &[TypeDef], id: usize, index: usize) -> Option<Value> {
    variant(types, id, index, 0)
}

fn variant(types: &[TypeDef], id: usize, index: usize, depth: usize) -> Option<Value> {
    let TypeKind::Union { variants, discriminator, .. } = &types[id].kind else { return None };
    let mut value = build(types, &variants.get(index)?.ty, depth);
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

fn build(types: &[TypeDef], ty: &TypeRef, depth: usize) -> Value {
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
        TypeRef::List(item) => json!([build(types, item, depth + 1)]),
        TypeRef::Map(value) => json!({"key": build(types, value, depth + 1)}),
        TypeRef::Option(inner) | TypeRef::Boxed(inner) => build(types, inner, depth),
        TypeRef::Named(id) => match &types[*id].kind {
            TypeKind::Struct { fields } => {
                let mut out = Map::new();
                if depth < MAX_DEPTH {
                    for f in fields.iter().filter(|f| f.required || depth < OPTIONAL_DEPTH) {
                        out.insert(f.wire_name.clone(), build(types, &f.ty, depth + 1));
                    }
                } else {
                    // Deep down, still what the type requires, so that the value is one a
                    // server could send; lists and maps are empty, so that it ends.
                    for f in fields.iter().filter(|f| f.required) {
                        let value = match &f.ty {
                            TypeRef::List(_) => json!([]),
                            TypeRef::Map(_) => json!({}),
                            ty => build(types, ty, depth + 1),
                        };
                        out.insert(f.wire_name.clone(), value);
                    }
                }
                Value::Object(out)
            }
            TypeKind::Enum { variants } => variants.first().map_or(json!("value"), |v| json!(v.wire_value)),
            // The first alternative that is an object: objects say the most about which
            // alternative they are.
            TypeKind::Union { variants, fallback, .. } => {
                let mut candidates = variants.iter().enumerate().filter(|(i, _)| i != fallback);
                let object = candidates.clone().find(|(_, v)| is_struct(types, &v.ty));
                match object.or_else(|| candidates.next()) {
                    Some((index, _)) => variant(types, *id, index, depth + 1).unwrap_or(Value::Null),
                    None => json!("value"),
                }
            }
            TypeKind::Alias(inner) => build(types, inner, depth + 1),
            TypeKind::Params { .. } => json!({}),
        },
    }
}

fn is_struct(types: &[TypeDef], ty: &TypeRef) -> bool {
    match ty {
        TypeRef::Boxed(inner) => is_struct(types, inner),
        TypeRef::Named(id) => matches!(types[*id].kind, TypeKind::Struct { .. }),
        _ => false,
    }
}
