#!/usr/bin/env bash
# Runs a command with the Prism mock server serving spec/openapi.json on 127.0.0.1:
#   tools/prism/run.sh cargo test -p workspace-tests --test prism
# Installs the pinned Prism (package-lock.json) on first use, waits until it listens, sets
# PRISM_URL (and PRISM_REQUIRED, so the test cannot skip), and stops Prism afterwards.
set -euo pipefail
here="$(cd "$(dirname "$0")" && pwd)"
root="$(cd "$here/../.." && pwd)"
port="${PRISM_PORT:-4010}"
log="$root/target/prism.log"
mkdir -p "$root/target"

if [ ! -x "$here/node_modules/.bin/prism" ]; then
  command -v npm >/dev/null || { echo "npm is needed to install Prism (tools/prism/package.json)" >&2; exit 1; }
  npm ci --prefix "$here" --no-audit --no-fund --loglevel=error
fi

# The 2024 spec lists all credential schemes in one security requirement per operation, which
# in OpenAPI means all at once; the document-level requirement lists them as alternatives,
# which is what the API means. Prism checks requirements, so it gets the spec without the
# per-operation ones.
spec="$root/target/prism-openapi.json"
node -e '
  const fs = require("fs");
  const doc = JSON.parse(fs.readFileSync(process.argv[1], "utf8"));
  for (const item of Object.values(doc.paths)) {
    for (const op of Object.values(item)) {
      if (op && typeof op === "object") delete op.security;
    }
  }
  fs.writeFileSync(process.argv[2], JSON.stringify(doc));
' "$root/spec/openapi.json" "$spec"

# The binary itself, not an npx wrapper: killing a wrapper leaves the server running.
"$here/node_modules/.bin/prism" mock --host 127.0.0.1 --port "$port" "$spec" >"$log" 2>&1 &
pid=$!
trap 'kill "$pid" 2>/dev/null || true; wait "$pid" 2>/dev/null || true' EXIT

for _ in $(seq 1 120); do
  if (exec 3<>"/dev/tcp/127.0.0.1/$port") 2>/dev/null; then
    break
  fi
  if ! kill -0 "$pid" 2>/dev/null; then
    echo "Prism exited before listening; its log:" >&2
    cat "$log" >&2
    exit 1
  fi
  sleep 0.5
done
(exec 3<>"/dev/tcp/127.0.0.1/$port") 2>/dev/null || { echo "Prism did not listen on port $port within 60 s" >&2; exit 1; }

PRISM_URL="http://127.0.0.1:$port" PRISM_REQUIRED=1 "$@"
