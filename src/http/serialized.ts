// Responses that are the same object request after request (the derived views the services keep
// in memory until the organization's data changes: src/app/derived-cache.ts) are serialized once,
// with the route's own response schema, and the bytes reused. Keyed weakly by the object, so an
// entry goes when the service drops the view.
import type { FastifyReply } from 'fastify';

const bodies = new WeakMap<object, string>();

export function sendSerialized(reply: FastifyReply, payload: object): FastifyReply {
  let body = bodies.get(payload);
  if (body === undefined) {
    body = String(reply.serialize(payload));
    bodies.set(payload, body);
  }
  return reply.type('application/json; charset=utf-8').send(body);
}
