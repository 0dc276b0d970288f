#!/usr/bin/env bash
# Checks that the generated crate builds with each top-level resource feature alone, with no
# feature, and with the defaults: shared types must be placed so that any one feature builds.
#   tools/check-features.sh            every feature (a few minutes on 2 cores; CI runs this)
#   tools/check-features.sh --sample   none, default, zero_trust and every 10th feature
set -euo pipefail
cd "$(dirname "$0")/.."
features=$(sed -n 's/^full = \[\(.*\)\]$/\1/p' generated/Cargo.toml | tr -d '" ' | tr ',' '\n')
if [ "${1:-}" = "--sample" ]; then
  features=$( (echo zero_trust; echo "$features" | awk 'NR % 10 == 1') | sort -u)
fi
check() {
  local start=$SECONDS
  cargo check --quiet -p cloudflare-client "$@"
  echo "ok ($((SECONDS - start)) s): $*"
}
check --no-default-features
check
for f in $features; do
  check --no-default-features --features "$f"
done
