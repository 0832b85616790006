// The composition root: configuration → database → store → services.
import { chmodSync, existsSync, mkdirSync, readFileSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { createServices, type Services } from '../app/index.js';
import { smtpMailer } from '../app/mailer.js';
import { newSecretKey, Secrets } from '../app/secrets.js';
import { catalog } from '../content/load.js';
import { AppError } from '../domain/errors.js';
import { FileBlobStore } from '../store/blob-store.js';
import { openPglite, openPostgres, redactUrl, type Db } from '../store/db.js';
import { createStore } from '../store/index.js';
import { migrate } from '../store/migrate.js';
import type { Config } from './config.js';
import { WorkspaceLock, type LockInfo } from './lock.js';

export interface Runtime {
  services: Services;
  lock: WorkspaceLock | null;
  describe: string;
  close(): Promise<void>;
}

export class WorkspaceBusy extends Error {
  constructor(readonly holder: LockInfo, readonly dataDir: string) {
    super(`the workspace in ${dataDir} is in use by process ${holder.pid} (attest ${holder.command})`);
  }
}

export const pgliteDir = (dataDir: string) => join(dataDir, 'pgdata');
export const secretKeyPath = (dataDir: string) => join(dataDir, 'secret.key');

/**
 * The server's secret key: ATTEST_SECRET_KEY, or the key file in the data folder, written
 * (mode 0600) the first time it is needed. Losing it makes two-factor secrets unreadable.
 */
export function secretKeyFor(config: Config): string {
  if (config.secretKey) return config.secretKey;
  const path = secretKeyPath(config.dataDir);
  if (!existsSync(path)) {
    mkdirSync(config.dataDir, { recursive: true });
    try {
      writeFileSync(path, `${newSecretKey()}\n`, { mode: 0o600, flag: 'wx' });
    } catch (e) {
      if ((e as NodeJS.ErrnoException).code !== 'EEXIST') throw e; // another process wrote it first
    }
  }
  chmodSync(path, 0o600);
  const key = readFileSync(path, 'utf8').trim();
  if (key.length < 32) throw new AppError('invalid_input', `the key file ${path} is damaged (shorter than 32 characters): restore it from a backup, or set ATTEST_SECRET_KEY`);
  return key;
}
export const workspaceExists = (config: Config) => config.databaseUrl !== null || existsSync(join(pgliteDir(config.dataDir), 'PG_VERSION'));

/**
 * Opens the workspace in this process. For the embedded database this takes the
 * workspace lock first, and throws WorkspaceBusy when another process holds it.
 */
export async function openRuntime(config: Config, opts: { command: string; create: boolean }): Promise<Runtime> {
  if (!opts.create && !workspaceExists(config)) {
    throw new AppError('workspace_missing', `no workspace in ${config.dataDir}: run \`attest init\` first (or set ATTEST_DATA_DIR / DATABASE_URL)`);
  }
  let lock: WorkspaceLock | null = null;
  let db: Db;
  if (config.databaseUrl) {
    db = await openPostgres(config.databaseUrl);
  } else {
    const got = WorkspaceLock.acquire(config.dataDir, opts.command);
    if (!(got instanceof WorkspaceLock)) throw new WorkspaceBusy(got, config.dataDir);
    lock = got;
    try {
      db = await openPglite(pgliteDir(config.dataDir));
    } catch (e) {
      lock.release();
      throw e;
    }
  }
  try {
    await migrate(db);
  } catch (e) {
    await db.close();
    lock?.release();
    throw e;
  }
  const store = createStore(db, new FileBlobStore(join(config.dataDir, 'evidence')));
  let secrets: Secrets;
  try {
    secrets = new Secrets(secretKeyFor(config));
  } catch (e) {
    await store.close();
    lock?.release();
    throw e;
  }
  const mailer = config.smtp ? smtpMailer(config.smtp) : null;
  const services = createServices({
    store, catalog: catalog(), clock: () => new Date(), limits: { maxUploadBytes: config.maxUploadBytes }, secrets, ...(config.sso ? { sso: config.sso } : {}),
    ...(mailer ? { mailer } : {}), alerts: { allowPrivateWebhooks: config.webhookAllowPrivate, publicUrl: config.publicUrl },
  });
  let closed = false;
  return {
    services,
    lock,
    describe: config.databaseUrl ? `PostgreSQL ${redactUrl(config.databaseUrl)}` : `embedded database in ${config.dataDir}`,
    async close() {
      if (closed) return;
      closed = true;
      mailer?.close();
      await store.close();
      lock?.release();
    },
  };
}
