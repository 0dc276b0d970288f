//! The generator: its IR for the spec in `spec/`, freshness and determinism of `generated/`,
//! and the diagnostics it gives for broken specs.

use std::path::{Path, PathBuf};

use codegen::config::Config;
use codegen::ir::{Api, BodyEncoding, BodyKind, TypeKind, TypeRef};

fn root() -> PathBuf {
    Path::new(env!("CARGO_MANIFEST_DIR")).parent().unwrap().to_path_buf()
}

fn spec() -> codegen::load::Spec {
    codegen::load::load_file_patched(&root().join("spec/openapi.json"), &config().patches).expect("spec loads")
}

fn config() -> Config {
    Config::load_file(&root().join("spec/codegen.yaml")).expect("config loads")
}

fn lowered() -> Api {
    codegen::lower::lower(&spec(), &config()).expect("spec lowers").0
}

fn named(api: &Api, ty: &TypeRef) -> String {
    match ty {
        TypeRef::Named(id) => format!("{}::{}", api.types[*id].module.join("::"), api.types[*id].name),
        other => format!("{other:?}"),
    }
}

#[test]
fn generated_crate_is_fresh() {
    let out = codegen::generate(&root().join("spec/openapi.json"), Some(&root().join("spec/codegen.yaml")))
        .expect("generates");
    let stale = codegen::output::stale_files(&root().join("generated"), &out.files);
    assert!(stale.is_empty(), "generated/ is stale; run `cargo xtask codegen`:\n{}", stale.join("\n"));
}

#[test]
fn output_is_deterministic_and_independent_of_spec_order() {
    let spec = spec();
    let first = codegen::generate_from(&spec, &config()).unwrap().files;
    let second = codegen::generate_from(&spec, &config()).unwrap().files;
    assert_eq!(first, second);

    let mut reordered = spec.clone();
    reordered.api.paths.paths.reverse();
    if let Some(c) = reordered.api.components.as_mut() {
        c.schemas.reverse();
    }
    assert_eq!(codegen::generate_from(&reordered, &config()).unwrap().files, first);
}

#[test]
fn every_operation_lives_where_the_configuration_says() {
    let api = lowered();
    let mut found: Vec<String> = api
        .root
        .walk()
        .into_iter()
        .flat_map(|r| {
            r.operations.iter().filter(|op| op.path_template.contains("/zt_risk_scoring")).map(move |op| {
                format!("{} {} -> {}.{}", op.http_method.as_str(), op.path_template, r.module.join("."), op.method_name)
            })
        })
        .collect();
    found.sort();
    let want = [
        "DELETE /accounts/{account_id}/zt_risk_scoring/integrations/{integration_id} -> zero_trust.risk_scoring.integrations.delete",
        "GET /accounts/{account_id}/zt_risk_scoring/integrations -> zero_trust.risk_scoring.integrations.list",
        "GET /accounts/{account_id}/zt_risk_scoring/integrations/reference_id/{reference_id} -> zero_trust.risk_scoring.integrations.references.get",
        "GET /accounts/{account_id}/zt_risk_scoring/integrations/{integration_id} -> zero_trust.risk_scoring.integrations.get",
        "GET /accounts/{account_identifier}/zt_risk_scoring/behaviors -> zero_trust.risk_scoring.behaviours.get",
        "GET /accounts/{account_identifier}/zt_risk_scoring/summary -> zero_trust.risk_scoring.summary.get",
        "GET /accounts/{account_identifier}/zt_risk_scoring/{user_id} -> zero_trust.risk_scoring.get",
        "POST /accounts/{account_id}/zt_risk_scoring/integrations -> zero_trust.risk_scoring.integrations.create",
        "POST /accounts/{account_identifier}/zt_risk_scoring/{user_id}/reset -> zero_trust.risk_scoring.reset",
        "PUT /accounts/{account_id}/zt_risk_scoring/integrations/{integration_id} -> zero_trust.risk_scoring.integrations.update",
        "PUT /accounts/{account_identifier}/zt_risk_scoring/behaviors -> zero_trust.risk_scoring.behaviours.update",
    ];
    let mut want = want.map(String::from).to_vec();
    want.sort();
    assert_eq!(found, want);
}

