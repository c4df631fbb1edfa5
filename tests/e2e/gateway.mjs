// Starts the built digitalhub-gateway for an end-to-end test: in-memory storage, a free
// loopback port, and www/ as its static site. Used by the e2e tests.

import { spawn } from 'node:child_process';
import { existsSync } from 'node:fs';
import { dirname, join } from 'node:path';
import { fileURLToPath } from 'node:url';

export const REPO_ROOT = join(dirname(fileURLToPath(import.meta.url)), '..', '..');

/** The gateway binary: $DIGITALHUB_GATEWAY_BIN, else the release build in target/. */
export const GATEWAY_BIN =
  process.env.DIGITALHUB_GATEWAY_BIN ?? join(REPO_ROOT, 'target', 'release', 'digitalhub-gateway');

/** How long the gateway may take to print its address. */
const START_TIMEOUT_MS = 20_000;

/** Returns what is missing before the e2e tests can run, or null when nothing is. */
export function missingPrerequisite() {
  if (!existsSync(GATEWAY_BIN)) {
    return `no gateway binary at ${GATEWAY_BIN}; run 'cargo build --release -p digitalhub-gateway'`;
  }
  if (!existsSync(join(REPO_ROOT, 'pkg', 'digitalhub_tasks_bg.wasm'))) {
    return "pkg/ is not built; run 'npm run build'";
  }
  return null;
}

/**
 * Spawns the gateway and resolves to `{ endpoint, stop(), output() }` once it prints
 * `listening on <url>`. `output()` returns everything it wrote so far, for failure messages.
 */
export function startGateway(extraArgs = []) {
  const args = ['--listen', '127.0.0.1:0', '--memory', '--www', join(REPO_ROOT, 'www'), ...extraArgs];
  const child = spawn(GATEWAY_BIN, args, {
    cwd: REPO_ROOT,
    env: { ...process.env, RUST_LOG: process.env.RUST_LOG ?? 'info' },
    stdio: ['ignore', 'pipe', 'pipe'],
  });
  let log = '';
  child.stderr.on('data', (chunk) => {
    log += chunk;
  });

  const exited = new Promise((resolve) => child.once('exit', (code, signal) => resolve({ code, signal })));

  const stop = async () => {
    if (child.exitCode === null && child.signalCode === null) {
      child.kill('SIGTERM');
    }
    return exited;
  };

  return new Promise((resolve, reject) => {
    const timer = setTimeout(() => {
      stop();
      reject(new Error(`gateway printed no address within ${START_TIMEOUT_MS} ms:\n${log}`));
    }, START_TIMEOUT_MS);
    let stdout = '';
    child.stdout.on('data', (chunk) => {
      stdout += chunk;
      log += chunk;
      const match = /listening on (http:\/\/\S+)/.exec(stdout);
      if (match) {
        clearTimeout(timer);
        resolve({ endpoint: match[1], stop, output: () => log });
      }
    });
    exited.then(({ code, signal }) => {
      clearTimeout(timer);
      reject(new Error(`gateway exited (code ${code}, signal ${signal}) before listening:\n${log}`));
    });
  });
}
