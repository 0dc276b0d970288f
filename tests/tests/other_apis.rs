//! What a user of another API meets, on the corpus specs where each problem was found
//! (Hetzner, Spotify, Oxide's nexus, petstore3, Docker): the names at each place, the `Accept`
//! header, the doc examples and what the crate's own docs say. The crates themselves are built
//! and held to clippy, rustdoc and their doctests by `cargo xtask corpus`.

use std::path::{Path, PathBuf};

use codegen::config::Config;
use codegen::ir::{Api, Operation, TypeKind, TypeRef};

fn corpus(name: &str) -> PathBuf {
    Path::new(env!("CARGO_MANIFEST_DIR")).join("corpus").join(name)
}

fn lower(name: &str) -> Api {
    let spec = codegen::load::load_file(&corpus(name)).expect("loads");
    codegen::lower::lower(&spec, &Config::default()).expect("lowers").0
}

fn files(name: &str) -> Vec<(String, String)> {
    let spec = codegen::load::load_file(&corpus(name)).expect("loads");
    let mut config = Config::default();
    config.krate.name = format!("{}-client", name.split('.').next().unwrap());
    codegen::generate_from(&spec, &config).expect("generates").files
}

fn operation<'a>(api: &'a Api, id: &str) -> &'a Operation {
    api.root
        .walk()
        .into_iter()
        .flat_map(|r| r.operations.iter())
        .find(|o| o.operation_id.as_deref() == Some(id))
        .unwrap()
}

/// The name of a type reference as the user writes it (`Vec<Tag>`).
fn name(api: &Api, ty: &TypeRef) -> String {
    match ty {
        TypeRef::Named(id) => api.types[*id].name.clone(),
        TypeRef::List(inner) => format!("Vec<{}>", name(api, inner)),
        TypeRef::Option(inner) => format!("Option<{}>", name(api, inner)),
        TypeRef::Boxed(inner) => name(api, inner),
        other => format!("{other:?}"),
    }
}

fn field_type(api: &Api, type_name: &str, field: &str) -> String {
    let def = api.types.iter().find(|t| t.name == type_name && matches!(t.kind, TypeKind::Struct { .. })).unwrap();
    let TypeKind::Struct { fields } = &def.kind else { unreachable!() };
    name(api, &fields.iter().find(|f| f.wire_name == field).unwrap().ty)
}

/// Item 1: Merged types keep the name the spec gives at each place (an alias costs nothing).
#[test]
fn every_name_is_the_one_the_spec_gives_there() {
    let petstore = lower("petstore3.yaml");
    assert_eq!(field_type(&petstore, "Pet", "tags"), "Vec<Tag>");
    assert_eq!(field_type(&petstore, "Pet", "category"), "Category");
    let nexus = lower("progenitor-nexus.json");
    let view = operation(&nexus, "organization_view_v1");
    assert_eq!(name(&nexus, view.response.ty.as_ref().unwrap()), "Organization");
    let hetzner = lower("hetzner-hcloud.json");
    let power_on = operation(&hetzner, "power_on_server");
    assert_eq!(name(&hetzner, power_on.response.ty.as_ref().unwrap()), "PowerOnServerResponse");
}

/// Item 2: Models, handles and the crate's own types do not take numbers from each other, and a
/// name in both the query and the body says which is which.
#[test]
fn names_do_not_collide_into_numbers() {
    let petstore = lower("petstore3.yaml");
    let models: Vec<&str> = petstore.types.iter().map(|t| t.name.as_str()).collect();
    for model in ["Pet", "User", "ApiResponse", "Order", "Category"] {
        assert!(models.contains(&model), "{model} in {models:?}");
    }
    assert!(!models.iter().any(|m| m.ends_with('2')), "{models:?}");
    let handles: Vec<&str> = petstore.root.walk().into_iter().map(|r| r.handle.as_str()).collect();
    assert!(handles.contains(&"PetResource") && handles.contains(&"UserResource"), "{handles:?}");

    let spotify = lower("spotify.yaml");
    let add = operation(&spotify, "add-tracks-to-playlist");
    let Some(TypeRef::Named(params)) = add.params else { panic!() };
    let TypeKind::Params { query, body, .. } = &spotify.types[params].kind else { panic!() };
    let names = |fields: &[codegen::ir::Field]| fields.iter().map(|f| f.rust_name.clone()).collect::<Vec<_>>();
    assert_eq!(names(query), ["position_in_query", "uris_in_query"]);
    assert_eq!(names(body), ["position_in_body", "uris_in_body"]);
}

/// Item 3: A request asks for what the client can read: petstore's login answers XML first.
#[test]
fn requests_accept_what_the_client_reads() {
    let petstore = lower("petstore3.yaml");
    assert_eq!(operation(&petstore, "loginUser").response.accept.as_deref(), Some("application/json"));
    let docker = lower("docker-engine.yaml");
    assert_eq!(operation(&docker, "ImageGet").response.accept.as_deref(), Some("application/x-tar"));
}

