// Scans configured folders with every collector and check, like `attest scan` (with the scan
// root's .attest.yaml: skipped checks and suppressions), and records the results in the workspace. The folders are read on the worker's machine: each path
// resolves against the scan root (ATTEST_SCAN_ROOT, default the worker's working folder)
// and must stay inside it. The scan runs outside any transaction; the run is recorded with
// the job's completion, so a repeated attempt never records a second run.
import { realpath } from 'node:fs/promises';
import { isAbsolute, relative, resolve, sep } from 'node:path';
import { runScan } from '../app/scan-run.js';
import { toIsoDate } from '../domain/dates.js';
import { AppError, invalid } from '../domain/errors.js';
import { scheduledKey } from '../domain/jobs.js';
import { defineJob, requireTimestamp } from './types.js';

export interface ScanPathPayload {
  scheduledFor: string;
  paths: string[];
}

export interface ScanPathResult {
  scanRunId: string;
  files: number;
  resources: number;
  results: number;
  failing: number;
  suppressed: number;
  problems: number;
}

export const NAME = 'scan-path';

/** The paths to hand to the scan: inside the root (by real path), written relative to the working folder as `attest scan` shows them. */
export async function resolveScanPaths(root: string, paths: string[]): Promise<string[]> {
  const realRoot = await realpath(root).catch(() => {
    throw new AppError('invalid_input', `the scan root ${root} does not exist (ATTEST_SCAN_ROOT)`, [{ field: 'ATTEST_SCAN_ROOT', code: 'not_found', message: `${root}: no such folder` }]);
  });
  const out: string[] = [];
  for (const p of paths) {
    const abs = resolve(root, p);
    const real = await realpath(abs).catch(() => null);
    if (real === null) throw invalid([{ field: 'paths', code: 'not_found', message: `${p}: no such file or folder under the scan root` }]);
    if (real !== realRoot && !real.startsWith(realRoot + sep)) {
      throw new AppError('forbidden', `${p} is outside the scan root ${root}; set ATTEST_SCAN_ROOT on the workers to allow it`, [{ field: 'paths', code: 'outside_root', message: `${p} is outside the scan root` }]);
    }
    // Findings show paths as `attest scan` run from the working folder would; outside it, in full.
    const rel = relative(process.cwd(), abs);
    out.push(rel === '' ? '.' : rel.startsWith('..') || isAbsolute(rel) ? abs : rel);
  }
  return out;
}

export const scanPath = defineJob<ScanPathPayload, ScanPathResult>({
  name: NAME,
  description: 'Scan configured folders and record the results',
  retry: { attempts: 3, backoffSeconds: 120, factor: 2, maxSeconds: 3600 },
  timeoutSeconds: 3600,
  parse(payload) {
    const paths = (payload as { paths?: unknown } | null)?.paths;
    if (!Array.isArray(paths) || paths.length === 0 || !paths.every((p) => typeof p === 'string' && p !== '')) {
      throw invalid([{ field: 'payload.paths', code: 'required', message: 'a list of folders to scan' }]);
    }
    return { scheduledFor: requireTimestamp(payload), paths };
  },
  key: (p) => scheduledKey(NAME, p.scheduledFor),
  fromSchedule: (slot, options) => ({ scheduledFor: slot, paths: options.paths ?? [] }),
  async perform(payload, jc) {
    const paths = await resolveScanPaths(jc.deps.scanRoot, payload.paths);
    // The same skipped checks and suppressions as `attest scan` run in the scan root.
    const config = jc.deps.scanConfig?.(jc.deps.scanRoot) ?? { skipChecks: [], suppressions: [] };
    const report = await runScan({ paths, skip: config.skipChecks, suppressions: config.suppressions, today: toIsoDate(jc.clock()), version: jc.deps.version }, await jc.deps.collectors(), jc.clock);
    if (jc.signal.aborted) throw jc.signal.reason;
    return jc.commit(async ({ services }) => {
      const { run } = await services.scans.record(jc.orgId, {
        startedAt: report.startedAt, finishedAt: report.finishedAt, targets: payload.paths,
        results: report.results.map(({ suppression: _s, resourceLine: _l, ...r }) => r),
      }, `job:${jc.jobId}`);
      return {
        scanRunId: run.id, files: report.files, resources: report.resources, results: report.results.length,
        failing: report.results.filter((r) => r.status === 'fail').length, suppressed: report.results.filter((r) => r.status === 'suppressed').length,
        problems: report.problems.length,
      };
    });
  },
});
