// THE MATRIX: every registered /api route × every role (and an anonymous caller) × (the
// caller's own organization | another organization's data) answers as the permission table
// says: 2xx (or the route's own answer) when the role has the route's permission, 403 when
// not, 401 without credentials; another organization's ids are 404, and no answer carries
// another organization's data. The routes come from the app's own route table, so a new route
// without a case here fails this file.
import { afterAll, describe, expect, it } from 'vitest';
import type { InjectOptions } from 'fastify';
import { ROLES, roleCan, type Access } from '../../src/app/permissions.js';
import type { Organization, Role, User } from '../../src/store/index.js';
import { multipart, openApp, withHeaders, type Inject } from './harness.js';

const h = await openApp();
afterAll(async () => {
  await h?.close();
});

interface OrgData {
  org: Organization;
  evidenceId: string;
  scanId: string;
  subject: User;
  /** Strings only this organization's data contains. */
  markers: string[];
}

async function seed(org: Organization): Promise<OrgData> {
  const s = h.services;
  const marker = `MARKER-${org.slug}-${org.id.slice(0, 8)}`;
  const evidence = await s.evidence.add(org.id, { filename: `${marker}.txt`, controls: ['IAM-01'], description: marker }, Buffer.from(`${marker} evidence`), 'test');
  const { run } = await s.scans.record(org.id, { startedAt: '2026-11-24T11:00:00Z', finishedAt: '2026-11-24T11:01:00Z', targets: [marker], results: [] }, 'test');
  await s.controls.update(org.id, 'IAM-09', { notes: marker }, 'test');
  await s.scope.update(org.id, { systemDescription: { services: marker } }, 'test');
  const subject = await s.ctx.store.repos.users.insert({ orgId: org.id, id: crypto.randomUUID(), email: `subject@${org.slug}.example.com`, name: marker, role: 'member' });
  return { org, evidenceId: evidence.id, scanId: run.id, subject, markers: [org.id, org.name, evidence.id, run.id, subject.id, subject.email, marker] };
}

const own = await seed(h.org!);
const other = await seed(await h.newOrg('Initech Matrix'));

/** One signed-in user per role in each organization; each request gets a fresh session (logout ends one). */
const people = new Map<string, User>();
for (const data of [own, other]) {
  for (const role of ROLES) {
    const u = await h.services.ctx.store.repos.users.insert({ orgId: data.org.id, id: crypto.randomUUID(), email: `${role}@${data.org.slug}.example.com`, name: role, role });
    people.set(`${data.org.id}:${role}`, u);
  }
}
async function callerIn(org: Organization, role: Role): Promise<Inject> {
  const grant = await h.services.auth.createSession(people.get(`${org.id}:${role}`)!);
  return withHeaders((o) => h.app.inject(o), { cookie: `attest_session=${grant.secret}` }, grant.csrfToken);
}

let unique = 0;
const cliOwner = { kind: 'cli' as const, orgId: own.org.id, role: 'owner' as const, actor: 'test', userId: null, tokenId: null };

interface Case {
  /** Status when the caller may use the route (its own organization). */
  ok: number;
  /**
   * `id`: the request names an object of the target organization (another organization's → 404);
   * `org`: it names nothing organization-specific, the answer is the caller's own organization's.
   */
  scope: 'id' | 'org';
  /** The request, naming `target`'s objects; `caller` is who will send it. */
  request(target: OrgData, caller: { org: Organization; role: Role }): Promise<InjectOptions> | InjectOptions;
}

const get = (url: string): InjectOptions => ({ method: 'GET', url });
const post = (url: string, payload?: object): InjectOptions => ({ method: 'POST', url, ...(payload ? { payload } : {}) });

/** Per organization, an audit whose window holds its seeded evidence, with an exception and a request (made once, on first use). */
const audits = new Map<string, Promise<{ id: string; evidenceId: string; exceptionId: string; requestId: string }>>();
function auditOf(t: OrgData) {
  if (!audits.has(t.org.id)) {
    audits.set(t.org.id, (async () => {
      const s = h.services;
      // The period holds the seeded evidence (IAM-01, effective today).
      const audit = await s.audits.create(t.org.id, { type: 2, from: '2026-01-01', to: '2026-12-31' }, 'test');
      const x = await s.auditFieldwork.recordException(t.org.id, audit.id, { control: 'GOV-04', description: 'late' }, 'test');
      const r = await s.auditFieldwork.createRequest(t.org.id, audit.id, { title: 'Board minutes' }, 'test');
      // The organization's auditor is assigned to this audit (and to no other).
      await s.audits.assignAuditor(t.org.id, audit.id, people.get(`${t.org.id}:auditor`)!.id, 'test');
      return { id: audit.id, evidenceId: t.evidenceId, exceptionId: x.id, requestId: r.id };
    })());
  }
  return audits.get(t.org.id)!;
}
// Assigned before any case runs, so the auditor's evidence cases see the seeded evidence through it.
await auditOf(own);
await auditOf(other);

