// A failed init() is forgotten, so a later call with a good source succeeds.
import assert from 'node:assert/strict';
import { test } from 'node:test';
import { fileURLToPath } from 'node:url';

import { init, validateTask } from 'digitalhub-tasks';

test('init retries after a failure', async () => {
  await assert.rejects(init(new Uint8Array([0, 97, 115, 109])), WebAssembly.CompileError);
  const path = fileURLToPath(import.meta.resolve('digitalhub-tasks/digitalhub_tasks_bg.wasm'));
  const exports = await init(path);
  assert.ok(exports.memory instanceof WebAssembly.Memory);
  assert.equal(validateTask('python+serve', undefined).valid, false);
});
