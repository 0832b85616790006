// Webhook requests: signed with HMAC, sent to the address that was checked, refused for private
// addresses without the administrator's flag (no traffic then), never following redirects.
import { createHmac } from 'node:crypto';
import { createServer, type IncomingHttpHeaders, type Server, type ServerResponse } from 'node:http';
import { afterAll, beforeAll, beforeEach, describe, expect, it } from 'vitest';
import { postWebhook, resolveWebhookTarget, webhookSignature, webhookUrlProblems, type HostLookup } from '../../src/app/webhook-sender.js';
import { AppError } from '../../src/domain/errors.js';

interface Hit { method: string; url: string; headers: IncomingHttpHeaders; body: string }

let server: Server;
let port: number;
const hits: Hit[] = [];
let answer = (res: ServerResponse) => { res.writeHead(200).end('ok'); };

beforeAll(async () => {
  server = createServer((req, res) => {
    const chunks: Buffer[] = [];
    req.on('data', (c: Buffer) => chunks.push(c));
    req.on('end', () => {
      hits.push({ method: req.method!, url: req.url!, headers: req.headers, body: Buffer.concat(chunks).toString('utf8') });
      answer(res);
    });
  });
  await new Promise<void>((r) => server.listen(0, '127.0.0.1', r));
  port = (server.address() as { port: number }).port;
});
afterAll(() => new Promise<void>((r) => server.close(() => r())));
beforeEach(() => {
  hits.length = 0;
  answer = (res) => { res.writeHead(200).end('ok'); };
});

const now = new Date('2026-11-24T12:00:00Z');
const refusedCode = async (p: Promise<unknown>) => {
  try {
    await p;
    return 'accepted';
  } catch (e) {
    return e instanceof AppError ? `${e.code} ${e.fields.map((f) => `${f.field}:${f.code}`).join()}` : String(e);
  }
};

describe('the address rule', () => {
  it.each([
    'http://127.0.0.1:PORT/hook', 'http://10.0.0.5/hook', 'http://169.254.169.254/latest/meta-data/', 'http://[::1]:PORT/hook',
    'http://[::ffff:127.0.0.1]:PORT/hook', 'http://[::ffff:a9fe:a9fe]/', 'http://100.64.1.1/', 'http://0.0.0.0:PORT/', 'http://[fd00::1]/', 'http://[fe80::1]/', 'http://224.0.0.1/',
  ])('refuses %s without the flag, without any lookup or connection', async (template) => {
    const url = template.replace('PORT', String(port));
    let lookups = 0;
    const lookup: HostLookup = async () => { lookups++; return []; };
    expect(await refusedCode(resolveWebhookTarget(url, { allowPrivate: false, lookup }))).toBe('invalid_input url:private_address');
    expect(await refusedCode(postWebhook({ url, body: '{}', secret: 's', allowPrivate: false, lookup, now }))).toBe('invalid_input url:private_address');
    expect(lookups).toBe(0);
    expect(hits).toEqual([]);
  });

  it('refuses a name that resolves to a private address, or to any private among several', async () => {
    const lookup: HostLookup = async (host) => (host === 'internal.example.test' ? [{ address: '10.1.2.3', family: 4 }] : [{ address: '93.184.216.34', family: 4 }, { address: '::1', family: 6 }]);
    expect(await refusedCode(resolveWebhookTarget('https://internal.example.test/x', { allowPrivate: false, lookup }))).toBe('invalid_input url:private_address');
    expect(await refusedCode(resolveWebhookTarget('https://mixed.example.test/x', { allowPrivate: false, lookup }))).toBe('invalid_input url:private_address');
  });

  it('accepts a name that resolves only to public addresses, and reports a name that does not resolve', async () => {
    const lookup: HostLookup = async (host) => {
      if (host === 'gone.example.test') throw Object.assign(new Error('not found'), { code: 'ENOTFOUND' });
      return [{ address: '93.184.216.34', family: 4 }, { address: '2606:2800:220:1:248:1893:25c8:1946', family: 6 }];
    };
    expect(await resolveWebhookTarget('https://hooks.example.test/x', { allowPrivate: false, lookup })).toMatchObject({ address: '93.184.216.34', family: 4 });
    expect(await refusedCode(resolveWebhookTarget('https://gone.example.test/x', { allowPrivate: false, lookup }))).toBe('invalid_input url:unresolvable');
  });

  it('reports malformed URLs by field', () => {
    expect(webhookUrlProblems('').map((p) => p.code)).toEqual(['required']);
    expect(webhookUrlProblems('not a url').map((p) => p.code)).toEqual(['invalid_url']);
    expect(webhookUrlProblems('ftp://example.com/x').map((p) => p.code)).toEqual(['invalid_url']);
    expect(webhookUrlProblems('https://user:pw@example.com/x').map((p) => p.code)).toEqual(['invalid_url']);
    expect(webhookUrlProblems('https://hooks.slack.com/services/T0/B0/xyz')).toEqual([]);
  });
});

