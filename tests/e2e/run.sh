#!/usr/bin/env bash
# Runs the end-to-end tests: builds the release gateway, then runs tests/e2e/*.test.mjs with
# node:test, one file at a time (each starts its own gateway and the demo test a browser).
# Needs pkg/ built first (npm run build). Screenshots and timings go to tests/e2e/output/.
set -euo pipefail

cd "$(dirname "${BASH_SOURCE[0]}")/../.."
source scripts/env.sh

cargo build --release --quiet -p digitalhub-gateway
node --test --test-concurrency=1 --test-reporter=spec tests/e2e/*.test.mjs
