//! Every real API description of the corpus (`tests/corpus`) (Swagger 2.0, OpenAPI 3.0 and 3.1, small
//! and 4 MB) loads and generates: warnings are allowed, errors are not. The table printed with
//! `--nocapture` gives each spec's warnings and time; `CORPUS_WARNINGS=1` prints the warnings.

use std::path::Path;
use std::time::Instant;

use codegen::config::Config;

/// Where the corpus lives, relative to the workspace.
const CORPUS: &str = "../tests/corpus";

#[test]
fn every_corpus_spec_generates() {
    let dir = Path::new(env!("CARGO_MANIFEST_DIR")).join(CORPUS);
    let entries = std::fs::read_dir(&dir).expect("the corpus is part of the repository");
    let mut specs: Vec<_> = entries
        .map(|e| e.unwrap().path())
        .filter(|p| p.extension().is_some_and(|e| e == "yaml" || e == "json"))
        .filter(|p| p.file_name().is_some_and(|n| n != "manifest.json"))
        .collect();
    specs.sort();
    let mut failures = Vec::new();
    println!("| spec | result | warnings | operations | not generated | load ms | generate ms |");
    println!("| --- | --- | --- | --- | --- | --- | --- |");
    for path in &specs {
        let name = path.file_name().unwrap().to_string_lossy().into_owned();
        let started = Instant::now();
        let loaded = codegen::load::load_file(Path::new(path));
        let load_ms = started.elapsed().as_millis();
        let started = Instant::now();
        let result = loaded.and_then(|spec| codegen::generate_from(&spec, &Config::default()));
        let generate_ms = started.elapsed().as_millis();
        match result {
            Ok(generated) => {
                let file = |path: &str| generated.files.iter().find(|(p, _)| p == path).map_or("", |(_, text)| text);
                // Table rows, without the header and separator of each table.
                let rows = |text: &str| {
                    text.lines()
                        .filter(|l| l.starts_with("| ") && !l.starts_with("| Method") && !l.starts_with("| ---"))
                        .count()
                };
                let (operations, left_out) = (rows(file("api.md")), rows(file("REPORT.md")));
                println!(
                    "| {name} | ok | {} | {operations} | {left_out} | {load_ms} | {generate_ms} |",
                    generated.warnings.0.len()
                );
                if std::env::var_os("CORPUS_WARNINGS").is_some() {
                    println!("{}", generated.warnings);
                }
            }
            Err(diagnostics) => {
                let errors = diagnostics.iter().filter(|d| d.severity == codegen::Severity::Error).count();
                println!(
                    "| {name} | err ({errors} errors) | {} | {load_ms} | {generate_ms} |",
                    diagnostics.0.len() - errors
                );
                failures.push(format!("{name}:\n{diagnostics}"));
            }
        }
    }
    assert!(failures.is_empty(), "{} corpus specs fail:\n{}", failures.len(), failures.join("\n\n"));
}
