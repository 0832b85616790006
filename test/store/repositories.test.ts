// One repository suite, run on both engines (PGlite and the PostgreSQL server).
// One database per engine for the whole file; each test creates its own organization(s).
import { randomUUID } from 'node:crypto';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { GENESIS_HASH, verifyChain } from '../../src/domain/audit-chain.js';
import { digestOf } from '../../src/domain/hash.js';
import { emptySystemDescription, type AuditScope, type Frequency, type SystemDescription } from '../../src/domain/types.js';
import { openPglite, openPostgres, type Db } from '../../src/store/db.js';
import type { EvidenceRecord } from '../../src/store/evidence.repo.js';
import { reposFor, type Repos } from '../../src/store/index.js';
import { migrate } from '../../src/store/migrate.js';
import { migrations } from '../../src/store/migrations/index.js';
import type { Role } from '../../src/store/users.repo.js';
import { createPostgresDatabase, engines, type Engine } from '../support/engines.js';

// SQLSTATE codes the database answers with when it refuses a write.
const UNIQUE_VIOLATION = '23505';
const FOREIGN_KEY_VIOLATION = '23503';
const CHECK_VIOLATION = '23514';
const RAISED_EXCEPTION = 'P0001';

const LIBRARY = 'library-digest-1';
const sleep = (ms: number) => new Promise((resolve) => setTimeout(resolve, ms));
const libraryControl = (id: string, frequency: Frequency = 'quarterly') => ({ id, title: `Title of ${id}`, description: `Description of ${id}`, frequency });

/** `n` connections to one fresh database with no migration applied, as `n` processes starting at once would have. */
async function unmigrated(engine: Engine['name'], n: number): Promise<{ dbs: Db[]; close: () => Promise<void> }> {
  if (engine === 'pglite') {
    const db = await openPglite(undefined); // one process per data folder: several callers share it
    return { dbs: Array.from({ length: n }, () => db), close: () => db.close() };
  }
  const { url, drop } = await createPostgresDatabase();
  const dbs = await Promise.all(Array.from({ length: n }, () => openPostgres(url, { max: 2 })));
  return { dbs, close: async () => { await Promise.all(dbs.map((d) => d.close())); await drop(); } };
}

