// The cached views (status, controls, evidence pages) go out gzipped to clients that accept it,
// the same bytes as plain JSON once decompressed; others, and small bodies, get plain JSON.
import { gunzipSync } from 'node:zlib';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { openApp, type Harness } from './harness.js';

let h: Harness;
beforeAll(async () => {
  h = await openApp();
});
afterAll(async () => {
  await h?.close();
});

describe('compressed views', () => {
  it('gzips the controls list for a client that accepts gzip, to the same JSON', async () => {
    const plain = await h.inject({ method: 'GET', url: '/api/controls' });
    expect(plain.statusCode).toBe(200);
    expect(plain.headers['content-encoding']).toBeUndefined();
    expect(plain.headers.vary).toMatch(/accept-encoding/i);
    const zipped = await h.inject({ method: 'GET', url: '/api/controls', headers: { 'accept-encoding': 'gzip, deflate, br' } });
    expect(zipped.statusCode).toBe(200);
    expect(zipped.headers['content-encoding']).toBe('gzip');
    expect(zipped.headers['content-type']).toMatch(/^application\/json/);
    const body = gunzipSync(zipped.rawPayload).toString('utf8');
    expect(body).toBe(plain.body);
    expect(JSON.parse(body)).toHaveLength(145);
    expect(zipped.rawPayload.length).toBeLessThan(plain.rawPayload.length / 4);
  });

  it('follows a change: the next gzipped body is the new view', async () => {
    const before = await h.inject({ method: 'GET', url: '/api/controls', headers: { 'accept-encoding': 'gzip' } });
    const patched = await h.inject({ method: 'PATCH', url: '/api/controls/GOV-01', payload: { notes: 'compressed and changed' } });
    expect(patched.statusCode).toBe(200);
    const after = await h.inject({ method: 'GET', url: '/api/controls', headers: { 'accept-encoding': 'gzip' } });
    const notes = (raw: Buffer) => (JSON.parse(gunzipSync(raw).toString('utf8')) as { id: string; notes: string }[]).find((c) => c.id === 'GOV-01')!.notes;
    expect(notes(before.rawPayload)).not.toBe('compressed and changed');
    expect(notes(after.rawPayload)).toBe('compressed and changed');
  });

  it('sends plain JSON when gzip is refused (q=0)', async () => {
    const res = await h.inject({ method: 'GET', url: '/api/controls', headers: { 'accept-encoding': 'gzip;q=0, identity' } });
    expect(res.headers['content-encoding']).toBeUndefined();
    expect(JSON.parse(res.body)).toHaveLength(145);
  });
});
