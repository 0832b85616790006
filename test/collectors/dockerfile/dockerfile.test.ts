import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { collectDockerfile, execForm, isDockerfilePath, lexDockerfile, parseImageRef } from '../../../src/collectors/dockerfile/index.js';
import type { Dockerfile, DockerStage } from '../../../src/domain/resources/workloads.js';

const fixture = (name: string) => readFileSync(join(import.meta.dirname, 'fixtures', name), 'utf8');
const collect = (name: string) => collectDockerfile(`images/${name}`, fixture(name));
const attributesOf = (name: string) => {
  const { resources } = collect(name);
  expect(resources).toHaveLength(1);
  return resources[0]?.attributes as unknown as Dockerfile;
};
const summary = (s: DockerStage) => [s.name, s.baseImage, s.baseTag, s.baseDigest, s.fromStage];
const instructions = (d: Dockerfile) => d.stages.flatMap((s) => s.instructions.map((i) => [i.keyword, i.location.startLine, i.location.endLine]));

describe('Dockerfile collector', () => {
  it('makes one resource per file, id = path, covering the file', () => {
    const { resources, problems } = collect('Dockerfile');
    expect(problems).toEqual([]);
    expect(resources.map((r) => [r.type, r.id, r.name, r.source])).toEqual([
      ['container.dockerfile', 'images/Dockerfile', 'runtime', { kind: 'file', format: 'dockerfile', path: 'images/Dockerfile', startLine: 1, endLine: 31 }],
    ]);
  });

  it('reads multi-stage FROMs: ARG-resolved images, earlier stages, digests', () => {
    const d = attributesOf('Dockerfile');
    expect(d.stages.map(summary)).toEqual([
      // ARG BASE=node:${NODE_VERSION}-alpine, itself resolved from the ARG before it.
      ['build', 'node:20.11-alpine', '20.11-alpine', null, false],
      ['test', 'build', null, null, true],
      ['runtime', 'gcr.io/distroless/nodejs20-debian12@sha256:0123456789abcdef0123456789abcdef0123456789abcdef0123456789abcdef', null, 'sha256:0123456789abcdef0123456789abcdef0123456789abcdef0123456789abcdef', false],
    ]);
  });

  it('keeps every instruction with its lines; continuation lines, comments inside them, and heredocs stay one instruction', () => {
    const d = attributesOf('Dockerfile');
    expect(instructions(d)).toEqual([
      // The ARGs before the first FROM lead the first stage.
      ['ARG', 2, 2], ['ARG', 3, 3], ['ARG', 4, 4],
      ['FROM', 6, 6], ['WORKDIR', 7, 7], ['RUN', 9, 14], ['COPY', 15, 15], ['RUN', 16, 20], ['USER', 21, 21],
      ['FROM', 23, 23], ['RUN', 24, 24],
      ['FROM', 26, 26], ['COPY', 27, 27], ['HEALTHCHECK', 28, 28], ['USER', 29, 29], ['USER', 30, 30], ['CMD', 31, 31],
    ]);
    const runs = d.stages[0]?.instructions.filter((i) => i.keyword === 'RUN').map((i) => i.value);
    expect(runs?.[0]).toBe('apt-get update     && apt-get install -y        curl=7.88.1        ca-certificates');
    expect(runs?.[0]).not.toContain('pinned on purpose');
    expect(runs?.[1]).toBe('<<EOF\nset -eux\nnpm ci\nnpm run build\nEOF');
    expect(d.stages[1]?.instructions[1]?.value).toBe('["npm", "test"]');
  });

  it('reports the final stage user and healthcheck', () => {
    expect([attributesOf('Dockerfile').finalUser, attributesOf('Dockerfile').finalHealthcheck]).toEqual(['app', true]);
    // scratch, no USER, no HEALTHCHECK.
    const scratch = attributesOf('Containerfile');
    expect(scratch.stages.map(summary)).toEqual([[null, 'scratch', null, null, false]]);
    expect([scratch.finalUser, scratch.finalHealthcheck]).toEqual([null, false]);
  });

  it('inherits USER and HEALTHCHECK from the stage a final stage builds on; HEALTHCHECK NONE turns it off; keywords in any case', () => {
    const d = attributesOf('inherit.Dockerfile');
    expect(d.stages.map(summary)).toEqual([
      // A colon before the last slash is a registry port, not a tag.
      ['base', 'registry.internal:5000/base/python', 'latest', null, false],
      [null, 'base', null, null, true],
    ]);
    expect(d.stages[1]?.instructions.map((i) => i.keyword)).toEqual(['FROM', 'HEALTHCHECK', 'CMD']);
    expect([d.finalUser, d.finalHealthcheck]).toEqual(['app', false]);
  });

  it('follows the escape directive and <<- heredocs', () => {
    const d = attributesOf('Dockerfile.windows');
    expect(instructions(d)).toEqual([['FROM', 2, 2], ['RUN', 3, 5], ['COPY', 6, 8], ['ADD', 9, 9]]);
    const [, run, copy, add] = d.stages[0]?.instructions ?? [];
    expect(run?.value).toBe('powershell -Command     Invoke-WebRequest https://example.com/setup.exe -OutFile C:\\setup.exe ;     Start-Process C:\\setup.exe -Wait');
    expect(copy?.value).toBe('<<-EOT C:\\config.txt\n\tkey=value\n\tEOT');
    expect(add?.value).toBe('https://example.com/archive.tar.gz /tmp/');
    expect(d.stages.map(summary)).toEqual([[null, 'mcr.microsoft.com/windows/servercore:ltsc2022', 'ltsc2022', null, false]]);
  });

  it('resolves ARG defaults and ${VAR:-default}; keeps what cannot be resolved as written', () => {
    const d = attributesOf('args.Dockerfile');
    expect(d.stages.map(summary)).toEqual([
      [null, 'docker.io/library/nginx:1.27', '1.27', null, false],
      // No default: the image is whatever the build passes.
      ['second', '$IMAGE', null, null, false],
      [null, 'docker.io/library/redis:${TAG}', '${TAG}', null, false],
    ]);
  });

  it('reports bad input with lines and goes on', () => {
    const { resources, problems } = collect('broken.Dockerfile');
    expect(problems.map((p) => [p.path, p.line])).toEqual([['images/broken.Dockerfile', 1], ['images/broken.Dockerfile', 2], ['images/broken.Dockerfile', 3], ['images/broken.Dockerfile', 4]]);
    expect(problems.map((p) => p.message)).toEqual([
      expect.stringContaining('before the first FROM'),
      expect.stringContaining('"FORM"'),
      expect.stringContaining('FROM expects'),
      expect.stringContaining('<<EOF is never closed'),
    ]);
    const d = resources[0]?.attributes as unknown as Dockerfile;
    expect(d.stages.map(summary)).toEqual([[null, 'ubuntu:22.04', '22.04', null, false]]);
    expect(d.stages[0]?.instructions.at(-1)).toEqual({ keyword: 'RUN', value: 'cat <<EOF > /etc/motd\nnever closed', location: { startLine: 4, endLine: 5 } });
  });

  it('makes no resource from a file without FROM, and never throws', () => {
    expect(collectDockerfile('Dockerfile', '')).toEqual({ resources: [], problems: [{ path: 'Dockerfile', line: null, message: expect.stringContaining('no FROM') }] });
    expect(collectDockerfile('Dockerfile', '# only a comment\n\n').resources).toEqual([]);
    for (const text of ['\\', 'FROM', 'FROM \\', 'FROM a\nRUN <<', 'FROM a\nRUN <<EOF', '\u0000\u0001binary', 'FROM a AS b AS c', 'FROM ${', 'FROM a\r\nUSER x\r\n', '# escape=x\nFROM a']) {
      const out = collectDockerfile('Dockerfile', text);
      expect(Array.isArray(out.problems)).toBe(true);
    }
    expect(collectDockerfile('Dockerfile', 'FROM a\r\nUSER x\r\n').resources[0]?.attributes).toMatchObject({ finalUser: 'x' });
    expect(collectDockerfile('Dockerfile', '# escape=x\nFROM a').problems).toEqual([{ path: 'Dockerfile', line: 1, message: expect.stringContaining('escape') }]);
  });

  it('ends a continuation at the end of the file, and ignores a directive after the first instruction', () => {
    expect(lexDockerfile('FROM a\nRUN x \\\n\n').instructions.at(-1)).toEqual({ keyword: 'RUN', value: 'x', location: { startLine: 2, endLine: 2 } });
    // `# escape=` below an instruction is a comment: the backslash still continues lines.
    expect(lexDockerfile('FROM a\n# escape=`\nRUN a \\\n  b').instructions.at(-1)).toEqual({ keyword: 'RUN', value: 'a   b', location: { startLine: 3, endLine: 4 } });
    // Two heredocs on one line: the bodies follow one after the other.
    expect(lexDockerfile('FROM a\nCOPY <<A <<"B" /dst/\na\nA\nb\nB\nUSER z').instructions.map((i) => [i.keyword, i.location.endLine])).toEqual([['FROM', 1], ['COPY', 6], ['USER', 7]]);
    // A here-string is not a heredoc, and neither is the JSON form.
    expect(lexDockerfile('FROM a\nRUN cat <<< "x"\nUSER z').instructions.map((i) => i.keyword)).toEqual(['FROM', 'RUN', 'USER']);
    expect(lexDockerfile('FROM a\nRUN ["sh", "-c", "cat <<EOF"]\nUSER z').instructions.map((i) => i.keyword)).toEqual(['FROM', 'RUN', 'USER']);
  });
});

