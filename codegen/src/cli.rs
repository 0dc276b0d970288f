//! The command line of the generator: the standalone `openapi-client-gen` binary and this
//! repository's `cargo xtask codegen` both run [`run`], with different defaults.

use std::path::PathBuf;
use std::process::ExitCode;

/// What a run falls back on for what its arguments leave out.
#[derive(Debug, Clone, Default)]
pub struct Defaults {
    /// The spec read without `--spec`.
    pub spec: Option<PathBuf>,
    /// The configuration read with the default spec (never with a spec given by `--spec`,
    /// which may be another API's).
    pub config: Option<PathBuf>,
    /// Where the crate is written without `--out`.
    pub out: Option<PathBuf>,
    /// How the command is invoked, for messages (`cargo xtask codegen`).
    pub invocation: String,
}

#[derive(Debug)]
struct Args {
    check: bool,
    spec: PathBuf,
    config: Option<PathBuf>,
    out: PathBuf,
    name: Option<String>,
    deny_warnings: bool,
    deny_left_out: bool,
    verbose: bool,
}

fn usage(invocation: &str) -> String {
    format!(
        "Generates a Rust client crate from an OpenAPI description (Swagger 2.0, OpenAPI 3.0 or 3.1).

usage: {invocation} --spec PATH --out DIR [options]

  --spec PATH        the API description, YAML or JSON
  --out DIR          where the crate goes (Cargo.toml, src/, tests/); created if missing
  --config PATH      the generator's configuration (names, auth, pagination, envelope);
                     see docs/configuration.md. Without it, names and the rest come from the spec.
  --no-config        read no configuration, even the default one
  --name NAME        the crate's package name (default: the configuration's, or api-client)
  --check            write nothing: exit 1 and list the files that differ from what is in DIR
  --deny-warnings    fail when the spec gives warnings
  --deny-left-out    fail when any operation is left out of the client (see DIR/REPORT.md)
  --verbose          print every warning, not the first three
  --help, --version"
    )
}

fn parse(args: impl IntoIterator<Item = String>, defaults: &Defaults) -> Result<Args, String> {
    let usage = usage(&defaults.invocation);
    let mut spec = None;
    let mut config = None;
    let mut no_config = false;
    let mut out = None;
    let mut parsed = Args {
        check: false,
        spec: PathBuf::new(),
        config: None,
        out: PathBuf::new(),
        name: None,
        deny_warnings: false,
        deny_left_out: false,
        verbose: false,
    };
    let mut args = args.into_iter();
    while let Some(arg) = args.next() {
        let mut value = |name: &str| args.next().ok_or_else(|| format!("{name} needs a value\n\n{usage}"));
        match arg.as_str() {
            "--check" => parsed.check = true,
            "--deny-warnings" => parsed.deny_warnings = true,
            "--deny-left-out" => parsed.deny_left_out = true,
            "--verbose" => parsed.verbose = true,
            "--spec" => spec = Some(PathBuf::from(value("--spec")?)),
            "--config" => config = Some(PathBuf::from(value("--config")?)),
            "--no-config" => no_config = true,
            "--out" => out = Some(PathBuf::from(value("--out")?)),
            "--name" => parsed.name = Some(value("--name")?),
            "--help" | "-h" => return Err(usage),
            "--version" | "-V" => return Err(format!("openapi-client-gen {}", env!("CARGO_PKG_VERSION"))),
            other => return Err(format!("unknown argument `{other}`\n\n{usage}")),
        }
    }
    // Another spec is never read with the default configuration: it is the default spec's.
    parsed.config = match (no_config, config, &spec) {
        (true, _, _) => None,
        (false, Some(config), _) => Some(config),
        (false, None, Some(_)) => None,
        (false, None, None) => defaults.config.clone(),
    };
    parsed.spec = spec.or_else(|| defaults.spec.clone()).ok_or_else(|| format!("--spec is needed\n\n{usage}"))?;
    parsed.out = out.or_else(|| defaults.out.clone()).ok_or_else(|| format!("--out is needed\n\n{usage}"))?;
    Ok(parsed)
}

