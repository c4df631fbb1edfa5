// init() with a file: URL, which Node's fetch() would reject, so the wrapper reads the file.
import assert from 'node:assert/strict';
import { test } from 'node:test';

import { init } from 'digitalhub-tasks';

test('init accepts a file URL', async () => {
  const wasmUrl = new URL(import.meta.resolve('digitalhub-tasks/digitalhub_tasks_bg.wasm'));
  assert.equal(wasmUrl.protocol, 'file:');
  const exports = await init(wasmUrl);
  assert.ok(exports.memory instanceof WebAssembly.Memory);
});
