// Writes docs/PERMISSIONS.md from the permission table and the routes of an app built on an
// empty in-memory database.
import { writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { createServices } from '../src/app/index.js';
import { catalog } from '../src/content/load.js';
import { buildApp } from '../src/http/app.js';
import { permissionsMarkdown } from '../src/http/permissions-doc.js';
import { FileBlobStore } from '../src/store/blob-store.js';
import { openPglite } from '../src/store/db.js';
import { createStore } from '../src/store/index.js';

const db = await openPglite(undefined);
const services = createServices({ store: createStore(db, new FileBlobStore(join(import.meta.dirname, '..', '.attest-docs-unused'))), catalog: catalog(), clock: () => new Date(), limits: { maxUploadBytes: 1 } });
const app = await buildApp({ services });
await app.ready();
const path = join(import.meta.dirname, '..', 'docs', 'PERMISSIONS.md');
writeFileSync(path, permissionsMarkdown(app.accessTable));
console.log(`wrote ${app.accessTable.length} routes to docs/PERMISSIONS.md`);
await app.close();
await db.close();
