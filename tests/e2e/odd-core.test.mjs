// The client in Node against a fake Core that misbehaves: hanging polls, runs that flap or
// vanish, odd X-Proxy-Status values, echoed tokens, stale tokens and aborts with a string
// reason. Each case once broke the client or is a contract of run.wait and run.invoke.

import assert from 'node:assert/strict';
import { existsSync } from 'node:fs';
import http from 'node:http';
import { join } from 'node:path';
import { after, before, test } from 'node:test';
import { pathToFileURL } from 'node:url';

import { REPO_ROOT } from './gateway.mjs';

const WASM = join(REPO_ROOT, 'pkg', 'digitalhub_tasks_bg.wasm');
const skipReason = existsSync(WASM) ? null : "pkg/ is not built; run 'npm run build'";

const FRESH_TOKEN = 'fresh-token-4f1d2c';

let library;
let server;
let endpoint;
const requests = [];
const polls = new Map();

/** Serves GET …/runs/{id} and POST …/runs/{id}/proxy, choosing the behaviour by the run id's prefix. */
function handle(request, response) {
  const url = new URL(request.url, 'http://fake');
  requests.push({ method: request.method, path: url.pathname, time: Date.now() });
  const send = (status, body, headers = {}) => {
    const text = typeof body === 'string' ? body : JSON.stringify(body);
    response.writeHead(status, { 'content-type': 'application/json', ...headers });
    response.end(text);
  };
  const match = url.pathname.match(/^\/api\/v1\/-\/([a-z0-9-]+)\/runs\/([^/]+)(\/proxy)?$/);
  if (!match) {
    send(404, { status: 404, message: 'No such route.' });
    return;
  }
  const [, project, id, proxy] = match;
  const count = (polls.get(id) ?? 0) + 1;
  polls.set(id, count);
  const run = (state, status = {}) => ({
    id,
    kind: 'python+serve:run',
    project,
    spec: {},
    status: { state, ...status },
  });
  const serving = { service: { url: '127.0.0.1:1' } };
  const authorization = request.headers.authorization ?? '';

  if (proxy) {
    const headers = { 'x-proxy-content-type': 'text/plain' };
    if (id.startsWith('teapot')) {
      headers['x-proxy-status'] = "418 I'M_A_TEAPOT";
    } else if (id.startsWith('garbled')) {
      headers['x-proxy-status'] = 'abc';
    }
    if (id.startsWith('slow')) {
      setTimeout(() => send(200, 'late', headers), 3000);
      return;
    }
    send(200, 'served', headers);
    return;
  }
  if (id.startsWith('auth') && authorization !== `Bearer ${FRESH_TOKEN}`) {
    // Echo the bare credential, as a careless server might.
    const echoed = authorization.replace(/^Bearer /, '');
    send(401, { status: 401, message: `token ${echoed} is expired`, errorCode: 'E_EXPIRED' });
    return;
  }
  if (id.startsWith('hang') && count > 1) {
    return;
  }
  if (id.startsWith('flap')) {
    send(200, run(count % 2 ? 'PENDING' : 'RUNNING'));
    return;
  }
  if (id.startsWith('vanish') && count > 2) {
    send(404, { status: 404, message: 'No such run.' });
    return;
  }
  if (id.startsWith('pending') || id.startsWith('hang') || id.startsWith('vanish')) {
    send(200, run('PENDING'));
    return;
  }
  send(200, run('RUNNING', serving));
}

before(async () => {
  if (skipReason) {
    return;
  }
  library = await import(pathToFileURL(join(REPO_ROOT, 'js', 'index.js')).href);
  await library.init();
  server = http.createServer(handle);
  await new Promise((resolve) => server.listen(0, '127.0.0.1', resolve));
  endpoint = `http://127.0.0.1:${server.address().port}`;
});

after(() => {
  server?.closeAllConnections();
  server?.close();
});

function client(options = {}) {
  return new library.Client({ endpoint, project: 'demo', apiLevel: 15, ...options });
}

