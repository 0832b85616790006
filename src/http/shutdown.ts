// Stopping the server without hanging on a quiet connection.
//
// `app.close()` stops accepting, lets requests in flight finish and closes idle keep-alive
// connections. A connection that was opened but has not sent a request yet is not "idle" to
// Node: close() would wait for its headers timeout (60 s). So once no request is in flight —
// or the grace period has passed — every remaining connection is closed.
import type { FastifyInstance } from 'fastify';

const inFlight = new WeakMap<FastifyInstance, Set<string>>();

/** Tracks the requests in flight on `app` (call before the app is ready). */
export function trackRequests(app: FastifyInstance): void {
  const open = new Set<string>();
  inFlight.set(app, open);
  app.addHook('onRequest', async (req) => { open.add(req.id); });
  app.addHook('onResponse', async (req) => { open.delete(req.id); });
  app.addHook('onRequestAbort', async (req) => { open.delete(req.id); });
}

/** The number of requests in flight (0 when the app does not track them). */
export function requestsInFlight(app: FastifyInstance): number {
  return inFlight.get(app)?.size ?? 0;
}

/** Closes the app: requests in flight get up to `graceMs` to finish, then every connection is closed. */
export async function closeApp(app: FastifyInstance, graceMs: number, pollMs = 50): Promise<void> {
  const started = Date.now();
  let timer: NodeJS.Timeout | undefined;
  const sweep = () => {
    if (requestsInFlight(app) === 0 || Date.now() - started >= graceMs) app.server.closeAllConnections();
    else timer = setTimeout(sweep, pollMs);
  };
  const closing = app.close();
  timer = setTimeout(sweep, pollMs);
  try {
    await closing;
  } finally {
    clearTimeout(timer);
  }
}
