// The Fastify app factory, apart from listen(), so tests drive it with inject().
import Fastify, { type FastifyInstance, type FastifyServerOptions } from 'fastify';
import multipart from '@fastify/multipart';
import swagger from '@fastify/swagger';
import type { Services } from '../app/index.js';
import { installAuth } from './auth.js';
import { handleError } from './errors.js';
import { ErrorResponse } from './schemas.js';
import { healthRoutes } from './routes/health.js';
import { catalogRoutes } from './routes/catalog.js';
import { controlRoutes } from './routes/controls.js';
import { scopeRoutes } from './routes/scope.js';
import { evidenceRoutes } from './routes/evidence.js';
import { statusRoutes } from './routes/status.js';
import { auditLogRoutes } from './routes/audit-log.js';
import { scanRoutes } from './routes/scans.js';
import { historyRoutes } from './routes/history.js';
import { jobRoutes } from './routes/jobs.js';
import { backupRoutes } from './routes/backup.js';
import { auditRoutes } from './routes/audits.js';
import { authRoutes } from './routes/auth.js';
import { memberRoutes } from './routes/members.js';
import { tokenRoutes } from './routes/tokens.js';
import { checkRoutes } from './routes/checks.js';
import { taskRoutes } from './routes/tasks.js';
import { alertRoutes } from './routes/alerts.js';
import { ssoSettingsRoutes } from './routes/sso-settings.js';
import { loadWebApp } from './web.js';
import { trackRequests } from './shutdown.js';

export interface AppOptions {
  services: Services;
  /** Secret shared with local `attest` commands through the workspace lock file. */
  localToken?: string;
  logger?: FastifyServerOptions['logger'];
  version?: string;
  /** Which proxies to believe about the client's address and protocol (ATTEST_TRUST_PROXY). */
  trustProxy?: FastifyServerOptions['trustProxy'];
  /** The address people reach the server at (ATTEST_PUBLIC_URL), for links and the Origin check. */
  publicUrl?: string;
}

export async function buildApp(opts: AppOptions): Promise<FastifyInstance> {
  const { services } = opts;
  const app = Fastify({
    logger: opts.logger ?? false,
    ajv: { customOptions: { allErrors: true, coerceTypes: 'array', removeAdditional: false, useDefaults: true } },
    bodyLimit: 1024 * 1024,
    genReqId: () => Math.random().toString(36).slice(2, 10),
    trustProxy: opts.trustProxy ?? false,
  });
  trackRequests(app);
  app.addSchema(ErrorResponse);
  await app.register(swagger, {
    openapi: {
      openapi: '3.1.0',
      info: { title: 'Attest API', version: opts.version ?? '0.1.0', description: 'SOC 2 compliance automation: criteria, controls, scope, evidence and readiness.' },
      tags: [
        { name: 'catalog', description: 'Shipped frameworks and criteria' },
        { name: 'controls', description: "The organization's controls" },
        { name: 'scope', description: 'The audit scope and system description' },
        { name: 'evidence', description: 'Evidence files, hashed and dated' },
        { name: 'status', description: 'Readiness and integrity' },
        { name: 'backup', description: 'The embedded database dump behind `attest backup`' },
        { name: 'audits', description: 'Audits: Type I date or Type II period, populations, reproducible samples, operating effectiveness, tests, exceptions, requests' },
        { name: 'jobs', description: 'Scheduled jobs, their runs and errors, and what they record (readiness trend, integrity checks)' },
        { name: 'auth', description: 'Sign-in, sessions, first-run setup, two-factor, invitations and password resets' },
        { name: 'members', description: 'People of the organization, their roles and invitations' },
        { name: 'tokens', description: 'API tokens for the CLI and CI' },
        { name: 'tasks', description: 'Recurring manual work: tasks per control and period, completed with evidence' },
        { name: 'alerts', description: 'Alerts on status changes: webhook endpoints, subscriptions, the delivery log' },
        { name: 'settings', description: "The organization's settings: single sign-on" },
      ],
      components: {
        securitySchemes: {
          session: { type: 'apiKey', in: 'cookie', name: 'attest_session', description: 'Set by POST /api/auth/login; writes also need the X-CSRF-Token header.' },
          bearer: { type: 'http', scheme: 'bearer', description: 'An API token (att_…) from POST /api/tokens or `attest tokens create`.' },
        },
      },
    },
    refResolver: { buildLocalReference: (json, _base, _fragment, i) => (typeof json.$id === 'string' ? json.$id : `def-${i}`) },
  });
  await app.register(multipart, {
    // One byte over the limit is enough for the evidence store to refuse the file with a clear error.
    limits: { fileSize: services.ctx.limits.maxUploadBytes + 1, files: 1, fields: 20, fieldSize: 64 * 1024 },
  });

  installAuth(app, { services, localToken: opts.localToken, publicUrl: opts.publicUrl });
  app.setErrorHandler(handleError);
  const web = loadWebApp();
  app.setNotFoundHandler((req, reply) => web.serve(req, reply) ? reply : reply.status(404).send({ error: { code: 'not_found', message: `no route ${req.method} ${req.url.split('?')[0]}`, fields: [], requestId: req.id } }));

  await app.register(healthRoutes, { engine: services.ctx.store.engine, version: opts.version ?? '0.1.0' });
  app.get('/openapi.json', { schema: { hide: true }, config: { permission: 'public' } }, async () => app.swagger());
  await app.register(async (api) => {
    await api.register(authRoutes, { services, publicUrl: opts.publicUrl });
    await api.register(memberRoutes, { services, publicUrl: opts.publicUrl });
    await api.register(tokenRoutes, { services });
    await api.register(catalogRoutes, { services });
    await api.register(controlRoutes, { services });
    await api.register(scopeRoutes, { services });
    await api.register(evidenceRoutes, { services });
    await api.register(statusRoutes, { services });
    await api.register(auditLogRoutes, { services });
    await api.register(scanRoutes, { services });
    await api.register(historyRoutes, { services });
    await api.register(jobRoutes, { services });
    await api.register(backupRoutes, { services });
    await api.register(auditRoutes, { services });
    await api.register(checkRoutes);
    await api.register(taskRoutes, { services });
    await api.register(alertRoutes, { services });
    await api.register(ssoSettingsRoutes, { services, publicUrl: opts.publicUrl });
  }, { prefix: '/api' });
  return app;
}
