// /api/audits: audits, populations, reproducible samples, the operating-effectiveness view,
// and the fieldwork (tests, exceptions, requests with comments and attachments). Evidence is
// reached through an audit only when it is effective within the audit's window.
import type { FastifyPluginAsync, FastifyRequest } from 'fastify';
import { Type, type Static } from '@sinclair/typebox';
import type { Services } from '../../app/index.js';
import { servicesFor } from '../../app/caller.js';
import { REQUEST_STATUSES, TEST_METHODS, TEST_RESULTS } from '../../app/audit-fieldwork.service.js';
import { MAX_SEED } from '../../domain/sampling.js';
import { errors, EvidenceView, Loose, NullableString } from '../schemas.js';

const Id = Type.String({ minLength: 1, maxLength: 100 });
const AuditParam = Type.Object({ id: Id });
const Page = { limit: Type.Optional(Type.Integer({ minimum: 1, maximum: 1000, default: 100 })), offset: Type.Optional(Type.Integer({ minimum: 0, default: 0 })) };
const PageQuery = Type.Object(Page, { additionalProperties: false });
const DateRange = Type.Object({ from: Type.String(), to: Type.String() });

const AuditBody = Type.Object({
  // A string; a JSON number is coerced to one (1 → "1").
  type: Type.String({ maxLength: 10, description: '"1" or "type1" (as of a date), "2" or "type2" (over a period); a number is taken as its digits' }),
  date: Type.Optional(Type.String({ maxLength: 20, description: 'Type I: the as-of date, YYYY-MM-DD' })),
  from: Type.Optional(Type.String({ maxLength: 20, description: 'Type II: first day of the period' })),
  to: Type.Optional(Type.String({ maxLength: 20, description: 'Type II: last day of the period' })),
  categories: Type.Optional(Type.Array(Type.String({ maxLength: 40 }), { maxItems: 10, description: 'Default: the workspace scope; security is always included' })),
}, { additionalProperties: false });

const AuditView = Loose(Type.Object({
  id: Type.String(), type: Type.String(), asOf: Type.Union([Type.String(), Type.Null()]), periodStart: Type.Union([Type.String(), Type.Null()]),
  periodEnd: Type.Union([Type.String(), Type.Null()]), categories: Type.Array(Type.String()), seed: Type.Union([Type.Integer(), Type.Null()]),
  seedsDrawn: Type.Array(Type.Integer()), controls: Type.Integer(), createdBy: Type.String(), createdAt: Type.String(),
}));

const SampleBody = Type.Object({
  seed: Type.Optional(Type.Integer({ minimum: 0, maximum: MAX_SEED, description: 'Default: the audit\'s current seed (a random one on the first draw)' })),
  control: Type.Optional(Type.String({ minLength: 1, maxLength: 20 })),
}, { additionalProperties: false });

const ControlSample = Loose(Type.Object({
  control: Type.String(), title: Type.String(), frequency: Type.String(), window: DateRange, populationKind: Type.String(), populationSize: Type.Integer(),
  populationDigest: Type.String(), populationChanged: Type.Boolean(), rule: Type.String(), risk: Type.String(), currentRisk: Type.String(), required: Type.Integer(), size: Type.Integer(),
  explanation: Type.String(), drawnAt: Type.String(), drawnBy: Type.String(), items: Type.Array(Loose(Type.Object({ key: Type.String(), stream: Type.String() }))),
}));
const SampleView = Loose(Type.Object({ audit: Type.String(), type: Type.String(), seed: Type.Integer(), algorithm: Type.String(), controls: Type.Array(ControlSample) }));

