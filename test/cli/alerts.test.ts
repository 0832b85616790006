// `attest alerts test-webhook` and `test-email`, run as the built command against a loopback
// receiver and a real local SMTP server.
import { createHmac } from 'node:crypto';
import { createServer, type IncomingHttpHeaders, type Server } from 'node:http';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { startSmtpServer, type SmtpTestServer } from '../support/smtp.js';
import { attest, tempDir } from './harness.js';

let receiver: Server;
let url: string;
let smtp: SmtpTestServer;
const hits: { headers: IncomingHttpHeaders; body: string }[] = [];
const cwd = tempDir();

beforeAll(async () => {
  smtp = await startSmtpServer();
  receiver = createServer((req, res) => {
    const chunks: Buffer[] = [];
    req.on('data', (c: Buffer) => chunks.push(c));
    req.on('end', () => { hits.push({ headers: req.headers, body: Buffer.concat(chunks).toString('utf8') }); res.writeHead(202).end(); });
  });
  await new Promise<void>((r) => receiver.listen(0, '127.0.0.1', r));
  url = `http://127.0.0.1:${(receiver.address() as { port: number }).port}/hook`;
});
afterAll(async () => {
  await smtp?.close();
  await new Promise<void>((r) => (receiver ? receiver.close(() => r()) : r()));
});

describe('attest alerts', () => {
  it('test-webhook refuses a loopback URL without ATTEST_WEBHOOK_ALLOW_PRIVATE, sending nothing', async () => {
    const r = await attest(['alerts', 'test-webhook', url], { cwd });
    expect(r.code).toBe(2);
    expect(r.stderr).toContain('ATTEST_WEBHOOK_ALLOW_PRIVATE=true');
    expect(hits).toHaveLength(0);
  });

  it('test-webhook sends a signed sample when allowed', async () => {
    const r = await attest(['alerts', 'test-webhook', url, '--secret', 'whsec_cli', '--json'], { cwd, env: { ATTEST_WEBHOOK_ALLOW_PRIVATE: 'true' } });
    expect(r.code, r.stderr).toBe(0);
    expect(JSON.parse(r.stdout)).toEqual({ statusCode: 202, ok: true, error: null });
    expect(hits).toHaveLength(1);
    const ts = hits[0]!.headers['x-attest-timestamp'] as string;
    expect(hits[0]!.headers['x-attest-signature']).toBe(`sha256=${createHmac('sha256', 'whsec_cli').update(`${ts}.${hits[0]!.body}`).digest('hex')}`);
    expect(JSON.parse(hits[0]!.body)).toMatchObject({ attest: { event: { kind: 'control_failing', subject: { id: 'TEST-00' } } } });
  });

  it('test-email sends through the configured SMTP server, and says what is missing when none is', async () => {
    const missing = await attest(['alerts', 'test-email', 'ops@example.com'], { cwd });
    expect(missing.code).toBe(2);
    expect(missing.stderr).toContain('ATTEST_SMTP_URL');
    const r = await attest(['alerts', 'test-email', 'ops@example.com'], { cwd, env: { ATTEST_SMTP_URL: smtp.url, ATTEST_SMTP_FROM: 'Attest <attest@example.com>' } });
    expect(r.code, r.stderr).toBe(0);
    expect(r.stdout).toContain('Sent a test email to ops@example.com.');
    expect(smtp.received.map((m) => [m.to, m.subject])).toEqual([[['ops@example.com'], '[Attest] Test email']]);
  });
});
