// The server's secret key (ATTEST_SECRET_KEY, or the key file the first run writes in the data
// folder) and what is derived from it: encryption of secrets at rest (TOTP secrets), and keyed
// hashes (CSRF tokens bound to a session, recovery codes). Credentials a client holds
// (session ids, API tokens, invitation, reset and setup links) carry 256 random bits and are
// stored as their plain sha-256: nothing to brute-force, no key needed to look them up.
import { createCipheriv, createDecipheriv, createHash, createHmac, hkdfSync, randomBytes, timingSafeEqual } from 'node:crypto';

/** Shortest accepted ATTEST_SECRET_KEY, in characters (e.g. `openssl rand -base64 32`). */
export const MIN_SECRET_KEY_LENGTH = 32;

export const newSecretKey = (): string => randomBytes(32).toString('base64url');

export class Secrets {
  private readonly encryptionKey: Buffer;
  private readonly macKey: Buffer;

  constructor(masterKey: string) {
    if (masterKey.length < MIN_SECRET_KEY_LENGTH) throw new Error(`the secret key must be at least ${MIN_SECRET_KEY_LENGTH} characters`);
    const ikm = Buffer.from(masterKey, 'utf8');
    this.encryptionKey = Buffer.from(hkdfSync('sha256', ikm, 'attest', 'encryption at rest v1', 32));
    this.macKey = Buffer.from(hkdfSync('sha256', ikm, 'attest', 'keyed hashes v1', 32));
  }

  /** AES-256-GCM; `context` (e.g. the owner's ids) is authenticated, so a box moved to another row fails to open. */
  encrypt(plaintext: Uint8Array, context: string): string {
    const iv = randomBytes(12);
    const cipher = createCipheriv('aes-256-gcm', this.encryptionKey, iv);
    cipher.setAAD(Buffer.from(context, 'utf8'));
    const body = Buffer.concat([cipher.update(plaintext), cipher.final()]);
    return ['v1', iv.toString('base64url'), cipher.getAuthTag().toString('base64url'), body.toString('base64url')].join('.');
  }

  /** Throws when the box was altered, moved, or sealed with another key. */
  decrypt(box: string, context: string): Buffer {
    const [version, iv, tag, body] = box.split('.');
    if (version !== 'v1' || iv === undefined || tag === undefined || body === undefined) throw new Error('not an encrypted value');
    const decipher = createDecipheriv('aes-256-gcm', this.encryptionKey, Buffer.from(iv, 'base64url'));
    decipher.setAAD(Buffer.from(context, 'utf8'));
    decipher.setAuthTag(Buffer.from(tag, 'base64url'));
    return Buffer.concat([decipher.update(Buffer.from(body, 'base64url')), decipher.final()]);
  }

  /** A keyed hash, hex, for values too short to store as a plain hash (recovery codes) or derived tokens (CSRF). */
  mac(purpose: string, value: string): string {
    return createHmac('sha256', this.macKey).update(`${purpose}\0${value}`).digest('hex');
  }
}

/** 256 random bits, URL-safe, with an optional recognizable prefix (`att_` for API tokens). */
export const randomToken = (prefix = ''): string => `${prefix}${randomBytes(32).toString('base64url')}`;

export const sha256Hex = (value: string): string => createHash('sha256').update(value, 'utf8').digest('hex');

export function safeEqual(a: string, b: string): boolean {
  const x = Buffer.from(a);
  const y = Buffer.from(b);
  return x.length === y.length && timingSafeEqual(x, y);
}
