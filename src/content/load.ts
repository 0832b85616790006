// Loads and validates the shipped content (frameworks, control library). Every problem
// in every file is reported at once, with the file and the path inside it.
import { readFileSync, readdirSync, existsSync } from 'node:fs';
import { join, dirname, relative } from 'node:path';
import { fileURLToPath } from 'node:url';
import { Value } from '@sinclair/typebox/value';
import type { TSchema } from '@sinclair/typebox';
import { parse as parseYaml } from 'yaml';
import { createHash } from 'node:crypto';
import type { Catalog, Criterion, Framework, LibraryControl } from '../domain/types.js';
import { ControlsFile, FrameworkFile, Soc2File, type ControlEntry } from './schema.js';

export class ContentError extends Error {
  constructor(readonly problems: string[]) {
    super(`The content files have ${problems.length} problem(s):\n- ${problems.join('\n- ')}`);
    this.name = 'ContentError';
  }
}

/** The package root: the nearest folder above this module with Attest's package.json. */
export function packageRoot(): string {
  let dir = dirname(fileURLToPath(import.meta.url));
  for (;;) {
    const candidate = join(dir, 'package.json');
    if (existsSync(candidate) && /"name":\s*"attest"/.test(readFileSync(candidate, 'utf8'))) return dir;
    const up = dirname(dir);
    if (up === dir) throw new Error('cannot find the attest package root');
    dir = up;
  }
}

export function contentDir(): string {
  return join(packageRoot(), 'src', 'content', 'data');
}

function readYaml(file: string, problems: string[], digest: ReturnType<typeof createHash>, base: string): unknown {
  const text = readFileSync(file, 'utf8');
  digest.update(relative(base, file)).update('\0').update(text).update('\0');
  try {
    return parseYaml(text);
  } catch (e) {
    problems.push(`${relative(base, file)}: not valid YAML: ${(e as Error).message.split('\n')[0]}`);
    return undefined;
  }
}

function check<T>(schema: TSchema, value: unknown, where: string, problems: string[]): value is T {
  if (Value.Check(schema, value)) return true;
  let n = 0;
  for (const err of Value.Errors(schema, value)) {
    if (n++ >= 20) { problems.push(`${where}: more errors not shown`); break; }
    problems.push(`${where}${err.path || '/'}: ${err.message}`);
  }
  return false;
}

function duplicates(ids: string[]): string[] {
  const seen = new Set<string>();
  const dup = new Set<string>();
  for (const id of ids) (seen.has(id) ? dup : seen).add(id);
  return [...dup];
}

