// The web app's copies of the API's shapes (src/web/api/*.ts) against what the server sends.
//
// At compile time (`npm run typecheck`): for each web type, the answer of the service method its
// route sends, as JSON (`Json<T>`: a Date becomes a string), must be assignable to it; so a field
// the web reads that the server no longer sends, or sends with another type, fails the typecheck.
// Copies that should stay identical are compared for equality (`branded`: structurally, so a
// Pick or an intersection equals the object it spells), and so are the value sets (statuses,
// roles, kinds), so a value added or renamed on either side shows. Where the route changes the
// service's answer (keeps only the list's fields, adds the callback URL), the check says so.
//
// At run time, once per group: the answer of the real route, through the app on PGlite, has every
// key the web type requires. That also covers what the types cannot see: a response schema
// drops the properties it does not list. The key lists are complete by construction (see `keys`).
import { tmpdir } from 'node:os';
import type { Static } from '@sinclair/typebox';
import { afterAll, beforeAll, describe, expect, expectTypeOf, it } from 'vitest';
import type { EffectivenessState } from '../../src/app/audits.service.js';
import type { Services } from '../../src/app/index.js';
import type { AlertKind, AlertSubject, DeliveryMode } from '../../src/domain/alerts.js';
import type { JobState } from '../../src/domain/jobs.js';
import type { CriterionState } from '../../src/domain/readiness.js';
import type { PopulationKind, Risk } from '../../src/domain/sampling.js';
import type { ProvisionRole } from '../../src/domain/sso.js';
import type { ControlStatus } from '../../src/domain/status.js';
import type { OccurrenceState } from '../../src/domain/tasks.js';
import type { Category, ReportType } from '../../src/domain/types.js';
import type { Role } from '../../src/store/index.js';
import type { ControlSummary as ControlSummarySchema, ErrorResponse } from '../../src/http/schemas.js';
import { silentLogger } from '../../src/jobs/log.js';
import { jobRegistry } from '../../src/jobs/registry.js';
import { Worker } from '../../src/jobs/worker.js';
import type * as Accounts from '../../src/web/api/accounts.js';
import type * as Alerts from '../../src/web/api/alerts.js';
import type * as Audits from '../../src/web/api/audits.js';
import type * as Tasks from '../../src/web/api/tasks.js';
import type * as W from '../../src/web/api/types.js';
import { openApp, type Harness } from '../http/harness.js';

/** What JSON.stringify makes of a T: dates become strings. */
type Json<T> = T extends Date ? string
  : T extends readonly (infer U)[] ? Json<U>[]
  : T extends object ? { [K in keyof T]: Json<T[K]> }
  : T;
/** The JSON of what a service method answers. */
type Answer<F extends (...args: never[]) => unknown> = Json<Awaited<ReturnType<F>>>;
type Item<T> = T extends readonly (infer U)[] ? U : never;
type S = Services;

/** The keys an object of type T always has (the optional ones left out). */
type RequiredKeys<T> = { [K in keyof T]-?: object extends Pick<T, K> ? never : K }[keyof T];
/** T's required keys at run time. The compiler checks the list: a key missing, or one T does not have, is an error. */
const keys = <T>(list: Record<RequiredKeys<T>, true>): string[] => Object.keys(list);

/** The keys of `list` that `value` (a JSON answer) lacks: none, when the server sends what the web reads. */
function expectKeys(what: string, value: unknown, list: string[]) {
  expect(value, what).toBeTypeOf('object');
  expect(list.filter((k) => !Object.hasOwn(value as object, k)), `${what}: keys the web type lists that the server did not send`).toEqual([]);
}

let h: Harness;
let orgId: string;

async function call<T>(method: 'GET' | 'POST' | 'PUT', url: string, payload?: object): Promise<T> {
  const res = await h.inject({ method, url, ...(payload ? { payload } : {}) });
  expect(res.statusCode, `${method} ${url}: ${res.body}`).toBeLessThan(300);
  return res.json<T>();
}
const get = <T>(url: string) => call<T>('GET', url);

beforeAll(async () => {
  h = await openApp();
  orgId = h.org!.id;
});
afterAll(async () => h?.close());

