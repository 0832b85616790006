// `attest tasks` end to end, on a PostgreSQL workspace (commands open it directly, and the
// test can write a task from a past quarter, as the daily job would have made it back then):
// the overdue task shows, puts its control at risk, refuses evidence from outside its period,
// and completing it with in-period evidence clears both.
import { randomUUID } from 'node:crypto';
import { writeFileSync } from 'node:fs';
import { join } from 'node:path';
import pg from 'pg';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { createPostgresDatabase } from '../support/engines.js';
import { attest, tempDir } from './harness.js';

describe('attest tasks', () => {
  let db: { url: string; drop: () => Promise<void> };
  beforeAll(async () => { db = await createPostgresDatabase(); });
  afterAll(async () => { await db?.drop(); });

  it('lists, shows the overdue task and its control at risk, and completes it with evidence', async () => {
    const dir = tempDir();
    const env = { DATABASE_URL: db.url };
    const run = (args: string[]) => attest(args, { cwd: dir, env });
    expect((await run(['init', '--org', 'Tasks Co'])).code).toBe(0);

    const none = await run(['tasks']);
    expect(none.code, none.stderr).toBe(0);
    expect(none.stdout).toMatch(/No tasks\. .*attest tasks generate/);

    const generated = await run(['tasks', 'generate', '--json']);
    expect(generated.code, generated.stderr).toBe(0);
    const counts = JSON.parse(generated.stdout) as { created: number; controls: number };
    expect(counts.created).toBe(counts.controls * 2);
    expect(JSON.parse((await run(['tasks', 'generate', '--json'])).stdout)).toMatchObject({ created: 0 });

    // A task of Q3 2026, due 2026-10-15, still open: as if the job had made it then.
    const client = new pg.Client({ connectionString: db.url });
    await client.connect();
    const { rows: [org] } = await client.query<{ id: string }>('SELECT id FROM organizations');
    const taskId = randomUUID();
    await client.query(
      `INSERT INTO tasks (org_id, id, control_id, frequency, period_start, period_end, period_label, due_on, assignee, created_at, updated_at)
       VALUES ($1, $2, 'IAM-08', 'quarterly', '2026-07-01', '2026-09-30', 'Q3 2026', '2026-10-15', 'dana@example.com', '2026-07-01T00:11:00Z', '2026-07-01T00:11:00Z')`,
      [org!.id, taskId],
    );
    await client.end();

    const overdue = await run(['tasks', '--overdue']);
    expect(overdue.code, overdue.stderr).toBe(0);
    expect(overdue.stdout).toContain(taskId);
    expect(overdue.stdout).toMatch(/IAM-08\s+Q3 2026\s+2026-10-15\s+OVERDUE \(\d+ d\)\s+dana@example\.com/);
    expect(overdue.stdout).toMatch(/1 task, 1 overdue\./);
    const atRisk = JSON.parse((await run(['controls', '--status', 'at_risk', '--json'])).stdout) as { id: string; explanation: string }[];
    expect(atRisk.map((c) => c.id)).toEqual(['IAM-08']);
    expect(atRisk[0]!.explanation).toMatch(/^at risk: Quarterly user access reviews for Q3 2026 was due 2026-10-15 and is overdue \(\d+ days\)$/);

    writeFileSync(join(dir, 'q3-review.csv'), 'account,reviewer,decision\nci-bot,dana,keep\n');
    const add = async (effective: string) => {
      const r = await run(['evidence', 'add', join(dir, 'q3-review.csv'), '--control', 'IAM-01', '--effective', effective, '--json']);
      expect(r.code, r.stderr).toBe(0);
      return (JSON.parse(r.stdout) as { id: string }).id;
    };
    const tooEarly = await run(['tasks', 'complete', taskId, '--evidence', await add('2026-06-30')]);
    expect(tooEarly.code).toBe(2);
    expect(tooEarly.stderr).toMatch(/evidenceId: the evidence is effective 2026-06-30, outside Q3 2026/);
    const missing = await run(['tasks', 'complete', taskId]);
    expect(missing.code).not.toBe(0);
    expect(missing.stderr).toMatch(/--evidence/);

    const done = await run(['tasks', 'complete', taskId, '--evidence', await add('2026-09-28'), '--note', 'quarterly review, 2 accounts removed', '--json']);
    expect(done.code, done.stderr).toBe(0);
    expect(JSON.parse(done.stdout)).toMatchObject({ id: taskId, state: 'done', evidenceEffective: '2026-09-28', note: 'quarterly review, 2 accounts removed', completedBy: 'cli' });
    expect((await run(['tasks', '--overdue'])).stdout).toMatch(/^No overdue tasks\./);
    expect(JSON.parse((await run(['controls', '--status', 'at_risk', '--json'])).stdout)).toEqual([]);

    const skipped = await run(['tasks', 'skip', randomUUID(), '--reason', 'nothing']);
    expect(skipped.code).toBe(2);
    expect(skipped.stderr).toMatch(/task .* does not exist/);
    const help = await run(['tasks', '--help']);
    expect(help.stdout).toMatch(/attest tasks complete TASK_ID --evidence EVIDENCE_ID/);
  }, 240_000); // ~20 commands against PostgreSQL, each a fresh process: slow on a busy machine
});
