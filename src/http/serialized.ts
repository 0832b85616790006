// Responses that are the same object request after request (the derived views the services keep
// in memory until the organization's data changes: src/app/derived-cache.ts) are serialized once,
// with the route's own response schema, and the bytes reused — gzipped once too, for the clients
// that accept it (browsers always do): a 150 KB controls list goes out as ~15 KB without a
// compression per request. Keyed weakly by the object, so an entry goes when the service drops
// the view.
import { gzipSync } from 'node:zlib';
import type { FastifyReply, FastifyRequest } from 'fastify';

interface Body {
  json: string;
  gzip?: Buffer;
}

const bodies = new WeakMap<object, Body>();
/** Below this, compressing saves too little to matter. */
const GZIP_MIN_BYTES = 1024;

const acceptsGzip = (req: FastifyRequest): boolean => {
  const h = req.headers['accept-encoding'];
  return typeof h === 'string' && /(?:^|,)\s*gzip\s*(?:;\s*q=(?!0(?:\.0*)?\s*(?:,|$))[\d.]+)?\s*(?:,|$)/i.test(h);
};

export function sendSerialized(reply: FastifyReply, payload: object): FastifyReply {
  let body = bodies.get(payload);
  if (body === undefined) {
    body = { json: String(reply.serialize(payload)) };
    bodies.set(payload, body);
  }
  reply.type('application/json; charset=utf-8');
  if (body.json.length < GZIP_MIN_BYTES) return reply.send(body.json);
  reply.header('vary', 'accept-encoding');
  if (!acceptsGzip(reply.request)) return reply.send(body.json);
  body.gzip ??= gzipSync(body.json, { level: 6 });
  return reply.header('content-encoding', 'gzip').send(body.gzip);
}
