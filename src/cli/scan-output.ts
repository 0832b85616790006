// `attest scan` output for people (table, grouped by control and criterion) and for programs (json).
import type { AnyCheck } from '../checks/types.js';
import type { Catalog } from '../domain/types.js';
import { controlsOf, SEVERITY_RANK, summarize, type ScanReport } from '../reports/findings.js';

export function scanJson(report: ScanReport, checks: AnyCheck[], catalog: Catalog) {
  const byId = new Map(checks.map((c) => [c.meta.id, c]));
  return {
    tool: report.tool,
    startedAt: report.startedAt,
    finishedAt: report.finishedAt,
    targets: report.targets,
    summary: { files: report.files, resources: report.resources, ...summarize(report.results) },
    findings: report.results
      .filter((r) => r.status === 'fail' || r.status === 'suppressed' || r.status === 'error')
      .map((r) => {
        const check = byId.get(r.checkId);
        const controls = check ? controlsOf(check, catalog) : [];
        return { ...r, title: check?.meta.title ?? r.checkId, controls: controls.map((c) => c.id), criteria: [...new Set(controls.flatMap((c) => c.criteria))].sort(), remediation: check?.meta.remediation.text ?? null };
      }),
    problems: report.problems,
    notices: report.notices,
  };
}

export function scanTable(report: ScanReport, checks: AnyCheck[], catalog: Catalog): string {
  const byId = new Map(checks.map((c) => [c.meta.id, c]));
  const failing = report.results.filter((r) => r.status === 'fail' || r.status === 'error')
    .sort((a, b) => SEVERITY_RANK[b.severity] - SEVERITY_RANK[a.severity] || a.checkId.localeCompare(b.checkId) || (a.path ?? '').localeCompare(b.path ?? '') || (a.startLine ?? 0) - (b.startLine ?? 0));
  const groups = new Map<string, { title: string; criteria: string[]; lines: string[] }>();
  // Each finding once, under the first control its check evidences; the others are named.
  for (const r of failing) {
    const check = byId.get(r.checkId);
    const controls = check ? controlsOf(check, catalog) : [{ id: 'unmapped', title: 'Not mapped to a control', criteria: [] }];
    const [primary, ...others] = controls;
    const where = r.path ? `${r.path}${r.startLine ? `:${r.startLine}` : ''}` : r.resourceId;
    const also = others.length ? ` (also ${others.map((c) => c.id).join(', ')})` : '';
    const line = `  ${(r.status === 'error' ? 'ERROR' : r.severity.toUpperCase()).padEnd(8)} ${r.checkId}  ${r.resourceId}  ${where}${also}\n           ${r.message ?? r.reason ?? ''}`;
    const g = groups.get(primary!.id) ?? { title: primary!.title, criteria: primary!.criteria, lines: [] };
    g.lines.push(line);
    groups.set(primary!.id, g);
  }
  const out: string[] = [];
  for (const [id, g] of [...groups].sort((a, b) => a[0].localeCompare(b[0], 'en', { numeric: true }))) {
    out.push(`${id} ${g.title}  (SOC 2 ${g.criteria.join(', ')})`, ...g.lines, '');
  }
  if (report.problems.length) {
    out.push('Could not parse:');
    for (const p of report.problems) out.push(`  ${p.path}${p.line ? `:${p.line}` : ''}: ${p.message}`);
    out.push('');
  }
  const s = summarize(report.results) as Record<'pass' | 'fail' | 'not_applicable' | 'unknown' | 'error' | 'suppressed', number>;
  const bySeverity = ['critical', 'high', 'medium', 'low'].map((sev) => [sev, failing.filter((r) => r.status === 'fail' && r.severity === sev).length] as const).filter(([, n]) => n > 0);
  const checksRun = new Set(report.results.map((r) => r.checkId)).size;
  out.push(`Scanned ${report.files} file(s), ${report.resources} resource(s) with ${checksRun} check(s): ` +
    `${s.fail} failing${bySeverity.length ? ` (${bySeverity.map(([k, n]) => `${n} ${k}`).join(', ')})` : ''}, ${s.pass} passing, ${s.unknown} unknown, ${s.suppressed} suppressed, ${s.not_applicable} not applicable${s.error ? `, ${s.error} errors` : ''}.`);
  if (s.fail === 0 && report.resources === 0) out.push('Nothing to check was found: point attest scan at Terraform, CloudFormation, Kubernetes, Dockerfiles or .github/workflows.');
  if (s.fail > 0) out.push('Each check has a page under docs/checks/ with a corrected example; `attest checks` lists them all.');
  return out.join('\n');
}
