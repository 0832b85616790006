// Hard-coded secrets in scanned files.
import type { AnyCheck } from '../types.js';
import secretHardcoded from './secret-hardcoded.js';

export const secretChecks = [
  secretHardcoded,
] as AnyCheck[];
