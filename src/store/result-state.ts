// The current results of an organization, as the ingest diffs a run against them: kept in the
// memory of the process that ingests, so a run of millions of results is compared there and
// only the rows that changed go to the database (issue 5: ingesting a run costs a small multiple
// of writing its changes, not of staging the whole run).
//
// Each resource id the organization's results name gets a number, once (a Map from the id to it:
// V8 keeps a string's hash in the string, so a run whose results share their resources' id
// strings, as a scanner's do, hashes each id once). Per check, the results are kept by resource
// number in one typed-array range (8 bytes a result: the result's status and a 29-bit hash of
// its reason, and the scope of the run that opened it; a byte for the run that last reported
// it), with the order the last run reported them in. A scanner reports a check's resources in
// the same order run after run, so a run is compared position by position, with a string
// comparison where a map lookup would hash. Status changes are compared exactly; a change of
// reason alone is missed only if the two reasons' 29-bit hashes agree (about 2 in a billion).
// The reasons' hashes are seeded per process at random.
//
// The database says whether a state is still current: each ingest writes a fresh random token
// to ingest_states in its transaction (migration 0011), and any other write to result_intervals
// clears every token (a trigger), so a state is used only when its token is the one committed.
// A state whose token does not match catches up when the ingests since its own are a chain of
// ingests (ingest_log, migration 0016): it applies the intervals those ingests opened and closed,
// read by time. Otherwise it is rebuilt from the open intervals, one check at a time.
import { randomInt } from 'node:crypto';
import type { Queryable } from './db.js';
import type { ResultStatus } from './scans.repo.js';

export const STATUS_CODE: Record<ResultStatus, number> = { pass: 1, fail: 2, unknown: 3, not_applicable: 4, error: 5, suppressed: 6 };

const SEED_R = randomInt(0, 2 ** 32 - 1);

export function hash29(s: string): number {
  let a = SEED_R ^ 0x811c9dc5;
  for (let i = 0; i < s.length; i++) a = Math.imul(a ^ s.charCodeAt(i), 0x01000193);
  a ^= a >>> 16; a = Math.imul(a, 0x85ebca6b); a ^= a >>> 13; a = Math.imul(a, 0xc2b2ae35); a ^= a >>> 16;
  // Never 0 for a reason, so a null reason and a present one always differ.
  return ((a >>> 0) % 0x1fffffff) + 1;
}

// Statuses differ in their first letter: the code by it, without a keyed lookup per result.
/** STATUS_CODE by a status's first letter (char code below 128), 0 for any other. */
export const BY_FIRST = new Uint8Array(128);
for (const [k, v] of Object.entries(STATUS_CODE)) BY_FIRST[k.charCodeAt(0)] = v;
/** STATUS_CODE[status] for a valid status, 0 for any other first letter. */
export const codeOf = (status: string): number => BY_FIRST[status.charCodeAt(0) & 127]!;

let lastReason: string | null = null;
let lastReasonHash = 0;
/**
 * A result's value in a table: status code in bits 29-31 (never 0: 0 marks an empty slot), the
 * reason's hash below. The last reason's hash is reused (runs repeat reasons). The ingest's loop
 * computes the same inline.
 */
export function valueOf(code: number, reason: string | null): number {
  if (reason === null) return (code << 29) >>> 0;
  if (reason !== lastReason) {
    lastReason = reason;
    lastReasonHash = hash29(reason);
  }
  return ((code << 29) | lastReasonHash) >>> 0;
}

/** The status code in a table's value. */
export const statusCode = (value: number): number => value >>> 29;

/**
 * One check's current results by resource number, for the numbers from `base` on: two words a
 * number at `(n - base) × 2`, value (0: no result) and scope, and in `mark[n - base]` the run
 * (ResultState.epoch) that last reported it. The range grows to take a number outside it.
 * Numbers are given in the order resources are first seen, and a check's resources are mostly
 * seen together, so the range is little larger than the check's results.
 */
export class CheckResults {
  base = 0;
  a = new Uint32Array(0);
  mark = new Uint8Array(0);
  size = 0;
  /** Results the run in progress reported. */
  seen = 0;
  /**
   * The resource numbers in the order the last run reported them, and this run's so far:
   * the result at position p of a run is first taken to be the last run's p-th (a string
   * comparison, no hashing), as a scanner reports a check's resources in the same order run after run.
   */
  order: Int32Array = new Int32Array(0);
  orderLength = 0;
  next: Int32Array = new Int32Array(0);

