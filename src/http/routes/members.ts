// /api/members and /api/invitations: the people of the caller's organization.
import type { FastifyPluginAsync } from 'fastify';
import { Type, type Static } from '@sinclair/typebox';
import type { Services } from '../../app/index.js';
import { ROLES } from '../../app/permissions.js';
import { baseUrlOf } from '../auth.js';
import { errors, IdParam, Loose, Nullable } from '../schemas.js';

const Role = Type.Union(ROLES.map((r) => Type.Literal(r)));

export const MemberView = Loose(Type.Object({
  id: Type.String(), email: Type.String(), name: Type.String(), role: Type.String(), twoFactor: Type.Boolean(), disabled: Type.Boolean(),
  locked: Type.Boolean(), lockedUntil: Nullable(Type.String()), lastLoginAt: Nullable(Type.String()), createdAt: Type.String(),
}));
const InvitationView = Loose(Type.Object({
  id: Type.String(), email: Type.String(), role: Type.String(), invitedBy: Type.String(), createdAt: Type.String(), expiresAt: Type.String(),
  state: Type.String(), acceptedAt: Nullable(Type.String()), audit: Type.Optional(Nullable(Type.String())),
}));

const MemberPatch = Type.Object({
  role: Type.Optional(Role),
  disabled: Type.Optional(Type.Boolean()),
  twoFactor: Type.Optional(Type.Literal(false)),
}, { additionalProperties: false, minProperties: 1 });
const InviteBody = Type.Object({
  email: Type.String({ minLength: 1, maxLength: 254 }), role: Role,
  audit: Type.Optional(Nullable(Type.String({ maxLength: 100, description: 'For the auditor role: the audit they will see (accepting assigns it)' }))),
}, { additionalProperties: false });
const ResetBody = Type.Object({ email: Type.String({ minLength: 1, maxLength: 254 }) }, { additionalProperties: false });

export const memberRoutes: FastifyPluginAsync<{ services: Services; publicUrl?: string }> = async (app, { services, publicUrl }) => {
  app.get('/members', {
    config: { permission: 'members:read' },
    schema: { tags: ['members'], summary: 'The members of the organization, by email', response: { 200: Type.Array(MemberView), ...errors(401, 403) } },
  }, async (req) => services.members.list((await req.org()).id));

  app.get<{ Params: Static<typeof IdParam> }>('/members/:id', {
    config: { permission: 'members:read' },
    schema: { tags: ['members'], summary: 'One member', params: IdParam, response: { 200: MemberView, ...errors(401, 403, 404) } },
  }, async (req) => services.members.get((await req.org()).id, req.params.id));

  app.patch<{ Params: Static<typeof IdParam>; Body: Static<typeof MemberPatch> }>('/members/:id', {
    config: { permission: 'members:manage' },
    schema: {
      tags: ['members'], summary: "Change a member's role, disable or re-enable the account, or turn their two-factor off",
      description: 'Only owners change owners or grant the owner role; nobody grants a role that can do more than they can; the organization keeps at least one active owner. Disabling or changing the role ends the member\'s sessions.',
      params: IdParam, body: MemberPatch, response: { 200: MemberView, ...errors(400, 401, 403, 404, 409) },
    },
  }, async (req) => services.members.update((await req.org()).id, req.params.id, req.body, req.principal!));

  app.post<{ Body: Static<typeof ResetBody> }>('/members/password-resets', {
    config: { permission: 'members:manage' },
    schema: {
      tags: ['members'], summary: 'A one-time password-reset link for a member, valid one hour (shown once; earlier links stop working)',
      body: ResetBody, response: { 201: Type.Object({ url: Type.String(), expiresAt: Type.String(), member: MemberView }), ...errors(400, 401, 403, 404) },
    },
  }, async (req, reply) => {
    const { token, expiresAt, member } = await services.members.createPasswordReset((await req.org()).id, req.body.email, req.principal!);
    return reply.status(201).header('cache-control', 'no-store').send({ url: `${baseUrlOf(req, publicUrl)}/reset-password#token=${token}`, expiresAt, member });
  });

  app.get('/invitations', {
    config: { permission: 'members:manage' },
    schema: { tags: ['members'], summary: 'Invitations, newest first, with their state', response: { 200: Type.Array(InvitationView), ...errors(401, 403) } },
  }, async (req) => services.members.invitations((await req.org()).id));

  app.post<{ Body: Static<typeof InviteBody> }>('/invitations', {
    config: { permission: 'members:manage' },
    schema: {
      tags: ['members'], summary: 'Invite someone by link, valid seven days: the link is in the answer, shown this once',
      body: InviteBody, response: { 201: Type.Object({ invitation: InvitationView, url: Type.String() }), ...errors(400, 401, 403, 409) },
    },
  }, async (req, reply) => {
    const { invitation, token } = await services.members.invite((await req.org()).id, req.body, req.principal!);
    return reply.status(201).header('cache-control', 'no-store').send({ invitation, url: `${baseUrlOf(req, publicUrl)}/invite#token=${token}` });
  });

  app.delete<{ Params: Static<typeof IdParam> }>('/invitations/:id', {
    config: { permission: 'members:manage' },
    schema: { tags: ['members'], summary: 'Revoke a pending invitation', params: IdParam, response: { 200: InvitationView, ...errors(401, 403, 404, 409) } },
  }, async (req) => services.members.revokeInvitation((await req.org()).id, req.params.id, req.principal!));
};
