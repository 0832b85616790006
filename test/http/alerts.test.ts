// /api/alerts through inject(): webhook endpoints (every field problem at once, the secret shown
// once, a test send that reaches a loopback receiver, refused addresses), subscriptions, the
// delivery log; and the password-reset email through a real SMTP server.
import { createHmac } from 'node:crypto';
import { createServer, type IncomingHttpHeaders, type Server } from 'node:http';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { DeliveryView, SubscriptionView, WebhookView } from '../../src/app/index.js';
import { smtpMailer, type SmtpMailer } from '../../src/app/mailer.js';
import { startSmtpServer, type SmtpTestServer } from '../support/smtp.js';
import { fieldCodes, openApp, type Harness } from './harness.js';

let h: Harness;
let smtp: SmtpTestServer;
let mailer: SmtpMailer;
let receiver: Server;
let hookUrl: string;
const hits: { headers: IncomingHttpHeaders; body: string }[] = [];

beforeAll(async () => {
  smtp = await startSmtpServer();
  mailer = smtpMailer({ url: smtp.url, from: 'attest@example.com' });
  receiver = createServer((req, res) => {
    const chunks: Buffer[] = [];
    req.on('data', (c: Buffer) => chunks.push(c));
    req.on('end', () => { hits.push({ headers: req.headers, body: Buffer.concat(chunks).toString('utf8') }); res.writeHead(200).end('ok'); });
  });
  await new Promise<void>((r) => receiver.listen(0, '127.0.0.1', r));
  hookUrl = `http://127.0.0.1:${(receiver.address() as { port: number }).port}/slack`;
  h = await openApp({ mailer });
  h.services.ctx.alerts = { allowPrivateWebhooks: true, publicUrl: null };
});
afterAll(async () => {
  await h?.close();
  mailer?.close();
  await smtp?.close();
  await new Promise<void>((r) => (receiver ? receiver.close(() => r()) : r()));
});

describe('webhook endpoints', () => {
  it('reports every field problem at once', async () => {
    const res = await h.inject({ method: 'POST', url: '/api/alerts/webhooks', payload: { name: ' ', url: 'ftp://example.com/x', kinds: ['control_failing', 'everything'] } });
    expect(res.statusCode).toBe(400);
    expect(fieldCodes(res)).toEqual(['kinds.1 unknown_id', 'name required', 'url invalid_url']);
  });

  it('adds an endpoint, shows its secret once, sends a signed test message, and logs it', async () => {
    const res = await h.inject({ method: 'POST', url: '/api/alerts/webhooks', payload: { name: '#compliance', url: hookUrl } });
    expect(res.statusCode, res.body).toBe(201);
    expect(res.headers['cache-control']).toBe('no-store');
    const { webhook, secret } = res.json<{ webhook: WebhookView; secret: string }>();
    expect(webhook).toMatchObject({ name: '#compliance', url: hookUrl, enabled: true, kinds: ['control_failing', 'control_recovered', 'evidence_expired', 'task_overdue'] });
    const list = await h.inject({ method: 'GET', url: '/api/alerts/webhooks' });
    expect(list.json<WebhookView[]>().map((w) => w.id)).toEqual([webhook.id]);
    expect(list.body).not.toContain(secret);

    const test = await h.inject({ method: 'POST', url: `/api/alerts/webhooks/${webhook.id}/test` });
    expect(test.statusCode, test.body).toBe(200);
    expect(test.json<DeliveryView>()).toMatchObject({ channel: 'webhook', webhookId: webhook.id, state: 'delivered', attempts: 1, statusCode: 200, error: null });
    expect(hits).toHaveLength(1);
    const ts = hits[0]!.headers['x-attest-timestamp'] as string;
    expect(hits[0]!.headers['x-attest-signature']).toBe(`sha256=${createHmac('sha256', secret).update(`${ts}.${hits[0]!.body}`).digest('hex')}`);
    expect(hits[0]!.headers['x-attest-event']).toBe('test');
    expect(JSON.parse(hits[0]!.body)).toMatchObject({ text: expect.stringContaining('Test message from Attest'), attest: { organization: { name: 'Acme Cloud' } } });

    const log = await h.inject({ method: 'GET', url: '/api/alerts/deliveries' });
    expect(log.json<DeliveryView[]>().map((d) => [d.webhookId, d.state])).toEqual([[webhook.id, 'delivered']]);

    const off = await h.inject({ method: 'PATCH', url: `/api/alerts/webhooks/${webhook.id}`, payload: { enabled: false, kinds: ['control_failing'] } });
    expect(off.json<WebhookView>()).toMatchObject({ enabled: false, kinds: ['control_failing'] });
    expect((await h.inject({ method: 'DELETE', url: `/api/alerts/webhooks/${webhook.id}` })).statusCode).toBe(200);
    expect((await h.inject({ method: 'GET', url: '/api/alerts/webhooks' })).json()).toEqual([]);
    expect((await h.inject({ method: 'DELETE', url: `/api/alerts/webhooks/${webhook.id}` })).statusCode).toBe(404);
    expect((await h.inject({ method: 'DELETE', url: '/api/alerts/webhooks/not-a-uuid' })).statusCode).toBe(404);
    // The log outlives the endpoint.
    expect((await h.inject({ method: 'GET', url: '/api/alerts/deliveries' })).json<DeliveryView[]>()).toHaveLength(1);
  });

  it('refuses private addresses unless the administrator allows them', async () => {
    h.services.ctx.alerts = { allowPrivateWebhooks: false, publicUrl: null };
    try {
      for (const url of ['http://127.0.0.1:8080/', 'http://10.1.2.3/', 'http://169.254.169.254/latest/meta-data/', 'http://[::1]/', 'http://[::ffff:127.0.0.1]/']) {
        const res = await h.inject({ method: 'POST', url: '/api/alerts/webhooks', payload: { name: 'internal', url } });
        expect(res.statusCode, url).toBe(400);
        expect(fieldCodes(res), url).toEqual(['url private_address']);
      }
    } finally {
      h.services.ctx.alerts = { allowPrivateWebhooks: true, publicUrl: null };
    }
  });
});