  /** Makes the range hold resource number `n`; returns `n`'s offset in `a`. */
  reach(n: number): number {
    const end = this.base + (this.a.length >>> 1);
    if (this.a.length === 0) {
      this.base = n;
      this.a = new Uint32Array(2 * 16);
      this.mark = new Uint8Array(16);
      return 0;
    }
    if (n >= this.base && n < end) return (n - this.base) << 1;
    // Grow by half again on the side that ran out, so a run that adds numbers in order copies little.
    const span = end - this.base;
    const from = n < this.base ? Math.max(0, Math.min(n, this.base - (span >>> 1))) : this.base;
    const to = n >= end ? Math.max(n + 1, end + (span >>> 1)) : end;
    const a = new Uint32Array((to - from) * 2);
    a.set(this.a, (this.base - from) << 1);
    const mark = new Uint8Array(to - from);
    mark.set(this.mark, this.base - from);
    this.a = a;
    this.mark = mark;
    this.base = from;
    return (n - from) << 1;
  }

  /** `n`'s offset in `a`, or -1 outside the range. */
  offset(n: number): number {
    const o = (n - this.base) << 1;
    return n >= this.base && o < this.a.length ? o : -1;
  }

  /** The value held for resource number `n` (0: none). */
  value(n: number): number {
    const o = this.offset(n);
    return o < 0 ? 0 : this.a[o]!;
  }

  /** The run is over: its order is the one the next run is compared in. */
  endRun(): void {
    const was = this.order;
    this.order = this.next;
    this.orderLength = this.seen;
    this.next = was;
  }

  /** Room in `next` for `n` positions. */
  growNext(n: number): Int32Array {
    const grown = new Int32Array(Math.max(n, this.next.length * 2, 64));
    grown.set(this.next);
    this.next = grown;
    return grown;
  }

  get bytes(): number {
    return this.a.byteLength + this.mark.byteLength + this.order.byteLength + this.next.byteLength;
  }
}

/** An organization's current results, by check, as of the ingest that committed `token`. */
export class ResultState {
  /** Resource id → its number here; `ids` the other way. */
  readonly numbers = new Map<string, number>();
  readonly ids: string[] = [];
  readonly checks = new Map<string, CheckResults>();
  /** The run in progress, 1-255: a result it reported has this mark. */
  epoch = 0;
  /** Null while an ingest is changing the state (and after one that failed): not usable until rebuilt. */
  token: string | null = null;
  /** The instant of the run whose ingest committed `token` (null if unknown: no catching up from it). */
  at: string | null = null;
  lastUsed = 0;

  /** The number of a resource id, given one if it has none. */
  number(id: string): number {
    let n = this.numbers.get(id);
    if (n === undefined) {
      n = this.ids.length;
      this.ids.push(id);
      this.numbers.set(id, n);
    }
    return n;
  }

  /** A run begins: a new epoch (past 255, every mark is cleared and the epochs start again). */
  beginRun(): number {
    this.epoch += 1;
    if (this.epoch > 255) {
      for (const c of this.checks.values()) c.mark.fill(0);
      this.epoch = 1;
    }
    for (const c of this.checks.values()) c.seen = 0;
    return this.epoch;
  }

  check(checkId: string): CheckResults {
    let c = this.checks.get(checkId);
    if (!c) this.checks.set(checkId, (c = new CheckResults()));
    return c;
  }

  /** Holds a result (load, catch-up); returns false if one was held for the pair already (it is replaced). */
  put(checkId: string, resourceId: string, value: number, scope: number): boolean {
    const c = this.check(checkId);
    const o = c.reach(this.number(resourceId));
    const fresh = c.a[o] === 0;
    if (fresh) c.size += 1;
    c.a[o] = value;
    c.a[o + 1] = scope;
    return fresh;
  }

  /** Drops a result if held (catch-up). */
  drop(checkId: string, resourceId: string): void {
    const c = this.checks.get(checkId);
    const n = this.numbers.get(resourceId);
    if (!c || n === undefined) return;
    const o = c.offset(n);
    if (o < 0 || c.a[o] === 0) return;
    c.a[o] = 0;
    c.a[o + 1] = 0;
    c.size -= 1;
  }

