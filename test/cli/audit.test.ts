// `attest audit` end to end through the built command: create, list, reproducible samples,
// the operating-effectiveness view, and refusals that name the field.
import { writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { attest, startServer, tempDir, type Server } from './harness.js';

interface Sample { audit: string; seed: number; controls: { control: string; populationKind: string; populationSize: number; size: number; rule: string; items: { key: string; effectiveAt?: string; evidenceId?: string }[] }[] }
interface Status { summary: Record<string, number>; controls: { control: string; expected: number | null; evidenced: number; populationSize: number; state: string; gaps: { from: string; to: string }[] }[] }

describe('attest audit', () => {
  const dir = tempDir();
  let audit = '';
  const inWindow: string[] = [];
  const run = (...args: string[]) => attest(args, { cwd: dir });

  async function addEvidence(control: string, effective: string): Promise<string> {
    const file = join(dir, `${control}-${effective}-${Math.random().toString(36).slice(2)}.txt`);
    writeFileSync(file, `${control} on ${effective}\n`);
    const r = await run('evidence', 'add', file, '--control', control, '--effective', effective, '--json');
    expect(r.stderr).toBe('');
    return JSON.parse(r.stdout).id as string;
  }

  beforeAll(async () => {
    expect((await run('init', '--org', 'Acme Audit', '--categories', 'security')).code).toBe(0);
    const created = await run('audit', 'create', '--type', '2', '--from', '2025-11-01', '--to', '2026-10-31');
    expect(created.stderr).toBe('');
    expect(created.code).toBe(0);
    audit = created.stdout.trim();
    // Seven events in the window, two outside it; a quarterly control evidenced in two quarters.
    for (const d of ['2025-11-03', '2025-12-24', '2026-01-15', '2026-03-02', '2026-05-20', '2026-08-08', '2026-10-31']) inWindow.push(await addEvidence('IAM-05', d));
    await addEvidence('IAM-05', '2025-10-31');
    await addEvidence('IAM-05', '2026-11-01');
    await addEvidence('GOV-04', '2025-12-01');
    await addEvidence('GOV-04', '2026-09-01');
  }, 180_000);

  it('create prints the audit id; list shows it', async () => {
    expect(audit).toMatch(/^[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}$/);
    const list = await run('audit', 'list', '--json');
    expect(list.code).toBe(0);
    expect(JSON.parse(list.stdout)).toEqual([expect.objectContaining({ id: audit, type: 'type2', periodStart: '2025-11-01', periodEnd: '2026-10-31', categories: ['security'] })]);
  });

  it('sample --seed 42 gives byte-identical JSON every time, drawn from the window only; another seed draws anew', async () => {
    const first = await run('audit', 'sample', audit, '--seed', '42', '--json');
    expect(first.stderr).toBe('');
    expect(first.code).toBe(0);
    const second = await run('audit', 'sample', audit, '--seed', '42', '--json');
    expect(second.code).toBe(0);
    expect(second.stdout).toBe(first.stdout);

    const sample = JSON.parse(first.stdout) as Sample;
    expect(sample).toMatchObject({ audit, seed: 42 });
    const events = sample.controls.find((c) => c.control === 'IAM-05')!;
    expect(events).toMatchObject({ populationKind: 'events', populationSize: 7, size: 5, rule: 'events_five' });
    for (const item of events.items) expect(inWindow).toContain(item.evidenceId);
    const quarterly = sample.controls.find((c) => c.control === 'GOV-04')!;
    expect(quarterly).toMatchObject({ populationSize: 2, size: 2 });

    const other = await run('audit', 'sample', audit, '--seed', '43', '--control', 'IAM-05', '--json');
    expect(other.code).toBe(0);
    const otherEvents = (JSON.parse(other.stdout) as Sample).controls;
    expect(otherEvents.map((c) => c.control)).toEqual(['IAM-05']);
    expect(otherEvents[0]!.items.map((i) => i.key)).not.toEqual(events.items.map((i) => i.key));
    const list = JSON.parse((await run('audit', 'list', '--json')).stdout) as { seed: number; seedsDrawn: number[] }[];
    expect(list[0]).toMatchObject({ seed: 43, seedsDrawn: [42, 43] });
    // 42 again: the same bytes as before.
    expect((await run('audit', 'sample', audit, '--seed', '42', '--json')).stdout).toBe(first.stdout);
  }, 60_000);

  it('status shows expected vs evidenced per control', async () => {
    const r = await run('audit', 'status', audit, '--json');
    expect(r.code).toBe(0);
    const view = JSON.parse(r.stdout) as Status;
    expect(view.controls.find((c) => c.control === 'GOV-04')).toMatchObject({ expected: 4, evidenced: 2, state: 'gaps', gaps: [{ from: '2026-02-01', to: '2026-07-31' }] });
    expect(view.controls.find((c) => c.control === 'IAM-05')).toMatchObject({ expected: null, evidenced: 7, populationSize: 7, state: 'operating' });
    expect(view.summary.controls).toBe(view.controls.length);
    const text = await run('audit', 'status', audit, '--control', 'GOV-04');
    expect(text.code).toBe(0);
    expect(text.stdout).toMatch(/Type II 2025-11-01 … 2026-10-31: 1 controls/);
    expect(text.stdout).toMatch(/^GOV-04\s+gaps\s+4\s+2\s+2 occurrences/m);
  });

  it.each([
    [['audit', 'create', '--type', '2', '--from', '2026-02-30', '--to', '2026-12-31'], /from: "2026-02-30" is not a date/],
    [['audit', 'create', '--type', '2', '--from', '2026-06-01', '--to', '2026-01-01'], /to: the period must end after it starts/],
    [['audit', 'create', '--type', '1', '--date', '2026-13-01'], /date: "2026-13-01" is not a date/],
    [['audit', 'create', '--type', '2', '--from', '2026-01-01', '--to', '2026-12-31', '--categories', 'security,speed'], /categories: unknown category "speed"/],
    [['audit', 'create', '--type', '3', '--date', '2026-01-01'], /type: unknown report type "3"/],
    [['audit', 'status', '00000000-0000-4000-8000-000000000000'], /audit: no audit with id "00000000-0000-4000-8000-000000000000"/],
    [['audit', 'sample', 'nope', '--seed', '1'], /audit: no audit with id "nope"/],
    [['audit', 'sample', '00000000-0000-4000-8000-000000000000', '--seed', 'abc'], /seed: the seed must be a whole number/],
  ])('refuses %j with exit 2, naming the field', async (args, message) => {
    const r = await run(...args);
    expect(r.code).toBe(2);
    expect(r.stderr).toMatch(message);
    expect(r.stdout).toBe('');
  });

  it("risk sets a control's risk in the audit: shown by status and used by the next draw; a bad level names the field", async () => {
    const bad = await run('audit', 'risk', audit, 'GOV-04', 'severe');
    expect(bad.code).toBe(2);
    expect(bad.stderr).toMatch(/risk: the risk is low, moderate, high/);
    const set = await run('audit', 'risk', audit, 'gov-04', 'HIGH');
    expect(set.stderr).toBe('');
    expect(set.stdout).toMatch(/^GOV-04: high risk/);
    const status = JSON.parse((await run('audit', 'status', audit, '--control', 'GOV-04', '--json')).stdout) as { controls: { control: string; risk: string }[] };
    expect(status.controls).toEqual([expect.objectContaining({ control: 'GOV-04', risk: 'high' })]);
    const sample = JSON.parse((await run('audit', 'sample', audit, '--seed', '777', '--control', 'GOV-04', '--json')).stdout) as { controls: { risk: string; currentRisk: string }[] };
    expect(sample.controls).toEqual([expect.objectContaining({ risk: 'high', currentRisk: 'high' })]);
    const text = await run('audit', 'status', audit, '--control', 'GOV-04');
    expect(text.stdout).toMatch(/RISK/);
    expect(text.stdout).toMatch(/GOV-04.*high/);
  }, 120_000);

  it('created nothing on the refusals', async () => {
    expect((JSON.parse((await run('audit', 'list', '--json')).stdout) as { id: string }[]).map((a) => a.id)).toEqual([audit]);
  });

  it.each(['audit', 'audit create', 'audit list', 'audit sample', 'audit status', 'audit risk'])('explains "attest %s"', async (cmd) => {
    const r = await run(...cmd.split(' '), '--help');
    expect(r.code).toBe(0);
    expect(r.stdout).toMatch(/^Usage: attest audit/m);
  });
});

describe('attest audit through a running server', () => {
  const dir = tempDir();
  let server: Server | undefined;
  const run = (...args: string[]) => attest(args, { cwd: dir });
  beforeAll(async () => {
    expect((await run('init', '--org', 'Served Audit', '--categories', 'security')).code).toBe(0);
    server = await startServer(dir);
    for (const d of ['2026-01-05', '2026-07-05']) {
      const file = join(dir, `minutes-${d}.txt`);
      writeFileSync(file, `board minutes ${d}\n`);
      expect((await run('evidence', 'add', file, '--control', 'GOV-04', '--effective', d)).code).toBe(0);
    }
  }, 120_000);
  afterAll(async () => {
    await server?.stop();
  });

  it('creates, samples reproducibly and reports status through the API', async () => {
    const created = await run('audit', 'create', '--type', '2', '--from', '2025-11-01', '--to', '2026-10-31');
    expect(created.stderr).toBe('');
    const id = created.stdout.trim();
    expect(id).toMatch(/^[0-9a-f-]{36}$/);
    const first = await run('audit', 'sample', id, '--seed', '9', '--control', 'GOV-04', '--json');
    expect(first.code).toBe(0);
    expect((await run('audit', 'sample', id, '--seed', '9', '--control', 'GOV-04', '--json')).stdout).toBe(first.stdout);
    expect((JSON.parse(first.stdout) as Sample).controls[0]).toMatchObject({ control: 'GOV-04', populationSize: 2, size: 2, rule: 'frequency_table' });
    const status = JSON.parse((await run('audit', 'status', id, '--control', 'GOV-04', '--json')).stdout) as Status;
    expect(status.controls[0]).toMatchObject({ expected: 4, evidenced: 2, state: 'gaps' });
    const bad = await run('audit', 'create', '--type', '2', '--from', '2026-06-01', '--to', '2026-01-01');
    expect(bad.code).toBe(2);
    expect(bad.stderr).toMatch(/to: the period must end after it starts/);
    const unknown = await run('audit', 'sample', '00000000-0000-4000-8000-000000000000', '--seed', '1');
    expect(unknown.code).toBe(2);
    expect(unknown.stderr).toMatch(/audit: no audit with id/);
    expect(server!.output()).not.toMatch(/"level":50/);
  }, 60_000);
});