/// Item 4: The runtime's docs are the crate's own: no other API's crate name or headers.
#[test]
fn no_crate_speaks_of_another_api() {
    for spec in ["petstore3.yaml", "spotify.yaml"] {
        for (path, text) in files(spec) {
            for word in ["cloudflare_client", "cf-ray", "Workers KV", "Cloudflare"] {
                assert!(!text.contains(word), "{spec}: {path} says {word}");
            }
        }
    }
}

/// Item 5: Doc examples pass values the schema allows: Spotify's search needs a `type`.
#[test]
fn doc_examples_satisfy_their_schemas() {
    let files = files("spotify.yaml");
    let search = &files.iter().find(|(p, _)| p == "src/search.rs").unwrap().1;
    assert!(search.contains("let params = SearchParams::new(\"q\", vec![SearchTypeItem::Album]);"), "{search}");
    // A required list is sent even when empty, as an empty value.
    assert!(search.contains("crate::runtime::require_param(\"type\", before, &mut out);"), "{search}");
}

/// Item 8: A spec without a full server URL gives a client that asks for one.
#[test]
fn no_server_means_a_base_url_is_required() {
    let docker = lower("docker-engine.yaml");
    assert_eq!(docker.default_base_url, None);
    assert!(docker.no_base_url.contains("`/v1.56`"), "{}", docker.no_base_url);
    let keeper = lower("progenitor-keeper.json");
    assert_eq!(keeper.default_base_url, None);
    assert!(keeper.no_base_url.contains("names no server"), "{}", keeper.no_base_url);
}

/// Item 7: OAuth2 and OpenID Connect schemes get a builder method for the access token, with no
/// configuration; every builder also has `bearer_token` and `default_header` (runtime). HTTP
/// basic and API keys in the query and in cookies get theirs too.
#[test]
fn every_scheme_the_client_can_send_gets_a_method() {
    use codegen::ir::Wire;
    let header = |name: &str, prefix: &str| Wire::Header { name: name.into(), prefix: prefix.into() };
    /// Builder method, argument, and where the argument goes.
    type Methods<'a> = Vec<(&'a str, &'a str, Wire)>;
    let cases: Vec<(&str, Methods)> = vec![
        (
            "petstore3.yaml",
            vec![
                ("api_key", "key", header("api_key", "")),
                ("petstore_auth", "token", header("Authorization", "Bearer ")),
            ],
        ),
        (
            "stripe.json",
            vec![
                ("basic_auth", "username", Wire::BasicUsername),
                ("basic_auth", "password", Wire::BasicPassword),
                ("bearer_auth", "token", header("Authorization", "Bearer ")),
            ],
        ),
        (
            "twilio-api-v2010.json",
            vec![
                ("account_sid_auth_token", "username", Wire::BasicUsername),
                ("account_sid_auth_token", "password", Wire::BasicPassword),
            ],
        ),
    ];
    for (spec, want) in cases {
        let api = lower(spec);
        let methods: Vec<(&str, &str, Wire)> = api
            .auth
            .iter()
            .flat_map(|m| m.credentials.iter().map(move |c| (m.method.as_str(), c.arg.as_str(), c.wire.clone())))
            .collect();
        assert_eq!(methods, want, "{spec}");
    }
}

/// Each operation's own `security` is kept where it differs from the document's, so that a
/// client holding several credentials sends each request the ones its operation accepts
/// (petstore3: the inventory takes the API key, pets the OAuth token, a pet by id either).
#[test]
fn each_operation_keeps_the_credentials_it_accepts() {
    let petstore = lower("petstore3.yaml");
    assert!(petstore.security.is_empty());
    let cases: [(&str, Option<&[&[&str]]>); 4] = [
        ("getInventory", Some(&[&["api_key"]])),
        ("addPet", Some(&[&["petstore_auth"]])),
        ("getPetById", Some(&[&["api_key"], &["petstore_auth"]])),
        ("placeOrder", None),
    ];
    for (id, want) in cases {
        let got = operation(&petstore, id).security.clone();
        let want = want.map(|w| w.iter().map(|a| a.iter().map(|s| s.to_string()).collect()).collect());
        assert_eq!(got, want, "{id}");
    }
    let schemes: Vec<&str> =
        petstore.auth.iter().flat_map(|m| m.credentials.iter().map(|c| c.scheme.as_str())).collect();
    assert_eq!(schemes, ["api_key", "petstore_auth"]);
}

/// Alternatives whose titles say nothing (OpenAI's prompt: `string` and three `array`s) are
/// named by what they hold, not numbered (`Array2`, `Array3`).
#[test]
fn list_alternatives_are_named_by_their_items() {
    let openai = lower("openai.yaml");
    let prompt = openai.types.iter().find(|t| t.name == "CreateCompletionPrompt").unwrap();
    let TypeKind::Union { variants, .. } = &prompt.kind else { panic!("not a union") };
    let names: Vec<&str> = variants.iter().map(|v| v.rust_name.as_str()).collect();
    assert_eq!(names, ["String", "Strings", "Integers", "IntegerLists", "Other"]);
}