const ControlEffectiveness = Loose(Type.Object({
  control: Type.String(), title: Type.String(), frequency: Type.String(), automation: Type.String(), window: DateRange, populationKind: Type.String(),
  populationSize: Type.Integer(), expected: Type.Union([Type.Integer(), Type.Null()]), evidenced: Type.Integer(), gaps: Type.Array(DateRange),
  failingWindows: Type.Array(Loose(Type.Object({ checkId: Type.String(), start: Type.String(), end: Type.String(), ongoing: Type.Boolean() }))),
  tests: Loose(Type.Object({ performed: Type.Integer(), passed: Type.Integer(), exceptions: Type.Integer(), methods: Type.Array(Type.String()), inquiryOnly: Type.Boolean() })),
  exceptions: Loose(Type.Object({ recorded: Type.Integer(), awaitingResponse: Type.Integer() })),
  risk: Type.String(),
  sample: Type.Union([Loose(Type.Object({ seed: Type.Integer(), size: Type.Integer() })), Type.Null()]),
  state: Type.String(), explanation: Type.String(),
}));
const EffectivenessView = Loose(Type.Object({ audit: AuditView, summary: Type.Record(Type.String(), Type.Integer()), controls: Type.Array(ControlEffectiveness) }));

const AuditEvidenceView = Loose(Type.Intersect([EvidenceView, Type.Object({ auditControls: Type.Array(Type.String()) })]));

const PopulationView = Loose(Type.Object({
  control: Type.String(), window: DateRange, kind: Type.String(), size: Type.Integer(), digest: Type.String(), items: Type.Array(Loose(Type.Object({ key: Type.String() }))),
}));

const ControlFilter = Type.Object({ control: Type.Optional(Type.String({ minLength: 1, maxLength: 20 })), ...Page }, { additionalProperties: false });

const TestBody = Type.Object({
  control: Type.String({ minLength: 1, maxLength: 20 }),
  item: Type.Optional(NullableString({ maxLength: 1000 })),
  method: Type.String({ description: TEST_METHODS.join(' | ') }),
  performedBy: Type.String({ maxLength: 200 }),
  performedOn: Type.Optional(Type.String({ maxLength: 20 })),
  result: Type.String({ description: TEST_RESULTS.join(' | ') }),
  notes: Type.Optional(Type.String({ maxLength: 10_000 })),
}, { additionalProperties: false });
const TestView = Loose(Type.Object({
  id: Type.String(), auditId: Type.String(), controlId: Type.String(), item: Type.Union([Type.String(), Type.Null()]), method: Type.String(), performedBy: Type.String(),
  performedOn: Type.String(), result: Type.String(), notes: Type.String(), exception: Type.Union([Type.String(), Type.Null()]), createdBy: Type.String(), createdAt: Type.String(),
}));

const ExceptionBody = Type.Object({
  control: Type.String({ minLength: 1, maxLength: 20 }),
  description: Type.String({ maxLength: 10_000 }),
  testId: Type.Optional(NullableString({ maxLength: 100 })),
}, { additionalProperties: false });
const ExceptionView = Loose(Type.Object({
  id: Type.String(), auditId: Type.String(), controlId: Type.String(), testId: Type.Union([Type.String(), Type.Null()]), description: Type.String(),
  managementResponse: Type.Union([Type.String(), Type.Null()]), respondedBy: Type.Union([Type.String(), Type.Null()]), respondedAt: Type.Union([Type.String(), Type.Null()]),
  createdBy: Type.String(), createdAt: Type.String(),
}));
const ExceptionParam = Type.Object({ id: Id, exceptionId: Id });
const ResponseBody = Type.Object({ response: Type.String({ maxLength: 10_000 }) }, { additionalProperties: false });

