// Auditors limited to their audits, on both engines: an auditor's services see only the audits
// assigned to them (others are not_found), read evidence only when it is effective within the
// window of one of those audits (list, get and download), and an invitation for an audit
// assigns it on acceptance. Also the per-control risk that sizes a sample.
import { randomUUID } from 'node:crypto';
import { text } from 'node:stream/consumers';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { servicesFor } from '../../src/app/caller.js';
import type { Principal } from '../../src/app/permissions.js';
import { AppError } from '../../src/domain/errors.js';
import { emptySystemDescription } from '../../src/domain/types.js';
import type { Db } from '../../src/store/db.js';
import type { Role } from '../../src/store/index.js';
import { engines } from '../support/engines.js';
import { servicesOn, type TestServices } from '../support/services.js';

/** The error code and `field code` pairs thrown by `p`. */
async function refusal(p: Promise<unknown>): Promise<string[]> {
  try {
    await p;
  } catch (e) {
    if (!(e instanceof AppError)) throw e;
    return [e.code, ...e.fields.map((f) => `${f.field} ${f.code}`).sort()];
  }
  throw new Error('expected a refusal');
}

describe.each(engines)('auditors limited to their audits on $name', (engine) => {
  let db: Db;
  let s: TestServices;
  beforeAll(async () => {
    db = await engine.open();
    s = servicesOn(db, { now: '2026-11-24T12:00:00Z' });
  });
  afterAll(async () => db?.close());

  async function newOrg(): Promise<string> {
    const { catalog, store } = s.ctx;
    const id = randomUUID();
    await store.transaction(async (repos) => {
      await repos.organizations.insert({ id, name: `Org ${id.slice(0, 8)}`, slug: `org-${id}` });
      await repos.scope.upsert(id, { categories: ['security'], reportType: 'type2', asOf: null, periodStart: null, periodEnd: null, systemDescription: emptySystemDescription() });
      await repos.controls.insertMany(id, catalog.controls, catalog.digest);
    });
    return id;
  }
  const person = (orgId: string, role: Role) =>
    s.ctx.store.repos.users.insert({ orgId, id: randomUUID(), email: `${role}-${randomUUID().slice(0, 8)}@example.com`, name: role, role });
  const principal = (orgId: string, role: Role, userId: string | null, kind: Principal['kind'] = 'user'): Principal =>
    ({ kind, orgId, role, actor: userId ? `user:${userId}` : 'token:t', userId, tokenId: userId ? null : 't' });
  let n = 0;
  const addEvidence = (orgId: string, control: string, effectiveDate: string) =>
    s.evidence.add(orgId, { filename: `e${++n}.txt`, controls: [control], effectiveDate }, Buffer.from(`evidence ${n} ${effectiveDate}`), 'test');

  it('an auditor sees only the audits assigned to them; any other is not found, for reads and fieldwork alike', async () => {
    const org = await newOrg();
    const a = await s.audits.create(org, { type: 2, from: '2026-01-01', to: '2026-06-30' }, 'test');
    const b = await s.audits.create(org, { type: 1, date: '2026-06-30' }, 'test');
    const auditor = await person(org, 'auditor');
    await s.audits.assignAuditor(org, a.id, auditor.id, 'test');
    const mine = servicesFor(s, principal(org, 'auditor', auditor.id));

    expect((await mine.audits.list(org)).items.map((x) => x.id)).toEqual([a.id]);
    expect((await mine.audits.get(org, a.id)).id).toBe(a.id);
    expect(await refusal(mine.audits.get(org, b.id))).toEqual(['not_found', 'audit unknown_id']);
    expect(await refusal(mine.audits.status(org, b.id))).toEqual(['not_found', 'audit unknown_id']);
    expect(await refusal(mine.audits.sample(org, b.id, { seed: 1 }, 'user:x'))).toEqual(['not_found', 'audit unknown_id']);
    expect(await refusal(mine.auditFieldwork.requests(org, b.id))).toEqual(['not_found', 'audit unknown_id']);
    expect(await refusal(mine.auditFieldwork.recordException(org, b.id, { control: 'GOV-11', description: 'x' }, 'user:x'))).toEqual(['not_found', 'audit unknown_id']);
    expect(await refusal(mine.audits.create(org, { type: 1, date: '2026-01-01' }, 'user:x'))).toEqual(['forbidden']);
    // Everyone else still sees both.
    for (const role of ['owner', 'admin', 'member', 'viewer'] as const) {
      expect((await servicesFor(s, principal(org, role, randomUUID())).audits.list(org)).total, role).toBe(2);
    }
    // An auditor token (no account to assign) and an unassigned auditor see nothing.
    expect((await servicesFor(s, principal(org, 'auditor', null, 'token')).audits.list(org)).total).toBe(0);
    const other = await person(org, 'auditor');
    expect((await servicesFor(s, principal(org, 'auditor', other.id)).audits.list(org)).total).toBe(0);
    // Unassigned, the audit is gone for them too.
    await s.audits.unassignAuditor(org, a.id, auditor.id, 'test');
    expect(await refusal(mine.audits.get(org, a.id))).toEqual(['not_found', 'audit unknown_id']);
    expect((await mine.audits.list(org)).total).toBe(0);
  });

  it('only accounts with the auditor role are assigned; assignments are audited and idempotent', async () => {
    const org = await newOrg();
    const a = await s.audits.create(org, { type: 2, from: '2026-01-01', to: '2026-06-30' }, 'test');
    const member = await person(org, 'member');
    const auditor = await person(org, 'auditor');
    expect(await refusal(s.audits.assignAuditor(org, a.id, member.id, 'test'))).toEqual(['invalid_input', 'user not_auditor']);
    expect(await refusal(s.audits.assignAuditor(org, a.id, randomUUID(), 'test'))).toEqual(['not_found', 'user unknown_id']);
    await s.audits.assignAuditor(org, a.id, auditor.id, 'test');
    const list = await s.audits.assignAuditor(org, a.id, auditor.id, 'test');
    expect(list.map((x) => [x.userId, x.email])).toEqual([[auditor.id, auditor.email]]);
    expect(await refusal(s.audits.unassignAuditor(org, a.id, member.id, 'test'))).toEqual(['not_found', 'user unknown_id']);
    const log = (await s.auditLog.recent(org, 50)).filter((e) => e.action.startsWith('audit.auditor'));
    expect(log.map((e) => e.action)).toEqual(['audit.auditor.assign']);
  });

  it('an auditor reads evidence only when it is effective within the window of one of their audits: list, get and download', async () => {
    const org = await newOrg();
    const a = await s.audits.create(org, { type: 2, from: '2026-01-01', to: '2026-06-30' }, 'test');
    const t1 = await s.audits.create(org, { type: 1, date: '2026-09-30' }, 'test');
    const inside = await addEvidence(org, 'GOV-11', '2026-03-01');
    const before = await addEvidence(org, 'GOV-11', '2025-12-31');
    const after = await addEvidence(org, 'GOV-11', '2026-07-01');
    const asOf = await addEvidence(org, 'GOV-11', '2026-09-30');
    const dayAfter = await addEvidence(org, 'GOV-11', '2026-10-01');
    const auditor = await person(org, 'auditor');
    await s.audits.assignAuditor(org, a.id, auditor.id, 'test');
    const reader = servicesFor(s, principal(org, 'auditor', auditor.id)).evidence;

    expect((await reader.list(org)).items.map((e) => e.id)).toEqual([inside.id]);
    expect((await reader.get(org, inside.id)).id).toBe(inside.id);
    expect(await text((await reader.open(org, inside.id)).stream)).toMatch(/^evidence \d+ 2026-03-01$/);
    for (const hidden of [before, after, asOf, dayAfter]) {
      expect(await refusal(reader.get(org, hidden.id)), hidden.effectiveAt).toEqual(['not_found', 'id unknown_id']);
      expect(await refusal(reader.open(org, hidden.id)), hidden.effectiveAt).toEqual(['not_found', 'id unknown_id']);
    }
    // Through audit A's own pages too.
    const mine = servicesFor(s, principal(org, 'auditor', auditor.id)).audits;
    expect((await mine.evidence(org, a.id)).items.map((e) => e.id)).toEqual([inside.id]);
    expect(await refusal(mine.evidenceItem(org, a.id, after.id))).toEqual(['not_found', 'evidence unknown_id']);

    // Assigned a Type I audit as well: evidence current at its date (on or before it), not after.
    await s.audits.assignAuditor(org, t1.id, auditor.id, 'test');
    const seen = (await reader.list(org)).items.map((e) => e.id);
    expect(seen).toContain(asOf.id);
    expect(seen).toContain(inside.id);
    expect(seen).not.toContain(dayAfter.id);
    expect(seen).not.toContain(before.id);
    expect(await refusal(reader.open(org, dayAfter.id))).toEqual(['not_found', 'id unknown_id']);
    // One piece read by id is checked against every audit of theirs: this one only through the Type I.
    expect((await reader.get(org, asOf.id)).id).toBe(asOf.id);
    expect(await text((await reader.open(org, asOf.id)).stream)).toMatch(/^evidence \d+ 2026-09-30$/);
    expect(await refusal(reader.get(org, 'not-an-id'))).toEqual(['not_found', 'id unknown_id']);
    // Unassigned from both: nothing, by list or by id.
    await s.audits.unassignAuditor(org, a.id, auditor.id, 'test');
    await s.audits.unassignAuditor(org, t1.id, auditor.id, 'test');
    expect((await reader.list(org)).total).toBe(0);
    expect(await refusal(reader.get(org, inside.id))).toEqual(['not_found', 'id unknown_id']);
    // A member reads it all.
    expect((await servicesFor(s, principal(org, 'member', randomUUID())).evidence.list(org)).total).toBe(5);
  });

  it('an invitation for an audit assigns it when accepted', async () => {
    const org = await newOrg();
    const a = await s.audits.create(org, { type: 2, from: '2026-01-01', to: '2026-06-30' }, 'test');
    const owner = principal(org, 'owner', (await person(org, 'owner')).id);
    expect(await refusal(s.members.invite(org, { email: 'dev@example.com', role: 'member', audit: a.id }, owner))).toEqual(['invalid_input', 'audit not_auditor']);
    expect(await refusal(s.members.invite(org, { email: 'cpa@example.com', role: 'auditor', audit: randomUUID() }, owner))).toEqual(['invalid_input', 'audit unknown_id']);
    const { invitation, token } = await s.members.invite(org, { email: 'cpa@example.com', role: 'auditor', audit: a.id }, owner);
    expect(invitation.audit).toBe(a.id);
    const signedIn = await s.auth.acceptInvitation({ token, name: 'Casey Auditor', password: 'a long enough password for tests' });
    const user = await s.ctx.store.repos.users.findByEmail(org, 'cpa@example.com');
    expect(user?.role).toBe('auditor');
    expect((await s.audits.auditors(org, a.id)).map((x) => x.userId)).toEqual([user!.id]);
    expect((await servicesFor(s, principal(org, 'auditor', user!.id)).audits.list(org)).items.map((x) => x.id)).toEqual([a.id]);
    expect(signedIn).toBeTruthy();
  });

  it("a control's risk sizes its sample; a draw keeps the risk it was made with", async () => {
    const org = await newOrg();
    const a = await s.audits.create(org, { type: 2, from: '2025-11-01', to: '2026-10-31' }, 'test');
    for (let m = 1; m <= 12; m++) await addEvidence(org, 'GOV-11', `2026-${String(Math.min(m, 10)).padStart(2, '0')}-${String(m).padStart(2, '0')}`);
    const moderate = (await s.audits.sample(org, a.id, { seed: 11, control: 'GOV-11' }, 'test')).controls[0]!;
    expect([moderate.risk, moderate.currentRisk, moderate.size]).toEqual(['moderate', 'moderate', 3]);
    expect(await refusal(s.audits.setRisk(org, a.id, 'GOV-11', 'extreme', 'test'))).toEqual(['invalid_input', 'risk invalid_value']);
    expect(await refusal(s.audits.setRisk(org, a.id, 'NOPE-1', 'high', 'test'))).toEqual(['invalid_input', 'control unknown_id']);
    expect(await s.audits.setRisk(org, a.id, 'gov-11', 'high', 'test')).toEqual({ control: 'GOV-11', risk: 'high' });
    const again = (await s.audits.sample(org, a.id, { seed: 11, control: 'GOV-11' }, 'test')).controls[0]!;
    expect([again.risk, again.currentRisk, again.size, again.items]).toEqual(['moderate', 'high', 3, moderate.items]);
    const high = (await s.audits.sample(org, a.id, { seed: 12, control: 'GOV-11' }, 'test')).controls[0]!;
    expect([high.risk, high.size]).toEqual(['high', 5]);
    expect(high.explanation).toContain('high risk');
    await s.audits.setRisk(org, a.id, 'GOV-11', 'low', 'test');
    expect((await s.audits.sample(org, a.id, { seed: 13, control: 'GOV-11' }, 'test')).controls[0]!.size).toBe(2);
    expect((await s.audits.status(org, a.id, { control: 'GOV-11' })).controls[0]!.risk).toBe('low');
    // An auditor of the audit may set it; the audit log has each change.
    const auditor = await person(org, 'auditor');
    await s.audits.assignAuditor(org, a.id, auditor.id, 'test');
    await servicesFor(s, principal(org, 'auditor', auditor.id)).audits.setRisk(org, a.id, 'GOV-11', 'moderate', `user:${auditor.id}`);
    const risks = (await s.auditLog.recent(org, 100)).filter((e) => e.action === 'audit.risk');
    expect(risks.map((e) => [e.detail.was, e.detail.risk])).toEqual([['low', 'moderate'], ['high', 'low'], ['moderate', 'high']]);
  });
});
