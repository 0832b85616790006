import type { Command } from 'commander';
import { readFileSync, writeFileSync } from 'node:fs';
import { runScan, type CollectorSet } from '../../app/scan-run.js';
import { checks } from '../../checks/registry.js';
import { fingerprint } from '../../checks/suppressions.js';
import { SEVERITIES, type Severity } from '../../checks/types.js';
import { catalog } from '../../content/load.js';
import { toIsoDate } from '../../domain/dates.js';
import { invalid, invalidField, type FieldError } from '../../domain/errors.js';
import { SEVERITY_RANK, type ScanReport } from '../../reports/findings.js';
import { toJunit } from '../../reports/junit.js';
import { toSarif } from '../../reports/sarif.js';
import { connect, hasWorkspace } from '../client.js';
import type { CommandContext } from '../main.js';
import { VERSION } from '../main.js';
import { loadScanConfig } from '../scan-config.js';
import { scanJson, scanTable } from '../scan-output.js';

const FORMATS = ['table', 'json', 'sarif', 'junit'] as const;
const collect = (value: string, previous: string[]) => [...previous, ...value.split(',').map((v) => v.trim()).filter(Boolean)];

export interface ScanCommandDeps {
  collectors: () => Promise<CollectorSet>;
}

export function registerScan(program: Command, ctx: CommandContext, deps: ScanCommandDeps) {
  program
    .command('scan')
    .description('Scan Terraform, CloudFormation, Kubernetes, Dockerfiles, GitHub Actions workflows and secrets; findings mapped to SOC 2 controls')
    .argument('<path...>', 'files or folders to scan')
    .option('--format <format>', `output format: ${FORMATS.join(', ')}`, 'table')
    .option('--output <file>', 'write the report to a file instead of standard output')
    .option('--fail-on <severity>', `exit 1 when a finding is at or above this severity: ${SEVERITIES.join(', ')}`, 'low')
    .option('--check <id>', 'run only these checks (repeat or comma-separate)', collect, [])
    .option('--skip-check <id>', 'skip these checks (repeat or comma-separate)', collect, [])
    .option('--config <file>', 'configuration file with suppressions (default: .attest.yaml if present)')
    .option('--baseline <file>', 'report only findings not in this baseline file')
    .option('--write-baseline <file>', 'write the current findings as a baseline file')
    .option('--record', 'record the results in the workspace even when none is found here (fails if there is none)')
    .option('--no-record', 'do not record the results in the workspace')
    .addHelpText('after', `
Exit codes: 0 no finding at or above --fail-on; 1 findings at or above it; 2 usage or fatal error.
Suppress a finding with a reason, in the file:   # attest:ignore <check-id> reason="why"
or in .attest.yaml (scan.suppressions, with an optional expiry date). \`attest checks\` lists the catalog.

Examples:
  attest scan ./infra
  attest scan . --format sarif --output attest.sarif --fail-on high
  attest scan k8s/ --check k8s-workload-not-privileged --format json`)
    .action(async (paths: string[], opts: { format: string; output?: string; failOn: string; check: string[]; skipCheck: string[]; config?: string; baseline?: string; writeBaseline?: string; record?: boolean }) => {
      const known = new Set(checks.map((c) => c.meta.id));
      const errors: FieldError[] = [];
      if (!(FORMATS as readonly string[]).includes(opts.format)) errors.push({ field: 'format', code: 'invalid_value', message: `${JSON.stringify(opts.format)}: choose ${FORMATS.join(', ')}` });
      if (!(SEVERITIES as readonly string[]).includes(opts.failOn)) errors.push({ field: 'fail-on', code: 'invalid_value', message: `${JSON.stringify(opts.failOn)}: choose ${SEVERITIES.join(', ')}` });
      for (const id of [...opts.check, ...opts.skipCheck]) if (!known.has(id)) errors.push({ field: 'check', code: 'unknown_id', message: `no check ${JSON.stringify(id)} (see \`attest checks\`)` });
      if (errors.length) throw invalid(errors);
      const config = loadScanConfig(opts.config, known);
      let baseline: Set<string> | undefined;
      if (opts.baseline) {
        try {
          const doc = JSON.parse(readFileSync(opts.baseline, 'utf8')) as { findings?: unknown };
          if (!Array.isArray(doc.findings)) throw new Error('no "findings" list');
          baseline = new Set(doc.findings.map(String));
        } catch (e) {
          throw invalidField('baseline', 'unreadable', `${opts.baseline}: ${(e as Error).message}`);
        }
      }
      const isTTY = ctx.io.isTTY;
      let lastDraw = 0;
      const report: ScanReport = await runScan({
        paths, only: opts.check.length ? opts.check : undefined, skip: [...opts.skipCheck, ...config.skipChecks],
        suppressions: config.suppressions, baseline, today: toIsoDate(new Date()), version: VERSION,
        onProgress: (phase, done, total) => {
          if (!isTTY || Date.now() - lastDraw < 80) return;
          lastDraw = Date.now();
          const bar = total ? `[${'#'.repeat(Math.round((done / total) * 20)).padEnd(20, '.')}] ${done}/${total}` : `${done}`;
          process.stderr.write(`\r\x1b[K${phase} ${bar}`);
        },
      }, await deps.collectors());
      if (isTTY) process.stderr.write('\r\x1b[K');

      const cat = catalog();
      const text = opts.format === 'sarif' ? JSON.stringify(toSarif(report, checks, cat), null, 2)
        : opts.format === 'junit' ? toJunit(report, checks)
        : opts.format === 'json' ? JSON.stringify(scanJson(report, checks, cat), null, 2)
        : scanTable(report, checks, cat);
      if (opts.output) writeFileSync(opts.output, text.endsWith('\n') ? text : `${text}\n`);
      else ctx.io.out(text.trimEnd());
      if (opts.format !== 'table' || opts.output) {
        for (const p of report.problems) ctx.io.err(`attest: ${p.path}${p.line ? `:${p.line}` : ''}: ${p.message}`);
      }
      for (const n of report.notices) ctx.io.err(`notice: ${n.path ? `${n.path}${n.line ? `:${n.line}` : ''}: ` : ''}${n.message}`);

      if (opts.writeBaseline) {
        const findings = [...new Set(report.results.filter((r) => r.status === 'fail').map(fingerprint))].sort();
        writeFileSync(opts.writeBaseline, `${JSON.stringify({ version: 1, tool: `attest ${VERSION}`, createdAt: report.finishedAt, findings }, null, 2)}\n`);
        ctx.io.err(`wrote ${findings.length} finding(s) to the baseline ${opts.writeBaseline}`);
      }

      const config2 = ctx.config();
      const record = opts.record ?? undefined;
      if (record === true || (record === undefined && hasWorkspace(config2))) {
        const client = await connect(config2, 'scan');
        try {
          const { run } = await client.recordScan({
            startedAt: report.startedAt, finishedAt: report.finishedAt, targets: report.targets,
            // The workspace stores each result's own lines; resourceLine only places suppressions.
            results: report.results.map(({ suppression: _s, resourceLine: _l, ...r }) => r),
          });
          ctx.io.err(`recorded as scan ${run.id} in the workspace (${client.via}); \`attest status\` shows what it changed`);
        } finally {
          await client.close();
        }
      }

      const threshold = SEVERITY_RANK[opts.failOn as Severity];
      const blocking = report.results.some((r) => r.status === 'fail' && SEVERITY_RANK[r.severity] >= threshold);
      ctx.setExit(blocking ? 1 : 0);
    });
}
