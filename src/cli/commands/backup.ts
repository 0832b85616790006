import type { Command } from 'commander';
import { randomBytes } from 'node:crypto';
import { openAsBlob, promises as fs } from 'node:fs';
import { basename, dirname, join, resolve } from 'node:path';
import { BackupService, serverDatabaseRefusal, type BackupInventory } from '../../app/backup.service.js';
import { AppError, invalidField } from '../../domain/errors.js';
import { FileBlobStore } from '../../store/blob-store.js';
import { openPglite } from '../../store/db.js';
import { createStore } from '../../store/index.js';
import {
  copyHashed, DATABASE, evidencePath, FORMAT, FORMAT_VERSION, formatBytes, fsyncDir, integrityFailure, isNonEmptyDir, MANIFEST, writeHashed,
  type FileDigest, type Manifest,
} from '../backup-format.js';
import { connect } from '../client.js';
import type { CommandContext } from '../main.js';
import { VERSION } from '../main.js';
import { json, progress } from '../output.js';

/** Reads the dump in memory (a copy, not the data folder) to list what it holds. */
async function inventoryOf(dumpPath: string, evidenceDir: string): Promise<BackupInventory> {
  let db;
  try {
    db = await openPglite(undefined, { loadDataDir: await openAsBlob(dumpPath) });
  } catch (e) {
    throw new AppError('integrity_failure', `the database dump cannot be opened, so it would not restore: ${(e as Error).message}`);
  }
  try {
    return await new BackupService({ store: createStore(db, new FileBlobStore(evidenceDir)) }).inventory();
  } finally {
    await db.close();
  }
}