const RequestStatus = Type.Union(REQUEST_STATUSES.map((s) => Type.Literal(s)));
const RequestBody = Type.Object({
  title: Type.String({ maxLength: 200 }),
  description: Type.Optional(Type.String({ maxLength: 10_000 })),
  controls: Type.Optional(Type.Array(Type.String({ minLength: 1, maxLength: 20 }), { maxItems: 200 })),
  assignee: Type.Optional(NullableString({ maxLength: 200 })),
  dueDate: Type.Optional(NullableString({ maxLength: 20 })),
}, { additionalProperties: false });
const RequestPatch = Type.Object({
  title: Type.Optional(Type.String({ maxLength: 200 })),
  description: Type.Optional(Type.String({ maxLength: 10_000 })),
  controls: Type.Optional(Type.Array(Type.String({ minLength: 1, maxLength: 20 }), { maxItems: 200 })),
  status: Type.Optional(RequestStatus),
  assignee: Type.Optional(NullableString({ maxLength: 200 })),
  dueDate: Type.Optional(NullableString({ maxLength: 20 })),
}, { additionalProperties: false, minProperties: 1 });
const RequestView = Loose(Type.Object({
  id: Type.String(), auditId: Type.String(), number: Type.Integer(), title: Type.String(), description: Type.String(), controls: Type.Array(Type.String()),
  status: Type.String(), assignee: Type.Union([Type.String(), Type.Null()]), dueDate: Type.Union([Type.String(), Type.Null()]),
  createdBy: Type.String(), createdAt: Type.String(), updatedAt: Type.String(),
  comments: Type.Array(Loose(Type.Object({ id: Type.String(), author: Type.String(), body: Type.String(), createdAt: Type.String() }))),
  attachments: Type.Array(Loose(Type.Object({ evidenceId: Type.String(), filename: Type.String(), sha256: Type.String(), effectiveAt: Type.String(), attachedBy: Type.String(), attachedAt: Type.String() }))),
}));
const RequestParam = Type.Object({ id: Id, requestId: Id });
const RequestsQuery = Type.Object({ status: Type.Optional(RequestStatus), assignee: Type.Optional(Type.String({ minLength: 1, maxLength: 200 })), ...Page }, { additionalProperties: false });
const CommentBody = Type.Object({ body: Type.String({ maxLength: 10_000 }) }, { additionalProperties: false });
const AttachBody = Type.Object({ evidence: Type.Array(Type.String({ minLength: 1, maxLength: 100 }), { minItems: 1, maxItems: 100 }) }, { additionalProperties: false });

const AuditorView = Loose(Type.Object({
  userId: Type.String(), email: Type.String(), name: Type.String(), disabled: Type.Boolean(), assignedBy: Type.String(), assignedAt: Type.String(),
}));
const AuditorParam = Type.Object({ id: Id, userId: Id });
const RiskParam = Type.Object({ id: Id, control: Type.String({ minLength: 1, maxLength: 20 }) });
const RiskBody = Type.Object({ risk: Type.String({ maxLength: 20, description: 'low | moderate | high' }) }, { additionalProperties: false });

const tags = ['audits'];

