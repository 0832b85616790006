// The HCL2 parser: the syntax Terraform files use, line ranges of blocks and attributes, and
// syntax errors with their line and column.
import { describe, expect, it } from 'vitest';
import type { Block, Expr } from '../../../src/collectors/terraform/hcl/ast.js';
import { HclSyntaxError, parseHcl } from '../../../src/collectors/terraform/hcl/parser.js';

/** An expression tree without offsets, for comparisons. */
const strip = (x: unknown): unknown => JSON.parse(JSON.stringify(x, (k, v) => (k === 's' || k === 'e' ? undefined : v)));
const expr = (src: string): unknown => {
  const f = parseHcl('t.tf', `x = ${src}\n`);
  return strip(f.body.attributes[0]!.expr);
};
const syntaxError = (src: string): { line: number; column: number; message: string } => {
  try {
    parseHcl('bad.tf', src);
  } catch (e) {
    expect(e).toBeInstanceOf(HclSyntaxError);
    const err = e as HclSyntaxError;
    return { line: err.line, column: err.column, message: err.message };
  }
  throw new Error('expected a syntax error');
};

describe('HCL parser: bodies', () => {
  const src = [
    '# a comment',
    'resource "aws_s3_bucket" "logs" {', // 2
    '  bucket = "acme-logs" // trailing',
    '  /* a block',
    '     comment */',
    '  tags = {', // 6
    '    Name = "logs"',
    '    "team" : "ops",',
    '  }', // 9
    '  lifecycle { prevent_destroy = true }', // 10
    '}', // 11
    'locals {',
    '  a = 1',
    '}',
    'terraform {',
    '  backend s3 {}',
    '}',
  ].join('\n');
  const f = parseHcl('main.tf', src);

  it('reads blocks with quoted and bare labels, and their line ranges', () => {
    expect(f.body.blocks.map((b) => [b.type, b.labels, b.startLine, b.endLine])).toEqual([
      ['resource', ['aws_s3_bucket', 'logs'], 2, 11],
      ['locals', [], 12, 14],
      ['terraform', [], 15, 17],
    ]);
    const backend = f.body.blocks[2]!.body.blocks[0]!;
    expect([backend.type, backend.labels, backend.startLine, backend.endLine]).toEqual(['backend', ['s3'], 16, 16]);
  });

  it('reads attributes with their line ranges, one-line blocks and object items separated by newline or comma', () => {
    const r = f.body.blocks[0]!;
    expect(r.body.attributes.map((a) => [a.name, a.startLine, a.endLine])).toEqual([['bucket', 3, 3], ['tags', 6, 9]]);
    expect(strip(r.body.attributes[1]!.expr)).toEqual({ k: 'object', items: [{ key: { k: 'lit', v: 'Name' }, value: { k: 'lit', v: 'logs' } }, { key: { k: 'lit', v: 'team' }, value: { k: 'lit', v: 'ops' } }] });
    const lifecycle: Block = r.body.blocks[0]!;
    expect([lifecycle.type, lifecycle.startLine, lifecycle.endLine, lifecycle.body.attributes[0]!.name]).toEqual(['lifecycle', 10, 10, 'prevent_destroy']);
  });

  it('accepts CRLF line endings and a byte-order mark', () => {
    const g = parseHcl('w.tf', '\uFEFFvariable "a" {\r\n  default = 1\r\n}\r\n');
    expect(g.body.blocks[0]!.labels).toEqual(['a']);
    expect(strip(g.body.blocks[0]!.body.attributes[0]!.expr)).toEqual({ k: 'lit', v: 1 });
  });
});

