import type { Position } from './types';

/** The index of the last of the ascending line `starts` at or before `offset` (0 if none). */
export function lastStartAtOrBefore(
  starts: readonly number[],
  offset: number
): number {
  let lo = 0;
  let hi = starts.length - 1;
  while (lo < hi) {
    const mid = (lo + hi + 1) >> 1;
    if (starts[mid] <= offset) lo = mid;
    else hi = mid - 1;
  }
  return lo;
}

/**
 * The first index in [0, length) whose `atOrAfter(i)` is true, for a predicate false then true
 * along the indices (a sorted array's lower bound); `length` if none.
 */
export function firstIndexWhere(
  length: number,
  atOrAfter: (i: number) => boolean
): number {
  let lo = 0;
  let hi = length;
  while (lo < hi) {
    const mid = (lo + hi) >> 1;
    if (atOrAfter(mid)) hi = mid;
    else lo = mid + 1;
  }
  return lo;
}

/**
 * Offsets of line starts in a text, and offset <-> line/column conversion: the one line index
 * of nbcraft (the library, its CLI and the lab).
 *
 * The newline rule: `\n`, `\r\n` and a lone `\r` each end a line. It is Python's (the tokenizer
 * reads source with universal newlines), lezer-python's (the parser the analysis runs on) and
 * CodeMirror's (JupyterLab's editor splits on `\r\n?|\n`), so a line/column found by the
 * analysis is the one the editor shows and the one CPython would report.
 *
 * Lines and columns are 0-based, columns count UTF-16 code units (as JavaScript strings and
 * CodeMirror do); `filePosition` gives the 1-based form for people and file formats. Every
 * conversion clamps instead of throwing, so a stale position never breaks a caller.
 */
export class LineIndex {
  /** offset where each 0-based line starts */
  readonly starts: number[];

  constructor(readonly text: string) {
    const starts = [0];
    if (!text.includes('\r')) {
      // the common case: '\n' only, found by the engine's own search
      for (
        let i = text.indexOf('\n');
        i !== -1;
        i = text.indexOf('\n', i + 1)
      ) {
        starts.push(i + 1);
      }
    } else {
      for (let i = 0; i < text.length; i++) {
        const ch = text.charCodeAt(i);
        if (ch === 13 && text.charCodeAt(i + 1) === 10) i++;
        if (ch === 10 || ch === 13) starts.push(i + 1);
      }
    }
    this.starts = starts;
  }

  get lineCount(): number {
    return this.starts.length;
  }

  /** 0-based line of an offset (offsets outside the text go to the first or last line) */
  lineOf(offset: number): number {
    return lastStartAtOrBefore(this.starts, offset);
  }

  /** 0-based line and column of an offset, clamped into the text */
  position(offset: number): Position {
    const clamped = Math.max(0, Math.min(offset, this.text.length));
    const line = this.lineOf(clamped);
    return { line, column: clamped - this.starts[line] };
  }

  /** 1-based line and column of an offset, for people and file formats */
  filePosition(offset: number): Position {
    const { line, column } = this.position(offset);
    return { line: line + 1, column: column + 1 };
  }

  /** offset of the end of a 0-based line's own text, before its line break */
  lineEnd(line: number): number {
    const s = this.starts;
    if (line + 1 >= s.length) return this.text.length;
    const next = s[line + 1];
    // the break before `next` is '\n', '\r', or '\r\n'
    return next >= 2 &&
      this.text.charCodeAt(next - 1) === 10 &&
      this.text.charCodeAt(next - 2) === 13
      ? next - 2
      : next - 1;
  }

  /** offset of a 0-based line/column, clamped into the text and to the line's end */
  offset(line: number, column: number): number {
    if (line < 0) return 0;
    if (line >= this.starts.length) return this.text.length;
    return Math.min(
      this.starts[line] + Math.max(0, column),
      this.lineEnd(line)
    );
  }

  /** the text of a 0-based line, without its line break */
  lineText(line: number): string {
    return this.text.slice(this.starts[line], this.lineEnd(line));
  }
}

/**
 * 1-based file positions in a long text, from line starts found only as far as asked: a
 * notebook's findings lie in its cell sources, so the outputs after the last one (most of a
 * notebook that keeps its outputs) are never scanned, and a file without findings not at all.
 * The newline rule and the positions of `LineIndex.filePosition`.
 */
export class GrowingLineIndex {
  /** the line starts found so far, in order */
  private readonly starts: number[] = [0];
  /** every line start at or before this offset is in `starts` */
  private scanned = 0;
  private hasCarriageReturn: boolean | undefined;

  constructor(readonly text: string) {}

  /** 1-based line and column of an offset, clamped into the text */
  filePosition(offset: number): Position {
    const at = Math.max(0, Math.min(offset, this.text.length));
    if (at > this.scanned) {
      this.scanTo(at);
    }
    // starts beyond `at` may be known already
    const line = lastStartAtOrBefore(this.starts, at);
    return { line: line + 1, column: at - this.starts[line] + 1 };
  }

  /** finds the line starts up to `at` (every line break before it) */
  private scanTo(at: number): void {
    const t = this.text;
    const s = this.starts;
    this.hasCarriageReturn ??= t.includes('\r');
    if (!this.hasCarriageReturn) {
      let n = t.indexOf('\n', this.scanned);
      for (; n !== -1 && n < at; n = t.indexOf('\n', n + 1)) s.push(n + 1);
      // no line break lies between the last one pushed and `n` (the next one, or none left):
      // scanned up to there, so the next offset asked does not search that stretch again (a
      // one-line .ipynb, minified JSON, searched to its end for each finding: quadratic)
      this.scanned = n === -1 ? t.length : n;
      return;
    }
    let i = this.scanned;
    for (; i < at; i++) {
      const ch = t.charCodeAt(i);
      if (ch === 13 && t.charCodeAt(i + 1) === 10) i++;
      if (ch === 10 || ch === 13) s.push(i + 1);
    }
    this.scanned = i;
  }
}

/**
 * Calls `each(start, end)` for every line of `text` in order, `end` being the offset of its line
 * break (the newline rule of LineIndex) or of the text's end, without splitting the text; `each`
 * returns true to stop there.
 */
export function forEachLine(
  text: string,
  each: (start: number, end: number) => unknown
): void {
  let start = 0;
  if (!text.includes('\r')) {
    for (let i = text.indexOf('\n'); i !== -1; i = text.indexOf('\n', start)) {
      if (each(start, i) === true) {
        return;
      }
      start = i + 1;
    }
  } else {
    for (let i = 0; i < text.length; i++) {
      const ch = text.charCodeAt(i);
      if (ch === 10 || ch === 13) {
        if (each(start, i) === true) {
          return;
        }
        if (ch === 13 && text.charCodeAt(i + 1) === 10) {
          i++;
        }
        start = i + 1;
      }
    }
  }
  each(start, text.length);
}
