// `attest worker` processes (the built binary) sharing a PostgreSQL database. A test-only job
// (ATTEST_ENABLE_TEST_JOBS=1) marks each attempt with a file, waits for a release file, then
// adds one evidence file: so the test can kill (SIGKILL), pause (SIGSTOP) or stop (SIGTERM)
// the worker in the middle of the job, and count what was written.
import { spawn, type ChildProcess } from 'node:child_process';
import { existsSync, readdirSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { Queue } from '../../src/jobs/queue.js';
import { JOBS, jobRegistry, TEST_JOBS } from '../../src/jobs/registry.js';
import { openPostgres, type Db } from '../../src/store/db.js';
import { attest, baseEnv, BIN, tempDir } from '../cli/harness.js';
import { createPostgresDatabase } from '../support/engines.js';
import { servicesOn, type TestServices } from '../support/services.js';

interface WorkerProc {
  proc: ChildProcess;
  pid: number;
  /** The worker's id, as recorded in job runs. */
  id: string;
  lines: () => Record<string, unknown>[];
  output: () => string;
  exited: Promise<number | null>;
}

const sleep = (ms: number) => new Promise((r) => setTimeout(r, ms));

async function until<T>(what: string, probe: () => T | null | undefined | false | Promise<T | null | undefined | false>, timeoutMs = 20_000): Promise<T> {
  const deadline = Date.now() + timeoutMs;
  for (;;) {
    const v = await probe();
    if (v) return v;
    if (Date.now() > deadline) throw new Error(`timed out waiting for ${what}`);
    await sleep(50);
  }
}

describe('attest worker processes on PostgreSQL', () => {
  let pg: { url: string; drop: () => Promise<void> };
  let db: Db;
  let s: TestServices;
  let orgId: string;
  let queue: Queue;
  const cwd = tempDir();
  const workers: WorkerProc[] = [];

  const env = () => ({
    DATABASE_URL: pg.url, ATTEST_ENABLE_TEST_JOBS: '1', ATTEST_JOB_LEASE_SECONDS: '2', ATTEST_WORKER_POLL_MS: '100',
    ATTEST_WORKER_GRACE_SECONDS: '1', ATTEST_LOG_LEVEL: 'info', ATTEST_DATA_DIR: join(cwd, 'data'),
  });

  function startWorker(): Promise<WorkerProc> {
    return new Promise((resolve, reject) => {
      const proc = spawn(process.execPath, [BIN, 'worker'], { cwd, env: baseEnv(env()), stdio: ['ignore', 'pipe', 'pipe'] });
      let out = '';
      const exited = new Promise<number | null>((r) => proc.on('exit', (code) => r(code)));
      const lines = () => out.split('\n').filter((l) => l.startsWith('{')).map((l) => JSON.parse(l) as Record<string, unknown>);
      const timer = setTimeout(() => reject(new Error(`worker did not start:\n${out}`)), 20_000);
      const onData = (d: Buffer) => {
        out += d.toString();
        const started = lines().find((l) => l.msg === 'worker started');
        if (started) {
          clearTimeout(timer);
          proc.stdout!.off('data', onData);
          proc.stdout!.on('data', (more: Buffer) => { out += more.toString(); });
          const w: WorkerProc = { proc, pid: proc.pid!, id: String(started.worker), lines, output: () => out, exited };
          workers.push(w);
          resolve(w);
        }
      };
      proc.stdout!.on('data', onData);
      proc.stderr!.on('data', (d: Buffer) => { out += d.toString(); });
      void exited.then((code) => { clearTimeout(timer); if (!workers.some((w) => w.proc === proc)) reject(new Error(`worker exited with ${code}:\n${out}`)); });
    });
  }

  /** Enqueues the gated job; returns its id and gate folder. */
  async function gatedJob(): Promise<{ id: string; gate: string }> {
    const gate = tempDir('attest-gate-');
    s.now.value = new Date();
    const { job } = await queue.enqueue(orgId, 'test-gated-evidence', { gateDir: gate, control: 'GOV-01' });
    return { id: job.id, gate };
  }
  /** The attempt markers in a gate folder: `claimed-<pid>-<attempt>`, `committed-<pid>-<attempt>`. */
  const markers = (gate: string, kind: 'claimed' | 'committed') => readdirSync(gate).filter((f) => f.startsWith(`${kind}-`)).sort();
  const claimedBy = (gate: string, attempt: number) => until(`attempt ${attempt} to start`, () => markers(gate, 'claimed').find((m) => m.endsWith(`-${attempt}`)));
  const pidOf = (marker: string) => Number(marker.split('-')[1]);
  const evidenceOf = async (jobId: string) => (await db.query<{ id: string }>('SELECT id FROM evidence WHERE org_id = $1 AND description = $2', [orgId, `written by job ${jobId}`])).map((r) => r.id);
  const auditAdds = async (evidenceIds: string[]) => (await db.query('SELECT seq FROM audit_log WHERE org_id = $1 AND action = $2 AND entity_id = ANY($3::text[])', [orgId, 'evidence.add', evidenceIds])).length;
  const completed = (id: string) => until('the job to complete', async () => {
    const j = await s.jobs.get(orgId, id);
    return j.state === 'completed' ? j : null;
  });

  beforeAll(async () => {
    pg = await createPostgresDatabase();
    const init = await attest(['init', '--org', 'Workers Co'], { cwd, env: env() });
    expect(init.code, init.stderr).toBe(0);
    db = await openPostgres(pg.url, { max: 4 });
    s = servicesOn(db);
    orgId = (await s.workspace.requireOrg()).id;
    queue = new Queue(s.ctx, jobRegistry([...JOBS, ...TEST_JOBS]));
  });
  afterAll(async () => {
    for (const w of workers) if (w.proc.exitCode === null && w.proc.signalCode === null) { w.proc.kill('SIGCONT'); w.proc.kill('SIGKILL'); }
    await Promise.all(workers.map((w) => w.exited));
    await db?.close();
    await pg?.drop();
  });

  it('refuses to start without DATABASE_URL, naming the embedded alternative', async () => {
    const r = await attest(['worker'], { cwd: tempDir() });
    expect(r.code).toBe(2);
    expect(r.stderr).toMatch(/attest worker needs a PostgreSQL server: set DATABASE_URL/);
    expect(r.stderr).toMatch(/`attest serve` runs the jobs/);
  });

  it('two workers, one killed with SIGKILL in the middle of a job: the other completes it once, the evidence is written once', async () => {
    const [a, b] = await Promise.all([startWorker(), startWorker()]);
    const { id, gate } = await gatedJob();
    const first = await claimedBy(gate, 1);
    const holder = [a, b].find((w) => w.pid === pidOf(first))!;
    const other = holder === a ? b : a;
    holder.proc.kill('SIGKILL');
    expect(await holder.exited).toBeNull();

    const second = await claimedBy(gate, 2); // after the killed worker's 2 s lease expired
    expect(pidOf(second)).toBe(other.pid);
    expect(await evidenceOf(id)).toEqual([]); // the killed attempt wrote nothing
    writeFileSync(join(gate, 'release'), '');

    const job = await completed(id);
    expect(job).toMatchObject({ state: 'completed', attempts: 2 });
    expect(job.runs.map((r) => [r.worker, r.attempt, r.outcome])).toEqual([[holder.id, 1, 'abandoned'], [other.id, 2, 'completed']]);
    const evidence = await evidenceOf(id);
    expect(evidence).toHaveLength(1);
    expect(job.result).toEqual({ evidenceId: evidence[0] });
    expect(await auditAdds(evidence)).toBe(1);
    await until('the commit marker', () => markers(gate, 'committed').length === 1);
    expect(markers(gate, 'committed')).toEqual([`committed-${other.pid}-2`]);

    // The survivor logged the job by ids and durations: JSON lines, no payload, no file paths.
    const done = other.lines().find((l) => l.msg === 'job completed' && l.jobId === id);
    expect(done).toMatchObject({ job: 'test-gated-evidence', org: orgId, attempt: 2, worker: other.id });
    expect(typeof done!.durationMs).toBe('number');
    expect(other.output()).not.toContain(gate);
    expect(other.output()).not.toContain('Workers Co');
  }, 60_000);

  it('a worker paused past its lease (SIGSTOP) resumes after another finished the job: its commit is refused, nothing is duplicated', async () => {
    await startWorker();
    const alive = workers.filter((w) => w.proc.exitCode === null && w.proc.signalCode === null);
    expect(alive).toHaveLength(2);
    const { id, gate } = await gatedJob();
    const first = await claimedBy(gate, 1);
    const paused = alive.find((w) => w.pid === pidOf(first))!;
    const other = alive.find((w) => w !== paused)!;
    paused.proc.kill('SIGSTOP');
    expect(pidOf(await claimedBy(gate, 2))).toBe(other.pid);
    writeFileSync(join(gate, 'release'), '');
    await completed(id);

    paused.proc.kill('SIGCONT'); // it wakes up, sees the release file, and tries to commit: refused
    await until('the paused attempt to end', () => readdirSync(gate).find((f) => f.endsWith(`-${paused.pid}-1`) && !f.startsWith('claimed')));
    expect(markers(gate, 'committed')).toEqual([`committed-${other.pid}-2`]);
    expect(readdirSync(gate)).toContain(`refused-${paused.pid}-1`);
    await until('the paused worker to log it lost the job', () => paused.lines().some((l) => l.jobId === id && String(l.msg).startsWith('lease lost')));
    expect(await evidenceOf(id)).toHaveLength(1);
    const job = await s.jobs.get(orgId, id);
    expect(job).toMatchObject({ state: 'completed', attempts: 2 });
    expect(job.runs.map((r) => [r.worker, r.outcome])).toEqual([[paused.id, 'abandoned'], [other.id, 'completed']]);
    expect(markers(gate, 'committed')).toEqual([`committed-${other.pid}-2`]);
    const verify = await attest(['verify'], { cwd, env: env() }); // every evidence file and audit entry, as the workers stored them
    expect(verify.code, verify.stdout).toBe(0);
  }, 60_000);

  it('SIGTERM releases a job that does not finish within the grace period, exits 0, and another worker runs it as the same attempt', async () => {
    const alive = workers.filter((w) => w.proc.exitCode === null && w.proc.signalCode === null);
    const { id, gate } = await gatedJob();
    const first = await claimedBy(gate, 1);
    const stopping = alive.find((w) => w.pid === pidOf(first))!;
    const other = alive.find((w) => w !== stopping)!;
    const t0 = Date.now();
    stopping.proc.kill('SIGTERM');
    expect(await stopping.exited).toBe(0);
    expect(Date.now() - t0).toBeLessThan(10_000); // the 1 s grace, not a lease expiry
    expect(stopping.lines().some((l) => l.jobId === id && l.msg === 'job released for another worker')).toBe(true);

    const again = await claimedBy(gate, 1).then(() => until('the other worker to claim it', () => markers(gate, 'claimed').find((m) => pidOf(m) === other.pid)));
    expect(again).toBe(`claimed-${other.pid}-1`);
    writeFileSync(join(gate, 'release'), '');
    const job = await completed(id);
    expect(job).toMatchObject({ attempts: 1 });
    expect(job.runs.map((r) => [r.worker, r.attempt, r.outcome])).toEqual([[stopping.id, 1, 'released'], [other.id, 1, 'completed']]);
    expect(await evidenceOf(id)).toHaveLength(1);

    other.proc.kill('SIGTERM');
    expect(await other.exited).toBe(0);
    expect(existsSync(join(gate, 'release'))).toBe(true);
  }, 60_000);

  it('the jobs and their runs are visible through `attest jobs`', async () => {
    const r = await attest(['jobs', '--json', '--limit', '3'], { cwd, env: env() });
    expect(r.code, r.stderr).toBe(0);
    const jobs = JSON.parse(r.stdout) as { name: string; state: string; runs: { outcome: string; durationMs: number | null }[] }[];
    expect(jobs).toHaveLength(3);
    expect(jobs.every((j) => j.name === 'test-gated-evidence' && j.state === 'completed')).toBe(true);
    expect(jobs.map((j) => j.runs.map((x) => x.outcome))).toEqual([['released', 'completed'], ['abandoned', 'completed'], ['abandoned', 'completed']]);
    expect(jobs.flatMap((j) => j.runs).every((x) => typeof x.durationMs === 'number')).toBe(true);
  });
});
