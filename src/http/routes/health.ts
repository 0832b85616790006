import type { FastifyPluginAsync } from 'fastify';
import { Type } from '@sinclair/typebox';

export const healthRoutes: FastifyPluginAsync<{ engine: string; version: string }> = async (app, opts) => {
  app.get('/healthz', {
    config: { permission: 'public' },
    schema: { tags: ['status'], summary: 'Liveness', response: { 200: Type.Object({ status: Type.Literal('ok'), engine: Type.String(), version: Type.String() }) } },
  }, async () => ({ status: 'ok' as const, engine: opts.engine, version: opts.version }));
};
