// `new Client()` before init() names the cause instead of failing inside the generated glue.
import assert from 'node:assert/strict';
import { test } from 'node:test';

import { Client, init } from 'digitalhub-tasks';

test('new Client() before init() says to await init()', async () => {
  const options = { endpoint: 'http://127.0.0.1:9', project: 'demo', apiLevel: 15 };
  assert.throws(() => new Client(options), {
    name: 'TypeError',
    message: /await init\(\) first/,
  });
  await init();
  const client = new Client(options);
  assert.ok(client instanceof Client);
  assert.equal(client.constructor, Client);
  assert.equal(client.project, 'demo');
  assert.equal(client.apiLevel, 15);
});