  /** Bytes held: the checks' ranges, and about 80 a resource id for the map and the string. */
  get bytes(): number {
    let n = this.ids.length * 80;
    for (const c of this.checks.values()) n += c.bytes;
    return n;
  }
}

/**
 * Up to this many open intervals of a check are read as four JSON arrays in one row (parsed by
 * JSON.parse) rather than as rows: PGlite hands rows to JavaScript one object at a time, about
 * four times slower than one parse (bench: 200,000 results in 1.2 s as rows, 0.3 s as arrays),
 * and pg about 1.4 times. A larger check is read as rows, keeping each text value small.
 */
let arraysUpTo = 1_000_000;
/** Sets that limit (tests: both ways of reading); returns the previous one. */
export function setArraysUpTo(n: number): number {
  const was = arraysUpTo;
  arraysUpTo = n;
  return was;
}

/** Builds an organization's state from its open intervals, a check at a time (the by-check index serves each). */
async function load(q: Queryable, orgId: string): Promise<ResultState> {
  const state = new ResultState();
  const checks = await q.query<{ check_id: string; n: number }>(
    'SELECT check_id, count(*)::int AS n FROM result_intervals WHERE org_id = $1 AND valid_to IS NULL GROUP BY check_id', [orgId]);
  const where = 'FROM result_intervals WHERE org_id = $1 AND check_id = $2 AND valid_to IS NULL';
  for (const c of checks) {
    let ids: string[], statuses: ResultStatus[], reasons: (string | null)[], scopes: number[];
    if (Number(c.n) <= arraysUpTo) {
      const [a] = await q.query<{ ids: string; statuses: string; reasons: string; scopes: string }>(
        `SELECT json_agg(resource_id)::text AS ids, json_agg(status)::text AS statuses, json_agg(reason)::text AS reasons, json_agg(scope_id)::text AS scopes ${where}`,
        [orgId, c.check_id]);
      // Aggregates of one query read the same rows in the same order: index i is one interval.
      ids = JSON.parse(a!.ids ?? '[]') as string[];
      statuses = JSON.parse(a!.statuses ?? '[]') as ResultStatus[];
      reasons = JSON.parse(a!.reasons ?? '[]') as (string | null)[];
      scopes = JSON.parse(a!.scopes ?? '[]') as number[];
    } else {
      const rows = await q.query<{ resource_id: string; status: ResultStatus; reason: string | null; scope_id: number }>(
        `SELECT resource_id, status, reason, scope_id ${where}`, [orgId, c.check_id]);
      ids = rows.map((r) => r.resource_id);
      statuses = rows.map((r) => r.status);
      reasons = rows.map((r) => r.reason);
      scopes = rows.map((r) => Number(r.scope_id));
    }
    for (let i = 0; i < ids.length; i++) {
      if (!state.put(c.check_id, ids[i]!, valueOf(codeOf(statuses[i]!), reasons[i] ?? null), scopes[i]!)) {
        throw new Error(`result state of ${orgId}: two open intervals for ${c.check_id} on ${ids[i]}`);
      }
    }
  }
  return state;
}

/** States held by this process, least recently used evicted past the budget (ATTEST_RESULT_STATE_MB, default 1024). */
const states = new Map<string, ResultState>();
let useCounter = 0;
const budgetBytes = () => Number(process.env.ATTEST_RESULT_STATE_MB ?? 1024) * 1024 * 1024;

let loads = 0;
let catchUps = 0;
/** How many states this process has rebuilt from the database (tests, benches). */
export const stateLoads = (): number => loads;
/** How many held states this process has brought up to date from other processes' ingests (tests, benches). */
export const stateCatchUps = (): number => catchUps;

/** Longest chain of other processes' ingests a held state catches up on; past it, a rebuild. */
const MAX_CATCH_UP = 100;

/**
 * The organization's state for an ingest, under its ingest lock: the one held here if its token
 * is the committed one, brought up to date if the ingests since its token are a chain of ingests,
 * otherwise rebuilt. The caller marks it changing (token null) before it changes anything and
 * commits the new token with its writes.
 */
