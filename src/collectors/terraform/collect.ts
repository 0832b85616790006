// Terraform configuration → evaluated resource instances. Finds the module folders under the
// given paths, parses them, treats every folder no other scanned folder calls as a root module
// (with its terraform.tfvars and *.auto.tfvars), follows local module calls, and evaluates
// every resource instance. Reads files; never executes or fetches anything.
import { closeSync, fstatSync, openSync, readdirSync, readFileSync, readSync, realpathSync, statSync } from 'node:fs';
import { basename, dirname, isAbsolute, join, normalize } from 'node:path';
import type { EBody } from './eval/body.js';
import type { HclFile } from './hcl/ast.js';
import { HclSyntaxError, parseHcl } from './hcl/parser.js';
import { parseTerraformJson } from './hcl/json.js';
import { applyOverrides, isOverrideFile } from './hcl/override.js';
import { evaluate, Scope, type Resolver } from './eval/evaluate.js';
import { UnkError } from './eval/functions.js';
import { DEFAULT_EVALUATION_BUDGET, joinDir, makeResolver, ModuleInstance, type ModuleHost, type Notice } from './eval/module.js';
import { fromJson, Unk, type Value } from './eval/values.js';
import type { TfResource } from './normalize/common.js';
import { policyDocumentJson } from './normalize/policy.js';

export const DEFAULT_MAX_FILE_BYTES = 4 * 1024 * 1024;
const SKIP_DIRS = new Set(['node_modules', 'vendor']);

/** Configuration files: native syntax, and JSON syntax (what CDK for Terraform writes). */
const isJsonTf = (name: string) => name.endsWith('.tf.json');
const isTf = (name: string) => name.endsWith('.tf') || isJsonTf(name);
/** A local module source as written in a module block; only used to order evaluation (see collect). */
const LOCAL_SOURCE = /\bsource\s*=\s*"(\.\.?\/[^"$]*)"/g;
const LOCAL_SOURCE_JSON = /"source"\s*:\s*"(\.\.?\/[^"$]*)"/g;
const isAutoVars = (name: string) => name === 'terraform.tfvars' || name === 'terraform.tfvars.json' || name.endsWith('.auto.tfvars') || name.endsWith('.auto.tfvars.json');

export class TerraformLoader implements ModuleHost {
  readonly notices: Notice[] = [];
  readonly resolver: Resolver;
  private readonly dirCache = new Map<string, HclFile[] | null>();
  /** Folders given file by file: only those files are read. */
  private readonly explicit = new Map<string, string[]>();
  private readonly dirs: string[] = [];
  /** Folder → its .tf and .tfvars files, from the walk or read on demand (module folders outside it). */
  private readonly listings = new Map<string, string[]>();

  constructor(
    private readonly maxBytes = DEFAULT_MAX_FILE_BYTES,
    /** Resource types worth evaluating (those the normalizers read); others are skipped unless referenced. */
    private readonly wanted: (type: string) => boolean = () => true,
    private readonly budget = DEFAULT_EVALUATION_BUDGET,
  ) {
    this.resolver = makeResolver(this, budget);
  }

  notice(n: Notice): void {
    this.notices.push(n);
  }

  /** Registers a path given by the caller: a .tf/.tfvars file, or a folder searched recursively. */
  add(given: string): void {
    const path = given.length > 1 ? normalize(given).replace(/\/+$/, '') : given;
    let st;
    try {
      st = statSync(path);
    } catch {
      this.notice({ path, line: null, message: 'not found' });
      return;
    }
    if (st.isDirectory()) {
      this.walk(path, new Set());
      return;
    }
    const name = basename(path);
    if (!isTf(name) && !isAutoVars(name)) return;
    const dir = dirname(path);
    const list = this.explicit.get(dir);
    if (list) list.push(path);
    else {
      this.explicit.set(dir, [path]);
      this.dirs.push(dir);
    }
  }

  private walk(dir: string, seen: Set<string>): void {
    let real: string;
    try {
      real = realpathSync(dir);
    } catch {
      return;
    }
    if (seen.has(real)) return;
    seen.add(real);
    let entries;
    try {
      entries = readdirSync(dir, { withFileTypes: true });
    } catch (e) {
      this.notice({ path: dir, line: null, message: `skipped: ${(e as NodeJS.ErrnoException).code ?? (e as Error).message}` });
      return;
    }
    let hasTf = false;
    const sub: string[] = [];
    const files: string[] = [];
    for (const e of entries) {
      if ((isTf(e.name) || isAutoVars(e.name)) && (e.isFile() || (e.isSymbolicLink() && statSafe(join(dir, e.name))?.isFile()))) {
        files.push(join(dir, e.name));
        if (isTf(e.name)) hasTf = true;
      } else if (e.isDirectory() || e.isSymbolicLink()) {
        if (e.name.startsWith('.') || SKIP_DIRS.has(e.name)) continue;
        const p = join(dir, e.name);
        if (e.isSymbolicLink() && !statSafe(p)?.isDirectory()) continue;
        sub.push(p);
      }
    }
    if (hasTf) this.dirs.push(dir);
    this.listings.set(dir, files.sort());
    for (const s of sub.sort()) this.walk(s, seen);
  }

