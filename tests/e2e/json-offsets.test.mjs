// Unit tests of www/json-offsets.js, which maps JSON Pointers to offsets in a JSON text.

import assert from 'node:assert/strict';
import { test } from 'node:test';

import { locateValue, pointerOffsets } from '../../www/json-offsets.js';

/** Returns the text of the value at `pointer`, as the offsets delimit it. */
function valueText(text, pointer) {
  const range = pointerOffsets(text).get(pointer);
  return range === undefined ? undefined : text.slice(range[0], range[1]);
}

test('offsets cover nested values', () => {
  const text = JSON.stringify(
    { replicas: -1, resources: { cpu: '0.5' }, volumes: [{ name: 'a"b', mount_path: '/x' }], ok: true, none: null },
    null,
    2,
  );
  assert.equal(valueText(text, '/replicas'), '-1');
  assert.equal(valueText(text, '/resources/cpu'), '"0.5"');
  assert.equal(valueText(text, '/volumes/0/name'), '"a\\"b"');
  assert.equal(valueText(text, '/volumes/0/mount_path'), '"/x"');
  assert.equal(valueText(text, '/ok'), 'true');
  assert.equal(valueText(text, '/none'), 'null');
  assert.equal(valueText(text, ''), text);
  assert.ok(valueText(text, '/volumes/0').startsWith('{'));
});

test('offsets handle compact and empty containers', () => {
  const text = '{"a":[],"b":{},"c":[1,[2,3]],"d/e":{"~":4}}';
  assert.equal(valueText(text, '/a'), '[]');
  assert.equal(valueText(text, '/b'), '{}');
  assert.equal(valueText(text, '/c/1/0'), '2');
  assert.equal(valueText(text, '/c/1'), '[2,3]');
  assert.equal(valueText(text, '/d~1e/~0'), '4');
});

test('missing value falls back to ancestor', () => {
  const text = '{ "spec": { "replicas": 1 } }';
  const offsets = pointerOffsets(text);
  const range = locateValue(offsets, '/spec/function');
  assert.equal(text.slice(range[0], range[1]), '{ "replicas": 1 }');
  assert.deepEqual(locateValue(offsets, '/other/deep'), [0, text.length]);
});