export async function acquireState(q: Queryable, orgId: string): Promise<ResultState> {
  const [row] = await q.query<{ token: string; at: Date | string | null }>(
    'SELECT s.token, l.at FROM ingest_states s LEFT JOIN ingest_log l ON l.org_id = s.org_id AND l.token = s.token WHERE s.org_id = $1', [orgId]);
  const committed = row ? { token: String(row.token), at: row.at === null ? null : new Date(row.at).toISOString() } : null;
  const held = states.get(orgId);
  let state: ResultState;
  if (held && committed && held.token === committed.token) state = held;
  else if (held && committed && (await catchUp(q, orgId, held, committed.token))) {
    state = held;
    catchUps += 1;
  } else {
    states.delete(orgId);
    state = await load(q, orgId);
    loads += 1;
    states.set(orgId, state);
  }
  // The state now holds the committed results.
  state.token = committed?.token ?? null;
  state.at = committed?.at ?? null;
  state.lastUsed = ++useCounter;
  evict(orgId);
  return state;
}

/**
 * Applies to `held` what the ingests after its own changed, if they follow from it: every
 * interval they closed (its key leaves the state) and then every interval they opened that is
 * still open (its key takes that result). Runs are recorded in time order, so those are the
 * intervals closed and opened at or after the held state's instant; re-applying what its own
 * ingest wrote at that instant changes nothing. False (nothing changed) when the chain is broken.
 */
async function catchUp(q: Queryable, orgId: string, held: ResultState, committed: string): Promise<boolean> {
  if (!held.token || !held.at) return false;
  const [link] = await q.query(
    `WITH RECURSIVE chain(token, prev, depth) AS (
       SELECT token, prev, 1 FROM ingest_log WHERE org_id = $1 AND token = $2
       UNION ALL
       SELECT l.token, l.prev, c.depth + 1 FROM chain c JOIN ingest_log l ON l.org_id = $1 AND l.token = c.prev WHERE c.depth < $4
     ) SELECT 1 AS ok FROM chain WHERE prev = $3 LIMIT 1`,
    [orgId, committed, held.token, MAX_CATCH_UP]);
  if (!link) return false;
  const closed = await q.query<{ check_id: string; resource_id: string }>(
    'SELECT check_id, resource_id FROM result_intervals WHERE org_id = $1 AND valid_to IS NOT NULL AND valid_to >= $2', [orgId, held.at]);
  for (const r of closed) held.drop(r.check_id, r.resource_id);
  const opened = await q.query<{ check_id: string; resource_id: string; status: ResultStatus; reason: string | null; scope_id: number }>(
    'SELECT check_id, resource_id, status, reason, scope_id FROM result_intervals WHERE org_id = $1 AND valid_to IS NULL AND valid_from >= $2', [orgId, held.at]);
  for (const r of opened) held.put(r.check_id, r.resource_id, valueOf(codeOf(r.status), r.reason), Number(r.scope_id));
  return true;
}

function evict(keep: string): void {
  let total = 0;
  for (const s of states.values()) total += s.bytes;
  const budget = budgetBytes();
  if (total <= budget) return;
  for (const [org, s] of [...states.entries()].sort((a, b) => a[1].lastUsed - b[1].lastUsed)) {
    if (total <= budget) break;
    if (org === keep) continue;
    states.delete(org);
    total -= s.bytes;
  }
}

/** A copy of the state this process holds for an organization (tests, benches: another process's copy). */
export function copyState(orgId: string): ResultState | null {
  const held = states.get(orgId);
  if (!held) return null;
  const copy = new ResultState();
  for (const id of held.ids) copy.number(id);
  for (const [checkId, c] of held.checks) {
    const mine = copy.check(checkId);
    mine.base = c.base;
    mine.a = c.a.slice();
    mine.mark = c.mark.slice();
    mine.size = c.size;
  }
  copy.epoch = held.epoch;
  copy.token = held.token;
  copy.at = held.at;
  return copy;
}

/** Holds `state` for an organization as this process's own (tests, benches: a copy from `copyState`). */
export function holdState(orgId: string, state: ResultState): void {
  states.set(orgId, state);
}

/** Forgets the state held by this process for one organization, or all (tests: a rebuild before a run). */
export function forgetStates(orgId?: string): void {
  if (orgId === undefined) states.clear();
  else states.delete(orgId);
}
