import type { FastifyPluginAsync } from 'fastify';
import { Type } from '@sinclair/typebox';
import type { Services } from '../../app/index.js';
import type { ChainHead } from '../../app/verify.service.js';
import { errors, Loose } from '../schemas.js';
import { sendSerialized } from '../serialized.js';

const AnchorSchema = Type.Object({
  organization: Type.String({ minLength: 1, maxLength: 100 }),
  seq: Type.Integer({ minimum: 1 }),
  hash: Type.String({ pattern: '^[0-9a-f]{64}$' }),
}, { additionalProperties: false });

export const statusRoutes: FastifyPluginAsync<{ services: Services }> = async (app, { services }) => {
  app.get('/status', {
    config: { permission: 'status:read' },
    schema: { tags: ['status'], summary: 'Readiness by category and criterion, and what to do next', response: { 200: Loose(Type.Object({ organization: Type.Object({ id: Type.String(), name: Type.String() }), readiness: Type.Object({}, { additionalProperties: true }) })), ...errors(409) } },
  }, async (req, reply) => sendSerialized(reply, await services.status.report(await req.org())));

  app.post('/verify', {
    config: { permission: 'integrity:verify' },
    // The body is optional: no body means no anchors.
    preValidation: async (req) => { req.body ??= {}; },
    schema: {
      tags: ['status'],
      summary: "Recompute the audit-log chain and every evidence hash of the caller's organization (of every organization for the local `attest verify`)",
      description: 'Send the `heads` of an earlier report, kept outside the database, as `anchors`: each must still be in the chain with the same hash, which shows that no newest entries were removed.',
      body: Type.Object({ anchors: Type.Optional(Type.Array(AnchorSchema, { maxItems: 1000 })) }, { additionalProperties: false }),
      response: { 200: Loose(Type.Object({ ok: Type.Boolean(), auditEntries: Type.Integer(), evidenceChecked: Type.Integer(), heads: Type.Array(AnchorSchema), anchorsChecked: Type.Integer(), problems: Type.Array(Loose(Type.Object({ kind: Type.String(), id: Type.String(), message: Type.String() }))) })), ...errors(400) },
    },
  }, async (req) => {
    const { anchors = [] } = req.body as { anchors?: ChainHead[] };
    return services.verify().run(req.principal?.kind === 'cli' ? undefined : (await req.org()).id, anchors);
  });
};
