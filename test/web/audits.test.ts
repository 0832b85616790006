// The audits pages end to end in Debian's Chromium (playwright-core, no browser download),
// against the built `attest serve`: an admin creates a Type II audit in the app and invites an
// auditor for it; the auditor accepts, lands on that audit, sees no other, draws a control's
// sample with a seed and draws it again to the same items, and cannot reach evidence outside
// the audit's window. Screenshots go to test-results/screenshots/.
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import type { BrowserContext, Page } from 'playwright-core';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { startServer, tempDir, upload, type Server } from '../cli/harness.js';
import { createOwner, launch, requireBuiltWeb, snap as snapAt } from './browser.js';

requireBuiltWeb();

let server: Server;
let workDir: string;
let userDataDir: string;
let context: BrowserContext;
let page: Page;
/** Console errors other than the refusals provoked on purpose (400 forms, 404 for the other audit), and page errors. */
const problems: string[] = [];
const ADMIN = { name: 'Ada Admin', email: 'ada@acme.example', password: 'correct horse battery staple' };
const AUDITOR = { name: 'Casey CPA', email: 'casey@cpa.example', password: 'an auditor password, long enough' };
const evidence: { inside?: string; outside?: string } = {};

beforeAll(async () => {
  workDir = tempDir('attest-web-audits-');
  userDataDir = mkdtempSync(join(tmpdir(), 'attest-chromium-'));
  const [started, browser] = await Promise.all([
    startServer(workDir, {}, ['--org', 'Acme Audited']),
    launch(userDataDir),
  ]);
  server = started;
  context = browser;
  page = context.pages()[0] ?? (await context.newPage());
  page.setDefaultTimeout(10_000);
  page.on('console', (m) => {
    if (m.type() === 'error' && !/status of (400|404)/.test(m.text())) problems.push(`console: ${m.text()}`);
  });
  page.on('pageerror', (e) => problems.push(`page error: ${e.message}`));
  page.on('dialog', (d) => { problems.push(`dialog: ${d.message()}`); void d.dismiss(); });

  // Evidence of GOV-11 (a monthly control): one within the period the audit will have, one before it.
  const add = async (name: string, effectiveDate: string) => {
    const res = await upload(server, { name, bytes: Buffer.from(`${name} contents`) }, ['GOV-11'], { effectiveDate });
    expect(res.status, name).toBe(201);
    return ((await res.json()) as { id: string }).id;
  };
  evidence.inside = await add('board-review-march.txt', '2026-03-02');
  evidence.outside = await add('board-review-2025.txt', '2025-06-02');
}, 60_000);

afterAll(async () => {
  await context?.close();
  await server?.stop();
  rmSync(userDataDir, { recursive: true, force: true });
  rmSync(workDir, { recursive: true, force: true });
});

const snap = (name: string) => snapAt(page, name);

const nav = () => page.getByRole('navigation', { name: 'Main' });
const status = (path: string) => page.evaluate(async (p) => (await fetch(p)).status, path);

