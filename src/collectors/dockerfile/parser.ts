// A Dockerfile lexer: text → instructions with their line ranges. Follows BuildKit's reading
// rules: parser directives at the top (`# escape=`), comment lines dropped (also inside a
// continuation), lines joined on a trailing escape character, heredocs (`RUN <<EOF … EOF`)
// kept inside their instruction. It only reads; nothing is ever run.
import type { DockerInstruction } from '../../domain/resources/workloads.js';

export interface ParseProblem {
  line: number | null;
  message: string;
}

export const KEYWORDS = new Set(['FROM', 'RUN', 'CMD', 'LABEL', 'MAINTAINER', 'EXPOSE', 'ENV', 'ADD', 'COPY', 'ENTRYPOINT', 'VOLUME', 'USER', 'WORKDIR', 'ARG', 'ONBUILD', 'STOPSIGNAL', 'HEALTHCHECK', 'SHELL']);
/** Instructions that accept heredocs. */
const HEREDOC_KEYWORDS = new Set(['RUN', 'COPY', 'ADD']);
const HEREDOC = /(?<!<)<<(-?)[ \t]*(["']?)([A-Za-z_][A-Za-z0-9_]*)\2/g;

const isBlank = (line: string) => /^\s*$/.test(line);
const isComment = (line: string) => /^\s*#/.test(line);

/** The exec (JSON) form's arguments, or null for the shell form. A malformed JSON array is shell form, as in Docker. */
export function execForm(args: string): string[] | null {
  if (!args.startsWith('[')) return null;
  try {
    const parsed: unknown = JSON.parse(args);
    return Array.isArray(parsed) && parsed.every((x) => typeof x === 'string') ? parsed : null;
  } catch {
    return null;
  }
}

export function lexDockerfile(text: string): { instructions: DockerInstruction[]; problems: ParseProblem[] } {
  const lines = text.replace(/^\uFEFF/, '').split(/\r?\n/);
  const problems: ParseProblem[] = [];
  const instructions: DockerInstruction[] = [];

  // Parser directives: only in the leading run of `# key=value` lines.
  let escape = '\\';
  for (const [n, line] of lines.entries()) {
    const m = /^#\s*([A-Za-z][A-Za-z0-9_-]*)\s*=\s*(.*?)\s*$/.exec(line);
    if (!m) break;
    if (m[1]?.toLowerCase() === 'escape') {
      if (m[2] === '`' || m[2] === '\\') escape = m[2];
      else problems.push({ line: n + 1, message: `invalid escape directive ${JSON.stringify(m[2])}: must be \\ or \`` });
    }
  }
  const continuation = new RegExp(`${escape === '\\' ? '\\\\' : '`'}[ \\t]*$`);

  let i = 0;
  while (i < lines.length) {
    const first = lines[i] ?? '';
    if (isBlank(first) || isComment(first)) { i++; continue; }
    const start = i;
    let end = i;
    let logical = '';
    let cur = first;
    for (;;) {
      if (!continuation.test(cur)) { logical += cur; break; }
      logical += cur.replace(continuation, '');
      // Comment and empty lines inside a continuation are dropped.
      let next = end + 1;
      while (next < lines.length && (isComment(lines[next] ?? '') || isBlank(lines[next] ?? ''))) next++;
      if (next >= lines.length) break;
      end = next;
      cur = lines[next] ?? '';
    }
    i = end + 1;
    const m = /^\s*(\S+)\s*([\s\S]*?)\s*$/.exec(logical);
    const keyword = (m?.[1] ?? '').toUpperCase();
    let value = m?.[2] ?? '';
    if (!KEYWORDS.has(keyword)) problems.push({ line: start + 1, message: `unknown instruction ${JSON.stringify(m?.[1] ?? '')}` });

    // Heredocs: bodies follow the instruction line, one after the other, each up to its delimiter.
    const target = keyword === 'ONBUILD' ? /^(\S+)\s*([\s\S]*)$/.exec(value) : null;
    const inner = target ? (target[1] ?? '').toUpperCase() : keyword;
    const innerArgs = target ? target[2] ?? '' : value;
    if (HEREDOC_KEYWORDS.has(inner) && execForm(innerArgs) === null) {
      const bodies: string[] = [];
      for (const h of innerArgs.matchAll(HEREDOC)) {
        const stripTabs = h[1] === '-';
        const word = h[3] ?? '';
        const body: string[] = [];
        let closed = false;
        while (i < lines.length) {
          const line = lines[i] ?? '';
          end = i;
          i++;
          if ((stripTabs ? line.replace(/^\t+/, '') : line) === word) { closed = true; body.push(line); break; }
          body.push(line);
        }
        if (!closed) {
          problems.push({ line: start + 1, message: `heredoc <<${word} is never closed` });
          while (body.length > 0 && isBlank(body[body.length - 1] ?? '')) { body.pop(); end--; }
        }
        bodies.push(body.join('\n'));
      }
      if (bodies.length) value = [value, ...bodies].join('\n');
    }
    instructions.push({ keyword, value, location: { startLine: start + 1, endLine: end + 1 } });
  }
  return { instructions, problems };
}
