// Serves a python function on DigitalHub from Node and calls it, printing each step.
//
// Usage: node examples/node-serve.mjs [ENDPOINT]
//   ENDPOINT  Core or the development gateway, such as http://127.0.0.1:8090; defaults to
//             $DIGITALHUB_ENDPOINT, then http://127.0.0.1:8090.
// Environment: DIGITALHUB_PROJECT (default "demo"), DIGITALHUB_TOKEN (optional bearer token),
//   DIGITALHUB_TEXT (the text to send; a fixed sentence by default).
//
// Start a gateway first with `npm start`. Inside this repository the import below resolves to
// the package itself; elsewhere install it with `npm install digitalhub-tasks`.

import { createHash } from 'node:crypto';
import { readFile } from 'node:fs/promises';

import { Client, init, ValidationError } from 'digitalhub-tasks';

const endpoint = process.argv[2] ?? process.env.DIGITALHUB_ENDPOINT ?? 'http://127.0.0.1:8090';
const project = process.env.DIGITALHUB_PROJECT ?? 'demo';
const text = process.env.DIGITALHUB_TEXT ?? 'Hello from Node';

const started = performance.now();
function step(message) {
  const elapsed = Math.round(performance.now() - started);
  console.log(`[+${String(elapsed).padStart(5)} ms] ${message}`);
}

async function main() {
  await init();
  step('WebAssembly module loaded');

  const client = new Client({ endpoint, project, token: process.env.DIGITALHUB_TOKEN });
  const configuration = await client.configuration();
  step(`connected to ${client.endpoint}: Core API level ${client.apiLevel} (${configuration.dhcore_name ?? 'unnamed'})`);

  await client.ensureProject();
  step(`project "${client.project}" is ready`);

  const code = await readFile(new URL('../www/examples/serve_digest.py', import.meta.url), 'utf8');
  const fn = await client.createFunction({
    name: 'digest',
    code,
    handler: 'handler',
    pythonVersion: 'PYTHON3_10',
  });
  step(`function created: ${fn.key ?? fn.id}`);

  // client.run() validates the run spec first; a mistake such as cpu "0.5" rejects here with
  // a ValidationError that lists each issue, and nothing is sent.
  try {
    await client.run(fn, 'serve', { replicas: 1, resources: { cpu: '0.5' } });
  } catch (error) {
    if (!(error instanceof ValidationError)) {
      throw error;
    }
    for (const issue of error.issues) {
      step(`rejected before sending: ${issue.path} ${issue.code}: ${issue.message}`);
    }
  }

  const run = await client.run(fn, 'serve', {
    replicas: 1,
    resources: { cpu: '500m', mem: '256Mi' },
    envs: [{ name: 'GREETING', value: 'hello' }],
  });
  step(`run created: ${run.id} in state ${run.state}`);

  await run.wait({
    until: 'ready',
    timeoutMs: 120_000,
    onState: (state) => step(`run state: ${state}`),
  });
  step(`ready to invoke: service at ${run.serviceUrl}`);

  const request = { text, numbers: [3, 4, 12] };
  const invokeStarted = performance.now();
  const response = await run.invoke({ json: request });
  const roundTrip = Math.round(performance.now() - invokeStarted);
  step(`invoked in ${roundTrip} ms: upstream status ${response.status}, content-type ${response.headers['content-type']}`);

  const result = await response.json();
  step(`response: ${JSON.stringify(result)}`);
  const expected = createHash('sha256').update(text, 'utf8').digest('hex');
  step(`sha256 computed by python ${result.python} ${result.sha256 === expected ? 'matches' : 'DOES NOT MATCH'} Node's`);

  const logs = await run.logs();
  step(`logs: ${logs.length} entr${logs.length === 1 ? 'y' : 'ies'}`);

  await run.stop();
  step('run stopped');

  if (result.sha256 !== expected) {
    process.exitCode = 1;
  }
}

main().catch((error) => {
  const detail = error.issues ? ` ${JSON.stringify(error.issues)}` : '';
  console.error(`failed: ${error.name} (${error.code ?? 'no code'}): ${error.message}${detail}`);
  process.exitCode = 1;
});
