// PGlite allows one process per data folder: a second process opening a folder in use can
// leave it unopenable. The process that opens the embedded workspace holds this lock for its
// whole life. A server records its URL and a local token in it, so other `attest` commands
// can go through its API instead of opening the folder.
import { randomBytes } from 'node:crypto';
import { closeSync, existsSync, mkdirSync, openSync, readFileSync, renameSync, rmSync, writeSync } from 'node:fs';
import { join } from 'node:path';

export interface LockInfo {
  pid: number;
  command: string;
  startedAt: string;
  /** Set by `attest serve` once it listens. */
  url?: string;
  token?: string;
}

export type LockState = { state: 'free' } | { state: 'held'; info: LockInfo } | { state: 'stale'; info: LockInfo };

export const newLocalToken = () => randomBytes(24).toString('base64url');

export const lockPath = (dataDir: string) => join(dataDir, 'attest.lock');

export function isAlive(pid: number): boolean {
  try {
    process.kill(pid, 0);
  } catch (e) {
    return (e as NodeJS.ErrnoException).code === 'EPERM';
  }
  // On Linux, make sure the pid was not reused by something other than Node.
  const cmdline = `/proc/${pid}/cmdline`;
  if (existsSync(cmdline)) {
    try {
      return /node|attest/.test(readFileSync(cmdline, 'utf8'));
    } catch {
      return true;
    }
  }
  return true;
}

export function readLock(dataDir: string): LockState {
  let text: string;
  try {
    text = readFileSync(lockPath(dataDir), 'utf8');
  } catch {
    return { state: 'free' };
  }
  let info: LockInfo;
  try {
    info = JSON.parse(text) as LockInfo;
  } catch {
    // A lock being written this very moment, or garbage from a crash mid-write: look again shortly.
    Atomics.wait(new Int32Array(new SharedArrayBuffer(4)), 0, 0, 100);
    try {
      info = JSON.parse(readFileSync(lockPath(dataDir), 'utf8')) as LockInfo;
    } catch {
      return { state: 'stale', info: { pid: -1, command: 'unknown', startedAt: '' } };
    }
  }
  if (info.pid === process.pid) return { state: 'held', info };
  return isAlive(info.pid) ? { state: 'held', info } : { state: 'stale', info };
}

export class WorkspaceLock {
  private constructor(readonly dataDir: string, public info: LockInfo) {}

  /** Takes the lock, clearing a stale one; returns the holder's info when another live process has it. */
  static acquire(dataDir: string, command: string): WorkspaceLock | LockInfo {
    mkdirSync(dataDir, { recursive: true });
    const info: LockInfo = { pid: process.pid, command, startedAt: new Date().toISOString() };
    for (let attempt = 0; attempt < 3; attempt++) {
      try {
        const fd = openSync(lockPath(dataDir), 'wx', 0o600);
        writeSync(fd, JSON.stringify(info));
        closeSync(fd);
        return new WorkspaceLock(dataDir, info);
      } catch (e) {
        if ((e as NodeJS.ErrnoException).code !== 'EEXIST') throw e;
      }
      const current = readLock(dataDir);
      if (current.state === 'held') return current.info;
      // Stale: move it aside atomically (only one contender wins the rename), then retry.
      try {
        renameSync(lockPath(dataDir), `${lockPath(dataDir)}.stale-${process.pid}`);
        rmSync(`${lockPath(dataDir)}.stale-${process.pid}`, { force: true });
      } catch {
        /* another process cleared it first */
      }
    }
    const last = readLock(dataDir);
    return last.state === 'held' ? last.info : { pid: -1, command: 'unknown', startedAt: '' };
  }

  /** Publishes the server's address and its local token for other commands. */
  publish(url: string, token: string): void {
    this.info = { ...this.info, url, token };
    const tmp = `${lockPath(this.dataDir)}.${process.pid}.tmp`;
    const fd = openSync(tmp, 'w', 0o600);
    writeSync(fd, JSON.stringify(this.info));
    closeSync(fd);
    renameSync(tmp, lockPath(this.dataDir));
  }

  release(): void {
    const current = readLock(this.dataDir);
    if (current.state !== 'free' && current.info.pid === process.pid) rmSync(lockPath(this.dataDir), { force: true });
  }
}