describe('controls', () => {
  it('the list, one control, the library', async () => {
    // GET /api/controls sends ControlView with only the fields of its response schema.
    expectTypeOf<Pick<Item<Answer<S['controls']['list']>>, keyof Static<typeof ControlSummarySchema>>>().toExtend<W.ControlSummary>();
    expectTypeOf<Answer<S['controls']['get']>>().toExtend<W.Control>();
    expectTypeOf<Item<Answer<S['catalog']['controls']>>>().toExtend<W.LibraryControl>();
    expectTypeOf<ControlStatus>().toEqualTypeOf<W.ControlStatus>();
    // The other way: what the control page sends is what PATCH /api/controls/:id takes.
    expectTypeOf<W.ControlPatch>().toExtend<Parameters<S['controls']['update']>[2]>();
    expectTypeOf<Static<typeof ErrorResponse>>().toEqualTypeOf<W.ErrorBody>();

    const list = await get<W.ControlSummary[]>('/api/controls');
    expectKeys('GET /api/controls', list[0], keys<W.ControlSummary>({
      id: true, title: true, domain: true, ownerRole: true, frequency: true, automation: true, nature: true, criteria: true, owner: true, inScope: true,
      exclusionReason: true, notes: true, status: true, explanation: true, evidenceCount: true, latestEvidenceEffective: true, checks: true,
    }));
    expectKeys('GET /api/controls/:id', await get(`/api/controls/${list[0]!.id}`), keys<W.Control>({
      id: true, title: true, description: true, domain: true, ownerRole: true, frequency: true, automation: true, nature: true, suggestedEvidence: true,
      criteria: true, owner: true, inScope: true, exclusionReason: true, notes: true, status: true, explanation: true, evidenceCount: true,
      latestEvidenceEffective: true, checks: true,
    }));
    expectKeys('GET /api/library/controls', (await get<unknown[]>('/api/library/controls'))[0], keys<W.LibraryControl>({
      id: true, title: true, description: true, domain: true, ownerRole: true, frequency: true, automation: true, nature: true, suggestedEvidence: true,
      criteria: true, mappings: true,
    }));
  });
});

describe('evidence', () => {
  it('a page of evidence', async () => {
    expectTypeOf<Answer<S['evidence']['get']>>().branded.toEqualTypeOf<W.Evidence>();
    expectTypeOf<Answer<S['evidence']['list']>>().branded.toEqualTypeOf<W.EvidencePage>();

    const control = (await get<W.ControlSummary[]>('/api/controls'))[0]!.id;
    await h.services.evidence.add(orgId, { filename: 'policy.pdf', controls: [control], effectiveDate: '2026-03-02' }, Buffer.from('%PDF policy'), 'test');
    const page = await get<W.EvidencePage>('/api/evidence');
    expectKeys('GET /api/evidence', page, keys<W.EvidencePage>({ items: true, total: true }));
    expectKeys('GET /api/evidence: an item', page.items[0], keys<W.Evidence>({
      id: true, sha256: true, size: true, filename: true, mediaType: true, description: true, source: true, collectedAt: true, effectiveAt: true,
      createdBy: true, createdAt: true, controls: true,
    }));
  });
});

