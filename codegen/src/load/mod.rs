//! Stage one: read an API description (YAML or JSON) into `openapiv3` types, keeping the
//! source text so that every later diagnostic can name a file, line and column.
//!
//! The typed model is OpenAPI 3.0's. Swagger 2.0 and OpenAPI 3.1 documents are converted into
//! an equivalent 3.0 document first, at the JSON level, and every document then goes through
//! the same passes (references normalized, numbers fitted to the model). Each pass is a module
//! with one job; what a pass loses is a warning at the pointer of the user's own document,
//! and [`Moves`] translates pointers of the converted document back to it.

mod locate;
mod moves;
mod numbers;
mod openapi31;
mod parse;
mod places;
mod refs;
mod refs_normalize;
mod shape;
mod swagger2;

pub use locate::{escape_token, locate, pointer_tokens};
pub use moves::Moves;
pub use refs::Resolver;

pub use crate::config::Patch;
use crate::diagnostics::{Diagnostic, Diagnostics, Severity};

/// A parsed document and where it came from.
#[derive(Debug, Clone)]
pub struct Spec {
    pub api: openapiv3::OpenAPI,
    pub file: String,
    pub text: String,
    /// What reading the document lost or guessed (conversions from 2.0 or 3.1, numbers the
    /// model cannot hold), placed in the original document.
    pub warnings: Diagnostics,
    /// Where the nodes of the converted document `api` stood in `text`.
    pub moves: Moves,
    /// The webhooks of a 3.1 document (`POST name`): not generated, listed for the report.
    pub webhooks: Vec<String>,
}

impl Spec {
    /// Fills in file, line and column for diagnostics that only know their JSON pointer (in
    /// the converted document), and names that pointer as it is in the original one.
    ///
    /// A node a conversion copied to several places (a 2.0 response schema under each media
    /// type it is produced in) is reported once.
    pub fn place(&self, diagnostics: &mut Diagnostics) {
        let mut seen = std::collections::HashSet::new();
        diagnostics.0.retain_mut(|d| {
            let moved = place(&self.file, &self.text, &self.moves, d);
            !moved || seen.insert((d.severity, d.location.pointer.clone(), d.message.clone()))
        });
    }
}

/// Places `d`; whether its pointer was translated to the original document's.
fn place(file: &str, text: &str, moves: &Moves, d: &mut Diagnostic) -> bool {
    if !d.location.file.is_empty() {
        return false;
    }
    d.location.file = file.to_string();
    let original = moves.original(&d.location.pointer);
    let moved = original != d.location.pointer;
    d.location.pointer = original;
    if d.location.line.is_none() {
        if let Some((line, column)) = locate(text, &d.location.pointer) {
            d.set_position(line, column);
        }
    }
    moved
}

/// What a conversion pass says besides the document it rewrites in place: diagnostics at
/// pointers of the document it was given, and where the nodes it moved came from.
#[derive(Debug, Default)]
struct Pass {
    diagnostics: Vec<Diagnostic>,
    moves: Moves,
}

/// The passes' findings so far, in terms of the original document.
#[derive(Default)]
struct Log {
    diagnostics: Vec<Diagnostic>,
    seen: std::collections::HashSet<(String, String)>,
    moves: Moves,
}

impl Log {
    fn add(&mut self, pass: Pass) {
        for mut d in pass.diagnostics {
            d.location.pointer = self.moves.original(&d.location.pointer);
            // A node copied to several places (a 2.0 schema under each media type) is
            // reported once.
            if self.seen.insert((d.location.pointer.clone(), d.message.clone())) {
                self.diagnostics.push(d);
            }
        }
        self.moves.then(pass.moves);
    }

    fn has_errors(&self) -> bool {
        self.diagnostics.iter().any(|d| d.severity == Severity::Error)
    }
}

/// Reads and parses the document at `path`.
pub fn load_file(path: &std::path::Path) -> Result<Spec, Diagnostics> {
    load_file_patched(path, &[])
}

/// Reads and parses the document at `path`, with `patches` applied before it is read as
/// OpenAPI (fixes to a spec one does not own, kept in the configuration).
pub fn load_file_patched(path: &std::path::Path, patches: &[Patch]) -> Result<Spec, Diagnostics> {
    let file = path.display().to_string();
    let text = std::fs::read_to_string(path).map_err(|e| {
        let mut d =
            Diagnostic::error("", format!("cannot read the spec: {e}")).with_hint("check the path given with --spec");
        d.location.file = file.clone();
        Diagnostics::from(d)
    })?;
    load_str_patched(&file, text, patches)
}

/// Parses `text`; `file` names it in diagnostics.
pub fn load_str(file: &str, text: String) -> Result<Spec, Diagnostics> {
    load_str_patched(file, text, &[])
}

