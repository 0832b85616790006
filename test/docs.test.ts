// Docs that restate code must agree with it.
import { readFileSync } from 'node:fs';
import { describe, expect, it } from 'vitest';
import { ERROR_CODES } from '../src/domain/errors.js';

describe('docs/ERRORS.md', () => {
  const doc = readFileSync(new URL('../docs/ERRORS.md', import.meta.url), 'utf8');
  it.each(Object.entries(ERROR_CODES))('documents %s with its status and exit code', (code, { status, exit }) => {
    expect(doc).toMatch(new RegExp(`\\| \`${code}\` \\| ${status} \\| ${exit} \\|`));
  });
});

describe('README', () => {
  const readme = readFileSync(new URL('../README.md', import.meta.url), 'utf8');
  it('opens with the two commands', () => {
    const top = readme.split('\n').slice(0, 15).join('\n');
    expect(top).toContain('npm install && npm start');
    expect(top).toContain('npm test');
  });
});
