#!/usr/bin/env bash
# Installs everything the build and the tests need on a Debian machine with rustup, node 20+ and
# npm: the wasm32 target, wasm-bindgen-cli (the version Cargo.lock pins), wasm-pack, Chromium
# with ChromeDriver, and the npm devDependencies (binaryen's wasm-opt, typescript, playwright-core).
# Each step is skipped when its result is already in place, so a second run takes about a second.
#
# Usage: scripts/setup.sh [--check]
#   --check  install nothing; list what is missing and exit 1 if anything is.
set -euo pipefail

cd "$(dirname "${BASH_SOURCE[0]}")/.."
source scripts/env.sh

WASM_PACK_VERSION=0.15.1

CHECK_ONLY=0
if [ "${1:-}" = --check ]; then
  CHECK_ONLY=1
fi
MISSING=0

step() { printf '==> %s\n' "$*"; }

# In --check mode, reports what `$*` would install and returns 1 so the caller skips it.
would_install() {
  if [ "$CHECK_ONLY" = 1 ]; then
    echo "setup --check: missing: $*" >&2
    MISSING=1
    return 1
  fi
  step "$*"
}

install_target() {
  if rustup target list --installed | grep -qx wasm32-unknown-unknown; then
    return
  fi
  would_install "rustup target add wasm32-unknown-unknown" || return 0
  rustup target add wasm32-unknown-unknown
}

# The CLI must equal the wasm-bindgen crate version in Cargo.lock, or the test runner and the
# bindgen step reject the module ("schema version" mismatch). `--locked` is left out on purpose:
# the CLI's own lock file pins a webpki-roots release that crates.io no longer serves.
install_wasm_bindgen_cli() {
  local wanted installed
  wanted=$(wasm_bindgen_lock_version)
  if [ -z "$wanted" ]; then
    echo "setup: no wasm-bindgen entry in Cargo.lock; run 'cargo generate-lockfile' first" >&2
    exit 1
  fi
  installed=$(wasm-bindgen --version 2>/dev/null | awk '{print $2}' || true)
  if [ "$installed" = "$wanted" ]; then
    return
  fi
  local force=()
  if [ -n "$installed" ]; then
    force=(--force)
  fi
  would_install "cargo install wasm-bindgen-cli --version $wanted ${force[*]}" \
    "(installed: ${installed:-none})" || return 0
  cargo install wasm-bindgen-cli --version "$wanted" "${force[@]}"
}

install_wasm_pack() {
  local installed
  installed=$(wasm-pack --version 2>/dev/null | awk '{print $2}' || true)
  if [ "$installed" = "$WASM_PACK_VERSION" ]; then
    return
  fi
  local force=()
  if [ -n "$installed" ]; then
    force=(--force)
  fi
  would_install "cargo install wasm-pack --version $WASM_PACK_VERSION --locked" \
    "(installed: ${installed:-none})" || return 0
  cargo install wasm-pack --version "$WASM_PACK_VERSION" --locked "${force[@]}"
}

install_chromium() {
  if command -v chromium >/dev/null && command -v chromedriver >/dev/null; then
    return
  fi
  local sudo=()
  if [ "$(id -u)" != 0 ]; then
    sudo=(sudo)
  fi
  would_install "apt-get install chromium chromium-driver" || return 0
  "${sudo[@]}" apt-get update
  DEBIAN_FRONTEND=noninteractive "${sudo[@]}" apt-get install -y --no-install-recommends \
    chromium chromium-driver
}

# `npm ci` deletes node_modules first, so it only runs when package-lock.json changed since the
# last successful run (the stamp stores the lock file's hash).
install_npm_packages() {
  local stamp=node_modules/.setup-lock-hash
  local hash
  hash=$(sha256sum package-lock.json | awk '{print $1}')
  if [ -f "$stamp" ] && [ "$(cat "$stamp")" = "$hash" ]; then
    return
  fi
  would_install "npm ci (package-lock.json changed or node_modules missing)" || return 0
  npm ci --no-audit --no-fund
  echo "$hash" >"$stamp"
}

install_target
install_wasm_bindgen_cli
install_wasm_pack
install_chromium
install_npm_packages
if [ "$CHECK_ONLY" = 1 ]; then
  if [ "$MISSING" = 1 ]; then
    echo "setup --check: run 'bash scripts/setup.sh' to install the missing tools" >&2
    exit 1
  fi
  check_wasm_opt
  exit 0
fi
check_wasm_opt || true
if ! check_wasm_opt "$CALLER_PATH" 2>/dev/null; then
  echo "note: a plain 'wasm-pack build' outside scripts/ would use $(PATH="$CALLER_PATH" command -v wasm-opt || echo 'a downloaded wasm-opt')," \
    "not node_modules/.bin/wasm-opt; use 'npm run build'" >&2
fi
step "setup done"