describe.each(engines)('repositories on $name', (engine) => {
  let db: Db;
  let repos: Repos;

  beforeAll(async () => {
    db = await engine.open();
    repos = reposFor(db);
  });
  afterAll(async () => {
    await db?.close();
  });

  const newOrg = async (name = 'Acme') => {
    const id = randomUUID();
    return repos.organizations.insert({ id, name, slug: `${name.toLowerCase()}-${id}` });
  };

  let evidenceCounter = 0;
  const newEvidence = (orgId: string, over: Partial<Omit<EvidenceRecord, 'createdAt'>> = {}): Omit<EvidenceRecord, 'createdAt'> => {
    evidenceCounter += 1;
    return {
      orgId, id: randomUUID(), sha256: evidenceCounter.toString(16).padStart(64, '0'), size: 100 + evidenceCounter, filename: `file-${evidenceCounter}.pdf`,
      mediaType: 'application/pdf', description: `evidence ${evidenceCounter}`, source: 'upload', collectedAt: '2026-11-20T10:00:00.000Z',
      effectiveAt: '2026-11-01', createdBy: 'user:test', ...over,
    };
  };

  describe('migrations', () => {
    it('are recorded, and a second run applies nothing', async () => {
      const recorded = await db.query<{ version: number }>('SELECT version FROM schema_migrations ORDER BY version');
      expect(recorded.map((r) => r.version)).toEqual(migrations.map((m) => m.version).sort((a, b) => a - b));
      expect(await migrate(db)).toEqual([]);
      expect(await migrate(db)).toEqual([]);
      expect(await db.query('SELECT version FROM schema_migrations ORDER BY version')).toEqual(recorded);
    });

    it('are applied once when several migrators start together on a fresh database', async () => {
      const { dbs, close } = await unmigrated(engine.name, 3);
      try {
        const applied = await Promise.all(dbs.map((d) => migrate(d)));
        expect(applied.flat().sort((a, b) => a - b)).toEqual(migrations.map((m) => m.version).sort((a, b) => a - b));
        expect(applied.filter((a) => a.length > 0)).toHaveLength(1);
        expect(await dbs[0]!.query('SELECT count(*)::int AS n FROM schema_migrations')).toEqual([{ n: migrations.length }]);
      } finally {
        await close();
      }
    });

    it('apply a failing migration not at all', async () => {
      const broken = { version: 999_001, name: 'broken', sql: 'CREATE TABLE half_done (x int); SELECT 1/0;' };
      await expect(migrate(db, [...migrations, broken])).rejects.toMatchObject({ code: '22012' });
      expect(await db.query("SELECT 1 FROM information_schema.tables WHERE table_name = 'half_done'")).toEqual([]);
      expect(await db.query('SELECT 1 FROM schema_migrations WHERE version = $1', [broken.version])).toEqual([]);
    });
  });

  describe('OrganizationsRepo', () => {
    it('inserts and finds an organization by id and by slug', async () => {
      const org = await newOrg('Initech');
      expect(org).toMatchObject({ name: 'Initech', slug: `initech-${org.id}` });
      expect(Number.isNaN(Date.parse(org.createdAt))).toBe(false);
      expect(await repos.organizations.getById(org.id)).toEqual(org);
      expect(await repos.organizations.getBySlug(org.slug)).toEqual(org);
      expect(await repos.organizations.getById(randomUUID())).toBeNull();
      expect(await repos.organizations.getBySlug('no-such-slug')).toBeNull();
    });

    it('refuses a second organization with the same slug', async () => {
      const org = await newOrg();
      await expect(repos.organizations.insert({ id: randomUUID(), name: 'Other', slug: org.slug })).rejects.toMatchObject({ code: UNIQUE_VIOLATION });
    });

    it('lists oldest first, bounded by the limit', async () => {
      await newOrg();
      await newOrg();
      await newOrg();
      const all = await repos.organizations.list(1000);
      expect(all.length).toBeGreaterThanOrEqual(3);
      const sorted = [...all].sort((a, b) => a.createdAt.localeCompare(b.createdAt));
      expect(all.map((o) => o.createdAt)).toEqual(sorted.map((o) => o.createdAt));
      expect(await repos.organizations.list(2)).toEqual(all.slice(0, 2));
    });
  });

  describe('UsersRepo', () => {
    const user = (orgId: string, email: string, role: Role = 'member') => ({ orgId, id: randomUUID(), email, name: `Name of ${email}`, role });

    it('stores the email in lower case and finds it whatever the case', async () => {
      const org = await newOrg();
      const u = await repos.users.insert(user(org.id, 'Ada.Lovelace@Example.COM', 'owner'));
      expect(u).toMatchObject({ orgId: org.id, email: 'ada.lovelace@example.com', role: 'owner', name: 'Name of Ada.Lovelace@Example.COM' });
      expect(await repos.users.getById(org.id, u.id)).toEqual(u);
      expect(await repos.users.findByEmail(org.id, 'ADA.LOVELACE@example.com')).toEqual(u);
      expect(await repos.users.findByEmail(org.id, 'ada@example.com')).toBeNull();
      expect(await repos.users.getById(org.id, randomUUID())).toBeNull();
    });

    it('keeps an email unique per organization, ignoring case', async () => {
      const org = await newOrg();
      await repos.users.insert(user(org.id, 'grace@example.com'));
      await expect(repos.users.insert(user(org.id, 'Grace@Example.com'))).rejects.toMatchObject({ code: UNIQUE_VIOLATION });
      const other = await newOrg();
      const there = await repos.users.insert(user(other.id, 'GRACE@example.com'));
      expect(there.orgId).toBe(other.id);
      expect(await repos.users.countByOrg(org.id)).toBe(1);
      expect(await repos.users.countByOrg(other.id)).toBe(1);
    });

    it('refuses an unknown role and an unknown organization', async () => {
      const org = await newOrg();
      await expect(repos.users.insert(user(org.id, 'x@example.com', 'superuser' as Role))).rejects.toMatchObject({ code: CHECK_VIOLATION });
      await expect(repos.users.insert(user(randomUUID(), 'y@example.com'))).rejects.toMatchObject({ code: FOREIGN_KEY_VIOLATION });
    });

    it('lists the users of an organization by email, in bounded pages', async () => {
      const org = await newOrg();
      for (const email of ['dan@example.com', 'bob@example.com', 'eve@example.com', 'amy@example.com', 'cat@example.com']) await repos.users.insert(user(org.id, email));
      const all = await repos.users.findByOrg(org.id);
      expect(all.map((u) => u.email)).toEqual(['amy@example.com', 'bob@example.com', 'cat@example.com', 'dan@example.com', 'eve@example.com']);
      expect(await repos.users.findByOrg(org.id, { limit: 2 })).toEqual(all.slice(0, 2));
      expect(await repos.users.findByOrg(org.id, { limit: 2, offset: 2 })).toEqual(all.slice(2, 4));
      expect(await repos.users.findByOrg(org.id, { limit: 2, offset: 4 })).toEqual(all.slice(4));
      expect(await repos.users.countByOrg(org.id)).toBe(5);
    });
  });

  describe('ScopeRepo', () => {
    const description = (): SystemDescription => ({
      ...emptySystemDescription(),
      services: 'Hosted payroll — « multi-tenant » SaaS ✓',
      components: { infrastructure: 'AWS eu-west-1', software: 'Node.js', people: '42 staff', procedures: 'runbooks', data: 'payroll records' },
      cuecs: ['Customers review their users quarterly.', 'Customers protect their API tokens.'],
      subserviceOrganizations: [{ name: 'AWS', services: 'hosting', method: 'carve-out', csocs: ['physical security', 'media disposal'] }],
      criteriaNotRelevant: [{ criterion: 'CC6.4', reason: 'no offices' }],
    });
    const type2 = (): Omit<AuditScope, 'updatedAt'> => ({
      categories: ['security', 'availability', 'confidentiality'], reportType: 'type2', asOf: null, periodStart: '2026-01-01', periodEnd: '2026-12-31', systemDescription: description(),
    });

    it('has no scope before the first upsert', async () => {
      const org = await newOrg();
      expect(await repos.scope.get(org.id)).toBeNull();
    });

    it('round-trips a scope, with the system description and dates as YYYY-MM-DD', async () => {
      const org = await newOrg();
      const saved = await repos.scope.upsert(org.id, type2());
      expect(saved).toMatchObject(type2());
      const got = await repos.scope.get(org.id);
      expect(got).toEqual(saved);
      expect(got!.periodStart).toBe('2026-01-01');
      expect(got!.periodEnd).toBe('2026-12-31');
      expect(got!.systemDescription).toEqual(description());
      expect(Number.isNaN(Date.parse(got!.updatedAt))).toBe(false);
    });

    it('replaces the scope on a second upsert', async () => {
      const org = await newOrg();
      await repos.scope.upsert(org.id, type2());
      const next = { categories: ['security' as const], reportType: 'type1' as const, asOf: '2027-02-28', periodStart: null, periodEnd: null, systemDescription: emptySystemDescription() };
      await repos.scope.upsert(org.id, next);
      const got = await repos.scope.get(org.id);
      expect(got).toMatchObject(next);
      expect(got!.asOf).toBe('2027-02-28');
      expect(got!.systemDescription).toEqual(emptySystemDescription());
      expect((await db.query('SELECT count(*)::int AS n FROM audit_scopes WHERE org_id = $1', [org.id]))[0]).toEqual({ n: 1 });
    });

    it.each([
      ['a scope without security', { categories: ['availability' as const] }],
      ['a scope without any category', { categories: [] }],
      ['a period ending before it starts', { periodStart: '2026-12-31', periodEnd: '2026-01-01' }],
      ['a period ending the day it starts', { periodStart: '2026-06-01', periodEnd: '2026-06-01' }],
    ])('refuses %s and keeps the scope it had', async (_name, change) => {
      const org = await newOrg();
      const before = await repos.scope.upsert(org.id, type2());
      await expect(repos.scope.upsert(org.id, { ...type2(), ...change })).rejects.toMatchObject({ code: CHECK_VIOLATION });
      expect(await repos.scope.get(org.id)).toEqual(before);
    });

    it('refuses a scope of an unknown organization', async () => {
      await expect(repos.scope.upsert(randomUUID(), type2())).rejects.toMatchObject({ code: FOREIGN_KEY_VIOLATION });
    });
  });

  describe('ControlsRepo', () => {
    it('instantiates library controls idempotently and says how many it added', async () => {
      const org = await newOrg();
      expect(await repos.controls.insertMany(org.id, [], LIBRARY)).toBe(0);
      expect(await repos.controls.insertMany(org.id, [libraryControl('IAM-01'), libraryControl('IAM-02', 'monthly'), libraryControl('GOV-01', 'annually')], LIBRARY)).toBe(3);
      expect(await repos.controls.insertMany(org.id, [libraryControl('IAM-01'), libraryControl('IAM-02')], LIBRARY)).toBe(0);
      // Existing controls are left untouched; only the new one is added.
      const changed = { ...libraryControl('IAM-01', 'daily'), title: 'Changed title' };
      expect(await repos.controls.insertMany(org.id, [changed, libraryControl('NET-01', 'weekly')], 'library-digest-2')).toBe(1);
      expect(await repos.controls.countBy(org.id)).toBe(4);
      const iam01 = await repos.controls.getById(org.id, 'IAM-01');
      expect(iam01).toMatchObject({ orgId: org.id, controlId: 'IAM-01', title: 'Title of IAM-01', frequency: 'quarterly', libraryDigest: LIBRARY });
      expect(await repos.controls.getById(org.id, 'NET-01')).toMatchObject({ frequency: 'weekly', libraryDigest: 'library-digest-2' });
    });

    it('starts a control in scope, without owner, reason or notes', async () => {
      const org = await newOrg();
      await repos.controls.insertMany(org.id, [libraryControl('CHG-01', 'per-event')], LIBRARY);
      const c = await repos.controls.getById(org.id, 'CHG-01');
      expect(c).toMatchObject({ controlId: 'CHG-01', description: 'Description of CHG-01', frequency: 'per-event', owner: null, inScope: true, exclusionReason: null, notes: '' });
      expect(Number.isNaN(Date.parse(c!.createdAt))).toBe(false);
      expect(await repos.controls.getById(org.id, 'CHG-99')).toBeNull();
    });

    it('finds by ids, scope and owner, in id order, bounded by the limit', async () => {
      const org = await newOrg();
      const ids = ['C-05', 'C-01', 'C-04', 'C-02', 'C-03', 'C-06'];
      await repos.controls.insertMany(org.id, ids.map((id) => libraryControl(id)), LIBRARY);
      await repos.controls.update(org.id, 'C-02', { owner: 'alice' });
      await repos.controls.update(org.id, 'C-05', { owner: 'alice' });
      await repos.controls.update(org.id, 'C-03', { owner: 'bob', inScope: false, exclusionReason: 'not applicable' });
      await repos.controls.update(org.id, 'C-06', { inScope: false, exclusionReason: 'no offices' });
      const idsOf = (rows: { controlId: string }[]) => rows.map((r) => r.controlId);

      expect(idsOf(await repos.controls.findBy(org.id))).toEqual(['C-01', 'C-02', 'C-03', 'C-04', 'C-05', 'C-06']);
      expect(idsOf(await repos.controls.findBy(org.id, { ids: ['C-04', 'C-01', 'C-99'] }))).toEqual(['C-01', 'C-04']);
      expect(idsOf(await repos.controls.findBy(org.id, { ids: [] }))).toEqual([]);
      expect(idsOf(await repos.controls.findBy(org.id, { inScope: true }))).toEqual(['C-01', 'C-02', 'C-04', 'C-05']);
      expect(idsOf(await repos.controls.findBy(org.id, { inScope: false }))).toEqual(['C-03', 'C-06']);
      expect(idsOf(await repos.controls.findBy(org.id, { owner: 'alice' }))).toEqual(['C-02', 'C-05']);
      expect(idsOf(await repos.controls.findBy(org.id, { owner: 'nobody' }))).toEqual([]);
      expect(idsOf(await repos.controls.findBy(org.id, { owner: 'bob', inScope: false }))).toEqual(['C-03']);
      expect(idsOf(await repos.controls.findBy(org.id, { owner: 'bob', inScope: true }))).toEqual([]);
      expect(idsOf(await repos.controls.findBy(org.id, { ids: ['C-02', 'C-03', 'C-05'], owner: 'alice' }))).toEqual(['C-02', 'C-05']);
      expect(idsOf(await repos.controls.findBy(org.id, {}, { limit: 2 }))).toEqual(['C-01', 'C-02']);
      expect(idsOf(await repos.controls.findBy(org.id, {}, { limit: 2, offset: 4 }))).toEqual(['C-05', 'C-06']);
      expect(idsOf(await repos.controls.findBy(org.id, { inScope: true }, { limit: 3, offset: 1 }))).toEqual(['C-02', 'C-04', 'C-05']);
    });

    it('bounds an unbounded request', async () => {
      const org = await newOrg();
      const many = Array.from({ length: 1005 }, (_, i) => libraryControl(`X-${String(i).padStart(4, '0')}`));
      expect(await repos.controls.insertMany(org.id, many, LIBRARY)).toBe(1005);
      expect(await repos.controls.findBy(org.id, {}, { limit: 1_000_000 })).toHaveLength(1000);
      expect(await repos.controls.findBy(org.id)).toHaveLength(100);
      expect(await repos.controls.findBy(org.id, {}, { limit: 0 })).toHaveLength(1);
    });

    it('updates only the fields a patch names', async () => {
      const org = await newOrg();
      await repos.controls.insertMany(org.id, [libraryControl('RSK-01')], LIBRARY);
      expect(await repos.controls.update(org.id, 'RSK-01', { owner: 'carol' })).toMatchObject({ owner: 'carol', inScope: true, exclusionReason: null, notes: '' });
      expect(await repos.controls.update(org.id, 'RSK-01', { notes: 'reviewed in the board meeting' })).toMatchObject({ owner: 'carol', notes: 'reviewed in the board meeting' });
      expect(await repos.controls.update(org.id, 'RSK-01', { inScope: false, exclusionReason: 'covered by the parent company' }))
        .toMatchObject({ owner: 'carol', inScope: false, exclusionReason: 'covered by the parent company', notes: 'reviewed in the board meeting' });
      expect(await repos.controls.update(org.id, 'RSK-01', { inScope: true, exclusionReason: null })).toMatchObject({ owner: 'carol', inScope: true, exclusionReason: null });
      expect(await repos.controls.update(org.id, 'RSK-01', { notes: '' })).toMatchObject({ owner: 'carol', notes: '' });
      // null clears the owner; an empty patch changes nothing.
      expect(await repos.controls.update(org.id, 'RSK-01', { owner: null })).toMatchObject({ owner: null, notes: '' });
      const unchanged = await repos.controls.update(org.id, 'RSK-01', {});
      expect(unchanged).toMatchObject({ owner: null, inScope: true, exclusionReason: null, notes: '', title: 'Title of RSK-01' });
      expect(await repos.controls.getById(org.id, 'RSK-01')).toEqual(unchanged);
    });

    it('answers null when updating a control that does not exist', async () => {
      const org = await newOrg();
      expect(await repos.controls.update(org.id, 'NOPE-01', { owner: 'x' })).toBeNull();
    });

    it.each([
      ['without a reason', { inScope: false }],
      ['with a null reason', { inScope: false, exclusionReason: null }],
      ['with a blank reason', { inScope: false, exclusionReason: '   ' }],
    ])('refuses to take a control out of scope %s', async (_name, patch) => {
      const org = await newOrg();
      await repos.controls.insertMany(org.id, [libraryControl('PRV-01')], LIBRARY);
      await expect(repos.controls.update(org.id, 'PRV-01', patch)).rejects.toMatchObject({ code: CHECK_VIOLATION });
      expect(await repos.controls.getById(org.id, 'PRV-01')).toMatchObject({ inScope: true, exclusionReason: null });
    });

    it('refuses to clear the reason of an excluded control', async () => {
      const org = await newOrg();
      await repos.controls.insertMany(org.id, [libraryControl('PRV-02')], LIBRARY);
      await repos.controls.update(org.id, 'PRV-02', { inScope: false, exclusionReason: 'no personal data' });
      await expect(repos.controls.update(org.id, 'PRV-02', { exclusionReason: null })).rejects.toMatchObject({ code: CHECK_VIOLATION });
    });
  });

  describe('EvidenceRepo', () => {
    const setup = async (controls = ['IAM-01', 'IAM-02', 'LOG-01']) => {
      const org = await newOrg();
      await repos.controls.insertMany(org.id, controls.map((id) => libraryControl(id)), LIBRARY);
      return org;
    };

    it('inserts and reads back a record', async () => {
      const org = await setup();
      const input = newEvidence(org.id, { filename: 'Access review Q3 — final.xlsx', size: 5_000_000_000, effectiveAt: '2026-09-30', collectedAt: '2026-10-02T08:15:30.123Z' });
      const saved = await repos.evidence.insert(input);
      expect(saved).toMatchObject(input);
      expect(saved.size).toBe(5_000_000_000);
      expect(saved.effectiveAt).toBe('2026-09-30');
      expect(saved.collectedAt).toBe('2026-10-02T08:15:30.123Z');
      expect(await repos.evidence.getById(org.id, input.id)).toEqual(saved);
      expect(await repos.evidence.getById(org.id, randomUUID())).toBeNull();
      expect(await repos.evidence.countBy(org.id)).toBe(1);
    });

    it('refuses a second record with the same id', async () => {
      const org = await setup();
      const e = newEvidence(org.id);
      await repos.evidence.insert(e);
      await expect(repos.evidence.insert({ ...e, filename: 'other.pdf' })).rejects.toMatchObject({ code: UNIQUE_VIOLATION });
    });

    it('finds newest effective first, by control, in pages', async () => {
      const org = await setup();
      const dates = ['2026-03-01', '2026-11-01', '2026-07-15', '2025-12-31', '2026-07-16', '2026-01-01'];
      const saved: EvidenceRecord[] = [];
      for (const d of dates) saved.push(await repos.evidence.insert(newEvidence(org.id, { effectiveAt: d })));
      await repos.evidence.link(org.id, saved[0]!.id, ['IAM-01']);
      await repos.evidence.link(org.id, saved[1]!.id, ['IAM-01', 'IAM-02']);
      await repos.evidence.link(org.id, saved[3]!.id, ['IAM-01']);
      await repos.evidence.link(org.id, saved[4]!.id, ['IAM-02']);

      const all = await repos.evidence.findBy(org.id);
      expect(all.map((e) => e.effectiveAt)).toEqual([...dates].sort().reverse());
      expect((await repos.evidence.findBy(org.id, { controlId: 'IAM-01' })).map((e) => e.effectiveAt)).toEqual(['2026-11-01', '2026-03-01', '2025-12-31']);
      expect((await repos.evidence.findBy(org.id, { controlId: 'IAM-02' })).map((e) => e.effectiveAt)).toEqual(['2026-11-01', '2026-07-16']);
      expect(await repos.evidence.findBy(org.id, { controlId: 'LOG-01' })).toEqual([]);

      const pages: EvidenceRecord[] = [];
      for (let offset = 0; offset < 10; offset += 4) pages.push(...(await repos.evidence.findBy(org.id, {}, { limit: 4, offset })));
      expect(pages).toEqual(all);
      expect(await repos.evidence.findBy(org.id, { controlId: 'IAM-01' }, { limit: 1, offset: 1 })).toEqual([all.find((e) => e.effectiveAt === '2026-03-01')]);
    });

    it('puts the most recently recorded first among evidence of the same effective date', async () => {
      const org = await setup();
      const ids: string[] = [];
      for (let i = 0; i < 4; i++) {
        ids.push((await repos.evidence.insert(newEvidence(org.id, { effectiveAt: '2026-05-05' }))).id);
        await sleep(3); // PGlite's clock counts milliseconds
      }
      expect((await repos.evidence.findBy(org.id)).map((e) => e.id)).toEqual([...ids].reverse());
    });

    it('orders evidence recorded at the same instant by id, so pages neither skip nor repeat', async () => {
      const org = await setup();
      const ids = await db.transaction(async (tx) => {
        const out: string[] = [];
        for (let i = 0; i < 6; i++) out.push((await reposFor(tx).evidence.insert(newEvidence(org.id, { effectiveAt: '2026-05-05' }))).id);
        return out;
      });
      const all = await repos.evidence.findBy(org.id);
      expect(all.map((e) => e.id)).toEqual([...ids].sort());
      const paged = [...(await repos.evidence.findBy(org.id, {}, { limit: 4 })), ...(await repos.evidence.findBy(org.id, {}, { limit: 4, offset: 4 }))];
      expect(paged).toEqual(all);
    });

    it('links evidence to controls, returning only the new links', async () => {
      const org = await setup();
      const e = await repos.evidence.insert(newEvidence(org.id));
      expect(await repos.evidence.link(org.id, e.id, [])).toEqual([]);
      expect((await repos.evidence.link(org.id, e.id, ['IAM-02', 'IAM-01'])).sort()).toEqual(['IAM-01', 'IAM-02']);
      expect(await repos.evidence.link(org.id, e.id, ['IAM-01', 'LOG-01', 'IAM-02'])).toEqual(['LOG-01']);
      expect(await repos.evidence.link(org.id, e.id, ['LOG-01'])).toEqual([]);
      expect((await repos.evidence.linksFor(org.id, [e.id])).get(e.id)).toEqual(['IAM-01', 'IAM-02', 'LOG-01']);
    });

    it('refuses links to a control or evidence the organization does not have', async () => {
      const org = await setup();
      const e = await repos.evidence.insert(newEvidence(org.id));
      await expect(repos.evidence.link(org.id, e.id, ['NOPE-01'])).rejects.toMatchObject({ code: FOREIGN_KEY_VIOLATION });
      await expect(repos.evidence.link(org.id, randomUUID(), ['IAM-01'])).rejects.toMatchObject({ code: FOREIGN_KEY_VIOLATION });
      expect((await repos.evidence.linksFor(org.id, [e.id])).get(e.id)).toEqual([]);
    });

    it('gives the links of several records, sorted, with an empty list for unlinked ones', async () => {
      const org = await setup();
      const [a, b, c] = [await repos.evidence.insert(newEvidence(org.id)), await repos.evidence.insert(newEvidence(org.id)), await repos.evidence.insert(newEvidence(org.id))];
      await repos.evidence.link(org.id, a.id, ['LOG-01', 'IAM-01']);
      await repos.evidence.link(org.id, b.id, ['IAM-02']);
      const unknown = randomUUID();
      const links = await repos.evidence.linksFor(org.id, [a.id, b.id, c.id, unknown]);
      expect(Object.fromEntries(links)).toEqual({ [a.id]: ['IAM-01', 'LOG-01'], [b.id]: ['IAM-02'], [c.id]: [], [unknown]: [] });
      expect((await repos.evidence.linksFor(org.id, [])).size).toBe(0);
    });

    it('counts evidence per control with the latest effective date', async () => {
      const org = await setup(['IAM-01', 'IAM-02', 'LOG-01', 'NET-01']);
      const a = await repos.evidence.insert(newEvidence(org.id, { effectiveAt: '2026-02-01' }));
      const b = await repos.evidence.insert(newEvidence(org.id, { effectiveAt: '2026-10-31' }));
      const c = await repos.evidence.insert(newEvidence(org.id, { effectiveAt: '2026-06-15' }));
      await repos.evidence.link(org.id, a.id, ['IAM-01', 'IAM-02']);
      await repos.evidence.link(org.id, b.id, ['IAM-01']);
      await repos.evidence.link(org.id, c.id, ['IAM-01', 'LOG-01']);
      const stats = (await repos.evidence.statsByControl(org.id)).sort((x, y) => x.controlId.localeCompare(y.controlId));
      expect(stats).toEqual([
        { controlId: 'IAM-01', count: 3, latestEffective: '2026-10-31' },
        { controlId: 'IAM-02', count: 1, latestEffective: '2026-02-01' },
        { controlId: 'LOG-01', count: 1, latestEffective: '2026-06-15' },
      ]);
    });

    it('scans all evidence of all organizations in keyset pages, each row exactly once', async () => {
      const mine = new Set<string>();
      for (let o = 0; o < 3; o++) {
        const org = await newOrg();
        for (let i = 0; i < 4 + o; i++) mine.add(`${org.id}/${(await repos.evidence.insert(newEvidence(org.id))).id}`);
      }
      const total = (await db.query<{ n: number }>('SELECT count(*)::int AS n FROM evidence'))[0]!.n;
      for (const size of [1, 3, 7]) {
        const seen: string[] = [];
        let cursor: { orgId: string; id: string } | null = null;
        for (let guard = 0; guard <= total; guard++) {
          const batch = await repos.evidence.scanAll(cursor, size);
          expect(batch.length).toBeLessThanOrEqual(size);
          if (batch.length === 0) break;
          seen.push(...batch.map((e) => `${e.orgId}/${e.id}`));
          const last: EvidenceRecord = batch[batch.length - 1]!;
          cursor = { orgId: last.orgId, id: last.id };
        }
        expect(seen, `pages of ${size}`).toHaveLength(total);
        expect(new Set(seen).size, `pages of ${size}`).toBe(total);
        for (const key of mine) expect(seen, `pages of ${size}`).toContain(key);
      }
    });
  });

  describe('AuditLogRepo', () => {
    const event = (n: number) => ({ actor: `user:${n}`, action: 'control.update', entityType: 'control', entityId: `IAM-0${n % 10}`, before: { owner: null, n }, after: { owner: 'alice', n }, detail: { fields: ['owner'] } });

    it('appends a chain that verifies, with digests of before and after', async () => {
      const org = await newOrg();
      const appended = [];
      for (let n = 1; n <= 5; n++) appended.push(await db.transaction((tx) => reposFor(tx).auditLog.append(org.id, event(n), new Date(Date.UTC(2026, 10, 24, 12, n)))));
      const create = await db.transaction((tx) => reposFor(tx).auditLog.append(org.id, { actor: 'cli', action: 'evidence.add', entityType: 'evidence', entityId: 'e-1', before: null, after: { id: 'e-1' } }));
      appended.push(create);

      expect(appended.map((e) => e.seq)).toEqual([1, 2, 3, 4, 5, 6]);
      expect(appended[0]!.prevHash).toBe(GENESIS_HASH);
      expect(appended[1]!.prevHash).toBe(appended[0]!.hash);
      expect(appended[0]).toMatchObject({ orgId: org.id, at: '2026-11-24T12:01:00.000Z', beforeDigest: digestOf({ owner: null, n: 1 }), afterDigest: digestOf({ owner: 'alice', n: 1 }), detail: { fields: ['owner'] } });
      expect(create).toMatchObject({ beforeDigest: null, afterDigest: digestOf({ id: 'e-1' }), detail: {} });

      const stored = await repos.auditLog.page(org.id);
      expect(stored).toEqual(appended);
      expect(verifyChain(stored)).toEqual({ breaks: [], last: { seq: 6, hash: create.hash } });
    });

    it('pages forward, lists recent entries backward, and finds entries of one entity', async () => {
      const org = await newOrg();
      await db.transaction(async (tx) => {
        for (let n = 1; n <= 7; n++) await reposFor(tx).auditLog.append(org.id, event(n));
      });
      expect((await repos.auditLog.page(org.id, 2, 3)).map((e) => e.seq)).toEqual([3, 4, 5]);
      expect((await repos.auditLog.page(org.id, 7)).map((e) => e.seq)).toEqual([]);
      expect((await repos.auditLog.recent(org.id, 3)).map((e) => e.seq)).toEqual([7, 6, 5]);
      expect((await repos.auditLog.recent(org.id, 3, 5)).map((e) => e.seq)).toEqual([4, 3, 2]);
      expect((await repos.auditLog.recent(org.id, 10, 2)).map((e) => e.seq)).toEqual([1]);
      // Filtered by actor or entity type, still newest first and paged with `before`.
      expect((await repos.auditLog.recent(org.id, 10, undefined, { actor: 'user:3' })).map((e) => e.seq)).toEqual([3]);
      expect((await repos.auditLog.recent(org.id, 2, 7, { entityType: 'control' })).map((e) => e.seq)).toEqual([6, 5]);
      expect(await repos.auditLog.recent(org.id, 10, undefined, { entityType: 'evidence' })).toEqual([]);
      expect(await repos.auditLog.recent(org.id, 10, undefined, { entityType: 'control', actor: 'cli' })).toEqual([]);
      expect((await repos.auditLog.findForEntity(org.id, 'control', 'IAM-03')).map((e) => e.seq)).toEqual([3]);
      expect(await repos.auditLog.findForEntity(org.id, 'evidence', 'IAM-03')).toEqual([]);
      // Verified in pages, the chain gives the same answer as in one pass.
      let state = { seq: 0, hash: GENESIS_HASH };
      for (;;) {
        const page = await repos.auditLog.page(org.id, state.seq, 2);
        if (page.length === 0) break;
        const r = verifyChain(page, state);
        expect(r.breaks).toEqual([]);
        state = r.last;
      }
      expect(state).toEqual(verifyChain(await repos.auditLog.page(org.id)).last);
    });

    it('keeps one chain per organization', async () => {
      const a = await newOrg();
      const b = await newOrg();
      await db.transaction((tx) => reposFor(tx).auditLog.append(a.id, event(1)));
      await db.transaction((tx) => reposFor(tx).auditLog.append(a.id, event(2)));
      const firstOfB = await db.transaction((tx) => reposFor(tx).auditLog.append(b.id, event(3)));
      expect(firstOfB).toMatchObject({ seq: 1, prevHash: GENESIS_HASH });
      expect(verifyChain(await repos.auditLog.page(a.id)).breaks).toEqual([]);
      expect(verifyChain(await repos.auditLog.page(b.id)).breaks).toEqual([]);
    });

    it('forgets an entry whose transaction rolls back', async () => {
      const org = await newOrg();
      await db.transaction((tx) => reposFor(tx).auditLog.append(org.id, event(1)));
      await expect(db.transaction(async (tx) => {
        await reposFor(tx).auditLog.append(org.id, event(2));
        throw new Error('the change failed');
      })).rejects.toThrow('the change failed');
      const next = await db.transaction((tx) => reposFor(tx).auditLog.append(org.id, event(3)));
      expect(next.seq).toBe(2);
      expect(verifyChain(await repos.auditLog.page(org.id)).breaks).toEqual([]);
    });

    it('serializes concurrent appends into one intact chain', async () => {
      const org = await newOrg();
      const other = await newOrg();
      const results = await Promise.all(Array.from({ length: 20 }, (_, i) => db.transaction(async (tx) => {
        const r = reposFor(tx);
        // Work before the append widens the window for a race between transactions.
        await r.controls.countBy(org.id);
        const entry = await r.auditLog.append(i % 5 === 0 ? other.id : org.id, event(i));
        await r.auditLog.append(org.id, event(100 + i));
        return entry;
      })));
      expect(results).toHaveLength(20);
      const stored = await repos.auditLog.page(org.id);
      expect(stored.map((e) => e.seq)).toEqual(Array.from({ length: 36 }, (_, i) => i + 1));
      expect(verifyChain(stored).breaks).toEqual([]);
      const storedOther = await repos.auditLog.page(other.id);
      expect(storedOther.map((e) => e.seq)).toEqual([1, 2, 3, 4]);
      expect(verifyChain(storedOther).breaks).toEqual([]);
    });

    it('refuses UPDATE and DELETE on the table', async () => {
      const org = await newOrg();
      await db.transaction((tx) => reposFor(tx).auditLog.append(org.id, event(1)));
      await db.transaction((tx) => reposFor(tx).auditLog.append(org.id, event(2)));
      const before = await repos.auditLog.page(org.id);
      await expect(db.query("UPDATE audit_log SET actor = 'user:intruder' WHERE org_id = $1 AND seq = 1", [org.id])).rejects.toMatchObject({ code: RAISED_EXCEPTION });
      await expect(db.query('DELETE FROM audit_log WHERE org_id = $1 AND seq = 2', [org.id])).rejects.toMatchObject({ code: RAISED_EXCEPTION });
      await expect(db.query('DELETE FROM audit_log WHERE org_id = $1', [org.id])).rejects.toMatchObject({ code: RAISED_EXCEPTION });
      expect(await repos.auditLog.page(org.id)).toEqual(before);
    });

    it('refuses a second entry with the same number', async () => {
      const org = await newOrg();
      const e = await db.transaction((tx) => reposFor(tx).auditLog.append(org.id, event(1)));
      await expect(db.query(
        `INSERT INTO audit_log (org_id, seq, at, actor, action, entity_type, entity_id, detail, prev_hash, hash) VALUES ($1, 1, now(), 'x', 'x', 'x', 'x', '{}', $2, $2)`,
        [org.id, e.hash],
      )).rejects.toMatchObject({ code: UNIQUE_VIOLATION });
    });
  });

  describe('organization isolation', () => {
    /** Two organizations with the same shape of data: same control ids, same email, evidence linked, audit entries. */
    const twoOrgs = async () => {
      const make = async (name: string) => {
        const org = await newOrg(name);
        const user = await repos.users.insert({ orgId: org.id, id: randomUUID(), email: 'same@example.com', name, role: 'owner' });
        await repos.scope.upsert(org.id, { categories: ['security'], reportType: 'type1', asOf: '2026-12-31', periodStart: null, periodEnd: null, systemDescription: { ...emptySystemDescription(), services: name } });
        await repos.controls.insertMany(org.id, [libraryControl('IAM-01'), libraryControl('IAM-02')], LIBRARY);
        await repos.controls.update(org.id, 'IAM-01', { owner: 'same-owner' });
        const ev = await repos.evidence.insert(newEvidence(org.id, { effectiveAt: name === 'A' ? '2026-10-01' : '2026-03-01' }));
        await repos.evidence.link(org.id, ev.id, ['IAM-01']);
        await db.transaction((tx) => reposFor(tx).auditLog.append(org.id, { actor: user.id, action: 'evidence.add', entityType: 'evidence', entityId: ev.id, before: null, after: { id: ev.id } }));
        return { org, user, ev };
      };
      return { a: await make('A'), b: await make('B') };
    };

    it('never returns data of one organization for another', async () => {
      const { a, b } = await twoOrgs();
      for (const [mine, theirs] of [[a, b], [b, a]] as const) {
        const id = mine.org.id;
        const onlyMine = <T extends { orgId: string }>(rows: T[]) => {
          expect(rows.length).toBeGreaterThan(0);
          for (const r of rows) expect(r.orgId).toBe(id);
        };
        // Get by the other organization's ids: nothing.
        expect(await repos.users.getById(id, theirs.user.id)).toBeNull();
        expect(await repos.evidence.getById(id, theirs.ev.id)).toBeNull();
        expect(await repos.auditLog.findForEntity(id, 'evidence', theirs.ev.id)).toEqual([]);
        expect((await repos.evidence.linksFor(id, [theirs.ev.id])).get(theirs.ev.id)).toEqual([]);
        // Shared keys (email, control ids, owner) resolve to this organization's rows only.
        expect(await repos.users.findByEmail(id, 'same@example.com')).toEqual(mine.user);
        onlyMine(await repos.users.findByOrg(id));
        expect(await repos.users.countByOrg(id)).toBe(1);
        expect((await repos.scope.get(id))!.systemDescription.services).toBe(mine.org.name);
        onlyMine(await repos.controls.findBy(id));
        onlyMine(await repos.controls.findBy(id, { ids: ['IAM-01'] }));
        onlyMine(await repos.controls.findBy(id, { owner: 'same-owner' }));
        expect((await repos.controls.getById(id, 'IAM-01'))!.orgId).toBe(id);
        expect(await repos.controls.countBy(id)).toBe(2);
        expect((await repos.evidence.findBy(id)).map((e) => e.id)).toEqual([mine.ev.id]);
        expect((await repos.evidence.findBy(id, { controlId: 'IAM-01' })).map((e) => e.id)).toEqual([mine.ev.id]);
        expect(await repos.evidence.countBy(id)).toBe(1);
        expect(await repos.evidence.statsByControl(id)).toEqual([{ controlId: 'IAM-01', count: 1, latestEffective: mine.ev.effectiveAt }]);
        onlyMine(await repos.auditLog.page(id));
        onlyMine(await repos.auditLog.recent(id));
        expect((await repos.auditLog.page(id)).map((e) => e.entityId)).toEqual([mine.ev.id]);
      }
    });

    it('never changes data of one organization through another', async () => {
      const { a, b } = await twoOrgs();
      const bControl = await repos.controls.getById(b.org.id, 'IAM-02');
      const unknown = await newOrg('C');
      expect(await repos.controls.update(unknown.id, 'IAM-02', { owner: 'intruder' })).toBeNull();
      expect(await repos.controls.getById(b.org.id, 'IAM-02')).toEqual(bControl);
      // Links across organizations are refused by the database itself.
      await expect(repos.evidence.link(a.org.id, b.ev.id, ['IAM-01'])).rejects.toMatchObject({ code: FOREIGN_KEY_VIOLATION });
      await expect(repos.evidence.link(unknown.id, a.ev.id, ['IAM-01'])).rejects.toMatchObject({ code: FOREIGN_KEY_VIOLATION });
      expect((await repos.evidence.linksFor(b.org.id, [b.ev.id])).get(b.ev.id)).toEqual(['IAM-01']);
      expect(await repos.controls.insertMany(unknown.id, [libraryControl('IAM-01')], LIBRARY)).toBe(1);
      expect(await repos.controls.countBy(a.org.id)).toBe(2);
    });
  });
});
