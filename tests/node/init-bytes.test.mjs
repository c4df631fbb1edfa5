// init() with the module's bytes, as an ArrayBuffer view and as an ArrayBuffer.
import assert from 'node:assert/strict';
import { readFile } from 'node:fs/promises';
import { test } from 'node:test';

import { init, validateTask } from 'digitalhub-tasks';

const wasmUrl = new URL(import.meta.resolve('digitalhub-tasks/digitalhub_tasks_bg.wasm'));

test('init accepts bytes', async () => {
  const bytes = await readFile(wasmUrl);
  const exports = await init(bytes);
  assert.ok(exports.memory instanceof WebAssembly.Memory);
  assert.equal(validateTask('python+job', 1n).issues[0].code, 'not-json');
  const again = await init(bytes.buffer.slice(bytes.byteOffset, bytes.byteOffset + bytes.length));
  assert.equal(again, exports);
});
