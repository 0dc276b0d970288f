//! The corpus of broken specs: each file under `tests/broken/` gives the diagnostics in the
//! `.expected` file beside it (`UPDATE_GOLDEN=1` rewrites them after a reviewed change). A
//! spec with errors generates nothing; one with only warnings generates and says why.

use std::path::{Path, PathBuf};

use codegen::config::Config;

fn corpus() -> PathBuf {
    Path::new(env!("CARGO_MANIFEST_DIR")).join("tests/broken")
}

#[test]
fn every_broken_spec_gives_its_expected_diagnostics() {
    let mut fixtures: Vec<PathBuf> = std::fs::read_dir(corpus())
        .unwrap()
        .map(|e| e.unwrap().path())
        .filter(|p| p.extension().is_some_and(|e| e == "yaml" || e == "json"))
        .collect();
    fixtures.sort();
    assert!(fixtures.len() >= 14, "the corpus shrank");
    let mut changed = Vec::new();
    for fixture in fixtures {
        let name = format!("tests/broken/{}", fixture.file_name().unwrap().to_string_lossy());
        let text = std::fs::read_to_string(&fixture).unwrap();
        let diagnostics = match codegen::load::load_str(&name, text)
            .and_then(|spec| codegen::generate_from(&spec, &Config::default()))
        {
            Ok(generated) => {
                assert!(!generated.warnings.0.is_empty(), "{name} is neither broken nor suspicious");
                generated.warnings
            }
            Err(diagnostics) => diagnostics,
        };
        let rendered = format!("{diagnostics}\n");
        assert!(rendered.contains(&format!("--> {name}:")), "no file:line in\n{rendered}");
        assert!(rendered.contains("= hint: "), "every problem of {name} says what to do:\n{rendered}");
        let golden = fixture.with_extension("expected");
        if std::env::var_os("UPDATE_GOLDEN").is_some() {
            std::fs::write(&golden, &rendered).unwrap();
        }
        if rendered != std::fs::read_to_string(&golden).unwrap_or_default() {
            changed.push(format!("{name}:\n{rendered}"));
        }
    }
    assert!(changed.is_empty(), "diagnostics changed (UPDATE_GOLDEN=1 to accept):\n{}", changed.join("\n"));
}