describe('HCL parser: shapes seen in published modules', () => {
  it('reads multi-line calls continued by operators, objects inside for expressions, comments in lists, hyphenated keys', () => {
    const src = [
      'locals {',
      '  regions = {',
      '    eu-west-1 = "111"',
      '  }',
      '  picked = max(', // 5
      '    length([for k, v in {',
      '      a = var.x.a',
      '      b = var.x.b != null ? var.x.b : var.x.c',
      '    } : k if v != null]),',
      '    length(var.y != null ? var.y : {})',
      '  ) == 1 ? [var.x] : []', // 11
      '  deps = [',
      '    # first',
      '    aws_s3_bucket.a,',
      '    # second',
      '    aws_s3_bucket.b',
      '  ]', // 17
      '}',
      'resource "x" "y" {',
      '  dynamic "filter" {',
      '    for_each = [true]',
      '    content {',
      '      #   prefix = ""',
      '    }',
      '  }',
      '  dynamic "z" {',
      '    for_each = []',
      '    content {}',
      '  }',
      '}',
    ].join('\n');
    const f = parseHcl('m.tf', src);
    expect(f.body.blocks[0]!.body.attributes.map((a) => [a.name, a.startLine, a.endLine])).toEqual([['regions', 2, 4], ['picked', 5, 11], ['deps', 12, 17]]);
    expect(strip(f.body.blocks[0]!.body.attributes[0]!.expr)).toEqual({ k: 'object', items: [{ key: { k: 'lit', v: 'eu-west-1' }, value: { k: 'lit', v: '111' } }] });
    expect(strip(f.body.blocks[0]!.body.attributes[1]!.expr)).toMatchObject({ k: 'cond', c: { k: 'binary', op: '==', l: { k: 'call', name: 'max' } } });
    expect(f.body.blocks[1]!.body.blocks.map((b) => [b.labels[0], b.body.blocks[0]!.type, b.startLine, b.endLine])).toEqual([['filter', 'content', 20, 25], ['z', 'content', 26, 29]]);
  });
});

describe('HCL parser: expressions', () => {
  it('reads literals', () => {
    expect(expr('12')).toEqual({ k: 'lit', v: 12 });
    expect(expr('1.5e3')).toEqual({ k: 'lit', v: 1500 });
    expect(expr('-3')).toEqual({ k: 'lit', v: -3 });
    expect(expr('true')).toEqual({ k: 'lit', v: true });
    expect(expr('null')).toEqual({ k: 'lit', v: null });
    expect(expr('"a\\"b\\n\\u00e9"')).toEqual({ k: 'lit', v: 'a"b\né' });
    expect(expr('"$${literal} %%{x}"')).toEqual({ k: 'lit', v: '${literal} %{x}' });
  });

  it('reads traversals, indexes and splats', () => {
    expect(expr('aws_s3_bucket.logs[0].id')).toEqual({
      k: 'attr', name: 'id',
      obj: { k: 'index', index: { k: 'lit', v: 0 }, obj: { k: 'attr', name: 'logs', obj: { k: 'var', name: 'aws_s3_bucket' } } },
    });
    expect(expr('a.0')).toEqual({ k: 'index', index: { k: 'lit', v: 0 }, obj: { k: 'var', name: 'a' } });
    expect(expr('a[*].b')).toEqual({ k: 'splat', obj: { k: 'var', name: 'a' }, each: { k: 'attr', name: 'b', obj: { k: 'item' } } });
    expect(expr('a.*.b')).toEqual({ k: 'splat', obj: { k: 'var', name: 'a' }, each: { k: 'attr', name: 'b', obj: { k: 'item' } } });
  });

  it('reads templates with interpolations and keeps directives opaque', () => {
    expect(expr('"${var.env}-logs"')).toEqual({ k: 'tmpl', heredoc: false, parts: [{ k: 'attr', name: 'env', obj: { k: 'var', name: 'var' } }, '-logs'] });
    expect(expr('"${~ a ~}"')).toEqual({ k: 'tmpl', heredoc: false, parts: [{ k: 'var', name: 'a' }] });
    expect(expr('"%{ if a }x%{ endif }"')).toEqual({ k: 'tmpl', heredoc: false, parts: [{ k: 'directive' }, 'x', { k: 'directive' }] });
    expect(expr('"${ {a = "}"}.a }"')).toEqual({ k: 'tmpl', heredoc: false, parts: [{ k: 'attr', name: 'a', obj: { k: 'object', items: [{ key: { k: 'lit', v: 'a' }, value: { k: 'lit', v: '}' } }] } }] });
  });

  it('reads heredocs, stripping the indentation of <<-', () => {
    const f = parseHcl('h.tf', 'a = <<EOT\n  keep ${x}\n  indent\nEOT\nb = <<-EOT\n    {\n      "k": 1\n    }\n    EOT\nc = 1\n');
    expect(strip(f.body.attributes[0]!.expr)).toEqual({ k: 'tmpl', heredoc: true, parts: ['  keep ', { k: 'var', name: 'x' }, '\n  indent\n'] });
    expect(strip(f.body.attributes[1]!.expr)).toEqual({ k: 'lit', v: '{\n  "k": 1\n}\n' });
    expect(f.body.attributes.map((a) => [a.name, a.startLine, a.endLine])).toEqual([['a', 1, 4], ['b', 5, 9], ['c', 10, 10]]);
  });

  it('reads operators with their precedence and the conditional', () => {
    expect(expr('1 + 2 * 3 == 7 && !b || c')).toEqual({
      k: 'binary', op: '||',
      l: {
        k: 'binary', op: '&&',
        l: { k: 'binary', op: '==', l: { k: 'binary', op: '+', l: { k: 'lit', v: 1 }, r: { k: 'binary', op: '*', l: { k: 'lit', v: 2 }, r: { k: 'lit', v: 3 } } }, r: { k: 'lit', v: 7 } },
        r: { k: 'unary', op: '!', x: { k: 'var', name: 'b' } },
      },
      r: { k: 'var', name: 'c' },
    });
    expect(expr('a >= 1 ? "x" : "y"')).toEqual({ k: 'cond', c: { k: 'binary', op: '>=', l: { k: 'var', name: 'a' }, r: { k: 'lit', v: 1 } }, t: { k: 'lit', v: 'x' }, f: { k: 'lit', v: 'y' } });
  });

  it('reads calls (with expansion), tuples over several lines and for expressions', () => {
    expect(expr('merge(a, [\n  1,\n  2,\n]...)')).toEqual({ k: 'call', name: 'merge', expand: true, args: [{ k: 'var', name: 'a' }, { k: 'tuple', items: [{ k: 'lit', v: 1 }, { k: 'lit', v: 2 }] }] });
    expect(expr('[for s in var.l : upper(s) if s != ""]')).toEqual({
      k: 'for', keyVar: null, valVar: 's', coll: { k: 'attr', name: 'l', obj: { k: 'var', name: 'var' } }, key: null,
      value: { k: 'call', name: 'upper', args: [{ k: 'var', name: 's' }], expand: false },
      cond: { k: 'binary', op: '!=', l: { k: 'var', name: 's' }, r: { k: 'lit', v: '' } }, group: false,
    });
    expect(expr('{ for k, v in m : v => k... }')).toMatchObject({ k: 'for', keyVar: 'k', valVar: 'v', key: { k: 'var', name: 'v' }, value: { k: 'var', name: 'k' }, group: true });
    expect(expr('provider::aws::arn_parse(x)')).toMatchObject({ k: 'call', name: 'provider::aws::arn_parse' });
  });

  it('keeps source offsets so that unknown values can quote the expression', () => {
    const src = 'x = "${var.a}-b"\n';
    const e: Expr = parseHcl('t.tf', src).body.attributes[0]!.expr;
    expect(src.slice(e.s, e.e)).toBe('"${var.a}-b"');
  });
});

