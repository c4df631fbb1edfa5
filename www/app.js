// The demo console: edit a python function and a task, see the library's validation issues at
// each field as you type, submit through `Client`, follow the run's states, then invoke the
// service, read the job's result or the build's Dockerfile.

import * as library from './js/index.js';
import { linkDescriptions, renderIssues, scoped } from './issues.js';
import { addRow, clearRows, removeRow } from './rows.js';
import { readForm } from './spec-form.js';
import { Timeline } from './timeline.js';

const EXAMPLES = {
  serve: { file: 'examples/serve_digest.py', name: 'digest', handler: 'handler', action: 'serve' },
  job: { file: 'examples/job_stats.py', name: 'stats', handler: 'main', action: 'job' },
};

/** How long the page waits for a run to become ready or finish before giving up. */
const WAIT_TIMEOUT_MS = 180_000;

/** How long the page refreshes a stopped run while Core still reports it in STOP. */
const STOP_SETTLE_MS = 10_000;

const form = document.getElementById('console-form');
const element = (id) => document.getElementById(id);

const metrics = {};
const app = {
  client: null,
  clientIssues: [],
  level: 15,
  levelSource: 'default',
  run: null,
  abort: null,
  busy: false,
  timeline: new Timeline(element('timeline')),
};

/** The library for the developer console: every export, plus the page's client and run. */
const dh = Object.assign(Object.create(null), library, {
  client: null,
  run: null,
  metrics,
  readForm: () => readForm(form, app.level),
  validateForm: () => validateForm(),
});
window.dh = dh;

function setText(id, text) {
  element(id).textContent = text;
}

function formatMs(ms) {
  return ms === undefined ? '–' : `${Math.round(ms)} ms`;
}

// ---- client and API level ------------------------------------------------------------------

function clientOptions() {
  const levelChoice = form.elements.apiLevel.value;
  const options = {
    endpoint: form.elements.endpoint.value.trim(),
    project: form.elements.project.value.trim(),
    apiLevel: levelChoice === 'auto' ? 'auto' : Number(levelChoice),
  };
  const token = form.elements.token.value;
  if (token !== '') {
    options.token = token;
  }
  return options;
}

/** Creates a `Client` from the connection fields; throws what the constructor throws. */
function createClient() {
  if (typeof library.Client !== 'function') {
    throw new Error('this build of digitalhub-tasks has no Client export; run `npm run build`');
  }
  return new library.Client(clientOptions());
}

/** Converts the constructor's TypeError to an issue at the connection field it names. */
function clientIssue(error) {
  const path = /project/i.test(error.message) ? '/project' : '/endpoint';
  return { scope: 'client', path, code: 'invalid-option', severity: 'error', message: error.message };
}

function describeLevel() {
  const sources = {
    default: 'the default, until Core reports its level',
    chosen: 'chosen above',
    core: `reported by Core at ${app.client?.endpoint ?? 'the endpoint'}`,
  };
  setText('level-note', `Specs are checked against API level ${app.level} (${sources[app.levelSource]}).`);
}

/** Rebuilds the client after a connection field changed and, for "auto", reads Core's level. */
async function refreshClient() {
  app.clientIssues = [];
  try {
    app.client = createClient();
  } catch (error) {
    app.client = null;
    app.clientIssues = [clientIssue(error)];
  }
  dh.client = app.client;

  const choice = form.elements.apiLevel.value;
  if (choice !== 'auto') {
    app.level = Number(choice);
    app.levelSource = 'chosen';
  } else if (app.client) {
    try {
      await app.client.configuration();
      app.level = app.client.apiLevel ?? 15;
      app.levelSource = app.client.apiLevel ? 'core' : 'default';
    } catch (error) {
      app.level = 15;
      app.levelSource = 'default';
      setText('level-note', `Could not read Core's configuration (${error.name}: ${error.message}); checking against level 15.`);
      validateForm();
      return;
    }
  }
  describeLevel();
  validateForm();
}

