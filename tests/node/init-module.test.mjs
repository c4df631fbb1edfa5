// init() with a compiled WebAssembly.Module.
import assert from 'node:assert/strict';
import { readFile } from 'node:fs/promises';
import { test } from 'node:test';

import { init, validateTask } from 'digitalhub-tasks';

test('init accepts a WebAssembly.Module', async () => {
  const wasmUrl = new URL(import.meta.resolve('digitalhub-tasks/digitalhub_tasks_bg.wasm'));
  const module = await WebAssembly.compile(await readFile(wasmUrl));
  const exports = await init(module);
  assert.ok(exports.memory instanceof WebAssembly.Memory);
  assert.equal(validateTask('python+job', undefined).valid, false);
});
