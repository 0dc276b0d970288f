//! The crate root (`lib.rs`) and the API's settings (`api.rs`: base URL, envelope,
//! credentials builder methods, `from_env`).

use proc_macro2::TokenStream;
use quote::{format_ident, quote};

use super::{Ctx, docs, ident};
use crate::ir::{Api, ScopeType, Wire};

pub fn lib_rs(api: &Api, children: &[String]) -> TokenStream {
    let k = &api.krate;
    let mut paragraphs = vec![format!("# {}", docs::sanitize(&k.description))];
    paragraphs.push(format!(
        "A typed client for the {} (API version {}), generated from its OpenAPI description.",
        docs::sanitize(&k.title),
        docs::sanitize(&k.api_version)
    ));
    if let Some(first) = api.auth.first() {
        let args =
            first.credentials.iter().map(|c| format!("\"{}\"", c.arg.to_uppercase())).collect::<Vec<_>>().join(", ");
        paragraphs.push(format!(
            "```no_run\n# async fn example() -> Result<(), {krate}::Error> {{\nlet client = {krate}::Client::builder()\n    .{method}({args})\n    .build()?;\n# let _ = client;\n# Ok(()) }}\n```",
            krate = k.package.replace('-', "_"),
            method = first.method,
        ));
    }
    paragraphs.push("Every operation is a method on a resource handle reached from [`Client`]; it returns a [`Call`], which sends when awaited and takes per-call options (headers, query parameters, retries, timeout) before that. `Call::send_with_response` also returns the status and headers.".into());
    paragraphs.push("# Errors\n\nEvery call returns [`Result`]. An HTTP failure status, or a body that reports failure, is [`Error::Api`] with the status and the API's error details; a body that is not what the API describes (an HTML error page, cut-off JSON) is [`Error::Decode`] with the start of the body; timeouts and connection failures have kinds of their own. Nothing in the client panics on what a server sends.".into());
    paragraphs.push("# Schema drift\n\nResponses are read leniently, because real servers drift from their specs: unknown fields are ignored; an enum value the spec does not list is kept in the enum's `Unknown` variant; a value that fits none of a union's alternatives is kept as JSON; and a field the spec calls required that is missing or `null` takes its type's default value (empty string, zero, `false`, the nil UUID, the Unix epoch) instead of failing the call. Requests are strict: required parameters are arguments of `new`.".into());
    paragraphs.push("# Retries and timeouts\n\nConnection failures, timeouts, and responses 408, 409, 429 and 5xx are retried (2 retries by default), waiting as `Retry-After-Ms` or `Retry-After` asks (up to 60 s), else 0.5 s, 1 s, 2 s … with jitter. The server can force or forbid a retry with `x-should-retry`. Each attempt has a timeout (60 s by default) and the whole call another (5 minutes).".into());
    if let Some(text) = &k.docs {
        paragraphs.push(docs::sanitize(text));
    }
    let crate_docs = docs::inner_attrs(&paragraphs);
    let modules = children.iter().map(|c| {
        let name = ident(c);
        let gate = k.features.contains(c).then(|| quote! { #[cfg(feature = #c)] });
        quote! { #gate pub mod #name; }
    });
    let scope = api.scope.as_ref().map(scope_type);
    quote! {
        #crate_docs
        #![warn(missing_docs)]
        mod api;
        #[doc(hidden)]
        pub mod runtime;
        mod shapes;
        #( #modules )*

        pub use api::ErrorDetail;
        pub use runtime::{ApiResponse, Call, Client, ClientBuilder, Drift, Error, Page, Pager, Paging, Part, Resolution, Result};
        /// Binary bodies, as uploads take them and downloads return them.
        pub use bytes::Bytes;
        /// The stream methods a [`Pager`] is read with: `try_next`, `try_collect`.
        pub use futures_util::TryStreamExt;
        /// HTTP methods, for calls to any path ([`Client::request`]).
        pub use reqwest::Method;

        impl Client {
            /// Starts configuring a client: credentials, base URL, retries, timeouts.
            pub fn builder() -> ClientBuilder {
                ClientBuilder::new(api::DEFAULT_BASE_URL, api::USER_AGENT, api::NO_BASE_URL)
            }
        }

        #scope
    }
}

/// The enum scoped operations take: one variant per owner, each with the owner's id.
fn scope_type(scope: &ScopeType) -> TokenStream {
    let name = ident(&scope.name);
    let doc = docs::attrs(&[scope
        .doc
        .as_deref()
        .map(docs::sanitize)
        .unwrap_or_else(|| "Whose resource an operation acts on.".to_string())]);
    let variants = scope.variants.iter().map(|v| {
        let doc = docs::attrs(&[v.doc.as_deref().map(docs::sanitize).unwrap_or_else(|| format!("A {}'s id.", v.name))]);
        let variant = ident(&v.name);
        quote! { #doc #variant(String), }
    });
    let constructors = scope.variants.iter().map(|v| {
        let doc = format!(" [`Self::{}`] with this id.", v.name);
        let function = ident(&v.snake);
        let variant = ident(&v.name);
        quote! {
            #[doc = #doc]
            pub fn #function(id: impl Into<String>) -> Self {
                Self::#variant(id.into())
            }
        }
    });
    quote! {
        #doc
        #[derive(Debug, Clone, PartialEq, Eq, Hash)]
        pub enum #name {
            #( #variants )*
        }

        impl #name {
            #( #constructors )*
        }

        /// Lets a method be given a scope by reference, to use it again.
        impl From<&#name> for #name {
            fn from(scope: &#name) -> Self {
                scope.clone()
            }
        }
    }
}