/// Parses `text` and applies `patches`.
pub fn load_str_patched(file: &str, text: String, patches: &[Patch]) -> Result<Spec, Diagnostics> {
    let no_moves = Moves::default();
    let fail = |mut d: Diagnostic| {
        place(file, &text, &no_moves, &mut d);
        Diagnostics::from(d)
    };
    let mut value = parse::parse_document(&text).map_err(fail)?;
    for (i, patch) in patches.iter().enumerate() {
        apply(&mut value, patch).map_err(|message| {
            let mut d = Diagnostic::error(format!("/patches/{i}"), format!("patch to `{}` {message}", patch.pointer))
                .with_hint("a patch sets the node at a JSON pointer whose parent exists");
            // The patch is in the configuration, not in this spec.
            d.location.file = "the configuration".into();
            Diagnostics::from(d)
        })?;
    }
    let version = version(&value).map_err(fail)?;
    let mut log = Log::default();
    let mut webhooks = Vec::new();
    match version {
        Version::Swagger2 => log.add(swagger2::convert(&mut value)),
        Version::OpenApi30 => {}
        Version::OpenApi31 => {
            let (pass, hooks) = openapi31::convert(&mut value);
            log.add(pass);
            webhooks = hooks;
        }
    }
    let placed = |log: Log| {
        let mut diagnostics = Diagnostics(log.diagnostics);
        for d in &mut diagnostics.0 {
            place(file, &text, &no_moves, d);
        }
        (diagnostics, log.moves)
    };
    // A document whose structure did not convert gives nothing more to say.
    if log.has_errors() {
        return Err(placed(log).0);
    }
    log.add(refs_normalize::normalize(&mut value));
    log.add(numbers::fit(&mut value));
    if log.has_errors() {
        return Err(placed(log).0);
    }
    let api: openapiv3::OpenAPI = match serde_path_to_error::deserialize(&value) {
        Ok(api) => api,
        Err(e) => {
            // The typed read names only its first problem, and inside schemas and path items
            // only the enclosing node; the walk names each one where it is.
            let mut found = shape::problems(&value);
            if found.is_empty() {
                found.push(
                    Diagnostic::error(
                        path_to_pointer(e.path()),
                        format!("not a valid OpenAPI 3.0 document: {}", e.inner()),
                    )
                    .with_hint("compare this node with the OpenAPI 3.0 specification's schema for it"),
                );
            }
            if version != Version::OpenApi30 {
                for d in &mut found {
                    d.hint =
                        d.hint.take().map(|h| format!("{h} (the document is read as its conversion to OpenAPI 3.0)"));
                }
            }
            log.add(Pass { diagnostics: found, moves: Moves::default() });
            return Err(placed(log).0);
        }
    };
    let (warnings, moves) = placed(log);
    Ok(Spec { api, file: file.to_string(), text, warnings, moves, webhooks })
}

/// Sets the node at `patch.pointer` (an object member may be new; an array item must exist).
fn apply(document: &mut serde_json::Value, patch: &Patch) -> Result<(), String> {
    let mut tokens = pointer_tokens(&patch.pointer);
    let last = tokens.pop().ok_or("cannot replace the whole document")?;
    let mut node = document;
    for token in &tokens {
        node = match node {
            serde_json::Value::Object(members) => members.get_mut(token),
            serde_json::Value::Array(items) => token.parse::<usize>().ok().and_then(|i| items.get_mut(i)),
            _ => None,
        }
        .ok_or_else(|| format!("finds no node at `{token}`"))?;
    }
    match node {
        serde_json::Value::Object(members) => {
            members.insert(last, patch.value.clone());
            Ok(())
        }
        serde_json::Value::Array(items) => {
            let slot = last.parse::<usize>().ok().and_then(|i| items.get_mut(i)).ok_or("names no item of the array")?;
            *slot = patch.value.clone();
            Ok(())
        }
        _ => Err("has a parent that is neither object nor array".into()),
    }
}

/// The versions read, and how.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
enum Version {
    Swagger2,
    OpenApi30,
    OpenApi31,
}

const READS: &str = "this generator reads Swagger 2.0 and OpenAPI 3.0.x and 3.1.x documents";

