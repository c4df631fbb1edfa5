// Turns the console form into the objects the library takes: the options of
// `client.createFunction()`, the function spec Core will store, and the parameters of
// `client.run()` (task and run fields in Core's snake_case spelling).
//
// Values the user typed are passed on as typed, even when wrong (a replica count of "-1"
// becomes -1, "two" stays a string), so the library's validator, not this page, judges them.
// This page reports only what it cannot pass on at all: JSON that does not parse, and a volume
// spec entry without '='.

import { readRows } from './rows.js';

/** A spec id used in place of ids that only exist once the function and task are created. */
const DRAFT_ID = '00000000000000000000000000000000';

function value(form, name) {
  return form.elements.namedItem(name).value;
}

/** Returns the non-blank lines of a textarea and, for each, its 1-based line number in the textarea. */
function lines(text) {
  const kept = [];
  const lineNumbers = [];
  text.split('\n').forEach((line, index) => {
    if (line.trim() !== '') {
      kept.push(line.trim());
      lineNumbers.push(index + 1);
    }
  });
  return { kept, lineNumbers };
}

/** Returns a replica count as typed: a number when it looks like an integer, else the text. */
function replicas(text) {
  const trimmed = text.trim();
  if (/^[+-]?\d+$/.test(trimmed)) {
    return Number(trimmed);
  }
  return trimmed;
}

/** Encodes the UTF-8 bytes of `text` as base64, as `client.createFunction({ code })` does. */
export function base64Utf8(text) {
  const bytes = new TextEncoder().encode(text);
  let binary = '';
  for (let start = 0; start < bytes.length; start += 0x8000) {
    binary += String.fromCharCode(...bytes.subarray(start, start + 0x8000));
  }
  return btoa(binary);
}

function localIssue(path, code, message) {
  return { scope: 'run', path, code, severity: 'error', message };
}

function readResources(form, level) {
  const resources = {};
  for (const name of ['cpu', 'mem']) {
    const quantity = value(form, name).trim();
    if (quantity === '') {
      continue;
    }
    // Level 13 spells each resource as { requests, limits }.
    resources[name] = level === 13 ? { requests: quantity } : quantity;
  }
  return resources;
}

function readVolumes(issues) {
  return readRows('volumes').map((row, index) => {
    const volume = {
      volume_type: row.volume_type,
      name: row.name.trim(),
      mount_path: row.mount_path.trim(),
    };
    const entries = row.spec.split(',').map((entry) => entry.trim()).filter(Boolean);
    if (entries.length > 0) {
      volume.spec = {};
      for (const entry of entries) {
        const separator = entry.indexOf('=');
        if (separator <= 0) {
          issues.push(
            localIssue(
              `/volumes/${index}/spec`,
              'invalid-entry',
              `volume spec entry "${entry}" is invalid: write key=value, such as sizeLimit=1Gi`,
            ),
          );
          continue;
        }
        volume.spec[entry.slice(0, separator).trim()] = entry.slice(separator + 1).trim();
      }
    }
    return volume;
  });
}

function readParameters(form, issues) {
  const text = value(form, 'parameters').trim();
  if (text === '') {
    return undefined;
  }
  try {
    return JSON.parse(text);
  } catch (error) {
    issues.push(
      localIssue('/parameters', 'invalid-json', `parameters are not valid JSON: ${error.message}`),
    );
    return undefined;
  }
}

/**
 * Reads the form. `level` is the API level the specs are written for (13, 14 or 15).
 *
 * Returns `{ action, project, functionOptions, functionSpec, params, runKind, runSpec,
 * localIssues, lineNumbers }`. `runSpec` is the run spec `client.run()` will validate, with
 * draft ids in `task` and `function`.
 */
export function readForm(form, level) {
  const action = value(form, 'action');
  const project = value(form, 'project').trim();
  const issues = [];

  const code = value(form, 'code');
  const handler = value(form, 'handler').trim();
  const pythonVersion = value(form, 'pythonVersion');
  const requirements = lines(value(form, 'requirements'));
  const functionOptions = {
    name: value(form, 'name').trim(),
    code,
    handler,
    pythonVersion,
  };
  const functionSpec = {
    python_version: pythonVersion,
    source: { lang: 'python', handler, base64: base64Utf8(code) },
  };
  if (requirements.kept.length > 0) {
    functionOptions.requirements = requirements.kept;
    functionSpec.requirements = requirements.kept;
  }

  const params = {};
  const resources = readResources(form, level);
  if (Object.keys(resources).length > 0) {
    params.resources = resources;
  }
  const profile = value(form, 'profile').trim();
  if (profile !== '') {
    params.profile = profile;
  }
  const envs = readRows('envs');
  if (envs.length > 0) {
    params.envs = envs.map((env) => ({ name: env.name.trim(), value: env.value }));
  }
  const volumes = readVolumes(issues);
  if (volumes.length > 0) {
    params.volumes = volumes;
  }

  const instructions = lines(value(form, 'instructions'));
  if (action === 'serve') {
    const count = value(form, 'replicas');
    if (count.trim() !== '') {
      params.replicas = replicas(count);
    }
    const serviceType = value(form, 'serviceType');
    if (serviceType !== '') {
      params.service_type = serviceType;
    }
    const serviceName = value(form, 'serviceName').trim();
    if (serviceName !== '') {
      params.service_name = serviceName;
    }
  } else if (action === 'job') {
    const parameters = readParameters(form, issues);
    if (parameters !== undefined) {
      params.parameters = parameters;
    }
  } else if (action === 'build') {
    params.instructions = instructions.kept;
  }

  // The same run spec `client.run()` builds and validates, with draft ids for the task and
  // the function, which do not exist yet.
  const runKind = level === 13 ? 'python+run' : `python+${action}:run`;
  const runSpec = {
    ...params,
    task: `python+${action}://${project}/${DRAFT_ID}`,
    function: `python://${project}/${functionOptions.name}:${DRAFT_ID}`,
    local_execution: false,
  };

  return {
    action,
    project,
    functionOptions,
    functionSpec,
    params,
    runKind,
    runSpec,
    localIssues: issues,
    lineNumbers: { requirements: requirements.lineNumbers, instructions: instructions.lineNumbers },
  };
}
