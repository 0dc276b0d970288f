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
    #[serde(default)]
    pub types: TypesConfig,
    #[serde(default)]
    pub operations: Vec<OperationConfig>,
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
    /// `cursor`: the query parameter that carries the cursor (default `cursor`).
    pub cursor_param: Option<String>,
    /// `cursor`: where the next cursor is in `result_info`, dotted (default `cursor`).
    pub next_cursor: Option<String>,
}

#[derive(Debug, Clone, Deserialize, PartialEq, Eq)]
#[serde(rename_all = "snake_case")]
pub enum PaginationKind {
    /// Everything comes in one response.
    Single,
    /// Numbered pages: the next is the current `result_info.page` plus one; an empty page, or
    /// the last of `result_info.total_pages`, ends.
    PageNumber,
    /// Each page names the next in `result_info`; a page without a cursor ends.
    Cursor,
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
            let mut d = Diagnostic::error("", format!("invalid configuration: {e}"))
                .with_hint("see codegen/src/config.rs for the fields a configuration may have");
            d.location.file = file.to_string();
            if let Some(loc) = e.location() {
                d = d.at_line(loc.line(), loc.column());
            }
            Diagnostics::from(d)
        })
    }
}
