// The validate* contract: a { valid, issues } result for any spec value, and a TypeError only
// for an unknown kind or API level.
import assert from 'node:assert/strict';
import { before, describe, test } from 'node:test';

import { init, validateFunction, validateRun, validateTask } from 'digitalhub-tasks';

const serveTask = () => ({
  function: 'python://demo/echo:0123456789abcdef0123456789abcdef',
  replicas: 2,
  service_type: 'ClusterIP',
  service_name: 'echo',
  resources: { cpu: '500m', mem: '1Gi' },
  envs: [{ name: 'LOG_LEVEL', value: 'info' }],
  secrets: ['api-key'],
  volumes: [{ volume_type: 'empty_dir', name: 'scratch', mount_path: '/scratch' }],
  profile: 'small',
});

const pythonFunction = () => ({
  python_version: 'PYTHON3_10',
  source: { lang: 'python', handler: 'serve', source: 'main.py', base64: 'cGFzcwo=' },
});

const serveRun = () => ({
  task: 'python+serve://demo/0123456789abcdef0123456789abcdef',
  function: 'python://demo/echo:0123456789abcdef0123456789abcdef',
  local_execution: false,
});

function assertResultShape(result) {
  assert.equal(Object.getPrototypeOf(result), Object.prototype);
  assert.deepEqual(Object.keys(result).sort(), ['issues', 'valid']);
  assert.equal(typeof result.valid, 'boolean');
  assert.ok(Array.isArray(result.issues));
  for (const issue of result.issues) {
    assert.deepEqual(Object.keys(issue), ['path', 'code', 'severity', 'message']);
    assert.equal(typeof issue.path, 'string');
    assert.ok(issue.path === '' || issue.path.startsWith('/'), `path ${issue.path}`);
    assert.match(issue.code, /^[a-z][a-z0-9-]*$/);
    assert.ok(['error', 'warning'].includes(issue.severity), issue.severity);
    assert.ok(issue.message.length > 0);
  }
  const hasError = result.issues.some((issue) => issue.severity === 'error');
  assert.equal(result.valid, !hasError);
}

function deepArray(depth) {
  let value = [];
  for (let i = 0; i < depth; i += 1) {
    value = [value];
  }
  return value;
}

before(async () => {
  await init();
});

describe('boundary', () => {
  const cyclic = serveTask();
  cyclic.self = cyclic;
  const throwingGetter = serveTask();
  Object.defineProperty(throwingGetter, 'envs', {
    enumerable: true,
    get() {
      throw new Error('getter failed');
    },
  });
  const throwingProxy = new Proxy(
    {},
    {
      ownKeys() {
        throw new Error('ownKeys failed');
      },
    },
  );
  const cases = {
    undefined: [undefined, 'not-json'],
    function: [() => 1, 'not-json'],
    symbol: [Symbol('spec'), 'not-json'],
    bigint: [10n, 'not-json'],
    'nested bigint': [{ ...serveTask(), replicas: 2n }, 'not-json'],
    cycle: [cyclic, 'not-json'],
    'throwing getter': [throwingGetter, 'not-json'],
    'throwing proxy': [throwingProxy, 'not-json'],
    'nesting of 200': [{ ...serveTask(), envs: deepArray(200) }, 'too-deep'],
  };

  for (const [name, [spec, code]] of Object.entries(cases)) {
    test(`${name} spec gives one ${code} issue`, () => {
      const result = validateTask('python+serve', spec);
      assertResultShape(result);
      assert.equal(result.valid, false);
      assert.equal(result.issues.length, 1);
      assert.equal(result.issues[0].code, code);
      assert.equal(result.issues[0].path, '');
    });
  }

  test('nesting of 100000 does not throw', () => {
    const result = validateTask('python+serve', deepArray(100_000));
    assertResultShape(result);
    assert.equal(result.valid, false);
    assert.ok(['not-json', 'too-deep'].includes(result.issues[0].code), result.issues[0].code);
  });

  test('thrown text is not echoed', () => {
    const spec = { toJSON: () => { throw new Error('token-abc123'); } };
    const result = validateTask('python+job', spec);
    assert.equal(result.issues[0].code, 'not-json');
    assert.ok(!result.issues[0].message.includes('token-abc123'), result.issues[0].message);
  });
});