describe('status, readiness, scope and criteria', () => {
  it('the dashboard and the criteria pages', async () => {
    expectTypeOf<Answer<S['status']['report']>>().branded.toEqualTypeOf<W.StatusReport>();
    expectTypeOf<Item<Answer<S['status']['report']>['readiness']['criteria']>>().branded.toEqualTypeOf<W.CriterionReadiness>();
    expectTypeOf<Answer<S['status']['report']>['readiness']['overall']>().toExtend<W.Tally>();
    expectTypeOf<Category>().toEqualTypeOf<W.Category>();
    expectTypeOf<CriterionState>().toEqualTypeOf<W.CriterionState>();
    expectTypeOf<Answer<S['scope']['get']>>().branded.toEqualTypeOf<W.Scope>();
    expectTypeOf<Answer<S['scope']['get']>['systemDescription']>().branded.toEqualTypeOf<W.SystemDescription>();
    expectTypeOf<Item<Answer<S['jobs']['readinessHistory']>>>().toExtend<W.ReadinessSnapshot>();
    expectTypeOf<Item<Answer<S['catalog']['criteria']>>>().toExtend<W.Criterion>();
    // GET /api/criteria/:id adds the organization's controls for the criterion.
    expectTypeOf<Answer<S['catalog']['criterion']> & { controlDetails: Answer<S['controls']['list']> }>().toExtend<W.CriterionDetail>();

    const status = await get<W.StatusReport>('/api/status');
    expectKeys('GET /api/status', status, keys<W.StatusReport>({ organization: true, scope: true, readiness: true, nextSteps: true, topGaps: true, computedAt: true }));
    expectKeys('GET /api/status: a criterion', status.readiness.criteria[0], keys<W.CriterionReadiness>({
      id: true, category: true, title: true, controls: true, evidenced: true, failing: true, stale: true, noEvidence: true, atRisk: true, state: true,
    }));
    expectKeys('GET /api/scope', await get('/api/scope'), keys<W.Scope>({
      categories: true, reportType: true, asOf: true, periodStart: true, periodEnd: true, systemDescription: true, updatedAt: true, notices: true,
    }));
    const criteria = await get<W.Criterion[]>('/api/criteria');
    const criterion = keys<W.Criterion>({ id: true, category: true, group: true, title: true, description: true, pointsOfFocus: true, controls: true });
    expectKeys('GET /api/criteria', criteria[0], criterion);
    expectKeys('GET /api/criteria/:id', await get(`/api/criteria/${criteria[0]!.id}`), [...criterion, ...keys<Pick<W.CriterionDetail, 'controlDetails'>>({ controlDetails: true })]);
  });
});

describe('tasks', () => {
  it('the tasks of the period', async () => {
    expectTypeOf<Item<Answer<S['tasks']['list']>>>().toExtend<Tasks.Task>();
    expectTypeOf<OccurrenceState>().toEqualTypeOf<Tasks.TaskStatus>();
    expectTypeOf<Item<Answer<S['tasks']['list']>>['state']>().toEqualTypeOf<Tasks.TaskState>();

    await call('POST', '/api/tasks/generate');
    expectKeys('GET /api/tasks', (await get<unknown[]>('/api/tasks'))[0], keys<Tasks.Task>({
      id: true, control: true, title: true, frequency: true, periodStart: true, periodEnd: true, periodLabel: true, due: true, assignee: true, state: true,
      status: true, daysOverdue: true, evidenceId: true, evidenceEffective: true, note: true, skipReason: true, completedBy: true, completedAt: true, createdAt: true,
    }));
  });
});

