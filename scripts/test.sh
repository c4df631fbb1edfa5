#!/usr/bin/env bash
# Runs every check of the project in order and exits non-zero if any step failed. Every step runs
# even after an earlier one failed, so one run shows all failures; the summary lists them.
#
# Usage: scripts/test.sh [STEP...]   (no argument: all steps; names as in the `step` lines below)
# The first step runs scripts/setup.sh, which installs the tools that are missing and is quick
# when everything is there.
set -euo pipefail

cd "$(dirname "${BASH_SOURCE[0]}")/.."
source scripts/env.sh

SELECTED=("$@")
LOG_DIR=$(mktemp -d "${TMPDIR:-/tmp}/digitalhub-tasks-test.XXXXXX")
trap 'rm -rf "$LOG_DIR"' EXIT

PASSED=()
FAILED=()

# Fails unless every wasm test binary in the log ran and reported at least one passed test. The
# wasm-bindgen runner exits 0 when it skips a whole suite (a browser-only suite under Node, or
# the reverse), so a zero exit alone proves nothing.
check_ran() {
  local log=$1 expected=$2 results ok
  results=$(grep -cE '^test result: ' "$log" || true)
  ok=$(grep -cE '^test result: ok\. [1-9][0-9]* passed' "$log" || true)
  if [ "$results" -ne "$expected" ] || [ "$ok" -ne "$expected" ]; then
    echo "check_ran: expected $expected wasm test binaries with at least one passed test;" \
      "found $results result lines, $ok of them ok with tests run" >&2
    return 1
  fi
}

# Runs tests/wasm_*.rs through wasm-bindgen-test-runner in Node (`node`) or headless Chromium
# (`chrome`), selected by WASM_BINDGEN_USE_BROWSER.
wasm_tests() {
  local runtime=$1 log="$LOG_DIR/wasm-$1.log" binaries
  binaries=$(find tests -maxdepth 1 -name 'wasm_*.rs' | wc -l)
  local browser=()
  if [ "$runtime" = chrome ]; then
    browser=(env WASM_BINDGEN_USE_BROWSER=1)
  fi
  # with-gateway.sh starts a development gateway for the Client and Run tests.
  "${browser[@]}" bash scripts/with-gateway.sh \
    cargo test -p digitalhub-tasks --target wasm32-unknown-unknown --test 'wasm_*' \
    2>&1 | tee "$log"
  check_ran "$log" "$binaries"
}

# Runs one step unless the command line selected others. The step runs in a subshell with
# `set -e` in force, and its failure is recorded instead of ending the script.
step() {
  local name=$1
  shift
  if [ "${#SELECTED[@]}" -gt 0 ] && [[ " ${SELECTED[*]} " != *" $name "* ]]; then
    return 0
  fi
  printf '\n==> [%s] %s\n' "$name" "$*"
  local started=$SECONDS status
  set +e
  (
    set -euo pipefail
    "$@"
  )
  status=$?
  set -e
  local elapsed=$((SECONDS - started))
  if [ "$status" -eq 0 ]; then
    PASSED+=("$name (${elapsed} s)")
  else
    FAILED+=("$name (${elapsed} s, exit $status)")
    printf '==> [%s] FAILED with exit code %s\n' "$name" "$status"
  fi
}

# One line per step; add new steps here.
step setup bash scripts/setup.sh
step clippy cargo clippy -p digitalhub-tasks --all-targets -- -D warnings
step clippy-gateway cargo clippy -p digitalhub-gateway --all-targets -- -D warnings
step clippy-wasm cargo clippy -p digitalhub-tasks --target wasm32-unknown-unknown --lib \
  --test 'wasm_*' -- -D warnings
step cargo-test cargo test --workspace
step wasm-node wasm_tests node
step wasm-chrome wasm_tests chrome
step build bash scripts/build.sh
step package bash scripts/test-package.sh
step e2e bash tests/e2e/run.sh

printf '\n==> summary\n'
for entry in "${PASSED[@]}"; do
  printf '  ok      %s\n' "$entry"
done
for entry in "${FAILED[@]}"; do
  printf '  FAILED  %s\n' "$entry"
done
printf 'steps: %d passed, %d failed\n' "${#PASSED[@]}" "${#FAILED[@]}"

if [ "${#PASSED[@]}" -eq 0 ] && [ "${#FAILED[@]}" -eq 0 ]; then
  echo "test.sh: no step matched: ${SELECTED[*]}" >&2
  exit 2
fi
if [ "${#FAILED[@]}" -gt 0 ]; then
  exit 1
fi
