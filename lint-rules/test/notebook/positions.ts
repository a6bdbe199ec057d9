/** Test helpers: check that cell positions map onto the same character in the file. */
import { Notebook } from '../../src/notebook';

/** Decodes the character of the file at `offset` as the notebook format stores it. */
export function fileCharAt(nb: Notebook, offset: number): string {
  const t = nb.text;
  if (nb.format !== 'ipynb' || t[offset] !== '\\') return t[offset];
  const e = t[offset + 1];
  const simple: Record<string, string> = {
    n: '\n',
    t: '\t',
    r: '\r',
    b: '\b',
    f: '\f',
    '"': '"',
    '\\': '\\',
    '/': '/'
  };
  if (e === 'u')
    return String.fromCharCode(parseInt(t.slice(offset + 2, offset + 6), 16));
  return simple[e];
}

/**
 * For every `step`-th character of every cell, returns a description of each position whose
 * mapped file character differs from the cell's character (an empty list means all agree).
 */
export function positionMismatches(nb: Notebook, step = 1): string[] {
  const bad: string[] = [];
  for (const cell of nb.cells) {
    const lines = cell.source.split('\n');
    let k = 0;
    for (let line = 0; line < lines.length; line++) {
      // include the newline position itself (column === length) except on the last line
      const limit =
        line < lines.length - 1 ? lines[line].length + 1 : lines[line].length;
      for (let column = 0; column < limit; column++, k++) {
        if (k % step !== 0) continue;
        const expected =
          column < lines[line].length ? lines[line][column] : '\n';
        const offset = cell.toFileOffset({ line, column });
        const got = fileCharAt(nb, offset);
        // a script's CRLF line end: the end of a source line maps onto the '\r' of the file line
        const crlfEnd =
          nb.format !== 'ipynb' &&
          expected === '\n' &&
          got === '\r' &&
          nb.text[offset + 1] === '\n';
        if (got !== expected && !crlfEnd) {
          bad.push(
            `${nb.path} cell ${cell.index + 1} ${line}:${column} expected ${JSON.stringify(expected)} got ${JSON.stringify(got)}`
          );
          if (bad.length > 20) return bad;
        }
        const fp = cell.toFilePosition({ line, column });
        const before = nb.text.slice(0, offset);
        const fileLine = before.split('\n').length;
        const fileCol = offset - (before.lastIndexOf('\n') + 1) + 1;
        if (fp.line !== fileLine || fp.column !== fileCol) {
          bad.push(
            `${nb.path} cell ${cell.index + 1} ${line}:${column} file position ${fp.line}:${fp.column} != ${fileLine}:${fileCol}`
          );
        }
      }
    }
  }
  return bad;
}