fn version(value: &serde_json::Value) -> Result<Version, Diagnostic> {
    use serde_json::Value;
    if !value.is_object() {
        return Err(Diagnostic::error("", "the document is not an object with OpenAPI fields")
            .with_hint(format!("{READS}, objects that start with `openapi: 3.0.3` or `swagger: \"2.0\"`")));
    }
    match (value.get("openapi"), value.get("swagger")) {
        (Some(Value::String(v)), _) if v == "3.0" || v.starts_with("3.0.") => Ok(Version::OpenApi30),
        (Some(Value::String(v)), _) if v == "3.1" || v.starts_with("3.1.") => Ok(Version::OpenApi31),
        (Some(Value::String(v)), _) => Err(Diagnostic::error(
            "/openapi",
            format!("OpenAPI version {v} is not supported (supported: 2.0, 3.0.x, 3.1.x)"),
        )
        .with_hint(format!("{READS}; a document that uses nothing newer may say `openapi: 3.1.1`"))),
        (Some(other), _) => Err(Diagnostic::error(
            "/openapi",
            format!("`openapi` must be a version string like \"3.0.3\", found {other}"),
        )
        .with_hint("quote the version: openapi: \"3.0.3\"")),
        (None, Some(Value::String(v))) if v == "2.0" => Ok(Version::Swagger2),
        // Unquoted in YAML, the version is a number; its meaning is plain.
        (None, Some(Value::Number(v))) if v.as_f64() == Some(2.0) => Ok(Version::Swagger2),
        (None, Some(v)) => Err(Diagnostic::error(
            "/swagger",
            format!("Swagger version {v} is not supported (supported: 2.0, 3.0.x, 3.1.x)"),
        )
        .with_hint("the Swagger version read is 2.0 (`swagger: \"2.0\"`); convert older documents to it first")),
        (None, None) => Err(Diagnostic::error("", "the document has no `openapi` version field")
            .with_hint(format!("{READS}; start it with `openapi: 3.0.3` (or the version it follows)"))),
    }
}

fn path_to_pointer(path: &serde_path_to_error::Path) -> String {
    use serde_path_to_error::Segment;
    let mut out = String::new();
    for segment in path.iter() {
        match segment {
            Segment::Map { key } => {
                out.push('/');
                out.push_str(&escape_token(key));
            }
            Segment::Seq { index } => {
                out.push('/');
                out.push_str(&index.to_string());
            }
            Segment::Enum { .. } | Segment::Unknown => {}
        }
    }
    out
}

#[cfg(test)]
mod tests {
    use super::load_str;
    use crate::diagnostics::{Diagnostic, Diagnostics};

    const SWAGGER: &str = "swagger: '2.0'
info: {title: t, version: '1'}
paths:
  /pets:
    get:
      produces: [application/json, text/plain]
      responses:
        '200':
          description: ok
          schema: {$ref: '#/definitions/Pet'}
definitions:
  Pet:
    type: object
    properties:
      id: {type: integer, minimum: 1.5}
";

    #[test]
    fn warnings_and_later_diagnostics_name_the_original_document() {
        let spec = load_str("pets.yaml", SWAGGER.to_string()).expect("loads");
        let warnings: Vec<(&str, Option<u32>)> =
            spec.warnings.iter().map(|d| (d.location.pointer.as_str(), d.location.line)).collect();
        assert_eq!(warnings, [("/definitions/Pet/properties/id/minimum", Some(15))]);
        // What lower says about the converted document, once per original node.
        let mut later = Diagnostics(vec![
            Diagnostic::error("/components/schemas/Pet/properties/id", "a"),
            Diagnostic::error("/paths/~1pets/get/responses/200/content/application~1json/schema", "b"),
            Diagnostic::error("/paths/~1pets/get/responses/200/content/text~1plain/schema", "b"),
        ]);
        spec.place(&mut later);
        let placed: Vec<(&str, Option<u32>)> =
            later.iter().map(|d| (d.location.pointer.as_str(), d.location.line)).collect();
        assert_eq!(
            placed,
            [("/definitions/Pet/properties/id", Some(15)), ("/paths/~1pets/get/responses/200/schema", Some(10))]
        );
    }

    #[test]
    fn versions_are_read_or_refused_with_a_hint() {
        let cases = [
            ("openapi: 3.0.3\ninfo: {title: t, version: '1'}\npaths: {}\n", None),
            ("openapi: 3.1.1\ninfo: {title: t, version: '1'}\n", None),
            ("swagger: 2.0\ninfo: {title: t, version: '1'}\npaths: {}\n", None),
            ("openapi: 3.2.0\n", Some("/openapi")),
            ("openapi: 3.1\n", Some("/openapi")),
            ("swagger: '1.2'\n", Some("/swagger")),
            ("info: {title: t}\n", Some("")),
            ("- a list\n", Some("")),
        ];
        for (text, error) in cases {
            let found = load_str("v.yaml", text.to_string()).err().map(|d| d.0[0].location.pointer.clone());
            assert_eq!(found.as_deref(), error, "{text}");
        }
    }

    #[test]
    fn webhooks_are_listed() {
        let text = "openapi: 3.1.0\ninfo: {title: t, version: '1'}\nwebhooks:\n  ping:\n    post: {responses: {}}\n";
        let spec = load_str("hooks.yaml", text.to_string()).expect("loads");
        assert_eq!(spec.webhooks, ["POST ping"]);
        assert_eq!(spec.warnings.0.len(), 1);
    }
}
