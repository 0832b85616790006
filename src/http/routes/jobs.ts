import type { FastifyPluginAsync } from 'fastify';
import { Type, type Static } from '@sinclair/typebox';
import type { Services } from '../../app/index.js';
import { MAX_SCAN_PATHS } from '../../app/jobs.service.js';
import { JOB_STATES } from '../../domain/jobs.js';
import { runScheduledNow } from '../../jobs/queue.js';
import { jobRegistry } from '../../jobs/registry.js';
import { errors, IdParam, Loose, Nullable } from '../schemas.js';

const ErrorView = Type.Union([Type.Null(), Type.Object({ code: Type.String(), message: Type.String() })]);

const RunView = Loose(Type.Object({
  attempt: Type.Integer(), worker: Type.String(), startedAt: Type.String(), finishedAt: Nullable(Type.String()),
  durationMs: Type.Union([Type.Integer(), Type.Null()]), outcome: Type.String(), error: ErrorView,
}));
const JobView = Loose(Type.Object({
  id: Type.String(), name: Type.String(), key: Type.String(), state: Type.String(), attempts: Type.Integer(), maxAttempts: Type.Integer(),
  runAt: Type.String(), createdAt: Type.String(), finishedAt: Nullable(Type.String()), durationMs: Type.Union([Type.Integer(), Type.Null()]),
  lastError: ErrorView, runs: Type.Array(RunView),
}));
const ScheduleView = Loose(Type.Object({
  job: Type.String(), title: Type.String(), cron: Type.String(), enabled: Type.Boolean(), options: Loose(Type.Object({ paths: Type.Optional(Type.Array(Type.String())) })),
  nextRunAt: Nullable(Type.String()), lastEnqueuedAt: Nullable(Type.String()), lastJobId: Nullable(Type.String()), stored: Type.Boolean(),
  updatedAt: Nullable(Type.String()), updatedBy: Nullable(Type.String()),
}));
const Snapshot = Loose(Type.Object({
  day: Type.String(), computedAt: Type.String(), score: Type.Integer(), controls: Type.Integer(), evidenced: Type.Integer(), failing: Type.Integer(),
  stale: Type.Integer(), noEvidence: Type.Integer(), atRisk: Type.Integer(), excluded: Type.Integer(),
}));
const IntegrityCheck = Loose(Type.Object({ id: Type.String(), checkedAt: Type.String(), ok: Type.Boolean(), problemCount: Type.Integer() }));

const JobsQuery = Type.Object({
  status: Type.Optional(Type.Union(JOB_STATES.map((s) => Type.Literal(s)))),
  name: Type.Optional(Type.String({ minLength: 1, maxLength: 100 })),
  limit: Type.Optional(Type.Integer({ minimum: 1, maximum: 200, default: 50 })),
  offset: Type.Optional(Type.Integer({ minimum: 0, default: 0 })),
}, { additionalProperties: false });

const JobParam = Type.Object({ job: Type.String({ minLength: 1, maxLength: 100 }) });
const SchedulePatch = Type.Object({
  cron: Type.Optional(Type.String({ minLength: 1, maxLength: 200 })),
  enabled: Type.Optional(Type.Boolean()),
  options: Type.Optional(Type.Object({ paths: Type.Optional(Type.Array(Type.String({ maxLength: 1000 }), { maxItems: MAX_SCAN_PATHS })) }, { additionalProperties: false })),
}, { additionalProperties: false, minProperties: 1 });

const HistoryQuery = Type.Object({ from: Type.Optional(Type.String({ maxLength: 10 })), to: Type.Optional(Type.String({ maxLength: 10 })) }, { additionalProperties: false });
const Paging = Type.Object({ limit: Type.Optional(Type.Integer({ minimum: 1, maximum: 200, default: 50 })), offset: Type.Optional(Type.Integer({ minimum: 0, default: 0 })) }, { additionalProperties: false });

export const jobRoutes: FastifyPluginAsync<{ services: Services }> = async (app, { services }) => {
  app.get<{ Querystring: Static<typeof JobsQuery> }>('/jobs', {
    config: { permission: 'jobs:read' },
    schema: { tags: ['jobs'], summary: 'Jobs, newest first, with every run: worker, duration, outcome and error', querystring: JobsQuery, response: { 200: Type.Array(JobView), ...errors(400, 409) } },
  }, async (req) => services.jobs.list((await req.org()).id, req.query));

  app.get<{ Params: Static<typeof IdParam> }>('/jobs/:id', {
    config: { permission: 'jobs:read' },
    schema: { tags: ['jobs'], summary: 'One job with its runs', params: IdParam, response: { 200: JobView, ...errors(404, 409) } },
  }, async (req) => services.jobs.get((await req.org()).id, req.params.id));

  app.get('/schedules', {
    config: { permission: 'jobs:read' },
    schema: { tags: ['jobs'], summary: 'What runs when: every schedulable job, with its cron (UTC), options and next run', response: { 200: Type.Array(ScheduleView), ...errors(409) } },
  }, async (req) => services.jobs.schedules((await req.org()).id));

  app.put<{ Params: Static<typeof JobParam>; Body: Static<typeof SchedulePatch> }>('/schedules/:job', {
    config: { permission: 'schedules:write' },
    schema: { tags: ['jobs'], summary: "Change a job's schedule: cron (UTC), enabled, options (scan-path: the folders, on the workers)", params: JobParam, body: SchedulePatch, response: { 200: ScheduleView, ...errors(400, 404, 409) } },
  }, async (req) => services.jobs.setSchedule((await req.org()).id, req.params.job, req.body, req.actor));

  const registry = jobRegistry();
  app.post<{ Params: Static<typeof JobParam> }>('/schedules/:job/run', {
    config: { permission: 'schedules:write' },
    schema: { tags: ['jobs'], summary: "Run a scheduled job now, with its schedule's options; the next free worker picks it up", params: JobParam, response: { 202: JobView, ...errors(400, 404, 409) } },
  }, async (req, reply) => {
    const orgId = (await req.org()).id;
    const job = await runScheduledNow(services.ctx, registry, orgId, req.params.job);
    return reply.status(202).send(await services.jobs.get(orgId, job.id));
  });

  app.get<{ Querystring: Static<typeof HistoryQuery> }>('/readiness/history', {
    config: { permission: 'status:read' },
    schema: { tags: ['jobs'], summary: 'Daily readiness snapshots (stored by the evaluate-status job): the trend, oldest first; default the last 90 days', querystring: HistoryQuery, response: { 200: Type.Array(Snapshot), ...errors(400, 409) } },
  }, async (req) => services.jobs.readinessHistory((await req.org()).id, req.query));

  app.get<{ Querystring: Static<typeof Paging> }>('/integrity/checks', {
    config: { permission: 'integrity:verify' },
    schema: { tags: ['jobs'], summary: 'Outcomes of the scheduled integrity verifications, newest first', querystring: Paging, response: { 200: Type.Array(IntegrityCheck), ...errors(400, 409) } },
  }, async (req) => services.jobs.integrityChecks((await req.org()).id, req.query));
};
