// Writes docs/checks/ from the registered checks' metadata.
import { mkdirSync, readdirSync, rmSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { checks } from '../src/checks/registry.js';
import { catalog } from '../src/content/load.js';
import { checkIndex, checkPage } from '../src/reports/check-docs.js';

const dir = join(import.meta.dirname, '..', 'docs', 'checks');
mkdirSync(dir, { recursive: true });
const keep = new Set(['README.md', ...checks.map((c) => `${c.meta.id}.md`)]);
for (const f of readdirSync(dir)) if (!keep.has(f)) rmSync(join(dir, f));
for (const c of checks) writeFileSync(join(dir, `${c.meta.id}.md`), checkPage(c, catalog()));
writeFileSync(join(dir, 'README.md'), checkIndex(checks));
console.log(`wrote ${checks.length} check pages to docs/checks/`);
