import type { FastifyPluginAsync } from 'fastify';
import { Type, type Static } from '@sinclair/typebox';
import type { Services } from '../../app/index.js';
import { AppError } from '../../domain/errors.js';
import { errors, IdParam, LibraryControl, Loose } from '../schemas.js';
import { sendSerialized } from '../serialized.js';

const CriterionView = Loose(Type.Object({ id: Type.String(), category: Type.String(), group: Type.String(), title: Type.String(), description: Type.String(), pointsOfFocus: Type.Array(Type.String()), controls: Type.Array(Type.String()) }));
const CriteriaQuery = Type.Object({ category: Type.Optional(Type.String({ minLength: 1 })) }, { additionalProperties: false });

export const catalogRoutes: FastifyPluginAsync<{ services: Services }> = async (app, { services }) => {
  app.get('/library/controls', {
    config: { permission: 'catalog:read' },
    schema: { tags: ['catalog'], summary: "The control library as shipped (descriptions, suggested evidence, criteria, framework mappings): the same for every organization; GET /api/controls has each organization's status", response: { 200: Type.Array(LibraryControl) } },
  }, async (_req, reply) => sendSerialized(reply.header('cache-control', 'private, max-age=3600'), services.catalog.controls()));

  app.get('/frameworks', {
    config: { permission: 'catalog:read' },
    schema: { tags: ['catalog'], summary: 'Frameworks shipped with Attest', response: { 200: Type.Array(Loose(Type.Object({ id: Type.String(), name: Type.String(), version: Type.String(), requirements: Type.Integer() }))) } },
  }, async () => services.catalog.frameworks());

  app.get<{ Params: Static<typeof IdParam> }>('/frameworks/:id', {
    config: { permission: 'catalog:read' },
    schema: { tags: ['catalog'], summary: 'One framework with its requirements', params: IdParam, response: { 404: errors(404)[404] } },
  }, async (req) => services.catalog.framework(req.params.id));

  app.get<{ Querystring: Static<typeof CriteriaQuery> }>('/criteria', {
    config: { permission: 'catalog:read' },
    schema: { tags: ['catalog'], summary: 'SOC 2 criteria with the library controls that support them', querystring: CriteriaQuery, response: { 200: Type.Array(CriterionView), ...errors(400) } },
  }, async (req) => services.catalog.criteria(req.query));

  app.get<{ Params: Static<typeof IdParam> }>('/criteria/:id', {
    config: { permission: 'catalog:read' },
    schema: { tags: ['catalog'], summary: "One criterion with the organization's controls for it", params: IdParam, ...{ response: errors(404) } },
  }, async (req) => {
    const criterion = services.catalog.criterion(req.params.id);
    // The catalog answers before the workspace has an organization (the local command before `init`).
    const org = await req.org().catch((e: unknown) => {
      if (e instanceof AppError && e.code === 'workspace_missing') return null;
      throw e;
    });
    const controls = org ? await services.controls.list(org.id, { criterion: criterion.id }) : [];
    return { ...criterion, controlDetails: controls };
  });
};
