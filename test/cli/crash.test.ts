// Kill the server (SIGKILL) in the middle of a stream of evidence uploads: every upload
// that was acknowledged must be there, intact, after a restart, and `attest verify` passes.
import { createHash, randomBytes } from 'node:crypto';
import { describe, expect, it } from 'vitest';
import { attest, startServer, tempDir, upload } from './harness.js';

interface Ack { id: string; sha256: string; bytes: Uint8Array }

describe('SIGKILL during evidence uploads', () => {
  it('loses no acknowledged upload and leaves a verifiable workspace', async () => {
    const dir = tempDir();
    const server = await startServer(dir, {}, ['--org', 'Crash Test']);
    const acked: Ack[] = [];
    let failures = 0;
    let killed = false;
    let inFlight = 0;
    let inFlightAtKill = 0;
    const sendOne = async (i: number) => {
      const bytes = randomBytes(20_000 + ((i * 7919) % 200_000));
      inFlight += 1;
      try {
        const res = await upload(server, { name: `export-${i}.bin`, bytes }, ['LOG-01', 'IAM-08'], { effectiveDate: '2026-11-01' });
        if (res.status === 201) {
          const body = (await res.json()) as { id: string; sha256: string };
          acked.push({ id: body.id, sha256: body.sha256, bytes });
        } else failures += 1;
      } catch {
        failures += 1; // connection cut by the kill: not acknowledged
      } finally {
        inFlight -= 1;
      }
    };
    // Three uploads in flight at a time; kill once 12 are acknowledged.
    let next = 0;
    const lanes = Array.from({ length: 3 }, async () => {
      while (!killed && next < 200) {
        await sendOne(next++);
        if (acked.length >= 12 && !killed) {
          killed = true;
          inFlightAtKill = inFlight;
          await server.kill();
        }
      }
    });
    await Promise.all(lanes);
    expect(killed).toBe(true);
    expect(acked.length).toBeGreaterThanOrEqual(12);
    expect(failures + acked.length).toBe(next);
    expect(inFlightAtKill, 'uploads were in flight when the server was killed').toBeGreaterThanOrEqual(1);

    // The dead server's lock is stale; a new server takes the workspace over.
    const again = await startServer(dir);
    try {
      for (const a of acked) {
        expect(createHash('sha256').update(a.bytes).digest('hex')).toBe(a.sha256);
        const meta = await again.api(`/api/evidence/${a.id}`);
        expect(meta.status).toBe(200);
        expect(((await meta.json()) as { sha256: string }).sha256).toBe(a.sha256);
        const file = new Uint8Array(await (await again.api(`/api/evidence/${a.id}/download`)).arrayBuffer());
        expect(Buffer.compare(file, a.bytes)).toBe(0);
      }
      const list = (await (await again.api('/api/evidence?limit=500')).json()) as { total: number };
      expect(list.total).toBeGreaterThanOrEqual(acked.length);
      const viaServer = await attest(['verify', '--json'], { cwd: dir });
      expect(viaServer.code, viaServer.stderr).toBe(0);
      expect(JSON.parse(viaServer.stdout)).toMatchObject({ ok: true, problems: [] });
    } finally {
      expect(await again.stop()).toBe(0);
    }
    const local = await attest(['verify'], { cwd: dir });
    expect(local.code, local.stdout + local.stderr).toBe(0);
  }, 120_000);
});
