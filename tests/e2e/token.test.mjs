// The demo console against a gateway that requires a bearer token: without the token the
// console shows the AuthError that the client raises, and with it the serve flow works.

import assert from 'node:assert/strict';
import { createHash, randomBytes } from 'node:crypto';
import { existsSync } from 'node:fs';
import { after, before, test } from 'node:test';

import { chromium } from 'playwright-core';

import { missingPrerequisite, startGateway } from './gateway.mjs';

const CHROMIUM = process.env.CHROMIUM_PATH ?? '/usr/bin/chromium';
const TOKEN = `e2e-${randomBytes(12).toString('hex')}`;
const skipReason =
  missingPrerequisite() ?? (existsSync(CHROMIUM) ? null : `no Chromium at ${CHROMIUM}; run scripts/setup.sh`);

let gateway;
let browser;

before(async () => {
  if (skipReason) {
    return;
  }
  gateway = await startGateway(['--token', TOKEN]);
  browser = await chromium.launch({ executablePath: CHROMIUM, args: ['--no-sandbox', '--disable-gpu', '--disable-dev-shm-usage'] });
});

after(async () => {
  await browser?.close();
  await gateway?.stop();
});

test('console needs and sends the token', async (context) => {
  if (skipReason) {
    context.skip(skipReason);
    return;
  }
  const page = await browser.newPage({ viewport: { width: 1200, height: 900 } });
  await page.goto(`${gateway.endpoint}/`);
  await page.waitForFunction(() => document.body.dataset.ready === 'true', null, { timeout: 20_000 });

  await page.getByTestId('submit').click();
  await page.getByTestId('run-error').waitFor({ state: 'visible', timeout: 30_000 });
  const errorText = await page.getByTestId('run-error').textContent();
  assert.match(errorText, /^AuthError 40[13] \(ERR_(UNAUTHENTICATED|FORBIDDEN)\) during project/);
  assert.ok(!errorText.includes(TOKEN));

  await page.getByTestId('token').fill(TOKEN);
  await page.getByTestId('token').press('Tab');
  await page.getByTestId('submit').click();
  await page.locator('#invoke-panel').waitFor({ state: 'visible', timeout: 120_000 });
  assert.equal(await page.getByTestId('run-state').textContent(), 'RUNNING');

  await page.getByTestId('invoke').click();
  await page.waitForFunction(() => window.dh.metrics.invokeCount === 1, null, { timeout: 30_000 });
  assert.match(await page.getByTestId('invoke-status').textContent(), /^200\b/);
  const body = JSON.parse(await page.getByTestId('invoke-response').textContent());
  // The invoke panel's default body is { "text": "DigitalHub", ... }.
  assert.equal(body.sha256, createHash('sha256').update('DigitalHub').digest('hex'));
  assert.ok(!(await page.content()).includes(`>${TOKEN}<`), 'the token is shown in the page');

  await page.getByTestId('stop').click();
  await page.close();
});
