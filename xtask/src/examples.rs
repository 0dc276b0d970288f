//! `cargo xtask examples [--prism] [--only NAME]...`: the configured example APIs of
//! `spec/examples/` (each a `codegen.yaml` for a spec of `tests/corpus`, and the tests a user of
//! that API would write), generated as crates of one workspace under `target/examples`, with
//! each example's tests copied in, then held to `cargo clippy --all-targets -D warnings`,
//! `cargo doc` with warnings denied and their tests (mock servers on 127.0.0.1). With
//! `--prism`, each crate's generated conformance test also runs against Prism serving that
//! API's spec (`tools/prism/run.sh`). The crates are not committed: this command makes them.

use std::path::{Path, PathBuf};
use std::process::{Command, ExitCode};
use std::time::Instant;

/// Each example: its directory under `spec/examples`, its spec in `tests/corpus`, and how many
/// levels of schema references Prism is given, when it cannot read them all.
const EXAMPLES: [(&str, &str, Option<u32>); 3] = [
    ("github", "progenitor-github.json", None),
    // Stripe's schemas refer to each other in deep cycles (every expandable field is a union
    // of an id and the object). Measured on 2 cores: Prism had not started after 20 minutes,
    // even with the spec cut to one operation; with references opened up below 3 levels it
    // starts in 32 s (4 levels: not within 4 minutes).
    ("stripe", "stripe.json", Some(3)),
    ("openai", "openai.yaml", None),
];

pub fn run(root: &Path, args: &[String]) -> ExitCode {
    let prism = args.iter().any(|a| a == "--prism");
    let only: Vec<&str> = args.windows(2).filter(|w| w[0] == "--only").map(|w| w[1].as_str()).collect();
    let out = root.join("target/examples");
    let mut members = Vec::new();
    println!("| example | operations | paged | configuration lines | patches | warnings | generate ms |");
    println!("| --- | --- | --- | --- | --- | --- | --- |");
    for (name, spec_file, ref_depth) in EXAMPLES {
        if !only.is_empty() && !only.contains(&name) {
            continue;
        }
        let dir = root.join("spec/examples").join(name);
        let spec_path = root.join("tests/corpus").join(spec_file);
        let started = Instant::now();
        let result = codegen::config::Config::load_file(&dir.join("codegen.yaml")).and_then(|config| {
            let loaded = codegen::load::load_file_patched(&spec_path, &config.patches)?;
            let (api, warnings) = codegen::lower::lower(&loaded, &config)?;
            let files = codegen::emit::emit(&api).map_err(codegen::Diagnostics::from)?;
            Ok((config, loaded, api, files, warnings))
        });
        let ms = started.elapsed().as_millis();
        let (config, loaded, api, files, warnings) = match result {
            Ok(r) => r,
            Err(diagnostics) => {
                eprintln!("{name}:\n{diagnostics}");
                return ExitCode::FAILURE;
            }
        };
        let crate_dir = out.join(name);
        if let Err(e) = write_crate(&crate_dir, &files, &dir.join("tests")) {
            eprintln!("cannot write {}: {e}", crate_dir.display());
            return ExitCode::FAILURE;
        }
        let ops: Vec<_> = api.root.walk().into_iter().flat_map(|r| r.operations.iter()).collect();
        let paged = ops.iter().filter(|o| o.pagination.is_some()).count();
        let lines = std::fs::read_to_string(dir.join("codegen.yaml"))
            .map(|t| t.lines().filter(|l| !l.trim().is_empty() && !l.trim_start().starts_with('#')).count())
            .unwrap_or(0);
        println!(
            "| {name} | {} | {paged} | {lines} | {} | {} | {ms} |",
            ops.len(),
            config.patches.len(),
            warnings.0.len() + loaded.warnings.0.len()
        );
        members.push((name, api.krate.package.clone(), spec_path, ref_depth));
    }
    let manifest = format!(
        "# Written by `cargo xtask examples`.\n[workspace]\nresolver = \"2\"\nmembers = [{}]\n",
        members.iter().map(|(name, ..)| format!("{name:?}")).collect::<Vec<_>>().join(", ")
    );
    if let Err(e) = std::fs::write(out.join("Cargo.toml"), manifest) {
        eprintln!("cannot write the examples' workspace: {e}");
        return ExitCode::FAILURE;
    }
    let _ = std::fs::copy(root.join("Cargo.lock"), out.join("Cargo.lock"));

    println!("\n| crate | clippy s | doc s | tests s | Prism s | result |");
    println!("| --- | --- | --- | --- | --- | --- |");
    // The corpus's target directory: the dependencies are the same, and built once.
    let target = root.join("target/corpus-target");
    let mut failed = false;
    for (name, package, spec_path, ref_depth) in &members {
        let step = |args: &[&str], env: &[(&str, String)], wrapper: Option<&Path>| {
            let started = Instant::now();
            let mut command = match wrapper {
                Some(w) => {
                    let mut c = Command::new(w);
                    c.arg("cargo");
                    c
                }
                None => Command::new("cargo"),
            };
            command.arg(args[0]).args(["-p", package, "--quiet"]).args(&args[1..]);
            command.current_dir(&out).env("CARGO_TARGET_DIR", &target);
            for (k, v) in env {
                command.env(k, v);
            }
            let ok = command.status().is_ok_and(|s| s.success());
            (ok, started.elapsed().as_secs_f64())
        };
        let clippy = step(&["clippy", "--all-targets", "--features", "full", "--", "-D", "warnings"], &[], None);
        let doc = step(&["doc", "--no-deps", "--features", "full"], &[("RUSTDOCFLAGS", "-D warnings".into())], None);
        let tests = step(&["test", "--features", "full", "--tests"], &[], None);
        let conformance = if prism {
            let mut env = vec![("PRISM_SPEC", spec_path.display().to_string())];
            if let Some(depth) = ref_depth {
                println!("{name}: Prism reads {depth} levels of schema references (tools/prism/run.sh)");
                env.push(("PRISM_REF_DEPTH", depth.to_string()));
            }
            Some(step(
                &["test", "--features", "full", "--test", "conformance"],
                &env,
                Some(&root.join("tools/prism/run.sh")),
            ))
        } else {
            None
        };
        let ok = clippy.0 && doc.0 && tests.0 && conformance.is_none_or(|c| c.0);
        failed |= !ok;
        let verdict = if ok {
            "ok".to_string()
        } else {
            format!(
                "FAILED (clippy {}, doc {}, tests {}, Prism {})",
                clippy.0,
                doc.0,
                tests.0,
                conformance.map_or("not run".to_string(), |c| c.0.to_string())
            )
        };
        let prism_secs = conformance.map_or(String::new(), |c| format!("{:.0}", c.1));
        println!("| {name} | {:.0} | {:.0} | {:.0} | {prism_secs} | {verdict} |", clippy.1, doc.1, tests.1);
    }
    if failed { ExitCode::FAILURE } else { ExitCode::SUCCESS }
}

/// The generated crate, and the example's tests beside the generated ones.
fn write_crate(dir: &Path, files: &[(String, String)], tests: &Path) -> std::io::Result<()> {
    codegen::output::write(dir, files)?;
    let tests_out = dir.join("tests");
    std::fs::create_dir_all(&tests_out)?;
    let written: Vec<PathBuf> = std::fs::read_dir(tests)?.flatten().map(|e| e.path()).collect();
    for test in written.iter().filter(|p| p.extension().is_some_and(|e| e == "rs")) {
        if let Some(file) = test.file_name() {
            std::fs::copy(test, tests_out.join(file))?;
        }
    }
    Ok(())
}
