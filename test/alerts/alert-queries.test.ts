// What alerts cost the database, on both engines, counted by a wrapper around the connection:
// raising many alerts issues as many statements as raising one (not one lookup per alert), the
// daily digest reads the day's events once for all its subscribers, and a delivery reads its row
// once. The fan-out stays what it was: each alert goes to every enabled endpoint and every
// person subscribed immediately to its kind, each message with its job.
import { randomUUID } from 'node:crypto';
import { createServer, type Server } from 'node:http';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { smtpMailer, type SmtpMailer } from '../../src/app/mailer.js';
import type { AlertDraft, AlertKind, DeliveryMode } from '../../src/domain/alerts.js';
import type { Db, Queryable } from '../../src/store/db.js';
import { engines } from '../support/engines.js';
import { servicesOn, type TestServices } from '../support/services.js';
import { startSmtpServer, type SmtpTestServer } from '../support/smtp.js';

/** The database, with every statement run through it (in transactions too) recorded. */
function counted(db: Db): { db: Db; statements: string[] } {
  const statements: string[] = [];
  const wrap = (q: Queryable): Queryable => ({
    query: (sql, params, options) => { statements.push(sql); return q.query(sql, params, options); },
    exec: (sql) => { statements.push(sql); return q.exec(sql); },
  });
  return { db: { ...db, ...wrap(db), transaction: (fn) => db.transaction((tx) => fn(wrap(tx))) }, statements };
}

const draft = (kind: AlertKind, i: number): AlertDraft => ({
  kind, subjectType: kind === 'task_overdue' ? 'task' : 'control', subjectId: `S-${i}`, subjectTitle: `Subject ${i}`, before: null, after: null, detail: `alert ${i}`,
});

