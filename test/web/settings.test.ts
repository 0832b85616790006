// The Settings and Jobs pages end to end: the built `attest serve` in a temporary workspace,
// driven in Debian's Chromium through playwright-core (no browser download). The owner invites
// a member who accepts in a second browser context, creates an API token the test then uses
// against the API and revokes, turns two-factor on (the test computes the TOTP code) and off,
// and finds all of it in the audit log. Screenshots at desktop and phone width are kept under
// test-results/screenshots/.
import { mkdirSync, rmSync } from 'node:fs';
import { chromium, type Browser, type BrowserContext, type Locator, type Page } from 'playwright-core';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { base32Decode, totp } from '../../src/domain/totp.js';
import { startServer, tempDir, type Server } from '../cli/harness.js';
import { chromiumPath, createOwner, DESKTOP, FLAGS, requireBuiltWeb, SHOTS, snap } from './browser.js';

requireBuiltWeb();

const OWNER = { name: 'Olivia Owner', email: 'olivia@acme.example', password: 'correct horse battery staple' };
const MEMBER = { name: 'Maya Member', email: 'maya@acme.example', password: 'another long passphrase' };

let server: Server;
let workDir: string;
let browser: Browser;
/** The owner's browser, and the invited member's (a separate cookie jar). */
let ownerContext: BrowserContext;
let memberContext: BrowserContext;
let page: Page;
let memberPage: Page;
/** Console errors, uncaught exceptions and dialogs, all of which fail the run. */
const problems: string[] = [];
/** True only while a test provokes a 401 on purpose (a session the owner ended). */
let expectUnauthorized = false;

function watch(p: Page, who: string) {
  p.setDefaultTimeout(10_000);
  p.on('console', (m) => {
    // A refused form answers 400 (or 409), which Chromium logs; the tests provoke that on purpose.
    const text = m.text();
    if (m.type() === 'error' && !/status of 40[09]/.test(text) && !(expectUnauthorized && text.includes('status of 401'))) problems.push(`${who} console: ${text}`);
  });
  p.on('pageerror', (e) => problems.push(`${who} page error: ${e.message}`));
  p.on('dialog', (d) => { problems.push(`${who} dialog: ${d.message()}`); void d.dismiss(); });
}

beforeAll(async () => {
  mkdirSync(SHOTS, { recursive: true });
  workDir = tempDir('attest-settings-');
  [server, browser] = await Promise.all([
    startServer(workDir, {}, ['--org', 'Acme Cloud']),
    chromium.launch({ executablePath: chromiumPath(), headless: true, args: FLAGS }),
  ]);
  ownerContext = await browser.newContext({ viewport: DESKTOP });
  memberContext = await browser.newContext({ viewport: DESKTOP });
  page = await ownerContext.newPage();
  memberPage = await memberContext.newPage();
  watch(page, 'owner');
  watch(memberPage, 'member');
}, 60_000);

afterAll(async () => {
  await browser?.close();
  await server?.stop();
  if (workDir) rmSync(workDir, { recursive: true, force: true });
});

/** One attribute of every element the locator finds, in order. */
const attributes = async (locator: Locator, name: string) => Promise.all((await locator.all()).map((l) => l.getAttribute(name)));
const heading = (p: Page, name: string) => p.getByRole('heading', { name, level: 1 }).waitFor();
/** The two-factor page says it is on or off (once it has asked the server again). */
const twoFactorIs = (state: 'on' | 'off') => page.getByTestId('two-factor-state').locator('strong', { hasText: new RegExp(`^${state}$`) }).waitFor();
const bearer = (token: string, path: string) => fetch(`${server.url}${path}`, { headers: { authorization: `Bearer ${token}` } });