describe('audits', () => {
  it('an audit, its samples, effectiveness, tests, exceptions, requests and auditors', async () => {
    expectTypeOf<Answer<S['audits']['get']>>().branded.toEqualTypeOf<Audits.Audit>();
    expectTypeOf<Answer<S['audits']['list']>>().toExtend<{ items: Audits.Audit[]; total: number }>();
    expectTypeOf<Answer<S['audits']['sample']>>().toExtend<Audits.Sample>();
    expectTypeOf<Item<Answer<S['audits']['sample']>['controls']>>().toExtend<Audits.ControlSample>();
    expectTypeOf<Item<Item<Answer<S['audits']['sample']>['controls']>['items']>>().toExtend<Audits.SampleItem>();
    expectTypeOf<Answer<S['audits']['status']>>().toExtend<Audits.Effectiveness>();
    expectTypeOf<Item<Answer<S['audits']['status']>['controls']>>().toExtend<Audits.ControlEffectiveness>();
    expectTypeOf<Item<Answer<S['audits']['status']>['controls']>['window']>().branded.toEqualTypeOf<Audits.DateRange>();
    expectTypeOf<Item<Answer<S['audits']['evidence']>['items']>>().toExtend<W.Evidence & { auditControls: string[] }>();
    expectTypeOf<Item<Answer<S['auditFieldwork']['tests']>>>().toExtend<Audits.AuditTest>();
    expectTypeOf<Item<Answer<S['auditFieldwork']['exceptions']>>>().toExtend<Audits.AuditException>();
    expectTypeOf<Item<Answer<S['auditFieldwork']['requests']>>>().toExtend<Audits.AuditRequest>();
    expectTypeOf<Item<Answer<S['audits']['auditors']>>>().toExtend<Audits.Auditor>();
    expectTypeOf<ReportType>().toEqualTypeOf<Audits.ReportType>();
    expectTypeOf<Risk>().toEqualTypeOf<Audits.Risk>();
    expectTypeOf<EffectivenessState>().toEqualTypeOf<Audits.EffectivenessState>();
    expectTypeOf<PopulationKind>().toEqualTypeOf<Audits.PopulationKind>();

    const audit = await call<Audits.Audit>('POST', '/api/audits', { type: '2', from: '2025-11-01', to: '2026-10-31' });
    expectKeys('POST /api/audits', audit, keys<Audits.Audit>({
      id: true, type: true, asOf: true, periodStart: true, periodEnd: true, categories: true, seed: true, seedsDrawn: true, controls: true, createdBy: true, createdAt: true,
    }));
    const base = `/api/audits/${audit.id}`;
    const control = (await get<Audits.Effectiveness>(`${base}/status`)).controls[0]!.control;
    await h.services.evidence.add(orgId, { filename: 'review.pdf', controls: [control], effectiveDate: '2026-04-01' }, Buffer.from('%PDF review'), 'test');

    const sample = await call<Audits.Sample>('POST', `${base}/sample`, { seed: 7 });
    expectKeys('POST /api/audits/:id/sample', sample, keys<Audits.Sample>({ audit: true, seed: true, algorithm: true, controls: true }));
    const drawn = sample.controls.find((c) => c.control === control);
    expectKeys('POST /api/audits/:id/sample: a control', drawn, keys<Audits.ControlSample>({
      control: true, title: true, window: true, populationKind: true, populationSize: true, populationDigest: true, populationChanged: true, rule: true,
      risk: true, currentRisk: true, required: true, size: true, explanation: true, drawnAt: true, drawnBy: true, items: true,
    }));
    expectKeys('POST /api/audits/:id/sample: an item', drawn!.items[0], keys<Audits.SampleItem>({ key: true, stream: true }));

    const effectiveness = await get<Audits.Effectiveness>(`${base}/status`);
    expectKeys('GET /api/audits/:id/status', effectiveness, keys<Audits.Effectiveness>({ audit: true, summary: true, controls: true }));
    expectKeys('GET /api/audits/:id/status: a control', effectiveness.controls[0], keys<Audits.ControlEffectiveness>({
      control: true, title: true, frequency: true, automation: true, window: true, populationKind: true, populationSize: true, expected: true, evidenced: true,
      gaps: true, failingWindows: true, tests: true, exceptions: true, risk: true, sample: true, state: true, explanation: true,
    }));

    await call('POST', `${base}/tests`, { control, method: 'inspection', performedBy: 'Ada Auditor', result: 'exception', notes: 'no sign-off' });
    expectKeys('GET /api/audits/:id/tests', (await get<unknown[]>(`${base}/tests`))[0], keys<Audits.AuditTest>({
      id: true, controlId: true, item: true, method: true, performedBy: true, performedOn: true, result: true, notes: true, exception: true,
    }));
    expectKeys('GET /api/audits/:id/exceptions', (await get<unknown[]>(`${base}/exceptions`))[0], keys<Audits.AuditException>({
      id: true, controlId: true, testId: true, description: true, managementResponse: true, respondedBy: true, respondedAt: true, createdBy: true, createdAt: true,
    }));
    await call('POST', `${base}/requests`, { title: 'Quarterly access reviews', controls: [control] });
    expectKeys('GET /api/audits/:id/requests', (await get<unknown[]>(`${base}/requests`))[0], keys<Audits.AuditRequest>({
      id: true, number: true, title: true, description: true, controls: true, status: true, assignee: true, dueDate: true, comments: true, attachments: true,
    }));
    const auditor = await h.as('auditor');
    const auditors = await call<unknown[]>('PUT', `${base}/auditors/${auditor.user!.id}`);
    expectKeys('PUT /api/audits/:id/auditors/:userId', auditors[0], keys<Audits.Auditor>({ userId: true, email: true, name: true, disabled: true, assignedAt: true }));
  });
});

