/**
 * Where a cell's source lies in the .ipynb text: a source position (line and column of the
 * joined source) mapped to the offset of that character inside the JSON string literal(s) of the
 * cell's "source" value, escapes included. The .ipynb reader (ipynb.ts) makes one per cell.
 */
import { jsonCharIsNewline, jsonCharWidth, sourceLiterals } from './jsonScan';
import { Position } from './types';

/**
 * Maps source positions into the JSON text. Built lazily on first use (findings are rare compared
 * to cells), then each lookup walks at most one source line of the literal.
 */
export class JsonSourceMap {
  /** per source line: offset in the file where it starts, and index of the literal it starts in */
  private lineStart: number[] | null = null;
  private lineLiteral: number[] = [];
  /** the opening quote of each string literal of the value */
  private literals: number[] = [];
  /** the closing quote of each string literal of the value */
  private literalEnds: number[] = [];

  constructor(
    private readonly text: string,
    private readonly valueStart: number,
    private readonly valueEnd: number
  ) {}

  /** the literals and line starts, found on first use: cells without findings never need them */
  private build(): number[] {
    const t = this.text;
    const starts: number[] = [];
    const lits: number[] = [];
    this.literals = sourceLiterals(t, this.valueStart, this.valueEnd);
    if (this.literals.length === 0) {
      this.lineStart = [this.valueStart];
      this.lineLiteral = [-1];
      return this.lineStart;
    }
    starts.push(this.literals[0] + 1);
    lits.push(0);
    for (let k = 0; k < this.literals.length; k++) {
      // inside a JSON string a line break is always an escape (`\n`, `\u000a`): jump from one
      // backslash to the next, up to the closing quote (the first one not escaped)
      let p = this.literals[k] + 1;
      let quote = t.indexOf('"', p);
      for (let b = backslashBefore(t, p, quote); b !== -1;) {
        const nl = jsonCharIsNewline(t, b);
        p = b + jsonCharWidth(t, b);
        if (p > quote) {
          quote = t.indexOf('"', p); // that quote was the escape's own (`\"`)
        }
        if (nl) {
          // a line ending at the end of a literal continues in the next literal
          if (p === quote && k + 1 < this.literals.length) {
            starts.push(this.literals[k + 1] + 1);
            lits.push(k + 1);
          } else {
            starts.push(p);
            lits.push(k);
          }
        }
        b = backslashBefore(t, p, quote);
      }
      this.literalEnds.push(quote);
    }
    this.lineStart = starts;
    this.lineLiteral = lits;
    return starts;
  }

  offset(pos: Position): number {
    const starts = this.lineStart ?? this.build();
    if (this.lineLiteral[0] === -1) return this.valueStart;
    const line = Math.max(0, Math.min(pos.line, starts.length - 1));
    let p = starts[line];
    let k = this.lineLiteral[line];
    const t = this.text;
    // the next escape and closing quote at or after p, found once and kept until p passes them
    let escape = -1;
    let quote = -1;
    for (let col = pos.column; col > 0;) {
      if (quote < p) {
        // the literal's closing quote, found once by build (a quote inside it is an escape,
        // walked as one): searching the text for the next `"` from each line of a one-literal
        // source read to its end for each finding (80k lines: quadratic)
        quote = this.literalEnds[k];
      }
      if (escape < p && escape !== Infinity) {
        escape = backslashBefore(t, p, quote);
        if (escape === -1) escape = Infinity; // none left in this literal
      }
      // plain characters up to the next escape or quote take one column each
      const run = Math.min(col, Math.min(escape, quote) - p);
      p += run;
      col -= run;
      if (col === 0) break;
      if (p === quote) {
        // end of this literal: the line may continue in the next one (["a", "b\n"])
        if (k + 1 < this.literals.length) {
          k++;
          p = this.literals[k] + 1;
          escape = -1;
          quote = -1;
          continue;
        }
        return p; // clamp at the closing quote of the last literal
      }
      if (jsonCharIsNewline(t, p)) return p; // clamp at the line's end
      p += jsonCharWidth(t, p);
      col--;
    }
    // a line that does not end in its literal continues in the next one (["ab", "cd\n"])
    while (t.charCodeAt(p) === 34 && k + 1 < this.literals.length) {
      k++;
      p = this.literals[k] + 1;
    }
    return p;
  }
}

/**
 * The first backslash at or after `from` and before `end` (-1: none). Searching the text without
 * the bound read on to the next backslash anywhere after the cell, for every cell's map and every
 * finding: 16,000 findings in a notebook without one took 6 s.
 */
function backslashBefore(text: string, from: number, end: number): number {
  for (let i = from; i < end; i++) {
    if (text.charCodeAt(i) === 92) return i;
  }
  return -1;
}
