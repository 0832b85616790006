import type { Queryable } from './db.js';
import { bounded, iso, type Page } from './rows.js';

/** Evidence metadata. Immutable once written; only its links to controls change. */
export interface EvidenceRecord {
  orgId: string;
  id: string;
  sha256: string;
  size: number;
  filename: string;
  mediaType: string;
  description: string;
  source: string;
  collectedAt: string;
  effectiveAt: string;
  createdBy: string;
  createdAt: string;
}

export interface EvidenceStats {
  controlId: string;
  count: number;
  latestEffective: string | null;
}

const present = (r: Record<string, unknown>): EvidenceRecord => ({
  orgId: String(r.org_id), id: String(r.id), sha256: String(r.sha256), size: Number(r.size), filename: String(r.filename),
  mediaType: String(r.media_type), description: String(r.description), source: String(r.source), collectedAt: iso(r.collected_at),
  effectiveAt: String(r.effective_at), createdBy: String(r.created_by), createdAt: iso(r.created_at),
});

export class EvidenceRepo {
  constructor(private readonly q: Queryable) {}

  async insert(e: Omit<EvidenceRecord, 'createdAt'>): Promise<EvidenceRecord> {
    const rows = await this.q.query(
      `INSERT INTO evidence (org_id, id, sha256, size, filename, media_type, description, source, collected_at, effective_at, created_by)
       VALUES ($1, $2, $3, $4, $5, $6, $7, $8, $9, $10, $11) RETURNING *`,
      [e.orgId, e.id, e.sha256, e.size, e.filename, e.mediaType, e.description, e.source, e.collectedAt, e.effectiveAt, e.createdBy],
    );
    return present(rows[0]!);
  }

  async getById(orgId: string, id: string): Promise<EvidenceRecord | null> {
    const rows = await this.q.query('SELECT * FROM evidence WHERE org_id = $1 AND id = $2', [orgId, id]);
    return rows[0] ? present(rows[0]) : null;
  }

  /** Newest effective first; optionally only evidence linked to one control. */
  async findBy(orgId: string, filter: { controlId?: string } = {}, page?: Page): Promise<EvidenceRecord[]> {
    const { limit, offset } = bounded(page);
    const rows = await this.q.query(
      `SELECT e.* FROM evidence e
       WHERE e.org_id = $1
         AND ($2::text IS NULL OR EXISTS (SELECT 1 FROM evidence_controls l WHERE l.org_id = e.org_id AND l.evidence_id = e.id AND l.control_id = $2))
       ORDER BY e.effective_at DESC, e.created_at DESC, e.id LIMIT $3 OFFSET $4`,
      [orgId, filter.controlId ?? null, limit, offset],
    );
    return rows.map(present);
  }

  /** How many `findBy` would page through with the same filter. */
  async countBy(orgId: string, filter: { controlId?: string } = {}): Promise<number> {
    const rows = await this.q.query<{ n: number }>(
      `SELECT count(*)::int AS n FROM evidence e
       WHERE e.org_id = $1
         AND ($2::text IS NULL OR EXISTS (SELECT 1 FROM evidence_controls l WHERE l.org_id = e.org_id AND l.evidence_id = e.id AND l.control_id = $2))`,
      [orgId, filter.controlId ?? null],
    );
    return rows[0]?.n ?? 0;
  }

  /** Adds links; returns the control ids newly linked. */
  async link(orgId: string, evidenceId: string, controlIds: string[]): Promise<string[]> {
    if (controlIds.length === 0) return [];
    const rows = await this.q.query<{ control_id: string }>(
      `INSERT INTO evidence_controls (org_id, evidence_id, control_id)
       SELECT $1, $2, unnest($3::text[]) ON CONFLICT DO NOTHING RETURNING control_id`,
      [orgId, evidenceId, controlIds],
    );
    return rows.map((r) => r.control_id);
  }

  async linksFor(orgId: string, evidenceIds: string[]): Promise<Map<string, string[]>> {
    const out = new Map<string, string[]>(evidenceIds.map((id) => [id, []]));
    if (evidenceIds.length === 0) return out;
    const rows = await this.q.query<{ evidence_id: string; control_id: string }>(
      'SELECT evidence_id, control_id FROM evidence_controls WHERE org_id = $1 AND evidence_id = ANY($2::uuid[]) ORDER BY control_id',
      [orgId, evidenceIds],
    );
    for (const r of rows) out.get(String(r.evidence_id))?.push(r.control_id);
    return out;
  }

  /** Per control: how much evidence, and the latest effective date. */
  async statsByControl(orgId: string): Promise<EvidenceStats[]> {
    const rows = await this.q.query<{ control_id: string; n: number; latest: string | null }>(
      `SELECT l.control_id, count(*)::int AS n, max(e.effective_at) AS latest
       FROM evidence_controls l JOIN evidence e ON e.org_id = l.org_id AND e.id = l.evidence_id
       WHERE l.org_id = $1 GROUP BY l.control_id`,
      [orgId],
    );
    return rows.map((r) => ({ controlId: r.control_id, count: r.n, latestEffective: r.latest }));
  }

  /** Keyset pagination over all evidence of all organizations, for verification. */
  async scanAll(after: { orgId: string; id: string } | null, limit = 500): Promise<EvidenceRecord[]> {
    const rows = await this.q.query(
      `SELECT * FROM evidence WHERE ($1::uuid IS NULL OR (org_id, id) > ($1::uuid, $2::uuid)) ORDER BY org_id, id LIMIT $3`,
      [after?.orgId ?? null, after?.id ?? null, limit],
    );
    return rows.map(present);
  }
}
