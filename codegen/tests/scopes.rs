//! Operations served under two owners (`/accounts/{id}/…` and `/zones/{id}/…`) and configured
//! with one name and a `scope` each: one method taking the scope where the two agree, two
//! methods named for their owners (and a warning saying why) where they do not.

use codegen::config::Config;
use codegen::ir::{Api, Operation, PathSegment, TypeKind, TypeRef};
use serde_json::{Value, json};

const CONFIG: &str = "
scope:
  name: AccountOrZone
  variants:
    - { name: Account }
    - { name: Zone }
operations:
  - { op: 'GET /accounts/{account_id}/rules/{rule_id}', name: rules.get, scope: Account }
  - { op: 'GET /zones/{zone_id}/rules/{rule_id}', name: rules.get, scope: Zone }
";

/// A `GET` operation with a `limit` query parameter (`limit_doc` its description) answering
/// `answer`.
fn operation(limit_doc: &str, answer: Value) -> Value {
    json!({
        "parameters": [
            {"name": "limit", "in": "query", "description": limit_doc, "schema": {"type": "integer"}}
        ],
        "responses": {"200": {"description": "ok", "content": {"application/json": {"schema": answer}}}}
    })
}

fn rule(members: &[&str]) -> Value {
    let properties: serde_json::Map<String, Value> =
        members.iter().map(|m| (m.to_string(), json!({"type": "string"}))).collect();
    json!({"type": "object", "properties": properties})
}

/// Lowers a spec with the given account and zone operations (either may be absent).
fn lower(account: Option<Value>, zone: Option<Value>, config: &str) -> Result<(Api, Vec<String>), Vec<String>> {
    let mut paths = serde_json::Map::new();
    let id = |name: &str| json!({"name": name, "in": "path", "required": true, "schema": {"type": "string"}});
    for (path, owner, op) in [
        ("/accounts/{account_id}/rules/{rule_id}", "account_id", account),
        ("/zones/{zone_id}/rules/{rule_id}", "zone_id", zone),
    ] {
        if let Some(mut op) = op {
            op["parameters"].as_array_mut().expect("parameters").extend([id(owner), id("rule_id")]);
            paths.insert(path.to_string(), json!({"get": op}));
        }
    }
    let spec = json!({"openapi": "3.0.3", "info": {"title": "t", "version": "1"}, "paths": paths});
    let spec = codegen::load::load_str("spec.json", spec.to_string()).expect("the spec loads");
    let config = Config::from_yaml("codegen.yaml", config).expect("the configuration reads");
    let text = |d: codegen::Diagnostics| d.iter().map(|d| d.message.clone()).collect::<Vec<_>>();
    codegen::lower::lower(&spec, &config).map(|(api, warnings)| (api, text(warnings))).map_err(text)
}

fn methods(api: &Api) -> Vec<Operation> {
    api.root.walk().into_iter().flat_map(|r| r.operations.clone()).collect()
}

