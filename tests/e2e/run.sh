#!/usr/bin/env bash
# Runs the end-to-end tests: builds the release gateway, then runs tests/e2e/*.test.mjs with
# node:test, one file at a time (each starts its own gateway and the demo test a browser).
# Needs pkg/ built first (npm run build). Screenshots and timings go to tests/e2e/output/.
set -euo pipefail

cd "$(dirname "${BASH_SOURCE[0]}")/../.."
source scripts/env.sh

# Run on their own, the tests skip when pkg/ or Chromium is missing; here that is a failure.
if [ ! -f pkg/digitalhub_tasks_bg.wasm ]; then
  echo "e2e: pkg/ is not built; run 'npm run build' first" >&2
  exit 1
fi
chromium=${CHROMIUM_PATH:-/usr/bin/chromium}
if [ ! -x "$chromium" ]; then
  echo "e2e: no Chromium at $chromium; run scripts/setup.sh or set CHROMIUM_PATH" >&2
  exit 1
fi

cargo build --release --quiet -p digitalhub-gateway
node --test --test-concurrency=1 --test-reporter=spec tests/e2e/*.test.mjs