/** A fresh auditor account of `t`'s organization assigned to its audit (to be unassigned). */
async function assignedAuditor(t: OrgData): Promise<string> {
  const u = await h.services.ctx.store.repos.users.insert({ orgId: t.org.id, id: crypto.randomUUID(), email: `auditor-${++unique}@${t.org.slug}.example.com`, name: 'Extra auditor', role: 'auditor' });
  await h.services.audits.assignAuditor(t.org.id, (await auditOf(t)).id, u.id, 'test');
  return u.id;
}

/** Per organization, a job (made once, on first use). */
const jobs = new Map<string, Promise<string>>();
function jobOf(t: OrgData) {
  if (!jobs.has(t.org.id)) {
    jobs.set(t.org.id, h.services.ctx.store.repos.jobs.insert({
      orgId: t.org.id, id: crypto.randomUUID(), name: 'evaluate-status', key: `matrix-${t.org.id}`, payload: { scheduledFor: '2026-11-24T12:05:00.000Z' },
      maxAttempts: 1, runAt: new Date('2026-11-24T12:05:00Z'), createdAt: new Date('2026-11-24T12:05:00Z'),
    }).then((r) => r.job.id));
  }
  return jobs.get(t.org.id)!;
}

/** A new open task of the target organization on IAM-01 whose period (ending today) holds its seeded evidence. */
let taskDays = 0;
async function openTask(t: OrgData): Promise<string> {
  const today = h.services.now.value.toISOString().slice(0, 10);
  const start = new Date(Date.parse(`${today}T00:00:00Z`) - ++taskDays * 86_400_000).toISOString().slice(0, 10);
  const [task] = await h.services.ctx.store.repos.tasks.insertMany(t.org.id, [{
    id: crypto.randomUUID(), controlId: 'IAM-01', frequency: 'daily', periodStart: start, periodEnd: today, periodLabel: `matrix ${taskDays}`, dueOn: today, assignee: null,
  }], h.services.now.value);
  return task!.id;
}
/** Per organization, one task that stays (made once, on first use). */
const tasks = new Map<string, Promise<string>>();
const taskOf = (t: OrgData) => {
  if (!tasks.has(t.org.id)) tasks.set(t.org.id, openTask(t));
  return tasks.get(t.org.id)!;
};

/** Per organization, a webhook endpoint whose URL was moved to loopback after the save-time check (made once). */
const webhooks = new Map<string, Promise<string>>();
function webhookOf(t: OrgData): Promise<string> {
  if (!webhooks.has(t.org.id)) {
    webhooks.set(t.org.id, (async () => {
      const { webhook } = await h.services.alerts.createWebhook(t.org.id, { name: `hook ${t.markers.at(-1)}`, url: 'https://93.184.216.34/matrix' }, 'test');
      await h.services.ctx.store.repos.alertWebhooks.update(t.org.id, webhook.id, { url: 'http://127.0.0.1:9/matrix' }, new Date());
      return webhook.id;
    })());
  }
  return webhooks.get(t.org.id)!;
}

