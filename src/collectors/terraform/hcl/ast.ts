// The syntax tree of an HCL2 (native syntax) file: bodies of attributes and blocks, and
// expressions kept as a tree so that literals, references, templates, collections and a few
// functions can be evaluated and anything else reported with its source text.
// Every node keeps its source offsets (`s`..`e`); bodies, attributes and blocks keep lines.

export interface HclFile {
  path: string;
  src: string;
  body: Body;
  /** Offsets where each line starts, for offset → line. */
  lineStarts: number[];
}

export interface Attribute {
  kind: 'attribute';
  name: string;
  expr: Expr;
  startLine: number;
  endLine: number;
}

export interface Block {
  kind: 'block';
  type: string;
  labels: string[];
  body: Body;
  startLine: number;
  endLine: number;
}

export interface Body {
  attributes: Attribute[];
  blocks: Block[];
}

interface Span {
  /** Start and end offsets in the file's source. */
  s: number;
  e: number;
}

export type TemplatePart = string | Expr | { k: 'directive'; s: number; e: number };

export type Expr = Span &
  (
    | { k: 'lit'; v: string | number | boolean | null }
    | { k: 'tmpl'; parts: TemplatePart[]; heredoc: boolean }
    | { k: 'tuple'; items: Expr[] }
    | { k: 'object'; items: { key: Expr; value: Expr }[] }
    /** A root name: var, local, aws_s3_bucket, count, each, an iterator… */
    | { k: 'var'; name: string }
    | { k: 'attr'; obj: Expr; name: string }
    | { k: 'index'; obj: Expr; index: Expr }
    /** `obj[*].rest` or `obj.*.rest`: `each` is evaluated on every element (the `item` node). */
    | { k: 'splat'; obj: Expr; each: Expr }
    | { k: 'item' }
    | { k: 'call'; name: string; args: Expr[]; expand: boolean }
    | { k: 'unary'; op: '!' | '-'; x: Expr }
    | { k: 'binary'; op: string; l: Expr; r: Expr }
    | { k: 'cond'; c: Expr; t: Expr; f: Expr }
    | { k: 'for'; keyVar: string | null; valVar: string; coll: Expr; key: Expr | null; value: Expr; cond: Expr | null; group: boolean }
    | { k: 'paren'; x: Expr }
  );

export type ExprOf<K extends Expr['k']> = Extract<Expr, { k: K }>;

/** 1-based line of an offset. */
export function lineAt(file: { lineStarts: number[] }, offset: number): number {
  const starts = file.lineStarts;
  let lo = 0;
  let hi = starts.length - 1;
  while (lo < hi) {
    const mid = (lo + hi + 1) >> 1;
    if (starts[mid]! <= offset) lo = mid;
    else hi = mid - 1;
  }
  return lo + 1;
}
