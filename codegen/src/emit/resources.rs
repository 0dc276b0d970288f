//! Resource handles and their operation methods.

use proc_macro2::TokenStream;
use quote::quote;

use super::{Ctx, KEYWORDS, docs, ident};
use crate::ir::{
    Api, BodyKind, HttpMethod, Operation, PageMode, PathSegment, Resource, ResponseFormat, TypeKind, TypeRef,
};

pub fn resource(ctx: &Ctx<'_>, resource: &Resource) -> TokenStream {
    let is_root = resource.module.is_empty();
    let client = if is_root {
        quote! { self }
    } else {
        quote! { self.client }
    };
    // Child handles borrow the client for as long as this handle does.
    let lifetime = if is_root {
        quote! { '_ }
    } else {
        quote! { 'a }
    };
    let accessors = resource.children.iter().map(|child| {
        let name = child.accessor();
        // Top-level resources are cargo features; their modules exist only when enabled.
        let gate =
            (is_root && ctx.api.krate.features.iter().any(|f| f == name)).then(|| quote! { #[cfg(feature = #name)] });
        let accessor = ident(name);
        let handle = ident(&child.handle);
        let doc = format!(" Operations under `client.{}()`.", child.module.join("()."));
        quote! {
            #[doc = #doc]
            #gate
            pub fn #accessor(&self) -> #accessor::#handle<#lifetime> {
                #accessor::#handle { client: #client }
            }
        }
    });
    let methods = resource.operations.iter().map(|op| operation(ctx, resource, op, &client));
    if is_root {
        return quote! {
            impl Client {
                #( #accessors )*
                #( #methods )*
            }
        };
    }
    let handle = ident(&resource.handle);
    let doc = format!(" Handle for the operations under `client.{}()`.", resource.module.join("()."));
    quote! {
        #[doc = #doc]
        #[derive(Debug, Clone, Copy)]
        pub struct #handle<'a> {
            pub(crate) client: &'a crate::Client,
        }

        impl<'a> #handle<'a> {
            #( #accessors )*
            #( #methods )*
        }
    }
}

fn http_method(m: HttpMethod) -> TokenStream {
    match m {
        HttpMethod::Get => quote! { reqwest::Method::GET },
        HttpMethod::Post => quote! { reqwest::Method::POST },
        HttpMethod::Put => quote! { reqwest::Method::PUT },
        HttpMethod::Patch => quote! { reqwest::Method::PATCH },
        HttpMethod::Delete => quote! { reqwest::Method::DELETE },
        HttpMethod::Head => quote! { reqwest::Method::HEAD },
        HttpMethod::Options => quote! { reqwest::Method::OPTIONS },
        HttpMethod::Trace => quote! { reqwest::Method::TRACE },
    }
}

fn operation(ctx: &Ctx<'_>, resource: &Resource, op: &Operation, client: &TokenStream) -> TokenStream {
    let name = ident(&op.method_name);
    let mut paragraphs = Vec::new();
    if let Some(s) = &op.doc.summary {
        paragraphs.push(docs::sanitize(s));
    }
    if let Some(d) = &op.doc.description {
        // Descriptions often repeat the summary as their first sentence.
        let summary = op.doc.summary.as_deref().unwrap_or_default().trim();
        let rest = d.trim().strip_prefix(summary).unwrap_or(d).trim();
        if !rest.is_empty() {
            paragraphs.push(docs::sanitize(rest));
        }
    }
    if op.scopes.is_empty() {
        paragraphs.push(format!("`{} {}`", op.http_method.as_str(), op.path_template));
    } else {
        let lines: Vec<String> = op
            .scopes
            .iter()
            .map(|s| {
                let line = format!("- `{}`: `{} {}`", s.variant, op.http_method.as_str(), s.path_template);
                match &s.summary {
                    Some(summary) => format!("{line}: {}", docs::sanitize(summary.trim())),
                    None => line,
                }
            })
            .collect();
        paragraphs.push(format!("For an owner the `scope` names:\n\n{}", lines.join("\n")));
    }
    paragraphs.push(example(ctx.api, resource, op));
    let doc = docs::attrs(&paragraphs);
    let deprecated =
        op.deprecated.then(|| quote! { #[deprecated(note = "the API marks this operation as deprecated")] });

    let path_args: Vec<_> = op.path_params.iter().map(|p| ident(&p.rust_name)).collect();
    // Each path value is encoded into a binding of its own, named so that the format string
    // can use it inline (a raw identifier like `r#type` cannot stand in a format string).
    let bindings: Vec<String> =
        op.path_params
            .iter()
            .map(|p| {
                if KEYWORDS.contains(&p.rust_name.as_str()) { format!("{}_", p.rust_name) } else { p.rust_name.clone() }
            })
            .collect();
    // The path as a format string over the bindings; a scoped operation's owner id is `scope`
    // (no path parameter of a merged operation has that name).
    let format_of = |path: &[PathSegment]| {
        let mut format_str = String::new();
        for seg in path {
            match seg {
                PathSegment::Literal(l) => format_str.push_str(&l.replace('{', "{{").replace('}', "}}")),
                PathSegment::Param(i) => format_str.push_str(&format!("{{{}}}", bindings[*i])),
                PathSegment::Scope => format_str.push_str("{scope}"),
            }
        }
        format_str
    };
    let encodes = path_args.iter().zip(&bindings).map(|(arg, binding)| {
        let binding = ident(binding);
        quote! { let #binding = crate::runtime::encode_path(#arg); }
    });
    let (scope_arg, choose, template, path_expr) = match (&ctx.api.scope, op.scopes.is_empty()) {
        (Some(scope), false) => {
            let ty = ident(&scope.name);
            let arms = op.scopes.iter().map(|s| {
                let variant = ident(&s.variant);
                let (template, format_str) = (&s.path_template, format_of(&s.path));
                quote! {
                    crate::#ty::#variant(scope) => {
                        let scope = crate::runtime::encode_path(scope);
                        (#template, format!(#format_str))
                    }
                }
            });
            (
                Some(quote! { , scope: impl Into<crate::#ty> }),
                Some(quote! {
                    let (template, path) = match scope.into() {
                        #( #arms )*
                    };
                }),
                quote! { template },
                quote! { path },
            )
        }
        _ => {
            let format_str = format_of(&op.path);
            let template = &op.path_template;
            let path = if op.path_params.is_empty() {
                quote! { #format_str.to_string() }
            } else {
                quote! { format!(#format_str) }
            };
            (None, None, quote! { #template }, path)
        }
    };
    let params_arg = op.params.as_ref().map(|p| {
        let ty = ctx.ty(p);
        quote! { , params: &#ty }
    });
    let (has_query, has_headers) = match op.params.as_ref() {
        Some(TypeRef::Named(id)) => match &ctx.api.types[*id].kind {
            TypeKind::Params { query, headers, .. } => (!query.is_empty(), !headers.is_empty()),
            _ => (false, false),
        },
        _ => (false, false),
    };
    let params_call = (has_query || has_headers).then(|| {
        let q = if has_query {
            quote! { params.query_pairs() }
        } else {
            quote! { Vec::new() }
        };
        let h = if has_headers {
            quote! { params.header_pairs() }
        } else {
            quote! { Vec::new() }
        };
        quote! { .params(#q, #h) }
    });
    let body_call = match op.body {
        Some(BodyKind::JsonFields) => Some(quote! { .json(params) }),
        Some(BodyKind::JsonValue) => Some(quote! { .json(&params.body) }),
        Some(BodyKind::EmptyObject) => Some(quote! { .json(&serde_json::Map::new()) }),
        Some(BodyKind::Multipart) if op.params.is_some() => Some(quote! { .multipart(params.form_parts()) }),
        Some(BodyKind::Multipart) => Some(quote! { .multipart(Ok(Vec::new())) }),
        Some(BodyKind::Raw { ref content_type }) => Some(quote! { .bytes(params.body.clone(), #content_type) }),
        Some(BodyKind::Form) if op.params.is_some() => Some(quote! { .form(params.form_pairs()) }),
        Some(BodyKind::Form) => Some(quote! { .form(Vec::new()) }),
        None => None,
    };
    let kind = match (&op.response.ty, op.response.enveloped) {
        _ if op.response.format == ResponseFormat::Text => quote! { crate::runtime::ResponseKind::Text },
        _ if op.response.format == ResponseFormat::Binary => quote! { crate::runtime::ResponseKind::Binary },
        (Some(_), true) => quote! { crate::runtime::ResponseKind::Enveloped },
        (Some(_), false) => quote! { crate::runtime::ResponseKind::Plain },
        (None, enveloped) => quote! { crate::runtime::ResponseKind::Empty { enveloped: #enveloped } },
    };
    let (call, output, paginate) = match &op.pagination {
        Some(p) => {
            let item = ctx.ty(&p.item);
            let paging = match &p.mode {
                PageMode::Single => quote! { crate::runtime::Paging::Single },
                PageMode::PageNumber { page_param, last_page } => {
                    quote! { crate::runtime::Paging::PageNumber { page_param: #page_param, last_page: &[ #( #last_page ),* ] } }
                }
                PageMode::Cursor { cursor_param, next_cursor } => {
                    quote! { crate::runtime::Paging::Cursor { cursor_param: #cursor_param, next_cursor: &[ #( #next_cursor ),* ] } }
                }
                PageMode::NextUrl { next_url } => {
                    quote! { crate::runtime::Paging::NextUrl { next_url: &[ #( #next_url ),* ] } }
                }
                PageMode::HasMore { cursor_param, has_more, item_cursor, before_param } => {
                    let before_param = match before_param {
                        Some(p) => quote! { Some(#p) },
                        None => quote! { None },
                    };
                    quote! {
                        crate::runtime::Paging::HasMore {
                            cursor_param: #cursor_param,
                            has_more: &[ #( #has_more ),* ],
                            item_cursor: #item_cursor,
                            before_param: #before_param,
                        }
                    }
                }
                PageMode::Offset { offset_param, total } => {
                    quote! { crate::runtime::Paging::Offset { offset_param: #offset_param, total: &[ #( #total ),* ] } }
                }
            };
            let items_field = match &p.items_field {
                Some(f) => quote! { Some(#f) },
                None => quote! { None },
            };
            (quote! { list_call }, quote! { crate::Pager<#item> }, Some(quote! { .paginate(#paging, #items_field) }))
        }
        None => {
            let output = match &op.response.ty {
                Some(ty) => ctx.ty(ty),
                None => quote! { () },
            };
            (quote! { call }, quote! { crate::Call<#output> }, None)
        }
    };
    let method = http_method(op.http_method);
    let accept = op.response.accept.as_ref().map(|a| quote! { .accept(#a) });
    let anonymous = op.anonymous.then(|| quote! { .without_credentials() });
    let security = op.security.as_ref().map(|alternatives| {
        let alternatives = alternatives.iter().map(|a| quote! { &[ #( #a ),* ] });
        quote! { .security(&[ #( #alternatives ),* ]) }
    });
    quote! {
        #doc
        #deprecated
        pub fn #name(&self #scope_arg #( , #path_args: impl std::fmt::Display )* #params_arg) -> #output {
            #( #encodes )*
            #choose
            #client
                .#call(#method, #template, #path_expr)
                #params_call
                #body_call
                #accept
                #anonymous
                #security
                .kind(#kind)
                #paginate
        }
    }
}

/// A compiled (not run) usage example: required arguments get placeholder values.
fn example(api: &Api, resource: &Resource, op: &Operation) -> String {
    let krate = api.krate.package.replace('-', "_");
    // Types the example names, imported by `use` lines so that the call itself reads short.
    let mut uses = std::collections::BTreeSet::new();
    let scope = op.scopes.first().zip(api.scope.as_ref()).map(|(first, scope)| {
        uses.insert(format!("use {krate}::{};", scope.name));
        let variant =
            scope.variants.iter().find(|v| v.name == first.variant).map_or(first.variant.as_str(), |v| &v.snake);
        format!("{}::{variant}({:?})", scope.name, first.id.wire_name)
    });
    let mut name_of = |id: usize| {
        let def = &api.types[id];
        let path =
            std::iter::once(krate.as_str()).chain(def.module.iter().map(String::as_str)).chain([def.name.as_str()]);
        uses.insert(format!("use {};", path.collect::<Vec<_>>().join("::")));
        def.name.clone()
    };
    let mut body = Vec::new();
    let mut args: Vec<String> =
        scope.into_iter().chain(op.path_params.iter().map(|p| format!("{:?}", p.wire_name))).collect();
    if let Some(TypeRef::Named(id)) = &op.params {
        if let TypeKind::Params { query, headers, body: fields, .. } = &api.types[*id].kind {
            let mut values = Vec::new();
            for f in query.iter().chain(headers).chain(fields).filter(|f| f.required) {
                values.push(if f.nullable {
                    "None".to_string()
                } else {
                    example_value(api, &f.ty, &f.wire_name, &mut name_of)
                });
            }
            body.push(format!("let params = {}::new({});", name_of(*id), values.join(", ")));
            args.push("&params".to_string());
        }
    }
    let raw = |name: &str| if KEYWORDS.contains(&name) { format!("r#{name}") } else { name.to_string() };
    let chain: String = resource.module.iter().map(|m| format!(".{}()", raw(m))).collect();
    let call = format!("client{chain}.{}({})", raw(&op.method_name), args.join(", "));
    body.push(match (&op.pagination, &op.response.ty) {
        (Some(_), _) => format!("let items = {call}.all().await?;"),
        (None, Some(_)) => format!("let value = {call}.await?;"),
        (None, None) => format!("{call}.await?;"),
    });
    let mut lines = vec!["```no_run".to_string()];
    lines.extend(uses);
    lines.push(format!("# async fn example(client: {krate}::Client) -> Result<(), {krate}::Error> {{"));
    lines.extend(body);
    lines.push("# Ok(()) }".to_string());
    lines.push("```".to_string());
    lines.join("\n")
}

/// A value of `ty` for a doc example, one the schema allows: a string for a string (the field's
/// name, so the reader sees what goes where), an enum's first value, a list of one item.
fn example_value(api: &Api, ty: &TypeRef, wire: &str, name_of: &mut impl FnMut(usize) -> String) -> String {
    match ty {
        TypeRef::String | TypeRef::Part => format!("{wire:?}"),
        // `new` takes `impl Into<String>`; the items of a list must be the item type.
        TypeRef::List(item) if matches!(**item, TypeRef::String | TypeRef::Part) => format!("vec![{wire:?}.into()]"),
        TypeRef::Binary => "std::fs::read(\"upload.bin\").expect(\"a file to upload\")".to_string(),
        TypeRef::Integer => "1".to_string(),
        TypeRef::Number => "1.0".to_string(),
        TypeRef::Boolean => "true".to_string(),
        TypeRef::List(item) => format!("vec![{}]", example_value(api, item, wire, name_of)),
        TypeRef::Named(t) => match &api.types[*t].kind {
            TypeKind::Enum { variants } if !variants.is_empty() => {
                format!("{}::{}", name_of(*t), variants[0].rust_name)
            }
            TypeKind::Alias(inner) => example_value(api, inner, wire, name_of),
            _ => "Default::default()".to_string(),
        },
        _ => "Default::default()".to_string(),
    }
}
