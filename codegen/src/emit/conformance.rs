//! `tests/conformance.rs` of the generated crate: the sampled operations against a mock server
//! of the spec, which validates each request and answers from the spec's examples.

use proc_macro2::TokenStream;
use quote::{format_ident, quote};

use super::ident;
use crate::ir::{Api, Conformance, SampleArg, SampleCall};

pub fn test_file(api: &Api, conformance: &Conformance) -> TokenStream {
    let krate = ident(&api.krate.package.replace('-', "_"));
    let url_env = &conformance.url_env;
    let required_env = &conformance.required_env;
    let path_value = &conformance.path_value;
    let header = super::docs::inner_attrs(&[
        format!(
            "Conformance: {} operations, sampled by a rule (for each top-level resource, its first GET operations by path that need nothing but path parameters), against a mock server of the spec at `${url_env}`. The server validates each request and answers from the spec's examples, which the client must decode.",
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
    let calls = conformance.calls.iter().map(call_tokens);
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
            let body = calls.iter().map(call_tokens);
            quote! {
                async fn #name(client: &Client, outcomes: &mut Vec<(&'static str, Result<(), #krate::Error>)>) {
                    #( #body )*
                }
            }
        })
        .collect();
    let group_calls = group_names.iter().map(|name| quote! { #name(&client, &mut outcomes).await; });
    let every_count = conformance.every.iter().map(Vec::len).sum::<usize>();
    let every_test = (!conformance.every.is_empty()).then(|| {
        let doc = format!(
            " Every operation that needs nothing but its path ({every_count}), any method, called with its path parameters only."
        );
        quote! {
            #( #groups )*

            #[doc = #doc]
            #[tokio::test]
            async fn every_operation_that_needs_only_its_path_conforms_to_the_spec() {
                let Some(client) = client() else { return };
                let mut outcomes = Vec::new();
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
    quote! {
        #header
        // The sample spans every resource.
        #![cfg(feature = "full")]

        use #krate::Client;

        /// The value of every path parameter.
        const PATH_VALUE: &str = #path_value;

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

        /// Fails on every call that failed unexpectedly, and on every known failure that passes.
        fn check(outcomes: &[(&str, Result<(), #krate::Error>)]) {
            let mut problems = Vec::new();
            for (name, outcome) in outcomes {
                match (outcome, KNOWN_FAILURES.iter().any(|(known, _)| known == name)) {
                    (Err(e), false) => problems.push(format!("{name} failed: {e}")),
                    (Ok(()), true) => problems.push(format!("{name} passes now: take it off the known failures")),
                    _ => {}
                }
            }
            assert!(problems.is_empty(), "{} of {} operations:\n{}", problems.len(), outcomes.len(), problems.join("\n"));
        }

        #[tokio::test]
        async fn sampled_operations_conform_to_the_spec() {
            let Some(client) = client() else { return };
            let mut outcomes: Vec<(&str, Result<(), #krate::Error>)> = Vec::new();
            #( #calls )*
            check(&outcomes);
        }

        #every_test
    }
}

/// One call of the test: its name, and the outcome with the value dropped.
fn call_tokens(call: &SampleCall) -> TokenStream {
    let name = call.name();
    let chain = call.resource.iter().map(|m| ident(m));
    let method = ident(&call.method);
    let mut args: Vec<TokenStream> = call
        .path_args
        .iter()
        .map(|arg| match arg {
            SampleArg::Default => quote! { PATH_VALUE },
            SampleArg::Number => quote! { 1 },
            SampleArg::Uuid => {
                let uuid = crate::samples::UUID;
                quote! { #uuid }
            }
            SampleArg::Text(text) => quote! { #text },
        })
        .collect();
    if call.params {
        args.push(quote! { &Default::default() });
    }
    // What the spec requires and the client sends only when given.
    let open_body = call.open_body.then(|| quote! { .json_body(serde_json::json!({})) });
    quote! {
        outcomes.push((#name, client #( .#chain() )* .#method( #( #args ),* ) #open_body .await.map(drop)));
    }
}
