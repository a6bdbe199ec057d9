/**
 * The parameters of a job: what the notebook's `parameters` cell declares (read with the
 * shared library's Python parser, as papermill's convention has it) and the values the user
 * types, which are Python literals. Pure: no widgets, no I/O.
 */
import { LineIndex, parseCell, type ParsedCell } from '@nbcraft/lint-rules';

import type { Say } from '../core/translatable';
import { PARAMETERS_TAG } from './tokens';

/** A node of the library's lezer tree (typed through the library, not a second import). */
type SyntaxNode = NonNullable<ParsedCell['tree']>['topNode'];

/** A JSON value, as the jobs route takes parameters. */
export type JsonValue =
  string | number | boolean | null | JsonValue[] | { [key: string]: JsonValue };

/** One `name = value` of the parameters cell. */
export interface IDeclaredParameter {
  name: string;
  /** the value's source text, as written in the cell (a Python expression) */
  value: string;
  /** 1-based line in the cell */
  line: number;
  /** the comment after the value on the same line (papermill shows it as help), if any */
  comment?: string;
}

/** What the cell declares, or why it could not be read (with the line), said by the dialog. */
export interface IParametersCell {
  parameters: IDeclaredParameter[];
  error?: Say;
}

/**
 * The names the `parameters` cell assigns at its top level, in order, with their
 * current values. A name assigned twice keeps its last value (the one the kernel sees).
 */
export function readParametersCell(source: string): IParametersCell {
  const parsed = parseCell(source);
  if (!parsed.tree) {
    return {
      parameters: [],
      error: tr => tr.__('the parameters cell is not Python')
    };
  }
  if (!parsed.ok) {
    const where = parsed.syntaxError;
    return {
      parameters: [],
      error: where
        ? tr => tr.__('line %1: %2', where.line + 1, where.message)
        : tr => tr.__('the parameters cell does not parse')
    };
  }
  const lines = new LineIndex(source);
  const found = new Map<string, IDeclaredParameter>();
  const top = parsed.tree.topNode;
  for (let node = top.firstChild; node; node = node.nextSibling) {
    if (node.name !== 'AssignStatement') {
      continue;
    }
    // `a = b = 1` is [a] = [b] = 1: segments between the `=`; the last is the value.
    const segments: SyntaxNode[][] = [[]];
    for (const part of children(node)) {
      if (part.name === 'AssignOp') {
        segments.push([]);
      } else {
        segments[segments.length - 1].push(part);
      }
    }
    const valueParts = segments.pop() ?? [];
    if (segments.length === 0 || valueParts.length === 0) {
      continue; // augmented assignment (`x += 1`) or no value
    }
    const first = valueParts[0];
    const last = valueParts[valueParts.length - 1];
    const value = source.slice(first.from, last.to).trim();
    const line = lines.lineOf(node.from) + 1;
    const comment = trailingComment(last.to, lines);
    for (const target of segments) {
      // Only a plain name (`x = ...`, `x: int = ...`); not `a, b = ...` nor `cfg.x = ...`.
      const plain =
        target[0]?.name === 'VariableName' &&
        (target.length === 1 ||
          (target.length === 2 && target[1].name === 'TypeDef'));
      if (!plain) {
        continue;
      }
      const name = source.slice(target[0].from, target[0].to);
      found.delete(name);
      found.set(name, { name, value, line, ...(comment ? { comment } : {}) });
    }
  }
  return { parameters: [...found.values()] };
}

/** The source of the first cell tagged `parameters` (papermill reads the first), or null. */
export function parametersCellSource(
  cells: readonly { tags: unknown; source: string }[]
): string | null {
  const cell = cells.find(
    c => Array.isArray(c.tags) && c.tags.includes(PARAMETERS_TAG)
  );
  return cell ? cell.source : null;
}

/** A typed value: a Python literal turned into JSON, or the text kept as a string. */
export interface IParsedValue {
  value: JsonValue;
  /** false when the text is no Python literal and is kept as a string (as the CLI does) */
  literal: boolean;
}

/**
 * A value the user typed: a Python literal (`0.1`, `'iris'`, `[1, 2]`, `{'a': None}`,
 * `True`) becomes the JSON the route takes; anything else is kept as the string typed,
 * like `jupyter nbcraft run -p NAME VALUE`.
 */
export function parseParameterValue(text: string): IParsedValue {
  const trimmed = text.trim();
  if (trimmed) {
    const parsed = parseCell(trimmed);
    const statement = parsed.ok ? parsed.tree?.topNode.firstChild : null;
    if (
      statement &&
      !statement.nextSibling &&
      statement.name === 'ExpressionStatement' &&
      statement.firstChild &&
      !statement.firstChild.nextSibling
    ) {
      const value = literalValue(statement.firstChild, trimmed);
      if (value !== undefined) {
        return { value, literal: true };
      }
    }
  }
  return { value: text, literal: false };
}

/** What the server shows in place of a secret (nbcraft/provenance/record/redact.py REDACTED). */
export const REDACTED = '<redacted>';

/**
 * Why a secret parameter's value as typed would not give the job its secret: `'empty'` for an
 * empty or blank string (`''`, `""`, spaces, nothing typed) or None, `'placeholder'` for the
 * `<redacted>` the server shows in its place (typed bare or quoted), else null.
 */
export function secretValueProblem(
  parsed: IParsedValue
): 'empty' | 'placeholder' | null {
  if (
    parsed.value === null ||
    (typeof parsed.value === 'string' && parsed.value.trim() === '')
  ) {
    return 'empty';
  }
  if (typeof parsed.value === 'string' && parsed.value.trim() === REDACTED) {
    return 'placeholder';
  }
  return null;
}

