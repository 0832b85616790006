// An evaluated block body: attribute values and nested blocks (dynamic blocks expanded), the
// shape normalizers read. The plan reader builds the same shape from plan JSON.
import type { Block, Body } from '../hcl/ast.js';
import { evaluate, type Scope } from './evaluate.js';
import { hasKey, isObj, isUnk, newObject, setKey, Unk, type Value } from './values.js';

export interface EBody {
  attrs: Record<string, Value>;
  blocks: Record<string, EBlock[]>;
}
export interface EBlock extends EBody {
  startLine: number;
  endLine: number;
}

/** Attributes that steer Terraform itself, not the resource. */
const META_ATTRS = new Set(['count', 'for_each', 'depends_on', 'provider']);
const META_BLOCKS = new Set(['lifecycle', 'provisioner', 'connection']);

/**
 * Evaluates a body. `topLevel` lets a resource instance serve its own (cached) attribute
 * values; nested bodies are evaluated directly.
 */
export function evalBody(body: Body, scope: Scope, topLevel: ((name: string) => Value) | null = null, startLine = 0, endLine = 0): EBlock {
  const attrs: Record<string, Value> = {};
  for (const a of body.attributes) {
    if (topLevel && META_ATTRS.has(a.name)) continue;
    setKey(attrs, a.name, topLevel ? topLevel(a.name) : evaluate(a.expr, scope));
  }
  const blocks: Record<string, EBlock[]> = {};
  for (const b of body.blocks) {
    if (topLevel && META_BLOCKS.has(b.type)) continue;
    if (b.type === 'dynamic' && b.labels.length === 1) {
      for (const e of expandDynamic(b, scope)) addBlock(blocks, b.labels[0]!, e);
      continue;
    }
    addBlock(blocks, b.type, evalBody(b.body, scope, null, b.startLine, b.endLine));
  }
  return { attrs, blocks, startLine, endLine };
}

function addBlock(blocks: Record<string, EBlock[]>, type: string, b: EBlock): void {
  const list = hasKey(blocks, type) ? blocks[type] : undefined;
  if (list) list.push(b);
  else setKey(blocks, type, [b]);
}

/** `dynamic "x" { for_each = …; iterator = it; content { … } }`: one block per element. */
function expandDynamic(b: Block, scope: Scope): EBlock[] {
  const name = b.labels[0]!;
  const forEach = b.body.attributes.find((a) => a.name === 'for_each');
  const iteratorAttr = b.body.attributes.find((a) => a.name === 'iterator');
  const iterator = iteratorAttr?.expr.k === 'var' ? iteratorAttr.expr.name : name;
  const content = b.body.blocks.find((c) => c.type === 'content');
  if (!forEach || !content) return [];
  const coll = evaluate(forEach.expr, scope);
  const make = (key: Value, value: Value): EBlock => {
    const it = newObject();
    it.key = key;
    it.value = value;
    return evalBody(content.body, scope.bind(iterator, isUnk(value) ? new Unk(`${iterator}.value`) : it), null, b.startLine, b.endLine);
  };
  if (Array.isArray(coll)) return coll.map((v, i) => make(isUnk(v) || isObj(v) || Array.isArray(v) ? i : v, v));
  if (isObj(coll)) return Object.keys(coll).sort().map((k) => make(k, coll[k]!));
  if (isUnk(coll)) {
    // Not known statically: one block whose iterator is unknown, so what it would set is unknown.
    const u = new Unk(`${iterator} (for_each = ${coll.$unknown})`);
    return [evalBody(content.body, scope.bind(iterator, u), null, b.startLine, b.endLine)];
  }
  return [];
}

