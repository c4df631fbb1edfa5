#!/usr/bin/env bash
# Tests the npm package as a consumer gets it: `npm pack` the built package, install the tarball
# into an empty project in a temporary folder, then run tests/node/*.test.mjs (node:test) and
# compile tests/types/usage.ts with `tsc --noEmit --strict` inside that project.
# Needs `npm run build` first. KEEP_CONSUMER=1 keeps the temporary folder for inspection.
set -euo pipefail

cd "$(dirname "${BASH_SOURCE[0]}")/.."
source scripts/env.sh
repo_root=$PWD

if [ ! -f pkg/digitalhub_tasks_bg.wasm ] || [ ! -f pkg/errors.js ]; then
  echo "test-package: pkg/ is not built; run 'npm run build' first" >&2
  exit 1
fi

consumer=$(mktemp -d "${TMPDIR:-/tmp}/digitalhub-tasks-consumer.XXXXXX")
if [ "${KEEP_CONSUMER:-0}" = 1 ]; then
  echo "test-package: consumer project kept in $consumer"
else
  trap 'rm -rf "$consumer"' EXIT
fi

tarball=$(npm pack --silent --pack-destination "$consumer" | tail -n1)
cat >"$consumer/package.json" <<'EOF'
{ "name": "consumer", "private": true, "type": "module" }
EOF
# The tarball has no dependencies, so the install needs no registry.
(cd "$consumer" && npm install --silent --offline --no-audit --no-fund "./$tarball")

mkdir "$consumer/test" "$consumer/types"
cp tests/node/*.test.mjs "$consumer/test/"
cp tests/types/*.ts tests/types/tsconfig.json "$consumer/types/"

echo "==> node --test (installed package)"
(cd "$consumer" && REPO_ROOT="$repo_root" node --test --test-reporter=spec test/)

echo "==> tsc --noEmit --strict tests/types/usage.ts (installed package)"
(cd "$consumer" && tsc -p types/tsconfig.json)
echo "tsc: usage.ts type-checks"