describe('delivery (loopback allowed by the flag)', () => {
  it('POSTs the body with a timestamp and an HMAC-SHA256 signature of "timestamp.body" that a receiver can verify', async () => {
    const body = JSON.stringify({ text: 'hello', blocks: [], attest: { version: 1 } });
    const out = await postWebhook({ url: `http://127.0.0.1:${port}/hook?channel=x`, body, secret: 'whsec_test', allowPrivate: true, now, headers: { 'x-attest-event': 'test' } });
    expect(out).toEqual({ statusCode: 200, ok: true, error: null });
    expect(hits).toHaveLength(1);
    const hit = hits[0]!;
    expect(hit).toMatchObject({ method: 'POST', url: '/hook?channel=x', body });
    expect(hit.headers['content-type']).toBe('application/json');
    expect(hit.headers['x-attest-event']).toBe('test');
    const ts = hit.headers['x-attest-timestamp'] as string;
    expect(ts).toBe(String(now.getTime() / 1000));
    // What a receiver does (docs/ALERTS.md): recompute with its copy of the secret and compare.
    const expected = `sha256=${createHmac('sha256', 'whsec_test').update(`${ts}.${hit.body}`).digest('hex')}`;
    expect(hit.headers['x-attest-signature']).toBe(expected);
    expect(webhookSignature('another secret', ts, hit.body)).not.toBe(expected);
  });

  it('connects to the address it checked: one lookup, the name kept in the Host header', async () => {
    const asked: string[] = [];
    const lookup: HostLookup = async (host) => { asked.push(host); return [{ address: '127.0.0.1', family: 4 }]; };
    const out = await postWebhook({ url: `http://hooks.example.test:${port}/pinned`, body: '{}', secret: 's', allowPrivate: true, lookup, now });
    expect(out.ok).toBe(true);
    expect(asked).toEqual(['hooks.example.test']);
    expect(hits.map((h) => [h.url, h.headers.host])).toEqual([['/pinned', `hooks.example.test:${port}`]]);
  });

  it('does not follow a redirect, and reports a non-2xx answer as a failure', async () => {
    answer = (res) => { res.writeHead(302, { location: `http://127.0.0.1:${port}/elsewhere` }).end(); };
    expect(await postWebhook({ url: `http://127.0.0.1:${port}/moved`, body: '{}', secret: 's', allowPrivate: true, now }))
      .toEqual({ statusCode: 302, ok: false, error: 'answered 302 (a redirect, not followed)' });
    expect(hits.map((h) => h.url)).toEqual(['/moved']);
    answer = (res) => { res.writeHead(503).end('busy'); };
    expect(await postWebhook({ url: `http://127.0.0.1:${port}/busy`, body: '{}', secret: 's', allowPrivate: true, now })).toEqual({ statusCode: 503, ok: false, error: 'answered 503' });
  });

  it('reports a refused connection and a timeout without throwing', async () => {
    const closed = createServer();
    await new Promise<void>((r) => closed.listen(0, '127.0.0.1', r));
    const closedPort = (closed.address() as { port: number }).port;
    await new Promise<void>((r) => closed.close(() => r()));
    const refused = await postWebhook({ url: `http://127.0.0.1:${closedPort}/`, body: '{}', secret: 's', allowPrivate: true, now });
    expect(refused).toMatchObject({ statusCode: null, ok: false });
    expect(refused.error).toMatch(/^ECONNREFUSED/);
    answer = () => { /* never answers */ };
    const slow = await postWebhook({ url: `http://127.0.0.1:${port}/slow`, body: '{}', secret: 's', allowPrivate: true, now, timeoutMs: 200 });
    expect(slow).toMatchObject({ statusCode: null, ok: false, error: 'no answer within 0.2 s' });
  });
});
