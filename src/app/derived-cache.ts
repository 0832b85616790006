// Views derived from an organization's data, kept in memory and keyed by what they were
// derived from: the organization's audit-log head and the day. Every change to what the views
// read (controls, scope, evidence and its links, scan results, tasks, the library) appends an
// audit entry in the transaction that makes it, and the derivations depend otherwise only on
// the date (evidence freshness, task due dates), so an entry whose key matches the current head
// and day is exactly what deriving again would give. After a change, the first read derives
// again, once per process however many requests arrive together. Bounded: memory stays flat
// however many organizations and pages.
//
// Knowing the head costs no query of its own:
// - on the embedded database, which one process holds, the store's count of committed
//   transactions stands in for the head (any commit moves it);
// - on a server, the head comes with the caller: the statement that resolves a session or an
//   API token also reads its organization's head (observeHead). The highest head observed is
//   kept, with this process's own commit count, so a request sees every change committed before
//   it was authenticated, and its own process's changes at once. A caller not resolved from the
//   database (the local `attest` command) uses an observation at most a second old, or reads
//   the head itself.
import { toIsoDate } from '../domain/dates.js';
import type { AppContext } from './context.js';

interface Entry {
  version: string;
  day: string;
  value: Promise<unknown>;
}

const MAX_ENTRIES = 512;

/** Whether finding a caller should also read its organization's audit-log head: on a server, where derived views key on it. */
export const headWanted = (ctx: Pick<AppContext, 'store'>): boolean => ctx.store.engine !== 'pglite';
/** How long an observed head may stand in for reading it, for callers that brought none. */
export const HEAD_FRESH_MS = 1_000;

export class DerivedCache {
  private readonly entries = new Map<string, Entry>();
  private readonly heads = new Map<string, { head: number; at: number }>();
  constructor(private readonly ctx: AppContext) {}

  /** Records an organization's audit-log head as read while authenticating a caller. */
  observeHead(orgId: string, head: number): void {
    const seen = this.heads.get(orgId);
    const at = Date.now();
    if (!seen) {
      this.heads.set(orgId, { head, at });
      while (this.heads.size > MAX_ENTRIES) this.heads.delete(this.heads.keys().next().value!);
    } else if (head >= seen.head) {
      seen.head = head;
      seen.at = at;
    }
  }

  private async version(orgId: string): Promise<string> {
    const { store } = this.ctx;
    if (store.engine === 'pglite') return `c${store.committed()}`;
    let seen = this.heads.get(orgId);
    if (!seen || Date.now() - seen.at > HEAD_FRESH_MS) {
      this.observeHead(orgId, await store.repos.statusSummary.head(orgId));
      seen = this.heads.get(orgId)!;
    }
    return `h${seen.head}c${store.committed()}`;
  }

  /** `derive` is given the day it derives for. */
  async get<T>(orgId: string, view: string, derive: (day: string) => Promise<T>): Promise<T> {
    const version = await this.version(orgId);
    const day = toIsoDate(this.ctx.clock());
    const id = `${orgId}\u0000${view}`;
    const hit = this.entries.get(id);
    if (hit && hit.version === version && hit.day === day) return hit.value as Promise<T>;
    const value = derive(day);
    this.entries.delete(id); // re-inserted last: the map's order is least recently derived first
    this.entries.set(id, { version, day, value });
    value.catch(() => { if (this.entries.get(id)?.value === value) this.entries.delete(id); });
    while (this.entries.size > MAX_ENTRIES) this.entries.delete(this.entries.keys().next().value!);
    return value;
  }
}

const caches = new WeakMap<AppContext, DerivedCache>();

/** The process's cache for a context: shared by every service built on it. */
export function derivedCache(ctx: AppContext): DerivedCache {
  let cache = caches.get(ctx);
  if (!cache) caches.set(ctx, (cache = new DerivedCache(ctx)));
  return cache;
}
