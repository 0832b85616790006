import { mkdirSync, mkdtempSync, symlinkSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { classify, findFiles } from '../../src/collectors/files.js';

describe('findFiles', () => {
  it('classifies files, skips binary and oversized ones with a notice, and survives symlink loops', async () => {
    const root = mkdtempSync(join(tmpdir(), 'attest-files-'));
    mkdirSync(join(root, 'infra/modules/net'), { recursive: true });
    mkdirSync(join(root, '.github/workflows'), { recursive: true });
    mkdirSync(join(root, 'node_modules/x'), { recursive: true });
    writeFileSync(join(root, 'infra/main.tf'), 'resource "aws_s3_bucket" "b" {}');
    writeFileSync(join(root, 'infra/prod.tfvars'), 'x = 1');
    writeFileSync(join(root, 'infra/modules/net/sg.tf'), '');
    writeFileSync(join(root, '.github/workflows/ci.yml'), 'on: push');
    writeFileSync(join(root, 'k8s.yaml'), 'kind: Pod');
    writeFileSync(join(root, 'Dockerfile'), 'FROM node:20');
    writeFileSync(join(root, 'node_modules/x/a.tf'), '');
    writeFileSync(join(root, 'logo.png'), Buffer.from([0x89, 0x50, 0x4e, 0x47, 0, 0, 0, 1]));
    writeFileSync(join(root, 'huge.json'), 'x'.repeat(2048));
    symlinkSync(root, join(root, 'infra/loop'));
    symlinkSync(join(root, 'nowhere'), join(root, 'dangling'));
    const { files, notices, missing } = await findFiles([root, join(root, 'absent')], { maxBytes: 1024 });
    const kinds = Object.fromEntries(files.map((f) => [f.display.slice(root.length + 1), f.kind]));
    expect(kinds).toEqual({
      '.github/workflows/ci.yml': 'github-workflow', Dockerfile: 'dockerfile', 'infra/main.tf': 'terraform',
      'infra/modules/net/sg.tf': 'terraform', 'infra/prod.tfvars': 'terraform-vars', 'k8s.yaml': 'yaml',
    });
    expect(notices.map((n) => [n.path.slice(root.length + 1), n.message.split(':')[0]])).toEqual(expect.arrayContaining([
      ['logo.png', 'skipped'], ['huge.json', 'skipped'], ['dangling', 'skipped'],
    ]));
    expect(notices.find((n) => n.path.endsWith('logo.png'))?.message).toMatch(/binary/);
    expect(notices.find((n) => n.path.endsWith('huge.json'))?.message).toMatch(/over the 1024-byte limit/);
    expect(missing).toEqual([join(root, 'absent')]);
  });
  it('classifies by name', () => {
    expect(['a/Dockerfile.prod', 'b/api.dockerfile', 'Containerfile', 'x.tfvars.json', 'stack.template', '.github/workflows/x.yaml', 'ci/workflows/x.yaml'].map(classify))
      .toEqual(['dockerfile', 'dockerfile', 'dockerfile', 'terraform-vars', 'json', 'github-workflow', 'yaml']);
  });
});
