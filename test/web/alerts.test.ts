// The Alerts page end to end: the built `attest serve` (SMTP pointed at a real local SMTP server,
// loopback webhooks allowed by ATTEST_WEBHOOK_ALLOW_PRIVATE) in Debian's Chromium. The owner
// picks the daily digest, is told every problem of a bad endpoint beside its field, adds an
// endpoint on a loopback receiver, tests it (the receiver checks the signature with the secret
// the page showed once), sees the delivery, and deletes it; a signed-out person resets their
// password by email from the sign-in page. Screenshots at desktop and phone width.
import { createHmac } from 'node:crypto';
import { mkdirSync, rmSync } from 'node:fs';
import { createServer, type IncomingHttpHeaders, type Server as HttpServer } from 'node:http';
import { chromium, type Browser, type Page } from 'playwright-core';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { startServer, tempDir, type Server } from '../cli/harness.js';
import { startSmtpServer, type SmtpTestServer } from '../support/smtp.js';
import { chromiumPath, createOwner, DESKTOP, FLAGS, PHONE, requireBuiltWeb, SHOTS, snap as snapAt } from './browser.js';

requireBuiltWeb();

let server: Server;
let smtp: SmtpTestServer;
let receiver: HttpServer;
let hookUrl: string;
let workDir: string;
let browser: Browser;
let page: Page;
const hits: { headers: IncomingHttpHeaders; body: string }[] = [];
const problems: string[] = [];

beforeAll(async () => {
  mkdirSync(SHOTS, { recursive: true });
  workDir = tempDir('attest-alerts-web-');
  smtp = await startSmtpServer();
  receiver = createServer((req, res) => {
    const chunks: Buffer[] = [];
    req.on('data', (c: Buffer) => chunks.push(c));
    req.on('end', () => { hits.push({ headers: req.headers, body: Buffer.concat(chunks).toString('utf8') }); res.writeHead(200).end('ok'); });
  });
  await new Promise<void>((r) => receiver.listen(0, '127.0.0.1', r));
  hookUrl = `http://127.0.0.1:${(receiver.address() as { port: number }).port}/chat`;
  [server, browser] = await Promise.all([
    startServer(workDir, { ATTEST_SMTP_URL: smtp.url, ATTEST_SMTP_FROM: 'Attest <attest@example.com>', ATTEST_WEBHOOK_ALLOW_PRIVATE: 'true' }, ['--org', 'Acme Cloud']),
    chromium.launch({ executablePath: chromiumPath(), headless: true, args: FLAGS }),
  ]);
  page = await (await browser.newContext({ viewport: DESKTOP })).newPage();
  page.setDefaultTimeout(10_000);
  page.on('console', (m) => { if (m.type() === 'error' && !/status of 400/.test(m.text())) problems.push(`console: ${m.text()}`); });
  page.on('pageerror', (e) => problems.push(`page error: ${e.message}`));
}, 60_000);

afterAll(async () => {
  await browser?.close();
  await server?.stop();
  await smtp?.close();
  await new Promise<void>((r) => (receiver ? receiver.close(() => r()) : r()));
  if (workDir) rmSync(workDir, { recursive: true, force: true });
});

const snap = (name: string) => snapAt(page, name);

