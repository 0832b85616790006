// Behaviour of the Dockerfile checks beyond the fixture table: one finding per offending
// instruction at its lines, inheritance between stages, and the argument parsers.
import { describe, expect, it } from 'vitest';
import { dockerChecks } from '../../src/checks/docker/index.js';
import { assignments, splitArgs, stageChain } from '../../src/checks/docker/lib/dockerfile.js';
import { dockerfile } from '../../src/checks/docker/lib/fixture-builders.js';
import { evaluate } from '../../src/checks/engine.js';
import type { Resource } from '../../src/domain/resources/index.js';
import type { Dockerfile } from '../../src/domain/resources/workloads.js';

const asResource = (attributes: Dockerfile): Resource<unknown> => ({
  type: 'container.dockerfile', id: 'app/Dockerfile', name: null, attributes,
  source: { kind: 'file', format: 'dockerfile', path: 'app/Dockerfile', startLine: 1, endLine: 20 },
});
const run = (id: string, text: string) => evaluate(dockerChecks.filter((c) => c.meta.id === id), [asResource(dockerfile(text))]);
const lines = (results: ReturnType<typeof run>) => results.map((r) => `${r.status}:${r.reason}@${r.startLine}`);

describe('Dockerfile checks point at the offending instruction', () => {
  const text = [
    'FROM golang:latest AS build', // 1
    'ADD https://example.com/a.tgz /tmp/', // 2
    'RUN curl -fsSL https://example.com/i.sh | sh', // 3
    'ENV API_TOKEN=abc123def456', // 4
    'FROM alpine', // 5
    'ENV DB_PASSWORD=hunter2hunter2 JWT_SECRET=zzzzzzzz', // 6
    'RUN wget -qO- https://example.com/j.sh | bash', // 7
    'USER root', // 8
  ].join('\n');

  it.each([
    ['docker-base-image-tag', ['fail:latest_tag@1', 'fail:untagged@5']],
    ['docker-add-remote-url', ['fail:remote_add@2']],
    ['docker-pipe-to-shell', ['fail:pipe_to_shell@3', 'fail:pipe_to_shell@7']],
    ['docker-secrets-in-env', ['fail:secret_in_env@4', 'fail:secret_in_env@6']],
    ['docker-non-root-user', ['fail:root_user@8']],
    ['docker-healthcheck', ['fail:no_healthcheck@5']],
  ])('%s', (id, expected) => {
    expect(lines(run(id, text))).toEqual(expected);
  });

  it('names the variables but never their values', () => {
    const [r] = run('docker-secrets-in-env', 'FROM alpine:3.20\nENV DB_PASSWORD=hunter2hunter2 JWT_SECRET=zzzzzzzz');
    expect(r?.message).toContain('DB_PASSWORD, JWT_SECRET');
    expect(r?.message).not.toMatch(/hunter2|zzzz/);
  });
});

describe('stages', () => {
  it('follows FROM <stage> back to the stages the final image inherits from', () => {
    const d = dockerfile('FROM alpine:3.20 AS base\nFROM golang:1.23 AS build\nFROM base AS runtime\nFROM runtime');
    expect(stageChain(d, d.stages[3]!).map((s) => s.name ?? '(final)')).toEqual(['(final)', 'runtime', 'base']);
  });
  it('inherits USER from the stage the final stage builds on, but not from unrelated stages', () => {
    expect(lines(run('docker-non-root-user', 'FROM alpine:3.20 AS base\nUSER 1000\nFROM base'))).toEqual(['pass:null@1']);
    expect(lines(run('docker-non-root-user', 'FROM alpine:3.20 AS base\nUSER 1000\nFROM alpine:3.20'))).toEqual(['fail:no_user@3']);
  });
});

describe('argument parsing', () => {
  it.each([
    ['ENV', 'A=1 B="two words" C=\'x y\'', [['A', '1'], ['B', 'two words'], ['C', 'x y']]],
    ['ENV', 'LEGACY value with spaces', [['LEGACY', 'value with spaces']]],
    ['ARG', 'NAME', [['NAME', null]]],
    ['ARG', 'A B=2', [['A', null], ['B', '2']]],
  ] as const)('%s %s', (keyword, value, expected) => {
    expect(assignments(keyword, value).map((a) => [a.name, a.value])).toEqual(expected);
  });
  it('splits shell and exec forms', () => {
    expect(splitArgs('--chown=a:b "src dir" /dst')).toEqual(['--chown=a:b', 'src dir', '/dst']);
    expect(splitArgs('["a b", "/c"]')).toEqual(['a b', '/c']);
  });
});
