// The `attest` commands end to end, on the embedded database in a temporary folder.
import { writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { beforeAll, describe, expect, it } from 'vitest';
import { attest, tempDir } from './harness.js';

const COMMANDS = ['', 'init', 'serve', 'criteria', 'controls', 'status', 'evidence', 'evidence add', 'evidence list', 'verify'];

describe('attest --help', () => {
  it.each(COMMANDS)('explains "attest %s"', async (cmd) => {
    const dir = tempDir();
    const r = await attest([...cmd.split(' ').filter(Boolean), '--help'], { cwd: dir });
    expect(r.code).toBe(0);
    expect(r.stdout).toMatch(/^Usage: attest/m);
    expect(r.stdout).toMatch(/Options:/);
  });
  it('exits 2 on an unknown command or option', async () => {
    const dir = tempDir();
    expect((await attest(['frobnicate'], { cwd: dir })).code).toBe(2);
    const r = await attest(['status', '--bogus'], { cwd: dir });
    expect(r.code).toBe(2);
    expect(r.stderr).toMatch(/unknown option '--bogus'/);
  });
});

describe('catalog commands need no workspace', () => {
  it('criteria --json lists the 61 criteria with id, category and title', async () => {
    const r = await attest(['criteria', '--json'], { cwd: tempDir() });
    expect(r.code).toBe(0);
    const rows = JSON.parse(r.stdout) as { id: string; category: string; title: string }[];
    expect(rows).toHaveLength(61);
    for (const row of rows) expect(Object.keys(row)).toEqual(expect.arrayContaining(['id', 'category', 'title']));
    const avail = JSON.parse((await attest(['criteria', '--category', 'availability', '--json'], { cwd: tempDir() })).stdout) as { id: string }[];
    expect(avail.map((c) => c.id)).toEqual(['A1.1', 'A1.2', 'A1.3']);
  });
  it('criteria rejects an unknown category with exit 2, naming it', async () => {
    const r = await attest(['criteria', '--category', 'speed'], { cwd: tempDir() });
    expect(r.code).toBe(2);
    expect(r.stderr).toMatch(/unknown category "speed"/);
  });
  it('controls shows the library before init, and does not create a workspace', async () => {
    const dir = tempDir();
    const r = await attest(['controls', '--criterion', 'cc6.1', '--json'], { cwd: dir });
    expect(r.code).toBe(0);
    const rows = JSON.parse(r.stdout) as { id: string; title: string; criteria: string[] }[];
    expect(rows.length).toBeGreaterThan(3);
    for (const row of rows) expect(row.criteria).toContain('CC6.1');
    expect((await attest(['status'], { cwd: dir })).code).toBe(2);
  });
});

describe('a workspace from init to verify', () => {
  const dir = tempDir();
  const file = join(dir, 'access-review-q3.csv');
  writeFileSync(file, 'user,decision\nalice,keep\nbob,remove\n');

  beforeAll(async () => {
    const r = await attest(['init', '--org', 'Acme Inc', '--categories', 'security,availability'], { cwd: dir });
    expect(r.stderr).toBe('');
    expect(r.code).toBe(0);
  }, 60_000);

  it('refuses bad init input before creating anything', async () => {
    const other = tempDir();
    const r = await attest(['init', '--org', 'X', '--categories', 'security,speed'], { cwd: other });
    expect(r.code).toBe(2);
    expect(r.stderr).toMatch(/categories: unknown category "speed"/);
    expect((await attest(['status'], { cwd: other })).code).toBe(2);
  });

  it('status --json reports readiness for the chosen categories only', async () => {
    const r = await attest(['status', '--json'], { cwd: dir });
    expect(r.code).toBe(0);
    const report = JSON.parse(r.stdout);
    expect(report.organization.name).toBe('Acme Inc');
    expect(report.scope.categories).toEqual(['security', 'availability']);
    expect(report.readiness.categories.map((c: { category: string }) => c.category)).toEqual(['security', 'availability']);
    expect(report.readiness.criteria).toHaveLength(36);
    expect(report.readiness.overall.evidenced).toBe(0);
  });

  it('evidence add stores the file with its hash and effective date; status follows', async () => {
    const r = await attest(['evidence', 'add', file, '--control', 'IAM-08', '--effective', '2026-10-15', '--json'], { cwd: dir });
    expect(r.stderr).toBe('');
    expect(r.code).toBe(0);
    const ev = JSON.parse(r.stdout);
    const { createHash } = await import('node:crypto');
    const { readFileSync } = await import('node:fs');
    expect(ev.sha256).toBe(createHash('sha256').update(readFileSync(file)).digest('hex'));
    expect(ev.effectiveAt).toBe('2026-10-15');
    expect(ev.controls).toEqual(['IAM-08']);
    const controls = JSON.parse((await attest(['controls', '--json'], { cwd: dir })).stdout) as { id: string; status: string }[];
    expect(controls.find((c) => c.id === 'IAM-08')?.status).toBe('evidenced');
    expect(controls.find((c) => c.id === 'IAM-01')?.status).toBe('no_evidence');
  });

  it('evidence add refuses bad input with exit 2, naming every problem, and stores nothing', async () => {
    const r = await attest(['evidence', 'add', file, '--control', 'NOPE-99', '--effective', '2026-02-30'], { cwd: dir });
    expect(r.code).toBe(2);
    expect(r.stderr).toMatch(/effective/);
    expect(r.stderr).toMatch(/NOPE-99/);
    const missing = await attest(['evidence', 'add', join(dir, 'nope.pdf'), '--control', 'IAM-08'], { cwd: dir });
    expect(missing.code).toBe(2);
    expect(missing.stderr).toMatch(/nope.pdf: no such file/);
    const list = JSON.parse((await attest(['evidence', 'list', '--json'], { cwd: dir })).stdout);
    expect(list).toHaveLength(1);
  });

  it('verify passes on an untouched workspace', async () => {
    const r = await attest(['verify'], { cwd: dir });
    expect(r.code).toBe(0);
    expect(r.stdout).toMatch(/Audit log: \d+ entries in 1 organization\(s\): intact/);
    expect(r.stdout).toMatch(/Evidence: 1 file\(s\): intact/);
  });

  it('init again keeps the workspace as it is', async () => {
    const r = await attest(['init', '--org', 'Other name'], { cwd: dir });
    expect(r.code).toBe(0);
    expect(r.stdout).toMatch(/"Acme Inc" already exists/);
  });
});
