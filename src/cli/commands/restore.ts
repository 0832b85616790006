import type { Command } from 'commander';
import { createHash } from 'node:crypto';
import { createReadStream, promises as fs } from 'node:fs';
import { join, resolve } from 'node:path';
import { createServices, DEFAULT_LIMITS, type VerifyReport } from '../../app/index.js';
import { catalog } from '../../content/load.js';
import { AppError, invalidField } from '../../domain/errors.js';
import { FileBlobStore } from '../../store/blob-store.js';
import { openPglite, type Db } from '../../store/db.js';
import { createStore } from '../../store/index.js';
import { migrate } from '../../store/migrate.js';
import { DATABASE, hashFile, integrityFailure, isNonEmptyDir, pathMatchesDigest, readManifest } from '../backup-format.js';
import type { CommandContext } from '../main.js';
import { lockPath, WorkspaceLock } from '../lock.js';
import { json, progress } from '../output.js';
import { pgliteDir } from '../runtime.js';

export function registerRestore(program: Command, ctx: CommandContext) {
  program
    .command('restore <backup_dir>')
    .description('Create a workspace from a backup: check every hash first, restore the database and evidence, then verify')
    .option('--json', 'print what was restored and the verification report as JSON')
    .addHelpText('after', `
Restores into ATTEST_DATA_DIR (default ./.attest), which must be new or empty: restore never
writes over a workspace. Every file is checked against the manifest before anything is written;
an altered or missing file stops the restore (exit 1) naming it. Then the database is created
from the dump, the evidence files are copied, and the same checks as \`attest verify\` run.

Example:
  ATTEST_DATA_DIR=restored attest restore backups/2026-11-30
  ATTEST_DATA_DIR=restored attest evidence list`)
    .action(async (backupDir: string, opts: { json?: boolean }) => {
      const config = ctx.config();
      if (config.databaseUrl) {
        throw invalidField('DATABASE_URL', 'server_database', 'restore creates an embedded workspace, and DATABASE_URL points at a PostgreSQL server: unset DATABASE_URL to restore into ATTEST_DATA_DIR (a server database is restored with pg_restore or psql from its pg_dump).');
      }
      const from = resolve(backupDir);
      const target = config.dataDir;
      const refuseTarget = () => invalidField('ATTEST_DATA_DIR', 'not_empty', `${target} is not empty: restore creates a new workspace and never writes over one. Point ATTEST_DATA_DIR at a new or empty folder (ATTEST_DATA_DIR=restored attest restore ${backupDir}), or move ${target} aside first.`);
      const manifest = await readManifest(from);
      if (await isNonEmptyDir(target, 'ATTEST_DATA_DIR')) throw refuseTarget();

      // 1. Every file against the manifest, before anything is written. The dump is kept in
      //    memory as it was hashed, so what is restored is what was checked.
      const bar = progress(ctx.io, 'restoring');
      const problems: Parameters<typeof integrityFailure>[1] = [];
      const evidenceFiles = Object.entries(manifest.files).filter(([path]) => path !== DATABASE);
      const names = new Map<string, string>();
      for (const e of manifest.evidence) names.set(e.file, [names.get(e.file), `evidence ${e.id} (${e.filename})`].filter(Boolean).join(', '));
      let dump: Buffer | null = null;
      try {
        dump = await fs.readFile(join(from, DATABASE));
      } catch {
        problems.push({ file: DATABASE, problem: 'missing', message: `${DATABASE} is missing` });
      }
      const expectedDump = manifest.files[DATABASE]!;
      if (dump && (createHash('sha256').update(dump).digest('hex') !== expectedDump.sha256 || dump.byteLength !== expectedDump.size)) {
        problems.push({ file: DATABASE, problem: 'altered', message: `${DATABASE} was altered: its sha-256 is not the one in the manifest` });
      }
      let checked = 1;
      for (const [path, expected] of evidenceFiles) {
        const who = names.get(path) ? ` (${names.get(path)})` : '';
        const got = await hashFile(join(from, path));
        if (!got) problems.push({ file: path, problem: 'missing', message: `${path}${who} is missing` });
        else if (got.sha256 !== expected.sha256 || got.size !== expected.size || !pathMatchesDigest(path, expected)) problems.push({ file: path, problem: 'altered', message: `${path}${who} was altered: its sha-256 is not the one in the manifest` });
        bar.tick(++checked, `of ${evidenceFiles.length + 1} files checked`);
      }
      bar.done();
      if (problems.length || !dump) {
        throw integrityFailure(`the backup in ${from} was altered, nothing was restored: ${problems.map((p) => p.message).join('; ')}`, problems);
      }

      // 2. Create the workspace, holding its lock so no other process opens it meanwhile.
      const existed = await fs.stat(target).then(() => true, () => false);
      await fs.mkdir(target, { recursive: true });
      const lock = WorkspaceLock.acquire(target, 'restore');
      if (!(lock instanceof WorkspaceLock)) throw new AppError('workspace_locked', `${target} is in use by process ${lock.pid} (attest ${lock.command}): restore into a folder no process uses`);
      let db: Db | null = null;
      let report: VerifyReport;
      try {
        if ((await fs.readdir(target)).some((n) => join(target, n) !== lockPath(target))) throw refuseTarget();
        db = await openPglite(pgliteDir(target), { loadDataDir: new Blob([dump]) });
        await migrate(db); // a backup from an older attest comes up to this version's schema
        const blobs = new FileBlobStore(join(target, 'evidence'));
        let copied = 0;
        for (const [path, expected] of evidenceFiles) {
          const stored = await blobs.put(createReadStream(join(from, path)));
          if (stored.sha256 !== expected.sha256) throw integrityFailure(`${path} changed while it was being restored: restore stopped`, [{ file: path, problem: 'altered', message: 'changed during the restore' }]);
          bar.tick(++copied, `of ${evidenceFiles.length} evidence files restored`);
        }
        bar.done();
        const services = createServices({ store: createStore(db, blobs), catalog: catalog(), clock: () => new Date(), limits: DEFAULT_LIMITS });
        report = await services.verify(bar.tick).run();
        bar.done();
        const closing = db;
        db = null;
        await closing.close();
      } catch (e) {
        bar.done();
        await db?.close().catch(() => undefined);
        // Only what this restore created: the folder was empty but for our lock.
        await fs.rm(pgliteDir(target), { recursive: true, force: true });
        await fs.rm(join(target, 'evidence'), { recursive: true, force: true });
        lock.release();
        if (!existed) await fs.rmdir(target).catch(() => undefined);
        throw e;
      }
      lock.release();

      if (!report.ok) ctx.setExit(1);
      const backup = { dir: from, createdAt: manifest.createdAt, attestVersion: manifest.attestVersion, engine: manifest.engine, organizations: manifest.organizations, counts: manifest.counts };
      if (opts.json) return json(ctx.io, { dataDir: target, backup, evidenceFiles: evidenceFiles.length, verify: report });
      const orgs = manifest.organizations.map((o) => `"${o.name}"`).join(', ') || '(no organization)';
      ctx.io.out(`Restored ${orgs} into ${target} from the backup made ${manifest.createdAt} by attest ${manifest.attestVersion}.`);
      ctx.io.out(`  database   ${manifest.counts.controls} controls, ${manifest.counts.evidence} evidence records, ${manifest.counts.auditEntries} audit-log entries`);
      ctx.io.out(`  evidence   ${evidenceFiles.length} file(s), every sha-256 checked`);
      const problemsOf = (kind: string) => report.problems.filter((p) => p.kind.startsWith(kind));
      ctx.io.out(`Audit log: ${report.auditEntries} entries in ${report.organizations} organization(s): ${problemsOf('audit').length ? 'ALTERED' : 'intact'}`);
      ctx.io.out(`Evidence: ${report.evidenceChecked} file(s): ${problemsOf('evidence').length ? 'ALTERED' : 'intact'}`);
      for (const p of report.problems) ctx.io.out(`  ✗ ${p.kind}: ${p.message}`);
      if (!report.ok) ctx.io.err(`attest: the restored workspace failed verification: ${report.problems.length} problem(s) (they were in the backup).`);
      else ctx.io.out(`Use it with ATTEST_DATA_DIR=${target} (attest status, attest serve).`);
    });
}
