// Times validateTask in Node on a realistic serve task spec of about 1 KB and on one of about
// 10 KB (more envs and volumes). Prints microseconds per call and per KB of spec JSON.
//
// Usage: npm run bench   (builds pkg/ first)   or   node bench/validate.mjs [iterations]
import { init, validateTask } from '../js/index.js';

const ITERATIONS = Number(process.argv[2] ?? 20000);
const WARMUP = Math.min(2000, ITERATIONS);

function serveTask({ envs, volumes }) {
  return {
    function: 'python://demo/echo-service:0123456789abcdef0123456789abcdef',
    replicas: 2,
    service_type: 'ClusterIP',
    service_name: 'echo',
    resources: { cpu: '500m', mem: '1Gi', gpu: '1', disk: '10Gi' },
    envs: Array.from({ length: envs }, (_, i) => ({ name: `SETTING_${i}`, value: `value-${i}` })),
    secrets: ['api-key', 'database-password'],
    volumes: Array.from({ length: volumes }, (_, i) => ({
      volume_type: i % 2 === 0 ? 'persistent_volume_claim' : 'empty_dir',
      name: `data-${i}`,
      mount_path: `/data/${i}`,
      spec: i % 2 === 0 ? { size: '2Gi' } : { sizeLimit: '128Mi' },
    })),
    profile: 'cpu-small',
  };
}

function measure(label, spec) {
  const bytes = Buffer.byteLength(JSON.stringify(spec));
  const first = validateTask('python+serve', spec);
  for (let i = 0; i < WARMUP; i += 1) {
    validateTask('python+serve', spec);
  }
  const started = process.hrtime.bigint();
  for (let i = 0; i < ITERATIONS; i += 1) {
    validateTask('python+serve', spec);
  }
  const elapsedNs = Number(process.hrtime.bigint() - started);
  const perCallUs = elapsedNs / ITERATIONS / 1000;
  const perKbUs = perCallUs / (bytes / 1000);
  console.log(
    `${label}: ${bytes} bytes, valid=${first.valid} issues=${first.issues.length}, ` +
      `${perCallUs.toFixed(2)} µs per call, ${perKbUs.toFixed(2)} µs per KB ` +
      `(${ITERATIONS} calls after ${WARMUP} warm-up calls)`,
  );
}

// Reference point: the JSON round trip alone in plain JS, which bounds the boundary's share.
function measureJsonRoundTrip(label, spec) {
  const started = process.hrtime.bigint();
  for (let i = 0; i < ITERATIONS; i += 1) {
    JSON.parse(JSON.stringify(spec));
  }
  const perCallUs = Number(process.hrtime.bigint() - started) / ITERATIONS / 1000;
  console.log(`${label}: JSON.parse(JSON.stringify(spec)) in JS, ${perCallUs.toFixed(2)} µs per call`);
}

await init();
console.log(`node ${process.version}, ${process.arch}`);
const small = serveTask({ envs: 13, volumes: 2 });
const large = serveTask({ envs: 180, volumes: 24 });
measure('~1 KB serve task', small);
measureJsonRoundTrip('~1 KB serve task', small);
measure('~10 KB serve task', large);
measureJsonRoundTrip('~10 KB serve task', large);
