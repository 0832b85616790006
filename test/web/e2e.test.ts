// The web app end to end: the built `attest serve` in a temporary workspace, driven in
// Debian's Chromium through playwright-core (no browser download). Screenshots of each main
// page, at desktop and phone width, are kept under test-results/screenshots/.
import { createHash } from 'node:crypto';
import { mkdirSync, mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import type { BrowserContext, Page } from 'playwright-core';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { attest, startServer, tempDir, type Server } from '../cli/harness.js';
import { launch, requireBuiltWeb, snap as snapAt } from './browser.js';


requireBuiltWeb();

let server: Server;
let workDir: string;
let userDataDir: string;
let context: BrowserContext;
let page: Page;
/** Console errors (a CSP violation is one), uncaught exceptions and dialogs, all of which fail the run. */
const problems: string[] = [];
/** True only while a test provokes a 401 on purpose (signed out, a wrong password). */
let expectUnauthorized = false;
const OWNER = { name: 'Olivia Owner', email: 'olivia@acme.example', password: 'correct horse battery staple' };

beforeAll(async () => {
  workDir = tempDir('attest-web-');
  userDataDir = mkdtempSync(join(tmpdir(), 'attest-chromium-'));
  const [started, browser] = await Promise.all([
    startServer(workDir, {}, ['--org', 'Acme Cloud']),
    launch(userDataDir),
  ]);
  server = started;
  context = browser;
  page = context.pages()[0] ?? (await context.newPage());
  page.setDefaultTimeout(10_000);
  page.on('console', (m) => {
    // A refused form answers 400, which Chromium logs; the tests provoke that on purpose.
    // So does a 401 while signed out, which only the sign-in test provokes.
    if (m.type() === 'error' && !m.text().includes('status of 400') && !(expectUnauthorized && m.text().includes('status of 401'))) problems.push(`console: ${m.text()}`);
  });
  page.on('pageerror', (e) => problems.push(`page error: ${e.message}`));
  page.on('dialog', (d) => { problems.push(`dialog: ${d.message()}`); void d.dismiss(); });
}, 60_000);

afterAll(async () => {
  await context?.close();
  await server?.stop();
  rmSync(userDataDir, { recursive: true, force: true });
  rmSync(workDir, { recursive: true, force: true });
});

/** The page at desktop and at phone width, full length (nothing wider than the phone). */
const snap = (name: string) => snapAt(page, name);

const nav = (name: string) => page.getByRole('navigation', { name: 'Main' }).getByRole('link', { name, exact: true });
const score = async () => Number((await page.getByTestId('overall-score').textContent())?.replace('%', ''));
/** The API as the local `attest` command calls it (the workspace's bearer token), not as the page. */
const api = async <T>(path: string): Promise<T> => {
  const res = await server.api(path);
  expect(res.status, path).toBe(200);
  return res.json() as Promise<T>;
};

describe('the web app in Chromium', () => {
  it('serves the app with its security headers, and leaves API paths to the API', async () => {
    const html = await fetch(`${server.url}/controls/AST-01`);
    expect(html.status).toBe(200);
    expect(html.headers.get('content-type')).toMatch(/^text\/html/);
    const csp = html.headers.get('content-security-policy') ?? '';
    expect(csp).toContain("script-src 'self'");
    expect(csp).toContain("frame-ancestors 'none'");
    expect(csp).not.toContain('unsafe-inline');
    expect(html.headers.get('x-content-type-options')).toBe('nosniff');
    expect(html.headers.get('referrer-policy')).toBe('no-referrer');
    expect(await html.text()).toContain('<div id="root">');

    const missingApi = await fetch(`${server.url}/api/nope`);
    expect(missingApi.status).toBe(404);
    expect(((await missingApi.json()) as { error: { code: string } }).error.code).toBe('not_found');
    expect((await fetch(`${server.url}/assets/missing.js`)).status).toBe(404);
    expect((await fetch(`${server.url}/healthz`)).headers.get('content-type')).toMatch(/^application\/json/);
  });

  it('sends a signed-out visit to sign in, creates the owner at the setup link, refuses a wrong password, and signs in and out', async () => {
    expect(server.token).not.toBeNull();
    const token = await server.setupToken();
    expect(token).not.toBeNull();
    expectUnauthorized = true;
    try {
      // Signed out, any page of the app leads to the sign-in page, and the API refuses the page.
      await page.goto(`${server.url}/controls`);
      await page.waitForURL(/\/login\?next=%2Fcontrols$/);
      await page.getByRole('heading', { name: 'Sign in', level: 1 }).waitFor();
      expect(await page.getByRole('navigation', { name: 'Main' }).count()).toBe(0);
      await page.getByTestId('setup-required').waitFor();
      expect(await page.evaluate(async () => (await fetch('/api/controls')).status)).toBe(401);
      await snap('login');

      // A refused single sign-on comes back with its code, which the page explains.
      await page.goto(`${server.url}/login?sso_error=no_account`);
      await page.locator('#sso-error[data-code="no_account"]').waitFor();

      // The one-time setup link creates the first account, an owner, and signs it in.
      await page.goto(`${server.url}/setup#token=${token!}`);
      await page.getByRole('heading', { name: 'Create the first account', level: 1 }).waitFor();
      await page.getByLabel('Your name').fill(OWNER.name);
      await page.getByLabel('Email').fill(OWNER.email);
      await page.getByLabel('Password').fill('too short');
      await page.getByRole('button', { name: 'Create account' }).click();
      await page.locator('#password-error').waitFor();
      expect(await page.getByLabel('Password').getAttribute('aria-invalid')).toBe('true');
      await snap('setup-error');
      await page.getByLabel('Password').fill(OWNER.password);
      await page.getByRole('button', { name: 'Create account' }).click();
      await page.waitForURL(`${server.url}/`);
      await page.getByRole('heading', { name: 'Dashboard', level: 1 }).waitFor();
      expect(await page.getByTestId('signed-in-as').textContent()).toBe(OWNER.name);
      const me = await page.evaluate(async () => (await fetch('/api/auth/me')).json()) as { kind: string; role: string; user: { email: string } };
      expect(me).toMatchObject({ role: 'owner', user: { email: OWNER.email } });
      // The link worked once.
      expect((await fetch(`${server.url}/api/auth/setup`).then((r) => r.json())) as unknown).toEqual({ required: false });

      // Signing out ends the session: the sign-in page, and the API refuses the page again.
      await page.getByRole('button', { name: 'Sign out' }).click();
      await page.waitForURL(`${server.url}/login`);
      expect(await page.evaluate(async () => (await fetch('/api/auth/me')).status)).toBe(401);

      // A wrong password is refused beside the form, and nobody is signed in.
      await page.getByLabel('Email').fill(OWNER.email);
      await page.getByLabel('Password').fill('not the password at all');
      await page.getByRole('button', { name: 'Sign in', exact: true }).click();
      const refused = page.locator('form #form-error[role="alert"]');
      await refused.waitFor();
      expect(await refused.getAttribute('data-code')).toBe('unauthorized');
      expect(await refused.getAttribute('data-fields')).toBe('invalid_credentials');
      expect(page.url()).toBe(`${server.url}/login`);
      await snap('login-error');

      // The right one goes to the dashboard.
      await page.getByLabel('Password').fill(OWNER.password);
      await page.getByRole('button', { name: 'Sign in', exact: true }).click();
      await page.waitForURL(`${server.url}/`);
      await page.getByRole('heading', { name: 'Dashboard', level: 1 }).waitFor();
      expect(await page.locator('#form-error').count()).toBe(0);
    } finally {
      expectUnauthorized = false;
    }

    // The session's cookie makes no write without the CSRF token the app sends (the readable cookie).
    const cookies = await context.cookies(server.url);
    const session = cookies.find((c) => c.name === 'attest_session');
    const csrfCookie = cookies.find((c) => c.name === 'attest_csrf');
    expect(session?.httpOnly).toBe(true);
    expect(csrfCookie?.httpOnly).toBe(false);
    // Security is always in scope, so this write changes nothing the next test looks at.
    const write = (headers: Record<string, string>) => fetch(`${server.url}/api/scope`, { method: 'PATCH', headers: { cookie: `attest_session=${session!.value}`, 'content-type': 'application/json', ...headers }, body: JSON.stringify({ categories: ['security'] }) });
    const refusedWrite = await write({});
    expect(refusedWrite.status).toBe(403);
    expect(((await refusedWrite.json()) as { error: { fields: { field: string; code: string }[] } }).error.fields[0]).toMatchObject({ field: 'header.x-csrf-token', code: 'csrf_missing' });
    expect((await write({ 'x-csrf-token': decodeURIComponent(csrfCookie!.value) })).status).toBe(200);
    expect(problems).toEqual([]);
  }, 60_000);

  it('goes from the empty dashboard through scope and an upload to an evidenced control and a higher score', async () => {
    await page.goto(server.url);
    await page.getByRole('heading', { name: 'Nothing is evidenced yet' }).waitFor();
    expect(await score()).toBe(0);
    await snap('dashboard-empty');

    // Scope: add Availability, choose Type II; a period that ends before it starts is refused
    // beside its field, then a valid one is saved.
    await nav('Scope').click();
    await page.getByRole('heading', { name: 'Scope', level: 1 }).waitFor();
    expect(await page.getByLabel('Security').isDisabled()).toBe(true);
    await page.getByLabel('Availability').check();
    await page.getByLabel(/^Type II/).check();
    await page.getByLabel('Period start').fill('2026-01-01');
    await page.getByLabel('Period end').fill('2025-12-01');
    await page.getByRole('button', { name: 'Save scope' }).click();
    await page.locator('#periodEnd-error[data-codes~="before_start"]').waitFor();
    expect(await page.getByLabel('Period end').getAttribute('aria-invalid')).toBe('true');
    await snap('scope-error');
    await page.getByLabel('Period end').fill('2026-06-30');
    await page.getByLabel('Services in scope').fill('Acme Cloud: the hosted API and the customer dashboard.');
    await page.getByRole('button', { name: 'Save scope' }).click();
    await page.getByText('Scope saved.').waitFor();
    expect(await page.locator('#periodEnd-error').count()).toBe(0);
    const scope = await api<{ categories: string[]; reportType: string; periodStart: string; periodEnd: string }>('/api/scope');
    expect(scope).toMatchObject({ categories: ['security', 'availability'], reportType: 'type2', periodStart: '2026-01-01', periodEnd: '2026-06-30' });
    await snap('scope');

    // Evidence: a file through the file input, linked to two controls, dated today.
    await nav('Evidence').click();
    const bytes = Buffer.from('serial,owner,status\nC02XK1,alice@example.com,active\nC02XK2,bob@example.com,active\n');
    await page.locator('#file').setInputFiles({ name: 'device-inventory.csv', mimeType: 'text/csv', buffer: bytes });
    for (const id of ['AST-01', 'AST-03']) {
      await page.getByLabel('Find a control').fill(id);
      await page.getByRole('checkbox', { name: new RegExp(`^${id} `) }).check();
    }
    await page.getByRole('button', { name: 'Upload', exact: true }).click();
    const sha = page.getByTestId('uploaded-sha256');
    await sha.waitFor();
    expect(await sha.textContent()).toBe(createHash('sha256').update(bytes).digest('hex'));
    await page.locator('[data-evidence]').filter({ hasText: 'device-inventory.csv' }).waitFor();
    await snap('evidence');

    // The control's page now says evidenced.
    await page.getByTestId('upload-result').getByRole('link', { name: 'AST-01' }).click();
    await page.getByRole('heading', { name: /AST-01/, level: 1 }).waitFor();
    await page.locator('.status-panel [data-status="evidenced"]').waitFor();
    expect(await page.getByTestId('control-explanation').textContent()).toMatch(/^evidenced: 1 piece of evidence/);
    await snap('control');

    // The dashboard's score went up and the criteria the controls support are partial.
    await nav('Dashboard').click();
    await page.getByTestId('count-evidenced').filter({ hasText: '2' }).waitFor();
    expect(await score()).toBeGreaterThan(0);
    expect(await page.getByRole('heading', { name: 'Nothing is evidenced yet' }).count()).toBe(0);
    expect(await page.locator('.criterion-tile[data-state="partial"]').count()).toBeGreaterThan(0);
    expect(await page.getByTestId('score-availability').count()).toBe(1);
    await snap('dashboard');
    expect(problems).toEqual([]);
  }, 60_000);

  it('shows a recorded scan as findings grouped by control, with remediation', async () => {
    mkdirSync(join(workDir, 'infra'));
    writeFileSync(join(workDir, 'infra/Dockerfile'), 'FROM ubuntu:latest\nRUN curl -fsSL https://example.com/install.sh | sh\nCMD ["./app"]\n');
    const scan = await attest(['scan', 'infra'], { cwd: workDir });
    expect(scan.code, scan.stderr).toBe(1);
    const [run] = await api<{ id: string }[]>('/api/scans?limit=1');
    const failures = await api<{ checkId: string }[]>(`/api/scans/${run!.id}/failures`);
    const checks = await api<{ id: string; controls: string[]; remediation: { text: string } }[]>('/api/checks');
    const check = checks.find((c) => c.id === failures[0]!.checkId)!;
    const controlId = check.controls[0]!;

    await nav('Findings').click();
    const group = page.locator(`.finding-group[data-control="${controlId}"]`);
    await group.waitFor();
    expect(await group.locator(`[data-check="${check.id}"] .remediation p`).first().textContent()).toBe(check.remediation.text);
    await group.locator('.panel-header [data-status="failing"]').waitFor();
    await snap('findings');

    // The control the check evidences is failing, with the scan named in its explanation.
    await group.getByRole('link', { name: new RegExp(`^${controlId} `) }).click();
    await page.locator('.status-panel [data-status="failing"]').waitFor();
    expect(await page.getByTestId('control-explanation').textContent()).toContain(check.id);
    expect(await page.locator(`.check-list [data-check="${check.id}"]`).count()).toBe(1);

    for (const [name, path] of [['criteria', '/criteria'], ['criterion', '/criteria/CC6.1'], ['controls', '/controls?status=evidenced']] as const) {
      await page.goto(`${server.url}${path}`);
      await page.locator('main h1').waitFor();
      await page.locator('.loading').waitFor({ state: 'detached' });
      await snap(name);
    }
    const evidenced = await api<unknown[]>('/api/controls?status=evidenced');
    expect(evidenced.length).toBeGreaterThan(2);
    expect(await page.locator('tr[data-control]').count()).toBe(evidenced.length);
    expect(problems).toEqual([]);
  }, 60_000);

  it('works from the keyboard: skip link, navigation, and focus on the new page', async () => {
    await page.goto(`${server.url}/controls`);
    await page.locator('tr[data-control]').first().waitFor();
    await page.keyboard.press('Tab');
    expect(await page.evaluate('document.activeElement.textContent')).toBe('Skip to content');
    await page.keyboard.press('Enter');
    expect(await page.evaluate('document.activeElement.id')).toBe('main');

    await page.keyboard.press('Shift+Tab');
    await nav('Evidence').focus();
    await page.keyboard.press('Enter');
    await page.getByRole('heading', { name: 'Evidence', level: 1 }).waitFor();
    expect(page.url()).toBe(`${server.url}/evidence`);
    expect(await page.evaluate('document.activeElement.id')).toBe('main');

    // A filter chosen with the keyboard (the first status after "Any status") narrows the list
    // and lands in the address.
    await page.goto(`${server.url}/controls`);
    await page.getByLabel('Status').focus();
    await page.keyboard.press('ArrowDown');
    await page.waitForURL(/status=evidenced/);
    const evidenced = await api<unknown[]>('/api/controls?status=evidenced');
    expect(evidenced.length).toBeGreaterThan(0);
    await expect.poll(() => page.locator('tr[data-control]').count()).toBe(evidenced.length);

    // Search reaches the library's descriptions, which the list does not carry: words only in
    // AST-01's description find it.
    await page.goto(`${server.url}/controls`);
    await page.getByLabel('Search').fill('serial number');
    await expect.poll(() => page.locator('tr[data-control]').count()).toBe(1);
    expect(await page.locator('tr[data-control]').getAttribute('data-control')).toBe('AST-01');
    expect(problems).toEqual([]);
  });

  it('uploads a dropped file, showing its progress', async () => {
    await page.goto(`${server.url}/evidence?control=AST-04`);
    // The file arrives the way a drag from the desktop delivers it: a drop event carrying a DataTransfer.
    const bytes = 'x'.repeat(384 * 1024);
    const dataTransfer = await page.evaluateHandle(`(() => { const dt = new DataTransfer(); dt.items.add(new File([${JSON.stringify(bytes)}], 'disk-encryption-report.txt', { type: 'text/plain' })); return dt; })()`);
    await page.getByTestId('drop-zone').dispatchEvent('drop', { dataTransfer });
    await page.locator('#file-chosen').filter({ hasText: 'disk-encryption-report.txt' }).waitFor();
    expect(await page.getByRole('list', { name: 'Chosen controls' }).textContent()).toContain('AST-04');

    // A slow uplink, so that progress has time to show between the first and the last byte.
    const cdp = await context.newCDPSession(page);
    await cdp.send('Network.enable');
    await cdp.send('Network.emulateNetworkConditions', { offline: false, latency: 0, downloadThroughput: -1, uploadThroughput: 256 * 1024 });
    try {
      await page.getByRole('button', { name: 'Upload', exact: true }).click();
      const progress = page.locator('#upload-progress');
      await progress.waitFor();
      await expect.poll(async () => Number(await progress.getAttribute('value')), { timeout: 10_000 }).toBeGreaterThan(0);
      await page.getByTestId('uploaded-sha256').waitFor();
    } finally {
      await cdp.send('Network.emulateNetworkConditions', { offline: false, latency: 0, downloadThroughput: -1, uploadThroughput: -1 });
      await cdp.detach();
    }
    expect(await page.getByTestId('uploaded-sha256').textContent()).toBe(createHash('sha256').update(bytes).digest('hex'));
    expect(await page.locator('#upload-progress').count()).toBe(0);
    expect(problems).toEqual([]);
  }, 30_000);

  it('renders script and javascript: payloads in every text field as inert text', async () => {
    const script = '<script>window.__xss=1</script>';
    const js = 'javascript:alert(1)';
    const img = '<img src=x onerror="window.__xss=2">';
    const payload = `${script}\n${js}\n${img}`;
    // Browsers percent-encode quotes in multipart file names, so this one goes without.
    const fileName = '<img src=x onerror=window.__xss=3>.txt';

    await page.goto(`${server.url}/controls/AST-02`);
    await page.getByLabel('Owner', { exact: true }).fill(img);
    await page.getByRole('textbox', { name: 'Notes', exact: true }).fill(payload);
    await page.getByLabel('Excluded from scope').check();
    await page.getByLabel('Reason for the exclusion').fill(`${js} ${script}`);
    await page.getByRole('button', { name: 'Save changes' }).click();
    await page.getByText('Changes saved.').waitFor();

    await page.goto(`${server.url}/scope`);
    await page.getByLabel('Services in scope').fill(payload);
    await page.getByLabel('System boundaries').fill(js);
    await page.getByRole('button', { name: 'Add a subservice organization' }).click();
    await page.getByLabel('Name', { exact: true }).fill(script);
    await page.getByLabel('Services it provides').fill(js);
    await page.getByRole('button', { name: 'Save scope' }).click();
    await page.getByText('Scope saved.').waitFor();

    await page.goto(`${server.url}/evidence`);
    await page.locator('#file').setInputFiles({ name: fileName, mimeType: 'text/plain', buffer: Buffer.from('inert') });
    await page.getByLabel('Find a control').fill('AST-02');
    await page.getByRole('checkbox', { name: /^AST-02 / }).check();
    await page.getByLabel('Description (optional)').fill(payload);
    await page.getByRole('button', { name: 'Upload', exact: true }).click();
    await page.getByTestId('uploaded-sha256').waitFor();

    const inert = async () => {
      expect(await page.evaluate('typeof window.__xss')).toBe('undefined');
      expect(await page.locator('#root script, #root img[src="x"], a[href^="javascript:"]').count()).toBe(0);
    };

    await page.goto(`${server.url}/controls/AST-02`);
    await page.getByTestId('control-notes').waitFor();
    expect(await page.getByTestId('control-notes').textContent()).toBe(payload);
    expect(await page.getByTestId('control-owner').locator('.user-text').textContent()).toBe(img);
    expect(await page.getByRole('textbox', { name: 'Notes', exact: true }).inputValue()).toBe(payload);
    expect(await page.locator('.status-panel').textContent()).toContain(`${js} ${script}`);
    expect(await page.locator('[data-evidence]').first().textContent()).toContain(fileName);
    await inert();

    await page.goto(`${server.url}/`);
    await page.getByTestId('scope-services').waitFor();
    expect(await page.getByTestId('scope-services').textContent()).toBe(payload);
    await inert();

    await page.goto(`${server.url}/scope`);
    expect(await page.getByLabel('Services in scope').inputValue()).toBe(payload);
    expect(await page.getByLabel('Name', { exact: true }).inputValue()).toBe(script);
    expect(await page.getByRole('button', { name: `Remove ${script}` }).count()).toBe(1);
    await inert();

    await page.goto(`${server.url}/controls?q=${encodeURIComponent('img src')}`);
    await page.locator('tr[data-control="AST-02"]').waitFor();
    expect(await page.locator('tr[data-control="AST-02"] td[data-label="Owner"]').textContent()).toBe(img);
    await page.goto(`${server.url}/evidence`);
    await page.locator('[data-evidence]').filter({ hasText: fileName }).waitFor();
    // Multipart form data carries line breaks as CRLF.
    expect((await page.locator('[data-evidence]').filter({ hasText: fileName }).textContent())?.replace(/\r\n/g, '\n')).toContain(payload);
    await inert();
    expect(problems).toEqual([]);
  }, 60_000);
});
