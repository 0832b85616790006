// `attest scan`: find files → collect normalized resources → evaluate every applicable check
// → apply suppressions and the baseline. Nothing in a scanned file is executed or fetched.
import { evaluate, type EngineOptions } from '../checks/engine.js';
import { checks as registry } from '../checks/registry.js';
import { applySuppressions, fingerprint, parseInlineSuppressions, type ConfigSuppression, type InlineSuppression, type SuppressedResult } from '../checks/suppressions.js';
import type { AnyCheck } from '../checks/types.js';
import { findFiles, type ScanFile } from '../collectors/files.js';
import { AppError } from '../domain/errors.js';
import type { Resource } from '../domain/resources/index.js';
import type { ScanReport } from '../reports/findings.js';

export interface CollectProblem {
  path: string;
  line: number | null;
  message: string;
}

export interface CollectResult {
  resources: Resource<unknown>[];
  problems: CollectProblem[];
  notices?: { path: string; message: string }[];
}

/** How files become resources; the real set is src/collectors/index.ts. */
export interface CollectorSet {
  /** Every Terraform and tfvars file of the scan at once (modules span files and folders). */
  terraform(files: ScanFile[]): Promise<CollectResult>;
  /** Tried in order on each other file; the first whose `detect` matches collects it. */
  byFile: { name: string; detect(file: ScanFile): boolean; collect(file: ScanFile): CollectResult | Promise<CollectResult> }[];
  /** Run on every text file. */
  secrets(file: ScanFile): CollectResult;
}

export interface ScanOptions extends EngineOptions {
  paths: string[];
  suppressions?: ConfigSuppression[];
  /** Fingerprints of accepted findings (`--baseline`): reported as suppressed, not as failures. */
  baseline?: Set<string>;
  today: string;
  version: string;
  maxFileBytes?: number;
  checks?: AnyCheck[];
  onProgress?: (phase: string, done: number, total: number | null) => void;
}

export async function runScan(opts: ScanOptions, collectors: CollectorSet, now: () => Date = () => new Date()): Promise<ScanReport> {
  const startedAt = now().toISOString();
  const progress = opts.onProgress ?? (() => undefined);
  const { files, notices: fileNotices, missing } = await findFiles(opts.paths, { maxBytes: opts.maxFileBytes, onFile: (n) => progress('reading files', n, null) });
  if (missing.length) throw new AppError('invalid_input', `no such file or folder: ${missing.join(', ')}`, missing.map((m) => ({ field: 'path', code: 'not_found', message: `${m}: no such file or folder` })));

  const resources: Resource<unknown>[] = [];
  const problems: CollectProblem[] = [];
  const notices: ScanReport['notices'] = fileNotices.map((n) => ({ path: n.path, line: null, message: n.message }));
  const take = (r: CollectResult) => {
    for (const res of r.resources) resources.push(res);
    problems.push(...r.problems);
    for (const n of r.notices ?? []) notices.push({ path: n.path, line: null, message: n.message });
  };
  const inline = new Map<string, InlineSuppression[]>();

  const tf = files.filter((f) => f.kind === 'terraform' || f.kind === 'terraform-vars');
  if (tf.length) {
    progress('parsing Terraform', 0, tf.length);
    take(await collectors.terraform(tf));
  }
  let done = 0;
  for (const file of files) {
    const marks = parseInlineSuppressions(file.text);
    if (marks.length) inline.set(file.display, marks);
    if (file.kind !== 'terraform' && file.kind !== 'terraform-vars') {
      const collector = collectors.byFile.find((c) => c.detect(file));
      if (collector) {
        try {
          take(await collector.collect(file));
        } catch (e) {
          problems.push({ path: file.display, line: null, message: `${collector.name}: ${(e as Error).message}` });
        }
      }
    }
    take(collectors.secrets(file));
    progress('parsing files', ++done, files.length);
  }

  progress('evaluating checks', 0, resources.length);
  const results = evaluate(opts.checks ?? registry, resources, opts);
  const applied = applySuppressions(results, inline, opts.suppressions ?? [], opts.today);
  notices.push(...applied.notices);
  const final: SuppressedResult[] = opts.baseline
    ? applied.results.map((r) => (r.status === 'fail' && opts.baseline!.has(fingerprint(r)) ? { ...r, status: 'suppressed', suppression: { source: 'config', reason: 'in the baseline' } } : r))
    : applied.results;
  return {
    tool: { name: 'Attest', version: opts.version },
    startedAt,
    finishedAt: now().toISOString(),
    targets: opts.paths,
    results: final,
    problems,
    notices,
    files: files.length,
    resources: resources.length,
  };
}
