// Template text → a plain tree with the long-form intrinsics ({ Ref }, { 'Fn::Sub': … }),
// whatever the notation (YAML short forms `!Ref`, or JSON). JSON goes through the same YAML
// parser (YAML is a superset of JSON), so both get the same line numbers and errors.
//
// We walk the YAML AST ourselves rather than registering custom tags: we need each node's
// position (LineCounter), and an unknown tag must become an unknown value with a problem at
// its line, never an exception.
import { isAlias, isMap, isScalar, isSeq, LineCounter, parseDocument, type Document, type Node } from 'yaml';
import { unknown } from '../../domain/resources/index.js';

export interface Span {
  startLine: number;
  endLine: number;
}

export interface Problem {
  path: string;
  line: number | null;
  message: string;
}

/** A template value: JSON-like, intrinsics in long form, unknown tags already `{ $unknown }`. */
export type Raw = string | number | boolean | null | Raw[] | { [key: string]: Raw };

export interface ParsedTemplate {
  root: Raw;
  /** Lines of every map and sequence; for a map member, from its key to the end of its value. */
  spans: WeakMap<object, Span>;
  /** Non-fatal: unknown tags. */
  problems: Problem[];
}

/** Short-form tag → long-form key. */
const TAGS: Record<string, string> = {
  '!Ref': 'Ref',
  '!Condition': 'Condition',
  ...Object.fromEntries(
    ['Base64', 'Cidr', 'FindInMap', 'GetAtt', 'GetAZs', 'ImportValue', 'Join', 'Select', 'Split', 'Sub', 'Transform', 'And', 'Equals', 'If', 'Not', 'Or', 'Length', 'ToJsonString']
      .map((f) => [`!${f}`, `Fn::${f}`]),
  ),
};

/** Alias expansions allowed per file: enough for real templates, bounded against "billion laughs". */
const MAX_ALIAS_EXPANSIONS = 1_000;

export type ParseResult = { ok: true; template: ParsedTemplate } | { ok: false; problems: Problem[] };

/** The first line of a yaml error message, without its " at line x, column y:" suffix. */
const shortMessage = (message: string): string => (message.split('\n')[0] ?? message).replace(/ at line \d+, column \d+:?$/, '');

export function parseTemplate(path: string, text: string): ParseResult {
  const lineCounter = new LineCounter();
  let doc: Document;
  try {
    doc = parseDocument(text, { lineCounter, prettyErrors: true, keepSourceTokens: false });
  } catch (e) {
    // The parser reports errors in doc.errors; this is only a safety net.
    return { ok: false, problems: [{ path, line: null, message: `unparsable template: ${(e as Error).message}` }] };
  }
  if (doc.errors.length > 0) {
    const seen = new Set<string>();
    const problems: Problem[] = [];
    for (const e of doc.errors) {
      const problem = { path, line: e.linePos?.[0]?.line ?? null, message: `unreadable YAML (${e.code}): ${shortMessage(e.message)}` };
      const key = `${problem.line}:${problem.message}`;
      if (seen.has(key)) continue;
      seen.add(key);
      problems.push(problem);
      if (problems.length === 10) break;
    }
    return { ok: false, problems };
  }

  const spans = new WeakMap<object, Span>();
  const problems: Problem[] = [];
  let aliasBudget = MAX_ALIAS_EXPANSIONS;
  const lineOf = (offset: number): number => lineCounter.linePos(offset).line;
  /** Lines from `start` to the last non-blank character before `end`. */
  const span = (start: number, end: number): Span => {
    let e = end;
    while (e > start && /\s/.test(text[e - 1] ?? '')) e--;
    return { startLine: lineOf(start), endLine: lineOf(Math.max(start, e - 1)) };
  };

  const wrap = (node: Node, value: Raw): Raw => {
    const tag = node.tag;
    if (!tag || tag.startsWith('tag:yaml.org,2002:')) return value;
    const key = TAGS[tag];
    const line = node.range ? lineOf(node.range[0]) : null;
    if (!key) {
      problems.push({ path, line, message: `unsupported tag ${tag}: its value is treated as unknown` });
      return unknown(`${tag}`) as unknown as Raw;
    }
    if (key === 'Fn::GetAtt' && typeof value === 'string') {
      const dot = value.indexOf('.');
      return { [key]: dot < 0 ? [value] : [value.slice(0, dot), value.slice(dot + 1)] };
    }
    const wrapped = { [key]: value };
    if (node.range) spans.set(wrapped, span(node.range[0], node.range[1]));
    return wrapped;
  };

  const convert = (node: unknown): Raw => {
    if (node === null || node === undefined) return null;
    if (isAlias(node)) {
      if (--aliasBudget < 0) {
        if (aliasBudget === -1) problems.push({ path, line: node.range ? lineOf(node.range[0]) : null, message: 'too many YAML aliases: the rest are treated as unknown' });
        return unknown('YAML alias') as unknown as Raw;
      }
      return convert(node.resolve(doc));
    }
    if (isScalar(node)) {
      const v = node.value;
      const plain: Raw = v === null || v === undefined ? null
        : typeof v === 'string' || typeof v === 'number' || typeof v === 'boolean' ? v
          : typeof v === 'bigint' ? Number(v) : String(v);
      // A tagged scalar keeps its source text (`!Ref 123` names "123").
      return node.tag && !node.tag.startsWith('tag:yaml.org,2002:') ? wrap(node, typeof node.source === 'string' ? node.source : plain) : plain;
    }
    if (isMap(node)) {
      const out: { [key: string]: Raw } = {};
      for (const pair of node.items) {
        const keyNode = pair.key as Node | null;
        const key = isScalar(keyNode) ? String(keyNode.value) : String(convert(keyNode));
        if (key === '__proto__') continue;
        const value = convert(pair.value);
        const valueNode = pair.value as Node | null;
        if (value !== null && typeof value === 'object' && keyNode?.range && valueNode?.range) {
          spans.set(value, span(keyNode.range[0], valueNode.range[1]));
        }
        out[key] = value;
      }
      if (node.range && !node.tag) spans.set(out, span(node.range[0], node.range[1]));
      return node.tag ? wrap(node, out) : out;
    }
    if (isSeq(node)) {
      const out: Raw[] = node.items.map((item) => convert(item));
      if (node.range && !node.tag) spans.set(out, span(node.range[0], node.range[1]));
      return node.tag ? wrap(node, out) : out;
    }
    return null;
  };

  const root = convert(doc.contents);
  return { ok: true, template: { root, spans, problems } };
}
