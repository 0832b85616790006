// Scan runs recorded in the workspace. The scan itself runs where the files are (the CLI);
// the workspace keeps the run's log and tallies, and its results as change-only history
// (only what changed since the current state is written). The controls the checks evidence
// take their status from the current results.
import { randomUUID } from 'node:crypto';
import { checks as registry } from '../checks/registry.js';
import type { AnyCheck } from '../checks/types.js';
import { conflict, invalid, notFound, type FieldError } from '../domain/errors.js';
import type { CheckTallyForStatus } from '../domain/status.js';
import type { CheckTally, ScanRun, SettleOutcome, StoredResult } from '../store/index.js';
import type { Actor, AppContext } from './context.js';
import { isUuid } from '../domain/ids.js';

export interface ScanInput {
  startedAt: string;
  finishedAt: string;
  targets: string[];
  results: StoredResult[];
  /**
   * The checks the scan ran. Open results of these checks, from earlier runs of the same
   * targets, that this run lacks are closed (the resource is gone). Default: the checks
   * this run has results for.
   */
  checks?: string[];
}

export type RunMeta = Omit<ScanInput, 'results'>;

/** The job every ingest queues to settle its changes into intervals (src/jobs/settle-history.ts). */
export const SETTLE_HISTORY_JOB = { name: 'settle-history', attempts: 5 } as const;

/**
 * Settles the organization's pending result changes into intervals (ScansRepo.settle), if it
 * has any: what the settle-history job does, and what every reader of intervals does first,
 * so that a read never misses a recorded run. Null when nothing was pending.
 */
export async function settleHistory(ctx: AppContext, orgId: string): Promise<SettleOutcome | null> {
  const { store } = ctx;
  if (!(await store.repos.scans.hasPending(orgId))) return null;
  const out = await store.transaction(async (repos) => {
    await repos.scans.lockOrg(orgId);
    return repos.scans.settle(orgId);
  });
  await maintainEmbedded(ctx);
  return out;
}

/**
 * A server's autovacuum and checkpointer reclaim the rows settling closes and deletes and
 * recycle the write-ahead log; the embedded engine runs neither, so after an ingest or a settle
 * this does their work when it is due.
 */
async function maintainEmbedded(ctx: AppContext): Promise<void> {
  const { store } = ctx;
  if (store.engine !== 'pglite') return;
  await store.repos.scans.vacuumIfBloated();
  await store.repos.scans.checkpointIfDue();
}

/** Month partitions of result_intervals this process has made sure of, per store (partitions are never dropped). */
const knownPartitions = new WeakMap<object, Set<string>>();

export const RESULT_STATUSES = ['pass', 'fail', 'not_applicable', 'unknown', 'error', 'suppressed'] as const;
export const MAX_RESULTS = 500_000;

/** Library control → the checks that evidence it. */
export function checksByControl(checks: AnyCheck[] = registry): Map<string, AnyCheck[]> {
  const out = new Map<string, AnyCheck[]>();
  for (const c of checks) for (const id of c.meta.controls) out.set(id, [...(out.get(id) ?? []), c]);
  return out;
}

/** A check's current results, for status derivation, and when a run last evaluated it. */
export interface CurrentCheckStatus extends CheckTallyForStatus {
  observedAt: string;
}

export interface LatestChecks {
  byCheck: Map<string, CurrentCheckStatus>;
}

// Which outcome stands for a (check, resource) that has several (one per offending rule,
// container, step…): the most severe status, then the first reason and location.
const RANK: Record<StoredResult['status'], number> = { fail: 0, error: 1, unknown: 2, suppressed: 3, pass: 4, not_applicable: 5 };
const before = (a: StoredResult, b: StoredResult): boolean =>
  RANK[a.status] !== RANK[b.status] ? RANK[a.status] < RANK[b.status]
    : (a.reason ?? '') !== (b.reason ?? '') ? (a.reason ?? '') < (b.reason ?? '')
      : (a.path ?? '') !== (b.path ?? '') ? (a.path ?? '') < (b.path ?? '')
        : (a.startLine ?? 0) < (b.startLine ?? 0);

/** One result per (check, resource): history keeps one state per pair. */
export function collapseResults(results: StoredResult[]): StoredResult[] {
  const byKey = new Map<string, StoredResult>();
  for (const r of results) {
    const key = `${r.checkId}\u0000${r.resourceId}`;
    const seen = byKey.get(key);
    if (!seen || before(r, seen)) byKey.set(key, r);
  }
  return byKey.size === results.length ? results : [...byKey.values()];
}

export class ScanService {
  private readonly byId: Map<string, AnyCheck>;
  constructor(private readonly ctx: AppContext, checks: AnyCheck[] = registry) {
    this.byId = new Map(checks.map((c) => [c.meta.id, c]));
  }

  async record(orgId: string, input: ScanInput, actor: Actor) {
    const errors: FieldError[] = [];
    for (const f of ['startedAt', 'finishedAt'] as const) if (Number.isNaN(Date.parse(input[f]))) errors.push({ field: f, code: 'invalid_date', message: `${JSON.stringify(input[f])} is not a timestamp` });
    if (input.results.length > MAX_RESULTS) errors.push({ field: 'results', code: 'too_many', message: `at most ${MAX_RESULTS} results per run` });
    const unknownChecks = new Set<string>();
    input.results.forEach((r) => { if (!this.byId.has(r.checkId)) unknownChecks.add(r.checkId); });
    for (const id of input.checks ?? []) if (!this.byId.has(id)) unknownChecks.add(id);
    for (const id of [...unknownChecks].slice(0, 20)) errors.push({ field: 'results.checkId', code: 'unknown_id', message: `no check ${JSON.stringify(id)} in this version of Attest` });
    if (errors.length) throw invalid(errors);
    const { results, ...meta } = input;
    return this.ingest(orgId, meta, [collapseResults(results)], actor);
  }

