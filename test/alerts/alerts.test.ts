// Alerts end to end on both engines: status evaluation raises events for changes only, their
// deliveries go through the queue to a real local webhook receiver and a real SMTP server,
// failures are logged and retried with backoff, the address rule holds at delivery time, and the
// daily digest sends one email per subscriber with the day's alerts, and nothing when nothing
// happened.
import { createHmac } from 'node:crypto';
import { mkdtempSync } from 'node:fs';
import { createServer, type IncomingHttpHeaders, type Server, type ServerResponse } from 'node:http';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { smtpMailer, type SmtpMailer } from '../../src/app/mailer.js';
import { loadCollectors } from '../../src/cli/collectors.js';
import type { WebhookPayload } from '../../src/domain/alerts.js';
import { silentLogger } from '../../src/jobs/log.js';
import { Queue } from '../../src/jobs/queue.js';
import { jobRegistry } from '../../src/jobs/registry.js';
import { Worker } from '../../src/jobs/worker.js';
import type { Db } from '../../src/store/db.js';
import type { StoredResult, User } from '../../src/store/index.js';
import { engines } from '../support/engines.js';
import { runQueuedSettles } from '../support/jobs.js';
import { servicesOn, type TestServices } from '../support/services.js';
import { startSmtpServer, type SmtpTestServer } from '../support/smtp.js';

const result = (i: number, status: StoredResult['status']): StoredResult => ({
  checkId: 'aws-s3-bucket-encryption', resourceType: 'aws.s3.bucket', resourceId: `aws_s3_bucket.b${i}`, status,
  reason: status === 'fail' ? 'no_encryption' : null, message: status === 'fail' ? 'the bucket declares no default encryption' : null,
  severity: 'high', path: 'infra/main.tf', startLine: i, endLine: i + 3,
});

interface Hit { headers: IncomingHttpHeaders; body: string }

