#!/usr/bin/env bash
# Starts the development gateway with the demo console at http://127.0.0.1:8090/ (`npm start`).
#
# On a fresh machine it first installs the tools (scripts/setup.sh), builds the WebAssembly
# package into pkg/ (npm run build) when pkg/ is missing or older than the sources, and builds
# the gateway (cargo build --release). The gateway keeps its entities in memory, so nothing is
# written outside target/ and pkg/. Ctrl-C stops it.
#
# Usage: scripts/start.sh [GATEWAY OPTION...]
#   Options go to digitalhub-gateway, such as --api-level 14, --token TOKEN, or
#   --data-dir DIR to keep entities across restarts (instead of --memory).
# Environment: DIGITALHUB_LISTEN, the address to listen on (default 127.0.0.1:8090).
set -euo pipefail

cd "$(dirname "${BASH_SOURCE[0]}")/.."
source scripts/env.sh

LISTEN=${DIGITALHUB_LISTEN:-127.0.0.1:8090}
GATEWAY=target/release/digitalhub-gateway

if ! bash scripts/setup.sh --check >/dev/null 2>&1; then
  echo "==> installing the missing tools (scripts/setup.sh)"
  bash scripts/setup.sh
fi

# The inputs of the WebAssembly package: the crate sources, its manifest and lock file, and
# js/errors.js, which wasm-pack copies into pkg/snippets/.
wasm=pkg/digitalhub_tasks_bg.wasm
if [ ! -f "$wasm" ] || [ ! -f pkg/errors.js ] ||
  [ -n "$(find src js/errors.js Cargo.toml Cargo.lock -newer "$wasm" -print -quit)" ]; then
  echo "==> building the WebAssembly package (npm run build)"
  npm run --silent build
fi

echo "==> building the gateway (cargo build --release -p digitalhub-gateway)"
cargo build --release --quiet -p digitalhub-gateway

storage=(--memory)
for argument in "$@"; do
  if [ "$argument" = --data-dir ] || [[ "$argument" == --data-dir=* ]]; then
    storage=()
  fi
done

# www/js and www/pkg are symbolic links to the package's js/ and pkg/, so the page imports
# ./js/index.js exactly as a user's page would import the installed package.
echo "==> starting digitalhub-gateway on $LISTEN, serving www/"

# Prints the gateway's stdout and, once it listens, the pages to open. It ignores Ctrl-C and
# ends when the gateway closes its stdout, so the gateway's last lines are still printed.
announce() {
  trap '' INT
  local line url
  while IFS= read -r line; do
    printf '%s\n' "$line"
    case "$line" in
      "listening on "*)
        url=${line#listening on }
        printf '\nDemo console: %s/\nSpec playground: %s/playground.html\nCtrl-C stops the gateway.\n\n' \
          "$url" "$url"
        ;;
    esac
  done
}

# exec gives the gateway this script's process id, so Ctrl-C and a SIGTERM sent to the script
# reach the gateway, which then shuts down cleanly.
exec "$GATEWAY" --listen "$LISTEN" "${storage[@]}" --www "$PWD/www" "$@" > >(announce)