#[test]
fn the_seed_operation_in_the_ir() {
    let api = lowered();
    let integrations = api
        .root
        .walk()
        .into_iter()
        .find(|r| r.module == ["zero_trust", "risk_scoring", "integrations"])
        .expect("resource");
    assert_eq!(integrations.handle, "Integrations");
    let create = integrations.operations.iter().find(|o| o.method_name == "create").expect("create");
    assert_eq!(create.operation_id.as_deref(), Some("dlp-zt-risk-score-integration-create"));
    assert_eq!(
        create.path_params.iter().map(|p| (p.rust_name.as_str(), &p.ty)).collect::<Vec<_>>(),
        [("account_id", &TypeRef::String)]
    );
    assert_eq!(create.body, Some(BodyKind::JsonFields));
    assert!(create.response.enveloped);
    assert_eq!(
        named(&api, create.response.ty.as_ref().unwrap()),
        "zero_trust::risk_scoring::integrations::Integration"
    );

    let params = &api.types[match create.params {
        Some(TypeRef::Named(id)) => id,
        ref other => panic!("{other:?}"),
    }];
    assert_eq!(params.name, "IntegrationCreateParams");
    let TypeKind::Params { query, headers, body, encoding: BodyEncoding::Json } = &params.kind else {
        panic!("{:?}", params.kind)
    };
    assert!(query.is_empty() && headers.is_empty());
    let fields: Vec<(&str, bool, bool, String)> =
        body.iter().map(|f| (f.rust_name.as_str(), f.required, f.nullable, named(&api, &f.ty))).collect();
    assert_eq!(
        fields,
        [
            ("integration_type", true, false, "zero_trust::risk_scoring::integrations::IntegrationType".to_string()),
            ("reference_id", false, true, "String".to_string()),
            ("tenant_url", true, false, "String".to_string()),
        ]
    );

    let result = &api.types[match create.response.ty {
        Some(TypeRef::Named(id)) => id,
        _ => unreachable!(),
    }];
    let TypeKind::Struct { fields } = &result.kind else { panic!() };
    let fields: Vec<(&str, bool, String)> =
        fields.iter().map(|f| (f.rust_name.as_str(), f.required, named(&api, &f.ty))).collect();
    assert_eq!(
        fields,
        [
            ("account_tag", true, "String".into()),
            ("active", true, "Boolean".into()),
            ("created_at", true, "DateTime".into()),
            ("id", true, "Uuid".into()),
            ("integration_type", true, "zero_trust::risk_scoring::integrations::IntegrationType".into()),
            ("reference_id", true, "String".into()),
            ("tenant_url", true, "String".into()),
            ("well_known_url", true, "String".into()),
        ]
    );
    let enum_type = api.types.iter().find(|t| t.name == "IntegrationType").unwrap();
    let TypeKind::Enum { variants } = &enum_type.kind else { panic!() };
    assert_eq!(
        variants.iter().map(|v| (v.rust_name.as_str(), v.wire_value.as_str())).collect::<Vec<_>>(),
        [("Okta", "Okta")]
    );
    assert_eq!(named(&api, api.error_detail.as_ref().unwrap()), "types::ResponseMessage");
    assert_eq!(
        api.auth.iter().map(|a| a.method.as_str()).collect::<Vec<_>>(),
        ["api_token", "api_key", "user_service_key"]
    );
}

#[test]
fn open_results_are_json_and_lists_are_vecs() {
    let api = lowered();
    let ops: Vec<_> =
        api.root.walk().into_iter().flat_map(|r| r.operations.iter().map(move |o| (r.module.join("."), o))).collect();
    let find = |module: &str, name: &str| {
        ops.iter().find(|(m, o)| m == module && o.method_name == name).map(|(_, o)| *o).unwrap()
    };
    // `result: {}` is any value, `result: {type: object}` any object: what comes is returned.
    assert_eq!(find("zero_trust.risk_scoring.integrations", "delete").response.ty, Some(TypeRef::Json));
    assert_eq!(
        find("zero_trust.risk_scoring", "reset").response.ty,
        Some(TypeRef::Option(Box::new(TypeRef::JsonObject)))
    );
    assert_eq!(find("page_rules", "get").response.ty, Some(TypeRef::JsonObject));
    let list = find("zero_trust.risk_scoring.integrations", "list");
    assert!(
        matches!(&list.response.ty, Some(TypeRef::List(item)) if named(&api, item) == "zero_trust::risk_scoring::integrations::Integration")
    );
}

