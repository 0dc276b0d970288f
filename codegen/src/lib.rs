//! An OpenAPI to Rust client generator. It reads Swagger 2.0, OpenAPI 3.0 and OpenAPI 3.1; the
//! model it works on is 3.0's (`openapiv3`), into which [`load`] converts the other two.
//!
//! The pipeline, one module per stage:
//!
//! ```text
//! spec (YAML/JSON) ──load──▶ openapiv3::OpenAPI + source text + where converted nodes came from
//!                  ──lower─▶ ir::Api (plain data; every decision made)
//!                  ──emit──▶ files of a crate (quote → syn → prettyplease)
//! ```
//!
//! [`config::Config`] carries everything specific to one API (response envelope, credentials,
//! resource and type names, pagination styles); without it the generator still serves any
//! OpenAPI 3.0 spec with generic names. See [`ir`] for the intermediate representation.

pub mod cli;
pub mod config;
pub mod diagnostics;
pub mod emit;
pub mod ir;
pub mod load;
pub mod lower;
pub mod output;
/// The client runtime's knowledge of shapes, shared with the generator (see `lower`).
#[path = "../runtime/shape.rs"]
pub mod runtime_shape;
pub mod samples;

use std::path::Path;

pub use diagnostics::{Diagnostic, Diagnostics, Severity};

/// What one run produces: the crate's files (path relative to the crate root, contents) and
/// the warnings met on the way.
pub struct Generated {
    pub files: Vec<(String, String)>,
    pub warnings: Diagnostics,
    /// Operations of the spec the crate does not serve (listed in its `REPORT.md`).
    pub left_out: usize,
}

/// Runs the whole pipeline on files.
pub fn generate(spec: &Path, config: Option<&Path>) -> Result<Generated, Diagnostics> {
    let config = match config {
        Some(path) => config::Config::load_file(path)?,
        None => config::Config::default(),
    };
    let spec = load::load_file_patched(spec, &config.patches)?;
    generate_from(&spec, &config)
}

/// Runs lower and emit on a loaded spec. The loader's warnings come first, with the result or
/// with the errors (they may explain them).
pub fn generate_from(spec: &load::Spec, config: &config::Config) -> Result<Generated, Diagnostics> {
    let with_loaded = |mut later: Diagnostics| {
        let mut all = spec.warnings.clone();
        all.0.append(&mut later.0);
        all
    };
    let (api, lowered) = lower::lower(spec, config).map_err(with_loaded)?;
    let files = emit::emit(&api).map_err(|d| with_loaded(Diagnostics::from(d)))?;
    Ok(Generated { files, warnings: with_loaded(lowered), left_out: api.unsupported.len() })
}
