// The web app (dist/web, built by Vite) served by the API's own process. It answers what the
// API does not: the app's files, and index.html for any other non-API GET path so that the
// browser's routes (/controls/AST-01) survive a reload. It hangs off the not-found handler
// rather than a `/*` route, so the route table (and the OpenAPI document built from it) stays
// the API's alone.
import { createHash } from 'node:crypto';
import { existsSync, readdirSync, readFileSync, statSync } from 'node:fs';
import { extname, join, relative, resolve, sep } from 'node:path';
import { gzipSync } from 'node:zlib';
import type { FastifyReply, FastifyRequest } from 'fastify';

/** dist/web from src/http (tsx, vitest) and from dist/http (the build) alike. */
export const DEFAULT_WEB_ROOT = resolve(import.meta.dirname, '../../dist/web');

/** Paths the web app never answers: the API's 404 stays JSON there. */
const API_PATHS = /^\/(api|healthz|openapi\.json)(\/|$)/;

const MEDIA_TYPES: Record<string, string> = {
  '.html': 'text/html; charset=utf-8',
  '.js': 'text/javascript; charset=utf-8',
  '.css': 'text/css; charset=utf-8',
  '.svg': 'image/svg+xml',
  '.png': 'image/png',
  '.ico': 'image/x-icon',
  '.json': 'application/json',
  '.txt': 'text/plain; charset=utf-8',
  '.woff2': 'font/woff2',
  '.map': 'application/json',
};
const COMPRESSIBLE = new Set(['.html', '.js', '.css', '.svg', '.json', '.txt', '.map']);

/**
 * No inline script or style anywhere: Vite's build emits only files, and React sets
 * styles through the CSSOM, which style-src does not govern.
 */
export const CONTENT_SECURITY_POLICY = [
  "default-src 'self'", "script-src 'self'", "style-src 'self'", "img-src 'self' data:", "font-src 'self'",
  "connect-src 'self'", "object-src 'none'", "base-uri 'none'", "form-action 'self'", "frame-ancestors 'none'",
].join('; ');

const HTML_HEADERS: Record<string, string> = {
  'content-security-policy': CONTENT_SECURITY_POLICY,
  'x-content-type-options': 'nosniff',
  'referrer-policy': 'no-referrer',
  'x-frame-options': 'DENY',
  'cross-origin-opener-policy': 'same-origin',
  'cache-control': 'no-cache',
};

/** Served when the server was built without the web app. */
const NOT_BUILT = `<!doctype html>
<html lang="en"><head><meta charset="utf-8"><meta name="viewport" content="width=device-width, initial-scale=1"><title>Attest</title></head>
<body><h1>Attest</h1><p>The web app has not been built. Run <code>npm run build</code>, then restart <code>attest serve</code>.</p>
<p>The API is available under <a href="/api/status">/api</a>; its description is at <a href="/openapi.json">/openapi.json</a>.</p></body></html>
`;

interface WebFile {
  body: Buffer;
  gzip: Buffer | null;
  type: string;
  etag: string;
  /** Vite's hashed assets never change under their name. */
  immutable: boolean;
}

export interface WebApp {
  /** False when dist/web was missing and only the "run npm run build" page is served. */
  readonly built: boolean;
  /** Answers the request if it is the web app's; returns false (untouched reply) otherwise. */
  serve(req: FastifyRequest, reply: FastifyReply): boolean;
}

function walk(dir: string): string[] {
  return readdirSync(dir, { withFileTypes: true }).flatMap((e) => (e.isDirectory() ? walk(join(dir, e.name)) : e.isFile() ? [join(dir, e.name)] : []));
}

function load(root: string): Map<string, WebFile> {
  const files = new Map<string, WebFile>();
  for (const path of walk(root)) {
    const ext = extname(path).toLowerCase();
    const body = readFileSync(path);
    const urlPath = '/' + relative(root, path).split(sep).join('/');
    files.set(urlPath, {
      body,
      gzip: COMPRESSIBLE.has(ext) && body.length > 1024 ? gzipSync(body) : null,
      type: MEDIA_TYPES[ext] ?? 'application/octet-stream',
      etag: `"${createHash('sha256').update(body).digest('base64url').slice(0, 22)}"`,
      immutable: urlPath.startsWith('/assets/'),
    });
  }
  return files;
}

function pathOf(url: string): string | null {
  const raw = url.split('?')[0]!.split('#')[0]!;
  try {
    return decodeURIComponent(raw);
  } catch {
    return null;
  }
}

/**
 * Reads the built app into memory once (a few hundred kilobytes), so a request is a map
 * lookup and no request path ever reaches the filesystem.
 */
export function loadWebApp(root: string = DEFAULT_WEB_ROOT): WebApp {
  const built = existsSync(join(root, 'index.html')) && statSync(join(root, 'index.html')).isFile();
  const files = built ? load(root) : new Map<string, WebFile>();
  const index: WebFile = files.get('/index.html') ?? {
    body: Buffer.from(NOT_BUILT), gzip: null, type: MEDIA_TYPES['.html']!, etag: '"not-built"', immutable: false,
  };

  const send = (req: FastifyRequest, reply: FastifyReply, file: WebFile) => {
    reply.status(200).header('content-type', file.type).header('etag', file.etag).header('x-content-type-options', 'nosniff');
    if (file.type.startsWith('text/html')) reply.headers(HTML_HEADERS);
    else reply.header('cache-control', file.immutable ? 'public, max-age=31536000, immutable' : 'no-cache');
    reply.header('vary', 'accept-encoding');
    if (req.headers['if-none-match'] === file.etag) return reply.status(304).send();
    const gzip = file.gzip && /\bgzip\b/.test(String(req.headers['accept-encoding'] ?? ''));
    if (gzip) reply.header('content-encoding', 'gzip');
    return reply.send(gzip ? file.gzip : file.body);
  };

  return {
    built,
    serve(req, reply) {
      if (req.method !== 'GET' && req.method !== 'HEAD') return false;
      const path = pathOf(req.url);
      if (path === null || API_PATHS.test(path)) return false;
      const file = files.get(path);
      if (file && path !== '/index.html') {
        void send(req, reply, file);
        return true;
      }
      // A path that names a file (/assets/…, *.js, *.png) is a 404 when missing, not the app;
      // app routes may hold dots (/criteria/CC6.1).
      if (!file && (path.startsWith('/assets/') || extname(path).toLowerCase() in MEDIA_TYPES)) return false;
      void send(req, reply, index);
      return true;
    },
  };
}
