// Coded errors. Services throw these; the edges (HTTP, CLI) map them once
// (src/http/errors.ts, src/cli/output.ts). The registry is documented in docs/ERRORS.md.

export interface FieldError {
  /** Dotted path of the offending field, e.g. `body.effectiveDate` or `file`. */
  field: string;
  /** Stable machine code, e.g. `invalid_date`, `unknown_id`, `required`. */
  code: string;
  message: string;
}

export const ERROR_CODES = {
  invalid_input: { status: 400, exit: 2, description: 'The input failed validation; `fields` lists every problem.' },
  not_found: { status: 404, exit: 2, description: 'The named object does not exist (in this organization).' },
  conflict: { status: 409, exit: 1, description: 'The change conflicts with the current state.' },
  payload_too_large: { status: 413, exit: 2, description: 'An upload exceeded the size limit.' },
  unauthorized: { status: 401, exit: 2, description: 'No valid credentials were presented.' },
  forbidden: { status: 403, exit: 2, description: 'The caller may not do this.' },
  two_factor_required: { status: 401, exit: 2, description: 'The password was right; send the two-factor code (or a recovery code) too.' },
  rate_limited: { status: 429, exit: 1, description: 'Too many failed attempts; try again after the Retry-After header (seconds).' },
  workspace_locked: { status: 423, exit: 2, description: 'Another process holds the embedded workspace.' },
  workspace_missing: { status: 409, exit: 2, description: 'No workspace is initialized here; run `attest init`.' },
  database_unavailable: { status: 503, exit: 1, description: 'The PostgreSQL server cannot be reached; the message gives the cause.' },
  integrity_failure: { status: 500, exit: 1, description: 'Stored data does not match its recorded hash.' },
  internal: { status: 500, exit: 1, description: 'An unexpected error; details are in the server log under the request id.' },
} as const;

export type ErrorCode = keyof typeof ERROR_CODES;

export class AppError extends Error {
  readonly code: ErrorCode;
  readonly fields: FieldError[];
  /** For `rate_limited`: when to try again, in seconds. */
  retryAfterSeconds?: number;
  constructor(code: ErrorCode, message: string, fields: FieldError[] = []) {
    super(message);
    this.name = 'AppError';
    this.code = code;
    this.fields = fields;
  }
}

export const rateLimited = (message: string, until: Date | string, now: Date): AppError => {
  const e = new AppError('rate_limited', message);
  e.retryAfterSeconds = Math.max(1, Math.ceil((new Date(until).getTime() - now.getTime()) / 1000));
  return e;
};

export const invalid = (fields: FieldError[], message?: string): AppError =>
  new AppError('invalid_input', message ?? fields.map((f) => `${f.field}: ${f.message}`).join('; '), fields);

export const invalidField = (field: string, code: string, message: string): AppError => invalid([{ field, code, message }]);

export const notFound = (what: string, id: string, field?: string): AppError =>
  new AppError('not_found', `${what} ${JSON.stringify(id)} does not exist`, field ? [{ field, code: 'unknown_id', message: `no ${what} with id ${JSON.stringify(id)}` }] : []);

export const conflict = (message: string): AppError => new AppError('conflict', message);

export const isAppError = (e: unknown): e is AppError => e instanceof AppError;
