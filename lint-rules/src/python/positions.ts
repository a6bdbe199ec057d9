import { LineIndex } from '../notebook/lines';

/**
 * Offset -> line/column for one cell, by LineIndex's newline rule. Names are mostly visited in
 * text order, so for a text with '\n' breaks only it scans forward from the last answer; a
 * backward jump (uses resolved when a nested scope closes), or a text with '\r' breaks, uses a
 * full line index, built once.
 */
export class CellPositions {
  private line = 0;
  private lineStart = 0;
  /** the '\n' that ends line `line` (-1: none), so offsets on the same line need no search */
  private lineEnd: number;
  private index: LineIndex | null = null;
  /** text with a '\r' (CRLF or lone CR breaks): always the full index, which knows them */
  private readonly plain: boolean;
  constructor(private readonly text: string) {
    this.plain = !text.includes('\r');
    this.lineEnd = text.indexOf('\n');
  }

  position(offset: number): { line: number; column: number } {
    if (!this.plain || offset < this.lineStart) {
      this.index ??= new LineIndex(this.text);
      return this.index.position(offset);
    }
    while (this.lineEnd !== -1 && this.lineEnd < offset) {
      this.line++;
      this.lineStart = this.lineEnd + 1;
      this.lineEnd = this.text.indexOf('\n', this.lineStart);
    }
    return { line: this.line, column: offset - this.lineStart };
  }
}