pub fn api_settings(api: &Api) -> TokenStream {
    let ctx = Ctx { api, module: &[] };
    let base_url = match &api.default_base_url {
        Some(url) => quote! { Some(#url) },
        None => quote! { None },
    };
    let no_base_url = &api.no_base_url;
    let idempotency = match &api.idempotency_header {
        Some(h) => quote! { Some(#h) },
        None => quote! { None },
    };
    let security = api.security.iter().map(|alternative| quote! { &[ #( #alternative ),* ] });
    let request_id = match &api.request_id_header {
        Some(h) => quote! { Some(#h) },
        None => quote! { None },
    };
    let envelope = match &api.envelope {
        Some(e) => {
            let result = &e.result;
            let opt = |v: &Option<String>| match v {
                Some(v) => quote! { Some(#v) },
                None => quote! { None },
            };
            let (success, errors, messages, result_info) =
                (opt(&e.success), opt(&e.errors), opt(&e.messages), opt(&e.result_info));
            quote! { Some(EnvelopeFields { result: #result, success: #success, errors: #errors, messages: #messages, result_info: #result_info }) }
        }
        None => quote! { None },
    };
    let error_detail = match &api.error_detail {
        Some(ty) => ctx.ty(ty),
        None => quote! { crate::runtime::ErrorInfo },
    };
    let errors = match &api.errors {
        Some(e) => {
            let details = &e.details;
            let opt = |v: &Option<String>| match v {
                Some(v) => quote! { Some(#v) },
                None => quote! { None },
            };
            let (code, message) = (opt(&e.code), opt(&e.message));
            quote! { Some(crate::runtime::ErrorFields { details: &[ #( #details ),* ], code: #code, message: #message }) }
        }
        None => quote! { None },
    };

    let secret_use = (!api.auth.is_empty()).then(|| quote! { , Secret });
    let methods = api.auth.iter().map(|m| {
        let name = ident(&m.method);
        let args: Vec<_> = m.credentials.iter().map(|c| ident(&c.arg)).collect();
        let password = m.credentials.iter().find(|c| c.wire == Wire::BasicPassword).map(|c| ident(&c.arg));
        let secrets = m.credentials.iter().filter_map(|c| {
            let arg = ident(&c.arg);
            let scheme = &c.scheme;
            let secret = match &c.wire {
                Wire::Header { name, prefix } => {
                    let header = name.to_ascii_lowercase();
                    if prefix.is_empty() {
                        quote! { Secret::Header(#header, #arg.into()) }
                    } else {
                        let template = format!("{prefix}{{}}");
                        quote! { Secret::Header(#header, format!(#template, #arg.into())) }
                    }
                }
                Wire::Query { name } => quote! { Secret::Query(#name, #arg.into()) },
                Wire::Cookie { name } => quote! { Secret::Cookie(#name, #arg.into()) },
                Wire::BasicUsername => match &password {
                    Some(password) => quote! { Secret::Basic(#arg.into(), #password.into()) },
                    None => quote! { Secret::Basic(#arg.into(), String::new()) },
                },
                Wire::BasicPassword => return None,
            };
            Some(quote! { .credentials(#scheme, vec![#secret]) })
        });
        let doc = docs::attrs(&[docs::sanitize(&m.doc)]);
        quote! {
            #doc
            pub fn #name(self, #( #args: impl Into<String> ),*) -> Self {
                self #( #secrets )*
            }
        }
    });

    let env_auth: Vec<_> = api
        .auth
        .iter()
        .filter(|m| !m.credentials.is_empty() && m.credentials.iter().all(|c| c.env.is_some()))
        .collect();
    let env_list = env_auth
        .iter()
        .map(|m| m.credentials.iter().filter_map(|c| c.env.clone()).collect::<Vec<_>>().join(" and "))
        .collect::<Vec<_>>();
    let tries = env_auth.iter().map(|m| {
        let name = ident(&m.method);
        let vars = m.credentials.iter().filter_map(|c| c.env.as_deref());
        let bindings: Vec<_> = (0..m.credentials.len()).map(|i| format_ident!("v{}", i)).collect();
        let vars: Vec<_> = vars.collect();
        if let ([binding], [var_name]) = (bindings.as_slice(), vars.as_slice()) {
            return quote! {
                if let Some(#binding) = var(#var_name) {
                    return builder.#name(#binding).build();
                }
            };
        }
        quote! {
            if let ( #( Some(#bindings), )* ) = ( #( var(#vars), )* ) {
                return builder.#name( #( #bindings ),* ).build();
            }
        }
    });
    let base_url_env = api.base_url_env.as_ref().map(|v| {
        quote! {
            if let Some(url) = var(#v) {
                builder = builder.base_url(url);
            }
        }
    });
    let mut_kw = base_url_env.as_ref().map(|_| quote! { mut });
    let fallback = if env_auth.is_empty() {
        quote! { builder.build() }
    } else {
        let message = format!("no credentials in the environment: set {}", env_list.join(", or "));
        quote! { Err(crate::Error::Config(#message.to_string())) }
    };
    let mut env_doc = vec!["A client configured from the environment.".to_string()];
    if !env_list.is_empty() {
        env_doc.push(format!(
            "Credentials come from the first of these that is set: {}.",
            env_list.iter().map(|v| format!("`{}`", v.replace(" and ", "` and `"))).collect::<Vec<_>>().join("; ")
        ));
    }
    if let Some(v) = &api.base_url_env {
        env_doc.push(format!("`{v}`, when set, replaces the base URL."));
    }
    let env_doc = docs::attrs(&env_doc);
    let var_fn = (api.base_url_env.is_some() || !env_auth.is_empty()).then(|| {
        quote! {
            /// An environment variable, unless unset or empty.
            fn var(name: &str) -> Option<String> {
                std::env::var(name).ok().filter(|v| !v.is_empty())
            }
        }
    });

    quote! {
        #![doc = " Settings of this API, from the generator's configuration."]
        use crate::runtime::{ClientBuilder, EnvelopeFields #secret_use};

        pub(crate) const DEFAULT_BASE_URL: Option<&str> = #base_url;
        pub(crate) const NO_BASE_URL: &str = #no_base_url;
        pub(crate) const USER_AGENT: &str = concat!(env!("CARGO_PKG_NAME"), "/", env!("CARGO_PKG_VERSION"));
        pub(crate) const ENVELOPE: Option<EnvelopeFields> = #envelope;
        /// The header that makes a POST or PATCH safe to retry, when the API has one.
        pub(crate) const IDEMPOTENCY_HEADER: Option<&str> = #idempotency;
        /// The credentials operations accept unless they say otherwise: alternatives, each the
        /// security schemes whose credentials go together.
        pub(crate) const SECURITY: &[&[&str]] = &[ #( #security ),* ];
        /// The response header with the request's id, read first by `Error::request_id`.
        pub(crate) const REQUEST_ID_HEADER: Option<&str> = #request_id;
        /// Where error bodies keep their details, when the envelope does not say.
        pub(crate) const ERRORS: Option<crate::runtime::ErrorFields> = #errors;

        /// One item of the error details an API error carries ([`crate::Error::api_errors`]).
        pub type ErrorDetail = #error_detail;

        impl ClientBuilder {
            #( #methods )*
        }

        impl crate::Client {
            #env_doc
            pub fn from_env() -> crate::Result<crate::Client> {
                let #mut_kw builder = crate::Client::builder();
                #base_url_env
                #( #tries )*
                #fallback
            }
        }

        #var_fn
    }
}