#[test]
fn without_configuration_any_spec_still_generates() {
    let (api, _) = codegen::lower::lower(&spec(), &Config::default()).expect("lowers without configuration");
    assert!(api.envelope.is_none());
    let create = api
        .root
        .walk()
        .into_iter()
        .flat_map(|r| r.operations.iter())
        .find(|o| o.operation_id.as_deref() == Some("dlp-zt-risk-score-integration-create"))
        .unwrap();
    assert_eq!(create.method_name, "dlp_zt_risk_score_integration_create");
    assert!(!create.response.enveloped);
    // One builder method per security scheme of the spec.
    assert_eq!(
        api.auth.iter().map(|a| a.method.as_str()).collect::<Vec<_>>(),
        ["api_email", "api_key", "api_token", "user_service_key"]
    );
    assert!(codegen::emit::emit(&api).is_ok());
}

/// Types equal in all but name become one, recursive ones too; different ones stay apart.
#[test]
fn equal_types_are_merged() {
    let spec = r##"
openapi: 3.0.3
info: {title: Dedup, version: "1"}
paths:
  /a:
    get:
      operationId: get-a
      responses:
        '200': {description: ok, content: {application/json: {schema: {$ref: '#/components/schemas/a_Node'}}}}
  /b:
    get:
      operationId: get-b
      responses:
        '200': {description: ok, content: {application/json: {schema: {$ref: '#/components/schemas/b_Node'}}}}
  /c:
    get:
      operationId: get-c
      responses:
        '200': {description: ok, content: {application/json: {schema: {$ref: '#/components/schemas/c_Node'}}}}
components:
  schemas:
    a_Node:
      type: object
      properties:
        name: {type: string}
        order: {type: string, enum: [asc, desc]}
        children: {type: array, items: {$ref: '#/components/schemas/a_Node'}}
    b_Node:
      description: The same as a_Node, under another name.
      type: object
      properties:
        name: {type: string}
        order: {type: string, enum: [asc, desc]}
        children: {type: array, items: {$ref: '#/components/schemas/b_Node'}}
    c_Node:
      type: object
      properties:
        name: {type: string}
        order: {type: string, enum: [asc, desc, random]}
        children: {type: array, items: {$ref: '#/components/schemas/c_Node'}}
"##;
    let spec = codegen::load::load_str("dedup.yaml", spec.to_string()).unwrap();
    let (api, _) = codegen::lower::lower(&spec, &Config::default()).unwrap();
    let mut names: Vec<&str> = api.types.iter().map(|t| t.name.as_str()).collect();
    names.sort();
    // The merged inline enum is named by what its places share; the merged component keeps
    // the spec's name at its place, as an alias.
    assert_eq!(names, ["ANode", "BNode", "CNode", "CNodeOrder", "NodeOrder"]);
    let response = |id: &str| {
        let op = api.root.walk().into_iter().flat_map(|r| r.operations.iter()).find(|o| o.method_name == id).unwrap();
        match op.response.ty {
            Some(TypeRef::Named(id)) => id,
            ref other => panic!("{other:?}"),
        }
    };
    let (a, b, c) = (response("get_a"), response("get_b"), response("get_c"));
    assert_eq!((api.types[a].name.as_str(), api.types[b].name.as_str()), ("ANode", "BNode"));
    assert_eq!(api.types[b].kind, TypeKind::Alias(TypeRef::Named(a)), "one struct for both");
    assert_ne!(a, c);
}

/// The whole spec: every operation is in the client or in the report, the report only
/// shrinks, and every operation the official SDKs name has their name.
#[test]
fn every_operation_is_generated_or_reported() {
    let api = lowered();
    let generated: Vec<(String, String, String)> = api
        .root
        .walk()
        .into_iter()
        .flat_map(|r| {
            r.operations.iter().flat_map(move |op| {
                let name = r.module.iter().chain([&op.method_name]).cloned().collect::<Vec<_>>().join(".");
                paths(op).into_iter().map(move |path| (op.http_method.as_str().to_string(), path, name.clone()))
            })
        })
        .collect();
    let spec_operations: usize =
        spec().api.paths.paths.values().filter_map(|item| item.as_item()).map(|item| item.iter().count()).sum();
    assert_eq!(generated.len() + api.unsupported.len(), spec_operations);
    // Every operation is generated today: the report must stay empty.
    assert!(api.unsupported.is_empty(), "operations left out: {:#?}", api.unsupported);

    // A scoped method serves several paths under one name; no two methods share one.
    let mut names: Vec<(&String, &String)> = generated.iter().map(|g| (&g.2, &g.0)).collect();
    names.sort();
    names.dedup();
    let methods: usize = api.root.walk().iter().map(|r| r.operations.len()).sum();
    assert_eq!(names.len(), methods, "two operations share a Rust name");

    let config = config();
    let skipped: Vec<String> =
        api.unsupported.iter().map(|u| codegen::lower::match_key(u.http_method.as_str(), &u.path)).collect();
    for entry in &config.operations {
        let (method, path) = entry.op.split_once(' ').unwrap();
        let key = codegen::lower::match_key(method, path);
        if skipped.contains(&key) {
            continue;
        }
        let found = generated.iter().find(|(m, p, _)| codegen::lower::match_key(m, p) == key);
        // A scoped operation that could not be merged is named for its owner (with a warning).
        let owned = entry.scope.as_ref().map(|v| format!("{}_for_{}", entry.name, codegen::lower::snake(v)));
        let name = found.map(|g| g.2.as_str());
        assert!(name == Some(entry.name.as_str()) || name == owned.as_deref(), "{}: {name:?}", entry.op);
    }
}

