//! `src/shapes.rs`: the JSON shape of every named type, as one table the runtime reads to
//! choose union alternatives and to repair drifted responses (`runtime::shape`). The table is
//! plain data, indexed like `Api::types`, and written as text: it is long, and regular enough
//! that a formatter has nothing to add.

use std::fmt::Write;

use crate::ir::{Api, Field, TypeKind, TypeRef};

/// The runtime's `Ty` for a type reference, as Rust source.
pub fn ty(api: &Api, reference: &TypeRef) -> String {
    match reference {
        TypeRef::Named(id) => match &api.types[*id].kind {
            // Params types are never decoded.
            TypeKind::Params { .. } => "Ty::Any".into(),
            _ => format!("Ty::Named({id})"),
        },
        TypeRef::String => "Ty::String".into(),
        TypeRef::Integer => "Ty::Integer".into(),
        TypeRef::Number => "Ty::Number".into(),
        TypeRef::Boolean => "Ty::Bool".into(),
        TypeRef::Uuid => "Ty::Uuid".into(),
        TypeRef::DateTime => "Ty::DateTime".into(),
        TypeRef::Json | TypeRef::Binary | TypeRef::Part => "Ty::Any".into(),
        TypeRef::JsonObject => "Ty::Object".into(),
        TypeRef::List(inner) => format!("Ty::List(&{})", ty(api, inner)),
        TypeRef::Map(inner) => format!("Ty::Map(&{})", ty(api, inner)),
        TypeRef::Option(inner) => nullable(ty(api, inner)),
        TypeRef::Boxed(inner) => ty(api, inner),
    }
}

fn nullable(inner: String) -> String {
    if inner == "Ty::Any" || inner.starts_with("Ty::Nullable(") { inner } else { format!("Ty::Nullable(&{inner})") }
}

/// A struct field's shape: an optional or nullable field accepts `null` (it is an `Option`).
fn field(api: &Api, f: &Field) -> String {
    let base = ty(api, &f.ty);
    let ty = if f.required && !f.nullable { base } else { nullable(base) };
    format!("Field {{ name: {:?}, ty: {ty}, required: {} }}", f.wire_name, f.required)
}

pub fn shapes_rs(api: &Api) -> String {
    let mut out = String::new();
    out.push_str(
        "//! The JSON shape of every type of this crate, for choosing a union's alternative by what a\n\
         //! value contains and for reading responses that drift from the API description (see\n\
         //! `runtime::shape`). Entry `n` is the type whose `Described` impl says `Ty::Named(n)`.\n\n\
         use crate::runtime::shape::*;\n\n\
         pub(crate) static SHAPES: &[Shape<'static>] = &[\n",
    );
    for (id, def) in api.types.iter().enumerate() {
        let path: Vec<&str> = def.module.iter().map(String::as_str).chain([def.name.as_str()]).collect();
        let _ = writeln!(out, "    // {id}: {}", path.join("::"));
        match &def.kind {
            TypeKind::Struct { fields } if fields.is_empty() => out.push_str("    Shape::Struct(&[]),\n"),
            TypeKind::Struct { fields } => {
                out.push_str("    Shape::Struct(&[\n");
                for f in fields {
                    let _ = writeln!(out, "        {},", field(api, f));
                }
                out.push_str("    ]),\n");
            }
            TypeKind::Enum { variants } => {
                let values: Vec<String> = variants.iter().map(|v| format!("{:?}", v.wire_value)).collect();
                let _ = writeln!(out, "    Shape::Enum(&[{}]),", values.join(", "));
            }
            TypeKind::Union { variants, discriminator, fallback, .. } => {
                // The fallback is not an alternative: it takes what none of them is.
                let position = |variant: usize| variant - usize::from(variant > *fallback);
                let alternatives: Vec<String> =
                    variants.iter().enumerate().filter(|(i, _)| i != fallback).map(|(_, v)| ty(api, &v.ty)).collect();
                out.push_str("    Shape::Union(Union {\n");
                let _ = writeln!(out, "        alternatives: &[{}],", alternatives.join(", "));
                match discriminator {
                    None => out.push_str("        discriminator: None,\n"),
                    Some(d) => {
                        out.push_str("        discriminator: Some(Discriminator {\n");
                        let _ = writeln!(out, "            property: {:?},", d.property);
                        out.push_str("            values: &[\n");
                        let mut grouped: Vec<(&str, Vec<usize>)> = Vec::new();
                        for (value, variant) in &d.values {
                            match grouped.last_mut() {
                                Some((last, list)) if *last == value.as_str() => list.push(position(*variant)),
                                _ => grouped.push((value, vec![position(*variant)])),
                            }
                        }
                        for (value, list) in grouped {
                            let list: Vec<String> = list.iter().map(usize::to_string).collect();
                            let _ = writeln!(out, "                ({value:?}, &[{}]),", list.join(", "));
                        }
                        out.push_str("            ],\n");
                        let _ = writeln!(out, "            complete: {},", d.complete);
                        let _ = writeln!(out, "            decides: {},", d.decides);
                        let _ = writeln!(out, "            required: {},", d.required);
                        out.push_str("        }),\n");
                    }
                }
                out.push_str("    }),\n");
            }
            TypeKind::Alias(target) => {
                let _ = writeln!(out, "    Shape::Alias({}),", ty(api, target));
            }
            TypeKind::Params { .. } => out.push_str("    Shape::Alias(Ty::Any),\n"),
        }
    }
    out.push_str("];\n");
    // Where each type's entry is. Kept here rather than beside each type, so that a type added
    // anywhere renumbers the entries of this file only.
    for (id, def) in api.types.iter().enumerate() {
        if matches!(def.kind, TypeKind::Params { .. } | TypeKind::Alias(_)) {
            continue;
        }
        out.push('\n');
        let top = def.module.first().filter(|m| api.krate.features.contains(m));
        match (top, def.features.as_slice()) {
            (Some(feature), _) | (None, [feature]) => {
                let _ = writeln!(out, "#[cfg(feature = {feature:?})]");
            }
            (None, []) => {}
            (None, many) => {
                let list: Vec<String> = many.iter().map(|f| format!("feature = {f:?}")).collect();
                let _ = writeln!(out, "#[cfg(any({}))]", list.join(", "));
            }
        }
        let path: Vec<String> = def.module.iter().chain([&def.name]).map(|m| super::ident(m).to_string()).collect();
        let _ = writeln!(out, "impl Described for crate::{} {{", path.join("::"));
        let _ = writeln!(out, "    const TY: Ty<'static> = Ty::Named({id});");
        out.push_str("}\n");
    }
    out
}