describe('Dockerfile helpers', () => {
  it('parses image references', () => {
    expect(parseImageRef('nginx')).toEqual({ repository: 'nginx', tag: null, digest: null });
    expect(parseImageRef('localhost:5000/app:1.2')).toEqual({ repository: 'localhost:5000/app', tag: '1.2', digest: null });
    expect(parseImageRef('app:1.2@sha256:abc')).toEqual({ repository: 'app', tag: '1.2', digest: 'sha256:abc' });
    expect(parseImageRef('${REPO}')).toEqual({ repository: '${REPO}', tag: null, digest: null });
  });
  it('tells the exec form from the shell form', () => {
    expect(execForm('["a", "b"]')).toEqual(['a', 'b']);
    expect(execForm('[a, b]')).toBeNull();
    expect(execForm('echo [a]')).toBeNull();
    expect(execForm('[1]')).toBeNull();
  });
  it('recognizes Dockerfile names', () => {
    for (const p of ['Dockerfile', 'a/Dockerfile.prod', 'svc/api.Dockerfile', 'Containerfile', 'x/dockerfile']) expect(isDockerfilePath(p), p).toBe(true);
    for (const p of ['Dockerfiles/readme.md', 'docker-compose.yml', 'Makefile', 'MyDockerfile']) expect(isDockerfilePath(p), p).toBe(false);
  });
});