  /** Most Terraform files fit here: read in one call, without a stat or a buffer per file. */
  private readonly scratch = Buffer.allocUnsafe(64 * 1024);

  private read(path: string): string | null {
    let fd: number;
    try {
      fd = openSync(path, 'r');
    } catch {
      return null;
    }
    try {
      let buf: Buffer;
      const n = readSync(fd, this.scratch, 0, this.scratch.length, 0);
      if (n < this.scratch.length && n <= this.maxBytes) buf = this.scratch.subarray(0, n);
      else {
        const size = fstatSync(fd).size;
        if (size > this.maxBytes) {
          this.notice({ path, line: null, message: `skipped: ${size} bytes is over the ${this.maxBytes}-byte limit` });
          return null;
        }
        buf = readFileSync(fd);
      }
      if (buf.subarray(0, 8000).includes(0)) {
        this.notice({ path, line: null, message: 'skipped: binary file' });
        return null;
      }
      return buf.toString('utf8');
    } catch (e) {
      this.notice({ path, line: null, message: `skipped: ${(e as NodeJS.ErrnoException).code ?? (e as Error).message}` });
      return null;
    } finally {
      closeSync(fd);
    }
  }

  private filesIn(dir: string): string[] {
    const given = this.explicit.get(dir);
    if (given) return given;
    let list = this.listings.get(dir);
    if (list) return list;
    try {
      list = readdirSync(dir, { withFileTypes: true })
        .filter((e) => (e.isFile() || e.isSymbolicLink()) && (isTf(e.name) || isAutoVars(e.name)))
        .map((e) => join(dir, e.name))
        .sort();
    } catch {
      list = [];
    }
    this.listings.set(dir, list);
    return list;
  }

  /** Texts read ahead by collect(), parsed (and dropped from here) when their folder is loaded. */
  private readonly texts = new Map<string, string | null>();

  parseFile(path: string): HclFile | null {
    let text = this.texts.get(path);
    if (text === undefined) text = this.read(path);
    else this.texts.delete(path);
    if (text === null) return null;
    try {
      return isJsonTf(path) ? parseTerraformJson(path, text) : parseHcl(path, text);
    } catch (e) {
      if (e instanceof HclSyntaxError) this.notice({ path, line: e.line, message: `syntax error: ${e.message} (column ${e.column})` });
      // A stack overflow on absurdly nested input, say: the file is skipped, the scan goes on.
      else this.notice({ path, line: null, message: `cannot parse: ${(e as Error).message}` });
      return null;
    }
  }

  /** Folders loaded through a module call (kept: other instances of the module share them). */
  private readonly moduleDirs = new Set<string>();

  loadModuleDir(dir: string): HclFile[] | null {
    this.moduleDirs.add(dir);
    return this.loadDir(dir);
  }

  loadDir(dir: string): HclFile[] | null {
    if (this.dirCache.has(dir)) return this.dirCache.get(dir)!;
    const paths = this.filesIn(dir).filter((p) => isTf(basename(p)));
    const files: HclFile[] = [];
    const overrides: HclFile[] = [];
    for (const path of paths) {
      const f = this.parseFile(path);
      if (f) (isOverrideFile(basename(path)) ? overrides : files).push(f);
    }
    const result = paths.length ? applyOverrides(files, overrides, (n) => this.notice(n)) : null;
    this.dirCache.set(dir, result);
    return result;
  }

  dataAttribute(type: string, attr: string, body: () => EBody, text: string): Value | undefined {
    if (type === 'aws_iam_policy_document' && (attr === 'json' || attr === 'minified_json')) return policyDocumentJson(body(), text);
    return undefined;
  }

  /** A bucket's id and name are its name, its ARN follows from it (partition `aws`: GovCloud and China buckets differ). */
  computedAttribute(type: string, attr: string, get: (name: string) => Value): Value | undefined {
    if (type === 'aws_s3_bucket' && (attr === 'id' || attr === 'bucket' || attr === 'arn')) {
      const name = get('bucket');
      if (typeof name !== 'string') return undefined;
      return attr === 'arn' ? `arn:aws:s3:::${name}` : name;
    }
    return undefined;
  }

  private readonly manifests = new Map<string, Map<string, string>>();
  downloadedModule(rootDir: string, key: string): string | null {
    let manifest = this.manifests.get(rootDir);
    if (!manifest) {
      manifest = new Map();
      this.manifests.set(rootDir, manifest);
      const path = join(rootDir, '.terraform', 'modules', 'modules.json');
      const text = statSafe(path)?.isFile() ? this.read(path) : null;
      if (text !== null) {
        try {
          const parsed = JSON.parse(text) as { Modules?: { Key?: unknown; Dir?: unknown }[] };
          for (const m of parsed.Modules ?? []) {
            // Dir is relative to the root module; never outside it.
            if (typeof m.Key === 'string' && typeof m.Dir === 'string' && !m.Dir.split(/[\\/]/).includes('..') && !isAbsolute(m.Dir)) manifest.set(m.Key, join(rootDir, m.Dir));
          }
        } catch (e) {
          this.notice({ path, line: null, message: `syntax error: ${(e as Error).message}` });
        }
      }
    }
    return manifest.get(key) ?? null;
  }

