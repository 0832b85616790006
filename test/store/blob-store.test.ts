import { createHash } from 'node:crypto';
import { mkdtemp, readdir, readFile, rm, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join, relative } from 'node:path';
import { afterAll, beforeEach, describe, expect, it } from 'vitest';
import { AppError } from '../../src/domain/errors.js';
import { FileBlobStore } from '../../src/store/blob-store.js';

const sha = (bytes: Uint8Array | string) => createHash('sha256').update(bytes).digest('hex');

/** Every file under `dir`, as paths relative to it. */
async function filesUnder(dir: string): Promise<string[]> {
  const entries = await readdir(dir, { recursive: true, withFileTypes: true });
  return entries.filter((e) => e.isFile()).map((e) => relative(dir, join(e.parentPath, e.name))).sort();
}

async function* chunks(...parts: string[]): AsyncIterable<Uint8Array> {
  for (const p of parts) yield Buffer.from(p);
}

const created: string[] = [];
afterAll(async () => {
  await Promise.all(created.map((d) => rm(d, { recursive: true, force: true })));
});

describe('FileBlobStore', () => {
  let root: string;
  let store: FileBlobStore;
  beforeEach(async () => {
    root = await mkdtemp(join(tmpdir(), 'attest-blob-test-'));
    created.push(root);
    store = new FileBlobStore(root);
  });

  it('stores bytes under their sha-256 and reads them back', async () => {
    const bytes = Buffer.from('access review Q3 — signed\n');
    const blob = await store.put(bytes);
    expect(blob).toEqual({ sha256: sha(bytes), size: bytes.byteLength });
    expect(await filesUnder(root)).toEqual([join(blob.sha256.slice(0, 2), blob.sha256)]);
    expect(await readFile(join(root, blob.sha256.slice(0, 2), blob.sha256))).toEqual(bytes);
    const read: Buffer[] = [];
    for await (const c of store.open(blob.sha256)) read.push(c as Buffer);
    expect(Buffer.concat(read)).toEqual(bytes);
    expect(await store.has(blob.sha256)).toBe(true);
  });

  it('stores the same bytes once, however they arrive', async () => {
    const a = await store.put(Buffer.from('same content'));
    const b = await store.put(chunks('same ', 'con', 'tent'));
    const c = await store.put(Buffer.from('same content'));
    expect(b).toEqual(a);
    expect(c).toEqual(a);
    expect(await filesUnder(root)).toEqual([join(a.sha256.slice(0, 2), a.sha256)]);
  });

  it('stores different bytes apart', async () => {
    const a = await store.put(Buffer.from('one'));
    const b = await store.put(Buffer.from('two'));
    expect(a.sha256).not.toBe(b.sha256);
    expect(await filesUnder(root)).toEqual([join(a.sha256.slice(0, 2), a.sha256), join(b.sha256.slice(0, 2), b.sha256)].sort());
  });

  it('stores an empty file', async () => {
    const blob = await store.put(Buffer.alloc(0));
    expect(blob).toEqual({ sha256: sha(''), size: 0 });
    expect(await store.rehash(blob.sha256)).toEqual(blob);
  });

  it('accepts a file of exactly the limit', async () => {
    const blob = await store.put(Buffer.alloc(10, 1), 10);
    expect(blob.size).toBe(10);
    expect(await store.has(blob.sha256)).toBe(true);
  });

  it.each([
    ['in one buffer', () => Buffer.from('0123456789A')],
    ['past the limit in a later chunk', () => chunks('0123', '4567', '89A')],
  ])('refuses a file over the limit %s and leaves nothing behind', async (_name, source) => {
    const err = await store.put(source(), 10).then(() => null, (e: unknown) => e);
    expect(err).toBeInstanceOf(AppError);
    expect(err).toMatchObject({ code: 'payload_too_large', fields: [{ field: 'file', code: 'too_large' }] });
    expect(await filesUnder(root)).toEqual([]);
    for (const prefix of ['0123456789A', '0123456789', '01234567', '0123']) expect(await store.has(sha(prefix)), prefix).toBe(false);
  });

  it('leaves an already stored copy intact when a later upload of it is refused', async () => {
    const first = await store.put(Buffer.from('0123456789A'));
    await expect(store.put(Buffer.from('0123456789A'), 10)).rejects.toMatchObject({ code: 'payload_too_large' });
    expect(await store.rehash(first.sha256)).toEqual(first);
    expect(await filesUnder(root)).toEqual([join(first.sha256.slice(0, 2), first.sha256)]);
  });

  it('leaves nothing behind when the source fails', async () => {
    async function* failing(): AsyncIterable<Uint8Array> {
      yield Buffer.from('partial');
      throw new Error('connection reset');
    }
    await expect(store.put(failing())).rejects.toThrow('connection reset');
    expect(await filesUnder(root)).toEqual([]);
  });

  it('rehashes a stored file to its recorded hash and size', async () => {
    const blob = await store.put(Buffer.from('policy v3'));
    expect(await store.rehash(blob.sha256)).toEqual(blob);
  });

  it('detects altered bytes on rehash', async () => {
    const blob = await store.put(Buffer.from('policy v3'));
    const path = join(root, blob.sha256.slice(0, 2), blob.sha256);
    await writeFile(path, 'policy v4');
    const again = await store.rehash(blob.sha256);
    expect(again).toEqual({ sha256: sha('policy v4'), size: 9 });
    expect(again!.sha256).not.toBe(blob.sha256);
    await writeFile(path, 'policy v3 and more');
    expect((await store.rehash(blob.sha256))!.size).toBe(18);
  });

  it('reports a missing file as null and not present', async () => {
    const blob = await store.put(Buffer.from('to be lost'));
    await rm(join(root, blob.sha256.slice(0, 2), blob.sha256));
    expect(await store.rehash(blob.sha256)).toBeNull();
    expect(await store.has(blob.sha256)).toBe(false);
    expect(await store.rehash(sha('never stored'))).toBeNull();
  });

  it('refuses names that are not a sha-256, so no path leaves the store', async () => {
    for (const name of ['../../etc/passwd', 'ABCDEF'.padEnd(64, '0'), sha('x').slice(0, 63), `${sha('x')}/..`]) {
      await expect(store.rehash(name), name).rejects.toThrow();
      await expect(store.has(name), name).rejects.toThrow();
      expect(() => store.open(name), name).toThrow();
    }
  });
});
