// Views derived from an organization's data, kept in memory and keyed by what they were
// derived from: the organization's audit-log head and the day. Every change to what the views
// read (controls, scope, evidence and its links, scan results, tasks, the library) appends an
// audit entry in the transaction that makes it, and the derivations depend otherwise only on
// the date (evidence freshness, task due dates), so an entry whose key matches the current head
// and day is exactly what deriving again would give. A read costs one indexed query (the head)
// while nothing changes; on the embedded database, which one process holds, not even that: the
// store's count of committed transactions stands in for the head (any commit moves it). After a
// change, the first read derives again, once per process however many requests arrive together.
// Bounded: memory stays flat however many organizations and pages.
import { toIsoDate } from '../domain/dates.js';
import type { AppContext } from './context.js';

interface Entry {
  version: string;
  day: string;
  value: Promise<unknown>;
}

const MAX_ENTRIES = 512;

export class DerivedCache {
  private readonly entries = new Map<string, Entry>();
  constructor(private readonly ctx: AppContext) {}

  /** `derive` is given the day it derives for. */
  async get<T>(orgId: string, view: string, derive: (day: string) => Promise<T>): Promise<T> {
    const committed = this.ctx.store.committed?.();
    const version = committed !== undefined ? `c${committed}` : `h${await this.ctx.store.repos.statusSummary.head(orgId)}`;
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