describe('accounts: who is calling, members, invitations, tokens, the audit log', () => {
  it('the settings pages', async () => {
    // GET /api/auth/me adds the session's CSRF token.
    expectTypeOf<Answer<S['auth']['me']> & { csrfToken: string | null }>().toExtend<Accounts.Caller>();
    expectTypeOf<Answer<S['auth']['me']> & { csrfToken: string | null }>().toExtend<W.Me>();
    // Signing in (and setup, accepting an invitation) answers the session's user, organization and CSRF token.
    expectTypeOf<Answer<S['auth']['login']>>().toExtend<W.Me>();
    expectTypeOf<Item<Answer<S['members']['list']>>>().branded.toEqualTypeOf<Accounts.MemberDetail>();
    expectTypeOf<Item<Answer<S['members']['list']>>>().toExtend<W.Member>();
    expectTypeOf<Item<Answer<S['members']['invitations']>>>().toExtend<Accounts.Invitation>();
    expectTypeOf<Item<Answer<S['tokens']['list']>>>().branded.toEqualTypeOf<Accounts.ApiToken>();
    expectTypeOf<Role>().toEqualTypeOf<Accounts.Role>();
    expectTypeOf<ProvisionRole>().toEqualTypeOf<(typeof Accounts.PROVISION_ROLES)[number]>();
    expectTypeOf<Item<Answer<S['auditLog']['recent']>>>().toExtend<Accounts.AuditEntry>();
    expectTypeOf<Answer<ReturnType<S['verify']>['run']>>().toExtend<Accounts.VerifyResult>();

    const me = await get<Accounts.Caller>('/api/auth/me');
    expectKeys('GET /api/auth/me', me, keys<Accounts.Caller & W.Me>({ kind: true, role: true, permissions: true, user: true, organization: true, csrfToken: true }));
    expectKeys('GET /api/members', (await get<unknown[]>('/api/members'))[0], keys<Accounts.MemberDetail>({
      id: true, email: true, name: true, role: true, twoFactor: true, disabled: true, locked: true, lockedUntil: true, lastLoginAt: true, createdAt: true,
    }));
    await call('POST', '/api/invitations', { email: 'new.hire@acme.example.com', role: 'member' });
    expectKeys('GET /api/invitations', (await get<unknown[]>('/api/invitations'))[0], keys<Accounts.Invitation>({
      id: true, email: true, role: true, invitedBy: true, createdAt: true, expiresAt: true, state: true, acceptedAt: true,
    }));
    await call('POST', '/api/tokens', { name: 'CI', role: 'member' });
    expectKeys('GET /api/tokens', (await get<unknown[]>('/api/tokens'))[0], keys<Accounts.ApiToken>({
      id: true, name: true, prefix: true, role: true, createdBy: true, createdAt: true, expiresAt: true, lastUsedAt: true, revokedAt: true, state: true,
    }));
    expectKeys('GET /api/audit-log', (await get<unknown[]>('/api/audit-log'))[0], keys<Accounts.AuditEntry>({
      seq: true, at: true, actor: true, action: true, entityType: true, entityId: true, beforeDigest: true, afterDigest: true, detail: true, hash: true,
    }));
    expectKeys('POST /api/verify', await call('POST', '/api/verify'), keys<Accounts.VerifyResult>({ ok: true, auditEntries: true, evidenceChecked: true, problems: true }));
  });
});

