// bench/api-load: the API under concurrent load on a large seeded organization, on PGlite and
// on PostgreSQL, against two floors measured in the same run on the same database.
//   npm run bench -- api-load [--quick] [--engine pglite|postgres] [--size small|large] [--duration S] [--connections N]
// Seeds `attest demo` (large; --quick: small) into a fresh database, serves the real app
// (buildApp) in this process, and loads each endpoint from a child process (autocannon, so the
// load generator does not share the server's thread) with 100 connections for 20 s (--quick: 3 s):
//   dashboard:     GET /api/status     (the maintained summary)
//   controls-list: GET /api/controls   (145 controls with derived status)
//   evidence-list: GET /api/evidence   (first page, 100 items, with links and the total)
// Floors, served by a bare Fastify instance in the same process:
//   bare:          GET /floor/bare     a constant JSON object
//   query:         GET /floor/query    one trivial indexed query (an organization by primary key)
// Endpoints authenticate with an API token (read at most once a second while trusted,
// src/app/tokens.service.ts, with the audit head on PostgreSQL); the floors do not.
// Per endpoint: requests/s, its ratio to each floor, p99 latency, the server's RSS before and after.
// DATABASE_URL: use that PostgreSQL database (left with the bench's organization) instead of a
// fresh one on the local server.
// Last line: `api-load ratio=<lowest endpoint throughput / trivial-query floor throughput>`.
import { spawn } from 'node:child_process';
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import Fastify from 'fastify';
import { createServices } from '../src/app/index.js';
import { DemoService, type DemoSize } from '../src/app/demo.service.js';
import { cliPrincipal } from '../src/app/permissions.js';
import { newSecretKey, Secrets } from '../src/app/secrets.js';
import { catalog } from '../src/content/load.js';
import { buildApp } from '../src/http/app.js';
import { FileBlobStore } from '../src/store/blob-store.js';
import { openPglite, openPostgres, type Db } from '../src/store/db.js';
import { createStore } from '../src/store/index.js';
import { migrate } from '../src/store/migrate.js';
import { createPostgresDatabase } from '../test/support/engines.js';

const args = process.argv.slice(2);
const arg = (name: string) => {
  const i = args.indexOf(name);
  return i >= 0 ? args[i + 1] : undefined;
};

interface LoadResult {
  requestsPerSecond: number;
  p99: number;
  requests: number;
  non2xx: number;
  errors: number;
}

// The load generator, run as a child: autocannon against one URL, its summary as JSON on stdout.
if (args[0] === '--load') {
  const { default: autocannon } = await import('autocannon');
  const [, url, connections, duration, auth] = args;
  const r = await autocannon({ url: url!, connections: Number(connections), duration: Number(duration), headers: { 'accept-encoding': 'gzip, deflate, br', ...(auth ? { authorization: auth } : {}) } });
  const out: LoadResult = { requestsPerSecond: r.requests.average, p99: r.latency.p99, requests: r.requests.total, non2xx: r.non2xx, errors: r.errors + r.timeouts };
  process.stdout.write(JSON.stringify(out));
  process.exit(0);
}

const quick = args.includes('--quick');
const size = (arg('--size') ?? (quick ? 'small' : 'large')) as DemoSize;
const DURATION = Number(arg('--duration') ?? (quick ? 3 : 20));
const CONNECTIONS = Number(arg('--connections') ?? 100);
const engineNames = (arg('--engine') ? [arg('--engine')!] : ['pglite', 'postgres']) as ('pglite' | 'postgres')[];
const self = fileURLToPath(import.meta.url);

const mb = (b: number) => `${(b / 1e6).toFixed(0)} MB`;
const gc = () => (globalThis as { gc?: () => void }).gc?.();

function load(url: string, auth: string | null, duration: number): Promise<LoadResult> {
  return new Promise((resolve, reject) => {
    const child = spawn(process.execPath, ['--import', 'tsx', self, '--load', url, String(CONNECTIONS), String(duration), auth ?? ''], { stdio: ['ignore', 'pipe', 'inherit'] });
    let out = '';
    child.stdout.on('data', (d: Buffer) => { out += d.toString(); });
    child.on('error', reject);
    child.on('exit', (code) => {
      if (code !== 0) return reject(new Error(`load generator exited with ${code}`));
      resolve(JSON.parse(out) as LoadResult);
    });
  });
}

async function openEngine(name: 'pglite' | 'postgres'): Promise<{ db: Db; cleanup: () => Promise<void> }> {
  if (name === 'pglite') {
    const dir = mkdtempSync(join(tmpdir(), 'attest-api-load-'));
    const db = await openPglite(dir);
    return { db, cleanup: async () => { await db.close(); rmSync(dir, { recursive: true, force: true }); } };
  }
  if (process.env.DATABASE_URL) {
    const db = await openPostgres(process.env.DATABASE_URL, { max: 20 });
    return { db, cleanup: () => db.close() };
  }
  const { url, drop } = await createPostgresDatabase();
  const db = await openPostgres(url, { max: 20 });
  return { db, cleanup: async () => { await db.close(); await drop(); } };
}

