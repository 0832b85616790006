import type { Command } from 'commander';
import { basename } from 'node:path';
import { buildApp } from '../../http/app.js';
import { closeApp } from '../../http/shutdown.js';
import { AppError, invalidField } from '../../domain/errors.js';
import type { CommandContext } from '../main.js';
import { VERSION } from '../main.js';
import { newLocalToken, readLock } from '../lock.js';
import { openRuntime, WorkspaceBusy } from '../runtime.js';
import { createWorker } from '../workers.js';

/** On stop, how long requests in flight may take before their connections are closed. */
const SHUTDOWN_GRACE_MS = 10_000;
const LOOPBACK = new Set(['127.0.0.1', 'localhost', '::1']);
/** ATTEST_TRUST_PROXY as Fastify takes it: a hop count becomes "the nearest n proxies". */
const trustProxyOption = (t: boolean | number | string[]) => (typeof t === 'number' ? (_address: string, hop: number) => hop < t : t);
/** The address to print for a server listening on every interface. */
const ANY = new Set(['0.0.0.0', '::', '[::]']);

export function registerServe(program: Command, ctx: CommandContext) {
  program
    .command('serve')
    .description('Serve the API (and, later, the web app); initializes a workspace on first run')
    .option('--port <port>', 'port to listen on (default: $PORT or 3000; 0 picks a free one)')
    .option('--host <host>', 'interface to listen on (default $ATTEST_HOST or 127.0.0.1; 0.0.0.0 for every interface: put HTTPS in front, see docs/ACCOUNTS.md)')
    .option('--org <name>', 'organization name when a new workspace is created (default: the folder name)')
    .option('--no-worker', 'run no jobs in this process (when `attest worker` processes run them; PostgreSQL only)')
    .addHelpText('after', '\nWhile it runs, other attest commands in the same workspace go through it.\nStop it with Ctrl-C.')
    .action(async (opts: { port?: string; host?: string; org?: string; worker: boolean }) => {
      const config = ctx.config();
      const port = opts.port === undefined ? config.port : Number(opts.port);
      if (!Number.isInteger(port) || port < 0 || port > 65535) throw invalidField('port', 'invalid_port', `${JSON.stringify(opts.port)} is not a port number`);
      const host = opts.host ?? config.host;

      let runtime;
      try {
        runtime = await openRuntime(config, { command: 'serve', create: true });
      } catch (e) {
        if (e instanceof WorkspaceBusy) {
          const held = readLock(config.dataDir);
          const where = held.state === 'held' && held.info.url ? ` at ${held.info.url}` : '';
          throw new AppError('workspace_locked', `${e.message}${where}; only one server per embedded workspace. Stop it first, or use DATABASE_URL for several processes.`);
        }
        throw e;
      }
      const { services } = runtime;
      if (!(await services.workspace.defaultOrg())) {
        const result = await services.workspace.init({ name: opts.org ?? basename(process.cwd()), categories: ['security'] }, 'system');
        ctx.io.out(`Initialized a new workspace for "${result.org.name}" with ${result.controls} controls (${runtime.describe}).`);
      } else {
        await services.workspace.syncLibrary((await services.workspace.requireOrg()).id, 'system');
      }
      const token = newLocalToken();
      const app = await buildApp({ services, localToken: token, version: VERSION, logger: { level: config.logLevel }, trustProxy: trustProxyOption(config.trustProxy), publicUrl: config.publicUrl ?? undefined });
      let address: string;
      try {
        address = await app.listen({ port, host });
      } catch (e) {
        await app.close();
        await runtime.close();
        throw new AppError('conflict', `cannot listen on ${host}:${port}: ${(e as Error).message}`);
      }
      const url = address.replace('[::1]', 'localhost');
      runtime.lock?.publish(url, token);
      // The jobs (schedules, scans, snapshots) run here too, unless dedicated workers run them.
      const worker = opts.worker || !config.databaseUrl ? createWorker(services.ctx, config, app.log) : null;
      worker?.start();
      // First run: no account yet. The link creates the first one, an owner; it works once.
      // (Made before the serving line: from that line on, a stop signal must find its handler.)
      const setupToken = await services.auth.issueSetupToken();
      // Stop handlers go in before the serving line is printed, and a second signal during
      // shutdown is ignored rather than killing the process half-way through closing.
      let stopping = false;
      let done!: () => void;
      const stopped = new Promise<void>((resolve) => { done = resolve; });
      const stop = () => {
        if (stopping) return;
        stopping = true;
        void (async () => {
          try {
            await worker?.stop();
            await closeApp(app, SHUTDOWN_GRACE_MS);
            await runtime.close();
          } catch (e) {
            app.log.error({ err: e }, 'shutdown did not complete cleanly');
            process.exitCode = 1;
          } finally {
            process.off('SIGINT', stop);
            process.off('SIGTERM', stop);
            done();
          }
        })();
      };
      process.on('SIGINT', stop);
      process.on('SIGTERM', stop);
      ctx.io.out(`Attest is serving ${url} (${runtime.describe}). Press Ctrl-C to stop.`);
      if (!LOOPBACK.has(host)) ctx.io.out(`Listening on ${ANY.has(host) ? 'every interface' : host}: people sign in over the network, so put HTTPS in front (and set ATTEST_TRUST_PROXY and ATTEST_PUBLIC_URL).`);
      if (setupToken) ctx.io.out(`No account exists yet. Create the first one (an owner) at this one-time link:\n  ${(config.publicUrl ?? url).replace(/\/+$/, '')}/setup#token=${setupToken}`);
      await stopped;
    });
}
