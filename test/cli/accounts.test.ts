// Accounts end to end with the built command: the first-run setup link `attest serve` prints,
// the key file it writes, `attest users reset-password` and `attest tokens` through the running
// server, and serving on every interface.
import { statSync } from 'node:fs';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { attest, startServer, tempDir, type Server } from './harness.js';

const PASSWORD = 'the very first password';
let dir: string;
let server: Server;
const run = (...args: string[]) => attest(args, { cwd: dir });
const post = (path: string, body: object, headers: Record<string, string> = {}) =>
  fetch(`${server.url}${path}`, { method: 'POST', headers: { 'content-type': 'application/json', ...headers }, body: JSON.stringify(body) });

beforeAll(async () => {
  dir = tempDir('attest-accounts-');
  server = await startServer(dir, {}, ['--org', 'Setup Co']);
}, 60_000);
afterAll(async () => {
  await server?.stop();
});

describe('first run', () => {
  it('prints a one-time setup link after the serving line; the link creates the owner, once', async () => {
    const token = await server.setupToken();
    expect(token).toMatch(/^[\w-]{43}$/);
    const out = server.output();
    expect(out.indexOf('Attest is serving')).toBeLessThan(out.indexOf('/setup#token='));
    expect(out).toContain(`${server.url}/setup#token=${token}`);
    // Without the token, or with a wrong one, nothing is created.
    expect((await fetch(`${server.url}/api/controls`)).status).toBe(401);
    const body = { token: token!, email: 'owner@setup.example', name: 'Olga Owner', password: PASSWORD };
    expect((await post('/api/auth/setup', { ...body, token: 'x'.repeat(43) })).status).toBe(400);
    const res = await post('/api/auth/setup', body);
    expect(res.status).toBe(201);
    expect(((await res.json()) as { user: { role: string }; organization: { name: string } })).toMatchObject({ user: { role: 'owner' }, organization: { name: 'Setup Co' } });
    expect((await post('/api/auth/setup', body)).status).toBe(409);
    const login = await post('/api/auth/login', { email: 'owner@setup.example', password: PASSWORD });
    expect(login.status).toBe(200);
  });

  it('writes the server key to the data folder, readable by its owner only', () => {
    const mode = statSync(join(dir, '.attest', 'secret.key')).mode & 0o777;
    expect(mode).toBe(0o600);
  });
});

describe('through the running server', () => {
  it('attest users reset-password prints a one-time link that sets a new password', async () => {
    const r = await run('users', 'reset-password', 'owner@setup.example');
    expect(r.code, r.stderr).toBe(0);
    const link = r.stdout.trim();
    expect(link).toMatch(new RegExp(`^${server.url}/reset-password#token=[\\w-]{43}$`));
    const token = link.split('#token=')[1]!;
    expect((await post('/api/auth/password-reset', { token, password: 'a second password now' })).status).toBe(204);
    expect((await post('/api/auth/login', { email: 'owner@setup.example', password: PASSWORD })).status).toBe(401);
    expect((await post('/api/auth/login', { email: 'owner@setup.example', password: 'a second password now' })).status).toBe(200);
    expect((await post('/api/auth/password-reset', { token, password: 'a third password now' })).status).toBe(400);
    const unknown = await run('users', 'reset-password', 'nobody@setup.example');
    expect(unknown.code).toBe(2);
    expect(unknown.stderr).toContain('nobody@setup.example');
  });

  it('attest tokens create prints a token once; it works with its role until revoked', async () => {
    const created = await run('tokens', 'create', '--name', 'CI', '--role', 'viewer', '--expires', '30d');
    expect(created.code, created.stderr).toBe(0);
    const token = created.stdout.trim();
    expect(token).toMatch(/^att_[\w-]{43}$/);
    expect(created.stderr).toMatch(/viewer, expires \d{4}-/);
    const auth = { authorization: `Bearer ${token}` };
    expect((await fetch(`${server.url}/api/controls`, { headers: auth })).status).toBe(200);
    const write = await fetch(`${server.url}/api/controls/IAM-01`, { method: 'PATCH', headers: { ...auth, 'content-type': 'application/json' }, body: JSON.stringify({ notes: 'x' }) });
    expect(write.status).toBe(403);

    const list = await run('tokens', 'list', '--json');
    const tokens = JSON.parse(list.stdout) as { id: string; name: string; state: string; lastUsedAt: string | null; createdBy: string }[];
    const mine = tokens.find((t) => t.name === 'CI')!;
    expect(mine).toMatchObject({ state: 'active', createdBy: 'cli' });
    expect(mine.lastUsedAt).not.toBeNull();
    expect(list.stdout).not.toContain(token);

    const revoked = await run('tokens', 'revoke', mine.id);
    expect(revoked.code, revoked.stderr).toBe(0);
    expect((await fetch(`${server.url}/api/controls`, { headers: auth })).status).toBe(401);
  });

  it('refuses a bad role or duration before calling the server', async () => {
    const role = await run('tokens', 'create', '--role', 'root');
    expect(role.code).toBe(2);
    expect(role.stderr).toContain('root');
    const expiry = await run('tokens', 'create', '--expires', 'soon');
    expect(expiry.code).toBe(2);
    expect(expiry.stderr).toMatch(/soon/);
  });
});

describe('on every interface', () => {
  it('serves on 0.0.0.0 with --host, saying to put HTTPS in front', async () => {
    const other = tempDir('attest-anyhost-');
    const s = await startServer(other, {}, ['--host', '0.0.0.0']);
    try {
      // The line after the serving line may arrive in a later chunk.
      for (let i = 0; i < 50 && !/Listening on every interface/.test(s.output()); i++) await new Promise((r) => setTimeout(r, 100));
      expect(s.output()).toMatch(/Listening on every interface: .*HTTPS/);
      // Bound to every interface; tests only ever send traffic to loopback (this workplace's rule).
      const port = new URL(s.url).port;
      expect((await fetch(`http://127.0.0.1:${port}/healthz`)).status).toBe(200);
    } finally {
      expect(await s.stop()).toBe(0);
    }
  }, 60_000);
});
