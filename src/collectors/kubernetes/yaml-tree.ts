// YAML with line numbers: each document's plain value (`js`) walked together with its syntax
// nodes, so a collector reads values like plain objects and still knows where each one is
// written. Shared by the Kubernetes and GitHub Actions collectors.
import { isAlias, isCollection, isMap, isPair, isScalar, LineCounter, parseAllDocuments, type Document, type Node } from 'yaml';
import type { LineRange } from '../../domain/resources/index.js';

export interface YamlProblem {
  line: number | null;
  message: string;
}

/** A value and the node it was read from (null when the value has no node of its own, e.g. a merged key). */
export interface At {
  js: unknown;
  node: Node | null;
}

export interface YamlDoc {
  root: At;
  /** The lines of the document's content (comments and `---` left out). */
  range: LineRange;
  /** Index of the document in the stream, from 0. */
  index: number;
}

export class YamlSource {
  private readonly lines = new LineCounter();
  readonly docs: YamlDoc[] = [];
  readonly problems: YamlProblem[] = [];
  private readonly parsed: Document.Parsed[] = [];

  constructor(private readonly text: string, version: '1.1' | '1.2') {
    const docs = parseAllDocuments(text, { lineCounter: this.lines, version, merge: true, prettyErrors: false, uniqueKeys: false });
    // An empty stream parses to an EmptyStream (no documents): nothing to read.
    const list = Array.isArray(docs) ? docs : [];
    list.forEach((doc, index) => {
      const error = doc.errors[0];
      if (error) {
        // An error found at the end of the input points past the last line: clamp it.
        const line = Math.min(error.linePos?.[0].line ?? this.lineAt(error.pos[0]), this.lineAt(text.trimEnd().length - 1));
        this.problems.push({ line, message: `YAML syntax error: ${firstLine(error.message)}` });
        return;
      }
      if (!doc.contents) return;
      let js: unknown;
      try {
        js = doc.toJS({ maxAliasCount: 1000 });
      } catch (e) {
        // Excessive aliases (a "billion laughs" document) and similar: report, do not expand.
        this.problems.push({ line: this.lineAt(doc.contents.range[0]), message: `YAML document not read: ${firstLine((e as Error).message)}` });
        return;
      }
      this.parsed[index] = doc;
      const root = { js, node: doc.contents as Node };
      this.docs.push({ root, range: this.rangeOf(root.node, index) ?? { startLine: 1, endLine: 1 }, index });
    });
  }

  /** The child `key` of a map or index `key` of a sequence, value and node together. */
  child(at: At, key: string | number, docIndex: number): At {
    const js = at.js !== null && typeof at.js === 'object' ? (at.js as Record<string | number, unknown>)[key] : undefined;
    let node: Node | null = null;
    const parent = this.deref(at.node, docIndex);
    if (parent && isCollection(parent)) {
      const found = parent.get(key, true);
      node = found && typeof found === 'object' && 'range' in found ? (found as Node) : null;
    }
    return { js, node };
  }

  /** The items of a sequence (empty when the value is not a list). */
  items(at: At, docIndex: number): At[] {
    if (!Array.isArray(at.js)) return [];
    return at.js.map((_, i) => this.child(at, i, docIndex));
  }

  /** The entries of a map as [key, At] (empty when the value is not a map). */
  entries(at: At, docIndex: number): [string, At][] {
    if (!isPlainObject(at.js)) return [];
    return Object.keys(at.js).map((k) => [k, this.child(at, k, docIndex)]);
  }

  /** The line range a node covers, from its first character to the end of its last value. */
  rangeOf(node: Node | null, docIndex: number): LineRange | null {
    const n = this.deref(node, docIndex);
    if (!n?.range) return null;
    const start = n.range[0];
    const end = Math.max(start + 1, this.contentEnd(n, docIndex));
    return { startLine: this.lineAt(start), endLine: this.lineAt(end - 1) };
  }

  /** The range of a map entry, from its key to the end of its value. */
  entryRange(map: Node | null, key: string, docIndex: number): LineRange | null {
    const m = this.deref(map, docIndex);
    if (!m || !isMap(m)) return null;
    const pair = m.items.find((p) => isPair(p) && isScalar(p.key) && String(p.key.value) === key);
    if (!pair || !isScalar(pair.key) || !pair.key.range) return null;
    const start = pair.key.range[0];
    const valueNode = this.deref(pair.value as Node | null, docIndex);
    const end = valueNode?.range ? this.contentEnd(valueNode, docIndex) : pair.key.range[1];
    return { startLine: this.lineAt(start), endLine: this.lineAt(Math.max(start + 1, end) - 1) };
  }

  lineAt(offset: number): number {
    return this.lines.linePos(Math.max(0, Math.min(offset, this.text.length))).line;
  }

  private deref(node: Node | null | undefined, docIndex: number): Node | null {
    if (!node) return null;
    if (isAlias(node)) {
      const doc = this.parsed[docIndex];
      return (doc ? (node.resolve(doc) ?? null) : null) as Node | null;
    }
    return node;
  }

  /** Offset just past the last character of the node's content, ignoring trailing blank lines and comments. */
  private contentEnd(node: Node, docIndex: number): number {
    const range = node.range;
    if (!range) return 0;
    if (isCollection(node) && !node.flow && node.items.length > 0) {
      const last = node.items[node.items.length - 1];
      if (isPair(last)) {
        const value = this.deref(last.value as Node | null, docIndex);
        const key = last.key as Node | null;
        const target = value?.range ? value : key;
        if (target?.range) return this.contentEnd(target, docIndex);
      } else if (last && typeof last === 'object' && 'range' in last) {
        const item = this.deref(last as Node, docIndex);
        if (item?.range) return this.contentEnd(item, docIndex);
      }
    }
    let end = range[1];
    while (end > range[0] && /\s/.test(this.text[end - 1] ?? '')) end--;
    return end;
  }
}

export const isPlainObject = (v: unknown): v is Record<string, unknown> => typeof v === 'object' && v !== null && !Array.isArray(v);

function firstLine(message: string): string {
  return (message.split('\n')[0] ?? message).replace(/ at line \d+, column \d+:?$/, '').trim();
}
