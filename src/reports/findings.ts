// What the report formats share: results joined with their check's metadata and the
// controls and criteria the check evidences.
import type { CheckResult } from '../checks/engine.js';
import type { SuppressedResult } from '../checks/suppressions.js';
import type { AnyCheck, Severity } from '../checks/types.js';
import type { Catalog } from '../domain/types.js';

export interface ScanReport {
  tool: { name: string; version: string };
  startedAt: string;
  finishedAt: string;
  targets: string[];
  /** Every result, suppressed ones marked. */
  results: SuppressedResult[];
  problems: { path: string; line: number | null; message: string }[];
  notices: { path: string | null; line: number | null; message: string }[];
  files: number;
  resources: number;
}

export const SEVERITY_RANK: Record<Severity, number> = { low: 1, medium: 2, high: 3, critical: 4 };

export interface ControlRef {
  id: string;
  title: string;
  criteria: string[];
}

export function controlsOf(check: AnyCheck, catalog: Catalog): ControlRef[] {
  return check.meta.controls.map((id) => {
    const c = catalog.controls.find((x) => x.id === id);
    return { id, title: c?.title ?? id, criteria: c?.criteria ?? [] };
  });
}

export function summarize(results: CheckResult[]): Record<string, number> {
  const out: Record<string, number> = { pass: 0, fail: 0, not_applicable: 0, unknown: 0, error: 0, suppressed: 0 };
  for (const r of results) out[r.status] = (out[r.status] ?? 0) + 1;
  return out;
}
