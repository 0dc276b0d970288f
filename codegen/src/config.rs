//! The generator's configuration: what an API's conventions are (response envelope, auth,
//! resource names, type names). Read by `lower`; every field is optional, and an empty
//! configuration gives generic output for any OpenAPI 3.0 spec.

use std::collections::BTreeMap;

use serde::Deserialize;

use crate::diagnostics::{Diagnostic, Diagnostics};

#[derive(Debug, Clone, Default, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct Config {
    /// The file this configuration came from, for diagnostics.
    #[serde(skip)]
    pub file: String,
    #[serde(rename = "crate", default)]
    pub krate: CrateConfig,
    #[serde(default)]
    pub client: ClientConfig,
    /// Builder methods for credentials; without any, one per security requirement of the spec.
    #[serde(default)]
    pub auth: Vec<AuthConfig>,
    pub envelope: Option<EnvelopeConfig>,
    /// Where error details are in an error body, for an API without an envelope's `errors`.
    pub errors: Option<ErrorsConfig>,
    #[serde(default)]
    pub types: TypesConfig,
    #[serde(default)]
    pub operations: Vec<OperationConfig>,
    /// A type that says whose resource an operation acts on, for operations the API serves
    /// under several owners (`/accounts/{id}/…` and `/zones/{id}/…`): operations configured
    /// with the same name and each a `scope` become one method taking this type.
    pub scope: Option<ScopeConfig>,
    /// Pagination styles by name, as `operations[].pagination` refers to them.
    #[serde(default)]
    pub pagination: BTreeMap<String, PaginationConfig>,
    /// Fixes to the spec, applied before it is read.
    #[serde(default)]
    pub patches: Vec<Patch>,
    /// A generated test that calls a sample of operations against a mock server of the spec.
    pub conformance: Option<ConformanceConfig>,
}

/// The sample is chosen by a rule: for each top-level resource, its first GET operations
/// (by path) that take no arguments but path parameters.
#[derive(Debug, Clone, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct ConformanceConfig {
    /// Operations sampled per top-level resource.
    pub per_resource: usize,
    /// Whether a second test calls every operation that needs nothing but its path: any
    /// method, each with its path parameters only.
    #[serde(default)]
    pub every_operation: bool,
    /// The value every path parameter gets.
    pub path_value: String,
    /// The environment variable with the mock server's URL.
    pub url_env: String,
    /// With this variable set, a missing URL fails the test instead of skipping it.
    pub required_env: String,
    /// Sampled operations (`a.b.method`) known to fail, each with the reason; the test fails
    /// when one of them passes, so that the list only shrinks.
    #[serde(default)]
    pub known_failures: BTreeMap<String, String>,
}

/// Sets the node at a JSON pointer of the spec to a value.
#[derive(Debug, Clone, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct Patch {
    pub pointer: String,
    /// Why the spec needs this: kept with the patch, for the next reader.
    pub why: String,
    pub value: serde_json::Value,
}

#[derive(Debug, Clone, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct CrateConfig {
    pub name: String,
    pub version: String,
    pub description: Option<String>,
    /// Top-level resources on by default; without this list, all of them.
    pub default_features: Option<Vec<String>>,
}

impl Default for CrateConfig {
    fn default() -> Self {
        CrateConfig { name: "api-client".into(), version: "0.1.0".into(), description: None, default_features: None }
    }
}

#[derive(Debug, Clone, Default, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct ClientConfig {
    pub base_url: Option<String>,
    pub base_url_env: Option<String>,
    /// A header that makes a POST or PATCH safe to retry (Stripe's `Idempotency-Key`): the
    /// client sends a fresh key with each such call, the same on every attempt.
    pub idempotency_header: Option<String>,
    /// The response header with the id the API gives each request (Cloudflare's `cf-ray`),
    /// which `Error::request_id` reads before the common ones.
    pub request_id_header: Option<String>,
    /// Whether an operation's own `security` decides which credentials it sends (default);
    /// `false` for specs whose per-operation requirements are wrong, so that the document's
    /// apply to every operation.
    pub per_operation_security: Option<bool>,
}

#[derive(Debug, Clone, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct AuthConfig {
    pub method: String,
    pub doc: Option<String>,
    pub credentials: Vec<CredentialConfig>,
}

#[derive(Debug, Clone, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct CredentialConfig {
    pub scheme: String,
    pub arg: String,
    pub env: Option<String>,
}

