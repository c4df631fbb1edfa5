# Sourced by the other scripts (run from the repository root): puts the npm binaries and the
# cargo-installed tools first on PATH and defines the checks they share.

CALLER_PATH="$PATH"
export PATH="$PWD/node_modules/.bin:$HOME/.cargo/bin:$PATH"

# The wasm-bindgen version that Cargo.lock resolves, such as 0.2.130.
wasm_bindgen_lock_version() {
  awk '
    $0 == "name = \"wasm-bindgen\"" { found = 1; next }
    found && /^version = / { gsub(/version = |"/, ""); print; exit }
  ' Cargo.lock
}

# Warns when the wasm-opt that wasm-pack would pick is older than 116. Debian bookworm's binaryen
# 108 writes modules that fail at load time (wasm-bindgen's externref table comes out as anyref);
# 132 from the npm package `binaryen` works. 116 is an estimate of the first good release: only
# 108 and 132 were tried.
# With an argument, checks the first wasm-opt on that PATH instead of the scripts' own.
check_wasm_opt() {
  local path version
  path=$(PATH="${1:-$PATH}" command -v wasm-opt || true)
  if [ -z "$path" ]; then
    echo "warning: no wasm-opt on PATH; run scripts/setup.sh (npm ci installs binaryen)" >&2
    return 0
  fi
  version=$("$path" --version 2>/dev/null | grep -oE '[0-9]+' | head -n1 || true)
  if [ -z "$version" ] || [ "$version" -lt 116 ]; then
    echo "warning: $path is wasm-opt ${version:-of unknown version}, older than 116;" \
      "its output fails to load. Put node_modules/.bin first on PATH or remove it." >&2
    return 1
  fi
  return 0
}
