//! The client runtime's knowledge of shapes (`runtime/shape.rs`, compiled in here as every
//! generated client compiles it):
//!
//! - Every union of Cloudflare's spec and of every corpus spec: for each alternative, a value
//!   built from its type (`codegen::samples`) is chosen as that alternative, from the same
//!   shape table the generator writes. A wrong alternative is silent data loss, so the only
//!   exceptions are pairs of alternatives that the spec itself cannot tell apart, listed below
//!   with the reason.
//! - The tolerant reading (`shape::repair`): a table of drifted values of every kind, each in
//!   one item of a list; the other items and the other fields must come through untouched.

use std::path::{Path, PathBuf};

use codegen::config::Config;
use codegen::ir::{Api, TypeKind};
use codegen::runtime_shape::{self as shape, Resolution, Shape, Ty};
use serde_json::{Value, json};

fn root() -> PathBuf {
    Path::new(env!("CARGO_MANIFEST_DIR")).parent().unwrap().to_path_buf()
}

/// Every spec the generator is tested on: Cloudflare's with its configuration, and each
/// corpus spec without one.
fn specs() -> Vec<(String, Api)> {
    let mut out = Vec::new();
    let config = Config::load_file(&root().join("spec/codegen.yaml")).unwrap();
    let spec = codegen::load::load_file_patched(&root().join("spec/openapi.json"), &config.patches).unwrap();
    out.push(("cloudflare".to_string(), codegen::lower::lower(&spec, &config).unwrap().0));
    let mut corpus: Vec<PathBuf> = std::fs::read_dir(root().join("tests/corpus"))
        .unwrap()
        .map(|e| e.unwrap().path())
        .filter(|p| p.extension().is_some_and(|e| e == "json" || e == "yaml") && !p.ends_with("manifest.json"))
        .collect();
    corpus.sort();
    for path in corpus {
        let name = path.file_stem().unwrap().to_string_lossy().to_string();
        let Ok(spec) = codegen::load::load_file(&path) else { continue };
        if let Ok((api, _)) = codegen::lower::lower(&spec, &Config::default()) {
            out.push((name, api));
        }
    }
    out
}

/// Alternatives the spec itself cannot tell apart: the first that fits is read, and the
/// value is still whole (every member the spec describes for either is in both).
/// (spec, union, built alternative, alternative chosen, why)
const INDISTINGUISHABLE: &[(&str, &str, &str, &str, &str)] = &[
    ("cloudflare", "AiRunResponse", "ImageClassification", "TextClassification", "both a list of {label, score}"),
    ("cloudflare", "AiRunBody", "TextEmbeddings", "TextClassification", "`text` may be a string in both"),
    ("cloudflare", "AiRunBody", "ObjectDetection", "ImageClassification", "both {image: [number]}"),
    ("cloudflare", "Input", "Carbonblack", "Sentinelone", "both {operating_system, path, sha256, thumbprint}"),
    ("cloudflare", "Input", "Application", "Sentinelone", "both {operating_system, path, sha256, thumbprint}"),
    ("cloudflare", "Input", "IntuneS2sInput", "WorkspaceOneS2sInput", "both {compliance_status, connection_id}"),
    (
        "cloudflare",
        "CustomUpdateSharedEntriesItem",
        "UpdateIntegrationEntry",
        "UpdatePredefinedEntry",
        "both {enabled, entry_id}",
    ),
    ("cloudflare", "AppUpdateRequest", "UpdateAppHostnames", "UpdateAppType", "each alternative is any JSON value"),
    ("cloudflare", "AppUpdateRequest", "UpdateAppSubnets", "UpdateAppType", "each alternative is any JSON value"),
    (
        "cloudflare",
        "Rule",
        "TraditionalAllowWafRule",
        "AnomalyDetectionWafRule",
        "the same members, `mode` allowing the same values",
    ),
    (
        "progenitor-github",
        "UpdateInformationAboutPagesSiteBody",
        "Other3",
        "Other2",
        "each alternative is any JSON value",
    ),
    (
        "stripe",
        "SetupIntentPaymentMethodOptionsUsBankAccount2",
        "SetupIntentTypeSpecificPaymentMethodOptionsClient",
        "SetupIntentPaymentMethodOptionsUsBankAccount",
        "both {verification_method}",
    ),
    // The spec can tell these apart, by `pattern` and `format`; the client checks neither (a
    // pattern needs a regex engine in every client). Both are strings, so nothing is lost:
    // an IPv6 network is read as `V4` and written back as it came.
    ("progenitor-nexus", "IpNet", "V6", "V4", "IPv4 and IPv6 networks differ by `pattern` only"),
    ("progenitor-nexus", "IpRange", "V6", "V4", "IPv4 and IPv6 ranges differ by `format` only"),
    (
        "progenitor-github",
        "UpdateInformationAboutPagesSiteBody",
        "Other4",
        "Other2",
        "each alternative is any JSON value",
    ),
];

