// SARIF 2.1.0 for GitHub code scanning and other SARIF consumers. One rule per check (with
// help text and remediation), one result per failing or suppressed finding.
import { createHash } from 'node:crypto';
import type { AnyCheck, Severity } from '../checks/types.js';
import type { Catalog } from '../domain/types.js';
import { controlsOf, type ScanReport } from './findings.js';

const LEVEL: Record<Severity, 'note' | 'warning' | 'error'> = { low: 'note', medium: 'warning', high: 'error', critical: 'error' };
/** GitHub reads `security-severity` (0-10) to rank security alerts. */
const SECURITY_SEVERITY: Record<Severity, string> = { low: '3.0', medium: '5.5', high: '8.0', critical: '9.5' };

function rule(check: AnyCheck, catalog: Catalog) {
  const controls = controlsOf(check, catalog);
  const criteria = [...new Set(controls.flatMap((c) => c.criteria))];
  const { remediation } = check.meta;
  const snippet = remediation.snippet ? `\n\n\`\`\`${remediation.snippet.language === 'terraform' ? 'hcl' : remediation.snippet.language}\n${remediation.snippet.code}\n\`\`\`` : '';
  const mapped = `Evidences ${controls.map((c) => `${c.id} (${c.title})`).join(', ')}; SOC 2 ${criteria.join(', ')}.`;
  return {
    id: check.meta.id,
    name: check.meta.id.split('-').map((w) => w[0]!.toUpperCase() + w.slice(1)).join(''),
    shortDescription: { text: check.meta.title },
    fullDescription: { text: check.meta.description },
    help: {
      text: `${remediation.text}${remediation.snippet ? `\n\n${remediation.snippet.code}` : ''}\n\n${mapped}`,
      markdown: `${remediation.text}${snippet}\n\n${mapped}`,
    },
    defaultConfiguration: { level: LEVEL[check.meta.severity] },
    properties: {
      tags: ['security', 'soc2', ...criteria.map((c) => `soc2/${c}`), ...controls.map((c) => `control/${c.id}`)],
      'security-severity': SECURITY_SEVERITY[check.meta.severity],
      precision: 'high',
      resourceType: check.meta.resourceType,
    },
  };
}

const fingerprint = (parts: (string | null)[]) => createHash('sha256').update(parts.join('\0')).digest('hex').slice(0, 32);

export function toSarif(report: ScanReport, checks: AnyCheck[], catalog: Catalog): Record<string, unknown> {
  const used = checks;
  const index = new Map(used.map((c, i) => [c.meta.id, i]));
  const findings = report.results.filter((r) => r.status === 'fail' || r.status === 'suppressed');
  return {
    $schema: 'https://json.schemastore.org/sarif-2.1.0.json',
    version: '2.1.0',
    runs: [{
      tool: { driver: { name: report.tool.name, version: report.tool.version, semanticVersion: report.tool.version, informationUri: 'https://github.com/attest-compliance/attest', rules: used.map((c) => rule(c, catalog)) } },
      automationDetails: { id: `attest/scan/${report.finishedAt}` },
      invocations: [{
        executionSuccessful: true,
        startTimeUtc: report.startedAt,
        endTimeUtc: report.finishedAt,
        toolExecutionNotifications: [
          ...report.problems.map((p) => ({ level: 'error', message: { text: p.message }, locations: [{ physicalLocation: { artifactLocation: { uri: p.path }, ...(p.line ? { region: { startLine: p.line } } : {}) } }] })),
          ...report.notices.map((n) => ({ level: 'note', message: { text: n.path ? `${n.path}: ${n.message}` : n.message } })),
        ],
      }],
      results: findings.map((r) => {
        const physical = r.path
          ? [{ physicalLocation: { artifactLocation: { uri: r.path.split('\\').join('/'), uriBaseId: '%SRCROOT%' }, region: { startLine: r.startLine ?? 1, ...(r.endLine ? { endLine: r.endLine } : {}) } }, logicalLocations: [{ name: r.resourceId, kind: 'resource' }] }]
          : [{ logicalLocations: [{ name: r.resourceId, kind: 'resource' }] }];
        return {
          ruleId: r.checkId,
          ruleIndex: index.get(r.checkId) ?? -1,
          level: LEVEL[r.severity],
          message: { text: `${r.message ?? r.reason ?? 'failed'} (${r.resourceId})` },
          locations: physical,
          partialFingerprints: { 'attestFinding/v1': fingerprint([r.checkId, r.resourceId, r.reason]) },
          properties: { resourceType: r.resourceType, reason: r.reason },
          ...(r.status === 'suppressed' && r.suppression
            ? { suppressions: [{ kind: r.suppression.source === 'inline' ? 'inSource' : 'external', status: 'accepted', justification: r.suppression.reason }] }
            : {}),
        };
      }),
      columnKind: 'unicodeCodePoints',
      originalUriBaseIds: { '%SRCROOT%': { uri: 'file:///' } },
    }],
  };
}