export function loadCatalog(dir: string = contentDir()): Catalog {
  const problems: string[] = [];
  const digest = createHash('sha256');
  const fwDir = join(dir, 'frameworks');
  const soc2Path = join(fwDir, 'soc2.yaml');

  // SOC 2
  const soc2Raw = existsSync(soc2Path) ? readYaml(soc2Path, problems, digest, dir) : (problems.push('frameworks/soc2.yaml is missing'), undefined);
  let soc2: Catalog['soc2'] = { id: 'soc2', name: 'SOC 2', version: '', categories: [], groups: [], criteria: [] };
  if (soc2Raw !== undefined && check<Soc2File>(Soc2File, soc2Raw, 'frameworks/soc2.yaml', problems)) {
    const groups = new Map(soc2Raw.groups.map((g) => [g.id, g]));
    const criteria: Criterion[] = [];
    for (const c of soc2Raw.criteria) {
      const group = groups.get(c.group);
      if (!group) { problems.push(`frameworks/soc2.yaml: criterion ${c.id} names unknown group ${c.group}`); continue; }
      criteria.push({ id: c.id, category: group.category, group: c.group, groupTitle: group.title, title: c.title, description: c.description, pointsOfFocus: c.points_of_focus });
    }
    for (const id of duplicates(soc2Raw.criteria.map((c) => c.id))) problems.push(`frameworks/soc2.yaml: criterion id ${id} appears more than once`);
    for (const id of duplicates(soc2Raw.groups.map((g) => g.id))) problems.push(`frameworks/soc2.yaml: group id ${id} appears more than once`);
    soc2 = { id: soc2Raw.id, name: soc2Raw.name, version: soc2Raw.version, categories: soc2Raw.categories, groups: soc2Raw.groups, criteria };
  }

  // Other frameworks
  const frameworks: Framework[] = [];
  const fwFiles = existsSync(fwDir) ? readdirSync(fwDir).filter((f) => f.endsWith('.yaml') && f !== 'soc2.yaml').sort() : [];
  for (const f of fwFiles) {
    const where = `frameworks/${f}`;
    const raw = readYaml(join(fwDir, f), problems, digest, dir);
    if (raw === undefined || !check<FrameworkFile>(FrameworkFile, raw, where, problems)) continue;
    if (`${raw.id}.yaml` !== f) problems.push(`${where}: id ${raw.id} does not match the file name`);
    const ids = new Set(raw.requirements.map((r) => r.id));
    for (const id of duplicates(raw.requirements.map((r) => r.id))) problems.push(`${where}: requirement id ${id} appears more than once`);
    for (const r of raw.requirements) {
      if (!raw.kinds.includes(r.kind)) problems.push(`${where}: ${r.id} has kind ${r.kind}, not one of ${raw.kinds.join(', ')}`);
      if (r.parent !== undefined && !ids.has(r.parent)) problems.push(`${where}: ${r.id} names unknown parent ${r.parent}`);
      if (r.parent === undefined && r.kind !== raw.kinds[0]) problems.push(`${where}: ${r.id} (${r.kind}) has no parent`);
    }
    frameworks.push({
      id: raw.id, name: raw.name, version: raw.version, kinds: raw.kinds,
      requirements: raw.requirements.map((r) => ({ id: r.id, kind: r.kind, parent: r.parent ?? null, title: r.title, description: r.description, ...(r.required === undefined ? {} : { required: r.required }) })),
    });
  }

  // Control library
  const controls: LibraryControl[] = [];
  const ctlDir = join(dir, 'controls');
  const criterionIds = new Set(soc2.criteria.map((c) => c.id));
  const fwById = new Map(frameworks.map((fw) => [fw.id, new Set(fw.requirements.map((r) => r.id))]));
  const ctlFiles = existsSync(ctlDir) ? readdirSync(ctlDir).filter((f) => f.endsWith('.yaml')).sort() : [];
  for (const f of ctlFiles) {
    const where = `controls/${f}`;
    const raw = readYaml(join(ctlDir, f), problems, digest, dir);
    if (raw === undefined || !check<ControlEntry[]>(ControlsFile, raw, where, problems)) continue;
    for (const c of raw) {
      for (const id of c.criteria) if (!criterionIds.has(id)) problems.push(`${where}: control ${c.id} maps to unknown SOC 2 criterion ${id}`);
      for (const [fw, ids] of Object.entries(c.mappings ?? {}) as [string, string[]][]) {
        const known = fwById.get(fw);
        if (!known) { problems.push(`${where}: control ${c.id} maps to unknown framework ${fw}`); continue; }
        for (const id of ids) if (!known.has(id)) problems.push(`${where}: control ${c.id} maps to unknown ${fw} requirement ${id}`);
      }
      controls.push({
        id: c.id, title: c.title, description: c.description, domain: c.domain, ownerRole: c.owner_role, frequency: c.frequency,
        automation: c.automation, nature: c.nature, evidence: c.evidence, criteria: c.criteria, mappings: c.mappings ?? {},
      });
    }
  }
  for (const id of duplicates(controls.map((c) => c.id))) problems.push(`controls: control id ${id} appears more than once`);

  if (problems.length > 0) throw new ContentError(problems);
  controls.sort((a, b) => a.id.localeCompare(b.id, 'en', { numeric: true }));
  return { digest: digest.digest('hex'), soc2, frameworks, controls };
}

let cached: Catalog | undefined;
/** The shipped catalog, loaded once per process. */
export function catalog(): Catalog {
  cached ??= loadCatalog();
  return cached;
}
