// `attest backup` and `attest restore`: what a backup holds. The embedded database is dumped by
// the process that has it open (PGlite allows one process per data folder; a backup never
// copies the folder of an open database); the inventory is read from the dump itself, so the
// manifest describes exactly what the backup restores.
import { AppError } from '../domain/errors.js';
import type { AppContext } from './context.js';

export interface BackupEvidence {
  organization: string;
  id: string;
  filename: string;
  sha256: string;
  size: number;
}

export interface BackupInventory {
  organizations: { id: string; name: string }[];
  counts: { organizations: number; controls: number; evidence: number; auditEntries: number };
  /** Every evidence record, all organizations, in key order. */
  evidence: BackupEvidence[];
}

export const serverDatabaseRefusal = () => new AppError('invalid_input',
  'this workspace uses a PostgreSQL server (DATABASE_URL): back it up with the server\'s own tools — `pg_dump` for the database — and copy the evidence folder alongside. `attest backup` and `attest restore` cover the embedded database.',
  [{ field: 'DATABASE_URL', code: 'server_database', message: 'use pg_dump / pg_restore for a PostgreSQL server' }]);

export class BackupService {
  constructor(private readonly ctx: Pick<AppContext, 'store'>) {}

  /** The embedded database as a gzipped tarball of its folder, taken at one point in time. */
  async dumpDatabase(): Promise<Blob> {
    const { store } = this.ctx;
    if (!store.dumpDatabase) throw serverDatabaseRefusal();
    return store.dumpDatabase();
  }

  /** Organizations, counts and every evidence record: what the manifest of a backup lists. */
  async inventory(): Promise<BackupInventory> {
    const { repos } = this.ctx.store;
    const orgs = await repos.organizations.list(1000);
    const counts = { organizations: orgs.length, controls: 0, evidence: 0, auditEntries: 0 };
    for (const org of orgs) {
      counts.controls += await repos.controls.countBy(org.id);
      counts.evidence += await repos.evidence.countBy(org.id);
      // Sequence numbers run from 1 without gaps in each organization (`attest verify` checks it).
      counts.auditEntries += (await repos.auditLog.recent(org.id, 1))[0]?.seq ?? 0;
    }
    const evidence: BackupEvidence[] = [];
    let cursor: { orgId: string; id: string } | null = null;
    for (;;) {
      const batch = await repos.evidence.scanAll(cursor, 500);
      if (batch.length === 0) break;
      for (const e of batch) evidence.push({ organization: e.orgId, id: e.id, filename: e.filename, sha256: e.sha256, size: e.size });
      const last = batch[batch.length - 1]!;
      cursor = { orgId: last.orgId, id: last.id };
    }
    return { organizations: orgs.map((o) => ({ id: o.id, name: o.name })), counts, evidence };
  }
}
