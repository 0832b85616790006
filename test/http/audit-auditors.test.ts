// Auditors over HTTP: an admin invites an auditor for an audit, the invitation's acceptance
// assigns it, and the auditor's session then lists that audit only; admins assign and
// unassign; a control's risk is set per audit and shown with the sample. Route × role × other
// organization is in the matrix (test/http/matrix.test.ts).
import { afterAll, describe, expect, it } from 'vitest';
import { errorOf, fieldCodes, openApp, setCookies, cookieValue, withHeaders } from './harness.js';

const h = await openApp({ categories: ['security'] });
afterAll(async () => h?.close());

const json = <T>(res: { body: string }) => JSON.parse(res.body) as T;
interface Audit { id: string }

describe('auditors of an audit', () => {
  it('an auditor invited for an audit signs up and sees that audit only', async () => {
    const admin = await h.as('admin');
    const a = json<Audit>(await admin.inject({ method: 'POST', url: '/api/audits', payload: { type: 2, from: '2026-01-01', to: '2026-06-30' } }));
    const b = json<Audit>(await admin.inject({ method: 'POST', url: '/api/audits', payload: { type: 1, date: '2026-06-30' } }));

    const bad = await admin.inject({ method: 'POST', url: '/api/invitations', payload: { email: 'dev@example.com', role: 'member', audit: a.id } });
    expect(bad.statusCode).toBe(400);
    expect(fieldCodes(bad)).toEqual(['audit not_auditor']);
    const invited = await admin.inject({ method: 'POST', url: '/api/invitations', payload: { email: 'cpa@example.com', role: 'auditor', audit: a.id } });
    expect(invited.statusCode).toBe(201);
    const { invitation, url } = json<{ invitation: { audit: string }; url: string }>(invited);
    expect(invitation.audit).toBe(a.id);
    const token = url.split('#token=')[1]!;

    const accepted = await h.app.inject({ method: 'POST', url: '/api/auth/invitations/accept', payload: { token, name: 'Casey CPA', password: 'a long enough password for tests' } });
    expect(accepted.statusCode).toBe(201);
    const cookies = setCookies(accepted);
    const auditor = withHeaders((o) => h.app.inject(o), { cookie: `attest_session=${cookieValue(cookies.attest_session)}` }, cookieValue(cookies.attest_csrf));

    const list = json<{ items: Audit[]; total: number }>(await auditor({ method: 'GET', url: '/api/audits' }));
    expect([list.items.map((x) => x.id), list.total]).toEqual([[a.id], 1]);
    const other = await auditor({ method: 'GET', url: `/api/audits/${b.id}` });
    expect(other.statusCode).toBe(404);
    expect(errorOf(other).code).toBe('not_found');
    // Org-wide data outside the audit: refused by role.
    for (const url of ['/api/status', '/api/scans', '/api/audit-log', '/api/members', '/api/jobs']) {
      expect((await auditor({ method: 'GET', url })).statusCode, url).toBe(403);
    }
    expect((await auditor({ method: 'GET', url: '/api/controls' })).statusCode).toBe(200);

    // The admin sees who is assigned, and can take the audit away.
    const auditors = json<{ userId: string; email: string }[]>(await admin.inject({ method: 'GET', url: `/api/audits/${a.id}/auditors` }));
    expect(auditors.map((x) => x.email)).toEqual(['cpa@example.com']);
    const assignMember = await admin.inject({ method: 'PUT', url: `/api/audits/${b.id}/auditors/${admin.user!.id}` });
    expect(assignMember.statusCode).toBe(400);
    expect(fieldCodes(assignMember)).toEqual(['user not_auditor']);
    const assigned = await admin.inject({ method: 'PUT', url: `/api/audits/${b.id}/auditors/${auditors[0]!.userId}` });
    expect(assigned.statusCode).toBe(200);
    expect(json<{ items: Audit[] }>(await auditor({ method: 'GET', url: '/api/audits' })).items.map((x) => x.id).sort()).toEqual([a.id, b.id].sort());
    expect((await admin.inject({ method: 'DELETE', url: `/api/audits/${a.id}/auditors/${auditors[0]!.userId}` })).statusCode).toBe(200);
    expect((await auditor({ method: 'GET', url: `/api/audits/${a.id}` })).statusCode).toBe(404);
    expect((await admin.inject({ method: 'DELETE', url: `/api/audits/${a.id}/auditors/${auditors[0]!.userId}` })).statusCode).toBe(404);
  });

  it("sets a control's risk per audit and shows it with the sample and the status", async () => {
    const a = json<Audit>(await h.inject({ method: 'POST', url: '/api/audits', payload: { type: 2, from: '2025-11-01', to: '2026-10-31' } }));
    const bad = await h.inject({ method: 'PUT', url: `/api/audits/${a.id}/controls/GOV-11/risk`, payload: { risk: 'severe' } });
    expect(bad.statusCode).toBe(400);
    expect(fieldCodes(bad)).toEqual(['risk invalid_value']);
    const set = await h.inject({ method: 'PUT', url: `/api/audits/${a.id}/controls/GOV-11/risk`, payload: { risk: 'high' } });
    expect(json(set)).toEqual({ control: 'GOV-11', risk: 'high' });
    const sample = json<{ seed: number; controls: { control: string; risk: string; currentRisk: string }[] }>(
      await h.inject({ method: 'POST', url: `/api/audits/${a.id}/sample`, payload: { seed: 5, control: 'GOV-11' } }));
    expect(sample.controls.map((c) => [c.control, c.risk, c.currentRisk])).toEqual([['GOV-11', 'high', 'high']]);
    const status = json<{ controls: { control: string; risk: string }[] }>(await h.inject({ method: 'GET', url: `/api/audits/${a.id}/status?control=GOV-11` }));
    expect(status.controls[0]!.risk).toBe('high');
  });
});
