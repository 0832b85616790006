// The Tasks page end to end in Debian's Chromium (playwright-core, no browser download), against
// the built `attest serve` on a PostgreSQL workspace (so the test can write a task of a past
// quarter, as the daily job would have made it then): tasks are created from the page, the
// overdue one puts its control at risk with the reason, completing it with an upload dated
// within its period clears it (after a refusal that names the missing file), and an upcoming
// task is skipped with a reason. Screenshots go to test-results/screenshots/.
import { mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { randomUUID } from 'node:crypto';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import pg from 'pg';
import type { BrowserContext, Page } from 'playwright-core';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { createPostgresDatabase } from '../support/engines.js';
import { attest, startServer, tempDir, type Server } from '../cli/harness.js';
import { createOwner, DESKTOP, launch, PHONE, requireBuiltWeb, SHOTS, snap as snapBoth } from './browser.js';

requireBuiltWeb();

let db: { url: string; drop: () => Promise<void> };
let server: Server;
let workDir: string;
let userDataDir: string;
let context: BrowserContext;
let page: Page;
const problems: string[] = [];
const OWNER = { name: 'Tess Tasks', email: 'tess@acme.example', password: 'correct horse battery staple' };
const overdueId = randomUUID();

beforeAll(async () => {
  db = await createPostgresDatabase();
  workDir = tempDir('attest-web-tasks-');
  const env = { DATABASE_URL: db.url };
  const init = await attest(['init', '--org', 'Acme Tasks'], { cwd: workDir, env });
  expect(init.code, init.stderr).toBe(0);
  userDataDir = mkdtempSync(join(tmpdir(), 'attest-chromium-'));
  const [started, browser] = await Promise.all([
    startServer(workDir, env),
    launch(userDataDir),
  ]);
  server = started;
  context = browser;
  page = context.pages()[0] ?? (await context.newPage());
  page.setDefaultTimeout(10_000);
  page.on('console', (m) => {
    if (m.type() === 'error' && !/status of 400/.test(m.text())) problems.push(`console: ${m.text()}`);
  });
  page.on('pageerror', (e) => problems.push(`page error: ${e.message}`));
  page.on('dialog', (d) => { problems.push(`dialog: ${d.message()}`); void d.dismiss(); });
}, 90_000);

afterAll(async () => {
  await context?.close();
  await server?.stop();
  await db?.drop();
  if (userDataDir) rmSync(userDataDir, { recursive: true, force: true });
  if (workDir) rmSync(workDir, { recursive: true, force: true });
});

const snap = (name: string) => snapBoth(page, name);

const nav = () => page.getByRole('navigation', { name: 'Main' });
const group = (id: string) => page.locator(`section[data-group="${id}"]`);

describe('tasks in the web app', () => {
  it('creates the tasks from the page; the overdue one puts its control at risk with the reason', async () => {
    await createOwner(page, server, OWNER);

    await nav().getByRole('link', { name: 'Tasks', exact: true }).click();
    await page.getByRole('heading', { name: 'Tasks', level: 1 }).waitFor();
    await page.getByRole('heading', { name: 'No tasks yet' }).waitFor();
    await page.getByRole('button', { name: "Create this period's tasks now" }).click();
    await group('upcoming').locator('li[data-control="IAM-08"]').first().waitFor();
    expect(await group('overdue').locator('li.task').count()).toBe(0);

    // The Q3 2026 access review, due 2026-10-15 and still open.
    const client = new pg.Client({ connectionString: db.url });
    await client.connect();
    const { rows: [org] } = await client.query<{ id: string }>('SELECT id FROM organizations');
    await client.query(
      `INSERT INTO tasks (org_id, id, control_id, frequency, period_start, period_end, period_label, due_on, assignee, created_at, updated_at)
       VALUES ($1, $2, 'IAM-08', 'quarterly', '2026-07-01', '2026-09-30', 'Q3 2026', '2026-10-15', 'dana@acme.example', '2026-07-01T00:11:00Z', '2026-07-01T00:11:00Z')`,
      [org!.id, overdueId],
    );
    await client.end();
    await page.reload();
    const card = group('overdue').locator(`li[data-task="${overdueId}"]`);
    await card.waitFor();
    expect(await card.textContent()).toMatch(/Overdue · \d+ days.*Quarterly user access reviews.*for Q3 2026.*due 2026-10-15.*dana@acme\.example/);
    await snap('tasks-overdue');
    await page.screenshot({ path: join(SHOTS, 'tasks-overdue-top-desktop.png') });

    await card.getByRole('link', { name: 'IAM-08' }).click();
    await page.waitForURL(`${server.url}/controls/IAM-08`);
    await page.getByText(/at risk: Quarterly user access reviews for Q3 2026 was due 2026-10-15 and is overdue/).first().waitFor();
    expect(await page.locator('.badge[data-status="at_risk"]').first().textContent()).toBe('At risk');
    await page.getByTestId('control-tasks').locator(`li[data-task="${overdueId}"][data-status="overdue"]`).waitFor();
    expect(problems).toEqual([]);
  }, 60_000);

  it('completes the overdue task with an upload dated within its period, after a refusal naming the missing file', async () => {
    await nav().getByRole('link', { name: 'Tasks', exact: true }).click();
    const card = group('overdue').locator(`li[data-task="${overdueId}"]`);
    await card.getByRole('button', { name: 'Complete…' }).click();
    const form = card.getByRole('form', { name: 'Complete Quarterly user access reviews for Q3 2026' });
    await form.getByRole('button', { name: 'Complete task' }).click();
    await form.locator(`#task-${overdueId}-file-error`).waitFor();
    await page.setViewportSize(PHONE);
    await form.scrollIntoViewIfNeeded();
    await page.screenshot({ path: join(SHOTS, 'tasks-complete-error-phone.png') });
    await page.setViewportSize(DESKTOP);
    expect(await form.locator(`#task-${overdueId}-file-error`).textContent()).toMatch(/file/i);

    const file = join(workDir, 'q3-access-review.csv');
    writeFileSync(file, 'account,reviewer,decision\nci-bot,dana,remove\n');
    await form.getByLabel('File', { exact: true }).setInputFiles(file);
    await form.getByLabel('Effective date').fill('2026-09-25');
    await form.getByRole('button', { name: 'Complete task' }).click();
    await page.locator(`section[data-group="overdue"] li[data-task="${overdueId}"]`).waitFor({ state: 'detached' });
    await group('overdue').getByText('Nothing is overdue.').waitFor();
    const closed = group('closed');
    await closed.locator('summary').click();
    expect(await closed.locator(`li[data-task="${overdueId}"]`).textContent()).toMatch(/Done.*Completed with evidence effective 2026-09-25/);

    await page.goto(`${server.url}/controls/IAM-08`);
    await page.getByTestId('control-tasks').locator(`li[data-task="${overdueId}"][data-status="done"]`).waitFor();
    expect(await page.locator('.badge[data-status="at_risk"]').count()).toBe(0);
    expect(problems).toEqual([]);
  }, 60_000);

  it('skips an upcoming task with a reason, refused without one', async () => {
    await nav().getByRole('link', { name: 'Tasks', exact: true }).click();
    const card = group('upcoming').locator('li[data-control="GOV-04"]').first();
    const id = await card.getAttribute('data-task');
    await card.getByRole('button', { name: 'Skip…' }).click();
    await card.getByRole('button', { name: 'Skip task' }).click();
    await card.locator(`#task-${id}-reason-error`).waitFor();
    expect(await card.getByLabel("Why is this period's work not done?").getAttribute('aria-invalid')).toBe('true');
    await card.getByLabel("Why is this period's work not done?").fill('The board meets twice a year; approved by the CEO on 2026-11-02.');
    await card.getByRole('button', { name: 'Skip task' }).click();
    await page.locator(`section[data-group="upcoming"] li[data-task="${id}"]`).waitFor({ state: 'detached' });
    await group('closed').locator('summary').click();
    expect(await group('closed').locator(`li[data-task="${id}"]`).textContent()).toContain('Skipped: The board meets twice a year');
    await snap('tasks-after');
    expect(problems).toEqual([]);
  }, 60_000);
});
