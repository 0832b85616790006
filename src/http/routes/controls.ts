import type { FastifyPluginAsync } from 'fastify';
import { Type, type Static } from '@sinclair/typebox';
import type { Services } from '../../app/index.js';
import { CONTROL_STATUSES } from '../../app/controls.service.js';
import { ControlSummary, ControlView, errors, IdParam, NullableString } from '../schemas.js';
import { sendSerialized } from '../serialized.js';

const ControlsQuery = Type.Object({
  criterion: Type.Optional(Type.String({ minLength: 1 })),
  status: Type.Optional(Type.Union(CONTROL_STATUSES.map((s) => Type.Literal(s)))),
  owner: Type.Optional(Type.String({ minLength: 1 })),
  domain: Type.Optional(Type.String({ minLength: 1 })),
  inScope: Type.Optional(Type.Boolean()),
}, { additionalProperties: false });

const ControlPatch = Type.Object({
  owner: Type.Optional(NullableString({ maxLength: 200 })),
  inScope: Type.Optional(Type.Boolean()),
  exclusionReason: Type.Optional(NullableString({ maxLength: 2000 })),
  notes: Type.Optional(Type.String({ maxLength: 10_000 })),
}, { additionalProperties: false, minProperties: 1 });

export const controlRoutes: FastifyPluginAsync<{ services: Services }> = async (app, { services }) => {
  app.get<{ Querystring: Static<typeof ControlsQuery> }>('/controls', {
    config: { permission: 'controls:read' },
    schema: { tags: ['controls'], summary: "The organization's controls with derived status (description, suggested evidence and framework mappings: GET /api/controls/:id, or GET /api/library/controls for all)", querystring: ControlsQuery, response: { 200: Type.Array(ControlSummary), ...errors(400, 409) } },
  }, async (req, reply) => {
    const org = await req.org();
    const query = { ...req.query };
    if (query.criterion) query.criterion = services.catalog.requireCriterion(query.criterion, 'querystring.criterion');
    return sendSerialized(reply, await services.controls.list(org.id, query));
  });

  app.get<{ Params: Static<typeof IdParam> }>('/controls/:id', {
    config: { permission: 'controls:read' },
    schema: { tags: ['controls'], summary: 'One control', params: IdParam, response: { 200: ControlView, ...errors(404, 409) } },
  }, async (req) => services.controls.get((await req.org()).id, req.params.id.toUpperCase()));

  app.patch<{ Params: Static<typeof IdParam>; Body: Static<typeof ControlPatch> }>('/controls/:id', {
    config: { permission: 'controls:write' },
    schema: { tags: ['controls'], summary: 'Assign an owner, exclude from scope with a reason, or add notes', params: IdParam, body: ControlPatch, response: { 200: ControlView, ...errors(400, 404, 409) } },
  }, async (req) => services.controls.update((await req.org()).id, req.params.id.toUpperCase(), req.body, req.actor));
};
