// secret-hardcoded: severity by kind on each finding, and never a secret in a message.
import { describe, expect, it } from 'vitest';
import { evaluate } from '../../src/checks/engine.js';
import { secretChecks } from '../../src/checks/secrets/index.js';
import type { Resource } from '../../src/domain/resources/index.js';
import type { SecretCandidate } from '../../src/domain/resources/workloads.js';

const candidate = (kind: string, masked: string, line = 7): Resource<SecretCandidate> => ({
  type: 'secret.candidate', id: `config/app.env:${line}:${kind}`, name: null, attributes: { kind, masked, location: { startLine: line, endLine: line } },
  source: { kind: 'file', format: 'text', path: 'config/app.env', startLine: line, endLine: line },
});

describe('secret-hardcoded', () => {
  it('grades each finding by the kind of secret', () => {
    const results = evaluate(secretChecks, [
      candidate('private-key', '----************----', 1),
      candidate('aws-secret-access-key', 'Zx9a************Jk2L', 2),
      candidate('aws-access-key-id', 'AKIA************7Q2Z', 3),
      candidate('slack-token', 'xoxb************a1b2', 4),
      candidate('generic-api-key', 'k3y_************abcd', 5),
      candidate('some-new-kind', 'abcd************wxyz', 6),
    ]);
    expect(results.map((r) => [r.status, r.reason, r.severity, r.startLine])).toEqual([
      ['fail', 'private_key', 'critical', 1],
      ['fail', 'aws_secret_access_key', 'critical', 2],
      ['fail', 'aws_access_key_id', 'high', 3],
      ['fail', 'slack_token', 'high', 4],
      ['fail', 'generic_api_key', 'medium', 5],
      ['fail', 'some_new_kind', 'high', 6],
    ]);
  });

  it('shows the masked value, and masks a value that arrives unmasked rather than print it', () => {
    const [masked] = evaluate(secretChecks, [candidate('github-token', 'ghp_************9Xy1')]);
    expect(masked?.message).toContain('ghp_************9Xy1');
    const raw = 'ghp_R3alT0kenValue0123456789abcdefABCD';
    const [unmasked] = evaluate(secretChecks, [candidate('github-token', raw)]);
    expect(unmasked?.status).toBe('fail');
    expect(unmasked?.message).not.toContain(raw);
    expect(unmasked?.message).not.toContain('R3alT0ken');
    expect(unmasked?.message).toContain('ghp_');
  });

  it('recognizes the AWS documentation example keys whatever the number of stars, and nothing close to them', () => {
    const results = evaluate(secretChecks, [
      candidate('aws-access-key-id', 'AKIA************MPLE'),
      candidate('aws-access-key-id', 'AKIA****MPLE'),
      candidate('aws-access-key-id', 'AKIA************MPLX'),
    ]);
    expect(results.map((r) => r.status)).toEqual(['pass', 'pass', 'fail']);
  });
});
