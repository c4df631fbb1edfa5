// taskSchema, functionSchema and runSchema return plain JSON Schema objects per API level.
import assert from 'node:assert/strict';
import { before, test } from 'node:test';

import { functionSchema, init, runSchema, taskSchema } from 'digitalhub-tasks';

before(async () => {
  await init();
});

test('task schema is a plain object schema', () => {
  const schema = taskSchema('python+serve');
  assert.equal(Object.getPrototypeOf(schema), Object.prototype);
  assert.equal(schema.type, 'object');
  assert.ok('replicas' in schema.properties);
  assert.deepEqual(JSON.parse(JSON.stringify(schema)), schema);
});

test('each call returns a fresh copy', () => {
  const first = taskSchema('python+job');
  first.properties = {};
  assert.notDeepEqual(taskSchema('python+job').properties, {});
});

test('schemas follow the level', () => {
  assert.ok('node_selector' in taskSchema('python+job', { apiLevel: 14 }).properties);
  assert.ok(!('node_selector' in taskSchema('python+job', { apiLevel: 15 }).properties));
  assert.ok('task' in runSchema('python+run', { apiLevel: 13 }).properties);
  assert.ok('source' in functionSchema('python').properties);
});

test('misuse throws TypeError', () => {
  assert.throws(() => taskSchema('python+deploy'), TypeError);
  assert.throws(() => runSchema('python+run'), TypeError);
  assert.throws(() => functionSchema('python', { apiLevel: 16 }), TypeError);
});
