// docs/checks/: one page per check, generated from its metadata (`npm run docs:checks`);
// test/checks/docs.test.ts keeps the pages in sync.
import type { AnyCheck } from '../checks/types.js';
import type { Catalog } from '../domain/types.js';
import { controlsOf } from './findings.js';

const FENCE: Record<string, string> = { terraform: 'hcl', cloudformation: 'yaml', yaml: 'yaml', dockerfile: 'dockerfile' };

export function checkPage(check: AnyCheck, catalog: Catalog): string {
  const { meta } = check;
  const controls = controlsOf(check, catalog);
  const criteria = [...new Set(controls.flatMap((c) => c.criteria))].sort();
  const lines = [
    `# ${meta.id}`,
    '',
    `**${meta.title}**`,
    '',
    meta.description,
    '',
    '| | |',
    '|---|---|',
    `| Severity | ${meta.severity} |`,
    `| Resource type | \`${meta.resourceType}\` |`,
    `| Controls | ${controls.map((c) => `${c.id} ${c.title}`).join('; ')} |`,
    `| SOC 2 criteria | ${criteria.join(', ')} |`,
    '',
    '## Remediation',
    '',
    meta.remediation.text,
  ];
  if (meta.remediation.snippet) lines.push('', `\`\`\`${FENCE[meta.remediation.snippet.language] ?? ''}`, meta.remediation.snippet.code, '```');
  lines.push('', '## Suppressing', '', 'When a finding is accepted, say why, next to the resource:', '', '```', `# attest:ignore ${meta.id} reason="why this is acceptable here"`, '```', '');
  return lines.join('\n');
}

export function checkIndex(checks: AnyCheck[]): string {
  const sorted = [...checks].sort((a, b) => a.meta.id.localeCompare(b.meta.id));
  const families = new Map<string, number>();
  for (const c of sorted) families.set(c.meta.resourceType, (families.get(c.meta.resourceType) ?? 0) + 1);
  return [
    '# Checks',
    '',
    `${sorted.length} checks. Generated from the checks' metadata by \`npm run docs:checks\`; do not edit by hand.`,
    '',
    '| Check | Severity | Resource type | Title |',
    '|---|---|---|---|',
    ...sorted.map((c) => `| [${c.meta.id}](${c.meta.id}.md) | ${c.meta.severity} | \`${c.meta.resourceType}\` | ${c.meta.title} |`),
    '',
    '## By resource type',
    '',
    ...[...families].sort().map(([t, n]) => `- \`${t}\`: ${n}`),
    '',
  ].join('\n');
}
