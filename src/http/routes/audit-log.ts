import type { FastifyPluginAsync } from 'fastify';
import { Type, type Static } from '@sinclair/typebox';
import type { Services } from '../../app/index.js';
import { errors } from '../schemas.js';

const Query = Type.Object({
  limit: Type.Optional(Type.Integer({ minimum: 1, maximum: 500, default: 50 })),
  before: Type.Optional(Type.Integer({ minimum: 1 })),
}, { additionalProperties: false });

export const auditLogRoutes: FastifyPluginAsync<{ services: Services }> = async (app, { services }) => {
  app.get<{ Querystring: Static<typeof Query> }>('/audit-log', {
    config: { permission: 'audit-log:read' },
    schema: { tags: ['status'], summary: 'Audit log, newest first (page with `before`)', querystring: Query, response: errors(400, 409) },
  }, async (req) => {
    const org = await req.org();
    return services.auditLog.recent(org.id, req.query.limit, req.query.before);
  });
};