/// Each case: the two operations, the methods expected (name, owners it serves, and the members
/// of its answer), and a part of the warning expected (empty: none).
#[test]
fn scoped_operations_merge_where_they_agree() {
    let same = || operation("How many.", rule(&["id", "name"]));
    let zone_wider = || operation("How many.", rule(&["id", "name", "zone_only"]));
    type Case = (
        &'static str,
        Option<Value>,
        Option<Value>,
        Vec<(&'static str, Vec<&'static str>, Vec<&'static str>)>,
        &'static str,
    );
    let cases: Vec<Case> = vec![
        ("the same", Some(same()), Some(same()), vec![("get", vec!["Account", "Zone"], vec!["id", "name"])], ""),
        (
            "docs differ only",
            Some(same()),
            Some(operation("How many rules.", rule(&["id", "name"]))),
            vec![("get", vec!["Account", "Zone"], vec!["id", "name"])],
            "",
        ),
        (
            "one answer has every member of the other: it is the method's",
            Some(same()),
            Some(zone_wider()),
            vec![("get", vec!["Account", "Zone"], vec!["id", "name", "zone_only"])],
            "",
        ),
        (
            "each answer has a member the other lacks",
            Some(operation("How many.", rule(&["id", "account_only"]))),
            Some(zone_wider()),
            vec![
                ("get_for_account", vec![], vec!["account_only", "id"]),
                ("get_for_zone", vec![], vec!["id", "name", "zone_only"]),
            ],
            "neither type has every member of the other",
        ),
        (
            "parameters differ",
            Some(same()),
            Some(same().tap(|op| op["parameters"][0]["schema"] = json!({"type": "string"}))),
            vec![("get_for_account", vec![], vec!["id", "name"]), ("get_for_zone", vec![], vec!["id", "name"])],
            "their parameters differ",
        ),
        (
            "one owner only",
            Some(same()),
            None,
            vec![("get_for_account", vec![], vec!["id", "name"])],
            "the spec has no operation for Zone",
        ),
    ];
    for (case, account, zone, expected, warning) in cases {
        let (api, warnings) = lower(account, zone, CONFIG).unwrap_or_else(|e| panic!("{case}: {e:?}"));
        let members = |op: &Operation| -> Vec<String> {
            let Some(TypeRef::Named(id)) = op.response.ty else { return Vec::new() };
            let TypeKind::Struct { fields } = &api.types[id].kind else { return Vec::new() };
            fields.iter().map(|f| f.wire_name.clone()).collect()
        };
        let got: Vec<(String, Vec<String>, Vec<String>)> = methods(&api)
            .iter()
            .map(|op| (op.method_name.clone(), op.scopes.iter().map(|s| s.variant.clone()).collect(), members(op)))
            .collect();
        let strings = |v: &[&str]| v.iter().map(|s| s.to_string()).collect::<Vec<_>>();
        let expected: Vec<(String, Vec<String>, Vec<String>)> =
            expected.iter().map(|(n, v, m)| (n.to_string(), strings(v), strings(m))).collect();
        assert_eq!(got, expected, "{case}");
        let scoped: Vec<&String> = warnings.iter().filter(|w| w.contains("stays")).collect();
        if warning.is_empty() {
            assert!(scoped.is_empty(), "{case}: {scoped:?}");
        } else {
            assert!(scoped.iter().any(|w| w.contains(warning)), "{case}: {warnings:?}");
        }
        // Nothing the methods do not reach is left behind (the narrower answer's type).
        let structs = api.types.iter().filter(|t| matches!(t.kind, TypeKind::Struct { .. })).count();
        let answers: std::collections::BTreeSet<_> =
            methods(&api).iter().filter_map(|op| op.response.ty.clone()).collect();
        assert_eq!(structs, answers.len(), "{case}: {:?}", api.types.iter().map(|t| &t.name).collect::<Vec<_>>());
    }
}

/// The merged method: the owner's id is the scope, not a path argument; each owner keeps its
/// path; both share one params type.
#[test]
fn a_merged_method_takes_the_scope_and_keeps_each_path() {
    let same = || operation("How many.", rule(&["id"]));
    let (api, _) = lower(Some(same()), Some(same()), CONFIG).expect("lowers");
    let [op] = methods(&api).try_into().expect("one method");
    assert_eq!(op.path_params.iter().map(|p| p.rust_name.as_str()).collect::<Vec<_>>(), ["rule_id"]);
    let paths: Vec<(&str, &str, &Vec<PathSegment>)> =
        op.scopes.iter().map(|s| (s.variant.as_str(), s.path_template.as_str(), &s.path)).collect();
    let lit = |s: &str| PathSegment::Literal(s.to_string());
    assert_eq!(
        paths,
        [
            (
                "Account",
                "/accounts/{account_id}/rules/{rule_id}",
                &vec![lit("/accounts/"), PathSegment::Scope, lit("/rules/"), PathSegment::Param(0)]
            ),
            (
                "Zone",
                "/zones/{zone_id}/rules/{rule_id}",
                &vec![lit("/zones/"), PathSegment::Scope, lit("/rules/"), PathSegment::Param(0)]
            ),
        ]
    );
    assert_eq!(op.scopes.iter().map(|s| s.id.wire_name.as_str()).collect::<Vec<_>>(), ["account_id", "zone_id"]);
    let params: Vec<&str> =
        api.types.iter().filter(|t| matches!(t.kind, TypeKind::Params { .. })).map(|t| t.name.as_str()).collect();
    assert_eq!(params, ["RuleGetParams"]);
    assert!(matches!(op.params, Some(TypeRef::Named(_))));
    let scope = api.scope.as_ref().expect("the scope type");
    assert_eq!((scope.name.as_str(), scope.variants.len()), ("AccountOrZone", 2));
}

#[test]
fn a_scope_the_configuration_does_not_declare_is_an_error() {
    let bad = CONFIG.replace("scope: Zone", "scope: Zones");
    let same = || operation("How many.", rule(&["id"]));
    let errors = lower(Some(same()), Some(same()), &bad).expect_err("an error");
    assert!(errors.iter().any(|e| e.contains("`scope: Zones` is not a variant")), "{errors:?}");
}

trait Tap: Sized {
    fn tap(self, f: impl FnOnce(&mut Self)) -> Self;
}

impl Tap for Value {
    fn tap(mut self, f: impl FnOnce(&mut Self)) -> Self {
        f(&mut self);
        self
    }
}
