//! Turning wire names into Rust identifiers, and keeping them unique.

use std::collections::BTreeSet;

use heck::{ToPascalCase, ToSnakeCase};

/// Words Rust reserves; as field or argument names they are written raw (`r#type`) by emit,
/// except those that cannot be raw, which get a trailing underscore here.
const NOT_RAW: &[&str] = &["self", "Self", "super", "crate", "_"];

/// Names a generated type must not take: the prelude's, which generated code uses unqualified.
/// The crate's own types (`Client`, `Error`, …) are always written `crate::Error`, so a model
/// may be called `Error` or `ApiResponse` in its module (petstore's is).
pub const STD_PRELUDE: &[&str] = &["Option", "Result", "String", "Vec", "Box", "Default", "Some", "None", "Ok", "Err"];

/// Names a resource handle must not take: the prelude's and the crate root's re-exports.
pub const PRELUDE: &[&str] = &[
    "Option",
    "Result",
    "String",
    "Vec",
    "Box",
    "Default",
    "Some",
    "None",
    "Ok",
    "Err",
    "Client",
    "ClientBuilder",
    "Call",
    "Error",
    "ApiResponse",
    "Page",
    "Pager",
    "Paging",
];

/// Spellings of symbols that would otherwise vanish from a name (`<=` and `>=` must differ).
const SYMBOLS: &[(char, &str)] = &[
    ('<', " lt "),
    ('>', " gt "),
    ('=', " eq "),
    ('!', " not "),
    ('+', " plus "),
    ('*', " star "),
    ('%', " percent "),
    ('&', " and "),
    ('|', " or "),
    ('@', " at "),
    ('#', " hash "),
    ('$', " dollar "),
    ('~', " tilde "),
];

/// Spells symbols as words and turns every other non-alphanumeric character into a separator.
fn words(raw: &str) -> String {
    let raw = plural_acronyms(raw);
    let mut out = String::with_capacity(raw.len());
    for c in raw.chars() {
        if let Some((_, word)) = SYMBOLS.iter().find(|(s, _)| *s == c) {
            out.push_str(word);
        } else if c.is_ascii_alphanumeric() {
            out.push(c);
        } else {
            out.push(' ');
        }
    }
    out
}

/// `URLs` and `IDs` as one word (`requireSignedURLs` → `require_signed_urls`, not `…_ur_ls`):
/// an `s` after two capitals or more, ending the word, is taken into it.
fn plural_acronyms(raw: &str) -> String {
    let chars: Vec<char> = raw.chars().collect();
    let mut out = String::with_capacity(raw.len());
    let mut capitals = 0;
    for (i, &c) in chars.iter().enumerate() {
        let ends_word = chars.get(i + 1).is_none_or(|next| !next.is_ascii_lowercase());
        if c == 's' && capitals >= 2 && ends_word {
            out.push('S');
        } else {
            out.push(c);
        }
        capitals = if c.is_ascii_uppercase() { capitals + 1 } else { 0 };
    }
    out
}

/// `snake_case` identifier for fields, methods, arguments and modules.
pub fn snake(raw: &str) -> String {
    let mut name = words(raw).to_snake_case();
    if name.is_empty() {
        name = "value".into();
    }
    if name.starts_with(|c: char| c.is_ascii_digit()) {
        name.insert(0, '_');
        name.insert(0, 'n');
    }
    if NOT_RAW.contains(&name.as_str()) {
        name.push('_');
    }
    name
}

/// `PascalCase` identifier for types and variants.
pub fn pascal(raw: &str) -> String {
    let mut name = words(raw).to_pascal_case();
    if name.is_empty() {
        name = "Empty".into();
    }
    if name.starts_with(|c: char| c.is_ascii_digit()) {
        name.insert(0, 'V');
    }
    // `Self` cannot be a raw identifier, and `Self_` is not camel case (and would not stay
    // camel case once prefixed to another name).
    if NOT_RAW.contains(&name.as_str()) {
        name.push_str("Value");
    }
    name
}