interface Row { engine: string; target: string; rps: number; bare: number; query: number; p99: number; rssBefore: number; rssAfter: number; bad: number }

async function benchEngine(name: 'pglite' | 'postgres'): Promise<Row[]> {
  const { db, cleanup } = await openEngine(name);
  const blobDir = mkdtempSync(join(tmpdir(), 'attest-api-load-blobs-'));
  try {
    await migrate(db);
    const services = createServices({ store: createStore(db, new FileBlobStore(blobDir)), catalog: catalog(), clock: () => new Date(), limits: { maxUploadBytes: 1 << 20 }, secrets: new Secrets(newSecretKey()) });
    const t0 = performance.now();
    let lastLine = 0;
    const seeded = await new DemoService(services.ctx).seed(size, {
      onProgress: (stage, done, total) => {
        if (Date.now() - lastLine < 10_000 && done !== total) return;
        lastLine = Date.now();
        console.log(`  [${name}] seeding ${stage} ${done}/${total} (${((performance.now() - t0) / 1000).toFixed(0)} s)`);
      },
    });
    console.log(`[${name}] seeded demo ${size}: ${seeded.people} people, ${seeded.resources} resources, ${seeded.results} results over ${seeded.scans} runs and ${seeded.days} days, ${seeded.evidence} evidence files, in ${seeded.seconds} s`);
    const org = (await services.workspace.requireOrg());
    const { secret } = await services.tokens.create(org.id, { name: 'api-load bench', role: 'viewer', expiresInDays: null }, cliPrincipal(org.id));

    const app = await buildApp({ services });
    const floor = Fastify({ logger: false });
    floor.get('/floor/bare', async () => ({ ok: true, id: org.id }));
    floor.get('/floor/query', async () => {
      const rows = await db.query<{ id: string; name: string }>('SELECT id, name FROM organizations WHERE id = $1', [org.id]);
      return rows[0];
    });
    const appUrl = await app.listen({ host: '127.0.0.1', port: 0 });
    const floorUrl = await floor.listen({ host: '127.0.0.1', port: 0 });
    const auth = `Bearer ${secret}`;
    const targets: { target: string; url: string; auth: string | null }[] = [
      { target: 'floor: bare', url: `${floorUrl}/floor/bare`, auth: null },
      { target: 'floor: query', url: `${floorUrl}/floor/query`, auth: null },
      { target: 'dashboard', url: `${appUrl}/api/status`, auth },
      { target: 'controls-list', url: `${appUrl}/api/controls`, auth },
      { target: 'evidence-list', url: `${appUrl}/api/evidence`, auth },
    ];
    const results = new Map<string, LoadResult & { rssBefore: number; rssAfter: number }>();
    try {
      for (const t of targets) {
        await load(t.url, t.auth, 1); // warm-up: JIT, caches, the summary row
        gc();
        const rssBefore = process.memoryUsage().rss;
        const r = await load(t.url, t.auth, DURATION);
        gc();
        results.set(t.target, { ...r, rssBefore, rssAfter: process.memoryUsage().rss });
      }
    } finally {
      await app.close();
      await floor.close();
    }
    const bare = results.get('floor: bare')!.requestsPerSecond;
    const query = results.get('floor: query')!.requestsPerSecond;
    return targets.map((t) => {
      const r = results.get(t.target)!;
      return { engine: name, target: t.target, rps: r.requestsPerSecond, bare: r.requestsPerSecond / bare, query: r.requestsPerSecond / query, p99: r.p99, rssBefore: r.rssBefore, rssAfter: r.rssAfter, bad: r.non2xx + r.errors };
    });
  } finally {
    await cleanup();
    rmSync(blobDir, { recursive: true, force: true });
  }
}

console.log(`api-load: demo ${size}, ${CONNECTIONS} connections, ${DURATION} s per target, engines: ${engineNames.join(', ')}`);
const rows: Row[] = [];
for (const name of engineNames) rows.push(...(await benchEngine(name)));
const pad = (s: string, n: number) => s.padEnd(n);
console.log(`\n${pad('engine', 9)}${pad('target', 15)}${pad('req/s', 9)}${pad('/bare', 8)}${pad('/query', 8)}${pad('p99', 9)}${pad('rss before', 12)}${pad('rss after', 11)}failed`);
for (const r of rows) {
  console.log(`${pad(r.engine, 9)}${pad(r.target, 15)}${pad(r.rps.toFixed(0), 9)}${pad(r.bare.toFixed(2), 8)}${pad(r.query.toFixed(2), 8)}${pad(`${r.p99} ms`, 9)}${pad(mb(r.rssBefore), 12)}${pad(mb(r.rssAfter), 11)}${r.bad}`);
}
const endpoints = rows.filter((r) => !r.target.startsWith('floor'));
const failed = endpoints.reduce((n, r) => n + r.bad, 0);
if (failed > 0) console.log(`\n${failed} requests failed (non-2xx or errors): the figures above do not stand.`);
const ratio = Math.min(...endpoints.map((r) => r.query));
console.log(`api-load ratio=${ratio.toFixed(2)}`);
process.exit(failed > 0 ? 1 : 0);
