// The spec playground: a JSON editor whose content the library validates on every keystroke
// for the chosen kind and API level.

import * as library from './js/index.js';
import { locateValue, pointerOffsets } from './json-offsets.js';

const FUNCTION = 'python://demo/digest:0f4c2a1b9d8e4f7a8b6c5d4e3f2a1b0c';
const TASK_ID = '5e1d9c8b7a6f4e3d2c1b0a9f8e7d6c5b';

// Each example has one mistake or more, so the issue list shows something at once.
const EXAMPLES = {
  'function:python': {
    python_version: 'PYTHON3_10',
    source: { lang: 'python', handler: 'handler', base64: 'ZGVmIGhhbmRsZXIoKTogcmV0dXJuIDE=' },
    requirements: ['requests==2.32.3'],
  },
  'task:python+job': {
    function: FUNCTION,
    resources: { cpu: '0.5', mem: '1Gi' },
    envs: [{ name: 'MODE', value: 'batch' }],
  },
  'task:python+serve': {
    function: FUNCTION,
    replicas: -1,
    service_type: 'ClusterIP',
    resources: { cpu: '1', mem: '512Mi' },
    volumes: [{ volume_type: 'empty_dir', name: 'Scratch_Dir', mount_path: '/scratch' }],
  },
  'task:python+build': {
    function: FUNCTION,
    instructions: ['apt-get update', 'pip install --no-cache-dir numpy'],
  },
  'run:python+job:run': {
    task: `python+job://demo/${TASK_ID}`,
    function: FUNCTION,
    parameters: { numbers: [1, 2, 3] },
    local_execution: false,
  },
  'run:python+serve:run': {
    task: `python+serve://demo/${TASK_ID}`,
    function: FUNCTION,
    replicas: 2,
    local_execution: false,
  },
  'run:python+build:run': {
    task: `python+build://demo/${TASK_ID}`,
    function: FUNCTION,
    instructions: ['echo hello'],
    local_execution: false,
  },
  'run:python+run': {
    task: `python+job://demo/${TASK_ID}`,
    function: FUNCTION,
    parameters: {},
    local_execution: false,
  },
};

const element = (id) => document.getElementById(id);
const kindSelect = element('kind');
const levelSelect = element('level');
const editor = element('spec');

function selection() {
  const [group, ...rest] = kindSelect.value.split(':');
  return { group, kind: rest.join(':'), apiLevel: Number(levelSelect.value) };
}

function validate(group, kind, spec, options) {
  if (group === 'function') {
    return library.validateFunction(kind, spec, options);
  }
  if (group === 'task') {
    return library.validateTask(kind, spec, options);
  }
  return library.validateRun(kind, spec, options);
}

/** The JSON Schema of the selected kind when this build exports a schema function for it. */
function schemaOf(group, kind, options) {
  const exported = {
    function: library.functionSchema,
    task: library.taskSchema,
    run: library.runSchema,
  }[group];
  return typeof exported === 'function' ? exported(kind, options) : undefined;
}

/** Selects `range` (`[start, end)` offsets) in the editor and scrolls it into view. */
function selectInEditor(range) {
  editor.focus();
  editor.setSelectionRange(range[0], range[1]);
  const line = editor.value.slice(0, range[0]).split('\n').length;
  const lineHeight = editor.scrollHeight / Math.max(1, editor.value.split('\n').length);
  editor.scrollTop = Math.max(0, (line - 3) * lineHeight);
}

function issueItem(issue, offsets) {
  const item = document.createElement('li');
  item.className = `issue ${issue.severity}`;
  item.dataset.code = issue.code;
  item.dataset.path = issue.path;
  const badge = document.createElement('span');
  badge.className = 'badge';
  badge.textContent = issue.severity;
  // The path is a button that selects the value in the editor; for a missing field it
  // selects the object that lacks it.
  const range = locateValue(offsets, issue.path);
  const path = document.createElement(range ? 'button' : 'code');
  if (range) {
    path.type = 'button';
    path.className = 'path-link';
    path.title = 'Select this value in the editor';
    path.addEventListener('click', () => selectInEditor(range));
  }
  path.textContent = issue.path === '' ? '(root)' : issue.path;
  const text = document.createElement('span');
  text.textContent = ` ${issue.message} `;
  const code = document.createElement('code');
  code.textContent = issue.code;
  item.append(badge, ' ', path, text, code);
  return item;
}

/** Line and column (1-based) of a character offset in `text`. */
function lineAndColumn(text, offset) {
  const before = text.slice(0, offset);
  const line = before.split('\n').length;
  return { line, column: offset - before.lastIndexOf('\n') };
}

/** Returns the parser's message with the line and column it failed at, when they are known. */
function parseError(error) {
  const match = /position (\d+)/.exec(error.message);
  let offset;
  if (match) {
    offset = Number(match[1]);
  } else if (/end of JSON/i.test(error.message)) {
    offset = editor.value.trimEnd().length;
  } else {
    return error.message;
  }
  const { line, column } = lineAndColumn(editor.value, offset);
  return `${error.message} (line ${line}, column ${column})`;
}

function refresh() {
  const { group, kind, apiLevel } = selection();
  const summary = element('summary');
  const list = element('issues');
  list.replaceChildren();

  let spec;
  try {
    spec = JSON.parse(editor.value);
  } catch (error) {
    summary.className = 'issue-summary invalid';
    summary.dataset.valid = 'false';
    summary.textContent = `Not JSON: ${parseError(error)}`;
    return;
  }

  let result;
  try {
    result = validate(group, kind, spec, { apiLevel });
  } catch (error) {
    summary.className = 'issue-summary invalid';
    summary.dataset.valid = 'false';
    summary.textContent = `${error.name}: ${error.message}`;
    return;
  }
  const errors = result.issues.filter((issue) => issue.severity === 'error').length;
  const warnings = result.issues.length - errors;
  summary.className = `issue-summary ${result.valid ? 'valid' : 'invalid'}`;
  summary.dataset.valid = String(result.valid);
  summary.textContent = result.valid
    ? `Valid ${kind} spec at level ${apiLevel}` + (warnings ? ` with ${warnings} warning(s).` : '.')
    : `Invalid ${kind} spec at level ${apiLevel}: ${errors} error(s), ${warnings} warning(s).`;
  const offsets = pointerOffsets(editor.value);
  list.append(...result.issues.map((issue) => issueItem(issue, offsets)));
}

function showSchema() {
  const { group, kind, apiLevel } = selection();
  const details = element('schema-details');
  try {
    const schema = schemaOf(group, kind, { apiLevel });
    details.hidden = schema === undefined;
    element('schema').textContent = schema === undefined ? '' : JSON.stringify(schema, null, 2);
  } catch (error) {
    details.hidden = false;
    element('schema').textContent = `${error.name}: ${error.message}`;
  }
}

function loadExample() {
  editor.value = JSON.stringify(EXAMPLES[kindSelect.value], null, 2);
  refresh();
}

async function start() {
  try {
    await library.init();
  } catch (error) {
    element('load-status').textContent = `The WebAssembly module failed to load: ${error.message}`;
    return;
  }
  element('load-status').textContent = 'WebAssembly module loaded.';
  editor.addEventListener('input', refresh);
  kindSelect.addEventListener('change', () => {
    loadExample();
    showSchema();
  });
  levelSelect.addEventListener('change', () => {
    refresh();
    showSchema();
  });
  element('example').addEventListener('click', loadExample);
  loadExample();
  showSchema();
  window.dh = Object.assign(Object.create(null), library);
  document.body.dataset.ready = 'true';
}

start();
