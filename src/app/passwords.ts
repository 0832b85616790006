// Password hashing: Argon2id with OWASP's minimum parameters (19 MiB, 2 passes, 1 lane), from
// @node-rs/argon2, which ships prebuilt binaries (nothing to compile).
import { hash, verify, type Algorithm, type Options } from '@node-rs/argon2';
import { randomBytes } from 'node:crypto';
import type { FieldError } from '../domain/errors.js';

const ARGON2ID: Options = { algorithm: 2 as Algorithm, memoryCost: 19_456, timeCost: 2, parallelism: 1 };

export const PASSWORD_MIN = 12;
export const PASSWORD_MAX = 256;

export const hashPassword = (password: string): Promise<string> => hash(password, ARGON2ID);

/** False for a wrong password and for a malformed hash alike. */
export async function verifyPassword(passwordHash: string, password: string): Promise<boolean> {
  try {
    return await verify(passwordHash, password);
  } catch {
    return false;
  }
}

let dummy: Promise<string> | null = null;
/** Spends the time a real check takes, so that an unknown email answers as slowly as a wrong password. */
export async function verifyNothing(password: string): Promise<void> {
  dummy ??= hashPassword(randomBytes(16).toString('hex'));
  await verifyPassword(await dummy, password);
}

/** Length rules (NIST SP 800-63B: length over composition); every problem as a field error. */
export function passwordProblems(password: string, email: string | null, field = 'password'): FieldError[] {
  const errors: FieldError[] = [];
  if ([...password].length < PASSWORD_MIN) errors.push({ field, code: 'too_short', message: `at least ${PASSWORD_MIN} characters` });
  if ([...password].length > PASSWORD_MAX) errors.push({ field, code: 'too_long', message: `at most ${PASSWORD_MAX} characters` });
  if (email !== null && password.trim().toLowerCase() === email.trim().toLowerCase()) errors.push({ field, code: 'same_as_email', message: 'must not be your email address' });
  return errors;
}
