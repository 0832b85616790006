// Runs the real `attest` binary (bin/attest.js → dist/) in a temporary workspace.
import { spawn, type ChildProcess } from 'node:child_process';
import { existsSync, mkdtempSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join, resolve } from 'node:path';
import { readLock } from '../../src/cli/lock.js';

export const BIN = resolve(import.meta.dirname, '../../bin/attest.js');
if (!existsSync(resolve(import.meta.dirname, '../../dist/cli/main.js'))) {
  throw new Error('dist/ is missing: the CLI tests run the built command. Use `npm test` (it builds first) or `npm run build`.');
}

export interface Result {
  code: number | null;
  stdout: string;
  stderr: string;
}

export const tempDir = (prefix = 'attest-cli-') => mkdtempSync(join(tmpdir(), prefix));

export function baseEnv(extra: Record<string, string> = {}): NodeJS.ProcessEnv {
  const env: NodeJS.ProcessEnv = { PATH: process.env.PATH, HOME: process.env.HOME, ATTEST_LOG_LEVEL: 'warn', ...extra };
  return env;
}

export function attest(args: string[], opts: { cwd: string; env?: Record<string, string> }): Promise<Result> {
  return new Promise((done, fail) => {
    const child = spawn(process.execPath, [BIN, ...args], { cwd: opts.cwd, env: baseEnv(opts.env), stdio: ['ignore', 'pipe', 'pipe'] });
    let stdout = '';
    let stderr = '';
    child.stdout.on('data', (d) => (stdout += d));
    child.stderr.on('data', (d) => (stderr += d));
    child.on('error', fail);
    child.on('close', (code) => done({ code, stdout, stderr }));
  });
}

export interface Server {
  url: string;
  /** The local token the server published in the workspace lock (null with DATABASE_URL: no lock). */
  token: string | null;
  /** fetch() on the server with the local token, as `attest` commands call it. */
  api(path: string, init?: RequestInit): Promise<Response>;
  proc: ChildProcess;
  output: () => string;
  /** The one-time setup link's token `attest serve` prints while no account exists (waits for the line; null if none comes). */
  setupToken(timeoutMs?: number): Promise<string | null>;
  /** SIGTERM and wait for a clean exit. */
  stop(): Promise<number | null>;
  /** SIGKILL: no cleanup at all. */
  kill(): Promise<void>;
}

export function startServer(cwd: string, env: Record<string, string> = {}, args: string[] = []): Promise<Server> {
  return new Promise((done, fail) => {
    const proc = spawn(process.execPath, [BIN, 'serve', '--port', '0', ...args], { cwd, env: baseEnv(env), stdio: ['ignore', 'pipe', 'pipe'] });
    let out = '';
    const exited = new Promise<number | null>((r) => proc.on('exit', (code) => r(code)));
    // Generous: on a loaded machine the first start (initdb, 145 controls) has taken over 30 s.
    const timer = setTimeout(() => {
      proc.kill('SIGKILL'); // not left running (and holding its folder) after the test gave up
      fail(new Error(`server did not start in 60 s:\n${out}`));
    }, 60_000);
    const onData = (d: Buffer) => {
      out += d.toString();
      const m = /Attest is serving (http:\/\/\S+)/.exec(out);
      if (m) {
        clearTimeout(timer);
        const lock = readLock(env.ATTEST_DATA_DIR ? resolve(cwd, env.ATTEST_DATA_DIR) : join(cwd, '.attest'));
        const token = lock.state === 'held' ? (lock.info.token ?? null) : null;
        done({
          url: m[1]!,
          token,
          api: (path, init = {}) => fetch(`${m[1]!}${path}`, { ...init, headers: { ...(token ? { authorization: `Bearer ${token}` } : {}), ...(init.headers as Record<string, string> | undefined) } }),
          proc,
          output: () => out,
          setupToken: async (timeoutMs = 5000) => {
            for (const end = Date.now() + timeoutMs; Date.now() < end; await new Promise((r) => setTimeout(r, 50))) {
              const t = /\/setup#token=([\w-]+)/.exec(out);
              if (t) return t[1]!;
            }
            return null;
          },
          stop: async () => { proc.kill('SIGTERM'); return exited; },
          kill: async () => { proc.kill('SIGKILL'); await exited; },
        });
      }
    };
    proc.stdout.on('data', onData);
    proc.stderr.on('data', onData);
    proc.on('exit', (code) => { clearTimeout(timer); fail(new Error(`server exited with ${code} before serving:\n${out}`)); });
  });
}

/** Uploads evidence as `attest` commands do, with the server's local token (or `token`). */
export async function upload(server: Pick<Server, 'api'>, file: { name: string; bytes: Uint8Array }, controls: string[], fields: Record<string, string> = {}): Promise<Response> {
  const form = new FormData();
  form.append('controls', controls.join(','));
  for (const [k, v] of Object.entries(fields)) form.append(k, v);
  form.append('file', new Blob([file.bytes]), file.name);
  return server.api('/api/evidence', { method: 'POST', body: form });
}
