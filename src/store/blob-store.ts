// Evidence files, content-addressed by sha-256 under <dataDir>/evidence/ab/<sha256>.
// A file is written to a temporary name, fsynced and renamed into place, so a crash
// never leaves a partial file under a hash name.
import { createHash, randomUUID } from 'node:crypto';
import { createReadStream, promises as fs } from 'node:fs';
import { join } from 'node:path';
import type { Readable } from 'node:stream';
import { AppError } from '../domain/errors.js';

export interface StoredBlob {
  sha256: string;
  size: number;
}

export interface BlobStore {
  /** Stores the bytes of `source`, giving up with `tooLarge()` past `maxBytes`. */
  put(source: AsyncIterable<Uint8Array> | Uint8Array, maxBytes?: number): Promise<StoredBlob>;
  open(sha256: string): Readable;
  has(sha256: string): Promise<boolean>;
  /** Recomputes a stored file's hash and size; null when the file is missing. */
  rehash(sha256: string): Promise<StoredBlob | null>;
}


const SHA_RE = /^[0-9a-f]{64}$/;

export class FileBlobStore implements BlobStore {
  constructor(private readonly root: string) {}

  private pathOf(sha256: string): string {
    if (!SHA_RE.test(sha256)) throw new Error(`not a sha-256: ${sha256}`);
    return join(this.root, sha256.slice(0, 2), sha256);
  }

  async put(source: AsyncIterable<Uint8Array> | Uint8Array, maxBytes = Number.POSITIVE_INFINITY): Promise<StoredBlob> {
    const tmpDir = join(this.root, 'tmp');
    await fs.mkdir(tmpDir, { recursive: true });
    const tmp = join(tmpDir, randomUUID());
    const hash = createHash('sha256');
    let size = 0;
    const fh = await fs.open(tmp, 'wx');
    try {
      const chunks = source instanceof Uint8Array ? [source] : source;
      for await (const chunk of chunks) {
        size += chunk.byteLength;
        if (size > maxBytes) throw new AppError('payload_too_large', `the file is larger than the limit of ${maxBytes} bytes`, [{ field: 'file', code: 'too_large', message: `larger than ${maxBytes} bytes` }]);
        hash.update(chunk);
        await fh.write(chunk);
      }
      await fh.sync();
    } catch (e) {
      await fh.close().catch(() => undefined);
      await fs.rm(tmp, { force: true });
      throw e;
    }
    await fh.close();
    const sha256 = hash.digest('hex');
    const final = this.pathOf(sha256);
    await fs.mkdir(join(this.root, sha256.slice(0, 2)), { recursive: true });
    if (await this.has(sha256)) {
      await fs.rm(tmp, { force: true }); // same content already stored
    } else {
      await fs.rename(tmp, final);
      await fsyncDir(join(this.root, sha256.slice(0, 2)));
    }
    return { sha256, size };
  }

  open(sha256: string): Readable {
    return createReadStream(this.pathOf(sha256));
  }

  async has(sha256: string): Promise<boolean> {
    return fs.access(this.pathOf(sha256)).then(() => true, () => false);
  }

  async rehash(sha256: string): Promise<StoredBlob | null> {
    if (!(await this.has(sha256))) return null;
    const hash = createHash('sha256');
    let size = 0;
    for await (const chunk of this.open(sha256)) {
      hash.update(chunk as Buffer);
      size += (chunk as Buffer).byteLength;
    }
    return { sha256: hash.digest('hex'), size };
  }
}

async function fsyncDir(dir: string): Promise<void> {
  const fh = await fs.open(dir, 'r');
  try {
    await fh.sync();
  } finally {
    await fh.close();
  }
}
