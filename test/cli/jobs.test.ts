// The embedded workspace: `attest serve` runs the jobs in its own process. Schedules are set
// and a job run through the CLI (which goes through the running server), and its outcome read
// back with `attest jobs`.
import { mkdirSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { attest, startServer, tempDir } from './harness.js';

const sleep = (ms: number) => new Promise((r) => setTimeout(r, ms));

describe('jobs in the embedded workspace', () => {
  it('schedule list/set/run and jobs go through `attest serve`, whose in-process worker runs the scan', async () => {
    const dir = tempDir();
    mkdirSync(join(dir, 'infra'));
    writeFileSync(join(dir, 'infra/main.tf'), 'resource "aws_s3_bucket" "logs" {\n  bucket = "acme-logs"\n}\n');
    const env = { ATTEST_WORKER_POLL_MS: '100' };
    const server = await startServer(dir, env, ['--org', 'Embedded Co']);
    try {
      const list = await attest(['schedule', 'list', '--json'], { cwd: dir, env });
      expect(list.code, list.stderr).toBe(0);
      expect((JSON.parse(list.stdout) as { job: string; enabled: boolean }[]).map((s) => [s.job, s.enabled])).toEqual([['evaluate-status', true], ['verify-integrity', true], ['scan-path', false], ['prune-jobs', true], ['generate-tasks', true], ['alert-digest', true], ['prune-alerts', true]]);

      const early = await attest(['schedule', 'run', 'scan-path'], { cwd: dir, env });
      expect(early.code).toBe(2);
      expect(early.stderr).toMatch(/scan-path has no folders to scan yet/);

      const both = await attest(['schedule', 'set', 'scan-path', '--enable', '--disable'], { cwd: dir, env });
      expect(both.code).toBe(2);
      expect(both.stderr).toMatch(/choose --enable or --disable/);
      const badCron = await attest(['schedule', 'set', 'scan-path', '--cron', '0 25 * * *'], { cwd: dir, env });
      expect(badCron.code).toBe(2);
      expect(badCron.stderr).toMatch(/hour: "25" is outside 0-23/);

      const set = await attest(['schedule', 'set', 'scan-path', '--path', 'infra', '--cron', '0 4 * * *', '--enable'], { cwd: dir, env });
      expect(set.code, set.stderr).toBe(0);
      expect(set.stdout).toMatch(/^scan-path: runs at "0 4 \* \* \*" \(UTC\); next run \d{4}-\d\d-\d\dT04:00:00\.000Z; paths: infra$/m);

      const run = await attest(['schedule', 'run', 'scan-path', '--json'], { cwd: dir, env });
      expect(run.code, run.stderr).toBe(0);
      const queued = JSON.parse(run.stdout) as { id: string; state: string };
      expect(queued.state).toBe('queued');

      type Job = { state: string; result: { scanRunId: string; failing: number }; runs: { outcome: string; durationMs: number }[] };
      let job: Job | undefined;
      for (let i = 0; i < 100 && job?.state !== 'completed'; i++) {
        await sleep(100);
        job = (await (await server.api(`/api/jobs/${queued.id}`)).json()) as Job;
      }
      expect(job).toMatchObject({ state: 'completed', runs: [{ outcome: 'completed' }] });
      expect(job!.result.failing).toBeGreaterThan(0);
      const scans = (await (await server.api('/api/scans')).json()) as { id: string; actor: string }[];
      expect(scans[0]).toMatchObject({ id: job!.result.scanRunId, actor: `job:${queued.id}` });
      const failures = (await (await server.api(`/api/scans/${job!.result.scanRunId}/failures?check=aws-s3-bucket-encryption`)).json()) as { path: string }[];
      expect(failures.map((f) => f.path)).toEqual(['infra/main.tf']); // relative to the server's folder, as `attest scan infra` shows it

      const table = await attest(['jobs'], { cwd: dir, env });
      expect(table.code, table.stderr).toBe(0);
      expect(table.stdout).toMatch(new RegExp(`^${queued.id.slice(0, 8)}\\s+scan-path\\s+completed\\s+1/3\\s`, 'm'));
      const none = await attest(['jobs', '--status', 'failed'], { cwd: dir, env });
      expect(none.stdout.trim()).toBe('No failed jobs.');
      const bad = await attest(['jobs', '--status', 'done'], { cwd: dir, env });
      expect(bad.code).toBe(2);
    } finally {
      expect(await server.stop()).toBe(0);
    }
    // With the server stopped, the commands open the workspace themselves and see the same.
    // (The scan's settle-history job came after it; the server may have run it or not.)
    const after = await attest(['jobs', '--json', '--limit', '2'], { cwd: dir });
    expect(after.code, after.stderr).toBe(0);
    expect((JSON.parse(after.stdout) as { name: string; state: string }[]).map((j) => j.name)).toEqual(['settle-history', 'scan-path']);
    expect(JSON.parse(after.stdout)[1]).toMatchObject({ name: 'scan-path', state: 'completed' });
  }, 90_000);
});
