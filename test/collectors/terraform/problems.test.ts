// Bad input: a syntax error is reported with file and line and the rest goes on; modules that
// cannot be followed, binary and oversized files, symbolic-link loops and missing paths are
// reported, never fatal.
import { mkdirSync, mkdtempSync, rmSync, symlinkSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { collectTerraform, type TerraformCollection } from '../../../src/collectors/terraform/index.js';
import { collectFixture, fixture, ids } from './helpers.js';

describe('Terraform collection problems', () => {
  let c: TerraformCollection;
  beforeAll(async () => {
    c = await collectFixture('problems');
  });

  it('reports a syntax error with its file and line, and still collects the other files of the folder', () => {
    expect(c.problems).toContainEqual({ path: fixture('problems', 'broken.tf'), line: 4, message: 'syntax error: expected a newline, "," or "}" after the object item, found "\\"" (column 16)' });
    expect(ids(c.resources, 'aws.s3.bucket')).toEqual(['aws_s3_bucket.fine']);
  });

  it('reports a broken tfvars file and goes on without its values', () => {
    expect(c.problems).toContainEqual({ path: fixture('problems', 'terraform.tfvars'), line: 1, message: 'syntax error: unterminated string: a quoted string cannot span lines (column 12)' });
  });

  it('reports modules it cannot follow: missing folders, cycles, computed sources', () => {
    expect(c.problems).toContainEqual({ path: fixture('problems', 'ok.tf'), line: 5, message: `module "missing": no Terraform files in ${fixture('problems', 'nope')}` });
    expect(c.problems).toContainEqual({ path: fixture('problems', 'loop', 'main.tf'), line: 1, message: `module "again": ${fixture('problems', 'loop')} calls itself or nests too deep; not followed` });
    expect(c.problems).toContainEqual({ path: fixture('problems', 'ok.tf'), line: 13, message: 'module "computed": its source is not a literal string; not followed' });
    // The module itself is read once, through its caller.
    expect(ids(c.resources, 'aws.sns.topic')).toEqual(['module.loop.aws_sns_topic.inner']);
  });

  it('reports a broken Terraform JSON file with its line, like a native one', () => {
    expect(c.problems).toContainEqual({ path: fixture('problems', 'config.tf.json'), line: 1, message: 'syntax error: expected a property name in double quotes (column 64)' });
    expect(c.problems).toHaveLength(6);
  });
});

describe('Terraform collection of awkward files', () => {
  let dir: string;
  beforeAll(() => {
    dir = mkdtempSync(join(tmpdir(), 'attest-tf-'));
    mkdirSync(join(dir, 'infra', 'nested'), { recursive: true });
    writeFileSync(join(dir, 'infra', 'main.tf'), 'resource "aws_sns_topic" "a" {\n  name = "a"\n}\n');
    writeFileSync(join(dir, 'infra', 'other.tf'), 'resource "aws_sns_topic" "b" {\n  name = "b"\n}\n');
    writeFileSync(join(dir, 'infra', 'binary.tf'), Buffer.from([0x72, 0x65, 0x00, 0x01, 0x02]));
    writeFileSync(join(dir, 'infra', 'large.tf'), `# ${'x'.repeat(2000)}\n`);
    writeFileSync(join(dir, 'infra', 'nested', 'main.tf'), 'resource "aws_sns_topic" "n" {\n  name = "n"\n}\n');
    // A link back up the tree: walking must not loop.
    symlinkSync(join(dir, 'infra'), join(dir, 'infra', 'nested', 'up'));
  });
  afterAll(() => rmSync(dir, { recursive: true, force: true }));

  it('skips binary and oversized files with a notice, and follows a symbolic-link loop only once', async () => {
    const r = await collectTerraform([join(dir, 'infra')], { maxFileBytes: 1000 });
    expect(r.resources.map((x) => x.id).sort()).toEqual(['aws_sns_topic.a', 'aws_sns_topic.b', 'aws_sns_topic.n']);
    expect(r.problems).toEqual([
      { path: join(dir, 'infra', 'binary.tf'), line: null, message: 'skipped: binary file' },
      { path: join(dir, 'infra', 'large.tf'), line: null, message: 'skipped: 2003 bytes is over the 1000-byte limit' },
    ]);
  });

  it('does not blow up on values that double at every step, leaving them unknown', async () => {
    const lines = ['locals {', '  a0 = ["x"]', '  c0 = ["x"]', '  s0 = "xx"'];
    for (let i = 1; i <= 60; i++) lines.push(`  a${i} = [local.a${i - 1}, local.a${i - 1}]`, `  c${i} = concat(local.c${i - 1}, local.c${i - 1})`, `  s${i} = "\${local.s${i - 1}}\${local.s${i - 1}}"`);
    lines.push('}');
    for (const [name, expr] of [['a', 'jsonencode(local.a60)'], ['c', 'tostring(length(local.c60))'], ['s', 'tostring(length(local.s60))'], ['eq', 'local.a60 == local.a60 ? "same" : "differs"']]) {
      lines.push(`resource "aws_sns_topic" "${name}" {`, `  name = ${expr}`, '}');
    }
    mkdirSync(join(dir, 'doubling'));
    writeFileSync(join(dir, 'doubling', 'main.tf'), `${lines.join('\n')}\n`);
    const started = Date.now();
    const r = await collectTerraform([join(dir, 'doubling')]);
    expect(Date.now() - started).toBeLessThan(5000);
    expect(r.resources.map((x) => [x.id, x.name])).toEqual([['aws_sns_topic.a', null], ['aws_sns_topic.c', null], ['aws_sns_topic.s', null], ['aws_sns_topic.eq', null]]);
    expect(r.problems).toEqual([]);
  });

  it('stops loops that would run for hours and says so', async () => {
    mkdirSync(join(dir, 'loops'));
    writeFileSync(join(dir, 'loops', 'main.tf'), [
      'locals {',
      '  big   = range(1000)',
      '  pairs = flatten([for a in local.big : [for b in local.big : [for c in local.big : a + b + c]]])',
      '}',
      'resource "aws_sns_topic" "t" {',
      '  name = tostring(length(local.pairs))',
      '}',
      'resource "aws_sns_topic" "u" {',
      '  name = "after"',
      '}',
      '',
    ].join('\n'));
    const r = await collectTerraform([join(dir, 'loops')], { evaluationBudget: 100_000 });
    expect(r.resources.map((x) => [x.id, x.name])).toEqual([['aws_sns_topic.t', null], ['aws_sns_topic.u', 'after']]);
    expect(r.problems.map((p) => p.message)).toEqual(['evaluation stopped after 100000 steps (loops over very large collections); the values left are unknown']);
  });

  it('reads files larger than one read buffer whole', async () => {
    mkdirSync(join(dir, 'big'));
    writeFileSync(join(dir, 'big', 'main.tf'), `# ${'x'.repeat(70_000)}\nresource "aws_sns_topic" "big" {\n  name = "big"\n}\n`);
    const r = await collectTerraform([join(dir, 'big')]);
    expect(r.resources.map((x) => [x.id, x.name, x.source.kind === 'file' ? x.source.startLine : null])).toEqual([['aws_sns_topic.big', 'big', 2]]);
  });

  it('reads only the files it is given, and reports a path that does not exist', async () => {
    const r = await collectTerraform([join(dir, 'infra', 'main.tf'), join(dir, 'missing.tf')]);
    expect(r.resources.map((x) => x.id)).toEqual(['aws_sns_topic.a']);
    expect(r.resources[0]!.source).toEqual({ kind: 'file', format: 'terraform', path: join(dir, 'infra', 'main.tf'), startLine: 1, endLine: 3 });
    expect(r.problems).toEqual([{ path: join(dir, 'missing.tf'), line: null, message: 'not found' }]);
  });
});
