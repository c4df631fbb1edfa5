// Typed usage of the package as a consumer writes it. scripts/test-package.sh compiles this file
// with `tsc --noEmit --strict` against the packed package; each @ts-expect-error line must fail
// to type-check, or tsc reports the directive as unused.
import {
  AuthError,
  HttpError,
  ValidationError,
  assertValidTask,
  init,
  runSchema,
  taskSchema,
  validateFunction,
  validateRun,
  validateTask,
  type ApiLevel,
  type FunctionSpec,
  type Issue,
  type JsonSchema,
  type RunSpec,
  type ServeTaskSpec,
  type Severity,
  type TaskSpec,
  type ValidateOptions,
  type ValidationResult,
} from 'digitalhub-tasks';
import { TimeoutError } from 'digitalhub-tasks/errors';

export async function example(bytes: Uint8Array, userInput: unknown): Promise<string[]> {
  await init();
  await init(bytes);
  await init(new URL('https://example.test/digitalhub_tasks_bg.wasm'));
  // @ts-expect-error init takes one argument
  await init(bytes, 1);

  const serve: ServeTaskSpec = {
    function: 'python://demo/echo:1',
    replicas: 1,
    service_type: 'ClusterIP',
    resources: { cpu: '500m', mem: '1Gi' },
    envs: [{ name: 'A', value: 'b' }],
    volumes: [{ volume_type: 'empty_dir', name: 'scratch', mount_path: '/scratch' }],
  };
  // @ts-expect-error service_type is a closed set with Kubernetes casing
  const badService: ServeTaskSpec = { function: 'f', service_type: 'clusterip' };

  const options: ValidateOptions = { apiLevel: 14 };
  // @ts-expect-error apiLevel is 13, 14 or 15
  const badOptions: ValidateOptions = { apiLevel: 16 };

  const result: ValidationResult = validateTask('python+serve', serve, options);
  const fromUser: ValidationResult = validateTask('python+job', userInput);
  // @ts-expect-error unknown task kind
  validateTask('python+deploy', serve);

  const fn: FunctionSpec = {
    python_version: 'PYTHON3_12',
    source: { source: 'main.py', handler: 'main' },
  };
  validateFunction('python', fn);
  const run: RunSpec = { task: 'python+serve://demo/1', local_execution: false, replicas: 2 };
  validateRun('python+serve:run', run, { apiLevel: 15 });
  validateRun('python+run', run, { apiLevel: 13 });

  const schema: JsonSchema = taskSchema('python+serve', { apiLevel: 14 });
  runSchema('python+run', { apiLevel: 13 });
  // @ts-expect-error schemas exist only for the python kinds
  taskSchema('container+job');

  const level: ApiLevel = 13;
  const severity: Severity = result.issues[0]?.severity ?? 'warning';
  const paths = [...result.issues, ...fromUser.issues].map((issue: Issue) => issue.path);

  try {
    const checked = assertValidTask('python+serve', serve);
    const valid: true = checked.valid;
    void valid;
  } catch (error) {
    if (error instanceof ValidationError) {
      paths.push(...error.issues.map((issue) => `${issue.code} ${issue.message}`));
    } else if (error instanceof AuthError) {
      const status: 401 | 403 = error.status;
      void status;
    } else if (error instanceof HttpError) {
      const code: string | null = error.errorCode;
      void code;
    } else if (error instanceof TimeoutError) {
      const ms: number | null = error.timeoutMs;
      void ms;
    }
  }

  const task: TaskSpec = serve;
  void [badService, badOptions, level, severity, task, schema];
  return paths;
}
