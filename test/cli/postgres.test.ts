// With DATABASE_URL the workspace lives on a PostgreSQL server: no lock, several processes at once.
import { writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { createPostgresDatabase } from '../support/engines.js';
import { attest, startServer, tempDir } from './harness.js';

describe('attest on a PostgreSQL server', () => {
  let db: { url: string; drop: () => Promise<void> };
  beforeAll(async () => { db = await createPostgresDatabase(); });
  afterAll(async () => { await db?.drop(); });

  it('runs init, a server and direct commands side by side', async () => {
    const dir = tempDir();
    const env = { DATABASE_URL: db.url };
    const init = await attest(['init', '--org', 'Pg Co', '--categories', 'security,confidentiality'], { cwd: dir, env });
    expect(init.code, init.stderr).toBe(0);
    expect(init.stdout).toMatch(/PostgreSQL postgres:\/\//);
    const server = await startServer(dir, env);
    try {
      writeFileSync(join(dir, 'dpa.pdf'), '%PDF-1.4 data processing agreement');
      const [add, status] = await Promise.all([
        attest(['evidence', 'add', join(dir, 'dpa.pdf'), '--control', 'DAT-01', '--json'], { cwd: dir, env }),
        attest(['status', '--json'], { cwd: dir, env }),
      ]);
      expect(add.code, add.stderr).toBe(0);
      expect(status.code, status.stderr).toBe(0);
      expect(JSON.parse(status.stdout).scope.categories).toEqual(['security', 'confidentiality']);
      // The server sees what the direct command wrote.
      const id = (JSON.parse(add.stdout) as { id: string }).id;
      // No lock with a PostgreSQL server, so no local token: an API token made by a direct command.
      const created = await attest(['tokens', 'create', '--role', 'viewer', '--expires', '1d'], { cwd: dir, env });
      expect(created.code, created.stderr).toBe(0);
      const token = created.stdout.trim();
      expect(token).toMatch(/^att_/);
      expect((await fetch(`${server.url}/api/evidence/${id}`)).status).toBe(401);
      expect((await fetch(`${server.url}/api/evidence/${id}`, { headers: { authorization: `Bearer ${token}` } })).status).toBe(200);
      const health = (await (await fetch(`${server.url}/healthz`)).json()) as { engine: string };
      expect(health.engine).toBe('postgres');
    } finally {
      expect(await server.stop()).toBe(0);
    }
    const verify = await attest(['verify'], { cwd: dir, env });
    expect(verify.code, verify.stdout).toBe(0);
  }, 60_000);

  it('fails with the cause when the server cannot be reached', async () => {
    const r = await attest(['status'], { cwd: tempDir(), env: { DATABASE_URL: 'postgres://nobody@127.0.0.1:1/none' } });
    expect(r.code).toBe(1);
    expect(r.stderr).not.toMatch(/unexpected error/);
    expect(r.stderr).toMatch(/cannot connect to PostgreSQL at postgres:\/\/nobody@127\.0\.0\.1:1\/none/);
  });
});
