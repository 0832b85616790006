// JUnit XML: one test suite per check, one test case per resource it judged. Failing
// results are failures; not applicable, unknown and suppressed ones are skipped with why.
import type { CheckResult } from '../checks/engine.js';
import type { AnyCheck } from '../checks/types.js';
import type { ScanReport } from './findings.js';

const esc = (s: string) => s.replace(/[&<>"']/g, (c) => ({ '&': '&amp;', '<': '&lt;', '>': '&gt;', '"': '&quot;', "'": '&apos;' })[c]!)
  // XML 1.0 forbids most control characters, even escaped.
  // eslint-disable-next-line no-control-regex -- stripping them is the point
  .replace(/[\u0000-\u0008\u000B\u000C\u000E-\u001F]/g, '');

export function toJunit(report: ScanReport, checks: AnyCheck[]): string {
  const byCheck = new Map<string, CheckResult[]>();
  for (const r of report.results) {
    const list = byCheck.get(r.checkId);
    if (list) list.push(r);
    else byCheck.set(r.checkId, [r]);
  }
  const seconds = Math.max(0, (Date.parse(report.finishedAt) - Date.parse(report.startedAt)) / 1000);
  const suites: string[] = [];
  let tests = 0;
  let failures = 0;
  let errors = 0;
  let skipped = 0;
  for (const check of checks) {
    const results = byCheck.get(check.meta.id);
    if (!results) continue;
    const f = results.filter((r) => r.status === 'fail').length;
    const e = results.filter((r) => r.status === 'error').length;
    const s = results.filter((r) => r.status !== 'pass' && r.status !== 'fail' && r.status !== 'error').length;
    tests += results.length; failures += f; errors += e; skipped += s;
    const cases = results.map((r) => {
      const where = r.path ? `${r.path}${r.startLine ? `:${r.startLine}` : ''}` : r.resourceId;
      const head = `    <testcase classname="${esc(check.meta.id)}" name="${esc(r.resourceId)}" file="${esc(r.path ?? '')}"${r.startLine ? ` line="${r.startLine}"` : ''}`;
      if (r.status === 'pass') return `${head}/>`;
      if (r.status === 'fail') return `${head}>\n      <failure message="${esc(r.message ?? r.reason ?? 'failed')}" type="${esc(`${check.meta.severity}:${r.reason ?? ''}`)}">${esc(`${check.meta.title}\n${where}\n${check.meta.remediation.text}`)}</failure>\n    </testcase>`;
      if (r.status === 'error') return `${head}>\n      <error message="${esc(r.message ?? 'error')}"/>\n    </testcase>`;
      return `${head}>\n      <skipped message="${esc(`${r.status}: ${r.reason ?? ''}`)}"/>\n    </testcase>`;
    });
    suites.push(`  <testsuite name="${esc(check.meta.id)}" tests="${results.length}" failures="${f}" errors="${e}" skipped="${s}">\n${cases.join('\n')}\n  </testsuite>`);
  }
  return `<?xml version="1.0" encoding="UTF-8"?>\n<testsuites name="attest scan" tests="${tests}" failures="${failures}" errors="${errors}" skipped="${skipped}" time="${seconds.toFixed(3)}">\n${suites.join('\n')}\n</testsuites>\n`;
}