// ---- live validation -----------------------------------------------------------------------

function libraryIssues(scope, validate) {
  try {
    return scoped(scope, validate().issues);
  } catch (error) {
    return [{ scope, path: '', code: 'validator-failed', severity: 'error', message: `${error.name}: ${error.message}` }];
  }
}

/** Validates the whole form with the library and shows each issue at its field. */
function validateForm() {
  const draft = readForm(form, app.level);
  const options = { apiLevel: app.level };
  const issues = [
    ...app.clientIssues,
    ...draft.localIssues,
    ...libraryIssues('function', () => library.validateFunction('python', draft.functionSpec, options)),
    ...libraryIssues('run', () => library.validateRun(draft.runKind, draft.runSpec, options)),
  ];

  element('fn-requirements').closest('.field').lineNumbers = draft.lineNumbers.requirements;
  element('instructions').closest('.field').lineNumbers = draft.lineNumbers.instructions;
  const counts = renderIssues(form, element('general-issues'), issues);

  const summary = element('issue-summary');
  summary.dataset.errors = String(counts.error);
  summary.dataset.warnings = String(counts.warning);
  if (counts.error === 0 && counts.warning === 0) {
    summary.textContent = `No issues: the function spec and the ${draft.runKind} spec are valid at level ${app.level}.`;
  } else {
    summary.textContent = `${counts.error} error(s), ${counts.warning} warning(s) at level ${app.level}; each is shown at its field.`;
  }
  summary.className = `issue-summary ${counts.error > 0 ? 'invalid' : 'valid'}`;

  setText('preview-function', JSON.stringify(draft.functionSpec, null, 2));
  setText('preview-run', JSON.stringify(draft.params, null, 2));
  return { draft, counts };
}

// ---- examples and action -------------------------------------------------------------------

function showActionFields() {
  const action = form.elements.action.value;
  for (const field of document.querySelectorAll('[data-actions]')) {
    field.hidden = !field.dataset.actions.split(' ').includes(action);
  }
}

async function loadExample(key) {
  const example = EXAMPLES[key];
  if (!example) {
    return;
  }
  const response = await fetch(example.file);
  if (!response.ok) {
    throw new Error(`could not load ${example.file}: HTTP ${response.status}`);
  }
  form.elements.code.value = await response.text();
  form.elements.name.value = example.name;
  form.elements.handler.value = example.handler;
  form.querySelector(`input[name="action"][value="${example.action}"]`).checked = true;
  showActionFields();
  validateForm();
}

// ---- submission and the run ----------------------------------------------------------------

function setBusy(busy) {
  app.busy = busy;
  element('submit').disabled = busy;
  element('cancel').disabled = !busy;
}

function setRunButtons(enabled) {
  for (const id of ['refresh', 'logs', 'stop', 'delete']) {
    element(id).disabled = !enabled;
  }
}

function resetRunPanel() {
  app.timeline.reset();
  app.run = null;
  dh.run = null;
  for (const key of Object.keys(metrics)) {
    delete metrics[key];
  }
  setText('run-id', '–');
  setText('run-state', '–');
  setText('metric-ready', '–');
  setText('metric-invoke', '–');
  element('run-error').hidden = true;
  setText('run-error', '');
  for (const id of ['invoke-panel', 'result-panel', 'dockerfile-panel', 'logs-panel']) {
    element(id).hidden = true;
  }
  for (const id of ['invoke-response', 'job-results', 'build-dockerfile', 'run-logs']) {
    setText(id, '');
  }
  setText('invoke-status', '–');
  element('invoke-headers').replaceChildren();
  setRunButtons(false);
}

