// GitHub Actions expressions (`${{ … }}`) and the event fields an outsider controls.

/**
 * Fields of the event payload that whoever opens an issue, a pull request, a comment or pushes a
 * branch can set to any text, shell syntax included. Matched on the expression normalized by
 * `normalize` (`[0]`, `[*]` and `['x']` become `.0`, `.*`, `.x`).
 */
const UNTRUSTED = new RegExp([
  String.raw`\bgithub\.event\.(issue|pull_request|discussion)\.(title|body)\b`,
  String.raw`\bgithub\.event\.(comment|review|review_comment)\.body\b`,
  String.raw`\bgithub\.event\.pages\.[^.\s]+\.page_name\b`,
  String.raw`\bgithub\.event\.(commits\.[^.\s]+|head_commit)\.(message|(author|committer)\.(email|name))\b`,
  String.raw`\bgithub\.event\.pull_request\.head\.(ref|label|repo\.default_branch)\b`,
  String.raw`\bgithub\.event\.workflow_run\.(head_branch|display_title|head_commit\.(message|(author|committer)\.(email|name))|pull_requests\.[^.\s]+\.head\.ref|head_repository\.description)\b`,
  String.raw`\bgithub\.event\.(check_suite|check_run\.check_suite)\.head_branch\b`,
  String.raw`\bgithub\.head_ref\b`,
].join('|'));

const EXPRESSION = /\$\{\{([\s\S]*?)\}\}/g;

/** `github.event['issue'].title`, `github.event.commits[0].message` → dotted form. */
export const normalize = (expr: string): string =>
  expr.replace(/\[\s*['"]([^'"\]]+)['"]\s*\]/g, '.$1').replace(/\[\s*([^\]]*?)\s*\]/g, '.$1').replace(/\s+/g, ' ').trim();

/** The `${{ … }}` expressions of a text that read an untrusted event field, as written (trimmed). */
export function untrustedExpressions(text: string): string[] {
  if (!text.includes('${{')) return [];
  const found: string[] = [];
  for (const m of text.matchAll(EXPRESSION)) {
    const expr = m[1]!.trim();
    if (UNTRUSTED.test(normalize(expr))) found.push(expr);
  }
  return found;
}

/** Whether a value is, or contains, an expression (so it is only known when the workflow runs). */
export const hasExpression = (s: string): boolean => s.includes('${{');
