// The expression evaluator on its own: operators, collections, for expressions, splats,
// templates, the functions it knows, and what it must leave unknown rather than guess.
import { describe, expect, it } from 'vitest';
import { evaluate, Scope, type Resolver } from '../../../src/collectors/terraform/eval/evaluate.js';
import { UnkError } from '../../../src/collectors/terraform/eval/functions.js';
import { isUnk, Unk, type Value } from '../../../src/collectors/terraform/eval/values.js';
import { parseHcl } from '../../../src/collectors/terraform/hcl/parser.js';

const VARS: Record<string, Value> = {
  env: 'prod',
  n: 3,
  list: ['a', 'b', ''],
  map: { x: 1, y: 2 },
  objs: [{ id: 'i-1', tags: { Name: 'web' } }, { id: 'i-2', tags: { Name: 'db' } }],
  flag: true,
  secret: new Unk('var.secret'),
};
const resolver: Resolver = {
  lookup(_scope, root, steps, text) {
    const s = steps[0];
    if (root === 'var' && s?.k === 'attr' && s.name in VARS) return { value: VARS[s.name]!, used: 1 };
    return { value: new Unk(text()), used: steps.length };
  },
};

/** A value as plain data: unknowns as { $unknown } (and `error` for evaluation errors). */
function plain(v: Value): unknown {
  if (isUnk(v)) return { $unknown: v.$unknown, ...(v instanceof UnkError ? { error: true } : {}) };
  if (Array.isArray(v)) return v.map(plain);
  if (typeof v === 'object' && v !== null) return Object.fromEntries(Object.entries(v).map(([k, x]) => [k, plain(x)]));
  return v;
}

function ev(src: string): unknown {
  const f = parseHcl('t.tf', `x = ${src}\n`);
  return plain(evaluate(f.body.attributes[0]!.expr, new Scope(f.src, resolver)));
}