function showError(error, phase) {
  const box = element('run-error');
  box.hidden = false;
  if (error?.name === 'ValidationError' && Array.isArray(error.issues)) {
    const optionPaths = ['/name', '/code', '/handler'];
    const issues = error.issues.map((issue) => {
      if (phase !== 'function') {
        return { ...issue, scope: 'run' };
      }
      return { ...issue, scope: optionPaths.includes(issue.path) ? 'options' : 'function' };
    });
    renderIssues(form, element('general-issues'), issues);
    box.textContent = `Not sent: the library found ${issues.length} issue(s) in the ${phase} spec; they are shown at their fields.`;
  } else if (error?.name === 'HttpError' || error?.name === 'AuthError') {
    box.textContent = `${error.name} ${error.status} (${error.code}) during ${phase}: ${error.message}`;
  } else if (error?.name) {
    box.textContent = `${error.name}${error.code ? ` (${error.code})` : ''} during ${phase}: ${error.message}`;
  } else {
    box.textContent = `Failed during ${phase}: ${String(error)}`;
  }
  app.timeline.add('step', 'failed', box.textContent);
}

function recordState(state, run) {
  if (state === app.lastState) {
    return;
  }
  app.lastState = state;
  const elapsed = app.timeline.add('state', state, run?.status?.message ?? '');
  setText('run-state', state);
  // Core stops only RUNNING runs; any other state answers 400 "Invalid transition".
  element('stop').disabled = state !== 'RUNNING';
  if (state === 'RUNNING' && metrics.submitToRunningMs === undefined) {
    metrics.submitToRunningMs = elapsed;
    setText('metric-ready', formatMs(elapsed));
  }
}

async function showLogs(run) {
  const entries = await run.logs();
  const text = entries.map((entry) => entry.text ?? '').join('\n');
  element('logs-panel').hidden = false;
  setText('run-logs', text === '' ? '(no log lines)' : text);
  return text;
}

function dockerfileFromLogs(text) {
  const start = text.indexOf('FROM ');
  return start < 0 ? '' : text.slice(start);
}

async function showOutcome(action, run, entity) {
  const status = entity?.status ?? {};
  if (action === 'serve') {
    element('invoke-panel').hidden = false;
    element('invoke').disabled = false;
    element('invoke').focus();
    return;
  }
  const logs = await showLogs(run).catch((error) => `could not read the logs: ${error.message}`);
  if (action === 'job') {
    element('result-panel').hidden = false;
    setText('job-results', JSON.stringify(status.results ?? null, null, 2));
  } else if (action === 'build') {
    element('dockerfile-panel').hidden = false;
    setText('build-dockerfile', status.dockerfile ?? dockerfileFromLogs(logs));
  }
}

