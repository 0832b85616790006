// `attest backup` and `attest restore` end to end, with the built command: a served workspace
// is dumped by its server (which keeps serving), an idle one in-process; restores come back
// identical and verified; altered backups, occupied folders and server databases are refused.
import { createHash } from 'node:crypto';
import { cpSync, existsSync, mkdirSync, readdirSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { readLock } from '../../src/cli/lock.js';
import { attest, startServer, tempDir, upload, type Server } from './harness.js';

interface Evidence { id: string; sha256: string; filename: string; controls: string[]; effectiveAt: string }
interface Summary { out: string; via: string; organizations: { name: string }[]; counts: { organizations: number; evidence: number; evidenceFiles: number; controls: number; auditEntries: number } }
interface Manifest { format: string; formatVersion: number; attestVersion: string; engine: string; organizations: { name: string }[]; files: Record<string, { sha256: string; size: number }> }

const dir = tempDir('attest-backup-');
const workspace = join(dir, '.attest');
const servedBackup = join(dir, 'backups', 'served');
const idleBackup = join(dir, 'backups', 'idle');
let server: Server | null = null;
/** `attest evidence list --json` at the moment of the served backup. */
let listAtBackup: Evidence[] = [];

const sha256 = (bytes: Buffer) => createHash('sha256').update(bytes).digest('hex');
const run = (args: string[], env: Record<string, string> = {}) => attest(args, { cwd: dir, env });
const listOf = async (env: Record<string, string> = {}) => {
  const r = await run(['evidence', 'list', '--json'], env);
  expect(r.code, r.stderr).toBe(0);
  return JSON.parse(r.stdout) as Evidence[];
};
const addEvidence = async (name: string, text: string, controls: string[]) => {
  writeFileSync(join(dir, name), text);
  const r = await run(['evidence', 'add', join(dir, name), ...controls.flatMap((c) => ['--control', c]), '--effective', '2026-09-30', '--json']);
  expect(r.code, r.stderr).toBe(0);
  return JSON.parse(r.stdout) as Evidence;
};
/** No half-written backup (`.<name>.partial-*`) left next to the backups. */
const partials = () => readdirSync(join(dir, 'backups')).filter((n) => n.includes('.partial-'));

beforeAll(async () => {
  mkdirSync(join(dir, 'backups'));
  const r = await run(['init', '--org', 'Backup Co', '--categories', 'security,availability']);
  expect(r.code, r.stderr).toBe(0);
  await addEvidence('policy.md', '# Security policy\nApproved 2026-09-30.\n', ['GOV-01']);
  await addEvidence('access-review.csv', 'user,decision\nalice,keep\nbob,remove\n', ['IAM-08', 'GOV-01']);
});

afterAll(async () => {
  if (server) await server.stop();
  rmSync(dir, { recursive: true, force: true });
});

describe('attest backup', () => {
  it('backs up a served workspace through the server, which keeps serving', async () => {
    server = await startServer(dir);
    await addEvidence('board-minutes.txt', 'The board met on 2026-09-28.\n', ['GOV-01']);
    listAtBackup = await listOf();
    expect(listAtBackup).toHaveLength(3);

    const r = await run(['backup', servedBackup, '--json']);
    expect(r.code, r.stderr).toBe(0);
    const summary = JSON.parse(r.stdout) as Summary;
    // The dump came from the server's process, not from this one opening the folder.
    expect(summary.via).toContain(`the running server (process ${server.proc.pid})`);
    expect(summary.organizations.map((o) => o.name)).toEqual(['Backup Co']);
    expect(summary.counts).toMatchObject({ organizations: 1, evidence: 3, evidenceFiles: 3 });
    expect(summary.counts.controls).toBeGreaterThan(0);
    expect(summary.counts.auditEntries).toBeGreaterThanOrEqual(4);

    // What the folder holds: the manifest, the dump and one copy per evidence file, each with its hash.
    expect(readdirSync(servedBackup).sort()).toEqual(['database.tar.gz', 'evidence', 'manifest.json']);
    const manifest = JSON.parse(readFileSync(join(servedBackup, 'manifest.json'), 'utf8')) as Manifest;
    expect(manifest).toMatchObject({ format: 'attest-backup', formatVersion: 1, attestVersion: '0.1.0', engine: 'pglite', organizations: [{ name: 'Backup Co' }] });
    const expectedFiles = ['database.tar.gz', ...listAtBackup.map((e) => `evidence/${e.sha256.slice(0, 2)}/${e.sha256}`)].sort();
    expect(Object.keys(manifest.files).sort()).toEqual(expectedFiles);
    for (const [path, digest] of Object.entries(manifest.files)) {
      const bytes = readFileSync(join(servedBackup, path));
      expect({ path, sha256: sha256(bytes), size: bytes.byteLength }).toEqual({ path, ...digest });
    }
    expect(partials()).toEqual([]);

    // The server still holds the workspace and still works.
    const lock = readLock(workspace);
    expect(lock.state === 'held' && lock.info.pid).toBe(server.proc.pid);
    expect((await server.api('/api/status')).status).toBe(200);
    const res = await upload(server, { name: 'after-backup.txt', bytes: Buffer.from('added after the backup\n') }, ['GOV-01']);
    expect(res.status).toBe(201);

    // The dump route is for `attest` commands only (they present the lock's local token):
    // not for anonymous callers, nor for an API token, even an owner's.
    const anonymous = await fetch(`${server.url}/api/backup/database`);
    expect(anonymous.status).toBe(401);
    expect(((await anonymous.json()) as { error: { code: string } }).error.code).toBe('unauthorized');
    const created = await run(['tokens', 'create', '--role', 'owner', '--json']);
    expect(created.code, created.stderr).toBe(0);
    const ownerToken = (JSON.parse(created.stdout) as { secret: string }).secret;
    const owner = await fetch(`${server.url}/api/backup/database`, { headers: { authorization: `Bearer ${ownerToken}` } });
    expect(owner.status).toBe(403);
    expect(((await owner.json()) as { error: { code: string } }).error.code).toBe('forbidden');

    expect(await server.stop()).toBe(0);
    server = null;
  }, 90_000);

  it('backs up an idle workspace in-process and frees it afterwards', async () => {
    const r = await run(['backup', idleBackup, '--json']);
    expect(r.code, r.stderr).toBe(0);
    const summary = JSON.parse(r.stdout) as Summary;
    expect(summary.via).toContain(`embedded database in ${workspace}`);
    expect(summary.counts).toMatchObject({ organizations: 1, evidence: 4, evidenceFiles: 4 });
    expect(readLock(workspace).state).toBe('free');
  }, 60_000);

  it('refuses an OUT_DIR that is not empty (exit 2) and leaves it alone', async () => {
    const out = join(dir, 'backups', 'occupied');
    mkdirSync(out);
    writeFileSync(join(out, 'notes.txt'), 'keep me\n');
    const r = await run(['backup', out]);
    expect(r.code).toBe(2);
    expect(r.stderr).toContain(`${out} exists and is not empty`);
    expect(readdirSync(out)).toEqual(['notes.txt']);
    expect(partials()).toEqual([]);
  });

  it('fails (exit 1) naming the evidence whose stored file no longer matches its hash, writing no backup', async () => {
    const victim = listAtBackup.find((e) => e.filename === 'policy.md')!;
    const blob = join(workspace, 'evidence', victim.sha256.slice(0, 2), victim.sha256);
    const original = readFileSync(blob);
    writeFileSync(blob, '# Security policy\nApproved by nobody.\n');
    try {
      const out = join(dir, 'backups', 'from-altered');
      const r = await run(['backup', out]);
      expect(r.code).toBe(1);
      expect(r.stderr).toContain(`evidence ${victim.id} (policy.md`);
      expect(r.stderr).toMatch(/was altered/);
      expect(existsSync(out)).toBe(false);
      expect(partials()).toEqual([]);
    } finally {
      writeFileSync(blob, original);
    }
  }, 60_000);

  it('says there is no workspace (exit 2) and writes nothing', async () => {
    const empty = tempDir('attest-backup-none-');
    try {
      const r = await attest(['backup', join(empty, 'out')], { cwd: empty });
      expect(r.code).toBe(2);
      expect(r.stderr).toMatch(/no workspace in .*attest init/);
      expect(readdirSync(empty)).toEqual([]);
    } finally {
      rmSync(empty, { recursive: true, force: true });
    }
  });

  it('refuses a workspace on a PostgreSQL server (exit 2), naming pg_dump', async () => {
    const r = await run(['backup', join(dir, 'backups', 'pg')], { DATABASE_URL: 'postgres://postgres@127.0.0.1:5432/postgres' });
    expect(r.code).toBe(2);
    expect(r.stderr).toContain('pg_dump');
    expect(existsSync(join(dir, 'backups', 'pg'))).toBe(false);
  });
});

describe('attest restore', () => {
  it('restores the served backup into a new folder: verify passes and the evidence is the same', async () => {
    const target = join(dir, 'restored');
    const env = { ATTEST_DATA_DIR: target };
    const r = await run(['restore', servedBackup, '--json'], env);
    expect(r.code, r.stderr).toBe(0);
    const result = JSON.parse(r.stdout) as { dataDir: string; evidenceFiles: number; verify: { ok: boolean; evidenceChecked: number } };
    expect(result).toMatchObject({ dataDir: target, evidenceFiles: 3, verify: { ok: true, evidenceChecked: 3 } });

    const verify = await run(['verify', '--json'], env);
    expect(verify.code, verify.stdout).toBe(0);
    expect(JSON.parse(verify.stdout)).toMatchObject({ ok: true, organizations: 1, evidenceChecked: 3, problems: [] });
    // The restored workspace is the one backed up: same evidence, ids, hashes and links;
    // not the file added to the served workspace after the backup.
    expect(await listOf(env)).toEqual(listAtBackup);
    expect(readLock(target).state).toBe('free');
  }, 60_000);

  it('restores into an existing empty folder too', async () => {
    const target = join(dir, 'empty-target');
    mkdirSync(target);
    const r = await run(['restore', idleBackup], { ATTEST_DATA_DIR: target });
    expect(r.code, r.stderr).toBe(0);
    expect(r.stdout).toMatch(/Evidence: 4 file\(s\): intact/);
    expect((await listOf({ ATTEST_DATA_DIR: target })).map((e) => e.filename).sort()).toEqual(['access-review.csv', 'after-backup.txt', 'board-minutes.txt', 'policy.md']);
  }, 60_000);

  it('refuses a backup whose evidence copy was altered (exit 1), naming the file and writing nothing', async () => {
    const copy = join(dir, 'backups', 'tampered-evidence');
    cpSync(servedBackup, copy, { recursive: true });
    const victim = listAtBackup.find((e) => e.filename === 'access-review.csv')!;
    const rel = `evidence/${victim.sha256.slice(0, 2)}/${victim.sha256}`;
    writeFileSync(join(copy, rel), 'user,decision\nalice,keep\nbob,keep\n');
    const target = join(dir, 'never-restored');
    mkdirSync(target);
    const r = await run(['restore', copy], { ATTEST_DATA_DIR: target });
    expect(r.code).toBe(1);
    expect(r.stderr).toContain(rel);
    expect(r.stderr).toContain(`evidence ${victim.id} (access-review.csv)`);
    expect(r.stderr).not.toContain('database.tar.gz was altered');
    expect(readdirSync(target)).toEqual([]);
  }, 60_000);

  it('refuses a backup whose database dump was altered (exit 1), naming it', async () => {
    const copy = join(dir, 'backups', 'tampered-dump');
    cpSync(servedBackup, copy, { recursive: true });
    const dump = readFileSync(join(copy, 'database.tar.gz'));
    const middle = dump.length >> 1;
    dump[middle] = dump[middle]! ^ 0xff;
    writeFileSync(join(copy, 'database.tar.gz'), dump);
    const target = join(dir, 'never-restored-2');
    const r = await run(['restore', copy], { ATTEST_DATA_DIR: target });
    expect(r.code).toBe(1);
    expect(r.stderr).toContain('database.tar.gz was altered');
    expect(existsSync(target)).toBe(false);
  }, 60_000);

  it('refuses a data folder that is not empty (exit 2), saying what to do', async () => {
    const target = join(dir, 'occupied-data');
    mkdirSync(target);
    writeFileSync(join(target, 'notes.txt'), 'keep me\n');
    const r = await run(['restore', servedBackup], { ATTEST_DATA_DIR: target });
    expect(r.code).toBe(2);
    expect(r.stderr).toContain(`${target} is not empty`);
    expect(r.stderr).toMatch(/Point ATTEST_DATA_DIR at a new or empty folder/);
    expect(readdirSync(target)).toEqual(['notes.txt']);

    // Nor over the live workspace (the default data folder here).
    const live = await run(['restore', servedBackup]);
    expect(live.code).toBe(2);
    expect(live.stderr).toContain(`${workspace} is not empty`);
  });

  it('refuses a folder that is not a backup (exit 2)', async () => {
    const r = await run(['restore', join(dir, 'backups')], { ATTEST_DATA_DIR: join(dir, 'nowhere') });
    expect(r.code).toBe(2);
    expect(r.stderr).toMatch(/is not an attest backup: it has no manifest\.json/);
    expect(existsSync(join(dir, 'nowhere'))).toBe(false);
  });

  it('refuses DATABASE_URL (exit 2): a server database is restored with its own tools', async () => {
    const r = await run(['restore', servedBackup], { DATABASE_URL: 'postgres://postgres@127.0.0.1:5432/postgres', ATTEST_DATA_DIR: join(dir, 'nowhere') });
    expect(r.code).toBe(2);
    expect(r.stderr).toMatch(/pg_restore/);
  });
});

describe('help', () => {
  it.each(['backup', 'restore'])('attest %s --help explains it with an example', async (cmd) => {
    const r = await run([cmd, '--help']);
    expect(r.code).toBe(0);
    expect(r.stdout).toMatch(new RegExp(`^Usage: attest ${cmd} \\[options\\] <(out|backup)_dir>`, 'm'));
    expect(r.stdout).toMatch(new RegExp(`Example:\\n(.*\\n)*\\s+.*attest ${cmd} backups/`));
  });
});