describe.each(engines)('alerts on $name', (engine) => {
  let db: Db;
  let s: TestServices;
  let orgId: string;
  let queue: Queue;
  let worker: Worker;
  let smtp: SmtpTestServer;
  let mailer: SmtpMailer;
  let receiver: Server;
  let hookUrl: string;
  let secret: string;
  const hits: Hit[] = [];
  let answers: number[] = [];
  const people: Record<string, User> = {};

  const at = (iso: string) => { s.now.value = new Date(iso); };
  const evaluate = async (slot: string) => {
    at(slot);
    await runQueuedSettles(s, worker, orgId);
    const { job } = await queue.enqueue(orgId, 'evaluate-status', { scheduledFor: slot });
    expect((await worker.runOnce())?.jobId).toBe(job.id);
    const done = await s.jobs.get(orgId, job.id);
    expect(done.state, JSON.stringify(done)).toBe('completed');
    return done.result as { alerts: number };
  };
  /** Runs every due job; returns how many ran. */
  const drain = async () => {
    let n = 0;
    while (await worker.runOnce()) n++;
    return n;
  };
  const scan = (fail: number, when: string) => s.scans.record(orgId, { startedAt: when, finishedAt: when, targets: ['infra'], results: Array.from({ length: 41 }, (_, i) => result(i, i < fail ? 'fail' : 'pass')) }, 'test');
  const deliveryJob = async (key: string) => (await db.query<{ state: string; attempts: number }>(`SELECT state, attempts FROM jobs WHERE org_id = $1 AND name = 'deliver-alert' AND idempotency_key = $2`, [orgId, key]))[0];

  beforeAll(async () => {
    smtp = await startSmtpServer();
    receiver = createServer((req, res: ServerResponse) => {
      const chunks: Buffer[] = [];
      req.on('data', (c: Buffer) => chunks.push(c));
      req.on('end', () => {
        hits.push({ headers: req.headers, body: Buffer.concat(chunks).toString('utf8') });
        res.writeHead(answers.shift() ?? 204).end();
      });
    });
    await new Promise<void>((r) => receiver.listen(0, '127.0.0.1', r));
    hookUrl = `http://127.0.0.1:${(receiver.address() as { port: number }).port}/hook`;
    db = await engine.open();
    mailer = smtpMailer({ url: smtp.url, from: 'Attest <attest@example.com>' });
    s = servicesOn(db, { mailer });
    s.ctx.alerts = { allowPrivateWebhooks: true, publicUrl: 'https://attest.example.com' };
    orgId = (await s.workspace.init({ name: 'Alerting Co' }, 'test')).org.id;
    for (const name of ['alice', 'bob', 'carol']) {
      people[name] = await s.ctx.store.repos.users.insert({ orgId, id: crypto.randomUUID(), email: `${name}@alerting.example.com`, name, role: 'member' });
    }
    const registry = jobRegistry();
    queue = new Queue(s.ctx, registry);
    worker = new Worker(s.ctx, registry, { collectors: loadCollectors, scanRoot: mkdtempSync(join(tmpdir(), 'attest-alerts-')), version: 'test' }, { id: 'w', leaseMs: 60_000, pollMs: 20, graceMs: 100, scheduleEveryMs: 0, log: silentLogger });
  });
  afterAll(async () => {
    mailer?.close();
    await smtp?.close();
    await new Promise<void>((r) => (receiver ? receiver.close(() => r()) : r()));
    await db?.close();
  });

  it('a first evaluation records the baseline and raises nothing', async () => {
    expect(await evaluate('2026-11-24T12:05:00Z')).toMatchObject({ alerts: 0 });
    expect(await s.alerts.events(orgId)).toEqual([]);
  });

  it('a control that starts failing raises one alert, delivered to the webhook (signed) and by email to immediate subscribers only', async () => {
    await s.alerts.setSubscription(orgId, people.alice!.id, { kinds: ['control_failing', 'control_recovered'], mode: 'immediate' });
    await s.alerts.setSubscription(orgId, people.bob!.id, { kinds: ['control_failing', 'control_recovered', 'evidence_expired', 'task_overdue'], mode: 'digest' });
    await s.alerts.setSubscription(orgId, people.carol!.id, { kinds: ['control_failing'], mode: 'off' });
    const created = await s.alerts.createWebhook(orgId, { name: '#compliance', url: hookUrl, kinds: ['control_failing', 'control_recovered'] }, 'test');
    secret = created.secret;
    expect(secret).toMatch(/^whsec_/);
    expect(JSON.stringify(await s.alerts.listWebhooks(orgId))).not.toContain(secret);

    await scan(3, '2026-11-24T12:30:00Z');
    expect(await evaluate('2026-11-24T13:05:00Z')).toMatchObject({ alerts: 1 });
    const [event] = await s.alerts.events(orgId);
    expect(event).toMatchObject({ kind: 'control_failing', subjectType: 'control', subjectId: 'CRY-01', after: 'failing', at: '2026-11-24T13:05:00.000Z' });
    expect((await s.alerts.deliveries(orgId)).map((d) => [d.channel, d.target, d.state]).sort()).toEqual([['email', 'alice@alerting.example.com', 'pending'], ['webhook', hookUrl.slice(7, -5), 'pending']]);

    expect(await drain()).toBe(2);
    expect(hits).toHaveLength(1);
    const hit = hits[0]!;
    const ts = hit.headers['x-attest-timestamp'] as string;
    expect(hit.headers['x-attest-signature']).toBe(`sha256=${createHmac('sha256', secret).update(`${ts}.${hit.body}`).digest('hex')}`);
    expect(hit.headers['x-attest-event']).toBe('control_failing');
    const payload = JSON.parse(hit.body) as WebhookPayload;
    expect(payload.text).toContain('[Alerting Co] CRY-01');
    expect(payload.text).toContain('is failing');
    expect(payload.blocks.length).toBeGreaterThan(0);
    expect(payload.attest).toMatchObject({ version: 1, event: { id: event!.id, kind: 'control_failing', subject: { type: 'control', id: 'CRY-01' }, after: 'failing' }, organization: { id: orgId, name: 'Alerting Co' }, url: 'https://attest.example.com/controls/CRY-01' });

    expect(smtp.received).toHaveLength(1);
    const mail = smtp.received[0]!;
    expect(mail.to).toEqual(['alice@alerting.example.com']);
    expect(mail.user).toBe('attest');
    expect(mail.headers.from).toBe('Attest <attest@example.com>');
    expect(mail.subject).toMatch(/^\[Attest\] CRY-01 .* is failing$/);
    expect(mail.text).toContain('failing: aws-s3-bucket-encryption fails on 3 of 41 aws.s3.bucket resources');
    expect(mail.text).toContain('https://attest.example.com/controls/CRY-01');
    expect((await s.alerts.deliveries(orgId)).map((d) => [d.channel, d.state, d.attempts, d.statusCode])).toEqual(expect.arrayContaining([['webhook', 'delivered', 1, 204], ['email', 'delivered', 1, null]]));

    // Nothing changed since: nothing raised.
    expect(await evaluate('2026-11-24T14:05:00Z')).toMatchObject({ alerts: 0 });
  });

  it('a failed webhook or email is logged and retried with backoff until it gets through', async () => {
    answers = [500];
    smtp.failNext(1);
    await scan(0, '2026-11-24T14:30:00Z');
    expect(await evaluate('2026-11-24T15:05:00Z')).toMatchObject({ alerts: 1 });
    const [event] = await s.alerts.events(orgId, 1);
    expect(event).toMatchObject({ kind: 'control_recovered', subjectId: 'CRY-01', before: 'failing', after: 'evidenced' });
    expect(await drain()).toBe(2);
    const webhookKey = `webhook:${event!.id}:${(await s.alerts.listWebhooks(orgId))[0]!.id}`;
    const emailKey = `email:${event!.id}:${people.alice!.id}`;
    const log = async () => Object.fromEntries((await s.alerts.deliveries(orgId, 10)).filter((d) => d.eventId === event!.id).map((d) => [d.channel, [d.state, d.attempts, d.statusCode, d.error === null ? null : 'error']]));
    expect(await log()).toEqual({ webhook: ['pending', 1, 500, 'error'], email: ['pending', 1, null, 'error'] });
    expect(await deliveryJob(webhookKey)).toEqual({ state: 'queued', attempts: 1 });
    expect(await drain()).toBe(0); // not before the backoff
    at('2026-11-24T15:06:00Z');
    expect(await drain()).toBe(2);
    expect(await log()).toEqual({ webhook: ['delivered', 2, 204, null], email: ['delivered', 2, null, null] });
    expect(await deliveryJob(emailKey)).toEqual({ state: 'completed', attempts: 2 });
    expect(smtp.received.filter((m) => m.subject.includes('passes again')).map((m) => m.to)).toEqual([['alice@alerting.example.com']]);
  });

  it('refuses at delivery time a webhook that reaches a private address once the flag is off, without retrying', async () => {
    s.ctx.alerts = { allowPrivateWebhooks: false, publicUrl: 'https://attest.example.com' };
    try {
      const before = hits.length;
      await scan(2, '2026-11-24T15:30:00Z');
      expect(await evaluate('2026-11-24T16:05:00Z')).toMatchObject({ alerts: 1 });
      const [event] = await s.alerts.events(orgId, 1);
      await drain();
      at('2026-11-24T18:00:00Z');
      await drain();
      const webhookKey = `webhook:${event!.id}:${(await s.alerts.listWebhooks(orgId))[0]!.id}`;
      expect(await deliveryJob(webhookKey)).toEqual({ state: 'failed', attempts: 1 });
      const d = (await s.alerts.deliveries(orgId, 10)).find((x) => x.eventId === event!.id && x.channel === 'webhook')!;
      expect(d).toMatchObject({ state: 'failed', attempts: 1, statusCode: null });
      expect(d.error).toContain('ATTEST_WEBHOOK_ALLOW_PRIVATE');
      expect(hits.length).toBe(before);
      // And at save time.
      await expect(s.alerts.createWebhook(orgId, { name: 'metadata', url: 'http://169.254.169.254/latest' }, 'test')).rejects.toMatchObject({ code: 'invalid_input', fields: [{ field: 'url', code: 'private_address' }] });
    } finally {
      s.ctx.alerts = { allowPrivateWebhooks: true, publicUrl: 'https://attest.example.com' };
    }
  });

  it('other emitters raise alerts through the same door; endpoints and people get only the kinds they chose', async () => {
    const deliveries = (await s.alerts.deliveries(orgId, 100)).length;
    const [event] = await s.alerts.raise(orgId, [{ kind: 'task_overdue', subjectType: 'task', subjectId: crypto.randomUUID(), subjectTitle: 'Quarterly access review', before: 'open', after: 'overdue', detail: 'due 2026-11-20' }]);
    expect(event).toMatchObject({ kind: 'task_overdue', at: '2026-11-24T18:00:00.000Z' });
    expect((await s.alerts.deliveries(orgId, 100)).length).toBe(deliveries); // the webhook and alice take other kinds; bob reads digests
  });

  it("the daily digest emails each digest subscriber the day's alerts once, and nobody when nothing happened", async () => {
    const before = smtp.received.length;
    at('2026-11-25T07:00:00Z');
    const { job } = await queue.enqueue(orgId, 'alert-digest', { scheduledFor: '2026-11-25T07:00:00Z' });
    expect((await worker.runOnce())?.jobId).toBe(job.id);
    expect((await s.jobs.get(orgId, job.id)).result).toEqual({ sent: 1, skipped: 0, failed: 0 });
    const digests = smtp.received.slice(before);
    expect(digests.map((m) => m.to)).toEqual([['bob@alerting.example.com']]);
    expect(digests[0]!.subject).toBe('[Attest] Alerting Co: 4 alerts on 2026-11-24');
    const text = digests[0]!.text;
    expect(text.match(/is failing/g)).toHaveLength(2);
    expect(text).toContain('passes again');
    expect(text).toContain('Task overdue: Quarterly access review');
    expect(text.indexOf('13:05 UTC')).toBeLessThan(text.indexOf('15:05 UTC'));

    // Again for the same day: already sent. The next day, with nothing new: no email.
    expect(await s.alerts.sendDigests(orgId, new Date('2026-11-25T07:00:00Z'), { final: false })).toEqual({ sent: 0, skipped: 1, failed: 0 });
    expect(await s.alerts.sendDigests(orgId, new Date('2026-11-26T07:00:00Z'), { final: false })).toEqual({ sent: 0, skipped: 1, failed: 0 });
    expect(smtp.received.length).toBe(before + 1);
  });

  it('two evaluations committing at once raise a change once', async () => {
    await scan(0, '2026-11-26T08:00:00Z');
    at('2026-11-26T08:05:00Z');
    const raised = await Promise.all([1, 2].map(() => s.ctx.store.transaction((repos) => s.alerts.recordStatusChanges(orgId, repos))));
    expect(raised.map((r) => r.map((e) => e.kind)).flat()).toEqual(['control_recovered']);
    expect((await s.alerts.events(orgId, 1))[0]).toMatchObject({ kind: 'control_recovered', at: '2026-11-26T08:05:00.000Z' });
  });
});
