//! `cargo xtask codegen [--check] [--spec PATH] [--config PATH] [--out DIR] [--deny-warnings]`
//!
//! Regenerates the client crate from the spec, or with `--check` says which files differ.

mod bench;

use std::path::{Path, PathBuf};
use std::process::ExitCode;

const USAGE: &str = "usage: cargo xtask codegen [--check] [--spec PATH] [--config PATH] [--no-config] [--out DIR] [--deny-warnings] [--verbose]\n       cargo xtask bench";

struct Args {
    check: bool,
    spec: PathBuf,
    config: Option<PathBuf>,
    out: PathBuf,
    deny_warnings: bool,
    verbose: bool,
}

fn workspace_root() -> PathBuf {
    Path::new(env!("CARGO_MANIFEST_DIR")).parent().map(Path::to_path_buf).unwrap_or_default()
}

fn parse(mut args: impl Iterator<Item = String>) -> Result<Args, String> {
    let root = workspace_root();
    match args.next().as_deref() {
        Some("codegen") => {}
        Some(other) => return Err(format!("unknown task `{other}`\n{USAGE}")),
        None => return Err(USAGE.to_string()),
    }
    let mut parsed = Args {
        check: false,
        spec: root.join("spec/openapi.json"),
        config: Some(root.join("spec/codegen.yaml")),
        out: root.join("generated"),
        deny_warnings: false,
        verbose: false,
    };
    while let Some(arg) = args.next() {
        let mut value =
            |name: &str| args.next().map(PathBuf::from).ok_or_else(|| format!("{name} needs a value\n{USAGE}"));
        match arg.as_str() {
            "--check" => parsed.check = true,
            "--deny-warnings" => parsed.deny_warnings = true,
            "--verbose" => parsed.verbose = true,
            "--spec" => parsed.spec = value("--spec")?,
            "--config" => parsed.config = Some(value("--config")?),
            "--no-config" => parsed.config = None,
            "--out" => parsed.out = value("--out")?,
            other => return Err(format!("unknown argument `{other}`\n{USAGE}")),
        }
    }
    Ok(parsed)
}

fn main() -> ExitCode {
    if std::env::args().nth(1).as_deref() == Some("bench") {
        return bench::run(&workspace_root());
    }
    let args = match parse(std::env::args().skip(1)) {
        Ok(args) => args,
        Err(message) => {
            eprintln!("{message}");
            return ExitCode::from(2);
        }
    };
    let generated = match codegen::generate(&args.spec, args.config.as_deref()) {
        Ok(g) => g,
        Err(diagnostics) => {
            eprintln!("{diagnostics}");
            return ExitCode::FAILURE;
        }
    };
    if !generated.warnings.0.is_empty() {
        if args.verbose {
            eprintln!("{}", generated.warnings);
        } else {
            for w in generated.warnings.0.iter().take(3) {
                eprintln!("{w}\n");
            }
            eprintln!("{} warning(s) in all; --verbose shows every one", generated.warnings.0.len());
        }
        if args.deny_warnings {
            eprintln!("failing because of --deny-warnings");
            return ExitCode::FAILURE;
        }
    }
    if args.check {
        let stale = codegen::output::stale_files(&args.out, &generated.files);
        if stale.is_empty() {
            println!("{} is up to date ({} files)", args.out.display(), generated.files.len());
            return ExitCode::SUCCESS;
        }
        eprintln!("{} is stale; run `cargo xtask codegen`. Differing files:", args.out.display());
        for file in stale {
            eprintln!("  {file}");
        }
        return ExitCode::FAILURE;
    }
    match codegen::output::write(&args.out, &generated.files) {
        Ok(written) => {
            println!("wrote {} files to {} ({} changed)", generated.files.len(), args.out.display(), written);
            ExitCode::SUCCESS
        }
        Err(e) => {
            eprintln!("error: cannot write {}: {e}", args.out.display());
            ExitCode::FAILURE
        }
    }
}
