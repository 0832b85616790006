// Stopping the server: a connection that never sends a request must not hold it open,
// and a request in flight still gets its answer.
import { connect } from 'node:net';
import Fastify from 'fastify';
import { describe, expect, it } from 'vitest';
import { closeApp, requestsInFlight, trackRequests } from '../../src/http/shutdown.js';

async function listening(handler: (release: Promise<void>) => Promise<unknown>, release: Promise<void>) {
  const app = Fastify();
  trackRequests(app);
  app.get('/slow', async () => handler(release));
  const address = await app.listen({ port: 0, host: '127.0.0.1' });
  return { app, port: Number(new URL(address).port), address };
}

describe('closeApp', () => {
  it('closes a connection that has not sent a request instead of waiting for its headers timeout', async () => {
    const { app, port } = await listening(async () => 'ok', Promise.resolve());
    const socket = connect(port, '127.0.0.1');
    await new Promise<void>((r) => socket.once('connect', () => r()));
    const ended = new Promise<void>((r) => socket.once('close', () => r()));
    const started = Date.now();
    await closeApp(app, 5_000);
    await ended;
    // Plain app.close() waits for Node's 60 s headers timeout here.
    expect(Date.now() - started).toBeLessThan(3_000);
  });

  it('lets a request in flight finish within the grace period', async () => {
    let release!: () => void;
    const gate = new Promise<void>((r) => { release = r; });
    const { app, address } = await listening(async (g) => { await g; return { done: true }; }, gate);
    const answer = fetch(`${address}/slow`).then(async (r) => ({ status: r.status, body: await r.json() }));
    while (requestsInFlight(app) === 0) await new Promise((r) => setTimeout(r, 10));
    const closing = closeApp(app, 5_000);
    setTimeout(release, 200);
    await closing;
    expect(await answer).toEqual({ status: 200, body: { done: true } });
    expect(requestsInFlight(app)).toBe(0);
  });

  it('cuts a request that outlasts the grace period', async () => {
    const { app, address } = await listening(() => new Promise(() => undefined), Promise.resolve());
    const answer = fetch(`${address}/slow`).then(() => 'answered', () => 'cut');
    while (requestsInFlight(app) === 0) await new Promise((r) => setTimeout(r, 10));
    await closeApp(app, 300);
    expect(await answer).toBe('cut');
  });
});
