//! `openapi-client-gen --spec api.yaml --out my-client [--config codegen.yaml]`: a Rust client
//! crate from an OpenAPI description. `cargo install --path codegen` installs it.

fn main() -> std::process::ExitCode {
    let defaults = codegen::cli::Defaults { invocation: "openapi-client-gen".into(), ..Default::default() };
    codegen::cli::run(std::env::args().skip(1), &defaults)
}
