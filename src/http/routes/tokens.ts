// /api/tokens: API tokens for the CLI and CI (`Authorization: Bearer att_…`).
import type { FastifyPluginAsync } from 'fastify';
import { Type, type Static } from '@sinclair/typebox';
import type { Services } from '../../app/index.js';
import { ROLES } from '../../app/permissions.js';
import { DEFAULT_TOKEN_DAYS, MAX_TOKEN_DAYS } from '../../app/tokens.service.js';
import { errors, IdParam, Loose, Nullable } from '../schemas.js';


const TokenView = Loose(Type.Object({
  id: Type.String(), name: Type.String(), prefix: Type.String(), role: Type.String(), createdBy: Type.String(), createdAt: Type.String(),
  expiresAt: Nullable(Type.String()), lastUsedAt: Nullable(Type.String()), revokedAt: Nullable(Type.String()), state: Type.String(),
}));
const TokenBody = Type.Object({
  name: Type.String({ minLength: 1, maxLength: 100 }),
  role: Type.Union(ROLES.map((r) => Type.Literal(r))),
  // A type array, not a union: with coerceTypes, Ajv would turn 0 into null (a token that never expires).
  expiresInDays: Type.Optional(Type.Unsafe<number | null>({ type: ['integer', 'null'], minimum: 1, maximum: MAX_TOKEN_DAYS, description: `Days until it expires (default ${DEFAULT_TOKEN_DAYS}); null for a token that does not expire` })),
}, { additionalProperties: false });

export const tokenRoutes: FastifyPluginAsync<{ services: Services }> = async (app, { services }) => {
  app.get('/tokens', {
    config: { permission: 'tokens:manage' },
    schema: { tags: ['tokens'], summary: 'API tokens, newest first, with their state and last use (never the token itself)', response: { 200: Type.Array(TokenView), ...errors(401, 403) } },
  }, async (req) => services.tokens.list((await req.org()).id));

  app.post<{ Body: Static<typeof TokenBody> }>('/tokens', {
    config: { permission: 'tokens:manage' },
    schema: {
      tags: ['tokens'], summary: 'Create an API token with a role (at most yours) and an expiry; the token is in the answer, shown this once',
      body: TokenBody, response: { 201: Type.Object({ token: TokenView, secret: Type.String() }), ...errors(400, 401, 403) },
    },
  }, async (req, reply) => reply.status(201).header('cache-control', 'no-store').send(await services.tokens.create((await req.org()).id, { ...req.body, expiresInDays: req.body.expiresInDays === undefined ? DEFAULT_TOKEN_DAYS : req.body.expiresInDays }, req.principal!)));

  app.delete<{ Params: Static<typeof IdParam> }>('/tokens/:id', {
    config: { permission: 'tokens:manage' },
    schema: { tags: ['tokens'], summary: 'Revoke an API token: it stops working at once', params: IdParam, response: { 200: TokenView, ...errors(401, 403, 404) } },
  }, async (req) => services.tokens.revoke((await req.org()).id, req.params.id, req.principal!));
};
