// The demo console against gateways imitating Core 0.13 and 0.14: the console reads the level
// from the gateway, writes specs in that level's dialect (python+run and { requests } resources
// at 13) and the serve flow works.

import assert from 'node:assert/strict';
import { createHash } from 'node:crypto';
import { existsSync } from 'node:fs';
import { after, before, test } from 'node:test';

import { chromium } from 'playwright-core';

import { missingPrerequisite, startGateway } from './gateway.mjs';

const CHROMIUM = process.env.CHROMIUM_PATH ?? '/usr/bin/chromium';
const skipReason =
  missingPrerequisite() ?? (existsSync(CHROMIUM) ? null : `no Chromium at ${CHROMIUM}; run scripts/setup.sh`);

let browser;

before(async () => {
  if (!skipReason) {
    browser = await chromium.launch({ executablePath: CHROMIUM, args: ['--no-sandbox', '--disable-gpu', '--disable-dev-shm-usage'] });
  }
});

after(async () => {
  await browser?.close();
});

const CASES = [
  { level: 13, runKind: 'python+run', cpu: { requests: '1' } },
  { level: 14, runKind: 'python+serve:run', cpu: '1' },
];

for (const { level, runKind, cpu } of CASES) {
  test(`serve flow at level ${level}`, async (context) => {
    if (skipReason) {
      context.skip(skipReason);
      return;
    }
    const gateway = await startGateway(['--api-level', String(level)]);
    const page = await browser.newPage({ viewport: { width: 1200, height: 900 } });
    try {
      await page.goto(`${gateway.endpoint}/`);
      await page.waitForFunction(() => document.body.dataset.ready === 'true', null, { timeout: 20_000 });
      assert.match(await page.getByTestId('level-note').textContent(), new RegExp(`level ${level} \\(reported by Core`));
      assert.match(await page.getByTestId('issue-summary').textContent(), new RegExp(`^No issues: .* ${runKind.replace('+', '\\+')} spec`));
      const params = JSON.parse(await page.getByTestId('preview-run').textContent());
      assert.deepEqual(params.resources.cpu, cpu);

      await page.getByTestId('submit').click();
      await page.waitForFunction(
        () => !document.getElementById('invoke-panel').hidden || !document.getElementById('run-error').hidden,
        null,
        { timeout: 120_000 },
      );
      assert.equal(await page.getByTestId('run-error').isHidden(), true, await page.getByTestId('run-error').textContent());
      assert.equal(await page.getByTestId('run-state').textContent(), 'RUNNING');

      await page.getByTestId('invoke').click();
      await page.waitForFunction(() => window.dh.metrics.invokeCount === 1, null, { timeout: 30_000 });
      assert.match(await page.getByTestId('invoke-status').textContent(), /^200\b/);
      const body = JSON.parse(await page.getByTestId('invoke-response').textContent());
      // The invoke panel's default body is { "text": "DigitalHub", ... }.
      assert.equal(body.sha256, createHash('sha256').update('DigitalHub').digest('hex'));
    } finally {
      await page.close();
      await gateway.stop();
    }
  });
}

test('chosen level differing from Core sends nothing', async (context) => {
  if (skipReason) {
    context.skip(skipReason);
    return;
  }
  const gateway = await startGateway(['--api-level', '15']);
  const page = await browser.newPage({ viewport: { width: 1200, height: 900 } });
  try {
    await page.goto(`${gateway.endpoint}/`);
    await page.waitForFunction(() => document.body.dataset.ready === 'true', null, { timeout: 20_000 });
    await page.getByTestId('api-level').selectOption('13');
    await page.getByTestId('submit').click();
    await page.waitForFunction(() => !document.getElementById('run-error').hidden, null, { timeout: 30_000 });

    const message = await page.getByTestId('run-error').textContent();
    assert.match(message, /^Not sent: the specs are checked for API level 13, but Core reports level 15/);
    const project = await fetch(`${gateway.endpoint}/api/v1/projects/demo`);
    assert.equal(project.status, 404, 'the console created the project before checking the level');
  } finally {
    await page.close();
    await gateway.stop();
  }
});
