// Audits on both engines: creation and its validation, evidence seen only within the window,
// reproducible samples, sample sizes by rule, automated populations from the result history,
// the operating-effectiveness view, and the fieldwork (tests, exceptions, requests).
import { randomUUID } from 'node:crypto';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { AppError } from '../../src/domain/errors.js';
import { drawSample } from '../../src/domain/sampling.js';
import { emptySystemDescription, type Category } from '../../src/domain/types.js';
import type { Db } from '../../src/store/db.js';
import type { StoredResult } from '../../src/store/index.js';
import { engines } from '../support/engines.js';
import { servicesOn, type TestServices } from '../support/services.js';

const YEAR = { type: 2, from: '2025-11-01', to: '2026-10-31' } as const;

/** `field code` pairs of an invalid_input (or not_found) thrown by `p`. */
async function fieldsOf(p: Promise<unknown>): Promise<string[]> {
  try {
    await p;
  } catch (e) {
    if (!(e instanceof AppError)) throw e;
    return [e.code, ...e.fields.map((f) => `${f.field} ${f.code}`).sort()];
  }
  throw new Error('expected a refusal');
}

describe.each(engines)('audits on $name', (engine) => {
  let db: Db;
  let s: TestServices;
  beforeAll(async () => {
    db = await engine.open();
    s = servicesOn(db, { now: '2026-11-24T12:00:00Z' });
  });
  afterAll(async () => db?.close());

  /** A separate organization with the whole control library, so tests do not see each other's data. */
  async function newOrg(categories: Category[] = ['security', 'availability']): Promise<string> {
    const { catalog, store } = s.ctx;
    const id = randomUUID();
    await store.transaction(async (repos) => {
      await repos.organizations.insert({ id, name: `Org ${id.slice(0, 8)}`, slug: `org-${id}` });
      await repos.scope.upsert(id, { categories, reportType: 'type2', asOf: null, periodStart: null, periodEnd: null, systemDescription: emptySystemDescription() });
      await repos.controls.insertMany(id, catalog.controls, catalog.digest);
    });
    return id;
  }

  let n = 0;
  const addEvidence = (orgId: string, control: string, effectiveDate: string) =>
    s.evidence.add(orgId, { filename: `e${++n}.txt`, controls: [control], effectiveDate }, Buffer.from(`evidence ${n} ${randomUUID()}`), 'test');

  describe('create', () => {
    it('refuses bad input, naming every field, and stores nothing', async () => {
      const org = await newOrg();
      expect(await fieldsOf(s.audits.create(org, { type: 2, from: '2026-02-30', to: '2025-01-01', categories: ['security', 'speed'] }, 'test')))
        .toEqual(['invalid_input', 'categories unknown_category', 'from invalid_date']);
      expect(await fieldsOf(s.audits.create(org, { type: '2', from: '2026-03-01', to: '2026-02-01' }, 'test'))).toEqual(['invalid_input', 'to before_start']);
      expect(await fieldsOf(s.audits.create(org, { type: 2, from: '2026-03-01', to: '2026-03-01' }, 'test'))).toEqual(['invalid_input', 'to before_start']);
      expect(await fieldsOf(s.audits.create(org, { type: 2, date: '2026-03-01' }, 'test'))).toEqual(['invalid_input', 'date not_allowed', 'from required', 'to required']);
      expect(await fieldsOf(s.audits.create(org, { type: 1, date: '2026-01-01', from: '2025-01-01' }, 'test'))).toEqual(['invalid_input', 'from not_allowed']);
      expect(await fieldsOf(s.audits.create(org, { type: 1 }, 'test'))).toEqual(['invalid_input', 'date required']);
      expect(await fieldsOf(s.audits.create(org, { type: 3, date: '2026-01-01' }, 'test'))).toEqual(['invalid_input', 'type invalid_value']);
      expect(await fieldsOf(s.audits.create(org, { type: undefined }, 'test'))).toEqual(['invalid_input', 'type required']);
      expect((await s.audits.list(org)).total).toBe(0);
    });

    it('creates Type I and Type II audits over the scope categories by default, newest first, audit-logged', async () => {
      const org = await newOrg(['security', 'availability']);
      const two = await s.audits.create(org, YEAR, 'test');
      expect(two).toMatchObject({ type: 'type2', asOf: null, periodStart: '2025-11-01', periodEnd: '2026-10-31', categories: ['security', 'availability'], seed: null, seedsDrawn: [], createdBy: 'test' });
      s.now.value = new Date('2026-11-24T12:01:00Z');
      const one = await s.audits.create(org, { type: 'type1', date: '2026-06-30', categories: ['security'] }, 'test');
      expect(one).toMatchObject({ type: 'type1', asOf: '2026-06-30', periodStart: null, categories: ['security'] });
      // Fewer categories, fewer controls: BCP-02 supports availability only.
      expect(one.controls).toBeLessThan(two.controls);
      expect(one.controls).toBeGreaterThan(50);
      const list = await s.audits.list(org);
      expect(list.total).toBe(2);
      expect(list.items.map((a) => a.id)).toEqual([one.id, two.id]);
      expect(await s.audits.get(org, two.id)).toEqual(two);
      const log = await s.ctx.store.repos.auditLog.findForEntity(org, 'audit', two.id);
      expect(log.map((e) => e.action)).toEqual(['audit.create']);
    });

    it('answers not_found on the audit field for an unknown id, or another organization\'s audit', async () => {
      const a = await newOrg();
      const b = await newOrg();
      const audit = await s.audits.create(a, YEAR, 'test');
      expect(await fieldsOf(s.audits.get(b, audit.id))).toEqual(['not_found', 'audit unknown_id']);
      expect(await fieldsOf(s.audits.get(a, randomUUID()))).toEqual(['not_found', 'audit unknown_id']);
      expect(await fieldsOf(s.audits.get(a, 'not-an-id'))).toEqual(['not_found', 'audit unknown_id']);
      expect(await fieldsOf(s.audits.sample(b, audit.id, { seed: 1 }, 'test'))).toEqual(['not_found', 'audit unknown_id']);
    });
  });

  describe('evidence through an audit', () => {
    it('is only evidence effective within the window (Type II: the period)', async () => {
      const org = await newOrg(['security']);
      const before = await addEvidence(org, 'GOV-04', '2025-10-31');
      const first = await addEvidence(org, 'GOV-04', '2025-11-01');
      const mid = await addEvidence(org, 'GOV-04', '2026-03-15');
      const last = await addEvidence(org, 'GOV-04', '2026-10-31');
      const after = await addEvidence(org, 'GOV-04', '2026-11-01');
      const availabilityOnly = await addEvidence(org, 'BCP-02', '2026-03-15');
      const audit = await s.audits.create(org, { ...YEAR, categories: ['security'] }, 'test');
      const seen = await s.audits.evidence(org, audit.id);
      expect(seen.total).toBe(3);
      expect(seen.items.map((e) => e.id)).toEqual([last.id, mid.id, first.id]);
      expect(seen.items.every((e) => e.auditControls.join() === 'GOV-04')).toBe(true);
      for (const hidden of [before, after, availabilityOnly]) expect(await fieldsOf(s.audits.evidenceItem(org, audit.id, hidden.id))).toEqual(['not_found', 'evidence unknown_id']);
      expect((await s.audits.evidenceItem(org, audit.id, mid.id)).sha256).toBe(mid.sha256);
      expect((await s.audits.evidence(org, audit.id, { control: 'GOV-04' }, { limit: 1, offset: 1 })).items.map((e) => e.id)).toEqual([mid.id]);
    });

    it('Type I: effective on or before the date, within the control\'s validity window', async () => {
      const org = await newOrg(['security']);
      await addEvidence(org, 'GOV-04', '2025-12-01'); // 109 days before: a quarterly control's evidence is valid for 100
      const inside = await addEvidence(org, 'GOV-04', '2026-03-15');
      await addEvidence(org, 'GOV-04', '2026-03-21'); // after the date
      const audit = await s.audits.create(org, { type: 1, date: '2026-03-20' }, 'test');
      const seen = await s.audits.evidence(org, audit.id, { control: 'gov-04' });
      expect(seen.items.map((e) => e.id)).toEqual([inside.id]);
      const status = await s.audits.status(org, audit.id, { control: 'GOV-04' });
      expect(status.controls[0]).toMatchObject({ window: { from: '2025-12-10', to: '2026-03-20' }, expected: 1, evidenced: 1, populationSize: 1, state: 'operating' });
    });
  });

  describe('samples', () => {
    it('same seed, same sample (the documented algorithm); another seed draws anew and becomes current', async () => {
      const org = await newOrg(['security']);
      for (let i = 0; i < 60; i++) await addEvidence(org, 'IAM-05', `2026-0${1 + (i % 9)}-${String(10 + (i % 18)).padStart(2, '0')}`);
      const audit = await s.audits.create(org, YEAR, 'test');
      const first = await s.audits.sample(org, audit.id, { seed: 42, control: 'IAM-05' }, 'test');
      expect(first.seed).toBe(42);
      const c = first.controls[0]!;
      expect(c).toMatchObject({ control: 'IAM-05', populationKind: 'events', populationSize: 60, rule: 'events_ten_percent', required: 6, size: 6, populationChanged: false });
      // The service draws with the domain's documented algorithm over the population keys.
      const population = await s.audits.population(org, audit.id, 'IAM-05', { limit: 1000 });
      expect(population.size).toBe(60);
      expect(population.digest).toBe(c.populationDigest);
      expect(c.items.map((i) => i.key)).toEqual(drawSample(population.items.map((i) => i.key), 6, { seed: 42, stream: 'IAM-05', key: (k) => k }).items);
      expect(c.items.every((i) => i.stream === 'IAM-05' && i.evidenceId && i.effectiveAt! >= '2025-11-01')).toBe(true);

      s.now.value = new Date('2026-11-24T13:00:00Z');
      const again = await s.audits.sample(org, audit.id, { seed: 42, control: 'IAM-05' }, 'test');
      expect(JSON.stringify(again)).toBe(JSON.stringify(first));
      expect((await s.audits.get(org, audit.id))).toMatchObject({ seed: 42, seedsDrawn: [42] });

      const other = await s.audits.sample(org, audit.id, { seed: 7, control: 'IAM-05' }, 'test');
      expect(other.controls[0]!.items.map((i) => i.key)).not.toEqual(c.items.map((i) => i.key));
      expect((await s.audits.get(org, audit.id))).toMatchObject({ seed: 7, seedsDrawn: [42, 7] });
      // Without a seed: the current one.
      expect(JSON.stringify(await s.audits.sample(org, audit.id, { control: 'IAM-05' }, 'test'))).toBe(JSON.stringify(other));
      // Back to 42: the draw as it was made, and 42 is current again.
      expect(JSON.stringify(await s.audits.sample(org, audit.id, { seed: '42', control: 'IAM-05' }, 'test'))).toBe(JSON.stringify(first));
      expect((await s.audits.get(org, audit.id)).seed).toBe(42);

      // Evidence added later to the window: the stored draw stands, flagged.
      await addEvidence(org, 'IAM-05', '2026-05-05');
      const later = (await s.audits.sample(org, audit.id, { seed: 42, control: 'IAM-05' }, 'test')).controls[0]!;
      expect(later.items).toEqual(c.items);
      expect(later.populationSize).toBe(60);
      expect(later.populationChanged).toBe(true);
      expect((await s.audits.population(org, audit.id, 'IAM-05')).size).toBe(61);

      const log = await s.ctx.store.repos.auditLog.findForEntity(org, 'audit', audit.id);
      expect(log.filter((e) => e.action === 'audit.sample').map((e) => e.detail.seed)).toEqual([42, 7, 42]);
    });

    it('refuses a bad seed and a control outside the audit, naming the field', async () => {
      const org = await newOrg(['security']);
      const audit = await s.audits.create(org, { ...YEAR, categories: ['security'] }, 'test');
      for (const seed of [-1, 'abc', 1.5, 2 ** 53]) expect(await fieldsOf(s.audits.sample(org, audit.id, { seed }, 'test'))).toEqual(['invalid_input', 'seed invalid_seed']);
      expect(await fieldsOf(s.audits.sample(org, audit.id, { seed: 1, control: 'BCP-02' }, 'test'))).toEqual(['invalid_input', 'control not_in_audit']);
      expect(await fieldsOf(s.audits.sample(org, audit.id, { seed: 1, control: 'NOPE-99' }, 'test'))).toEqual(['invalid_input', 'control unknown_id']);
      expect((await s.audits.get(org, audit.id)).seed).toBeNull();
    });

    it('sizes samples by the frequency table (pro-rated), Type I and empty populations', async () => {
      const org = await newOrg(['security']);
      for (const d of ['2025-11-20', '2025-12-20', '2026-02-01', '2026-03-01', '2026-05-01', '2026-06-01', '2026-08-01', '2026-09-01']) await addEvidence(org, 'GOV-04', d);
      const year = await s.audits.create(org, YEAR, 'test');
      const half = await s.audits.create(org, { type: 2, from: '2026-05-01', to: '2026-10-28' }, 'test');
      const one = await s.audits.create(org, { type: 1, date: '2026-09-15' }, 'test');
      const size = async (auditId: string, control: string) => (await s.audits.sample(org, auditId, { seed: 5, control }, 'test')).controls[0]!;
      expect(await size(year.id, 'GOV-04')).toMatchObject({ populationSize: 8, size: 2, rule: 'frequency_table' });
      expect(await size(half.id, 'GOV-04')).toMatchObject({ populationSize: 4, size: 1, rule: 'frequency_table_prorated' });
      expect(await size(one.id, 'GOV-04')).toMatchObject({ populationSize: 2, size: 1, rule: 'type1_one' });
      expect(await size(year.id, 'GOV-11')).toMatchObject({ populationSize: 0, size: 0, rule: 'empty_population', items: [] });
      // Every control of the audit at once, in id order.
      const all = await s.audits.sample(org, year.id, { seed: 5 }, 'test');
      expect(all.controls).toHaveLength(year.controls);
      expect(all.controls.map((x) => x.control)).toEqual([...all.controls.map((x) => x.control)].sort());
      expect(all.controls.find((x) => x.control === 'GOV-04')!.items).toEqual((await size(year.id, 'GOV-04')).items);
    });
  });

  describe('automated controls', () => {
    const result = (i: number, status: StoredResult['status']): StoredResult => ({
      checkId: 'aws-s3-bucket-encryption', resourceType: 'aws.s3.bucket', resourceId: `aws_s3_bucket.b${i}`, status,
      reason: status === 'fail' ? 'no_encryption' : null, message: null, severity: 'high', path: 'infra/main.tf', startLine: i, endLine: i + 3,
    });
    const scan = (orgId: string, at: string, failing: number) =>
      s.scans.record(orgId, { startedAt: at, finishedAt: at, targets: ['infra'], results: Array.from({ length: 10 }, (_, i) => result(i, i < failing ? 'fail' : 'pass')) }, 'test');

    it('take their population from the resources their checks judged, one sample per configuration, and show failing windows', async () => {
      const org = await newOrg(['security']);
      await scan(org, '2025-06-01T10:00:00.000Z', 0); // before the period: its resources were judged, and still are
      await scan(org, '2026-02-01T10:00:00.000Z', 3);
      await scan(org, '2026-02-10T10:00:00.000Z', 0);
      await scan(org, '2026-09-01T10:00:00.000Z', 1);
      const audit = await s.audits.create(org, YEAR, 'test');
      const population = await s.audits.population(org, audit.id, 'CRY-01');
      expect(population).toMatchObject({ kind: 'resources', size: 10 });
      expect(population.items[0]).toMatchObject({ key: 'aws-s3-bucket-encryption aws.s3.bucket aws_s3_bucket.b0', checkId: 'aws-s3-bucket-encryption' });
      const sample = (await s.audits.sample(org, audit.id, { seed: 42, control: 'CRY-01' }, 'test')).controls[0]!;
      expect(sample).toMatchObject({ populationKind: 'resources', populationSize: 10, rule: 'per_configuration', size: 1 });
      expect(sample.items[0]!.stream).toBe('CRY-01/aws-s3-bucket-encryption');
      expect(population.items.map((i) => i.key)).toContain(sample.items[0]!.key);

      const status = (await s.audits.status(org, audit.id, { control: 'CRY-01' })).controls[0]!;
      expect(status).toMatchObject({ populationKind: 'resources', populationSize: 10, expected: 365, evidenced: 3, state: 'failing', sample: { seed: 42, size: 1 } });
      expect(status.failingWindows).toEqual([
        { checkId: 'aws-s3-bucket-encryption', start: '2026-02-01T10:00:00.000Z', end: '2026-02-10T10:00:00.000Z', ongoing: false },
        { checkId: 'aws-s3-bucket-encryption', start: '2026-09-01T10:00:00.000Z', end: '2026-11-01T00:00:00.000Z', ongoing: true },
      ]);
      expect(status.gaps[0]).toEqual({ from: '2025-11-01', to: '2026-01-31' });
    });

    it('fall back to their evidence when no check judged anything in the window', async () => {
      const org = await newOrg(['security']);
      await addEvidence(org, 'CRY-01', '2026-04-01');
      const audit = await s.audits.create(org, YEAR, 'test');
      const sample = (await s.audits.sample(org, audit.id, { seed: 1, control: 'CRY-01' }, 'test')).controls[0]!;
      expect(sample).toMatchObject({ populationKind: 'occurrences', populationSize: 1, rule: 'per_configuration', size: 1 });
      expect((await s.audits.status(org, audit.id, { control: 'CRY-01' })).controls[0]).toMatchObject({ expected: null, evidenced: 1, failingWindows: [], state: 'operating' });
    });
  });

  describe('operating effectiveness', () => {
    it('compares expected occurrences with evidenced ones, names the gaps, and follows tests and exceptions', async () => {
      const org = await newOrg(['security']);
      for (const d of ['2025-11-15', '2026-02-15', '2026-08-15']) await addEvidence(org, 'GOV-04', d);
      const audit = await s.audits.create(org, YEAR, 'test');
      let view = await s.audits.status(org, audit.id);
      const gov = () => view.controls.find((c) => c.control === 'GOV-04')!;
      expect(gov()).toMatchObject({ populationKind: 'occurrences', expected: 4, evidenced: 3, gaps: [{ from: '2026-05-01', to: '2026-07-31' }], state: 'gaps' });
      expect(gov().explanation).toMatch(/3 of 4 expected/);
      expect(view.controls.find((c) => c.control === 'IAM-05')).toMatchObject({ populationKind: 'events', expected: null, evidenced: 0, state: 'no_evidence' });
      expect(view.summary.controls).toBe(view.controls.length);
      expect(view.summary.no_evidence + view.summary.gaps + view.summary.operating + view.summary.failing + view.summary.exceptions).toBe(view.controls.length);

      await addEvidence(org, 'GOV-04', '2026-06-15');
      view = await s.audits.status(org, audit.id);
      expect(gov()).toMatchObject({ evidenced: 4, gaps: [], state: 'operating' });

      const passed = await s.auditFieldwork.recordTest(org, audit.id, { control: 'GOV-04', method: 'inspection', performedBy: 'Dana (CPA)', result: 'pass' }, 'test');
      expect(passed).toMatchObject({ controlId: 'GOV-04', performedOn: '2026-11-24', exception: null });
      view = await s.audits.status(org, audit.id, { control: 'GOV-04' });
      expect(gov()).toMatchObject({ tests: { performed: 1, passed: 1, exceptions: 0, methods: ['inspection'], inquiryOnly: false }, state: 'operating' });

      const failed = await s.auditFieldwork.recordTest(org, audit.id, { control: 'GOV-04', method: 'inquiry', performedBy: 'Dana (CPA)', result: 'exception', notes: 'Q2 minutes unsigned', performedOn: '2026-11-20' }, 'test');
      expect(failed.exception).toMatch(/^[0-9a-f-]{36}$/);
      view = await s.audits.status(org, audit.id, { control: 'GOV-04' });
      expect(gov()).toMatchObject({ tests: { performed: 2, passed: 1, exceptions: 1 }, exceptions: { recorded: 1, awaitingResponse: 1 }, state: 'exceptions' });
      await s.auditFieldwork.respond(org, audit.id, failed.exception!, 'Minutes are now signed by the chair within a week.', 'user:cfo');
      view = await s.audits.status(org, audit.id, { control: 'GOV-04' });
      expect(gov().exceptions).toEqual({ recorded: 1, awaitingResponse: 0 });
      const [x] = await s.auditFieldwork.exceptions(org, audit.id, { control: 'GOV-04' });
      expect(x).toMatchObject({ testId: failed.id, description: 'Q2 minutes unsigned', managementResponse: 'Minutes are now signed by the chair within a week.', respondedBy: 'user:cfo' });
    });
  });

  describe('fieldwork', () => {
    it('validates a test, every field at once; a tested item must come from a sample', async () => {
      const org = await newOrg(['security']);
      await addEvidence(org, 'GOV-04', '2026-01-10');
      const audit = await s.audits.create(org, YEAR, 'test');
      expect(await fieldsOf(s.auditFieldwork.recordTest(org, audit.id, { control: 'GOV-04', method: 'guessing', performedBy: ' ', result: 'exception', performedOn: '2026-12-01' }, 'test')))
        .toEqual(['invalid_input', 'method invalid_value', 'notes required', 'performedBy required', 'performedOn future_date']);
      expect(await fieldsOf(s.auditFieldwork.recordTest(org, audit.id, { control: 'BCP-02', method: 'inspection', performedBy: 'D', result: 'maybe' }, 'test')))
        .toEqual(['invalid_input', 'control not_in_audit', 'result invalid_value']);
      expect(await fieldsOf(s.auditFieldwork.recordTest(org, audit.id, { control: 'GOV-04', item: 'not a key', method: 'inspection', performedBy: 'D', result: 'pass' }, 'test')))
        .toEqual(['invalid_input', 'item not_sampled']);
      const key = (await s.audits.sample(org, audit.id, { seed: 3, control: 'GOV-04' }, 'test')).controls[0]!.items[0]!.key;
      const test = await s.auditFieldwork.recordTest(org, audit.id, { control: 'GOV-04', item: key, method: 'reperformance', performedBy: 'D', result: 'pass' }, 'test');
      expect(test.item).toBe(key);
      expect((await s.auditFieldwork.tests(org, audit.id, { control: 'GOV-04' })).map((t) => t.id)).toEqual([test.id]);
      expect(await s.auditFieldwork.tests(org, audit.id, { control: 'GOV-11' })).toEqual([]);
    });

    it('records exceptions without a test, refuses a test of another control, and needs a response to respond', async () => {
      const org = await newOrg(['security']);
      const audit = await s.audits.create(org, YEAR, 'test');
      const test = await s.auditFieldwork.recordTest(org, audit.id, { control: 'GOV-04', method: 'observation', performedBy: 'D', result: 'pass' }, 'test');
      expect(await fieldsOf(s.auditFieldwork.recordException(org, audit.id, { control: 'GOV-11', description: 'x', testId: test.id }, 'test'))).toEqual(['invalid_input', 'testId other_control']);
      expect(await fieldsOf(s.auditFieldwork.recordException(org, audit.id, { control: 'GOV-11', description: '', testId: randomUUID() }, 'test'))).toEqual(['invalid_input', 'description required', 'testId unknown_id']);
      const x = await s.auditFieldwork.recordException(org, audit.id, { control: 'GOV-11', description: 'deficiency log not reviewed in March' }, 'test');
      expect(x).toMatchObject({ controlId: 'GOV-11', testId: null, managementResponse: null });
      expect(await fieldsOf(s.auditFieldwork.respond(org, audit.id, x.id, '  ', 'test'))).toEqual(['invalid_input', 'response required']);
      expect(await fieldsOf(s.auditFieldwork.respond(org, audit.id, randomUUID(), 'ok', 'test'))).toEqual(['not_found', 'exception unknown_id']);
    });

    it('keeps the request list: numbers, status transitions, assignee, comments, attachments within the window', async () => {
      const org = await newOrg(['security']);
      const inside = await addEvidence(org, 'GOV-04', '2026-01-10');
      const outside = await addEvidence(org, 'GOV-04', '2025-01-10');
      const audit = await s.audits.create(org, YEAR, 'test');
      expect(await fieldsOf(s.auditFieldwork.createRequest(org, audit.id, { title: ' ', controls: ['BCP-02', 'NOPE-1'], dueDate: '2026-13-01' }, 'test')))
        .toEqual(['invalid_input', 'controls not_in_audit', 'controls unknown_id', 'dueDate invalid_date', 'title required']);
      const r1 = await s.auditFieldwork.createRequest(org, audit.id, { title: 'Board minutes for the period', controls: ['gov-04'], assignee: 'cfo@acme.test', dueDate: '2026-12-15' }, 'auditor');
      expect(r1).toMatchObject({ number: 1, status: 'open', controls: ['GOV-04'], assignee: 'cfo@acme.test', dueDate: '2026-12-15', comments: [], attachments: [] });
      const r2 = await s.auditFieldwork.createRequest(org, audit.id, { title: 'Population of new hires' }, 'auditor');
      expect(r2.number).toBe(2);

      const refused = await s.auditFieldwork.updateRequest(org, audit.id, r1.id, { status: 'accepted' }, 'auditor').catch((e: AppError) => e);
      expect(refused).toBeInstanceOf(AppError);
      expect((refused as AppError).code).toBe('conflict');

      expect(await fieldsOf(s.auditFieldwork.attach(org, audit.id, r1.id, [outside.id, randomUUID()], 'cfo'))).toEqual(['invalid_input', 'evidence outside_window', 'evidence unknown_id']);
      const attached = await s.auditFieldwork.attach(org, audit.id, r1.id, [inside.id, inside.id], 'cfo');
      expect(attached.attachments).toEqual([expect.objectContaining({ evidenceId: inside.id, sha256: inside.sha256, effectiveAt: '2026-01-10', attachedBy: 'cfo' })]);
      await s.auditFieldwork.comment(org, audit.id, r1.id, 'Attached the signed minutes.', 'cfo');
      const submitted = await s.auditFieldwork.updateRequest(org, audit.id, r1.id, { status: 'submitted', assignee: null }, 'cfo');
      expect(submitted).toMatchObject({ status: 'submitted', assignee: null, comments: [expect.objectContaining({ author: 'cfo', body: 'Attached the signed minutes.' })] });
      const accepted = await s.auditFieldwork.updateRequest(org, audit.id, r1.id, { status: 'accepted' }, 'auditor');
      expect(accepted.status).toBe('accepted');
      expect((await s.auditFieldwork.requests(org, audit.id, { status: 'open' })).map((r) => r.id)).toEqual([r2.id]);
      expect(await fieldsOf(s.auditFieldwork.request(org, audit.id, randomUUID()))).toEqual(['not_found', 'request unknown_id']);
      expect(await fieldsOf(s.auditFieldwork.comment(org, audit.id, r2.id, '', 'x'))).toEqual(['invalid_input', 'body required']);

      const actions = (await s.ctx.store.repos.auditLog.findForEntity(org, 'audit', audit.id)).map((e) => e.action);
      expect(actions).toEqual(['audit.create', 'audit.request.create', 'audit.request.create', 'audit.request.attach', 'audit.request.comment', 'audit.request.update', 'audit.request.update']);
      expect((await s.verify().run()).problems).toEqual([]);
    });
  });
});