describe('json values reach the validator', () => {
  const values = {
    null: null,
    number: 42,
    'NaN (JSON null)': Number.NaN,
    string: 'python+job',
    boolean: true,
    array: [serveTask()],
    'empty object': {},
    date: new Date(0),
    map: new Map([['function', 'x']]),
    'huge env list': { ...serveTask(), envs: Array.from({ length: 50_000 }, (_, i) => ({ name: `E${i}`, value: 'v' })) },
    'long string': { ...serveTask(), profile: 'x'.repeat(5_000_000) },
  };
  for (const [name, spec] of Object.entries(values)) {
    test(`${name} spec returns a result`, () => {
      for (const kind of ['python+job', 'python+serve', 'python+build']) {
        assertResultShape(validateTask(kind, spec));
      }
      assertResultShape(validateFunction('python', spec));
      assertResultShape(validateRun('python+serve:run', spec));
    });
  }

  test('non-object specs are invalid', () => {
    for (const spec of [null, 42, 'text', true, [serveTask()]]) {
      assert.equal(validateTask('python+serve', spec).valid, false, JSON.stringify(spec));
    }
  });
});

describe('misuse', () => {
  test('unknown kinds throw TypeError', () => {
    assert.throws(() => validateTask('python+deploy', serveTask()), TypeError);
    assert.throws(() => validateTask('python+job:run', serveTask()), TypeError);
    assert.throws(() => validateFunction('container', pythonFunction()), TypeError);
    assert.throws(() => validateRun('python+serve', serveRun()), TypeError);
    assert.throws(() => validateTask(undefined, serveTask()), TypeError);
    assert.throws(() => validateTask(42, serveTask()), TypeError);
  });

  test('kind errors name the accepted kinds', () => {
    assert.throws(() => validateTask('python+deploy', {}), /python\+serve/);
  });

  test('bad levels throw TypeError', () => {
    for (const apiLevel of [12, 16, 15.5, '15', Number.NaN, null, 15n]) {
      assert.throws(() => validateTask('python+job', serveTask(), { apiLevel }), TypeError, String(apiLevel));
    }
  });

  test('non-object options throw TypeError', () => {
    assert.throws(() => validateTask('python+job', serveTask(), 15), TypeError);
    assert.throws(() => validateTask('python+job', serveTask(), 'v15'), TypeError);
  });

  test('missing options and level default to 15', () => {
    const spec = { ...serveTask(), runtime_class: 'gvisor' };
    const implicit = validateTask('python+serve', spec);
    assert.deepEqual(validateTask('python+serve', spec, undefined), implicit);
    assert.deepEqual(validateTask('python+serve', spec, null), implicit);
    assert.deepEqual(validateTask('python+serve', spec, {}), implicit);
    assert.deepEqual(validateTask('python+serve', spec, { apiLevel: 15 }), implicit);
  });

  test('run kinds follow the level', () => {
    assert.throws(() => validateRun('python+run', serveRun(), { apiLevel: 15 }), TypeError);
    assert.throws(() => validateRun('python+serve:run', serveRun(), { apiLevel: 13 }), TypeError);
    assertResultShape(validateRun('python+run', serveRun(), { apiLevel: 13 }));
  });
});

describe('verdicts', () => {
  test('realistic serve task is valid', () => {
    const result = validateTask('python+serve', serveTask());
    assert.deepEqual(result.issues, []);
    assert.equal(result.valid, true);
  });

  test('decimal cpu is reported at its path', () => {
    const spec = serveTask();
    spec.resources.cpu = '0.5';
    const result = validateTask('python+serve', spec);
    assert.equal(result.valid, false);
    assert.ok(
      result.issues.some((issue) => issue.path === '/resources/cpu' && issue.severity === 'error'),
      JSON.stringify(result.issues),
    );
  });

  test('function without source is invalid', () => {
    const { source, ...spec } = pythonFunction();
    assert.ok(source);
    const result = validateFunction('python', spec);
    assert.equal(result.valid, false);
    assert.ok(result.issues.some((issue) => issue.path === '/source'), JSON.stringify(result.issues));
  });

  test('valid function and run pass', () => {
    assert.equal(validateFunction('python', pythonFunction()).valid, true);
    assert.equal(validateRun('python+serve:run', serveRun()).valid, true);
  });

  test('env value never appears in messages', () => {
    const secret = 's3cr3t-VALUE-42';
    const spec = serveTask();
    spec.envs = [{ name: '1 bad name', value: secret }, { name: '', value: secret }];
    const result = validateTask('python+serve', spec);
    assert.equal(result.valid, false);
    for (const issue of result.issues) {
      assert.ok(!issue.message.includes(secret), issue.message);
    }
  });
});
