// bench/check-engine: the check engine over a large normalized inventory, against the floor
// of merely parsing that inventory (JSON.parse), measured in the same run.
//   npm run bench -- check-engine [--quick] [--resources N]
// Last line: `check-engine ratio=<engine time / parse time>`.
import { mkdtempSync, readFileSync, rmSync, statSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { evaluate } from '../src/checks/engine.js';
import { checks } from '../src/checks/registry.js';
import type { Resource } from '../src/domain/resources/index.js';

const args = process.argv.slice(2);
const quick = args.includes('--quick');
const countArg = args.indexOf('--resources');
const total = countArg >= 0 ? Number(args[countArg + 1]) : 200_000;
const rounds = quick ? 3 : 7;

// A deterministic pseudo-random generator, so every run benches the same inventory.
let seed = 42;
const rand = () => ((seed = (seed * 1_103_515_245 + 12_345) % 2 ** 31) / 2 ** 31);
const pick = <T>(xs: T[]): T => xs[Math.floor(rand() * xs.length)]!;
const maybe = <T>(p: number, yes: T, no: T) => (rand() < p ? yes : no);

const statement = (i: number) => ({
  sid: null, effect: 'Allow', actions: maybe(0.02, ['*'], [pick(['s3:GetObject', 's3:PutObject', 'ec2:Describe*', 'logs:PutLogEvents'])]),
  notActions: [], resources: maybe(0.05, ['*'], [`arn:aws:s3:::bucket-${i}/*`]), principals: [], conditions: {},
});

const generators: Record<string, (i: number) => unknown> = {
  'aws.s3.bucket': (i) => ({
    bucketName: `bucket-${i}`, encryption: maybe(0.9, { algorithm: pick(['AES256', 'aws:kms']), kmsKeyId: null }, null), versioning: rand() < 0.8,
    logging: maybe(0.6, { targetBucket: 'access-logs' }, null),
    publicAccessBlock: maybe(0.85, { blockPublicAcls: true, ignorePublicAcls: true, blockPublicPolicy: true, restrictPublicBuckets: true }, null),
    acl: maybe(0.05, 'public-read', null), policy: maybe(0.3, { statements: [statement(i)] }, null),
  }),
  'aws.ec2.security-group': (i) => ({
    groupName: `sg-${i}`, vpcId: 'vpc-1',
    ingress: Array.from({ length: 1 + Math.floor(rand() * 3) }, () => {
      const port = pick([22, 443, 80, 5432, 3389, 8080]);
      return { protocol: 'tcp', fromPort: port, toPort: port, cidrs: [maybe(0.1, '0.0.0.0/0', '10.0.0.0/8')], ipv6Cidrs: [], sourceSecurityGroups: [], description: null, location: null };
    }),
    egress: [{ protocol: '-1', fromPort: 0, toPort: 0, cidrs: ['0.0.0.0/0'], ipv6Cidrs: [], sourceSecurityGroups: [], description: null, location: null }],
  }),
  'aws.rds.instance': () => ({
    engine: pick(['postgres', 'mysql']), storageEncrypted: rand() < 0.9, kmsKeyId: null, backupRetentionDays: pick([0, 1, 7, 14, 35]),
    publiclyAccessible: rand() < 0.05, deletionProtection: rand() < 0.7, multiAz: rand() < 0.6, clusterId: null,
  }),
  'aws.iam.policy': (i) => ({ policyName: `policy-${i}`, document: { statements: [statement(i), statement(i + 1)] }, attachedTo: [] }),
  'aws.ebs.volume': () => ({ encrypted: rand() < 0.9, kmsKeyId: null }),
  'aws.logs.log-group': () => ({ retentionDays: pick([null, 7, 30, 365, 400]), kmsKeyId: maybe(0.3, 'arn:aws:kms:k', null) }),
  'aws.dynamodb.table': () => ({ pointInTimeRecovery: rand() < 0.7, kmsEncryption: rand() < 0.5, kmsKeyId: null, deletionProtection: rand() < 0.5 }),
  'aws.kms.key': () => ({ rotationEnabled: rand() < 0.8, keySpec: 'SYMMETRIC_DEFAULT', enabled: true }),
  'k8s.workload': () => ({
    kind: pick(['Deployment', 'StatefulSet', 'DaemonSet']), namespace: 'default', hostNetwork: false, hostPID: false, hostIPC: false, hostPathVolumes: [],
    serviceAccountName: null, automountServiceAccountToken: null,
    containers: [{
      name: 'app', image: maybe(0.1, 'nginx:latest', 'registry.example.com/app:1.4.2'), init: false,
      securityContext: { privileged: maybe(0.02, true, null), allowPrivilegeEscalation: maybe(0.7, false, null), runAsNonRoot: maybe(0.7, true, null), runAsUser: null, readOnlyRootFilesystem: maybe(0.5, true, null), capabilitiesAdd: [], capabilitiesDrop: ['ALL'] },
      limits: { cpu: '500m', memory: maybe(0.8, '512Mi', null) }, requests: { cpu: '100m', memory: '128Mi' },
      env: [{ name: 'LOG_LEVEL', value: 'info', fromSecret: false, location: null }], livenessProbe: rand() < 0.8, readinessProbe: rand() < 0.8, location: null,
    }],
  }),
};
const types = Object.keys(generators);

function makeInventory(path: string): number {
  const resources: Resource<unknown>[] = [];
  for (let i = 0; i < total; i++) {
    const type = types[i % types.length]!;
    resources.push({ type, id: `${type}.r${i}`, name: null, attributes: generators[type]!(i), source: { kind: 'file', format: 'terraform', path: `infra/m${i % 500}/main.tf`, startLine: 1 + (i % 300), endLine: 20 + (i % 300) } });
  }
  writeFileSync(path, JSON.stringify(resources));
  return statSync(path).size;
}

function median(xs: number[]): number {
  const s = [...xs].sort((a, b) => a - b);
  return s[Math.floor(s.length / 2)]!;
}

function time(fn: () => void): number {
  const t = process.hrtime.bigint();
  fn();
  return Number(process.hrtime.bigint() - t) / 1e6;
}

const dir = mkdtempSync(join(tmpdir(), 'attest-bench-'));
const file = join(dir, 'inventory.json');
try {
  const bytes = makeInventory(file);
  const applicable = new Set<string>(checks.map((c) => c.meta.resourceType));
  console.log(`inventory: ${total} resources of ${types.length} types (${types.filter((t) => applicable.has(t)).length} with checks), ${(bytes / 1e6).toFixed(1)} MB; ${checks.length} checks registered`);
  const parseTimes: number[] = [];
  const engineTimes: number[] = [];
  let results = 0;
  let failing = 0;
  for (let r = 0; r < rounds; r++) {
    // Alternate the order so neither side always runs on a warmer heap.
    const runParse = () => parseTimes.push(time(() => { JSON.parse(readFileSync(file, 'utf8')); }));
    const runEngine = () => engineTimes.push(time(() => {
      const out = evaluate(checks, JSON.parse(readFileSync(file, 'utf8')) as Resource<unknown>[]);
      results = out.length;
      failing = out.reduce((n, x) => n + (x.status === 'fail' ? 1 : 0), 0);
    }));
    if (r % 2 === 0) { runParse(); runEngine(); } else { runEngine(); runParse(); }
  }
  const parse = median(parseTimes);
  const engine = median(engineTimes);
  const peakMb = process.resourceUsage().maxRSS / 1024;
  console.log(`parse only (floor): median ${parse.toFixed(0)} ms over ${rounds} rounds`);
  console.log(`parse + evaluate:   median ${engine.toFixed(0)} ms; ${results} results, ${failing} failing`);
  console.log(`throughput: ${Math.round(total / (engine / 1000))} resources/s; peak RSS ${peakMb.toFixed(0)} MB`);
  console.log(`target: engine <= 1.5x the floor`);
  console.log(`check-engine ratio=${(engine / parse).toFixed(3)}`);
} finally {
  rmSync(dir, { recursive: true, force: true });
}