describe('HCL parser: syntax errors', () => {
  it('reports the line and column of the first error', () => {
    expect(syntaxError('resource "a" "b" {\n  x = \n}\n')).toMatchObject({ line: 2, column: 7, message: 'expected an expression' });
    expect(syntaxError('a = 1 2\n')).toMatchObject({ line: 1, column: 7 });
    expect(syntaxError('a = "open\n')).toMatchObject({ line: 1, message: 'unterminated string: a quoted string cannot span lines' });
    expect(syntaxError('x {\n  a = 1\n')).toMatchObject({ line: 3, message: 'expected "}" to close the block' });
    expect(syntaxError('a = [1,\n2\n')).toMatchObject({ line: 3 });
    expect(syntaxError('a = <<EOT\nnever closed\n')).toMatchObject({ line: 1, message: 'unterminated heredoc: no closing EOT' });
    expect(syntaxError('}\n')).toMatchObject({ line: 1, message: 'unexpected "}"' });
    expect(syntaxError('a = "\\q"\n')).toMatchObject({ line: 1, column: 6, message: 'invalid escape \\q' });
    expect(syntaxError('/* open\n\n')).toMatchObject({ line: 1, message: 'unterminated comment' });
    expect(syntaxError('resource "x" "${y}" {}\n')).toMatchObject({ line: 1, message: 'a block label cannot contain interpolation' });
  });

  it('refuses absurd nesting with a syntax error instead of overflowing the stack', () => {
    expect(syntaxError(`a = 1\nx = ${'['.repeat(100_000)}${']'.repeat(100_000)}\n`)).toMatchObject({ line: 2, message: 'expressions nested more than 256 deep' });
    expect(syntaxError(`x = ${'!'.repeat(100_000)}true\n`)).toMatchObject({ line: 1, message: 'expressions nested more than 256 deep' });
    expect(syntaxError(`${'a {\n'.repeat(300)}`)).toMatchObject({ line: 256, message: 'blocks nested more than 256 deep' });
    // Realistic depth is fine.
    expect(parseHcl('ok.tf', `x = ${'('.repeat(100)}1${')'.repeat(100)}\n`).body.attributes).toHaveLength(1);
  });
});