export const auditRoutes: FastifyPluginAsync<{ services: Services }> = async (app, { services }) => {
  // An auditor reads through services limited to their audits (src/app/caller.ts).
  const audits = (req: FastifyRequest) => servicesFor(services, req.principal).audits;
  const work = (req: FastifyRequest) => servicesFor(services, req.principal).auditFieldwork;

  app.post<{ Body: Static<typeof AuditBody> }>('/audits', {
    config: { permission: 'audits:manage' },
    schema: { tags, summary: 'Create a Type I (as of a date) or Type II (over a period) audit over chosen categories', body: AuditBody, response: { 201: AuditView, ...errors(400, 409) } },
  }, async (req, reply) => reply.status(201).send(await audits(req).create((await req.org()).id, req.body, req.actor)));

  app.get<{ Querystring: Static<typeof PageQuery> }>('/audits', {
    config: { permission: 'audits:read' },
    schema: { tags, summary: 'Audits, newest first', querystring: PageQuery, response: { 200: Type.Object({ items: Type.Array(AuditView), total: Type.Integer() }), ...errors(400, 409) } },
  }, async (req) => audits(req).list((await req.org()).id, req.query));

  app.get<{ Params: Static<typeof AuditParam> }>('/audits/:id', {
    config: { permission: 'audits:read' },
    schema: { tags, summary: 'One audit, with its current seed and every seed drawn with', params: AuditParam, response: { 200: AuditView, ...errors(404, 409) } },
  }, async (req) => audits(req).get((await req.org()).id, req.params.id));

  app.post<{ Params: Static<typeof AuditParam>; Body: Static<typeof SampleBody> }>('/audits/:id/sample', {
    config: { permission: 'audits:fieldwork' },
    schema: {
      tags, summary: 'Draw (or read back) the samples for a seed',
      description: 'The same seed always answers the same samples: each draw is kept. A seed other than the current one becomes current. Re-derive a draw with the algorithm in src/domain/sampling.ts.',
      params: AuditParam, body: SampleBody, response: { 200: SampleView, ...errors(400, 404, 409) },
    },
  }, async (req) => audits(req).sample((await req.org()).id, req.params.id, req.body ?? {}, req.actor));

  app.get<{ Params: Static<typeof AuditParam>; Querystring: Static<typeof ControlFilter> }>('/audits/:id/status', {
    config: { permission: 'audits:read' },
    schema: { tags, summary: 'Operating effectiveness per control: expected vs evidenced, gaps, failing windows, tests, exceptions', params: AuditParam, querystring: ControlFilter, response: { 200: EffectivenessView, ...errors(400, 404, 409) } },
  }, async (req) => audits(req).status((await req.org()).id, req.params.id, { control: req.query.control }));

  app.get<{ Params: Static<typeof AuditParam> & { control: string }; Querystring: Static<typeof PageQuery> }>('/audits/:id/controls/:control/population', {
    config: { permission: 'audits:read' },
    schema: { tags, summary: "A control's population in the audit's window, in canonical order", params: Type.Object({ id: Id, control: Type.String({ minLength: 1, maxLength: 20 }) }), querystring: PageQuery, response: { 200: PopulationView, ...errors(400, 404, 409) } },
  }, async (req) => audits(req).population((await req.org()).id, req.params.id, req.params.control, req.query));

  app.get<{ Params: Static<typeof AuditParam>; Querystring: Static<typeof ControlFilter> }>('/audits/:id/evidence', {
    config: { permission: 'audits:read' },
    schema: { tags, summary: "Evidence visible through the audit: effective within its window", params: AuditParam, querystring: ControlFilter, response: { 200: Type.Object({ items: Type.Array(AuditEvidenceView), total: Type.Integer() }), ...errors(400, 404, 409) } },
  }, async (req) => audits(req).evidence((await req.org()).id, req.params.id, { control: req.query.control }, req.query));

  app.get<{ Params: { id: string; evidenceId: string } }>('/audits/:id/evidence/:evidenceId', {
    config: { permission: 'audits:read' },
    schema: { tags, summary: 'One piece of evidence, if the audit sees it', params: Type.Object({ id: Id, evidenceId: Id }), response: { 200: AuditEvidenceView, ...errors(404, 409) } },
  }, async (req) => audits(req).evidenceItem((await req.org()).id, req.params.id, req.params.evidenceId));

  app.get<{ Params: { id: string; evidenceId: string } }>('/audits/:id/evidence/:evidenceId/download', {
    config: { permission: 'audits:read' },
    schema: { tags, summary: 'The file of evidence the audit sees, byte for byte; its sha-256 is in Repr-Digest', params: Type.Object({ id: Id, evidenceId: Id }), response: errors(404, 409) },
  }, async (req, reply) => {
    const org = await req.org();
    const { record, stream } = await audits(req).openEvidence(org.id, req.params.id, req.params.evidenceId, (o, id) => services.evidence.open(o, id));
    const safeName = record.filename.replace(/[^\w.\- ]+/g, '_');
    return reply
      .header('content-type', record.mediaType)
      .header('content-length', String(record.size))
      .header('content-disposition', `attachment; filename="${safeName}"; filename*=UTF-8''${encodeURIComponent(record.filename)}`)
      .header('repr-digest', `sha-256=:${Buffer.from(record.sha256, 'hex').toString('base64')}:`)
      .header('x-content-type-options', 'nosniff')
      .send(stream);
  });

  app.post<{ Params: Static<typeof AuditParam>; Body: Static<typeof TestBody> }>('/audits/:id/tests', {
    config: { permission: 'audits:fieldwork' },
    schema: { tags, summary: 'Record a test (inquiry, observation, inspection or reperformance) and its result; an exception result records the exception', params: AuditParam, body: TestBody, response: { 201: TestView, ...errors(400, 404, 409) } },
  }, async (req, reply) => reply.status(201).send(await work(req).recordTest((await req.org()).id, req.params.id, req.body, req.actor)));

  app.get<{ Params: Static<typeof AuditParam>; Querystring: Static<typeof ControlFilter> }>('/audits/:id/tests', {
    config: { permission: 'audits:read' },
    schema: { tags, summary: 'Tests performed, by control and date', params: AuditParam, querystring: ControlFilter, response: { 200: Type.Array(TestView), ...errors(400, 404, 409) } },
  }, async (req) => work(req).tests((await req.org()).id, req.params.id, { control: req.query.control }, req.query));

  app.post<{ Params: Static<typeof AuditParam>; Body: Static<typeof ExceptionBody> }>('/audits/:id/exceptions', {
    config: { permission: 'audits:fieldwork' },
    schema: { tags, summary: 'Record an exception (a deviation) for a control', params: AuditParam, body: ExceptionBody, response: { 201: ExceptionView, ...errors(400, 404, 409) } },
  }, async (req, reply) => reply.status(201).send(await work(req).recordException((await req.org()).id, req.params.id, req.body, req.actor)));

  app.get<{ Params: Static<typeof AuditParam>; Querystring: Static<typeof ControlFilter> }>('/audits/:id/exceptions', {
    config: { permission: 'audits:read' },
    schema: { tags, summary: "Exceptions with management's response", params: AuditParam, querystring: ControlFilter, response: { 200: Type.Array(ExceptionView), ...errors(400, 404, 409) } },
  }, async (req) => work(req).exceptions((await req.org()).id, req.params.id, { control: req.query.control }, req.query));

  app.post<{ Params: Static<typeof ExceptionParam>; Body: Static<typeof ResponseBody> }>('/audits/:id/exceptions/:exceptionId/response', {
    config: { permission: 'audits:answer' },
    schema: { tags, summary: "Management's response to an exception", params: ExceptionParam, body: ResponseBody, response: { 200: ExceptionView, ...errors(400, 404, 409) } },
  }, async (req) => work(req).respond((await req.org()).id, req.params.id, req.params.exceptionId, req.body.response, req.actor));

  app.post<{ Params: Static<typeof AuditParam>; Body: Static<typeof RequestBody> }>('/audits/:id/requests', {
    config: { permission: 'audits:fieldwork' },
    schema: { tags, summary: "Add to the auditor's request list", params: AuditParam, body: RequestBody, response: { 201: RequestView, ...errors(400, 404, 409) } },
  }, async (req, reply) => reply.status(201).send(await work(req).createRequest((await req.org()).id, req.params.id, req.body, req.actor)));

  app.get<{ Params: Static<typeof AuditParam>; Querystring: Static<typeof RequestsQuery> }>('/audits/:id/requests', {
    config: { permission: 'audits:read' },
    schema: { tags, summary: 'The request list, by number', params: AuditParam, querystring: RequestsQuery, response: { 200: Type.Array(RequestView), ...errors(400, 404, 409) } },
  }, async (req) => {
    const { status, assignee, limit, offset } = req.query;
    return work(req).requests((await req.org()).id, req.params.id, { status, assignee }, { limit, offset });
  });

  app.get<{ Params: Static<typeof RequestParam> }>('/audits/:id/requests/:requestId', {
    config: { permission: 'audits:read' },
    schema: { tags, summary: 'One request with its comments and attachments', params: RequestParam, response: { 200: RequestView, ...errors(404, 409) } },
  }, async (req) => work(req).request((await req.org()).id, req.params.id, req.params.requestId));

  app.patch<{ Params: Static<typeof RequestParam>; Body: Static<typeof RequestPatch> }>('/audits/:id/requests/:requestId', {
    config: { permission: 'audits:respond' },
    schema: { tags, summary: 'Change a request: status (open → submitted → accepted | rejected), assignee, due date, text, controls', params: RequestParam, body: RequestPatch, response: { 200: RequestView, ...errors(400, 404, 409) } },
  }, async (req) => work(req).updateRequest((await req.org()).id, req.params.id, req.params.requestId, req.body, req.actor));

  app.post<{ Params: Static<typeof RequestParam>; Body: Static<typeof CommentBody> }>('/audits/:id/requests/:requestId/comments', {
    config: { permission: 'audits:respond' },
    schema: { tags, summary: 'Comment on a request', params: RequestParam, body: CommentBody, response: { 201: RequestView, ...errors(400, 404, 409) } },
  }, async (req, reply) => reply.status(201).send(await work(req).comment((await req.org()).id, req.params.id, req.params.requestId, req.body.body, req.actor)));

  app.post<{ Params: Static<typeof RequestParam>; Body: Static<typeof AttachBody> }>('/audits/:id/requests/:requestId/attachments', {
    config: { permission: 'audits:respond' },
    schema: { tags, summary: 'Attach evidence the audit sees to a request', params: RequestParam, body: AttachBody, response: { 200: RequestView, ...errors(400, 404, 409) } },
  }, async (req) => work(req).attach((await req.org()).id, req.params.id, req.params.requestId, req.body.evidence, req.actor));
  app.get<{ Params: Static<typeof AuditParam> }>('/audits/:id/auditors', {
    config: { permission: 'audits:read' },
    schema: { tags, summary: 'The auditors assigned to the audit: each sees this audit (and their other ones) only', params: AuditParam, response: { 200: Type.Array(AuditorView), ...errors(404, 409) } },
  }, async (req) => audits(req).auditors((await req.org()).id, req.params.id));

  app.put<{ Params: Static<typeof AuditorParam> }>('/audits/:id/auditors/:userId', {
    config: { permission: 'audits:manage' },
    schema: { tags, summary: 'Assign an account with the auditor role to the audit', params: AuditorParam, response: { 200: Type.Array(AuditorView), ...errors(400, 404, 409) } },
  }, async (req) => audits(req).assignAuditor((await req.org()).id, req.params.id, req.params.userId, req.actor));

  app.delete<{ Params: Static<typeof AuditorParam> }>('/audits/:id/auditors/:userId', {
    config: { permission: 'audits:manage' },
    schema: { tags, summary: 'Unassign an auditor from the audit: they no longer see it', params: AuditorParam, response: { 200: Type.Array(AuditorView), ...errors(404, 409) } },
  }, async (req) => audits(req).unassignAuditor((await req.org()).id, req.params.id, req.params.userId, req.actor));

  app.put<{ Params: Static<typeof RiskParam>; Body: Static<typeof RiskBody> }>('/audits/:id/controls/:control/risk', {
    config: { permission: 'audits:fieldwork' },
    schema: {
      tags, summary: "Set a control's risk in the audit (low, moderate, high): it sizes the control's sample from the frequency table",
      description: 'Samples already drawn keep the risk they were drawn with; draw with a new seed to apply it.',
      params: RiskParam, body: RiskBody, response: { 200: Type.Object({ control: Type.String(), risk: Type.String() }), ...errors(400, 404, 409) },
    },
  }, async (req) => audits(req).setRisk((await req.org()).id, req.params.id, req.params.control, req.body.risk, req.actor));
};