describe('jobs', () => {
  it('schedules, a job with its run, the readiness trend it stores', async () => {
    expectTypeOf<Answer<S['jobs']['get']>>().toExtend<Accounts.Job>();
    expectTypeOf<Item<Answer<S['jobs']['get']>['runs']>>().toExtend<Accounts.JobRun>();
    expectTypeOf<JobState>().toEqualTypeOf<Accounts.JobState>();
    expectTypeOf<Answer<S['jobs']['get']>['lastError']>().branded.toEqualTypeOf<Accounts.JobError | null>();
    expectTypeOf<Item<Answer<S['jobs']['schedules']>>>().branded.toEqualTypeOf<Accounts.Schedule>();

    expectKeys('GET /api/schedules', (await get<unknown[]>('/api/schedules'))[0], keys<Accounts.Schedule>({
      job: true, title: true, cron: true, enabled: true, options: true, nextRunAt: true, lastEnqueuedAt: true, lastJobId: true, stored: true, updatedAt: true, updatedBy: true,
    }));
    const queued = await call<Accounts.Job>('POST', '/api/schedules/evaluate-status/run');
    const worker = new Worker(h.services.ctx, jobRegistry(), { collectors: () => Promise.reject(new Error('no collectors here')), scanRoot: tmpdir(), version: 'test' },
      { id: 'wire-types', leaseMs: 60_000, pollMs: 20, graceMs: 100, scheduleEveryMs: 0, log: silentLogger });
    expect(await worker.runOnce()).toMatchObject({ jobId: queued.id, outcome: 'completed' });
    const job = await get<Accounts.Job>(`/api/jobs/${queued.id}`);
    expectKeys('GET /api/jobs/:id', job, keys<Accounts.Job>({
      id: true, name: true, key: true, state: true, attempts: true, maxAttempts: true, runAt: true, createdAt: true, finishedAt: true, durationMs: true,
      lastError: true, runs: true,
    }));
    expectKeys('GET /api/jobs/:id: a run', job.runs[0], keys<Accounts.JobRun>({
      attempt: true, worker: true, startedAt: true, finishedAt: true, durationMs: true, outcome: true, error: true,
    }));
    expectKeys('GET /api/readiness/history', (await get<unknown[]>('/api/readiness/history'))[0], keys<W.ReadinessSnapshot>({
      day: true, computedAt: true, score: true, controls: true, evidenced: true, failing: true, stale: true, noEvidence: true, atRisk: true, excluded: true,
    }));
  });
});

describe('alerts', () => {
  it('webhooks, the delivery log, recent alerts, my subscription', async () => {
    expectTypeOf<Answer<S['alerts']['subscription']>>().branded.toEqualTypeOf<Alerts.Subscription>();
    expectTypeOf<Item<Answer<S['alerts']['listWebhooks']>>>().branded.toEqualTypeOf<Alerts.Webhook>();
    expectTypeOf<Answer<S['alerts']['createWebhook']>>().toExtend<{ webhook: Alerts.Webhook; secret: string }>();
    expectTypeOf<Item<Answer<S['alerts']['deliveries']>>>().branded.toEqualTypeOf<Alerts.Delivery>();
    expectTypeOf<Item<Answer<S['alerts']['events']>>>().toExtend<Alerts.AlertEvent>();
    expectTypeOf<AlertKind>().toEqualTypeOf<Alerts.AlertKind>();
    expectTypeOf<AlertSubject>().toEqualTypeOf<Alerts.AlertEvent['subjectType']>();
    expectTypeOf<DeliveryMode>().toEqualTypeOf<Alerts.DeliveryMode>();

    expectKeys('GET /api/alerts/subscription', await get('/api/alerts/subscription'), keys<Alerts.Subscription>({ kinds: true, mode: true, email: true, emailAvailable: true }));
    h.services.ctx.alerts = { allowPrivateWebhooks: true, publicUrl: null };
    // Port 9 (discard) on loopback: nothing listens, so the test send fails at once and is logged.
    const { webhook } = await call<{ webhook: Alerts.Webhook }>('POST', '/api/alerts/webhooks', { name: '#compliance', url: 'http://127.0.0.1:9/hook' });
    const webhookKeys = keys<Alerts.Webhook>({ id: true, name: true, url: true, kinds: true, enabled: true, createdBy: true, createdAt: true, updatedAt: true });
    expectKeys('POST /api/alerts/webhooks', webhook, webhookKeys);
    expectKeys('GET /api/alerts/webhooks', (await get<unknown[]>('/api/alerts/webhooks'))[0], webhookKeys);
    await call('POST', `/api/alerts/webhooks/${webhook.id}/test`);
    expectKeys('GET /api/alerts/deliveries', (await get<unknown[]>('/api/alerts/deliveries'))[0], keys<Alerts.Delivery>({
      id: true, channel: true, eventId: true, webhookId: true, target: true, state: true, attempts: true, statusCode: true, error: true, createdAt: true,
      lastAttemptAt: true, deliveredAt: true,
    }));
    await h.services.alerts.raise(orgId, [{ kind: 'task_overdue', subjectType: 'task', subjectId: 'task-1', subjectTitle: 'Access review', before: null, after: null, detail: 'due 2026-11-01' }]);
    expectKeys('GET /api/alerts/events', (await get<unknown[]>('/api/alerts/events'))[0], keys<Alerts.AlertEvent>({
      id: true, kind: true, subjectType: true, subjectId: true, subjectTitle: true, before: true, after: true, detail: true, at: true,
    }));
  });
});

