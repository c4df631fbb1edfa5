// End-to-end test of the demo console: headless Chromium drives www/index.html served by the
// real development gateway, which runs the example python functions. Each flow shows a field
// error, fixes it, submits, and checks output that only the python function computed.
//
// Needs the release gateway (cargo build --release -p digitalhub-gateway), pkg/ (npm run
// build), Chromium (CHROMIUM_PATH, default /usr/bin/chromium) and playwright-core. Screenshots
// and timings go to tests/e2e/output/.

import assert from 'node:assert/strict';
import { execFileSync } from 'node:child_process';
import { createHash, randomUUID } from 'node:crypto';
import { existsSync, mkdirSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { after, before, test } from 'node:test';

import { chromium } from 'playwright-core';

import { missingPrerequisite, REPO_ROOT, startGateway } from './gateway.mjs';

const CHROMIUM = process.env.CHROMIUM_PATH ?? '/usr/bin/chromium';
const OUTPUT = join(REPO_ROOT, 'tests', 'e2e', 'output');

// The flags that worked for Debian's Chromium as root on a headless machine.
const CHROMIUM_ARGS = [
  '--no-sandbox',
  '--disable-gpu',
  '--disable-dev-shm-usage',
  '--disable-background-networking',
  '--disable-component-update',
  '--disable-sync',
  '--disable-quic',
  '--no-first-run',
];

/** Maximum time for a run to become ready or finish; a cold python start takes seconds. */
const RUN_TIMEOUT_MS = 120_000;

/** How many times the serve flow invokes the function, for the round-trip figures. */
const INVOKE_COUNT = 5;

const skipReason =
  missingPrerequisite() ?? (existsSync(CHROMIUM) ? null : `no Chromium at ${CHROMIUM}; run scripts/setup.sh`);

let gateway;
let browser;
let page;
const pageErrors = [];
const timings = {};
const consoleLog = [];
const failedResponses = [];

before(async () => {
  if (skipReason) {
    return;
  }
  mkdirSync(OUTPUT, { recursive: true });
  gateway = await startGateway();
  browser = await chromium.launch({ executablePath: CHROMIUM, args: CHROMIUM_ARGS });
  page = await browser.newPage({ viewport: { width: 1200, height: 900 } });
  page.on('pageerror', (error) => pageErrors.push(String(error)));
  page.on('console', (message) => {
    consoleLog.push(`${message.type()}: ${message.text()}`);
    // Chromium logs every HTTP error response as "Failed to load resource"; those are checked
    // one by one through failedResponses instead.
    if (message.type() === 'error' && !message.text().startsWith('Failed to load resource')) {
      pageErrors.push(`console: ${message.text()}`);
    }
  });
  page.on('response', (response) => {
    if (response.status() >= 400) {
      const path = new URL(response.url()).pathname;
      failedResponses.push(`${response.status()} ${response.request().method()} ${path}`);
    }
  });
});

after(async () => {
  await browser?.close();
  const stopped = await gateway?.stop();
  if (Object.keys(timings).length > 0) {
    writeFileSync(join(OUTPUT, 'timings.json'), JSON.stringify(timings, null, 2) + '\n');
    console.log(`e2e timings (ms): ${JSON.stringify(timings)}`);
  }
  if (stopped && stopped.code !== 0 && stopped.signal === null) {
    console.log(`gateway exited with code ${stopped.code}:\n${gateway.output()}`);
  }
});

function skipIfUnavailable(context) {
  if (skipReason) {
    context.skip(skipReason);
    return true;
  }
  return false;
}

/** Returns the codes of the issues shown in the issue list with `testId`. */
async function issueCodes(testId) {
  return page.getByTestId(testId).locator('li').evaluateAll((items) => items.map((item) => item.dataset.code));
}

/** Fills a field. The page validates inside its input handler, so issues show when this returns. */
async function fill(testId, value) {
  await page.getByTestId(testId).fill(value);
}

async function errorCount() {
  return Number(await page.getByTestId('issue-summary').getAttribute('data-errors'));
}

/** Describes the page's run panel and the gateway's last output, for failure messages. */
async function pageReport() {
  const timeline = await page.getByTestId('timeline').innerText().catch((error) => String(error));
  const runError = await page.getByTestId('run-error').innerText().catch((error) => String(error));
  return `timeline:\n${timeline}\nrun error: ${runError}\nconsole:\n${consoleLog.slice(-20).join("\n")}\ngateway output:\n${gateway.output().slice(-3000)}`;
}

/** Waits for `locator` to become visible, failing with the page's run panel on timeout. */
async function waitVisible(locator, timeout) {
  try {
    await locator.waitFor({ state: 'visible', timeout });
  } catch (error) {
    assert.fail(`${error.message}\n${await pageReport()}`);
  }
}

/**
 * Waits until `predicate` returns true in the page. Fails at once with the page's error
 * message when a step of the run fails.
 */
async function waitForOutcome(predicate, description) {
  let handle;
  try {
    handle = await page.waitForFunction(
    (source) => {
      const error = document.querySelector('[data-testid="run-error"]');
      if (error && !error.hidden) {
        return { failed: error.textContent };
      }
      // eslint-disable-next-line no-new-func
      return new Function(`return (${source})();`)() ? { ok: true } : false;
    },
    predicate.toString(),
    { timeout: RUN_TIMEOUT_MS, polling: 50 },
    );
  } catch (error) {
    assert.fail(`${description}: ${error.message}\n${await pageReport()}`);
  }
  const outcome = await handle.jsonValue();
  assert.equal(outcome.failed, undefined, `${description} failed in the page:\n${await pageReport()}`);
}

// Lists the project's entities of one type straight from the gateway; none while the project
// itself does not exist yet.
async function entitiesOnGateway(type) {
  const project = await fetch(`${gateway.endpoint}/api/v1/projects/demo`);
  if (project.status === 404) {
    return [];
  }
  const response = await fetch(`${gateway.endpoint}/api/v1/-/demo/${type}?size=100`);
  assert.equal(response.status, 200);
  return (await response.json()).content;
}

async function runsOnGateway() {
  return entitiesOnGateway('runs');
}

function median(values) {
  const sorted = [...values].sort((a, b) => a - b);
  return sorted[Math.floor(sorted.length / 2)];
}

test('console loads with the library on window.dh', async (context) => {
  if (skipIfUnavailable(context)) {
    return;
  }
  await page.goto(`${gateway.endpoint}/`);
  await page.waitForFunction(() => document.body.dataset.ready === 'true', null, { timeout: 20_000 });

  const exposed = await page.evaluate(() => ({
    validateTask: typeof window.dh.validateTask,
    clientIsClient: window.dh.client instanceof window.dh.Client,
    level: window.dh.client.apiLevel,
  }));
  assert.equal(exposed.validateTask, 'function');
  assert.equal(exposed.clientIsClient, true);
  assert.equal(exposed.level, 15);
  assert.match(await page.getByTestId('level-note').textContent(), /level 15 \(reported by Core/);
  assert.equal(await page.getByTestId('fn-handler').inputValue(), 'handler');
  assert.equal(await errorCount(), 0);

  const unlabelled = await page.evaluate(() =>
    Array.from(document.querySelectorAll('input, select, textarea, button'))
      .filter((control) => control.labels?.length === 0 || control.tagName === 'BUTTON')
      .filter((control) => !control.getAttribute('aria-label') && control.textContent.trim() === '')
      .map((control) => control.id || control.outerHTML.slice(0, 80)),
  );
  assert.deepEqual(unlabelled, []);
});

test('level picker changes the rules', async (context) => {
  if (skipIfUnavailable(context)) {
    return;
  }
  await page.getByTestId('fn-python').selectOption('PYTHON3_13');
  assert.deepEqual(await issueCodes('issues-function-python-version'), []);

  await page.getByTestId('api-level').selectOption('14');
  assert.deepEqual(await issueCodes('issues-function-python-version'), ['invalid-enum']);
  assert.match(await page.getByTestId('issue-summary').textContent(), /at level 14/);

  // Level 13 has one run kind for every action, and resources as { requests, limits }.
  await page.getByTestId('fn-python').selectOption('PYTHON3_10');
  await page.getByTestId('api-level').selectOption('13');
  assert.match(await page.getByTestId('issue-summary').textContent(), /^No issues: .* python\+run spec are valid at level 13/);
  const params = JSON.parse(await page.getByTestId('preview-run').textContent());
  assert.deepEqual(params.resources, { cpu: { requests: '1' }, mem: { requests: '256Mi' } });

  await page.getByTestId('api-level').selectOption('auto');
  await page.waitForFunction(() =>
    document.querySelector('[data-testid="level-note"]').textContent.includes('level 15 (reported by Core'),
  );
  assert.equal(await errorCount(), 0);
});

test('serve flow shows field errors, runs and invokes', async (context) => {
  if (skipIfUnavailable(context)) {
    return;
  }
  await page.getByTestId('action-serve').check();

  await fill('res-cpu', '0.5');
  await fill('replicas', '-1');
  await fill('volumes-0-name', 'Bad_Name');
  assert.deepEqual(await issueCodes('issues-run-resources-cpu'), ['invalid-resource']);
  assert.deepEqual(await issueCodes('issues-run-replicas'), ['below-minimum']);
  assert.deepEqual(await issueCodes('issues-run-volumes-0-name'), ['invalid-volume-name']);
  assert.equal(await page.getByTestId('res-cpu').getAttribute('aria-invalid'), 'true');
  assert.equal(await errorCount(), 3);
  await page.screenshot({ path: join(OUTPUT, 'validation.png'), fullPage: true });

  // Submitting anyway: the client rejects the run spec before sending it.
  await page.getByTestId('submit').click();
  await waitVisible(page.getByTestId('run-error'), 30_000);
  assert.match(await page.getByTestId('run-error').textContent(), /^Not sent: the library found 3 error\(s\) at level 15/);
  assert.deepEqual(await issueCodes('issues-run-resources-cpu'), ['invalid-resource']);
  assert.equal((await runsOnGateway()).length, 0, 'an invalid run reached the gateway');
  assert.equal((await entitiesOnGateway('functions')).length, 0, 'a function was created for an invalid run');

  await fill('res-cpu', '500m');
  await fill('replicas', '1');
  await fill('volumes-0-name', 'scratch');
  assert.deepEqual(await issueCodes('issues-run-resources-cpu'), []);
  assert.deepEqual(await issueCodes('issues-run-replicas'), []);
  assert.deepEqual(await issueCodes('issues-run-volumes-0-name'), []);
  assert.equal(await errorCount(), 0);

  const submitted = Date.now();
  await page.getByTestId('submit').click();
  await waitForOutcome(() => !document.getElementById('invoke-panel').hidden, 'serve run');
  const observedReady = Date.now() - submitted;
  assert.equal(await page.getByTestId('run-state').textContent(), 'RUNNING');
  assert.equal(await page.getByTestId('timeline-state-RUNNING').count(), 1);
  const metrics = await page.evaluate(() => ({ ...window.dh.metrics }));
  assert.ok(metrics.submitToRunningMs > 0, 'no RUNNING time recorded');
  timings.serveSubmitToRunning = Math.round(metrics.submitToRunningMs);
  timings.serveSubmitToReady = Math.round(metrics.submitToReadyMs);
  timings.serveSubmitToReadyObservedByTest = observedReady;
  // The client polls with backoff (first poll after about 250 ms), so the gateway's own
  // transition times show how long starting the python server took.
  const run = await page.evaluate(() => window.dh.run.data);
  const running = (run.status.transitions ?? []).find((transition) => transition.status === 'RUNNING');
  assert.ok(running, `no RUNNING transition in ${JSON.stringify(run.status)}`);
  timings.serveGatewayCreatedToRunning = Date.parse(running.time) - Date.parse(run.metadata.created);

  const pythonVersion = execFileSync('python3', ['-c', 'import platform; print(platform.python_version())'])
    .toString()
    .trim();
  const roundTrips = [];
  for (let attempt = 0; attempt < INVOKE_COUNT; attempt += 1) {
    const text = `e2e ${randomUUID()}`;
    const numbers = Array.from({ length: 4 }, () => Math.floor(Math.random() * 1000) - 500);
    await fill('invoke-body', JSON.stringify({ text, numbers }));
    await page.getByTestId('invoke').click();
    await page.waitForFunction(
      (count) => window.dh.metrics.invokeCount === count,
      attempt + 1,
      { timeout: 30_000 },
    );
    assert.match(await page.getByTestId('invoke-status').textContent(), /^200\b/);
    const body = JSON.parse(await page.getByTestId('invoke-response').textContent());
    assert.equal(body.sha256, createHash('sha256').update(text, 'utf8').digest('hex'));
    assert.equal(body.shouted, [...text].reverse().join('').toUpperCase());
    assert.equal(body.sum_of_squares, numbers.reduce((sum, n) => sum + n * n, 0));
    assert.equal(body.python, pythonVersion);
    roundTrips.push(await page.evaluate(() => window.dh.metrics.invokeRoundTripMs));
  }
  // The example answers 400 for a body that is not a JSON object.
  await fill('invoke-body', '[1, 2]');
  await page.getByTestId('invoke').click();
  await page.waitForFunction((count) => window.dh.metrics.invokeCount === count, INVOKE_COUNT + 1, {
    timeout: 30_000,
  });
  assert.match(await page.getByTestId('invoke-status').textContent(), /^400\b/);

  const headers = await page.getByTestId('invoke-headers').locator('tr').evaluateAll((rows) =>
    Object.fromEntries(rows.map((row) => [row.cells[0].textContent.toLowerCase(), row.cells[1].textContent])),
  );
  assert.match(headers['content-type'] ?? '', /^application\/json/);
  timings.invokeRoundTripFirst = Math.round(roundTrips[0]);
  timings.invokeRoundTripMedian = Math.round(median(roundTrips));
  timings.invokeRoundTripMax = Math.round(Math.max(...roundTrips));
  await page.screenshot({ path: join(OUTPUT, 'serve.png'), fullPage: true });

  await page.getByTestId('stop').click();
  await page.waitForFunction(
    () => document.querySelector('[data-testid="run-state"]').textContent === 'STOPPED',
    null,
    { timeout: 30_000 },
  );
  assert.equal(await page.getByTestId('invoke').isDisabled(), true, 'Send stays enabled after stop');
});

test('job flow returns the python result', async (context) => {
  if (skipIfUnavailable(context)) {
    return;
  }
  await page.getByTestId('example').selectOption('job');
  await page.waitForFunction(() => document.querySelector('[data-testid="fn-handler"]').value === 'main');
  assert.equal(await page.getByTestId('action-job').isChecked(), true);

  await fill('parameters', '5');
  assert.deepEqual(await issueCodes('issues-run-parameters'), ['invalid-type']);
  await fill('parameters', '{ "numbers": [1, 2');
  assert.deepEqual(await issueCodes('issues-run-parameters'), ['invalid-json']);

  const numbers = Array.from({ length: 6 }, () => Math.round(Math.random() * 10_000) / 100);
  const label = `job-${randomUUID().slice(0, 8)}`;
  await fill('parameters', JSON.stringify({ numbers, label }));
  assert.deepEqual(await issueCodes('issues-run-parameters'), []);
  assert.equal(await errorCount(), 0);

  const submitted = Date.now();
  await page.getByTestId('submit').click();
  await waitForOutcome(() => document.querySelector('[data-testid="job-results"]').textContent !== '', 'job run');
  timings.jobSubmitToCompleted = Date.now() - submitted;
  const metrics = await page.evaluate(() => ({ ...window.dh.metrics }));
  if (metrics.submitToRunningMs !== undefined) {
    timings.jobSubmitToRunning = Math.round(metrics.submitToRunningMs);
  }
  assert.equal(await page.getByTestId('run-state').textContent(), 'COMPLETED');

  const results = JSON.parse(await page.getByTestId('job-results').textContent());
  const output = results.output_0;
  const mean = numbers.reduce((sum, n) => sum + n, 0) / numbers.length;
  const stdev = Math.sqrt(numbers.reduce((sum, n) => sum + (n - mean) ** 2, 0) / numbers.length);
  assert.equal(output.label, label);
  assert.equal(output.count, numbers.length);
  assert.ok(Math.abs(output.mean - mean) < 1e-9, `mean ${output.mean}, expected ${mean}`);
  assert.ok(Math.abs(output.stdev - stdev) < 1e-9, `stdev ${output.stdev}, expected ${stdev}`);
  assert.match(await page.getByTestId('run-logs').textContent(), new RegExp(`computing statistics of 6 values for ${label}`));
  await page.screenshot({ path: join(OUTPUT, 'job.png'), fullPage: true });
});

test('failing job shows the error and traceback', async (context) => {
  if (skipIfUnavailable(context)) {
    return;
  }
  const marker = `rejected-${randomUUID().slice(0, 8)}`;
  await page.getByTestId('example').selectOption('custom');
  await fill('fn-name', 'failing');
  await fill('fn-handler', 'main');
  await fill('fn-code', `def main(numbers):\n    raise ValueError("${marker}")\n`);
  await page.getByTestId('action-job').check();
  await fill('parameters', '{ "numbers": [1] }');
  assert.equal(await errorCount(), 0);

  await page.getByTestId('submit').click();
  await waitVisible(page.getByTestId('run-error'), RUN_TIMEOUT_MS);
  assert.match(await page.getByTestId('run-error').textContent(), /^RunFailedError/);
  assert.equal(await page.getByTestId('run-state').textContent(), 'ERROR');
  await page.waitForFunction(() => document.querySelector('[data-testid="run-logs"]').textContent !== '');
  assert.match(await page.getByTestId('run-logs').textContent(), new RegExp(`ValueError: ${marker}`));
  await page.screenshot({ path: join(OUTPUT, 'job-error.png'), fullPage: true });
});

test('cancel aborts the wait', async (context) => {
  if (skipIfUnavailable(context)) {
    return;
  }
  await fill('fn-name', 'sleeper');
  await fill('fn-code', 'import time\n\ndef main(numbers):\n    time.sleep(60)\n');
  await fill('parameters', '{ "numbers": [1] }');
  await page.getByTestId('submit').click();
  await page.getByTestId('timeline-state-READY').waitFor({ timeout: 30_000 });
  assert.equal(await page.getByTestId('cancel').isEnabled(), true);

  await page.getByTestId('cancel').click();
  await waitVisible(page.getByTestId('run-error'), 10_000);
  assert.match(await page.getByTestId('run-error').textContent(), /^AbortError \(ERR_ABORTED\) during wait/);
  assert.equal(await page.getByTestId('submit').isEnabled(), true);
  assert.equal(await page.getByTestId('cancel').isEnabled(), false);
});

test('build flow renders the instructions as RUN lines', async (context) => {
  if (skipIfUnavailable(context)) {
    return;
  }
  await page.getByTestId('action-build').check();
  await fill('volumes-0-mount_path', 'scratch');
  assert.deepEqual(await issueCodes('issues-run-volumes-0-mount-path'), ['relative-mount-path']);
  await fill('volumes-0-mount_path', '/scratch');
  assert.deepEqual(await issueCodes('issues-run-volumes-0-mount-path'), []);

  const marker = `dh-e2e-${randomUUID().slice(0, 8)}`;
  await fill('instructions', `echo ${marker}\n\npip install --no-cache-dir requests==2.32.3`);
  assert.equal(await errorCount(), 0);

  const submitted = Date.now();
  await page.getByTestId('submit').click();
  await waitForOutcome(() => document.querySelector('[data-testid="build-dockerfile"]').textContent !== '', 'build run');
  timings.buildSubmitToCompleted = Date.now() - submitted;

  const dockerfile = (await page.getByTestId('build-dockerfile').textContent()).split('\n');
  assert.match(dockerfile[0], /^FROM \S+/);
  const runLines = dockerfile.filter((line) => line.startsWith('RUN '));
  const echo = runLines.indexOf(`RUN echo ${marker}`);
  const pip = runLines.indexOf('RUN pip install --no-cache-dir requests==2.32.3');
  assert.ok(echo >= 0, `no RUN line for the echo instruction in:\n${dockerfile.join('\n')}`);
  assert.ok(pip > echo, `the pip instruction is missing or before the echo in:\n${dockerfile.join('\n')}`);
  await page.screenshot({ path: join(OUTPUT, 'build.png'), fullPage: true });
});

test('playground shows issues as the spec is typed', async (context) => {
  if (skipIfUnavailable(context)) {
    return;
  }
  await page.goto(`${gateway.endpoint}/playground.html`);
  await page.waitForFunction(() => document.body.dataset.ready === 'true', null, { timeout: 20_000 });
  await page.getByTestId('playground-kind').selectOption('task:python+serve');

  const spec = { function: 'python://demo/digest:0f4c2a1b9d8e4f7a8b6c5d4e3f2a1b0c', replicas: -1 };
  await page.getByTestId('playground-spec').fill(JSON.stringify(spec));
  const paths = await page.getByTestId('playground-issues').locator('li').evaluateAll((items) =>
    items.map((item) => item.dataset.path),
  );
  assert.deepEqual(paths, ['/replicas']);
  assert.equal(await page.getByTestId('playground-summary').getAttribute('data-valid'), 'false');

  await page.getByTestId('playground-issues').getByRole('button', { name: '/replicas' }).click();
  const selected = await page.getByTestId('playground-spec').evaluate((editor) =>
    editor.value.slice(editor.selectionStart, editor.selectionEnd),
  );
  assert.equal(selected, '-1');
  await page.screenshot({ path: join(OUTPUT, 'playground.png'), fullPage: true });

  await page.getByTestId('playground-spec').fill(JSON.stringify({ ...spec, replicas: 2 }));
  assert.equal(await page.getByTestId('playground-summary').getAttribute('data-valid'), 'true');

  await page.getByTestId('playground-spec').fill('{ "replicas": ');
  assert.match(await page.getByTestId('playground-summary').textContent(), /^Not JSON: .*line 1/);
});

test('page raised no errors', (context) => {
  if (skipIfUnavailable(context)) {
    return;
  }
  assert.deepEqual(pageErrors, []);
  // client.ensureProject() reads the project first and creates it on 404.
  const expected = new Set(['404 GET /api/v1/projects/demo']);
  assert.deepEqual(failedResponses.filter((entry) => !expected.has(entry)), []);
});
