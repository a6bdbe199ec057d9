/**
 * Parsing a cell with @lezer/python after masking. Lezer recovers from errors by inserting error
 * nodes; a tree that holds any is plausibly wrong, so the cell is reported as a syntax error and
 * nothing downstream may analyse it.
 */
import type { SyntaxNode, Tree } from '@lezer/common';
import { parser } from '@lezer/python';
import { LineIndex } from '../notebook/lines';
import { maskIPythonSyntax } from './mask';
import { MaskedSource, ParsedCell, SyntaxErrorInfo } from './types';

function describeError(text: string, from: number, to: number): string {
  if (from >= text.length) return 'invalid syntax: unexpected end of cell (an unclosed bracket, string or block?)';
  const snippet = text.slice(from, Math.max(to, from + 1)).split('\n')[0].trim();
  return snippet ? `invalid syntax near '${snippet.length > 30 ? snippet.slice(0, 30) + '…' : snippet}'` : 'invalid syntax';
}

type ErrorSpot = { from: number; to: number; message?: string };

/** The first error node (or Python-2 print statement) of a tree, in one cursor walk. */
function firstError(tree: Tree): ErrorSpot | undefined {
  let error: ErrorSpot | undefined = undefined as ErrorSpot | undefined;
  tree.iterate({
    enter(node) {
      if (error) return false;
      if (node.type.isError) {
        error = { from: node.from, to: node.to };
        return false;
      }
      if (node.name === 'PrintStatement') {
        error = { from: node.from, to: node.to, message: 'Python 2 print statement: use print(...)' };
        return false;
      }
      // strings and comments hold nothing to check
      return node.name !== 'String' && node.name !== 'Comment';
    }
  });
  return error;
}

const BARE_YIELD = /\byield(?=[ \t]*(?:[)\]};,\r\n#]|$))/g;
const CASE_LINE = /^[ \t]*case\b.*$/gm;
const EMPTY_CLASS_PATTERN = /([A-Za-z_][\w.]*)\([ \t]*\)/g;

function insideStringOrComment(tree: Tree, at: number): boolean {
  for (let n: SyntaxNode | null = tree.resolveInner(at, 1); n; n = n.parent) {
    if (n.name === 'String' || n.name === 'FormatString' || n.name === 'Comment') return true;
  }
  return false;
}

/**
 * Two constructs @lezer/python lacks, rewritten to same-length text with the same names:
 * - a bare `yield` (no value; common in generators, @contextmanager functions, pytest fixtures)
 *   becomes `None `;
 * - an empty class pattern `case str():` becomes the value pattern `case str._:` (both read
 *   `str` and bind nothing).
 * Used only when the first parse has errors, and kept only if the repaired text parses cleanly.
 */
function repairUnsupported(text: string, tree: Tree): string | undefined {
  const edits: { at: number; text: string }[] = [];
  if (text.includes('yield')) {
    for (const m of text.matchAll(BARE_YIELD)) {
      const at = m.index as number;
      if (!insideStringOrComment(tree, at)) edits.push({ at, text: 'None ' });
    }
  }
  if (/^[ \t]*case\b/m.test(text)) {
    for (const line of text.matchAll(CASE_LINE)) {
      for (const m of line[0].matchAll(EMPTY_CLASS_PATTERN)) {
        const at = (line.index as number) + (m.index as number) + m[1].length;
        if (!insideStringOrComment(tree, at)) edits.push({ at, text: '._' + ' '.repeat(m[0].length - m[1].length - 2) });
      }
    }
  }
  if (!edits.length) return undefined;
  let out = text;
  for (const e of edits) out = out.slice(0, e.at) + e.text + out.slice(e.at + e.text.length);
  return out;
}

/** Parses already-masked text. */
export function parseMasked(masked: MaskedSource): ParsedCell {
  if (masked.cellLanguage !== undefined) return { ok: false, masked, tree: null };
  const text = masked.text;
  const tree = parser.parse(text);
  const error = firstError(tree);
  if (!error) return { ok: true, masked, tree };
  const repaired = repairUnsupported(text, tree);
  if (repaired !== undefined) {
    const second = parser.parse(repaired);
    if (!firstError(second)) return { ok: true, masked: { ...masked, text: repaired }, tree: second };
  }
  const pos = new LineIndex(text).position(Math.min(error.from, text.length));
  const syntaxError: SyntaxErrorInfo = {
    line: pos.line,
    column: pos.column,
    message: error.message ?? describeError(text, error.from, error.to)
  };
  return { ok: false, masked, tree, syntaxError };
}

/** Masks IPython syntax and parses the cell. `ok` is false for syntax errors and for non-Python cells. */
export function parseCell(source: string): ParsedCell {
  return parseMasked(maskIPythonSyntax(source));
}
