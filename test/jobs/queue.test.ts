// The job queue on both engines, driven one attempt at a time with a controlled clock:
// idempotency keys, retries with backoff, permanent errors, timeouts, lease expiry with
// fencing (a stale attempt writes nothing), exhausted attempts, graceful release.
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { AppError, invalid } from '../../src/domain/errors.js';
import { silentLogger } from '../../src/jobs/log.js';
import { Queue } from '../../src/jobs/queue.js';
import { jobRegistry } from '../../src/jobs/registry.js';
import { defineJob, type AnyJob, type JobDeps } from '../../src/jobs/types.js';
import { Worker } from '../../src/jobs/worker.js';
import type { Db } from '../../src/store/db.js';
import { engines } from '../support/engines.js';
import { servicesOn, type TestServices } from '../support/services.js';

const deps: JobDeps = { collectors: async () => { throw new Error('no collectors in these tests'); }, scanRoot: '.', version: 'test' };

/** A gate a job can wait on, opened by the test. */
function gate() {
  let open!: () => void;
  const opened = new Promise<void>((r) => { open = r; });
  return { opened, open };
}

const effect = (name: string) => ({ filename: `${name}.txt`, controls: ['GOV-01'], description: name, source: 'job' });

describe.each(engines)('job queue on $name', (engine) => {
  let db: Db;
  let s: TestServices;
  let t0: number;
  const tries = new Map<string, number>();
  const gates = new Map<string, ReturnType<typeof gate>>();
  const attempt = (key: string) => { const n = (tries.get(key) ?? 0) + 1; tries.set(key, n); return n; };

  const jobs: AnyJob[] = [
    defineJob<{ k: string; failures: number }, { tries: number }>({
      name: 'flaky', description: 'fails `failures` times, then writes evidence', retry: { attempts: 4, backoffSeconds: 10, factor: 3, maxSeconds: 60 }, timeoutSeconds: 10,
      parse: (p) => p as { k: string; failures: number }, key: (p) => `flaky:${p.k}`,
      async perform(p, jc) {
        const n = attempt(p.k);
        if (n <= p.failures) throw new Error(`flaky failure ${n}`);
        return jc.commit(async ({ services }) => {
          await services.evidence.add(jc.orgId, effect(p.k), new TextEncoder().encode(`${p.k}\n`), `job:${jc.jobId}`);
          return { tries: n };
        });
      },
    }),
    defineJob<{ k: string }, null>({
      name: 'always-fails', description: '', retry: { attempts: 3, backoffSeconds: 1, factor: 2, maxSeconds: 1.5 }, timeoutSeconds: 10,
      parse: (p) => p as { k: string }, key: (p) => `always:${p.k}`,
      async perform() { throw new AppError('database_unavailable', 'still down'); },
    }),
    defineJob<{ k: string }, null>({
      name: 'bad-input', description: '', retry: { attempts: 5, backoffSeconds: 1, factor: 1, maxSeconds: 1 }, timeoutSeconds: 10,
      parse: (p) => p as { k: string }, key: (p) => `bad:${p.k}`,
      async perform() { throw invalid([{ field: 'payload.k', code: 'unknown_id', message: 'no such thing' }]); },
    }),
    defineJob<{ k: string }, null>({
      name: 'hangs', description: '', retry: { attempts: 2, backoffSeconds: 5, factor: 1, maxSeconds: 5 }, timeoutSeconds: 0.2,
      parse: (p) => p as { k: string }, key: (p) => `hangs:${p.k}`,
      perform: (_p, jc) => new Promise((_, reject) => jc.signal.addEventListener('abort', () => reject(jc.signal.reason))),
    }),
    defineJob<{ k: string; attempts?: number }, { attempt: number }>({
      name: 'gated', description: 'the first attempt waits for its gate, then writes evidence', retry: { attempts: 3, backoffSeconds: 1, factor: 1, maxSeconds: 1 }, timeoutSeconds: 60,
      parse: (p) => p as { k: string }, key: (p) => `gated:${p.k}`,
      async perform(p, jc) {
        if (jc.attempt === 1) await gates.get(p.k)!.opened;
        return jc.commit(async ({ services }) => {
          await services.evidence.add(jc.orgId, effect(p.k), new TextEncoder().encode(`${p.k}\n`), `job:${jc.jobId}`);
          return { attempt: jc.attempt };
        });
      },
    }),
    defineJob<{ k: string }, null>({
      name: 'one-shot', description: 'one attempt only; waits for its gate', retry: { attempts: 1, backoffSeconds: 1, factor: 1, maxSeconds: 1 }, timeoutSeconds: 60,
      parse: (p) => p as { k: string }, key: (p) => `one:${p.k}`,
      async perform(p) { await gates.get(p.k)!.opened; return null; },
    }),
  ];
  const registry = jobRegistry(jobs);
  let queue: Queue;
  let orgId: string;
  const worker = (id: string, over: Partial<ConstructorParameters<typeof Worker>[3]> = {}) =>
    new Worker(s.ctx, registry, deps, { id, leaseMs: 60_000, pollMs: 20, graceMs: 100, scheduleEveryMs: 0, log: silentLogger, ...over });
  const at = (seconds: number) => { s.now.value = new Date(t0 + seconds * 1000); };
  const job = async (id: string) => (await s.jobs.get(orgId, id));
  const evidenceFor = async (k: string) => (await s.evidence.list(orgId, {}, { limit: 500 })).items.filter((e) => e.description === k);

  beforeAll(async () => {
    db = await engine.open();
    s = servicesOn(db);
    t0 = s.now.value.getTime();
    orgId = (await s.workspace.init({ name: 'Queue Co' }, 'test')).org.id;
    queue = new Queue(s.ctx, registry);
  });
  afterAll(async () => db?.close());

  it('enqueues a key once: the second enqueue returns the first job', async () => {
    at(0);
    const a = await queue.enqueue(orgId, 'flaky', { k: 'idem', failures: 0 });
    const b = await queue.enqueue(orgId, 'flaky', { k: 'idem', failures: 0 });
    const c = await queue.enqueue(orgId, 'flaky', { k: 'idem-2', failures: 0 });
    expect([a.created, b.created, c.created]).toEqual([true, false, true]);
    expect(b.job.id).toBe(a.job.id);
    expect(c.job.id).not.toBe(a.job.id);
    await expect(queue.enqueue(orgId, 'nope', {})).rejects.toMatchObject({ code: 'invalid_input', fields: [{ field: 'name', code: 'unknown_id' }] });
    // Drain them so later tests see only their own jobs.
    const w = worker('drain');
    expect((await w.runOnce())?.outcome).toBe('completed');
    expect((await w.runOnce())?.outcome).toBe('completed');
    expect(await w.runOnce()).toBeNull();
  });

  it('retries a failing job after a backoff that grows by its factor, then completes it once', async () => {
    at(100);
    const { job: created } = await queue.enqueue(orgId, 'flaky', { k: 'backoff', failures: 2 });
    const w = worker('w1');
    expect(await w.runOnce()).toMatchObject({ jobId: created.id, outcome: 'retrying' });
    let j = await job(created.id);
    expect(j).toMatchObject({ state: 'queued', attempts: 1, lastError: { code: 'internal', message: 'flaky failure 1' } });
    expect(j.runAt).toBe(new Date(t0 + 110_000).toISOString()); // 10 s

    at(109);
    expect(await w.runOnce()).toBeNull(); // not due yet
    at(110);
    expect(await w.runOnce()).toMatchObject({ outcome: 'retrying' });
    j = await job(created.id);
    expect(j.runAt).toBe(new Date(t0 + 140_000).toISOString()); // 10 s × 3

    at(139);
    expect(await w.runOnce()).toBeNull();
    at(140);
    expect(await w.runOnce()).toMatchObject({ outcome: 'completed' });
    j = await job(created.id);
    expect(j).toMatchObject({ state: 'completed', attempts: 3, lastError: null, result: { tries: 3 }, finishedAt: new Date(t0 + 140_000).toISOString() });
    expect(j.runs.map((r) => [r.attempt, r.outcome, r.error?.code ?? null])).toEqual([[1, 'failed', 'internal'], [2, 'failed', 'internal'], [3, 'completed', null]]);
    expect(j.runs.every((r) => r.worker === 'w1' && r.durationMs !== null)).toBe(true);
    expect(await evidenceFor('backoff')).toHaveLength(1);
  });

  it('caps the backoff and fails the job for good after its last attempt', async () => {
    at(200);
    const { job: created } = await queue.enqueue(orgId, 'always-fails', { k: 'x' });
    const w = worker('w1');
    expect((await w.runOnce())?.outcome).toBe('retrying');
    expect((await job(created.id)).runAt).toBe(new Date(t0 + 201_000).toISOString()); // 1 s
    at(201);
    expect((await w.runOnce())?.outcome).toBe('retrying');
    expect((await job(created.id)).runAt).toBe(new Date(t0 + 202_500).toISOString()); // min(2 s, 1.5 s)
    at(203);
    expect((await w.runOnce())?.outcome).toBe('failed');
    const j = await job(created.id);
    expect(j).toMatchObject({ state: 'failed', attempts: 3, lastError: { code: 'database_unavailable', message: 'still down' } });
    expect(j.runs.map((r) => r.outcome)).toEqual(['failed', 'failed', 'failed']);
    at(10_000);
    expect(await w.runOnce()).toBeNull();
  });

  it('does not retry an error a retry cannot fix', async () => {
    at(300);
    const { job: created } = await queue.enqueue(orgId, 'bad-input', { k: 'x' });
    expect((await worker('w1').runOnce())?.outcome).toBe('failed');
    expect(await job(created.id)).toMatchObject({ state: 'failed', attempts: 1, maxAttempts: 5, lastError: { code: 'invalid_input' } });
  });

  it('abandons an attempt that runs past its timeout and retries it', async () => {
    at(400);
    const { job: created } = await queue.enqueue(orgId, 'hangs', { k: 'x' });
    expect((await worker('w1').runOnce())?.outcome).toBe('retrying');
    expect(await job(created.id)).toMatchObject({ state: 'queued', attempts: 1, lastError: { code: 'timeout' } });
    at(405);
    expect((await worker('w1').runOnce())?.outcome).toBe('failed');
    expect(await job(created.id)).toMatchObject({ state: 'failed', attempts: 2, lastError: { code: 'timeout' } });
  });

  it('gives a job whose lease expired to another worker; the stale attempt writes nothing when it resumes', async () => {
    at(500);
    gates.set('lease', gate());
    const { job: created } = await queue.enqueue(orgId, 'gated', { k: 'lease' });
    const a = worker('worker-a');
    const first = a.runOnce(); // claims, then waits on the gate
    await expect.poll(async () => (await job(created.id)).state).toBe('running');
    const b = worker('worker-b');
    expect(await b.runOnce()).toBeNull(); // the lease still holds
    at(500 + 61); // past the 60 s lease: worker-a stopped renewing (it is stuck, or dead)
    expect(await b.runOnce()).toMatchObject({ jobId: created.id, outcome: 'completed' });
    gates.get('lease')!.open(); // worker-a resumes and tries to commit
    expect((await first)?.outcome).toBe('lost');
    const j = await job(created.id);
    expect(j).toMatchObject({ state: 'completed', attempts: 2, result: { attempt: 2 } });
    expect(j.runs.map((r) => [r.worker, r.outcome])).toEqual([['worker-a', 'abandoned'], ['worker-b', 'completed']]);
    expect(await evidenceFor('lease')).toHaveLength(1);
    expect((await s.verify().run(orgId)).ok).toBe(true);
  });

  it('fails a job whose worker died on its last attempt', async () => {
    at(600);
    gates.set('dies', gate());
    const { job: created } = await queue.enqueue(orgId, 'one-shot', { k: 'dies' });
    const dying = worker('worker-a').runOnce();
    await expect.poll(async () => (await job(created.id)).state).toBe('running');
    at(600 + 61);
    expect(await worker('worker-b').runOnce()).toBeNull();
    const j = await job(created.id);
    expect(j).toMatchObject({ state: 'failed', attempts: 1, lastError: { code: 'lease_expired' } });
    expect(j.runs.map((r) => r.outcome)).toEqual(['abandoned']);
    gates.get('dies')!.open();
    expect((await dying)?.outcome).toBe('lost');
    expect((await job(created.id)).state).toBe('failed');
  });

  it('on stop, releases a job that does not finish within the grace period; the next worker runs it as the same attempt', async () => {
    at(700);
    gates.set('stop', gate());
    const { job: created } = await queue.enqueue(orgId, 'gated', { k: 'stop' });
    const a = worker('worker-a', { graceMs: 50 });
    a.start();
    await expect.poll(async () => (await job(created.id)).state).toBe('running');
    await a.stop();
    let j = await job(created.id);
    expect(j).toMatchObject({ state: 'queued', attempts: 0 });
    expect(j.runs.map((r) => [r.worker, r.outcome])).toEqual([['worker-a', 'released']]);
    gates.get('stop')!.open();
    at(701);
    expect((await worker('worker-b').runOnce())?.outcome).toBe('completed');
    j = await job(created.id);
    expect(j).toMatchObject({ state: 'completed', attempts: 1 });
    expect(j.runs.map((r) => [r.worker, r.attempt, r.outcome])).toEqual([['worker-a', 1, 'released'], ['worker-b', 1, 'completed']]);
    expect(await evidenceFor('stop')).toHaveLength(1);
  });

  it('on stop, lets a job that finishes within the grace period complete', async () => {
    at(800);
    gates.set('finish', gate());
    const { job: created } = await queue.enqueue(orgId, 'gated', { k: 'finish' });
    const a = worker('worker-a', { graceMs: 5000 });
    a.start();
    await expect.poll(async () => (await job(created.id)).state).toBe('running');
    const stopping = a.stop();
    setTimeout(() => gates.get('finish')!.open(), 50);
    await stopping;
    expect(await job(created.id)).toMatchObject({ state: 'completed', attempts: 1 });
  });

  it('lists jobs newest first, filtered by state, bounded', async () => {
    const failed = await s.jobs.list(orgId, { status: 'failed' });
    expect(failed.length).toBeGreaterThanOrEqual(3);
    expect(failed.every((j) => j.state === 'failed')).toBe(true);
    const two = await s.jobs.list(orgId, { limit: 2 });
    expect(two).toHaveLength(2);
    expect(two[0]!.createdAt >= two[1]!.createdAt).toBe(true);
    const other = (await s.workspace.init({ name: 'ignored' }, 'test')).org.id;
    expect(other).toBe(orgId); // one workspace organization; isolation is by the org id in every key:
    expect(await s.jobs.list('00000000-0000-4000-8000-000000000000')).toEqual([]);
  });
});