test('wait deadline holds when a poll hangs', { skip: skipReason ?? false }, async () => {
  const run = await client().getRun('hang-1');
  const started = Date.now();
  await assert.rejects(run.wait({ timeoutMs: 1500 }), { name: 'TimeoutError', timeoutMs: 1500 });
  const elapsed = Date.now() - started;
  assert.ok(elapsed >= 1500, `gave up early, after ${elapsed} ms`);
  assert.ok(elapsed < 2500, `overran the deadline: ${elapsed} ms`);
});

test('wait pauses start near 250 ms and grow', { skip: skipReason ?? false }, async () => {
  const run = await client().getRun('pending-1');
  const started = Date.now();
  await assert.rejects(run.wait({ timeoutMs: 2500 }), { name: 'TimeoutError' });
  const times = requests
    .filter((entry) => entry.path.endsWith('/runs/pending-1') && entry.time >= started)
    .map((entry) => entry.time);
  const gaps = times.slice(1).map((time, index) => time - times[index]);
  // 250 ms ±20 %, then 425 ms ±20 %, with a little slack for the event loop.
  assert.ok(gaps[0] >= 195, `first pause ${gaps[0]} ms`);
  assert.ok(gaps[0] <= 360, `first pause ${gaps[0]} ms`);
  assert.ok(gaps[1] >= 335, `second pause ${gaps[1]} ms`);
  assert.ok(gaps[1] <= 560, `second pause ${gaps[1]} ms`);
});

test('onState reports each flap once', { skip: skipReason ?? false }, async () => {
  const run = await client().getRun('flap-1');
  const states = [];
  await assert.rejects(
    run.wait({ timeoutMs: 1500, onState: (state) => states.push(state) }),
    { name: 'TimeoutError' },
  );
  // Every poll of the wait flips the state; the last one may be cut by the deadline.
  const polled = polls.get('flap-1') - 1;
  assert.ok(states.length >= polled - 1, `${states} over ${polled} polls`);
  assert.ok(states.length <= polled, `${states} over ${polled} polls`);
  for (let index = 1; index < states.length; index += 1) {
    assert.notEqual(states[index], states[index - 1], String(states));
  }
});

test('vanished run is RunFailedError DELETED', { skip: skipReason ?? false }, async () => {
  const run = await client().getRun('vanish-1');
  await assert.rejects(run.wait({ timeoutMs: 10_000 }), {
    name: 'RunFailedError',
    state: 'DELETED',
  });
});

test('abort with a string reason mid-request', { skip: skipReason ?? false }, async () => {
  const run = await client().getRun('slow-1');
  const controller = new AbortController();
  setTimeout(() => controller.abort('user left'), 200);
  await assert.rejects(run.invoke({ signal: controller.signal }), {
    name: 'AbortError',
    reason: 'user left',
  });
  // The module survived: another call works.
  const served = await (await client().getRun('ok-1')).invoke();
  assert.equal(served.text(), 'served');
});

test('X-Proxy-Status odd values', { skip: skipReason ?? false }, async () => {
  const teapot = await (await client().getRun('teapot-1')).invoke();
  assert.equal(teapot.status, 418);
  assert.equal(teapot.statusText, "I'M_A_TEAPOT");
  assert.equal(teapot.ok, false);
  // An unreadable status keeps the proxy's own 200.
  const garbled = await (await client().getRun('garbled-1')).invoke();
  assert.equal(garbled.status, 200);
  assert.equal(garbled.headers['content-type'], 'text/plain');
});

test('echoed bare token is redacted', { skip: skipReason ?? false }, async () => {
  const secret = 'stale-secret-81c3';
  for (const token of [secret, `Bearer ${secret}`]) {
    const error = await client({ token })
      .getRun('auth-1')
      .catch((caught) => caught);
    assert.equal(error.name, 'AuthError');
    assert.equal(error.errorCode, 'E_EXPIRED');
    for (const text of [error.message, error.stack, String(error), JSON.stringify(error)]) {
      assert.ok(!text.includes(secret), text);
    }
  }
});

test('token provider refreshes after 401', { skip: skipReason ?? false }, async () => {
  const tokens = ['stale-token-1', FRESH_TOKEN];
  let calls = 0;
  const tokenProvider = async () => tokens[Math.min(calls++, 1)];
  const run = await client({ tokenProvider }).getRun('auth-2');
  assert.equal(run.id, 'auth-2');
  assert.equal(calls, 2);
});