#[derive(Debug, Clone, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct EnvelopeConfig {
    pub result: String,
    pub success: Option<String>,
    pub errors: Option<String>,
    pub messages: Option<String>,
    pub result_info: Option<String>,
    pub message_schema: Option<String>,
}

/// Where an error body keeps its details; without this, the common places are tried:
/// `errors` (a list), `error` (an object), or the body itself when it has a `message`.
#[derive(Debug, Clone, Default, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct ErrorsConfig {
    /// The details' member of the body, dotted: an object (one detail), a list of them, or a
    /// string (the message). Empty or absent: the body itself.
    pub details: Option<String>,
    /// The member of a detail with its code (default: `code`, else `type`, else `error`).
    pub code: Option<String>,
    /// The member of a detail with its message (default: `message`, else `detail`, `title`,
    /// `error_description` or `description`).
    pub message: Option<String>,
}

#[derive(Debug, Clone, Default, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct TypesConfig {
    /// Drop a schema name's prefix up to and including this separator (`dlp_Foo` → `Foo`).
    pub strip_prefix_before: Option<String>,
    /// Rust names for component schemas, by component name.
    #[serde(default)]
    pub rename: BTreeMap<String, String>,
}

#[derive(Debug, Clone, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct OperationConfig {
    /// `METHOD /path/{param}`; parameter names are ignored when matching.
    pub op: String,
    /// `resource.sub_resource.method`.
    pub name: String,
    pub pagination: Option<String>,
    /// The field of the result that holds the items, where this operation's differs from its
    /// pagination style's.
    pub items: Option<String>,
    /// The variant of `scope` this operation serves; its first path parameter is the owner's id.
    pub scope: Option<String>,
}

/// The scope type: an enum whose variants each carry an owner's id.
#[derive(Debug, Clone, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct ScopeConfig {
    /// The type's name (`AccountOrZone`).
    pub name: String,
    /// Its documentation.
    pub doc: Option<String>,
    /// Its variants, in order.
    pub variants: Vec<ScopeVariantConfig>,
}

#[derive(Debug, Clone, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct ScopeVariantConfig {
    /// The variant's name (`Account`).
    pub name: String,
    /// What its value is (`An account's id.`).
    pub doc: Option<String>,
}

#[derive(Debug, Clone, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct PaginationConfig {
    /// How the next page is asked for.
    pub kind: PaginationKind,
    /// The field of the result that holds the items; without it the result is the list.
    pub items: Option<String>,
    /// `page_number`: the query parameter that asks for a page (default `page`).
    pub page_param: Option<String>,
    /// The query parameter that sets the page size (`per_page`); like the page number, a whole
    /// number even where the spec says `number`.
    pub size_param: Option<String>,
    /// `cursor`, `has_more`: the query parameter that carries the cursor (default `cursor`,
    /// `starting_after` for `has_more`).
    pub cursor_param: Option<String>,
    /// `cursor`: where the next cursor is, dotted; in `result_info` when the API has an
    /// envelope with one, else in the body (default `cursor`).
    pub next_cursor: Option<String>,
    /// `page_number`: where the body gives the number of the last page, dotted.
    pub last_page: Option<String>,
    /// `next_url`: where the body gives the next page's URL, dotted; without it, the `Link`
    /// header's `rel="next"`.
    pub next_url: Option<String>,
    /// `has_more`: where the body says whether there are more items (default `has_more`).
    pub has_more: Option<String>,
    /// `has_more`: the member of an item that the next page starts after (default `id`).
    pub item_cursor: Option<String>,
    /// `has_more`: the query parameter that pages backwards (Stripe's `ending_before`); a list
    /// begun with it goes on before the first item of each page.
    pub before_param: Option<String>,
    /// `offset`: the query parameter with the number of items to skip (default `offset`).
    pub offset_param: Option<String>,
    /// `offset`: where the body gives the total number of items, dotted.
    pub total: Option<String>,
    /// Operations that page this way without being named in `operations`: GET operations
    /// with all these query parameters and all these members in their (unwrapped) response.
    pub detect: Option<DetectConfig>,
}

/// What an operation must have to page in a style without being configured.
#[derive(Debug, Clone, Default, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct DetectConfig {
    /// Query parameters the operation must take.
    #[serde(default)]
    pub query: Vec<String>,
    /// Members its response object must have (after the envelope, if any, is taken off).
    #[serde(default)]
    pub response: Vec<String>,
}

