// What the browser tests share: Debian's Chromium through playwright-core (never a download),
// its flags, the two viewports, and full-page screenshots at both under test-results/screenshots/.
import { execFileSync } from 'node:child_process';
import { existsSync, mkdirSync } from 'node:fs';
import { join, resolve } from 'node:path';
import { chromium, type BrowserContext, type Page } from 'playwright-core';
import { expect } from 'vitest';

export const ROOT = resolve(import.meta.dirname, '../..');
export const SHOTS = join(ROOT, 'test-results/screenshots');
export const DESKTOP = { width: 1280, height: 900 };
export const PHONE = { width: 375, height: 740 };
export const FLAGS = ['--headless', '--no-sandbox', '--disable-gpu', '--disable-quic', '--no-first-run', '--disable-background-networking', '--disable-component-update', '--disable-sync'];

/** Fails loudly when the app was not built (npm test builds first). */
export function requireBuiltWeb(): void {
  if (!existsSync(join(ROOT, 'dist/web/index.html'))) throw new Error('dist/web is missing: run `npm run build` (npm test builds first).');
}

export function chromiumPath(): string {
  try {
    return execFileSync('which', ['chromium'], { encoding: 'utf8' }).trim();
  } catch {
    throw new Error('Chromium is missing: `apt-get install -y chromium` (.ci/run installs it).');
  }
}

/** Chromium with a fresh profile in `userDataDir`, at desktop size. */
export function launch(userDataDir: string): Promise<BrowserContext> {
  mkdirSync(SHOTS, { recursive: true });
  return chromium.launchPersistentContext(userDataDir, { executablePath: chromiumPath(), headless: true, args: FLAGS, viewport: DESKTOP });
}

/** The page at desktop and at phone width, full length; nothing may be wider than the phone. */
export async function snap(page: Page, name: string): Promise<void> {
  await page.screenshot({ path: join(SHOTS, `${name}-desktop.png`), fullPage: true });
  await page.setViewportSize(PHONE);
  expect(await page.evaluate('document.documentElement.scrollWidth'), `${name} at phone width`).toBeLessThanOrEqual(PHONE.width);
  await page.screenshot({ path: join(SHOTS, `${name}-phone.png`), fullPage: true });
  await page.setViewportSize(DESKTOP);
}

/** Creates the first account (the owner) at the setup link `attest serve` printed, and waits for the dashboard. */
export async function createOwner(page: Page, server: { url: string; setupToken(): Promise<string | null> }, person: { name: string; email: string; password: string }): Promise<void> {
  const token = await server.setupToken();
  expect(token, 'the setup link attest serve prints').not.toBeNull();
  await page.goto(`${server.url}/setup#token=${token!}`);
  await page.getByLabel('Your name').fill(person.name);
  await page.getByLabel('Email').fill(person.email);
  await page.getByLabel('Password').fill(person.password);
  await page.getByRole('button', { name: 'Create account' }).click();
  await page.getByRole('heading', { name: 'Dashboard', level: 1 }).waitFor();
}
