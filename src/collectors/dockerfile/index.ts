// Dockerfiles → one `container.dockerfile` resource per file: its stages (FROM image, tag,
// digest, whether it builds on an earlier stage) and what the final image runs as.
import { basename } from 'node:path';
import type { Resource } from '../../domain/resources/index.js';
import type { Dockerfile, DockerInstruction, DockerStage } from '../../domain/resources/workloads.js';
import { KEYWORDS, lexDockerfile } from './parser.js';

export { execForm, lexDockerfile } from './parser.js';

export interface CollectorProblem {
  path: string;
  line: number | null;
  message: string;
}

export interface CollectorResult {
  resources: Resource[];
  problems: CollectorProblem[];
}

/** `Dockerfile`, `Dockerfile.<anything>`, `<anything>.Dockerfile` (any case) and `Containerfile`. */
export function isDockerfilePath(path: string): boolean {
  const name = basename(path);
  return /^(dockerfile|containerfile)(\..+)?$/i.test(name) || /\.(dockerfile|containerfile)$/i.test(name);
}

export function collectDockerfile(path: string, text: string): CollectorResult {
  const { instructions, problems: lexProblems } = lexDockerfile(text);
  const problems: CollectorProblem[] = lexProblems.map((p) => ({ path, ...p }));
  const stages = readStages(instructions, (line, message) => problems.push({ path, line, message }));
  if (stages.length === 0) {
    problems.push({ path, line: instructions[0]?.location.startLine ?? null, message: 'no FROM instruction: not a Dockerfile, or an incomplete one' });
    return { resources: [], problems: byLine(problems) };
  }
  const final = stages.length - 1;
  const attributes: Dockerfile = {
    stages,
    finalUser: inherited(stages, final, (s) => lastOf(s, 'USER')?.value ?? null),
    finalHealthcheck: inherited(stages, final, (s) => {
      const hc = lastOf(s, 'HEALTHCHECK');
      return hc ? !/^NONE\b/i.test(hc.value) : null;
    }) ?? false,
  };
  const lastLine = instructions[instructions.length - 1]?.location.endLine ?? 1;
  return {
    resources: [{
      type: 'container.dockerfile',
      id: path,
      name: stages[final]?.name ?? null,
      attributes: attributes as unknown as Record<string, unknown>,
      source: { kind: 'file', format: 'dockerfile', path, startLine: 1, endLine: lastLine },
    }],
    problems: byLine(problems),
  };
}

/**
 * Stages in order; each starts with its FROM. ARGs before the first FROM (the only instructions
 * allowed there) are kept at the head of the first stage, so nothing written is lost.
 */
function readStages(instructions: DockerInstruction[], problem: (line: number, message: string) => void): DockerStage[] {
  const stages: DockerStage[] = [];
  const globalArgs = new Map<string, string | null>();
  const preamble: DockerInstruction[] = [];
  for (const ins of instructions) {
    if (ins.keyword === 'FROM') {
      stages.push(readFrom(ins, stages, globalArgs, problem));
      if (stages.length === 1) stages[0]?.instructions.unshift(...preamble);
    } else if (stages.length > 0) {
      stages[stages.length - 1]?.instructions.push(ins);
    } else {
      if (ins.keyword === 'ARG') for (const [k, v] of parseArgs(ins.value)) globalArgs.set(k, v === null ? null : substitute(v, globalArgs).text);
      else if (KEYWORDS.has(ins.keyword)) problem(ins.location.startLine, `${ins.keyword} before the first FROM (only ARG may come first)`);
      preamble.push(ins);
    }
  }
  return stages;
}

