// Unit tests of the console's mapping from an issue's JSON Pointer to a form field
// (www/issues.js). The functions tested here use no DOM, so they run in plain Node.

import assert from 'node:assert/strict';
import { test } from 'node:test';

import { ancestorPointers, issuesTestId, locate, pointerTokens } from '../../www/issues.js';

test('pointer tokens are unescaped', () => {
  assert.deepEqual(pointerTokens(''), []);
  assert.deepEqual(pointerTokens('/volumes/0/name'), ['volumes', '0', 'name']);
  assert.deepEqual(pointerTokens('/spec/a~1b/c~0d'), ['spec', 'a/b', 'c~d']);
});

test('ancestors run from longest to root', () => {
  assert.deepEqual(ancestorPointers('/volumes/0/spec/size'), [
    '/volumes/0/spec/size',
    '/volumes/0/spec',
    '/volumes/0',
    '/volumes',
    '',
  ]);
  assert.deepEqual(ancestorPointers(''), ['']);
  assert.deepEqual(ancestorPointers('/a~1b/c'), ['/a~1b/c', '/a~1b', '']);
});

test('issue goes to the nearest field', () => {
  const cpu = { name: 'cpu' };
  const volumes = { name: 'volumes' };
  const volumeName = { name: 'volume 0 name' };
  const index = new Map([
    ['run:/resources/cpu', cpu],
    ['run:/volumes', volumes],
    ['run:/volumes/0/name', volumeName],
  ]);

  const exact = locate(index, { scope: 'run', path: '/resources/cpu' });
  assert.equal(exact.field, cpu);
  assert.equal(exact.pointer, '/resources/cpu');

  const nested = locate(index, { scope: 'run', path: '/resources/cpu/requests' });
  assert.equal(nested.field, cpu);
  assert.equal(nested.pointer, '/resources/cpu');

  assert.equal(locate(index, { scope: 'run', path: '/volumes/0/name' }).field, volumeName);
  assert.equal(locate(index, { scope: 'run', path: '/volumes/3/mount_path' }).field, volumes);
});

test('issue without a field is unplaced', () => {
  const index = new Map([['run:/replicas', {}]]);
  assert.equal(locate(index, { scope: 'run', path: '/local_execution' }), null);
  assert.equal(locate(index, { scope: 'run', path: '' }), null);
  assert.equal(locate(index, { scope: 'function', path: '/replicas' }), null);
});

test('issue list test ids are stable', () => {
  assert.equal(issuesTestId('run:/volumes/0/mount_path'), 'issues-run-volumes-0-mount-path');
  assert.equal(issuesTestId('function:/python_version'), 'issues-function-python-version');
});
