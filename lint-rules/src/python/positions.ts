import { LineIndex } from '../notebook/lines';

/**
 * Offset -> line/column for one cell. Names are mostly visited in text order, so it scans
 * forward from the last answer; a backward jump (uses resolved when a nested scope closes)
 * falls back to a full line index, built once.
 */
export class CellPositions {
  private line = 0;
  private lineStart = 0;
  private index: LineIndex | null = null;
  constructor(private readonly text: string) {}

  position(offset: number): { line: number; column: number } {
    if (offset < this.lineStart) {
      this.index ??= new LineIndex(this.text);
      return this.index.position(offset);
    }
    for (;;) {
      const nl = this.text.indexOf('\n', this.lineStart);
      if (nl === -1 || nl >= offset) break;
      this.line++;
      this.lineStart = nl + 1;
    }
    return { line: this.line, column: offset - this.lineStart };
  }
}
