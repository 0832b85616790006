// Reading manifest values into the normalized shapes. A value of the wrong type (a quoted
// "true", an envsubst `${VAR}` left in place) is not guessed: it becomes unknown.
import { unknown, type V } from '../../domain/resources/index.js';

const written = (field: string, v: unknown) => unknown(`${field}: ${JSON.stringify(v)}`);

/** A boolean with a default when the manifest leaves it out. */
export function boolOr(v: unknown, field: string, dflt: boolean): V<boolean> {
  if (v === undefined || v === null) return dflt;
  return typeof v === 'boolean' ? v : written(field, v);
}

/** A boolean, or null when the manifest does not say. */
export function boolOrNull(v: unknown, field: string): V<boolean> | null {
  if (v === undefined || v === null) return null;
  return typeof v === 'boolean' ? v : written(field, v);
}

export function intOrNull(v: unknown, field: string): V<number> | null {
  if (v === undefined || v === null) return null;
  return typeof v === 'number' && Number.isInteger(v) ? v : written(field, v);
}

/** Quantities such as `500m`, `1Gi` or a bare number, as written. */
export function quantityOrNull(v: unknown, field: string): V<string> | null {
  if (v === undefined || v === null) return null;
  if (typeof v === 'number') return String(v);
  if (typeof v === 'string') return hasPlaceholder(v) ? written(field, v) : v;
  return written(field, v);
}

/** A string that must be there (an image); absent or templated → unknown. */
export function stringRequired(v: unknown, field: string): V<string> {
  if (typeof v === 'string' && v !== '' && !hasPlaceholder(v)) return v;
  return written(field, v ?? null);
}

export function stringOrNull(v: unknown, field: string): V<string> | null {
  if (v === undefined || v === null) return null;
  if (typeof v === 'string') return hasPlaceholder(v) ? written(field, v) : v;
  return written(field, v);
}

export function stringOr(v: unknown, field: string, dflt: string): V<string> {
  return stringOrNull(v, field) ?? dflt;
}

/** A plain string, for names and labels: numbers and booleans are written out, anything else is ''. */
export function text(v: unknown): string {
  return typeof v === 'string' ? v : typeof v === 'number' || typeof v === 'boolean' ? String(v) : '';
}

/** A list of strings; non-string items are written out as text, a missing list is empty. */
export function stringList(v: unknown): string[] {
  return Array.isArray(v) ? v.filter((x) => x !== null && x !== undefined).map(text) : [];
}

/** A `${VAR}` (envsubst, Kustomize replacements, CI templating) left in the manifest. */
const hasPlaceholder = (s: string) => /\$\{[^}]*\}/.test(s);