/** Every /api route, keyed `METHOD /path` as registered. */
const CASES: Record<string, Case> = {
  // Authentication: public routes answer everyone alike; `authenticated` ones any signed-in caller.
  'GET /api/auth/setup': { ok: 200, scope: 'org', request: () => get('/api/auth/setup') },
  'POST /api/auth/setup': { ok: 409, scope: 'org', request: () => post('/api/auth/setup', { token: 'x', email: `late-${++unique}@example.com`, name: 'Late', password: 'a perfectly long password' }) },
  'POST /api/auth/login': { ok: 401, scope: 'org', request: () => ({ ...post('/api/auth/login', { email: `nobody-${++unique}@example.com`, password: 'wrong password' }), remoteAddress: `10.66.${Math.floor(unique / 250)}.${unique % 250}` }) },
  'POST /api/auth/logout': { ok: 204, scope: 'org', request: () => post('/api/auth/logout') },
  'GET /api/auth/me': { ok: 200, scope: 'org', request: () => get('/api/auth/me') },
  'POST /api/auth/two-factor/enrol': { ok: 200, scope: 'org', request: () => post('/api/auth/two-factor/enrol') },
  'POST /api/auth/two-factor/confirm': {
    ok: 400, scope: 'org',
    request: async (_t, caller) => {
      const u = people.get(`${caller.org.id}:${caller.role}`)!;
      await h.services.auth.enrolTwoFactor({ kind: 'user', orgId: u.orgId, role: u.role, actor: `user:${u.id}`, userId: u.id, tokenId: null });
      return post('/api/auth/two-factor/confirm', { code: 'abcdef' });
    },
  },
  'POST /api/auth/two-factor/disable': { ok: 409, scope: 'org', request: () => post('/api/auth/two-factor/disable', { password: 'whatever it is' }) },
  'POST /api/auth/invitations/lookup': { ok: 400, scope: 'org', request: () => post('/api/auth/invitations/lookup', { token: 'not-a-token' }) },
  'POST /api/auth/invitations/accept': { ok: 400, scope: 'org', request: () => post('/api/auth/invitations/accept', { token: 'not-a-token', name: 'X', password: 'a perfectly long password' }) },
  'POST /api/auth/password-reset/request': { ok: 202, scope: 'org', request: () => ({ ...post('/api/auth/password-reset/request', { email: `nobody-${++unique}@example.com` }), remoteAddress: `10.67.${Math.floor(unique / 250)}.${unique % 250}` }) },
  // Single sign-on is not configured here: start answers 404, a callback goes back to the sign-in page.
  'GET /api/auth/oidc': { ok: 200, scope: 'org', request: () => get('/api/auth/oidc') },
  'GET /api/auth/oidc/start': { ok: 404, scope: 'org', request: () => get('/api/auth/oidc/start') },
  'GET /api/auth/sso/config': { ok: 200, scope: 'org', request: () => get('/api/auth/sso/config') },
  'GET /api/auth/oidc/callback': { ok: 302, scope: 'org', request: () => get('/api/auth/oidc/callback?code=x&state=y') },
  'GET /api/auth/sso': { ok: 200, scope: 'org', request: () => get('/api/auth/sso') },
  'POST /api/auth/password-reset': { ok: 400, scope: 'org', request: () => post('/api/auth/password-reset', { token: 'not-a-token', password: 'a perfectly long password' }) },

  // The shipped catalog.
  'GET /api/frameworks': { ok: 200, scope: 'org', request: () => get('/api/frameworks') },
  'GET /api/library/controls': { ok: 200, scope: 'org', request: () => get('/api/library/controls') },
  'GET /api/frameworks/:id': { ok: 200, scope: 'org', request: () => get('/api/frameworks/soc2') },
  'GET /api/criteria': { ok: 200, scope: 'org', request: () => get('/api/criteria') },
  'GET /api/criteria/:id': { ok: 200, scope: 'org', request: () => get('/api/criteria/CC6.1') },
  'GET /api/checks': { ok: 200, scope: 'org', request: () => get('/api/checks') },

  // The organization's data.
  'GET /api/controls': { ok: 200, scope: 'org', request: () => get('/api/controls') },
  'GET /api/controls/:id': { ok: 200, scope: 'org', request: () => get('/api/controls/IAM-09') },
  'PATCH /api/controls/:id': { ok: 200, scope: 'org', request: () => ({ method: 'PATCH', url: '/api/controls/IAM-01', payload: { notes: `matrix ${++unique}` } }) },
  'GET /api/scope': { ok: 200, scope: 'org', request: () => get('/api/scope') },
  'PATCH /api/scope': { ok: 200, scope: 'org', request: () => ({ method: 'PATCH', url: '/api/scope', payload: { asOf: '2026-12-31' } }) },
  'POST /api/evidence': {
    ok: 201, scope: 'org',
    request: async () => ({ method: 'POST', url: '/api/evidence', ...(await multipart([{ name: 'controls', value: 'IAM-02' }, { name: 'file', file: Buffer.from(`matrix upload ${++unique}`), filename: 'm.txt' }])) }),
  },
  'GET /api/evidence': { ok: 200, scope: 'org', request: () => get('/api/evidence') },
  'GET /api/evidence/:id': { ok: 200, scope: 'id', request: (t) => get(`/api/evidence/${t.evidenceId}`) },
  'GET /api/evidence/:id/download': { ok: 200, scope: 'id', request: (t) => get(`/api/evidence/${t.evidenceId}/download`) },
  'POST /api/evidence/:id/links': { ok: 200, scope: 'id', request: (t) => post(`/api/evidence/${t.evidenceId}/links`, { controls: ['IAM-03'] }) },
  'GET /api/status': { ok: 200, scope: 'org', request: () => get('/api/status') },
  'POST /api/verify': { ok: 200, scope: 'org', request: () => post('/api/verify') },
  'GET /api/audit-log': { ok: 200, scope: 'org', request: () => get('/api/audit-log') },
  'POST /api/scans': {
    ok: 201, scope: 'org',
    // Runs are recorded in the order they finished: each one after the seeded run and the previous one.
    request: () => {
      const at = new Date(Date.parse('2026-11-24T11:30:00Z') + ++unique * 1000).toISOString();
      return post('/api/scans', { startedAt: at, finishedAt: at, targets: [], results: [] });
    },
  },
  'GET /api/scans': { ok: 200, scope: 'org', request: () => get('/api/scans') },
  'GET /api/scans/:id': { ok: 200, scope: 'id', request: (t) => get(`/api/scans/${t.scanId}`) },
  'GET /api/scans/:id/failures': { ok: 200, scope: 'id', request: (t) => get(`/api/scans/${t.scanId}/failures`) },
  // Result history: subjects are checks and controls of the catalog; answers are the caller's organization's.
  'GET /api/history/status': { ok: 200, scope: 'org', request: () => get('/api/history/status?kind=control&id=IAM-01') },
  'GET /api/history/period': { ok: 200, scope: 'org', request: () => get('/api/history/period?kind=check&id=aws-s3-bucket-encryption&from=2026-11-01&to=2026-11-24') },
  'GET /api/history/controls': { ok: 200, scope: 'org', request: () => get('/api/history/controls?from=2026-11-01&to=2026-11-24') },
  // No role holds backup:read (only the local command): every role is refused.
  'GET /api/backup/database': { ok: 200, scope: 'org', request: () => get('/api/backup/database') },

  // Audits: every audit route names an audit of the target organization.
  'POST /api/audits': { ok: 201, scope: 'org', request: () => post('/api/audits', { type: 2, from: '2025-11-01', to: '2026-10-31' }) },
  'GET /api/audits': { ok: 200, scope: 'org', request: () => get('/api/audits') },
  'GET /api/audits/:id': { ok: 200, scope: 'id', request: async (t) => get(`/api/audits/${(await auditOf(t)).id}`) },
  'POST /api/audits/:id/sample': { ok: 200, scope: 'id', request: async (t) => post(`/api/audits/${(await auditOf(t)).id}/sample`, { seed: 7, control: 'GOV-04' }) },
  'GET /api/audits/:id/status': { ok: 200, scope: 'id', request: async (t) => get(`/api/audits/${(await auditOf(t)).id}/status?control=GOV-04`) },
  'GET /api/audits/:id/controls/:control/population': { ok: 200, scope: 'id', request: async (t) => get(`/api/audits/${(await auditOf(t)).id}/controls/GOV-04/population`) },
  'GET /api/audits/:id/evidence': { ok: 200, scope: 'id', request: async (t) => get(`/api/audits/${(await auditOf(t)).id}/evidence`) },
  'GET /api/audits/:id/evidence/:evidenceId': { ok: 200, scope: 'id', request: async (t) => get(`/api/audits/${(await auditOf(t)).id}/evidence/${(await auditOf(t)).evidenceId}`) },
  'GET /api/audits/:id/evidence/:evidenceId/download': { ok: 200, scope: 'id', request: async (t) => get(`/api/audits/${(await auditOf(t)).id}/evidence/${(await auditOf(t)).evidenceId}/download`) },
  'POST /api/audits/:id/tests': { ok: 201, scope: 'id', request: async (t) => post(`/api/audits/${(await auditOf(t)).id}/tests`, { control: 'GOV-04', method: 'inspection', performedBy: 'matrix', result: 'pass' }) },
  'GET /api/audits/:id/tests': { ok: 200, scope: 'id', request: async (t) => get(`/api/audits/${(await auditOf(t)).id}/tests`) },
  'POST /api/audits/:id/exceptions': { ok: 201, scope: 'id', request: async (t) => post(`/api/audits/${(await auditOf(t)).id}/exceptions`, { control: 'GOV-04', description: `matrix ${++unique}` }) },
  'GET /api/audits/:id/exceptions': { ok: 200, scope: 'id', request: async (t) => get(`/api/audits/${(await auditOf(t)).id}/exceptions`) },
  'POST /api/audits/:id/exceptions/:exceptionId/response': { ok: 200, scope: 'id', request: async (t) => post(`/api/audits/${(await auditOf(t)).id}/exceptions/${(await auditOf(t)).exceptionId}/response`, { response: `matrix ${++unique}` }) },
  'POST /api/audits/:id/requests': { ok: 201, scope: 'id', request: async (t) => post(`/api/audits/${(await auditOf(t)).id}/requests`, { title: `matrix ${++unique}` }) },
  'GET /api/audits/:id/requests': { ok: 200, scope: 'id', request: async (t) => get(`/api/audits/${(await auditOf(t)).id}/requests`) },
  'GET /api/audits/:id/requests/:requestId': { ok: 200, scope: 'id', request: async (t) => get(`/api/audits/${(await auditOf(t)).id}/requests/${(await auditOf(t)).requestId}`) },
  'PATCH /api/audits/:id/requests/:requestId': { ok: 200, scope: 'id', request: async (t) => ({ method: 'PATCH', url: `/api/audits/${(await auditOf(t)).id}/requests/${(await auditOf(t)).requestId}`, payload: { assignee: `matrix ${++unique}` } }) },
  'POST /api/audits/:id/requests/:requestId/comments': { ok: 201, scope: 'id', request: async (t) => post(`/api/audits/${(await auditOf(t)).id}/requests/${(await auditOf(t)).requestId}/comments`, { body: `matrix ${++unique}` }) },
  'POST /api/audits/:id/requests/:requestId/attachments': { ok: 200, scope: 'id', request: async (t) => post(`/api/audits/${(await auditOf(t)).id}/requests/${(await auditOf(t)).requestId}/attachments`, { evidence: [(await auditOf(t)).evidenceId] }) },
  'GET /api/audits/:id/auditors': { ok: 200, scope: 'id', request: async (t) => get(`/api/audits/${(await auditOf(t)).id}/auditors`) },
  'PUT /api/audits/:id/auditors/:userId': { ok: 200, scope: 'id', request: async (t) => ({ method: 'PUT', url: `/api/audits/${(await auditOf(t)).id}/auditors/${people.get(`${t.org.id}:auditor`)!.id}` }) },
  'DELETE /api/audits/:id/auditors/:userId': { ok: 200, scope: 'id', request: async (t) => ({ method: 'DELETE', url: `/api/audits/${(await auditOf(t)).id}/auditors/${await assignedAuditor(t)}` }) },
  'PUT /api/audits/:id/controls/:control/risk': { ok: 200, scope: 'id', request: async (t) => ({ method: 'PUT', url: `/api/audits/${(await auditOf(t)).id}/controls/GOV-04/risk`, payload: { risk: 'high' } }) },

  // Jobs and schedules.
  'GET /api/jobs': { ok: 200, scope: 'org', request: () => get('/api/jobs') },
  'GET /api/jobs/:id': { ok: 200, scope: 'id', request: async (t) => get(`/api/jobs/${await jobOf(t)}`) },
  'GET /api/schedules': { ok: 200, scope: 'org', request: () => get('/api/schedules') },
  'PUT /api/schedules/:job': { ok: 200, scope: 'org', request: () => ({ method: 'PUT', url: '/api/schedules/verify-integrity', payload: { cron: `${++unique % 60} 3 * * *` } }) },
  'POST /api/schedules/:job/run': { ok: 202, scope: 'org', request: () => post('/api/schedules/verify-integrity/run') },
  'GET /api/readiness/history': { ok: 200, scope: 'org', request: () => get('/api/readiness/history') },
  'GET /api/integrity/checks': { ok: 200, scope: 'org', request: () => get('/api/integrity/checks') },

  // Tasks of recurring manual work.
  'GET /api/tasks': { ok: 200, scope: 'org', request: () => get('/api/tasks') },
  'POST /api/tasks/generate': { ok: 200, scope: 'org', request: () => post('/api/tasks/generate') },
  'GET /api/tasks/:id': { ok: 200, scope: 'id', request: async (t) => get(`/api/tasks/${await taskOf(t)}`) },
  'PATCH /api/tasks/:id': { ok: 200, scope: 'id', request: async (t) => ({ method: 'PATCH', url: `/api/tasks/${await taskOf(t)}`, payload: { assignee: `matrix ${++unique}` } }) },
  'POST /api/tasks/:id/complete': { ok: 200, scope: 'id', request: async (t) => post(`/api/tasks/${await openTask(t)}/complete`, { evidenceId: t.evidenceId, note: 'matrix' }) },
  'POST /api/tasks/:id/skip': { ok: 200, scope: 'id', request: async (t) => post(`/api/tasks/${await openTask(t)}/skip`, { reason: `matrix ${++unique}` }) },

  // People and tokens.
  'GET /api/members': { ok: 200, scope: 'org', request: () => get('/api/members') },
  'GET /api/members/:id': { ok: 200, scope: 'id', request: (t) => get(`/api/members/${t.subject.id}`) },
  'PATCH /api/members/:id': { ok: 200, scope: 'id', request: (t) => ({ method: 'PATCH', url: `/api/members/${t.subject.id}`, payload: { role: 'viewer' } }) },
  'POST /api/members/password-resets': { ok: 201, scope: 'id', request: (t) => post('/api/members/password-resets', { email: t.subject.email }) },
  'GET /api/invitations': { ok: 200, scope: 'org', request: () => get('/api/invitations') },
  'POST /api/invitations': { ok: 201, scope: 'org', request: () => post('/api/invitations', { email: `invitee-${++unique}@example.com`, role: 'viewer' }) },
  'DELETE /api/invitations/:id': {
    ok: 200, scope: 'id',
    request: async (t) => ({ method: 'DELETE', url: `/api/invitations/${(await h.services.members.invite(t.org.id, { email: `revokable-${++unique}@example.com`, role: 'viewer' }, { ...cliOwner, orgId: t.org.id })).invitation.id}` }),
  },
  'GET /api/tokens': { ok: 200, scope: 'org', request: () => get('/api/tokens') },
  'POST /api/tokens': { ok: 201, scope: 'org', request: () => post('/api/tokens', { name: 'matrix', role: 'viewer' }) },
  'DELETE /api/tokens/:id': {
    ok: 200, scope: 'id',
    request: async (t) => ({ method: 'DELETE', url: `/api/tokens/${(await h.services.tokens.create(t.org.id, { name: 'revokable', role: 'viewer', expiresInDays: 1 }, { ...cliOwner, orgId: t.org.id })).token.id}` }),
  },

  // Alerts. The webhook under test points at loopback behind the save-time check (as a rebinding
  // DNS name could): the test send is refused at delivery, with no traffic.
  'GET /api/alerts/webhooks': { ok: 200, scope: 'org', request: () => get('/api/alerts/webhooks') },
  'POST /api/alerts/webhooks': { ok: 201, scope: 'org', request: () => post('/api/alerts/webhooks', { name: 'matrix', url: 'https://93.184.216.34/matrix' }) },
  'PATCH /api/alerts/webhooks/:id': { ok: 200, scope: 'id', request: async (t) => ({ method: 'PATCH', url: `/api/alerts/webhooks/${await webhookOf(t)}`, payload: { enabled: true } }) },
  'DELETE /api/alerts/webhooks/:id': { ok: 200, scope: 'id', request: async (t) => ({ method: 'DELETE', url: `/api/alerts/webhooks/${(await h.services.alerts.createWebhook(t.org.id, { name: 'deletable', url: 'https://93.184.216.34/x' }, 'test')).webhook.id}` }) },
  'POST /api/alerts/webhooks/:id/test': { ok: 200, scope: 'id', request: async (t) => post(`/api/alerts/webhooks/${await webhookOf(t)}/test`) },
  'GET /api/alerts/deliveries': { ok: 200, scope: 'org', request: () => get('/api/alerts/deliveries') },
  'GET /api/alerts/events': { ok: 200, scope: 'org', request: () => get('/api/alerts/events') },
  'GET /api/alerts/subscription': { ok: 200, scope: 'org', request: () => get('/api/alerts/subscription') },
  'PUT /api/alerts/subscription': { ok: 200, scope: 'org', request: () => ({ method: 'PUT', url: '/api/alerts/subscription', payload: { kinds: ['control_failing'], mode: 'digest' } }) },

  // Single sign-on settings: saved switched off, so the sign-in routes above stay "not configured";
  // the test reaches a closed loopback port and answers how it failed.
  'GET /api/settings/sso': { ok: 200, scope: 'org', request: () => get('/api/settings/sso') },
  'PUT /api/settings/sso': { ok: 200, scope: 'org', request: () => ({ method: 'PUT', url: '/api/settings/sso', payload: { issuer: 'https://idp.example.com', clientId: `matrix-${++unique}`, clientSecret: 'matrix secret', enabled: false } }) },
  'POST /api/settings/sso/test': { ok: 200, scope: 'org', request: () => post('/api/settings/sso/test', { issuer: 'http://127.0.0.1:9/matrix' }) },
  'DELETE /api/settings/sso': { ok: 200, scope: 'org', request: () => ({ method: 'DELETE', url: '/api/settings/sso' }) },
};

