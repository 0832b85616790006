import type { FastifyPluginAsync } from 'fastify';
import { Type, type Static } from '@sinclair/typebox';
import type { Services } from '../../app/index.js';
import { errors } from '../schemas.js';

const Query = Type.Object({
  limit: Type.Optional(Type.Integer({ minimum: 1, maximum: 500, default: 50 })),
  before: Type.Optional(Type.Integer({ minimum: 1 })),
  entityType: Type.Optional(Type.String({ minLength: 1, maxLength: 100, description: 'Only entries about this kind of entity, e.g. `api_token`, `user`, `control`' })),
  actor: Type.Optional(Type.String({ minLength: 1, maxLength: 200, description: 'Only entries by this actor: `user:<id>`, `token:<id>`, `cli` or `system`' })),
}, { additionalProperties: false });

export const auditLogRoutes: FastifyPluginAsync<{ services: Services }> = async (app, { services }) => {
  app.get<{ Querystring: Static<typeof Query> }>('/audit-log', {
    config: { permission: 'audit-log:read' },
    schema: { tags: ['status'], summary: 'Audit log, newest first (page with `before`; filter by `entityType`, `actor`)', querystring: Query, response: errors(400, 409) },
  }, async (req) => {
    const org = await req.org();
    const { limit, before, entityType, actor } = req.query;
    return services.auditLog.recent(org.id, limit, before, { entityType, actor });
  });
};