describe.each(engines)('alert queries on $name', (engine) => {
  let raw: Db;
  let statements: string[];
  let s: TestServices;
  let orgId: string;
  let receiver: Server;
  let smtp: SmtpTestServer;
  let mailer: SmtpMailer;
  const deliveryHeaders: string[] = [];
  const webhooks: Record<string, string> = {};
  const people: Record<string, string> = {};

  /** The statements `fn` runs. */
  const during = async <T>(fn: () => Promise<T>): Promise<{ value: T; sql: string[] }> => {
    const from = statements.length;
    const value = await fn();
    return { value, sql: statements.slice(from) };
  };
  const person = async (name: string, mode: DeliveryMode, kinds: AlertKind[], disabled = false) => {
    const user = await s.ctx.store.repos.users.insert({ orgId, id: randomUUID(), email: `${name}@queries.example.com`, name, role: 'member' });
    if (disabled) await raw.query('UPDATE users SET disabled_at = now() WHERE org_id = $1 AND id = $2', [orgId, user.id]);
    await s.alerts.setSubscription(orgId, user.id, { kinds, mode });
    people[name] = user.id;
  };

  beforeAll(async () => {
    receiver = createServer((req, res) => {
      deliveryHeaders.push(String(req.headers['x-attest-delivery']));
      req.resume();
      req.on('end', () => res.writeHead(204).end());
    });
    await new Promise<void>((r) => receiver.listen(0, '127.0.0.1', r));
    smtp = await startSmtpServer();
    mailer = smtpMailer({ url: smtp.url, from: 'Attest <attest@example.com>' });
    raw = await engine.open();
    const c = counted(raw);
    statements = c.statements;
    s = servicesOn(c.db, { now: '2026-11-24T12:00:00Z', mailer });
    s.ctx.alerts = { allowPrivateWebhooks: true, publicUrl: null };
    orgId = (await s.workspace.init({ name: 'Queries Co' }, 'test')).org.id;
    const url = `http://127.0.0.1:${(receiver.address() as { port: number }).port}/hook`;
    for (const [name, kinds, enabled] of [['all', undefined, true], ['failing', ['control_failing'], true], ['tasks', ['task_overdue'], true], ['off', undefined, false]] as const) {
      webhooks[name] = (await s.alerts.createWebhook(orgId, { name, url, ...(kinds ? { kinds: [...kinds] } : {}), enabled }, 'test')).webhook.id;
    }
    await person('ann', 'immediate', ['control_failing', 'task_overdue']);
    await person('ben', 'immediate', ['evidence_expired']);
    await person('cy', 'immediate', ['control_failing'], true);
    await person('dee', 'digest', ['control_failing']);
    await person('eve', 'digest', ['task_overdue', 'control_recovered']);
    await person('fay', 'digest', ['evidence_expired']);
    await person('gus', 'off', ['control_failing']);
  });
  afterAll(async () => {
    mailer?.close();
    await smtp?.close();
    await new Promise<void>((r) => (receiver ? receiver.close(() => r()) : r()));
    await raw?.close();
  });

  it('raises 50 alerts with as many statements as one, each delivered to the endpoints and people of its kind', async () => {
    const kinds: AlertKind[] = ['control_failing', 'control_recovered', 'evidence_expired', 'task_overdue'];
    const one = await during(() => s.ctx.store.transaction((repos) => s.alerts.raise(orgId, [draft('control_failing', 0)], repos)));
    const fifty = await during(() => s.ctx.store.transaction((repos) => s.alerts.raise(orgId, Array.from({ length: 50 }, (_, i) => draft(kinds[i % 4]!, i + 1)), repos)));
    expect(fifty.value).toHaveLength(50);
    expect(fifty.value.map((e) => e.subjectId)).toEqual(Array.from({ length: 50 }, (_, i) => `S-${i + 1}`));
    expect(fifty.value.every((e) => e.at === '2026-11-24T12:00:00.000Z' && e.orgId === orgId)).toBe(true);
    // BEGIN and COMMIT are the pool's, not the wrapper's: these are the service's own statements.
    expect(one.sql.length).toBeLessThanOrEqual(5);
    expect(fifty.sql.length).toBe(one.sql.length);

    // The fan-out: endpoints `all` (every kind), `failing` and `tasks` by kind, `off` never; by
    // email ann (failing, overdue) and ben (expired), never cy (disabled) nor digest or off people.
    const expected: Record<AlertKind, string[]> = {
      control_failing: [`webhook:${webhooks.all}`, `webhook:${webhooks.failing}`, `email:${people.ann}`],
      control_recovered: [`webhook:${webhooks.all}`],
      evidence_expired: [`webhook:${webhooks.all}`, `email:${people.ben}`],
      task_overdue: [`webhook:${webhooks.all}`, `webhook:${webhooks.tasks}`, `email:${people.ann}`],
    };
    const rows = await raw.query<{ key: string; event_id: string; state: string; job_state: string | null; job_name: string | null; max_attempts: number | null }>(
      `SELECT d.key, d.event_id, d.state, j.state AS job_state, j.name AS job_name, j.max_attempts FROM alert_deliveries d
       LEFT JOIN jobs j ON j.org_id = d.org_id AND j.idempotency_key = d.key WHERE d.org_id = $1`, [orgId]);
    for (const e of [...one.value, ...fifty.value]) {
      const mine = rows.filter((r) => r.event_id === e.id);
      expect(mine.map((r) => r.key.replace(`:${e.id}:`, ':')).sort(), e.kind).toEqual([...expected[e.kind]].sort());
      expect(mine.every((r) => r.state === 'pending' && r.job_state === 'queued' && r.job_name === 'deliver-alert' && r.max_attempts === 6)).toBe(true);
    }
    expect(rows).toHaveLength([...one.value, ...fifty.value].reduce((n, e) => n + expected[e.kind].length, 0));
  });

  it('raising nothing costs nothing', async () => {
    expect(await during(() => s.alerts.raise(orgId, []))).toEqual({ value: [], sql: [] });
  });

  it("reads the day's events once for all digest subscribers, each digest with that person's kinds", async () => {
    const { value, sql } = await during(() => s.alerts.sendDigests(orgId, new Date('2026-11-25T07:00:00Z'), { final: true }));
    expect(value).toEqual({ sent: 3, skipped: 0, failed: 0 });
    expect(sql.filter((q) => /\bFROM alert_events\b/.test(q))).toHaveLength(1);
    // 51 alerts: control_failing S-0 and every fourth from S-1 (13 + 1), recovered 13, expired 12, overdue 12.
    expect(Object.fromEntries(smtp.received.map((m) => [m.to[0]!.split('@')[0], m.subject]))).toEqual({
      dee: '[Attest] Queries Co: 14 alerts on 2026-11-24',
      eve: '[Attest] Queries Co: 25 alerts on 2026-11-24',
      fay: '[Attest] Queries Co: 12 alerts on 2026-11-24',
    });
  });

  it('reads a delivery once when delivering it', async () => {
    const [event] = await s.alerts.raise(orgId, [draft('control_recovered', 99)]);
    const key = `webhook:${event!.id}:${webhooks.all}`;
    const { value, sql } = await during(() => s.alerts.deliver(orgId, key, { final: false }));
    expect(value).toMatchObject({ state: 'delivered', attempts: 1, statusCode: 204 });
    expect(deliveryHeaders).toEqual([value.id]); // the request still names the delivery
    expect(sql.filter((q) => /^SELECT \* FROM alert_deliveries\b/.test(q))).toHaveLength(1);
  });
});
