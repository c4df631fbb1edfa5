// Entry point of the npm package: the wasm-bindgen exports, the error classes and one
// idempotent `init()` that works the same in browsers, bundlers and Node 20+.

import initWasm, { Client as WasmClient, initSync as wasmInitSync } from '../pkg/digitalhub_tasks.js';

export * from '../pkg/digitalhub_tasks.js';
export * from '../pkg/errors.js';

// True once the WebAssembly module is instantiated, through init() or initSync().
let loaded = false;

/**
 * `Client`, the class from the WebAssembly glue behind a check: before the module is loaded, the
 * glue would throw "Cannot read properties of undefined", which names no cause. `instanceof`,
 * static members and the prototype are the glue class's own.
 */
export const Client = new Proxy(WasmClient, {
  construct(target, args, newTarget) {
    if (!loaded) {
      throw new TypeError(
        'new Client() was called before the WebAssembly module was loaded: await init() first',
      );
    }
    return Reflect.construct(target, args, newTarget);
  },
});

// So that `client.constructor === Client` holds, as it would for an unwrapped class.
WasmClient.prototype.constructor = Client;

/** The glue's `initSync`, which also marks the module as loaded. */
export function initSync(module) {
  const exports = wasmInitSync(module);
  loaded = true;
  return exports;
}

const WASM_URL = new URL('../pkg/digitalhub_tasks_bg.wasm', import.meta.url);

let initialization = null;

/**
 * Loads and instantiates the WebAssembly module; call it once before any other export.
 *
 * With no argument, browsers fetch the .wasm file next to this module and Node reads it from
 * disk. `input` may instead be a URL or URL string, a `Response` (or a promise of one), the bytes
 * (`ArrayBuffer` or a typed array), or a compiled `WebAssembly.Module`. In Node, a `file:` URL or
 * a string without a URL scheme is read from disk.
 *
 * Concurrent and later calls share the first call's promise and resolve to the same exports,
 * whatever they pass. A failed initialization is forgotten, so a later call can retry.
 */
export function init(input) {
  if (initialization === null) {
    initialization = load(input).catch((error) => {
      initialization = null;
      throw error;
    });
  }
  return initialization;
}

async function load(input) {
  const source = await resolveSource(input ?? WASM_URL);
  const exports = await initWasm({ module_or_path: source });
  loaded = true;
  return exports;
}

async function resolveSource(input) {
  if (!isNode()) {
    return input;
  }
  if (input instanceof URL && input.protocol === 'file:') {
    return readFile(input);
  }
  if (typeof input === 'string') {
    if (input.startsWith('file:')) {
      return readFile(new URL(input));
    }
    if (!hasUrlScheme(input)) {
      return readFile(input);
    }
  }
  return input;
}

// Node's fetch() rejects file: URLs, so Node reads the file itself. The import is dynamic and
// its specifier a variable, so browsers and bundlers never load or resolve 'node:fs/promises'.
async function readFile(pathOrUrl) {
  const fsModule = 'node:fs/promises';
  const { readFile } = await import(/* webpackIgnore: true */ /* @vite-ignore */ fsModule);
  return readFile(pathOrUrl);
}

function isNode() {
  return typeof globalThis.process?.versions?.node === 'string';
}

// True for `https://...`, `data:...` and other absolute URLs; false for file paths, including
// Windows paths such as `C:\wasm\x.wasm` (a one-letter scheme is taken as a drive letter).
function hasUrlScheme(text) {
  return /^[a-z][a-z0-9+.-]+:/i.test(text);
}
