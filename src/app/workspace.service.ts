// The workspace: one organization, its audit scope and its controls instantiated from the library.
import { randomUUID } from 'node:crypto';
import { AppError, invalid, type FieldError } from '../domain/errors.js';
import { CATEGORIES, emptySystemDescription, type Category } from '../domain/types.js';
import type { Organization } from '../store/index.js';
import type { Actor, AppContext } from './context.js';

export interface InitInput {
  name: string;
  categories?: string[];
}

export function parseCategories(input: string[] | undefined, field = 'categories'): { categories: Category[]; errors: FieldError[] } {
  const errors: FieldError[] = [];
  const chosen = new Set<Category>(['security']);
  for (const raw of input ?? []) {
    const c = raw.trim().toLowerCase().replace(/[\s-]+/g, '_');
    if (c === '') continue;
    if ((CATEGORIES as readonly string[]).includes(c)) chosen.add(c as Category);
    else errors.push({ field, code: 'unknown_category', message: `unknown category ${JSON.stringify(raw)}; choose from ${CATEGORIES.join(', ')}` });
  }
  return { categories: CATEGORIES.filter((c) => chosen.has(c)), errors };
}

const slugify = (name: string) => name.toLowerCase().normalize('NFKD').replace(/[^a-z0-9]+/g, '-').replace(/^-|-$/g, '').slice(0, 48) || 'org';

export class WorkspaceService {
  constructor(private readonly ctx: AppContext) {}

  /** The organization of this workspace (the first one created), or null before `init`. */
  async defaultOrg(): Promise<Organization | null> {
    return (await this.ctx.store.repos.organizations.list(1))[0] ?? null;
  }

  async requireOrg(): Promise<Organization> {
    const org = await this.defaultOrg();
    if (!org) throw new AppError('workspace_missing', 'this workspace has no organization yet: run `attest init --org NAME`');
    return org;
  }

  /** Creates the organization with its scope and controls, all in one transaction. */
  async init(input: InitInput, actor: Actor): Promise<{ org: Organization; controls: number; created: boolean }> {
    const name = input.name.trim();
    const { categories, errors } = parseCategories(input.categories);
    if (name.length === 0) errors.unshift({ field: 'org', code: 'required', message: 'an organization name is required' });
    if (name.length > 200) errors.unshift({ field: 'org', code: 'too_long', message: 'at most 200 characters' });
    if (errors.length) throw invalid(errors);
    const existing = await this.defaultOrg();
    if (existing) {
      const added = await this.syncLibrary(existing.id, actor);
      return { org: existing, controls: added, created: false };
    }
    return this.createOrganization({ name, categories }, actor);
  }

  /**
   * Creates another organization with its scope and controls, in one transaction. Its slug is
   * the name's, made unique with a suffix. (The workspace's own organization is the first one.)
   */
  async createOrganization(input: { name: string; categories: Category[] }, actor: Actor): Promise<{ org: Organization; controls: number; created: boolean }> {
    const { catalog } = this.ctx;
    const { name, categories } = input;
    const base = slugify(name);
    let slug = base;
    for (let i = 2; await this.ctx.store.repos.organizations.getBySlug(slug); i++) slug = `${base}-${i}`;
    return this.ctx.store.transaction(async (repos) => {
      const org = await repos.organizations.insert({ id: randomUUID(), name, slug });
      await repos.auditLog.append(org.id, { actor, action: 'organization.create', entityType: 'organization', entityId: org.id, before: null, after: org }, this.ctx.clock());
      const scope = await repos.scope.upsert(org.id, { categories, reportType: 'type1', asOf: null, periodStart: null, periodEnd: null, systemDescription: emptySystemDescription() });
      await repos.auditLog.append(org.id, { actor, action: 'scope.update', entityType: 'scope', entityId: org.id, before: null, after: { ...scope, updatedAt: undefined } }, this.ctx.clock());
      const n = await repos.controls.insertMany(org.id, catalog.controls, catalog.digest);
      await repos.auditLog.append(org.id, { actor, action: 'controls.instantiate', entityType: 'organization', entityId: org.id, before: null, after: { controls: catalog.controls.map((c) => c.id), library: catalog.digest }, detail: { count: n } }, this.ctx.clock());
      return { org, controls: n, created: true };
    });
  }

  /** Adds library controls the organization does not have yet (after an upgrade). Returns how many. */
  async syncLibrary(orgId: string, actor: Actor): Promise<number> {
    const { catalog } = this.ctx;
    return this.ctx.store.transaction(async (repos) => {
      const n = await repos.controls.insertMany(orgId, catalog.controls, catalog.digest);
      if (n > 0) await repos.auditLog.append(orgId, { actor, action: 'controls.instantiate', entityType: 'organization', entityId: orgId, before: null, after: { library: catalog.digest }, detail: { count: n } }, this.ctx.clock());
      return n;
    });
  }
}