#[test]
fn api_md_lists_the_seed_call() {
    let listing = std::fs::read_to_string(root().join("generated/api.md")).unwrap();
    assert!(listing.contains(
        "| POST | `/accounts/{account_id}/zt_risk_scoring/integrations` | `client.zero_trust().risk_scoring().integrations().create(..)` |"
    ));
    let rows = listing
        .lines()
        .filter(|l| {
            l.starts_with("| GET")
                || l.starts_with("| POST")
                || l.starts_with("| PUT")
                || l.starts_with("| PATCH")
                || l.starts_with("| DELETE")
        })
        .count();
    assert_eq!(rows + lowered().unsupported.len(), 1533);
}

/// The paths an operation's method sends to: each owner's for a scoped method.
fn paths(op: &codegen::ir::Operation) -> Vec<String> {
    if op.scopes.is_empty() {
        vec![op.path_template.clone()]
    } else {
        op.scopes.iter().map(|s| s.path_template.clone()).collect()
    }
}

/// A compact, reviewable rendering of the IR, for snapshot tests.
fn render_ir(api: &Api) -> String {
    let ty = |t: &TypeRef| named(api, t);
    let field = |f: &codegen::ir::Field| {
        let wire = if f.rust_name == f.wire_name { String::new() } else { format!(" ({:?})", f.wire_name) };
        let presence = match (f.required, f.nullable) {
            (true, false) => "required",
            (true, true) => "required, nullable",
            (false, false) => "optional",
            (false, true) => "optional, nullable",
        };
        let separator = f.separator.map(|c| format!(" joined by {c:?}")).unwrap_or_default();
        let doc = f.doc.as_ref().map(|d| format!(" // {}", d.replace("\n\n", " "))).unwrap_or_default();
        format!("{}{wire}: {} [{presence}]{separator}{doc}", f.rust_name, render_ty(api, &f.ty))
    };
    let mut out = String::new();
    for r in api.root.walk() {
        for op in &r.operations {
            out += &format!(
                "op {} {} -> {}.{}({}) params={} body={:?} returns={} enveloped={} format={:?}\n",
                op.http_method.as_str(),
                op.path_template,
                r.module.join("."),
                op.method_name,
                op.path_params
                    .iter()
                    .map(|p| format!("{}: {}", p.rust_name, render_ty(api, &p.ty)))
                    .collect::<Vec<_>>()
                    .join(", "),
                op.params.as_ref().map_or("-".into(), ty),
                op.body,
                op.response.ty.as_ref().map_or("()".into(), |t| render_ty(api, t)),
                op.response.enveloped,
                op.response.format,
            );
        }
    }
    let mut types: Vec<&codegen::ir::TypeDef> = api.types.iter().collect();
    types.sort_by(|a, b| (&a.module, &a.name).cmp(&(&b.module, &b.name)));
    for def in types {
        out += &format!("type {}::{}", def.module.join("::"), def.name);
        match &def.kind {
            TypeKind::Struct { fields } => {
                out += " struct\n";
                fields.iter().for_each(|f| out += &format!("  {}\n", field(f)));
            }
            TypeKind::Params { query, headers, body, encoding } => {
                out += match encoding {
                    BodyEncoding::Json => " params\n",
                    BodyEncoding::Multipart => " params (form)\n",
                    BodyEncoding::Form => " params (urlencoded)\n",
                };
                query.iter().for_each(|f| out += &format!("  query {}\n", field(f)));
                headers.iter().for_each(|f| out += &format!("  header {}\n", field(f)));
                body.iter().for_each(|f| out += &format!("  body {}\n", field(f)));
            }
            TypeKind::Enum { variants } => {
                out += " enum\n";
                variants.iter().for_each(|v| out += &format!("  {} = {:?}\n", v.rust_name, v.wire_value));
            }
            TypeKind::Union { variants, discriminator, fallback, ambiguous } => {
                out += " union\n";
                if let Some(d) = discriminator {
                    let values: Vec<String> =
                        d.values.iter().map(|(v, i)| format!("{v}={}", variants[*i].rust_name)).collect();
                    let open = match (d.decides, d.complete, d.required) {
                        (false, _, _) => " (examples: they break ties)",
                        (true, false, _) => " (not every alternative has a value)",
                        (true, true, false) => " (may be absent)",
                        (true, true, true) => "",
                    };
                    out += &format!("  discriminator {}: {}{open}\n", d.property, values.join(", "));
                }
                for (i, read_as) in ambiguous {
                    out += &format!(
                        "  ambiguous: {} is read as {}\n",
                        variants[*i].rust_name, variants[*read_as].rust_name
                    );
                }
                for (i, v) in variants.iter().enumerate() {
                    let fallback = if i == *fallback { " (fallback)" } else { "" };
                    out += &format!("  {}({}){fallback}\n", v.rust_name, render_ty(api, &v.ty));
                }
            }
            TypeKind::Alias(t) => out += &format!(" = {}\n", render_ty(api, t)),
        }
    }
    out
}

