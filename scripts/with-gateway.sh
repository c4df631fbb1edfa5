#!/usr/bin/env bash
# Runs a command next to a throwaway development gateway, for the wasm tests of Client and Run.
#
# Usage: scripts/with-gateway.sh COMMAND [ARG...]
#
# Builds digitalhub-gateway (debug), starts it on a free loopback port with in-memory storage,
# CORS open to any origin (the browser tests run on another port) and a random bearer token, and
# exports DIGITALHUB_GATEWAY_URL and DIGITALHUB_GATEWAY_TOKEN for COMMAND. tests/wasm_client.rs
# compiles both in, so cargo rebuilds that test when they change. The gateway is stopped when
# COMMAND ends, and the script exits with COMMAND's status.
set -euo pipefail

cd "$(dirname "${BASH_SOURCE[0]}")/.."

if [ "$#" -eq 0 ]; then
  echo "usage: scripts/with-gateway.sh COMMAND [ARG...]" >&2
  exit 2
fi

cargo build --quiet -p digitalhub-gateway

LOG_DIR=$(mktemp -d "${TMPDIR:-/tmp}/with-gateway.XXXXXX")
TOKEN="wasm-tests-$(od -An -N8 -tx1 /dev/urandom | tr -d ' \n')"
GATEWAY_PID=""

stop_gateway() {
  if [ -n "$GATEWAY_PID" ]; then
    kill "$GATEWAY_PID" 2>/dev/null || true
    wait "$GATEWAY_PID" 2>/dev/null || true
  fi
  rm -rf "$LOG_DIR"
}
trap stop_gateway EXIT

target/debug/digitalhub-gateway --listen 127.0.0.1:0 --memory --cors-origin '*' \
  --token "$TOKEN" >"$LOG_DIR/stdout" 2>"$LOG_DIR/stderr" &
GATEWAY_PID=$!

# The gateway prints "listening on URL" on stdout once it accepts connections.
URL=""
for _ in $(seq 100); do
  URL=$(sed -n 's/^listening on //p' "$LOG_DIR/stdout" | head -n1)
  if [ -n "$URL" ]; then
    break
  fi
  if ! kill -0 "$GATEWAY_PID" 2>/dev/null; then
    echo "with-gateway: the gateway exited during start-up:" >&2
    cat "$LOG_DIR/stderr" >&2
    exit 1
  fi
  sleep 0.1
done
if [ -z "$URL" ]; then
  echo "with-gateway: the gateway printed no address within 10 s:" >&2
  cat "$LOG_DIR/stderr" >&2
  exit 1
fi
echo "with-gateway: gateway at $URL (pid $GATEWAY_PID)" >&2

export DIGITALHUB_GATEWAY_URL="$URL"
export DIGITALHUB_GATEWAY_TOKEN="$TOKEN"
status=0
"$@" || status=$?
if [ "$status" -ne 0 ]; then
  echo "with-gateway: the command failed (exit $status); gateway log follows" >&2
  tail -n 50 "$LOG_DIR/stderr" >&2
fi
exit "$status"
