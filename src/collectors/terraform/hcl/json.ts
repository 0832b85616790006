// Terraform's JSON configuration syntax (`*.tf.json`, what CDK for Terraform writes) read into
// the same syntax tree as native files. The JSON is parsed with positions, rewritten as native
// HCL (strings are templates in both: `"${var.x}"` means the same thing), parsed by the native
// parser, and the lines of its blocks and attributes are set back to where they are in the JSON.
//
// JSON cannot tell a nested block from an object-valued argument without the provider's schema;
// both are written as arguments, and the normalizers read an object (or a list of objects) as
// the nested block(s) of that name — as they do for plan JSON. `dynamic` blocks are blocks.
import type { Block, Body, HclFile } from './ast.js';
import { HclSyntaxError, lineStartsOf, parseHcl } from './parser.js';

type JNode =
  | { t: 'obj'; props: { key: string; keyLine: number; value: JNode }[]; line: number; endLine: number }
  | { t: 'arr'; items: JNode[]; line: number; endLine: number }
  | { t: 'str'; v: string; line: number; endLine: number }
  | { t: 'lit'; v: number | boolean | null; raw: string; line: number; endLine: number };

/** Parses JSON keeping each value's first and last line. Throws HclSyntaxError. */
export function parseJsonWithLines(src: string): JNode {
  let pos = src.charCodeAt(0) === 0xfeff ? 1 : 0;
  let line = 1;
  let depth = 0;
  const fail = (message: string): never => {
    const start = src.lastIndexOf('\n', pos - 1) + 1;
    throw new HclSyntaxError(message, line, pos - start + 1);
  };
  const space = () => {
    for (;;) {
      const c = src.charCodeAt(pos);
      if (c === 10) line++;
      else if (c !== 32 && c !== 9 && c !== 13) return;
      pos++;
    }
  };
  const string = (): string => {
    const start = pos;
    pos++;
    for (;;) {
      const c = src.charCodeAt(pos);
      if (Number.isNaN(c) || c === 10) fail('unterminated string');
      if (c === 92) pos += 2;
      else if (c === 34) break;
      else pos++;
    }
    pos++;
    try {
      return JSON.parse(src.slice(start, pos)) as string;
    } catch {
      return fail('invalid escape in string');
    }
  };
  const value = (): JNode => {
    space();
    const first = line;
    const c = src[pos];
    if (c === '{') {
      if (++depth > 256) fail('nested too deeply');
      pos++;
      const props: { key: string; keyLine: number; value: JNode }[] = [];
      space();
      if (src[pos] === '}') pos++;
      else {
        for (;;) {
          space();
          if (src[pos] !== '"') fail('expected a property name in double quotes');
          const keyLine = line;
          const key = string();
          space();
          if (src[pos] !== ':') fail('expected ":" after a property name');
          pos++;
          props.push({ key, keyLine, value: value() });
          space();
          if (src[pos] === ',') { pos++; continue; }
          if (src[pos] === '}') { pos++; break; }
          fail('expected "," or "}"');
        }
      }
      depth--;
      return { t: 'obj', props, line: first, endLine: line };
    }
    if (c === '[') {
      if (++depth > 256) fail('nested too deeply');
      pos++;
      const items: JNode[] = [];
      space();
      if (src[pos] === ']') pos++;
      else {
        for (;;) {
          items.push(value());
          space();
          if (src[pos] === ',') { pos++; continue; }
          if (src[pos] === ']') { pos++; break; }
          fail('expected "," or "]"');
        }
      }
      depth--;
      return { t: 'arr', items, line: first, endLine: line };
    }
    if (c === '"') return { t: 'str', v: string(), line: first, endLine: line };
    const m = /^(?:true|false|null|-?(?:0|[1-9]\d*)(?:\.\d+)?(?:[eE][+-]?\d+)?)/.exec(src.slice(pos, pos + 64));
    if (!m) return fail(c === undefined ? 'unexpected end of file' : `unexpected character ${JSON.stringify(c)}`);
    pos += m[0].length;
    const raw = m[0];
    return { t: 'lit', v: raw === 'true' ? true : raw === 'false' ? false : raw === 'null' ? null : Number(raw), raw, line: first, endLine: first };
  };
  const root = value();
  space();
  if (pos < src.length) fail('unexpected text after the JSON value');
  return root;
}

/** Lines of what was emitted, in the order the native parser's tree will list it. */
interface Emitted {
  line: number;
  endLine: number;
  kind: 'attribute' | 'block';
}

class Writer {
  out: string[] = [];
  /** Lines of what was written, in the order written: a body's attributes, then each block and its body. */
  readonly spans: Emitted[] = [];

  quoted(s: string): string {
    // JSON escapes are HCL's, except \b and \f.
    return JSON.stringify(s).replace(/\\b/g, '\\u0008').replace(/\\f/g, '\\u000c');
  }