/** What the permission table says `role` (null: anonymous) gets for a route, for own or other data. */
function expected(access: Access, c: Case, role: Role | null, target: 'own' | 'other'): number {
  if (access === 'public') return c.ok;
  if (role === null) return 401;
  if (access !== 'authenticated' && !roleCan(role, access)) return 403;
  return target === 'other' && c.scope === 'id' ? 404 : c.ok;
}

const routes = h.app.accessTable.filter((r) => r.url.startsWith('/api/'));

describe('the route table', () => {
  it('has a matrix case for every registered /api route, and no case for a route that does not exist', () => {
    const registered = routes.map((r) => `${r.method} ${r.url}`).sort();
    expect(registered.filter((r) => !(r in CASES)), 'add a case to CASES in test/http/matrix.test.ts').toEqual([]);
    expect(Object.keys(CASES).filter((k) => !registered.includes(k))).toEqual([]);
    expect(registered.length).toBeGreaterThanOrEqual(40);
  });
});

// (A route without a case fails the route-table test above.)
describe.each(routes.filter((r) => `${r.method} ${r.url}` in CASES))('$method $url ($access)', (route) => {
  const c = CASES[`${route.method} ${route.url}`];
  it('answers every role, for its own organization and another\'s, as the permission table says', async () => {
    const wrong: string[] = [];
    for (const role of [...ROLES, null] as const) {
      for (const target of ['own', 'other'] as const) {
        // The caller is always in `own`'s organization…; "other" aims its request at the other organization's objects.
        const data = target === 'own' ? own : other;
        const send = role === null ? ((o: InjectOptions) => h.app.inject(o)) : await callerIn(own.org, role);
        const request = await c!.request(data, { org: own.org, role: role ?? 'viewer' });
        const res = await send(request);
        const want = expected(route.access, c!, role, target);
        if (res.statusCode !== want) wrong.push(`${role ?? 'anonymous'} × ${target}: ${res.statusCode} (expected ${want}) ${res.body.slice(0, 200)}`);
        // …and never sees anything of the other organization.
        // (An id the caller sent may come back in the error that says it does not exist.)
        const sent = `${request.url as string} ${JSON.stringify(request.payload ?? '')}`;
        const leaked = other.markers.filter((m) => res.body.includes(m) && !sent.includes(m));
        if (leaked.length) wrong.push(`${role ?? 'anonymous'} × ${target}: answer contains the other organization's ${leaked.join(', ')}`);
      }
    }
    expect(wrong).toEqual([]);
  });
});

