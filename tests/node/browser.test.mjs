// The installed package in headless Chromium: init() with no argument fetches the .wasm next to
// the module, and wasm-thrown errors are instanceof the exported classes.
import assert from 'node:assert/strict';
import { existsSync } from 'node:fs';
import { readFile } from 'node:fs/promises';
import { createServer } from 'node:http';
import { createRequire } from 'node:module';
import { dirname, extname, join, normalize } from 'node:path';
import { after, before, test } from 'node:test';
import { fileURLToPath } from 'node:url';

const CHROMIUM = process.env.CHROMIUM_PATH ?? '/usr/bin/chromium';
const REPO_ROOT = process.env.REPO_ROOT;
const packageRoot = dirname(dirname(fileURLToPath(import.meta.resolve('digitalhub-tasks'))));

const CONTENT_TYPES = {
  '.html': 'text/html',
  '.js': 'text/javascript',
  '.wasm': 'application/wasm',
};

const PAGE = `<!doctype html>
<script type="module">
  import { init, validateTask, assertValidTask, ValidationError } from './js/index.js';
  try {
    const exports = await init();
    const again = await init();
    const result = validateTask('python+serve', undefined);
    let instance = false;
    try {
      assertValidTask('python+serve', 10n);
    } catch (error) {
      instance = error instanceof ValidationError && error.code === 'ERR_VALIDATION';
    }
    window.outcome = { same: exports === again, code: result.issues[0].code, instance };
  } catch (error) {
    window.outcome = { failure: String(error && error.stack || error) };
  }
</script>`;

let server;
let origin;

before(async () => {
  server = createServer(async (request, response) => {
    const path = new URL(request.url, 'http://127.0.0.1').pathname;
    if (path === '/') {
      response.writeHead(200, { 'content-type': 'text/html' });
      response.end(PAGE);
      return;
    }
    const file = normalize(join(packageRoot, path));
    if (!file.startsWith(packageRoot)) {
      response.writeHead(403).end();
      return;
    }
    try {
      const body = await readFile(file);
      const type = CONTENT_TYPES[extname(file)] ?? 'application/octet-stream';
      response.writeHead(200, { 'content-type': type });
      response.end(body);
    } catch {
      response.writeHead(404).end();
    }
  });
  await new Promise((resolve) => server.listen(0, '127.0.0.1', resolve));
  origin = `http://127.0.0.1:${server.address().port}`;
});

after(() => {
  server?.close();
});

test('package works in headless Chromium', async (context) => {
  if (!existsSync(CHROMIUM) || !REPO_ROOT) {
    context.skip(`no Chromium at ${CHROMIUM} or REPO_ROOT unset; run scripts/setup.sh`);
    return;
  }
  const require = createRequire(join(REPO_ROOT, 'package.json'));
  const { chromium } = require('playwright-core');
  const browser = await chromium.launch({ executablePath: CHROMIUM, args: ['--no-sandbox'] });
  try {
    const page = await browser.newPage();
    const consoleErrors = [];
    page.on('pageerror', (error) => consoleErrors.push(String(error)));
    await page.goto(`${origin}/`);
    await page.waitForFunction(() => window.outcome !== undefined, null, { timeout: 15000 });
    const outcome = await page.evaluate(() => window.outcome);
    assert.equal(outcome.failure, undefined, outcome.failure);
    assert.deepEqual(outcome, { same: true, code: 'not-json', instance: true });
    assert.deepEqual(consoleErrors, []);
  } finally {
    await browser.close();
  }
});