export function registerBackup(program: Command, ctx: CommandContext) {
  program
    .command('backup <out_dir>')
    .description('Copy the workspace into a new folder: the database, every evidence file (each hash checked) and a manifest of sha-256s')
    .option('--json', 'print the manifest summary as JSON')
    .addHelpText('after', `
OUT_DIR must be new or empty. It receives manifest.json, database.tar.gz (the embedded
database, dumped by the process that has it open: this one, or \`attest serve\` while it runs,
which keeps serving) and evidence/<aa>/<sha256> for every evidence file the database references.
A file whose bytes no longer match its hash fails the backup (exit 1) naming the evidence.
For a PostgreSQL server (DATABASE_URL), use pg_dump instead.

Example:
  attest backup backups/2026-11-30
  ATTEST_DATA_DIR=restored attest restore backups/2026-11-30`)
    .action(async (outDir: string, opts: { json?: boolean }) => {
      const config = ctx.config();
      if (config.databaseUrl) throw serverDatabaseRefusal();
      const out = resolve(outDir);
      if (await isNonEmptyDir(out, 'OUT_DIR')) throw invalidField('OUT_DIR', 'not_empty', `${out} exists and is not empty: a backup goes into a new or empty folder`);

      // Everything is written to a folder beside OUT_DIR and renamed into place at the end,
      // so a failed backup leaves nothing that looks like one.
      await fs.mkdir(dirname(out), { recursive: true });
      const work = join(dirname(out), `.${basename(out)}.partial-${randomBytes(4).toString('hex')}`);
      await fs.mkdir(work);
      const bar = progress(ctx.io, 'backing up');
      try {
        const files: Record<string, FileDigest> = {};
        const client = await connect(config, 'backup');
        const via = client.via;
        try {
          const dump = await client.dumpDatabase();
          files[DATABASE] = await writeHashed(join(work, DATABASE), dump.body);
          if (dump.sha256 && dump.sha256 !== files[DATABASE].sha256) throw new AppError('integrity_failure', `the database dump was damaged on its way from ${via}: run the backup again`);
        } finally {
          await client.close(); // the dump is taken: the workspace is free again
        }

        const evidenceDir = join(config.dataDir, 'evidence');
        const inv = await inventoryOf(join(work, DATABASE), evidenceDir);

        // Evidence files are copied from disk, even while a server runs: they are immutable and
        // content-addressed (written to a temporary name, then renamed to their sha-256), so a
        // file under its hash is always complete, and each copy's hash is checked against the
        // database. Streaming them through the API would double the I/O for nothing, as the CLI
        // and the server share this disk. (A remote blob store would need the stream.)
        const bySha = new Map<string, BackupInventory['evidence']>();
        for (const e of inv.evidence) bySha.set(e.sha256, [...(bySha.get(e.sha256) ?? []), e]);
        const orgName = new Map(inv.organizations.map((o) => [o.id, o.name]));
        const problems: Parameters<typeof integrityFailure>[1] = [];
        let copied = 0;
        for (const [sha256, records] of bySha) {
          const rel = evidencePath(sha256);
          const got = await copyHashed(join(evidenceDir, sha256.slice(0, 2), sha256), join(work, rel));
          const expected = records[0]!;
          const who = records.map((r) => `evidence ${r.id} (${r.filename}, ${orgName.get(r.organization) ?? r.organization})`).join(', ');
          if (!got) problems.push({ file: rel, problem: 'missing', message: `${who}: the file is missing from ${evidenceDir}` });
          else if (got.sha256 !== sha256 || got.size !== expected.size) problems.push({ file: rel, problem: 'altered', message: `${who}: the stored file was altered (sha-256 ${got.sha256.slice(0, 12)}…, recorded ${sha256.slice(0, 12)}…)` });
          else files[rel] = got;
          copied += 1;
          bar.tick(copied, `of ${bySha.size} evidence files`);
        }
        if (problems.length) {
          throw integrityFailure(`backup failed: ${problems.length} evidence file(s) do not match the database: ${problems.map((p) => p.message).join('; ')}. Run \`attest verify\` for the full picture.`, problems);
        }

        const manifest: Manifest = {
          format: FORMAT,
          formatVersion: FORMAT_VERSION,
          createdAt: new Date().toISOString(),
          attestVersion: VERSION,
          engine: 'pglite',
          organizations: inv.organizations,
          counts: { ...inv.counts, evidenceFiles: bySha.size },
          evidence: inv.evidence.map((e) => ({ ...e, file: evidencePath(e.sha256) })),
          files,
        };
        await writeHashed(join(work, MANIFEST), [Buffer.from(`${JSON.stringify(manifest, null, 2)}\n`)]);
        for (const sub of new Set(Object.keys(files).map((f) => dirname(join(work, f))))) await fsyncDir(sub);
        await fsyncDir(work);
        await fs.rmdir(out).catch((e: NodeJS.ErrnoException) => { if (e.code !== 'ENOENT') throw e; }); // empty, checked above
        await fs.rename(work, out);
        await fsyncDir(dirname(out));
        bar.done();

        const bytes = Object.values(files).reduce((n, f) => n + f.size, 0);
        const summary = { out, via, createdAt: manifest.createdAt, attestVersion: VERSION, engine: manifest.engine, organizations: manifest.organizations, counts: manifest.counts, files: Object.keys(files).length + 1, bytes };
        if (opts.json) return json(ctx.io, summary);
        const names = inv.organizations.map((o) => `"${o.name}"`).join(', ') || '(no organization yet)';
        ctx.io.out(`Backed up ${names} from the ${via} to ${out}`);
        ctx.io.out(`  database   ${DATABASE} (${formatBytes(files[DATABASE]!.size)}): ${inv.counts.controls} controls, ${inv.counts.evidence} evidence records, ${inv.counts.auditEntries} audit-log entries`);
        ctx.io.out(`  evidence   ${bySha.size} file(s), ${formatBytes(bytes - files[DATABASE]!.size)}, every sha-256 checked`);
        ctx.io.out(`  manifest   ${join(out, MANIFEST)}`);
        ctx.io.out(`Restore it into an empty folder with: ATTEST_DATA_DIR=<new folder> attest restore ${outDir}`);
      } catch (e) {
        await fs.rm(work, { recursive: true, force: true });
        throw e;
      } finally {
        bar.done();
      }
    });
}