  /** Input values of a root module: terraform.tfvars, terraform.tfvars.json, then *.auto.tfvars(.json) in name order. */
  private rootInputs(dir: string): Map<string, () => Value> {
    const inputs = new Map<string, () => Value>();
    const vars = this.filesIn(dir).filter((p) => isAutoVars(basename(p)));
    const order = (p: string) => (basename(p).startsWith('terraform.tfvars') ? 0 : 1);
    vars.sort((a, b) => order(a) - order(b) || basename(a).localeCompare(basename(b)));
    const none: Resolver = { lookup: (_s, _r, steps, text) => ({ value: new UnkError(text()), used: steps.length }) };
    for (const path of vars) {
      if (path.endsWith('.json')) {
        const text = this.read(path);
        if (text === null) continue;
        try {
          const parsed = fromJson(JSON.parse(text));
          if (parsed && typeof parsed === 'object' && !Array.isArray(parsed) && !(parsed instanceof Unk)) for (const [k, v] of Object.entries(parsed)) inputs.set(k, () => v);
        } catch (e) {
          this.notice({ path, line: null, message: `syntax error: ${(e as Error).message}` });
        }
        continue;
      }
      const f = this.parseFile(path);
      if (!f) continue;
      const scope = new Scope(f.src, none);
      for (const a of f.body.attributes) {
        const v = evaluate(a.expr, scope);
        inputs.set(a.name, () => v);
      }
    }
    return inputs;
  }

  /**
   * Every resource instance of every root module found. Roots are evaluated one at a time and
   * their syntax trees dropped after, so memory follows the largest root, not the repository.
   * Which folders are modules is first read from their callers' text (`source = "./…"`); a folder
   * taken for a module that no evaluated root turns out to call is evaluated as a root at the end.
   */
  collect(): TfResource[] {
    const called = new Set<string>();
    for (const dir of this.dirs) {
      for (const path of this.filesIn(dir)) {
        if (!isTf(basename(path))) continue;
        const text = this.read(path);
        this.texts.set(path, text);
        if (text === null || !text.includes('source')) continue;
        for (const m of text.matchAll(isJsonTf(path) ? LOCAL_SOURCE_JSON : LOCAL_SOURCE)) {
          const child = joinDir(dir, m[1]!);
          if (child !== dir) called.add(child);
        }
      }
    }
    const out: TfResource[] = [];
    const evaluateRoot = (dir: string) => {
      const files = this.loadDir(dir);
      if (!files || files.length === 0) return;
      const root = new ModuleInstance(this, dir, files, '', this.rootInputs(dir), [dir]);
      this.collectModule(root, out);
      if (!this.moduleDirs.has(dir)) this.dirCache.delete(dir);
    };
    for (const dir of this.dirs) if (!called.has(dir) && !this.moduleDirs.has(dir)) evaluateRoot(dir);
    for (const dir of this.dirs) if (called.has(dir) && !this.moduleDirs.has(dir)) evaluateRoot(dir);
    this.texts.clear();
    if (this.resolver.budget && this.resolver.budget.left < 0) {
      this.notice({ path: this.dirs[0] ?? '.', line: null, message: `evaluation stopped after ${this.budget} steps (loops over very large collections); the values left are unknown` });
    }
    return out;
  }

  private collectModule(mod: ModuleInstance, out: TfResource[]): void {
    for (const decl of mod.resources.values()) {
      if (!this.wanted(decl.type)) continue;
      let instances;
      try {
        instances = mod.instances(decl).list;
      } catch (e) {
        this.notice({ path: decl.file.path, line: decl.block.startLine, message: `${mod.prefix}${decl.type}.${decl.name}: cannot evaluate: ${(e as Error).message}` });
        continue;
      }
      for (const inst of instances) {
        let body: EBody;
        try {
          body = inst.body();
        } catch (e) {
          this.notice({ path: decl.file.path, line: decl.block.startLine, message: `${inst.address}: cannot evaluate: ${(e as Error).message}` });
          continue;
        }
        out.push({
          type: decl.type,
          name: decl.name,
          address: inst.address,
          base: inst.base,
          key: inst.key,
          keyUnknown: inst.keyUnknown,
          body,
          format: 'terraform',
          path: decl.file.path,
          startLine: decl.block.startLine,
          endLine: decl.block.endLine,
        });
      }
    }
    for (const call of mod.calls.values()) {
      let children: ModuleInstance[];
      try {
        children = mod.callInstances(call);
      } catch (e) {
        this.notice({ path: call.file.path, line: call.block.startLine, message: `module "${call.name}": cannot evaluate: ${(e as Error).message}` });
        continue;
      }
      for (const child of children) this.collectModule(child, out);
    }
  }
}

const statSafe = (p: string) => {
  try {
    return statSync(p);
  } catch {
    return null;
  }
};