async function submit(event) {
  event.preventDefault();
  if (app.busy) {
    return;
  }
  const { draft } = validateForm();
  resetRunPanel();
  app.lastState = null;
  app.abort = new AbortController();
  const signal = app.abort.signal;
  setBusy(true);
  app.timeline.add('step', 'submit', `${draft.action} of function "${draft.functionOptions.name}"`);

  let phase = 'connection';
  try {
    const client = createClient();
    app.client = client;
    dh.client = client;
    const configuration = await client.configuration({ signal });
    const coreLevel = Number(configuration?.dhcore_api_level);
    app.timeline.add('step', 'configuration', `Core API level ${Number.isFinite(coreLevel) ? coreLevel : 'not reported'}`);
    // A level chosen by hand that differs from Core's would check the specs against rules this
    // Core does not apply, and Core would reject the run after the function is created.
    if (Number.isFinite(coreLevel) && client.apiLevel && coreLevel !== client.apiLevel) {
      const box = element('run-error');
      box.hidden = false;
      box.textContent = `Not sent: the specs are checked for API level ${client.apiLevel}, but Core reports level ${coreLevel}. Choose "auto" or level ${coreLevel}.`;
      app.timeline.add('step', 'failed', box.textContent);
      return;
    }
    if (client.apiLevel && client.apiLevel !== app.level) {
      app.level = client.apiLevel;
      app.levelSource = form.elements.apiLevel.value === 'auto' ? 'core' : 'chosen';
      describeLevel();
    }
    const spec = readForm(form, app.level);

    // The level may have changed with the configuration, so check the specs again before the
    // first request that creates anything: an invalid form sends no project, function or run.
    phase = 'check';
    const { counts } = validateForm();
    if (counts.error > 0) {
      const box = element('run-error');
      box.hidden = false;
      box.textContent = `Not sent: the library found ${counts.error} error(s) at level ${app.level}; they are shown at their fields.`;
      app.timeline.add('step', 'failed', box.textContent);
      return;
    }

    phase = 'project';
    await client.ensureProject({ signal });
    app.timeline.add('step', 'project ready', client.project);

    phase = 'function';
    const created = await client.createFunction(spec.functionOptions, { signal });
    app.timeline.add('step', 'function created', created.key ?? created.id);

    phase = 'run';
    const run = await client.run(created, spec.action, spec.params, { signal });
    app.run = run;
    dh.run = run;
    setText('run-id', run.id);
    setRunButtons(true);
    app.timeline.add('step', 'run created', run.id);
    recordState(run.state, run.data);

    phase = 'wait';
    const until = spec.action === 'serve' ? 'ready' : 'terminal';
    const entity = await run.wait({
      until,
      timeoutMs: WAIT_TIMEOUT_MS,
      signal,
      onState: (state, data) => recordState(state, data),
    });
    recordState(entity?.status?.state ?? run.state, entity);
    metrics.submitToSettledMs = app.timeline.elapsed();
    app.timeline.add('step', until === 'ready' ? 'ready to invoke' : 'finished', formatMs(metrics.submitToSettledMs));
    if (spec.action === 'serve') {
      metrics.submitToReadyMs = metrics.submitToSettledMs;
    }

    phase = 'result';
    await showOutcome(spec.action, run, entity);
  } catch (error) {
    showError(error, phase);
    if (app.run) {
      await showLogs(app.run).catch(() => {});
    }
  } finally {
    setBusy(false);
  }
}

// ---- invoke --------------------------------------------------------------------------------

function showHeaders(headers) {
  const rows = Object.entries(headers ?? {}).map(([name, value]) => {
    const row = document.createElement('tr');
    const nameCell = document.createElement('th');
    nameCell.scope = 'row';
    nameCell.textContent = name;
    const valueCell = document.createElement('td');
    valueCell.textContent = value;
    row.append(nameCell, valueCell);
    return row;
  });
  element('invoke-headers').replaceChildren(...rows);
}

async function invoke(event) {
  event.preventDefault();
  const run = app.run;
  if (!run) {
    return;
  }
  const issues = element('invoke-body-issues');
  issues.replaceChildren();
  const options = {
    method: element('invoke-method').value,
    path: element('invoke-path').value || '/',
  };
  const bodyText = element('invoke-body').value.trim();
  if (bodyText !== '') {
    try {
      options.json = JSON.parse(bodyText);
    } catch (error) {
      const item = document.createElement('li');
      item.className = 'issue error';
      item.textContent = `The body is not valid JSON: ${error.message}`;
      issues.append(item);
      return;
    }
  }

  element('invoke').disabled = true;
  setText('invoke-status', 'sending…');
  try {
    const started = performance.now();
    const response = await run.invoke(options);
    const text = await response.text();
    const roundTrip = performance.now() - started;
    metrics.invokeRoundTripMs = roundTrip;
    metrics.invokeCount = (metrics.invokeCount ?? 0) + 1;
    setText('metric-invoke', formatMs(roundTrip));
    setText('invoke-status', `${response.status} ${response.statusText ?? ''}`.trim());
    showHeaders(response.headers);
    let display = text;
    try {
      display = JSON.stringify(JSON.parse(text), null, 2);
    } catch {
      // Not JSON: show the text as it came.
    }
    setText('invoke-response', display);
  } catch (error) {
    setText('invoke-status', `${error.name}: ${error.message}`);
  } finally {
    element('invoke').disabled = false;
  }
}