describe('the Settings and Jobs pages in Chromium', () => {
  it('creates the owner at the setup link, and lists every settings page in Settings', async () => {
    await createOwner(page, server, OWNER);

    const nav = page.getByRole('navigation', { name: 'Main' });
    await nav.getByRole('link', { name: 'Settings', exact: true }).click();
    await heading(page, 'Settings');
    expect(await nav.getByRole('link', { name: 'Settings', exact: true }).getAttribute('aria-current')).toBe('page');
    for (const title of ['Members and roles', 'Invitations', 'API tokens', 'Two-factor sign-in', 'Single sign-on', 'Audit log']) {
      await page.getByRole('link', { name: title, exact: true }).waitFor();
    }
    // An owner may use all of them.
    await page.locator('.settings-list').waitFor();
    expect(await page.locator('.settings-list .unavailable').count()).toBe(0);
    await snap(page, 'settings');

    // Single sign-on is not configured: the page says so, with the redirect URI to register.
    await page.getByRole('link', { name: 'Single sign-on', exact: true }).click();
    await heading(page, 'Single sign-on');
    expect(await page.getByTestId('sso-state').textContent()).toBe('Off');
    expect(await page.getByTestId('sso-callback').textContent()).toBe(`${server.url}/api/auth/oidc/callback`);
    // The owner sets it up: every field problem is shown at its field, then a valid save turns it on.
    await page.getByLabel('Issuer URL').fill('http://idp.example.com');
    await page.getByRole('button', { name: 'Save', exact: true }).click();
    for (const id of ['sso-issuer-error', 'sso-client-id-error', 'sso-client-secret-error']) await page.locator(`#${id}`).waitFor();
    expect(await page.getByLabel('Issuer URL').getAttribute('aria-invalid')).toBe('true');
    await snap(page, 'settings-sso');
    await page.getByLabel('Issuer URL').fill('https://idp.example.com/realms/acme');
    await page.getByLabel('Client id').fill('attest-web');
    await page.getByLabel('Client secret').fill('a client secret');
    await page.getByLabel('Button name').fill('Acme IdP');
    await page.getByRole('button', { name: 'Save', exact: true }).click();
    await page.getByTestId('sso-saved').waitFor();
    expect(await page.getByTestId('sso-state').textContent()).toBe('On');
    // Write-only: the secret field is empty again, and says a blank keeps the stored one.
    expect(await page.getByLabel('Client secret').inputValue()).toBe('');
    await page.getByText('Leave blank to keep it', { exact: false }).waitFor();
    // Removed again (a second press confirms), so the sign-in page below offers no button.
    await page.getByRole('button', { name: 'Remove', exact: true }).click();
    await page.getByRole('button', { name: 'Remove', exact: true }).click();
    await page.getByText('Removed: people sign in with their passwords.').waitFor();
    expect(await page.getByTestId('sso-state').textContent()).toBe('Off');
    expect(problems).toEqual([]);
  }, 30_000);

  it('invites a member whom a second browser signs up with the link; a member sees no manage buttons; the owner makes them a viewer', async () => {
    await page.goto(`${server.url}/settings/invitations`);
    await heading(page, 'Invitations');
    await page.getByRole('heading', { name: 'No pending invitations' }).waitFor();
    // A bad email is refused beside its field.
    await page.getByLabel('Email').fill('not an email');
    await page.getByRole('button', { name: 'Create invitation link' }).click();
    await page.locator('#invite-email-error').waitFor();
    expect(await page.getByLabel('Email').getAttribute('aria-invalid')).toBe('true');

    await page.getByLabel('Email').fill(MEMBER.email);
    await page.getByLabel('Role').selectOption('member');
    await page.getByRole('button', { name: 'Create invitation link' }).click();
    const link = await page.locator('#invitation-link').inputValue();
    expect(link).toMatch(new RegExp(`^${server.url}/invite#token=[\\w-]+$`));
    await page.locator('tr[data-invitation="maya@acme.example"]').getByText('pending').waitFor();
    await snap(page, 'settings-invitations');

    await memberPage.goto(link);
    await memberPage.getByText(`Join Acme Cloud as member with ${MEMBER.email}.`).waitFor();
    await memberPage.getByLabel('Your name').fill(MEMBER.name);
    await memberPage.getByLabel('Password').fill(MEMBER.password);
    await memberPage.getByRole('button', { name: 'Create account' }).click();
    await heading(memberPage, 'Dashboard');

    // The member reads the list of members, without a single control to change it.
    await memberPage.goto(`${server.url}/settings/members`);
    await heading(memberPage, 'Members and roles');
    await memberPage.locator('tr[data-member="olivia@acme.example"]').waitFor();
    await memberPage.getByTestId('read-only').waitFor();
    for (const name of ['Disable', 'Reset link', 'Save role', 'Enable']) expect(await memberPage.getByRole('button', { name }).count(), name).toBe(0);
    expect(await memberPage.locator('.members-table select').count()).toBe(0);
    await snap(memberPage, 'settings-members-member');
    // Invitations and tokens are not theirs to manage: the pages say so, and Settings marks them.
    await memberPage.goto(`${server.url}/settings/invitations`);
    await memberPage.getByTestId('not-allowed').waitFor();
    expect(await memberPage.getByRole('button', { name: 'Create invitation link' }).count()).toBe(0);
    await memberPage.goto(`${server.url}/settings`);
    await heading(memberPage, 'Settings');
    await memberPage.locator('.settings-list').waitFor();
    expect(await attributes(memberPage.locator('.settings-list .unavailable'), 'data-section')).toEqual(['/settings/invitations', '/settings/tokens', '/settings/audit-log']);

    // The owner sees the invitation accepted and the new member, and makes them a viewer.
    await page.reload();
    await page.locator('tr[data-invitation="maya@acme.example"]').getByText('accepted', { exact: true }).waitFor();
    await page.goto(`${server.url}/settings/members`);
    const row = page.locator('tr[data-member="maya@acme.example"]');
    await row.getByText('Active').waitFor();
    await row.getByLabel(`Role of ${MEMBER.email}`).selectOption('viewer');
    await row.getByRole('button', { name: 'Save role' }).click();
    await page.locator('tr[data-member="maya@acme.example"] td[data-role="viewer"]').waitFor();
    // A password-reset link for them, shown once.
    await row.getByRole('button', { name: 'Reset link' }).click();
    expect(await page.locator('#reset-link').inputValue()).toMatch(new RegExp(`^${server.url}/reset-password#token=[\\w-]+$`));
    await snap(page, 'settings-members');

    // A role change ends the member's sessions: they sign in again, as a viewer who may not
    // even list the members.
    expectUnauthorized = true;
    try {
      await memberPage.goto(`${server.url}/settings/members`);
      await memberPage.waitForURL(/\/login/);
      await memberPage.getByLabel('Email').fill(MEMBER.email);
      await memberPage.getByLabel('Password').fill(MEMBER.password);
      await memberPage.getByRole('button', { name: 'Sign in', exact: true }).click();
      await heading(memberPage, 'Members and roles');
    } finally {
      expectUnauthorized = false;
    }
    await memberPage.getByTestId('not-allowed').getByText('viewer').waitFor();
    expect(await memberPage.getByRole('button', { name: 'Disable' }).count()).toBe(0);
    await snap(memberPage, 'settings-members-viewer');
    expect(problems).toEqual([]);
  }, 45_000);

  it('creates an API token that works against the API until it is revoked in the page', async () => {
    await page.goto(`${server.url}/settings/tokens`);
    await heading(page, 'API tokens');
    await page.getByRole('heading', { name: 'No API tokens yet' }).waitFor();
    await page.getByLabel('Name').fill('CI scan');
    await page.getByLabel('Role').selectOption('viewer');
    await page.getByLabel('Expires after').selectOption('30');
    await page.getByRole('button', { name: 'Create token' }).click();
    const secret = await page.locator('#token-secret').inputValue();
    expect(secret).toMatch(/^att_/);
    // It takes the focus, so it is in view and selected even on a phone.
    expect(await page.evaluate('document.activeElement.id')).toBe('token-secret');
    await page.getByText('it is shown only this once').waitFor();
    // The copy button puts it on the clipboard.
    await ownerContext.grantPermissions(['clipboard-read', 'clipboard-write'], { origin: server.url });
    await page.getByTestId('token-secret').getByRole('button', { name: 'Copy' }).click();
    await page.getByText('Copied to the clipboard.').waitFor();
    expect(await page.evaluate('navigator.clipboard.readText()')).toBe(secret);
    const row = page.locator('tr[data-token="CI scan"]');
    expect(await row.getAttribute('data-state')).toBe('active');
    await snap(page, 'settings-tokens');

    // The token calls the API as a viewer of the organization.
    const me = await bearer(secret, '/api/auth/me');
    expect(me.status).toBe(200);
    expect(await me.json()).toMatchObject({ kind: 'token', role: 'viewer', organization: { name: 'Acme Cloud' } });
    expect((await bearer(secret, '/api/controls')).status).toBe(200);
    // A viewer's token may not manage tokens.
    expect((await bearer(secret, '/api/tokens')).status).toBe(403);

    // Its last use shows once the list is read again; then revoke it, in two presses of the
    // keyboard (Escape takes the question back, focus stays on the row's button).
    await page.reload();
    expect(await row.getByRole('cell').nth(3).textContent()).not.toBe('Never');
    const focused = () => page.evaluate('document.activeElement.className + " " + document.activeElement.textContent');
    await row.getByRole('button', { name: 'Revoke' }).focus();
    await page.keyboard.press('Enter');
    await expect.poll(focused).toBe('button-danger Revoke');
    await page.keyboard.press('Escape');
    await expect.poll(focused).toBe('button-secondary Revoke');
    expect(await row.getAttribute('data-state')).toBe('active');
    await page.keyboard.press('Enter');
    await expect.poll(focused).toBe('button-danger Revoke');
    await page.keyboard.press('Enter');
    await page.locator('tr[data-token="CI scan"][data-state="revoked"]').waitFor();
    expect((await bearer(secret, '/api/controls')).status).toBe(401);
    expect(problems).toEqual([]);
  }, 30_000);

  it('turns two-factor on with a code from the secret and shows the recovery codes once; a recovery code turns it off', async () => {
    await page.goto(`${server.url}/settings/two-factor`);
    await heading(page, 'Two-factor sign-in');
    await twoFactorIs('off');
    await page.getByRole('button', { name: 'Set up two-factor' }).click();
    const qr = page.getByRole('img', { name: /QR code/ });
    expect(await qr.getAttribute('src')).toMatch(/^data:image\/svg\+xml/);
    expect(await page.evaluate("document.querySelector('img.qr-code').naturalWidth")).toBeGreaterThan(0);
    const key = base32Decode((await page.getByTestId('totp-secret').textContent())!);
    expect(key?.length).toBe(20);

    // A wrong code is refused beside its field.
    const right = totp(key!, new Date());
    await page.getByLabel('Six-digit code').fill(right === '000000' ? '111111' : '000000');
    await page.getByRole('button', { name: 'Turn on two-factor' }).click();
    await page.locator('#totp-code-error').waitFor();
    await snap(page, 'settings-two-factor-enrol');

    await page.getByLabel('Six-digit code').fill(totp(key!, new Date()));
    await page.getByRole('button', { name: 'Turn on two-factor' }).click();
    const codes = (await page.locator('#recovery-codes').inputValue()).split('\n');
    expect(codes).toHaveLength(10);
    await twoFactorIs('on');
    await snap(page, 'settings-two-factor-codes');
    const me = await page.evaluate(async () => (await fetch('/api/auth/me')).json()) as { user: { twoFactor: boolean } };
    expect(me.user.twoFactor).toBe(true);

    // Hidden once saved, never shown again; turning it off takes the password and a recovery code.
    await page.getByRole('button', { name: 'I have saved it, hide it' }).click();
    expect(await page.locator('#recovery-codes').count()).toBe(0);
    await page.getByLabel('Password').fill(OWNER.password);
    await page.getByRole('button', { name: 'Use a recovery code instead' }).click();
    await page.getByLabel('Recovery code').fill(codes[0]!);
    await page.getByRole('button', { name: 'Turn off two-factor' }).click();
    await page.getByText('Two-factor is off.').waitFor();
    await twoFactorIs('off');
    expect(problems).toEqual([]);
  }, 30_000);

  it('shows what these actions recorded in the audit log, filters it, and verifies the chain', async () => {
    await page.goto(`${server.url}/settings/audit-log`);
    await heading(page, 'Audit log');
    await page.locator('.audit-table tbody tr').first().waitFor();
    const actions = await attributes(page.locator('.audit-table tbody tr'), 'data-action');
    for (const action of ['invitation.create', 'user.create', 'user.update', 'user.password_reset_link', 'api_token.create', 'api_token.revoke', 'user.two_factor.enable', 'user.two_factor.disable']) {
      expect(actions, action).toContain(action);
    }
    // Newest first, and the owner is named rather than shown as an id.
    expect(actions[0]).toBe('user.two_factor.disable');
    await page.locator('tr[data-action="api_token.create"]').getByText(OWNER.name).waitFor();

    // The filters ask the server: one entity type, then one person (the member's own entries).
    const rows = page.locator('.audit-table tbody tr');
    await page.getByLabel('Entity').selectOption('api_token');
    await page.waitForURL(/entity=api_token/);
    await expect.poll(() => attributes(rows, 'data-action')).toEqual(['api_token.revoke', 'api_token.create']);
    await page.getByLabel('Entity').selectOption('');
    await page.getByLabel('Who').selectOption({ label: MEMBER.name });
    await page.waitForURL(/actor=user/);
    await expect.poll(async () => [...new Set(await Promise.all((await rows.all()).map((r) => r.getByRole('cell').nth(1).textContent())))]).toEqual([MEMBER.name]);
    expect(await attributes(rows, 'data-action')).toContain('user.create');

    await page.getByRole('button', { name: 'Verify integrity' }).click();
    const result = page.getByTestId('verify-result');
    await result.waitFor();
    expect(await result.getAttribute('data-ok')).toBe('true');
    await snap(page, 'settings-audit-log');
    expect(problems).toEqual([]);
  }, 30_000);

  it('shows the schedules and job runs with their state, duration, attempts and error', async () => {
    // A scan of a folder that does not exist fails at once (a bad path is not retried); it is
    // queued through the API, as the local `attest` command would.
    const setPaths = await server.api('/api/schedules/scan-path', { method: 'PUT', headers: { 'content-type': 'application/json' }, body: JSON.stringify({ options: { paths: ['no-such-folder'] } }) });
    expect(setPaths.status).toBe(200);
    const queued = await server.api('/api/schedules/scan-path/run', { method: 'POST' });
    expect(queued.status).toBe(202);
    const failId = ((await queued.json()) as { id: string }).id;

    // The status evaluation is queued from the page, by the owner.
    await page.getByRole('navigation', { name: 'Main' }).getByRole('link', { name: 'Jobs', exact: true }).click();
    await heading(page, 'Jobs');
    const schedule = page.locator('tr[data-schedule="evaluate-status"]');
    await schedule.getByRole('button', { name: 'Run now' }).click();
    await schedule.getByText('Queued: the next free worker runs it.').waitFor();
    type JobView = { id: string; state: string; maxAttempts: number };
    const latest = async (name: string) => ((await (await server.api(`/api/jobs?name=${name}&limit=1`)).json()) as JobView[])[0];
    for (let i = 0; i < 60 && ((await latest('evaluate-status'))?.state !== 'completed' || (await latest('scan-path'))?.state !== 'failed'); i++) await new Promise((r) => setTimeout(r, 250));
    const ok = (await latest('evaluate-status'))!;
    expect(ok.state).toBe('completed');
    expect(await latest('scan-path')).toMatchObject({ id: failId, state: 'failed' });

    await page.reload();
    const done = page.locator(`tr[data-job="evaluate-status"][data-state="completed"]`).first();
    await done.waitFor();
    expect(await done.getByRole('cell').nth(3).textContent()).toBe(`1 of ${ok.maxAttempts}`);
    expect(await done.getByRole('cell').nth(2).textContent()).toMatch(/^\d+(\.\d)? (ms|s)$/);
    await done.getByText('1 run').click();
    await done.getByText(/Attempt 1: completed/).waitFor();
    // The failed scan shows its error, on the job and on its run.
    const failed = page.locator('tr[data-job="scan-path"][data-state="failed"]');
    await failed.locator('.field-error', { hasText: 'no-such-folder' }).waitFor();
    await failed.getByText('1 run').click();
    await failed.getByText(/Attempt 1: failed/).waitFor();

    // The state filter asks the server: failed jobs are the scan only.
    await page.getByLabel('State').selectOption('failed');
    await page.waitForURL(/state=failed/);
    await expect.poll(() => attributes(page.locator('.jobs-table tbody tr'), 'data-job')).toEqual(['scan-path']);
    await snap(page, 'jobs-failed');
    await page.getByLabel('State').selectOption('');
    await done.waitFor();
    await snap(page, 'jobs');

    // The viewer reads the same page, without a button to run anything.
    await memberPage.goto(`${server.url}/jobs`);
    await heading(memberPage, 'Jobs');
    await memberPage.locator('tr[data-job="scan-path"][data-state="failed"]').waitFor();
    expect(await memberPage.getByRole('button', { name: 'Run now' }).count()).toBe(0);
    expect(problems).toEqual([]);
  }, 30_000);
});