fn render_ty(api: &Api, ty: &TypeRef) -> String {
    match ty {
        TypeRef::Named(_) => named(api, ty),
        TypeRef::List(t) => format!("Vec<{}>", render_ty(api, t)),
        TypeRef::Map(t) => format!("Map<{}>", render_ty(api, t)),
        TypeRef::Option(t) => format!("Option<{}>", render_ty(api, t)),
        TypeRef::Boxed(t) => format!("Box<{}>", render_ty(api, t)),
        other => format!("{other:?}"),
    }
}

/// The IR of the hard cases (non-identifier names, recursion, unions, allOf with read-only
/// fields, empty schemas, maps, header and object query parameters, responses by range and
/// `default`, no operationId), against a reviewed snapshot. `UPDATE_GOLDEN=1` rewrites it.
#[test]
fn hard_cases_lower_as_reviewed() {
    let dir = root().join("tests/fixtures/hard-cases");
    let spec = codegen::load::load_file(&dir.join("openapi.yaml")).unwrap();
    let (api, warnings) = codegen::lower::lower(&spec, &Config::default()).unwrap();
    assert!(warnings.0.is_empty(), "{warnings}");
    let rendered = render_ir(&api);
    let golden = dir.join("ir.txt");
    if std::env::var_os("UPDATE_GOLDEN").is_some() {
        std::fs::write(&golden, &rendered).unwrap();
    }
    assert_eq!(rendered, std::fs::read_to_string(&golden).unwrap_or_default(), "UPDATE_GOLDEN=1 to accept");
    // And the code for it compiles: emitted files parse (a full build is `--out` territory).
    assert!(codegen::emit::emit(&api).is_ok());
}

/// Every operation the configuration pages pages: the generator refuses a style whose items,
/// cursor or page numbers are not where the operation's response has them, so none can be
/// left a list that silently stops after its first page.
#[test]
fn every_configured_pagination_resolves_in_its_schema() {
    let config = config();
    let api = lowered();
    let paged: std::collections::BTreeMap<String, String> = api
        .root
        .walk()
        .into_iter()
        .flat_map(|r| r.operations.iter())
        .filter_map(|op| Some((op, op.pagination.as_ref()?)))
        .flat_map(|(op, p)| {
            let key = |path: String| codegen::lower::match_key(op.http_method.as_str(), &path);
            paths(op).into_iter().map(move |path| (key(path), p.style.clone()))
        })
        .collect();
    let mut missing = Vec::new();
    for entry in config.operations.iter().filter(|o| o.pagination.is_some()) {
        let (method, path) = entry.op.split_once(' ').unwrap();
        let key = codegen::lower::match_key(method, path);
        match paged.get(&key) {
            Some(style) if Some(style) == entry.pagination.as_ref() => {}
            other => missing.push(format!("{}: configured {:?}, got {other:?}", entry.op, entry.pagination)),
        }
    }
    assert!(missing.is_empty(), "{}", missing.join("\n"));
    assert!(paged.len() > 200, "{} paged operations", paged.len());
}