describe('the Alerts page in Chromium', () => {
  it('saves my subscription, and manages a webhook endpoint: field errors, secret once, signed test, delivery log, delete', async () => {
    await createOwner(page, server, { name: 'Olivia Owner', email: 'olivia@acme.example', password: 'correct horse battery staple' });

    await page.getByRole('navigation', { name: 'Main' }).getByRole('link', { name: 'Alerts', exact: true }).click();
    await page.getByRole('heading', { name: 'Alerts', level: 1 }).waitFor();
    await page.getByRole('heading', { name: 'No alerts yet' }).waitFor();
    await page.getByRole('heading', { name: 'No webhook endpoints yet' }).waitFor();

    // My subscription: the daily digest, without task alerts.
    await page.getByLabel('Daily digest').check();
    await page.locator('#mine-task_overdue').uncheck();
    await page.getByRole('button', { name: 'Save my alerts' }).click();
    await page.getByText('Saved.', { exact: true }).waitFor();
    const mine = await server.api('/api/alerts/subscription');
    expect(mine.status).toBe(403); // the local command is not a person: subscriptions are people's
    await page.reload();
    expect(await page.getByLabel('Daily digest').isChecked()).toBe(true);
    expect(await page.locator('#mine-task_overdue').isChecked()).toBe(false);

    // Every problem of a bad endpoint beside its field.
    await page.locator('#webhook-url').fill('ftp://example.com/x');
    await page.getByRole('button', { name: 'Add endpoint' }).click();
    await page.locator('#webhook-name-error').waitFor();
    await page.locator('#webhook-url-error').waitFor();
    expect(await page.locator('#webhook-url').getAttribute('aria-invalid')).toBe('true');

    await page.locator('#webhook-name').fill('#compliance');
    await page.locator('#webhook-url').fill(hookUrl);
    await page.getByRole('button', { name: 'Add endpoint' }).click();
    const secret = await page.locator('#webhook-secret').inputValue();
    expect(secret).toMatch(/^whsec_/);
    await page.getByRole('button', { name: 'I have saved it, hide it' }).click();
    const row = page.locator('tr[data-webhook="#compliance"]');
    await row.getByRole('button', { name: 'Test' }).click();
    await row.getByText('Test delivered (HTTP 200).').waitFor();
    expect(hits).toHaveLength(1);
    const ts = hits[0]!.headers['x-attest-timestamp'] as string;
    expect(hits[0]!.headers['x-attest-signature']).toBe(`sha256=${createHmac('sha256', secret).update(`${ts}.${hits[0]!.body}`).digest('hex')}`);
    await page.locator('tr[data-state="delivered"]').first().waitFor();
    await snap('alerts');

    await row.getByRole('button', { name: 'Delete' }).click();
    await row.getByRole('button', { name: 'Delete' }).click(); // confirm
    await page.getByRole('heading', { name: 'No webhook endpoints yet' }).waitFor();
    expect(problems).toEqual([]);
  }, 60_000);

  it('a signed-out person asks for a reset link from the sign-in page, receives it by email, and sets a new password', async () => {
    const anon = await (await browser.newContext({ viewport: PHONE })).newPage();
    anon.on('pageerror', (e) => problems.push(`page error: ${e.message}`));
    await anon.goto(`${server.url}/login`);
    await anon.getByRole('link', { name: 'Forgot your password?' }).click();
    await anon.getByRole('heading', { name: 'Forgot your password', level: 1 }).waitFor();
    await anon.getByLabel('Email').fill('olivia@acme.example');
    await anon.getByRole('button', { name: 'Email me a reset link' }).click();
    await anon.getByTestId('reset-sent').waitFor();
    const [mail] = await smtp.waitFor(1);
    expect(mail!.to).toEqual(['olivia@acme.example']);
    const link = /(http:\/\/\S+\/reset-password#token=[\w-]+)/.exec(mail!.text)?.[1];
    expect(link?.startsWith(server.url)).toBe(true);
    await anon.goto(link!);
    await anon.locator('#password').fill('a new and long passphrase');
    await anon.getByRole('button', { name: 'Set password' }).click();
    await anon.getByText('Your password is changed.').waitFor();
    await anon.getByRole('link', { name: 'Sign in' }).click();
    await anon.getByLabel('Email').fill('olivia@acme.example');
    await anon.getByLabel('Password').fill('a new and long passphrase');
    await anon.getByRole('button', { name: 'Sign in' }).click();
    await anon.getByRole('heading', { name: 'Dashboard', level: 1 }).waitFor();
    expect(problems).toEqual([]);
  }, 60_000);
});