describe('audits in the web app', () => {
  let auditId = '';
  let otherAuditId = '';
  let invitation = '';

  it('an admin creates a Type II audit (refused without its period first) and invites an auditor for it', async () => {
    await createOwner(page, server, ADMIN);

    await nav().getByRole('link', { name: 'Audits', exact: true }).click();
    await page.getByRole('heading', { name: 'Audits', level: 1 }).waitFor();
    await page.getByRole('heading', { name: 'No audit yet' }).waitFor();
    // Without its period, the form shows each missing field beside it.
    await page.getByRole('button', { name: 'Create audit' }).click();
    await page.locator('#from-error').waitFor();
    expect(await page.locator('#to-error').textContent()).toContain('last day');
    expect(await page.getByLabel('First day of the period').getAttribute('aria-invalid')).toBe('true');
    await snap('audits-empty-error');

    await page.getByLabel('First day of the period').fill('2026-01-01');
    await page.getByLabel('Last day of the period').fill('2026-06-30');
    await page.getByRole('button', { name: 'Create audit' }).click();
    await page.waitForURL(/\/audits\/[0-9a-f-]{36}$/);
    auditId = page.url().split('/').pop()!;
    await page.getByRole('heading', { name: 'Type II, 2026-01-01 to 2026-06-30', level: 1 }).waitFor();
    expect(await page.locator('tr[data-control="GOV-11"]').count()).toBe(1);

    // Another audit of the same organization, which the auditor will not see.
    const other = await server.api('/api/audits', { method: 'POST', headers: { 'content-type': 'application/json' }, body: JSON.stringify({ type: 1, date: '2025-06-30' }) });
    expect(other.status).toBe(201);
    otherAuditId = ((await other.json()) as { id: string }).id;

    await page.getByRole('heading', { name: 'Auditors' }).waitFor();
    await page.getByLabel('Invite an auditor for this audit').fill(AUDITOR.email);
    await page.getByRole('button', { name: 'Invite auditor' }).click();
    invitation = await page.locator('#invitation-link').inputValue();
    expect(invitation).toMatch(/\/invite#token=/);
    await snap('audit-admin');
    expect(problems).toEqual([]);
  }, 60_000);

  it('the auditor accepts, lands on that audit, and sees no other', async () => {
    await page.getByRole('button', { name: 'Sign out' }).click();
    await page.waitForURL(`${server.url}/login`);
    await page.goto(invitation);
    await page.getByLabel('Your name').fill(AUDITOR.name);
    await page.getByLabel('Password').fill(AUDITOR.password);
    await page.getByRole('button', { name: 'Create account' }).click();
    await page.waitForURL(`${server.url}/audits/${auditId}`);
    await page.getByRole('heading', { name: 'Type II, 2026-01-01 to 2026-06-30', level: 1 }).waitFor();
    expect(await page.getByTestId('signed-in-as').textContent()).toBe(AUDITOR.name);

    // The navigation offers what an auditor may read; the audits list has only theirs.
    const links = await nav().getByRole('link').allTextContents();
    expect(links).toContain('Audits');
    expect(links).toContain('Settings'); // their own two-factor
    expect(links).not.toContain('Dashboard');
    expect(links).not.toContain('Tasks');
    expect(links).not.toContain('Jobs');
    const listed = await page.evaluate(async () => (await fetch('/api/audits')).json()) as { items: { id: string }[] };
    expect(listed.items.map((a) => a.id)).toEqual([auditId]);
    expect(await status(`/api/audits/${otherAuditId}`)).toBe(404);
    await page.goto(`${server.url}/audits/${otherAuditId}`);
    await page.getByRole('heading', { name: 'No such audit' }).waitFor();
    // No Auditors panel for an auditor.
    await page.goto(`${server.url}/audits/${auditId}`);
    await page.getByRole('heading', { name: 'Operating effectiveness' }).waitFor();
    expect(await page.getByRole('heading', { name: 'Auditors' }).count()).toBe(0);
    expect(problems).toEqual([]);
  }, 60_000);

  it("opens a control's sample, sees its seed, and the same seed draws the same items again", async () => {
    await page.locator('tr[data-control="GOV-11"]').getByRole('button', { name: 'GOV-11' }).click();
    await page.getByTestId('sample-panel').waitFor();
    await page.getByLabel('Seed').fill('4242');
    await page.getByRole('button', { name: 'Draw the sample' }).click();
    await page.getByTestId('drawn-sample').waitFor();
    expect(await page.getByTestId('sample-seed').textContent()).toBe('4242');
    const items = await page.getByTestId('sample-items').locator('li').allTextContents();
    expect(items.length).toBe(1);
    expect(items[0]).toContain('board-review-march.txt');
    await page.getByRole('button', { name: 'Draw again with seed 4242' }).click();
    await page.getByText('Drawn again with seed 4242: the same 1 item.').waitFor();
    expect(await page.getByTestId('sample-items').locator('li').allTextContents()).toEqual(items);
    // The audit's current seed is the one drawn with, shown on the page.
    await page.getByTestId('audit-seed').filter({ hasText: '4242' }).waitFor();
    await snap('audit-auditor-sample');
    expect(problems).toEqual([]);
  }, 60_000);

  it('cannot see evidence outside the window: not listed, not readable, not downloadable', async () => {
    const listed = await page.getByTestId('audit-evidence').locator('li').allTextContents();
    expect(listed.join('\n')).toContain('board-review-march.txt');
    expect(listed.join('\n')).not.toContain('board-review-2025.txt');
    await nav().getByRole('link', { name: 'Evidence', exact: true }).click();
    await page.getByRole('heading', { name: 'Evidence', level: 1 }).waitFor();
    await page.getByText('board-review-march.txt').first().waitFor();
    expect(await page.getByText('board-review-2025.txt').count()).toBe(0);
    for (const path of [`/api/evidence/${evidence.outside!}`, `/api/evidence/${evidence.outside!}/download`, `/api/audits/${auditId}/evidence/${evidence.outside!}/download`]) {
      expect(await status(path), path).toBe(404);
    }
    expect(await status(`/api/evidence/${evidence.inside!}/download`)).toBe(200);
    // The admin's view of the same evidence is unchanged.
    expect((await server.api(`/api/evidence/${evidence.outside!}/download`)).status).toBe(200);
    await snap('audit-auditor-evidence');
    expect(problems).toEqual([]);
  }, 60_000);

  it('the auditor adds to the request list and comments; the request moves on its status', async () => {
    await page.goto(`${server.url}/audits/${auditId}`);
    await page.getByLabel('Add a request').fill('Board minutes for the period');
    await page.getByRole('button', { name: 'Add request' }).click();
    await page.getByText('R-1 Board minutes for the period').waitFor();
    await page.getByLabel('Comment on R-1').fill('Please include the March meeting.');
    await page.getByRole('button', { name: 'Comment', exact: true }).click();
    await page.getByText('Please include the March meeting.').waitFor();
    await page.getByRole('button', { name: 'Mark R-1 submitted' }).click();
    await page.getByRole('button', { name: 'Mark R-1 accepted' }).waitFor();
    const requests = await page.evaluate(async (id) => (await fetch(`/api/audits/${id}/requests`)).json(), auditId) as { status: string; comments: { body: string }[] }[];
    expect(requests.map((r) => [r.status, r.comments.map((c) => c.body)])).toEqual([['submitted', ['Please include the March meeting.']]]);
    await snap('audit-auditor-requests');
    expect(problems).toEqual([]);
  }, 60_000);
});
