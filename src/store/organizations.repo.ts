import type { Queryable } from './db.js';
import { iso } from './rows.js';

export interface Organization {
  id: string;
  name: string;
  slug: string;
  createdAt: string;
}

const present = (r: Record<string, unknown>): Organization => ({ id: String(r.id), name: String(r.name), slug: String(r.slug), createdAt: iso(r.created_at) });

export class OrganizationsRepo {
  constructor(private readonly q: Queryable) {}

  async insert(org: { id: string; name: string; slug: string }): Promise<Organization> {
    const rows = await this.q.query('INSERT INTO organizations (id, name, slug) VALUES ($1, $2, $3) RETURNING *', [org.id, org.name, org.slug]);
    return present(rows[0]!);
  }

  async getById(id: string): Promise<Organization | null> {
    const rows = await this.q.query('SELECT * FROM organizations WHERE id = $1', [id]);
    return rows[0] ? present(rows[0]) : null;
  }

  async getBySlug(slug: string): Promise<Organization | null> {
    const rows = await this.q.query('SELECT * FROM organizations WHERE slug = $1', [slug]);
    return rows[0] ? present(rows[0]) : null;
  }

  /** Oldest first; bounded. */
  async list(limit = 100): Promise<Organization[]> {
    const rows = await this.q.query('SELECT * FROM organizations ORDER BY created_at, id LIMIT $1', [Math.min(limit, 1000)]);
    return rows.map(present);
  }
}
