// Helpers for the checks over `container.dockerfile`.
import type { DockerInstruction, DockerStage, Dockerfile } from '../../../domain/resources/workloads.js';
import type { LineRange } from '../../../domain/resources/index.js';

export const finalStage = (d: Dockerfile): DockerStage | undefined => d.stages[d.stages.length - 1];

/** The lines of the stage's FROM, when the collector kept it among the instructions. */
export const fromLocation = (s: DockerStage): LineRange | null => s.instructions.find((i) => i.keyword === 'FROM')?.location ?? null;

export function lastInstruction(s: DockerStage, keyword: string): DockerInstruction | undefined {
  for (let i = s.instructions.length - 1; i >= 0; i--) if (s.instructions[i]!.keyword === keyword) return s.instructions[i];
  return undefined;
}

/**
 * The stage and the earlier stages it builds on (`FROM base AS final` → final, base, …): image
 * settings such as USER, HEALTHCHECK and EXPOSE are inherited along this chain.
 */
export function stageChain(d: Dockerfile, stage: DockerStage): DockerStage[] {
  const chain = [stage];
  let current = stage;
  while (current.fromStage && chain.length <= d.stages.length) {
    const at = d.stages.indexOf(current);
    const name = current.baseImage.toLowerCase();
    const parent = d.stages.slice(0, at).reverse().find((s) => s.name !== null && s.name.toLowerCase() === name);
    if (!parent) break;
    chain.push(parent);
    current = parent;
  }
  return chain;
}

/** The instruction in effect for the final image: the last one in the final stage, else inherited. */
export function effectiveInstruction(d: Dockerfile, keyword: string): DockerInstruction | undefined {
  const final = finalStage(d);
  if (!final) return undefined;
  for (const s of stageChain(d, final)) {
    const found = lastInstruction(s, keyword);
    if (found) return found;
  }
  return undefined;
}

export function* instructions(d: Dockerfile, keyword: string): Generator<DockerInstruction> {
  for (const s of d.stages) for (const i of s.instructions) if (i.keyword === keyword) yield i;
}

/** Splits shell-form arguments on blanks, honouring quotes; JSON (exec) form is parsed as such. */
export function splitArgs(value: string): string[] {
  const v = value.trim();
  if (v.startsWith('[')) {
    try {
      const parsed: unknown = JSON.parse(v);
      if (Array.isArray(parsed)) return parsed.map(String);
    } catch {
      // not valid JSON: Docker treats it as shell form too
    }
  }
  return [...v.matchAll(/"((?:[^"\\]|\\.)*)"|'([^']*)'|(\S+)/g)].map((m) => m[1] ?? m[2] ?? m[3] ?? '');
}

export interface Assignment {
  name: string;
  /** null for `ARG NAME` without a default. */
  value: string | null;
}

/** The variables an ENV or ARG instruction sets: `A=1 B="two words"`, `ARG NAME`, legacy `ENV NAME value`. */
export function assignments(keyword: 'ENV' | 'ARG', value: string): Assignment[] {
  const v = value.trim();
  const first = /^\S+/.exec(v)?.[0] ?? '';
  if (keyword === 'ENV' && first !== '' && !first.includes('=')) return [{ name: first, value: v.slice(first.length).trim() }];
  const out: Assignment[] = [];
  for (const m of v.matchAll(/([^\s=]+)(?:=("(?:[^"\\]|\\.)*"|'[^']*'|(?:[^\s\\]|\\.)*))?/g)) {
    const raw = m[2];
    out.push({ name: m[1]!, value: raw === undefined ? null : raw.replace(/^"(.*)"$|^'(.*)'$/s, '$1$2') });
  }
  return out;
}
