/**
 * Parsing a cell with @lezer/python after masking. Lezer recovers from errors by inserting error
 * nodes; a tree that holds any is plausibly wrong, so the cell is reported as a syntax error and
 * nothing downstream may analyse it.
 */
import { parser } from '@lezer/python';
import { LineIndex } from '../notebook/lines';
import { maskIPythonSyntax } from './mask';
import { MaskedSource, ParsedCell, SyntaxErrorInfo } from './types';

function describeError(text: string, from: number, to: number): string {
  if (from >= text.length) return 'invalid syntax: unexpected end of cell (an unclosed bracket, string or block?)';
  const snippet = text.slice(from, Math.max(to, from + 1)).split('\n')[0].trim();
  return snippet ? `invalid syntax near '${snippet.length > 30 ? snippet.slice(0, 30) + '…' : snippet}'` : 'invalid syntax';
}

/** Parses already-masked text. */
export function parseMasked(masked: MaskedSource): ParsedCell {
  if (masked.cellLanguage !== undefined) return { ok: false, masked, tree: null };
  const text = masked.text;
  const tree = parser.parse(text);
  let error: { from: number; to: number; message?: string } | undefined = undefined as { from: number; to: number; message?: string } | undefined;
  // one pass over the tree (tree.iterate walks a cursor: no node objects); stop descending after the first error
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
  if (!error) return { ok: true, masked, tree };
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