describe('Terraform expression evaluation', () => {
  it('computes operators with Terraform conversions and short-circuits on known operands', () => {
    expect(ev('1 + 2 * 3')).toBe(7);
    expect(ev('"4" * 2')).toBe(8);
    expect(ev('10 % 4 == 2 && var.flag')).toBe(true);
    expect(ev('!var.flag || var.n >= 3')).toBe(true);
    expect(ev('false && var.secret')).toBe(false);
    expect(ev('var.secret || true')).toBe(true);
    expect(ev('-var.n')).toBe(-3);
    expect(ev('var.map == { x = 1, y = 2 }')).toBe(true);
  });

  it('picks the known branch of a conditional, and a value both branches agree on', () => {
    expect(ev('var.env == "prod" ? 3 : 1')).toBe(3);
    expect(ev('var.secret == "" ? "a" : "a"')).toBe('a');
    expect(ev('var.secret == "" ? "a" : "b"')).toEqual({ $unknown: 'var.secret == "" ? "a" : "b"' });
  });

  it('renders templates, keeping "${x}" alone as x itself', () => {
    expect(ev('"${var.env}-${var.n}-${var.flag}"')).toBe('prod-3-true');
    expect(ev('"${var.map}"')).toEqual({ x: 1, y: 2 });
    expect(ev('"x-${var.secret}"')).toEqual({ $unknown: '"x-${var.secret}"' });
    expect(ev('"%{ if var.flag }on%{ endif }"')).toMatchObject({ $unknown: '"%{ if var.flag }on%{ endif }"' });
  });

  it('evaluates for expressions (filters, object results, grouping) and splats', () => {
    expect(ev('[for s in var.list : upper(s) if s != ""]')).toEqual(['A', 'B']);
    expect(ev('{ for k, v in var.map : v => k }')).toEqual({ 1: 'x', 2: 'y' });
    expect(ev('{ for s in ["a", "b", "a"] : s => s... }')).toEqual({ a: ['a', 'a'], b: ['b'] });
    expect(ev('var.objs[*].id')).toEqual(['i-1', 'i-2']);
    expect(ev('var.objs.*.tags.Name')).toEqual(['web', 'db']);
    expect(ev('var.objs[1].tags["Name"]')).toBe('db');
    expect(ev('[for s in var.secret : s]')).toEqual({ $unknown: '[for s in var.secret : s]' });
  });

  it('keeps the known elements of a collection with an unknown one', () => {
    expect(ev('[var.env, var.secret]')).toEqual(['prod', { $unknown: 'var.secret' }]);
    expect(ev('length([var.env, var.secret])')).toBe(2);
  });

  it('evaluates the pure functions it knows', () => {
    expect(ev('format("%s-%03d-%q", var.env, 7, "x")')).toBe('prod-007-"x"');
    expect(ev('format("%5s|%-3s|%+d|%.2f%%", "ab", "c", 3, 1.5)')).toBe('   ab|c  |+3|1.50%');
    expect(ev('join(",", concat(["a"], ["b", "c"]))')).toBe('a,b,c');
    expect(ev('merge(var.map, { y = 3, z = 4 })')).toEqual({ x: 1, y: 3, z: 4 });
    expect(ev('lookup(var.map, "q", 0)')).toBe(0);
    expect(ev('element(var.list, 4)')).toBe('b');
    expect(ev('distinct(flatten([["a"], ["a", "b"]]))')).toEqual(['a', 'b']);
    expect(ev('compact(var.list)')).toEqual(['a', 'b']);
    expect(ev('keys({ b = 1, a = 2 })')).toEqual(['a', 'b']);
    expect(ev('zipmap(["a", "b"], [1, 2])')).toEqual({ a: 1, b: 2 });
    expect(ev('coalesce("", null, "x")')).toBe('x');
    expect(ev('replace("a-b-c", "-", "_")')).toBe('a_b_c');
    expect(ev('replace("a1b22", "/[0-9]+/", "#")')).toBe('a#b#');
    expect(ev('split("/", "a/b")')).toEqual(['a', 'b']);
    expect(ev('substr("hello", 1, 3)')).toBe('ell');
    expect(ev('jsondecode("{\\"a\\": [1, true]}")')).toEqual({ a: [1, true] });
    expect(ev('jsonencode({ b = 1, a = [true, null] })')).toBe('{"a":[true,null],"b":1}');
    expect(ev('tonumber("12") + max(1, 5) + min(2, 3)')).toBe(19);
    expect(ev('contains(["a"], "b")')).toBe(false);
    expect(ev('can(var.map.missing)')).toBe(false);
    expect(ev('range(3)')).toEqual([0, 1, 2]);
  });

  it('leaves unknown what reads files, the clock, the network or an unknown value', () => {
    expect(ev('file("${path.module}/policy.json")')).toEqual({ $unknown: 'file("${path.module}/policy.json")' });
    expect(ev('timestamp()')).toEqual({ $unknown: 'timestamp()' });
    expect(ev('cidrsubnet("10.0.0.0/16", 8, 1)')).toEqual({ $unknown: 'cidrsubnet("10.0.0.0/16", 8, 1)' });
    expect(ev('upper(var.secret)')).toEqual({ $unknown: 'upper(var.secret)' });
    expect(ev('contains([var.secret], "a")')).toEqual({ $unknown: 'contains([var.secret], "a")' });
    expect(ev('try(var.secret, "fallback")')).toEqual({ $unknown: 'try(var.secret, "fallback")' });
  });

  it('marks type errors and missing keys as errors (unknown to checks), which try() falls back from', () => {
    expect(ev('var.map.missing')).toEqual({ $unknown: 'var.map.missing', error: true });
    expect(ev('var.list[7]')).toEqual({ $unknown: 'var.list[7]', error: true });
    expect(ev('"a" + 1')).toEqual({ $unknown: '"a" + 1', error: true });
    expect(ev('try(var.map.missing, var.list[9], "third")')).toBe('third');
  });

  it('keeps the structure of jsonencode over unknown parts, for policies to read', () => {
    const f = parseHcl('t.tf', 'x = jsonencode({ Resource = var.secret })\n');
    const v = evaluate(f.body.attributes[0]!.expr, new Scope(f.src, resolver));
    expect(v).toBeInstanceOf(Unk);
    expect((v as Unk).$unknown).toBe('jsonencode({ Resource = var.secret })');
    expect((v as Unk).json).toEqual({ Resource: new Unk('var.secret') });
  });
});
