//! Named types: structs, params values, enums, unions, aliases.

use proc_macro2::TokenStream;
use quote::quote;

use super::{Ctx, docs, ident};
use crate::ir::{BodyEncoding, Discriminator, Doc, Field, TypeDef, TypeKind, TypeRef, UnionVariant, Variant};

pub fn type_def(ctx: &Ctx<'_>, id: usize, def: &TypeDef) -> TokenStream {
    // A shared type exists when a feature that uses it is on.
    let gate = match def.features.as_slice() {
        [] => quote! {},
        [one] => quote! { #[cfg(feature = #one)] },
        many => quote! { #[cfg(any( #( feature = #many ),* ))] },
    };
    let doc = type_docs(&def.doc, &def.name);
    let name = ident(&def.name);
    match &def.kind {
        TypeKind::Struct { fields } => structure(ctx, &doc, &gate, &name, fields),
        TypeKind::Params { query, headers, body, encoding } => {
            params(ctx, &doc, &gate, &name, query, headers, body, *encoding)
        }
        TypeKind::Enum { variants } => enumeration(&doc, &gate, &name, variants),
        TypeKind::Union { variants, fallback, discriminator, .. } => {
            union(ctx, &doc, &gate, &name, id, variants, *fallback, discriminator.as_ref())
        }
        TypeKind::Alias(ty) => {
            let ty = ctx.ty(ty);
            quote! { #doc #gate pub type #name = #ty; }
        }
    }
}

fn type_docs(doc: &Doc, name: &str) -> TokenStream {
    let mut paragraphs: Vec<String> = [&doc.summary, &doc.description]
        .into_iter()
        .flatten()
        .map(|t| docs::sanitize(t))
        .filter(|t| !t.trim().is_empty())
        .collect();
    if paragraphs.is_empty() {
        paragraphs.push(format!("`{name}`, as the API describes it."));
    }
    docs::attrs(&paragraphs)
}

/// A field's doc, or its wire name when the spec gives none (an empty description is none):
/// every public item has a doc line, so that `missing_docs` holds in the user's build.
fn field_docs(field: &Field) -> TokenStream {
    let text = field
        .doc
        .as_deref()
        .map(docs::sanitize)
        .filter(|t| !t.trim().is_empty())
        .unwrap_or_else(|| format!("`{}`", field.wire_name));
    docs::attrs(&[text])
}

fn rename(field: &Field) -> Option<TokenStream> {
    let wire = &field.wire_name;
    (field.rust_name != *wire).then(|| quote! { rename = #wire, })
}

/// A response (or nested) object. Required fields are plain values; a missing one takes its
/// default (the container's `serde(default)`), a `null` one too (the runtime's `from_json`).
fn structure(
    ctx: &Ctx<'_>,
    doc: &TokenStream,
    gate: &TokenStream,
    name: &proc_macro2::Ident,
    fields: &[Field],
) -> TokenStream {
    let fields = fields.iter().map(|f| {
        let fdoc = field_docs(f);
        let fname = ident(&f.rust_name);
        let rename = rename(f);
        let ty = ctx.ty(&f.ty);
        if f.required && !f.nullable {
            let skip = f.read_only.then(|| quote! { skip_serializing_if = "crate::runtime::is_default", });
            let serde = (rename.is_some() || skip.is_some()).then(|| quote! { #[serde(#rename #skip)] });
            quote! {
                #fdoc
                #serde
                pub #fname: #ty,
            }
        } else {
            quote! {
                #fdoc
                #[serde(#rename skip_serializing_if = "Option::is_none")]
                pub #fname: Option<#ty>,
            }
        }
    });
    quote! {
        #doc
        #gate
        #[derive(Debug, Clone, PartialEq, Default, serde::Serialize, serde::Deserialize)]
        #[serde(default)]
        pub struct #name {
            #( #fields )*
        }
    }
}

/// How a params field is stored: required ones as themselves, optional ones in an `Option`,
/// optional nullable ones in two, so that "leave out" and "send null" differ.
fn stored(ctx: &Ctx<'_>, f: &Field) -> TokenStream {
    let ty = ctx.ty(&f.ty);
    match (f.required, f.nullable) {
        (true, false) => ty,
        (true, true) | (false, false) => quote! { Option<#ty> },
        (false, true) => quote! { Option<Option<#ty>> },
    }
}

/// Argument type for `new` and setters: strings take anything that becomes one.
fn arg(ctx: &Ctx<'_>, ty: &TypeRef) -> (TokenStream, TokenStream) {
    match ty {
        TypeRef::String => (quote! { impl Into<String> }, quote! { .into() }),
        // `.limit(100)` as well as `.limit(2.5)`.
        TypeRef::Number => (quote! { impl Into<f64> }, quote! { .into() }),
        TypeRef::Binary => (quote! { impl Into<bytes::Bytes> }, quote! { .into() }),
        TypeRef::Part => (quote! { impl Into<crate::Part> }, quote! { .into() }),
        other => (ctx.ty(other), quote! {}),
    }
}

#[allow(clippy::too_many_arguments, reason = "the parts of one params type, each used once")]
fn params(
    ctx: &Ctx<'_>,
    doc: &TokenStream,
    gate: &TokenStream,
    name: &proc_macro2::Ident,
    query: &[Field],
    headers: &[Field],
    body: &[Field],
    encoding: BodyEncoding,
) -> TokenStream {
    let all: Vec<(&Field, bool)> =
        query.iter().chain(headers).map(|f| (f, false)).chain(body.iter().map(|f| (f, true))).collect();
    let decls = all.iter().map(|(f, in_body)| {
        let fdoc = field_docs(f);
        let fname = ident(&f.rust_name);
        let ty = stored(ctx, f);
        let serde = if !in_body {
            quote! { #[serde(skip)] }
        } else {
            let rename = rename(f);
            let skip = (!f.required).then(|| quote! { skip_serializing_if = "Option::is_none", });
            if rename.is_some() || skip.is_some() {
                quote! { #[serde(#rename #skip)] }
            } else {
                quote! {}
            }
        };
        quote! { #fdoc #serde pub #fname: #ty, }
    });
    let required: Vec<&Field> = all.iter().filter(|(f, _)| f.required).map(|(f, _)| *f).collect();
    let new_args = required.iter().map(|f| {
        let fname = ident(&f.rust_name);
        // `Option<impl Into<String>>` would leave `None` without a type: nullable ones are plain.
        let ty = if f.nullable {
            let ty = ctx.ty(&f.ty);
            quote! { Option<#ty> }
        } else {
            arg(ctx, &f.ty).0
        };
        quote! { #fname: #ty }
    });
    let inits = all.iter().map(|(f, _)| {
        let fname = ident(&f.rust_name);
        match (f.required, f.nullable, &f.ty) {
            (true, false, TypeRef::String | TypeRef::Number | TypeRef::Binary | TypeRef::Part) => {
                quote! { #fname: #fname.into() }
            }
            (true, _, _) => quote! { #fname },
            (false, _, _) => quote! { #fname: None },
        }
    });
    let setters = all.iter().filter(|(f, _)| !f.required).map(|(f, _)| {
        let fname = ident(&f.rust_name);
        let (ty, conv) = arg(ctx, &f.ty);
        let fdoc = field_docs(f);
        if f.nullable {
            let null_name = ident(&format!("{}_null", f.rust_name));
            let null_doc = format!(" Sends `{}` as an explicit `null`.", f.wire_name);
            quote! {
                #fdoc
                pub fn #fname(mut self, value: #ty) -> Self {
                    self.#fname = Some(Some(value #conv));
                    self
                }
                #[doc = #null_doc]
                pub fn #null_name(mut self) -> Self {
                    self.#fname = Some(None);
                    self
                }
            }
        } else {
            quote! {
                #fdoc
                pub fn #fname(mut self, value: #ty) -> Self {
                    self.#fname = Some(value #conv);
                    self
                }
            }
        }
    });
    let pairs = |fields: &[Field], fn_name: &str| {
        if fields.is_empty() {
            return quote! {};
        }
        let fn_name = ident(fn_name);
        let pushes = fields.iter().map(|f| {
            let fname = ident(&f.rust_name);
            let wire = &f.wire_name;
            let push = match (f.separator, f.deep) {
                (_, true) => quote! { crate::runtime::push_deep(&self.#fname, #wire, &mut out); },
                (Some(sep), false) => {
                    let sep = sep.to_string();
                    quote! { crate::runtime::push_joined(&self.#fname, #wire, #sep, &mut out); }
                }
                (None, false) => quote! { crate::runtime::push_param(&self.#fname, #wire, &mut out); },
            };
            // A required list that is empty is still sent, with an empty value (`type=`), so
            // that the server sees it rather than a request that forgot it.
            if f.required && matches!(f.ty, TypeRef::List(_)) {
                quote! {
                    let before = out.len();
                    #push
                    crate::runtime::require_param(#wire, before, &mut out);
                }
            } else {
                push
            }
        });
        quote! {
            pub(crate) fn #fn_name(&self) -> Vec<(String, String)> {
                let mut out = Vec::new();
                #( #pushes )*
                out
            }
        }
    };
    let form_fn = (encoding == BodyEncoding::Multipart).then(|| {
        if body.is_empty() {
            return quote! {
                pub(crate) fn form_parts(&self) -> crate::Result<Vec<(String, crate::Part)>> {
                    Ok(Vec::new())
                }
            };
        }
        let pushes = body.iter().map(|f| {
            let fname = ident(&f.rust_name);
            let wire = &f.wire_name;
            if is_upload(&f.ty) {
                quote! { crate::runtime::push_file_part(&self.#fname, #wire, &mut out); }
            } else {
                quote! { crate::runtime::push_value_part(&self.#fname, #wire, &mut out)?; }
            }
        });
        quote! {
            pub(crate) fn form_parts(&self) -> crate::Result<Vec<(String, crate::Part)>> {
                let mut out = Vec::new();
                #( #pushes )*
                Ok(out)
            }
        }
    });
    let query_fn = pairs(query, "query_pairs");
    let urlencoded_fn = if encoding == BodyEncoding::Form {
        pairs(body, "form_pairs")
    } else {
        quote! {}
    };
    let header_fn = pairs(headers, "header_pairs");
    let new_doc = format!(" `{name}` with its required values; set the others with the methods of the same name.");
    let many_args = (required.len() > 7).then(|| {
        quote! { #[allow(clippy::too_many_arguments, reason = "every required value is an argument, so that none can be forgotten")] }
    });
    // With nothing required, `new()` and `default()` are the same value.
    let default = required.is_empty().then(|| quote! { Default, });
    let new_body = if required.is_empty() {
        quote! { <Self as Default>::default() }
    } else {
        quote! { #name { #( #inits ),* } }
    };
    quote! {
        #doc
        #gate
        #[derive(Debug, Clone, PartialEq, #default serde::Serialize)]
        #[non_exhaustive]
        pub struct #name {
            #( #decls )*
        }

        #gate
        impl #name {
            #[doc = #new_doc]
            #many_args
            pub fn new( #( #new_args ),* ) -> Self {
                #new_body
            }
            #( #setters )*
            #query_fn
            #header_fn
            #form_fn
            #urlencoded_fn
        }
    }
}

/// Whether a form field holds parts of its own (files or text), not a value to encode.
fn is_upload(ty: &TypeRef) -> bool {
    match ty {
        TypeRef::Part => true,
        TypeRef::List(inner) | TypeRef::Option(inner) => is_upload(inner),
        _ => false,
    }
}

fn enumeration(doc: &TokenStream, gate: &TokenStream, name: &proc_macro2::Ident, variants: &[Variant]) -> TokenStream {
    let idents: Vec<_> = variants.iter().map(|v| ident(&v.rust_name)).collect();
    let wires: Vec<&String> = variants.iter().map(|v| &v.wire_value).collect();
    let vdocs = variants.iter().map(|v| {
        let text = v.doc.as_deref().map(docs::sanitize).unwrap_or_else(|| match v.wire_value.as_str() {
            // An empty code span would show nothing.
            "" => "The empty string, `\"\"`.".to_string(),
            wire => format!("`{}`", docs::sanitize(wire)),
        });
        docs::attrs(&[text])
    });
    // An enum of one value is a constant (a union's `type: A`): it defaults to that value, so
    // that a value built with `Default` says what it is.
    let (default_doc, default_value) = match idents.as_slice() {
        [only] => (quote! { #[doc = " The only value the API describes."] }, quote! { Self::#only }),
        _ => (
            quote! { #[doc = " An empty `Unknown` value: what a response that leaves this field out reads as."] },
            quote! { Self::Unknown(String::new()) },
        ),
    };
    quote! {
        #doc
        #gate
        #[derive(Debug, Clone, PartialEq, Eq, Hash)]
        #[non_exhaustive]
        pub enum #name {
            #( #vdocs #idents, )*
            /// A value this version of the client does not know, kept as the server sent it.
            Unknown(String),
        }

        #gate
        impl #name {
            /// The value as it is sent on the wire.
            pub fn as_str(&self) -> &str {
                match self {
                    #( Self::#idents => #wires, )*
                    Self::Unknown(value) => value,
                }
            }
        }

        #gate
        impl Default for #name {
            #default_doc
            fn default() -> Self {
                #default_value
            }
        }

        #gate
        impl From<String> for #name {
            fn from(value: String) -> Self {
                match value.as_str() {
                    #( #wires => Self::#idents, )*
                    _ => Self::Unknown(value),
                }
            }
        }

        #gate
        impl std::str::FromStr for #name {
            type Err = std::convert::Infallible;

            fn from_str(value: &str) -> Result<Self, Self::Err> {
                Ok(Self::from(value.to_string()))
            }
        }

        #gate
        impl std::fmt::Display for #name {
            fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
                f.write_str(self.as_str())
            }
        }

        #gate
        impl serde::Serialize for #name {
            fn serialize<S: serde::Serializer>(&self, serializer: S) -> Result<S::Ok, S::Error> {
                serializer.serialize_str(self.as_str())
            }
        }

        #gate
        impl<'de> serde::Deserialize<'de> for #name {
            fn deserialize<D: serde::Deserializer<'de>>(deserializer: D) -> Result<Self, D::Error> {
                <String as serde::Deserialize>::deserialize(deserializer).map(Self::from)
            }
        }
    }
}

#[allow(clippy::too_many_arguments, reason = "the parts of one union type, each used once")]
fn union(
    ctx: &Ctx<'_>,
    doc: &TokenStream,
    gate: &TokenStream,
    name: &proc_macro2::Ident,
    id: usize,
    variants: &[UnionVariant],
    fallback: usize,
    discriminator: Option<&Discriminator>,
) -> TokenStream {
    let arms = variants.iter().enumerate().map(|(i, v)| {
        let vname = ident(&v.rust_name);
        let ty = ctx.ty(&v.ty);
        let doc = if i == fallback {
            " A value none of the other alternatives is, kept as it came.".to_string()
        } else {
            format!(" The `{}` alternative.", v.rust_name)
        };
        quote! { #[doc = #doc] #vname(#ty), }
    });
    let other = ident(&variants[fallback].rust_name);
    // The runtime numbers the alternatives without the fallback.
    let choices = variants.iter().enumerate().filter(|(i, _)| *i != fallback).enumerate().map(|(n, (_, v))| {
        let vname = ident(&v.rust_name);
        quote! { Some(#n) => serde_json::from_value(value).map(Self::#vname), }
    });
    let first = variants.iter().enumerate().find(|(i, _)| *i != fallback).map_or(fallback, |(i, _)| i);
    let first = ident(&variants[first].rust_name);
    // `From` for each alternative of a type of its own, so that a caller writes
    // `ARecord { .. }.into()` rather than naming the variant and boxing.
    // Aliases name one type: an alternative is "of a type of its own" only if no other
    // alternative is the same type under another name.
    let target = |ty: &TypeRef| match ty {
        TypeRef::Boxed(inner) => match **inner {
            TypeRef::Named(t) => Some(ctx.unaliased(t)),
            _ => None,
        },
        _ => None,
    };
    let froms = variants.iter().enumerate().filter(|(i, v)| {
        *i != fallback
            && target(&v.ty)
                .is_some_and(|t| t != id && variants.iter().filter(|w| target(&w.ty) == Some(t)).count() == 1)
    });
    let froms = froms.map(|(_, v)| {
        let vname = ident(&v.rust_name);
        let TypeRef::Boxed(inner) = &v.ty else { return quote! {} };
        let inner = ctx.ty(inner);
        quote! {
            #gate
            impl From<#inner> for #name {
                fn from(value: #inner) -> Self {
                    Self::#vname(Box::new(value))
                }
            }
        }
    });
    // Text converts too, when one alternative is a string (a message's content given as
    // text or as parts): `"hello".into()`.
    let strings: Vec<_> =
        variants.iter().enumerate().filter(|(i, v)| *i != fallback && v.ty == TypeRef::String).collect();
    let from_text = match strings.as_slice() {
        [(_, v)] => {
            let vname = ident(&v.rust_name);
            quote! {
                #gate
                impl From<String> for #name {
                    fn from(value: String) -> Self {
                        Self::#vname(value)
                    }
                }

                #gate
                impl From<&str> for #name {
                    fn from(value: &str) -> Self {
                        Self::#vname(value.to_string())
                    }
                }
            }
        }
        _ => quote! {},
    };
    let serialize = serialize_union(ctx, gate, name, variants, fallback, discriminator);
    let derive = if serialize.is_empty() {
        quote! { #[derive(Debug, Clone, PartialEq, serde::Serialize)] #[serde(untagged)] }
    } else {
        quote! { #[derive(Debug, Clone, PartialEq)] }
    };
    quote! {
        #doc
        #gate
        #derive
        pub enum #name {
            #( #arms )*
        }

        #serialize

        #from_text

        #gate
        // The alternative is chosen by what the value contains (`runtime::shape::choose`), not
        // by trying each in turn: every struct accepts any object, since missing members take
        // their defaults. A value that is none of them is kept whole, except in the client's
        // strict first reading of a response, which then reads it again and records the drift.
        impl<'de> serde::Deserialize<'de> for #name {
            fn deserialize<D: serde::Deserializer<'de>>(deserializer: D) -> Result<Self, D::Error> {
                let value = serde_json::Value::deserialize(deserializer)?;
                let decoded = match crate::runtime::choose::<Self>(&value) {
                    #( #choices )*
                    _ if crate::runtime::first_pass() => {
                        return Err(serde::de::Error::custom("none of the described alternatives"));
                    }
                    _ => return Ok(Self::#other(value)),
                };
                decoded.map_err(serde::de::Error::custom)
            }
        }

        #gate
        impl Default for #name {
            fn default() -> Self {
                Self::#first(Default::default())
            }
        }

        #( #froms )*
    }
}

/// `Serialize` for a union with a discriminating property: the alternative as it is, with the
/// property set to the alternative's value when the caller left it out or empty (an identity
/// provider built with `..Default::default()` says `type: okta`, not `type: ""`). Empty when
/// no alternative has a single value of its own: the derived untagged form serves.
fn serialize_union(
    ctx: &Ctx<'_>,
    gate: &TokenStream,
    name: &proc_macro2::Ident,
    variants: &[UnionVariant],
    fallback: usize,
    discriminator: Option<&Discriminator>,
) -> TokenStream {
    let Some(d) = discriminator else { return quote! {} };
    let tag_of = |index: usize| {
        let mut values = d.values.iter().filter(|(_, v)| *v == index).map(|(value, _)| value);
        match (values.next(), values.next()) {
            (Some(only), None) => Some(only.clone()),
            _ => None,
        }
    };
    if !(0..variants.len()).any(|i| i != fallback && tag_of(i).is_some()) {
        return quote! {};
    }
    let property = &d.property;
    let arms = variants.iter().enumerate().map(|(i, v)| {
        let vname = ident(&v.rust_name);
        match tag_of(i).filter(|_| i != fallback) {
            Some(tag) => {
                // Numbers and booleans are the JSON of the property's own type.
                let typed = ctx
                    .field_ty(&v.ty, property)
                    .is_some_and(|t| matches!(t, TypeRef::Integer | TypeRef::Number | TypeRef::Boolean));
                let tag = if typed {
                    quote! { serde_json::from_str(#tag).unwrap_or(serde_json::Value::Null) }
                } else {
                    quote! { serde_json::Value::from(#tag) }
                };
                quote! { Self::#vname(value) => crate::runtime::tagged(value, #property, #tag, serializer), }
            }
            None => quote! { Self::#vname(value) => value.serialize(serializer), },
        }
    });
    quote! {
        #gate
        impl serde::Serialize for #name {
            fn serialize<S: serde::Serializer>(&self, serializer: S) -> Result<S::Ok, S::Error> {
                match self {
                    #( #arms )*
                }
            }
        }
    }
}