/// Runs the command on `args` (without the program name); `--help` and `--version` print and
/// succeed.
pub fn run(args: impl IntoIterator<Item = String>, defaults: &Defaults) -> ExitCode {
    let args: Vec<String> = args.into_iter().collect();
    let args = match parse(args.iter().cloned(), defaults) {
        Ok(args) => args,
        Err(message) if args.iter().any(|a| matches!(a.as_str(), "--help" | "-h" | "--version" | "-V")) => {
            println!("{message}");
            return ExitCode::SUCCESS;
        }
        Err(message) => {
            eprintln!("{message}");
            return ExitCode::from(2);
        }
    };
    let config = match &args.config {
        Some(path) => match crate::config::Config::load_file(path) {
            Ok(config) => config,
            Err(diagnostics) => {
                eprintln!("{diagnostics}");
                return ExitCode::FAILURE;
            }
        },
        None => crate::config::Config::default(),
    };
    let config = match &args.name {
        Some(name) => crate::config::Config {
            krate: crate::config::CrateConfig { name: name.clone(), ..config.krate.clone() },
            ..config
        },
        None => config,
    };
    let generated = match crate::load::load_file_patched(&args.spec, &config.patches)
        .and_then(|spec| crate::generate_from(&spec, &config))
    {
        Ok(g) => g,
        Err(diagnostics) => {
            eprintln!("{diagnostics}");
            return ExitCode::FAILURE;
        }
    };
    let mut failed = false;
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
            failed = true;
        }
    }
    if args.check {
        let stale = crate::output::stale_files(&args.out, &generated.files);
        if !stale.is_empty() {
            eprintln!("{} is stale; run `{}`. Differing files:", args.out.display(), defaults.invocation);
            for file in stale {
                eprintln!("  {file}");
            }
            return ExitCode::FAILURE;
        }
        println!("{} is up to date ({} files)", args.out.display(), generated.files.len());
    } else {
        match crate::output::write(&args.out, &generated.files) {
            Ok(written) => {
                println!("wrote {} files to {} ({} changed)", generated.files.len(), args.out.display(), written)
            }
            Err(e) => {
                eprintln!("error: cannot write {}: {e}", args.out.display());
                return ExitCode::FAILURE;
            }
        }
    }
    // The last word: what the client leaves out, and where that is written down.
    if generated.left_out > 0 {
        eprintln!(
            "{} operation(s) of the spec are not in the client; {} says which and why",
            generated.left_out,
            args.out.join("REPORT.md").display()
        );
        if args.deny_left_out {
            eprintln!("failing because of --deny-left-out");
            failed = true;
        }
    }
    if failed { ExitCode::FAILURE } else { ExitCode::SUCCESS }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn defaults() -> Defaults {
        Defaults {
            spec: Some("spec/openapi.json".into()),
            config: Some("spec/codegen.yaml".into()),
            out: Some("generated".into()),
            invocation: "cargo xtask codegen".into(),
        }
    }

    fn args(list: &[&str]) -> Result<Args, String> {
        parse(list.iter().map(|s| s.to_string()), &defaults())
    }

    #[test]
    fn another_spec_is_never_read_with_the_default_configuration() {
        let cases: [(&[&str], Option<&str>); 5] = [
            (&[], Some("spec/codegen.yaml")),
            (&["--spec", "other.yaml"], None),
            (&["--spec", "other.yaml", "--config", "other.cfg"], Some("other.cfg")),
            (&["--no-config"], None),
            (&["--config", "c.yaml", "--no-config"], None),
        ];
        for (list, want) in cases {
            let parsed = args(list).unwrap();
            assert_eq!(parsed.config.as_deref(), want.map(std::path::Path::new), "{list:?}");
        }
        let standalone = Defaults { invocation: "openapi-client-gen".into(), ..Defaults::default() };
        let missing = parse(["--out".to_string(), "x".to_string()], &standalone).unwrap_err();
        assert!(missing.starts_with("--spec is needed"), "{missing}");
        assert!(args(&["--bogus"]).unwrap_err().starts_with("unknown argument `--bogus`"));
    }
}