  /** A value as an expression: strings are templates, everything else literal. */
  expr(n: JNode, literal: boolean): string {
    switch (n.t) {
      case 'str':
        return literal ? this.quoted(n.v.replace(/([$%])\{/g, (_m, c: string) => `${c}${c}{`)) : this.quoted(n.v);
      case 'lit':
        return n.raw;
      case 'arr':
        return `[${n.items.map((i) => this.expr(i, literal)).join(', ')}]`;
      case 'obj':
        return `{${n.props.filter((p) => p.key !== '//').map((p) => `${this.quoted(p.key)} = ${this.expr(p.value, literal)}`).join(', ')}}`;
    }
  }

  /**
   * A block body. `blockKeys` names the properties that are blocks here (with their label count);
   * `literalKeys` the properties whose strings are literal rather than templates.
   */
  body(n: JNode, spec: BodySpec): void {
    if (n.t !== 'obj') throw new HclSyntaxError(`expected an object for a block body, found ${describe(n)}`, n.line, 1);
    const attrs = n.props.filter((p) => p.key !== '//' && !spec.blocks?.[p.key]);
    for (const p of attrs) {
      if (!IDENT.test(p.key)) throw new HclSyntaxError(`"${p.key}" is not a valid argument name`, p.keyLine, 1);
      this.out.push(`${p.key} = ${this.expr(p.value, spec.literal?.has(p.key) ?? false)}\n`);
      this.spans.push({ line: p.keyLine, endLine: p.value.endLine, kind: 'attribute' });
    }
    for (const p of n.props) {
      const inner = p.key === '//' ? undefined : spec.blocks?.[p.key];
      if (inner) this.blocks(p.key, p.value, inner.labels, inner.spec());
    }
  }

  /** `"type": {"label": {"label2": body}}` → blocks; an array at any level means several. */
  blocks(type: string, n: JNode, labels: number, spec: BodySpec, prefix: string[] = []): void {
    if (n.t === 'arr') {
      for (const item of n.items) this.blocks(type, item, labels, spec, prefix);
      return;
    }
    if (prefix.length < labels) {
      if (n.t !== 'obj') throw new HclSyntaxError(`expected an object of ${type} blocks by label, found ${describe(n)}`, n.line, 1);
      for (const p of n.props) if (p.key !== '//') this.blocks(type, p.value, labels, spec, [...prefix, p.key]);
      return;
    }
    this.out.push(`${type}${prefix.map((l) => ` ${this.quoted(l)}`).join('')} {\n`);
    this.spans.push({ line: n.line, endLine: n.endLine, kind: 'block' });
    this.body(n, spec);
    this.out.push('}\n');
  }
}

interface BodySpec {
  /** The properties that are blocks here, with their label count (thunks: the specs are recursive). */
  blocks?: Record<string, { labels: number; spec: () => BodySpec }>;
  /** The properties whose strings are literal text, not templates. */
  literal?: Set<string>;
}

const describe = (n: JNode) => (n.t === 'obj' ? 'an object' : n.t === 'arr' ? 'an array' : n.t === 'str' ? 'a string' : String(n.v));
const IDENT = /^[A-Za-z_][\w-]*$/;

const NONE = (): BodySpec => ({});
const DYNAMIC: BodySpec = { blocks: { content: { labels: 0, spec: () => RESOURCE } } };
const RESOURCE: BodySpec = { blocks: { dynamic: { labels: 1, spec: () => DYNAMIC }, lifecycle: { labels: 0, spec: NONE }, provisioner: { labels: 1, spec: NONE }, connection: { labels: 0, spec: NONE } } };
const VARIABLE: BodySpec = { literal: new Set(['default', 'description']) };
const MODULE: BodySpec = { literal: new Set(['source', 'version']) };
const TERRAFORM: BodySpec = { literal: new Set(['required_version']) };
const TOP: BodySpec = {
  blocks: {
    resource: { labels: 2, spec: () => RESOURCE },
    data: { labels: 2, spec: () => RESOURCE },
    // A variable's default is a value, not an expression (its type, an expression in a string, is dropped).
    variable: { labels: 1, spec: () => VARIABLE },
    output: { labels: 1, spec: NONE },
    locals: { labels: 0, spec: NONE },
    module: { labels: 1, spec: () => MODULE },
    provider: { labels: 1, spec: NONE },
    terraform: { labels: 0, spec: () => TERRAFORM },
  },
};

/** Reads a `.tf.json` file into the tree native files give. Throws HclSyntaxError. */
export function parseTerraformJson(path: string, src: string): HclFile {
  const root = parseJsonWithLines(src);
  if (root.t !== 'obj') throw new HclSyntaxError(`a Terraform JSON file holds one object, found ${describe(root)}`, root.line, 1);
  const w = new Writer();
  // Variables' `type` is an expression written as a string ("list(string)"): dropped, we do not check types.
  const withoutTypes: JNode = { ...root, props: root.props.map((p) => (p.key === 'variable' ? { ...p, value: dropVariableTypes(p.value) } : p)) };
  w.body(withoutTypes, TOP);
  const native = w.out.join('');
  const parsed = parseHcl(path, native);
  setLines(parsed.body, w.spans, { i: 0 });
  return { path, src: parsed.src, body: parsed.body, lineStarts: lineStartsOf(parsed.src) };
}

function dropVariableTypes(n: JNode): JNode {
  if (n.t === 'arr') return { ...n, items: n.items.map(dropVariableTypes) };
  if (n.t !== 'obj') return n;
  return { ...n, props: n.props.map((v) => (v.value.t === 'obj' ? { ...v, value: { ...v.value, props: v.value.props.filter((q) => q.key !== 'type') } } : v)) };
}

/**
 * Emission order is: a body's attributes, then each block followed by its own body. The native
 * tree lists the same things the same way, so one walk in that order lines them up.
 */
function setLines(body: Body, spans: Emitted[], at: { i: number }): void {
  for (const a of body.attributes) {
    const s = spans[at.i++];
    if (s) { a.startLine = s.line; a.endLine = s.endLine; }
  }
  for (const b of body.blocks as Block[]) {
    const s = spans[at.i++];
    if (s) { b.startLine = s.line; b.endLine = s.endLine; }
    setLines(b.body, spans, at);
  }
}