// An auditor sees the audits assigned to them only: audit B of their own organization, and
// evidence effective outside audit A's window, do not exist for them (404), while an admin of
// the same organization reads both.
describe('an auditor assigned to audit A', () => {
  it('gets 404 for every route of audit B of the same organization, and does not see B listed', async () => {
    const s = h.services;
    const b = await s.audits.create(own.org.id, { type: 2, from: '2026-02-01', to: '2026-12-31' }, 'test');
    const x = await s.auditFieldwork.recordException(own.org.id, b.id, { control: 'GOV-04', description: 'B only' }, 'test');
    const r = await s.auditFieldwork.createRequest(own.org.id, b.id, { title: 'B request' }, 'test');
    const auditorId = people.get(`${own.org.id}:auditor`)!.id;
    const auditCases = Object.keys(CASES).filter((k) => k.includes('/api/audits/:id'));
    expect(auditCases.length).toBeGreaterThanOrEqual(20);
    const wrong: string[] = [];
    for (const key of auditCases) {
      const request = await CASES[key]!.request(own, { org: own.org, role: 'auditor' });
      const a = await auditOf(own);
      // The same request, aimed at audit B.
      const url = (request.url as string).replace(a.id, b.id).replace(a.exceptionId, x.id).replace(a.requestId, r.id);
      const route = routes.find((rt) => `${rt.method} ${rt.url}` === key)!;
      // (The admin only reads: assigning through B's routes would give the auditor audit B.)
      for (const role of key.startsWith('GET') ? ['auditor', 'admin'] as const : ['auditor'] as const) {
        const res = await (await callerIn(own.org, role))({ ...request, url });
        const may = route.access === 'authenticated' || route.access === 'public' || roleCan(role, route.access);
        if (role === 'auditor' && res.statusCode !== (may ? 404 : 403)) wrong.push(`auditor ${key}: ${res.statusCode} ${res.body.slice(0, 160)}`);
        if (role === 'auditor' && res.body.includes(b.id) && !url.includes(b.id)) wrong.push(`auditor ${key}: the answer names audit B`);
        if (role === 'admin' && res.statusCode === 404 && key.startsWith('GET')) wrong.push(`admin ${key}: 404 ${res.body.slice(0, 160)}`);
      }
    }
    expect(wrong).toEqual([]);
    const list = await (await callerIn(own.org, 'auditor'))(get('/api/audits'));
    expect(list.statusCode).toBe(200);
    expect((JSON.parse(list.body) as { items: { id: string }[] }).items.map((i) => i.id)).toEqual([(await auditOf(own)).id]);
    const all = await (await callerIn(own.org, 'admin'))(get('/api/audits'));
    expect((JSON.parse(all.body) as { items: { id: string }[] }).items.map((i) => i.id)).toContain(b.id);
    expect(await s.ctx.store.repos.audits.isAssigned(own.org.id, b.id, auditorId)).toBe(false);
  });

  it('does not see evidence effective outside the audit window, by list, id or download', async () => {
    const s = h.services;
    const old = await s.evidence.add(own.org.id, { filename: 'old-policy.txt', controls: ['IAM-01'], effectiveDate: '2025-03-01' }, Buffer.from('before the period'), 'test');
    const auditor = await callerIn(own.org, 'auditor');
    const admin = await callerIn(own.org, 'admin');
    for (const url of [`/api/evidence/${old.id}`, `/api/evidence/${old.id}/download`, `/api/audits/${(await auditOf(own)).id}/evidence/${old.id}`]) {
      expect((await auditor(get(url))).statusCode, url).toBe(404);
    }
    expect((await admin(get(`/api/evidence/${old.id}/download`))).statusCode).toBe(200);
    const listed = JSON.parse((await auditor(get('/api/evidence?limit=500'))).body) as { items: { id: string }[] };
    expect(listed.items.map((e) => e.id)).toContain(own.evidenceId);
    expect(listed.items.map((e) => e.id)).not.toContain(old.id);
  });
});

