// The check engine: every applicable check over every resource, indexed by resource type.
import type { Resource, ResourceType, TypedResource } from '../domain/resources/index.js';
import type { AnyCheck, Outcome, Severity } from './types.js';

export type ResultStatus = 'pass' | 'fail' | 'not_applicable' | 'unknown' | 'error' | 'suppressed';

export interface CheckResult {
  checkId: string;
  resourceType: string;
  resourceId: string;
  status: ResultStatus;
  reason: string | null;
  message: string | null;
  severity: Severity;
  /** File and lines, when the resource comes from a file: the finding's own lines if it has them. */
  path: string | null;
  startLine: number | null;
  endLine: number | null;
  /** First line of the whole resource (a finding may point inside it): suppressions above the resource apply. */
  resourceLine: number | null;
}

export interface EngineOptions {
  /** Only these check ids. */
  only?: string[];
  /** Never these check ids. */
  skip?: string[];
}

export function indexChecks(checks: AnyCheck[], options: EngineOptions = {}): Map<string, AnyCheck[]> {
  const only = options.only ? new Set(options.only) : null;
  const skip = new Set(options.skip ?? []);
  const byType = new Map<string, AnyCheck[]>();
  for (const check of checks) {
    if ((only && !only.has(check.meta.id)) || skip.has(check.meta.id)) continue;
    const list = byType.get(check.meta.resourceType);
    if (list) list.push(check);
    else byType.set(check.meta.resourceType, [check]);
  }
  return byType;
}

function toResult(check: AnyCheck, resource: Resource<unknown>, o: Outcome, path: string | null, startLine: number | null, endLine: number | null): CheckResult {
  const own = o.status === 'fail' ? o.location : undefined;
  return {
    checkId: check.meta.id,
    resourceType: resource.type,
    resourceId: resource.id,
    status: o.status,
    reason: o.status === 'pass' ? null : o.reason,
    message: o.status === 'fail' || o.status === 'unknown' ? o.message : null,
    severity: o.status === 'fail' && o.severity ? o.severity : check.meta.severity,
    path,
    startLine: own ? own.startLine : startLine,
    endLine: own ? own.endLine : endLine,
    resourceLine: startLine,
  };
}

/** Evaluates one resource; a check that throws yields an `error` result, never a crash. */
export function evaluateResource(checks: AnyCheck[] | undefined, resource: Resource<unknown>, out: CheckResult[]): void {
  if (!checks) return;
  const source = resource.source;
  const path = source.kind === 'file' ? source.path : null;
  const startLine = source.kind === 'file' ? source.startLine : null;
  const endLine = source.kind === 'file' ? source.endLine : null;
  for (const check of checks) {
    let outcome: Outcome | Outcome[];
    try {
      outcome = check.evaluate(resource as TypedResource<ResourceType>);
    } catch (e) {
      out.push({ ...toResult(check, resource, { status: 'unknown', reason: 'check_error', message: '' }, path, startLine, endLine), status: 'error', reason: 'check_error', message: `the check failed: ${(e as Error).message}` });
      continue;
    }
    if (Array.isArray(outcome)) for (const o of outcome) out.push(toResult(check, resource, o, path, startLine, endLine));
    else out.push(toResult(check, resource, outcome, path, startLine, endLine));
  }
}

export function evaluate(checks: AnyCheck[], resources: Iterable<Resource<unknown>>, options: EngineOptions = {}): CheckResult[] {
  const index = indexChecks(checks, options);
  const out: CheckResult[] = [];
  for (const resource of resources) evaluateResource(index.get(resource.type), resource, out);
  return out;
}
