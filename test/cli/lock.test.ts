// One process per embedded workspace: while `attest serve` holds it, other commands go
// through its API; a second server is refused; stale locks of dead processes are cleared.
import { spawn } from 'node:child_process';
import { writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { attest, startServer, tempDir } from './harness.js';

describe('the workspace lock', () => {
  it('serves other commands through the running server and refuses a second server', async () => {
    const dir = tempDir();
    writeFileSync(join(dir, 'scan.json'), '{"findings": []}');
    const server = await startServer(dir, {}, ['--org', 'Lock Co']);
    try {
      const [status, controls, add, second] = await Promise.all([
        attest(['status', '--json'], { cwd: dir }),
        attest(['controls', '--status', 'no_evidence', '--json'], { cwd: dir }),
        attest(['evidence', 'add', join(dir, 'scan.json'), '--control', 'VUL-01', '--json'], { cwd: dir }),
        attest(['serve', '--port', '0'], { cwd: dir }),
      ]);
      expect(status.code, status.stderr).toBe(0);
      expect(JSON.parse(status.stdout).organization.name).toBe('Lock Co');
      expect(controls.code, controls.stderr).toBe(0);
      expect((JSON.parse(controls.stdout) as unknown[]).length).toBeGreaterThan(100);
      expect(add.code, add.stderr).toBe(0);
      expect(second.code).toBe(2);
      expect(second.stderr).toMatch(new RegExp(`in use by process ${server.proc.pid} \\(attest serve\\) at ${server.url}`));
      // The upload went through the server, authenticated by the local token.
      const log = (await (await server.api('/api/audit-log?limit=1')).json()) as { action: string; actor: string }[];
      expect(log[0]).toMatchObject({ action: 'evidence.add', actor: 'cli' });
      const verify = await attest(['verify'], { cwd: dir });
      expect(verify.code, verify.stderr).toBe(0);
      expect(verify.stdout).toMatch(/Evidence: 1 file\(s\): intact/);
    } finally {
      expect(await server.stop()).toBe(0);
    }
    // Once the server has stopped, the workspace opens in-process and verifies.
    const after = await attest(['verify'], { cwd: dir });
    expect(after.code, after.stderr).toBe(0);
    const list = JSON.parse((await attest(['evidence', 'list', '--json'], { cwd: dir })).stdout) as unknown[];
    expect(list).toHaveLength(1);
  }, 90_000);

  it('waits for, then refuses, a command holding the workspace; clears the lock once its process is gone', async () => {
    const dir = tempDir();
    expect((await attest(['init', '--org', 'Busy Co'], { cwd: dir })).code).toBe(0);
    const holder = spawn(process.execPath, ['-e', 'setTimeout(() => {}, 60000)'], { stdio: 'ignore' });
    const lockFile = join(dir, '.attest', 'attest.lock');
    writeFileSync(lockFile, JSON.stringify({ pid: holder.pid, command: 'verify', startedAt: new Date().toISOString() }));
    try {
      const refused = await attest(['status'], { cwd: dir });
      expect(refused.code).toBe(2);
      expect(refused.stderr).toMatch(new RegExp(`in use by process ${holder.pid} \\(attest verify\\)`));
    } finally {
      holder.kill('SIGKILL');
      await new Promise((r) => holder.on('exit', r));
    }
    const ok = await attest(['status', '--json'], { cwd: dir });
    expect(ok.code, ok.stderr).toBe(0);
    // A torn lock file (a crash mid-write) is stale too.
    writeFileSync(lockFile, '{"pid": 12');
    expect((await attest(['verify'], { cwd: dir })).code).toBe(0);
  }, 60_000);
});
