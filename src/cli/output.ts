// Terminal output: tables, errors and exit codes, progress on stderr.
import { CommanderError } from 'commander';
import { AppError, ERROR_CODES } from '../domain/errors.js';
import { ContentError } from '../content/load.js';
import { ConfigError } from './config.js';

export interface Io {
  out: (line: string) => void;
  err: (line: string) => void;
  isTTY: boolean;
}

export const processIo: Io = {
  out: (line) => process.stdout.write(`${line}\n`),
  err: (line) => process.stderr.write(`${line}\n`),
  isTTY: Boolean(process.stderr.isTTY),
};

export function table(headers: string[], rows: (string | number)[][], maxWidth = 60): string {
  const cells = [headers, ...rows.map((r) => r.map((c) => String(c)))].map((r) => r.map((c) => (c.length > maxWidth ? `${c.slice(0, maxWidth - 1)}…` : c)));
  const widths = headers.map((_, i) => Math.max(...cells.map((r) => (r[i] ?? '').length)));
  const line = (r: string[]) => r.map((c, i) => c.padEnd(widths[i] ?? 0)).join('  ').trimEnd();
  return [line(cells[0]!), widths.map((w) => '-'.repeat(w)).join('  '), ...cells.slice(1).map(line)].join('\n');
}

export const json = (io: Io, value: unknown) => io.out(JSON.stringify(value, null, 2));

/** Prints an error the way a person can act on, and returns the exit code. */
export function reportError(io: Io, e: unknown): number {
  if (e instanceof CommanderError) {
    if (e.code === 'commander.helpDisplayed' || e.code === 'commander.version' || e.code === 'commander.help') return 0;
    return 2; // commander already printed the message
  }
  if (e instanceof AppError) {
    io.err(`attest: ${e.message}`);
    for (const f of e.fields) if (!e.message.includes(f.message)) io.err(`  ${f.field}: ${f.message} (${f.code})`);
    return ERROR_CODES[e.code].exit;
  }
  if (e instanceof ConfigError || e instanceof ContentError) {
    io.err(`attest: ${e.message}`);
    return 2;
  }
  io.err(`attest: unexpected error: ${e instanceof Error ? (e.stack ?? e.message) : String(e)}`);
  return 1;
}

/** A progress line on stderr when it is a terminal; silent otherwise. */
export function progress(io: Io, label: string): { tick: (done: number, what: string) => void; done: () => void } {
  let last = 0;
  return {
    tick(done, what) {
      if (!io.isTTY) return;
      const now = Date.now();
      if (now - last < 100) return;
      last = now;
      process.stderr.write(`\r${label}: ${done} ${what}…`);
    },
    done() {
      if (io.isTTY) process.stderr.write('\r\x1b[K');
    },
  };
}