function readFrom(ins: DockerInstruction, earlier: DockerStage[], args: Map<string, string | null>, problem: (line: number, message: string) => void): DockerStage {
  const words = ins.value.split(/\s+/).filter(Boolean).filter((w) => !w.startsWith('--'));
  const written = words[0] ?? '';
  let name: string | null = null;
  if (words.length >= 3 && words[1]?.toLowerCase() === 'as') name = words[2] ?? null;
  if (words.length !== 1 && !(words.length === 3 && name)) problem(ins.location.startLine, `FROM expects "image [AS name]", got ${JSON.stringify(ins.value)}`);
  if (!written) problem(ins.location.startLine, 'FROM without an image');

  const image = substitute(written, args).text;
  const stage: DockerStage = { name, baseImage: image, baseTag: null, baseDigest: null, fromStage: false, instructions: [ins] };
  if (earlier.some((s) => s.name !== null && s.name.toLowerCase() === image.toLowerCase())) {
    stage.fromStage = true;
  } else if (image.toLowerCase() !== 'scratch') {
    const ref = parseImageRef(image);
    stage.baseDigest = ref.digest;
    // When the repository itself is an unresolved variable, the tag cannot be told either.
    stage.baseTag = ref.repository.includes('$') ? null : ref.tag ?? (ref.digest ? null : 'latest');
  }
  return stage;
}

/** `registry:5000/team/app:1.2@sha256:…` → repository, tag, digest (tag null when not written). */
export function parseImageRef(image: string): { repository: string; tag: string | null; digest: string | null } {
  const at = image.indexOf('@');
  const digest = at >= 0 ? image.slice(at + 1) || null : null;
  const nameTag = at >= 0 ? image.slice(0, at) : image;
  const colon = nameTag.lastIndexOf(':');
  // A colon before the last slash belongs to a registry port, not a tag.
  if (colon > nameTag.lastIndexOf('/') && !isInsideBraces(nameTag, colon)) return { repository: nameTag.slice(0, colon), tag: nameTag.slice(colon + 1) || null, digest };
  return { repository: nameTag, tag: null, digest };
}

const isInsideBraces = (s: string, index: number) => s.lastIndexOf('${', index) > s.lastIndexOf('}', index);

/**
 * `$VAR`, `${VAR}`, `${VAR:-default}` and `${VAR:+alternative}` from the ARG defaults declared
 * before the first FROM. A variable without a value to use (left for the build to pass) stays
 * as written; `complete` says whether any did.
 */
export function substitute(s: string, args: Map<string, string | null>): { text: string; complete: boolean } {
  let complete = true;
  const text = s.replace(/\$(?:\{([A-Za-z_][A-Za-z0-9_]*)(?:(:-|:\+)([^}]*))?\}|([A-Za-z_][A-Za-z0-9_]*))/g, (written: string, braced: string | undefined, op: string | undefined, word: string | undefined, bare: string | undefined) => {
    const value = args.get((braced ?? bare) as string) ?? null;
    const set = value !== null && value !== '';
    if (op === ':-') return set ? value : word ?? '';
    if (op === ':+') return set ? word ?? '' : '';
    if (value === null || value.includes('$')) { complete = false; return written; }
    return value;
  });
  return { text, complete };
}

/** `ARG A`, `ARG A=1`, `ARG A=1 B="two words"` → name → default (null when none). */
export function parseArgs(value: string): [string, string | null][] {
  const out: [string, string | null][] = [];
  for (const m of value.matchAll(/([A-Za-z_][A-Za-z0-9_]*)(?:=("(?:[^"\\]|\\.)*"|'[^']*'|\S*))?/g)) {
    const raw = m[2];
    out.push([m[1] as string, raw === undefined ? null : raw.replace(/^(["'])([\s\S]*)\1$/, '$2')]);
  }
  return out;
}

const byLine = (problems: CollectorProblem[]) => problems.sort((a, b) => (a.line ?? 0) - (b.line ?? 0));

const lastOf = (stage: DockerStage, keyword: string) => stage.instructions.filter((i) => i.keyword === keyword).at(-1);

/** A setting of the stage, else of the earlier stage it builds on (and so on up the chain). */
function inherited<T>(stages: DockerStage[], index: number, read: (s: DockerStage) => T | null): T | null {
  const seen = new Set<number>();
  let i = index;
  while (i >= 0 && !seen.has(i)) {
    seen.add(i);
    const stage = stages[i];
    if (!stage) return null;
    const own = read(stage);
    if (own !== null) return own;
    if (!stage.fromStage) return null;
    const base = stage.baseImage.toLowerCase();
    i = stages.findLastIndex((s, j) => j < i && s.name?.toLowerCase() === base);
  }
  return null;
}
