// Errors thrown by the WebAssembly module are instances of the classes the package exports.
import assert from 'node:assert/strict';
import { before, test } from 'node:test';

import * as fromErrors from 'digitalhub-tasks/errors';
import {
  AbortError,
  AuthError,
  DigitalHubError,
  HttpError,
  NetworkError,
  RunFailedError,
  TimeoutError,
  ValidationError,
  assertValidFunction,
  assertValidTask,
  init,
} from 'digitalhub-tasks';

before(async () => {
  await init();
});

test('wasm ValidationError is instanceof the exported class', () => {
  let thrown;
  try {
    assertValidTask('python+serve', undefined);
  } catch (error) {
    thrown = error;
  }
  assert.ok(thrown instanceof ValidationError, `got ${thrown}`);
  assert.ok(thrown instanceof fromErrors.ValidationError);
  assert.ok(thrown instanceof DigitalHubError);
  assert.ok(thrown instanceof Error);
  assert.equal(thrown.name, 'ValidationError');
  assert.equal(thrown.code, 'ERR_VALIDATION');
  assert.equal(thrown.issues.length, 1);
  assert.equal(thrown.issues[0].code, 'not-json');
  assert.match(thrown.message, /invalid task spec/);
  assert.equal(typeof thrown.stack, 'string');
  assert.ok(thrown.stack.length > 0);
});

test('assertValid misuse still throws TypeError', () => {
  assert.throws(() => assertValidFunction('java', {}), TypeError);
});

test('errors subpath exports the same classes', () => {
  assert.equal(fromErrors.ValidationError, ValidationError);
  assert.equal(fromErrors.HttpError, HttpError);
  assert.equal(fromErrors.AuthError, AuthError);
});

test('each class has its name and code', () => {
  const cases = [
    [new ValidationError('m', []), 'ValidationError', 'ERR_VALIDATION'],
    [new HttpError('m', 500, null), 'HttpError', 'ERR_HTTP'],
    [new AuthError('m', 401, null), 'AuthError', 'ERR_UNAUTHENTICATED'],
    [new AuthError('m', 403, null), 'AuthError', 'ERR_FORBIDDEN'],
    [new TimeoutError('m', 1000), 'TimeoutError', 'ERR_TIMEOUT'],
    [new AbortError('m', 'stop'), 'AbortError', 'ERR_ABORTED'],
    [new RunFailedError('m', {}, 'ERROR', 'crashed'), 'RunFailedError', 'ERR_RUN_FAILED'],
    [new NetworkError('m'), 'NetworkError', 'ERR_NETWORK'],
  ];
  for (const [error, name, code] of cases) {
    assert.ok(error instanceof DigitalHubError, name);
    assert.equal(error.name, name);
    assert.equal(error.code, code);
    assert.equal(error.message, 'm');
  }
});

test('AuthError is an HttpError with its status', () => {
  const error = new AuthError('no token', 401, 'E1');
  assert.ok(error instanceof HttpError);
  assert.equal(error.status, 401);
  assert.equal(error.errorCode, 'E1');
});

test('fields and cause are kept', () => {
  const cause = new Error('socket closed');
  const network = new NetworkError('fetch failed', { cause });
  assert.equal(network.cause, cause);
  const failed = new RunFailedError('run failed', { id: 'r1' }, 'ERROR', null);
  assert.deepEqual(failed.run, { id: 'r1' });
  assert.equal(failed.state, 'ERROR');
  assert.equal(failed.statusMessage, null);
  const timeout = new TimeoutError('too slow', 300000);
  assert.equal(timeout.timeoutMs, 300000);
});

test('toJSON lists name, code, message and fields', () => {
  const json = JSON.parse(JSON.stringify(new HttpError('bad request', 400, null)));
  assert.deepEqual(json, {
    name: 'HttpError',
    code: 'ERR_HTTP',
    message: 'bad request',
    status: 400,
    errorCode: null,
  });
});

test('RunFailedError JSON leaves out the run spec', () => {
  const run = {
    id: 'r1',
    kind: 'python+serve:run',
    spec: { envs: [{ name: 'API_KEY', value: 'env-secret-value' }] },
    status: { state: 'ERROR', message: 'pod failed' },
  };
  const error = new RunFailedError('run r1 ended in state ERROR', run, 'ERROR', 'pod failed');
  const text = JSON.stringify(error);
  assert.ok(!text.includes('env-secret-value'), text);
  assert.deepEqual(JSON.parse(text).run, {
    id: 'r1',
    kind: 'python+serve:run',
    status: { state: 'ERROR', message: 'pod failed' },
  });
  assert.equal(error.run, run);
});
