// Daily readiness snapshots: the trend behind the dashboard. One row per organization and
// day, holding the latest computation of that day.
import type { Queryable } from './db.js';
import { iso } from './rows.js';

export interface ReadinessSnapshot {
  day: string;
  computedAt: string;
  score: number;
  controls: number;
  evidenced: number;
  failing: number;
  stale: number;
  noEvidence: number;
  /** Controls at risk: a recurring task overdue (0 in snapshots stored before migration 0013). */
  atRisk: number;
  excluded: number;
  /** Per category: score and counts, as computed that day. */
  categories: { category: string; score: number; controls: number; evidenced: number; failing: number; stale: number; noEvidence: number; atRisk?: number }[];
}

const present = (r: Record<string, unknown>): ReadinessSnapshot => ({
  day: String(r.day), computedAt: iso(r.computed_at), score: Number(r.score), controls: Number(r.controls), evidenced: Number(r.evidenced),
  failing: Number(r.failing), stale: Number(r.stale), noEvidence: Number(r.no_evidence), atRisk: Number(r.at_risk), excluded: Number(r.excluded),
  categories: r.categories as ReadinessSnapshot['categories'],
});

export class ReadinessRepo {
  constructor(private readonly q: Queryable) {}

  /** Stores the day's snapshot unless a later computation of that day is already stored; returns the stored row. */
  async upsert(orgId: string, s: ReadinessSnapshot): Promise<ReadinessSnapshot> {
    await this.q.query(
      `INSERT INTO readiness_snapshots (org_id, day, computed_at, score, controls, evidenced, failing, stale, no_evidence, at_risk, excluded, categories)
       VALUES ($1, $2, $3, $4, $5, $6, $7, $8, $9, $10, $11, $12)
       ON CONFLICT (org_id, day) DO UPDATE SET computed_at = EXCLUDED.computed_at, score = EXCLUDED.score, controls = EXCLUDED.controls,
         evidenced = EXCLUDED.evidenced, failing = EXCLUDED.failing, stale = EXCLUDED.stale, no_evidence = EXCLUDED.no_evidence,
         at_risk = EXCLUDED.at_risk, excluded = EXCLUDED.excluded, categories = EXCLUDED.categories
       WHERE readiness_snapshots.computed_at <= EXCLUDED.computed_at`,
      [orgId, s.day, s.computedAt, s.score, s.controls, s.evidenced, s.failing, s.stale, s.noEvidence, s.atRisk, s.excluded, JSON.stringify(s.categories)],
    );
    return (await this.findBetween(orgId, s.day, s.day))[0]!;
  }

  /** Snapshots with `from <= day <= to`, oldest first; at most 1,000 days. */
  async findBetween(orgId: string, from: string, to: string): Promise<ReadinessSnapshot[]> {
    const rows = await this.q.query('SELECT * FROM readiness_snapshots WHERE org_id = $1 AND day BETWEEN $2 AND $3 ORDER BY day LIMIT 1000', [orgId, from, to]);
    return rows.map(present);
  }
}
