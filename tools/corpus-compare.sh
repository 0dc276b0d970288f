#!/usr/bin/env bash
# Figures for BENCHMARKS.md: for each corpus spec, what `cargo check` of our generated crate
# costs, and what progenitor (cargo-progenitor from crates.io) makes of the same spec.
#
#   tools/corpus-compare.sh ours         # after `cargo xtask corpus --generate-only`
#   tools/corpus-compare.sh progenitor   # installs cargo-progenitor under target/ first
#
# Prints Markdown rows. Dependencies are built once before the first crate is timed, so each
# figure is the crate itself, cold (`cargo clean -p` before each check).
set -uo pipefail
root=$(cd "$(dirname "$0")/.." && pwd)
corpus="$root/tests/corpus"
time_of() { /usr/bin/time -f "%e %M" "$@" 2>&1 >/dev/null | tail -1; }

ours() {
  cd "$root/target/corpus" || { echo "run cargo xtask corpus --generate-only first" >&2; exit 1; }
  export CARGO_TARGET_DIR="$root/target/corpus-target"
  cargo check --quiet -p petstore3-client --features full >/dev/null 2>&1
  echo "| spec | check s | peak MB |"
  echo "| --- | --- | --- |"
  for dir in */; do
    name=${dir%/}
    cargo clean --quiet -p "$name-client" >/dev/null 2>&1
    read -r secs kb < <(time_of cargo check --quiet -p "$name-client" --features full)
    echo "| $name | $secs | $((kb / 1024)) |"
  done
}

progenitor() {
  local bin="$root/target/progenitor/bin/cargo-progenitor"
  [ -x "$bin" ] || cargo install --quiet --root "$root/target/progenitor" cargo-progenitor >&2 || exit 1
  local out="$root/target/progenitor-out"
  rm -rf "$out" && mkdir -p "$out"
  local members=()
  echo "| spec | generate | generate s | lines |" >"$out/generate.md"
  for spec in "$corpus"/*.json "$corpus"/*.yaml; do
    [ "$(basename "$spec")" = manifest.json ] && continue
    name=$(basename "${spec%.*}")
    start=$(date +%s.%N)
    if "$bin" progenitor -i "$spec" -o "$out/$name" -n "$name" -v 0.1.0 >"$out/$name.log" 2>&1; then
      secs=$(echo "$(date +%s.%N) - $start" | bc)
      lines=$(find "$out/$name/src" -name '*.rs' -exec cat {} + | wc -l)
      echo "| $name | ok | $(printf %.2f "$secs") | $lines |" >>"$out/generate.md"
      members+=("\"$name\"")
    else
      why=$(grep -m1 -iE "error|panick" "$out/$name.log" | cut -c1-120 | tr '|' '/')
      echo "| $name | refused: $why | | |" >>"$out/generate.md"
    fi
  done
  cat "$out/generate.md"
  (IFS=,; printf '[workspace]\nresolver = "2"\nmembers = [%s]\n' "${members[*]}") >"$out/Cargo.toml"
  cd "$out" || exit 1
  export CARGO_TARGET_DIR="$out/target"
  echo
  echo "| spec | check s | peak MB | result |"
  echo "| --- | --- | --- | --- |"
  # Dependencies first, with the smallest crate.
  cargo check --quiet -p "${members[0]//\"/}" >/dev/null 2>&1
  for m in "${members[@]}"; do
    name=${m//\"/}
    cargo clean --quiet -p "$name" >/dev/null 2>&1
    result=ok
    read -r secs kb < <(time_of cargo check --quiet -p "$name" || true)
    cargo check --quiet -p "$name" >/dev/null 2>&1 || result="does not compile"
    echo "| $name | $secs | $((kb / 1024)) | $result |"
  done
}

"$@"
