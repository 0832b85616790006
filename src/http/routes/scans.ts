import type { FastifyPluginAsync } from 'fastify';
import { Type, type Static } from '@sinclair/typebox';
import type { Services } from '../../app/index.js';
import { MAX_RESULTS, RESULT_STATUSES } from '../../app/scan.service.js';
import { errors, IdParam, Loose } from '../schemas.js';

const NullableText = Type.Union([Type.Null(), Type.String({ maxLength: 4000 })]);
const NullableInt = Type.Union([Type.Null(), Type.Integer({ minimum: 0 })]);

const ScanBody = Type.Object({
  startedAt: Type.String({ minLength: 1, maxLength: 40 }),
  finishedAt: Type.String({ minLength: 1, maxLength: 40 }),
  targets: Type.Array(Type.String({ maxLength: 2000 }), { maxItems: 1000 }),
  results: Type.Array(Type.Object({
    checkId: Type.String({ minLength: 1, maxLength: 100 }),
    resourceType: Type.String({ minLength: 1, maxLength: 100 }),
    resourceId: Type.String({ minLength: 1, maxLength: 2000 }),
    status: Type.Union(RESULT_STATUSES.map((s) => Type.Literal(s))),
    reason: NullableText,
    message: NullableText,
    severity: Type.String({ minLength: 1, maxLength: 20 }),
    path: NullableText,
    startLine: NullableInt,
    endLine: NullableInt,
  }, { additionalProperties: false }), { maxItems: MAX_RESULTS }),
  checks: Type.Optional(Type.Array(Type.String({ minLength: 1, maxLength: 100 }), { maxItems: 10_000, description: 'The checks the scan ran: their earlier results on resources of the same targets that this run lacks are closed. Default: the checks with results here.' })),
}, { additionalProperties: false });

const RunView = Loose(Type.Object({ id: Type.String(), startedAt: Type.String(), finishedAt: Type.String(), actor: Type.String(), targets: Type.Array(Type.String()), summary: Type.Record(Type.String(), Type.Integer()) }));
const Paging = Type.Object({ limit: Type.Optional(Type.Integer({ minimum: 1, maximum: 500, default: 50 })), offset: Type.Optional(Type.Integer({ minimum: 0, default: 0 })) }, { additionalProperties: false });
const FailureQuery = Type.Object({ check: Type.Optional(Type.String({ minLength: 1 })), limit: Type.Optional(Type.Integer({ minimum: 1, maximum: 1000, default: 200 })), offset: Type.Optional(Type.Integer({ minimum: 0, default: 0 })) }, { additionalProperties: false });

export const scanRoutes: FastifyPluginAsync<{ services: Services }> = async (app, { services }) => {
  app.post<{ Body: Static<typeof ScanBody> }>('/scans', {
    config: { permission: 'scans:write' },
    bodyLimit: 256 * 1024 * 1024,
    schema: { tags: ['status'], summary: 'Record the results of a scan (sent by `attest scan` inside a workspace)', body: ScanBody, response: { 201: Type.Object({ run: RunView, changes: Type.Object({ opened: Type.Integer(), closed: Type.Integer() }) }), ...errors(400, 409, 413) } },
  }, async (req, reply) => reply.status(201).send(await services.scans.record((await req.org()).id, req.body, req.actor)));

  app.get<{ Querystring: Static<typeof Paging> }>('/scans', {
    config: { permission: 'scans:read' },
    schema: { tags: ['status'], summary: 'Recorded scan runs, newest first', querystring: Paging, response: { 200: Type.Array(RunView), ...errors(400, 409) } },
  }, async (req) => services.scans.runs((await req.org()).id, req.query));

  app.get<{ Params: Static<typeof IdParam> }>('/scans/:id', {
    config: { permission: 'scans:read' },
    schema: { tags: ['status'], summary: 'One scan run with per-check tallies', params: IdParam, response: errors(404, 409) },
  }, async (req) => services.scans.run((await req.org()).id, req.params.id));

  app.get<{ Params: Static<typeof IdParam>; Querystring: Static<typeof FailureQuery> }>('/scans/:id/failures', {
    config: { permission: 'scans:read' },
    schema: { tags: ['status'], summary: 'Failing results as of a run (the findings current when it was recorded), optionally for one check', params: IdParam, querystring: FailureQuery, response: errors(400, 404, 409) },
  }, async (req) => {
    const org = await req.org();
    await services.scans.run(org.id, req.params.id);
    return services.scans.failures(org.id, req.params.id, req.query.check ? [req.query.check] : null, req.query);
  });
};