#[derive(Debug, Clone, Copy, Deserialize, PartialEq, Eq)]
#[serde(rename_all = "snake_case")]
pub enum PaginationKind {
    /// Everything comes in one response.
    Single,
    /// Numbered pages: the next is the current `result_info.page` plus one; an empty page, or
    /// the last of `result_info.total_pages` or of `last_page`, ends.
    PageNumber,
    /// Each page names the next in a cursor; a page without a cursor ends.
    Cursor,
    /// The `Link` header (`rel="next"`) or a member of the body gives the next page's URL.
    NextUrl,
    /// A flag says whether more items follow; the next page starts after the last item.
    HasMore,
    /// An offset skips the items already read.
    Offset,
}

impl Config {
    /// Marks a diagnostic as being about this configuration file rather than the spec.
    pub fn in_file(&self, mut diagnostic: Diagnostic) -> Diagnostic {
        diagnostic.location.file = self.file.clone();
        diagnostic
    }

    pub fn load_file(path: &std::path::Path) -> Result<Config, Diagnostics> {
        let file = path.display().to_string();
        let text = std::fs::read_to_string(path).map_err(|e| {
            let mut d = Diagnostic::error("", format!("cannot read the configuration: {e}"))
                .with_hint("check the path given with --config");
            d.location.file = file.clone();
            Diagnostics::from(d)
        })?;
        Config::from_yaml(&file, &text)
    }

    pub fn from_yaml(file: &str, text: &str) -> Result<Config, Diagnostics> {
        let parsed: Result<Config, _> = serde_yaml::from_str(text);
        parsed.map(|c| Config { file: file.to_string(), ..c }).map_err(|e| {
            let message = e.to_string();
            let hint = match nearest_key(&message) {
                Some((given, near)) => {
                    format!("`{given}` is not a key here; did you mean `{near}`? docs/configuration.md lists every key")
                }
                None => "docs/configuration.md lists every key a configuration may have".to_string(),
            };
            let mut d = Diagnostic::error("", format!("invalid configuration: {message}")).with_hint(hint);
            d.location.file = file.to_string();
            if let Some(loc) = e.location() {
                d = d.at_line(loc.line(), loc.column());
            }
            Diagnostics::from(d)
        })
    }
}

/// For serde's "unknown field `x`, expected one of `a`, `b`": the given key and the valid one
/// nearest to it, when one is near enough to be a likely typo.
fn nearest_key(message: &str) -> Option<(String, String)> {
    let rest = message.split("unknown field `").nth(1).or_else(|| message.split("unknown variant `").nth(1))?;
    let (given, rest) = rest.split_once('`')?;
    let expected = rest.split_once("expected")?.1;
    let candidates = expected.split('`').skip(1).step_by(2);
    let (distance, near) = candidates.map(|c| (edit_distance(given, c), c)).min()?;
    (distance <= given.len().max(3) / 2 + 1).then(|| (given.to_string(), near.to_string()))
}

/// Levenshtein distance, by characters.
fn edit_distance(a: &str, b: &str) -> usize {
    let b: Vec<char> = b.chars().collect();
    let mut row: Vec<usize> = (0..=b.len()).collect();
    for (i, ca) in a.chars().enumerate() {
        let mut diagonal = row[0];
        row[0] = i + 1;
        for (j, cb) in b.iter().enumerate() {
            let above = row[j + 1];
            row[j + 1] = (above + 1).min(row[j] + 1).min(diagonal + usize::from(ca != *cb));
            diagonal = above;
        }
    }
    row[b.len()]
}

#[cfg(test)]
mod tests {
    use super::Config;

    #[test]
    fn an_unknown_key_is_located_and_the_nearest_valid_one_named() {
        let cases = [
            ("crate:\n  name: x\n  versoin: 1\n", 3, Some("did you mean `version`?")),
            ("pagination:\n  P: { kind: cursor, next_cusor: a }\n", 2, Some("did you mean `next_cursor`?")),
            ("pagination:\n  P: { kind: has_mroe }\n", 2, Some("did you mean `has_more`?")),
            ("envelop:\n  result: result\n", 1, Some("did you mean `envelope`?")),
            ("zzzzzzzzzzzz: 1\n", 1, None),
        ];
        for (text, line, hint) in cases {
            let error = Config::from_yaml("c.yaml", text).unwrap_err();
            let d = &error.0[0];
            assert_eq!(d.location.file, "c.yaml", "{text}");
            assert_eq!(d.location.line, Some(line), "{text}: {d:?}");
            let shown = d.hint.clone().unwrap_or_default();
            match hint {
                Some(h) => assert!(shown.contains(h), "{text}: {shown}"),
                None => assert!(!shown.contains("did you mean"), "{text}: {shown}"),
            }
        }
    }
}
