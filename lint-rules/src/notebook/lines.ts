/** Offsets of line starts in a text, and offset <-> line/column conversion ('\n' ends a line). */
export class LineIndex {
  /** offset where each 0-based line starts */
  readonly starts: number[];

  constructor(readonly text: string) {
    const starts = [0];
    let i = text.indexOf('\n');
    while (i !== -1) {
      starts.push(i + 1);
      i = text.indexOf('\n', i + 1);
    }
    this.starts = starts;
  }

  get lineCount(): number {
    return this.starts.length;
  }

  /** 0-based line of an offset */
  lineOf(offset: number): number {
    const s = this.starts;
    let lo = 0;
    let hi = s.length - 1;
    while (lo < hi) {
      const mid = (lo + hi + 1) >> 1;
      if (s[mid] <= offset) lo = mid;
      else hi = mid - 1;
    }
    return lo;
  }

  /** 0-based line and column of an offset */
  position(offset: number): { line: number; column: number } {
    const line = this.lineOf(offset);
    return { line, column: offset - this.starts[line] };
  }

  /** 1-based line and column of an offset, for humans and file formats */
  filePosition(offset: number): { line: number; column: number } {
    const line = this.lineOf(offset);
    return { line: line + 1, column: offset - this.starts[line] + 1 };
  }

  /** offset of a 0-based line/column, clamped to the line's end (before its '\n') */
  offset(line: number, column: number): number {
    if (line < 0) return 0;
    if (line >= this.starts.length) return this.text.length;
    const start = this.starts[line];
    const end =
      line + 1 < this.starts.length
        ? this.starts[line + 1] - 1
        : this.text.length;
    return Math.min(start + Math.max(0, column), end);
  }

  /** the text of a 0-based line, without its '\n' */
  lineText(line: number): string {
    const start = this.starts[line];
    const end =
      line + 1 < this.starts.length
        ? this.starts[line + 1] - 1
        : this.text.length;
    return this.text.slice(start, end);
  }
}
