//! `tests/unions.rs` of the generated crate: every alternative of every union, as a value built
//! from its schema, is read as that alternative by the crate's own types and written back with
//! every member it had. The generator has checked the choice on the IR (`lower/unions.rs`);
//! this proves that the Rust types agree with the table they are chosen by.

use proc_macro2::TokenStream;
use quote::quote;

use super::ident;
use crate::ir::{Api, TypeKind};

/// The test, or `None` for a crate without unions.
pub fn test_file(api: &Api) -> Option<TokenStream> {
    let krate = ident(&api.krate.package.replace('-', "_"));
    let mut cases = Vec::new();
    for (id, def) in api.types.iter().enumerate() {
        let TypeKind::Union { variants, fallback, ambiguous, .. } = &def.kind else { continue };
        let path: Vec<_> = def.module.iter().map(|m| ident(m)).collect();
        let union = ident(&def.name);
        let ty = quote! { #krate #( :: #path )* :: #union };
        for (index, variant) in variants.iter().enumerate() {
            // The spec cannot tell these from another alternative: the generator said so.
            if index == *fallback || ambiguous.iter().any(|(a, _)| *a == index) {
                continue;
            }
            let Some(value) = crate::samples::union_variant(&api.types, id, index) else { continue };
            let json = value.to_string();
            let name = format!("{}::{}", def.name, variant.rust_name);
            let alternative = ident(&variant.rust_name);
            cases.push(quote! {
                check::<#ty>(#name, #json, |v| matches!(v, #ty::#alternative(_)), &mut failures);
            });
        }
    }
    if cases.is_empty() {
        return None;
    }
    let count = cases.len();
    let header = super::docs::inner_attrs(&[
        format!(
            "Every alternative of every union ({count} in all): a value built from its schema is read as that alternative, and written back with every member it had (numbers compared by value)."
        ),
        "Alternatives the spec cannot tell from another are left out; the generator reports each of them.".to_string(),
    ]);
    Some(quote! {
        #header
        // The unions span every resource.
        #![cfg(feature = "full")]

        use serde::de::DeserializeOwned;
        use serde::Serialize;
        use serde_json::Value;

        /// Whether `written` holds every member of `sent`, numbers compared by value.
        fn holds(sent: &Value, written: &Value) -> bool {
            match (sent, written) {
                (Value::Object(sent), Value::Object(written)) => {
                    sent.iter().all(|(key, value)| written.get(key).is_some_and(|w| holds(value, w)))
                }
                (Value::Array(sent), Value::Array(written)) => {
                    sent.len() == written.len() && sent.iter().zip(written).all(|(s, w)| holds(s, w))
                }
                (Value::Number(sent), Value::Number(written)) => sent.as_f64() == written.as_f64(),
                (sent, written) => sent == written,
            }
        }

        fn check<T: DeserializeOwned + Serialize>(name: &str, json: &str, is: fn(&T) -> bool, failures: &mut Vec<String>) {
            let sent: Value = serde_json::from_str(json).expect("a sample is JSON");
            match serde_json::from_value::<T>(sent.clone()) {
                Err(e) => failures.push(format!("{name}: not read: {e}")),
                Ok(read) if !is(&read) => failures.push(format!("{name}: read as another alternative")),
                Ok(read) => {
                    let written = serde_json::to_value(&read).expect("a value serialises");
                    if !holds(&sent, &written) {
                        failures.push(format!("{name}: written back as {written}, sent {sent}"));
                    }
                }
            }
        }

        #[test]
        fn every_union_alternative_is_read_as_itself_and_written_back_whole() {
            let mut failures = Vec::new();
            #( #cases )*
            assert!(failures.is_empty(), "{} of {}:\n{}", failures.len(), #count, failures.join("\n"));
        }
    })
}
