// Finds the files a scan reads. Never follows a symbolic link into a loop, skips binary and
// oversized files with a notice, and never executes anything it finds.
import { promises as fs } from 'node:fs';
import { basename, extname, join, relative, resolve, sep } from 'node:path';

export type FileKind = 'terraform' | 'terraform-vars' | 'json' | 'yaml' | 'dockerfile' | 'github-workflow' | 'text';

export interface ScanFile {
  /** Absolute path. */
  path: string;
  /** Path relative to the scan root it was found under (what findings show). */
  display: string;
  kind: FileKind;
  text: string;
}

export interface FileNotice {
  path: string;
  message: string;
}

export const DEFAULT_MAX_FILE_BYTES = 4 * 1024 * 1024;
const SKIP_DIRS = new Set(['.git', 'node_modules', '.terraform', '.attest', '.venv', 'vendor', '__pycache__', 'dist', 'build', '.next', 'coverage']);

export function classify(path: string): FileKind {
  const name = basename(path);
  const ext = extname(name).toLowerCase();
  const parts = path.split(sep);
  if (ext === '.tf' || name.endsWith('.tf.json')) return 'terraform';
  if (ext === '.tfvars' || name.endsWith('.tfvars.json')) return 'terraform-vars';
  if (name === 'Dockerfile' || name === 'Containerfile' || name.startsWith('Dockerfile.') || ext === '.dockerfile') return 'dockerfile';
  if ((ext === '.yml' || ext === '.yaml') && parts.slice(-3, -1).join('/') === '.github/workflows') return 'github-workflow';
  if (ext === '.yml' || ext === '.yaml') return 'yaml';
  if (ext === '.json' || ext === '.template') return 'json';
  return 'text';
}

const looksBinary = (buf: Buffer) => buf.subarray(0, 8000).includes(0);

/**
 * Walks `roots` (files or folders). Returns readable text files and notices for what was
 * skipped. Symbolic links to folders are followed once: a folder already visited (by its
 * real path) is never entered again.
 */
export async function findFiles(roots: string[], opts: { maxBytes?: number; onFile?: (n: number) => void } = {}): Promise<{ files: ScanFile[]; notices: FileNotice[]; missing: string[] }> {
  const maxBytes = opts.maxBytes ?? DEFAULT_MAX_FILE_BYTES;
  const files: ScanFile[] = [];
  const notices: FileNotice[] = [];
  const missing: string[] = [];
  const seenDirs = new Set<string>();
  const seenFiles = new Set<string>();

  const visitFile = async (abs: string, root: string, display: string) => {
    const real = await fs.realpath(abs).catch(() => null);
    if (!real || seenFiles.has(real)) return;
    seenFiles.add(real);
    const stat = await fs.stat(real);
    if (stat.size > maxBytes) { notices.push({ path: display, message: `skipped: ${stat.size} bytes is over the ${maxBytes}-byte limit` }); return; }
    const buf = await fs.readFile(real);
    if (looksBinary(buf)) { notices.push({ path: display, message: 'skipped: binary file' }); return; }
    files.push({ path: abs, display, kind: classify(abs), text: buf.toString('utf8') });
    opts.onFile?.(files.length);
  };

  const visitDir = async (dir: string, root: string, displayRoot: string) => {
    const real = await fs.realpath(dir).catch(() => null);
    if (!real || seenDirs.has(real)) return;
    seenDirs.add(real);
    const entries = await fs.readdir(dir, { withFileTypes: true }).catch((e: NodeJS.ErrnoException) => { notices.push({ path: relative(root, dir) || dir, message: `skipped: ${e.code ?? e.message}` }); return []; });
    entries.sort((a, b) => a.name.localeCompare(b.name));
    for (const e of entries) {
      const abs = join(dir, e.name);
      const display = join(displayRoot, relative(root, abs));
      if (e.isDirectory()) {
        if (!SKIP_DIRS.has(e.name)) await visitDir(abs, root, displayRoot);
      } else if (e.isSymbolicLink()) {
        const st = await fs.stat(abs).catch(() => null);
        if (!st) notices.push({ path: display, message: 'skipped: broken symbolic link' });
        else if (st.isDirectory()) await visitDir(abs, root, displayRoot);
        else if (st.isFile()) await visitFile(abs, root, display);
      } else if (e.isFile()) {
        await visitFile(abs, root, display);
      }
    }
  };

  for (const root of roots) {
    const abs = resolve(root);
    const st = await fs.stat(abs).catch(() => null);
    if (!st) { missing.push(root); continue; }
    if (st.isDirectory()) await visitDir(abs, abs, root === '.' ? '' : root.replace(/\/+$/, ''));
    else await visitFile(abs, abs, root);
  }
  return { files, notices, missing };
}