/// English singular of a resource name, for type names (`integrations` → `integration`).
pub fn singular(word: &str) -> String {
    let irregular =
        [("behaviours", "behaviour"), ("behaviors", "behavior"), ("statuses", "status"), ("aliases", "alias")];
    if let Some((_, s)) = irregular.iter().find(|(p, _)| *p == word) {
        return s.to_string();
    }
    for (suffix, replacement) in [("ies", "y"), ("sses", "ss"), ("xes", "x"), ("ches", "ch"), ("shes", "sh")] {
        if let Some(stem) = word.strip_suffix(suffix) {
            if !stem.is_empty() {
                return format!("{stem}{replacement}");
            }
        }
    }
    match word.strip_suffix('s') {
        Some(stem) if !stem.is_empty() && !stem.ends_with('s') && !stem.ends_with('u') => stem.to_string(),
        _ => word.to_string(),
    }
}

/// Hands out names that are unique within one scope, in the order asked.
#[derive(Debug, Default)]
pub struct Scope {
    taken: BTreeSet<String>,
    aliases: std::collections::BTreeMap<String, String>,
}

impl Scope {
    pub fn with_reserved<'a>(names: impl IntoIterator<Item = &'a str>) -> Self {
        Scope { taken: names.into_iter().map(str::to_string).collect(), aliases: Default::default() }
    }

    /// `name` if free, else `name2`, `name3`, … (`name_2` for snake case names).
    pub fn claim(&mut self, name: &str) -> String {
        let name = self.aliases.get(name).cloned().unwrap_or_else(|| name.to_string());
        let name = name.as_str();
        if self.taken.insert(name.to_string()) {
            return name.to_string();
        }
        let sep = if name.contains('_') || name.starts_with(|c: char| c.is_ascii_lowercase()) { "_" } else { "" };
        (2..)
            .map(|n| format!("{name}{sep}{n}"))
            .find(|candidate| self.taken.insert(candidate.clone()))
            .unwrap_or_default()
    }

    pub fn contains(&self, name: &str) -> bool {
        self.taken.contains(name)
    }

    /// Makes a claim of `name` give `instead` (a name that must not be used as it is).
    pub fn alias(&mut self, name: &str, instead: &str) {
        self.aliases.insert(name.to_string(), instead.to_string());
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn identifiers_from_wire_names() {
        let cases = [
            ("account_id", "account_id", "AccountId"),
            ("integration_type", "integration_type", "IntegrationType"),
            ("tenantURL", "tenant_url", "TenantUrl"),
            ("<=1d", "lt_eq_1d", "LtEq1d"),
            (">1d", "gt_1d", "Gt1d"),
            ("HTTP/2", "http_2", "Http2"),
            ("1", "n_1", "V1"),
            ("", "value", "Empty"),
            ("*", "star", "Star"),
            ("self", "self_", "SelfValue"),
            ("requireSignedURLs", "require_signed_urls", "RequireSignedUrls"),
            ("zoneIDs", "zone_ids", "ZoneIds"),
            ("URLsAllowed", "urls_allowed", "UrlsAllowed"),
            ("ids", "ids", "Ids"),
            ("type", "type", "Type"),
        ];
        for (wire, want_snake, want_pascal) in cases {
            assert_eq!(snake(wire), want_snake, "snake({wire:?})");
            assert_eq!(pascal(wire), want_pascal, "pascal({wire:?})");
        }
    }

    #[test]
    fn singulars() {
        for (plural, want) in [
            ("integrations", "integration"),
            ("behaviours", "behaviour"),
            ("policies", "policy"),
            ("summary", "summary"),
            ("addresses", "address"),
            ("status", "status"),
        ] {
            assert_eq!(singular(plural), want);
        }
    }

    #[test]
    fn scope_suffixes_deterministically() {
        let mut scope = Scope::with_reserved(["Client"]);
        assert_eq!(scope.claim("Client"), "Client2");
        assert_eq!(scope.claim("get"), "get");
        assert_eq!(scope.claim("get"), "get_2");
        assert_eq!(scope.claim("get"), "get_3");
    }
}