describe('after the matrix', () => {
  it('left the other organization\'s data as it was', async () => {
    const s = h.services;
    expect((await s.controls.get(other.org.id, 'IAM-09')).notes).toBe(other.markers.at(-1));
    expect((await s.controls.get(other.org.id, 'IAM-01')).notes).toBe('');
    expect((await s.evidence.get(other.org.id, other.evidenceId)).controls).toEqual(['IAM-01']);
    expect((await s.evidence.list(other.org.id)).total).toBe(1);
    expect((await s.scans.runs(other.org.id)).map((r) => r.id)).toEqual([other.scanId]);
    expect((await s.ctx.store.repos.users.getById(other.org.id, other.subject.id))?.role).toBe('member');
    expect((await s.ctx.store.repos.users.getById(own.org.id, own.subject.id))?.role).toBe('viewer');
    expect((await s.scope.get(other.org.id)).asOf).toBeNull();
    const actors = new Set((await s.auditLog.recent(other.org.id, 500)).map((e) => e.actor));
    expect([...actors].filter((a) => a !== 'test')).toEqual([]);
    expect((await s.tokens.list(other.org.id)).every((t) => t.state === 'active')).toBe(true);
  });

  it('the local command alone reads the whole-database backup', async () => {
    const res = await h.cli({ method: 'GET', url: '/api/backup/database' });
    expect(res.statusCode).toBe(200);
    expect(res.headers['content-type']).toBe('application/gzip');
  });
});
