// Small helpers that keep checks short and uniform.
import { isUnknown, type LineRange, type V } from '../domain/resources/index.js';
import type { Outcome } from './types.js';

// Outcomes without a message are shared, not allocated per resource: the engine runs
// hundreds of thousands of them.
const PASS: Outcome = Object.freeze({ status: 'pass' });
const notApplicableCache = new Map<string, Outcome>();
export const pass = (): Outcome => PASS;
export const fail = (reason: string, message: string, location?: LineRange | null): Outcome =>
  location ? { status: 'fail', reason, message, location } : { status: 'fail', reason, message };
export const notApplicable = (reason: string): Outcome => {
  let o = notApplicableCache.get(reason);
  if (!o) notApplicableCache.set(reason, (o = Object.freeze({ status: 'not_applicable', reason })));
  return o;
};
export const unknownOutcome = (reason: string, message: string): Outcome => ({ status: 'unknown', reason, message });

/** The common shape: a setting that must be true. Unknown → unknown; null (cannot be observed) → not applicable. */
export function requireTrue(value: V<boolean> | null | undefined, reason: string, message: string): Outcome {
  if (value === null || value === undefined) return notApplicable('not_observable');
  if (isUnknown(value)) return unknownOutcome('unknown_value', `${message} (depends on ${value.$unknown})`);
  return value ? pass() : fail(reason, message);
}

/** Whether any of the values is unknown. */
export const anyUnknown = (values: unknown[]): boolean => values.some(isUnknown);

/** Mask all but the first and last `keep` characters. */
export function mask(value: string, keep = 4): string {
  if (value.length <= keep * 2) return '*'.repeat(value.length);
  return `${value.slice(0, keep)}${'*'.repeat(Math.min(value.length - keep * 2, 24))}${value.slice(-keep)}`;
}