// ---- run buttons ---------------------------------------------------------------------------

// Core answers a stop with the run in STOP and moves it to STOPPED once the process is gone, so
// the page refreshes the run until it leaves STOP, for at most STOP_SETTLE_MS.
async function stopAndSettle(run) {
  element('invoke').disabled = true;
  let entity = await run.stop();
  const deadline = Date.now() + STOP_SETTLE_MS;
  while ((entity?.status?.state ?? run.state) === 'STOP' && Date.now() < deadline) {
    recordState('STOP', entity);
    await new Promise((resolve) => setTimeout(resolve, 250));
    entity = await run.refresh();
  }
  return entity;
}

async function runAction(label, action) {
  const run = app.run;
  if (!run) {
    return;
  }
  try {
    const entity = await action(run);
    const state = entity?.status?.state ?? run.state;
    app.timeline.add('step', label, state ?? '');
    if (state) {
      recordState(state, entity);
    }
  } catch (error) {
    showError(error, label);
  }
}

// ---- start ---------------------------------------------------------------------------------

function wireFormEvents() {
  form.addEventListener('input', (event) => {
    if (['endpoint', 'project', 'token'].includes(event.target.name)) {
      return;
    }
    validateForm();
  });

  // Text fields were validated by their input events already. Validating again on `change`
  // would rebuild the issue lists while a click that blurred the field is under way.
  form.addEventListener('change', (event) => {
    if (['endpoint', 'project', 'token', 'apiLevel'].includes(event.target.name)) {
      refreshClient();
      return;
    }
    if (event.target.name === 'action') {
      showActionFields();
      validateForm();
    }
  });

  form.addEventListener('submit', submit);

  form.addEventListener('click', (event) => {
    const add = event.target.closest('[data-add-row]');
    const remove = event.target.closest('[data-remove-row]');
    if (add) {
      const row = addRow(add.dataset.addRow);
      linkDescriptions(form);
      row.querySelector('input, select').focus();
      validateForm();
    } else if (remove) {
      removeRow(remove);
      validateForm();
    }
  });

  element('example').addEventListener('change', (event) => {
    if (event.target.value !== 'custom') {
      loadExample(event.target.value).catch((error) => setText('load-status', error.message));
    }
  });
}

function wireRunEvents() {
  element('cancel').addEventListener('click', () => {
    app.abort?.abort(new Error('cancelled by the user'));
  });
  element('invoke-form').addEventListener('submit', invoke);
  element('refresh').addEventListener('click', () => runAction('refresh', (run) => run.refresh()));
  element('stop').addEventListener('click', () => runAction('stop', stopAndSettle));
  element('delete').addEventListener('click', () => runAction('delete', (run) => run.delete()));
  element('logs').addEventListener('click', () => {
    showLogs(app.run).catch((error) => showError(error, 'logs'));
  });
}

async function start() {
  form.elements.endpoint.value = window.location.origin;
  showActionFields();
  clearRows('envs');
  clearRows('volumes');
  addRow('envs', { name: 'GREETING', value: 'hello' });
  addRow('volumes', { volume_type: 'empty_dir', name: 'scratch', mount_path: '/scratch', spec: 'sizeLimit=1Gi' });
  linkDescriptions(form);
  wireFormEvents();
  wireRunEvents();

  const started = performance.now();
  try {
    await library.init();
  } catch (error) {
    setText('load-status', `The WebAssembly module failed to load: ${error.message}`);
    document.body.dataset.ready = 'failed';
    return;
  }
  const loadMs = performance.now() - started;
  const hasClient = typeof library.Client === 'function';
  setText(
    'load-status',
    `WebAssembly module loaded in ${Math.round(loadMs)} ms.` +
      (hasClient ? '' : ' This build has no Client, so only validation works.'),
  );
  await loadExample('serve').catch((error) => setText('load-status', error.message));
  await refreshClient();
  document.body.dataset.ready = 'true';
}

start();
