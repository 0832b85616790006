// /api/auth: what a person does to get in (setup, sign-in, invitation, password reset) and to
// manage their own sign-in (two-factor, sign-out). Links put their token after `#`, so it never
// reaches a server log or a Referer header: /setup#token=…, /invite#token=…, /reset-password#token=…
import type { FastifyPluginAsync, FastifyReply, FastifyRequest } from 'fastify';
import { Type, type Static } from '@sinclair/typebox';
import type { Services, SignedIn } from '../../app/index.js';
import { PASSWORD_MAX } from '../../app/passwords.js';
import { SSO_FLOW_TTL_MS } from '../../app/sso.service.js';
import { AppError } from '../../domain/errors.js';
import { baseUrlOf, clearSessionCookies, cookie, parseCookies, SESSION_COOKIE, setSessionCookies } from '../auth.js';
import { errors, Loose } from '../schemas.js';

const Email = Type.String({ minLength: 1, maxLength: 254 });
const Password = Type.String({ minLength: 1, maxLength: PASSWORD_MAX * 4 });
const Token = Type.String({ minLength: 1, maxLength: 200 });
const Code = Type.String({ minLength: 1, maxLength: 20 });

const MemberView = Loose(Type.Object({
  id: Type.String(), email: Type.String(), name: Type.String(), role: Type.String(), twoFactor: Type.Boolean(), disabled: Type.Boolean(),
  locked: Type.Boolean(), lockedUntil: Type.Union([Type.String(), Type.Null()]), lastLoginAt: Type.Union([Type.String(), Type.Null()]), createdAt: Type.String(),
}));
const OrgView = Type.Object({ id: Type.String(), name: Type.String(), slug: Type.String() });
const SignedInView = Type.Object({ user: MemberView, organization: OrgView, csrfToken: Type.String(), expiresAt: Type.String() });

const SetupBody = Type.Object({ token: Token, email: Email, name: Type.String({ maxLength: 400 }), password: Password, organization: Type.Optional(Type.String({ maxLength: 200 })) }, { additionalProperties: false });
const LoginBody = Type.Object({ email: Email, password: Password, code: Type.Optional(Code), recoveryCode: Type.Optional(Code), organization: Type.Optional(Type.String({ minLength: 1, maxLength: 100 })) }, { additionalProperties: false });
const ConfirmBody = Type.Object({ code: Code }, { additionalProperties: false });
const DisableBody = Type.Object({ password: Password, code: Type.Optional(Code), recoveryCode: Type.Optional(Code) }, { additionalProperties: false });
const TokenBody = Type.Object({ token: Token }, { additionalProperties: false });
const AcceptBody = Type.Object({ token: Token, name: Type.String({ maxLength: 400 }), password: Password }, { additionalProperties: false });
const ResetRequestBody = Type.Object({ email: Email }, { additionalProperties: false });
const ResetBody = Type.Object({ token: Token, password: Password }, { additionalProperties: false });
const StartQuery = Type.Object({ returnTo: Type.Optional(Type.String({ maxLength: 2000 })), org: Type.Optional(Type.String({ minLength: 1, maxLength: 100 })) }, { additionalProperties: false });
const CallbackQuery = Type.Object({}, { additionalProperties: true });

/** The single sign-on flow's sealed state, kept by the browser between the two legs. */
const FLOW_COOKIE = 'attest_oidc';
const FLOW_PATH = '/api/auth/oidc';

const signedIn = (req: FastifyRequest, reply: FastifyReply, s: SignedIn, status = 200) => {
  setSessionCookies(req, reply, s);
  return reply.status(status).send({ user: s.user, organization: s.organization, csrfToken: s.csrfToken, expiresAt: s.expiresAt });
};

