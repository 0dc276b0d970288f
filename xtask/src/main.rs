//! This repository's tasks: `cargo xtask codegen` (the generator's command with this
//! repository's spec, configuration and crate; `--help` lists its options), `cargo xtask
//! bench` (the generator's stages timed), `cargo xtask corpus` (every corpus spec generated
//! and checked) and `cargo xtask examples` (the configured example APIs, with their tests).

mod bench;
mod corpus;
mod examples;

use std::path::{Path, PathBuf};
use std::process::ExitCode;

const USAGE: &str = "usage: cargo xtask codegen [options; --help lists them]\n       cargo xtask bench\n       cargo xtask corpus [--all | --sample] [--only NAME]... [--generate-only]\n       cargo xtask examples [--prism] [--only NAME]...";

fn workspace_root() -> PathBuf {
    Path::new(env!("CARGO_MANIFEST_DIR")).parent().map(Path::to_path_buf).unwrap_or_default()
}

fn main() -> ExitCode {
    let root = workspace_root();
    let mut args = std::env::args().skip(1);
    match args.next().as_deref() {
        Some("bench") => bench::run(&root),
        Some("corpus") => corpus::run(&root, &args.collect::<Vec<_>>()),
        Some("examples") => examples::run(&root, &args.collect::<Vec<_>>()),
        // The generator's own command, with this repository's spec, configuration and crate.
        Some("codegen") => {
            let defaults = codegen::cli::Defaults {
                spec: Some(root.join("spec/openapi.json")),
                config: Some(root.join("spec/codegen.yaml")),
                out: Some(root.join("generated")),
                invocation: "cargo xtask codegen".into(),
            };
            codegen::cli::run(args, &defaults)
        }
        _ => {
            eprintln!("{USAGE}");
            ExitCode::from(2)
        }
    }
}
