// The folder `attest backup` writes and `attest restore` reads:
//   manifest.json                what it holds and the sha-256 of every other file in it
//   database.tar.gz              PGlite's dump of its data folder (dumpDataDir('gzip'))
//   evidence/<aa>/<sha256>       every evidence file the database references, as stored
import { createHash } from 'node:crypto';
import { createReadStream, promises as fs } from 'node:fs';
import { dirname, join } from 'node:path';
import type { BackupEvidence } from '../app/index.js';
import { AppError, invalidField } from '../domain/errors.js';

export const FORMAT = 'attest-backup';
export const FORMAT_VERSION = 1;
export const MANIFEST = 'manifest.json';
export const DATABASE = 'database.tar.gz';

export interface FileDigest {
  sha256: string;
  size: number;
}

export interface Manifest {
  format: typeof FORMAT;
  formatVersion: number;
  createdAt: string;
  attestVersion: string;
  engine: 'pglite';
  organizations: { id: string; name: string }[];
  counts: { organizations: number; controls: number; evidence: number; auditEntries: number; evidenceFiles: number };
  /** Every evidence record in the database, with the file that holds its bytes. */
  evidence: (BackupEvidence & { file: string })[];
  /** Relative path → digest, for every file of the backup but this manifest. */
  files: Record<string, FileDigest>;
}

const SHA_RE = /^[0-9a-f]{64}$/;
const EVIDENCE_PATH_RE = /^evidence\/([0-9a-f]{2})\/([0-9a-f]{64})$/;

export const evidencePath = (sha256: string) => `evidence/${sha256.slice(0, 2)}/${sha256}`;

/** True when `dir` exists and holds anything. Throws when it exists and is not a folder. */
export async function isNonEmptyDir(dir: string, field: string): Promise<boolean> {
  let stat;
  try {
    stat = await fs.stat(dir);
  } catch (e) {
    if ((e as NodeJS.ErrnoException).code === 'ENOENT') return false;
    throw e;
  }
  if (!stat.isDirectory()) throw invalidField(field, 'not_a_directory', `${dir} exists and is not a folder`);
  return (await fs.readdir(dir)).length > 0;
}

/** The sha-256 and size of a file, or null when there is none. */
export async function hashFile(path: string): Promise<FileDigest | null> {
  const hash = createHash('sha256');
  let size = 0;
  try {
    for await (const chunk of createReadStream(path)) {
      hash.update(chunk as Buffer);
      size += (chunk as Buffer).byteLength;
    }
  } catch (e) {
    const code = (e as NodeJS.ErrnoException).code;
    if (code === 'ENOENT' || code === 'EISDIR') return null;
    throw e;
  }
  return { sha256: hash.digest('hex'), size };
}

/** Writes `source` to `path` (a new file), hashing it on the way, and fsyncs it. */
export async function writeHashed(path: string, source: AsyncIterable<Uint8Array> | Iterable<Uint8Array>): Promise<FileDigest> {
  await fs.mkdir(dirname(path), { recursive: true });
  const hash = createHash('sha256');
  let size = 0;
  const fh = await fs.open(path, 'wx');
  try {
    for await (const chunk of source) {
      hash.update(chunk);
      size += chunk.byteLength;
      await fh.write(chunk);
    }
    await fh.sync();
  } finally {
    await fh.close();
  }
  return { sha256: hash.digest('hex'), size };
}

/** Copies a file, hashing the bytes it copies; null when the source is missing. */
export async function copyHashed(from: string, to: string): Promise<FileDigest | null> {
  try {
    await fs.access(from);
  } catch {
    return null;
  }
  return writeHashed(to, createReadStream(from));
}

export async function fsyncDir(dir: string): Promise<void> {
  const fh = await fs.open(dir, 'r');
  try {
    await fh.sync();
  } finally {
    await fh.close();
  }
}

/** Reads and checks the shape of a backup's manifest; refuses anything that is not one (exit 2). */
export async function readManifest(dir: string): Promise<Manifest> {
  const notBackup = (why: string) => invalidField('BACKUP_DIR', 'not_a_backup', `${dir} is not an attest backup: ${why}`);
  let text: string;
  try {
    text = await fs.readFile(join(dir, MANIFEST), 'utf8');
  } catch {
    throw notBackup(`it has no ${MANIFEST}`);
  }
  let m: Manifest;
  try {
    m = JSON.parse(text) as Manifest;
  } catch {
    throw notBackup(`${MANIFEST} is not JSON`);
  }
  if (m?.format !== FORMAT || typeof m.formatVersion !== 'number') throw notBackup(`${MANIFEST} does not describe an attest backup`);
  if (m.formatVersion > FORMAT_VERSION) throw invalidField('BACKUP_DIR', 'newer_format', `${dir} was written by a newer attest (backup format ${m.formatVersion}, this one reads up to ${FORMAT_VERSION}): restore it with attest ${m.attestVersion} or later`);
  if (m.engine !== 'pglite') throw notBackup(`unknown database engine ${JSON.stringify(m.engine)}`);
  if (!m.files || typeof m.files !== 'object' || !m.files[DATABASE]) throw notBackup(`${MANIFEST} lists no ${DATABASE}`);
  if (!Array.isArray(m.organizations) || !Array.isArray(m.evidence) || !m.counts) throw notBackup(`${MANIFEST} is incomplete`);
  for (const [path, d] of Object.entries(m.files)) {
    // Paths are checked before any is opened: a manifest cannot point outside the backup.
    if (path !== DATABASE && !EVIDENCE_PATH_RE.test(path)) throw notBackup(`${MANIFEST} lists an unexpected file ${JSON.stringify(path)}`);
    if (!d || typeof d.sha256 !== 'string' || !SHA_RE.test(d.sha256) || !Number.isInteger(d.size)) throw notBackup(`${MANIFEST} has no valid digest for ${path}`);
  }
  return m;
}

/** An evidence copy is named by its content: a manifest entry that disagrees with its path was altered. */
export function pathMatchesDigest(path: string, d: FileDigest): boolean {
  const m = EVIDENCE_PATH_RE.exec(path);
  return !m || (m[2] === d.sha256 && m[1] === d.sha256.slice(0, 2));
}

export const integrityFailure = (message: string, files: { file: string; problem: 'altered' | 'missing'; message: string }[]) =>
  new AppError('integrity_failure', message, files.map((f) => ({ field: f.file, code: f.problem, message: f.message })));

export function formatBytes(n: number): string {
  if (n < 1024) return `${n} B`;
  const units = ['KB', 'MB', 'GB', 'TB'];
  let v = n;
  let i = -1;
  while (v >= 1024 && i < units.length - 1) {
    v /= 1024;
    i += 1;
  }
  return `${v.toFixed(1)} ${units[i]}`;
}
