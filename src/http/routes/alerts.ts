// /api/alerts: webhook endpoints and the delivery log (admins), each person's subscription,
// and the recent alerts (docs/ALERTS.md).
import type { FastifyPluginAsync } from 'fastify';
import { Type, type Static } from '@sinclair/typebox';
import type { Services } from '../../app/index.js';
import { ALERT_KINDS, DELIVERY_MODES } from '../../domain/alerts.js';
import { errors, IdParam, Loose, Nullable } from '../schemas.js';

const Kind = Type.String({ description: `One of ${ALERT_KINDS.join(', ')}` });

const WebhookView = Loose(Type.Object({
  id: Type.String(), name: Type.String(), url: Type.String(), kinds: Type.Array(Type.String()), enabled: Type.Boolean(),
  createdBy: Type.String(), createdAt: Type.String(), updatedAt: Type.String(),
}));
const DeliveryView = Loose(Type.Object({
  id: Type.String(), channel: Type.String(), eventId: Nullable(Type.String()), webhookId: Nullable(Type.String()), target: Type.String(),
  state: Type.String(), attempts: Type.Integer(), statusCode: Nullable(Type.Integer()), error: Nullable(Type.String()),
  createdAt: Type.String(), lastAttemptAt: Nullable(Type.String()), deliveredAt: Nullable(Type.String()),
}));
const EventView = Loose(Type.Object({
  id: Type.String(), kind: Type.String(), subjectType: Type.String(), subjectId: Type.String(), subjectTitle: Type.String(),
  before: Nullable(Type.String()), after: Nullable(Type.String()), detail: Type.String(), at: Type.String(),
}));
const SubscriptionView = Loose(Type.Object({
  kinds: Type.Array(Type.String()), mode: Type.String(), email: Type.String(), emailAvailable: Type.Boolean(),
}));

// Shapes only; the service reports every field problem (unknown kinds, an unacceptable URL) at once.
const WebhookBody = Type.Object({
  name: Type.String({ maxLength: 200 }),
  url: Type.String({ maxLength: 4000, description: 'http(s) URL; must resolve to public addresses unless ATTEST_WEBHOOK_ALLOW_PRIVATE=true' }),
  kinds: Type.Optional(Type.Array(Kind, { maxItems: 20, description: 'Default: every kind' })),
  enabled: Type.Optional(Type.Boolean()),
}, { additionalProperties: false });
const WebhookPatch = Type.Partial(WebhookBody, { additionalProperties: false });
const SubscriptionBody = Type.Object({
  kinds: Type.Array(Kind, { maxItems: 20 }),
  mode: Type.String({ description: `${DELIVERY_MODES.join(', ')}: an email per alert, one email a day, or none` }),
}, { additionalProperties: false });
const Limit = Type.Object({ limit: Type.Optional(Type.Integer({ minimum: 1, maximum: 500, default: 50 })) });

export const alertRoutes: FastifyPluginAsync<{ services: Services }> = async (app, { services }) => {
  const { alerts } = services;

  app.get('/alerts/webhooks', {
    config: { permission: 'alerts:manage' },
    schema: { tags: ['alerts'], summary: 'Webhook endpoints (never their signing secrets)', response: { 200: Type.Array(WebhookView), ...errors(401, 403) } },
  }, async (req) => alerts.listWebhooks((await req.org()).id));

  app.post<{ Body: Static<typeof WebhookBody> }>('/alerts/webhooks', {
    config: { permission: 'alerts:manage' },
    schema: {
      tags: ['alerts'], summary: 'Add a webhook endpoint; the answer holds its signing secret, shown this once',
      body: WebhookBody, response: { 201: Type.Object({ webhook: WebhookView, secret: Type.String() }), ...errors(400, 401, 403) },
    },
  }, async (req, reply) => reply.status(201).header('cache-control', 'no-store').send(await alerts.createWebhook((await req.org()).id, req.body, req.principal!.actor)));

  app.patch<{ Params: Static<typeof IdParam>; Body: Static<typeof WebhookPatch> }>('/alerts/webhooks/:id', {
    config: { permission: 'alerts:manage' },
    schema: { tags: ['alerts'], summary: 'Change a webhook endpoint (name, URL, kinds, enabled)', params: IdParam, body: WebhookPatch, response: { 200: WebhookView, ...errors(400, 401, 403, 404) } },
  }, async (req) => alerts.updateWebhook((await req.org()).id, req.params.id, req.body, req.principal!.actor));

  app.delete<{ Params: Static<typeof IdParam> }>('/alerts/webhooks/:id', {
    config: { permission: 'alerts:manage' },
    schema: { tags: ['alerts'], summary: 'Delete a webhook endpoint (its deliveries stay in the log)', params: IdParam, response: { 200: WebhookView, ...errors(401, 403, 404) } },
  }, async (req) => alerts.deleteWebhook((await req.org()).id, req.params.id, req.principal!.actor));

  app.post<{ Params: Static<typeof IdParam> }>('/alerts/webhooks/:id/test', {
    config: { permission: 'alerts:manage' },
    schema: { tags: ['alerts'], summary: 'Send a test message to an endpoint now; the answer says how it went', params: IdParam, response: { 200: DeliveryView, ...errors(400, 401, 403, 404) } },
  }, async (req) => alerts.testWebhook((await req.org()).id, req.params.id));

  app.get<{ Querystring: Static<typeof Limit> }>('/alerts/deliveries', {
    config: { permission: 'alerts:manage' },
    schema: { tags: ['alerts'], summary: 'The delivery log, newest first: every message, its attempts, status code and error', querystring: Limit, response: { 200: Type.Array(DeliveryView), ...errors(401, 403) } },
  }, async (req) => alerts.deliveries((await req.org()).id, req.query.limit));

  app.get<{ Querystring: Static<typeof Limit> }>('/alerts/events', {
    config: { permission: 'alerts:subscribe' },
    schema: { tags: ['alerts'], summary: 'Recent alerts, newest first', querystring: Limit, response: { 200: Type.Array(EventView), ...errors(401, 403) } },
  }, async (req) => alerts.events((await req.org()).id, req.query.limit));

  app.get('/alerts/subscription', {
    config: { permission: 'alerts:subscribe' },
    schema: { tags: ['alerts'], summary: 'My subscription: which alerts I hear about, and how', response: { 200: SubscriptionView, ...errors(401, 403) } },
  }, async (req) => alerts.subscription((await req.org()).id, req.principal!.userId));

  app.put<{ Body: Static<typeof SubscriptionBody> }>('/alerts/subscription', {
    config: { permission: 'alerts:subscribe' },
    schema: { tags: ['alerts'], summary: 'Choose which alerts I hear about: immediately, in a daily digest, or not at all', body: SubscriptionBody, response: { 200: SubscriptionView, ...errors(400, 401, 403) } },
  }, async (req) => alerts.setSubscription((await req.org()).id, req.principal!.userId, req.body));
};
