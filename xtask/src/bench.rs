//! `cargo xtask bench`: the generator's stages on the spec in `spec/`, timed separately.
//! Build with `--release` for figures worth recording (see BENCHMARKS.md).

use std::path::Path;
use std::process::ExitCode;
use std::time::{Duration, Instant};

const RUNS: usize = 7;

fn median(mut samples: Vec<Duration>) -> Duration {
    samples.sort();
    samples[samples.len() / 2]
}

pub fn run(root: &Path) -> ExitCode {
    let config = match codegen::config::Config::load_file(&root.join("spec/codegen.yaml")) {
        Ok(c) => c,
        Err(d) => {
            eprintln!("{d}");
            return ExitCode::FAILURE;
        }
    };
    let spec_path = root.join("spec/openapi.json");
    let (mut load, mut lower, mut emit, mut format, mut parallel, mut total) =
        (Vec::new(), Vec::new(), Vec::new(), Vec::new(), Vec::new(), Vec::new());
    for _ in 0..RUNS {
        let start = Instant::now();
        let Ok(spec) = codegen::load::load_file_patched(&spec_path, &config.patches) else {
            eprintln!("the spec does not load; run `cargo xtask codegen` for the diagnostics");
            return ExitCode::FAILURE;
        };
        let loaded = Instant::now();
        let Ok((api, _)) = codegen::lower::lower(&spec, &config) else {
            eprintln!("the spec does not lower; run `cargo xtask codegen` for the diagnostics");
            return ExitCode::FAILURE;
        };
        let lowered = Instant::now();
        // What a run does: emit and format on all cores.
        if codegen::emit::emit(&api).is_err() {
            eprintln!("emitting failed; run `cargo xtask codegen` for the diagnostics");
            return ExitCode::FAILURE;
        }
        let done = Instant::now();
        // The same two stages on one thread, to see which costs what.
        let tokens = codegen::emit::emit_tokens(&api);
        let emitted = Instant::now();
        if codegen::emit::format(tokens).is_err() {
            eprintln!("formatting failed; run `cargo xtask codegen` for the diagnostics");
            return ExitCode::FAILURE;
        }
        let formatted = Instant::now();
        load.push(loaded - start);
        lower.push(lowered - loaded);
        emit.push(emitted - done);
        format.push(formatted - emitted);
        parallel.push(done - lowered);
        total.push(done - start);
    }
    println!("median of {RUNS} runs on {}:", spec_path.display());
    let stages = [
        ("load", load),
        ("lower", lower),
        ("emit (1 thread)", emit),
        ("format (1 thread)", format),
        ("emit + format (all cores)", parallel),
        ("total (load, lower, emit + format)", total),
    ];
    for (stage, samples) in stages {
        println!("  {stage:<36}{:>8.1} ms", median(samples).as_secs_f64() * 1000.0);
    }
    ExitCode::SUCCESS
}