/// GitHub's issue events of opposite kinds have the same members, `event` a plain string:
/// (union, event read wrongly, event chosen).
const GITHUB_EVENT_PAIRS: &[(&str, &str)] = &[
    ("UnlabeledIssueEvent", "LabeledIssueEvent"),
    ("UnassignedIssueEvent", "AssignedIssueEvent"),
    ("TimelineUnassignedIssueEvent", "TimelineAssignedIssueEvent"),
    ("DemilestonedIssueEvent", "MilestonedIssueEvent"),
    ("ReviewRequestRemovedIssueEvent", "ReviewRequestedIssueEvent"),
    ("MovedColumnInProjectIssueEvent", "AddedToProjectIssueEvent"),
    ("RemovedFromProjectIssueEvent", "AddedToProjectIssueEvent"),
    ("ConvertedNoteToIssueIssueEvent", "AddedToProjectIssueEvent"),
];

fn indistinguishable(spec: &str, union: &str, built: &str, chosen: &str) -> bool {
    INDISTINGUISHABLE.iter().any(|k| (k.0, k.1, k.2, k.3) == (spec, union, built, chosen))
        || (spec == "progenitor-github"
            && (union == "IssueEventForIssue" || union == "TimelineIssueEvents")
            && GITHUB_EVENT_PAIRS.contains(&(built, chosen)))
}

#[test]
fn every_alternative_of_every_union_is_chosen_as_itself() {
    // The generator checks every union as it lowers it (`lower/unions.rs`), with the client's
    // own choosing code; what it finds ambiguous must be what the spec cannot tell apart.
    let mut failures = Vec::new();
    let mut checked = 0;
    for (spec, api) in specs() {
        for def in &api.types {
            let TypeKind::Union { variants, fallback, ambiguous, .. } = &def.kind else { continue };
            checked += variants.len() - 1;
            for (index, read_as) in ambiguous {
                let (built, got) = (&variants[*index].rust_name, &variants[*read_as].rust_name);
                let got = if read_as == fallback { "none (kept whole)" } else { got.as_str() };
                if !indistinguishable(&spec, &def.name, built, got) {
                    failures.push(format!("{spec}: {}::{built} is read as {got}", def.name));
                }
            }
        }
    }
    assert!(checked > 1000, "only {checked} alternatives checked");
    assert!(
        failures.is_empty(),
        "{} of {checked} alternatives chosen wrongly:\n{}",
        failures.len(),
        failures.join("\n")
    );
}

