// init() with no argument in Node: reads the .wasm next to the module from disk.
import assert from 'node:assert/strict';
import { test } from 'node:test';

import { init, validateTask } from 'digitalhub-tasks';

test('concurrent init calls share one promise', async () => {
  const first = init();
  const second = init();
  assert.equal(first, second);
  const exports = await first;
  assert.ok(exports.memory instanceof WebAssembly.Memory);
});

test('init after success returns the same exports', async () => {
  const before = await init();
  const after = await init(new Uint8Array([0, 1, 2]));
  assert.equal(after, before);
});

test('exports work after init', async () => {
  await init();
  const result = validateTask('python+job', undefined);
  assert.equal(result.valid, false);
  assert.equal(result.issues[0].code, 'not-json');
});
