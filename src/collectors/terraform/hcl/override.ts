// Override files (`override.tf`, `*_override.tf` and their `.tf.json` forms) merge into the
// blocks of the other files of their module, the way Terraform merges them: a resource, data
// source, variable, output or module call with the same labels takes each argument the override
// sets and, for each nested block type the override has, its blocks instead of the original ones;
// a local value replaces the local of the same name. Overrides apply in file-name order.
//
// Expressions keep offsets into their own file's text (for the text of unknown values), so a
// file receiving an override gets the override's text appended and the moved expressions' offsets
// shifted to it.
import type { Attribute, Block, Body, Expr, HclFile } from './ast.js';
import { lineStartsOf } from './parser.js';

export const isOverrideFile = (name: string) => /(?:^|_)override\.tf(?:\.json)?$/.test(name);

const MERGED = new Set(['resource', 'data', 'variable', 'output', 'module']);

export interface OverrideNotice {
  path: string;
  line: number;
  message: string;
}

/** Returns the primary files with the overrides merged in; what cannot be placed is reported. */
export function applyOverrides(primary: HclFile[], overrides: HclFile[], notice: (n: OverrideNotice) => void): HclFile[] {
  if (overrides.length === 0) return primary;
  const files = primary.map((f) => ({ ...f }));
  /** Per receiving file: the override texts appended so far, by override path. */
  const appended = new Map<HclFile, Map<string, number>>();
  const offsetIn = (target: HclFile, from: HclFile): number => {
    let byPath = appended.get(target);
    if (!byPath) appended.set(target, (byPath = new Map()));
    let at = byPath.get(from.path);
    if (at === undefined) {
      at = target.src.length + 1;
      target.src = `${target.src}\n${from.src}`;
      target.lineStarts = lineStartsOf(target.src);
      byPath.set(from.path, at);
    }
    return at;
  };

  for (const ov of overrides) {
    for (const b of ov.body.blocks) {
      if (b.type === 'locals') {
        for (const a of b.body.attributes) {
          const found = findLocal(files, a.name);
          if (!found) {
            notice({ path: ov.path, line: a.startLine, message: `override of local.${a.name}: no such local value in the module; ignored` });
            continue;
          }
          const shift = offsetIn(found.file, ov);
          found.block.body = { ...found.block.body, attributes: found.block.body.attributes.map((x) => (x === found.attr ? shifted(a, shift) : x)) };
        }
        continue;
      }
      if (!MERGED.has(b.type)) continue; // provider and terraform blocks: nothing here reads them
      const found = findBlock(files, b);
      if (!found) {
        notice({ path: ov.path, line: b.startLine, message: `override of ${[b.type, ...b.labels].join(' ')}: no such block in the module; ignored` });
        continue;
      }
      const shift = offsetIn(found.file, ov);
      found.file.body = {
        ...found.file.body,
        blocks: found.file.body.blocks.map((x) => (x === found.block ? { ...x, body: merge(x.body, b.body, shift) } : x)),
      };
    }
  }
  return files;
}

function merge(original: Body, override: Body, shift: number): Body {
  const set = new Map(override.attributes.map((a) => [a.name, a]));
  const attributes = original.attributes.map((a) => (set.has(a.name) ? shifted(set.get(a.name)!, shift) : a));
  for (const a of override.attributes) if (!original.attributes.some((o) => o.name === a.name)) attributes.push(shifted(a, shift));
  const replacedTypes = new Set(override.blocks.map((b) => b.type));
  const blocks = [...original.blocks.filter((b) => !replacedTypes.has(b.type)), ...override.blocks.map((b) => shiftedBlock(b, shift))];
  return { attributes, blocks };
}

function findBlock(files: HclFile[], b: Block): { file: HclFile; block: Block } | null {
  for (const file of files) {
    for (const block of file.body.blocks) {
      if (block.type === b.type && block.labels.length === b.labels.length && block.labels.every((l, i) => l === b.labels[i])) return { file, block };
    }
  }
  return null;
}

function findLocal(files: HclFile[], name: string): { file: HclFile; block: Block; attr: Attribute } | null {
  for (const file of files) {
    for (const block of file.body.blocks) {
      if (block.type !== 'locals') continue;
      const attr = block.body.attributes.find((a) => a.name === name);
      if (attr) return { file, block, attr };
    }
  }
  return null;
}

const shifted = (a: Attribute, by: number): Attribute => ({ ...a, expr: shiftExpr(a.expr, by) });
const shiftedBlock = (b: Block, by: number): Block => ({ ...b, body: { attributes: b.body.attributes.map((a) => shifted(a, by)), blocks: b.body.blocks.map((x) => shiftedBlock(x, by)) } });

/** A copy of an expression tree with every source offset moved by `by`. */
function shiftExpr(e: Expr, by: number): Expr {
  return shiftAny(e, by) as Expr;
}
function shiftAny(v: unknown, by: number): unknown {
  if (Array.isArray(v)) return v.map((x) => shiftAny(x, by));
  if (v === null || typeof v !== 'object') return v;
  const out: Record<string, unknown> = {};
  const isNode = 'k' in v;
  for (const [key, x] of Object.entries(v)) out[key] = isNode && (key === 's' || key === 'e') && typeof x === 'number' ? x + by : shiftAny(x, by);
  return out;
}
