// Structured log lines for workers: one JSON object per line, in the shape Fastify's logger
// (pino) writes, so `attest serve` can pass its own logger. Log ids, counts, durations and
// states, never personal data: an error is logged by its code, its message stays in the
// database (visible to the organization through `attest jobs`).
import { AppError } from '../domain/errors.js';

export interface Logger {
  info(fields: Record<string, unknown>, msg: string): void;
  warn(fields: Record<string, unknown>, msg: string): void;
  error(fields: Record<string, unknown>, msg: string): void;
  child(bindings: Record<string, unknown>): Logger;
}

const LEVELS = { trace: 10, debug: 20, info: 30, warn: 40, error: 50, fatal: 60, silent: Infinity } as const;
export type LogLevel = keyof typeof LEVELS;

export function jsonLogger(write: (line: string) => void, level: LogLevel = 'info', bindings: Record<string, unknown> = {}): Logger {
  const threshold = LEVELS[level];
  const at = (lvl: 'info' | 'warn' | 'error') => (fields: Record<string, unknown>, msg: string) => {
    if (LEVELS[lvl] < threshold) return;
    write(JSON.stringify({ level: LEVELS[lvl], time: Date.now(), ...bindings, ...fields, msg }));
  };
  return { info: at('info'), warn: at('warn'), error: at('error'), child: (more) => jsonLogger(write, level, { ...bindings, ...more }) };
}

export const silentLogger: Logger = { info: () => undefined, warn: () => undefined, error: () => undefined, child: () => silentLogger };

/** How an error is named in logs and job records: its code, never its message. */
export function errorCode(e: unknown): string {
  if (e instanceof AppError) return e.code;
  if (e instanceof Error) return e.name === 'Error' ? 'internal' : e.name;
  return 'internal';
}
