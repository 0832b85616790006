// Services on a real database, with a clock the test controls.
import { mkdtempSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { createServices, type Mailer, type Services } from '../../src/app/index.js';
import { newSecretKey, Secrets } from '../../src/app/secrets.js';
import { catalog } from '../../src/content/load.js';
import { FileBlobStore } from '../../src/store/blob-store.js';
import type { Db } from '../../src/store/db.js';
import { createStore } from '../../src/store/index.js';

export interface TestServices extends Services {
  now: { value: Date };
  blobDir: string;
}

export function servicesOn(db: Db, opts: { maxUploadBytes?: number; now?: string; mailer?: Mailer } = {}): TestServices {
  const blobDir = mkdtempSync(join(tmpdir(), 'attest-blobs-'));
  const now = { value: new Date(opts.now ?? '2026-11-24T12:00:00Z') };
  const services = createServices({
    store: createStore(db, new FileBlobStore(blobDir)),
    catalog: catalog(),
    clock: () => now.value,
    limits: { maxUploadBytes: opts.maxUploadBytes ?? 1024 * 1024 },
    secrets: new Secrets(newSecretKey()),
    ...(opts.mailer ? { mailer: opts.mailer } : {}),
  });
  return Object.assign(services, { now, blobDir });
}
