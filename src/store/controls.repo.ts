import type { Frequency } from '../domain/types.js';
import type { Queryable } from './db.js';
import { bounded, iso, type Page } from './rows.js';

/** An organization's instance of a library control. */
export interface OrgControl {
  orgId: string;
  controlId: string;
  title: string;
  description: string;
  frequency: Frequency;
  owner: string | null;
  inScope: boolean;
  exclusionReason: string | null;
  notes: string;
  libraryDigest: string;
  createdAt: string;
  updatedAt: string;
}

export interface OrgControlPatch {
  owner?: string | null;
  inScope?: boolean;
  exclusionReason?: string | null;
  notes?: string;
}

export interface ControlFilter {
  ids?: string[];
  inScope?: boolean;
  owner?: string;
}

const present = (r: Record<string, unknown>): OrgControl => ({
  orgId: String(r.org_id), controlId: String(r.control_id), title: String(r.title), description: String(r.description),
  frequency: r.frequency as Frequency, owner: (r.owner as string | null) ?? null, inScope: Boolean(r.in_scope),
  exclusionReason: (r.exclusion_reason as string | null) ?? null, notes: String(r.notes), libraryDigest: String(r.library_digest),
  createdAt: iso(r.created_at), updatedAt: iso(r.updated_at),
});

export class ControlsRepo {
  constructor(private readonly q: Queryable) {}

  /** Instantiates library controls; existing ones are left untouched. Returns how many were added. */
  async insertMany(orgId: string, controls: { id: string; title: string; description: string; frequency: Frequency }[], libraryDigest: string): Promise<number> {
    if (controls.length === 0) return 0;
    const rows = await this.q.query(
      `INSERT INTO org_controls (org_id, control_id, title, description, frequency, library_digest)
       SELECT $1, t.id, t.title, t.description, t.frequency, $6
       FROM unnest($2::text[], $3::text[], $4::text[], $5::text[]) AS t(id, title, description, frequency)
       ON CONFLICT (org_id, control_id) DO NOTHING
       RETURNING control_id`,
      [orgId, controls.map((c) => c.id), controls.map((c) => c.title), controls.map((c) => c.description), controls.map((c) => c.frequency), libraryDigest],
    );
    return rows.length;
  }

  async getById(orgId: string, controlId: string): Promise<OrgControl | null> {
    const rows = await this.q.query('SELECT * FROM org_controls WHERE org_id = $1 AND control_id = $2', [orgId, controlId]);
    return rows[0] ? present(rows[0]) : null;
  }

  async findBy(orgId: string, filter: ControlFilter = {}, page?: Page): Promise<OrgControl[]> {
    const { limit, offset } = bounded(page);
    const rows = await this.q.query(
      `SELECT * FROM org_controls WHERE org_id = $1
         AND ($2::text[] IS NULL OR control_id = ANY($2))
         AND ($3::boolean IS NULL OR in_scope = $3)
         AND ($4::text IS NULL OR owner = $4)
       ORDER BY control_id LIMIT $5 OFFSET $6`,
      [orgId, filter.ids ?? null, filter.inScope ?? null, filter.owner ?? null, limit, offset],
    );
    return rows.map(present);
  }

  async countBy(orgId: string): Promise<number> {
    const rows = await this.q.query<{ n: number }>('SELECT count(*)::int AS n FROM org_controls WHERE org_id = $1', [orgId]);
    return rows[0]?.n ?? 0;
  }

  async update(orgId: string, controlId: string, patch: OrgControlPatch): Promise<OrgControl | null> {
    const rows = await this.q.query(
      `UPDATE org_controls SET
         owner = CASE WHEN $3::boolean THEN $4 ELSE owner END,
         in_scope = COALESCE($5, in_scope),
         exclusion_reason = CASE WHEN $6::boolean THEN $7 ELSE exclusion_reason END,
         notes = COALESCE($8, notes),
         updated_at = now()
       WHERE org_id = $1 AND control_id = $2 RETURNING *`,
      [orgId, controlId, patch.owner !== undefined, patch.owner ?? null, patch.inScope ?? null, patch.exclusionReason !== undefined, patch.exclusionReason ?? null, patch.notes ?? null],
    );
    return rows[0] ? present(rows[0]) : null;
  }
}
