// Typed usage of the builders and key helpers as a consumer writes it. It is compiled with
// `tsc --noEmit --strict` against the packed package like usage.ts; each @ts-expect-error line
// must fail to type-check, or tsc reports the directive as unused.
import {
  FunctionBuilder,
  RunBuilder,
  TaskBuilder,
  functionRef,
  parseFunctionRef,
  parseKey,
  parseTaskString,
  taskString,
  type FunctionSpec,
  type RunSpec,
  type TaskSpec,
  type ValidationResult,
} from 'digitalhub-tasks';

export function builderExample(): string[] {
  const functionSpec: FunctionSpec = new FunctionBuilder()
    .code('def main():\n    return 1\n')
    .handler('main')
    .pythonVersion('PYTHON3_12')
    .requirement('numpy')
    .toJSON();
  // @ts-expect-error python versions are spelled PYTHON3_X
  new FunctionBuilder().pythonVersion('3.12');

  const reference: string = functionRef('demo', 'echo', 'f1d2');
  const task = TaskBuilder.serve(reference)
    .replicas(2)
    .serviceType('NodePort')
    .env('MODE', 'fast')
    .volume({ volume_type: 'empty_dir', name: 'tmp', mount_path: '/tmp' })
    .resources({ cpu: '1', mem: '1Gi' });
  // @ts-expect-error service types use Kubernetes' casing
  task.serviceType('clusterip');
  // @ts-expect-error a volume needs a known volume_type
  task.volume({ volume_type: 'hostPath', name: 'x', mount_path: '/x' });
  const taskSpec: TaskSpec = task.toJSON();
  const defaultLevel: ValidationResult = task.validate();
  const level13: ValidationResult = task.validate({ apiLevel: 13 });
  const taskProject: string = task.document().project;

  const run = new RunBuilder(taskString('python+serve', 'demo', 't1'), reference)
    .initParameter('model', { size: 'small' })
    .localExecution(false);
  const runSpec: RunSpec = run.toJSON();
  const runKind: string = run.runKind({ apiLevel: 14 });
  // @ts-expect-error API levels are 13, 14 or 15
  run.runKind({ apiLevel: 12 });

  const key = parseKey('store://demo/function/python/echo:f1d2');
  const id: string | undefined = key.id;
  const functionParts = parseFunctionRef(reference);
  const taskId: string = parseTaskString('python+serve://demo/t1').taskId;

  console.log(functionSpec, taskSpec, defaultLevel, level13, runSpec, id, functionParts);
  return [taskProject, runKind, taskId, task.kind];
}