describe('my subscription', () => {
  it('starts off, can be set by anyone signed in (a viewer too), and reports every problem', async () => {
    const viewer = await h.as('viewer');
    const first = await viewer.inject({ method: 'GET', url: '/api/alerts/subscription' });
    expect(first.json<SubscriptionView>()).toEqual({ kinds: ['control_failing', 'evidence_expired', 'task_overdue'], mode: 'off', email: viewer.user!.email, emailAvailable: true });
    const bad = await viewer.inject({ method: 'PUT', url: '/api/alerts/subscription', payload: { kinds: ['nope'], mode: 'hourly' } });
    expect(fieldCodes(bad)).toEqual(['kinds.0 unknown_id', 'mode invalid']);
    const set = await viewer.inject({ method: 'PUT', url: '/api/alerts/subscription', payload: { kinds: ['control_failing'], mode: 'digest' } });
    expect(set.statusCode, set.body).toBe(200);
    expect((await viewer.inject({ method: 'GET', url: '/api/alerts/subscription' })).json<SubscriptionView>()).toMatchObject({ kinds: ['control_failing'], mode: 'digest' });
  });

  it('belongs to people: an API token has none', async () => {
    const token = await h.tokenFor('admin');
    const res = await token.inject({ method: 'GET', url: '/api/alerts/subscription' });
    expect(res.statusCode).toBe(403);
  });
});

describe('password reset by email (SMTP configured)', () => {
  it('emails the link through SMTP, answers the same for an unknown address, and the link sets a new password', async () => {
    await h.as('member', { email: 'forgetful@acme.example', password: 'the first long password' });
    const before = smtp.received.length;
    const unknown = await h.app.inject({ method: 'POST', url: '/api/auth/password-reset/request', payload: { email: 'nobody@acme.example' }, remoteAddress: '10.9.9.9' });
    const known = await h.app.inject({ method: 'POST', url: '/api/auth/password-reset/request', payload: { email: 'forgetful@acme.example' } });
    expect([known.statusCode, known.json()]).toEqual([202, { delivery: 'email' }]);
    expect([unknown.statusCode, unknown.json()]).toEqual([202, { delivery: 'email' }]);
    // The email goes out after the answer, so the answer's timing does not tell either.
    await smtp.waitFor(before + 1);
    // The unknown address, through the service, waiting for what it does after answering: no email.
    await (await h.services.auth.requestPasswordReset('nobody@acme.example', { address: '10.9.9.8' }, (t) => `http://127.0.0.1/reset-password#token=${t}`)).delivery;
    const mails = smtp.received.slice(before);
    expect(mails.map((m) => m.to)).toEqual([['forgetful@acme.example']]);
    expect(mails[0]!.subject).toBe('Reset your Attest password');
    const link = /(http:\/\/\S+\/reset-password#token=[\w-]+)/.exec(mails[0]!.text)?.[1];
    expect(link).toBeDefined();
    const token = new URL(link!).hash.replace(/^#token=/, '');
    expect((await h.app.inject({ method: 'POST', url: '/api/auth/password-reset', payload: { token, password: 'a brand new long password' } })).statusCode).toBe(204);
    expect((await h.app.inject({ method: 'POST', url: '/api/auth/login', payload: { email: 'forgetful@acme.example', password: 'a brand new long password' }, remoteAddress: '10.9.9.10' })).statusCode).toBe(200);
  });
});
