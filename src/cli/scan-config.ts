// The scan section of the configuration file (`.attest.yaml` in the current folder, or --config).
//
//   scan:
//     skip-checks: [k8s-image-digest-pinned]
//     suppressions:
//       - check: aws-s3-bucket-versioning
//         resource: aws_s3_bucket.logs        # optional: a resource id
//         path: infra/legacy/                 # optional: a path prefix
//         reason: "write-once log bucket"     # required
//         expires: 2027-01-31                 # optional: suppresses up to this day
import { existsSync, readFileSync } from 'node:fs';
import { join } from 'node:path';
import { parse } from 'yaml';
import type { ConfigSuppression } from '../checks/suppressions.js';
import { isIsoDate } from '../domain/dates.js';
import { invalid, type FieldError } from '../domain/errors.js';

export interface ScanConfig {
  file: string | null;
  skipChecks: string[];
  suppressions: ConfigSuppression[];
}

const DEFAULT_FILES = ['.attest.yaml', '.attest.yml', 'attest.yaml'];

/** The configuration `explicit` names, else the first default file in `dir` (the current folder for `attest scan`, the scan root for scheduled scans). */
export function loadScanConfig(explicit: string | undefined, knownChecks: Set<string>, dir?: string): ScanConfig {
  const file = explicit ?? DEFAULT_FILES.map((f) => (dir === undefined ? f : join(dir, f))).find((f) => existsSync(f)) ?? null;
  if (!file) return { file: null, skipChecks: [], suppressions: [] };
  if (!existsSync(file)) throw invalid([{ field: 'config', code: 'not_found', message: `${file}: no such file` }]);
  let doc: unknown;
  try {
    doc = parse(readFileSync(file, 'utf8'));
  } catch (e) {
    throw invalid([{ field: 'config', code: 'invalid_yaml', message: `${file}: ${(e as Error).message.split('\n')[0]}` }]);
  }
  const errors: FieldError[] = [];
  const scan = (doc as { scan?: unknown } | null)?.scan;
  if (scan === undefined || scan === null) return { file, skipChecks: [], suppressions: [] };
  if (typeof scan !== 'object' || Array.isArray(scan)) throw invalid([{ field: `${file}: scan`, code: 'type', message: 'must be a mapping' }]);
  const { 'skip-checks': skip = [], suppressions = [], ...rest } = scan as Record<string, unknown>;
  for (const key of Object.keys(rest)) errors.push({ field: `${file}: scan.${key}`, code: 'unknown_field', message: 'is not a known setting (skip-checks, suppressions)' });
  const skipChecks: string[] = [];
  if (!Array.isArray(skip)) errors.push({ field: `${file}: scan.skip-checks`, code: 'type', message: 'must be a list of check ids' });
  else skip.forEach((id, i) => {
    if (typeof id !== 'string' || !knownChecks.has(id)) errors.push({ field: `${file}: scan.skip-checks.${i}`, code: 'unknown_id', message: `no check ${JSON.stringify(id)}` });
    else skipChecks.push(id);
  });
  const out: ConfigSuppression[] = [];
  if (!Array.isArray(suppressions)) errors.push({ field: `${file}: scan.suppressions`, code: 'type', message: 'must be a list' });
  else suppressions.forEach((raw, i) => {
    const at = `${file}: scan.suppressions.${i}`;
    if (!raw || typeof raw !== 'object') { errors.push({ field: at, code: 'type', message: 'must be a mapping' }); return; }
    const s = raw as Record<string, unknown>;
    const check = s.check;
    const reason = typeof s.reason === 'string' ? s.reason.trim() : '';
    const expires = s.expires instanceof Date ? s.expires.toISOString().slice(0, 10) : s.expires;
    if (typeof check !== 'string' || (check !== '*' && !knownChecks.has(check))) errors.push({ field: `${at}.check`, code: 'unknown_id', message: `no check ${JSON.stringify(check)}` });
    if (reason === '') errors.push({ field: `${at}.reason`, code: 'required', message: 'a suppression needs a reason' });
    if (expires !== undefined && (typeof expires !== 'string' || !isIsoDate(expires))) errors.push({ field: `${at}.expires`, code: 'invalid_date', message: 'must be a date (YYYY-MM-DD)' });
    for (const key of Object.keys(s)) if (!['check', 'resource', 'path', 'reason', 'expires'].includes(key)) errors.push({ field: `${at}.${key}`, code: 'unknown_field', message: 'is not a known field (check, resource, path, reason, expires)' });
    if (typeof check === 'string' && reason) {
      out.push({ check, reason, ...(typeof s.resource === 'string' ? { resource: s.resource } : {}), ...(typeof s.path === 'string' ? { path: s.path } : {}), ...(typeof expires === 'string' ? { expires } : {}) });
    }
  });
  if (errors.length) throw invalid(errors, `the configuration file ${file} has ${errors.length} problem(s)`);
  return { file, skipChecks, suppressions: out };
}
