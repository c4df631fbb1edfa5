// Typed usage of Client and Run as a consumer writes it. It is compiled with `tsc --noEmit
// --strict` against the packed package like usage.ts; each @ts-expect-error line must fail to
// type-check, or tsc reports the directive as unused.
import {
  AbortError,
  Client,
  HttpError,
  NetworkError,
  RunFailedError,
  TimeoutError,
  ValidationError,
  type ClientOptions,
  type InvokeOptions,
  type RunEntity,
  type WaitOptions,
} from 'digitalhub-tasks';

export async function serveAndCall(signal: AbortSignal): Promise<string> {
  const options: ClientOptions = {
    endpoint: 'http://127.0.0.1:8090',
    project: 'demo',
    tokenProvider: async () => 'token',
    apiLevel: 'auto',
  };
  const client = new Client(options);
  await client.configuration();
  const level: number | undefined = client.apiLevel;
  await client.ensureProject({ signal });

  const fn = await client.createFunction({
    name: 'echo',
    code: 'def serve(context, event):\n    return event.body\n',
    handler: 'serve',
    pythonVersion: 'PYTHON3_10',
    requirements: [],
  });
  const run = await client.run(fn, 'serve', { replicas: 1, resources: { cpu: '1', mem: '1Gi' } });
  const states: string[] = [];
  const waitOptions: WaitOptions = {
    until: 'ready',
    timeoutMs: 60_000,
    signal,
    onState: (state: string, current: RunEntity) => {
      states.push(`${state} ${current.id}`);
    },
  };
  const ready: RunEntity = await run.wait(waitOptions);
  const url: string | undefined = ready.status?.service?.url;

  const call: InvokeOptions = { path: '/', json: { name: 'Ada' }, headers: { 'X-Trace': '1' } };
  const response = await run.invoke(call);
  const status: number = response.status;
  const headers: Record<string, string> = response.headers;
  const parsed: unknown = response.json();
  const direct = await run.invoke({ direct: true, method: 'PUT', body: new Uint8Array([1]) });

  const runs: RunEntity[] = await client.listRuns({ state: 'RUNNING' });
  const logs = await run.logs();
  await run.stop();
  await run.wait({ until: 'terminal' });
  await run.delete();

  // @ts-expect-error: the action must be job, serve or build
  await client.run(fn, 'deploy');
  // @ts-expect-error: until is "ready" or "terminal"
  await run.wait({ until: 'running' });
  // @ts-expect-error: apiLevel 12 does not exist
  new Client({ endpoint: 'http://h', project: 'p', apiLevel: 12 });

  return [level, url, status, headers, parsed, direct.ok, runs.length, logs.length, states]
    .map(String)
    .join(' ');
}

export function describe(error: unknown): string {
  if (error instanceof ValidationError) {
    return error.issues.map((issue) => issue.path).join(', ');
  }
  if (error instanceof HttpError) {
    return `${error.status} ${error.errorCode ?? ''}`;
  }
  if (error instanceof TimeoutError || error instanceof AbortError) {
    return error.code;
  }
  if (error instanceof RunFailedError) {
    return `${error.state} ${error.statusMessage ?? ''}`;
  }
  if (error instanceof NetworkError) {
    return error.message;
  }
  return String(error);
}
