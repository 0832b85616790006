// Value helpers for the AWS checks: a KMS key that must be named, a number of days that must
// reach a floor. Same conventions as ../util.ts: unknown → unknown, never fail.
import { isUnknown, type V } from '../../domain/resources/index.js';
import type { Outcome } from '../types.js';
import { fail, pass, unknownOutcome } from '../util.js';

/** Passes when a KMS key is named; null or an empty string means none. */
export function requireKmsKey(kmsKeyId: V<string> | null, reason: string, message: string): Outcome {
  if (kmsKeyId === null || kmsKeyId === '') return fail(reason, message);
  if (isUnknown(kmsKeyId)) return unknownOutcome('unknown_value', `the KMS key depends on ${kmsKeyId.$unknown}`);
  return pass();
}

/** Backup retention of at least `minimum` days; 0 means automated backups are off. */
export function requireRetention(days: V<number>, minimum: number, what: string): Outcome {
  if (isUnknown(days)) return unknownOutcome('unknown_value', `the backup retention depends on ${days.$unknown}`);
  if (days <= 0) return fail('backups_disabled', `automated backups of the ${what} are turned off (retention 0)`);
  if (days < minimum) return fail('retention_too_short', `the ${what} keeps backups for ${days} day${days === 1 ? '' : 's'}, fewer than ${minimum}`);
  return pass();
}

/** An RDS instance inside an Aurora cluster: the cluster carries its storage, backups and deletion protection. */
export const isClusterMember = (clusterId: V<string> | null): boolean => clusterId !== null && clusterId !== '';
