// The audit log is a hash chain per organization: each entry's hash covers its own
// fields and the previous entry's hash, so altering, removing or reordering any entry
// breaks every hash after it. `attest verify` recomputes the chain.
import { canonicalJson, sha256Hex } from './hash.js';

export const GENESIS_HASH = '0'.repeat(64);

export interface AuditEntryFields {
  orgId: string;
  seq: number;
  at: string;
  actor: string;
  action: string;
  entityType: string;
  entityId: string;
  beforeDigest: string | null;
  afterDigest: string | null;
  detail: Record<string, unknown>;
}

export interface AuditEntry extends AuditEntryFields {
  prevHash: string;
  hash: string;
}

export function hashAuditEntry(prevHash: string, fields: AuditEntryFields): string {
  return sha256Hex(`${prevHash}\n${canonicalJson(fields)}`);
}

export interface ChainBreak {
  seq: number;
  problem: 'hash_mismatch' | 'prev_mismatch' | 'gap';
  message: string;
}

/** Checks entries of one organization in seq order. Returns every break found (empty when intact). */
export function verifyChain(entries: Iterable<AuditEntry>, start: { seq: number; hash: string } = { seq: 0, hash: GENESIS_HASH }): { breaks: ChainBreak[]; last: { seq: number; hash: string } } {
  const breaks: ChainBreak[] = [];
  let expectedPrev = start.hash;
  let expectedSeq = start.seq + 1;
  for (const e of entries) {
    if (e.seq !== expectedSeq) breaks.push({ seq: e.seq, problem: 'gap', message: `entry ${expectedSeq} is missing (found ${e.seq} next)` });
    if (e.prevHash !== expectedPrev) breaks.push({ seq: e.seq, problem: 'prev_mismatch', message: `entry ${e.seq} does not follow the entry before it` });
    const { prevHash: _p, hash, ...fields } = e;
    const recomputed = hashAuditEntry(e.prevHash, fields);
    if (recomputed !== hash) breaks.push({ seq: e.seq, problem: 'hash_mismatch', message: `entry ${e.seq} (${e.action} ${e.entityType} ${e.entityId}) was altered after it was written` });
    expectedPrev = hash;
    expectedSeq = e.seq + 1;
  }
  return { breaks, last: { seq: expectedSeq - 1, hash: expectedPrev } };
}
