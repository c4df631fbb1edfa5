// Runs examples/node-serve.mjs against a fresh development gateway, as a user would from a
// terminal, and checks the steps it prints and the digest the python function computed.

import assert from 'node:assert/strict';
import { execFile } from 'node:child_process';
import { createHash, randomUUID } from 'node:crypto';
import { join } from 'node:path';
import { after, before, test } from 'node:test';
import { promisify } from 'node:util';

import { missingPrerequisite, REPO_ROOT, startGateway } from './gateway.mjs';

const run = promisify(execFile);
const skipReason = missingPrerequisite();
let gateway;

before(async () => {
  if (!skipReason) {
    gateway = await startGateway();
  }
});

after(async () => {
  await gateway?.stop();
});

test('node example serves and invokes', async (context) => {
  if (skipReason) {
    context.skip(skipReason);
    return;
  }
  const text = `node example ${randomUUID()}`;
  let output;
  try {
    output = await run(process.execPath, [join(REPO_ROOT, 'examples', 'node-serve.mjs'), gateway.endpoint], {
      cwd: REPO_ROOT,
      env: { ...process.env, DIGITALHUB_TEXT: text },
      timeout: 150_000,
    });
  } catch (error) {
    assert.fail(`the example failed (exit ${error.code}):\n${error.stdout}\n${error.stderr}\n${gateway.output().slice(-3000)}`);
  }
  const { stdout, stderr } = output;
  console.log(stdout.trimEnd());
  assert.equal(stderr, '');

  const digest = createHash('sha256').update(text, 'utf8').digest('hex');
  assert.match(stdout, /connected to http:\/\/127\.0\.0\.1:\d+\/?: Core API level 15/);
  assert.match(stdout, /rejected before sending: \/resources\/cpu invalid-resource/);
  assert.match(stdout, /run state: RUNNING/);
  assert.match(stdout, /upstream status 200/);
  assert.ok(stdout.includes(`"sha256":"${digest}"`), `no sha256 ${digest} in the output`);
  assert.match(stdout, /matches Node's/);
  assert.match(stdout, /run stopped/);

  const runs = await (await fetch(`${gateway.endpoint}/api/v1/-/demo/runs?size=100`)).json();
  assert.equal(runs.content.length, 1, 'the rejected run must not reach the gateway');
});