describe('single sign-on', () => {
  it('the settings and testing an issuer', async () => {
    // The routes add the redirect URI to register at the provider.
    expectTypeOf<Answer<S['ssoSettings']['get']> & { callbackUrl: string }>().branded.toEqualTypeOf<Accounts.SsoSettings>();
    expectTypeOf<Answer<S['ssoSettings']['test']>>().branded.toEqualTypeOf<Accounts.SsoTestResult>();
    expectTypeOf<Item<Answer<S['sso']['providers']>>>().branded.toEqualTypeOf<Accounts.SsoProvider>();

    expectKeys('GET /api/settings/sso', await get('/api/settings/sso'), keys<Accounts.SsoSettings>({
      source: true, editable: true, enabled: true, issuer: true, clientId: true, clientSecretSet: true, provisionRole: true, name: true, organization: true,
      updatedAt: true, updatedBy: true, callbackUrl: true,
    }));
    // Nothing listens on port 9: the answer says why the discovery document was not found.
    expectKeys('POST /api/settings/sso/test', await call('POST', '/api/settings/sso/test', { issuer: 'http://127.0.0.1:9' }), keys<Accounts.SsoTestResult>({
      ok: true, issuer: true, authorizationEndpoint: true, error: true,
    }));
  });
});

describe('scans and findings', () => {
  it('runs, one run with its tallies, its failures, the check catalog', async () => {
    expectTypeOf<Item<Answer<S['scans']['runs']>>>().toExtend<W.ScanRun>();
    expectTypeOf<Answer<S['scans']['run']>>().toExtend<W.ScanDetail>();
    expectTypeOf<Item<Answer<S['scans']['run']>['checks']>>().branded.toEqualTypeOf<W.CheckTally>();
    expectTypeOf<Item<Answer<S['scans']['failures']>>>().toExtend<W.Finding>();

    const checks = await get<W.CheckInfo[]>('/api/checks');
    expectKeys('GET /api/checks', checks[0], keys<W.CheckInfo>({ id: true, title: true, description: true, severity: true, resourceType: true, controls: true, remediation: true }));
    const at = '2026-11-24T11:00:00.000Z';
    const result = { checkId: checks[0]!.id, resourceType: checks[0]!.resourceType, resourceId: 'main.tf#logs', status: 'fail', reason: 'not_encrypted', message: 'not encrypted', severity: 'high', path: 'main.tf', startLine: 1, endLine: 3 };
    await call('POST', '/api/scans', { startedAt: at, finishedAt: at, targets: ['infra'], results: [result] });
    const runs = await get<W.ScanRun[]>('/api/scans');
    const runKeys = keys<W.ScanRun>({ id: true, startedAt: true, finishedAt: true, actor: true, targets: true, summary: true });
    expectKeys('GET /api/scans', runs[0], runKeys);
    const run = await get<W.ScanDetail>(`/api/scans/${runs[0]!.id}`);
    expectKeys('GET /api/scans/:id', run, [...runKeys, ...keys<Pick<W.ScanDetail, 'checks'>>({ checks: true })]);
    expectKeys('GET /api/scans/:id: a check', run.checks[0], keys<W.CheckTally>({
      checkId: true, resources: true, pass: true, fail: true, unknown: true, notApplicable: true, error: true, suppressed: true,
    }));
    expectKeys('GET /api/scans/:id/failures', (await get<unknown[]>(`/api/scans/${runs[0]!.id}/failures`))[0], keys<W.Finding>({
      checkId: true, resourceType: true, resourceId: true, status: true, reason: true, message: true, severity: true, path: true, startLine: true, endLine: true,
    }));
  });
});