/// A table for the drift cases: an item with a field of every kind.
fn drift_table() -> &'static [Shape<'static>] {
    const ITEM: &[shape::Field<'static>] = &[
        shape::Field { name: "id", ty: Ty::Uuid, required: true },
        shape::Field { name: "active", ty: Ty::Bool, required: true },
        shape::Field { name: "port", ty: Ty::Integer, required: true },
        shape::Field { name: "ratio", ty: Ty::Nullable(&Ty::Number), required: false },
        shape::Field { name: "name", ty: Ty::String, required: true },
        shape::Field { name: "created_at", ty: Ty::DateTime, required: true },
        shape::Field { name: "tags", ty: Ty::Nullable(&Ty::List(&Ty::String)), required: false },
        shape::Field { name: "codes", ty: Ty::Nullable(&Ty::List(&Ty::Integer)), required: false },
        shape::Field { name: "limits", ty: Ty::Nullable(&Ty::Map(&Ty::Integer)), required: false },
        shape::Field { name: "kind", ty: Ty::Named(1), required: true },
        shape::Field { name: "nested", ty: Ty::Nullable(&Ty::Named(2)), required: false },
        shape::Field { name: "metadata", ty: Ty::Nullable(&Ty::Any), required: false },
        shape::Field { name: "settings", ty: Ty::Nullable(&Ty::Object), required: false },
    ];
    const NESTED: &[shape::Field<'static>] = &[shape::Field { name: "x", ty: Ty::Integer, required: true }];
    const KINDS: &[&str] = &["okta", "azure"];
    const TABLE: &[Shape<'static>] = &[Shape::Struct(ITEM), Shape::Enum(KINDS), Shape::Struct(NESTED)];
    TABLE
}

fn item(i: usize) -> Value {
    json!({
        "id": format!("182bd5e5-6e1a-4fe4-a799-{i:012}"), "active": true, "port": 5432, "ratio": 0.5,
        "name": format!("item {i}"), "created_at": "2019-12-27T18:11:19.117Z", "tags": ["a"],
        "codes": [200], "limits": {"rps": 10}, "kind": "okta", "nested": {"x": 1},
        "metadata": {"owner": null, "n": 1}, "settings": {"k": "v"},
    })
}

/// One drifted value: the field, what came, and what the client must make of it: `Some` the
/// value it is converted to, `None` left out (the field then takes its default).
type DriftCase = (&'static str, Value, Option<Value>, &'static str);

#[test]
fn one_odd_field_costs_that_field_only() {
    let cases: Vec<DriftCase> = vec![
        ("active", json!("true"), Some(json!(true)), "a boolean"),
        ("active", json!("FALSE"), Some(json!(false)), "a boolean"),
        ("active", json!("yes"), None, "a boolean"),
        ("active", json!(1), None, "a boolean"),
        ("active", Value::Null, None, "a boolean"),
        ("port", json!("5432"), Some(json!(5432)), "a whole number"),
        ("port", json!(5432.0), Some(json!(5432)), "a whole number"),
        ("port", json!("54.5"), None, "a whole number"),
        ("port", json!(1e300), None, "a whole number"),
        ("port", json!(18446744073709551615u64), None, "a whole number"),
        ("port", json!([5432]), None, "a whole number"),
        ("ratio", json!("0.25"), Some(json!(0.25)), "a number"),
        ("ratio", json!("12"), Some(json!(12)), "a number"),
        ("ratio", json!("NaN"), None, "a number"),
        ("ratio", json!(true), None, "a number"),
        ("name", json!(42), Some(json!("42")), "a string"),
        ("name", json!(false), Some(json!("false")), "a string"),
        ("name", json!({"id": "x"}), None, "a string"),
        ("id", json!("not-a-uuid"), None, "a UUID"),
        ("id", json!(7), None, "a UUID"),
        ("created_at", json!("2019-12-27 18:11:19"), Some(json!("2019-12-27T18:11:19Z")), "a date-time (RFC 3339)"),
        (
            "created_at",
            json!("2019-12-27T18:11:19.1234567891234"),
            Some(json!("2019-12-27T18:11:19.123456789Z")),
            "a date-time (RFC 3339)",
        ),
        ("created_at", json!("2019-12-27T18:11:19"), Some(json!("2019-12-27T18:11:19Z")), "a date-time (RFC 3339)"),
        ("created_at", json!("yesterday"), None, "a date-time (RFC 3339)"),
        ("created_at", json!(1577470279), None, "a date-time (RFC 3339)"),
        ("tags", json!("a"), Some(json!(["a"])), "a list"),
        ("tags", json!("[]"), Some(json!([])), "a list"),
        ("tags", json!({"a": 1}), None, "a list"),
        ("codes", json!(200), Some(json!([200])), "a list"),
        ("codes", json!("200"), None, "a list"),
        ("limits", json!("{\"rps\": 5}"), Some(json!({"rps": 5})), "an object"),
        ("limits", json!([1]), None, "an object"),
        ("kind", json!(3), Some(json!("3")), "a string"),
        ("kind", json!({"v": "okta"}), None, "a string"),
        ("nested", json!("x"), None, "an object"),
        ("settings", json!("on"), None, "an object"),
    ];
    let table = drift_table();
    let list = Ty::List(&Ty::Named(0));
    let mut failures = Vec::new();
    for (field, odd, want, expected) in cases {
        let mut items: Vec<Value> = (0..3).map(item).collect();
        items[1][field] = odd.clone();
        let mut value = Value::Array(items);
        let drift = match shape::repair(table, list, &mut value, "result") {
            Ok(drift) => drift,
            Err(drift) => {
                failures.push(format!("{field} = {odd}: the whole list was refused: {drift:?}"));
                continue;
            }
        };
        let items = value.as_array().unwrap();
        let mut wanted_item = item(1);
        match &want {
            Some(converted) => wanted_item[field] = converted.clone(),
            None => {
                wanted_item.as_object_mut().unwrap().remove(field);
            }
        }
        // The created_at conversions may spell the same instant with other digits.
        let same = items.len() == 3 && items[0] == item(0) && items[2] == item(2) && items[1] == wanted_item;
        let record_ok = drift.len() == 1
            && drift[0].path == format!("result[1].{field}")
            && drift[0].expected == expected
            && drift[0].found == format!("{odd}")
            && drift[0].resolution == if want.is_some() { Resolution::Converted } else { Resolution::Dropped };
        if !same || !record_ok {
            failures.push(format!("{field} = {odd}: got {} and {drift:?}", items[1]));
        }
    }
    assert!(failures.is_empty(), "{}", failures.join("\n"));
}

#[test]
fn free_form_values_keep_every_member_and_nulls() {
    // Another item's drift does not touch `metadata`, whose `owner: null` is data.
    let mut items: Vec<Value> = (0..2).map(item).collect();
    items[0]["active"] = json!("true");
    let mut value = Value::Array(items);
    shape::repair(drift_table(), Ty::List(&Ty::Named(0)), &mut value, "").unwrap();
    assert_eq!(value[1]["metadata"], json!({"owner": null, "n": 1}));
    assert_eq!(value[0]["metadata"], json!({"owner": null, "n": 1}));
}

#[test]
fn a_value_of_the_wrong_kind_at_the_root_is_refused_with_its_place() {
    let mut value = json!("nope");
    let drift = shape::repair(drift_table(), Ty::Named(0), &mut value, "result").unwrap_err();
    assert_eq!(
        (drift[0].path.as_str(), drift[0].expected, drift[0].found.as_str()),
        ("result", "an object", "\"nope\"")
    );
    // A list item of the wrong kind is left out, and the rest of the list kept.
    let mut value = json!([item(0), "nope", item(2)]);
    let drift = shape::repair(drift_table(), Ty::List(&Ty::Named(0)), &mut value, "result").unwrap();
    assert_eq!(value, json!([item(0), item(2)]));
    assert_eq!(drift[0].path, "result[1]");
}

#[test]
fn repairing_visits_each_node_a_bounded_number_of_times() {
    // However odd the value, the tolerant read does a constant amount of work per node: it is
    // never worse than a constant times the strict read.
    let mut items: Vec<Value> = (0..200).map(item).collect();
    for (i, it) in items.iter_mut().enumerate() {
        it["port"] = json!(format!("{i}"));
        it["tags"] = json!("[\"a\", \"b\"]");
    }
    let mut value = Value::Array(items);
    let nodes = count_nodes(&value);
    let (result, visits) = shape::repair_counted(drift_table(), Ty::List(&Ty::Named(0)), &mut value, "");
    assert_eq!(result.unwrap().len(), 400);
    assert!(visits <= 3 * nodes, "{visits} visits for {nodes} nodes");
}

fn count_nodes(value: &Value) -> usize {
    1 + match value {
        Value::Array(items) => items.iter().map(count_nodes).sum(),
        Value::Object(members) => members.values().map(count_nodes).sum(),
        _ => 0,
    }
}

#[test]
fn lenient_dates_and_integral_numbers() {
    for (text, want) in [
        ("2019-12-27 18:11:19", Some("2019-12-27T18:11:19Z")),
        ("2019-12-27T18:11:19.5", Some("2019-12-27T18:11:19.500Z")),
        ("2019-12-27t18:11:19.000001Z", Some("2019-12-27T18:11:19.000001Z")),
        ("2019-12-27 18:11:19 UTC", Some("2019-12-27T18:11:19Z")),
        ("2019-12-27 18:11:19+05:30", Some("2019-12-27T12:41:19Z")),
        ("2019-12-27", None),
        ("27/12/2019 18:11:19", None),
        ("2019-13-27 18:11:19", None),
    ] {
        assert_eq!(shape::lenient_date_time(text).as_deref(), want, "{text}");
    }
    let mut value = json!({"ttl": 300.0, "ratio": 0.5, "list": [3.0, -2.0, 1e300], "big": 9007199254740993u64});
    shape::integral_numbers(&mut value);
    assert_eq!(value.to_string(), r#"{"big":9007199254740993,"list":[3,-2,1e+300],"ratio":0.5,"ttl":300}"#);
}

#[test]
fn standard_types_describe_themselves_as_the_table_does() {
    use shape::Described;
    assert_eq!(<Vec<Option<i64>> as Described>::TY, Ty::List(&Ty::Nullable(&Ty::Integer)));
    assert_eq!(<std::collections::BTreeMap<String, Box<bool>> as Described>::TY, Ty::Map(&Ty::Bool));
    assert_eq!(<chrono::DateTime<chrono::Utc> as Described>::TY, Ty::DateTime);
    assert_eq!(<serde_json::Map<String, Value> as Described>::TY, Ty::Object);
}

/// What the conformance tests call a loss (`shape::lost`): a described member that the value
/// written back lacks or holds otherwise. Each case changes one member of a whole item.
#[test]
fn a_described_member_written_back_otherwise_is_a_loss() {
    // (what the value written back does to the item, the places reported)
    type Change = fn(&mut Value);
    let cases: &[(&str, Change, &[&str])] = &[
        ("nothing", |_| {}, &[]),
        ("drops a required member", |v| drop(v.as_object_mut().unwrap().remove("port")), &["`port` is missing"]),
        ("changes a number", |v| v["port"] = json!(80), &["`port` was 5432, written back 80"]),
        ("writes a whole number as a float", |v| v["port"] = json!(5432.0), &[]),
        ("drops a list item", |v| v["tags"] = json!([]), &["`tags` had 1 items, written back []"]),
        ("drops a map entry", |v| v["limits"] = json!({}), &["`limits.rps` is missing"]),
        ("changes a nested member", |v| v["nested"]["x"] = json!(2), &["`nested.x` was 1, written back 2"]),
        (
            "drops a free-form member",
            |v| v["metadata"] = json!({"n": 1}),
            &["`metadata` was {\"n\":1,\"owner\":null}, written back {\"n\":1}"],
        ),
        ("changes an enum value", |v| v["kind"] = json!("azure"), &["`kind` was \"okta\", written back \"azure\""]),
        ("adds a member the answer did not have", |v| v["extra"] = json!(1), &[]),
    ];
    for (what, change, expected) in cases {
        let answer = item(1);
        let mut written = answer.clone();
        change(&mut written);
        let mut lost = Vec::new();
        shape::lost(drift_table(), Ty::Named(0), &answer, &written, "", &mut lost);
        assert_eq!(lost, *expected, "when the value written back {what}");
    }
    // A member the shape does not describe is not looked at; one the answer left out or sent
    // as `null` or its default may be left out too (optional fields skip `None`).
    let mut answer = item(1);
    answer["undescribed"] = json!("kept in the body only");
    answer["ratio"] = Value::Null;
    answer["active"] = json!(false);
    let mut written = item(1);
    for key in ["ratio", "active"] {
        written.as_object_mut().unwrap().remove(key);
    }
    let mut lost = Vec::new();
    shape::lost(drift_table(), Ty::Named(0), &answer, &written, "", &mut lost);
    assert_eq!(lost, Vec::<String>::new());
}
