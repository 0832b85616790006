// GitHub Actions workflows → one `ci.github.workflow` resource per file: triggers, permissions,
// jobs and steps, each with its lines. Workflows are read, never run.
import type { Resource } from '../../domain/resources/index.js';
import type { GithubWorkflow, WorkflowJob, WorkflowStep } from '../../domain/resources/workloads.js';
import { isPlainObject, YamlSource, type At } from '../kubernetes/yaml-tree.js';

export interface CollectorProblem {
  path: string;
  line: number | null;
  message: string;
}

export interface CollectorResult {
  resources: Resource[];
  problems: CollectorProblem[];
  /** What was left out on purpose: the documents after the first. */
  notices: CollectorProblem[];
}

/** `.github/workflows/<name>.yml|yaml`, at any depth (a scan root may sit above the repository). */
export function isGithubWorkflowPath(path: string): boolean {
  return /(^|[\\/])\.github[\\/]workflows[\\/][^\\/]+\.ya?ml$/.test(path);
}

export function collectGithubWorkflow(path: string, text: string): CollectorResult {
  const problems: CollectorProblem[] = [];
  // GitHub reads workflows as YAML 1.2: `on` is a key, not a boolean.
  const src = new YamlSource(text, '1.2');
  for (const p of src.problems) problems.push({ path, ...p });
  const notices: CollectorProblem[] = [];
  const doc = src.docs[0];
  if (src.docs.length > 1) notices.push({ path, line: src.docs[1]?.range.startLine ?? null, message: 'ignored: a workflow is one YAML document, and this file has more' });
  if (!doc) return { resources: [], problems, notices };
  const root = doc.root;
  if (!isPlainObject(root.js) || !isPlainObject(root.js.jobs)) {
    problems.push({ path, line: doc.range.startLine, message: 'not a workflow: no `jobs` map' });
    return { resources: [], problems, notices };
  }
  const w = root.js;
  const jobs: WorkflowJob[] = [];
  const jobsAt = src.child(root, 'jobs', doc.index);
  for (const [id, job] of src.entries(jobsAt, doc.index)) {
    const location = src.entryRange(jobsAt.node, id, doc.index) ?? doc.range;
    if (!isPlainObject(job.js)) {
      problems.push({ path, line: location.startLine, message: `job ${JSON.stringify(id)} is not a map` });
      continue;
    }
    jobs.push({
      id,
      permissions: permissions(job.js.permissions),
      steps: src.items(src.child(job, 'steps', doc.index), doc.index).flatMap((s): WorkflowStep[] => (isPlainObject(s.js) ? [readStep(src, s, doc.index, location.startLine)] : [])),
      uses: str(job.js.uses),
      location,
    });
  }
  const attributes: GithubWorkflow = {
    workflowName: str(w.name),
    triggers: triggers(w.on),
    permissions: permissions(w.permissions),
    jobs,
  };
  return {
    resources: [{
      type: 'ci.github.workflow',
      id: path,
      name: attributes.workflowName,
      attributes: attributes as unknown as Record<string, unknown>,
      source: { kind: 'file', format: 'github-actions', path, startLine: doc.range.startLine, endLine: doc.range.endLine },
    }],
    problems: problems.sort((a, b) => (a.line ?? 0) - (b.line ?? 0)),
    notices,
  };
}

function readStep(src: YamlSource, step: At, doc: number, fallbackLine: number): WorkflowStep {
  const s = step.js as Record<string, unknown>;
  const withValues: Record<string, string> = {};
  if (isPlainObject(s.with)) for (const [k, v] of Object.entries(s.with)) withValues[k] = asText(v);
  return {
    name: str(s.name),
    uses: str(s.uses),
    run: str(s.run),
    with: withValues,
    location: src.rangeOf(step.node, doc) ?? { startLine: fallbackLine, endLine: fallbackLine },
  };
}

/** `on: push`, `on: [push, pull_request]` and `on: { push: {…}, workflow_dispatch: }` → event names. */
export function triggers(on: unknown): string[] {
  if (typeof on === 'string') return [on];
  if (Array.isArray(on)) return on.filter((e): e is string => typeof e === 'string');
  if (isPlainObject(on)) return Object.keys(on);
  return [];
}

/** `read-all` / `write-all` as written; a map as scope → level (`{}`: no permission at all); null when not set. */
export function permissions(p: unknown): string | Record<string, string> | null {
  if (p === undefined || p === null) return null;
  if (typeof p === 'string') return p;
  if (isPlainObject(p)) return Object.fromEntries(Object.entries(p).map(([k, v]) => [k, asText(v)]));
  return asText(p);
}

const str = (v: unknown): string | null => (v === undefined || v === null ? null : asText(v));

/** Values as text: numbers and booleans written out (`fetch-depth: 0` → "0"), null → "". */
function asText(v: unknown): string {
  if (typeof v === 'string') return v;
  if (v === null || v === undefined) return '';
  if (typeof v === 'number' || typeof v === 'boolean' || typeof v === 'bigint') return String(v);
  return JSON.stringify(v);
}
