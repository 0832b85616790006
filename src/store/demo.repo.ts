// Bulk writes for `attest demo`: thousands of people in one statement. Everything else the
// demonstration seeds goes through the ordinary repositories and services.
import type { Queryable } from './db.js';
import type { Role } from './users.repo.js';

export interface DemoPerson {
  id: string;
  email: string;
  name: string;
  role: Role;
  createdAt: string;
}

export class DemoRepo {
  constructor(private readonly q: Queryable) {}

  /** Inserts people who cannot sign in (no password) until someone sends them a reset link. */
  async insertPeople(orgId: string, people: DemoPerson[]): Promise<number> {
    if (people.length === 0) return 0;
    const rows = await this.q.query<{ n: number }>(
      `WITH i AS (
         INSERT INTO users (org_id, id, email, name, role, created_at)
         SELECT $1, t.id, lower(t.email), t.name, t.role, t.created_at
         FROM unnest($2::uuid[], $3::text[], $4::text[], $5::text[], $6::timestamptz[]) AS t(id, email, name, role, created_at)
         RETURNING 1)
       SELECT count(*)::int AS n FROM i`,
      [orgId, people.map((p) => p.id), people.map((p) => p.email), people.map((p) => p.name), people.map((p) => p.role), people.map((p) => p.createdAt)],
    );
    return rows[0]?.n ?? 0;
  }
}
