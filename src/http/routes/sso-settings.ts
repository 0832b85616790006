// /api/settings/sso: the organization's single sign-on settings, edited in the app
// (docs/ACCOUNTS.md). Never the client secret: `clientSecretSet` says whether one is stored.
// While ATTEST_OIDC_ISSUER is set, the environment's configuration is shown and writes answer 409.
import type { FastifyPluginAsync, FastifyRequest } from 'fastify';
import { Type, type Static } from '@sinclair/typebox';
import type { Services } from '../../app/index.js';
import { PROVISION_ROLES } from '../../domain/sso.js';
import { baseUrlOf } from '../auth.js';
import { errors, Nullable, NullableString } from '../schemas.js';


const SettingsView = Type.Object({
  source: Type.String({ description: '`environment` (ATTEST_OIDC_*, read-only here), `database` (saved here) or `none`' }),
  editable: Type.Boolean(), enabled: Type.Boolean(), issuer: Nullable(Type.String()), clientId: Nullable(Type.String()), clientSecretSet: Type.Boolean(),
  provisionRole: Nullable(Type.String()), name: Nullable(Type.String()), organization: Nullable(Type.String()),
  updatedAt: Nullable(Type.String()), updatedBy: Nullable(Type.String()),
  callbackUrl: Type.String({ description: 'The redirect URI to register at the provider' }),
});

// Shapes only: the service reports every field problem at once, in its own words.
const SettingsBody = Type.Object({
  issuer: Type.String({ maxLength: 4000, description: 'https://, or http:// on a loopback address' }),
  clientId: Type.String({ maxLength: 1000 }),
  clientSecret: Type.Optional(NullableString({ maxLength: 4000, description: 'Required the first time; blank or absent keeps the stored one' })),
  provisionRole: Type.Optional(NullableString({ maxLength: 40, description: `${PROVISION_ROLES.join(', ')}, or null: only existing members sign in` })),
  name: Type.Optional(NullableString({ maxLength: 400, description: 'What the sign-in button says; default "Single sign-on"' })),
  enabled: Type.Optional(Type.Boolean({ description: 'Default true' })),
}, { additionalProperties: false });
const TestBody = Type.Object({
  issuer: Type.Optional(Type.String({ maxLength: 4000, description: 'The issuer to try; default the one in use' })),
}, { additionalProperties: false });
const TestResult = Type.Object({ ok: Type.Boolean(), issuer: Type.String(), authorizationEndpoint: Nullable(Type.String()), error: Nullable(Type.String()) });

/** Where every organization's provider sends people back (the flow routes are in routes/auth.ts). */
const callbackUrl = (req: FastifyRequest, publicUrl: string | undefined) => `${baseUrlOf(req, publicUrl)}/api/auth/oidc/callback`;

export const ssoSettingsRoutes: FastifyPluginAsync<{ services: Services; publicUrl?: string }> = async (app, { services, publicUrl }) => {
  const { ssoSettings } = services;

  app.get('/settings/sso', {
    config: { permission: 'members:read' },
    schema: {
      tags: ['settings'], summary: "The organization's single sign-on settings (or the environment's, when set), and the redirect URI to register; never the client secret",
      response: { 200: SettingsView, ...errors(401, 403) },
    },
  }, async (req, reply) => reply.header('cache-control', 'no-store').send({ ...(await ssoSettings.get((await req.org()).id)), callbackUrl: callbackUrl(req, publicUrl) }));

  app.put<{ Body: Static<typeof SettingsBody> }>('/settings/sso', {
    config: { permission: 'sso:manage' },
    schema: {
      tags: ['settings'], summary: "Save the organization's single sign-on settings; the client secret is sealed with the server key and never shown again",
      description: 'Answers 409 while ATTEST_OIDC_ISSUER is set: the environment takes precedence.',
      body: SettingsBody, response: { 200: SettingsView, ...errors(400, 401, 403, 409) },
    },
  }, async (req, reply) => reply.header('cache-control', 'no-store').send({ ...(await ssoSettings.save((await req.org()).id, req.body, req.principal!.actor)), callbackUrl: callbackUrl(req, publicUrl) }));

  app.post<{ Body: Static<typeof TestBody> }>('/settings/sso/test', {
    config: { permission: 'sso:manage' },
    schema: {
      tags: ['settings'], summary: "Fetch an issuer's discovery document (default: the one in use) and say whether the provider answered, or why not",
      description: 'The body may be left out: the issuer in use is tried.', body: TestBody, response: { 200: TestResult, ...errors(400, 401, 403) },
    },
    // No body at all means "the issuer in use".
    preValidation: async (req) => {
      req.body ??= {};
    },
  }, async (req) => ssoSettings.test((await req.org()).id, req.body.issuer));

  app.delete('/settings/sso', {
    config: { permission: 'sso:manage' },
    schema: {
      tags: ['settings'], summary: "Remove the organization's single sign-on settings: people sign in with their passwords again",
      description: 'Answers 409 while ATTEST_OIDC_ISSUER is set.', response: { 200: SettingsView, ...errors(401, 403, 409) },
    },
  }, async (req) => ({ ...(await ssoSettings.remove((await req.org()).id, req.principal!.actor)), callbackUrl: callbackUrl(req, publicUrl) }));
};