/** The Python literal that shows a JSON value (for the dialog's fields, and re-runs). */
export function toPythonLiteral(value: JsonValue): string {
  if (value === null) {
    return 'None';
  }
  if (typeof value === 'boolean') {
    return value ? 'True' : 'False';
  }
  if (typeof value === 'number') {
    if (Number.isNaN(value)) {
      return "float('nan')";
    }
    return Number.isFinite(value)
      ? String(value)
      : `float('${value > 0 ? 'inf' : '-inf'}')`;
  }
  if (typeof value === 'string') {
    return pythonString(value);
  }
  if (Array.isArray(value)) {
    return `[${value.map(toPythonLiteral).join(', ')}]`;
  }
  const items = Object.entries(value).map(
    ([k, v]) => `${pythonString(k)}: ${toPythonLiteral(v)}`
  );
  return `{${items.join(', ')}}`;
}

function pythonString(text: string): string {
  const escaped = text
    .replace(/\\/g, '\\\\')
    .replace(/'/g, "\\'")
    .replace(/\n/g, '\\n')
    .replace(/\r/g, '\\r')
    .replace(/\t/g, '\\t');
  return `'${escaped}'`;
}

/** Nodes whose name is punctuation (`[`, `,`, `:` ...) rather than a value. */
function isPunctuation(node: SyntaxNode): boolean {
  return !/^[A-Za-z]/.test(node.name);
}

/** The JSON value of a literal expression node, or undefined when it is not one. */
function literalValue(node: SyntaxNode, text: string): JsonValue | undefined {
  const source = text.slice(node.from, node.to);
  switch (node.name) {
    case 'Number':
      return numberValue(source);
    case 'String':
      return stringValue(source);
    case 'ContinuedString': {
      let out = '';
      for (const part of children(node)) {
        const piece =
          part.name === 'String'
            ? stringValue(text.slice(part.from, part.to))
            : undefined;
        if (piece === undefined) {
          return undefined;
        }
        out += piece;
      }
      return out;
    }
    case 'Boolean':
      return source === 'True';
    case 'None':
      return null;
    case 'UnaryExpression': {
      const operand = node.lastChild;
      const sign = operand ? text.slice(node.from, operand.from).trim() : '';
      const inner = operand ? literalValue(operand, text) : undefined;
      if (typeof inner !== 'number' || (sign !== '-' && sign !== '+')) {
        return undefined;
      }
      return sign === '-' ? -inner : inner;
    }
    case 'ParenthesizedExpression': {
      const inner = children(node).filter(c => !isPunctuation(c));
      return inner.length === 1 ? literalValue(inner[0], text) : undefined;
    }
    case 'ArrayExpression':
    case 'TupleExpression': {
      const out: JsonValue[] = [];
      for (const item of children(node)) {
        if (isPunctuation(item)) {
          continue;
        }
        const v = literalValue(item, text);
        if (v === undefined) {
          return undefined;
        }
        out.push(v);
      }
      return out;
    }
    case 'DictionaryExpression':
      return dictValue(node, text);
    default:
      return undefined;
  }
}

function dictValue(
  node: SyntaxNode,
  text: string
): Record<string, JsonValue> | undefined {
  const out: Record<string, JsonValue> = {};
  const items = children(node).filter(c => !isPunctuation(c));
  if (items.length % 2) {
    return undefined; // `**other` or something else than key: value pairs
  }
  for (let i = 0; i < items.length; i += 2) {
    const [key, value] = [items[i], items[i + 1]];
    if (!text.slice(key.to, value.from).includes(':')) {
      return undefined;
    }
    const k = literalValue(key, text);
    const v = literalValue(value, text);
    if (v === undefined || (typeof k !== 'string' && typeof k !== 'number')) {
      return undefined;
    }
    out[String(k)] = v;
  }
  return out;
}

function numberValue(source: string): number | undefined {
  const digits = source.replace(/_/g, '');
  if (/[jJ]$/.test(digits)) {
    return undefined; // complex numbers have no JSON form
  }
  if (/^0[xob]/i.test(digits)) {
    const n = Number(digits.toLowerCase());
    return Number.isNaN(n) ? undefined : n;
  }
  const n = Number(digits);
  return Number.isFinite(n) ? n : undefined;
}

const ESCAPES: Record<string, string> = {
  n: '\n',
  t: '\t',
  r: '\r',
  '\\': '\\',
  "'": "'",
  '"': '"',
  '0': '\0',
  a: '\x07',
  b: '\b',
  f: '\f',
  v: '\v',
  '\n': ''
};

/** A Python str literal's value; undefined for bytes and f-strings (no JSON string). */
function stringValue(source: string): string | undefined {
  const match = /^([rRuU]?)('''|"""|'|")([\s\S]*)\2$/.exec(source);
  if (!match) {
    return undefined;
  }
  const [, prefix, , body] = match;
  if (prefix === 'r' || prefix === 'R') {
    return body;
  }
  return body.replace(
    /\\(x[0-9a-fA-F]{2}|u[0-9a-fA-F]{4}|U[0-9a-fA-F]{8}|[\s\S])/g,
    (all, code: string) => {
      if (code.length > 1) {
        return String.fromCodePoint(parseInt(code.slice(1), 16));
      }
      return ESCAPES[code] ?? all;
    }
  );
}

function children(node: SyntaxNode): SyntaxNode[] {
  const out: SyntaxNode[] = [];
  for (let c = node.firstChild; c; c = c.nextSibling) {
    out.push(c);
  }
  return out;
}

/** The `# ...` text after a value, on the value's last line. */
function trailingComment(from: number, lines: LineIndex): string | undefined {
  const rest = lines.text.slice(from, lines.lineEnd(lines.lineOf(from)));
  const match = /^\s*#\s?(.*)$/.exec(rest);
  return match ? match[1].trim() || undefined : undefined;
}
