//! `cargo xtask corpus [--all | --sample] [--only NAME]... [--generate-only]`: every spec of
//! `tests/corpus` generated with no configuration, as the crates of one workspace under
//! `target/corpus`, then held to what a user's own CI would hold them to: `cargo clippy
//! --all-targets -D warnings`, `cargo doc` with warnings denied, and the doc examples. Prints a
//! table of what each spec gives and what each check took.
//!
//! `--sample` (what CI runs) checks the specs a rule picks: every spec under 120 operations,
//! and of the larger ones, each third by size, smallest first. `--all` checks all of them.

use std::path::{Path, PathBuf};
use std::process::{Command, ExitCode};
use std::time::Instant;

struct Spec {
    name: String,
    path: PathBuf,
}

/// Operations a spec may have and still be in every sample.
const SMALL: usize = 120;

fn corpus(root: &Path) -> Vec<Spec> {
    let mut out: Vec<Spec> = std::fs::read_dir(root.join("tests/corpus"))
        .map(|entries| {
            entries
                .flatten()
                .map(|e| e.path())
                .filter(|p| p.extension().is_some_and(|e| e == "json" || e == "yaml"))
                .filter(|p| p.file_name().is_some_and(|n| n != "manifest.json"))
                .map(|path| Spec { name: path.file_stem().unwrap_or_default().to_string_lossy().into_owned(), path })
                .collect()
        })
        .unwrap_or_default();
    out.sort_by(|a, b| a.name.cmp(&b.name));
    out
}

pub fn run(root: &Path, args: &[String]) -> ExitCode {
    let all = args.iter().any(|a| a == "--all");
    let generate_only = args.iter().any(|a| a == "--generate-only");
    let only: Vec<&str> = args.windows(2).filter(|w| w[0] == "--only").map(|w| w[1].as_str()).collect();
    let out = root.join("target/corpus");
    let mut generated = Vec::new();
    let mut failed = false;
    println!("| spec | operations | left out | warnings | generate ms | lines |");
    println!("| --- | --- | --- | --- | --- | --- |");
    for spec in corpus(root) {
        if !only.is_empty() && !only.contains(&spec.name.as_str()) {
            continue;
        }
        let mut config = codegen::config::Config::default();
        config.krate.name = format!("{}-client", spec.name);
        let started = Instant::now();
        let result = codegen::load::load_file(&spec.path).and_then(|loaded| {
            let (api, mut warnings) = codegen::lower::lower(&loaded, &config)?;
            let files = codegen::emit::emit(&api).map_err(codegen::Diagnostics::from)?;
            warnings.0.splice(0..0, loaded.warnings.0.iter().cloned());
            Ok((api, files, warnings))
        });
        let ms = started.elapsed().as_millis();
        let (api, files, warnings) = match result {
            Ok(r) => r,
            Err(diagnostics) => {
                println!("| {} | error | | | {ms} | |", spec.name);
                eprintln!("{diagnostics}");
                failed = true;
                continue;
            }
        };
        let dir = out.join(&spec.name);
        if let Err(e) = codegen::output::write(&dir, &files) {
            eprintln!("cannot write {}: {e}", dir.display());
            return ExitCode::FAILURE;
        }
        // Each crate speaks of its own API only: the runtime's docs name no other.
        for (path, text) in &files {
            for word in ["cloudflare_client", "cf-ray"] {
                if text.contains(word) {
                    eprintln!("{}: {path} names `{word}`", spec.name);
                    failed = true;
                }
            }
        }
        let lines: usize = files.iter().filter(|(p, _)| p.ends_with(".rs")).map(|(_, text)| text.lines().count()).sum();
        let ops: usize = api.root.walk().iter().map(|r| r.operations.len()).sum();
        failed |= !api.unsupported.is_empty();
        println!("| {} | {ops} | {} | {} | {ms} | {lines} |", spec.name, api.unsupported.len(), warnings.0.len());
        generated.push((spec.name, ops));
    }
    // One workspace, so that the dependencies build once for every crate.
    let members: Vec<String> = generated.iter().map(|(name, _)| format!("{name:?}")).collect();
    let manifest = format!(
        "# Written by `cargo xtask corpus`.\n[workspace]\nresolver = \"2\"\nmembers = [{}]\n",
        members.join(", ")
    );
    if let Err(e) = std::fs::write(out.join("Cargo.toml"), manifest) {
        eprintln!("cannot write the corpus workspace: {e}");
        return ExitCode::FAILURE;
    }
    // The lock file of the project, so that the crates build with the versions it tests.
    let _ = std::fs::copy(root.join("Cargo.lock"), out.join("Cargo.lock"));
    if generate_only || failed {
        return if failed { ExitCode::FAILURE } else { ExitCode::SUCCESS };
    }

    let mut by_size = generated.clone();
    by_size.sort_by_key(|(_, ops)| *ops);
    let large: Vec<&String> = by_size.iter().filter(|(_, ops)| *ops >= SMALL).map(|(name, _)| name).collect();
    let chosen: Vec<&String> = generated
        .iter()
        .map(|(name, _)| name)
        .filter(|name| {
            all || !only.is_empty()
                || !large.contains(name)
                || large.iter().position(|l| l == name).is_some_and(|i| i % 3 == 0)
        })
        .collect();
    println!(
        "\nchecking {} of {} crates: {}",
        chosen.len(),
        generated.len(),
        chosen.iter().map(|s| s.as_str()).collect::<Vec<_>>().join(", ")
    );
    println!("\n| crate | clippy s | doc s | doctests s | result |");
    println!("| --- | --- | --- | --- | --- |");
    let target = root.join("target/corpus-target");
    for name in chosen {
        let package = format!("{name}-client");
        let step = |args: &[&str], rustdoc: bool| {
            let started = Instant::now();
            let mut command = Command::new("cargo");
            // `cargo SUBCOMMAND -p PACKAGE --quiet [ARGS…] [-- TOOL ARGS]`
            command.arg(args[0]).args(["-p", &package, "--quiet"]).args(&args[1..]);
            command.current_dir(&out).env("CARGO_TARGET_DIR", &target);
            if rustdoc {
                command.env("RUSTDOCFLAGS", "-D warnings");
            }
            let ok = command.status().is_ok_and(|s| s.success());
            (ok, started.elapsed().as_secs_f64())
        };
        let clippy = step(&["clippy", "--all-targets", "--features", "full", "--", "-D", "warnings"], false);
        let doc = step(&["doc", "--no-deps", "--features", "full"], true);
        let doctest = step(&["test", "--doc", "--features", "full"], false);
        let ok = clippy.0 && doc.0 && doctest.0;
        failed |= !ok;
        let verdict = if ok {
            "ok".to_string()
        } else {
            format!("FAILED (clippy {}, doc {}, doctests {})", clippy.0, doc.0, doctest.0)
        };
        println!("| {name} | {:.0} | {:.0} | {:.0} | {verdict} |", clippy.1, doc.1, doctest.1);
    }
    if failed { ExitCode::FAILURE } else { ExitCode::SUCCESS }
}