export const authRoutes: FastifyPluginAsync<{ services: Services; publicUrl?: string }> = async (app, { services, publicUrl }) => {
  app.get('/auth/setup', {
    config: { permission: 'public' },
    schema: { tags: ['auth'], summary: 'Whether first-run setup is still to do (no account exists yet)', response: { 200: Type.Object({ required: Type.Boolean() }) } },
  }, async () => ({ required: await services.auth.setupRequired() }));

  app.post<{ Body: Static<typeof SetupBody> }>('/auth/setup', {
    config: { permission: 'public' },
    schema: {
      tags: ['auth'], summary: 'Create the first account, an owner, with the one-time token `attest serve` printed; signs it in',
      body: SetupBody, response: { 201: SignedInView, ...errors(400, 403, 409) },
    },
  }, async (req, reply) => signedIn(req, reply, await services.auth.setup(req.body), 201));

  app.post<{ Body: Static<typeof LoginBody> }>('/auth/login', {
    config: { permission: 'public' },
    schema: {
      tags: ['auth'], summary: 'Sign in with email and password (and a two-factor code when it is on); sets the session cookie',
      description: 'Answers 401 `two_factor_required` when the password was right and a code is needed, and 429 `rate_limited` (with Retry-After) after repeated failures for the account or from the address.',
      body: LoginBody, response: { 200: SignedInView, ...errors(400, 401, 403, 429) },
    },
  }, async (req, reply) => signedIn(req, reply, await services.auth.login(req.body, { address: req.ip })));

  app.post('/auth/logout', {
    config: { permission: 'public' },
    schema: { tags: ['auth'], summary: 'Sign out: ends the session on the server and clears its cookies', response: { 204: Type.Null(), ...errors(403) } },
  }, async (req, reply) => {
    const secret = parseCookies(req.headers.cookie)[SESSION_COOKIE];
    if (secret) await services.auth.logout(secret);
    clearSessionCookies(req, reply);
    return reply.status(204).send();
  });

  app.get('/auth/me', {
    config: { permission: 'authenticated' },
    schema: {
      tags: ['auth'], summary: 'Who is calling: the person or token, the organization, the role and its permissions; the CSRF token of a session',
      response: { 200: Loose(Type.Object({ kind: Type.String(), role: Type.String(), permissions: Type.Array(Type.String()), user: Type.Union([MemberView, Type.Null()]), organization: Type.Union([OrgView, Type.Null()]), csrfToken: Type.Union([Type.String(), Type.Null()]) })), ...errors(401) },
    },
  }, async (req) => ({
    ...services.auth.me(req.principal!, req.callerOrg, req.user),
    csrfToken: req.sessionSecret ? services.auth.csrfToken(req.sessionSecret) : null,
  }));

  app.post('/auth/two-factor/enrol', {
    config: { permission: 'authenticated' },
    schema: {
      tags: ['auth'], summary: 'Start two-factor enrolment: a new TOTP secret as an otpauth:// URI and a QR code (SVG data URL); confirm it with a code',
      response: { 200: Type.Object({ secret: Type.String(), otpauthUri: Type.String(), qrCode: Type.String() }), ...errors(401, 403, 409) },
    },
  }, async (req, reply) => reply.header('cache-control', 'no-store').send(await services.auth.enrolTwoFactor(req.principal!)));

  app.post<{ Body: Static<typeof ConfirmBody> }>('/auth/two-factor/confirm', {
    config: { permission: 'authenticated' },
    schema: {
      tags: ['auth'], summary: 'Confirm enrolment with a current code; turns two-factor on and returns the recovery codes, shown this once',
      body: ConfirmBody, response: { 200: Type.Object({ recoveryCodes: Type.Array(Type.String()) }), ...errors(400, 401, 403, 409) },
    },
  }, async (req, reply) => reply.header('cache-control', 'no-store').send(await services.auth.confirmTwoFactor(req.principal!, req.body.code)));

  app.post<{ Body: Static<typeof DisableBody> }>('/auth/two-factor/disable', {
    config: { permission: 'authenticated' },
    schema: { tags: ['auth'], summary: 'Turn two-factor off, with the password and a current code or a recovery code', body: DisableBody, response: { 204: Type.Null(), ...errors(400, 401, 403, 409) } },
  }, async (req, reply) => {
    await services.auth.disableTwoFactor(req.principal!, req.body);
    return reply.status(204).send();
  });

  app.post<{ Body: Static<typeof TokenBody> }>('/auth/invitations/lookup', {
    config: { permission: 'public' },
    schema: {
      tags: ['auth'], summary: 'What an invitation link is for (email, role, organization), before accepting it',
      body: TokenBody, response: { 200: Type.Object({ email: Type.String(), role: Type.String(), organization: Type.Object({ name: Type.String() }), expiresAt: Type.String() }), ...errors(400, 403) },
    },
  }, async (req) => services.auth.lookupInvitation(req.body.token));

  app.post<{ Body: Static<typeof AcceptBody> }>('/auth/invitations/accept', {
    config: { permission: 'public' },
    schema: { tags: ['auth'], summary: 'Accept an invitation: creates the account with the invited email and role, and signs it in', body: AcceptBody, response: { 201: SignedInView, ...errors(400, 403, 409) } },
  }, async (req, reply) => signedIn(req, reply, await services.auth.acceptInvitation(req.body), 201));

  app.post<{ Body: Static<typeof ResetRequestBody> }>('/auth/password-reset/request', {
    config: { permission: 'public' },
    schema: {
      tags: ['auth'], summary: 'Forgot the password: emails a reset link when email is configured (the answer is the same for any email)',
      description: '`delivery` is `email` when a link was (or would have been) emailed, `admin` when no email is configured: an admin gives a link with `attest users reset-password EMAIL` or from the members page.',
      body: ResetRequestBody, response: { 202: Type.Object({ delivery: Type.Union([Type.Literal('email'), Type.Literal('admin')]) }), ...errors(400, 403, 429) },
    },
  }, async (req, reply) => {
    const base = baseUrlOf(req, publicUrl);
    const { sent, delivery } = await services.auth.requestPasswordReset(req.body.email, { address: req.ip }, (token) => `${base}/reset-password#token=${token}`);
    // Sent after the answer, so its timing says nothing about the account; a failure is only logged.
    delivery.catch((e: unknown) => req.log.error({ error: (e as Error).name, code: (e as { code?: unknown }).code }, 'password-reset email not sent'));
    return reply.status(202).send({ delivery: sent ? 'email' : 'admin' });
  });

  app.get('/auth/oidc', {
    config: { permission: 'public' },
    schema: { tags: ['auth'], summary: 'Whether single sign-on (OpenID Connect) is configured, and what to call it on the button', response: { 200: Type.Object({ enabled: Type.Boolean(), name: Type.Union([Type.String(), Type.Null()]) }) } },
  }, async () => services.sso.info());

  app.get('/auth/sso', {
    config: { permission: 'public' },
    schema: {
      tags: ['auth'], summary: 'The organizations people may sign in to with single sign-on, and what each button says (start with /api/auth/oidc/start?org=SLUG)',
      response: { 200: Type.Object({ providers: Type.Array(Type.Object({ organization: Type.String(), organizationName: Type.String(), name: Type.String() })) }) },
    },
  }, async () => ({ providers: await services.sso.providers() }));

  app.get('/auth/sso/config', {
    config: { permission: 'members:manage' },
    schema: {
      tags: ['auth'], summary: 'How single sign-on is configured (ATTEST_OIDC_*), for the settings page: issuer, client id, organization, provisioning role, and the callback URL to register at the provider; never the client secret',
      response: {
        200: Type.Object({
          enabled: Type.Boolean(), issuer: Type.Union([Type.String(), Type.Null()]), clientId: Type.Union([Type.String(), Type.Null()]), clientSecretSet: Type.Boolean(),
          organization: Type.Union([Type.String(), Type.Null()]), provisionRole: Type.Union([Type.String(), Type.Null()]), name: Type.Union([Type.String(), Type.Null()]), callbackUrl: Type.String(),
        }),
        ...errors(401, 403),
      },
    },
  }, async (req, reply) => reply.header('cache-control', 'no-store').send({ ...services.sso.settings(), callbackUrl: `${baseUrlOf(req, publicUrl)}${FLOW_PATH}/callback` }));

  app.get<{ Querystring: Static<typeof StartQuery> }>('/auth/oidc/start', {
    config: { permission: 'public' },
    schema: {
      tags: ['auth'], summary: 'Start single sign-on: redirects to the identity provider (authorization code flow with PKCE, state and nonce)',
      description: '`returnTo`: a path on this server to land on once signed in (default `/`). `org`: the slug of the organization to sign in to, needed when several have single sign-on (`GET /api/auth/sso`).',
      querystring: StartQuery, response: { 302: Type.Null(), ...errors(400, 401, 404) },
    },
  }, async (req, reply) => {
    const { url, sealed } = await services.sso.start(`${baseUrlOf(req, publicUrl)}${FLOW_PATH}/callback`, req.query.returnTo, req.query.org);
    void reply.header('set-cookie', cookie(FLOW_COOKIE, sealed, req, { httpOnly: true, maxAgeSeconds: SSO_FLOW_TTL_MS / 1000, path: FLOW_PATH }));
    return reply.header('cache-control', 'no-store').redirect(url, 302);
  });

  app.get('/auth/oidc/callback', {
    config: { permission: 'public' },
    schema: {
      tags: ['auth'], summary: 'Where the identity provider sends the browser back: signs in and redirects to `returnTo`, or to /login?sso_error=CODE',
      querystring: CallbackQuery, response: { 302: Type.Null() },
    },
  }, async (req, reply) => {
    void reply.header('set-cookie', cookie(FLOW_COOKIE, '', req, { httpOnly: true, maxAgeSeconds: 0, path: FLOW_PATH }));
    void reply.header('cache-control', 'no-store');
    const base = baseUrlOf(req, publicUrl);
    try {
      const signedIn = await services.sso.finish(new URL(req.url, base), parseCookies(req.headers.cookie)[FLOW_COOKIE], `${base}${FLOW_PATH}/callback`);
      setSessionCookies(req, reply, signedIn);
      return reply.redirect(signedIn.returnTo, 302);
    } catch (e) {
      // A browser landed here: send it to the sign-in page with a code it can explain.
      if (!(e instanceof AppError)) throw e;
      req.log.info({ code: e.fields[0]?.code ?? e.code }, 'single sign-on refused');
      return reply.redirect(`/login?sso_error=${encodeURIComponent(e.fields[0]?.code ?? e.code)}`, 302);
    }
  });

  app.post<{ Body: Static<typeof ResetBody> }>('/auth/password-reset', {
    config: { permission: 'public' },
    schema: { tags: ['auth'], summary: 'Set a new password with a reset link; ends every session of the account', body: ResetBody, response: { 204: Type.Null(), ...errors(400, 403) } },
  }, async (req, reply) => {
    await services.auth.resetPassword(req.body);
    return reply.status(204).send();
  });
};
