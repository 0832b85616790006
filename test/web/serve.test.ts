// Serving the built web app from the API's process: files, the SPA fallback, headers, and
// the page shown when the app was not built. Driven with inject() on an app wired the way
// buildApp wires it (the web app answers from the not-found handler).
import { mkdirSync, mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { gunzipSync } from 'node:zlib';
import Fastify, { type FastifyInstance } from 'fastify';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { CONTENT_SECURITY_POLICY, loadWebApp } from '../../src/http/web.js';

const INDEX = '<!doctype html><html><head><script type="module" src="/assets/app-abc123.js"></script></head><body><div id="root"></div></body></html>';
const SCRIPT = `console.log(${JSON.stringify('x'.repeat(4000))});`;

let root: string;
let built: FastifyInstance;
let bare: FastifyInstance;

async function appFor(dir: string): Promise<FastifyInstance> {
  const web = loadWebApp(dir);
  const app = Fastify();
  app.setNotFoundHandler((req, reply) => (web.serve(req, reply) ? reply : reply.status(404).send({ error: { code: 'not_found' } })));
  app.get('/healthz', async () => ({ status: 'ok' }));
  app.get('/api/status', async () => ({ ok: true }));
  await app.ready();
  return app;
}

beforeAll(async () => {
  root = mkdtempSync(join(tmpdir(), 'attest-web-root-'));
  mkdirSync(join(root, 'assets'));
  writeFileSync(join(root, 'index.html'), INDEX);
  writeFileSync(join(root, 'assets/app-abc123.js'), SCRIPT);
  writeFileSync(join(root, 'favicon.svg'), '<svg xmlns="http://www.w3.org/2000/svg"/>');
  built = await appFor(root);
  bare = await appFor(join(root, 'missing'));
});

afterAll(async () => {
  await built.close();
  await bare.close();
  rmSync(root, { recursive: true, force: true });
});

describe('the built web app', () => {
  it('serves index.html at / and at every app route, with the security headers', async () => {
    for (const url of ['/', '/controls', '/controls/AST-01?x=1', '/criteria/CC6.1', '/index.html']) {
      const res = await built.inject({ method: 'GET', url });
      expect(res.statusCode, url).toBe(200);
      expect(res.body, url).toBe(INDEX);
      expect(res.headers['content-type']).toBe('text/html; charset=utf-8');
      expect(res.headers['content-security-policy']).toBe(CONTENT_SECURITY_POLICY);
      expect(res.headers['x-content-type-options']).toBe('nosniff');
      expect(res.headers['referrer-policy']).toBe('no-referrer');
      expect(res.headers['x-frame-options']).toBe('DENY');
      expect(res.headers['cache-control']).toBe('no-cache');
    }
    expect(CONTENT_SECURITY_POLICY).toMatch(/script-src 'self'(;|$)/);
    expect(CONTENT_SECURITY_POLICY).toContain("frame-ancestors 'none'");
    expect(CONTENT_SECURITY_POLICY).not.toContain('unsafe');
  });

  it('serves hashed assets as immutable, gzipped when asked, and answers a matching etag with 304', async () => {
    const plain = await built.inject({ method: 'GET', url: '/assets/app-abc123.js' });
    expect(plain.statusCode).toBe(200);
    expect(plain.body).toBe(SCRIPT);
    expect(plain.headers['content-type']).toBe('text/javascript; charset=utf-8');
    expect(plain.headers['cache-control']).toBe('public, max-age=31536000, immutable');
    expect(plain.headers['content-security-policy']).toBeUndefined();

    const gzipped = await built.inject({ method: 'GET', url: '/assets/app-abc123.js', headers: { 'accept-encoding': 'gzip, br' } });
    expect(gzipped.headers['content-encoding']).toBe('gzip');
    expect(gunzipSync(gzipped.rawPayload).toString()).toBe(SCRIPT);

    const again = await built.inject({ method: 'GET', url: '/assets/app-abc123.js', headers: { 'if-none-match': String(plain.headers.etag) } });
    expect(again.statusCode).toBe(304);
    expect(again.body).toBe('');

    const icon = await built.inject({ method: 'GET', url: '/favicon.svg' });
    expect(icon.headers['content-type']).toBe('image/svg+xml');
    expect(icon.headers['cache-control']).toBe('no-cache');
  });

  it('answers HEAD like GET, without a body', async () => {
    const res = await built.inject({ method: 'HEAD', url: '/controls' });
    expect(res.statusCode).toBe(200);
    expect(res.headers['content-security-policy']).toBe(CONTENT_SECURITY_POLICY);
    expect(res.body).toBe('');
  });

  it('leaves API paths, other methods, and missing files to the JSON 404', async () => {
    for (const url of ['/api/nope', '/api', '/api/controls/AST-01/x', '/healthz/x', '/openapi.json/x', '/assets/gone-123.js', '/robots.txt']) {
      const res = await built.inject({ method: 'GET', url });
      expect(res.statusCode, url).toBe(404);
      expect(res.json(), url).toEqual({ error: { code: 'not_found' } });
    }
    expect((await built.inject({ method: 'POST', url: '/controls' })).statusCode).toBe(404);
    expect((await built.inject({ method: 'GET', url: '/api/status' })).json()).toEqual({ ok: true });
  });

  it('never reads outside its folder', async () => {
    writeFileSync(join(root, '..', 'attest-web-secret.txt'), 'secret');
    try {
      for (const url of ['/../attest-web-secret.txt', '/%2e%2e/attest-web-secret.txt', '/assets/..%2f..%2fattest-web-secret.txt']) {
        const res = await built.inject({ method: 'GET', url });
        expect(res.body, url).not.toContain('secret');
      }
    } finally {
      rmSync(join(root, '..', 'attest-web-secret.txt'), { force: true });
    }
  });
});

describe('without a built web app', () => {
  it('says how to build it, at / and at app routes, with the same headers', async () => {
    const web = loadWebApp(join(root, 'missing'));
    expect(web.built).toBe(false);
    for (const url of ['/', '/controls/AST-01']) {
      const res = await bare.inject({ method: 'GET', url });
      expect(res.statusCode).toBe(200);
      expect(res.body).toContain('npm run build');
      expect(res.body).not.toContain('<script');
      expect(res.headers['content-security-policy']).toBe(CONTENT_SECURITY_POLICY);
    }
    expect((await bare.inject({ method: 'GET', url: '/api/nope' })).statusCode).toBe(404);
  });
});
