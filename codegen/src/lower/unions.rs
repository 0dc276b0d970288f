//! Whether the alternatives of every union can be told apart, checked the way the client will
//! choose: the runtime's own code (`runtime/shape.rs`) runs here on the shape table the
//! generated crate will hold, and a value built for each alternative must be chosen as that
//! alternative. An alternative the spec cannot tell from another is recorded in the IR (the
//! generated round-trip test leaves it out) and reported, since its values will be read as
//! the other one.

use bumpalo::Bump;

use crate::diagnostics::Diagnostic;
use crate::ir::{Field, TypeDef, TypeKind, TypeRef};
use crate::runtime_shape::{self as shape, Shape, Ty};

/// The runtime's `Ty` for a type reference, as `emit::shapes` writes it.
fn ty<'b>(types: &[TypeDef], reference: &TypeRef, bump: &'b Bump) -> Ty<'b> {
    match reference {
        TypeRef::Named(id) => match types[*id].kind {
            TypeKind::Params { .. } => Ty::Any,
            _ => Ty::Named(*id as u32),
        },
        TypeRef::String => Ty::String,
        TypeRef::Integer => Ty::Integer,
        TypeRef::Number => Ty::Number,
        TypeRef::Boolean => Ty::Bool,
        TypeRef::Uuid => Ty::Uuid,
        TypeRef::DateTime => Ty::DateTime,
        TypeRef::Json | TypeRef::Binary | TypeRef::Part => Ty::Any,
        TypeRef::JsonObject => Ty::Object,
        TypeRef::List(inner) => Ty::List(bump.alloc(ty(types, inner, bump))),
        TypeRef::Map(inner) => Ty::Map(bump.alloc(ty(types, inner, bump))),
        TypeRef::Option(inner) => nullable(ty(types, inner, bump), bump),
        TypeRef::Boxed(inner) => ty(types, inner, bump),
    }
}

fn nullable<'b>(inner: Ty<'b>, bump: &'b Bump) -> Ty<'b> {
    match inner {
        Ty::Any | Ty::Nullable(_) => inner,
        other => Ty::Nullable(bump.alloc(other)),
    }
}

fn field<'b>(types: &[TypeDef], f: &Field, bump: &'b Bump) -> shape::Field<'b> {
    let base = ty(types, &f.ty, bump);
    shape::Field {
        name: bump.alloc_str(&f.wire_name),
        ty: if f.required && !f.nullable { base } else { nullable(base, bump) },
        required: f.required,
    }
}

/// The shape table of a crate, as its `src/shapes.rs` holds it (`emit::shapes`).
pub fn table<'b>(types: &[TypeDef], bump: &'b Bump) -> &'b [Shape<'b>] {
    let shapes = types.iter().map(|def| match &def.kind {
        TypeKind::Struct { fields } => {
            Shape::Struct(bump.alloc_slice_fill_iter(fields.iter().map(|f| field(types, f, bump))))
        }
        TypeKind::Enum { variants } => {
            Shape::Enum(bump.alloc_slice_fill_iter(variants.iter().map(|v| &*bump.alloc_str(&v.wire_value))))
        }
        TypeKind::Union { variants, discriminator, fallback, .. } => {
            let position = |variant: usize| (variant - usize::from(variant > *fallback)) as u32;
            let alternatives: Vec<Ty<'b>> = variants
                .iter()
                .enumerate()
                .filter(|(i, _)| i != fallback)
                .map(|(_, v)| ty(types, &v.ty, bump))
                .collect();
            let alternatives = bump.alloc_slice_copy(&alternatives);
            let discriminator = discriminator.as_ref().map(|d| {
                let mut grouped: Vec<(&str, Vec<u32>)> = Vec::new();
                for (value, variant) in &d.values {
                    match grouped.last_mut() {
                        Some((last, list)) if *last == value.as_str() => list.push(position(*variant)),
                        _ => grouped.push((value, vec![position(*variant)])),
                    }
                }
                let values: Vec<(&str, &[u32])> = grouped
                    .into_iter()
                    .map(|(value, list)| (&*bump.alloc_str(value), &*bump.alloc_slice_copy(&list)))
                    .collect();
                shape::Discriminator {
                    property: bump.alloc_str(&d.property),
                    values: bump.alloc_slice_copy(&values),
                    complete: d.complete,
                    decides: d.decides,
                    required: d.required,
                }
            });
            Shape::Union(shape::Union { alternatives, discriminator })
        }
        TypeKind::Alias(target) => Shape::Alias(ty(types, target, bump)),
        TypeKind::Params { .. } => Shape::Alias(Ty::Any),
    });
    bump.alloc_slice_fill_iter(shapes)
}

/// Fills in each union's `ambiguous` alternatives, and says what they are.
pub fn check(types: &mut [TypeDef]) -> Vec<Diagnostic> {
    let bump = Bump::new();
    let table = table(types, &bump);
    let mut found = Vec::new();
    for (id, def) in types.iter().enumerate() {
        let (TypeKind::Union { variants, fallback, .. }, Shape::Union(union)) = (&def.kind, &table[id]) else {
            continue;
        };
        let mut ambiguous = Vec::new();
        for index in (0..variants.len()).filter(|i| i != fallback) {
            let Some(value) = crate::samples::union_variant(types, id, index) else { continue };
            let chosen = shape::choose(table, union, &value).map(|p| p + usize::from(p >= *fallback));
            if chosen != Some(index) {
                ambiguous.push((index, chosen.unwrap_or(*fallback)));
            }
        }
        if !ambiguous.is_empty() {
            found.push((id, ambiguous));
        }
    }
    let mut diagnostics = Vec::new();
    for (id, ambiguous) in found {
        let def = &mut types[id];
        if let TypeKind::Union { variants, ambiguous: slot, .. } = &mut def.kind {
            for (index, read_as) in &ambiguous {
                let (alternative, other) = (&variants[*index].rust_name, &variants[*read_as].rust_name);
                let message = format!(
                    "`{}`: the spec does not tell `{alternative}` from `{other}`, so a value of `{alternative}` is read as `{other}`",
                    def.name
                );
                diagnostics.push(Diagnostic::warning(&def.pointer, message).with_hint(
                    "give each alternative a property with a value of its own (`enum: [...]`), or a `discriminator` with a mapping; a patch in the configuration can add one",
                ));
            }
            *slot = ambiguous;
        }
    }
    diagnostics
}
