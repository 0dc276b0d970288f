#!/usr/bin/env bash
# Runs a command with the Prism mock server serving spec/openapi.json (or the spec, JSON or
# YAML, that PRISM_SPEC names) on 127.0.0.1:
#   tools/prism/run.sh cargo test -p workspace-tests --test prism
#   PRISM_SPEC=tests/corpus/stripe.json PRISM_REF_DEPTH=3 tools/prism/run.sh cargo test ...
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
source="$(cd "$root" && realpath "${PRISM_SPEC:-spec/openapi.json}")"
spec="$root/target/prism-$(basename "${source%.*}").json"
node -e '
  const fs = require("fs");
  const text = fs.readFileSync(process.argv[1], "utf8");
  // YAML through js-yaml, which Prism itself depends on (pinned by package-lock.json).
  const yaml = () => require(require.resolve("js-yaml", { paths: [process.argv[3]] }));
  const doc = /\.ya?ml$/.test(process.argv[1]) ? yaml().load(text) : JSON.parse(text);
  // A `$ref` to anything outside the document (URLs in the SCIM examples of GitHub) would make
  // Prism fetch it from the internet; nothing here may, so such references are left inert.
  const inert = (node) => {
    if (Array.isArray(node)) { node.forEach(inert); return; }
    if (node && typeof node === "object") {
      if (typeof node.$ref === "string" && !node.$ref.startsWith("#")) {
        node["x-external-ref"] = node.$ref;
        delete node.$ref;
      }
      Object.values(node).forEach(inert);
    }
  };
  inert(doc);
  for (const item of Object.values(doc.paths)) {
    for (const op of Object.values(item)) {
      if (op && typeof op === "object") delete op.security;
    }
  }
  // PRISM_REF_DEPTH=n: Prism expands every schema reference of an operation, which never ends
  // for specs whose schemas refer to each other in deep cycles (as Stripe). Each component gets
  // a copy per level (`Name@1` … `Name@n`) whose references point one level down, and below
  // level n a reference is an open schema: the mock checks and answers the first n levels.
  const depth = Number(process.argv[4] || 0);
  const prefix = "#/components/schemas/";
  if (depth > 0 && doc.components && doc.components.schemas) {
    const relevel = (node, level) => {
      if (Array.isArray(node)) return node.map((n) => relevel(n, level));
      if (!node || typeof node !== "object") return node;
      if (typeof node.$ref === "string" && node.$ref.startsWith(prefix)) {
        const name = node.$ref.slice(prefix.length);
        if (level >= depth) return { description: `${name}, below the levels the mock reads` };
        return { $ref: `${prefix}${name}@${level + 1}` };
      }
      return Object.fromEntries(Object.entries(node).map(([k, v]) => [k, relevel(v, level)]));
    };
    const levelled = {};
    for (let level = 1; level <= depth; level++) {
      for (const [name, schema] of Object.entries(doc.components.schemas)) {
        levelled[`${name}@${level}`] = relevel(schema, level);
      }
    }
    doc.paths = relevel(doc.paths, 0);
    for (const key of Object.keys(doc.components)) {
      if (key !== "schemas") doc.components[key] = relevel(doc.components[key], 0);
    }
    doc.components.schemas = levelled;
  }
  fs.writeFileSync(process.argv[2], JSON.stringify(doc));
' "$source" "$spec" "$here/node_modules" "${PRISM_REF_DEPTH:-0}"

# The binary itself, not an npx wrapper: killing a wrapper leaves the server running.
"$here/node_modules/.bin/prism" mock --host 127.0.0.1 --port "$port" "$spec" >"$log" 2>&1 &
pid=$!
trap 'kill "$pid" 2>/dev/null || true; wait "$pid" 2>/dev/null || true' EXIT

# Large specs (Stripe's, 6 MB) take Prism minutes to read on a small machine.
wait_seconds="${PRISM_START_SECONDS:-300}"
for _ in $(seq 1 $((wait_seconds * 2))); do
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
(exec 3<>"/dev/tcp/127.0.0.1/$port") 2>/dev/null || { echo "Prism did not listen on port $port within $wait_seconds s" >&2; exit 1; }

PRISM_URL="http://127.0.0.1:$port" PRISM_REQUIRED=1 "$@"
