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

/**
 * @lezer/python has no bare `yield` (a `yield` with no value, common in generators,
 * @contextmanager functions and pytest fixtures). When a tree has errors and the text has a bare
 * yield outside strings and comments, it becomes `None ` (same length, no names) and the text is
 * parsed again; the repaired text is used only if it then parses cleanly.
 */
function repairBareYield(text: string, tree: Tree): string | undefined {
  if (!text.includes('yield')) return undefined;
  let repaired = text;
  let changed = false;
  for (const m of text.matchAll(BARE_YIELD)) {
    const at = m.index as number;
    let inside = false;
    for (let n: SyntaxNode | null = tree.resolveInner(at, 1); n; n = n.parent) {
      if (n.name === 'String' || n.name === 'FormatString' || n.name === 'Comment') inside = true;
    }
    if (inside) continue;
    repaired = repaired.slice(0, at) + 'None ' + repaired.slice(at + 5);
    changed = true;
  }
  return changed ? repaired : undefined;
}

/** Parses already-masked text. */
export function parseMasked(masked: MaskedSource): ParsedCell {
  if (masked.cellLanguage !== undefined) return { ok: false, masked, tree: null };
  const text = masked.text;
  const tree = parser.parse(text);
  const error = firstError(tree);
  if (!error) return { ok: true, masked, tree };
  const repaired = repairBareYield(text, tree);
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
