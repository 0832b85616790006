import { createHash } from 'node:crypto';
import { describe, expect, it } from 'vitest';
import { canonicalJson, digestOf, sha256Hex } from '../../src/domain/hash.js';

describe('canonicalJson', () => {
  it('does not depend on the order of keys, at any depth', () => {
    const a = { b: 1, a: { y: [1, { q: 1, p: 2 }], x: 'x' }, c: null };
    const b = { c: null, a: { x: 'x', y: [1, { p: 2, q: 1 }] }, b: 1 };
    expect(canonicalJson(a)).toBe(canonicalJson(b));
    expect(canonicalJson(a)).toBe('{"a":{"x":"x","y":[1,{"p":2,"q":1}]},"b":1,"c":null}');
  });

  it('keeps the order of arrays', () => {
    expect(canonicalJson([1, 2])).not.toBe(canonicalJson([2, 1]));
  });

  it('distinguishes different values', () => {
    expect(canonicalJson({ a: 1 })).not.toBe(canonicalJson({ a: '1' }));
    expect(canonicalJson({ a: null })).not.toBe(canonicalJson({}));
  });

  it('drops undefined properties, as JSON does', () => {
    expect(canonicalJson({ a: 1, b: undefined })).toBe(canonicalJson({ a: 1 }));
  });

  it('writes dates as ISO instants', () => {
    expect(canonicalJson({ at: new Date('2026-11-24T12:00:00Z') })).toBe('{"at":"2026-11-24T12:00:00.000Z"}');
  });

  it('passes scalars through', () => {
    for (const v of [0, 'x', true, null]) expect(canonicalJson(v)).toBe(JSON.stringify(v));
  });
});

describe('sha256Hex', () => {
  it('is the SHA-256 of the UTF-8 bytes, in lowercase hex', () => {
    const text = 'évidence ✓';
    expect(sha256Hex(text)).toBe(createHash('sha256').update(Buffer.from(text, 'utf8')).digest('hex'));
    expect(sha256Hex(new TextEncoder().encode(text))).toBe(sha256Hex(text));
    expect(sha256Hex('')).toMatch(/^[0-9a-f]{64}$/);
  });
});

describe('digestOf', () => {
  it('is null for nothing', () => {
    expect(digestOf(null)).toBeNull();
    expect(digestOf(undefined)).toBeNull();
  });

  it('is the digest of the canonical JSON, so key order does not matter', () => {
    expect(digestOf({ b: 2, a: 1 })).toBe(digestOf({ a: 1, b: 2 }));
    expect(digestOf({ a: 1, b: 2 })).toBe(sha256Hex('{"a":1,"b":2}'));
    expect(digestOf({ a: 1, b: 2 })).not.toBe(digestOf({ a: 1, b: 3 }));
  });

  it('digests falsy values that are not null', () => {
    expect(digestOf(0)).toBe(sha256Hex('0'));
    expect(digestOf('')).toBe(sha256Hex('""'));
    expect(digestOf(false)).toBe(sha256Hex('false'));
  });
});