  /**
   * Records a run whose results are already valid, with at most one result per (check,
   * resource), delivered in batches (a producer of large runs streams them). Runs of an
   * organization are recorded in time order: one that finished before the latest is refused.
   */
  async ingest(orgId: string, meta: RunMeta, batches: Iterable<StoredResult[]> | AsyncIterable<StoredResult[]>, actor: Actor) {
    const run: ScanRun = {
      orgId, id: randomUUID(), startedAt: new Date(meta.startedAt).toISOString(), finishedAt: new Date(meta.finishedAt).toISOString(),
      actor, targets: meta.targets, summary: {},
    };
    // Closed intervals move to their month's partition when the run's changes settle; creating
    // it is DDL, kept out of the ingest and the settling, and done once a process and database.
    const partition = run.finishedAt.slice(0, 7); // the UTC month: one partition each
    const known = knownPartitions.get(this.ctx.store) ?? new Set<string>();
    if (!known.has(partition)) {
      await this.ctx.store.transaction((repos) => repos.scans.ensurePartition(run.finishedAt));
      knownPartitions.set(this.ctx.store, known.add(partition));
    }
    const outcome = await this.ctx.store.transaction(async (repos) => {
      await repos.scans.lockOrg(orgId);
      const latest = await repos.scans.latestObservation(orgId);
      if (latest && latest >= run.finishedAt) throw conflict(`a run finished at ${latest} is already recorded; runs are recorded in the order they finished (this one finished at ${run.finishedAt})`);
      const scopeId = await repos.scans.scopeFor(orgId, run.targets);
      await repos.scans.insertRun(run, scopeId);
      const done = await repos.scans.ingest(orgId, { runId: run.id, at: run.finishedAt, scopeId, checks: meta.checks ?? null }, batches);
      run.summary = summarize(done.tallies);
      // Its changes become intervals soon after, off the caller's time (or on the first read).
      // The three writes go out together (one connection runs them in order).
      const now = this.ctx.clock();
      await Promise.all([
        repos.scans.setSummary(orgId, run.id, run.summary),
        // (Not if one is queued already: it settles every pending run of the organization.)
        repos.jobs.insertUnlessQueued({ orgId, id: randomUUID(), name: SETTLE_HISTORY_JOB.name, key: `${SETTLE_HISTORY_JOB.name}:${run.id}`, payload: { runId: run.id }, maxAttempts: SETTLE_HISTORY_JOB.attempts, runAt: now, createdAt: now }),
        repos.auditLog.append(orgId, { actor, action: 'scan.record', entityType: 'scan', entityId: run.id, before: null, after: { ...run, orgId: undefined }, detail: { ...run.summary, opened: done.opened, closed: done.closed } }, now),
      ]);
      return done;
    });
    // (An ingest settles what an earlier run left pending, when no job did.)
    await maintainEmbedded(this.ctx);
    return { run, changes: { opened: outcome.opened, closed: outcome.closed } };
  }

  /** Settles the organization's pending changes into intervals (the settle-history job). */
  settle(orgId: string): Promise<SettleOutcome | null> {
    return settleHistory(this.ctx, orgId);
  }

  runs(orgId: string, page: { limit?: number; offset?: number } = {}): Promise<ScanRun[]> {
    return this.ctx.store.repos.scans.findRuns(orgId, page);
  }

  async run(orgId: string, id: string) {
    if (!isUuid(id)) throw notFound('scan', id, 'id');
    const run = await this.ctx.store.repos.scans.getRun(orgId, id);
    if (!run) throw notFound('scan', id, 'id');
    const tallies = await this.ctx.store.repos.scans.tallyByCheck(orgId, id);
    return { ...run, checks: tallies };
  }

  /** Failing results as of a run (the findings current when it was recorded). */
  async failures(orgId: string, runId: string, checkIds: string[] | null, page: { limit?: number; offset?: number } = {}) {
    await settleHistory(this.ctx, orgId);
    return this.ctx.store.repos.scans.findFailures(orgId, runId, checkIds, page);
  }

  /** Every check's current results, for status derivation; empty before any scan. */
  async latest(orgId: string): Promise<LatestChecks> {
    const current = await this.ctx.store.repos.scans.currentChecks(orgId);
    const byCheck = new Map<string, CurrentCheckStatus>();
    for (const t of current) {
      byCheck.set(t.checkId, { checkId: t.checkId, resourceType: this.byId.get(t.checkId)?.meta.resourceType ?? 'unknown', judged: t.pass + t.fail, failing: t.fail, observedAt: t.observedAt });
    }
    return { byCheck };
  }
}

/** A run's summary: results by status, over its per-check tallies. */
function summarize(tallies: CheckTally[]): Record<string, number> {
  const out: Record<string, number> = { results: 0 };
  const keys = [['pass', 'pass'], ['fail', 'fail'], ['unknown', 'unknown'], ['notApplicable', 'not_applicable'], ['error', 'error'], ['suppressed', 'suppressed']] as const;
  for (const t of tallies) {
    out.results! += t.resources;
    for (const [k, status] of keys) if (t[k] > 0) out[status] = (out[status] ?? 0) + t[k];
  }
  return out;
}
