import type { FastifyPluginAsync } from 'fastify';
import { Type } from '@sinclair/typebox';
import type { Services } from '../../app/index.js';
import { errors, Loose } from '../schemas.js';

export const statusRoutes: FastifyPluginAsync<{ services: Services }> = async (app, { services }) => {
  app.get('/status', {
    config: { permission: 'status:read' },
    schema: { tags: ['status'], summary: 'Readiness by category and criterion, and what to do next', response: { 200: Loose(Type.Object({ organization: Type.Object({ id: Type.String(), name: Type.String() }), readiness: Type.Object({}, { additionalProperties: true }) })), ...errors(409) } },
  }, async (req) => services.status.report(await req.org()));

  app.post('/verify', {
    config: { permission: 'integrity:verify' },
    schema: { tags: ['status'], summary: "Recompute the audit-log chain and every evidence hash of the caller's organization (of every organization for the local `attest verify`)", response: { 200: Loose(Type.Object({ ok: Type.Boolean(), auditEntries: Type.Integer(), evidenceChecked: Type.Integer(), problems: Type.Array(Loose(Type.Object({ kind: Type.String(), id: Type.String(), message: Type.String() }))) })) } },
  }, async (req) => services.verify().run(req.principal?.kind === 'cli' ? undefined : (await req.org()).id));
};
