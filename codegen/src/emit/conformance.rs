//! `tests/conformance.rs` of the generated crate: the sampled operations against a mock server
//! of the spec, which validates each request and answers from the spec's examples.

use proc_macro2::TokenStream;
use quote::{format_ident, quote};

use super::ident;
use crate::ir::{Api, Conformance, Field, SampleAnswer, SampleArg, SampleCall, SampleParams, TypeRef};
use crate::samples::Fill;

pub fn test_file(api: &Api, conformance: &Conformance) -> TokenStream {
    let krate = ident(&api.krate.package.replace('-', "_"));
    let url_env = &conformance.url_env;
    let required_env = &conformance.required_env;
    let path_value = &conformance.path_value;
    let header = super::docs::inner_attrs(&[
        format!(
            "Conformance: {} operations, sampled by a rule (for each top-level resource, its first GET operations by path that need nothing but path parameters), against a mock server of the spec at `${url_env}`. The server validates each request and answers from the spec's examples, which the client must decode without losing any member the spec describes.",
            conformance.calls.len()
        ),
        format!(
            "Without `${url_env}` the test is skipped, unless `${required_env}` is set. Operations known to fail are listed in the generator's configuration with the reason; one that starts to pass fails the test until it is taken off the list."
        ),
    ]);
    // Messages as format strings of their own (environment variable names have no braces).
    let both_set = format!("{required_env} is set but {url_env} is not");
    let skipped = format!("skipped: {url_env} is not set");
    // Placeholder credentials for the first way to sign in: the mock server checks that they
    // are there, not what they are.
    let credentials = api.auth.first().map(|auth| {
        let method = ident(&auth.method);
        let values = auth.credentials.iter().map(|c| format!("conformance-{}", c.arg));
        quote! { .#method( #( #values ),* ) }
    });
    let calls = conformance.calls.iter().map(|call| call_tokens(api, &krate, call));
    // One function per top-level resource keeps each future, and its compile, small.
    let group_names: Vec<_> = conformance
        .every
        .iter()
        .map(|calls| format_ident!("every_{}", calls[0].resource.first().map_or("client", String::as_str)))
        .collect();
    let groups: Vec<_> = conformance
        .every
        .iter()
        .zip(&group_names)
        .map(|(calls, name)| {
            let body = calls.iter().map(|call| call_tokens(api, &krate, call));
            let deprecated = calls.iter().any(|call| call.deprecated).then(|| {
                quote! { #[expect(deprecated, reason = "deprecated operations are still in the API, and called too")] }
            });
            quote! {
                #deprecated
                async fn #name(client: &Client, outcomes: &mut Outcomes) {
                    #( #body )*
                }
            }
        })
        .collect();
    let group_calls = group_names.iter().map(|name| quote! { #name(&client, &mut outcomes).await; });
    let every_count = conformance.every.iter().map(Vec::len).sum::<usize>();
    let every_test = (!conformance.every.is_empty()).then(|| {
        let doc = format!(
            " Every operation, deprecated ones too, any method, called with values of its required arguments' schemas, and again with every optional argument set where it has any: {every_count} calls."
        );
        quote! {
            #( #groups )*

            #[doc = #doc]
            #[tokio::test]
            async fn every_operation_conforms_to_the_spec() {
                let Some(client) = client() else { return };
                let mut outcomes = Outcomes::new();
                #( #group_calls )*
                check(&outcomes);
            }
        }
    });
    let known = conformance.calls.iter().chain(conformance.every.iter().flatten()).filter_map(|call| {
        let name = call.name();
        let reason = call.known_failure.as_ref()?;
        Some(quote! { (#name, #reason), })
    });
    let builds = conformance
        .calls
        .iter()
        .chain(conformance.every.iter().flatten())
        .any(|call| call.params.is_some_and(|p| p.built(api)));
    let path_value_used =
        conformance.calls.iter().chain(conformance.every.iter().flatten()).any(|call| {
            call.path_args.iter().chain(call.scope.as_ref().map(|s| &s.2)).any(|a| *a == SampleArg::Default)
        });
    let path_value_const = path_value_used.then(|| {
        quote! {
            /// The value of every path parameter the spec says nothing of.
            const PATH_VALUE: &str = #path_value;
        }
    });
    let value_fn = builds.then(|| {
        quote! {
            /// A value of `T` from JSON the generator built from the spec's schema for it.
            fn value<T: serde::de::DeserializeOwned>(json: &str) -> Result<T, String> {
                serde_json::from_str(json).map_err(|e| format!("the generator built {json} for a type that cannot read it: {e}"))
            }
        }
    });
    quote! {
        #header
        // The sample spans every resource.
        #![cfg(feature = "full")]

        use #krate::Client;

        #path_value_const

        /// Sampled operations known to fail, and why.
        const KNOWN_FAILURES: &[(&str, &str)] = &[ #( #known )* ];

        /// The client for the mock server, or `None` when the test is to be skipped.
        fn client() -> Option<Client> {
            let Ok(url) = std::env::var(#url_env) else {
                assert!(std::env::var_os(#required_env).is_none(), #both_set);
                eprintln!(#skipped);
                return None;
            };
            Some(Client::builder() #credentials .base_url(url).max_retries(0).build().expect("a client"))
        }

        /// Each call's name, and what decoding lost of its answer, or why it failed.
        type Outcomes = Vec<(&'static str, Result<Vec<String>, String>)>;

        #value_fn

        /// Fails on every call that failed or lost part of its answer unexpectedly, and on every
        /// known failure that passes.
        fn check(outcomes: &Outcomes) {
            let mut problems = Vec::new();
            for (name, outcome) in outcomes {
                let failure = match outcome {
                    Err(e) => Some(format!("{name} failed: {e}")),
                    Ok(lost) if !lost.is_empty() => Some(format!("{name} lost part of the answer: {}", lost.join("; "))),
                    Ok(_) => None,
                };
                match (failure, KNOWN_FAILURES.iter().any(|(known, _)| known == name)) {
                    (Some(failure), false) => problems.push(failure),
                    (None, true) => problems.push(format!("{name} passes now: take it off the known failures")),
                    _ => {}
                }
            }
            assert!(problems.is_empty(), "{} of {} calls:\n{}", problems.len(), outcomes.len(), problems.join("\n"));
        }

        #[tokio::test]
        async fn sampled_operations_conform_to_the_spec() {
            let Some(client) = client() else { return };
            let mut outcomes = Outcomes::new();
            #( #calls )*
            check(&outcomes);
        }

        #every_test
    }
}

/// One call of the test: its name, and what decoding lost of the answer (nothing, when the
/// value is not read from JSON).
fn call_tokens(api: &Api, krate: &proc_macro2::Ident, call: &SampleCall) -> TokenStream {
    let name = call.name();
    let chain = call.resource.iter().map(|m| ident(m));
    let method = ident(&call.method);
    let path_arg = |arg: &SampleArg| match arg {
        SampleArg::Default => quote! { PATH_VALUE },
        SampleArg::Number => quote! { 1 },
        SampleArg::Uuid => {
            let uuid = crate::samples::UUID;
            quote! { #uuid }
        }
        SampleArg::Text(text) => quote! { #text },
    };
    let scope = call.scope.as_ref().zip(api.scope.as_ref()).map(|((variant, _, id), scope)| {
        let (ty, variant, id) = (ident(&scope.name), ident(variant), path_arg(id));
        quote! { #krate::#ty::#variant(#id.to_string()) }
    });
    let mut args: Vec<TokenStream> = scope.into_iter().chain(call.path_args.iter().map(path_arg)).collect();
    let built = call.params.filter(|p| p.built(api)).map(|params| params_tokens(api, krate, &params));
    if call.params.is_some() {
        args.push(if built.is_some() {
            quote! { &params }
        } else {
            quote! { &Default::default() }
        });
    }
    // What the spec requires and the client sends only when given.
    let open_body = call.open_body.then(|| quote! { .json_body(serde_json::json!({})) });
    let send = quote! { client #( .#chain() )* .#method( #( #args ),* ) #open_body };
    let outcome = match &call.answer {
        Some(SampleAnswer { at, page: true }) => quote! {
            #send.await.map(|page| #krate::runtime::lost_members(&page.body, &[ #( #at ),* ], &page.items, true))
        },
        Some(SampleAnswer { at, page: false }) => quote! {
            #send.send_with_response().await.map(|response| {
                #krate::runtime::lost_members(&response.body, &[ #( #at ),* ], std::slice::from_ref(&response.value), false)
            })
        },
        None => quote! { #send.await.map(|_| Vec::new()) },
    };
    // Values are built first: one the generator got wrong fails this call, not the test. Each
    // call's future is boxed, so that the test's own stays small.
    let params = built.map(|built| quote! { let params = #built; });
    let outcome = quote! {
        Box::pin(async {
            #params
            #outcome.map_err(|e| e.to_string())
        })
        .await
    };
    quote! {
        outcomes.push((#name, #outcome));
    }
}

/// The params value: `new` with a value of each required field's schema, and a setter call
/// for each optional field when every optional argument is to be set.
fn params_tokens(api: &Api, krate: &proc_macro2::Ident, params: &SampleParams) -> TokenStream {
    let def = &api.types[params.ty];
    let fields = params.fields(api);
    let fill = if params.every_optional { Fill::Writable } else { Fill::Required };
    let path = def.module.iter().map(|m| ident(m));
    let name = ident(&def.name);
    let args = fields.iter().filter(|f| f.required).map(|f| argument(api, f, fill, f.nullable));
    let setters = fields.iter().filter(|f| !f.required && params.every_optional).map(|f| {
        let setter = ident(&f.rust_name);
        let value = argument(api, f, fill, false);
        quote! { .#setter(#value) }
    });
    quote! { #krate #( ::#path )* ::#name::new( #( #args ),* ) #( #setters )* }
}

/// A value of a field's schema, as the argument `new` or a setter takes (strings, numbers and
/// bytes through `impl Into`; a nullable required field as an `Option`).
fn argument(api: &Api, field: &Field, fill: Fill, nullable: bool) -> TokenStream {
    let json = crate::samples::field(&api.types, field, fill).to_string();
    let bytes = json.trim_matches('"').as_bytes().to_vec();
    let bytes = proc_macro2::Literal::byte_string(&bytes);
    match (&field.ty, nullable) {
        (TypeRef::Binary | TypeRef::Part, false) => quote! { #bytes.to_vec() },
        (TypeRef::Binary | TypeRef::Part, true) => quote! { Some(#bytes.to_vec().into()) },
        (TypeRef::String, false) => quote! { value::<String>(#json)? },
        (TypeRef::Number, false) => quote! { value::<f64>(#json)? },
        (_, false) => quote! { value(#json)? },
        (_, true) => quote! { Some(value(#json)?) },
    }
}
